/*
 * cmd_bench.c - `timeslice bench`: what timeslice's own machinery costs,
 * measured in one run on this machine.
 *
 * Recording must stay cheap next to the thing recorded, so the headline
 * figure is the cost of one recorded event beside one bare clock read,
 * measured in interleaved batches so both see the same machine state.
 * The rest are the costs the lessons talk about: a GIL hand-off, starting
 * a thread, starting a process. Every figure is a median of batches.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "engine/coro.h"
#include "engine/experiment.h"
#include "engine/loop.h"
#include "engine/work.h"
#include "i18n.h"
#include "sampler/proc.h"
#include "sampler/sampler.h"
#include "trace/stats.h"
#include "util.h"

#define BATCHES 9
#define PER_BATCH 200000

struct bench {
	double	clock_ns;
	double	record_ns;
	double	gil_handoff_us;
	double	thread_start_us;
	double	process_start_us;
	double	coro_switch_ns;
	double	thread_handoff_ns;
	double	trace_look_us;
	double	trace_round_us;
};

/* Threads of the process a sampler round is measured on. */
#define ROUND_THREADS 512

/* Medians of batches of bare clock reads and of recorded events. */
static int
bench_record(struct bench *b, char **cause)
{
	struct trace *t = trace_new(PER_BATCH, cause);
	struct trace_event *sink;
	double c[BATCHES], r[BATCHES];
	uint64_t acc = 0;
	int lane;

	if (t == NULL)
		return -1;
	lane = trace_lane_add(t, "bench", TRACE_KIND_THREAD, 1);
	sink = xcalloc(4096, sizeof *sink);
	for (int k = 0; k < BATCHES; k++) {
		uint64_t t0 = clock_now_ns(), t1, t2;

		for (int i = 0; i < PER_BATCH; i++)
			acc += clock_now_ns();
		t1 = clock_now_ns();
		for (int i = 0; i < PER_BATCH; i++)
			trace_record(t, lane, TRACE_EV_MARK, TRACE_NONE,
			    (uint32_t)i);
		t2 = clock_now_ns();
		c[k] = (double)(t1 - t0) / PER_BATCH;
		r[k] = (double)(t2 - t1) / PER_BATCH;
		while (trace_ring_drain(&t->lanes[lane].ring, sink, 4096) > 0)
			continue;
	}
	work_sink(acc);
	if (trace_dropped(t) != 0) {
		xasprintf(cause, "the benchmark ring dropped events");
		free(sink);
		trace_free(t);
		return -1;
	}
	b->clock_ns = stats_percentile(c, BATCHES, 50);
	b->record_ns = stats_percentile(r, BATCHES, 50);
	free(sink);
	trace_free(t);
	return 0;
}

/*
 * A GIL hand-off, from a real run: the time between one thread's release
 * and another's acquire, for every change of holder.
 */
static int
bench_gil(struct bench *b, char **cause)
{
	const struct scenario *sc = scenario_find("gil");
	struct experiment ex;
	struct params p;
	double *gaps;
	size_t n = 0;

	params_defaults(&p);
	p.workers = 2;
	p.units = 4;
	p.unit_ms = 25;
	p.switch_interval_ms = 0.5;
	p.baseline = false;
	if (experiment_run(&ex, sc, &p, NULL, cause) != 0) {
		experiment_release(&ex);
		return -1;
	}
	gaps = xcalloc(ex.log.nholds + 1, sizeof *gaps);
	for (size_t i = 1; i < ex.log.nholds; i++) {
		const struct log_hold *a = &ex.log.holds[i - 1];
		const struct log_hold *h = &ex.log.holds[i];

		if (a->lane != h->lane && h->start_ns >= a->end_ns)
			gaps[n++] = (double)(h->start_ns - a->end_ns) / 1e3;
	}
	b->gil_handoff_us = stats_percentile(gaps, n, 50);
	free(gaps);
	experiment_release(&ex);
	return 0;
}

static void *
empty_thread(void *arg)
{
	return arg;
}

/* Median cost of pthread_create + join, and of fork + exit + waitpid. */
static int
bench_start(struct bench *b, char **cause)
{
	double v[101];
	int err;

	for (int i = 0; i < 101; i++) {
		pthread_t th;
		uint64_t t0 = clock_now_ns();

		if ((err = pthread_create(&th, NULL, empty_thread, NULL)) != 0) {
			xasprintf(cause, "cannot start a thread: %s",
			    strerror(err));
			return -1;
		}
		pthread_join(th, NULL);
		v[i] = (double)(clock_now_ns() - t0) / 1e3;
	}
	b->thread_start_us = stats_percentile(v, 101, 50);
	for (int i = 0; i < 51; i++) {
		uint64_t t0 = clock_now_ns();
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			xasprintf(cause, "cannot fork: %s", strerror(errno));
			return -1;
		}
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			continue;
		v[i] = (double)(clock_now_ns() - t0) / 1e3;
	}
	b->process_start_us = stats_percentile(v, 51, 50);
	return 0;
}

