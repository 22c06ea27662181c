/*
 * lesson.c - reading one lesson file: CommonMark through libcmark, then
 * the fenced blocks timeslice adds (```lesson, ```demo, ```quiz,
 * ```predict, ```notes) and the `<!-- pause -->` comment, checked line by
 * line against the scenario registry and the parameter bounds.
 *
 * Every problem is recorded with the line and column where it is, and
 * parsing carries on, so an author sees all mistakes at once. The values a
 * lesson gives are only ever looked up in fixed tables (scenarios,
 * parameters, metrics): a lesson has no way to name a program or a file.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "engine/scenario.h"
#include "lesson/lesson.h"
#include "util.h"

/* Lessons are small; anything bigger is a mistake, not a lesson. */
#define LESSON_MAX_BYTES (1024 * 1024)

/* The figures experiment_value() knows for every scenario. */
static const char *const common_metrics[] = {
	"speedup", "wall_ms", "cpu_ms", "baseline_wall_ms",
	"lock_wait_p50_ms", "lock_wait_p99_ms", "holder_changes", NULL
};

enum block_type {
	BT_LESSON = 0,
	BT_DEMO,
	BT_QUIZ,
	BT_PREDICT,
	BT_NOTES,
	BT_NONE
};

static const char *const block_names[] = {
	"lesson", "demo", "quiz", "predict", "notes", NULL
};

/* Keys of each block other than the parameters. */
static const char *const lesson_keys[] = {
	"id", "chapter", "title", "lang", "minutes", NULL
};
static const char *const demo_keys[] = {
	"id", "scenario", "caption", "models", NULL
};
static const char *const quiz_keys[] = { "id", "question", NULL };
static const char *const predict_keys[] = {
	"id", "question", "scenario", "caption", "models", "expect", NULL
};

struct pctx {
	const char	*path;
	const char	*text;
	size_t		 len;
	size_t		*lines;		/* offset of each line's start */
	int		 nlines;
	struct diags	*d;
	struct lesson	*l;
	const char	*folder;	/* "en"/"es" folder the file is in */
	char		**demo_ids;
	size_t		 ndemo_ids;
	char		**quiz_ids;
	size_t		 nquiz_ids;
};

/* One line of a block body, split into what the format cares about. */
struct bline {
	const char	*s;		/* the line, not NUL-terminated */
	size_t		 len;
	int		 line;		/* in the file */
	int		 col0;		/* file column of s[0], 1-based */
};

static void
err(struct pctx *c, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void
warn(struct pctx *c, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records an error at a place in the file. */
static void
err(struct pctx *c, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diags_vadd(c->d, DIAG_ERROR, c->path, line, col, fmt, ap);
	va_end(ap);
	c->l->errors++;
}

/* Records a warning: something that works but is probably unintended. */
static void
warn(struct pctx *c, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diags_vadd(c->d, DIAG_WARNING, c->path, line, col, fmt, ap);
	va_end(ap);
}

/* Indexes the start of every line so messages can point into the file. */
static void
index_lines(struct pctx *c)
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

/* The text of file line `n` (1-based) without its line ending. */
static const char *
src_line(const struct pctx *c, int n, size_t *len)
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
static char *
trimdup(const char *s, size_t n)
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

/* The closest of `cand` to `name`, for "did you mean". */
static const char *
suggest_in(const char *name, const char *const *cand)
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

/* Whether `s` is a valid id: [a-z0-9-]+. */
static bool
valid_id(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && *s != '-')
			return false;
	return true;
}

/* Parses a whole decimal number in [lo, hi]; -1 when it is not one. */
static int
parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* Which block an info string names (its first word). */
static enum block_type
block_type(const char *info, char *word, size_t wordlen)
{
	size_t n = 0;

	while (*info == ' ' || *info == '\t')
		info++;
	while (info[n] != '\0' && !isspace((unsigned char)info[n]))
		n++;
	if (n >= wordlen)
		n = wordlen - 1;
	memcpy(word, info, n);
	word[n] = '\0';
	for (int i = 0; i < BT_NONE; i++)
		if (strcmp(word, block_names[i]) == 0)
			return (enum block_type)i;
	return BT_NONE;
}

/* Remembers an id of a demo or quiz; reports it if already used. */
static void
claim_id(struct pctx *c, char ***ids, size_t *n, const char *id,
    const char *what, int line, int col)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*ids)[i], id) == 0) {
			err(c, line, col, "duplicate %s id '%s'", what, id);
			return;
		}
	*ids = xreallocarray(*ids, *n + 1, sizeof **ids);
	(*ids)[(*n)++] = xstrdup(id);
}

/* Whether a metric may be used in a prediction about scenario `sc`. */
bool
lesson_metric_known(const struct scenario *sc, const char *name)
{
	size_t n = strlen(name);

	for (int i = 0; common_metrics[i] != NULL; i++)
		if (strcmp(common_metrics[i], name) == 0)
			return true;
	if (sc == NULL || sc->metrics == NULL || n == 0)
		return false;
	for (const char *p = sc->metrics; *p != '\0';) {
		size_t k = strcspn(p, " ");

		if (k == n && strncmp(p, name, n) == 0)
			return true;
		p += k;
		while (*p == ' ')
			p++;
	}
	return false;
}

