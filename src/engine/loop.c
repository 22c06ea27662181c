/*
 * loop.c - the event loop: ready queue, timer heap, ppoll, tasks.
 *
 * One iteration (loop_iterate) does what asyncio's _run_once does, in the
 * same order: work out how long it may block (not at all when a task is
 * ready, until the nearest timer otherwise, for ever when only descriptors
 * are awaited), block in ppoll(), queue the tasks whose descriptors are
 * ready, queue the tasks whose timers expired, then run the tasks that
 * were queued at that point and no others.
 *
 * Timers are a binary min-heap ordered by deadline and then by a sequence
 * number, so timers due at the same instant fire in the order they were
 * set. A task waiting for a descriptor with a timeout has both a place in
 * the descriptor list and a timer; whichever fires first removes the other.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/coro.h"
#include "engine/loop.h"
#include "engine/work.h"
#include "trace/stats.h"
#include "util.h"

#define NO_HEAP SIZE_MAX
/* Bytecodes between two looks at the stop flag in loop_block_cpu. */
#define CHECK_EVERY 32
/* Longest ppoll while recording, so trace_request_stop is seen. */
#define LOOP_STOP_CHECK_NS 50000000u

enum task_status {
	TASK_READY,
	TASK_RUNNING,
	TASK_WAITING,		/* a timer, a descriptor, or other tasks */
	TASK_DONE
};

struct loop_task {
	struct loop	*loop;
	struct coro	*co;
	loop_fn		 fn;
	void		*arg;
	int		 lane;
	bool		 bound;		/* lane bound to the loop thread */
	enum task_status status;
	uint64_t	 ready_ns;	/* when it last became ready */
	uint64_t	 cpu_ns;	/* thread CPU time spent running it */
	struct preempt	 pp;		/* its CPU clock while it runs */

	uint64_t	 wake_ns;	/* timer deadline */
	uint64_t	 seq;		/* timer tie-break */
	size_t		 heap_idx;	/* in loop->heap, or NO_HEAP */
	bool		 sleeping;	/* the timer is a sleep, not a timeout */

	int		 fd;		/* awaited descriptor, or -1 */
	short		 events, revents;

	struct loop_task *gatherer;	/* task awaiting this one */
	int		 gather_left;	/* tasks this one still awaits */

	struct loop_task *next;		/* every task, for loop_free */
};

struct loop {
	struct trace	 *trace;
	int		  lane;
	struct loop_task *tasks;
	int		  live;		/* tasks not done */

	struct loop_task **ready;	/* ring buffer */
	size_t		  rhead, rcount, rcap;

	struct loop_task **heap;
	size_t		  nheap, cheap;
	uint64_t	  seq;

	struct loop_task **fdw;		/* tasks awaiting descriptors */
	size_t		  nfdw, cfdw;
	struct pollfd	 *pfds;
	size_t		  cpfds;

	uint64_t	  iterations, polls, tasks_done, ready_wait_max_ns;
	double		 *late;		/* ms each sleep woke late */
	size_t		  nlate, clate;
	uint64_t	  task_cpu_ns;	/* summed over tasks */
};

/* Records a state for `lane` when the loop records at all. */
static inline void
note(struct loop *l, int lane, enum trace_state s)
{
	if (l->trace != NULL && lane >= 0)
		trace_state(l->trace, lane, s);
}

struct loop *
loop_new(struct trace *t, int loop_lane)
{
	struct loop *l = xcalloc(1, sizeof *l);

	l->trace = t;
	l->lane = t != NULL ? loop_lane : -1;
	return l;
}

void
loop_free(struct loop *l)
{
	struct loop_task *t, *next;

	if (l == NULL)
		return;
	for (t = l->tasks; t != NULL; t = next) {
		next = t->next;
		coro_free(t->co);
		free(t);
	}
	free(l->ready);
	free(l->heap);
	free(l->fdw);
	free(l->pfds);
	free(l->late);
	free(l);
}

/*
 * The running task stops running for `s`: its lane gets one last look at
 * the thread's CPU clock (so time the OS took shows as ready, not
 * running), and the look's CPU reading tells run_task what it used.
 */
