/*
 * map.c - the course map: every lesson of the current language in
 * chapter order with the learner's progress, and "continue where you left
 * off", and after the last chapter the cheat sheet (lesson/cheatsheet.h)
 * as a page (page.h). It is the bottom screen of `timeslice`; lessons
 * and the sheet open above it.
 * Its keys are a key table (keys.h) that its keys box and footer are
 * written from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lang.h"
#include "lesson/cheatsheet.h"
#include "trace/clock.h"
#include "ui/keys.h"
#include "ui/page.h"
#include "ui/player.h"
#include "util.h"

struct map {
	struct player	*pl;
	int		 sel;
	int		 top;
	bool		 help;
	uint64_t	 first_frame;
};

/* Whether `l` is a lesson of language `lang`. */
static bool
in_lang(const struct lesson *l, const char *lang)
{
	return l->lang != NULL && strcmp(l->lang, lang) == 0;
}

/*
 * The lessons of the current language, in course order. A language that
 * lacks some of the source language's lessons (a translation under way)
 * lists the source language's version in their place, which the map
 * marks "not translated yet" and opens as it is.
 */
static int
lessons(const struct map *m, struct lesson ***out)
{
	const struct course *c = &m->pl->course;
	const char *lang = m->pl->lang;
	struct lesson **v = xreallocarray(NULL, c->n ? c->n : 1, sizeof *v);
	int n = 0;

	for (size_t i = 0; i < c->n; i++) {
		const struct lesson *twin;

		if (in_lang(c->v[i], lang))
			v[n++] = c->v[i];
		else if (in_lang(c->v[i], LANG_SOURCE) && c->v[i]->id != NULL &&
		    ((twin = course_find(c, c->v[i]->id, lang)) == NULL ||
		    !in_lang(twin, lang)))
			v[n++] = c->v[i];
	}
	/* The course is in language order: put them in chapter order, the
	 * order of each language kept among equal chapters. */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1]->chapter > v[j]->chapter; j--) {
			struct lesson *t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	*out = v;
	return n;
}

/* Selects the lesson read last, if it is in this language. */
static void
select_last(struct map *m)
{
	struct lesson **v;
	int n = lessons(m, &v);

	for (int i = 0; i < n && m->pl->progress.last; i++)
		if (v[i]->id && strcmp(v[i]->id, m->pl->progress.last) == 0)
			m->sel = i;
	free(v);
}

/* A lesson's exercises, and how many of them the learner has done. */
static void
exercises_done(const struct lesson *l, const struct progress *p, int *done,
    int *total)
{
	*done = *total = 0;
	for (size_t b = 0; b < l->nblocks; b++) {
		const struct lesson_exercise *ex = l->blocks[b].exercise;
		const struct progress_exercise *pe;

		if (l->blocks[b].kind != LESSON_EXERCISE || ex == NULL ||
		    ex->id == NULL)
			continue;
		(*total)++;
		pe = progress_exercise(p, ex->id);
		if (pe != NULL && pe->done)
			(*done)++;
	}
}

/* A bar of `w` cells, `done` of `total` filled. */
static void
bar(struct canvas *c, int x, int y, int w, int done, int total)
{
	int fill = total > 0 ? done * w / total : 0;

	for (int i = 0; i < w; i++)
		canvas_put(c, x + i, y, c->unicode ? (i < fill ? L'█' : L'░') :
		    (i < fill ? L'#' : L'.'), i < fill ? CS_GOOD : CS_DIM);
}

/* The cheat sheet's row, after the last chapter. */
static void
sheet_row(struct canvas *c, struct rect r, int y, int tw, bool sel)
{
	if (sel)
		canvas_fill(c, (struct rect){ r.x + 1, y, r.w - 2, 1 }, L' ',
		    CS_HIGHLIGHT);
	canvas_text_fit(c, r.x + 6, y, tw - 10, sel ? CS_HIGHLIGHT : CS_TEXT,
	    _("Cheat sheet"));
	canvas_text_fit(c, r.x + 6 + tw, y, r.w - 8 - tw, sel ? CS_HIGHLIGHT :
	    CS_DIM, _("threads, processes, asyncio"));
}

