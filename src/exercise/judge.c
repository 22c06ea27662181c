/*
 * judge.c - an exercise's verdict: each condition of the block judged on
 * a run, and `runs` runs in a row.
 *
 * A comparison of a time or of the cores used goes through
 * lesson/grade.c, as a prediction's does: the run's figures make a
 * one-run series with the cores that were free while it ran and the
 * share of a core its lanes wanted (running or ready to run), so a busy
 * machine widens the range the figure could have had on a quiet one,
 * and a claim the machine could not test (cores_used >= 1.4 with about
 * one core free) is undecided, never failed. Counts, the exit status and
 * the output are exact. A run that reached its time limit fails,
 * whatever else it did: the learner reads "did not finish in 20 s:
 * deadlocked?".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/experiment.h"
#include "exercise/exercise.h"
#include "i18n.h"
#include "util.h"

/*
 * A program whose lanes wanted at least this many cores (running, or
 * ready to run and given none) computes: it is taken to want a whole
 * core per lane, since on a busy machine the tracer sees only part of
 * the time a process waited for a CPU.
 */
#define COMPUTE_BOUND	0.5
/*
 * `cores_used >= X` is only failed where at least X and this margin were
 * free: a program cannot use cores the machine did not have, and a
 * right answer (a pool of two on uneven chunks) keeps about 1.6 busy.
 */
#define CORES_MARGIN	0.2
/*
 * A compute-bound answer that took between 1/SLOW_CORES and SLOW_CORES
 * times the starter's CPU time for the same result ran on cores slower
 * or faster than the starter's: another machine sharing the host's
 * cores (which the guest's /proc cannot see) makes a core's work cost
 * up to about 1.7 times as long. Beyond that the answer did other work.
 */
#define SLOW_CORES	1.6

bool
exercise_needs_starter(const struct lesson_exercise *ex)
{
	for (int i = 0; i < ex->nconds; i++)
		if (ex->conds[i].starter)
			return true;
	return false;
}

const char *
exercise_verdict_name(enum exercise_verdict v)
{
	switch (v) {
	case EXERCISE_PASSES:
		return "passes";
	case EXERCISE_FAILS:
		return "fails";
	default:
		return "undecided";
	}
}

/* The op of a prediction for an ordering op of an exercise. */
static enum lesson_op
order_op(enum lesson_exop op)
{
	switch (op) {
	case LESSON_EX_LT:
		return LESSON_LT;
	case LESSON_EX_LE:
		return LESSON_LE;
	case LESSON_EX_GT:
		return LESSON_GT;
	default:
		return LESSON_GE;
	}
}

static const char *const exop_text[] = { "<", "<=", ">", ">=", "==", "!=" };

/* Prints a figure for people: whole when it is or above 100, else with
 * two or one decimals. */
static void
fmt(char *buf, size_t len, double v)
{
	if (fabs(v) >= 100 || v == floor(v))
		i18n_num(buf, len, v, 0);
	else
		i18n_num(buf, len, v, fabs(v) >= 10 ? 1 : 2);
}

/* Grades an ordering of a time or a share of cores through grade.c. */
static void
grade_order(const struct lesson_excond *c, const struct exercise_run *run,
    double value, double want, struct exercise_cond_result *cr)
{
	struct experiment_series s;
	struct lesson_choice ch;
	struct lesson_quiz q;
	struct grade g;
	int lanes = run->threads > run->processes ? run->threads :
	    run->processes;
	double wanted;

	memset(&ch, 0, sizeof ch);
	memset(&q, 0, sizeof q);
	ch.metric = c->metric;
	ch.op = order_op(c->op);
	ch.number = want;
	q.choices = &ch;
	q.nchoices = 1;
	experiment_series_init(&s, NULL, NULL);
	s.runs = 1;
	s.cpus = run->cpus;
	s.threads = lanes > 0 ? lanes : 1;
	experiment_series_put(&s, "wall_ms", run->wall_ms);
	experiment_series_put(&s, "cpu_ms", run->cpu_ms);
	/*
	 * How much of a core each lane wanted: the time it ran plus the
	 * time it was ready to run and got no CPU. A program that mostly
	 * waits wants little, so a busy machine could not have slowed it
	 * much; one that computes wants whole cores (COMPUTE_BOUND).
	 */
	wanted = run->wall_ms > 0 ? (run->cpu_ms + run->ready_ms) /
	    run->wall_ms : 1;
	experiment_series_put(&s, "baseline_cpu_share", wanted >=
	    COMPUTE_BOUND ? 1 : wanted / s.threads);
	if (run->cores_free >= 0)
		experiment_series_put(&s, "cores_free", run->cores_free);
	if (strcmp(c->metric, "wall_ms") != 0)
		experiment_series_put(&s, c->metric, value);
	grade_choice(&q, 0, &s, &g);
	cr->verdict = g.verdict;
	snprintf(cr->reason, sizeof cr->reason, "%s", g.reason);
	if (g.verdict == GRADE_FAILS && strcmp(c->metric, "cores_used") == 0 &&
	    (c->op == LESSON_EX_GE || c->op == LESSON_EX_GT) &&
	    run->cores_free >= 0 && run->cores_free < want + CORES_MARGIN) {
		char a[32], b[32], u[32];

		cr->verdict = GRADE_UNDECIDED;
		snprintf(cr->reason, sizeof cr->reason, _("this machine was too "
		    "busy to tell (%s cores free); cores used %s, and the goal "
		    "needs %s free"), i18n_num(a, sizeof a, run->cores_free, 1),
		    i18n_num(u, sizeof u, value, 2), i18n_num(b, sizeof b,
		    want + CORES_MARGIN, 1));
	}
}

