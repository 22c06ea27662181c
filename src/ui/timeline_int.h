/*
 * timeline_int.h - what the two parts of the timeline view share, and
 * nobody else sees: the first pass's results and the few helpers that
 * cross parts.
 *
 *	timeline.c		the sweep of the lanes drawn one by one, the lock,
 *				CPU and axis rows, the legend, the layout
 *	timeline_count.c	the lanes that do not fit: counted, summed up
 *				in the summary lane and its rows of counts
 */
#ifndef TIMESLICE_UI_TIMELINE_INT_H
#define TIMESLICE_UI_TIMELINE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace/log.h"
#include "ui/canvas.h"

/* One cell of the first pass. */
struct tl_cell {
	wchar_t	ch;
	uint8_t	style;
};

/* What the first pass works out for the whole view. */
struct tl_pass {
	int		 cols, nlanes, ncpus;
	int		 hidden;	/* lanes from nlanes on are counted */
	int		*diff;		/* TRACE_STATE_COUNT x (cols + 1):
					   lanes counted, as differences */
	int		*cpu_diff;	/* TIMELINE_MAX_CPUS x (cols + 1): the
					   same for running on each CPU */
	int		*count;		/* their sums: lanes in each state at
					   each column's midpoint */
	int		*hidden_cpu;	/* lanes running on each CPU there */
	size_t		 nholds;
	uint64_t	 t0, npc, now;
	bool		 seen[TRACE_STATE_COUNT];	/* for the legend */
	struct tl_cell	*cells;		/* nlanes x cols */
	uint8_t		*waiting;	/* cols: lanes in lock wait at mid */
	uint64_t	*cpu_ns;	/* TIMELINE_MAX_CPUS x cols: best ns */
	int		*cpu_lane;	/* TIMELINE_MAX_CPUS x cols: its lane */
};

/* The state as drawn: not started and done both draw nothing. */
int	timeline_visible(int st);

/* Index of the first interval of a lane that ends after ts. */
size_t	timeline_first_interval(const struct log_lane *, uint64_t ts);

/*
 * Adds (sign 1) or takes back (sign -1) lanes [from, to) of `lg` in the
 * counts of `p`, as differences; timeline_count_sums adds them up.
 */
void	timeline_count_lanes(const struct log *lg, int from, int to,
	    int sign, struct tl_pass *p);

/* Adds the differences up into counts per column. */
void	timeline_count_sums(struct tl_pass *p);

/* Hidden lanes in state `st` at column `col`. */
int	timeline_hidden_in(const struct tl_pass *p, int st, int col);

/*
 * Works out which lanes are drawn one by one and how many rows the
 * summary of the rest gets (`srows`), in `room` rows.
 */
void	timeline_split_lanes(const struct log *lg, int room,
	    struct tl_pass *p, int *srows);

/* Writes n with thousands separators ("9,992"). Returns buf. */
char	*timeline_thousands(char *buf, size_t len, int n);

/*
 * Draws the summary lane at (x, y) and `srows` rows of counts below it;
 * returns the rows used.
 */
int	timeline_draw_summary(struct canvas *c, int x, int y, int labelw,
	    int x0, const struct tl_pass *p, int srows, bool selected);

/*
 * Which shared counter the count marks of `lg` are about (enum
 * trace_counter), or 0 when it has none: whether the counter row shows.
 */
int	timeline_counter(const struct log *lg);

/* Draws the row of counter `which` at (x, y), a digit a column. */
void	timeline_draw_counter(struct canvas *c, int x, int y, int labelw,
	    const struct log *lg, const struct tl_pass *p, int which);

/* The cursor line for the summary lane: how many in each state. */
void	timeline_draw_summary_info(struct canvas *c, int x, int y, int w,
	    const struct tl_pass *p, int col, const char *at);

#endif
