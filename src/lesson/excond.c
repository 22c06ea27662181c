/*
 * excond.c - the conditions of an ```exercise block: which figures of a
 * graded run they may name, and how one is read from its brackets.
 *
 * A condition is `METRIC OP VALUE`: OP one of < <= > >= == !=; VALUE a
 * number, `K * starter.METRIC` or `starter.METRIC` (the starter's own
 * run on the same machine), or, for `output` only, a quoted string or
 * `starter.output`. Every name is looked up in the one table below;
 * nothing in a condition is ever run or opened.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/parse.h"
#include "util.h"

/* Longest figure a `finishes_within_s` may give a program, in seconds. */
#define LIMIT_MAX_S	300.0

/* The figures a graded run gives (exercise/ measures each of them). */
static const struct lesson_exmetric exmetrics[] = {
	{ "wall_ms",		LESSON_EXM_NUMBER },
	{ "cores_used",		LESSON_EXM_NUMBER },
	{ "threads",		LESSON_EXM_NUMBER },
	{ "processes",		LESSON_EXM_NUMBER },
	{ "tasks",		LESSON_EXM_NUMBER },
	{ "blocked_ms",		LESSON_EXM_NUMBER },
	{ "exit_status",	LESSON_EXM_NUMBER },
	{ "finishes_within_s",	LESSON_EXM_NUMBER },
	{ "output",		LESSON_EXM_TEXT },
	{ NULL,			LESSON_EXM_NUMBER }
};

const struct lesson_exmetric *
lesson_exmetric_find(const char *name)
{
	for (const struct lesson_exmetric *m = exmetrics; m->name; m++)
		if (strcmp(m->name, name) == 0)
			return m;
	return NULL;
}

/* The figure closest to `name`, or NULL when none is close. */
static const char *
suggest(const char *name)
{
	const char *best = NULL;
	int bestd = (int)strlen(name) / 3 + 1;

	for (const struct lesson_exmetric *m = exmetrics; m->name; m++) {
		int d = edit_distance(name, m->name, bestd);

		if (d <= bestd && (best == NULL || d < bestd)) {
			best = m->name;
			bestd = d;
		}
	}
	return best;
}

/* Reads a run of [a-z0-9_] at *p into a new string (NULL if empty). */
static char *
take_name(const char **p)
{
	const char *s = *p;
	char *n;

	while (islower((unsigned char)**p) || isdigit((unsigned char)**p) ||
	    **p == '_')
		(*p)++;
	if (*p == s)
		return NULL;
	n = xmalloc((size_t)(*p - s) + 1);
	memcpy(n, s, (size_t)(*p - s));
	n[*p - s] = '\0';
	return n;
}

/* Reads an operator at *p; -1 when there is none. */
static int
take_op(const char **p)
{
	static const struct {
		const char	*text;
		enum lesson_exop op;
	} ops[] = {
		{ "<=", LESSON_EX_LE }, { ">=", LESSON_EX_GE },
		{ "==", LESSON_EX_EQ }, { "!=", LESSON_EX_NE },
		{ "<", LESSON_EX_LT }, { ">", LESSON_EX_GT },
	};

	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		size_t n = strlen(ops[i].text);

		if (strncmp(*p, ops[i].text, n) == 0) {
			*p += n;
			return (int)ops[i].op;
		}
	}
	return -1;
}

static void
skip_spaces(const char **p)
{
	while (**p == ' ')
		(*p)++;
}

/*
 * Reads a quoted string at *p (after its opening '"'): `\"` and `\\`
 * stand for themselves, `\n` for a new line. NULL when it is not closed.
 */
static char *
take_string(const char **p)
{
	const char *s = *p;
	char *out = xmalloc(strlen(s) + 1);
	size_t n = 0;

	for (; *s != '\0' && *s != '"'; s++) {
		if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
			s++;
		else if (*s == '\\' && s[1] == 'n') {
			s++;
			out[n++] = '\n';
			continue;
		}
		out[n++] = *s;
	}
	if (*s != '"') {
		free(out);
		return NULL;
	}
	out[n] = '\0';
	*p = s + 1;
	return out;
}

/* Reports a name that is no figure, with the nearest one. */
static void
unknown(struct lp_ctx *c, const char *name, int line, int col)
{
	const char *sug = suggest(name);

	if (sug != NULL)
		lp_err(c, line, col, "unknown exercise metric '%s' (did you "
		    "mean '%s'?)", name, sug);
	else
		lp_err(c, line, col, "unknown exercise metric '%s' (known: "
		    "wall_ms, cores_used, threads, processes, tasks, "
		    "blocked_ms, exit_status, finishes_within_s, output)",
		    name);
}

/*
 * Reads the value side of a numeric condition at *p: NUMBER,
 * `NUMBER * starter.METRIC` or `starter.METRIC`. Returns 0 or -1 (with
 * *why set when it is malformed, or an error already reported).
 */
