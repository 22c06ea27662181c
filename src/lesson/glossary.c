/*
 * glossary.c - reading the glossary files and looking words up in them
 * (the format is in glossary.h). The parser reports every malformed
 * entry at once, as the lesson parser does, and keeps the good ones, so
 * one typo costs a learner one entry, not the glossary.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "lang.h"
#include "lesson/glossary.h"
#include "lesson/lesson.h"
#include "lesson/md.h"
#include "util.h"

char *
glossary_path(const char *root, const char *lang)
{
	char *p;

	xasprintf(&p, "%s/glossary/%s.md", root, lang);
	return p;
}

/* Frees one entry's strings. */
static void
entry_free(struct glossary_entry *e)
{
	free(e->id);
	free(e->term);
	for (size_t i = 0; i < e->naliases; i++)
		free(e->aliases[i]);
	free(e->aliases);
	free(e->def);
	memset(e, 0, sizeof *e);
}

void
glossary_release(struct glossary *g)
{
	for (size_t i = 0; i < g->n; i++)
		entry_free(&g->v[i]);
	free(g->v);
	g->v = NULL;
	g->n = 0;
}

/* A copy of the `n` bytes at `s` without the blanks around them. */
static char *
trimmed(const char *s, size_t n)
{
	char *out;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	out = xmalloc(n + 1);
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

/* Whether `s` is a well-formed id: [a-z0-9-]+, not starting with '-'. */
static bool
id_ok(const char *s)
{
	if (*s == '\0' || *s == '-')
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return false;
	return true;
}

/* What the parser holds while it reads one entry. */
struct pstate {
	const char		*path;
	struct diags		*d;
	struct glossary		*g;
	struct glossary_entry	 cur;
	bool			 open;		/* an entry is being read */
	bool			 bad;		/* it had an error */
	bool			 in_def;	/* its definition started */
	bool			 def_done;	/* a blank line ended it */
	bool			 fields_done;	/* a blank line after them */
	int			 errors;
};

/* Adds an error at line:col and marks the entry being read as bad. */
static void perr(struct pstate *, int, int, const char *, ...)
	    __attribute__((format(printf, 4, 5)));

static void
perr(struct pstate *ps, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diags_vadd(ps->d, DIAG_ERROR, ps->path, line, col, fmt, ap);
	va_end(ap);
	ps->errors++;
	ps->bad = true;
}

/* Ends the entry being read: kept when whole, else dropped. */
static void
entry_close(struct pstate *ps)
{
	struct glossary_entry *e = &ps->cur;

	if (!ps->open)
		return;
	if (!ps->bad && e->chapter == 0)
		perr(ps, e->line, 1, _("glossary entry '%s' has no 'chapter:' "
		    "line"), e->id);
	if (!ps->bad && e->def == NULL)
		perr(ps, e->line, 1, _("glossary entry '%s' has no "
		    "definition"), e->id);
	if (!ps->bad && strlen(e->def) > GLOSSARY_DEF_MAX)
		perr(ps, e->line, 1, _("the definition of '%s' is too long "
		    "(a few sentences at most)"), e->id);
	if (!ps->bad && glossary_by_id(ps->g, e->id) != NULL)
		perr(ps, e->line, 1, _("glossary id '%s' is used twice"),
		    e->id);
	if (ps->bad)
		entry_free(e);
	else {
		ps->g->v = xreallocarray(ps->g->v, ps->g->n + 1,
		    sizeof *ps->g->v);
		ps->g->v[ps->g->n++] = *e;
	}
	memset(e, 0, sizeof *e);
	ps->open = ps->bad = ps->in_def = ps->def_done = false;
	ps->fields_done = false;
}

/* A `## TERM {#id}` heading at line `ln` (`s`, `n` bytes). */
static void
parse_heading(struct pstate *ps, int ln, const char *s, size_t n)
{
	const char *open = NULL, *close;

	entry_close(ps);
	ps->open = true;
	ps->cur.line = ln;
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == '{' && s[i + 1] == '#')
			open = s + i;
	close = open != NULL ? memchr(open, '}', n - (size_t)(open - s)) :
	    NULL;
	if (open == NULL || close == NULL) {
		perr(ps, ln, (int)n + 1, "%s", _("a glossary heading ends "
		    "with its id, as in '## GIL {#gil}'"));
		return;
	}
	ps->cur.term = trimmed(s + 3, (size_t)(open - s) - 3);
	ps->cur.id = trimmed(open + 2, (size_t)(close - open) - 2);
	if (ps->cur.term[0] == '\0')
		perr(ps, ln, 4, "%s", _("a glossary heading names its term"));
	else if (!id_ok(ps->cur.id))
		perr(ps, ln, (int)(open - s) + 3, _("bad glossary id '%s' "
		    "(lowercase letters, digits and '-')"), ps->cur.id);
}

