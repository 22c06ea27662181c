/*
 * pager.c - the lesson pager: a lesson laid out as rows (layout.h) shown
 * a screenful at a time, with live demos running in it, quizzes and
 * prediction quizzes answered in place (quiz.h), a table of contents,
 * search, a keys overlay, the language switch, step-by-step reveal at
 * pauses, and (for authors) a watch mode that reloads the file on every
 * save (watch.h) and shows the checker's findings inside the lesson.
 *
 * The layout is redone whenever the width, an answer or the reveal
 * changes; the reader's place is kept as (block, row within block),
 * which survives a relayout, a reload and a restart of the program (it
 * is what progress stores). What each key does is in pager_keys.c; the
 * keys box and the footers are written here from its key tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "lang.h"
#include "store/presenter.h"
#include "ui/embed.h"
#include "ui/keys.h"
#include "ui/layout.h"
#include "ui/pager_int.h"
#include "ui/player.h"
#include "ui/search.h"
#include "ui/toc.h"
#include "ui/watch.h"
#include "util.h"

#define MAX_WIDTH	100	/* prose is hard to read wider than this */

/*
 * The keys line of a demo's box in a lesson of mode `mode` (keys.h): the
 * pager's keys for the demo in view, then the demo's inline keys.
 */
static void
demo_hints(unsigned mode, char *buf, size_t len)
{
	buf[0] = '\0';
	keys_hints(pager_keydefs(PAGER_KEYS_PAGE), 0, KEY_INLINE, 0, false,
	    KEYS_HINT_PROSE, buf, len);
	keys_hints(demo_keydefs(), mode, KEY_INLINE, 0, false,
	    KEYS_HINT_PROSE, buf, len);
}

/* Lays the lesson out again for the current width and answers. */
static void
pager_relayout(struct pager *pg)
{
	char live[160], recorded[160], traced[160];
	struct layout_in in = {
		.lesson = pg->l,
		.width = pg->width,
		.unicode = pg->unicode,
		.problems = pg->watch != NULL || pg->problems.errors > 0 ?
		    &pg->problems : NULL,
		.glossary = pager_glossary(pg, pg->l->lang),
		.quiz = pg->quiz,
		.progress = player_answers(pg->pl),
		.reveal = pg->step ? pg->reveal : -1,
		.keys_live = live,
		.keys_recorded = recorded,
		.keys_traced = traced,
	};

	demo_hints(KEY_LESSON, live, sizeof live);
	demo_hints(KEY_RECORDED, recorded, sizeof recorded);
	demo_hints(KEY_TRACED, traced, sizeof traced);

	pg->more = layout_lesson(&pg->lay, &in);
	pg->dirty = false;
}

/* The greatest top row: the last screenful. */
int
pager_max_top(const struct pager *pg)
{
	int m = pg->lay.n - pg->view_h;

	return m < 0 ? 0 : m;
}

/* Keeps the top row within the lesson. */
void
pager_clamp_top(struct pager *pg)
{
	if (pg->top > pager_max_top(pg))
		pg->top = pager_max_top(pg);
	if (pg->top < 0)
		pg->top = 0;
}

/* Where the reader is, as progress stores it. */
void
pager_current_place(const struct pager *pg, int *block, int *boff)
{
	rows_place(&pg->lay, pg->top, block, boff);
}

/*
 * The block the speaker notes should follow: the top of the screen (the
 * part the presenter is discussing, the lesson's start at first), or a
 * prediction on screen, whose own notes the room's question needs.
 */
static int
notes_block(const struct pager *pg)
{
	int block, boff, last;

	pager_current_place(pg, &block, &boff);
	last = pg->top + pg->view_h - 1;
	if (last >= pg->lay.n)
		last = pg->lay.n - 1;
	for (int i = pg->top < 0 ? 0 : pg->top; i <= last; i++) {
		int b = pg->lay.v[i].block;

		if (b >= 0 && (size_t)b < pg->l->nblocks &&
		    pg->l->blocks[b].kind == LESSON_PREDICT)
			return b;
	}
	return block;
}

