/*
 * pager_gloss.c - the course's glossary inside a lesson: the box with one
 * entry (its term, other spellings, definition and the chapter that
 * teaches it, in the interface language), and the look-up box where the
 * reader types a term and picks among the nearest ones.
 *
 * Bold terms of the prose are links "glossary:ID" (prose.c); enter on a
 * focused one, or K, opens the entry; K with no term focused opens the
 * look-up box. Either box covers the lesson and leaves it untouched:
 * closing one returns to the same place, focus and search. Lookup is
 * lesson/glossary.h's (case and accents ignored, near misses
 * suggested); wrapping is the rows pen's, as in the lesson itself.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lang.h"
#include "ui/keys.h"
#include "ui/pager_int.h"
#include "ui/rows.h"
#include "util.h"

/* Terms the look-up box lists under what is typed. */
#define LOOKUP_MAX 6

/* The widest the boxes get: a definition reads best in short lines. */
#define BOX_MAX_W 72

const struct glossary *
pager_glossary(struct pager *pg, const char *lang)
{
	const char *root = pg->pl->course.root;
	struct diags d;
	int k;

	if (lang == NULL)
		lang = LANG_SOURCE;
	for (k = 0; k < PAGER_GLOSSARIES; k++)
		if (strcmp(pg->gloss_lang[k], lang) == 0) {
			pg->gloss_used = k;
			return &pg->gloss[k];
		}
	/* The slot not used last goes. */
	k = (pg->gloss_used + 1) % PAGER_GLOSSARIES;
	glossary_release(&pg->gloss[k]);
	snprintf(pg->gloss_lang[k], sizeof pg->gloss_lang[k], "%s", lang);
	diags_init(&d);
	/* A glossary's problems are `timeslice check`'s to report. */
	if (root != NULL)
		glossary_load_lang(&pg->gloss[k], root, lang, &d);
	diags_release(&d);
	pg->gloss_used = k;
	return &pg->gloss[k];
}

void
pager_gloss_release(struct pager *pg)
{
	for (int k = 0; k < PAGER_GLOSSARIES; k++) {
		glossary_release(&pg->gloss[k]);
		pg->gloss_lang[k][0] = '\0';
	}
}

/*
 * The entry `id` in the interface language, or failing that in the
 * lesson's (a glossary not translated yet); NULL when neither has it.
 */
static const struct glossary_entry *
entry_by_id(struct pager *pg, const char *id)
{
	const struct glossary_entry *e;

	if ((e = glossary_by_id(pager_glossary(pg, pg->pl->lang), id)) != NULL)
		return e;
	return glossary_by_id(pager_glossary(pg, pg->l->lang), id);
}

int
pager_gloss_open(struct pager *pg, const char *id)
{
	if (entry_by_id(pg, id) == NULL) {
		snprintf(pg->msg, sizeof pg->msg, _("no glossary entry for "
		    "'%s'"), id);
		pg->msg_style = CS_WARN;
		return APP_REDRAW;
	}
	snprintf(pg->gloss_id, sizeof pg->gloss_id, "%s", id);
	pg->overlay = OV_GLOSSARY;
	return APP_REDRAW;
}

int
pager_gloss_search(struct pager *pg)
{
	pg->gloss_id[0] = '\0';
	pg->gloss_msg[0] = '\0';
	pg->gloss_sel = 0;
	search_open(&pg->gloss_q);
	pg->overlay = OV_GLOSSARY;
	return APP_REDRAW;
}

/*
 * The terms the look-up box lists for what is typed: the one it names
 * first, then the nearest (glossary_suggest: a beginning of three
 * letters or more, or a few typos away). Returns how many.
 */
static size_t
lookup_list(struct pager *pg, const struct glossary_entry **out)
{
	const struct glossary *g = pager_glossary(pg, pg->pl->lang);
	const struct glossary_entry *near[LOOKUP_MAX];
	const char *q = pg->gloss_q.query;
	size_t n = 0, nn;

	if (*q == '\0')
		return 0;
	if ((out[0] = glossary_find(g, q)) != NULL)
		n++;
	nn = glossary_suggest(g, q, near, LOOKUP_MAX);
	/* Terms that begin with what is typed before those whose other
	 * spelling does ("proc": process before CPU time). */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < nn && n < LOOKUP_MAX; i++) {
			char *t = util_fold(near[i]->term), *f = util_fold(q);
			bool begins = strncmp(t, f, strlen(f)) == 0;

			free(t);
			free(f);
			if (begins == (pass == 0) && (n == 0 || near[i] != out[0]))
				out[n++] = near[i];
		}
	return n;
}

/*
 * Enter in the look-up box: the term typed, in this language or another
 * of the course ("core" in Spanish), else the one chosen in the list.
 */