/* A thread that sleeps in read(2) until its pipe is closed. */
static void *
blocked_thread(void *arg)
{
	int *fds = arg;
	char c;
	pid_t tid = (pid_t)syscall(SYS_gettid);

	if (write(fds[3], &tid, sizeof tid) < 0)
		return NULL;
	while (read(fds[0], &c, 1) < 0 && errno == EINTR)
		continue;
	return NULL;
}

/* The table for people: a label, the figure, its unit, a note. */
static void
print_rows(const struct bench *b)
{
	char note[128];
	const struct {
		const char	*label;		/* N_() */
		double		 v;
		int		 decimals;
		const char	*unit;
		const char	*note;		/* N_(), or NULL */
	} rows[] = {
		{ N_("clock read (CLOCK_MONOTONIC)"), b->clock_ns, 1, "ns",
		    NULL },
		{ N_("recorded event"), b->record_ns, 1, "ns", note },
		{ N_("GIL hand-off (release->take)"), b->gil_handoff_us, 1,
		    "us", NULL },
		{ N_("thread start + join"), b->thread_start_us, 1, "us",
		    NULL },
		{ N_("process fork + exit + wait"), b->process_start_us, 1,
		    "us", NULL },
		{ N_("coroutine switch"), b->coro_switch_ns, 1, "ns", NULL },
		{ N_("thread hand-off (mutex+cond)"), b->thread_handoff_ns, 1,
		    "ns", NULL },
		{ N_("trace: one look at a thread"), b->trace_look_us, 2, "us",
		    N_("three /proc reads") },
		{ N_("trace: a round over 512 threads"), b->trace_round_us, 0,
		    "us", N_("finding new ones included") },
		{ N_("calibrated bytecodes per ms"), (double)work_calibrate(), 0,
		    "", NULL },
	};
	char num[32], ratio[32];
	int labelw = 0;

	/* The widest label, in this language, sets the figures' column. */
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (i18n_width(_(rows[i].label)) > labelw)
			labelw = i18n_width(_(rows[i].label));
	snprintf(note, sizeof note, _("%sx a clock read; target <= 1.5x"),
	    i18n_num(ratio, sizeof ratio, b->record_ns / b->clock_ns, 2));
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const char *label = _(rows[i].label);
		int pad = labelw + 2 - i18n_width(label);

		printf("%s%*s %8s %-2s", label, pad, "",
		    i18n_num(num, sizeof num, rows[i].v, rows[i].decimals),
		    rows[i].unit);
		if (rows[i].note != NULL)
			printf("  (%s)", rows[i].note == note ? note :
			    _(rows[i].note));
		putchar('\n');
	}
}

/*
 * What `timeslice trace` pays for one look at one thread: the three
 * procfs reads of a thread asleep in a system call (a running thread
 * costs one read less). Median of batches.
 */
static int
bench_trace_look(struct bench *b, char **cause)
{
	int fds[4];
	pthread_t th;
	pid_t tid = 0;
	struct proc_task pt;
	struct proc_sample smp;
	double v[BATCHES];

	if (pipe(fds) != 0 || pipe(fds + 2) != 0) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		return -1;
	}
	if (pthread_create(&th, NULL, blocked_thread, fds) != 0 ||
	    read(fds[2], &tid, sizeof tid) != (ssize_t)sizeof tid) {
		xasprintf(cause, "cannot start a thread to look at");
		return -1;
	}
	clock_sleep_ns(10000000);	/* let it reach its read */
	if (proc_task_open(&pt, getpid(), tid) != 0) {
		xasprintf(cause, "cannot read /proc for thread %d", (int)tid);
		return -1;
	}
	for (int k = 0; k < BATCHES; k++) {
		uint64_t t0 = clock_now_ns();

		for (int i = 0; i < 1000; i++)
			proc_task_read(&pt, &smp);
		v[k] = (double)(clock_now_ns() - t0) / 1000 / 1e3;
	}
	proc_task_close(&pt);
	close(fds[1]);
	pthread_join(th, NULL);
	close(fds[0]);
	close(fds[2]);
	close(fds[3]);
	b->trace_look_us = stats_percentile(v, BATCHES, 50);
	return 0;
}

/* A thread of the round's subject: asleep until its pipe closes. */
static void *
idle_thread(void *arg)
{
	char c;

	while (read(*(int *)arg, &c, 1) < 0 && errno == EINTR)
		continue;
	return NULL;
}