/*
 * In presenter mode, tells the speaker-notes terminal (`timeslice notes`)
 * which lesson, language and block are on screen, whenever one of them
 * changes. A failure to write is not worth interrupting a class for: it
 * is ignored.
 */
static void
publish_place(struct pager *pg)
{
	struct presenter_place place;
	char *path, *cause = NULL;

	if (!pg->pl->presenter || pg->l->id == NULL || pg->lay.n == 0)
		return;
	memset(&place, 0, sizeof place);
	snprintf(place.lesson, sizeof place.lesson, "%s", pg->l->id);
	snprintf(place.lang, sizeof place.lang, "%s",
	    pg->l->lang ? pg->l->lang : LANG_SOURCE);
	place.block = notes_block(pg);
	if (pg->published && memcmp(&place, &pg->last_place,
	    sizeof place) == 0)
		return;
	if ((path = presenter_path()) != NULL &&
	    presenter_publish(path, &place, &cause) != 0)
		free(cause);
	free(path);
	pg->last_place = place;
	pg->published = true;
}

/* Records the place (and whether the end was reached) in progress. */
void
pager_save_place(struct pager *pg)
{
	int block, boff;
	struct progress *p = &pg->pl->progress;

	if (pg->l->id == NULL || pg->lay.n == 0)
		return;
	pager_current_place(pg, &block, &boff);
	progress_set_place(p, pg->l->id, block, boff);
	progress_set_last(p, pg->l->id);
	if (pg->top >= pager_max_top(pg) && !pg->more)
		progress_lesson(p, pg->l->id, true)->done = true;
}

/* Makes sure a layout for width `w` exists, keeping the place. */
void
pager_ensure_layout(struct pager *pg, int w)
{
	int block = 0, boff = 0;
	bool keep = pg->lay.n > 0;

	if (!pg->dirty && w == pg->width)
		return;
	if (pg->want_place) {
		block = pg->want_block;
		boff = pg->want_boff;
		keep = true;
		pg->want_place = false;
	} else if (keep)
		pager_current_place(pg, &block, &boff);
	pg->width = w;
	pager_relayout(pg);
	if (keep)
		pg->top = rows_at_place(&pg->lay, block, boff);
	/* In watch mode an error list at the top must stay in view. */
	if (pg->watch != NULL && pg->problems.n > 0 && block == 0 && boff == 0)
		pg->top = 0;
	pager_clamp_top(pg);
}

/* Stops every demo and forgets the answers (the lesson changed). */
static void
slots_free(struct pager *pg)
{
	quiz_states_free(pg->quiz, pg->demos.n);
	pg->quiz = NULL;
	embed_release(&pg->demos);
}

/* Puts `l` in the pager in place of the current lesson. */
void
pager_set_lesson(struct pager *pg, struct lesson *l, bool owned)
{
	slots_free(pg);
	if (pg->owned)
		lesson_free(pg->l);
	pg->l = l;
	pg->owned = owned;
	pg->quiz = quiz_states_new(l->nblocks);
	embed_init(&pg->demos, l->nblocks);
	pg->demos.on_cue = pg->pl->presenter;
	pg->focus = -1;
	pg->reveal = 0;
	pg->dirty = true;
}

/* Whether two lessons have the same blocks, kind by kind: a lesson and
 * its translation, whose places, answers and demos correspond. */
static bool
same_shape(const struct lesson *a, const struct lesson *b)
{
	if (a == NULL || b == NULL || a->nblocks != b->nblocks)
		return false;
	for (size_t i = 0; i < a->nblocks; i++)
		if (a->blocks[i].kind != b->blocks[i].kind)
			return false;
	return true;
}

