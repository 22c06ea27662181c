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

#include <stdint.h>

#include "engine/scenario.h"

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
 * Makes workers started from now on run at niceness `nice` (0..19). The
 * live UI sets a little: sixty-four CPU-bound workers on two cores must
 * not starve the thread that draws them and reads the keyboard. Workers
 * and their sequential baseline get the same niceness, so measured
 * ratios are unchanged on an otherwise idle machine.
 */
void		work_set_niceness(int nice);

/* Number of CPUs this process may run on. */
int		work_online_cpus(void);

/*
 * Watching for the OS scheduler taking the CPU away from a worker that
 * wants to run (more runnable workers than cores, or --cores 1): between
 * two checks, a thread that lost wall time without gaining CPU time was
 * preempted. The check records that span as TRACE_READY (stamped from the
 * moment it stopped gaining CPU) and TRACE_RUN again now, so lanes show
 * time-slicing on a busy core instead of a solid bar. Reading the thread
 * CPU clock is a system call, so call work_preempt_check every few
 * thousand bytecodes, not every one.
 */
struct preempt {
	uint64_t	wall_ns;
	uint64_t	cpu_ns;
};

/* Losses shorter than this are noise (interrupts, a page fault). */
#define PREEMPT_MIN_NS 200000

void	work_preempt_start(struct preempt *);
void	work_preempt_check(struct preempt *, struct trace *, int lane);

struct gil_thread;

/* Bytecodes between two looks at the stop flag and the current CPU. */
#define WORK_CHECK_EVERY 64
/* Bytecodes between two looks at the thread's CPU clock (a syscall). */
#define WORK_PREEMPT_EVERY 2048

/*
 * Runs up to `n` bytecodes on `x` as `lane`, as an interpreter thread
 * would: between each two, the GIL check when `gts` is not NULL; every
 * WORK_CHECK_EVERY, a look at the stop flag and at `*enough` (when not
 * NULL: another thread says the work is over) and a CPU event if the
 * thread moved; every WORK_PREEMPT_EVERY, a look for OS preemption.
 * Returns the new x.
 */
uint64_t	work_run_bytecodes(struct trace *, int lane,
		    struct gil_thread *gts, uint64_t n,
		    const _Atomic int *enough, uint64_t x);

/*
 * Somewhere for results of throwaway computation to go, so the compiler
 * keeps the loops that produce them.
 */
void		work_sink(uint64_t);

#endif
