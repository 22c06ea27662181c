/*
 * work.c - calibrated CPU work, real I/O waits, and CPU affinity.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "engine/capacity.h"
#include "engine/gil.h"
#include "engine/work.h"
#include "trace/clock.h"

/* Longest sleep of work_io between two looks at the stop flag. */
#define WORK_IO_SLICE_NS 20000000u

static pthread_once_t calibrate_once = PTHREAD_ONCE_INIT;
static uint64_t per_ms;
static _Atomic uint64_t sink;

void
work_sink(uint64_t v)
{
	atomic_fetch_xor_explicit(&sink, v, memory_order_relaxed);
}

/*
 * Runs bytecodes for about 2 ms several times and keeps the fastest rate:
 * the fastest trial is the one least disturbed by other load, which is the
 * rate one idle core delivers.
 */
static void
calibrate(void)
{
	uint64_t best = 0, x = 88172645463325252ULL;

	for (int trial = 0; trial < 7; trial++) {
		uint64_t n = 0, t0 = clock_now_ns(), dt;

		do {
			for (int i = 0; i < 256; i++)
				x = work_bytecode(x);
			n += 256;
			dt = clock_now_ns() - t0;
		} while (dt < 2000000);
		if (n * 1000000 / dt > best)
			best = n * 1000000 / dt;
	}
	work_sink(x);
	per_ms = best > 0 ? best : 1;
}

uint64_t
work_calibrate(void)
{
	pthread_once(&calibrate_once, calibrate);
	return per_ms;
}

uint64_t
work_bytecodes_for_ms(double ms)
{
	double n = (double)work_calibrate() * ms;

	return n < 1 ? 1 : (uint64_t)n;
}

/*
 * Sleeps to an absolute deadline in slices of WORK_IO_SLICE_NS, looking at
 * the stop flag between them: the full sleep stays exact, a stop is seen
 * within a slice.
 */
void
work_io(const struct trace *t, double ms)
{
	uint64_t end, now;

	if (ms <= 0)
		return;
	end = clock_now_ns() + (uint64_t)(ms * 1e6);
	while ((now = clock_now_ns()) < end) {
		if (t != NULL && trace_stopping(t))
			return;
		clock_sleep_ns(end - now < WORK_IO_SLICE_NS ? end - now :
		    WORK_IO_SLICE_NS);
	}
}

void
work_split(enum work_kind kind, double unit_ms, double *cpu_ms, double *io_ms)
{
	switch (kind) {
	case WORK_CPU:
		*cpu_ms = unit_ms;
		*io_ms = 0;
		break;
	case WORK_IO:
		*cpu_ms = 0;
		*io_ms = unit_ms;
		break;
	case WORK_MIXED:
		*cpu_ms = unit_ms / 2;
		*io_ms = unit_ms / 2;
		break;
	}
}

int
work_share(int units, int n, int i)
{
	if (n <= 0)
		return 0;
	return units / n + (i < units % n ? 1 : 0);
}

int
work_online_cpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof set, &set) != 0)
		return (int)sysconf(_SC_NPROCESSORS_ONLN);
	return CPU_COUNT(&set);
}

static _Atomic int worker_nice;

void
work_set_niceness(int nice)
{
	atomic_store(&worker_nice, nice < 0 ? 0 : nice > 19 ? 19 : nice);
}

/* How long work_pick_cpus watches the CPUs: a few scheduler ticks. */
#define PICK_WINDOW_NS 40000000ull

/*
 * The CPUs picked for runs limited to some cores: a mask of CPUs 0-63
 * and how many it holds (0: none). Atomics, not a lock: a forked child
 * reads them, and a lock held by another thread at fork would never be
 * released in the child. A machine whose pick needs a CPU past 63 keeps
 * the first ones.
 */
static _Atomic uint64_t picked_mask;
static _Atomic int picked_n;

void
work_pick_cpus(int cores)
{
	cpu_set_t set;

	if (cores <= 0 || cores >= work_online_cpus())
		return;
	if (capacity_pick_quiet(cores, PICK_WINDOW_NS, &set) != cores)
		CPU_ZERO(&set);
	work_use_cpus(&set);
}

void
work_use_cpus(const cpu_set_t *set)
{
	uint64_t mask = 0;
	int n = 0;

	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, set)) {
			if (c >= 64) {
				mask = 0;
				n = 0;
				break;
			}
			mask |= (uint64_t)1 << c;
			n++;
		}
	atomic_store(&picked_n, 0);
	atomic_store(&picked_mask, mask);
	atomic_store(&picked_n, n);
}

bool
work_picked_cpus(int cores, cpu_set_t *set)
{
	int n = atomic_load(&picked_n);
	uint64_t mask = atomic_load(&picked_mask);

	/* A pick made meanwhile changes the count first: then keep none. */
	if (cores <= 0 || n != cores || atomic_load(&picked_n) != n)
		return false;
	CPU_ZERO(set);
	for (int c = 0; c < 64; c++)
		if (mask & ((uint64_t)1 << c))
			CPU_SET(c, set);
	return true;
}

/*
 * Keeps `cores` CPUs of the calling thread's allowed set (the ones
 * work_pick_cpus picked, or else the first ones) and applies the
 * workers' niceness (on Linux, per thread).
 */
