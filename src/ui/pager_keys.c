/*
 * pager_keys.c - what the lesson pager's keys do: scrolling, search, the
 * focus on demos, quizzes and links, answering a quiz, following a link,
 * the table of contents, the language switch and step-by-step reveal.
 *
 * The keys are key tables (keys.h), one per state of the pager: reading,
 * the search prompt, the keys box and the contents box. Reading, the keys
 * the pager's table does not take go to the demo in view when the demo's
 * table marks them inline. Actions change the pager's state and ask for a
 * redraw; drawing (pager.c) lays the lesson out again when they made it
 * dirty, and writes the keys box and footers from the same tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui/exercise_view.h"
#include "ui/keys.h"
#include "ui/pager_int.h"
#include "ui/toc.h"
#include "util.h"

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
 * Whether target `t` is seen whole: every row from its first to the last
 * one that matters (a quiz's choices, a demo's area) on screen, or, for
 * an item taller than the screen, the screen full of it. Only such an
 * item takes the focus or the keys.
 */
static bool
target_seen(const struct pager *pg, int t)
{
	const struct row_target *rt;
	int bottom = pg->top + pg->view_h;

	if (t < 0 || t >= pg->lay.ntargets)
		return false;
	rt = &pg->lay.targets[t];
	if (rt->last - rt->row + 1 > pg->view_h)
		return pg->top >= rt->row && bottom - 1 <= rt->last;
	return rt->row >= pg->top && rt->last < bottom && rt->row < pg->lay.n;
}

/* Whether block `b` is a quiz or prediction answered already. */
static bool
answered(const struct pager *pg, int b)
{
	return pg->l->blocks[b].quiz != NULL && pg->quiz[b].answer >= 0;
}

/*
 * The quiz the number keys answer: the focused one if it is seen whole;
 * else (no quiz focused, or the focused one scrolled partly away) the
 * only quiz seen whole (or the only one of those not answered yet). Two quizzes on screen and none focused:
 * none, and the reader is asked to pick one with tab; a quiz whose
 * choices are off screen is never answered blind. -2 when the reader
 * must pick.
 */
static int
pick_quiz(struct pager *pg)
{
	int seen = -1, open = -1, nseen = 0, nopen = 0;

	if (pg->focus >= 0 && pg->focus < pg->lay.ntargets &&
	    pg->lay.targets[pg->focus].kind == ROW_QUIZ &&
	    target_seen(pg, pg->focus))
		return pg->focus;
	for (int i = 0; i < pg->lay.ntargets; i++) {
		const struct row_target *t = &pg->lay.targets[i];

		if (t->kind != ROW_QUIZ || !target_seen(pg, i))
			continue;
		nseen++;
		seen = i;
		if (!answered(pg, t->block)) {
			nopen++;
			open = i;
		}
	}
	if (nseen == 1)
		return seen;
	if (nopen == 1)
		return open;
	return nseen > 1 ? -2 : -1;
}

/* The demo the inline keys (r, +, -, w...) and enter act on, or NULL. */
static struct demo *
demo_in_view(struct pager *pg)
{
	return embed_in_view(&pg->demos, &pg->lay, target_seen(pg, pg->focus) ?
	    pg->focus : -1, pg->top, pg->view_h);
}

