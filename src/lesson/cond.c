/*
 * cond.c - the conditions of prediction quizzes, `METRIC OP NUMBER`: which
 * metrics a prediction may name for its scenario (those a run of it
 * measures), how a condition is read from a choice's brackets or an
 * `expect:` line, how it is judged against what a run measured, and
 * whether the choices of a prediction leave exactly one that holds after
 * any run.
 *
 * A metric is only ever a name looked up in fixed tables: the figures
 * every run gives, and those the scenario itself reports.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/parse.h"
#include "util.h"

/* What a scenario must have for a run of it to give a figure. */
enum metric_need {
	NEED_NOTHING = 0,
	NEED_BASELINE,		/* a sequential run to compare with */
	NEED_LOCK		/* a GIL or a lock, whose waits are timed */
};

/* The figures experiment_value() gives beside a scenario's own. */
static const struct {
	const char		*name;
	enum metric_need	 need;
} common_metrics[] = {
	{ "speedup",		NEED_BASELINE },
	{ "wall_ms",		NEED_NOTHING },
	{ "cpu_ms",		NEED_NOTHING },
	{ "baseline_wall_ms",	NEED_BASELINE },
	{ "lock_wait_p50_ms",	NEED_LOCK },
	{ "lock_wait_p99_ms",	NEED_LOCK },
	{ "holder_changes",	NEED_LOCK },
};
#define NCOMMON (sizeof common_metrics / sizeof common_metrics[0])

/*
 * Whether a run of `sc` has what `need` asks for: the lock figures exist
 * only for scenarios with a GIL or lock lane, speedup only for those with
 * a sequential counterpart. An unknown scenario (NULL) has everything,
 * so that its one error is the scenario, not each metric.
 */
static bool
scenario_has(const struct scenario *sc, enum metric_need need)
{
	struct params p, bp;

	if (sc == NULL)
		return true;
	switch (need) {
	case NEED_NOTHING:
		return true;
	case NEED_BASELINE:
		params_defaults(&p);
		return scenario_baseline(sc, &p, &bp) != NULL;
	case NEED_LOCK:
		return (sc->traits & (SCENARIO_GIL_LANE |
		    SCENARIO_LOCK_LANE)) != 0;
	}
	return false;
}