/* The metric closest to `name` among those `sc` offers. */
static const char *
suggest_metric(const struct scenario *sc, const char *name)
{
	static char buf[64];
	const char *best = suggest_in(name, common_metrics);
	int bestd = best ? edit_distance(name, best, 64) :
	    (int)strlen(name) / 3 + 1;

	if (sc == NULL || sc->metrics == NULL)
		return best;
	for (const char *p = sc->metrics; *p != '\0';) {
		size_t k = strcspn(p, " ");
		char word[64];
		int d;

		if (k > 0 && k < sizeof word) {
			memcpy(word, p, k);
			word[k] = '\0';
			d = edit_distance(name, word, bestd);
			if (d <= bestd && (best == NULL || d < bestd)) {
				memcpy(buf, word, k + 1);
				best = buf;
				bestd = d;
			}
		}
		p += k;
		while (*p == ' ')
			p++;
	}
	return best;
}

bool
lesson_condition_holds(const struct lesson_choice *ch, double v)
{
	switch (ch->op) {
	case LESSON_LT:
		return v < ch->number;
	case LESSON_LE:
		return v <= ch->number;
	case LESSON_GT:
		return v > ch->number;
	case LESSON_GE:
		return v >= ch->number;
	}
	return false;
}

/*
 * Parses "METRIC OP NUMBER" at `s` (which starts at file column `col`).
 * Returns 0 or reports what is wrong and returns -1.
 */
static int
parse_condition(struct pctx *c, const struct lesson_demo *dm,
    struct lesson_choice *ch, const char *s, int line, int col)
{
	const char *p = s, *m;
	char *end, *metric;
	size_t mlen;
	double v;

	while (*p == ' ')
		p++;
	m = p;
	while (islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
	    *p == '_')
		p++;
	mlen = (size_t)(p - m);
	while (*p == ' ')
		p++;
	if (mlen == 0 || (*p != '<' && *p != '>'))
		goto bad;
	if (p[0] == '<')
		ch->op = p[1] == '=' ? LESSON_LE : LESSON_LT;
	else
		ch->op = p[1] == '=' ? LESSON_GE : LESSON_GT;
	p += p[1] == '=' ? 2 : 1;
	while (*p == ' ')
		p++;
	errno = 0;
	v = strtod(p, &end);
	if (end == p || errno != 0 || v != v)
		goto bad;
	while (*end == ' ')
		end++;
	if (*end != '\0')
		goto bad;
	metric = xmalloc(mlen + 1);
	memcpy(metric, m, mlen);
	metric[mlen] = '\0';
	ch->metric = metric;
	ch->number = v;
	if (!lesson_metric_known(dm->scenario, metric)) {
		const char *sug = suggest_metric(dm->scenario, metric);
		int mcol = col + (int)(m - s);

		if (sug != NULL)
			err(c, line, mcol, "unknown metric '%s' (did you mean "
			    "'%s'?)", metric, sug);
		else
			err(c, line, mcol, "unknown metric '%s'%s%s%s", metric,
			    dm->scenario ? " for scenario '" : "",
			    dm->scenario ? dm->scenario->name : "",
			    dm->scenario ? "'" : "");
		return -1;
	}
	return 0;
bad:
	err(c, line, col, "malformed condition '%s' (expected METRIC OP "
	    "NUMBER, as in 'speedup < 1.3')", s);
	return -1;
}

/* What one body line of a block is. */
enum bline_kind {
	BL_SKIP = 0,	/* blank or comment */
	BL_KEY,		/* key: value */
	BL_CHOICE,	/* - [...] text */
	BL_WHY,		/* why: ... */
	BL_BAD
};

struct parsed_line {
	enum bline_kind	 kind;
	char		*key;		/* BL_KEY */
	char		*value;		/* BL_KEY, BL_WHY, BL_CHOICE text */
	char		*mark;		/* BL_CHOICE: inside the brackets */
	int		 kcol, vcol, mcol;
};

/* Splits one body line into a key and value, a choice or a why. */
static void
split_line(const struct bline *b, struct parsed_line *pl)
{
	const char *s = b->s, *e = b->s + b->len, *p, *colon;
	size_t ws = 0;

	memset(pl, 0, sizeof *pl);
	while (s + ws < e && (s[ws] == ' ' || s[ws] == '\t'))
		ws++;
	p = s + ws;
	if (p == e || *p == '#') {
		pl->kind = BL_SKIP;
		return;
	}
	pl->kcol = b->col0 + (int)ws;
	if (e - p >= 3 && p[0] == '-' && p[1] == ' ' && p[2] == '[') {
		const char *close = memchr(p + 3, ']', (size_t)(e - p - 3));

		if (close == NULL) {
			pl->kind = BL_BAD;
			return;
		}
		pl->kind = BL_CHOICE;
		pl->mark = trimdup(p + 3, (size_t)(close - p - 3));
		pl->mcol = b->col0 + (int)(p + 3 - s);
		pl->value = trimdup(close + 1, (size_t)(e - close - 1));
		pl->vcol = b->col0 + (int)(close + 1 - s);
		while (pl->vcol - b->col0 < (int)b->len &&
		    s[pl->vcol - b->col0] == ' ')
			pl->vcol++;
		return;
	}
	colon = memchr(p, ':', (size_t)(e - p));
	if (colon == NULL || colon == p) {
		pl->kind = BL_BAD;
		return;
	}
	pl->key = trimdup(p, (size_t)(colon - p));
	pl->value = trimdup(colon + 1, (size_t)(e - colon - 1));
	p = colon + 1;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	pl->vcol = b->col0 + (int)(p - s);
	pl->kind = strcmp(pl->key, "why") == 0 ? BL_WHY : BL_KEY;
}