static void
map_draw(void *self, struct canvas *c, struct rect r)
{
	struct map *m = self;
	struct player *pl = m->pl;
	struct lesson **v, *last = NULL;
	int n = lessons(m, &v), y = r.y + 2, listh, tw;
	char hints[256] = "";

	if (m->first_frame == 0)
		m->first_frame = clock_now_ns();
	canvas_fill(c, (struct rect){ r.x, r.y, r.w, 1 }, L' ', CS_HIGHLIGHT);
	canvas_text(c, r.x + 1, r.y, r.w - 8, CS_HIGHLIGHT,
	    _("timeslice: concurrency you can watch"));
	canvas_printf(c, r.x + r.w - 7, r.y, 7, CS_HIGHLIGHT, "[%s]", pl->lang);

	if (pl->progress.last != NULL)
		last = course_find(&pl->course, pl->progress.last, pl->lang);
	if (last != NULL) {
		canvas_printf(c, r.x + 2, y, r.w - 4, CS_GOOD,
		    _("Continue where you left off: %s (press c)"),
		    last->title ? last->title : last->id);
		y += 2;
	}
	if (n == 0) {
		canvas_printf(c, r.x + 2, y, r.w - 4, CS_WARN,
		    _("no lessons in '%s' under %s"), pl->lang,
		    pl->course.root ? pl->course.root : "?");
		y++;
	}
	tw = r.w - 36 > 20 ? r.w - 36 : 20;
	listh = r.y + r.h - 3 - y;
	if (m->sel > n)
		m->sel = n;
	if (m->sel < m->top)
		m->top = m->sel;
	if (listh > 0 && m->sel >= m->top + listh)
		m->top = m->sel - listh + 1;
	for (int i = m->top; i <= n && y < r.y + r.h - 3; i++, y++) {
		const struct lesson *l;
		const struct progress_lesson *pp;
		int right, answered, undecided, total;
		int exdone, extotal, titlew = tw - 10;
		uint8_t st = i == m->sel ? CS_HIGHLIGHT : CS_TEXT;
		const char *state;
		bool other;

		if (i == n) {
			sheet_row(c, r, y, tw, i == m->sel);
			continue;
		}
		l = v[i];
		other = !in_lang(l, pl->lang);
		total = lesson_count_quizzes(l);
		pp = l->id ? progress_lesson(&pl->progress, l->id, false) :
		    NULL;
		progress_score(&pl->progress, l->id ? l->id : "", &right,
		    &answered);
		if (pp == NULL)
			state = "";
		else if (pp->done)
			state = c->unicode ? _("✓ done") : _("done");
		else
			state = _("started");
		if (i == m->sel)
			canvas_fill(c, (struct rect){ r.x + 1, y, r.w - 2, 1 },
			    L' ', CS_HIGHLIGHT);
		canvas_printf(c, r.x + 2, y, 4, st, "%2d", l->chapter);
		exercises_done(l, &pl->progress, &exdone, &extotal);
		if (extotal > 0) {
			/* The exercises done, before the minutes. */
			titlew -= 7;
			canvas_printf(c, r.x + tw - 10, y, 6, exdone == extotal ?
			    CS_GOOD : (i == m->sel ? CS_HIGHLIGHT : CS_DIM),
			    _("ex %d/%d"), exdone, extotal);
		}
		canvas_text_fit(c, r.x + 6, y, titlew, st, l->title ? l->title :
		    (l->id ? l->id : "?"));
		if (l->minutes > 0)
			canvas_printf(c, r.x + tw - 3, y, 8, i == m->sel ?
			    CS_HIGHLIGHT : CS_DIM, _("%3d min"), l->minutes);
		if (other) {
			/* Opening it shows the source language's version. */
			canvas_text(c, r.x + 6 + tw, y, 24, CS_DIM,
			    _("not translated yet"));
			continue;
		}
		bar(c, r.x + 6 + tw, y, 8, right, total);
		/* Right of all, then undecided and wrong when there are any. */
		undecided = progress_undecided(&pl->progress, l->id ? l->id :
		    "");
		canvas_printf(c, r.x + 15 + tw, y, 12, CS_DIM, "%d/%d", right,
		    total);
		if (answered > right)
			canvas_printf(c, r.x + 20 + tw, y, 7, CS_DIM,
			    c->unicode ? "?%d ✗%d" : "?%d x%d", undecided,
			    answered - right - undecided);
		canvas_text_fit(c, r.x + 27 + tw, y, 9, pp && pp->done ? CS_GOOD :
		    CS_DIM, state);
	}
	y = r.y + r.h - 2;
	if (pl->notice != NULL)
		canvas_text_fit(c, r.x + 1, y, r.w - 2, CS_WARN, pl->notice);
	else if (pl->diags.errors > 0)
		canvas_printf(c, r.x + 1, y, r.w - 2, CS_WARN,
		    _("the lessons have %d error(s): run 'timeslice check'"),
		    pl->diags.errors);
	keys_hints(map_keydefs(), 0, 0, 0, false, KEYS_HINT_BAR, hints,
	    sizeof hints);
	canvas_text(c, r.x + 1, r.y + r.h - 1, r.w - 2, CS_DIM, hints);
	if (m->help) {
		struct key_help help = { 0 };
		char lang_help[160];

		keys_help_add(&help, map_keydefs(), 0, 0);
		player_help_langs(pl, &help, lang_help, sizeof lang_help);
		keys_help_draw(&help, _("Keys"), c, r);
	}
	free(v);
}