/* Answers the quiz in view with choice `k`. */
static int
answer(struct pager *pg, int k)
{
	int t = pick_quiz(pg), b;

	if (t < 0) {
		snprintf(pg->msg, sizeof pg->msg, "%s", t == -2 ?
		    _("more than one quiz in view: tab to the one to answer") :
		    _("no quiz in view"));
		pg->msg_style = CS_WARN;
		return APP_REDRAW;
	}
	b = pg->lay.targets[t].block;
	/* The eyes are on it now: tab goes on from here. */
	pg->focus = t;
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

	if (strncmp(url, "glossary:", 9) == 0)
		return pager_gloss_open(pg, url + 9);
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

/* Switches the lesson to the next language of the course, same place. */
static int
switch_lang(struct pager *pg)
{
	const char *other = player_next_lang(pg->pl);
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
	pager_swap_lesson(pg, l);
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
 * j, k and the arrows a line; d and u half a page; g, G, home and end
 * the top or the bottom of the lesson (keys_scroll).
 */
static int
act_scroll(void *self, int key)
{
	struct pager *pg = self;

	pg->top = keys_scroll(key, pg->top, pg->view_h, pager_max_top(pg));
	return APP_REDRAW;
}

/*
 * space, f, b and the page keys: a page down or up. Step by step, a
 * page down at the bottom reveals the next part first.
 */
static int
act_page(void *self, int key)
{
	struct pager *pg = self;

	if (key != 'b' && key != APP_KEY_PGUP && pg->step && pg->more &&
	    pg->top >= pager_max_top(pg)) {
		pg->reveal++;
		pg->dirty = true;
		pager_ensure_layout(pg, pg->width);
	}
	pg->top = keys_scroll(key, pg->top, pg->view_h, pager_max_top(pg));
	return APP_REDRAW;
}

/*
 * Scrolls so target `t` is seen whole (its start, when it is taller
 * than the screen).
 */
static void
show_target(struct pager *pg, int t)
{
	const struct row_target *rt = &pg->lay.targets[t];

	if (rt->last - rt->row + 1 > pg->view_h || rt->row < pg->top)
		pg->top = rt->row;
	else if (rt->last >= pg->top + pg->view_h)
		pg->top = rt->last - pg->view_h + 1;
	pager_clamp_top(pg);
}

/*
 * Tab and shift-tab: the next or previous demo, quiz or link, scrolled
 * into view whole. A focus on screen moves on from itself; otherwise
 * (none yet, or scrolled away) tab starts at the first target on screen
 * or below the reading position and shift-tab at the last one on screen
 * or above it, so the focus never jumps to the far end of the lesson.
 * Tab passes over quizzes already answered: after an answer it goes to
 * what is left to do.
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
	while (fwd && t >= 0 && t < n && pg->lay.targets[t].kind == ROW_QUIZ &&
	    answered(pg, pg->lay.targets[t].block))
		t++;
	if (t < 0 || t >= n) {
		snprintf(pg->msg, sizeof pg->msg, "%s", fwd ?
		    _("no more demos, quizzes or links below") :
		    _("no more demos, quizzes or links above"));
		pg->msg_style = CS_DIM;
		return APP_REDRAW;
	}
	pg->focus = t;
	show_target(pg, t);
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
 * Enter on an exercise on screen: its live screen (exercise_view.c), on
 * the learner's workspace in the lesson's language.
 */
static int
open_exercise(struct pager *pg)
{
	char *cause = NULL;

	for (int i = pg->top; i < pg->lay.n && i < pg->top + pg->view_h;
	    i++) {
		int b = pg->lay.v[i].block;
		const struct lesson_exercise *ex;

		if (b < 0 || (size_t)b >= pg->l->nblocks ||
		    pg->l->blocks[b].kind != LESSON_EXERCISE)
			continue;
		ex = pg->l->blocks[b].exercise;
		if (ex == NULL || ex->id == NULL)
			continue;
		pager_save_place(pg);
		if (exercise_view_push(pg->pl->app, ex, pg->l->lang != NULL ?
		    pg->l->lang : "en", &cause) != 0) {
			snprintf(pg->msg, sizeof pg->msg, "%s", cause);
			pg->msg_style = CS_WARN;
			free(cause);
		}
		return APP_REDRAW;
	}
	return APP_HANDLED;
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
	    target_seen(pg, pg->focus))
		return follow_link(pg, pg->lay.targets[pg->focus].link);
	if ((d = demo_in_view(pg)) != NULL) {
		embed_fullscreen(pg->pl->app, d);
		return APP_REDRAW;
	}
	return open_exercise(pg);
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

/* /, n and N: open the search prompt, or the next or previous match. */
static int
act_search(void *self, int key)
{
	struct pager *pg = self;

	if (key != '/')
		return next_match(pg, key);
	search_open(&pg->search);
	return APP_REDRAW;
}

/* t: opens the contents at the section the reader is in. */
static int
act_contents(void *self, int key)
{
	struct pager *pg = self;
	int block, boff;

	(void)key;
	pager_current_place(pg, &block, &boff);
	pg->overlay = OV_TOC;
	pg->toc_sel = toc_current(pg->l, block);
	pg->toc_typed = 0;
	return APP_REDRAW;
}

/* tab and shift-tab: the next or previous demo, quiz or link. */
static int
act_focus(void *self, int key)
{
	return focus_key(self, key);
}

/* enter: full screen for the demo in view, or follow the focused link. */
static int
act_enter(void *self, int key)
{
	(void)key;
	return enter_key(self);
}

/* 1 to 6: answers the quiz in view. */
static int
act_answer(void *self, int key)
{
	return answer(self, key - '1');
}

/* p: step by step, or the whole lesson. */
static int
act_step(void *self, int key)
{
	(void)key;
	return toggle_step(self);
}

/* L: the lesson in another language, at the same place. */
static int
act_lang(void *self, int key)
{
	(void)key;
	return switch_lang(self);
}

/* ?: the keys box (any key closes it). */
static int
act_help(void *self, int key)
{
	struct pager *pg = self;

	(void)key;
	pg->overlay = OV_HELP;
	return APP_REDRAW;
}

/*
 * K (as vim's K looks up the word under the cursor): the glossary entry
 * of the focused term when it is on screen, else the look-up box.
 */
static int
act_glossary(void *self, int key)
{
	struct pager *pg = self;
	const struct row_target *t;

	(void)key;
	if (pg->focus >= 0 && pg->focus < pg->lay.ntargets) {
		t = &pg->lay.targets[pg->focus];
		if (t->kind == ROW_LINK && t->link != NULL &&
		    strncmp(t->link, "glossary:", 9) == 0 &&
		    target_seen(pg, pg->focus))
			return pager_gloss_open(pg, t->link + 9);
	}
	return pager_gloss_search(pg);
}

/* esc: no focus, no search highlight. */
static int
act_unfocus(void *self, int key)
{
	struct pager *pg = self;

	(void)key;
	pg->focus = -1;
	search_clear(&pg->search);
	return APP_REDRAW;
}

/* q and Q: back to the map, or quit. */
static int
act_leave(void *self, int key)
{
	return leave_key(self, key);
}

/*
 * The pager's keys, in the order its help box lists them (followed by
 * the keys it passes to the demo in view, from the demo's table). The
 * footer's hints are the rows with a hint; those of KEY_INLINE rows (keys
 * for the demo in view) go in each demo's box instead, with the demo's.
 */
static const struct key_row pager_keys[] = {
	{ { 'j', 'k', APP_KEY_DOWN, APP_KEY_UP }, 0, 0, N_("j k, arrows"),
	    N_("line down, up"), NULL, NULL, NULL, 0, act_scroll },
	{ { ' ', 'f', APP_KEY_PGDN, 'b', APP_KEY_PGUP }, 0, 0, N_("space f, b"),
	    N_("page down, up (space also reveals)"), NULL, NULL, NULL, 0,
	    act_page },
	{ { 'd', 'u' }, 0, 0, "d u", N_("half a page down, up"),
	    NULL, NULL, NULL, 0, act_scroll },
	{ { 'g', 'G', APP_KEY_HOME, APP_KEY_END }, 0, 0, N_("g G, Home End"),
	    N_("top, bottom"), NULL, NULL, NULL, 0, act_scroll },
	{ { '?', APP_KEY_F1 }, 0, 0, "?", N_("this list of keys"),
	    N_("keys"), NULL, NULL, 0, act_help },
	{ { '/', 'n', 'N' }, 0, 0, "/ n N", N_("search, next, previous match"),
	    N_("search"), NULL, "/", 0, act_search },
	{ { 't' }, 0, 0, "t", N_("table of contents (then a number: that "
	    "section)"), N_("contents"), NULL, NULL, 0, act_contents },
	{ { APP_KEY_TAB, APP_KEY_BTAB }, 0, 0, N_("tab shift-tab"),
	    N_("next, previous demo, quiz, link or term"), NULL, NULL,
	    NULL, 0, act_focus },
	{ { APP_KEY_ENTER, '\r' }, 0, 0, N_("enter"),
	    N_("full-screen demo, follow a link"), N_("full screen"), NULL,
	    NULL, KEY_INLINE, act_enter },
	{ { 'K' }, 0, 0, "K", N_("glossary: the focused term, or look one "
	    "up"), N_("glossary"), NULL, NULL, 0, act_glossary },
	{ { 0 }, '1', '6', "1-6", N_("answer the quiz in view"),
	    NULL, NULL, NULL, 0, act_answer },
	{ { 'p' }, 0, 0, "p", N_("step by step: stop at each pause"),
	    NULL, NULL, NULL, 0, act_step },
	{ { 'L' }, 0, 0, "L", N_("next language of the course"),
	    NULL, NULL, NULL, 0, act_lang },
	{ { APP_KEY_ESC }, 0, 0, N_("esc"),
	    N_("no focus, no search highlight"), NULL, NULL, NULL, 0,
	    act_unfocus },
	{ { 'q', 'Q' }, 0, 0, "q Q", N_("back to the map, quit"),
	    N_("back"), NULL, "q", 0, act_leave },
	{ { 0 }, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL }
};

/* Contents: j, k and the arrows choose a section. */
static int
toc_move(void *self, int key)
{
	struct pager *pg = self;

	if (key == 'j' || key == APP_KEY_DOWN) {
		if (pg->toc_sel + 1 < toc_count(pg->l))
			pg->toc_sel++;
	} else if (pg->toc_sel > 0)
		pg->toc_sel--;
	pg->toc_typed = 0;
	return APP_REDRAW;
}

/* Contents: enter goes to the chosen section. */
static int
toc_go(void *self, int key)
{
	struct pager *pg = self;

	(void)key;
	goto_section(pg, pg->toc_sel);
	pg->overlay = OV_NONE;
	return APP_REDRAW;
}

/*
 * Contents: a digit of a section number, which goes as soon as no
 * longer number can follow; a digit that makes no section is dropped.
 */
static int
toc_digit(void *self, int key)
{
	struct pager *pg = self;
	int n = toc_count(pg->l), v = pg->toc_typed * 10 + (key - '0');

	if (v < 1 || v > n)
		return APP_REDRAW;
	pg->toc_typed = v;
	pg->toc_sel = v - 1;
	if (v * 10 > n) {
		goto_section(pg, v - 1);
		pg->overlay = OV_NONE;
	}
	return APP_REDRAW;
}

/* A box's other keys close it. */
static int
overlay_close(void *self, int key)
{
	struct pager *pg = self;

	(void)key;
	pg->overlay = OV_NONE;
	return APP_REDRAW;
}

/* The contents overlay's keys; its footer is written from their hints. */
static const struct key_row toc_keys[] = {
	{ { 0 }, '0', '9', N_("number"), N_("go to that section"),
	    N_("go there"), NULL, NULL, 0, toc_digit },
	{ { 'j', 'k', APP_KEY_DOWN, APP_KEY_UP }, 0, 0, N_("j k, arrows"),
	    N_("choose a section"), N_("choose"), NULL, "j/k", 0, toc_move },
	{ { APP_KEY_ENTER, '\r' }, 0, 0, N_("enter"),
	    N_("go to the chosen section"), N_("go"), NULL, NULL, 0, toc_go },
	{ { 0 }, 0, 0, N_("esc"), N_("close the contents (any other key)"),
	    N_("close"), NULL, NULL, KEY_OTHER, overlay_close },
	{ { 0 }, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL }
};

/* The keys box's key: any closes it. */
static const struct key_row help_keys[] = {
	{ { 0 }, 0, 0, N_("any key"), N_("close this box"),
	    NULL, NULL, NULL, KEY_OTHER, overlay_close },
	{ { 0 }, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL }
};

/* The search prompt: every key edits it (search.h), enter searches. */
static int
search_key(void *self, int key)
{
	struct pager *pg = self;

	if (search_type(&pg->search, key) == SEARCH_GO && !search(pg, 1)) {
		snprintf(pg->msg, sizeof pg->msg, _("not found: %s"),
		    pg->search.last);
		pg->msg_style = CS_WARN;
	}
	return APP_REDRAW;
}

/* The search prompt's keys: text, backspace, enter and esc. */
static const struct key_row search_keys[] = {
	{ { 0 }, 0, 0, N_("text"),
	    N_("the search; enter finds it, esc cancels"),
	    NULL, NULL, NULL, KEY_OTHER, search_key },
	{ { 0 }, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL }
};

/* The table the pager reads in state `which`. */
const struct key_row *
pager_keydefs(enum pager_keymap which)
{
	switch (which) {
	case PAGER_KEYS_SEARCH:
		return search_keys;
	case PAGER_KEYS_HELP:
		return help_keys;
	case PAGER_KEYS_TOC:
		return toc_keys;
	case PAGER_KEYS_GLOSSARY:
		return pager_gloss_keydefs(false);
	case PAGER_KEYS_LOOKUP:
		return pager_gloss_keydefs(true);
	case PAGER_KEYS_PAGE:
		break;
	}
	return pager_keys;
}

/*
 * The keys a lesson passes to the demo in view: those the demo's table
 * marks KEY_INLINE (and the pager's own table does not take), which the
 * demo picks (demo_key_inline). With no demo in view they are taken and
 * do nothing.
 */
static int
inline_key(struct pager *pg, int key)
{
	struct demo *d = demo_in_view(pg);
	int f;

	if (d == NULL)
		return (demo_key_flags(key) & KEY_INLINE) ? APP_HANDLED :
		    APP_IGNORED;
	f = demo_key_inline(d, key);
	return f == APP_IGNORED ? APP_IGNORED : f | APP_REDRAW;
}

/*
 * Every key of the pager: the search prompt or an open box takes them
 * all; otherwise the pager's table, then the demo in view's inline keys.
 */
int
pager_key(void *self, int key)
{
	struct pager *pg = self;
	int f;

	if (pg->search.typing)
		return keys_dispatch(search_keys, 0, pg, key);
	if (pg->overlay == OV_HELP)
		return keys_dispatch(help_keys, 0, pg, key);
	if (pg->overlay == OV_TOC)
		return keys_dispatch(toc_keys, 0, pg, key);
	if (pg->overlay == OV_GLOSSARY)
		return pager_gloss_key(pg, key);
	pg->msg[0] = '\0';
	if ((f = keys_dispatch(pager_keys, 0, pg, key)) != APP_IGNORED)
		return f;
	return inline_key(pg, key);
}
