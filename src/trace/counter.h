/*
 * counter.h - a counter the workers share (a queue's depth, the threads
 * inside a semaphore), read back from the count marks of a log
 * (trace.h): the one reading the live timeline and the text timeline
 * both draw as a row under the lanes.
 */
#ifndef TIMESLICE_TRACE_COUNTER_H
#define TIMESLICE_TRACE_COUNTER_H

#include <stddef.h>
#include <stdint.h>

#include "trace/log.h"

/* Which counter (enum trace_counter) the log's count marks are about, or
 * 0 when it has none. */
int	log_counter_which(const struct log *);

/* A sweep of the counter's values, column by column from the left. */
struct log_counter_sweep {
	struct log_point	*pts;	/* its marks, sorted by time */
	size_t			 n, k;
	int			 value;	/* carried in; -1: not known */
};

/* Starts a sweep of counter `which` of `lg`; log_counter_end frees it. */
void	log_counter_begin(struct log_counter_sweep *, const struct log *lg,
	    int which);

/*
 * The highest value the counter had in [c0, c1), the one carried in when
 * nothing changed there; -1 while not known (marks that scrolled out).
 * Columns must be asked for from left to right.
 */
int	log_counter_column(struct log_counter_sweep *, uint64_t c0,
	    uint64_t c1);

void	log_counter_end(struct log_counter_sweep *);

/* The name of counter `which` for people ("queue depth"), translated. */
const char *log_counter_label(int which);

#endif