/*
 * A `wall_ms` against the starter's, for a program that computes: the
 * same prime counting took 1,220 ms of CPU in one quiet run and 1,550 in
 * the next, with the guest's cores all free, because the host's cores
 * were shared. So the wall time is also judged as if the answer's CPU
 * time had been the starter's (each core as fast as during the
 * starter's run); when the two verdicts differ, the speed of the cores
 * decided and the condition is undecided, with both figures.
 */
static void
judge_core_speed(const struct lesson_excond *c, const struct exercise_run *run,
    const struct exercise_run *starter, double value, double want,
    struct exercise_cond_result *cr)
{
	struct exercise_cond_result same;
	struct exercise_run at;		/* the run at the starter's speed */
	double ratio;
	char a[32], b[32], d[32], e[32];

	if (starter == NULL || starter->wall_ms <= 0 || starter->cpu_ms <=
	    0 || run->cpu_ms <= 0 || starter->cpu_ms < COMPUTE_BOUND *
	    starter->wall_ms || cr->verdict == GRADE_UNDECIDED)
		return;
	ratio = run->cpu_ms / starter->cpu_ms;
	if (ratio > SLOW_CORES || ratio < 1 / SLOW_CORES)
		return;
	at = *run;
	at.wall_ms /= ratio;
	at.cpu_ms /= ratio;
	at.ready_ms /= ratio;
	grade_order(c, &at, value / ratio, want, &same);
	if (same.verdict == GRADE_UNDECIDED || same.verdict == cr->verdict)
		return;
	cr->verdict = GRADE_UNDECIDED;
	snprintf(cr->reason, sizeof cr->reason, _("the cores ran at another "
	    "speed than during the starter's run: the same result took %s ms "
	    "of CPU against its %s (wall time %s ms, wanted %s): run it "
	    "again"), i18n_num(a, sizeof a, run->cpu_ms, 0), i18n_num(b,
	    sizeof b, starter->cpu_ms, 0), i18n_num(d, sizeof d, value, 0),
	    i18n_num(e, sizeof e, want, 0));
}

/* Grades an exact comparison (counts, the exit status). */
static void
grade_exact(const struct lesson_excond *c, double value, double want,
    struct exercise_cond_result *cr)
{
	bool holds = false;
	char a[32], b[32];

	switch (c->op) {
	case LESSON_EX_EQ:
		holds = value == want;
		break;
	case LESSON_EX_NE:
		holds = value != want;
		break;
	case LESSON_EX_LT:
		holds = value < want;
		break;
	case LESSON_EX_LE:
		holds = value <= want;
		break;
	case LESSON_EX_GT:
		holds = value > want;
		break;
	case LESSON_EX_GE:
		holds = value >= want;
		break;
	}
	cr->verdict = holds ? GRADE_HOLDS : GRADE_FAILS;
	fmt(a, sizeof a, value);
	fmt(b, sizeof b, want);
	snprintf(cr->reason, sizeof cr->reason, holds ? _("%s %s is %s %s") :
	    _("%s %s is not %s %s"), c->metric, a, exop_text[c->op], b);
}