static void
leave(struct loop *l, struct loop_task *t, enum trace_state s)
{
	if (l->trace != NULL && t->lane >= 0)
		work_run_end(&t->pp, l->trace, t->lane, s);
}

/* Appends a task to the ready queue and shows it as ready. */
static void
make_ready(struct loop *l, struct loop_task *t)
{
	if (l->rcount == l->rcap) {
		size_t ncap = l->rcap == 0 ? 64 : l->rcap * 2;
		struct loop_task **nr = xreallocarray(NULL, ncap, sizeof *nr);

		for (size_t i = 0; i < l->rcount; i++)
			nr[i] = l->ready[(l->rhead + i) % l->rcap];
		free(l->ready);
		l->ready = nr;
		l->rhead = 0;
		l->rcap = ncap;
	}
	l->ready[(l->rhead + l->rcount) % l->rcap] = t;
	l->rcount++;
	if (t->status == TASK_RUNNING)
		leave(l, t, TRACE_READY);
	else
		note(l, t->lane, TRACE_READY);
	t->status = TASK_READY;
	t->ready_ns = clock_now_ns();
}

static struct loop_task *
pop_ready(struct loop *l)
{
	struct loop_task *t = l->ready[l->rhead];

	l->rhead = (l->rhead + 1) % l->rcap;
	l->rcount--;
	return t;
}

/* Heap order: earlier deadline first, then earlier sequence number. */
static inline bool
heap_before(const struct loop_task *a, const struct loop_task *b)
{
	if (a->wake_ns != b->wake_ns)
		return a->wake_ns < b->wake_ns;
	return a->seq < b->seq;
}

static void
heap_swap(struct loop *l, size_t i, size_t j)
{
	struct loop_task *t = l->heap[i];

	l->heap[i] = l->heap[j];
	l->heap[j] = t;
	l->heap[i]->heap_idx = i;
	l->heap[j]->heap_idx = j;
}

