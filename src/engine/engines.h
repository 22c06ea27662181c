/*
 * engines.h - the entry points of every scenario, as registered in
 * scenario.c, and what engines share to start and finish workers.
 *
 * Each engine function has the signature of scenario.run: it adds its
 * lanes to the trace, runs its workers to completion and reaps them.
 */
#ifndef TIMESLICE_ENGINE_ENGINES_H
#define TIMESLICE_ENGINE_ENGINES_H

#include <pthread.h>
#include <stddef.h>

#include "engine/params.h"
#include "engine/result.h"
#include "trace/trace.h"

#define ENGINE_FN(name) int name(const struct params *, struct trace *, \
    struct result *, char **)

ENGINE_FN(engine_sequential);
ENGINE_FN(engine_threads);
ENGINE_FN(engine_gil);
ENGINE_FN(engine_processes);
ENGINE_FN(engine_convoy);
ENGINE_FN(engine_race);
ENGINE_FN(engine_coroutines);
ENGINE_FN(engine_burgers_sequential);
ENGINE_FN(engine_burgers_concurrent);
ENGINE_FN(engine_burgers_parallel);
ENGINE_FN(engine_cleaning);
ENGINE_FN(engine_queue);
ENGINE_FN(engine_semaphore);

/*
 * What a worker process costs CPython 3.11 on top of its work, measured
 * with tools/fidelity/startup.py (fork start method; medians of 20, see
 * docs/FIDELITY.md). They are CPU times, which do not stretch with the
 * machine's load as wall times do: the child's own start-up before the
 * target's first line (the forked interpreter running multiprocessing's
 * bootstrap and faulting in the pages it writes), its shut-down after
 * the target returns (finalizers, then the kernel tearing down the
 * copied address space), and the parent's share of Process.start().
 * The model pays each as real interpreter work of that size, so a
 * process that starts late because the cores are busy starts late here
 * too. timeslice's own fork() is paid on top, as it happens.
 */
#define ENGINE_PROC_START_CPU_MS	1.4	/* child: fork to first unit */
#define ENGINE_PROC_EXIT_CPU_MS		0.9	/* child: last unit to exit */
#define ENGINE_PROC_START_CALL_CPU_MS	0.5	/* parent: Process.start() */
/*
 * The same with the spawn start method (--start spawn): the child is a
 * new interpreter that starts from nothing, imports the program's main
 * module again and unpickles its target before the first line runs, and
 * tears a whole interpreter down at the end. CPython 3.11 here: 43-59 ms
 * of the child's CPU before the target (the site's own imports are part
 * of it), 8 ms after (tools/fidelity/startup.py, docs/FIDELITY.md).
 */
#define ENGINE_PROC_SPAWN_START_CPU_MS	45
#define ENGINE_PROC_SPAWN_EXIT_CPU_MS	8
/*
 * Handing a worker process one unit of work and getting its answer back:
 * the median round trip of Pool.map on one tiny item to a warm pool of
 * one (pickling, a pipe each way, the pool's threads), 0.12-0.20 ms. The
 * child waits that long, blocked on the pipe, before each unit.
 */
#define ENGINE_PROC_HANDOFF_MS		0.12

/* Baseline hooks (see struct scenario). */
int	baseline_convoy(struct params *);
int	baseline_none(struct params *);

/*
 * Adds a lane named by `fmt` (printf style) before its worker starts and
 * returns its index; when the trace is full, returns -1 with *cause set.
 */
int	engine_lane_add(struct trace *, enum trace_kind, int group,
	    char **cause, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/*
 * Starts threads th[*started] to th[n - 1], thread i running
 * fn(args + i * size), and counts each one in *started as it starts. On a
 * failed pthread_create it asks the trace to stop and returns -1 with
 * *cause set; the threads counted in *started still have to be joined.
 * Calls with one array and a growing `n` start different bodies side by
 * side.
 */
int	engine_start_threads(pthread_t *th, int n, void *(*fn)(void *),
	    void *args, size_t size, int *started, struct trace *,
	    char **cause);

/* Joins th[0] to th[n - 1]; a join that fails is a bug and fatal. */
void	engine_join_threads(pthread_t *th, int n);

/*
 * Starts `n` threads running fn(args + i * size), waits for all of them,
 * and returns 0; on a failed pthread_create it asks the trace to stop,
 * joins the ones started and returns -1 with *cause set.
 */
int	engine_run_threads(int n, void *(*fn)(void *), void *args,
	    size_t size, struct trace *, char **cause);

#endif