/* Whether a figure is one a busy machine moves (graded through grade.c). */
static bool
machine_bound(const char *metric)
{
	return strcmp(metric, "wall_ms") == 0 ||
	    strcmp(metric, "blocked_ms") == 0 ||
	    strcmp(metric, "cores_used") == 0;
}

/* The last line of `s` (or all of it when short), for a reason. */
static const char *
last_line(const char *s)
{
	const char *nl = strrchr(s, '\n');

	return nl != NULL ? nl + 1 : s;
}

/*
 * Whether the starter's run can be compared with: it ran to its end and
 * exited 0 (a starter killed at the time limit printed nothing yet, and
 * its time is the limit's). If not, the condition is undecided, and says
 * why.
 */
static bool
starter_usable(const struct exercise_run *starter,
    struct exercise_cond_result *cr)
{
	char a[32];

	if (starter == NULL) {
		cr->verdict = GRADE_UNDECIDED;
		snprintf(cr->reason, sizeof cr->reason, "%s",
		    _("the starter's run is not known"));
		return false;
	}
	if (starter->timed_out || starter->interrupted) {
		cr->verdict = GRADE_UNDECIDED;
		snprintf(cr->reason, sizeof cr->reason, _("the starter's own run "
		    "did not finish in %s s on this machine: nothing to compare "
		    "with"), i18n_num(a, sizeof a, starter->limit_s, 0));
		return false;
	}
	if (starter->exit_status != 0) {
		cr->verdict = GRADE_UNDECIDED;
		snprintf(cr->reason, sizeof cr->reason, _("the starter's own run "
		    "ended with exit status %d: nothing to compare with"),
		    starter->exit_status);
		return false;
	}
	return true;
}

/* Grades the output condition `c`. */
static void
grade_output(const struct lesson_excond *c, const struct exercise_run *run,
    const struct exercise_run *starter, struct exercise_cond_result *cr)
{
	char *got = exercise_run_output(run), *want = NULL;
	bool same;

	cr->text = true;
	cr->measured = true;
	cr->value_text = got;
	if (c->starter) {
		if (!starter_usable(starter, cr))
			return;
		want = exercise_run_output(starter);
	} else
		want = xstrdup(c->string);
	same = strcmp(got, want) == 0;
	cr->verdict = same == (c->op == LESSON_EX_EQ) ? GRADE_HOLDS :
	    GRADE_FAILS;
	if (cr->verdict == GRADE_FAILS && c->op == LESSON_EX_EQ)
		snprintf(cr->reason, sizeof cr->reason, _("printed '%.200s', "
		    "wanted '%.200s'"), *got ? last_line(got) : _("nothing"),
		    last_line(want));
	else if (cr->verdict == GRADE_FAILS)
		snprintf(cr->reason, sizeof cr->reason, _("printed '%.200s'"),
		    last_line(got));
	free(want);
}

/* Grades condition `c` on `run` into *cr. */
static void
grade_cond(const struct lesson_excond *c, const struct exercise_run *run,
    const struct exercise_run *starter, struct exercise_cond_result *cr)
{
	double value, want = c->number, base;

	memset(cr, 0, sizeof *cr);
	if (strcmp(c->metric, "output") == 0) {
		grade_output(c, run, starter, cr);
		return;
	}
	if (!exercise_run_value(run, c->metric, &value)) {
		cr->verdict = GRADE_UNDECIDED;
		snprintf(cr->reason, sizeof cr->reason, _("no figure '%s' was "
		    "measured"), c->metric);
		return;
	}
	cr->measured = true;
	cr->value = value;
	if (c->starter) {
		if (!starter_usable(starter, cr))
			return;
		if (!exercise_run_value(starter, c->metric, &base)) {
			cr->verdict = GRADE_UNDECIDED;
			snprintf(cr->reason, sizeof cr->reason, "%s",
			    _("the starter's run is not known"));
			return;
		}
		want = c->number * base;
	}
	cr->want = want;
	if (strcmp(c->metric, "finishes_within_s") == 0 && run->timed_out) {
		char a[32];

		cr->verdict = GRADE_FAILS;
		snprintf(cr->reason, sizeof cr->reason, _("it was still running "
		    "after %s s"), i18n_num(a, sizeof a, run->limit_s, 0));
		return;
	}
	if (machine_bound(c->metric) && c->op != LESSON_EX_EQ &&
	    c->op != LESSON_EX_NE) {
		grade_order(c, run, value, want, cr);
		if (c->starter && strcmp(c->metric, "wall_ms") == 0)
			judge_core_speed(c, run, starter, value, want, cr);
	} else
		grade_exact(c, value, want, cr);
}

