/*
 * notes.c - the speaker-notes screen.
 *
 * A lesson is a list of blocks; its pauses split it into the parts a
 * presenter reveals one at a time (a lesson without pauses: its
 * headings split it into sections). The notes shown are the ```notes
 * blocks of the part holding the presenter's block, from the lesson's
 * start on, then (dimmed, if room) those of the next part, so the
 * instructor can see what comes. Its labels are in the presenter's
 * language. The place file is
 * checked twenty times a second with stat(): cheap, and it notices the
 * file being replaced by rename as well as rewritten. The lesson file
 * shown is watched the same way, and read again when an author saves
 * it, so the notes never lag behind the text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "lang.h"
#include "store/presenter.h"
#include "ui/keys.h"
#include "ui/player.h"
#include "ui/notes.h"
#include "util.h"

/* How often to look at the place file and the lesson. */
#define NOTES_POLL_NS 50000000u

struct notes {
	const struct course	*course;
	char			*path;
	uint64_t		 next_poll;
	struct timespec		 mtime;
	ino_t			 ino;
	int			 have;		/* a place has been read */
	struct presenter_place	 place;
	bool			 help;		/* the keys box is open */

	/* The lesson as last read from its file, once it changed. */
	const struct lesson	*seen;		/* the course's copy */
	struct timespec		 seen_mtime;
	struct lesson		*fresh;		/* NULL: the course's is current */
};

/* Creates the notes screen. */
struct notes *
notes_new(const struct course *c, const char *path)
{
	struct notes *n = xcalloc(1, sizeof *n);

	n->course = c;
	n->path = xstrdup(path);
	return n;
}

/* Frees the notes screen. */
void
notes_free(struct notes *n)
{
	if (n == NULL)
		return;
	lesson_free(n->fresh);
	free(n->path);
	free(n);
}

/* Whether a block is a heading, where a section starts. */
static int
is_heading(const struct lesson_block *b)
{
	return b->kind == LESSON_PROSE && b->md != NULL &&
	    b->md->kind == MD_HEADING;
}

/* Whether a lesson has pauses, which then split it into parts. */
static bool
has_pauses(const struct lesson *l)
{
	for (size_t i = 0; i < l->nblocks; i++)
		if (l->blocks[i].kind == LESSON_PAUSE)
			return true;
	return false;
}

/* Whether block `b` ends a part before it: a pause, or a heading in a
 * lesson without pauses. */
static bool
part_break(const struct lesson *l, size_t b, bool pauses)
{
	return pauses ? l->blocks[b].kind == LESSON_PAUSE :
	    is_heading(&l->blocks[b]);
}

/*
 * The blocks of the part holding `block`: from the pause at or before it
 * (the lesson's start for the first part) to the next pause; without
 * pauses, from the heading at or before it to the next.
 */
static void
notes_section(const struct lesson *l, int block, size_t *start, size_t *end)
{
	size_t b = block < 0 ? 0 : (size_t)block;
	bool pauses = has_pauses(l);

	if (b >= l->nblocks)
		b = l->nblocks ? l->nblocks - 1 : 0;
	*start = b;
	while (*start > 0 && !part_break(l, *start, pauses))
		(*start)--;
	*end = b + 1;
	while (*end < l->nblocks && !part_break(l, *end, pauses))
		(*end)++;
}

/*
 * The heading that names blocks [start, end): the first heading of the
 * part after its own first one (a part starting at a lesson's title is
 * named by the section it goes on to), else its only one, else the last
 * before it. Returns a block index, or -1.
 */
static int
part_heading(const struct lesson *l, size_t start, size_t end)
{
	int first = -1;

	for (size_t b = start; b < end; b++)
		if (is_heading(&l->blocks[b])) {
			if (first >= 0 || l->blocks[b].md->level > 1)
				return (int)b;
			first = (int)b;
		}
	if (first >= 0)
		return first;
	for (size_t b = start; b-- > 0;)
		if (is_heading(&l->blocks[b]))
			return (int)b;
	return -1;
}

/* The plain text of a heading (its text and code spans), into buf. */
static void
heading_text(const struct lesson_block *b, char *buf, size_t len)
{
	char *s;

	buf[0] = '\0';
	if (!is_heading(b))
		return;
	s = md_plain(b->md, NULL);
	snprintf(buf, len, "%s", s);
	free(s);
}

/*
 * Writes `text` wrapped at word boundaries into `r` from row *y on,
 * keeping its line breaks. Stops at the bottom of `r`.
 */