static void
parsed_line_release(struct parsed_line *pl)
{
	free(pl->key);
	free(pl->value);
	free(pl->mark);
}

/* Whether a key is one of `keys` or, when `params` is set, a parameter. */
static bool
key_allowed(const char *key, const char *const *keys, bool params)
{
	for (; *keys != NULL; keys++)
		if (strcmp(*keys, key) == 0)
			return true;
	return params && params_find(key) != NULL;
}

/* Reports an unknown key, with the nearest known one. */
static void
unknown_key(struct pctx *c, enum block_type bt, const char *key,
    const char *const *keys, bool params, int line, int col)
{
	const char *sug = params ? params_suggest(key) : NULL;
	const char *sug2 = suggest_in(key, keys);

	if (sug == NULL || (sug2 != NULL && edit_distance(key, sug2, 64) <
	    edit_distance(key, sug, 64)))
		sug = sug2;
	if (sug != NULL)
		err(c, line, col, "unknown key '%s' in %s block (did you mean "
		    "'%s'?)", key, block_names[bt], sug);
	else
		err(c, line, col, "unknown key '%s' in %s block", key,
		    block_names[bt]);
}

/* Lists a block body's lines with their file positions. */
static struct bline *
body_lines(cmark_node *node, size_t *count)
{
	const char *lit = cmark_node_get_literal(node);
	int line = cmark_node_get_start_line(node) + 1;
	int col = cmark_node_get_start_column(node);
	struct bline *v = NULL;
	size_t n = 0;

	if (lit == NULL)
		lit = "";
	if (col < 1)
		col = 1;
	while (*lit != '\0') {
		size_t k = strcspn(lit, "\n");

		v = xreallocarray(v, n + 1, sizeof *v);
		v[n].s = lit;
		v[n].len = k;
		if (k > 0 && lit[k - 1] == '\r')
			v[n].len--;
		v[n].line = line++;
		v[n].col0 = col;
		n++;
		lit += k;
		if (*lit == '\n')
			lit++;
	}
	*count = n;
	return v;
}

/* Checks that a fenced block has its closing fence. */
static void
check_closed(struct pctx *c, cmark_node *node, const char *name)
{
	int start = cmark_node_get_start_line(node);
	int end = cmark_node_get_end_line(node);
	size_t flen, len, i = 0, j = 0, n = 0;
	const char *f = src_line(c, start, &flen);
	const char *s = src_line(c, end, &len);

	while (i < flen && f[i] == ' ')
		i++;
	if (i >= flen)
		return;
	/* The last line of the block must be a run of the fence character. */
	if (end > start) {
		while (j < len && s[j] == ' ')
			j++;
		while (j + n < len && s[j + n] == f[i])
			n++;
	}
	if (end <= start || n < 3)
		err(c, start, cmark_node_get_start_column(node), "unclosed "
		    "```%s block (it runs to the end of the file)", name);
}

/* The metadata block: id, chapter, title, lang, minutes. */
static void
parse_meta(struct pctx *c, cmark_node *node)
{
	struct lesson *l = c->l;
	struct bline *bl;
	size_t n;
	unsigned seen = 0;
	int line = cmark_node_get_start_line(node);
	int col = cmark_node_get_start_column(node);

	bl = body_lines(node, &n);
	for (size_t i = 0; i < n; i++) {
		struct parsed_line pl;
		int k;

		split_line(&bl[i], &pl);
		if (pl.kind == BL_SKIP) {
			parsed_line_release(&pl);
			continue;
		}
		if (pl.kind != BL_KEY && pl.kind != BL_WHY) {
			err(c, bl[i].line, pl.kcol, "expected 'key: value'");
			parsed_line_release(&pl);
			continue;
		}
		if (!key_allowed(pl.key, lesson_keys, false)) {
			unknown_key(c, BT_LESSON, pl.key, lesson_keys, false,
			    bl[i].line, pl.kcol);
			parsed_line_release(&pl);
			continue;
		}
		for (k = 0; strcmp(lesson_keys[k], pl.key) != 0; k++)
			;
		if (seen & (1u << k)) {
			err(c, bl[i].line, pl.kcol, "duplicate key '%s'",
			    pl.key);
			parsed_line_release(&pl);
			continue;
		}
		seen |= 1u << k;
		if (*pl.value == '\0') {
			err(c, bl[i].line, pl.kcol, "'%s' has no value",
			    pl.key);
			parsed_line_release(&pl);
			continue;
		}
		if (strcmp(pl.key, "id") == 0) {
			if (!valid_id(pl.value))
				err(c, bl[i].line, pl.vcol, "invalid id '%s' "
				    "(use a-z, 0-9 and '-')", pl.value);
			else {
				l->id = xstrdup(pl.value);
				l->id_line = bl[i].line;
				l->id_col = pl.vcol;
			}
		} else if (strcmp(pl.key, "chapter") == 0) {
			if (parse_int(pl.value, 1, 99, &l->chapter) != 0)
				err(c, bl[i].line, pl.vcol, "chapter '%s' is "
				    "not a whole number from 1 to 99",
				    pl.value);
			else {
				l->chapter_line = bl[i].line;
				l->chapter_col = pl.vcol;
			}
		} else if (strcmp(pl.key, "title") == 0) {
			l->title = xstrdup(pl.value);
		} else if (strcmp(pl.key, "lang") == 0) {
			if (strcmp(pl.value, "en") != 0 &&
			    strcmp(pl.value, "es") != 0)
				err(c, bl[i].line, pl.vcol, "unknown language "
				    "'%s' (allowed: en, es)", pl.value);
			else if (c->folder != NULL &&
			    strcmp(c->folder, pl.value) != 0) {
				err(c, bl[i].line, pl.vcol, "lang '%s' does "
				    "not match the folder '%s'", pl.value,
				    c->folder);
				l->lang = xstrdup(pl.value);
			} else
				l->lang = xstrdup(pl.value);
		} else if (strcmp(pl.key, "minutes") == 0) {
			if (parse_int(pl.value, 1, 120, &l->minutes) != 0)
				err(c, bl[i].line, pl.vcol, "minutes '%s' is "
				    "not a whole number from 1 to 120",
				    pl.value);
		}
		parsed_line_release(&pl);
	}
	free(bl);
	for (int k = 0; k < 4; k++)
		if (!(seen & (1u << k)))
			err(c, line, col, "lesson block has no '%s'",
			    lesson_keys[k]);
}