/* Frees the per-condition results of res. */
static void
conds_release(struct exercise_result *res)
{
	for (int i = 0; i < res->nconds; i++)
		free(res->conds[i].value_text);
	free(res->conds);
	res->conds = NULL;
	res->nconds = 0;
}

void
exercise_grade(const struct lesson_exercise *ex,
    const struct exercise_run *run, const struct exercise_run *starter,
    struct exercise_result *res)
{
	const struct exercise_cond_result *first_fail = NULL, *first_open = NULL;
	int fail_at = -1;

	conds_release(res);
	res->nconds = ex->nconds;
	res->conds = xcalloc((size_t)ex->nconds + 1, sizeof *res->conds);
	for (int i = 0; i < ex->nconds; i++) {
		struct exercise_cond_result *cr = &res->conds[i];

		grade_cond(&ex->conds[i], run, starter, cr);
		if (cr->verdict == GRADE_FAILS && first_fail == NULL) {
			first_fail = cr;
			fail_at = i;
		} else if (cr->verdict == GRADE_UNDECIDED && first_open == NULL)
			first_open = cr;
	}
	/* Each condition's reason starts with the block's words for it. */
	for (int i = 0; i < ex->nconds; i++) {
		struct exercise_cond_result *cr = &res->conds[i];
		char tmp[sizeof cr->reason];

		if (cr->verdict != GRADE_FAILS)
			continue;
		snprintf(tmp, sizeof tmp, "%s", cr->reason);
		snprintf(cr->reason, sizeof cr->reason, "%.500s (%.500s)",
		    ex->conds[i].fail, tmp);
	}
	if (run->interrupted) {
		res->verdict = EXERCISE_UNDECIDED;
		snprintf(res->reason, sizeof res->reason, "%s",
		    _("interrupted before the program ended"));
	} else if (run->timed_out) {
		char a[32];

		res->verdict = EXERCISE_FAILS;
		snprintf(res->reason, sizeof res->reason, _("did not finish in "
		    "%s s: deadlocked?"), i18n_num(a, sizeof a, run->limit_s,
		    0));
	} else if (first_fail != NULL) {
		res->verdict = EXERCISE_FAILS;
		snprintf(res->reason, sizeof res->reason, "%s",
		    res->conds[fail_at].reason);
	} else if (first_open != NULL) {
		res->verdict = EXERCISE_UNDECIDED;
		snprintf(res->reason, sizeof res->reason, "%s",
		    first_open->reason);
	} else {
		res->verdict = EXERCISE_PASSES;
		snprintf(res->reason, sizeof res->reason, "%s",
		    _("every condition holds"));
	}
}

int
exercise_check(const struct lesson_exercise *ex, const char *file,
    const struct exercise_run *starter, const _Atomic int *stop,
    struct exercise_live *live, struct exercise_result *res, char **cause)
{
	bool undecided = false;
	char keep[sizeof res->reason];

	memset(res, 0, sizeof *res);
	res->verdict = EXERCISE_UNDECIDED;
	if (starter != NULL) {
		res->have_starter = true;
		res->starter_wall_ms = starter->wall_ms;
	}
	keep[0] = '\0';
	for (int i = 0; i < ex->runs; i++) {
		exercise_run_release(&res->run);
		if (exercise_run_file(file, ex->limit_s, stop, live, &res->run,
		    cause) != 0)
			return -1;
		res->runs = i + 1;
		exercise_grade(ex, &res->run, starter, res);
		if (res->verdict == EXERCISE_FAILS || res->run.interrupted)
			return 0;
		if (res->verdict == EXERCISE_UNDECIDED && !undecided) {
			undecided = true;
			snprintf(keep, sizeof keep, "%s", res->reason);
		}
	}
	if (undecided) {
		res->verdict = EXERCISE_UNDECIDED;
		snprintf(res->reason, sizeof res->reason, "%s", keep);
	} else if (ex->runs > 1) {
		char n[16];

		snprintf(n, sizeof n, "%d", ex->runs);
		snprintf(res->reason, sizeof res->reason, _("every condition "
		    "holds, on %s runs out of %s"), n, n);
	}
	return 0;
}

void
exercise_result_release(struct exercise_result *res)
{
	conds_release(res);
	exercise_run_release(&res->run);
}