static void
wrap(struct canvas *c, struct rect r, int *y, uint8_t style, const char *text)
{
	const char *p = text;

	while (*p != '\0' && *y < r.y + r.h) {
		const char *eol = strchr(p, '\n');
		size_t linelen = eol ? (size_t)(eol - p) : strlen(p);
		char *line = xmalloc(linelen + 1), *q;

		memcpy(line, p, linelen);
		line[linelen] = '\0';
		q = line;
		if (*q == '\0')
			(*y)++;
		while (*q != '\0' && *y < r.y + r.h) {
			/* Take words while they fit. */
			char *cut = NULL, *s = q, save;
			int w = 0;

			while (*s != '\0') {
				char *e = s;

				while (*e == ' ')
					e++;
				while (*e != '\0' && *e != ' ')
					e++;
				save = *e;
				*e = '\0';
				w = canvas_width(q);
				*e = save;
				if (w > r.w && cut != NULL)
					break;
				cut = e;
				s = e;
				if (w > r.w)
					break;
			}
			save = *cut;
			*cut = '\0';
			canvas_text(c, r.x, *y, r.w, style, q);
			*cut = save;
			(*y)++;
			q = cut;
			while (*q == ' ')
				q++;
		}
		free(line);
		p = eol ? eol + 1 : p + linelen;
	}
}

/* Draws the notes of blocks [start, end) of `l`; returns how many. */
static int
draw_notes(struct canvas *c, struct rect r, int *y, const struct lesson *l,
    size_t start, size_t end, uint8_t style)
{
	int count = 0;

	for (size_t b = start; b < end && *y < r.y + r.h; b++) {
		if (l->blocks[b].kind != LESSON_NOTES ||
		    l->blocks[b].text == NULL)
			continue;
		if (count++ > 0)
			(*y)++;
		wrap(c, r, y, style, l->blocks[b].text);
	}
	return count;
}

/* The lesson the presenter is in, as its file reads now, or NULL. */
static const struct lesson *
current_lesson(const struct notes *n)
{
	const struct lesson *l;

	if (!n->have)
		return NULL;
	l = course_find(n->course, n->place.lesson, n->place.lang);
	if (l != NULL && l == n->seen && n->fresh != NULL)
		return n->fresh;
	return l;
}

/* What the keys box says below the keys. */
static const char *const notes_about[] = {
	N_("The notes follow `timeslice --presenter`:"),
	N_("every reveal, scroll and language switch,"),
	N_("and the lesson file each time it is saved."),
	NULL
};

/* ?: the keys box (any key closes it). */
static int
act_help(void *self, int key)
{
	struct notes *n = self;

	(void)key;
	n->help = true;
	return APP_REDRAW;
}

/* q and esc: leaves. */
static int
act_quit(void *self, int key)
{
	(void)self;
	(void)key;
	return APP_QUIT;
}

/* The notes screen's keys, which its keys box lists. */
static const struct key_row notes_keys[] = {
	{ { '?', APP_KEY_F1 }, 0, 0, "?", N_("this help (any key closes it)"),
	    N_("keys"), NULL, NULL, 0, act_help },
	{ { 'q', 'Q', APP_KEY_ESC }, 0, 0, N_("q esc"), N_("quit"),
	    N_("quit"), NULL, "q", 0, act_quit },
	{ { 0 }, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL }
};

/* Draws the section's notes, then the next section's. */
static void
notes_draw(void *self, struct canvas *c, struct rect r)
{
	struct notes *n = self;
	const struct lesson *l = current_lesson(n);
	struct rect body = { r.x + 2, r.y + 2, r.w - 4, r.h - 3 };
	char head[256], hints[128] = "";
	size_t s, e, s2, e2;
	int y = body.y, tw, h;

	tw = canvas_text(c, r.x, r.y, r.w, CS_TITLE, _(" speaker notes"));
	keys_hints(notes_keys, 0, 0, 0, false, KEYS_HINT_BAR, hints,
	    sizeof hints);
	canvas_printf(c, r.x, r.y + r.h - 1, r.w, CS_DIM, " %s   %s",
	    _("follows `timeslice --presenter` in another terminal"), hints);
	if (l == NULL) {
		canvas_text(c, body.x, y++, body.w, CS_TEXT, n->have ?
		    _("the presenter is in a lesson this course does not "
		    "have") : _("waiting for a presenter: run `timeslice "
		    "--presenter` in another terminal"));
		canvas_printf(c, body.x, y + 1, body.w, CS_DIM,
		    _("place file: %s"), n->path);
	} else {
		char title[300];

		snprintf(title, sizeof title, " · %d. %s", l->chapter,
		    l->title ? l->title : l->id);
		canvas_text_fit(c, r.x + tw, r.y, r.w - tw, CS_DIM, title);
		notes_section(l, n->place.block, &s, &e);
		h = part_heading(l, s, e);
		head[0] = '\0';
		if (h >= 0)
			heading_text(&l->blocks[h], head, sizeof head);
		canvas_text_fit(c, body.x, y++, body.w, CS_HIGHLIGHT, *head ?
		    head : _("(the lesson's start)"));
		y++;
		if (draw_notes(c, body, &y, l, s, e, CS_TEXT) == 0)
			canvas_text(c, body.x, y++, body.w, CS_DIM,
			    _("no notes for this part"));
		if (e < l->nblocks && y + 3 < body.y + body.h) {
			notes_section(l, (int)e + (e + 1 < l->nblocks &&
			    l->blocks[e].kind == LESSON_PAUSE), &s2, &e2);
			h = part_heading(l, s2, e2);
			head[0] = '\0';
			if (h >= 0)
				heading_text(&l->blocks[h], head, sizeof head);
			y++;
			canvas_printf(c, body.x, y++, body.w, CS_DIM,
			    _("next: %s"), head);
			draw_notes(c, body, &y, l, s2, e2, CS_DIM);
		}
	}
	if (n->help) {
		struct key_help help = { 0 };

		keys_help_add(&help, notes_keys, 0, 0);
		help.notes = notes_about;
		keys_help_draw(&help, _("Keys"), c, r);
	}
}

