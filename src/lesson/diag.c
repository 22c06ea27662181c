/*
 * diag.c - collecting, ordering and printing lesson diagnostics.
 *
 * Messages are for the author in the interface language: every format
 * given to diags_add (and the parser's lp_err and lp_warn) is a msgid,
 * translated here, so the call sites stay plain (xgettext finds them by
 * those names, po/meson.build). A message another module already wrote
 * goes through diags_put, not as diags_add's "%s", which would put a
 * bare "%s" in the catalogue for translators. The level words are translated as
 * compilers translate theirs ("error", "aviso"); the place before them
 * keeps the file:line:col: form editors jump to.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lesson/diag.h"
#include "util.h"

void
diags_init(struct diags *d)
{
	memset(d, 0, sizeof *d);
}

void
diags_release(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

/* Appends a diagnostic whose message `msg` (allocated) it keeps. */
static void
push(struct diags *d, enum diag_level level, const char *file, int line,
    int col, char *msg)
{
	struct diag *g;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = xreallocarray(d->v, d->cap, sizeof *d->v);
	}
	g = &d->v[d->n++];
	g->file = xstrdup(file ? file : "-");
	g->line = line;
	g->col = col;
	g->level = level;
	g->msg = msg;
	if (level == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
}

void
diags_put(struct diags *d, enum diag_level level, const char *file,
    int line, int col, const char *msg)
{
	push(d, level, file, line, col, xstrdup(msg));
}

void
diags_vadd(struct diags *d, enum diag_level level, const char *file,
    int line, int col, const char *fmt, va_list ap)
{
	char *msg;

	if (vasprintf(&msg, _(fmt), ap) == -1)
		fatal("out of memory");
	push(d, level, file, line, col, msg);
}

void
diags_add(struct diags *d, enum diag_level level, const char *file, int line,
    int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diags_vadd(d, level, file, line, col, fmt, ap);
	va_end(ap);
}

/* Orders two diagnostics by file, line and column. */
static int
diag_cmp(const struct diag *x, const struct diag *y)
{
	int c;

	if ((c = strcmp(x->file, y->file)) != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return 0;
}

/* An insertion sort: stable, and the lists are short and mostly sorted. */
void
diags_sort(struct diags *d)
{
	for (size_t i = 1; i < d->n; i++) {
		struct diag k = d->v[i];
		size_t j = i;

		while (j > 0 && diag_cmp(&d->v[j - 1], &k) > 0) {
			d->v[j] = d->v[j - 1];
			j--;
		}
		d->v[j] = k;
	}
}

char *
diag_format(const struct diag *g)
{
	/* As compilers say it in the language ("error", "aviso"). */
	const char *lv = g->level == DIAG_ERROR ?
	    C_("diagnostic level", "error") :
	    C_("diagnostic level", "warning");
	char *s, *shown;

	if (g->line > 0)
		xasprintf(&s, "%s:%d:%d: %s: %s", g->file, g->line,
		    g->col > 0 ? g->col : 1, lv, g->msg);
	else
		xasprintf(&s, "%s: %s: %s", g->file, lv, g->msg);
	/* Messages quote the lesson (a bad id, a title): show, never send,
	 * the control characters it may hold. */
	shown = util_safe_str(s);
	free(s);
	return shown;
}

void
diags_print(const struct diags *d, FILE *f)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i]);

		fprintf(f, "%s\n", s);
		free(s);
	}
}