/* Splits "a, b, c" into the entry's aliases. */
static void
parse_aliases(struct pstate *ps, int ln, int col, const char *v, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i <= n; i++) {
		char *a;

		if (i < n && v[i] != ',')
			continue;
		a = trimmed(v + start, i - start);
		if (a[0] == '\0') {
			free(a);
			perr(ps, ln, col + (int)start, "%s",
			    _("an empty name in 'also:'"));
			return;
		}
		ps->cur.aliases = xreallocarray(ps->cur.aliases,
		    ps->cur.naliases + 1, sizeof *ps->cur.aliases);
		ps->cur.aliases[ps->cur.naliases++] = a;
		start = i + 1;
	}
}

/* A `name: value` line of an entry, before its definition. */
static void
parse_field(struct pstate *ps, int ln, const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	size_t klen = colon != NULL ? (size_t)(colon - s) : 0;
	const char *v = colon + 1;
	size_t vn = n - klen - 1;
	int vcol = (int)klen + 2;

	if (klen == 4 && memcmp(s, "also", 4) == 0)
		parse_aliases(ps, ln, vcol, v, vn);
	else {
		char *num = trimmed(v, vn), *end;
		long ch;

		/* The error points at the value, past the blanks. */
		for (size_t i = 0; i < vn && (v[i] == ' ' || v[i] == '\t'); i++)
			vcol++;
		errno = 0;
		ch = strtol(num, &end, 10);
		if (num[0] == '\0' || *end != '\0' || ch < 1 || ch > 99)
			perr(ps, ln, vcol, _("chapter '%s' is not a chapter "
			    "number (1-99)"), num);
		else {
			ps->cur.chapter = (int)ch;
			ps->cur.chapter_line = ln;
			ps->cur.chapter_col = vcol;
		}
		free(num);
	}
}

/* A line of definition text: joined to what came before by a space. */
static void
parse_def(struct pstate *ps, int ln, const char *s, size_t n)
{
	char *t = trimmed(s, n), *joined;

	if (ps->def_done) {
		perr(ps, ln, 1, "%s", _("a definition is one paragraph"));
		free(t);
		return;
	}
	ps->in_def = true;
	if (ps->cur.def == NULL)
		ps->cur.def = t;
	else {
		xasprintf(&joined, "%s %s", ps->cur.def, t);
		free(ps->cur.def);
		free(t);
		ps->cur.def = joined;
	}
}

/* Whether the line is a field: a known name, then a colon. */
static bool
is_field(const char *s, size_t n)
{
	return (n >= 5 && memcmp(s, "also:", 5) == 0) ||
	    (n >= 8 && memcmp(s, "chapter:", 8) == 0);
}

/* Whether the line starts with one word and a colon, as a field does. */
static bool
field_like(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') ||
	    (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '-' || s[i] == '_'))
		i++;
	return i > 0 && i < n && s[i] == ':';
}

/* One line of the file, `n` bytes without its newline. */
static void
parse_line(struct pstate *ps, int ln, const char *s, size_t n)
{
	bool blank = true;

	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			blank = false;
	if (n >= 3 && memcmp(s, "## ", 3) == 0) {
		parse_heading(ps, ln, s, n);
		return;
	}
	if (!ps->open || ps->bad)
		return;			/* the file's prose, or a lost entry */
	if (blank) {
		ps->fields_done = true;
		if (ps->in_def)
			ps->def_done = true;
		return;
	}
	if (!ps->in_def && is_field(s, n)) {
		parse_field(ps, ln, s, n);
		return;
	}
	if (!ps->in_def && !ps->fields_done && field_like(s, n)) {
		const char *colon = memchr(s, ':', n);
		char *name = trimmed(s, (size_t)(colon - s));

		perr(ps, ln, 1, _("unknown glossary field '%s' (known: also, "
		    "chapter)"), name);
		free(name);
		return;
	}
	parse_def(ps, ln, s, n);
}