/*
 * Applies a scenario or parameter key to a demo. Returns 1 if the key was
 * one of those, 0 if not.
 */
static int
demo_key(struct pctx *c, struct lesson_demo *dm, const struct parsed_line *pl,
    int line)
{
	const struct param_spec *spec;
	char *cause = NULL;

	if (strcmp(pl->key, "scenario") == 0) {
		dm->scenario = scenario_find(pl->value);
		if (dm->scenario == NULL) {
			const char *sug = scenario_suggest(pl->value);

			if (sug != NULL)
				err(c, line, pl->vcol, "unknown scenario '%s' "
				    "(did you mean '%s'?)", pl->value, sug);
			else
				err(c, line, pl->vcol, "unknown scenario '%s' "
				    "(see 'timeslice --help' for the list)",
				    pl->value);
		}
		return 1;
	}
	if (strcmp(pl->key, "caption") == 0) {
		free(dm->caption);
		dm->caption = xstrdup(pl->value);
		return 1;
	}
	if (strcmp(pl->key, "models") == 0) {
		free(dm->models);
		dm->models = xstrdup(pl->value);
		return 1;
	}
	if ((spec = params_find(pl->key)) == NULL)
		return 0;
	if (params_set(&dm->params, spec, pl->value, &cause) != 0) {
		const char *m = cause;

		/* The registry speaks of command-line options. */
		if (strncmp(m, "--", 2) == 0)
			m += 2;
		err(c, line, pl->vcol, "%s", m);
		free(cause);
	} else
		dm->set |= 1u << spec->id;
	return 1;
}

/* Warnings about a demo that is valid but probably not what was meant. */
static void
demo_advice(struct pctx *c, const struct lesson_demo *dm, int line, int col,
    const char *what)
{
	const struct param_spec *specs = params_specs();
	double work = dm->params.units * dm->params.unit_ms;

	/*
	 * units x unit-ms is the length of the work only where units are
	 * timed items; race counts thousands of increments instead, and the
	 * burger scenes have a fixed menu.
	 */
	if (work > 10000 && (dm->scenario == NULL ||
	    ((dm->scenario->uses & (1u << PARAM_UNITS)) &&
	    (dm->scenario->uses & (1u << PARAM_UNIT_MS)))))
		warn(c, line, col, "%s runs %g ms of work (units x unit-ms); "
		    "keep it under 10000 ms", what, work);
	if (dm->scenario == NULL)
		return;
	/* units and unit-ms are left out: lessons written before this
	 * warning set unit-ms on race to meet the work budget. */
	for (int i = 0; i < PARAM_COUNT; i++)
		if ((dm->set & (1u << i)) &&
		    !(dm->scenario->uses & (1u << i)) &&
		    i != PARAM_UNITS && i != PARAM_UNIT_MS)
			warn(c, line, col, "scenario '%s' does not use '%s'",
			    dm->scenario->name, specs[i].name);
}

