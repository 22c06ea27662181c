/*
 * bench_sampler.c - what one round of the sampler costs on a process of
 * many threads: ./build/tests/bench_sampler [THREADS [ROUNDS]]
 * (defaults 512 and 50). Each round looks at every thread and searches
 * the tree for new ones, as `timeslice trace` does every few rounds.
 * Prints the median round in microseconds. Under callgrind
 * (--toggle-collect=sampler_round) it counts the instructions of the
 * rounds alone, which a busy machine cannot blur.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sampler/proc.h"
#include "sampler/sampler.h"
#include "trace/clock.h"
#include "trace/stats.h"
#include "util.h"

/* A thread of the subject: asleep until its pipe closes. */
static void *
idle(void *arg)
{
	char c;

	while (read(*(int *)arg, &c, 1) < 0 && errno == EINTR)
		continue;
	return NULL;
}

int
main(int argc, char **argv)
{
	int threads = argc > 1 ? atoi(argv[1]) : 512;
	int rounds = argc > 2 ? atoi(argv[2]) : 50, fds[2], n = 0;
	struct sampler_opts so = { 0, 0, 0, 1 };
	pid_t *tids = xcalloc((size_t)threads + 1, sizeof *tids);
	double *v = xcalloc((size_t)rounds + 1, sizeof *v);
	struct sampler *s;
	struct trace *t;

	if (threads < 1 || threads > SAMPLER_MAX_THREADS || rounds < 1 ||
	    pipe(fds) != 0)
		return 2;
	if ((so.root = fork()) == 0) {
		pthread_attr_t attr;

		close(fds[1]);
		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, 64 * 1024);
		for (int i = 1; i < threads; i++) {
			pthread_t th;

			if (pthread_create(&th, &attr, idle, &fds[0]) != 0)
				_exit(1);
		}
		idle(&fds[0]);
		_exit(0);
	}
	close(fds[0]);
	for (int i = 0; i < 2000 && n != threads; i++) {
		clock_sleep_ns(5000000);
		n = proc_list_tasks(so.root, tids, threads + 1);
	}
	if (n != threads || (t = trace_new(64, NULL)) == NULL) {
		fprintf(stderr, "bench_sampler: %d threads of %d\n", n, threads);
		return 1;
	}
	s = sampler_new(t, &so);
	sampler_round(s, 1);	/* opens every thread's files */
	for (int k = 0; k < rounds; k++) {
		uint64_t t0 = clock_now_ns();

		sampler_round(s, 1);
		v[k] = (double)(clock_now_ns() - t0) / 1e3;
	}
	printf("%d threads: a round (discovery included) %.0f us, median of "
	    "%d\n", threads, stats_percentile(v, (size_t)rounds, 50), rounds);
	sampler_free(s);
	trace_free(t);
	close(fds[1]);
	while (waitpid(so.root, NULL, 0) < 0 && errno == EINTR)
		continue;
	free(tids);
	free(v);
	return 0;
}
