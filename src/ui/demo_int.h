/*
 * demo_int.h - what the three parts of the live demo share, and nobody
 * else sees: the demo object itself and the few helpers that cross parts.
 *
 *	demo.c		runs, their baselines and series, the playhead, the clock
 *	demo_view.c	drawing: header, timeline, figures, hints, help box
 *	demo_keys.c	the key table and what each key does
 *
 * Data flows one way: keys change the demo's parameters and view state,
 * ticks move runs and the playhead, drawing only reads (except that it
 * learns the timeline's scale, which the cursor keys need).
 */
#ifndef TIMESLICE_UI_DEMO_INT_H
#define TIMESLICE_UI_DEMO_INT_H

#include "engine/record.h"
#include "engine/capacity.h"
#include "engine/runner.h"
#include "sampler/tail.h"
#include "sampler/tracer.h"
#include "ui/demo.h"
#include "ui/outpane.h"
#include "ui/timeline.h"

#define DEMO_MAX_OLD 8
#define DEMO_MAX_HIDDEN 8

struct demo_run {
	struct runner		 rn;
	struct tracer		*tracer;	/* a real program instead */
	struct trace		*trace;
	struct experiment	*ex;		/* log and figures */
	bool			 baseline;	/* the sequential run */
	bool			 joined;
	uint64_t		 started_ns;
	struct capacity		 cap;		/* cores free while it ran */
	/* A traced program's output: the last bytes of each stream, drained
	 * from its capture pipes on every tick (only the UI thread). */
	struct tail		 out, err;
};

struct demo {
	const struct scenario	*sc;
	struct params		 p;
	int			 flags;

	struct demo_run		*cur;		/* the run shown */
	struct demo_run		*bl;		/* its baseline, running */
	struct demo_run		*old[DEMO_MAX_OLD];	/* stopping */
	int			 nold;
	bool			 restart_pending;
	bool			 failed;	/* cur could not run */

	/*
	 * Every finished run of the scenario and parameters shown, each
	 * with its own baseline measured right after it: medians and
	 * spreads. A change of either starts a new series, so no figure
	 * outlives the parameters it was measured with.
	 */
	struct experiment_series series;
	int			 repeats;	/* runs wanted in a row */

	/* Figures not shown until a prediction about them is made. */
	char			 hidden[DEMO_MAX_HIDDEN][EXPERIMENT_FIGURE_NAME];
	int			 nhidden;

	/* The view. */
	struct timeline_view	 view;
	bool			 zoomed;	/* zoomed or scrolled */
	bool			 paused;
	double			 speed;
	uint64_t		 playhead;	/* ns since the origin */
	uint64_t		 est_ns;	/* expected length of the run */
	uint64_t		 now;		/* last tick */
	bool			 help;
	char			 msg[256];
	uint8_t			 msg_style;
	uint64_t		 msg_at;

	/*
	 * Live figures, refreshed a few times a second while running and
	 * not paused (a paused picture must not move at all).
	 */
	struct lane_stats	 live[TRACE_MAX_LANES];
	uint64_t		 live_at;
	uint64_t		 live_events, live_dropped, live_changes;
	bool			 live_dirty;	/* refresh once, paused */
	bool			 place_cursor;	/* put it at the playhead */

	/* A recorded run shown instead of a live one (demo_new_replay). */
	bool			 replay;
	bool			 cue_pending;	/* a recording made with
						   DEMO_NO_START: shown only
						   once r plays it */
	char			 title[160];
	struct scenario		 replay_sc;
	struct recording	*rec;		/* demo_new_recording's */

	/*
	 * A real program traced instead of a scenario (demo_new_trace):
	 * the options each run starts it with, and its command line.
	 */
	bool			 traced;
	struct tracer_opts	 topts;
	char			**targv;
	/*
	 * What each run executes, asked of the host before it starts
	 * (demo_set_prepare); `cued` says the reader's r asked for the
	 * next start. `waiting` is said while no run has started, and
	 * `why` while a run may not start.
	 */
	demo_prepare_fn		 prepare;
	void			*prepare_arg;
	void			(*prepare_free)(void *);
	bool			 cued;
	char			*waiting;
	char			 why[256];

	/*
	 * The traced program's output, in a pane over the picture: o shows
	 * it while the program runs, and it opens by itself when the
	 * program ends having said something (full screen), or having
	 * failed (anywhere), so a traceback is never lost.
	 */
	struct outpane		 pane;

	/* What a lesson says of the demo: exports carry it. */
	char			 caption[256];

	/* UI cost while runs go. */
	uint64_t		 ui_cpu_ns, ui_wall_ns, ui_frames;
	uint64_t		 last_cpu;
};

/* Sets the message line (demo.c). */
void		demo_msg(struct demo *, uint8_t style, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/*
 * Lane names of a traced program change while it runs: drawing and
 * exporting read them between these two (nothing for other runs).
 */
void		demo_names_lock(struct demo *);
void		demo_names_unlock(struct demo *);

/* Time zero of the picture: the first event, or when the run started. */
uint64_t	demo_origin_ns(const struct demo *);

/* The newest instant with data: now while running, the end once over. */
uint64_t	demo_data_end_ns(const struct demo *);

/* Whether figure `name` is hidden until a prediction is made. */
bool		demo_hides(const struct demo *, const char *name);

/*
 * The mode (keys.h) the demo's key table is read in: KEY_RECORDED,
 * KEY_TRACED, KEY_LESSON (DEMO_FIXED) or KEY_LIVE (demo_keys.c).
 */
unsigned	demo_key_mode(const struct demo *);

/*
 * Whether row `k` changes anything in the demo's scenario: the help box
 * and the hint bar leave out the knobs it does not have (a GIL's for
 * processes, the start method and queue slots for threads). The key
 * still answers, with a message saying where it acts (demo_keys.c).
 */
bool		demo_key_acts(const struct demo *, const struct key_row *k);

/* Puts the cursor on the last column drawn (demo_view.c). */
void		demo_cursor_to_playhead(struct demo *);

#endif