static int
lookup_go(struct pager *pg)
{
	const struct glossary_entry *list[LOOKUP_MAX], *e;
	const struct glossary *g = pager_glossary(pg, pg->pl->lang);
	size_t n = lookup_list(pg, list);

	if (pg->gloss_q.qlen == 0)
		return APP_HANDLED;
	e = glossary_find(g, pg->gloss_q.query);
	if (e == NULL)
		e = glossary_find_elsewhere(g, pg->pl->course.root,
		    pg->pl->lang, &pg->pl->course.langs, pg->gloss_q.query);
	if (e == NULL && n > 0)
		e = list[pg->gloss_sel < (int)n ? pg->gloss_sel : 0];
	if (e == NULL) {
		snprintf(pg->gloss_msg, sizeof pg->gloss_msg, _("no glossary "
		    "entry for '%s'"), pg->gloss_q.query);
		return APP_REDRAW;
	}
	pg->gloss_q.typing = false;
	snprintf(pg->gloss_id, sizeof pg->gloss_id, "%s", e->id);
	return APP_REDRAW;
}

/* The box's esc (and the entry's q): back to the lesson as it was. */
static int
gloss_close(void *self, int key)
{
	struct pager *pg = self;

	(void)key;
	pg->overlay = OV_NONE;
	pg->gloss_q.typing = false;
	return APP_REDRAW;
}

/* The entry's /: look another term up. */
static int
gloss_lookup(void *self, int key)
{
	(void)key;
	return pager_gloss_search(self);
}

/* The entry's other keys do nothing: the box stays until closed. */
static int
gloss_ignore(void *self, int key)
{
	(void)self;
	(void)key;
	return APP_HANDLED;
}

/* The look-up box: up and down choose among the terms listed. */
static int
lookup_move(void *self, int key)
{
	struct pager *pg = self;
	const struct glossary_entry *list[LOOKUP_MAX];
	int n = (int)lookup_list(pg, list);

	if (key == APP_KEY_DOWN || key == APP_KEY_TAB)
		pg->gloss_sel = pg->gloss_sel + 1 < n ? pg->gloss_sel + 1 : 0;
	else
		pg->gloss_sel = pg->gloss_sel > 0 ? pg->gloss_sel - 1 :
		    (n > 0 ? n - 1 : 0);
	return APP_REDRAW;
}

/* The look-up box: enter opens the term. */
static int
lookup_enter(void *self, int key)
{
	(void)key;
	return lookup_go(self);
}

/* The look-up box: every other key edits what is typed. */
static int
lookup_type(void *self, int key)
{
	struct pager *pg = self;

	search_type(&pg->gloss_q, key);
	pg->gloss_q.typing = true;
	pg->gloss_sel = 0;
	pg->gloss_msg[0] = '\0';
	return APP_REDRAW;
}

/* The keys of a glossary entry's box; its footer is their hints. */
static const struct key_row entry_keys[] = {
	{ { APP_KEY_ESC, 'q', 'K' }, 0, 0, N_("esc q"),
	    N_("close the glossary, back to the lesson"), N_("close"), NULL,
	    N_("esc"), 0, gloss_close },
	{ { '/' }, 0, 0, "/", N_("look up another term"), N_("look up"),
	    NULL, NULL, 0, gloss_lookup },
	{ { 0 }, 0, 0, N_("any key"), N_("nothing while the entry is open"),
	    NULL, NULL, NULL, KEY_OTHER, gloss_ignore },
	{ { 0 }, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL }
};

/* The keys of the look-up box; its footer is their hints. */
static const struct key_row lookup_keys[] = {
	{ { APP_KEY_ENTER, '\r' }, 0, 0, N_("enter"), N_("open the term"),
	    N_("open"), NULL, NULL, 0, lookup_enter },
	{ { APP_KEY_DOWN, APP_KEY_UP, APP_KEY_TAB, APP_KEY_BTAB }, 0, 0,
	    N_("up down, tab"), N_("choose a term of the list"), N_("choose"),
	    NULL, N_("up/down"), 0, lookup_move },
	{ { APP_KEY_ESC }, 0, 0, N_("esc"),
	    N_("close the glossary, back to the lesson"), N_("close"), NULL,
	    NULL, 0, gloss_close },
	{ { 0 }, 0, 0, N_("text"), N_("the term to look up"), NULL, NULL,
	    NULL, KEY_OTHER, lookup_type },
	{ { 0 }, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL }
};

/* The glossary's tables: the entry's, or the look-up box's. */
const struct key_row *
pager_gloss_keydefs(bool lookup)
{
	return lookup ? lookup_keys : entry_keys;
}

int
pager_gloss_key(struct pager *pg, int key)
{
	return keys_dispatch(pg->gloss_id[0] != '\0' ? entry_keys :
	    lookup_keys, 0, pg, key);
}

/*
 * The box for `lines` rows of text in `r`: at most BOX_MAX_W wide, near
 * the top, where it stays as the look-up list grows and shrinks.
 */
static struct rect
box_rect(struct rect r, int lines)
{
	struct rect box;

	box.w = r.w - 4 < BOX_MAX_W ? r.w - 4 : BOX_MAX_W;
	box.h = lines + 4 < r.h - 2 ? lines + 4 : r.h - 2;
	box.x = r.x + (r.w - box.w) / 2;
	box.y = r.y + (r.h - box.h >= 4 ? 2 : (r.h - box.h) / 2);
	return box;
}

