/*
 * trace.h - the recorder: one lock-free ring of timestamped events per
 * worker, all inside a single shared mapping.
 *
 * A trace is created by the process that runs an experiment, before any
 * worker starts. It is one MAP_SHARED|MAP_ANONYMOUS mapping, so children
 * fork()ed afterwards record into the very same rings and the parent reads
 * their events without pipes, and MAP_NORESERVE, so memory is charged as
 * events fill it rather than for the whole mapping up front. Each lane (a
 * worker thread, a child process, a coroutine task, a burger cashier...)
 * owns one ring with exactly one producer (the code acting as that lane)
 * and one consumer (the trace log, see log.h). Recording never blocks,
 * never allocates and never makes a system call beyond the vDSO clock
 * read: when a ring is full the event is dropped and counted.
 *
 * Lanes are added by the owner before the workers start; the workers then
 * only record. Nothing here depends on what the lanes mean.
 */
#ifndef TIMESLICE_TRACE_TRACE_H
#define TIMESLICE_TRACE_TRACE_H

#include <sched.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "trace/clock.h"

#define TRACE_NAME_MAX 32	/* bytes of a lane name, with its NUL */
/*
 * Lanes one trace can hold: 10,000 coroutine tasks, their loop, and room
 * to spare. Only the first TRACE_FULL_LANES lanes get rings of the size
 * trace_new was asked for; lanes past them (only thousands of coroutine
 * tasks get that far, and each records a few events) get rings of
 * TRACE_SMALL_RING events, so a trace of 10,000 lanes stays tens of
 * megabytes of address space, of which a lane touches one kilobyte.
 */
#define TRACE_MAX_LANES 10032
#define TRACE_FULL_LANES 128
#define TRACE_SMALL_RING 64
#define TRACE_CACHELINE 64

/* What a lane is doing; one state at a time per lane. */
enum trace_state {
	TRACE_NONE = 0,		/* not started yet */
	TRACE_RUN,		/* running on a CPU (holding the GIL if any):
				   recorded only while the thread's CPU clock
				   advances; time the OS gives to another
				   thread is TRACE_READY */
	TRACE_LOCK_WAIT,	/* waiting to acquire a lock or the GIL (in a
				   trace of a real program: the GIL only) */
	TRACE_IO,		/* blocked in I/O or sleeping */
	TRACE_READY,		/* could run, waiting for its turn: a task in
				   the loop's queue, a thread the OS
				   preempted */
	TRACE_IDLE,		/* nothing to do (a cashier with no customer) */
	TRACE_DONE,		/* finished */
	TRACE_BUSY,		/* busy off the CPU: a real wait standing for
				   work that is not the processor's (cooking,
				   taking an order); never on a CPU lane */
	TRACE_BLOCKED,		/* blocked waiting for another thread: a lock
				   other than the GIL, a condition, a queue,
				   an event, a join (the sampler tells these
				   from GIL waits) */
	TRACE_STATE_COUNT
};

/* What an event says. */
enum trace_event_type {
	TRACE_EV_STATE = 1,	/* the lane entered `state` */
	TRACE_EV_ACQUIRE,	/* the lane now holds lock `arg` */
	TRACE_EV_RELEASE,	/* the lane no longer holds lock `arg` */
	TRACE_EV_DROP_REQUEST,	/* the lane asked the GIL holder to drop */
	TRACE_EV_MARK,		/* a scenario-defined point, `arg` says which */
	TRACE_EV_CPU		/* the lane was seen on CPU `cpu` */
};

/*
 * A TRACE_EV_MARK whose arg has TRACE_MARK_COUNT set says what a counter
 * the workers share reads after a change (a queue's depth, the threads
 * inside a semaphore): bits 24-30 say which counter, the low 24 bits its
 * new value. It is recorded under the lock that guards the counter, so
 * the marks of every lane, ordered by time, replay the counter's values.
 */
#define TRACE_MARK_COUNT	0x80000000u
#define TRACE_COUNT_MARK(which, n) (TRACE_MARK_COUNT | \
	((uint32_t)(which) << 24) | ((uint32_t)(n) & 0xffffffu))
#define TRACE_COUNT_WHICH(arg)	((int)(((arg) >> 24) & 0x7f))
#define TRACE_COUNT_VALUE(arg)	((int)((arg) & 0xffffffu))

/* Which shared counter a count mark is about. */
enum trace_counter {
	TRACE_COUNTER_QUEUE = 1,	/* items in a bounded queue */
	TRACE_COUNTER_INSIDE,		/* threads holding a semaphore */
};

