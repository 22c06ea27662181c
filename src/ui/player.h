/*
 * player.h - the lesson player: the course map (map.c) and the lesson
 * pager (pager.c, drawing what layout.c lays out), screens on the app.h
 * stack that share one player.
 *
 * The player owns the course (every lesson of every language, parsed at
 * start-up), the problems found in it, and the learner's progress, which
 * it saves when a place or an answer changes and when a screen closes.
 */
#ifndef TIMESLICE_UI_PLAYER_H
#define TIMESLICE_UI_PLAYER_H

#include <stdbool.h>
#include <stdint.h>

#include "lesson/course.h"
#include "lesson/diag.h"
#include "store/progress.h"
#include "ui/app.h"
#include "ui/keys.h"

struct player {
	struct app		*app;
	struct course		 course;
	struct diags		 diags;		/* problems in the course */
	struct progress		 progress;
	/*
	 * Where quiz answers go: `progress`, or, for a class (presenter
	 * mode without --save), this scratch record that is never saved,
	 * so a rehearsal shows nothing on the projector later.
	 */
	struct progress		 scratch;
	bool			 answers_aside;	/* answers go to scratch */
	char			*notice;	/* one message for the map */
	const char		*lang;		/* a course language (lang.h) */
	bool			 presenter;	/* step through pauses */
	bool			 quit;		/* Q: leave from anywhere */
	uint64_t		 start_ns;	/* when cmd_open began */
};

/* Saves progress; a failure becomes the notice rather than an exit. */
void	player_save(struct player *);

/* The progress quiz answers are read from and recorded in. */
struct progress *player_answers(struct player *);

/* Changes the course and interface language. */
void	player_set_lang(struct player *, const char *lang);

/* The course language after the current one, in folder order (L key). */
const char *player_next_lang(const struct player *);

/*
 * Names the course's languages in the help of the L row of `h` ("next
 * language of the course (en, es, fr)"), written into `buf`, which must
 * outlive the drawing of `h`.
 */
void	player_help_langs(const struct player *, struct key_help *,
	    char *buf, size_t len);

/* Pushes the course map. */
void	map_open(struct player *);

/*
 * Pushes a pager on lesson `l` (owned by the course, or, when `owned`,
 * by the pager). `watch`, when not NULL, is a file the pager reloads on
 * every save (inotify), keeping the reader's place. Returns the pager
 * (for pager_goto_section).
 */
void	*pager_open(struct player *, struct lesson *l, bool owned,
	    const char *watch);

/*
 * Scrolls the lesson pager `self` (from pager_open) to the section whose
 * slug is `anchor` (or has it as whole words), revealing up to it in
 * step mode. Returns false when the lesson has no such section.
 */
bool	pager_goto_section(void *self, const char *anchor);

/*
 * The two screens, for app_push or for driving them without a terminal
 * (tests): *_new returns the `self` of the ops. Opening a lesson from the
 * map or following a link needs pl->app.
 */
extern const struct app_screen_ops map_screen_ops;
extern const struct app_screen_ops pager_screen_ops;
void	*map_new(struct player *);
void	*pager_new(struct player *, struct lesson *l, bool owned,
	    const char *watch);

/*
 * The screens' key tables (keys.h), which their keys boxes and footers
 * are written from: the map's, and the pager's for each of its states.
 */
enum pager_keymap {
	PAGER_KEYS_PAGE,	/* reading the lesson */
	PAGER_KEYS_SEARCH,	/* typing a search */
	PAGER_KEYS_HELP,	/* the keys box is open */
	PAGER_KEYS_TOC,		/* the contents box is open */
	PAGER_KEYS_GLOSSARY,	/* a glossary entry is open */
	PAGER_KEYS_LOOKUP	/* the glossary's look-up box is open */
};
const struct key_row *map_keydefs(void);
const struct key_row *pager_keydefs(enum pager_keymap);

#endif
