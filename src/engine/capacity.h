/*
 * capacity.h - how much of the machine a run could actually get.
 *
 * A speedup only means something next to the cores that were free while
 * it was measured: on a 2-core machine where another program keeps one
 * core busy, the most parallel engine there is shows about 1x. So every
 * run measures, over its own window, the CPU time the kernel gave to
 * anything else on the CPUs the run may use, and reports
 *
 *     cores_free = CPUs in the run's set - others' busy time / window
 *
 * where others' busy time is the busy time of those CPUs minus the run's
 * own CPU time. Per-CPU busy time comes from /proc/schedstat when the
 * kernel has it (nanoseconds of task run time per CPU), else from
 * /proc/stat (per-CPU idle time, in clock ticks: busy is the window less
 * idle; the resolution is one tick per CPU at each end of the window, so
 * short windows are noisy and figures are best read as medians).
 *
 * The parse functions take the files' text so the arithmetic can be
 * tested on fixed snapshots; capacity_begin/capacity_end read /proc.
 */
#ifndef TIMESLICE_ENGINE_CAPACITY_H
#define TIMESLICE_ENGINE_CAPACITY_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* CPUs a snapshot keeps; CPUs numbered beyond are ignored. */
#define CAPACITY_MAX_CPUS 256

enum capacity_source {
	CAPACITY_NONE = 0,
	CAPACITY_SCHEDSTAT,	/* busy ns per CPU (task run time) */
	CAPACITY_STAT		/* idle ns per CPU (ticks converted) */
};

/* Per-CPU counters at one moment. */
struct capacity_snap {
	enum capacity_source	source;
	uint64_t		ns[CAPACITY_MAX_CPUS];	/* busy or idle */
	bool			present[CAPACITY_MAX_CPUS];
};

/* One measuring window over one set of CPUs. */
struct capacity {
	cpu_set_t		set;		/* the CPUs the run may use */
	int			ncpus;		/* how many they are */
	bool			whole;		/* the set is all this process
						 * may use */
	struct capacity_snap	begin;
	uint64_t		wall0;
	uint64_t		self0, children0;	/* own CPU time */
};

/*
 * Parses /proc/schedstat text (version 15 or later: the 7th number of a
 * `cpuN` line is its tasks' run time in ns). Returns 0, or -1 when the
 * text is not in that format.
 */
int	capacity_parse_schedstat(const char *text, struct capacity_snap *);

/*
 * Parses /proc/stat text: the idle and iowait columns of each `cpuN`
 * line, `hz` ticks per second. Returns 0, or -1 if no `cpuN` line.
 */
int	capacity_parse_stat(const char *text, long hz, struct capacity_snap *);

/*
 * The arithmetic: busy time of the CPUs in `set` between snapshots `a`
 * and `b` taken `window_ns` apart, less `own_ns` (the run's CPU time),
 * gives what other programs took; returns the CPUs of the set minus that
 * share, clamped to [0, CPUs in the set], or -1 when the snapshots miss a
 * CPU of the set or the window is empty.
 */
double	capacity_cores_free(const struct capacity_snap *a,
	    const struct capacity_snap *b, const cpu_set_t *set,
	    uint64_t window_ns, uint64_t own_ns);

/*
 * The CPUs a run with `cores` (0 = all) may use: the first `cores` of the
 * calling thread's allowed CPUs, as workers restrict themselves. Returns
 * their count; *whole says whether that is every allowed CPU.
 */
int	capacity_cpu_set(int cores, cpu_set_t *set, bool *whole);

/* Starts a window over the CPUs a run with `cores` may use. */
void	capacity_begin(struct capacity *, int cores);

/*
 * Ends the window and returns the cores that were free during it, or -1
 * when the kernel gives no per-CPU figures. The run's own time is this
 * process's CPU time plus its reaped children's when the set is every
 * CPU the process may use; with fewer CPUs only the workers are confined
 * to them, so their time, `workers_cpu_ns`, is used instead.
 */
double	capacity_end(struct capacity *, uint64_t workers_cpu_ns);

/* What a recording says about the machine it was made on. */
struct capacity_machine {
	int	cpus;		/* CPUs this process may use */
	char	model[128];	/* from /proc/cpuinfo, or "unknown" */
	char	kernel[128];	/* uname -r */
};

void	capacity_machine(struct capacity_machine *);

/*
 * The `n` CPUs of `allowed` whose counters between snapshots `a` and `b`
 * show the least busy time (ties: the lower number first) into *out.
 * Returns how many were put: fewer than `n` when `allowed` has fewer or
 * the snapshots miss some of its CPUs.
 */
int	capacity_least_busy(const struct capacity_snap *a,
	    const struct capacity_snap *b, const cpu_set_t *allowed, int n,
	    cpu_set_t *out);

/*
 * Watches the CPUs this process may use for `window_ns` and puts the `n`
 * least busy into *out, so that a run limited to n cores does not land
 * on the one another program keeps busy. Returns how many were put, or 0
 * when the kernel gives no per-CPU counters (*out is then empty).
 */
int	capacity_pick_quiet(int n, uint64_t window_ns, cpu_set_t *out);

/*
 * The CPU model named in /proc/cpuinfo text ("model name", or "Hardware"
 * or "cpu model" on other architectures) into out; "unknown" if none.
 */
void	capacity_parse_model(const char *text, char *out, size_t size);

#endif
