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
#include <fcntl.h>
#include <json-c/json.h>
#include <poll.h>
#include <spawn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "engine/coro.h"
#include "engine/experiment.h"
#include "engine/loop.h"
#include "engine/work.h"
#include "i18n.h"
#include "sampler/proc.h"
#include "sampler/sampler.h"
#include "sampler/tracer.h"
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
	/* Sampling as `trace` does it (1,000 rounds a second asked) a
	 * program of RATE_THREADS[i] threads that each wake every 2 ms:
	 * the rounds it got per second and the share of one core it used. */
	double	trace_rate[3];
	double	trace_cost[3];
	/* A Python program of HOOK_STEPS asyncio task steps, untraced and
	 * under `timeslice trace` (medians, s); 0 without a python3. */
	double	hook_plain_s, hook_traced_s;
};

/* The hook's worst case: a program that does nothing but step tasks
 * (100 tasks giving the loop back 1,000 times each). */
#define HOOK_STEPS	100000
#define HOOK_PAIRS	7
#define HOOK_BUDGET	1.25
static const char hook_program[] =
    "import asyncio\n"
    "async def stepper():\n"
    "    for _ in range(1000):\n"
    "        await asyncio.sleep(0)\n"
    "async def main():\n"
    "    await asyncio.gather(*(stepper() for _ in range(100)))\n"
    "asyncio.run(main())\n";

/* The sizes of program the sampling rate is measured on. */
static const int RATE_THREADS[3] = { 8, 64, 512 };
#define RATE_HZ		1000	/* as `trace` asks by default */
#define RATE_NS		500000000ull	/* sampling time per size */

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

		for (int i = 0; i < 1000; i++) {
			/* A whole look, as at a thread that has run since
			 * (one that has not costs the first read only). */
			pt.have_last = 0;
			proc_task_read(&pt, &smp);
		}
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
	/* Never joined: the subject ends with _exit when its pipe closes. */
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
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
	/* At least: a sanitizer's runtime may add a thread of its own. */
	if (n >= ROUND_THREADS && t != NULL) {
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
	if (t == NULL || n < ROUND_THREADS) {
		trace_free(t);
		return -1;
	}
	trace_free(t);
	return 0;
}

/* A thread of the rate's subject: wakes every 2 ms until its pipe closes. */
static void *
waking_thread(void *arg)
{
	struct pollfd pf = { *(int *)arg, POLLIN, 0 };

	while (poll(&pf, 1, 2) == 0 || (pf.revents == 0 && errno == EINTR))
		continue;
	return NULL;
}

/* The rate's subject: n threads that wake every 2 ms. */
static _Noreturn void
waking_subject(int fd, int n)
{
	pthread_attr_t attr;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	/* Never joined: the subject ends with _exit when its pipe closes. */
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (int i = 1; i < n; i++) {
		pthread_t th;

		if (pthread_create(&th, &attr, waking_thread, &fd) != 0)
			_exit(1);
	}
	waking_thread(&fd);
	_exit(0);
}

/* This thread's CPU time. */
static uint64_t
thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * Samples a program of n threads waking every 2 ms for RATE_NS, paced as
 * `trace` paces (a round, then a sleep to the next period of RATE_HZ):
 * the rounds it got per second, and its CPU time over the wall time.
 */