/* A ```demo block. */
static struct lesson_demo *
parse_demo(struct pctx *c, cmark_node *node)
{
	struct lesson_demo *dm = xcalloc(1, sizeof *dm);
	int line = cmark_node_get_start_line(node);
	int col = cmark_node_get_start_column(node);
	unsigned seen = 0;
	bool has_scenario = false;
	struct bline *bl;
	size_t n;

	params_defaults(&dm->params);
	bl = body_lines(node, &n);
	for (size_t i = 0; i < n; i++) {
		struct parsed_line pl;
		const struct param_spec *spec;
		int bit;

		split_line(&bl[i], &pl);
		if (pl.kind == BL_SKIP)
			goto next;
		if (pl.kind == BL_CHOICE) {
			err(c, bl[i].line, pl.kcol, "a demo block has no "
			    "choices (did you mean a ```quiz block?)");
			goto next;
		}
		if (pl.kind != BL_KEY && pl.kind != BL_WHY) {
			err(c, bl[i].line, pl.kcol, "expected 'key: value'");
			goto next;
		}
		if (!key_allowed(pl.key, demo_keys, true)) {
			unknown_key(c, BT_DEMO, pl.key, demo_keys, true,
			    bl[i].line, pl.kcol);
			goto next;
		}
		spec = params_find(pl.key);
		if (spec != NULL)
			bit = 8 + (int)spec->id;
		else
			for (bit = 0; strcmp(demo_keys[bit], pl.key) != 0;
			    bit++)
				;
		if (seen & (1u << bit)) {
			err(c, bl[i].line, pl.kcol, "duplicate key '%s'",
			    pl.key);
			goto next;
		}
		seen |= 1u << bit;
		if (*pl.value == '\0') {
			err(c, bl[i].line, pl.kcol, "'%s' has no value",
			    pl.key);
			goto next;
		}
		if (strcmp(pl.key, "id") == 0) {
			if (!valid_id(pl.value))
				err(c, bl[i].line, pl.vcol, "invalid id '%s' "
				    "(use a-z, 0-9 and '-')", pl.value);
			else {
				dm->id = xstrdup(pl.value);
				claim_id(c, &c->demo_ids, &c->ndemo_ids,
				    pl.value, "demo", bl[i].line, pl.vcol);
			}
			goto next;
		}
		if (strcmp(pl.key, "scenario") == 0)
			has_scenario = true;
		demo_key(c, dm, &pl, bl[i].line);
next:
		parsed_line_release(&pl);
	}
	free(bl);
	if (!has_scenario)
		err(c, line, col, "demo block has no 'scenario'");
	if (dm->caption == NULL)
		err(c, line, col, "demo block has no 'caption'");
	if (dm->models == NULL)
		err(c, line, col, "demo block has no 'models'");
	demo_advice(c, dm, line, col, "demo");
	return dm;
}

/* Adds a choice to a quiz. */
static struct lesson_choice *
add_choice(struct lesson_quiz *q, int line)
{
	struct lesson_choice *ch;

	q->choices = xreallocarray(q->choices, (size_t)q->nchoices + 1,
	    sizeof *q->choices);
	ch = &q->choices[q->nchoices++];
	memset(ch, 0, sizeof *ch);
	ch->line = line;
	return ch;
}

/*
 * `expect: CONDITION` names the outcome the lesson teaches, so the course
 * tests can check the claim against a real run. It must be one of the
 * block's own conditions (same metric, operator and number).
 */
static void
match_expect(struct pctx *c, struct lesson_quiz *q, const char *expect,
    int line, int col)
{
	struct lesson_choice want;

	memset(&want, 0, sizeof want);
	if (parse_condition(c, &q->demo, &want, expect, line, col) != 0) {
		free(want.metric);
		return;
	}
	for (int i = 0; i < q->nchoices; i++) {
		const struct lesson_choice *ch = &q->choices[i];

		if (ch->metric != NULL && strcmp(ch->metric, want.metric) == 0 &&
		    ch->op == want.op && ch->number == want.number) {
			q->expected = i;
			break;
		}
	}
	if (q->expected < 0)
		err(c, line, col, "expect: '%s' is not one of the block's "
		    "conditions", expect);
	free(want.metric);
}

/* Says what is wrong with a line that is neither a key nor a choice. */
static void
bad_line(struct pctx *c, const struct bline *b, const struct parsed_line *pl,
    bool predict)
{
	int at = pl->kcol - b->col0;
	const char *mark = predict ? "CONDITION" : " ";

	if (memchr(b->s, '[', b->len) != NULL && at < (int)b->len &&
	    b->s[at] == '-')
		err(c, b->line, pl->kcol, "malformed choice (expected "
		    "'- [%s] text')", mark);
	else
		err(c, b->line, pl->kcol, "expected 'key: value' or a choice "
		    "'- [%s] text'", mark);
}

/* Adds a `- [...] text` line to a quiz: a mark, or a condition. */
static struct lesson_choice *
take_choice(struct pctx *c, struct lesson_quiz *q,
    const struct parsed_line *pl, int ln, bool predict)
{
	struct lesson_choice *ch = add_choice(q, ln);
	bool x = strcmp(pl->mark, "x") == 0 || strcmp(pl->mark, "X") == 0;

	ch->col = pl->kcol;
	if (*pl->value == '\0')
		err(c, ln, pl->kcol, "choice has no text");
	ch->text = xstrdup(pl->value);
	if (predict) {
		if (*pl->mark == '\0' || x)
			err(c, ln, pl->mcol, "a prediction choice needs a "
			    "condition, as in '- [speedup < 1.3] text'");
		else
			parse_condition(c, &q->demo, ch, pl->mark, ln,
			    pl->mcol);
	} else if (x)
		ch->correct = true;
	else if (*pl->mark != '\0')
		err(c, ln, pl->mcol, "choice mark '[%s]' must be '[ ]' or "
		    "'[x]'%s", pl->mark, strpbrk(pl->mark, "<>") ?
		    " (conditions belong in a ```predict block)" : "");
	return ch;
}