/* The row of common_metrics named `name`, or -1. */
static int
common_index(const char *name)
{
	for (size_t i = 0; i < NCOMMON; i++)
		if (strcmp(common_metrics[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Whether a metric may be used in a prediction about scenario `sc`:
 * whether a run of it measures that figure. */
bool
lesson_metric_known(const struct scenario *sc, const char *name)
{
	int i = common_index(name);

	if (i >= 0)
		return scenario_has(sc, common_metrics[i].need);
	return sc != NULL && scenario_metric_find(sc, name) != NULL;
}

/* The metric closest to `name` among those a run of `sc` gives. */
static const char *
suggest_metric(const struct scenario *sc, const char *name)
{
	const char *best = NULL;
	int bestd = (int)strlen(name) / 3 + 1;

	for (size_t i = 0; i < NCOMMON; i++) {
		int d;

		if (!scenario_has(sc, common_metrics[i].need))
			continue;
		d = edit_distance(name, common_metrics[i].name, bestd);
		if (d <= bestd && (best == NULL || d < bestd)) {
			best = common_metrics[i].name;
			bestd = d;
		}
	}
	if (sc == NULL || sc->measures == NULL)
		return best;
	for (const struct scenario_metric *m = sc->measures; m->key; m++) {
		int d = edit_distance(name, m->key, bestd);

		if (d <= bestd && (best == NULL || d < bestd)) {
			best = m->key;
			bestd = d;
		}
	}
	return best;
}

/* Evaluates a prediction choice's condition against a measured value. */
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

/* Reports a metric the scenario of `dm` does not offer, at `col`. */
static void
unknown_metric(struct lp_ctx *c, const struct lesson_demo *dm,
    const char *metric, int line, int col)
{
	const char *sug = suggest_metric(dm->scenario, metric);
	int k = common_index(metric);

	if (k >= 0) {
		lp_err(c, line, col, "scenario '%s' does not measure '%s' (%s)",
		    dm->scenario->name, metric,
		    common_metrics[k].need == NEED_LOCK ? "it has no GIL or "
		    "lock whose waits are timed" : "it has no sequential run "
		    "to compare with");
		return;
	}
	if (sug != NULL)
		lp_err(c, line, col, "unknown metric '%s' (did you mean "
		    "'%s'?)", metric, sug);
	else
		lp_err(c, line, col, "unknown metric '%s'%s%s%s", metric,
		    dm->scenario ? " for scenario '" : "",
		    dm->scenario ? dm->scenario->name : "",
		    dm->scenario ? "'" : "");
}

/*
 * Parses "METRIC OP NUMBER" at `s` (which starts at file column `col`)
 * into ch->metric, ch->op and ch->number. Returns 0, or reports what is
 * wrong and returns -1.
 */
int
lp_parse_condition(struct lp_ctx *c, const struct lesson_demo *dm,
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
	/* "inf" and "nan" read as numbers, but no figure compares with them. */
	if (end == p || errno != 0 || !isfinite(v))
		goto bad;
	while (*end == ' ')
		end++;
	if (*end != '\0')
		goto bad;
	metric = xmalloc(mlen + 1);
	memcpy(metric, m, mlen);
	metric[mlen] = '\0';
	free(ch->metric);
	ch->metric = metric;
	ch->number = v;
	if (!lesson_metric_known(dm->scenario, metric)) {
		unknown_metric(c, dm, metric, line, col + (int)(m - s));
		return -1;
	}
	return 0;
bad:
	lp_err(c, line, col, "malformed condition '%s' (expected METRIC OP "
	    "NUMBER, as in 'speedup < 1.3')", s);
	return -1;
}

/* Whether two parsed conditions are the same claim. */
bool
lp_condition_same(const struct lesson_choice *a, const struct lesson_choice *b)
{
	return a->metric != NULL && b->metric != NULL &&
	    strcmp(a->metric, b->metric) == 0 && a->op == b->op &&
	    a->number == b->number;
}

/* One choice's condition as the values it holds for: an interval. */
struct span {
	const struct lesson_choice	*ch;
	double				 lo, hi;	/* may be infinite */
	bool				 lo_in, hi_in;	/* closed ends */
};

/* The values `ch` holds for. */
static struct span
span_of(const struct lesson_choice *ch)
{
	struct span s = { ch, -INFINITY, INFINITY, false, false };

	switch (ch->op) {
	case LESSON_LT:
	case LESSON_LE:
		s.hi = ch->number;
		s.hi_in = ch->op == LESSON_LE;
		break;
	case LESSON_GT:
	case LESSON_GE:
		s.lo = ch->number;
		s.lo_in = ch->op == LESSON_GE;
		break;
	}
	return s;
}

/* Orders spans by where they start (a closed start first), then by
 * their place in the file. */
static int
span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->lo_in != y->lo_in)
		return x->lo_in ? -1 : 1;
	return x->ch->line - y->ch->line;
}

/* Writes `lo <= metric < hi` (the ends that are finite) into buf. */
static void
span_text(char *buf, size_t len, const char *metric, double lo, bool lo_in,
    double hi, bool hi_in)
{
	if (lo == hi)
		snprintf(buf, len, "%s = %g", metric, lo);
	else if (isinf(lo))
		snprintf(buf, len, "%s %s %g", metric, hi_in ? "<=" : "<", hi);
	else if (isinf(hi))
		snprintf(buf, len, "%s %s %g", metric, lo_in ? ">=" : ">", lo);
	else
		snprintf(buf, len, "%g %s %s %s %g", lo, lo_in ? "<=" : "<",
		    metric, hi_in ? "<=" : "<", hi);
}

static const char *const op_text[] = { "<", "<=", ">", ">=" };

/*
 * Reports the choices of one metric whose conditions overlap (a run
 * would make two of them "what happened") or, when `gaps`, leave values
 * no choice holds for (a run there makes every choice wrong). Every
 * metric is a time, a count, a rate or a ratio, never negative, so the
 * choices must cover every value from 0 up, and need not cover below 0.
 */
static void
check_metric(struct lp_ctx *c, struct span *v, int n, bool gaps)
{
	const char *m = v[0].ch->metric;
	const struct span *reach;
	char what[160];

	qsort(v, (size_t)n, sizeof *v, span_cmp);
	if (gaps && (v[0].lo > 0 || (v[0].lo == 0 && !v[0].lo_in))) {
		span_text(what, sizeof what, m, 0, true, v[0].lo, !v[0].lo_in);
		lp_err(c, v[0].ch->line, v[0].ch->col, "no choice holds when %s "
		    "(the choices must cover every value from 0 up)", what);
	}
	reach = &v[0];
	for (int i = 1; i < n; i++) {
		const struct span *b = &v[i], *a = reach;
		const struct lesson_choice *x = a->ch, *y = b->ch;

		if (b->lo < a->hi || (b->lo == a->hi && b->lo_in && a->hi_in)) {
			bool bin = b->hi < a->hi || (b->hi == a->hi &&
			    !a->hi_in);

			span_text(what, sizeof what, m, b->lo, b->lo_in,
			    bin ? b->hi : a->hi, bin ? b->hi_in : a->hi_in);
			lp_err(c, y->line, y->col, "condition '%s %s %g' "
			    "overlaps '%s %s %g' (at %s:%d:%d): both hold when "
			    "%s", m, op_text[y->op], y->number, m,
			    op_text[x->op], x->number, c->path, x->line, x->col,
			    what);
		} else if (gaps && (b->lo > a->hi || (b->lo == a->hi &&
		    !b->lo_in && !a->hi_in))) {
			span_text(what, sizeof what, m, a->hi, !a->hi_in,
			    b->lo, !b->lo_in);
			lp_err(c, y->line, y->col, "condition '%s %s %g' leaves "
			    "a gap after '%s %s %g' (at %s:%d:%d): no choice "
			    "holds when %s", m, op_text[y->op], y->number, m,
			    op_text[x->op], x->number, c->path, x->line, x->col,
			    what);
		}
		if (b->hi > a->hi || (b->hi == a->hi && b->hi_in))
			reach = b;
	}
	if (gaps && !isinf(reach->hi)) {
		span_text(what, sizeof what, m, reach->hi, !reach->hi_in,
		    INFINITY, false);
		lp_err(c, reach->ch->line, reach->ch->col, "no choice holds "
		    "when %s (the choices must cover every value from 0 up)",
		    what);
	}
}

/*
 * Checks that after any run exactly one choice of a prediction holds:
 * see check_metric. `ok[i]` says whether choice i's condition parsed.
 * Choices on different metrics cannot be compared: overlaps are still
 * found within each metric, gaps only when every choice names the same
 * metric.
 */
void
lp_check_choices(struct lp_ctx *c, const struct lesson_quiz *q,
    const bool *ok)
{
	struct span *v = xcalloc((size_t)q->nchoices + 1, sizeof *v);
	bool *done = xcalloc((size_t)q->nchoices + 1, sizeof *done);
	bool one_metric = true;
	const char *first = NULL;

	for (int i = 0; i < q->nchoices; i++) {
		if (!ok[i]) {
			one_metric = false;	/* nothing to say about gaps */
			continue;
		}
		if (first == NULL)
			first = q->choices[i].metric;
		else if (strcmp(first, q->choices[i].metric) != 0)
			one_metric = false;
	}
	for (int i = 0; i < q->nchoices; i++) {
		int n = 0;

		if (!ok[i] || done[i])
			continue;
		for (int j = i; j < q->nchoices; j++)
			if (ok[j] && !done[j] && strcmp(q->choices[j].metric,
			    q->choices[i].metric) == 0) {
				v[n++] = span_of(&q->choices[j]);
				done[j] = true;
			}
		check_metric(c, v, n, one_metric);
	}
	free(v);
	free(done);
}