void
pager_swap_lesson(struct pager *pg, struct lesson *l)
{
	if (!same_shape(pg->l, l)) {
		pager_set_lesson(pg, l, false);
		return;
	}
	/* The answers, the revealed parts and the demos stay: only the
	 * words change, the demos' captions with them. */
	if (pg->owned)
		lesson_free(pg->l);
	pg->l = l;
	pg->owned = false;
	for (size_t i = 0; i < l->nblocks && i < pg->demos.n; i++)
		if (pg->demos.v[i] != NULL && l->blocks[i].kind == LESSON_DEMO &&
		    l->blocks[i].demo->caption != NULL)
			demo_set_caption(pg->demos.v[i],
			    l->blocks[i].demo->caption);
	pg->dirty = true;
}

/*
 * Watch mode watches what the lesson's checks read besides the file: its
 * trace programs, its demos' recordings, and its versions in the other
 * languages (the course's, and the file of the same name in each other
 * language folder beside the file's), so that saving any of them clears
 * or shows the errors it causes. Files that do not exist yet are watched
 * too: creating one is a change.
 */
static void
watch_lesson_files(struct pager *pg)
{
	const struct lesson *l = pg->l;
	const struct course *c = &pg->pl->course;
	char *root = xstrdup(pg->watch), *slash, *base, *path;

	for (size_t i = 0; i < l->nblocks; i++) {
		const struct lesson_block *b = &l->blocks[i];

		if (b->kind == LESSON_TRACE && b->trace->path != NULL)
			watch_add(pg->watcher, b->trace->path);
		if (b->kind == LESSON_DEMO && b->demo->recording_path != NULL)
			watch_add(pg->watcher, b->demo->recording_path);
		if (b->kind == LESSON_PREDICT &&
		    b->quiz->demo.recording_path != NULL)
			watch_add(pg->watcher, b->quiz->demo.recording_path);
	}
	for (int k = 0; k < c->langs.n && l->id != NULL; k++) {
		const struct lesson *twin = course_find(c, l->id, c->langs.v[k]);

		if (twin != NULL && twin->path != NULL)
			watch_add(pg->watcher, twin->path);
	}
	/* ROOT/LANG/FILE: the same FILE under every other LANG. */
	if ((slash = strrchr(root, '/')) != NULL) {
		*slash = '\0';
		base = slash + 1;
		if ((slash = strrchr(root, '/')) != NULL) {
			*slash = '\0';
			for (int k = 0; k < c->langs.n; k++) {
				xasprintf(&path, "%s/%s/%s", root,
				    c->langs.v[k], base);
				watch_add(pg->watcher, path);
				free(path);
			}
		}
	}
	free(root);
}

/* Re-reads the watched file; keeps the old lesson if it cannot be read. */
static void
reload(struct pager *pg)
{
	struct diags d;
	struct lesson *l;
	time_t now = time(NULL);
	struct tm tm;

	diags_init(&d);
	l = lesson_load(pg->watch, &d);
	if (l == NULL) {
		diags_release(&pg->problems);
		pg->problems = d;
		pg->dirty = true;
		snprintf(pg->msg, sizeof pg->msg, "%s", _("cannot read the "
		    "file; showing the last version"));
		pg->msg_style = CS_ERROR;
		return;
	}
	course_check_context(&l, 1, &d);
	diags_sort(&d);
	pager_current_place(pg, &pg->want_block, &pg->want_boff);
	pg->want_place = true;
	pager_set_lesson(pg, l, true);
	if (pg->watcher != NULL)
		watch_lesson_files(pg);
	diags_release(&pg->problems);
	pg->problems = d;
	localtime_r(&now, &tm);
	snprintf(pg->msg, sizeof pg->msg, _("reloaded at %02d:%02d:%02d: %d "
	    "error(s), %d warning(s)"), tm.tm_hour, tm.tm_min, tm.tm_sec,
	    d.errors, d.warnings);
	pg->msg_style = d.errors ? CS_ERROR : CS_GOOD;
}

