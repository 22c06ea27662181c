/*
 * testutil.h - what the Check suites share: running an experiment, the
 * trace invariants every engine must keep, and running the real binary.
 */
#ifndef TIMESLICE_TESTUTIL_H
#define TIMESLICE_TESTUTIL_H

#include <check.h>
#include <stddef.h>

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

/*
 * Speedup as benchmarks measure it on a shared machine: the fastest of
 * `runs` sequential baselines over the fastest of `runs` concurrent runs,
 * each pair back to back (a load spike only ever slows a run down).
 * `args` as for tu_run. If `parallelism` is not NULL it receives the
 * median of cpu time / wall time of the concurrent runs.
 */
double	tu_best_speedup(const char *scenario, const char *args, int runs,
	    double *parallelism);

/*
 * How many cores' worth of CPU this process can get right now: all CPUs
 * it may use spin together for a moment while capacity.h measures what
 * other programs still took (best of three). On an idle 2-core machine
 * about 2; with another program spinning on one core, about 1. A run
 * measures the same for itself (experiment.cores_free); this is for
 * checks that want the figure before they run.
 */
double	tu_free_cores(void);

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