/* Opens the cheat sheet, as `timeslice cheatsheet` prints it. */
static void
open_sheet(struct map *m)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		fatal("open_memstream");
	cheatsheet_text(f);
	if (fclose(f) != 0)
		fatal("open_memstream");
	page_open(m->pl->app, _("Cheat sheet"), text);
	free(text);
}

/*
 * Opens lesson number `i` of the current language; the number after the
 * last lesson is the cheat sheet.
 */
static int
open_nth(struct map *m, int i)
{
	struct lesson **v;
	int n = lessons(m, &v);

	if (i >= 0 && i < n)
		pager_open(m->pl, v[i], false, NULL);
	else if (i == n)
		open_sheet(m);
	free(v);
	return APP_REDRAW;
}

/* The rows of the map: the lessons of the current language, the sheet. */
static int
count_rows(const struct map *m)
{
	struct lesson **v;
	int n = lessons(m, &v);

	free(v);
	return n + 1;
}

/* j, k and the arrows: the next or previous lesson. */
static int
act_move(void *self, int key)
{
	struct map *m = self;

	if (key == 'j' || key == APP_KEY_DOWN) {
		if (m->sel + 1 < count_rows(m))
			m->sel++;
	} else if (m->sel > 0)
		m->sel--;
	return APP_REDRAW;
}

/* g, G, home and end: the first lesson, or the last row (the sheet). */
static int
act_ends(void *self, int key)
{
	struct map *m = self;
	int n = count_rows(m);

	m->sel = key == 'g' || key == APP_KEY_HOME || n == 0 ? 0 : n - 1;
	return APP_REDRAW;
}

/* enter, l and right: opens the chosen lesson. */
static int
act_open(void *self, int key)
{
	struct map *m = self;

	(void)key;
	return open_nth(m, m->sel);
}

/* c: opens the lesson read last. */
static int
act_continue(void *self, int key)
{
	struct map *m = self;

	(void)key;
	select_last(m);
	if (m->pl->progress.last == NULL)
		return APP_HANDLED;
	return open_nth(m, m->sel);
}