/* Reloads a saved file, runs the demos, judges finished predictions. */
static int
pager_tick(void *self, uint64_t now)
{
	struct pager *pg = self;
	const struct experiment_series *s;
	int flags = 0;

	if (pg->pl->quit)
		return APP_QUIT;
	if (pg->watch != NULL && watch_fired(pg->watcher)) {
		reload(pg);
		flags |= APP_REDRAW;
	}
	if (pg->dirty)
		return flags | APP_REDRAW;
	if (embed_start(&pg->demos, pg->l, &pg->lay, pg->top, pg->view_h) > 0)
		flags |= APP_REDRAW;
	for (size_t i = 0; i < pg->demos.n; i++) {
		struct demo *d = pg->demos.v[i];

		if (d == NULL)
			continue;
		flags |= demo_tick(d, now) & (APP_REDRAW | APP_ANIMATE);
		if (!quiz_waiting(pg->quiz, pg->l, (int)i) || demo_busy(d) ||
		    (s = demo_series(d)) == NULL)
			continue;
		if (quiz_evaluate(pg->quiz, pg->l, (int)i, s,
		    player_answers(pg->pl)))
			player_save(pg->pl);
		pg->dirty = true;
		flags |= APP_REDRAW;
	}
	return flags;
}

/*
 * How far through the lesson the reader is, in percent. Step by step
 * with a part still hidden, the share of the lesson's blocks above the
 * bottom of the screen, never 100 while there is more to reveal.
 */
static int
read_percent(const struct pager *pg)
{
	int last, pct;

	if (!pg->more)
		return pager_max_top(pg) ? pg->top * 100 / pager_max_top(pg) : 100;
	last = pg->top + pg->view_h - 1;
	if (last >= pg->lay.n)
		last = pg->lay.n - 1;
	while (last > 0 && pg->lay.v[last].block < 0)
		last--;
	pct = last >= 0 && pg->l->nblocks > 0 ? (pg->lay.v[last].block + 1) *
	    100 / (int)pg->l->nblocks : 0;
	return pct > 99 ? 99 : pct;
}

/* The pauses of the lesson: one more part than pauses to reveal. */
static int
count_pauses(const struct lesson *l)
{
	int n = 0;

	for (size_t i = 0; i < l->nblocks; i++)
		n += l->blocks[i].kind == LESSON_PAUSE;
	return n;
}

/* The footer: the search prompt, a message, or where the reader is. */
static void
draw_footer(struct pager *pg, struct canvas *c, struct rect r)
{
	int y = r.y + r.h - 1, col = 0, parts;
	char hints[256] = "", tally[96];

	canvas_fill(c, (struct rect){ r.x, y, r.w, 1 }, L' ', CS_TEXT);
	if (pg->search.typing)
		canvas_printf(c, r.x, y, r.w, CS_KEY, "/%s", pg->search.query);
	else if (pg->msg[0] != '\0')
		canvas_text(c, r.x, y, r.w, pg->msg_style, pg->msg);
	else {
		if (pg->step && (parts = count_pauses(pg->l)) > 0)
			col = canvas_printf(c, r.x, y, r.w, CS_KEY,
			    _("part %d/%d  "), (pg->reveal < parts ?
			    pg->reveal : parts) + 1, parts + 1);
		keys_hints(pager_keydefs(PAGER_KEYS_PAGE), 0, 0, KEY_INLINE,
		    false, KEYS_HINT_BAR, hints, sizeof hints);
		tally[0] = '\0';
		if (pg->l->id != NULL) {
			int right, answered, undecided;

			/* The answers so far: right, undecided, wrong. */
			progress_score(&pg->pl->progress, pg->l->id, &right,
			    &answered);
			undecided = progress_undecided(&pg->pl->progress,
			    pg->l->id);
			if (answered > 0)
				snprintf(tally, sizeof tally, _("%d right, %d "
				    "undecided, %d wrong  "), right, undecided,
				    answered - right - undecided);
			/* Too wide beside the keys (80 columns, Spanish):
			 * the marks the course map uses. */
			if (answered > 0 && col + 6 + canvas_width(tally) +
			    canvas_width(hints) > r.w)
				snprintf(tally, sizeof tally, c->unicode ?
				    "✓%d ?%d ✗%d  " : "+%d ?%d x%d  ", right,
				    undecided, answered - right - undecided);
		}
		canvas_printf(c, r.x + col, y, r.w - col, CS_DIM,
		    "%3d%%  %s%s%s", read_percent(pg), tally, hints,
		    pg->problems.errors ? _("  (this lesson has errors)") : "");
	}
}

