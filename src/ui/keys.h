/*
 * keys.h - the one kind of key table every screen uses: the demo, the
 * lesson pager and its overlays (help, contents), the course map and the
 * speaker notes.
 *
 * In the tmux manner, a screen's keys are rows of a table: the key codes
 * a row answers to, the action it runs, what the help box says of it, the
 * word the hint bar shows, and the modes it applies in. The dispatch, the
 * help box and the hint bar all read the same rows, so a key cannot act
 * without being listed, nor be listed without acting. An action returns
 * app.h reaction flags (APP_REDRAW, APP_QUIT, APP_POP, APP_IGNORED...) and
 * never draws: the screen's loop redraws when asked to.
 *
 * Modes say where a row applies. Rows without any KEY_MODES bit apply in
 * every mode (most screens have one); a demo is in exactly one of the
 * demo modes (a scenario the learner may change, a lesson's fixed one, a
 * recording, a traced program). KEY_INLINE is a context rather than a
 * mode: a lesson page passes a key to the demo in view only when the
 * demo's row for it is marked so.
 */
#ifndef TIMESLICE_UI_KEYS_H
#define TIMESLICE_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/canvas.h"

/* Key codes one row answers to, besides a range. */
#define KEY_CODES 6

/* Where a row applies (bits of key_row.flags). */
#define KEY_LIVE	0x001	/* a demo running a scenario it may change */
#define KEY_LESSON	0x002	/* a lesson's demo: its scenario is fixed */
#define KEY_RECORDED	0x004	/* a demo playing a recording */
#define KEY_TRACED	0x008	/* a demo tracing a real program */
#define KEY_MODES	0x00f	/* every mode bit */
#define KEY_DEMO_ALL	KEY_MODES

/* How a row is treated (bits of key_row.flags). */
#define KEY_INLINE	0x010	/* a demo's row: a lesson page passes it to the
				   demo in view, without going full screen;
				   a page's row: it acts on the demo in view
				   (its hint is shown with the demo's) */
#define KEY_CHANGES	0x020	/* changes the experiment: restarts it */
#define KEY_HINT_KEEP	0x040	/* the hint bar always keeps room for it */
#define KEY_OTHER	0x080	/* answers every key no earlier row takes */

/* One row of a key table; a table ends with a row whose action is NULL. */
struct key_row {
	int		 keys[KEY_CODES];	/* app.h codes; 0 ends */
	int		 lo, hi;	/* and every code lo..hi, when hi > 0 */
	const char	*names;		/* N_(): the keys as help writes them */
	const char	*help;		/* N_(): what it does, for help */
	const char	*hint;		/* N_(): a hint-bar word, or NULL */
	const char	*hint_alt;	/* N_(): that word in the screen's other
					   state (a paused demo), or NULL */
	const char	*hint_names;	/* the keys on the hint bar (translated
					   if a msgid), or NULL for the first
					   word of `names` */
	unsigned	 flags;		/* KEY_* */
	int		(*action)(void *self, int key);
};

/* Whether row `r` applies in `mode` (one KEY_MODES bit, or 0). */
bool		 keys_applies(const struct key_row *r, unsigned mode);

/*
 * The first row of `table` that answers to `key`, whatever its mode, or
 * NULL. Key 0 is never found.
 */
const struct key_row *keys_find(const struct key_row *table, int key);

/* The first row of `table` that answers to `key` in `mode`, or NULL. */
const struct key_row *keys_find_in(const struct key_row *table,
		     unsigned mode, int key);

/*
 * Runs the action of the row that answers to `key` in `mode`. Returns
 * its reaction flags, or APP_IGNORED when no row applying there answers.
 */
int		 keys_dispatch(const struct key_row *table, unsigned mode,
		     void *self, int key);

/* The keys of a row as the hint bar writes them: "+/-", "r", "space". */
void		 keys_hint_names(const struct key_row *r, char *buf,
		     size_t len);

/* How keys_hints writes a row. */
enum keys_hint_form {
	KEYS_HINT_BAR,		/* "KEYS WORD", two spaces apart */
	KEYS_HINT_PROSE		/* "KEYS: WORD", for text that is reflowed */
};

/*
 * Appends to `buf` (a string) the hints of `table` in `mode`: each row
 * with a hint that has every flag of `need` and none of `skip`, its keys
 * and its word (translated) in form `form`; `alt` picks the rows'
 * hint_alt words where they have one.
 */
void		 keys_hints(const struct key_row *table, unsigned mode,
		     unsigned need, unsigned skip, bool alt,
		     enum keys_hint_form form, char *buf, size_t len);

/*
 * Where the top line of a scrolled text goes for a scrolling key, the
 * same in every screen that scrolls (the lesson, a page): j k and the
 * arrows a line; space f b and the page keys a page (`view_h` less two,
 * so two lines stay in view); d u half of that; g G home end the ends.
 * The result is kept within 0..max_top; another key leaves `top`.
 */
int		 keys_scroll(int key, int top, int view_h, int max_top);

/* Most lines a help box holds. */
#define KEY_HELP_MAX 48

/*
 * The lines of a help box, gathered from one or more tables: the names of
 * the keys (translated) and what they do (a msgid). Adjacent rows with
 * the same help are one line, their names joined ("r enter"; a name
 * already on the line is not repeated).
 */
struct key_help {
	int		 n;
	struct {
		char		 names[48];
		const char	*help;
	}		 v[KEY_HELP_MAX];
	const char *const *notes;	/* msgids said below the keys, NULL
					   ending them; or NULL */
};

/*
 * Adds the rows of `table` that apply in `mode` and have every flag of
 * `need` (KEY_INLINE: what a lesson passes to its demo) to `h`.
 */
void		 keys_help_add(struct key_help *h, const struct key_row *table,
		     unsigned mode, unsigned need);

/* Draws `h` (keys, then notes) as a box titled `title` in `r`'s middle. */
void		 keys_help_draw(const struct key_help *h, const char *title,
		     struct canvas *c, struct rect r);

#endif