/* A ```quiz or ```predict block. */
static struct lesson_quiz *
parse_quiz(struct pctx *c, cmark_node *node, bool predict)
{
	struct lesson_quiz *q = xcalloc(1, sizeof *q);
	enum block_type bt = predict ? BT_PREDICT : BT_QUIZ;
	const char *const *keys = predict ? predict_keys : quiz_keys;
	const char *what = predict ? "predict" : "quiz";
	int line = cmark_node_get_start_line(node);
	int col = cmark_node_get_start_column(node);
	struct lesson_choice *cur = NULL;
	unsigned seen = 0;
	int correct = 0, expect_line = 0, expect_col = 0;
	char *expect = NULL;
	struct bline *bl;
	size_t n;

	q->expected = -1;
	params_defaults(&q->demo.params);
	bl = body_lines(node, &n);
	/* The scenario first, so conditions can be checked against it. */
	for (size_t i = 0; predict && i < n; i++) {
		struct parsed_line pl;

		split_line(&bl[i], &pl);
		if (pl.kind == BL_KEY && strcmp(pl.key, "scenario") == 0)
			q->demo.scenario = scenario_find(pl.value);
		parsed_line_release(&pl);
	}
	for (size_t i = 0; i < n; i++) {
		struct parsed_line pl;
		const struct param_spec *spec;
		int bit, ln = bl[i].line;

		split_line(&bl[i], &pl);
		switch (pl.kind) {
		case BL_SKIP:
			break;
		case BL_BAD:
			bad_line(c, &bl[i], &pl, predict);
			break;
		case BL_CHOICE:
			cur = take_choice(c, q, &pl, ln, predict);
			if (cur->correct)
				correct++;
			break;
		case BL_WHY:
			if (cur == NULL)
				err(c, ln, pl.kcol, "'why:' comes before any "
				    "choice");
			else if (cur->why != NULL)
				err(c, ln, pl.kcol, "this choice already has a "
				    "'why:' line");
			else if (*pl.value == '\0')
				err(c, ln, pl.kcol, "'why' has no value");
			else
				cur->why = xstrdup(pl.value);
			break;
		case BL_KEY:
			if (!key_allowed(pl.key, keys, predict)) {
				unknown_key(c, bt, pl.key, keys, predict, ln,
				    pl.kcol);
				break;
			}
			spec = params_find(pl.key);
			if (spec != NULL)
				bit = 8 + (int)spec->id;
			else
				for (bit = 0; strcmp(keys[bit], pl.key) != 0;
				    bit++)
					;
			if (seen & (1u << bit)) {
				err(c, ln, pl.kcol, "duplicate key '%s'",
				    pl.key);
				break;
			}
			seen |= 1u << bit;
			if (*pl.value == '\0') {
				err(c, ln, pl.kcol, "'%s' has no value",
				    pl.key);
				break;
			}
			if (strcmp(pl.key, "id") == 0) {
				if (!valid_id(pl.value))
					err(c, ln, pl.vcol, "invalid id '%s' "
					    "(use a-z, 0-9 and '-')", pl.value);
				else {
					q->id = xstrdup(pl.value);
					claim_id(c, &c->quiz_ids, &c->nquiz_ids,
					    pl.value, "quiz", ln, pl.vcol);
				}
			} else if (strcmp(pl.key, "question") == 0)
				q->question = xstrdup(pl.value);
			else if (strcmp(pl.key, "expect") == 0) {
				expect = xstrdup(pl.value);
				expect_line = ln;
				expect_col = pl.vcol;
			} else
				demo_key(c, &q->demo, &pl, ln);
			break;
		}
		parsed_line_release(&pl);
	}
	free(bl);
	if (!(seen & 1u))
		err(c, line, col, "%s block has no 'id'", what);
	if (q->question == NULL && !(seen & 2u))
		err(c, line, col, "%s block has no 'question'", what);
	if (predict && !(seen & 4u))
		err(c, line, col, "predict block has no 'scenario'");
	if (q->nchoices < 2 || q->nchoices > 6)
		err(c, line, col, "%s has %d choice%s (it needs 2 to 6)", what,
		    q->nchoices, q->nchoices == 1 ? "" : "s");
	if (!predict && q->nchoices > 0 && correct == 0)
		err(c, line, col, "quiz has no correct choice (mark one "
		    "with '[x]')");
	for (int i = 0; i < q->nchoices; i++)
		if (q->choices[i].why == NULL)
			err(c, q->choices[i].line, q->choices[i].col,
			    "choice has no 'why:' line");
	if (expect != NULL)
		match_expect(c, q, expect, expect_line, expect_col);
	free(expect);
	if (predict)
		demo_advice(c, &q->demo, line, col, "prediction");
	return q;
}

/* Whether an HTML block is the pause marker `<!-- pause -->`. */
static bool
is_pause(const char *html)
{
	const char *p = html, *e;

	while (isspace((unsigned char)*p))
		p++;
	if (strncmp(p, "<!--", 4) != 0)
		return false;
	p += 4;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "pause", 5) != 0)
		return false;
	p += 5;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "-->", 3) != 0)
		return false;
	e = p + 3;
	while (isspace((unsigned char)*e))
		e++;
	return *e == '\0';
}