int
glossary_parse(struct glossary *g, const char *path, const char *text,
    struct diags *d)
{
	struct pstate ps;
	int ln = 1;

	memset(g, 0, sizeof *g);
	memset(&ps, 0, sizeof ps);
	ps.path = path;
	ps.d = d;
	ps.g = g;
	for (const char *s = text; *s != '\0'; ln++) {
		const char *nl = strchr(s, '\n');
		size_t n = nl != NULL ? (size_t)(nl - s) : strlen(s);

		parse_line(&ps, ln, s, n);
		s += n + (nl != NULL);
	}
	entry_close(&ps);
	if (g->n == 0 && ps.errors == 0) {
		diags_put(d, DIAG_ERROR, path, 0, 0,
		    _("no glossary entries ('## TERM {#id}' headings)"));
		ps.errors++;
	}
	return ps.errors;
}

int
glossary_load(struct glossary *g, const char *path, struct diags *d)
{
	char *cause = NULL, *text = NULL;
	size_t len = 0, cap = 0, got;
	FILE *f = fopen_regular(path, "r", &cause);
	int rc;

	memset(g, 0, sizeof *g);
	if (f == NULL) {
		diags_put(d, DIAG_ERROR, path, 0, 0, cause);
		free(cause);
		return 1;
	}
	do {
		if (cap - len < 4096) {
			cap = cap * 2 + 4096;
			text = xrealloc(text, cap + 1);
		}
		got = fread(text + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	text[len] = '\0';
	if (ferror(f)) {
		diags_put(d, DIAG_ERROR, path, 0, 0, strerror(errno));
		fclose(f);
		free(text);
		return 1;
	}
	fclose(f);
	rc = glossary_parse(g, path, text, d);
	free(text);
	return rc;
}

int
glossary_load_lang(struct glossary *g, const char *root, const char *lang,
    struct diags *d)
{
	char *path = glossary_path(root, lang);
	int rc;

	if (access(path, F_OK) != 0 && strcmp(lang, LANG_SOURCE) != 0) {
		free(path);
		path = glossary_path(root, LANG_SOURCE);
	}
	rc = glossary_load(g, path, d);
	free(path);
	return rc;
}

/* Whether `folded` (already folded) names `s` once folded. */
static bool
same_folded(const char *folded, const char *s)
{
	char *f = util_fold(s);
	bool same = strcmp(folded, f) == 0;

	free(f);
	return same;
}

const struct glossary_entry *
glossary_find(const struct glossary *g, const char *word)
{
	char *w = util_fold(word);
	const struct glossary_entry *hit = NULL;

	for (size_t i = 0; i < g->n && hit == NULL; i++) {
		const struct glossary_entry *e = &g->v[i];

		if (same_folded(w, e->id) || same_folded(w, e->term))
			hit = e;
		for (size_t k = 0; k < e->naliases && hit == NULL; k++)
			if (same_folded(w, e->aliases[k]))
				hit = e;
	}
	free(w);
	return hit;
}

const struct glossary_entry *
glossary_link(const struct glossary *g, const char *bold)
{
	const struct glossary_entry *hit;
	size_t n;
	char *w;

	while (*bold == ' ' || *bold == '\t' || *bold == '\n')
		bold++;
	n = strlen(bold);
	while (n > 0 && strchr(" \t\n:;,.!?", bold[n - 1]) != NULL)
		n--;
	if (n == 0)
		return NULL;
	w = xmalloc(n + 1);
	memcpy(w, bold, n);
	w[n] = '\0';
	if ((hit = glossary_find(g, w)) == NULL && n > 3 && (w[n - 1] == 's' ||
	    w[n - 1] == 'S')) {
		w[n - 1] = '\0';
		hit = glossary_find(g, w);
	}
	free(w);
	return hit;
}

const struct glossary_entry *
glossary_by_id(const struct glossary *g, const char *id)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->v[i].id, id) == 0)
			return &g->v[i];
	return NULL;
}

const struct glossary_entry *
glossary_find_elsewhere(const struct glossary *g, const char *root,
    const char *lang, const struct lang_list *langs, const char *word)
{
	const struct glossary_entry *hit = NULL;

	for (int k = 0; k < langs->n && hit == NULL; k++) {
		char *path = glossary_path(root, langs->v[k]);
		const struct glossary_entry *e;
		struct glossary other;
		struct diags d;

		if (strcmp(langs->v[k], lang) == 0 || access(path, F_OK) != 0) {
			free(path);
			continue;
		}
		diags_init(&d);
		glossary_load(&other, path, &d);	/* its problems: check's */
		if ((e = glossary_find(&other, word)) != NULL)
			hit = glossary_by_id(g, e->id);
		glossary_release(&other);
		diags_release(&d);
		free(path);
	}
	return hit;
}