int
work_worker_begin(int cores)
{
	cpu_set_t set, keep;
	int kept = 0, nice = atomic_load(&worker_nice);

	if (nice > 0)
		setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), nice);
	if (cores <= 0)
		return 0;
	if (work_picked_cpus(cores, &keep))
		return sched_setaffinity(0, sizeof keep, &keep);
	if (sched_getaffinity(0, sizeof set, &set) != 0)
		return -1;
	CPU_ZERO(&keep);
	for (int c = 0; c < CPU_SETSIZE && kept < cores; c++)
		if (CPU_ISSET(c, &set)) {
			CPU_SET(c, &keep);
			kept++;
		}
	return sched_setaffinity(0, sizeof keep, &keep);
}

/* Takes a look at both clocks as of `ts_ns`. */
void
work_preempt_start(struct preempt *pp, uint64_t ts_ns)
{
	pp->wall_ns = ts_ns;
	pp->cpu_ns = clock_thread_cpu_ns();
	pp->lost_ns = 0;
}

/* The lane runs from now: recorded, and its first look taken then. */
void
work_run_begin(struct preempt *pp, struct trace *t, int lane)
{
	uint64_t now = clock_now_ns();

	trace_record_at(t, lane, now, TRACE_EV_STATE, TRACE_RUN, 0);
	work_preempt_start(pp, now);
}

/*
 * Looks at both clocks. Since the last look the thread ran for dc and
 * lost the rest of the wall time to the OS. Events the lane recorded
 * since then may already stand after part of that loss, so only what is
 * certainly later than the last event is shown: from the last look (or
 * the last event, if later) plus the CPU time used, to now. Losses add
 * up from look to look; when they come to more than PREEMPT_MIN_NS they
 * are recorded as ready, as one stretch ending now (no earlier than the
 * last look or event: a stretch of many short losses is drawn where the
 * last of them was), and 1 returned. `wall` is the wall time of the look,
 * read by the caller (before its CPU clock, and at most a few
 * microseconds before when the lane let go of a lock in between).
 */
static int
preempt_look(struct preempt *pp, struct trace *t, int lane, uint64_t wall)
{
	uint64_t cpu = clock_thread_cpu_ns();
	uint64_t floor = pp->wall_ns, last = trace_last_ts(t, lane), from;
	int lost = 0;

	if (last > floor)
		floor = last;
	from = floor + (cpu - pp->cpu_ns);
	if (wall > from)
		pp->lost_ns += wall - from;
	if (pp->lost_ns > PREEMPT_MIN_NS) {
		from = wall - pp->lost_ns > floor ? wall - pp->lost_ns : floor;
		if (from > wall)
			from = wall;
		trace_record_at(t, lane, from, TRACE_EV_STATE, TRACE_READY, 0);
		pp->lost_ns = 0;
		lost = 1;
	}
	pp->wall_ns = wall;
	pp->cpu_ns = cpu;
	return lost;
}

/* A look in the middle of a run: ready for what was lost, running again. */
void
work_preempt_check(struct preempt *pp, struct trace *t, int lane)
{
	uint64_t now = clock_now_ns();

	if (preempt_look(pp, t, lane, now))
		trace_record_at(t, lane, now, TRACE_EV_STATE, TRACE_RUN, 0);
}

/* The lane's last look, or its last event if that came later. */
uint64_t
work_look_ts(struct preempt *pp, struct trace *t, int lane)
{
	uint64_t last = trace_last_ts(t, lane);

	return last > pp->wall_ns ? last : pp->wall_ns;
}

/* A mark of a running lane, as of its last look. */
void
work_mark(struct preempt *pp, struct trace *t, int lane, uint32_t arg)
{
	trace_record_at(t, lane, work_look_ts(pp, t, lane), TRACE_EV_MARK,
	    TRACE_NONE, arg);
}

/* The last look of a run, then the state the lane goes on in. */
void
work_run_end(struct preempt *pp, struct trace *t, int lane,
    enum trace_state next)
{
	work_run_end_at(pp, t, lane, clock_now_ns(), next);
}

void
work_run_end_at(struct preempt *pp, struct trace *t, int lane,
    uint64_t end_ns, enum trace_state next)
{
	preempt_look(pp, t, lane, end_ns);
	trace_record_at(t, lane, end_ns, TRACE_EV_STATE, next, 0);
}

/* The interpreter loop every CPU-bound worker runs (see work.h). */
uint64_t
work_run_bytecodes(struct trace *t, int lane, struct gil_thread *gts,
    struct preempt *pp, uint64_t n, const _Atomic int *enough, uint64_t x)
{
	int cpu = trace_cpu(), now;

	for (uint64_t i = 0; i < n; i++) {
		x = work_bytecode(x);
		if (gts != NULL)
			gil_check(gts);
		if (i % WORK_CHECK_EVERY != 0)
			continue;
		if (trace_stopping(t) || (enough != NULL &&
		    atomic_load_explicit(enough, memory_order_relaxed)))
			break;
		if ((now = trace_cpu()) != cpu) {
			/*
			 * A move to another CPU often follows a preemption:
			 * look before the CPU event, or the loss could only
			 * be placed after it.
			 */
			cpu = now;
			work_preempt_check(pp, t, lane);
			trace_record_at(t, lane, work_look_ts(pp, t, lane),
			    TRACE_EV_CPU, TRACE_NONE, 0);
		} else if (i % WORK_PREEMPT_EVERY == 0) {
			/* More runnable threads than cores: time-slicing. */
			work_preempt_check(pp, t, lane);
		}
	}
	work_preempt_check(pp, t, lane);
	return x;
}
