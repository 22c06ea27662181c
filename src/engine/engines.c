/*
 * engines.c - the four ways to run the same work: one thread, plain
 * threads, threads under the GIL, and fork()ed processes.
 *
 * All four share one worker body (run_units): for each unit, the CPU part
 * runs bytecodes one by one, with the interpreter's between-bytecode check
 * when there is a GIL, and the I/O part blocks in a real sleep (releasing
 * the GIL around it, as CPython does for blocking calls). The engines only
 * differ in how many workers they start and whether those are threads or
 * processes, which is the point the lessons make. A process worker also
 * pays what a CPython worker process pays to start, to be handed each
 * unit and to stop (ENGINE_PROC_* in engines.h), as real work and waits.
 *
 * Every engine names its lanes and starts and joins its threads with the
 * helpers here (engine_lane_add, engine_start_threads and friends).
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/engines.h"
#include "engine/gil.h"
#include "engine/work.h"
#include "i18n.h"
#include "trace/stats.h"
#include "util.h"

struct worker {
	struct trace		*trace;
	const struct params	*params;
	int			 lane;
	int			 units;
	struct gil_thread	 gts;		/* gts.gil NULL: no GIL */
	pthread_t		 thread;
	bool			 process;	/* a forked interpreter */
	uint64_t		*started;	/* shared: when its start-up
						   ended (processes) */
};

/* Real interpreter work of `ms` outside any lane (the parent's share). */
static void
spend_cpu_ms(double ms)
{
	uint64_t x = 1, n = work_bytecodes_for_ms(ms);

	for (uint64_t i = 0; i < n; i++)
		x = work_bytecode(x);
	work_sink(x);
}

/*
 * The body every worker runs: its units, then done. A worker whose share
 * is no unit at all has nothing to do: it is done at once, without ever
 * running (or taking the GIL).
 */
static void
run_units(struct worker *w)
{
	double cpu_ms, io_ms;
	uint64_t x = w->params->seed * 0x9E3779B97F4A7C15ULL + (uint64_t)w->lane;
	uint64_t n;
	struct gil_thread *gts = w->gts.gil != NULL ? &w->gts : NULL;
	struct preempt *pp = &w->gts.pp;

	work_split(w->params->work, w->params->unit_ms, &cpu_ms, &io_ms);
	n = work_bytecodes_for_ms(cpu_ms);
	trace_lane_bind(w->trace, w->lane);
	if (w->units == 0 || trace_stopping(w->trace)) {
		trace_state(w->trace, w->lane, TRACE_DONE);
		trace_lane_finish(w->trace, w->lane);
		return;
	}
	if (gts != NULL)
		gil_take(gts);
	else
		work_run_begin(pp, w->trace, w->lane);
	/*
	 * A process lane begins with its interpreter starting: it runs, but
	 * none of its work is done yet (the JSON's startup_ms).
	 */
	if (w->process)
		x = work_run_bytecodes(w->trace, w->lane, NULL, pp,
		    work_bytecodes_for_ms(w->params->start == START_SPAWN ?
		    ENGINE_PROC_SPAWN_START_CPU_MS : ENGINE_PROC_START_CPU_MS),
		    NULL, x);
	if (w->started != NULL)
		*w->started = clock_now_ns();
	for (int u = 0; u < w->units && !trace_stopping(w->trace); u++) {
		if (w->process) {
			/* Waiting for the parent's message with the unit. */
			work_run_end(pp, w->trace, w->lane, TRACE_IO);
			work_io(w->trace, ENGINE_PROC_HANDOFF_MS);
			work_run_begin(pp, w->trace, w->lane);
		}
		if (cpu_ms > 0)
			x = work_run_bytecodes(w->trace, w->lane, gts, pp, n,
			    NULL, x);
		if (io_ms > 0) {
			if (gts != NULL)
				gil_drop(gts, TRACE_IO);
			else
				work_run_end(pp, w->trace, w->lane, TRACE_IO);
			work_io(w->trace, io_ms);
			if (gts != NULL)
				gil_take(gts);
			else
				work_run_begin(pp, w->trace, w->lane);
		}
		work_mark(pp, w->trace, w->lane, (uint32_t)u);
	}
	if (w->process)
		x = work_run_bytecodes(w->trace, w->lane, NULL, pp,
		    work_bytecodes_for_ms(w->params->start == START_SPAWN ?
		    ENGINE_PROC_SPAWN_EXIT_CPU_MS : ENGINE_PROC_EXIT_CPU_MS),
		    NULL, x);
	if (gts != NULL)
		gil_drop(gts, TRACE_DONE);
	else
		work_run_end(pp, w->trace, w->lane, TRACE_DONE);
	work_sink(x);
	trace_lane_finish(w->trace, w->lane);
}