static struct lesson_block *
add_block(struct lesson *l, enum lesson_block_kind kind, int line)
{
	struct lesson_block *b;

	l->blocks = xreallocarray(l->blocks, l->nblocks + 1, sizeof *l->blocks);
	b = &l->blocks[l->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->line = line;
	return b;
}

/* Finds the `k`th "lesson:TARGET" in lines [from, to] for its column. */
static void
locate_link(struct pctx *c, int from, int to, const char *url, int k,
    int *line, int *col)
{
	size_t ulen = strlen(url);

	*line = from;
	*col = 1;
	for (int n = from; n <= to && n <= c->nlines; n++) {
		size_t len;
		const char *s = src_line(c, n, &len);

		for (size_t i = 0; ulen > 0 && i + ulen <= len; i++)
			if (memcmp(s + i, url, ulen) == 0 && k-- == 0) {
				*line = n;
				*col = (int)i + 1;
				return;
			}
	}
}

/* Looks through a prose block for links, images and misplaced blocks. */
static void
scan_inlines(struct pctx *c, cmark_node *top)
{
	cmark_iter *it = cmark_iter_new(top);
	cmark_event_type ev;
	int from = cmark_node_get_start_line(top);
	int to = cmark_node_get_end_line(top);
	struct { char *url; int seen; } seen[64];
	int nseen = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_LINK) {
			const char *url = cmark_node_get_url(n);
			int k = 0, line, col;
			struct lesson_link *lk;

			if (url == NULL || strncmp(url, "lesson:", 7) != 0)
				continue;
			for (int i = 0; i < nseen; i++)
				if (strcmp(seen[i].url, url) == 0)
					k = ++seen[i].seen;
			if (k == 0 && nseen < 64) {
				seen[nseen].url = xstrdup(url);
				seen[nseen++].seen = 0;
			}
			locate_link(c, from, to, url, k, &line, &col);
			if (!valid_id(url + 7)) {
				err(c, line, col, "malformed lesson link '%s' "
				    "(expected lesson:ID)", url);
				continue;
			}
			c->l->links = xreallocarray(c->l->links,
			    c->l->nlinks + 1, sizeof *c->l->links);
			lk = &c->l->links[c->l->nlinks++];
			lk->target = xstrdup(url + 7);
			lk->line = line;
			lk->col = col;
		} else if (t == CMARK_NODE_IMAGE) {
			warn(c, cmark_node_get_start_line(top), 1, "images are "
			    "not shown in the terminal; describe it in words");
		} else if (t == CMARK_NODE_CODE_BLOCK && n != top &&
		    cmark_node_get_fence_info(n) != NULL) {
			char word[32];
			enum block_type bt;

			bt = block_type(cmark_node_get_fence_info(n), word,
			    sizeof word);
			if (bt != BT_NONE)
				err(c, cmark_node_get_start_line(n),
				    cmark_node_get_start_column(n),
				    "a ```%s block must be at the top level, "
				    "not inside a list or quote", word);
		}
	}
	for (int i = 0; i < nseen; i++)
		free(seen[i].url);
	cmark_iter_free(it);
}

/* A paragraph that looks like a pipe table: authors expect one. */
static void
check_table(struct pctx *c, cmark_node *node)
{
	int line = cmark_node_get_start_line(node);
	size_t len, len2;
	const char *s = src_line(c, line, &len);
	const char *t = src_line(c, line + 1, &len2);

	while (len > 0 && *s == ' ')
		s++, len--;
	if (len == 0 || *s != '|' || len2 == 0 || memchr(t, '|', len2) == NULL
	    || memchr(t, '-', len2) == NULL)
		return;
	warn(c, line, cmark_node_get_start_column(node), "tables are not "
	    "CommonMark and show as plain text; use a list");
}

/* Name of the folder that holds `path`, when it is a course language. */
static const char *
folder_lang(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/'), *start;
	size_t n;

	if (slash == NULL)
		return NULL;
	start = slash;
	while (start > path && start[-1] != '/')
		start--;
	n = (size_t)(slash - start);
	if (n + 1 > len)
		return NULL;
	memcpy(buf, start, n);
	buf[n] = '\0';
	if (strcmp(buf, "en") == 0 || strcmp(buf, "es") == 0)
		return buf;
	return NULL;
}

/* Warns when the file name's number is not the chapter. */
static void
check_filename(struct pctx *c)
{
	const char *base = strrchr(c->path, '/');
	int n = 0;

	base = base ? base + 1 : c->path;
	if (!isdigit((unsigned char)*base) || c->l->chapter == 0)
		return;
	while (isdigit((unsigned char)*base) && n < 1000)
		n = n * 10 + (*base++ - '0');
	if (n != c->l->chapter)
		warn(c, c->l->chapter_line, c->l->chapter_col, "chapter %d "
		    "does not match the file name, which starts with %d",
		    c->l->chapter, n);
}

