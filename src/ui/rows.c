/*
 * rows.c - the rows of a laid-out lesson and the pen that fills them.
 *
 * Widths are measured the way the canvas measures them when it draws
 * (the C library's wcwidth, an invalid byte taking one column), so a row
 * the pen says fits is a row the canvas draws whole.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui/canvas.h"
#include "ui/rows.h"
#include "util.h"

/*
 * How many of the first `len` bytes of `s` fit in `maxw` columns without
 * cutting a character; their columns go to *used.
 */
static size_t
fit(const char *s, size_t len, int maxw, int *used)
{
	mbstate_t st;
	size_t i = 0;
	int w = 0;

	memset(&st, 0, sizeof st);
	while (i < len) {
		wchar_t ch;
		size_t n = mbrtowc(&ch, s + i, len - i, &st);
		int cw;

		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&st, 0, sizeof st);
			ch = L'?';
			n = 1;
		} else if (n == 0)
			n = 1;
		cw = wcwidth(ch);
		if (cw < 0)
			cw = 1;
		if (w + cw > maxw)
			break;
		w += cw;
		i += n;
	}
	*used = w;
	return i;
}

/* Columns of `len` bytes of text, measured as the canvas measures them. */
static int
rows_width(const char *text, size_t len)
{
	int w;

	fit(text, len, INT_MAX, &w);
	return w;
}

/* Frees the rows, their spans and the targets. */
void
rows_free(struct rows *r)
{
	for (int i = 0; i < r->n; i++) {
		for (int k = 0; k < r->v[i].nspans; k++)
			free(r->v[i].spans[k].text);
		free(r->v[i].spans);
	}
	free(r->v);
	for (int i = 0; i < r->ntargets; i++)
		free(r->targets[i].link);
	free(r->targets);
	memset(r, 0, sizeof *r);
}

/* A row's spans joined into one string. */
char *
rows_text(const struct row *r)
{
	size_t len = 1, at = 0;
	char *s;

	for (int k = 0; k < r->nspans; k++)
		len += strlen(r->spans[k].text);
	s = xmalloc(len);
	for (int k = 0; k < r->nspans; k++) {
		size_t n = strlen(r->spans[k].text);

		memcpy(s + at, r->spans[k].text, n);
		at += n;
	}
	s[at] = '\0';
	return s;
}

/* Empties `out` and puts a fresh pen at its start. */
void
rows_pen_init(struct rows_pen *p, struct rows *out, int width, bool unicode)
{
	rows_free(out);
	memset(p, 0, sizeof *p);
	p->out = out;
	p->width = width > 0 ? width : 1;
	p->cur = -1;
	p->target = -1;
	p->style = CS_TEXT;
	p->unicode = unicode;
}

/* Appends a span of `len` bytes of `text` that is known to fit. */
static void
add_span(struct rows_pen *p, const char *text, size_t len, int width,
    uint8_t style, int target)
{
	struct row *r = &p->out->v[p->cur];
	struct row_span *s;

	r->spans = xreallocarray(r->spans, (size_t)r->nspans + 1,
	    sizeof *r->spans);
	s = &r->spans[r->nspans++];
	s->text = xmalloc(len + 1);
	memcpy(s->text, text, len);
	s->text[len] = '\0';
	s->style = style;
	s->target = target;
	p->col += width;
}

/* Appends up to `len` bytes of text, cut at the width. */
static void
put_n(struct rows_pen *p, const char *text, size_t len, uint8_t style,
    int target)
{
	int used;

	if (p->cur < 0)
		rows_start(p);
	len = fit(text, len, p->width - p->col, &used);
	/* Past the edge: nothing to keep (but a row is never left empty). */
	if (len == 0 && p->out->v[p->cur].nspans > 0)
		return;
	add_span(p, text, len, used, style, target);
}

/* Where rows start: the indent, or the last column if it is past it. */
static int
row_x(const struct rows_pen *p)
{
	if (p->indent < 0)
		return 0;
	return p->indent < p->width ? p->indent : p->width - 1;
}

/* Starts a row at the indent, with the quote bar if any. */
void
rows_start(struct rows_pen *p)
{
	struct rows *out = p->out;
	struct row *r;

	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 256;
		out->v = xreallocarray(out->v, (size_t)out->cap,
		    sizeof *out->v);
	}
	r = &out->v[out->n];
	memset(r, 0, sizeof *r);
	r->block = p->block;
	if (out->n > 0 && out->v[out->n - 1].block == p->block)
		r->boff = out->v[out->n - 1].boff + 1;
	r->demo = -1;
	r->x = row_x(p);
	p->cur = out->n++;
	p->col = r->x;
	p->space = false;
	if (p->prefix != NULL)
		put_n(p, p->prefix, strlen(p->prefix), CS_BORDER, -1);
}

/* Ends the row being filled. */
void
rows_end(struct rows_pen *p)
{
	p->cur = -1;
	p->space = false;
}

/* Adds an empty row unless the last one is empty. */
void
rows_blank(struct rows_pen *p)
{
	struct rows *out = p->out;
	const char *prefix = p->prefix;

	rows_end(p);
	if (out->n == 0 || out->v[out->n - 1].nspans == 0)
		return;
	p->prefix = NULL;
	rows_start(p);
	p->prefix = prefix;
	rows_end(p);
}

/* Appends text as it is, clipped at the width. */
void
rows_put(struct rows_pen *p, const char *text, uint8_t style, int target)
{
	put_n(p, text, strlen(text), style, target);
}