/* With the keys box open, any key closes it. */
static int
help_close(void *self, int key)
{
	struct notes *n = self;

	(void)key;
	n->help = false;
	return APP_REDRAW;
}

/* The keys box's one row. */
static const struct key_row help_keys[] = {
	{ { 0 }, 0, 0, N_("any key"), N_("close this box"),
	    NULL, NULL, NULL, KEY_OTHER, help_close },
	{ { 0 }, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL }
};

/* With the keys box open any key closes it; otherwise the table acts. */
static int
notes_key(void *self, int key)
{
	struct notes *n = self;

	if (n->help)
		return keys_dispatch(help_keys, 0, n, key);
	return keys_dispatch(notes_keys, 0, n, key);
}

/*
 * Reads the presenter's lesson again when its file changed since the
 * course (or the last reload) read it. A file that no longer parses
 * keeps what was shown.
 */
static bool
reload_lesson(struct notes *n)
{
	const struct lesson *l;
	struct lesson *fresh;
	struct diags d;
	struct stat st;

	if (!n->have || (l = course_find(n->course, n->place.lesson,
	    n->place.lang)) == NULL || l->path == NULL ||
	    stat(l->path, &st) != 0)
		return false;
	if (l != n->seen) {
		/* A new lesson: what the course read is current. */
		lesson_free(n->fresh);
		n->fresh = NULL;
		n->seen = l;
		n->seen_mtime = st.st_mtim;
		return false;
	}
	if (st.st_mtim.tv_sec == n->seen_mtime.tv_sec &&
	    st.st_mtim.tv_nsec == n->seen_mtime.tv_nsec)
		return false;
	n->seen_mtime = st.st_mtim;
	diags_init(&d);
	fresh = lesson_load(l->path, &d);
	diags_release(&d);
	if (fresh == NULL)
		return false;
	lesson_free(n->fresh);
	n->fresh = fresh;
	return true;
}

/* Rereads the place when the file changed (or appeared, or went). */
static int
notes_tick(void *self, uint64_t now_ns)
{
	struct notes *n = self;
	struct presenter_place pl;
	struct stat st;
	int changed = 0;

	if (now_ns < n->next_poll)
		return APP_ANIMATE;
	n->next_poll = now_ns + NOTES_POLL_NS;
	if (stat(n->path, &st) != 0) {
		if (n->ino != 0) {
			n->ino = 0;
			changed = 1;
		}
	} else if (st.st_ino != n->ino ||
	    st.st_mtim.tv_sec != n->mtime.tv_sec ||
	    st.st_mtim.tv_nsec != n->mtime.tv_nsec) {
		n->ino = st.st_ino;
		n->mtime = st.st_mtim;
		if (presenter_read(n->path, &pl) == 0 &&
		    (!n->have || memcmp(&pl, &n->place, sizeof pl) != 0)) {
			n->place = pl;
			n->have = 1;
			changed = 1;
			/* The labels in the presenter's language too. */
			if (lang_is_code(pl.lang, strlen(pl.lang)))
				i18n_set_lang(pl.lang);
		}
	}
	if (reload_lesson(n))
		changed = 1;
	return APP_ANIMATE | (changed ? APP_REDRAW : 0);
}

const struct app_screen_ops notes_screen_ops = {
	.name = "notes",
	.draw = notes_draw,
	.key = notes_key,
	.tick = notes_tick,
	.leave = NULL,
};
