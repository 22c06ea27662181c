/*
 * cond.c - the conditions of prediction quizzes, `METRIC OP NUMBER`: which
 * metrics a prediction may name for its scenario, how a condition is read
 * from a choice's brackets or an `expect:` line, and how it is judged
 * against what a run measured.
 *
 * A metric is only ever a name looked up in fixed tables: the figures
 * every run gives, and those the scenario itself reports.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/parse.h"
#include "util.h"

/* The figures experiment_value() knows for every scenario. */
static const char *const common_metrics[] = {
	"speedup", "wall_ms", "cpu_ms", "baseline_wall_ms",
	"lock_wait_p50_ms", "lock_wait_p99_ms", "holder_changes", NULL
};

/* Whether a metric may be used in a prediction about scenario `sc`. */
bool
lesson_metric_known(const struct scenario *sc, const char *name)
{
	for (int i = 0; common_metrics[i] != NULL; i++)
		if (strcmp(common_metrics[i], name) == 0)
			return true;
	return sc != NULL && scenario_metric_find(sc, name) != NULL;
}

/* The metric closest to `name` among those `sc` offers. */
static const char *
suggest_metric(const struct scenario *sc, const char *name)
{
	const char *best = lp_suggest(name, common_metrics);
	int bestd = best ? edit_distance(name, best, 64) :
	    (int)strlen(name) / 3 + 1;

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
