/*
 * work.h - the units of work every engine runs: calibrated CPU "bytecodes"
 * and real blocking waits, plus the small helpers workers share.
 *
 * A CPU unit is a loop of bytecodes, each a short fixed chain of integer
 * operations the compiler cannot fold away; work_calibrate() measures how
 * many run in a millisecond on this machine so that one unit takes about
 * --unit-ms on one otherwise idle core. Engines run bytecodes one at a
 * time through work_bytecode() so that, between two, they can do what an
 * interpreter does there (check the GIL drop request, count ticks).
 */
#ifndef TIMESLICE_ENGINE_WORK_H
#define TIMESLICE_ENGINE_WORK_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/params.h"
#include "trace/trace.h"

/*
 * Measures bytecodes per millisecond once per process (later calls return
 * the cached figure). Thread-safe.
 */
uint64_t	work_calibrate(void);

/* Bytecodes that make `ms` milliseconds of CPU work on one core. */
uint64_t	work_bytecodes_for_ms(double ms);

/* Runs one bytecode on `state` and returns the new state. */
static inline uint64_t
work_bytecode(uint64_t x)
{
	/* xorshift64*, a few rounds: cheap, serial, impossible to fold. */
	for (int i = 0; i < 8; i++) {
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		x *= 0x2545F4914F6CDD1DULL;
	}
	return x;
}

/*
 * Blocks the caller for `ms` milliseconds in a real sleep, or less when
 * trace `t` (if not NULL) is asked to stop meanwhile.
 */
void		work_io(const struct trace *t, double ms);

/*
 * How one unit of `kind` splits into CPU and I/O milliseconds: all CPU,
 * all I/O, or (mixed) half of each.
 */
void		work_split(enum work_kind kind, double unit_ms,
		    double *cpu_ms, double *io_ms);

/* How many of `units` items worker `i` of `n` gets (first ones get more). */
int		work_share(int units, int n, int i);

/*
 * Called by every worker thread or child as it starts: restricts it to
 * the first `cores` CPUs it may run on (0 = leave it alone) and gives it
 * the niceness set with work_set_niceness. Returns 0 or -1.
 */
int		work_worker_begin(int cores);

/*
 * At the start of a run limited to `cores` CPUs (fewer than this process
 * may use): watches the CPUs for a moment and keeps the `cores` least
 * busy for work_worker_begin, so that the run and its baseline use the
 * free ones, not the first ones. Does nothing for cores <= 0.
 */
void		work_pick_cpus(int cores);

/* Keeps `set` as the CPUs of runs limited to CPU_COUNT(set) cores. */
void		work_use_cpus(const cpu_set_t *set);

/*
 * The CPUs work_pick_cpus kept for `cores` into *set (for measuring the
 * cores free on them). Returns false, leaving *set alone, when none were
 * picked for that many.
 */
bool		work_picked_cpus(int cores, cpu_set_t *set);

/*
 * Makes workers started from now on run at niceness `nice` (0..19). The
 * live demo sets a little: sixty-four CPU-bound workers on two cores must
 * not starve the thread that draws them and reads the keyboard. Workers
 * and their sequential baseline get the same niceness, so measured
 * ratios are unchanged on an otherwise idle machine.
 */
void		work_set_niceness(int nice);

/* Number of CPUs this process may run on. */
int		work_online_cpus(void);

/*
 * Running means on a CPU. A lane is shown running only while its
 * thread's CPU clock advances: a thread that lost wall time without
 * gaining CPU time between two looks at both clocks was preempted (more
 * runnable threads than cores, --cores 1, a busy machine), and that span
 * is recorded as TRACE_READY, stamped from the moment it stopped gaining
 * CPU. A lane starts running with work_run_begin, is looked at with
 * work_preempt_check while it runs (every few thousand bytecodes:
 * reading the thread CPU clock is a system call), and stops with
 * work_run_end, which makes one last look before it records what the
 * lane does next. A look can
 * only place a loss after the lane's last event, so whatever a running
 * lane records besides its state (marks, a move to another CPU, a lock
 * taken) is stamped with its last look (work_look_ts, work_mark) and
 * comes right after one: a system call is where the OS most often
 * preempts, and an event stamped after the preemption would hide it.
 */
struct preempt {
	uint64_t	wall_ns;	/* the last look: CLOCK_MONOTONIC */
	uint64_t	cpu_ns;		/* ... and the thread's CPU clock */
	uint64_t	lost_ns;	/* short losses not shown yet */
};

/*
 * Losses are shown once they add up to more than this: one look's loss
 * that short is noise (an interrupt, a page fault), but a busy machine's
 * threads that wake often take the CPU for many short turns, and those
 * add up.
 */
#define PREEMPT_MIN_NS 200000

/* Records that `lane` runs from now and takes the first look. */
void	work_run_begin(struct preempt *, struct trace *, int lane);

/* Starts watching at `ts_ns`, when the lane was recorded running. */
void	work_preempt_start(struct preempt *, uint64_t ts_ns);

/*
 * Looks at both clocks; if the OS took the CPU since the last look,
 * records that span as ready and the lane running again now.
 */
void	work_preempt_check(struct preempt *, struct trace *, int lane);

/*
 * The time to stamp an event `lane` records while it runs: its last look
 * (never before its last event). Call it right after a look.
 */
uint64_t work_look_ts(struct preempt *, struct trace *, int lane);

/* Records mark `arg` for the running `lane`, stamped work_look_ts. */
void	work_mark(struct preempt *, struct trace *, int lane, uint32_t arg);

/*
 * Looks one last time, as work_preempt_check, and records that `lane`
 * stops running for `next` (lock-wait, io, busy, idle, done).
 */
void	work_run_end(struct preempt *, struct trace *, int lane,
	    enum trace_state next);

/*
 * As work_run_end for a run that ended at `end_ns`, a little before the
 * call: the lane let go of something (the GIL) first and looks at its CPU
 * clock after, so that the look's system call does not delay the hand-off.
 * The CPU time spent in between counts as run, so a loss can only come
 * out a few microseconds short.
 */
void	work_run_end_at(struct preempt *, struct trace *, int lane,
	    uint64_t end_ns, enum trace_state next);

struct gil_thread;

/* Bytecodes between two looks at the stop flag and the current CPU. */
#define WORK_CHECK_EVERY 64
/* Bytecodes between two looks at the thread's CPU clock (a syscall). */
#define WORK_PREEMPT_EVERY 2048

/*
 * Runs up to `n` bytecodes on `x` as `lane`, which is running and
 * watched by `pp`, as an interpreter thread would: between each two, the
 * GIL check when `gts` is not NULL (then `pp` is the GIL thread's own);
 * every WORK_CHECK_EVERY, a look at the stop flag and at `*enough` (when
 * not NULL: another thread says the work is over) and, if the thread
 * moved, a look for preemption and a CPU event; every WORK_PREEMPT_EVERY
 * and at the end, a look for preemption. Returns the new x.
 */
uint64_t	work_run_bytecodes(struct trace *, int lane,
		    struct gil_thread *gts, struct preempt *pp, uint64_t n,
		    const _Atomic int *enough, uint64_t x);

/*
 * Somewhere for results of throwaway computation to go, so the compiler
 * keeps the loops that produce them.
 */
void		work_sink(uint64_t);

#endif