static int
bench_trace_rate(int n, double *rate, double *cost, char **cause)
{
	struct sampler_opts so = { 0, 0, 0, 1 };
	pid_t *tids = xcalloc((size_t)n + 1, sizeof *tids);
	struct sampler *s;
	struct trace *t;
	int fds[2], got = 0;

	if (pipe(fds) != 0) {
		free(tids);
		xasprintf(cause, "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	if ((so.root = fork()) == 0) {
		close(fds[1]);
		waking_subject(fds[0], n);
	}
	close(fds[0]);
	if (so.root < 0) {
		close(fds[1]);
		free(tids);
		xasprintf(cause, "cannot fork: %s", strerror(errno));
		return -1;
	}
	/*
	 * Up to 10 s for the subject's threads to start: 512 threads took
	 * more than 2 s in a ThreadSanitizer build on a busy machine. The
	 * wait ends as soon as they are all there.
	 */
	for (int i = 0; i < 2000 && got < n; i++) {
		clock_sleep_ns(5000000);
		got = proc_list_tasks(so.root, tids, n + 1);
	}
	t = trace_new(4096, cause);
	if (got >= n && t != NULL) {
		uint64_t period = 1000000000u / RATE_HZ, w0, c0, next, rounds = 0;

		s = sampler_new(t, &so);
		sampler_round(s, 1);
		w0 = clock_now_ns();
		c0 = thread_cpu_ns();
		next = w0;
		while (clock_now_ns() - w0 < RATE_NS) {
			uint64_t now;

			sampler_round(s, 0);
			rounds++;
			next += period;
			now = clock_now_ns();
			if (next > now)
				clock_sleep_ns(next - now);
			else
				next = now;	/* late: no catching up */
		}
		*cost = (double)(thread_cpu_ns() - c0) /
		    (double)(clock_now_ns() - w0);
		*rate = (double)rounds * 1e9 / (double)(clock_now_ns() - w0);
		sampler_free(s);
	} else if (t != NULL)
		xasprintf(cause, "the subject started %d threads of %d", got,
		    n);
	close(fds[1]);
	while (waitpid(so.root, NULL, 0) < 0 && errno == EINTR)
		continue;
	free(tids);
	trace_free(t);
	return got >= n && t != NULL ? 0 : -1;
}

/*
 * Runs argv with standard output to `out_fd` (or /dev/null when -1) and
 * standard error to /dev/null; returns the wall time from spawn to exit
 * in seconds, or -1 when it could not run or failed.
 */
static double
bench_spawn(char *const argv[], int out_fd)
{
	extern char **environ;
	posix_spawn_file_actions_t fa;
	uint64_t t0 = clock_now_ns();
	pid_t pid;
	int rc, status;

	posix_spawn_file_actions_init(&fa);
	if (out_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
	else
		posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO,
		    "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
	    O_WRONLY, 0);
	rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return (double)(clock_now_ns() - t0) / 1e9;
}

/*
 * The traced run: `timeslice trace --format json` of the program, whose
 * report's wall_ms (exec to exit) is the program's time, timeslice's own
 * start and report left out. -1 when it failed.
 */
static double
bench_traced(const char *python)
{
	char self[4096], buf[65536];
	char *argv[] = { self, (char *)"trace", (char *)"--format",
		(char *)"json", (char *)"--", (char *)python, (char *)"-c",
		(char *)hook_program, NULL };
	FILE *f = tmpfile();
	json_object *j, *w;
	double wall = -1;
	ssize_t n;
	size_t len = 0;

	if (f == NULL)
		return -1;
	if ((n = readlink("/proc/self/exe", self, sizeof self - 1)) < 0) {
		fclose(f);
		return -1;
	}
	self[n] = '\0';
	if (bench_spawn(argv, fileno(f)) >= 0) {
		rewind(f);
		len = fread(buf, 1, sizeof buf - 1, f);
	}
	fclose(f);
	buf[len] = '\0';
	if ((j = json_tokener_parse(buf)) == NULL)
		return -1;
	if (json_object_object_get_ex(j, "wall_ms", &w))
		wall = json_object_get_double(w) / 1000;
	json_object_put(j);
	return wall;
}

/*
 * The Python hook's cost on asyncio: the program untraced and traced in
 * turns, HOOK_PAIRS of each, so both see the same machine; medians.
 * Leaves the figures 0 when there is no python3 or a run failed.
 */
static void
bench_hook(struct bench *b)
{
	const char *python = tracer_python();
	double plain[HOOK_PAIRS], traced[HOOK_PAIRS];
	char *argv[] = { NULL, (char *)"-c", (char *)hook_program, NULL };

	if (python == NULL)
		return;
	argv[0] = (char *)python;
	for (int i = 0; i < HOOK_PAIRS; i++)
		if ((plain[i] = bench_spawn(argv, -1)) < 0 ||
		    (traced[i] = bench_traced(python)) < 0)
			return;
	b->hook_plain_s = stats_percentile(plain, HOOK_PAIRS, 50);
	b->hook_traced_s = stats_percentile(traced, HOOK_PAIRS, 50);
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
	    bench_trace_round(&b, &cause) != 0 ||
	    bench_trace_rate(RATE_THREADS[0], &b.trace_rate[0],
	    &b.trace_cost[0], &cause) != 0 ||
	    bench_trace_rate(RATE_THREADS[1], &b.trace_rate[1],
	    &b.trace_cost[1], &cause) != 0 ||
	    bench_trace_rate(RATE_THREADS[2], &b.trace_rate[2],
	    &b.trace_cost[2], &cause) != 0) {
		fprintf(stderr, "timeslice: bench: %s\n", cause);
		free(cause);
		return 1;
	}
	b.coro_switch_ns = coro_bench_switch_ns(100000);
	b.thread_handoff_ns = bench_thread_handoff_ns(20000);
	bench_hook(&b);
	if (json) {
		printf("{\"clock_ns\":%.2f,\"record_ns\":%.2f,"
		    "\"record_to_clock\":%.3f,\"gil_handoff_us\":%.2f,"
		    "\"thread_start_us\":%.2f,\"process_start_us\":%.2f,"
		    "\"coro_switch_ns\":%.1f,\"thread_handoff_ns\":%.1f,"
		    "\"trace_look_us\":%.2f,\"trace_round_us\":%.1f,"
		    "\"trace_rate\":[", b.clock_ns, b.record_ns,
		    b.record_ns / b.clock_ns, b.gil_handoff_us,
		    b.thread_start_us, b.process_start_us, b.coro_switch_ns,
		    b.thread_handoff_ns, b.trace_look_us, b.trace_round_us);
		for (int i = 0; i < 3; i++)
			printf("%s{\"threads\":%d,\"rounds_per_s\":%.0f,"
			    "\"cost_cores\":%.3f}", i ? "," : "",
			    RATE_THREADS[i], b.trace_rate[i], b.trace_cost[i]);
		printf("],\"bytecodes_per_ms\":%llu,\"asyncio_steps\":",
		    (unsigned long long)work_calibrate());
		if (b.hook_plain_s > 0)
			printf("{\"steps\":%d,\"untraced_s\":%.3f,"
			    "\"traced_s\":%.3f,\"ratio\":%.3f,"
			    "\"budget\":%.2f}}\n", HOOK_STEPS, b.hook_plain_s,
			    b.hook_traced_s, b.hook_traced_s / b.hook_plain_s,
			    HOOK_BUDGET);
		else
			puts("null}");
		return 0;
	}
	print_rows(&b);
	for (int i = 0; i < 3; i++) {
		char r[32], c[32];

		printf(_("trace: %d threads waking every 2 ms: %s rounds/s of "
		    "%d asked, %s%% of a core\n"), RATE_THREADS[i],
		    i18n_num(r, sizeof r, b.trace_rate[i], 0), RATE_HZ,
		    i18n_num(c, sizeof c, 100 * b.trace_cost[i], 1));
	}
	if (b.hook_plain_s > 0) {
		char n[32], r[32], t[32], u[32], g[32];

		printf(_("trace: %s asyncio task steps in Python: %sx the "
		    "untraced time\n       (%s s against %s s, medians of %d; "
		    "budget %sx)\n"), i18n_num(n, sizeof n, HOOK_STEPS, 0),
		    i18n_num(r, sizeof r, b.hook_traced_s / b.hook_plain_s, 2),
		    i18n_num(t, sizeof t, b.hook_traced_s, 3),
		    i18n_num(u, sizeof u, b.hook_plain_s, 3), HOOK_PAIRS,
		    i18n_num(g, sizeof g, HOOK_BUDGET, 2));
	} else
		puts(_("trace: asyncio task steps in Python: not measured (no "
		    "python3, or it failed)"));
	return 0;
}
