/*
 * outpane.c - a traced program's output in a pane (see outpane.h).
 *
 * The rows are made from the two tails whole (escaping and cutting 2 x
 * 64 KiB takes a few milliseconds) and kept until the tails grow or the
 * width changes, so a pane left open over a running program costs its
 * frames nothing while the program is silent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui/app.h"
#include "ui/outpane.h"
#include "util.h"

/* A growing list of rows. */
struct rowbuf {
	struct outpane_row	*v;
	int			 n, cap;
};

/* Appends a row; takes `text`. */
static void
add_row(struct rowbuf *b, char *text, uint8_t style)
{
	if (b->n == b->cap) {
		b->cap = b->cap > 0 ? b->cap * 2 : 64;
		b->v = xreallocarray(b->v, (size_t)b->cap, sizeof *b->v);
	}
	b->v[b->n].text = text;
	b->v[b->n].style = style;
	b->n++;
}

/*
 * One line of output (`len` bytes, without its newline): escaped as
 * every untrusted text is, then cut into rows of `w` columns, so nothing
 * of it is hidden past the edge.
 */
static void
add_line(struct rowbuf *b, const char *s, size_t len, int w, uint8_t style)
{
	char *esc = NULL, *row;
	size_t elen = 0, n;
	const char *p;
	FILE *f;

	/* A line ended "\r\n" ends where the terminal would show it end. */
	if (len > 0 && s[len - 1] == '\r')
		len--;
	if ((f = open_memstream(&esc, &elen)) == NULL)
		fatal("out of memory escaping output");
	util_fputs_safe_n(s, len, f, 0);
	if (fclose(f) != 0 || esc == NULL)
		fatal("out of memory escaping output");
	p = esc;
	do {
		/* Escaped text is printable: every character fits in two. */
		if ((n = canvas_fit(p, w, NULL)) == 0 && *p != '\0')
			n = 1;
		row = xmalloc(n + 1);
		memcpy(row, p, n);
		row[n] = '\0';
		add_row(b, row, style);
		p += n;
	} while (*p != '\0');
	free(esc);
}

/*
 * A stream's heading and lines. When its front was dropped, the first
 * line is a part of one: it is left out with the rest.
 */
static void
add_stream(struct rowbuf *b, const struct tail *t, int w, bool err)
{
	const char *s = t->buf != NULL ? t->buf : "", *end = s + t->len, *nl;
	const char *head;

	if (t->len == 0)
		head = err ? _("standard error: nothing written") :
		    _("standard output: nothing written");
	else if (t->cut)
		head = err ? _("standard error, its last 64 KiB:") :
		    _("standard output, its last 64 KiB:");
	else
		head = err ? _("standard error:") : _("standard output:");
	add_row(b, xstrdup(head), err ? CS_ERROR : CS_TITLE);
	if (t->cut && (nl = memchr(s, '\n', t->len)) != NULL)
		s = nl + 1;
	while (s < end) {
		size_t len;

		nl = memchr(s, '\n', (size_t)(end - s));
		len = nl != NULL ? (size_t)(nl - s) : (size_t)(end - s);
		add_line(b, s, len, w, err ? CS_WARN : CS_TEXT);
		s += len + (nl != NULL);
	}
}

struct outpane_row *
outpane_rows(const struct tail *out, const struct tail *err, int w, int *n)
{
	struct rowbuf b = { NULL, 0, 0 };

	if (w < 2)
		w = 2;
	add_stream(&b, out, w, false);
	/* Standard error last: a traceback is what the last rows show. */
	add_stream(&b, err, w, true);
	*n = b.n;
	return b.v;
}

