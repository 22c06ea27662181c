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
 * is what progress stores).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "store/presenter.h"
#include "ui/embed.h"
#include "ui/layout.h"
#include "ui/player.h"
#include "ui/search.h"
#include "ui/toc.h"
#include "ui/watch.h"
#include "util.h"

#define MAX_WIDTH	100	/* prose is hard to read wider than this */

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

/* Lays the lesson out again for the current width and answers. */
static void
pager_relayout(struct pager *pg)
{
	struct layout_in in = {
		.lesson = pg->l,
		.width = pg->width,
		.unicode = pg->unicode,
		.problems = pg->watch != NULL || pg->problems.errors > 0 ?
		    &pg->problems : NULL,
		.quiz = pg->quiz,
		.progress = player_answers(pg->pl),
		.reveal = pg->step ? pg->reveal : -1,
	};

	pg->more = layout_lesson(&pg->lay, &in);
	pg->dirty = false;
}

/* The greatest top row: the last screenful. */
static int
max_top(const struct pager *pg)
{
	int m = pg->lay.n - pg->view_h;

	return m < 0 ? 0 : m;
}

/* Keeps the top row within the lesson. */
static void
clamp_top(struct pager *pg)
{
	if (pg->top > max_top(pg))
		pg->top = max_top(pg);
	if (pg->top < 0)
		pg->top = 0;
}

/* Where the reader is, as progress stores it. */
static void
current_place(const struct pager *pg, int *block, int *boff)
{
	rows_place(&pg->lay, pg->top, block, boff);
}

/*
 * The block the speaker notes should follow: the top of the screen, or,
 * step by step, the last part revealed when it is on screen (what the
 * presenter is talking about after pressing space).
 */
static int
notes_block(const struct pager *pg)
{
	int block, boff, last;

	current_place(pg, &block, &boff);
	if (!pg->step)
		return block;
	last = pg->top + pg->view_h - 1;
	if (last >= pg->lay.n)
		last = pg->lay.n - 1;
	for (; last > pg->top; last--)
		if (pg->lay.v[last].block >= 0)
			return pg->lay.v[last].block;
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
	    pg->l->lang ? pg->l->lang : "en");
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
static void
save_place(struct pager *pg)
{
	int block, boff;
	struct progress *p = &pg->pl->progress;

	if (pg->l->id == NULL || pg->lay.n == 0)
		return;
	current_place(pg, &block, &boff);
	progress_set_place(p, pg->l->id, block, boff);
	progress_set_last(p, pg->l->id);
	if (pg->top >= max_top(pg) && !pg->more)
		progress_lesson(p, pg->l->id, true)->done = true;
}

/* Makes sure a layout for width `w` exists, keeping the place. */
static void
ensure_layout(struct pager *pg, int w)
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
		current_place(pg, &block, &boff);
	pg->width = w;
	pager_relayout(pg);
	if (keep)
		pg->top = rows_at_place(&pg->lay, block, boff);
	/* In watch mode an error list at the top must stay in view. */
	if (pg->watch != NULL && pg->problems.n > 0 && block == 0 && boff == 0)
		pg->top = 0;
	clamp_top(pg);
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
static void
set_lesson(struct pager *pg, struct lesson *l, bool owned)
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
	current_place(pg, &pg->want_block, &pg->want_boff);
	pg->want_place = true;
	set_lesson(pg, l, true);
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

