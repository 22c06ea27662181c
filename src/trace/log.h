/*
 * log.h - the consumer side of a trace: drains the rings and turns events
 * into per-lane state intervals and lock-ownership intervals.
 *
 * A log belongs to one thread (the runner that reports, or the UI). It
 * polls the rings whenever it likes; every poll appends what the workers
 * recorded since the last one, so a live view can redraw incrementally.
 * Intervals are half-open [start_ns, end_ns); the last interval of a lane
 * that has not finished is open and has end_ns == 0 until it closes.
 * Everything the exporters, the statistics and the timeline view need is
 * derived from here; none of them reads a ring.
 *
 * A log keeps a window, not a history: the lanes share LOG_WINDOW_TOTAL
 * intervals equally, and when a lane fills its share the older ones
 * scroll out into running totals (struct log_gone) that the statistics
 * add back, so every figure stays exact except the wait percentiles of a
 * lane that scrolled, read from a log-bucket histogram to within
 * LOG_HIST_ERROR. Holds and points scroll the same way. Memory is bounded
 * whatever the run's length: 2^18 intervals x 24 B = 6 MiB, one histogram
 * of 7.6 KiB a lane that scrolled (96 lanes: 732 KiB), and 2 x 16384 x
 * 24 B = 768 KiB of holds and points: under 8 MiB a log.
 */
#ifndef TIMESLICE_TRACE_LOG_H
#define TIMESLICE_TRACE_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "trace/trace.h"

/* A span of time one lane spent in one state on one CPU. */
struct log_interval {
	uint64_t	start_ns;
	uint64_t	end_ns;		/* 0 while still open */
	uint8_t		state;		/* enum trace_state */
	int16_t		cpu;		/* CPU when the interval began, or -1 */
	uint32_t	lock;		/* TRACE_LOCK_WAIT: the lock waited for
					   (the state event's arg; 0 is the GIL
					   or a lock nobody named) */
};

/* A span of time during which `lane` held lock `lock`. */
struct log_hold {
	uint64_t	start_ns;
	uint64_t	end_ns;		/* 0 while still held */
	int		lane;
	uint32_t	lock;
};

/* A point event worth keeping: marks and GIL drop requests. */
struct log_point {
	uint64_t	ts_ns;
	int		lane;
	uint8_t		type;		/* TRACE_EV_MARK or TRACE_EV_DROP_REQUEST */
	uint32_t	arg;
};

/* Locks one lane may hold at once (a thread inside nested `with`s). */
#define LOG_MAX_HELD 8

/* Intervals every lane's window together holds. */
#define LOG_WINDOW_TOTAL	(1u << 18)
/* Holds and points kept, likewise. */
#define LOG_WINDOW_HOLDS	16384
#define LOG_WINDOW_POINTS	16384

/*
 * A histogram of durations in ns: 16 buckets per power of two, so a
 * percentile read from it (the bucket's middle) is within 1/32 = 3.1% of
 * the exact one; values below 16 ns are exact.
 */
#define LOG_HIST_SUB		16
#define LOG_HIST_BUCKETS	(61 * LOG_HIST_SUB)
#define LOG_HIST_ERROR		(1.0 / (2 * LOG_HIST_SUB))

struct log_hist {
	uint64_t	n;
	uint64_t	count[LOG_HIST_BUCKETS];
};

/* What scrolled out of a lane's window: exact totals. */
struct log_gone {
	uint64_t	 intervals;	/* intervals scrolled out */
	uint64_t	 until_ns;	/* end of the last of them */
	uint64_t	 state_ns[TRACE_STATE_COUNT];
	uint64_t	 switches;	/* times it started running */
	int		 last_state;	/* state of the last of them */
	uint64_t	 cpus[4];	/* bit set of CPUs 0-255 it ran on */
	uint64_t	 lock_waits;
	uint64_t	 wait_max_ns;
	struct log_hist	*waits;		/* their lock waits, or NULL */
};

/* Everything read so far from one lane. */
struct log_lane {
	struct log_interval *iv;	/* the window, oldest first */
	size_t		 niv, civ;
	struct log_gone	 gone;
	uint64_t	 events;	/* events read from this lane */
	uint64_t	 first_ns;	/* first event, 0 if none */
	uint64_t	 last_ns;	/* latest event */
	int		 held[LOG_MAX_HELD];	/* indexes into holds of open holds */
	int		 nheld;
};

struct log {
	struct trace	*trace;
	int		 nlanes;
	struct log_lane	*lanes;		/* nlanes of them, grown by polls */
	int		 clanes;
	struct log_hold	*holds;		/* ordered by start */
	size_t		 nholds, cholds;
	struct log_point *points;
	size_t		 npoints, cpoints;
	uint64_t	 events;	/* events read in all */
	int		 disorder;	/* events seen out of time order */

	/* Holds and points that scrolled out (see LOG_WINDOW_HOLDS). */
	uint64_t	 holds_gone, points_gone;
	uint64_t	 holder_changes_gone, overlaps_gone;
	struct {
		uint32_t lock;
		int	 lane;
	}		 last_holder[16];	/* per lock, among those gone */
	int		 nlast_holder;
};

/* Prepares a log over `trace`. Lanes added later are picked up by polls. */
void		 log_init(struct log *, struct trace *);

/* Frees what the log allocated; the trace is untouched. */
void		 log_release(struct log *);

/* Reads every event recorded since the last poll. Returns how many. */
size_t		 log_poll(struct log *);

/*
 * Closes every open interval and hold at `end_ns` (used once the workers
 * have finished, so reports see complete spans).
 */
void		 log_close(struct log *, uint64_t end_ns);

/* Earliest and latest timestamps seen in any lane; 0 if none. */
uint64_t	 log_first_ns(const struct log *);
uint64_t	 log_last_ns(const struct log *);

/*
 * The earliest instant from which every lane's window is complete (the
 * latest scroll-out end over the lanes), or 0 when nothing scrolled out.
 */
uint64_t	 log_window_ns(const struct log *);

/* Intervals scrolled out of every lane's window so far. */
uint64_t	 log_scrolled(const struct log *);

/* Adds duration `ns` to a histogram. */
void		 log_hist_add(struct log_hist *, uint64_t ns);

/* The p-th percentile (0..100, nearest rank) of a histogram, in ns. */
double		 log_hist_percentile(const struct log_hist *, double p);

/* The interval of `lane` covering `ts`, or NULL. */
const struct log_interval *log_at(const struct log *, int lane, uint64_t ts);

#endif