/* Draws rows `rows` inside `box`, between a blank and the keys line. */
static void
draw_rows(const struct rows *rows, struct canvas *c, struct rect box)
{
	for (int i = 0; i < rows->n && i + 2 < box.h - 2; i++) {
		const struct row *row = &rows->v[i];
		int x = box.x + 2 + row->x;

		for (int k = 0; k < row->nspans; k++)
			x += canvas_text(c, x, box.y + 2 + i,
			    box.x + box.w - 2 - x, row->spans[k].style,
			    row->spans[k].text);
	}
}

/*
 * The entry as rows of the box's width: the term, its other spellings,
 * the definition, the chapter that teaches it.
 */
static void
entry_rows(struct pager *pg, const struct glossary_entry *e,
    struct rows *out, int w, bool unicode)
{
	const struct lesson *l = course_chapter(&pg->pl->course, pg->pl->lang,
	    e->chapter);
	struct rows_pen p;
	char *s;

	rows_pen_init(&p, out, w, unicode);
	rows_words(&p, e->term, CS_TITLE);
	rows_end(&p);
	if (e->naliases > 0) {
		rows_words(&p, _("also:"), CS_DIM);
		for (size_t i = 0; i < e->naliases; i++) {
			xasprintf(&s, "%s%s", e->aliases[i], i + 1 <
			    e->naliases ? "," : "");
			p.space = true;
			rows_words(&p, s, CS_DIM);
			free(s);
		}
		rows_end(&p);
	}
	rows_blank(&p);
	rows_words(&p, e->def, CS_TEXT);
	rows_end(&p);
	rows_blank(&p);
	if (l != NULL && l->title != NULL)
		xasprintf(&s, _("Chapter %d: %s"), e->chapter, l->title);
	else
		xasprintf(&s, _("Chapter %d."), e->chapter);
	rows_words(&p, s, CS_KEY);
	rows_end(&p);
	free(s);
}

/*
 * The look-up box as rows: the prompt, then the terms it may mean with
 * the chosen one marked, or why there are none.
 */
static void
lookup_rows(struct pager *pg, struct rows *out, int w, bool unicode)
{
	const struct glossary_entry *list[LOOKUP_MAX];
	size_t n = lookup_list(pg, list);
	struct rows_pen p;
	char *s;

	rows_pen_init(&p, out, w, unicode);
	rows_put(&p, _("term: "), CS_DIM, -1);
	rows_put(&p, pg->gloss_q.query, CS_KEY, -1);
	rows_put(&p, "_", CS_KEY, -1);
	rows_end(&p);
	rows_blank(&p);
	if (pager_glossary(pg, pg->pl->lang)->n == 0)
		rows_words(&p, _("this course has no glossary"), CS_WARN);
	else if (pg->gloss_q.qlen == 0)
		rows_words(&p, _("Type a term; case and accents do not matter."),
		    CS_DIM);
	else if (n == 0)
		rows_words(&p, pg->gloss_msg[0] != '\0' ? pg->gloss_msg :
		    _("no term like it yet"), pg->gloss_msg[0] != '\0' ?
		    CS_WARN : CS_DIM);
	for (size_t i = 0; i < n; i++) {
		bool sel = (int)i == pg->gloss_sel;

		rows_end(&p);
		rows_start(&p);
		rows_put(&p, sel ? (unicode ? "▶ " : "> ") : "  ", CS_KEY, -1);
		xasprintf(&s, _("%s (ch. %d)"), list[i]->term,
		    list[i]->chapter);
		rows_put(&p, s, sel ? CS_HIGHLIGHT : CS_TEXT, -1);
		free(s);
	}
	rows_end(&p);
}

void
pager_gloss_draw(struct pager *pg, struct canvas *c, struct rect r)
{
	const struct glossary_entry *e = NULL;
	bool lookup = pg->gloss_id[0] == '\0';
	struct rows rows = { 0 };
	char hints[256] = "";
	struct rect box = box_rect(r, 0);

	if (!lookup && (e = entry_by_id(pg, pg->gloss_id)) == NULL)
		lookup = true;
	if (lookup)
		lookup_rows(pg, &rows, box.w - 4, c->unicode);
	else
		entry_rows(pg, e, &rows, box.w - 4, c->unicode);
	/* The rows, a blank, the keys. */
	box = box_rect(r, rows.n + 1);
	canvas_fill(c, box, L' ', CS_TEXT);
	canvas_box(c, box, CS_BORDER, _("Glossary"));
	draw_rows(&rows, c, box);
	keys_hints(pager_gloss_keydefs(lookup), 0, 0, 0, false, KEYS_HINT_BAR,
	    hints, sizeof hints);
	canvas_text(c, box.x + 2, box.y + box.h - 2, box.w - 4, CS_DIM, hints);
	rows_free(&rows);
}