static const char *const pager_keys[] = {
	N_("j k, arrows      line down, up"),
	N_("space b          page down, up (space also reveals)"),
	N_("d u              half a page down, up"),
	N_("g G, Home End    top, bottom"),
	N_("/ n N            search, next, previous match"),
	N_("t                table of contents"),
	N_("t then a number  go to that section of the contents"),
	N_("tab shift-tab    next, previous demo, quiz or link"),
	N_("enter            full-screen demo, follow a link"),
	N_("1-6              answer the quiz in view"),
	N_("r + -            run the demo again, more or fewer workers"),
	N_("p                step by step: stop at each pause"),
	N_("L                switch language (es/en)"),
	N_("q Q              back to the map, quit"),
	NULL
};

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
		return max_top(pg) ? pg->top * 100 / max_top(pg) : 100;
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
		canvas_printf(c, r.x + col, y, r.w - col, CS_DIM, _("%3d%%  ? "
		    "keys  / search  t contents  q back%s"), read_percent(pg),
		    pg->problems.errors ? _("  (this lesson has errors)") :
		    "");
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
	ensure_layout(pg, w);
	clamp_top(pg);

	/* Header: where we are. */
	snprintf(head, sizeof head, _(" Chapter %d · %s"), pg->l->chapter,
	    pg->l->title ? pg->l->title : "?");
	canvas_fill(c, (struct rect){ r.x, r.y, r.w, 1 }, L' ', CS_HIGHLIGHT);
	canvas_text(c, r.x, r.y, r.w - 8, CS_HIGHLIGHT, head);
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
	draw_footer(pg, c, r);
	if (pg->overlay == OV_HELP)
		player_draw_help(c, r, _("Keys"), pager_keys);
	else if (pg->overlay == OV_TOC)
		toc_draw(pg->l, &pg->toc_sel, pg->toc_typed, c, r);
	publish_place(pg);
}

/* Scrolls so row `row` is in view, a few rows from the top. */
static void
show_row(struct pager *pg, int row)
{
	if (row < pg->top || row >= pg->top + pg->view_h)
		pg->top = row - 2;
	clamp_top(pg);
}

/* Finds the next (dir 1) or previous (-1) row matching the query. */
static bool
search(struct pager *pg, int dir)
{
	int n = search_next(&pg->search, &pg->lay, pg->top + 2, dir);

	if (n < 0)
		return false;
	pg->top = n - 2;
	clamp_top(pg);
	return true;
}

/* Whether row `row` of the layout is on screen. */
static bool
row_on_screen(const struct pager *pg, int row)
{
	return row >= pg->top && row < pg->top + pg->view_h &&
	    row < pg->lay.n;
}

/*
 * The quiz the number keys answer: the focused one if its question is
 * on screen, else the one nearest the reading position (the top of the
 * screen) whose question is on screen. A quiz whose question scrolled
 * away is never answered blind.
 */
static int
pick_quiz(struct pager *pg)
{
	int best = -1;

	if (pg->focus >= 0 && pg->focus < pg->lay.ntargets &&
	    pg->lay.targets[pg->focus].kind == ROW_QUIZ &&
	    row_on_screen(pg, pg->lay.targets[pg->focus].row))
		return pg->focus;
	for (int i = 0; i < pg->lay.ntargets; i++) {
		const struct row_target *t = &pg->lay.targets[i];

		if (t->kind != ROW_QUIZ || !row_on_screen(pg, t->row))
			continue;
		if (best < 0 || t->row - pg->top <
		    pg->lay.targets[best].row - pg->top)
			best = i;
	}
	return best;
}

/* The demo the keys r, +, - and enter act on, or NULL. */
static struct demo *
demo_in_view(struct pager *pg)
{
	return embed_in_view(&pg->demos, &pg->lay, pg->focus, pg->top,
	    pg->view_h);
}

/* Answers the quiz in view with choice `k`. */
static int
answer(struct pager *pg, int k)
{
	int t = pick_quiz(pg), b;

	if (t < 0) {
		snprintf(pg->msg, sizeof pg->msg, "%s", _("no quiz in view"));
		pg->msg_style = CS_WARN;
		return APP_REDRAW;
	}
	b = pg->lay.targets[t].block;
	switch (quiz_answer(pg->quiz, pg->l, b, k, player_answers(pg->pl))) {
	case QUIZ_IGNORED:
		return APP_HANDLED;
	case QUIZ_RECORDED:
		save_place(pg);
		player_save(pg->pl);
		break;
	case QUIZ_RUN:
		/* Run the experiment the learner just made a guess about. */
		embed_run(&pg->demos, pg->l, b);
		break;
	case QUIZ_SHOWN:
		break;
	}
	pg->dirty = true;
	return APP_REDRAW;
}