/*
 * The keys box: the pager's key table, then the keys it passes to the
 * demo in view (the demo table's KEY_INLINE rows, in any demo mode).
 */
static void
draw_help(const struct pager *pg, struct canvas *c, struct rect r)
{
	struct key_help help = { 0 };
	char lang_help[160];

	keys_help_add(&help, pager_keydefs(PAGER_KEYS_PAGE), 0, 0);
	keys_help_add(&help, demo_keydefs(), 0, KEY_INLINE);
	player_help_langs(pg->pl, &help, lang_help, sizeof lang_help);
	keys_help_draw(&help, _("Keys"), c, r);
}

/*
 * The focus marker, in the left margin beside every row of the focused
 * item that must be seen: a glyph, not a colour, so it shows in every
 * theme, monochrome and projector alike, and at any width.
 */
static void
draw_focus(const struct pager *pg, struct canvas *c, int x, int body_y,
    int body_h)
{
	const struct row_target *t;

	if (pg->focus < 0 || pg->focus >= pg->lay.ntargets)
		return;
	t = &pg->lay.targets[pg->focus];
	for (int row = t->row; row <= t->last; row++) {
		int y = row - pg->top;

		if (y < 0 || y >= body_h)
			continue;
		canvas_put(c, x, body_y + y, row == t->row ? (c->unicode ?
		    L'▶' : L'>') : (c->unicode ? L'┃' : L'|'), CS_KEY);
	}
}

/* Draws the header, the rows in view, their demos, the footer. */
static void
pager_draw(void *self, struct canvas *c, struct rect r)
{
	struct pager *pg = self;
	int margin, w, body_y = r.y + 1, body_h = r.h - 2, y;
	char head[256];
	const char *lang = pg->l->lang ? pg->l->lang : "";

	w = r.w - 4;
	if (w > MAX_WIDTH)
		w = MAX_WIDTH;
	margin = r.x + 2;
	pg->view_h = body_h;
	if (pg->unicode != c->unicode) {
		pg->unicode = c->unicode;
		pg->dirty = true;
	}
	pager_ensure_layout(pg, w);
	pager_clamp_top(pg);

	/* Header: where we are. */
	snprintf(head, sizeof head, _(" Chapter %d · %s"), pg->l->chapter,
	    pg->l->title ? pg->l->title : "?");
	canvas_fill(c, (struct rect){ r.x, r.y, r.w, 1 }, L' ', CS_HIGHLIGHT);
	canvas_text_fit(c, r.x, r.y, r.w - 8, CS_HIGHLIGHT, head);
	canvas_printf(c, r.x + r.w - 7, r.y, 7, CS_HIGHLIGHT, "[%s]", lang);

	for (y = 0; y < body_h && pg->top + y < pg->lay.n; y++) {
		const struct row *row = &pg->lay.v[pg->top + y];
		int x = margin + row->x, used = 0;

		for (int k = 0; k < row->nspans; k++) {
			const struct row_span *sp = &row->spans[k];
			bool focused = sp->target >= 0 &&
			    sp->target == pg->focus;

			used += search_draw_span(&pg->search, c, x + used,
			    body_y + y, w - row->x - used, sp, focused ?
			    CS_HIGHLIGHT : sp->style);
		}
	}
	/* Demos take the whole width; only prose is kept readable. */
	embed_draw(&pg->demos, &pg->lay, pg->top, c,
	    (struct rect){ margin, body_y, r.w - 4, body_h });
	draw_focus(pg, c, r.x, body_y, body_h);
	draw_footer(pg, c, r);
	if (pg->overlay == OV_HELP)
		draw_help(pg, c, r);
	else if (pg->overlay == OV_TOC) {
		char hints[256] = "";

		keys_hints(pager_keydefs(PAGER_KEYS_TOC), 0, 0, 0, false,
		    KEYS_HINT_BAR, hints, sizeof hints);
		toc_draw(pg->l, &pg->toc_sel, pg->toc_typed, hints, c, r);
	} else if (pg->overlay == OV_GLOSSARY)
		pager_gloss_draw(pg, c, r);
	publish_place(pg);
}

