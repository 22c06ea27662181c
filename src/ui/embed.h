/*
 * embed.h - the live demos inside a lesson: one slot per block, a demo
 * started when its area scrolls into view (or when a prediction is made),
 * drawn over the part of its area that is on screen, and shown full
 * screen on request. The slots own their demos.
 */
#ifndef TIMESLICE_UI_EMBED_H
#define TIMESLICE_UI_EMBED_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson/lesson.h"
#include "ui/app.h"
#include "ui/demo.h"
#include "ui/rows.h"

struct embed {
	struct demo	**v;	/* per block: its running demo, or NULL */
	bool		 *answered;	/* per block: a prediction answered */
	bool		 *unreadable;	/* per block: its recording would not
					   load; not tried again every frame */
	size_t		  n;
	bool		  on_cue;	/* presenter: every demo waits for r */
};

/* Empty slots for a lesson of `nblocks` blocks. */
void		 embed_init(struct embed *, size_t nblocks);

/* Stops and frees every demo. */
void		 embed_release(struct embed *);

/*
 * Starts the lesson demos whose area begins in rows [top, top + h), one
 * run at a time (runs side by side would share the cores they measure);
 * a demo that waits for a cue (see embed.c) is only made ready, showing
 * "press r to start the run", and runs when r or enter reaches it.
 * Returns the number of demos it made (the screen changed).
 */
int		 embed_start(struct embed *, const struct lesson *,
		     const struct rows *, int top, int h);

/* Runs the experiment of the prediction of block `block`, again if
 * it ran before. */
void		 embed_run(struct embed *, const struct lesson *, int block);

/*
 * Draws the demos of the rows from `top` on into `body`, the rectangle
 * those rows are drawn in; a demo partly off screen shows its rows that
 * are on it.
 */
void		 embed_draw(const struct embed *, const struct rows *, int top,
		     struct canvas *, struct rect body);

/*
 * The demo to act on: the one of target `focus` (a demo or a prediction;
 * the caller passes -1 for a focus not on screen), else the one with
 * the most of its area in rows [top, top + h), the first of those: a
 * demo seen whole wins over one half scrolled away. NULL if none.
 */
struct demo	*embed_in_view(const struct embed *, const struct rows *,
		     int focus, int top, int h);

/* Pushes a full-screen view of `d`, which stays in its slot. */
void		 embed_fullscreen(struct app *, struct demo *d);

#endif