/* Restores the heap order around index `i` after a change there. */
static void
heap_fix(struct loop *l, size_t i)
{
	while (i > 0 && heap_before(l->heap[i], l->heap[(i - 1) / 2])) {
		heap_swap(l, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
	for (;;) {
		size_t c = 2 * i + 1, m = i;

		if (c < l->nheap && heap_before(l->heap[c], l->heap[m]))
			m = c;
		if (c + 1 < l->nheap && heap_before(l->heap[c + 1], l->heap[m]))
			m = c + 1;
		if (m == i)
			break;
		heap_swap(l, i, m);
		i = m;
	}
}

static void
heap_push(struct loop *l, struct loop_task *t, uint64_t when)
{
	if (l->nheap == l->cheap) {
		l->cheap = l->cheap == 0 ? 64 : l->cheap * 2;
		l->heap = xreallocarray(l->heap, l->cheap, sizeof *l->heap);
	}
	t->wake_ns = when;
	t->seq = l->seq++;
	t->heap_idx = l->nheap;
	l->heap[l->nheap++] = t;
	heap_fix(l, t->heap_idx);
}

static void
heap_remove(struct loop *l, struct loop_task *t)
{
	size_t i = t->heap_idx;

	if (i == NO_HEAP)
		return;
	t->heap_idx = NO_HEAP;
	if (--l->nheap == i)
		return;
	l->heap[i] = l->heap[l->nheap];
	l->heap[i]->heap_idx = i;
	heap_fix(l, i);
}

/* Removes a task from the descriptor waiters. */
static void
fdw_remove(struct loop *l, struct loop_task *t)
{
	for (size_t i = 0; i < l->nfdw; i++)
		if (l->fdw[i] == t) {
			memmove(&l->fdw[i], &l->fdw[i + 1],
			    (l->nfdw - i - 1) * sizeof *l->fdw);
			l->nfdw--;
			break;
		}
	t->fd = -1;
}

/* The first frame of every task: its body, then nothing (finished). */
static void
task_body(struct coro *co, void *arg)
{
	struct loop_task *t = arg;

	(void)co;
	t->fn(t, t->arg);
}

/* Queues a new task, stackful (t->co set) or not. */
static struct loop_task *
add_task(struct loop *l, struct loop_task *t, loop_fn fn, void *arg,
    int lane)
{
	t->loop = l;
	t->fn = fn;
	t->arg = arg;
	t->lane = l->trace != NULL ? lane : -1;
	t->fd = -1;
	t->heap_idx = NO_HEAP;
	t->next = l->tasks;
	l->tasks = t;
	l->live++;
	make_ready(l, t);
	return t;
}

struct loop_task *
loop_spawn(struct loop *l, loop_fn fn, void *arg, int lane, char **cause)
{
	struct loop_task *t = xcalloc(1, sizeof *t);

	if ((t->co = coro_new(task_body, t, 0, cause)) == NULL) {
		free(t);
		return NULL;
	}
	return add_task(l, t, fn, arg, lane);
}

struct loop_task *
loop_spawn_stackless(struct loop *l, loop_fn fn, void *arg, int lane)
{
	return add_task(l, xcalloc(1, sizeof(struct loop_task)), fn, arg,
	    lane);
}

bool
loop_task_done(const struct loop_task *t)
{
	return t->status == TASK_DONE;
}

/* A task's body returned: record it and wake whoever gathers it. */
static void
task_finished(struct loop *l, struct loop_task *t)
{
	struct loop_task *g = t->gatherer;

	t->status = TASK_DONE;
	l->live--;
	l->tasks_done++;
	if (t->lane >= 0)
		trace_lane_set_cpu(l->trace, t->lane, t->cpu_ns);
	if (g != NULL && --g->gather_left == 0)
		make_ready(l, g);
}

/* Runs one ready task until it awaits something or finishes. */
static void
run_task(struct loop *l, struct loop_task *t)
{
	uint64_t now = clock_now_ns(), cpu0;
	bool alive;

	if (now - t->ready_ns > l->ready_wait_max_ns)
		l->ready_wait_max_ns = now - t->ready_ns;
	if (t->lane >= 0 && !t->bound) {
		/* A task is the loop's thread: no need to ask the kernel. */
		if (l->lane >= 0)
			trace_lane_bind_as(l->trace, t->lane, l->lane);
		else
			trace_lane_bind(l->trace, t->lane);
		t->bound = true;
	}
	t->status = TASK_RUNNING;
	/*
	 * The thread CPU clock is a system call: only pay it to record.
	 * The task's lane runs from here; whatever it awaits next leaves
	 * the run with one more look (leave), whose reading says how much
	 * CPU the task used.
	 */
	cpu0 = 0;
	if (l->trace != NULL && t->lane >= 0) {
		work_run_begin(&t->pp, l->trace, t->lane);
		cpu0 = t->pp.cpu_ns;
	}
	if (t->co != NULL)
		alive = coro_resume(t->co);
	else {
		/* A stackless step: still running on return means done. */
		t->fn(t, t->arg);
		alive = t->status != TASK_RUNNING;
	}
	if (!alive)
		leave(l, t, TRACE_DONE);
	if (l->trace != NULL && t->lane >= 0) {
		uint64_t used = t->pp.cpu_ns - cpu0;

		t->cpu_ns += used;
		l->task_cpu_ns += used;
	}
	if (!alive) {
		task_finished(l, t);
		return;
	}
	if (t->status == TASK_RUNNING)
		fatal("a task yielded without awaiting anything");
}

/*
 * Suspends the calling task after it said what it awaits. A stackless
 * task suspends by returning from its step, which its caller does next.
 */
static void
task_suspend(struct loop_task *t)
{
	if (t->co != NULL)
		coro_yield(t->co);
}

void
loop_sleep(struct loop_task *t, double ms)
{
	struct loop *l = t->loop;

	if (ms <= 0) {
		make_ready(l, t);
		task_suspend(t);
		return;
	}
	t->status = TASK_WAITING;
	t->sleeping = true;
	leave(l, t, TRACE_IO);
	heap_push(l, t, clock_now_ns() + (uint64_t)(ms * 1e6));
	task_suspend(t);
}

short
loop_wait_fd(struct loop_task *t, int fd, short events, double timeout_ms,
    enum trace_state shown)
{
	struct loop *l = t->loop;

	if (l->nfdw == l->cfdw) {
		l->cfdw = l->cfdw == 0 ? 16 : l->cfdw * 2;
		l->fdw = xreallocarray(l->fdw, l->cfdw, sizeof *l->fdw);
	}
	l->fdw[l->nfdw++] = t;
	t->fd = fd;
	t->events = events;
	t->revents = 0;
	t->status = TASK_WAITING;
	t->sleeping = false;
	leave(l, t, shown);
	if (timeout_ms >= 0)
		heap_push(l, t, clock_now_ns() + (uint64_t)(timeout_ms * 1e6));
	task_suspend(t);
	return t->revents;
}

void
loop_gather(struct loop_task *t, struct loop_task **tasks, int n)
{
	struct loop *l = t->loop;

	t->gather_left = 0;
	for (int i = 0; i < n; i++) {
		if (tasks[i]->status == TASK_DONE)
			continue;
		if (tasks[i]->gatherer != NULL)
			fatal("a task awaited by two tasks");
		tasks[i]->gatherer = t;
		t->gather_left++;
	}
	if (t->gather_left == 0)
		return;
	leave(l, t, TRACE_IO);
	t->status = TASK_WAITING;
	task_suspend(t);
}

uint64_t
loop_block_cpu(struct loop_task *t, double ms, uint64_t x)
{
	uint64_t n = work_bytecodes_for_ms(ms);
	struct trace *tr = t->loop->trace;

	/* A lane of its own: watched as any running worker is. */
	if (tr != NULL && t->lane >= 0)
		return work_run_bytecodes(tr, t->lane, NULL, &t->pp, n, NULL,
		    x);
	for (uint64_t i = 0; i < n; i++) {
		x = work_bytecode(x);
		if (i % CHECK_EVERY == 0 && tr != NULL && trace_stopping(tr))
			break;
	}
	return x;
}

/* A mark on the running task's lane, as of its last look. */
void
loop_mark(struct loop_task *t, uint32_t arg)
{
	struct loop *l = t->loop;

	if (l->trace != NULL && t->lane >= 0)
		work_mark(&t->pp, l->trace, t->lane, arg);
}

/*
 * How long the next ppoll may block, in nanoseconds: 0 when a task is
 * ready, until the nearest timer, or UINT64_MAX (for ever) when only
 * descriptors are awaited.
 */
static uint64_t
poll_timeout(struct loop *l, uint64_t now)
{
	if (l->rcount > 0)
		return 0;
	if (l->nheap > 0)
		return l->heap[0]->wake_ns > now ? l->heap[0]->wake_ns - now : 0;
	return UINT64_MAX;
}

/* Blocks in ppoll and queues the tasks whose descriptors are ready. */
static int
wait_for_events(struct loop *l, uint64_t timeout, char **cause)
{
	struct timespec ts, *tsp = NULL;
	uint64_t deadline;
	bool slept;
	int n;

	if (l->nfdw > l->cpfds) {
		l->cpfds = l->nfdw;
		l->pfds = xreallocarray(l->pfds, l->cpfds, sizeof *l->pfds);
	}
	for (size_t i = 0; i < l->nfdw; i++) {
		l->pfds[i].fd = l->fdw[i]->fd;
		l->pfds[i].events = l->fdw[i]->events;
		l->pfds[i].revents = 0;
	}
	if ((slept = timeout > 0)) {
		l->polls++;
		note(l, l->lane, TRACE_IO);
	}
	/*
	 * With a trace, wait in slices of LOOP_STOP_CHECK_NS to notice a
	 * stop request: a one-second timer must not delay the stop.
	 */
	deadline = timeout != UINT64_MAX ? clock_now_ns() + timeout : 0;
	for (;;) {
		uint64_t slice = timeout, now;

		if (l->trace != NULL && slice > LOOP_STOP_CHECK_NS)
			slice = LOOP_STOP_CHECK_NS;
		tsp = NULL;
		if (slice != UINT64_MAX) {
			ts.tv_sec = (time_t)(slice / 1000000000u);
			ts.tv_nsec = (long)(slice % 1000000000u);
			tsp = &ts;
		}
		n = ppoll(l->pfds, (nfds_t)l->nfdw, tsp, NULL);
		if (n != 0 || slice == timeout || (l->trace != NULL &&
		    trace_stopping(l->trace)))
			break;
		if (timeout != UINT64_MAX) {
			if ((now = clock_now_ns()) >= deadline)
				break;
			timeout = deadline - now;
		}
	}
	if (slept)
		note(l, l->lane, TRACE_RUN);
	if (n < 0) {
		if (errno == EINTR)
			return 0;
		xasprintf(cause, "ppoll: %s", strerror(errno));
		return -1;
	}
	if (n == 0)
		return 0;
	/* Walk a copy of the order: fdw_remove shifts the array. */
	for (size_t i = 0, k = 0; i < l->nfdw + k; i++) {
		struct loop_task *t;

		if (l->pfds[i].revents == 0)
			continue;
		t = l->fdw[i - k];
		t->revents = l->pfds[i].revents;
		fdw_remove(l, t);
		heap_remove(l, t);
		make_ready(l, t);
		k++;
	}
	return 0;
}

/* Queues every task whose timer is due. */
static void
fire_timers(struct loop *l, uint64_t now)
{
	while (l->nheap > 0 && l->heap[0]->wake_ns <= now) {
		struct loop_task *t = l->heap[0];

		heap_remove(l, t);
		if (t->sleeping) {
			if (l->nlate == l->clate) {
				l->clate = l->clate == 0 ? 256 : l->clate * 2;
				l->late = xreallocarray(l->late, l->clate,
				    sizeof *l->late);
			}
			l->late[l->nlate++] = (double)(now - t->wake_ns) / 1e6;
		} else {
			/* A descriptor wait that timed out. */
			fdw_remove(l, t);
			t->revents = 0;
		}
		make_ready(l, t);
	}
}

/* One turn of the loop; see the comment at the top of the file. */
static int
loop_iterate(struct loop *l, char **cause)
{
	uint64_t timeout = poll_timeout(l, clock_now_ns());
	size_t ntodo;

	if (timeout == UINT64_MAX && l->nfdw == 0) {
		xasprintf(cause, "%d tasks wait for each other and nothing can "
		    "wake them", l->live);
		return -1;
	}
	if (l->nfdw > 0 || timeout > 0) {
		if (wait_for_events(l, timeout, cause) != 0)
			return -1;
	}
	fire_timers(l, clock_now_ns());
	for (ntodo = l->rcount; ntodo > 0; ntodo--)
		run_task(l, pop_ready(l));
	l->iterations++;
	return 0;
}

int
loop_run(struct loop *l, char **cause)
{
	uint64_t cpu0 = clock_thread_cpu_ns(), task_cpu0 = l->task_cpu_ns;
	int rc = 0;

	if (l->lane >= 0) {
		trace_lane_bind(l->trace, l->lane);
		note(l, l->lane, TRACE_RUN);
	}
	while (l->live > 0) {
		if (l->trace != NULL && trace_stopping(l->trace))
			break;
		if ((rc = loop_iterate(l, cause)) != 0)
			break;
	}
	if (l->lane >= 0) {
		uint64_t all = clock_thread_cpu_ns() - cpu0;
		uint64_t tasks = l->task_cpu_ns - task_cpu0;

		note(l, l->lane, TRACE_DONE);
		/* Tasks report their own CPU; the loop lane keeps the rest. */
		trace_lane_set_cpu(l->trace, l->lane,
		    all > tasks ? all - tasks : 0);
	}
	return rc;
}

void
loop_stats(const struct loop *l, struct loop_stats *s)
{
	double *copy;

	memset(s, 0, sizeof *s);
	s->iterations = l->iterations;
	s->polls = l->polls;
	s->tasks_done = l->tasks_done;
	s->ready_wait_max_ns = l->ready_wait_max_ns;
	if (l->nlate == 0)
		return;
	copy = xreallocarray(NULL, l->nlate, sizeof *copy);
	memcpy(copy, l->late, l->nlate * sizeof *copy);
	s->timer_late_p50_ms = stats_percentile(copy, l->nlate, 50);
	s->timer_late_max_ms = stats_percentile(copy, l->nlate, 100);
	free(copy);
}
