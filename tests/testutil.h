/*
 * testutil.h - what the Check suites share: running an experiment, the
 * trace invariants every engine must keep, running the real binary, and
 * judging a claim about speed only when the machine let it be judged.
 *
 * Undecided claims. A claim about speed tells right code from wrong only
 * if the run could get the cores the claim is about: two CPU-bound
 * processes show a speedup of about 1 whether they run in parallel or
 * one after the other when a neighbour left one core free. So a test of
 * such a claim takes the cores that were free while it measured (every
 * experiment measures them, capacity.h; tu_window_* for anything else)
 * and asks TU_NEED_CORES before it judges. A claim the machine cannot
 * decide is neither passed nor failed: the test prints
 *
 *     SKIP: <test>: <reason>
 *
 * on stdout and ends. Check has no skipped state, so tu_main keeps the
 * count across Check's forked children: a program whose every test was
 * undecided exits 77 (meson's "skipped"); otherwise the decided tests
 * give the verdict as usual and the SKIP lines say what was not judged.
 */
#ifndef TIMESLICE_TESTUTIL_H
#define TIMESLICE_TESTUTIL_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>

#include "engine/capacity.h"
#include "engine/experiment.h"

/*
 * Runs `scenario` with the defaults changed by `args` ("workers=2
 * work=io units=8"), failing the test on any error. No baseline unless
 * args contains "baseline=1".
 */
void	tu_run(struct experiment *, const char *scenario, const char *args);

/*
 * Checks what every recorded run must satisfy: per lane, timestamps rise
 * and intervals abut without overlapping from the first event to the
 * last; no event out of order; nothing dropped (when `allow_drops` is
 * 0); holds of one lock never overlap (checked when nothing was dropped).
 */
void	tu_check_invariants(const struct experiment *, int allow_drops);

/* Among lanes whose name starts with `prefix`, is any in RUN at ts? */
int	tu_running_at(const struct experiment *, int lane, unsigned long long ts);

/*
 * Runs the timeslice binary (TIMESLICE_BIN) with argv, capturing stdout
 * and stderr (each up to `cap` bytes). Returns the exit status, or
 * 128+signal.
 */
int	tu_exec(char *const argv[], char *out, size_t outcap, char *err,
	    size_t errcap);

/* The same for the program at `path`. */
int	tu_exec_path(const char *path, char *const argv[], char *out,
	    size_t outcap, char *err, size_t errcap);

/* A speedup as tu_best_speedup measures it, with what the runs had. */
struct tu_speedup {
	double	speedup;	/* fastest baseline / fastest run */
	double	parallelism;	/* median cpu time / wall time of the runs */
	double	cores_free;	/* the most any run had free, or -1 */
	double	baseline_cores_free;	/* the most any baseline had */
};

/*
 * Speedup as benchmarks measure it on a shared machine: the fastest of
 * `runs` sequential baselines over the fastest of `runs` concurrent runs,
 * each pair back to back (a load spike only ever slows a run down).
 * `args` as for tu_run. The capacity figures are the most any run (and
 * any baseline) had: a best-of figure is as good as its least disturbed
 * run, and the most free cores say how undisturbed that could have been.
 */
void	tu_best_speedup(const char *scenario, const char *args, int runs,
	    struct tu_speedup *);

/*
 * A claim needing `need` cores is judged when at least this share of
 * them was free: a claim about two cores needs 1.6. Below it, a
 * neighbour's work and the claim's opposite look alike.
 */
#define TU_DECIDE_SHARE 0.8

/*
 * Whether `got` cores free (-1: the kernel gives no figure, taken as a
 * quiet machine, as grading does) decide a claim needing `need` cores.
 */
bool	tu_cores_enough(double got, double need);

/*
 * tu_cores_enough, and if not, reports test `test` undecided: "<what>
 * needs <need> cores free, <need x TU_DECIDE_SHARE> decide; only <got>
 * were".
 */
bool	tu_cores_decide(const char *test, double got, double need,
	    const char *what);

/*
 * Reports test `test` undecided, for the reason fmt says; the test must
 * end without another check (the macros below do both).
 */
void	tu_undecided(const char *test, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Reports one claim of test `test` undecided while the test goes on to
 * judge others: the SKIP line only.
 */
void	tu_undecided_claim(const char *test, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* In a test: ends it undecided unless `got` cores decide `need`. */
#define TU_NEED_CORES(got, need, what) do { \
	if (!tu_cores_decide(__func__, (got), (need), (what))) \
		return; \
} while (0)

/* In a test: ends it undecided, for the reason given printf-style. */
#define TU_SKIP(...) do { \
	tu_undecided(__func__, __VA_ARGS__); \
	return; \
} while (0)

/*
 * A window over every CPU this process may use, for checks that run no
 * experiment: tu_window_end gives the cores that were free since
 * tu_window_begin (capacity.h), or -1 when the kernel gives no figures.
 * /proc gives them in clock ticks, so a window should last a good part
 * of a second.
 */
void	tu_window_begin(struct capacity *);
double	tu_window_end(struct capacity *);

/* Runs every test of `s`, frees it, and returns the exit status. */
int	tu_main(Suite *s);

/*
 * Whether this process may run permission tests as they are meant: not
 * root, whom file permissions do not stop.
 */
int	tu_unprivileged(void);

/*
 * Runs the TCase `tcase` of this very test program again as the user
 * `nobody` (group `nogroup`, no supplementary groups), for tests of what
 * permissions forbid, which root would walk through. The program is
 * copied to a fresh folder every user may read, so where the build tree
 * lives does not matter. Fails the test unless the run passed every one
 * of its checks and ran at least `min_checks`; returns how many it ran.
 */
int	tu_rerun_unprivileged(const char *tcase, int min_checks);

/* The number of file descriptors this process has open. */
int	tu_open_fds(void);

/* The median of n doubles (sorts them). */
double	tu_median(double *v, int n);

#endif
