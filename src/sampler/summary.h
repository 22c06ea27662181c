/*
 * summary.h - what `timeslice trace` prints once the program has ended:
 * the JSON object (the keys of `timeslice run --format json`, plus
 * `command`) and the text summary with its ASCII timeline.
 */
#ifndef TIMESLICE_SAMPLER_SUMMARY_H
#define TIMESLICE_SAMPLER_SUMMARY_H

#include <stdbool.h>
#include <stdio.h>

#include "sampler/sampler.h"
#include "trace/log.h"
#include "trace/stats.h"

/* A finished trace of a real program and the figures derived from it. */
struct tracerun {
	char *const	*argv;		/* the command */
	pid_t		 pid;		/* the program */
	bool		 attached;	/* --pid: we did not start it */
	bool		 hook;		/* the Python hook was offered */
	const char	*steps;		/* with its C step recorder, or NULL */
	double		 rate_hz;	/* asked for */
	struct trace	*trace;
	struct log	*log;
	struct sampler	*sampler;
	uint64_t	 hook_lines;
	uint64_t	 hook_dropped;	/* lines past a round's budget */
	bool		 interrupted;
	int		 exit_status;	/* the program's as a shell gives it
					   (128+N when signal N killed it),
					   -1 if unknown */
	int		 signal;	/* the signal that killed it, or 0 */
	bool		 stopped;	/* it was seen stopped (state T) */
	uint64_t	 start_ns, end_ns;
	double		 cores_free;	/* CPU capacity the program could get */

	/* Filled by summary_compute: */
	struct lane_stats lanes[TRACE_MAX_LANES];
	struct lock_stats lock;
	bool		 has_lock;
	struct sampler_figures fig;
	uint64_t	 dropped;
};

/* Derives every figure from the closed log. */
void	summary_compute(struct tracerun *);

void	summary_json(FILE *, const struct tracerun *);
void	summary_text(FILE *, const struct tracerun *, int width);

/* "SIGSEGV" for 11, and so on; "signal" for one it does not name. */
const char *summary_signal_name(int sig);

/*
 * How the program ended, in words of the interface language, into buf:
 * "exited with status 3", "was killed by signal 11 (SIGSEGV)", to follow
 * "the program". Empty when it is not known (attached, or running).
 */
void	summary_ending(const struct tracerun *, char *buf, size_t len);


#endif