/*
 * Opens the lesson a `lesson:ID` link points at, at its section for
 * `lesson:ID#SECTION`; `lesson:#SECTION` is a section of this lesson.
 */
static int
follow_link(struct pager *pg, const char *url)
{
	struct lesson *l;
	char *id, *anchor;
	void *to;

	if (strncmp(url, "lesson:", 7) != 0) {
		snprintf(pg->msg, sizeof pg->msg, _("open %s in a browser"),
		    url);
		pg->msg_style = CS_DIM;
		return APP_REDRAW;
	}
	id = xstrdup(url + 7);
	if ((anchor = strchr(id, '#')) != NULL)
		*anchor++ = '\0';
	if (*id == '\0' && anchor != NULL) {
		if (!pager_goto_section(pg, anchor)) {
			snprintf(pg->msg, sizeof pg->msg, _("no section '%s'"),
			    anchor);
			pg->msg_style = CS_ERROR;
		}
		free(id);
		return APP_REDRAW;
	}
	l = course_find(&pg->pl->course, id, pg->pl->lang);
	if (l == NULL)
		l = course_find(&pg->pl->course, id, NULL);
	if (l == NULL) {
		snprintf(pg->msg, sizeof pg->msg, _("no lesson '%s'"), id);
		pg->msg_style = CS_ERROR;
		free(id);
		return APP_REDRAW;
	}
	save_place(pg);
	player_save(pg->pl);
	to = pager_open(pg->pl, l, false, NULL);
	if (anchor != NULL && *anchor != '\0')
		pager_goto_section(to, anchor);
	free(id);
	return APP_REDRAW;
}

/* Switches the lesson to the other language at the same place. */
static int
switch_lang(struct pager *pg)
{
	const char *other = pg->pl->lang && strcmp(pg->pl->lang, "es") == 0 ?
	    "en" : "es";
	struct lesson *l = pg->l->id ? course_find(&pg->pl->course, pg->l->id,
	    other) : NULL;

	player_set_lang(pg->pl, other);
	if (l == NULL) {
		snprintf(pg->msg, sizeof pg->msg, _("this lesson has no '%s' "
		    "version"), other);
		pg->msg_style = CS_WARN;
		return APP_REDRAW;
	}
	current_place(pg, &pg->want_block, &pg->want_boff);
	pg->want_place = true;
	set_lesson(pg, l, false);
	pg->msg[0] = '\0';
	return APP_REDRAW;
}

/* The pauses before block `block`: what step mode must reveal. */
static int
pauses_before(const struct lesson *l, int block)
{
	int n = 0;

	for (int i = 0; i < block && (size_t)i < l->nblocks; i++)
		n += l->blocks[i].kind == LESSON_PAUSE;
	return n;
}

/* Scrolls to the heading of section `sel`, revealing up to it. */
static void
goto_section(struct pager *pg, int sel)
{
	int block = toc_block(pg->l, sel), need;

	if (block < 0)
		return;
	need = pauses_before(pg->l, block);
	if (pg->step && pg->reveal < need)
		pg->reveal = need;
	pg->want_place = true;
	pg->want_block = block;
	pg->want_boff = 0;
	pg->dirty = true;
	if (pg->width > 0)
		ensure_layout(pg, pg->width);
}

bool
pager_goto_section(void *self, const char *anchor)
{
	struct pager *pg = self;
	int sel = toc_find(pg->l, anchor);

	if (sel < 0)
		return false;
	goto_section(pg, sel);
	return true;
}

/*
 * Keys of the contents overlay: move, type a section number, jump to
 * a section, close. A number goes as soon as no longer one can follow.
 */
