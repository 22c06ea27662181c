/*
 * timeline.h - the timeline view: a log drawn into a rectangle of a
 * canvas, one lane per worker, lanes for the lock and for each CPU, a
 * time axis, a legend and, when a cursor is set, what the selected lane
 * was doing at the cursor.
 *
 * The view only reads the log and a small struct of view state (zoom,
 * position, cursor); it keeps nothing between frames, so drawing the same
 * log with the same state always gives the same cells (golden tests rely
 * on it). Time on the axis is relative to an origin the caller gives (the
 * start of the run); nothing after `now` is drawn, so a replay at any
 * speed is a matter of moving `now`.
 *
 * Every column covers ns_per_col nanoseconds. A column where a lane was in
 * one state shows that state's glyph; a column with one change of state
 * shows the change to the eighth of a column with a block character
 * (colour terminals: both states' colours; monochrome: running edges);
 * a column with more changes shows the state that took most of it, except
 * that any running at all shows as running, so no interval shorter than a
 * column vanishes.
 */
#ifndef TIMESLICE_UI_TIMELINE_H
#define TIMESLICE_UI_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "trace/log.h"
#include "ui/canvas.h"

#define TIMELINE_MAX_CPUS 16
#define TIMELINE_MIN_NS_PER_COL 1000	/* 1 us: zooming stops there */

struct timeline_view {
	/* Set by the caller. */
	uint64_t	ns_per_col;	/* zoom; 0 = fit everything up to now */
	uint64_t	fit_ns;		/* fitting: at least this span */
	uint64_t	start_ns;	/* left edge, unless following */
	bool		follow;		/* the right edge tracks now */
	int		cursor;		/* column of the cursor, -1 = none */
	int		selected;	/* lane the cursor describes */
	int		ncpus;		/* CPU lanes at least (grows) */
	bool		any_lock;	/* lock waits may be for any lock, so
					   none is called a GIL wait (a
					   traced program's are not: other
					   waits are TRACE_BLOCKED) */
	bool		lanes_first;	/* short of rows, the CPU rows give
					   way until every lane has one (not
					   only three): a screen that shows
					   the lanes beside other things */

	/* Filled in by timeline_draw: what was actually shown. */
	uint64_t	shown_ns_per_col;
	uint64_t	shown_start_ns;
	int		shown_cols;	/* width of the time area */
	int		shown_lanes;	/* worker lanes that fitted */
};

/* A view that fits the whole run and follows it, with no cursor. */
void	timeline_view_init(struct timeline_view *);

/*
 * Draws `lg` into `r`. Time 0 on the axis is `origin_ns`; nothing after
 * `now_ns` is shown and open intervals end there. Updates the shown_*
 * fields of `v`.
 */
void	timeline_draw(struct canvas *, struct rect r, const struct log *lg,
	    uint64_t origin_ns, uint64_t now_ns, struct timeline_view *v);

/* Rows timeline_draw needs to show every lane of `lg` (with `ncpus`). */
int	timeline_rows(const struct log *lg, int ncpus);

/*
 * Formats a duration for people: "0", "750ns", "12.5us" ("µs" when
 * `unicode`), "3.25ms", "1.5s". Returns buf.
 */
char	*timeline_format_ns(char *buf, size_t len, uint64_t ns, bool unicode);

/* The glyph a lane in `state` is drawn with on this canvas. */
wchar_t	 timeline_state_glyph(const struct canvas *, enum trace_state);

#endif