/* Closes the pager: the place is saved, demos stopped. */
static void
pager_leave(void *self)
{
	struct pager *pg = self;

	pager_save_place(pg);
	player_save(pg->pl);
	slots_free(pg);
	rows_free(&pg->lay);
	if (pg->owned)
		lesson_free(pg->l);
	diags_release(&pg->problems);
	watch_free(pg->watcher);
	free(pg->watch);
	search_clear(&pg->search);
	search_clear(&pg->gloss_q);
	pager_gloss_release(pg);
	free(pg);
}

const struct app_screen_ops pager_screen_ops = {
	.name = "pager",
	.draw = pager_draw,
	.key = pager_key,
	.tick = pager_tick,
	.leave = pager_leave,
};

/*
 * Watch mode: loads a fresh copy of the file and starts watching it. A
 * folder that cannot be watched is said in the footer.
 */
static void
start_watching(struct pager *pg, const char *path)
{
	char *cause = NULL;

	pg->watch = xstrdup(path);
	pg->watcher = watch_new(path, &cause);
	reload(pg);	/* replaces the lesson with a fresh copy, and watches
			   its other files */
	pg->want_place = false;
	pg->msg[0] = '\0';
	if (pg->watcher == NULL) {
		snprintf(pg->msg, sizeof pg->msg, "%s", cause);
		pg->msg_style = CS_ERROR;
		free(cause);
	}
}

/* Creates a pager on a lesson, at the place progress remembers. */
void *
pager_new(struct player *pl, struct lesson *l, bool owned,
    const char *watch)
{
	struct pager *pg = xcalloc(1, sizeof *pg);
	const struct progress_lesson *pp;

	pg->pl = pl;
	pg->focus = -1;
	pg->unicode = true;
	pg->step = pl->presenter;
	diags_init(&pg->problems);
	pager_set_lesson(pg, l, owned);
	if (watch != NULL) {
		start_watching(pg, watch);
		l = pg->l;
	} else if (l->errors > 0) {
		/* A course lesson with errors: say so inside it. */
		struct lesson *one = l;

		lesson_free(lesson_load(l->path, &pg->problems));
		course_check(&one, 1, pl->course.v, pl->course.n,
		    &pg->problems);
		diags_sort(&pg->problems);
	}
	pp = l->id ? progress_lesson(&pl->progress, l->id, false) : NULL;
	if (pp != NULL) {
		pg->want_place = true;
		pg->want_block = pp->block;
		pg->want_boff = pp->offset;
	}
	/* Show the answers given before. */
	quiz_restore(pg->quiz, l, player_answers(pl));
	if (l->id != NULL) {
		progress_set_last(&pl->progress, l->id);
		player_save(pl);
	}
	return pg;
}

/* Pushes a new pager on the app. */
void *
pager_open(struct player *pl, struct lesson *l, bool owned,
    const char *watch)
{
	void *pg = pager_new(pl, l, owned, watch);

	app_push(pl->app, &pager_screen_ops, pg);
	return pg;
}