/* A thread worker: its CPU limit and niceness, then its units. */
static void *
worker_main(void *arg)
{
	struct worker *w = arg;

	work_worker_begin(w->params->cores);
	run_units(w);
	return NULL;
}

/* Names a lane as printf would, and explains a full trace. */
int
engine_lane_add(struct trace *t, enum trace_kind kind, int group,
    char **cause, const char *fmt, ...)
{
	char name[TRACE_NAME_MAX];
	va_list ap;
	int lane;

	va_start(ap, fmt);
	vsnprintf(name, sizeof name, fmt, ap);
	va_end(ap);
	if ((lane = trace_lane_add(t, name, kind, group)) < 0)
		xasprintf(cause, "too many lanes (at most %d)", TRACE_MAX_LANES);
	return lane;
}

/* Starts what is left to start of th[]; see engines.h. */
int
engine_start_threads(pthread_t *th, int n, void *(*fn)(void *), void *args,
    size_t size, int *started, struct trace *t, char **cause)
{
	int err;

	for (; *started < n; (*started)++) {
		err = pthread_create(&th[*started], NULL, fn,
		    (char *)args + (size_t)*started * size);
		if (err != 0) {
			trace_request_stop(t);
			xasprintf(cause, "cannot start thread %d of %d: %s",
			    *started + 1, n, strerror(err));
			return -1;
		}
	}
	return 0;
}

/* Waits for every thread that started. */
void
engine_join_threads(pthread_t *th, int n)
{
	for (int i = 0; i < n; i++) {
		int err = pthread_join(th[i], NULL);

		if (err != 0)
			fatal("cannot join thread %d of %d: %s", i + 1, n,
			    strerror(err));
	}
}

/* Starts `n` threads of one body and waits for them all. */
int
engine_run_threads(int n, void *(*fn)(void *), void *args, size_t size,
    struct trace *t, char **cause)
{
	pthread_t *th = xcalloc((size_t)n, sizeof *th);
	int started = 0, rc;

	rc = engine_start_threads(th, n, fn, args, size, &started, t, cause);
	engine_join_threads(th, started);
	free(th);
	return rc;
}

/* Adds `n` lanes named "<prefix> i" and fills the workers' shares. */
static int
setup_workers(struct worker *ws, int n, const char *prefix,
    enum trace_kind kind, const struct params *p, struct trace *t,
    char **cause)
{
	for (int i = 0; i < n; i++) {
		ws[i].trace = t;
		ws[i].params = p;
		ws[i].units = work_share(p->units, n, i);
		ws[i].gts.gil = NULL;
		ws[i].gts.ticks = 0;
		if (n == 1)
			ws[i].lane = engine_lane_add(t, kind, i + 1, cause, "%s",
			    prefix);
		else
			ws[i].lane = engine_lane_add(t, kind, i + 1, cause,
			    "%s %d", prefix, i + 1);
		if (ws[i].lane < 0)
			return -1;
		ws[i].gts.lane = ws[i].lane;
	}
	return 0;
}

/* Common body of the thread engines, with or without a GIL. */
static int
run_thread_engine(int n, const char *prefix, struct gil *gil,
    const struct params *p, struct trace *t, struct result *r, char **cause)
{
	struct worker *ws = xcalloc((size_t)n, sizeof *ws);
	int rc;

	work_calibrate();
	if (setup_workers(ws, n, prefix, TRACE_KIND_THREAD, p, t, cause) != 0) {
		free(ws);
		return -1;
	}
	for (int i = 0; i < n; i++)
		ws[i].gts.gil = gil;
	r->start_ns = clock_now_ns();
	rc = engine_run_threads(n, worker_main, ws, sizeof *ws, t, cause);
	r->end_ns = clock_now_ns();
	free(ws);
	return rc;
}

