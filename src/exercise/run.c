/*
 * run.c - one run of a learner's program: `python3 -P FILE` under the
 * tracer (sampler/tracer.h), as `timeslice trace` runs a command
 * headless, with its output captured and a time limit.
 *
 * The program's standard output and error come through two pipes that
 * this thread drains while it polls the trace, so a chatty program never
 * blocks on a full pipe; only the last EXERCISE_TAIL_MAX bytes of each
 * are kept (sampler/tail.h: a traceback is at the end). At the limit the
 * tracer ends the program and everything it started. A run someone
 * watches (live.c) hands its trace and log over to the watcher as it
 * starts, and they outlive the run there; a run nobody watches frees
 * them.
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exercise/exercise.h"
#include "exercise/live_int.h"
#include "sampler/tail.h"
#include "sampler/tracer.h"
#include "trace/clock.h"
#include "trace/log.h"
#include "util.h"

/* How often the run's trace and pipes are drained while it runs. */
#define POLL_NS	20000000ull

/* The CPUs this process (and so the program) may run on: the most cores
 * a run could use. */
static int
online_cpus(void)
{
	cpu_set_t set;
	long n;

	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

/* Fills the figures of a run from the finished trace. */
static void
figures(struct exercise_run *r, const struct tracer *tc)
{
	const struct tracerun *tr = &tc->run;
	uint64_t blocked = 0, ready = 0;

	r->timed_out = tc->timed_out;
	r->exit_status = tr->exit_status;
	r->wall_ms = tr->end_ns > tr->start_ns ?
	    (double)(tr->end_ns - tr->start_ns) / 1e6 : 0;
	r->cpu_ms = (double)tr->fig.cpu_ns / 1e6;
	r->cores_used = r->wall_ms > 0 ? r->cpu_ms / r->wall_ms : 0;
	r->cores_free = tr->cores_free;
	for (int i = 0; i < tr->log->nlanes; i++) {
		blocked += tr->lanes[i].state_ns[TRACE_LOCK_WAIT];
		/* A task is "ready" in its loop's queue, not the OS's. */
		if (tr->trace->lanes[i].kind != TRACE_KIND_TASK)
			ready += tr->lanes[i].state_ns[TRACE_READY];
	}
	r->blocked_ms = (double)blocked / 1e6;
	r->ready_ms = (double)ready / 1e6;
	r->threads = tr->fig.threads_seen;
	r->processes = tr->fig.procs_seen;
	r->tasks = tr->fig.tasks_seen;
}

int
exercise_run_file(const char *file, double limit_s, const _Atomic int *stop,
    struct exercise_live *live, struct exercise_run *r, char **cause)
{
	char *argv[] = { (char *)"python3", (char *)"-P", (char *)file, NULL };
	struct tail out, err;
	struct tracer_opts to;
	struct tracer tc;
	struct trace *t;
	struct log *lg;
	uint64_t start;
	int out_open = 1, err_open = 1;

	memset(r, 0, sizeof *r);
	tail_init(&out, EXERCISE_TAIL_MAX);
	tail_init(&err, EXERCISE_TAIL_MAX);
	r->exit_status = -1;
	r->limit_s = limit_s;
	r->cpus = online_cpus();
	if (access(file, R_OK) != 0) {
		xasprintf(cause, "'%s': %s", file, strerror(errno));
		goto fail;
	}
	if (tracer_python() == NULL) {
		xasprintf(cause, "%s", "no python3 on PATH");
		goto fail;
	}
	if ((t = trace_new(TRACER_RING, cause)) == NULL)
		goto fail;
	memset(&to, 0, sizeof to);
	to.argv = argv;
	to.rate = TRACER_RATE_DEFAULT;
	to.hook = true;
	to.capture = true;
	to.limit_ns = (uint64_t)(limit_s * 1e9);
	lg = xmalloc(sizeof *lg);
	log_init(lg, t);
	start = clock_now_ns();
	if (tracer_start(&tc, t, &to, cause) != 0) {
		log_release(lg);
		free(lg);
		trace_free(t);
		goto fail;
	}
	if (live != NULL)
		exercise_live_publish(live, t, lg, &tc, start);
	while (!tracer_done(&tc)) {
		if (stop != NULL && atomic_load(stop)) {
			r->interrupted = true;
			tracer_stop(&tc);
		}
		exercise_live_poll(live, lg);
		if (out_open)
			out_open = tail_drain(&out, tc.spawn.out_fd) == 0;
		if (err_open)
			err_open = tail_drain(&err, tc.spawn.err_fd) == 0;
		clock_sleep_ns(POLL_NS);
	}
	exercise_live_join(live, &tc, lg);
	/* Everything is ended now: what is left in the pipes is the rest. */
	tail_drain(&out, tc.spawn.out_fd);
	tail_drain(&err, tc.spawn.err_fd);
	figures(r, &tc);
	tracer_release(&tc);
	if (live == NULL) {
		log_release(lg);
		free(lg);
		trace_free(t);
	}
	r->out = out.buf;
	r->err = err.buf;
	r->out_cut = out.cut;
	r->err_cut = err.cut;
	return 0;
fail:
	tail_release(&out);
	tail_release(&err);
	return -1;
}

void
exercise_run_release(struct exercise_run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

bool
exercise_run_value(const struct exercise_run *r, const char *name, double *v)
{
	static const struct {
		const char	*name;
		size_t		 off;
		bool		 integer;
	} table[] = {
#define D(f) { #f, offsetof(struct exercise_run, f), false }
#define I(f) { #f, offsetof(struct exercise_run, f), true }
		D(wall_ms), D(cores_used), D(blocked_ms), I(threads),
		I(processes), I(tasks), I(exit_status),
#undef D
#undef I
	};

	if (strcmp(name, "finishes_within_s") == 0) {
		*v = r->wall_ms / 1000;
		return true;
	}
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		const char *p = (const char *)r + table[i].off;

		if (strcmp(table[i].name, name) != 0)
			continue;
		if (table[i].integer) {
			int k;

			memcpy(&k, p, sizeof k);
			*v = k;
		} else
			memcpy(v, p, sizeof *v);
		return true;
	}
	return false;
}

char *
exercise_run_output(const struct exercise_run *r)
{
	const char *s = r->out != NULL ? r->out : "";
	size_t n = strlen(s);
	char *o;

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' ||
	    s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	o = xmalloc(n + 1);
	memcpy(o, s, n);
	o[n] = '\0';
	return o;
}
