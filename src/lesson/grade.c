/*
 * grade.c - a prediction's verdict from a series of runs and the cores
 * each run could get (the model is described in grade.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "lesson/grade.h"

/* Below this much of a core, a figure is treated as this much. */
#define MIN_CORES 0.05
/* Work wanting less of a core than this is treated as wanting this. */
#define MIN_SHARE 0.02
/* Range widening past this factor is the machine's doing, not noise. */
#define BUSY_FACTOR 1.15
/*
 * How far past its ceiling a speedup may still be measured: a baseline
 * that ran a little slow, timer noise. Quiet runs of four GIL threads
 * measure 0.95 to 1.05; nothing measured goes 15% past a ceiling.
 */
#define CEILING_SLACK 1.15
/* Fewer cores free than this, and two workers never ran at once. */
#define TWO_CORES 1.5

/* How a busy machine can move a figure. */
enum sensitivity {
	EXACT = 0,	/* counts */
	SPEEDUP,	/* both ways: a held-back run, a slowed baseline */
	STRETCHED,	/* times of the run: only ever longer */
	BASELINE,	/* the baseline's time: only ever longer */
	SHRUNK		/* rates: only ever lower */
};

/* Whether `s` ends with `suffix`. */
static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static enum sensitivity
sensitivity_of(const char *metric)
{
	if (strcmp(metric, "speedup") == 0)
		return SPEEDUP;
	if (strcmp(metric, "baseline_wall_ms") == 0)
		return BASELINE;
	if (strcmp(metric, "cpu_ms") == 0)
		return EXACT;
	if (ends_with(metric, "_ms"))
		return STRETCHED;
	/* A share of cores, like a rate: a busy machine only lowers it. */
	if (ends_with(metric, "_per_s") || strcmp(metric, "cores_used") == 0)
		return SHRUNK;
	return EXACT;
}

/* Value `i` of figure `name`, or `dflt` when that run did not give it. */
static double
run_value(const struct experiment_series *s, const char *name, int i,
    double dflt)
{
	const struct experiment_figure *f = experiment_series_figure(s, name);

	if (f == NULL)
		return dflt;
	return i < f->n ? f->v[i] : f->median;
}

/*
 * How much run `i` may have been held back (*run, >= 1) and how much its
 * baseline was slowed (*base, >= 1) by other programs. The run wants
 * min(threads x share, CPUs) cores, or more if it was seen to use more;
 * it got at most the cores that were free. A machine that gives no
 * capacity figure counts as quiet: there is nothing to go on.
 */
static void
run_factors(const struct experiment_series *s, int i, double *run,
    double *base)
{
	double cpus = s->cpus > 0 ? s->cpus : 1;
	double threads = s->threads > 0 ? s->threads : 1;
	double share = run_value(s, "baseline_cpu_share", i, 1);
	double c = run_value(s, "cores_free", i, cpus);
	double cb = run_value(s, "baseline_cores_free", i, cpus);
	double cpu = run_value(s, "cpu_ms", i, 0);
	double wall = run_value(s, "wall_ms", i, 0);
	double want;

	share = share < MIN_SHARE ? MIN_SHARE : share > 1 ? 1 : share;
	c = c < MIN_CORES ? MIN_CORES : c > cpus ? cpus : c;
	cb = cb < MIN_CORES ? MIN_CORES : cb;
	want = fmin(threads * share, cpus);
	if (wall > 0 && cpu / wall > want)
		want = fmin(cpu / wall, cpus);
	/*
	 * Workers that only wait have no baseline to say how much of a core
	 * they want: they want what they were seen to use, next to nothing,
	 * so other programs on the cores do not hold them back.
	 */
	if (s->scenario != NULL && (s->scenario->traits & SCENARIO_WAITS))
		want = wall > 0 ? fmin(cpu / wall, cpus) : 0;
	*run = want > c ? want / c : 1;
	*base = share > cb ? share / cb : 1;
}