/* The subject: a child of ROUND_THREADS threads asleep in read(2). */
static _Noreturn void
round_subject(int fd)
{
	pthread_attr_t attr;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (int i = 1; i < ROUND_THREADS; i++) {
		pthread_t th;

		if (pthread_create(&th, &attr, idle_thread, &fd) != 0)
			_exit(1);
	}
	idle_thread(&fd);
	_exit(0);
}

/*
 * What one round of `timeslice trace` costs on a program of 512
 * threads: every thread looked at, and the tree searched for new
 * threads and processes (which a round does every few rounds). Median
 * of rounds after the first, which opens every thread's files.
 */
static int
bench_trace_round(struct bench *b, char **cause)
{
	struct sampler_opts so = { 0, 0, 0, 1 };
	pid_t tids[ROUND_THREADS + 1];
	struct sampler *s;
	struct trace *t;
	double v[15];
	int fds[2], n = 0;

	if (pipe(fds) != 0) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	if ((so.root = fork()) == 0) {
		close(fds[1]);
		round_subject(fds[0]);
	}
	close(fds[0]);
	if (so.root < 0) {
		close(fds[1]);
		xasprintf(cause, "cannot fork: %s", strerror(errno));
		return -1;
	}
	for (int i = 0; i < 400 && n < ROUND_THREADS; i++) {
		clock_sleep_ns(5000000);
		n = proc_list_tasks(so.root, tids, ROUND_THREADS + 1);
	}
	t = trace_new(64, cause);
	if (n == ROUND_THREADS && t != NULL) {
		s = sampler_new(t, &so);
		sampler_round(s, 1);
		for (int k = 0; k < 15; k++) {
			uint64_t t0 = clock_now_ns();

			sampler_round(s, 1);
			v[k] = (double)(clock_now_ns() - t0) / 1e3;
		}
		sampler_free(s);
		b->trace_round_us = stats_percentile(v, 15, 50);
	} else if (t != NULL)
		xasprintf(cause, "the subject started %d threads of %d", n,
		    ROUND_THREADS);
	close(fds[1]);
	while (waitpid(so.root, NULL, 0) < 0 && errno == EINTR)
		continue;
	if (t == NULL || n != ROUND_THREADS) {
		trace_free(t);
		return -1;
	}
	trace_free(t);
	return 0;
}

int
cmd_bench(int argc, char **argv)
{
	struct bench b;
	char *cause = NULL;
	int json = 0;

	for (int i = 0; i < argc; i++) {
		const char *v = NULL;

		if (strncmp(argv[i], "--format=", 9) == 0)
			v = argv[i] + 9;
		else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			v = argv[++i];
		else {
			fprintf(stderr, _("timeslice: bench: unknown argument "
			    "'%s' (allowed: --format text|json)\n"), argv[i]);
			return EXIT_USAGE;
		}
		if (strcmp(v, "json") != 0 && strcmp(v, "text") != 0) {
			fprintf(stderr, _("timeslice: --format: '%s' is not a "
			    "format (allowed: text, json)\n"), v);
			return EXIT_USAGE;
		}
		json = strcmp(v, "json") == 0;
	}
	memset(&b, 0, sizeof b);
	work_calibrate();
	if (bench_record(&b, &cause) != 0 || bench_gil(&b, &cause) != 0 ||
	    bench_start(&b, &cause) != 0 || bench_trace_look(&b, &cause) != 0 ||
	    bench_trace_round(&b, &cause) != 0) {
		fprintf(stderr, "timeslice: bench: %s\n", cause);
		free(cause);
		return 1;
	}
	b.coro_switch_ns = coro_bench_switch_ns(100000);
	b.thread_handoff_ns = bench_thread_handoff_ns(20000);
	if (json) {
		printf("{\"clock_ns\":%.2f,\"record_ns\":%.2f,"
		    "\"record_to_clock\":%.3f,\"gil_handoff_us\":%.2f,"
		    "\"thread_start_us\":%.2f,\"process_start_us\":%.2f,"
		    "\"coro_switch_ns\":%.1f,\"thread_handoff_ns\":%.1f,"
		    "\"trace_look_us\":%.2f,\"trace_round_us\":%.1f,"
		    "\"bytecodes_per_ms\":%llu}\n", b.clock_ns, b.record_ns,
		    b.record_ns / b.clock_ns, b.gil_handoff_us,
		    b.thread_start_us, b.process_start_us, b.coro_switch_ns,
		    b.thread_handoff_ns, b.trace_look_us, b.trace_round_us,
		    (unsigned long long)work_calibrate());
		return 0;
	}
	print_rows(&b);
	return 0;
}
