/*
 * parse.c - the context every part of the lesson parser works in: the
 * lines of the file (so a message can point at a column), where problems
 * go, the small string helpers the parts share, and the check that the
 * file is UTF-8 at all.
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
		free(c->demo_ids[i].id);
	free(c->demo_ids);
	for (size_t i = 0; i < c->nquiz_ids; i++)
		free(c->quiz_ids[i].id);
	free(c->quiz_ids);
	for (size_t i = 0; i < c->nexercise_ids; i++)
		free(c->exercise_ids[i].id);
	free(c->exercise_ids);
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

/* Records an error whose message is already translated (diags_put). */
void
lp_err_msg(struct lp_ctx *c, int line, int col, const char *msg)
{
	diags_put(c->d, DIAG_ERROR, c->path, line, col, msg);
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

/* The length of the UTF-8 sequence at s[0..n), or 0 if it is not one:
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t need;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (need > n)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((need == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (need == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return need;
}

/*
 * Reports the first byte of the file that is not UTF-8 (a file saved as
 * Latin-1 shows "com?n" in the terminal), with how many lines have more,
 * so the author converts the file instead of chasing bytes one by one.
 */
void
lp_check_utf8(struct lp_ctx *c)
{
	const unsigned char *s = (const unsigned char *)c->text;
	int line = 1, bad_line = 0, bad_col = 0, more = 0, last = 0;
	size_t line_start = 0, i = 0;
	unsigned char first = 0;

	while (i < c->len) {
		size_t k = utf8_len(s + i, c->len - i);

		if (k == 0) {
			if (bad_line == 0) {
				bad_line = line;
				bad_col = (int)(i - line_start) + 1;
				first = s[i];
			} else if (line != last)
				more++;
			last = line;
			i++;
			continue;
		}
		if (s[i] == '\n') {
			line++;
			line_start = i + 1;
		}
		i += k;
	}
	if (bad_line == 0)
		return;
	if (more > 0)
		lp_err(c, bad_line, bad_col, "byte 0x%02x is not UTF-8, nor are "
		    "bytes on %d more line%s (save the file as UTF-8)", first,
		    more, more == 1 ? "" : "s");
	else
		lp_err(c, bad_line, bad_col, "byte 0x%02x is not UTF-8 (save "
		    "the file as UTF-8)", first);
}