/*
 * Moves the end of the current row after its last blank (the word that a
 * glued piece of `need` columns continues: "(" before a code span, a code
 * span before ")" or ":") onto a fresh row, so punctuation and brackets
 * stay with their word. Returns false, moving nothing, when that word is
 * the whole row or would not fit on a fresh one with the piece.
 */
static bool
carry_word(struct rows_pen *p, int need, int start)
{
	struct row *r = &p->out->v[p->cur];
	struct row_span *moved;
	int k, w = 0, nmoved, old = p->cur;

	for (k = r->nspans - 1; k >= 0 && strcmp(r->spans[k].text, " ") != 0;
	    k--)
		w += rows_width(r->spans[k].text, strlen(r->spans[k].text));
	if (k < 0 || k == r->nspans - 1 || start + w + need > p->width)
		return false;
	nmoved = r->nspans - k - 1;
	moved = xreallocarray(NULL, (size_t)nmoved, sizeof *moved);
	memcpy(moved, &r->spans[k + 1], (size_t)nmoved * sizeof *moved);
	free(r->spans[k].text);		/* the blank: rows end without it */
	r->nspans = k;
	rows_end(p);
	rows_start(p);
	for (int i = 0; i < nmoved; i++) {
		int t = moved[i].target;
		bool stays = false;

		/* A link that now starts on the new row is found there. */
		for (int j = 0; t >= 0 && j < p->out->v[old].nspans; j++)
			stays |= p->out->v[old].spans[j].target == t;
		if (t >= 0 && !stays && p->out->targets[t].row == old)
			p->out->targets[t].row = p->cur;
		add_span(p, moved[i].text, strlen(moved[i].text),
		    rows_width(moved[i].text, strlen(moved[i].text)),
		    moved[i].style, t);
		free(moved[i].text);
	}
	free(moved);
	return true;
}

/* Appends a word, wrapping before it or cutting it as needed. */
static void
rows_word(struct rows_pen *p, const char *w, size_t len, uint8_t style)
{
	int width = rows_width(w, len), used;
	int start = row_x(p) + (p->prefix ? canvas_width(p->prefix) : 0);
	size_t n;

	if (p->cur < 0)
		rows_start(p);
	else if (p->col + (p->space ? 1 : 0) + width > p->width &&
	    p->col > start) {
		/* A piece glued to the word before wraps with that word. */
		if (p->space || !carry_word(p, width, start)) {
			rows_end(p);
			rows_start(p);
		}
	}
	if (p->space && p->col > start)
		rows_put(p, " ", CS_TEXT, -1);
	/* Wider than what is left of a fresh row: cut it at the edge. */
	while (p->col + width > p->width) {
		n = fit(w, len, p->width - p->col, &used);
		if (n == 0 && p->col <= start)
			break;		/* not one character fits: drop it */
		if (n > 0)
			add_span(p, w, n, used, style, p->target);
		w += n;
		len -= n;
		width -= used;
		rows_end(p);
		rows_start(p);
	}
	if (p->col + width <= p->width && len > 0)
		add_span(p, w, len, width, style, p->target);
	p->space = false;
}

/* Splits text at blanks and appends each word. */
void
rows_words(struct rows_pen *p, const char *text, uint8_t style)
{
	for (const char *s = text;;) {
		size_t n = strcspn(s, " \t\n");

		if (n > 0)
			rows_word(p, s, n, style);
		s += n;
		if (*s == '\0')
			break;
		p->space = true;
		s++;
	}
}

/* Draws a row of one glyph from `indent` to the width. */
void
rows_rule(struct rows_pen *p, int indent, const char *glyph, uint8_t style)
{
	int w = p->width - indent;
	size_t g = strlen(glyph);
	char *line, *q;

	if (w < 0)
		w = 0;
	line = q = xmalloc((size_t)w * g + 1);
	for (int i = 0; i < w; i++, q += g)
		memcpy(q, glyph, g);
	*q = '\0';
	rows_put(p, line, style, -1);
	free(line);
	rows_end(p);
}

/* Records something focusable on the current row. */
int
rows_target(struct rows_pen *p, enum row_target_kind kind, const char *link)
{
	struct rows *out = p->out;
	struct row_target *t;

	if (p->cur < 0)
		rows_start(p);
	if (out->ntargets == out->captargets) {
		out->captargets = out->captargets ? out->captargets * 2 : 16;
		out->targets = xreallocarray(out->targets,
		    (size_t)out->captargets, sizeof *out->targets);
	}
	t = &out->targets[out->ntargets];
	t->kind = kind;
	t->block = p->block;
	t->row = p->cur;
	t->link = link != NULL ? xstrdup(link) : NULL;
	return out->ntargets++;
}

/* The (block, row within block) of the top row. */
void
rows_place(const struct rows *r, int top, int *block, int *boff)
{
	*block = 0;
	*boff = 0;
	for (int i = top < 0 ? 0 : top; i < r->n; i++)
		if (r->v[i].block >= 0) {
			*block = r->v[i].block;
			*boff = i == top ? r->v[i].boff : 0;
			return;
		}
}

/* The row a (block, row within block) place is at now. */
int
rows_at_place(const struct rows *r, int block, int boff)
{
	int best = -1;

	for (int i = 0; i < r->n; i++) {
		const struct row *row = &r->v[i];

		if (row->block < 0)
			continue;
		if (row->block > block)
			return best >= 0 ? best : i;
		if (row->block == block) {
			best = i;
			if (row->boff >= boff)
				return i;
		}
	}
	return best >= 0 ? best : 0;
}