/*
 * How far `w` (folded) is from the name `s`: its edit distance, or 0
 * when `s` starts with a `w` of 3 letters or more; beyond `cap`, cap+1.
 */
static int
name_distance(const char *w, const char *s, int cap)
{
	char *f = util_fold(s);
	size_t wn = strlen(w);
	int d = wn >= 3 && strncmp(f, w, wn) == 0 ? 0 :
	    edit_distance(w, f, cap);

	free(f);
	return d;
}

size_t
glossary_suggest(const struct glossary *g, const char *word,
    const struct glossary_entry **out, size_t max)
{
	char *w = util_fold(word);
	int cap = (int)strlen(w) / 3 + 1;
	int *dist = xcalloc(g->n + 1, sizeof *dist);
	size_t n = 0;

	for (size_t i = 0; i < g->n; i++) {
		const struct glossary_entry *e = &g->v[i];
		int best = name_distance(w, e->term, cap);

		for (size_t k = 0; k < e->naliases; k++) {
			int dk = name_distance(w, e->aliases[k], cap);

			if (dk < best)
				best = dk;
		}
		dist[i] = best;
	}
	/*
	 * Only the nearest: "threds" means "thread", and "cores", three
	 * edits away, would be noise. Equal ones in the file's order.
	 */
	for (int want = 0; want <= cap && n == 0; want++)
		for (size_t i = 0; i < g->n && n < max; i++)
			if (dist[i] == want)
				out[n++] = &g->v[i];
	free(dist);
	free(w);
	return n;
}

void
glossary_lint(const struct lesson *l, const struct glossary *here,
    const struct glossary *other, const char *other_lang, struct diags *d)
{
	for (size_t b = 0; b < l->nblocks; b++) {
		const struct md_node *n;
		struct md_walk w;
		bool entering;

		if (l->blocks[b].kind != LESSON_PROSE || l->blocks[b].md == NULL)
			continue;
		md_walk_init(&w, l->blocks[b].md);
		while ((n = md_walk_next(&w, &entering)) != NULL) {
			const struct glossary_entry *e, *mine;
			char *text;

			if (!entering || n->kind != MD_STRONG)
				continue;
			text = md_plain(n, " ");
			if (glossary_link(here, text) == NULL &&
			    (e = glossary_link(other, text)) != NULL) {
				mine = glossary_by_id(here, e->id);
				if (mine != NULL)
					diags_add(d, DIAG_WARNING, l->path, n->line,
					    n->col, _("bold '%s' is the glossary "
					    "term '%s' in '%s' but not here: write "
					    "'%s' or add it to its 'also:'"), text,
					    e->term, other_lang, mine->term);
				else
					diags_add(d, DIAG_WARNING, l->path, n->line,
					    n->col, _("bold '%s' is the glossary "
					    "term '%s' in '%s', which this "
					    "language's glossary lacks"), text,
					    e->term, other_lang);
			}
			free(text);
			md_walk_skip(&w);
		}
	}
}

void
glossary_compare(const struct glossary *src, const struct glossary *tr,
    const char *path, struct diags *d)
{
	for (size_t i = 0; i < tr->n; i++) {
		const struct glossary_entry *e = &tr->v[i];
		const struct glossary_entry *s = glossary_by_id(src, e->id);

		if (s == NULL)
			diags_add(d, DIAG_ERROR, path, e->line, 1, _("glossary "
			    "id '%s' is not in the %s glossary"), e->id,
			    LANG_SOURCE);
		else if (s->chapter != e->chapter)
			diags_add(d, DIAG_ERROR, path, e->line, 1, _("'%s' is "
			    "taught in chapter %d in the %s glossary, not %d"),
			    e->id, s->chapter, LANG_SOURCE, e->chapter);
	}
	for (size_t i = 0; i < src->n; i++)
		if (glossary_by_id(tr, src->v[i].id) == NULL)
			diags_add(d, DIAG_ERROR, path, 0, 0, _("glossary id "
			    "'%s' of the %s glossary is missing here"),
			    src->v[i].id, LANG_SOURCE);
}