/* What kind of worker a lane stands for (the JSON "kind"). */
enum trace_kind {
	TRACE_KIND_THREAD = 0,
	TRACE_KIND_PROCESS,
	TRACE_KIND_TASK,
	TRACE_KIND_COUNT
};

/* One recorded event: 16 bytes, so four share a cache line. */
struct trace_event {
	uint64_t	ts_ns;		/* CLOCK_MONOTONIC */
	uint32_t	arg;		/* lock id, mark id, detail */
	uint8_t		type;		/* enum trace_event_type */
	uint8_t		state;		/* enum trace_state, for TRACE_EV_STATE */
	int16_t		cpu;		/* sched_getcpu() at ts, or -1 */
};

/*
 * A single-producer, single-consumer ring. head and tail count events ever
 * written and ever read; they live on separate cache lines so the producer
 * and the consumer do not fight over one line.
 */
struct trace_ring {
	_Alignas(TRACE_CACHELINE) _Atomic uint64_t head;	/* producer */
	uint64_t	cached_tail;	/* producer's last view of tail */
	_Atomic uint64_t dropped;	/* producer: events lost to a full ring */
	_Alignas(TRACE_CACHELINE) _Atomic uint64_t tail;	/* consumer */
	uint64_t	read;		/* consumer: events copied out; tail
					 * may lag it by part of a page */
	_Atomic int	trim;		/* hand read pages back (trace.c) */
	_Alignas(TRACE_CACHELINE) uint32_t mask;		/* capacity - 1 */
	struct trace_event *slots;
};

/* What is known about a lane besides its events. */
struct trace_lane {
	char		name[TRACE_NAME_MAX];
	uint8_t		kind;		/* enum trace_kind */
	int		group;		/* lanes with one group share a pid */
	_Atomic int	pid;		/* set by the worker in trace_lane_bind */
	_Atomic int	tid;
	_Atomic uint64_t cpu_ns;	/* CPU time the worker reported at exit */
	uint64_t	cpu_start;	/* worker's CPU clock at bind (its own) */
	struct trace_ring ring;
};

/* The shared mapping: header, lanes, then every ring's slots. */
struct trace {
	size_t		map_size;
	uint32_t	capacity;	/* events per ring of the first lanes */
	uint32_t	small_capacity;	/* ... and of lanes past TRACE_FULL_LANES */
	_Atomic int	nlanes;		/* lanes published so far */
	int		owner_pid;
	uint64_t	start_ns;	/* when the trace was created */
	_Atomic int	stop;		/* set to ask every worker to finish */
	struct trace_lane lanes[TRACE_MAX_LANES];
};

/*
 * Creates a trace whose rings each hold `capacity` events (rounded up to a
 * power of two; lanes past TRACE_FULL_LANES hold at most TRACE_SMALL_RING). Returns NULL and sets *cause when the mapping fails.
 */
struct trace	*trace_new(uint32_t capacity, char **cause);

/* Unmaps a trace. Every worker recording into it must have finished. */
void		 trace_free(struct trace *);

/*
 * Adds a lane before its worker starts and returns its index, or -1 when
 * the trace is full. One thread at a time adds lanes (the engine); the
 * lane is filled in before it is published, so a reader polling at the
 * same time sees either nothing or the whole lane.
 */
int		 trace_lane_add(struct trace *, const char *name,
		     enum trace_kind kind, int group);

/* Lanes added so far; a lane is complete once counted here. */
static inline int
trace_nlanes(const struct trace *t)
{
	return atomic_load_explicit(&((struct trace *)t)->nlanes,
	    memory_order_acquire);
}

/* CPU time every lane of `t` reported so far (threads and children). */
static inline uint64_t
trace_cpu_ns(const struct trace *t)
{
	uint64_t sum = 0;

	for (int i = 0; i < trace_nlanes(t); i++)
		sum += atomic_load(&((struct trace *)t)->lanes[i].cpu_ns);
	return sum;
}

/*
 * Called by the worker acting as `lane` as it starts: records its pid and
 * tid, and notes its thread's CPU clock for trace_lane_finish.
 */
void		 trace_lane_bind(struct trace *, int lane);

/*
 * Binds `lane` to whoever `as` is bound to, for lanes acted by a thread
 * that already has a lane of its own (coroutine tasks and their loop).
 */