/* L: the course's next language. */
static int
act_lang(void *self, int key)
{
	struct map *m = self;

	(void)key;
	player_set_lang(m->pl, player_next_lang(m->pl));
	select_last(m);
	return APP_REDRAW;
}

/* ?: the keys box (any key closes it). */
static int
act_help(void *self, int key)
{
	struct map *m = self;

	(void)key;
	m->help = true;
	return APP_REDRAW;
}

/* q and esc: leaves the program. */
static int
act_quit(void *self, int key)
{
	(void)self;
	(void)key;
	return APP_QUIT;
}

/*
 * The map's keys, in the order its keys box lists them; the footer is
 * the rows with a hint.
 */
static const struct key_row map_keys[] = {
	{ { 'j', 'k', APP_KEY_DOWN, APP_KEY_UP }, 0, 0, N_("j k, arrows"),
	    N_("choose a lesson, or the cheat sheet"), NULL, NULL, NULL, 0,
	    act_move },
	{ { 'g', 'G', APP_KEY_HOME, APP_KEY_END }, 0, 0, N_("g G, Home End"),
	    N_("first lesson, cheat sheet"), NULL, NULL, NULL, 0, act_ends },
	{ { APP_KEY_ENTER, '\r', 'l', APP_KEY_RIGHT }, 0, 0,
	    N_("enter, l, right"), N_("open it"), N_("open"), NULL,
	    N_("enter"), 0, act_open },
	{ { 'c' }, 0, 0, "c", N_("continue where you left off"),
	    N_("continue"), NULL, NULL, 0, act_continue },
	{ { 'L' }, 0, 0, "L", N_("next language of the course"),
	    N_("language"), NULL, NULL, 0, act_lang },
	{ { '?', APP_KEY_F1 }, 0, 0, "?", N_("this list of keys"),
	    N_("keys"), NULL, NULL, 0, act_help },
	{ { 'q', 'Q', APP_KEY_ESC }, 0, 0, N_("q esc"), N_("quit"),
	    N_("quit"), NULL, "q", 0, act_quit },
	{ { 0 }, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL }
};

/* The map's table, for its drawing and for tests. */
const struct key_row *
map_keydefs(void)
{
	return map_keys;
}

/* With the keys box open, any key closes it. */
static int
help_close(void *self, int key)
{
	struct map *m = self;

	(void)key;
	m->help = false;
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
map_key(void *self, int key)
{
	struct map *m = self;

	if (m->help)
		return keys_dispatch(help_keys, 0, m, key);
	free(m->pl->notice);
	m->pl->notice = NULL;
	return keys_dispatch(map_keys, 0, m, key);
}

static int
map_tick(void *self, uint64_t now)
{
	struct map *m = self;

	(void)now;
	if (m->pl->quit)
		return APP_QUIT;
	/* Start-up measurement: leave once the first frame is drawn. */
	if (m->first_frame != 0 && getenv("TIMESLICE_FIRST_FRAME") != NULL) {
		fprintf(stderr, "timeslice: first frame %.2f ms after start, "
		    "%zu lessons parsed\n", (double)(m->first_frame -
		    m->pl->start_ns) / 1e6, m->pl->course.n);
		return APP_QUIT;
	}
	return 0;
}

static void
map_leave(void *self)
{
	free(self);
}

const struct app_screen_ops map_screen_ops = {
	.name = "map",
	.draw = map_draw,
	.key = map_key,
	.tick = map_tick,
	.leave = map_leave,
};

void *
map_new(struct player *pl)
{
	struct map *m = xcalloc(1, sizeof *m);

	m->pl = pl;
	select_last(m);
	return m;
}

void
map_open(struct player *pl)
{
	app_push(pl->app, &map_screen_ops, map_new(pl));
}