/* Turns each top-level CommonMark block into a lesson block. */
static void
walk_blocks(struct pctx *c)
{
	struct lesson *l = c->l;
	cmark_node *n;
	bool have_meta = false, first = true;

	for (n = cmark_node_first_child(l->doc); n != NULL;
	    n = cmark_node_next(n)) {
		cmark_node_type t = cmark_node_get_type(n);
		int line = cmark_node_get_start_line(n);
		int col = cmark_node_get_start_column(n);
		struct lesson_block *b;
		enum block_type bt = BT_NONE;
		char word[32] = "";
		const char *info = NULL;

		if (t == CMARK_NODE_CODE_BLOCK)
			info = cmark_node_get_fence_info(n);
		if (info != NULL && *info != '\0')
			bt = block_type(info, word, sizeof word);
		if (first && bt != BT_LESSON)
			err(c, line, col, "the lesson must begin with a "
			    "```lesson metadata block");
		first = false;
		if (bt != BT_NONE)
			check_closed(c, n, word);
		switch (bt) {
		case BT_LESSON:
			if (have_meta) {
				err(c, line, col, "a second ```lesson block");
				continue;
			}
			if (n != cmark_node_first_child(l->doc))
				err(c, line, col, "the ```lesson block must be "
				    "the first block of the file");
			have_meta = true;
			parse_meta(c, n);
			continue;
		case BT_DEMO:
			b = add_block(l, LESSON_DEMO, line);
			b->demo = parse_demo(c, n);
			continue;
		case BT_QUIZ:
		case BT_PREDICT:
			b = add_block(l, bt == BT_QUIZ ? LESSON_QUIZ :
			    LESSON_PREDICT, line);
			b->quiz = parse_quiz(c, n, bt == BT_PREDICT);
			continue;
		case BT_NOTES:
			b = add_block(l, LESSON_NOTES, line);
			b->text = xstrdup(cmark_node_get_literal(n) ?
			    cmark_node_get_literal(n) : "");
			continue;
		default:
			break;
		}
		if (info != NULL && *word != '\0') {
			const char *sug = suggest_in(word, block_names);

			if (sug != NULL && strcmp(word, "c") != 0)
				warn(c, line, col, "unknown block '%s' is "
				    "shown as code (did you mean '%s'?)", word,
				    sug);
		}
		if (t == CMARK_NODE_HTML_BLOCK) {
			const char *h = cmark_node_get_literal(n);

			if (h != NULL && is_pause(h)) {
				add_block(l, LESSON_PAUSE, line);
				continue;
			}
			if (h != NULL && strncmp(h, "<!--", 4) == 0)
				continue;
			warn(c, line, col, "raw HTML is not shown by the "
			    "player");
			continue;
		}
		if (t == CMARK_NODE_PARAGRAPH)
			check_table(c, n);
		scan_inlines(c, n);
		b = add_block(l, LESSON_PROSE, line);
		b->md = md_from_cmark(n);
	}
	if (!have_meta && cmark_node_first_child(l->doc) == NULL)
		err(c, 1, 1, "the lesson must begin with a ```lesson metadata "
		    "block");
}

struct lesson *
lesson_parse(const char *path, const char *text, size_t len, struct diags *d)
{
	struct pctx c;
	char folder[8];

	memset(&c, 0, sizeof c);
	c.path = path;
	c.text = text;
	c.len = len;
	c.d = d;
	c.l = xcalloc(1, sizeof *c.l);
	c.l->path = xstrdup(path);
	c.folder = folder_lang(path, folder, sizeof folder);
	index_lines(&c);
	c.l->doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
	if (c.l->doc == NULL)
		fatal("out of memory");
	walk_blocks(&c);
	check_filename(&c);
	free(c.lines);
	for (size_t i = 0; i < c.ndemo_ids; i++)
		free(c.demo_ids[i]);
	free(c.demo_ids);
	for (size_t i = 0; i < c.nquiz_ids; i++)
		free(c.quiz_ids[i]);
	free(c.quiz_ids);
	return c.l;
}

struct lesson *
lesson_load(const char *path, struct diags *d)
{
	struct lesson *l;
	FILE *f;
	char *buf;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL) {
		diags_add(d, DIAG_ERROR, path, 0, 0, "cannot read: %s",
		    strerror(errno));
		return NULL;
	}
	buf = xmalloc(LESSON_MAX_BYTES + 1);
	n = fread(buf, 1, LESSON_MAX_BYTES + 1, f);
	if (ferror(f)) {
		diags_add(d, DIAG_ERROR, path, 0, 0, "cannot read: %s",
		    strerror(errno));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	if (n > LESSON_MAX_BYTES) {
		diags_add(d, DIAG_ERROR, path, 0, 0, "file is larger than "
		    "%d bytes", LESSON_MAX_BYTES);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	l = lesson_parse(path, buf, n, d);
	free(buf);
	return l;
}

/* Frees what a demo owns (not the demo itself). */
static void
demo_release(struct lesson_demo *dm)
{
	free(dm->id);
	free(dm->caption);
	free(dm->models);
}

void
lesson_free(struct lesson *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->nblocks; i++) {
		struct lesson_block *b = &l->blocks[i];

		if (b->demo != NULL) {
			demo_release(b->demo);
			free(b->demo);
		}
		if (b->quiz != NULL) {
			for (int k = 0; k < b->quiz->nchoices; k++) {
				free(b->quiz->choices[k].text);
				free(b->quiz->choices[k].why);
				free(b->quiz->choices[k].metric);
			}
			free(b->quiz->choices);
			free(b->quiz->id);
			free(b->quiz->question);
			demo_release(&b->quiz->demo);
			free(b->quiz);
		}
		free(b->text);
		md_free(b->md);
	}
	free(l->blocks);
	for (size_t i = 0; i < l->nlinks; i++)
		free(l->links[i].target);
	free(l->links);
	if (l->doc != NULL)
		cmark_node_free(l->doc);
	free(l->path);
	free(l->id);
	free(l->title);
	free(l->lang);
	free(l);
}

const struct lesson_quiz *
lesson_find_quiz(const struct lesson *l, const char *id, int *block)
{
	for (size_t i = 0; i < l->nblocks; i++) {
		const struct lesson_quiz *q = l->blocks[i].quiz;

		if (q != NULL && q->id != NULL && strcmp(q->id, id) == 0) {
			if (block != NULL)
				*block = (int)i;
			return q;
		}
	}
	return NULL;
}

int
lesson_count_quizzes(const struct lesson *l)
{
	int n = 0;

	for (size_t i = 0; i < l->nblocks; i++)
		if (l->blocks[i].quiz != NULL)
			n++;
	return n;
}