int
engine_sequential(const struct params *p, struct trace *t, struct result *r,
    char **cause)
{
	return run_thread_engine(1, NC_("lane", "main"), NULL, p, t, r, cause);
}

int
engine_threads(const struct params *p, struct trace *t, struct result *r,
    char **cause)
{
	return run_thread_engine(p->workers, NC_("lane", "thread"), NULL, p, t,
	    r, cause);
}

int
engine_gil(const struct params *p, struct trace *t, struct result *r,
    char **cause)
{
	struct gil gil;
	int rc;

	if ((rc = gil_init(&gil, t, p->switch_interval_ms, p->old_gil)) != 0) {
		xasprintf(cause, "cannot create the GIL: %s", strerror(rc));
		return -1;
	}
	rc = run_thread_engine(p->workers, NC_("lane", "thread"), &gil, p, t,
	    r, cause);
	gil_release(&gil);
	return rc;
}

/*
 * The child's side: die with the parent (even on SIGKILL), run the share,
 * leave without running the parent's atexit handlers or flushing its
 * stdio buffers. The child's single thread owns its own GIL, which is
 * never contended, so it simply runs.
 */
static _Noreturn void
child_main(struct worker *w, pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	work_worker_begin(w->params->cores);
	run_units(w);
	_exit(0);
}

int
engine_processes(const struct params *p, struct trace *t, struct result *r,
    char **cause)
{
	int n = p->workers, started = 0, rc = 0;
	struct worker *ws = xcalloc((size_t)n, sizeof *ws);
	pid_t *pids = xcalloc((size_t)n, sizeof *pids), parent = getpid();
	uint64_t *forked = xcalloc((size_t)n, sizeof *forked), *ready;
	double *startup = xcalloc((size_t)n, sizeof *startup);
	size_t shared = (size_t)n * sizeof *ready;
	int nstartup = 0;

	/* Where each child says when its start-up ended. */
	ready = mmap(NULL, shared, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ready == MAP_FAILED) {
		xasprintf(cause, "cannot share memory with the processes: %s",
		    strerror(errno));
		ready = NULL;
		rc = -1;
		goto out;
	}
	memset(ready, 0, shared);
	/* Calibrate before forking so children inherit the figure. */
	work_calibrate();
	if (setup_workers(ws, n, NC_("lane", "process"), TRACE_KIND_PROCESS, p, t,
	    cause) != 0) {
		rc = -1;
		goto out;
	}
	r->start_ns = clock_now_ns();
	for (; started < n; started++) {
		pid_t pid;

		ws[started].process = true;
		ws[started].started = &ready[started];
		/* Process.start(): the parent's part, one child at a time. */
		spend_cpu_ms(ENGINE_PROC_START_CALL_CPU_MS);
		forked[started] = clock_now_ns();
		pid = fork();
		if (pid == 0)
			child_main(&ws[started], parent);
		if (pid < 0) {
			xasprintf(cause, "cannot fork process %d of %d: %s",
			    started + 1, n, strerror(errno));
			trace_request_stop(t);
			rc = -1;
			break;
		}
		pids[started] = pid;
	}
	for (int i = 0; i < started; i++) {
		int status;

		while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR)
			continue;
		if (rc == 0 && WIFSIGNALED(status) &&
		    !trace_stopping(t)) {
			xasprintf(cause, "process %d died of signal %d", i + 1,
			    WTERMSIG(status));
			rc = -1;
		}
	}
	r->end_ns = clock_now_ns();
	/* From fork() to the end of the child's start-up, as it happened. */
	for (int i = 0; i < started; i++)
		if (ready[i] > forked[i])
			startup[nstartup++] = (double)(ready[i] - forked[i]) / 1e6;
	if (nstartup > 0)
		result_metric(r, "startup_ms",
		    stats_percentile(startup, (size_t)nstartup, 50));
out:
	if (ready != NULL)
		munmap(ready, shared);
	free(startup);
	free(forked);
	free(pids);
	free(ws);
	return rc;
}
