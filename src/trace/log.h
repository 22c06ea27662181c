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

/* Everything read so far from one lane. */
struct log_lane {
	struct log_interval *iv;
	size_t		 niv, civ;
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

/* The interval of `lane` covering `ts`, or NULL. */
const struct log_interval *log_at(const struct log *, int lane, uint64_t ts);

#endif
