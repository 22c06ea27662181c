/*
 * keys.c - reading key tables (keys.h): which row answers a key, running
 * its action, and the help box and hint bar written from the same rows.
 *
 * Nothing here knows a screen: a table's rows carry everything the
 * dispatch and the help need, and the screen passes its own state as the
 * actions' `self`.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "ui/app.h"
#include "ui/keys.h"

/* A KEY_OTHER row answers every key; key 0 (none) is never answered. */
static bool
keys_match(const struct key_row *r, int key)
{
	if (key == 0)
		return false;
	if (r->flags & KEY_OTHER)
		return true;
	for (size_t i = 0; i < KEY_CODES && r->keys[i] != 0; i++)
		if (r->keys[i] == key)
			return true;
	return r->hi > 0 && key >= r->lo && key <= r->hi;
}

/* A row without mode bits, or a screen without modes, applies. */
bool
keys_applies(const struct key_row *r, unsigned mode)
{
	return (r->flags & KEY_MODES) == 0 || mode == 0 ||
	    (r->flags & mode & KEY_MODES) != 0;
}

int
keys_scroll(int key, int top, int view_h, int max_top)
{
	int page = view_h > 2 ? view_h - 2 : 1;

	switch (key) {
	case 'j':
	case APP_KEY_DOWN:
		top++;
		break;
	case 'k':
	case APP_KEY_UP:
		top--;
		break;
	case ' ':
	case 'f':
	case APP_KEY_PGDN:
		top += page;
		break;
	case 'b':
	case APP_KEY_PGUP:
		top -= page;
		break;
	case 'd':
		top += page / 2;
		break;
	case 'u':
		top -= page / 2;
		break;
	case 'g':
	case APP_KEY_HOME:
		top = 0;
		break;
	case 'G':
	case APP_KEY_END:
		top = max_top;
		break;
	default:
		break;
	}
	if (top > max_top)
		top = max_top;
	return top < 0 ? 0 : top;
}

/* The first row whose keys include `key`, in any mode. */
const struct key_row *
keys_find(const struct key_row *table, int key)
{
	for (const struct key_row *r = table; r->action != NULL; r++)
		if (keys_match(r, key))
			return r;
	return NULL;
}

/*
 * Rows that do not apply in `mode` are passed over, so a later row (the
 * same keys in another mode, or a KEY_OTHER row) may still answer.
 */
const struct key_row *
keys_find_in(const struct key_row *table, unsigned mode, int key)
{
	for (const struct key_row *r = table; r->action != NULL; r++)
		if (keys_applies(r, mode) && keys_match(r, key))
			return r;
	return NULL;
}

/* Runs the row keys_find_in picks; APP_IGNORED when none does. */
int
keys_dispatch(const struct key_row *table, unsigned mode, void *self,
    int key)
{
	const struct key_row *r = keys_find_in(table, mode, key);

	return r != NULL ? r->action(self, key) : APP_IGNORED;
}

/* hint_names when a row has them, else the first word of its names. */
void
keys_hint_names(const struct key_row *r, char *buf, size_t len)
{
	const char *names = _(r->names);

	if (r->hint_names != NULL)
		snprintf(buf, len, "%s", _(r->hint_names));
	else
		snprintf(buf, len, "%.*s", (int)strcspn(names, " "), names);
}

/* Each row of the hint bar in table order, cut short when `buf` is full. */
void
keys_hints(const struct key_row *table, unsigned mode, unsigned need,
    unsigned skip, bool alt, enum keys_hint_form form, char *buf,
    size_t len)
{
	const char *fmt = form == KEYS_HINT_PROSE ? "%s%s: %s" : "%s%s %s";

	size_t at = strlen(buf);

	for (const struct key_row *r = table; r->action != NULL && at < len;
	    r++) {
		char names[32];
		int n;

		if (r->hint == NULL || r->names == NULL ||
		    !keys_applies(r, mode) || (r->flags & need) != need ||
		    (r->flags & skip) != 0)
			continue;
		keys_hint_names(r, names, sizeof names);
		n = snprintf(buf + at, len - at, fmt, at > 0 ? "  " : "",
		    names, _(alt && r->hint_alt != NULL ? r->hint_alt :
		    r->hint));
		if (n < 0)
			break;
		at += (size_t)n;
	}
}

/* Rows in table order, a line each unless they share the help above. */
void
keys_help_add(struct key_help *h, const struct key_row *table,
    unsigned mode, unsigned need)
{
	const char *last = h->n > 0 ? h->v[h->n - 1].help : NULL;
	const char *last_names = NULL;

	for (const struct key_row *r = table; r->action != NULL; r++) {
		if (r->names == NULL || r->help == NULL ||
		    !keys_applies(r, mode) || (r->flags & need) != need)
			continue;
		if (last != NULL && strcmp(last, r->help) == 0) {
			size_t at = strlen(h->v[h->n - 1].names);

			/* One action in several modes: its keys once. */
			if (last_names != NULL &&
			    strcmp(last_names, r->names) == 0)
				continue;
			snprintf(h->v[h->n - 1].names + at,
			    sizeof h->v[0].names - at, " %s", _(r->names));
			last_names = r->names;
			continue;
		}
		if (h->n == KEY_HELP_MAX)
			return;
		snprintf(h->v[h->n].names, sizeof h->v[0].names, "%s",
		    _(r->names));
		h->v[h->n++].help = last = r->help;
		last_names = r->names;
	}
}

/* Column of the help text: the widest names of any table, and a gap. */
#define HELP_COL 17

/* A box as wide as its widest line, names in CS_KEY, help beside. */
void
keys_help_draw(const struct key_help *h, const char *title,
    struct canvas *c, struct rect r)
{
	int w = 0, nn = 0, lines, col = HELP_COL;
	struct rect box;

	/* The keys' column is as wide as the widest names ("intro, l,
	 * derecha"), never cut: a key whose name is cut cannot be typed. */
	for (int i = 0; i < h->n; i++)
		if (canvas_width(h->v[i].names) + 1 > col)
			col = canvas_width(h->v[i].names) + 1;
	for (int i = 0; i < h->n; i++) {
		int lw = col + canvas_width(_(h->v[i].help));

		if (lw > w)
			w = lw;
	}
	for (; h->notes != NULL && h->notes[nn] != NULL; nn++)
		if (canvas_width(_(h->notes[nn])) > w)
			w = canvas_width(_(h->notes[nn]));
	lines = h->n + (nn > 0 ? nn + 1 : 0);
	box.w = w + 4 < r.w ? w + 4 : r.w;
	box.h = lines + 4 < r.h ? lines + 4 : r.h;
	box.x = r.x + (r.w - box.w) / 2;
	box.y = r.y + (r.h - box.h) / 2;
	canvas_fill(c, box, L' ', CS_TEXT);
	canvas_box(c, box, CS_BORDER, title);
	for (int i = 0; i < h->n && i + 2 < box.h - 1; i++) {
		canvas_text(c, box.x + 2, box.y + 2 + i, col - 1, CS_KEY,
		    h->v[i].names);
		if (box.w - 4 > col)
			canvas_text(c, box.x + 2 + col, box.y + 2 + i,
			    box.w - 4 - col, CS_TEXT, _(h->v[i].help));
	}
	for (int i = 0; i < nn && h->n + 1 + i + 2 < box.h - 1; i++)
		canvas_text(c, box.x + 2, box.y + 3 + h->n + i, box.w - 4,
		    CS_TEXT, _(h->notes[i]));
}
