/*
 * trace.c - creating the shared mapping that holds every lane's ring, and
 * the consumer's half of the ring protocol.
 *
 * The producer's half (trace_ring_push) is inline in trace.h because it is
 * on every worker's hot path. The mapping is MAP_SHARED and anonymous, so
 * it survives fork() at the same address: the slots pointers stored in the
 * rings stay valid in children.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "i18n.h"
#include "trace/trace.h"
#include "util.h"

/*
 * Rings stay resident once touched while all of them together fit in
 * TRACE_RESIDENT_BUDGET. A trace with more lanes hands pages back as they
 * are read, past the first TRACE_RING_KEEP bytes of each ring: then, with
 * TRACE_MAX_LANES lanes, it keeps at most 96 x 64 KiB = 6 MiB resident
 * beyond what is unread, however long it runs. Handing back costs the
 * writer a page fault every 256 events, which one busy lane (as `timeslice
 * bench` measures) is spared.
 */
#define TRACE_RESIDENT_BUDGET (16u << 20)
#define TRACE_RING_KEEP (64u << 10)
#define TRACE_PAGE 4096u

/* Rounds v up to a power of two (at least 16). */
static uint32_t
round_pow2(uint32_t v)
{
	uint32_t p = 16;

	while (p < v && p < (1u << 30))
		p <<= 1;
	return p;
}

/* Bytes of the header (struct trace), rounded to a cache line. */
static size_t
header_size(void)
{
	return (sizeof(struct trace) + TRACE_CACHELINE - 1) &
	    ~(size_t)(TRACE_CACHELINE - 1);
}

/* Where the slots of lane `i`'s ring start, from the mapping's base. */
static size_t
ring_offset(const struct trace *t, int i)
{
	size_t ev = sizeof(struct trace_event);

	if (i < TRACE_FULL_LANES)
		return header_size() + (size_t)i * t->capacity * ev;
	return header_size() + (size_t)TRACE_FULL_LANES * t->capacity * ev +
	    (size_t)(i - TRACE_FULL_LANES) * t->small_capacity * ev;
}

/*
 * Creates a trace. Pages are touched lazily by the kernel, so a generous
 * capacity costs address space, not memory, until events arrive. Without
 * MAP_NORESERVE the kernel would still reserve the whole mapping against
 * its commit limit (hundreds of MB a trace, and a demo holds several);
 * with it, only pages that events fill are charged. Under strict
 * overcommit (vm.overcommit_memory=2) the kernel ignores the flag and
 * still charges the whole mapping.
 * A lane's ring is set up only when the lane is added, so the thousands of
 * lanes a trace may hold cost nothing until they are used.
 */
struct trace *
trace_new(uint32_t capacity, char **cause)
{
	struct trace *t;
	size_t size;
	char *base;

	capacity = round_pow2(capacity);
	size = header_size() + (size_t)TRACE_FULL_LANES * capacity *
	    sizeof(struct trace_event) +
	    (size_t)(TRACE_MAX_LANES - TRACE_FULL_LANES) *
	    (capacity < TRACE_SMALL_RING ? capacity : TRACE_SMALL_RING) *
	    sizeof(struct trace_event);
	base = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED) {
		xasprintf(cause, "cannot map %zu bytes for the trace: %s", size,
		    strerror(errno));
		return NULL;
	}
	/* The mapping is zero-filled: every counter and atomic starts at 0. */
	t = (struct trace *)base;
	t->map_size = size;
	t->capacity = capacity;
	t->small_capacity = capacity < TRACE_SMALL_RING ? capacity :
	    TRACE_SMALL_RING;
	atomic_init(&t->nlanes, 0);
	t->owner_pid = getpid();
	t->start_ns = clock_now_ns();
	atomic_init(&t->stop, 0);
	return t;
}

/* Unmaps a trace. */
void
trace_free(struct trace *t)
{
	if (t != NULL)
		munmap(t, t->map_size);
}

/* Adds a lane; its worker has not started yet, so plain stores suffice. */
int
trace_lane_add(struct trace *t, const char *name, enum trace_kind kind,
    int group)
{
	struct trace_lane *l;
	int n = atomic_load_explicit(&t->nlanes, memory_order_relaxed);

	if (n >= TRACE_MAX_LANES)
		return -1;
	l = &t->lanes[n];
	l->ring.mask = (n < TRACE_FULL_LANES ? t->capacity :
	    t->small_capacity) - 1;
	l->ring.slots = (struct trace_event *)((char *)t + ring_offset(t, n));
	/*
	 * Fault the ring's first page in now, so that recording never
	 * waits for the kernel to find memory (a shared page costs a few
	 * microseconds to fault: ten thousand tasks would pay it inside
	 * the run they are timing).
	 */
	*(volatile uint64_t *)&l->ring.slots[0].ts_ns = 0;
	util_utf8_copy(l->name, sizeof l->name, name);
	l->kind = (uint8_t)kind;
	l->group = group;
	/*
	 * Past the budget, every ring larger than what it keeps hands its
	 * read pages back: the rings before this one once, when the budget
	 * is first passed, then each new one as it is set up.
	 */
	if (ring_offset(t, n + 1) - header_size() > TRACE_RESIDENT_BUDGET) {
		int from = ring_offset(t, n) - header_size() >
		    TRACE_RESIDENT_BUDGET ? n : 0;

		for (int i = from; i <= n; i++)
			if (((size_t)t->lanes[i].ring.mask + 1) *
			    sizeof(struct trace_event) > TRACE_RING_KEEP)
				atomic_store_explicit(&t->lanes[i].ring.trim,
				    1, memory_order_relaxed);
	}
	atomic_store(&l->pid, getpid());
	atomic_store(&l->tid, getpid());
	atomic_store_explicit(&t->nlanes, n + 1, memory_order_release);
	return n;
}

