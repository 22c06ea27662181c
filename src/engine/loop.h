/*
 * loop.h - an event loop in the style of asyncio, on one OS thread.
 *
 * Tasks are coroutines (coro.h). The loop keeps a FIFO ready queue, a
 * min-heap of timers and a list of tasks waiting for a file descriptor;
 * each iteration it waits in ppoll() for the nearest timer or the first
 * descriptor to become ready (not at all if something is ready already),
 * moves what woke up to the ready queue, and then runs exactly the tasks
 * that were ready when the iteration's run phase began, each until it
 * awaits something. Tasks made ready meanwhile run in the next iteration,
 * so loop_sleep(task, 0) gives up exactly one iteration, as
 * `await asyncio.sleep(0)` does.
 *
 * Nothing preempts a running task: a task that computes for 40 ms (see
 * loop_block_cpu) holds every other task up for those 40 ms. That is the
 * lesson "do not block the event loop", and the trace shows it.
 *
 * Recording: when created with a trace, the loop's thread is lane
 * `loop_lane` (kind thread: RUN while running loop code or a task, IO
 * while blocked in ppoll), and each task spawned with a lane records
 * TRACE_RUN while it runs (and the thread is on a CPU: time the OS takes
 * from it shows as TRACE_READY, see work.h), TRACE_READY while queued,
 * TRACE_IO while it awaits a timer, a descriptor or other tasks (a
 * waiting task may ask to be shown in another state, e.g.
 * TRACE_LOCK_WAIT), and TRACE_DONE. All of these are recorded by the
 * loop's thread, the lanes' only producer.
 *
 * Every function taking a `struct loop_task *` must be called from inside
 * that task, except loop_spawn and loop_task_done.
 */
#ifndef TIMESLICE_ENGINE_LOOP_H
#define TIMESLICE_ENGINE_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#include "trace/trace.h"

struct loop;
struct loop_task;

/* A task's body: `async def fn(arg)` (or one step of it, stackless). */
typedef void	(*loop_fn)(struct loop_task *, void *arg);

/* What the loop measured about itself. */
struct loop_stats {
	uint64_t	iterations;	/* times round the loop */
	uint64_t	polls;		/* ppoll calls that could block */
	uint64_t	tasks_done;
	uint64_t	ready_wait_max_ns; /* longest a ready task waited to run */
	double		timer_late_p50_ms; /* how late sleeps woke, median */
	double		timer_late_max_ms;
};

/*
 * Creates a loop. With a trace, `loop_lane` is the lane of the thread
 * that will call loop_run; with t == NULL nothing is recorded.
 */
struct loop	*loop_new(struct trace *t, int loop_lane);

/* Frees the loop and every task (finished or abandoned). */
void		 loop_free(struct loop *);

/*
 * Creates a task running fn(task, arg), ready to run in the next
 * iteration (`asyncio.create_task`). `lane` is its trace lane or -1.
 * Callable before loop_run or from inside a task. Returns NULL and sets
 * *cause if its stack cannot be mapped.
 */
struct loop_task *loop_spawn(struct loop *, loop_fn fn, void *arg, int lane,
		    char **cause);

/*
 * Creates a stackless task: fn(task, arg) is called each time the task
 * runs. It awaits by calling loop_sleep, loop_wait_fd or loop_gather,
 * which in a stackless task only say what it waits for and return at
 * once, and then returning itself; the next call goes on from there (the
 * task keeps its place in `arg`). Returning without awaiting anything
 * finishes the task. This is how CPython runs a coroutine: its frame
 * lives on the heap, not on a C stack, so a suspended task costs a small
 * struct instead of a mapped stack, and ten thousand of them start in the
 * time it takes to fault in ten thousand stacks' first pages.
 */
struct loop_task *loop_spawn_stackless(struct loop *, loop_fn fn, void *arg,
		    int lane);

/*
 * Runs iterations until every task has finished, or the trace asks to
 * stop. Returns 0, or -1 with *cause set when tasks remain that nothing
 * can ever wake (they all await each other) or ppoll fails.
 */
int		 loop_run(struct loop *, char **cause);

/* True once the task's body has returned. */
bool		 loop_task_done(const struct loop_task *);

/*
 * Suspends the task for `ms` milliseconds (`await asyncio.sleep(ms)`);
 * 0 gives up exactly one loop iteration.
 */
void		 loop_sleep(struct loop_task *, double ms);

/*
 * Suspends the task until `fd` is ready for `events` (POLLIN, POLLOUT) or
 * `timeout_ms` passes (< 0: no timeout). While it waits its lane shows
 * `shown` (TRACE_IO normally). Returns the revents, or 0 on timeout.
 */
short		 loop_wait_fd(struct loop_task *, int fd, short events,
		    double timeout_ms, enum trace_state shown);

/*
 * Suspends the task until every task in `tasks` has finished
 * (`await asyncio.gather(*tasks)`). A task may be awaited by one task.
 */
void		 loop_gather(struct loop_task *, struct loop_task **tasks,
		    int n);

/*
 * Computes for `ms` milliseconds without yielding, as a CPU-bound call
 * inside an `async def` does: no other task runs meanwhile. Stops early
 * if the trace asks to stop. Returns a value to feed to work_sink.
 */
uint64_t	 loop_block_cpu(struct loop_task *, double ms, uint64_t x);

/*
 * Records mark `arg` on the task's lane (if it has one), stamped with
 * the last look at the thread's CPU clock (see work.h).
 */
void		 loop_mark(struct loop_task *, uint32_t arg);

/* The loop's figures so far. */
void		 loop_stats(const struct loop *, struct loop_stats *);

/*
 * Benchmark: median nanoseconds of one hand-off between two threads that
 * ping-pong through a mutex and a condition variable (handoff.c), to set
 * beside coro_bench_switch_ns.
 */
double		 bench_thread_handoff_ns(int iterations);

#endif