static inline void
trace_lane_bind_as(struct trace *t, int lane, int as)
{
	atomic_store_explicit(&t->lanes[lane].pid, atomic_load_explicit(
	    &t->lanes[as].pid, memory_order_relaxed), memory_order_relaxed);
	atomic_store_explicit(&t->lanes[lane].tid, atomic_load_explicit(
	    &t->lanes[as].tid, memory_order_relaxed), memory_order_relaxed);
}

/* Called by the same worker as it ends: stores the CPU time its thread
 * used since trace_lane_bind. */
void		 trace_lane_finish(struct trace *, int lane);

/* Stores CPU time for a lane whose work spanned several threads. */
void		 trace_lane_set_cpu(struct trace *, int lane, uint64_t cpu_ns);

/* Asks every worker to stop early; safe from a signal handler. */
static inline void
trace_request_stop(struct trace *t)
{
	atomic_store_explicit(&t->stop, 1, memory_order_relaxed);
}

/* True once trace_request_stop was called. Cheap enough for hot loops. */
static inline int
trace_stopping(const struct trace *t)
{
	return atomic_load_explicit(&((struct trace *)t)->stop,
	    memory_order_relaxed);
}

/* Returns the CPU the caller runs on, or -1 where that is unknown. */
static inline int
trace_cpu(void)
{
	return sched_getcpu();
}

/*
 * Appends an event to a ring, stamped `ts_ns`. Only the lane's producer may
 * call this. Returns 0, or -1 when the ring was full and the event dropped.
 */
static inline int
trace_ring_push(struct trace_ring *r, const struct trace_event *ev)
{
	uint64_t h = atomic_load_explicit(&r->head, memory_order_relaxed);

	if (h - r->cached_tail > r->mask) {
		r->cached_tail = atomic_load_explicit(&r->tail,
		    memory_order_acquire);
		if (h - r->cached_tail > r->mask) {
			atomic_store_explicit(&r->dropped, atomic_load_explicit(
			    &r->dropped, memory_order_relaxed) + 1,
			    memory_order_relaxed);
			return -1;
		}
	}
	r->slots[h & r->mask] = *ev;
	atomic_store_explicit(&r->head, h + 1, memory_order_release);
	return 0;
}

/*
 * The timestamp of the last event the lane recorded (0 if none). Only the
 * lane's producer may ask: it reads the producer's own last slot.
 */
static inline uint64_t
trace_last_ts(struct trace *t, int lane)
{
	struct trace_ring *r = &t->lanes[lane].ring;
	uint64_t h = atomic_load_explicit(&r->head, memory_order_relaxed);

	return h == 0 ? 0 : r->slots[(h - 1) & r->mask].ts_ns;
}

/*
 * Records one event for `lane` stamped `ts_ns`, which must not be older
 * than the lane's last event, with the CPU the caller runs on now.
 */
static inline int
trace_record_at(struct trace *t, int lane, uint64_t ts_ns,
    enum trace_event_type type, enum trace_state state, uint32_t arg)
{
	struct trace_event ev;

	ev.ts_ns = ts_ns;
	ev.arg = arg;
	ev.type = (uint8_t)type;
	ev.state = (uint8_t)state;
	ev.cpu = (int16_t)trace_cpu();
	return trace_ring_push(&t->lanes[lane].ring, &ev);
}

/* Records one event for `lane`, stamped now and with the current CPU. */
static inline int
trace_record(struct trace *t, int lane, enum trace_event_type type,
    enum trace_state state, uint32_t arg)
{
	return trace_record_at(t, lane, clock_now_ns(), type, state, arg);
}

/* Records that `lane` entered `state`. */
static inline int
trace_state(struct trace *t, int lane, enum trace_state state)
{
	return trace_record(t, lane, TRACE_EV_STATE, state, 0);
}

/*
 * Copies up to `max` unread events of a ring into `out` and marks them
 * read. Only the ring's one consumer may call this. Returns the count.
 */
size_t		 trace_ring_drain(struct trace_ring *, struct trace_event *out,
		     size_t max);

/* Events dropped so far by every ring of the trace. */
uint64_t	 trace_dropped(const struct trace *);

/* Short lowercase names, as used in JSON, text and the legend. */
const char	*trace_state_name(enum trace_state);
/*
 * A state in words for people, in the interface language: the same words
 * on the screen, in the legends and in pictures ("waiting for the lock").
 */
const char	*trace_state_words(enum trace_state);
const char	*trace_kind_name(enum trace_kind);

#endif
