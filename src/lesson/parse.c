/*
 * parse.c - the context every part of the lesson parser works in: the
 * lines of the file (so a message can point at a column), where problems
 * go, and the small string helpers the parts share.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/parse.h"
#include "util.h"

/* Indexes the start of every line so messages can point into the file. */
static void
index_lines(struct lp_ctx *c)
{
	size_t cap = 64;

	c->lines = xreallocarray(NULL, cap, sizeof *c->lines);
	c->nlines = 0;
	c->lines[c->nlines++] = 0;
	for (size_t i = 0; i < c->len; i++) {
		if (c->text[i] != '\n' || i + 1 >= c->len)
			continue;
		if ((size_t)c->nlines == cap) {
			cap *= 2;
			c->lines = xreallocarray(c->lines, cap,
			    sizeof *c->lines);
		}
		c->lines[c->nlines++] = i + 1;
	}
}

/* Sets up the context for parsing `text` into `l`. */
void
lp_init(struct lp_ctx *c, const char *path, const char *text, size_t len,
    struct diags *d, struct lesson *l)
{
	memset(c, 0, sizeof *c);
	c->path = path;
	c->text = text;
	c->len = len;
	c->d = d;
	c->l = l;
	index_lines(c);
}

/* Frees what the context owns (not the lesson). */
void
lp_release(struct lp_ctx *c)
{
	free(c->lines);
	for (size_t i = 0; i < c->ndemo_ids; i++)
		free(c->demo_ids[i]);
	free(c->demo_ids);
	for (size_t i = 0; i < c->nquiz_ids; i++)
		free(c->quiz_ids[i]);
	free(c->quiz_ids);
}

/* Records an error at a place in the file. */
void
lp_err(struct lp_ctx *c, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diags_vadd(c->d, DIAG_ERROR, c->path, line, col, fmt, ap);
	va_end(ap);
	c->l->errors++;
}

/* Records a warning: something that works but is probably unintended. */
void
lp_warn(struct lp_ctx *c, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diags_vadd(c->d, DIAG_WARNING, c->path, line, col, fmt, ap);
	va_end(ap);
}

/* The text of file line `n` (1-based) without its line ending. */
const char *
lp_src_line(const struct lp_ctx *c, int n, size_t *len)
{
	size_t start, end;

	if (n < 1 || n > c->nlines) {
		*len = 0;
		return "";
	}
	start = c->lines[n - 1];
	end = start;
	while (end < c->len && c->text[end] != '\n')
		end++;
	if (end > start && c->text[end - 1] == '\r')
		end--;
	*len = end - start;
	return c->text + start;
}

/* A copy of s[0..n) with surrounding white space removed. */
char *
lp_trimdup(const char *s, size_t n)
{
	char *out;

	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	out = xmalloc(n + 1);
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

/* The closest of the NULL-terminated `cand` to `name`, for "did you
 * mean"; NULL when none is close. */
const char *
lp_suggest(const char *name, const char *const *cand)
{
	const char *best = NULL;
	int bestd = (int)strlen(name) / 3 + 1;

	for (; *cand != NULL; cand++) {
		int d = edit_distance(name, *cand, bestd);

		if (d <= bestd && (best == NULL || d < bestd)) {
			best = *cand;
			bestd = d;
		}
	}
	return best;
}
