/*
 * pager_int.h - what the two parts of the lesson pager share, and nobody
 * else sees: the pager object itself and the few helpers that cross parts.
 *
 *	pager.c		the layout and the reader's place, ticks, drawing,
 *			watch mode, opening and closing
 *	pager_keys.c	what each key does: scrolling, search, focus,
 *			quizzes, links, contents, language, step mode
 *	pager_gloss.c	the glossary: its files by language, the box
 *			with an entry, the box that looks a term up
 */
#ifndef TIMESLICE_UI_PAGER_INT_H
#define TIMESLICE_UI_PAGER_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "lang.h"
#include "lesson/glossary.h"
#include "store/presenter.h"
#include "ui/embed.h"
#include "ui/layout.h"
#include "ui/player.h"
#include "ui/search.h"
#include "ui/watch.h"

enum overlay {
	OV_NONE = 0,
	OV_HELP,
	OV_TOC,
	OV_GLOSSARY		/* an entry, or the look-up box */
};

/* Glossaries a pager keeps loaded: the lesson's and the interface's. */
#define PAGER_GLOSSARIES 2

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

	/* The glossary (pager_gloss.c), loaded per language when needed. */
	struct glossary		 gloss[PAGER_GLOSSARIES];
	char			 gloss_lang[PAGER_GLOSSARIES][LANG_CODE_MAX];
	int			 gloss_used;	/* the slot used last */
	char			 gloss_id[64];	/* the entry in the box; "":
						 * the look-up box */
	struct search		 gloss_q;	/* what is typed there */
	int			 gloss_sel;	/* the term chosen there */
	char			 gloss_msg[128];
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

/*
 * The glossary of `lang` (the source language's when `lang` has none),
 * loaded on first use; empty when there is none. Valid until the next
 * call for another language.
 */
const struct glossary *pager_glossary(struct pager *, const char *lang);

/* Opens the box with the entry `id` of the glossary. */
int	pager_gloss_open(struct pager *, const char *id);

/* Opens the look-up box, empty. */
int	pager_gloss_search(struct pager *);

/* The glossary box's key table: the look-up box's, or the entry's. */
const struct key_row *pager_gloss_keydefs(bool lookup);

/* A key while the glossary box is open. */
int	pager_gloss_key(struct pager *, int key);

/* Draws the glossary box over `r`. */
void	pager_gloss_draw(struct pager *, struct canvas *, struct rect r);

/* Frees the glossaries loaded. */
void	pager_gloss_release(struct pager *);

/* Every key of the pager, overlays and the search prompt first. */
int	pager_key(void *self, int key);

#endif