void
outpane_rows_free(struct outpane_row *v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

void
outpane_release(struct outpane *p)
{
	outpane_rows_free(p->rows, p->nrows);
	p->rows = NULL;
	p->nrows = 0;
	p->rows_out = p->rows_err = NULL;
	p->open = false;
}

void
outpane_show(struct outpane *p, bool open)
{
	outpane_release(p);
	p->open = open;
	p->back = 0;
}

/* The rows for `out` and `err` at width `w`: those kept, if still so. */
static void
rows_for(struct outpane *p, const struct tail *out, const struct tail *err,
    int w)
{
	if (p->rows != NULL && p->rows_w == w && p->rows_out == out &&
	    p->rows_err == err && p->rows_total_out == out->total &&
	    p->rows_total_err == err->total)
		return;
	outpane_rows_free(p->rows, p->nrows);
	p->rows = outpane_rows(out, err, w, &p->nrows);
	p->rows_w = w;
	p->rows_out = out;
	p->rows_err = err;
	p->rows_total_out = out->total;
	p->rows_total_err = err->total;
}

/* Scrolls back (positive) or on by `rows`, within what there is. */
static int
scroll(struct outpane *p, int rows)
{
	p->back += rows;
	if (p->back > p->most)
		p->back = p->most;
	if (p->back < 0)
		p->back = 0;
	return APP_REDRAW;
}

/* up and k, down and j: a row back or on. */
static int
key_line(void *self, int key)
{
	return scroll(self, key == APP_KEY_UP || key == 'k' ? 1 : -1);
}

/* pgup and b, pgdn: a page back or on, a row kept. */
static int
key_page(void *self, int key)
{
	struct outpane *p = self;
	int page = p->page > 2 ? p->page - 1 : 1;

	return scroll(p, key == APP_KEY_PGDN ? -page : page);
}

/* home and g: the first rows; end and G: the last. */
static int
key_ends(void *self, int key)
{
	struct outpane *p = self;

	p->back = key == APP_KEY_HOME || key == 'g' ? p->most : 0;
	return APP_REDRAW;
}

/* o and esc: closes the pane. */
static int
key_close(void *self, int key)
{
	(void)key;
	outpane_show(self, false);
	return APP_REDRAW;
}

/* The pane's keys; its frame shows their hints. */
static const struct key_row pane_keys[] = {
	{ { APP_KEY_UP, APP_KEY_DOWN, 'k', 'j' }, 0, 0, N_("up down"),
	    N_("scroll the output"), N_("scroll"), NULL, N_("up/down"), 0,
	    key_line },
	{ { APP_KEY_PGUP, APP_KEY_PGDN, 'b' }, 0, 0, N_("pgup pgdn"),
	    N_("scroll the output a page"), N_("page"), NULL, N_("pgup/pgdn"),
	    0, key_page },
	{ { APP_KEY_HOME, APP_KEY_END, 'g', 'G' }, 0, 0, N_("home end"),
	    N_("first / last lines of the output"), NULL, NULL, NULL, 0,
	    key_ends },
	{ { 'o', 'O', APP_KEY_ESC }, 0, 0, "o", N_("close the output"),
	    N_("close"), NULL, NULL, 0, key_close },
	{ { 0 }, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL }
};

const struct key_row *
outpane_keydefs(void)
{
	return pane_keys;
}

int
outpane_key(struct outpane *p, int key)
{
	if (!p->open)
		return APP_IGNORED;
	return keys_dispatch(pane_keys, 0, p, key);
}

void
outpane_draw(struct outpane *p, struct canvas *c, struct rect r,
    const char *title, const struct tail *out, const struct tail *err)
{
	struct outpane_row *rows;
	char hints[128] = "", where[32];
	int n, page, first, w;

	if (!p->open || r.w < 12 || r.h < 3)
		return;
	canvas_fill(c, r, L' ', CS_TEXT);
	canvas_box(c, r, CS_BORDER, title);
	w = r.w - 4;
	page = r.h - 2;
	rows_for(p, out, err, w);
	rows = p->rows;
	n = p->nrows;
	p->page = page;
	p->most = n > page ? n - page : 0;
	if (p->back > p->most)
		p->back = p->most;
	first = n > page ? n - page - p->back : 0;
	for (int i = 0; i < page && first + i < n; i++)
		canvas_text(c, r.x + 2, r.y + 1 + i, w, rows[first + i].style,
		    rows[first + i].text);
	/* The frame's foot: the keys, and which rows are shown of how many. */
	keys_hints(pane_keys, 0, 0, 0, false, KEYS_HINT_BAR, hints,
	    sizeof hints);
	where[0] = '\0';
	if (p->most > 0)
		snprintf(where, sizeof where, " %d-%d/%d ", first + 1,
		    first + page, n);
	w = canvas_width(where);
	canvas_text(c, r.x + r.w - 2 - w, r.y + r.h - 1, w, CS_DIM, where);
	canvas_printf(c, r.x + 2, r.y + r.h - 1, r.w - 5 - w, CS_DIM, " %s ",
	    hints);
}
