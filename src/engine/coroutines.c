/*
 * coroutines.c - the `coroutines` scenario: N tasks on one event loop, on
 * the one thread that runs the scenario, as `asyncio.run(main())` where
 * main gathers N coroutines.
 *
 * Each task runs its share of the units. The I/O part of a unit is
 * `await asyncio.sleep(io_ms)`: the task leaves the loop free and others
 * run, so N I/O-bound tasks take about as long as one. The CPU part is
 * computation inside the coroutine with no await in it: it holds the whole
 * loop (and every other task) until it ends, so CPU-bound tasks gain
 * nothing from the loop, and in `mixed` work each task's CPU chunk delays
 * every ready task by its length.
 *
 * Lanes: "loop" (the thread: running, or blocked in ppoll) and "task i"
 * (running, ready, awaiting I/O, done). The gathering main task has no
 * lane of its own; it only waits.
 *
 * The workers are stackless tasks, as CPython's coroutines are: each
 * keeps its place (which unit, before or after its sleep) in a small
 * struct and the loop calls it again where it left off, so --workers
 * 10000 costs ten thousand structs, not ten thousand mapped stacks. The
 * main task, which awaits in the middle of a loop, is a stackful one.
 */
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engines.h"
#include "engine/loop.h"
#include "engine/work.h"
#include "i18n.h"
#include "util.h"

struct co_task {
	const struct params	*params;
	struct trace		*trace;
	int			 units;
	int			 index;
	struct loop_task	*task;
	/* Where the coroutine is, between two steps. */
	int			 unit;		/* units finished */
	bool			 slept;		/* this unit's sleep is over */
	uint64_t		 x;		/* the CPU parts' state */
};

struct co_main {
	struct loop		*loop;
	struct co_task		*tasks;
	struct loop_task	**all;		/* what main gathers */
	int			 n;
};

/*
 * `async def worker()`: its units, CPU part then I/O part each; one step,
 * from where the last one awaited to the next await (or the end).
 */
static void
co_worker(struct loop_task *t, void *arg)
{
	struct co_task *ct = arg;
	double cpu_ms, io_ms;

	work_split(ct->params->work, ct->params->unit_ms, &cpu_ms, &io_ms);
	for (; ct->unit < ct->units && !trace_stopping(ct->trace);
	    ct->unit++, ct->slept = false) {
		if (!ct->slept) {
			if (cpu_ms > 0)
				ct->x = loop_block_cpu(t, cpu_ms, ct->x);
			if (io_ms > 0) {
				ct->slept = true;
				loop_sleep(t, io_ms);	/* await */
				return;
			}
		}
		loop_mark(t, (uint32_t)ct->unit);
	}
	work_sink(ct->x);
}

/*
 * `async def main()`: create every task, then gather them. The array
 * lives in `m`, not on this task: a stopped loop abandons its tasks.
 * A task whose share is no unit still runs (for a moment, as asyncio
 * would), but its lane says what it is: done, with nothing to do,
 * never running.
 */
static void
co_main(struct loop_task *t, void *arg)
{
	struct co_main *m = arg;
	int spawned = 0;

	for (; spawned < m->n; spawned++) {
		struct co_task *ct = &m->tasks[spawned];
		int lane = ct->index;

		if (ct->units == 0 && lane >= 0) {
			trace_lane_bind(ct->trace, lane);
			trace_state(ct->trace, lane, TRACE_DONE);
			lane = -1;
		}
		ct->x = ct->params->seed * 0x9E3779B97F4A7C15ULL +
		    (uint64_t)ct->index;
		ct->task = loop_spawn_stackless(m->loop, co_worker, ct, lane);
		m->all[spawned] = ct->task;
	}
	loop_gather(t, m->all, spawned);
}

int
engine_coroutines(const struct params *p, struct trace *t, struct result *r,
    char **cause)
{
	struct co_main m;
	struct loop_stats st;
	struct loop *l;
	cpu_set_t saved;
	int loop_lane, n = p->workers, rc = -1, have_saved;

	memset(&m, 0, sizeof m);
	work_calibrate();
	if ((loop_lane = engine_lane_add(t, TRACE_KIND_THREAD, 0, cause,
	    "%s", NC_("lane", "loop"))) < 0)
		return -1;
	m.tasks = xcalloc((size_t)n, sizeof *m.tasks);
	m.all = xcalloc((size_t)n, sizeof *m.all);
	m.n = n;
	for (int i = 0; i < n; i++) {
		m.tasks[i].params = p;
		m.tasks[i].trace = t;
		m.tasks[i].units = work_share(p->units, n, i);
		/* Every task lives in the loop thread's process: group 0. */
		m.tasks[i].index = engine_lane_add(t, TRACE_KIND_TASK, 0, cause,
		    "%s %d", NC_("lane", "task"), i + 1);
		if (m.tasks[i].index < 0) {
			free(m.tasks);
			free(m.all);
			return -1;
		}
	}
	/* The loop runs on this very thread; limit it and restore after. */
	have_saved = sched_getaffinity(0, sizeof saved, &saved) == 0;
	work_worker_begin(p->cores);
	l = loop_new(t, loop_lane);
	m.loop = l;
	r->start_ns = clock_now_ns();
	if (loop_spawn(l, co_main, &m, -1, cause) != NULL)
		rc = loop_run(l, cause);
	r->end_ns = clock_now_ns();
	if (have_saved)
		sched_setaffinity(0, sizeof saved, &saved);
	loop_stats(l, &st);
	/* main is a task too, but not one of the workers. */
	result_metric(r, "tasks_done", st.tasks_done > 0 ?
	    (double)st.tasks_done - 1 : 0);
	result_metric(r, "loop_iterations", (double)st.iterations);
	result_metric(r, "loop_polls", (double)st.polls);
	result_metric(r, "ready_wait_max_ms",
	    (double)st.ready_wait_max_ns / 1e6);
	result_metric(r, "timer_late_p50_ms", st.timer_late_p50_ms);
	result_metric(r, "timer_late_max_ms", st.timer_late_max_ms);
	loop_free(l);
	free(m.tasks);
	free(m.all);
	return rc;
}