/* The range run `i`'s value `v` stands for on a quiet machine. */
static void
run_range(enum sensitivity sens, double v, double run, double base,
    double *lo, double *hi)
{
	*lo = *hi = v;
	switch (sens) {
	case SPEEDUP:
		*lo = v / base;
		*hi = v * run;
		break;
	case STRETCHED:
		*lo = v / run;
		break;
	case BASELINE:
		*lo = v / base;
		break;
	case SHRUNK:
		*hi = v * run;
		break;
	case EXACT:
		break;
	}
}

double
grade_median(double *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Prints a figure the way a person reads it, in the interface's style. */
static void
fmt_num(char *buf, size_t size, double v)
{
	if (fabs(v) >= 100)
		i18n_num(buf, size, v, 0);
	else
		i18n_numg(buf, size, v, 3);
}

/*
 * What a figure is called for people: the label of its row in the
 * scenario's table (or the common figures'), translated; the key itself
 * when no table names it.
 */
static const char *
figure_words(const struct lesson_quiz *q, const char *key)
{
	const struct scenario_metric *m = scenario_figure_find(
	    q->demo.scenario, key);

	return m != NULL ? _(m->label) : key;
}

/* Whether a range decides a condition: 1 holds, 0 fails, -1 neither. */
static int
decide(const struct lesson_choice *c, double lo, double hi)
{
	bool a = lesson_condition_holds(c, lo), b = lesson_condition_holds(c, hi);

	return a && b ? 1 : !a && !b ? 0 : -1;
}

/* What bounds a speedup physically: the scenario's ceiling, or 0. */
struct ceiling {
	double	 value;		/* the speedup no run can pass, 0: none */
	double	 at_once;	/* CPU parts that can run at once */
	int	 cpus;		/* CPUs the runs were allowed */
	bool	 parallel;	/* the figure needs two workers at once */
};

static void
ceiling_of(const struct lesson_quiz *q, const struct experiment_series *s,
    const char *metric, struct ceiling *ce)
{
	memset(ce, 0, sizeof *ce);
	ce->cpus = s->cpus;
	ce->at_once = 1;
	/* Without the CPUs there is no ceiling to speak of. */
	if (s->cpus > 0 && strcmp(metric, "speedup") == 0)
		ce->value = scenario_speedup_ceiling(q->demo.scenario,
		    &q->demo.params, s->cpus, &ce->at_once);
	ce->parallel = s->cpus >= 2 && scenario_figure_needs_parallel(
	    q->demo.scenario, &q->demo.params, s->cpus, metric);
}

/*
 * Why no run can pass ceiling `ce`, in words: the cores allowed, one
 * worker computing at a time, or the waits that can overlap.
 */
static void
ceiling_words(const struct lesson_quiz *q, const struct ceiling *ce,
    char *buf, size_t size)
{
	const struct params *p = &q->demo.params;
	int at_once = (int)(ce->at_once + 0.5);
	char x[32];

	fmt_num(x, sizeof x, ce->value);
	if (at_once <= 1 && p->work == WORK_CPU)
		snprintf(buf, size, _("only one worker can compute at a time "
		    "here, so it can be at most about %sx"), x);
	else if (at_once > 1 && at_once < p->workers)
		snprintf(buf, size, ngettext("%d core can run only %d worker "
		    "at once, so it can be at most about %sx", "%d cores can "
		    "run at most %d workers at once, so it can be at most "
		    "about %sx", at_once), at_once, at_once, x);
	else
		snprintf(buf, size, _("no run of %d workers can go past about "
		    "%sx"), p->workers, x);
}

const char *
grade_op_name(enum lesson_op op)
{
	static const char *const names[] = { "<", "<=", ">", ">=" };

	return (unsigned)op < 4 ? names[op] : "?";
}

/* The cores free during run `i`, at most its CPUs; quiet when unknown. */
static double
run_cores(const struct experiment_series *s, int i)
{
	double cpus = s->cpus > 0 ? s->cpus : 1;

	return fmin(run_value(s, "cores_free", i, cpus), cpus);
}

void
grade_choice(const struct lesson_quiz *q, int choice,
    const struct experiment_series *s, struct grade *g)
{
	const struct lesson_choice *c;
	const struct experiment_figure *f, *cf, *bcf;
	const char *name;
	enum sensitivity sens;
	struct ceiling ce;
	double los[EXPERIMENT_MAX_RUNS], his[EXPERIMENT_MAX_RUNS];
	double raw_lo, raw_hi, worst_run = 1, worst_base = 1, cap;
	double starved_cores = INFINITY;
	char v[32], a[32], b[32], x[32], cfree[32], cores[96], words[256];
	int raw, n;

	memset(g, 0, sizeof *g);
	g->verdict = GRADE_UNDECIDED;
	g->cores_free = -1;
	if (choice < 0 || choice >= q->nchoices ||
	    q->choices[choice].metric == NULL) {
		snprintf(g->reason, sizeof g->reason, "%s",
		    _("this choice has no condition to check"));
		return;
	}
	c = &q->choices[choice];
	name = figure_words(q, c->metric);
	if (s->runs == 0) {
		snprintf(g->reason, sizeof g->reason, "%s",
		    _("nothing was measured"));
		return;
	}
	if ((f = experiment_series_figure(s, c->metric)) == NULL) {
		g->verdict = GRADE_FAILS;
		snprintf(g->reason, sizeof g->reason,
		    _("no figure '%s' was measured"), c->metric);
		return;
	}
	g->measured = true;
	g->value = f->median;
	if ((cf = experiment_series_figure(s, "cores_free")) != NULL)
		g->cores_free = cf->min;
	bcf = experiment_series_figure(s, "baseline_cores_free");
	ceiling_of(q, s, c->metric, &ce);
	cap = ce.value > 0 ? ce.value * CEILING_SLACK : INFINITY;
	g->ceiling = ce.value;

	sens = sensitivity_of(c->metric);
	n = f->n < EXPERIMENT_MAX_RUNS ? f->n : EXPERIMENT_MAX_RUNS;
	for (int i = 0; i < n; i++) {
		double run, base;

		run_factors(s, i, &run, &base);
		run_range(sens, f->v[i], run, base, &los[i], &his[i]);
		/*
		 * A run that never had two cores could not show an effect of
		 * two workers at once: on a quiet machine it may go as far as
		 * the ceiling (any count, for lost updates).
		 */
		if (ce.parallel && run_cores(s, i) < TWO_CORES) {
			his[i] = fmax(his[i], ce.value > 0 ? ce.value :
			    INFINITY);
			starved_cores = fmin(starved_cores, run_cores(s, i));
		}
		/* Whatever the load, no run goes past what the work allows. */
		his[i] = fmax(fmin(his[i], cap), los[i]);
		worst_run = fmax(worst_run, sens == BASELINE ? 1 : run);
		worst_base = fmax(worst_base, base);
	}
	if (sens == SPEEDUP) {
		/* A claim about the speedup must hold in every run. */
		raw_lo = f->min;
		raw_hi = f->max;
		g->lo = INFINITY;
		g->hi = -INFINITY;
		for (int i = 0; i < n; i++) {
			g->lo = fmin(g->lo, los[i]);
			g->hi = fmax(g->hi, his[i]);
		}
	} else {
		raw_lo = raw_hi = f->median;
		g->lo = grade_median(los, n);
		g->hi = grade_median(his, n);
	}
	raw = decide(c, raw_lo, raw_hi);

	fmt_num(v, sizeof v, f->median);
	fmt_num(a, sizeof a, raw_lo);
	fmt_num(b, sizeof b, raw_hi);
	fmt_num(x, sizeof x, c->number);
	/* A claim past the ceiling is wrong on any machine: say why. */
	if (ce.value > 0 && (c->op == LESSON_GT || c->op == LESSON_GE) &&
	    !lesson_condition_holds(c, fmax(cap, raw_hi))) {
		g->verdict = GRADE_FAILS;
		ceiling_words(q, &ce, words, sizeof words);
		snprintf(g->reason, sizeof g->reason,
		    _("%s %s %s cannot happen: %s (measured %s)"), name,
		    grade_op_name(c->op), x, words, v);
		return;
	}
	switch (decide(c, g->lo, g->hi)) {
	case 1:
		g->verdict = GRADE_HOLDS;
		if (sens == SPEEDUP && n > 1)
			snprintf(g->reason, sizeof g->reason,
			    _("%s %s (%s to %s over %d runs) is %s %s"),
			    name, v, a, b, n, grade_op_name(c->op), x);
		else
			snprintf(g->reason, sizeof g->reason, _("%s %s is %s %s"),
			    name, v, grade_op_name(c->op), x);
		return;
	case 0:
		g->verdict = GRADE_FAILS;
		if (sens == SPEEDUP && n > 1)
			snprintf(g->reason, sizeof g->reason,
			    _("%s %s (%s to %s over %d runs) is not %s %s"),
			    name, v, a, b, n, grade_op_name(c->op), x);
		else
			snprintf(g->reason, sizeof g->reason,
			    _("%s %s is not %s %s"), name, v,
			    grade_op_name(c->op), x);
		if (g->cores_free >= 0 && sens != EXACT) {
			size_t len = strlen(g->reason);

			snprintf(g->reason + len, sizeof g->reason - len,
			    _(", with %s cores free"), i18n_num(cfree, sizeof cfree,
			    g->cores_free, 1));
		}
		return;
	}
	/* Undecided: say whether the machine or the runs are to blame. */
	fmt_num(a, sizeof a, g->lo);
	fmt_num(b, sizeof b, g->hi);
	if (isfinite(starved_cores)) {
		/* Two workers never ran at once: the effect could not show. */
		i18n_num(cfree, sizeof cfree, starved_cores, 1);
		if (isfinite(g->hi))
			snprintf(g->reason, sizeof g->reason,
			    _("%s %s here because only %s cores were free, so "
			    "two workers could not run at once; with %d free "
			    "it could be up to %s"), name, v, cfree,
			    (int)fmin(ce.at_once, ce.cpus), b);
		else
			snprintf(g->reason, sizeof g->reason,
			    _("%s %s here because only %s cores were free, so "
			    "two workers could not run at once; on a quiet "
			    "machine it can be higher"), name, v, cfree);
	} else if (raw != -1 || worst_run > BUSY_FACTOR ||
	    worst_base > BUSY_FACTOR) {
		if (worst_base > worst_run && bcf != NULL)
			snprintf(cores, sizeof cores,
			    _("%s cores free for the baseline"), i18n_num(cfree,
			    sizeof cfree, bcf->min, 1));
		else if (g->cores_free >= 0)
			snprintf(cores, sizeof cores, _("%s cores free"),
			    i18n_num(cfree, sizeof cfree, g->cores_free, 1));
		else
			snprintf(cores, sizeof cores, "%s", _("cores unknown"));
		snprintf(g->reason, sizeof g->reason,
		    _("this machine was too busy to tell (%s); %s %s "
		    "could be %s to %s on a quiet one"), cores, name, v,
		    a, b);
	} else {
		fmt_num(a, sizeof a, raw_lo);
		fmt_num(b, sizeof b, raw_hi);
		snprintf(g->reason, sizeof g->reason,
		    _("the runs disagree: %s went from %s to %s, across %s"),
		    name, a, b, x);
		return;
	}
	/* The busy run agrees with this answer: it is no proof. */
	if (raw == 1) {
		size_t len = strlen(g->reason);

		snprintf(g->reason + len, sizeof g->reason - len, "%s",
		    _("; the busy run only seems to agree with this answer"));
	}
}

enum grade_answer
grade_answer(const struct lesson_quiz *q, int chosen,
    const struct experiment_series *s, struct grade *g)
{
	grade_choice(q, chosen, s, g);
	switch (g->verdict) {
	case GRADE_HOLDS:
		return GRADE_RIGHT;
	case GRADE_FAILS:
		return GRADE_WRONG;
	default:
		return GRADE_UNSURE;
	}
}

const char *
grade_verdict_name(enum grade_verdict v)
{
	switch (v) {
	case GRADE_HOLDS:
		return "holds";
	case GRADE_FAILS:
		return "fails";
	default:
		return "undecided";
	}
}

const char *
grade_answer_name(enum grade_answer a)
{
	switch (a) {
	case GRADE_RIGHT:
		return "right";
	case GRADE_WRONG:
		return "wrong";
	default:
		return "undecided";
	}
}