static int
take_number_value(struct lp_ctx *c, struct lesson_excond *x, const char **p,
    const char *s, int line, int col, bool *reported)
{
	char *end, *name;
	const struct lesson_exmetric *m;

	x->number = 1;
	if (strncmp(*p, "starter.", 8) != 0) {
		errno = 0;
		x->number = strtod(*p, &end);
		if (end == *p || errno != 0 || !isfinite(x->number))
			return -1;
		*p = end;
		skip_spaces(p);
		if (**p != '*')
			return 0;
		(*p)++;
		skip_spaces(p);
		if (strncmp(*p, "starter.", 8) != 0)
			return -1;
	}
	*p += 8;
	x->starter = true;
	{
		const char *at = *p;

		if ((name = take_name(p)) == NULL)
			return -1;
		m = lesson_exmetric_find(name);
		if (m == NULL || m->kind != LESSON_EXM_NUMBER ||
		    strcmp(name, "finishes_within_s") == 0) {
			if (m == NULL)
				unknown(c, name, line, col + (int)(at - s));
			else
				lp_err(c, line, col + (int)(at - s), "'%s' "
				    "cannot be compared with starter.%s", x->metric,
				    name);
			*reported = true;
			free(name);
			return -1;
		}
		if (strcmp(name, x->metric) != 0) {
			lp_err(c, line, col + (int)(at - s), "'%s' is compared "
			    "with starter.%s: compare a figure with the "
			    "starter's same figure", x->metric, name);
			*reported = true;
			free(name);
			return -1;
		}
		free(name);
	}
	return 0;
}

/* Checks what a condition claims makes sense; 0 or -1 after an error. */
static int
sane(struct lp_ctx *c, const struct lesson_excond *x, const char *s, int line,
    int col)
{
	if (x->number < 0) {
		lp_err(c, line, col, "condition '%s': the figures are never "
		    "negative", s);
		return -1;
	}
	if (strcmp(x->metric, "finishes_within_s") == 0) {
		if (x->starter || (x->op != LESSON_EX_LE &&
		    x->op != LESSON_EX_LT)) {
			lp_err(c, line, col, "condition '%s': finishes_within_s "
			    "takes '<=' or '<' and a number of seconds", s);
			return -1;
		}
		if (x->number <= 0 || x->number > LIMIT_MAX_S) {
			lp_err(c, line, col, "condition '%s': finishes_within_s "
			    "must be more than 0 and at most %g seconds", s,
			    LIMIT_MAX_S);
			return -1;
		}
	}
	if ((x->op == LESSON_EX_GE && x->number == 0 && !x->starter) ||
	    (x->op == LESSON_EX_LT && x->number == 0)) {
		lp_err(c, line, col, "condition '%s' %s whatever the program "
		    "does", s, x->op == LESSON_EX_GE ? "holds" : "fails");
		return -1;
	}
	return 0;
}

int
lp_parse_excond(struct lp_ctx *c, struct lesson_excond *x, const char *s,
    int line, int col)
{
	const struct lesson_exmetric *m;
	const char *p = s, *at;
	bool reported = false;
	int op;

	skip_spaces(&p);
	at = p;
	if ((x->metric = take_name(&p)) == NULL)
		goto bad;
	if ((m = lesson_exmetric_find(x->metric)) == NULL) {
		unknown(c, x->metric, line, col + (int)(at - s));
		return -1;
	}
	skip_spaces(&p);
	if ((op = take_op(&p)) < 0)
		goto bad;
	x->op = (enum lesson_exop)op;
	skip_spaces(&p);
	if (m->kind == LESSON_EXM_TEXT) {
		if (x->op != LESSON_EX_EQ && x->op != LESSON_EX_NE) {
			lp_err(c, line, col, "condition '%s': output is text: "
			    "compare it with '==' or '!='", s);
			return -1;
		}
		if (*p == '"') {
			p++;
			if ((x->string = take_string(&p)) == NULL)
				goto bad;
		} else if (strncmp(p, "starter.output", 14) == 0) {
			p += 14;
			x->starter = true;
		} else {
			lp_err(c, line, col, "condition '%s': output is compared "
			    "with a quoted string or starter.output", s);
			return -1;
		}
	} else if (*p == '"') {
		lp_err(c, line, col, "condition '%s': %s is a number, not "
		    "text", s, x->metric);
		return -1;
	} else if (take_number_value(c, x, &p, s, line, col, &reported) != 0)
		goto bad;
	skip_spaces(&p);
	if (*p != '\0')
		goto bad;
	return m->kind == LESSON_EXM_TEXT ? 0 : sane(c, x, s, line, col);
bad:
	if (!reported)
		lp_err(c, line, col, "malformed condition '%s' (expected METRIC "
		    "OP VALUE, as in 'wall_ms <= 0.4 * starter.wall_ms' or "
		    "'output == \"sum: 140\"')", s);
	return -1;
}

void
lp_excond_release(struct lesson_excond *x)
{
	free(x->text);
	free(x->metric);
	free(x->string);
	free(x->fail);
	memset(x, 0, sizeof *x);
}
