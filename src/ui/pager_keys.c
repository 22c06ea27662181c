/*
 * pager_keys.c - what the lesson pager's keys do: scrolling, search, the
 * focus on demos, quizzes and links, answering a quiz, following a link,
 * the table of contents, the language switch and step-by-step reveal.
 *
 * Keys change the pager's state and ask for a redraw; drawing (pager.c)
 * lays the lesson out again when they made it dirty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui/pager_int.h"
#include "ui/toc.h"
#include "util.h"

/* Scrolls so row `row` is in view, a few rows from the top. */
static void
show_row(struct pager *pg, int row)
{
	if (row < pg->top || row >= pg->top + pg->view_h)
		pg->top = row - 2;
	pager_clamp_top(pg);
}

/* Finds the next (dir 1) or previous (-1) row matching the query. */
static bool
search(struct pager *pg, int dir)
{
	int n = search_next(&pg->search, &pg->lay, pg->top + 2, dir);

	if (n < 0)
		return false;
	pg->top = n - 2;
	pager_clamp_top(pg);
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
		pager_save_place(pg);
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
	pager_save_place(pg);
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
	pager_current_place(pg, &pg->want_block, &pg->want_boff);
	pg->want_place = true;
	pager_set_lesson(pg, l, false);
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
		pager_ensure_layout(pg, pg->width);
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
		if (pg->step && pg->more && pg->top >= pager_max_top(pg)) {
			pg->reveal++;
			pg->dirty = true;
			pager_ensure_layout(pg, pg->width);
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
		pg->top = pager_max_top(pg);
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
	pager_save_place(pg);
	player_save(pg->pl);
	if (key == 'q')
		return APP_POP;
	pg->pl->quit = true;
	return APP_QUIT;
}

/* Every key of the pager, overlays and the search prompt first. */
int
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
		pager_clamp_top(pg);
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

		pager_current_place(pg, &block, &boff);
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
			return demo_key(d, key) | APP_REDRAW;
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