static int
toc_key(struct pager *pg, int key)
{
	int n = toc_count(pg->l);

	switch (key) {
	case 'j':
	case APP_KEY_DOWN:
		if (pg->toc_sel + 1 < n)
			pg->toc_sel++;
		pg->toc_typed = 0;
		break;
	case 'k':
	case APP_KEY_UP:
		if (pg->toc_sel > 0)
			pg->toc_sel--;
		pg->toc_typed = 0;
		break;
	case APP_KEY_ENTER:
	case '\r':
		goto_section(pg, pg->toc_sel);
		pg->overlay = OV_NONE;
		break;
	default:
		if (key >= '0' && key <= '9') {
			int v = pg->toc_typed * 10 + (key - '0');

			if (v < 1 || v > n)
				break;
			pg->toc_typed = v;
			pg->toc_sel = v - 1;
			if (v * 10 > n) {
				goto_section(pg, v - 1);
				pg->overlay = OV_NONE;
			}
			break;
		}
		pg->overlay = OV_NONE;
		break;
	}
	return APP_REDRAW;
}

/* Typing a search: characters, backspace, enter, escape. */
static int
search_key(struct pager *pg, int key)
{
	if (search_type(&pg->search, key) == SEARCH_GO && !search(pg, 1)) {
		snprintf(pg->msg, sizeof pg->msg, _("not found: %s"),
		    pg->search.last);
		pg->msg_style = CS_WARN;
	}
	return APP_REDRAW;
}

/*
 * The keys that move through the lesson. Returns false for any other
 * key; the caller clamps the top row.
 */
static bool
scroll_key(struct pager *pg, int key)
{
	int page = pg->view_h > 2 ? pg->view_h - 2 : 1;

	switch (key) {
	case 'j':
	case APP_KEY_DOWN:
		pg->top++;
		return true;
	case 'k':
	case APP_KEY_UP:
		pg->top--;
		return true;
	case ' ':
	case 'f':
	case APP_KEY_PGDN:
		if (pg->step && pg->more && pg->top >= max_top(pg)) {
			pg->reveal++;
			pg->dirty = true;
			ensure_layout(pg, pg->width);
		}
		pg->top += page;
		return true;
	case 'b':
	case APP_KEY_PGUP:
		pg->top -= page;
		return true;
	case 'd':
		pg->top += page / 2;
		return true;
	case 'u':
		pg->top -= page / 2;
		return true;
	case 'g':
	case APP_KEY_HOME:
		pg->top = 0;
		return true;
	case 'G':
	case APP_KEY_END:
		pg->top = max_top(pg);
		return true;
	default:
		return false;
	}
}

/*
 * Tab and shift-tab: the next or previous demo, quiz or link. A focus
 * on screen moves on from itself; otherwise (none yet, or scrolled
 * away) tab starts at the first target on screen or below the reading
 * position and shift-tab at the last one on screen or above it, so
 * the focus never jumps to the far end of the lesson.
 */
static int
focus_key(struct pager *pg, int key)
{
	int t, n = pg->lay.ntargets, bottom = pg->top + pg->view_h;
	bool fwd = key == APP_KEY_TAB;

	if (n == 0)
		return APP_HANDLED;
	if (pg->focus >= 0 && pg->focus < n &&
	    row_on_screen(pg, pg->lay.targets[pg->focus].row)) {
		t = pg->focus + (fwd ? 1 : -1);
	} else if (fwd) {
		for (t = 0; t < n && pg->lay.targets[t].row < pg->top; t++)
			;
	} else {
		for (t = n - 1; t >= 0 && pg->lay.targets[t].row >= bottom;
		    t--)
			;
	}
	if (t < 0 || t >= n) {
		snprintf(pg->msg, sizeof pg->msg, "%s", fwd ?
		    _("no more demos, quizzes or links below") :
		    _("no more demos, quizzes or links above"));
		pg->msg_style = CS_DIM;
		return APP_REDRAW;
	}
	pg->focus = t;
	show_row(pg, pg->lay.targets[pg->focus].row);
	return APP_REDRAW;
}

/* n and N: the next or previous match of the last search. */
static int
next_match(struct pager *pg, int key)
{
	if (pg->search.last == NULL) {
		snprintf(pg->msg, sizeof pg->msg, "%s",
		    _("no search yet: press /"));
		pg->msg_style = CS_WARN;
	} else if (!search(pg, key == 'n' ? 1 : -1)) {
		snprintf(pg->msg, sizeof pg->msg, _("not found: %s"),
		    pg->search.last);
		pg->msg_style = CS_WARN;
	}
	return APP_REDRAW;
}