/* Records who is acting as the lane, for exports with real pids and tids. */
void
trace_lane_bind(struct trace *t, int lane)
{
	atomic_store_explicit(&t->lanes[lane].pid, getpid(),
	    memory_order_relaxed);
	atomic_store_explicit(&t->lanes[lane].tid, (int)syscall(SYS_gettid),
	    memory_order_relaxed);
	t->lanes[lane].cpu_start = clock_thread_cpu_ns();
}

void
trace_lane_finish(struct trace *t, int lane)
{
	trace_lane_set_cpu(t, lane, clock_thread_cpu_ns() -
	    t->lanes[lane].cpu_start);
}

/* Stores the CPU time a worker used. */
void
trace_lane_set_cpu(struct trace *t, int lane, uint64_t cpu_ns)
{
	atomic_store_explicit(&t->lanes[lane].cpu_ns, cpu_ns,
	    memory_order_relaxed);
}

/*
 * The position of the last page boundary at or before `pos` in ring `r`'s
 * slots (pages are whole numbers of slots; the ring need not start on
 * one).
 */
static uint64_t
page_floor(const struct trace_ring *r, uint64_t pos)
{
	uint64_t per = TRACE_PAGE / sizeof(struct trace_event);
	uint64_t skew = ((uintptr_t)r->slots % TRACE_PAGE) /
	    sizeof(struct trace_event);

	return pos + skew < per ? 0 : (pos + skew) / per * per - skew;
}

/*
 * Gives back the whole pages of slots [from, to), except the first
 * TRACE_RING_KEEP bytes of the ring: the mapping is shared memory, which
 * stays charged once touched until punched out. The producer cannot write
 * there until tail passes `to`, so nothing it writes is lost.
 */
static void
ring_trim(struct trace_ring *r, uint64_t from, uint64_t to)
{
	size_t cap = (size_t)r->mask + 1, keep = TRACE_RING_KEEP /
	    sizeof(struct trace_event);

	while (from < to) {
		size_t at = (size_t)(from & r->mask);
		size_t n = to - from < cap - at ? (size_t)(to - from) : cap - at;
		uintptr_t lo = (uintptr_t)(r->slots + (at > keep ? at : keep));
		uintptr_t hi = (uintptr_t)(r->slots + at + n);

		/* Whole pages only: the ring's ends share theirs. */
		lo = (lo + TRACE_PAGE - 1) & ~(uintptr_t)(TRACE_PAGE - 1);
		hi &= ~(uintptr_t)(TRACE_PAGE - 1);
		if (hi > lo)
			madvise((void *)lo, hi - lo, MADV_REMOVE);
		from += n;
	}
}

/*
 * The consumer's half: copy what the producer published (acquire on head
 * pairs with its release), then hand the slots back (release on tail pairs
 * with the producer's acquire before it overwrites them). A ring told to
 * trim hands slots back a page at a time, punching each page out first,
 * so that a long run keeps only what is unread resident.
 */
size_t
trace_ring_drain(struct trace_ring *r, struct trace_event *out, size_t max)
{
	uint64_t t = atomic_load_explicit(&r->tail, memory_order_relaxed);
	uint64_t h = atomic_load_explicit(&r->head, memory_order_acquire);
	uint64_t rd = r->read > t ? r->read : t, nt;
	size_t n = 0;

	while (rd + n < h && n < max) {
		out[n] = r->slots[(rd + n) & r->mask];
		n++;
	}
	r->read = rd + n;
	nt = r->read;
	if (atomic_load_explicit(&r->trim, memory_order_relaxed)) {
		nt = page_floor(r, r->read);
		if (nt <= t)
			return n;
		ring_trim(r, t, nt);
	}
	atomic_store_explicit(&r->tail, nt, memory_order_release);
	return n;
}

/* Events lost to full rings, over every lane. */
uint64_t
trace_dropped(const struct trace *t)
{
	uint64_t n = 0;

	for (int i = 0; i < trace_nlanes(t); i++)
		n += atomic_load_explicit(&((struct trace *)t)->lanes[i].ring.dropped,
		    memory_order_relaxed);
	return n;
}

static const char *const state_names[TRACE_STATE_COUNT] = {
	"none", "running", "lock-wait", "io", "ready", "idle", "done", "busy",
	"blocked"
};

/* The name of a state, as it appears in JSON and legends. */
const char *
trace_state_name(enum trace_state s)
{
	return (unsigned)s < TRACE_STATE_COUNT ? state_names[s] : "unknown";
}

/* The JSON "kind" of a lane. */
const char *
trace_kind_name(enum trace_kind k)
{
	switch (k) {
	case TRACE_KIND_THREAD:
		return "thread";
	case TRACE_KIND_PROCESS:
		return "process";
	case TRACE_KIND_TASK:
		return "task";
	default:
		return "unknown";
	}
}

const char *
trace_state_words(enum trace_state s)
{
	switch (s) {
	case TRACE_RUN:
		return _("running");
	case TRACE_BUSY:
		return _("busy off the CPU");
	case TRACE_LOCK_WAIT:
		return _("waiting for the lock");
	case TRACE_IO:
		return _("in I/O");
	case TRACE_READY:
		return _("ready, not running");
	case TRACE_IDLE:
		return _("idle");
	case TRACE_DONE:
		return _("done");
	case TRACE_BLOCKED:
		return _("blocked: waiting for another thread");
	default:
		return _("not started");
	}
}
