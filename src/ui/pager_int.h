/*
 * pager_int.h - what the two parts of the lesson pager share, and nobody
 * else sees: the pager object itself and the few helpers that cross parts.
 *
 *	pager.c		the layout and the reader's place, ticks, drawing,
 *			watch mode, opening and closing
 *	pager_keys.c	what each key does: scrolling, search, focus,
 *			quizzes, links, contents, language, step mode
 */
#ifndef TIMESLICE_UI_PAGER_INT_H
#define TIMESLICE_UI_PAGER_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "store/presenter.h"
#include "ui/embed.h"
#include "ui/layout.h"
#include "ui/player.h"
#include "ui/search.h"
#include "ui/watch.h"

enum overlay {
	OV_NONE = 0,
	OV_HELP,
	OV_TOC
};

struct pager {
	struct player		*pl;
	struct lesson		*l;
	bool			 owned;
	struct diags		 problems;

	/* Per block of the lesson: answers, and the demo running there. */
	struct quiz_state	*quiz;
	struct embed		 demos;

	struct rows		 lay;
	int			 width;
	bool			 dirty;

	int			 top;
	int			 view_h;
	bool			 published;	/* presenter: last_place
						 * was written */
	struct presenter_place	 last_place;
	int			 focus;
	bool			 step;
	int			 reveal;
	bool			 more;		/* step mode: content after a
						 * pause */

	struct search		 search;

	char			 msg[256];
	uint8_t			 msg_style;

	bool			 want_place;
	int			 want_block, want_boff;

	char			*watch;		/* the file reloaded on save */
	struct watch		*watcher;

	enum overlay		 overlay;
	int			 toc_sel;
	int			 toc_typed;	/* section number typed */
	bool			 unicode;	/* the canvas allows it */
};

/* The greatest top row: the last screenful. */
int	pager_max_top(const struct pager *);

/* Keeps the top row within the lesson. */
void	pager_clamp_top(struct pager *);

/* Where the reader is, as progress stores it. */
void	pager_current_place(const struct pager *, int *block, int *boff);

/* Records the place (and whether the end was reached) in progress. */
void	pager_save_place(struct pager *);

/* Makes sure a layout for width `w` exists, keeping the place. */
void	pager_ensure_layout(struct pager *, int w);

/* Puts `l` in the pager in place of the current lesson. */
void	pager_set_lesson(struct pager *, struct lesson *l, bool owned);

/*
 * Puts `l`, a lesson of the course, in place of the current one; when it
 * is the same lesson in another language (the same blocks, kind by
 * kind), the answers, the revealed parts and the demos are kept.
 */
void	pager_swap_lesson(struct pager *, struct lesson *l);

/* Every key of the pager, overlays and the search prompt first. */
int	pager_key(void *self, int key);

#endif