/* p: step by step through the pauses, or the whole lesson. */
static int
toggle_step(struct pager *pg)
{
	pg->step = !pg->step;
	pg->reveal = 0;
	pg->dirty = true;
	snprintf(pg->msg, sizeof pg->msg, "%s", pg->step ?
	    _("step by step: space reveals the next part") :
	    _("whole lesson shown"));
	pg->msg_style = CS_DIM;
	return APP_REDRAW;
}

/*
 * Enter: follow the focused link if it is on screen (never one the
 * reader cannot see), else show the demo in view.
 */
static int
enter_key(struct pager *pg)
{
	struct demo *d;

	if (pg->focus >= 0 && pg->focus < pg->lay.ntargets &&
	    pg->lay.targets[pg->focus].kind == ROW_LINK &&
	    row_on_screen(pg, pg->lay.targets[pg->focus].row))
		return follow_link(pg, pg->lay.targets[pg->focus].link);
	if ((d = demo_in_view(pg)) != NULL) {
		embed_fullscreen(pg->pl->app, d);
		return APP_REDRAW;
	}
	return APP_HANDLED;
}

/* Leaves the pager (q) or the program (Q), saving the place first. */
static int
leave_key(struct pager *pg, int key)
{
	save_place(pg);
	player_save(pg->pl);
	if (key == 'q')
		return APP_POP;
	pg->pl->quit = true;
	return APP_QUIT;
}

/* Every key of the pager, overlays and the search prompt first. */
static int
pager_key(void *self, int key)
{
	struct pager *pg = self;
	struct demo *d;

	if (pg->search.typing)
		return search_key(pg, key);
	if (pg->overlay == OV_HELP) {
		pg->overlay = OV_NONE;
		return APP_REDRAW;
	}
	if (pg->overlay == OV_TOC)
		return toc_key(pg, key);
	pg->msg[0] = '\0';
	if (scroll_key(pg, key)) {
		clamp_top(pg);
		return APP_REDRAW;
	}
	switch (key) {
	case 'q':
	case 'Q':
		return leave_key(pg, key);
	case '/':
		search_open(&pg->search);
		return APP_REDRAW;
	case 'n':
	case 'N':
		return next_match(pg, key);
	case '?':
	case APP_KEY_F1:
		pg->overlay = OV_HELP;
		return APP_REDRAW;
	case 't': {
		int block, boff;

		current_place(pg, &block, &boff);
		pg->overlay = OV_TOC;
		pg->toc_sel = toc_current(pg->l, block);
		pg->toc_typed = 0;
		return APP_REDRAW;
	}
	case 'p':
		return toggle_step(pg);
	case 'L':
		return switch_lang(pg);
	case APP_KEY_TAB:
	case APP_KEY_BTAB:
		return focus_key(pg, key);
	case APP_KEY_ENTER:
	case '\r':
		return enter_key(pg);
	case 'r':
	case '+':
	case '-':
	case 'w':
		if ((d = demo_in_view(pg)) != NULL)
			return demo_key(d, key == 'r' ? APP_KEY_ENTER : key) |
			    APP_REDRAW;
		return APP_HANDLED;
	case APP_KEY_ESC:
		pg->focus = -1;
		search_clear(&pg->search);
		return APP_REDRAW;
	default:
		if (key >= '1' && key <= '6')
			return answer(pg, key - '1');
		return APP_IGNORED;
	}
}

/* Closes the pager: the place is saved, demos stopped. */
static void
pager_leave(void *self)
{
	struct pager *pg = self;

	save_place(pg);
	player_save(pg->pl);
	slots_free(pg);
	rows_free(&pg->lay);
	if (pg->owned)
		lesson_free(pg->l);
	diags_release(&pg->problems);
	watch_free(pg->watcher);
	free(pg->watch);
	search_clear(&pg->search);
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
	reload(pg);	/* replaces the lesson with a fresh copy */
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
	set_lesson(pg, l, owned);
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
