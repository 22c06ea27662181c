/*
 * quiz.c - answering quizzes and predictions in the pager, judging them,
 * recording them in progress, and laying them out.
 *
 * States live in an array parallel to the lesson's blocks, so the pager
 * can forget every answer at once when the lesson is reloaded or changes
 * language, and the layout can read them without knowing the pager.
 */
#include <stdio.h>
#include <stdlib.h>

#include "i18n.h"
#include "lesson/reference.h"
#include "ui/canvas.h"
#include "ui/prose.h"
#include "ui/quiz.h"
#include "util.h"

/* Unanswered states, one per block. */
struct quiz_state *
quiz_states_new(size_t n)
{
	struct quiz_state *v = xcalloc(n ? n : 1, sizeof *v);

	for (size_t i = 0; i < n; i++)
		v[i].answer = -1;
	return v;
}

/* Frees the states and their measured values. */
void
quiz_states_free(struct quiz_state *v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free(v[i].values);
		free(v[i].verdicts);
	}
	free(v);
}

/* Puts back the quiz answers recorded in progress. */
void
quiz_restore(struct quiz_state *v, const struct lesson *l,
    const struct progress *p)
{
	for (size_t i = 0; i < l->nblocks && l->id != NULL; i++) {
		const struct lesson_quiz *q = l->blocks[i].quiz;
		const struct progress_quiz *pq;

		/* A prediction is judged by running it again, never kept. */
		if (q == NULL || q->id == NULL || l->blocks[i].kind !=
		    LESSON_QUIZ)
			continue;
		pq = progress_quiz(p, l->id, q->id);
		if (pq != NULL && pq->choice < q->nchoices)
			v[i].answer = pq->choice;
	}
}

/* Records choice `k`; says whether to save or to run. */
enum quiz_next
quiz_answer(struct quiz_state *v, const struct lesson *l, int block, int k,
    struct progress *p)
{
	const struct lesson_block *lb = &l->blocks[block];
	const struct lesson_quiz *q = lb->quiz;
	struct quiz_state *st = &v[block];

	if (q == NULL || k < 0 || k >= q->nchoices)
		return QUIZ_IGNORED;
	st->answer = k;
	if (lb->kind == LESSON_QUIZ) {
		if (l->id == NULL || q->id == NULL)
			return QUIZ_SHOWN;
		progress_set_quiz(p, l->id, q->id, k, q->choices[k].correct);
		return QUIZ_RECORDED;
	}
	if (q->demo.scenario == NULL) {
		st->evaluated = true;	/* the checker has said why */
		st->failed = true;
		return QUIZ_SHOWN;
	}
	st->evaluated = false;
	return QUIZ_RUN;
}

/* Whether a prediction has been made but not yet judged. */
bool
quiz_waiting(const struct quiz_state *v, const struct lesson *l, int block)
{
	return l->blocks[block].kind == LESSON_PREDICT &&
	    !v[block].evaluated && v[block].answer >= 0;
}

/* Whether runs with `b` answer a prediction about `a`. */
static bool
same_params(const struct params *a, const struct params *b)
{
	return a->workers == b->workers && a->work == b->work &&
	    a->units == b->units && a->unit_ms == b->unit_ms &&
	    a->switch_interval_ms == b->switch_interval_ms &&
	    a->old_gil == b->old_gil && a->cores == b->cores &&
	    a->seed == b->seed && a->baseline == b->baseline;
}

/*
 * Reads the reference run of the prediction in `block`, if the course
 * ships one, for the figure the chosen answer is about.
 */
static void
load_reference(struct quiz_state *st, const struct lesson *l, int block)
{
	const struct lesson_quiz *q = l->blocks[block].quiz;
	const char *metric = q->choices[st->answer].metric, *why;
	const struct experiment_figure *f, *cf;
	struct reference ref;

	st->has_ref = false;
	if (metric == NULL || reference_read(l, q, &ref, &why) != 0 ||
	    (f = experiment_series_figure(&ref.series, metric)) == NULL ||
	    f->n == 0)
		return;
	st->has_ref = true;
	st->ref_median = f->median;
	st->ref_min = f->min;
	st->ref_max = f->max;
	st->ref_runs = f->n;
	st->ref_cpus = ref.machine_known ? ref.machine.cpus : ref.series.cpus;
	/* A reference needs 90% of its CPUs free (verify --record). */
	cf = experiment_series_figure(&ref.series, "cores_free");
	st->ref_cores_free = cf != NULL ? cf->median : -1;
	st->ref_busy = cf != NULL && ref.series.cpus > 0 &&
	    cf->median < 0.9 * ref.series.cpus;
	snprintf(st->ref_model, sizeof st->ref_model, "%s",
	    ref.machine_known ? ref.machine.model : "");
}

/*
 * Grades a prediction on its finished runs with lesson/grade.c, never
 * with a comparison of its own: each choice gets a verdict (for the
 * "happened" marks), the answer right, wrong or undecided.
 */
bool
quiz_evaluate(struct quiz_state *v, const struct lesson *l, int block,
    const struct experiment_series *s, struct progress *p)
{
	const struct lesson_quiz *q = l->blocks[block].quiz;
	struct quiz_state *st = &v[block];
	const struct experiment_figure *f;
	enum grade_answer a;
	struct grade g;

	if (s->scenario != q->demo.scenario ||
	    !same_params(&s->params, &q->demo.params)) {
		/* The learner changed the experiment while it ran. */
		st->evaluated = true;
		st->failed = true;
		st->changed = true;
		return false;
	}
	st->changed = false;
	free(st->values);
	free(st->verdicts);
	st->values = xcalloc((size_t)q->nchoices, sizeof *st->values);
	st->verdicts = xcalloc((size_t)q->nchoices, sizeof *st->verdicts);
	for (int k = 0; k < q->nchoices; k++) {
		grade_choice(q, k, s, &g);
		st->verdicts[k] = (int)g.verdict;
		st->values[k] = g.value;
	}
	a = grade_answer(q, st->answer, s, &st->grade);
	st->evaluated = true;
	st->failed = !st->grade.measured;
	st->measured = st->grade.value;
	st->right = a == GRADE_RIGHT;
	st->undecided = a == GRADE_UNSURE;
	st->runs = s->runs;
	st->cpus = s->cpus;
	st->min = st->max = st->measured;
	load_reference(st, l, block);
	if (q->choices[st->answer].metric != NULL && (f =
	    experiment_series_figure(s, q->choices[st->answer].metric)) !=
	    NULL) {
		st->min = f->min;
		st->max = f->max;
	}
	if (st->failed || l->id == NULL || q->id == NULL)
		return false;
	/* Undecided is answered, not wrong: running it again may decide. */
	if (st->undecided)
		progress_set_quiz_undecided(p, l->id, q->id, st->answer);
	else
		progress_set_quiz(p, l->id, q->id, st->answer, st->right);
	return true;
}

/* The mark after choice `i`: right or wrong, or what the run showed. */
static const char *
choice_mark(const struct rows_pen *p, const struct lesson_quiz *q, int i,
    const struct quiz_state *st, bool predict)
{
	const struct lesson_choice *ch = &q->choices[i];
	bool u = p->unicode;

	if (predict)
		return st->evaluated && st->verdicts != NULL && !st->failed &&
		    st->verdicts[i] == GRADE_HOLDS ?
		    (u ? _(" ✓ happened") : _(" (happened)")) : "";
	if (st->answer < 0)
		return "";
	if (ch->correct)
		return u ? " ✓" : " (right)";
	return st->answer == i ? (u ? " ✗" : " (wrong)") : "";
}

/* The choices, numbered, with their marks and the chosen one's why. */
static void
choice_rows(struct rows_pen *p, const struct lesson_quiz *q,
    const struct quiz_state *st, bool predict)
{
	char num[16];

	for (int i = 0; i < q->nchoices; i++) {
		const struct lesson_choice *ch = &q->choices[i];
		bool chosen = st->answer == i;
		const char *mark = choice_mark(p, q, i, st, predict);
		int save = p->indent;

		snprintf(num, sizeof num, "%d) ", i + 1);
		rows_start(p);
		rows_put(p, num, CS_KEY, -1);
		p->indent += 3;
		prose_inline(p, ch->text, chosen ? CS_HIGHLIGHT : CS_TEXT);
		/* The mark is words of the choice: it wraps, never falls off. */
		p->space = true;
		rows_words(p, mark, ch->correct || predict ? CS_GOOD :
		    CS_ERROR);
		p->indent = save;
		rows_end(p);
		/* No praise or blame while the machine could not tell. */
		if (chosen && ch->why != NULL && (!predict || (st->evaluated &&
		    !st->undecided && !st->failed))) {
			p->indent += 5;
			prose_inline(p, ch->why, CS_DIM);
			rows_end(p);
			p->indent = save;
		}
	}
}

/*
 * A figure of a verdict as it reads: a count whole and grouped ("154.175"
 * comments, never "0,00"), anything else with two decimals.
 */
static char *
verdict_num(char *buf, size_t len, const struct scenario_metric *m,
    double v)
{
	if (m != NULL && m->unit == METRIC_COUNT)
		return i18n_count(buf, len, v);
	return i18n_num(buf, len, v, 2);
}

/*
 * A prediction's verdict: what was measured (median, spread over the
 * runs, the cores that were free), then right, wrong or undecided with
 * grade.c's reason.
 */
static void
predict_verdict_rows(struct rows_pen *p, const struct lesson_quiz *q,
    const struct quiz_state *st)
{
	const char *metric = q->choices[st->answer].metric;
	const char *x = p->unicode ? "–" : "-";
	const struct scenario_metric *m = NULL;
	char buf[512], cores[64] = "", n1[32], n2[32], n3[32];
	uint8_t style;

	/* The figure by its name for people, not its key. */
	if (metric == NULL)
		metric = "?";
	else if ((m = scenario_figure_find(q->demo.scenario, metric)) != NULL)
		metric = _(m->label);
	if (!st->evaluated) {
		rows_words(p, _("running the experiment to check your "
		    "prediction (each run, then one worker alone)..."), CS_DIM);
		rows_end(p);
		return;
	}
	if (st->failed && st->changed) {
		rows_words(p, _("the experiment was changed before its runs "
		    "ended: answer again to run the one asked about"), CS_WARN);
		rows_end(p);
		return;
	}
	if (st->failed) {
		snprintf(buf, sizeof buf, _("the run could not measure %s"),
		    metric);
		rows_words(p, buf, CS_WARN);
		rows_end(p);
		return;
	}
	if (st->grade.cores_free >= 0 && st->cpus > 0)
		snprintf(cores, sizeof cores, _(", %s of %d cores free"),
		    i18n_num(n1, sizeof n1, st->grade.cores_free, 1), st->cpus);
	if (st->runs > 1 && st->max > st->min)
		snprintf(buf, sizeof buf, _("measured %s: %s (%s%s%s "
		    "over %d runs)%s"), metric, verdict_num(n1, sizeof n1, m,
		    st->measured), verdict_num(n2, sizeof n2, m, st->min), x,
		    verdict_num(n3, sizeof n3, m, st->max), st->runs, cores);
	else
		snprintf(buf, sizeof buf, _("measured %s: %s%s"), metric,
		    verdict_num(n2, sizeof n2, m, st->measured), cores);
	rows_words(p, buf, CS_TEXT);
	rows_end(p);
	if (st->undecided) {
		snprintf(buf, sizeof buf, _("undecided: %s"), st->grade.reason);
		style = CS_WARN;
		rows_words(p, buf, style);
		rows_end(p);
		/* What undecided means, and what to do about it. */
		snprintf(buf, sizeof buf, "%s", st->has_ref && !st->ref_busy ?
		    _("Undecided is not wrong: this machine could not show "
		    "the figure your answer is about, and the reference run "
		    "below shows what a quiet one gives. It counts as "
		    "answered; run it again on a quieter machine to decide "
		    "it.") : _("Undecided is not wrong: this machine could not "
		    "show the figure your answer is about. It counts as "
		    "answered; run it again on a quieter machine to decide "
		    "it."));
		style = CS_TEXT;
	} else if (st->right) {
		snprintf(buf, sizeof buf, "%s", _("your prediction was right"));
		style = CS_GOOD;
	} else {
		snprintf(buf, sizeof buf, _("your prediction was wrong: %s"),
		    st->grade.reason);
		style = CS_ERROR;
	}
	rows_words(p, buf, style);
	rows_end(p);
	if (!st->has_ref)
		return;
	/* Beside the learner's runs: what a quiet machine measured. */
	if (st->ref_busy)
		snprintf(buf, sizeof buf, _("reference run, on a busy machine "
		    "(%s of %d cores free, so it may not show what a quiet one "
		    "gives): %s %s"), i18n_num(n2, sizeof n2,
		    st->ref_cores_free, 1), st->ref_cpus, metric,
		    verdict_num(n1, sizeof n1, m, st->ref_median));
	else if (st->ref_runs > 1 && st->ref_max > st->ref_min)
		snprintf(buf, sizeof buf, _("reference run, on a quiet machine "
		    "(%d CPUs, %s): %s %s (%s%s%s over %d runs)"), st->ref_cpus,
		    st->ref_model[0] ? st->ref_model : _("unknown CPU"), metric,
		    verdict_num(n1, sizeof n1, m, st->ref_median),
		    verdict_num(n2, sizeof n2, m, st->ref_min), x,
		    verdict_num(n3, sizeof n3, m, st->ref_max), st->ref_runs);
	else
		snprintf(buf, sizeof buf, _("reference run, on a quiet machine "
		    "(%d CPUs, %s): %s %s"), st->ref_cpus, st->ref_model[0] ?
		    st->ref_model : _("unknown CPU"), metric,
		    verdict_num(n1, sizeof n1, m, st->ref_median));
	rows_words(p, buf, CS_DIM);
	rows_end(p);
}

/* The verdict on an answer given now, if any. */
static void
verdict_rows(struct rows_pen *p, const struct lesson_quiz *q,
    const struct quiz_state *st, bool predict)
{
	int ncorrect = 0;

	if (st->answer < 0)
		return;
	if (predict) {
		predict_verdict_rows(p, q, st);
		return;
	}
	for (int i = 0; i < q->nchoices; i++)
		ncorrect += q->choices[i].correct;
	rows_words(p, !q->choices[st->answer].correct ? _("Not quite.") :
	    ncorrect > 1 ? _("Right! (another answer is right too)") :
	    _("Right!"), q->choices[st->answer].correct ? CS_GOOD : CS_WARN);
	rows_end(p);
}

/* Lays out a quiz: question, choices, verdict, hint. */
void
quiz_rows(struct rows_pen *p, const struct lesson_quiz *q,
    const struct quiz_state *st, bool predict,
    const struct progress_quiz *before)
{
	char buf[256];
	int t;

	rows_end(p);
	rows_start(p);
	t = rows_target(p, ROW_QUIZ, NULL);
	rows_put(p, predict ? (p->unicode ? "◆ " : "* ") : "? ", CS_KEY, t);
	p->style = CS_TITLE;
	prose_inline(p, q->question ? q->question : "?", CS_TITLE);
	p->style = CS_TEXT;
	rows_end(p);
	p->indent += 2;
	choice_rows(p, q, st, predict);
	verdict_rows(p, q, st, predict);
	if (st->answer < 0 && before != NULL) {
		snprintf(buf, sizeof buf, _("answered before: %d (%s)"),
		    before->choice + 1, before->undecided ? _("undecided") :
		    before->right ? _("right") : _("wrong"));
		rows_words(p, buf, CS_DIM);
		rows_end(p);
	}
	/* An answered quiz says what was made of the answer, not this. */
	if (st->answer < 0) {
		snprintf(buf, sizeof buf, predict ?
		    _("press 1-%d to predict") : _("press 1-%d to answer"),
		    q->nchoices);
		rows_words(p, buf, CS_DIM);
		rows_end(p);
	}
	/* Seen whole, answerable: every choice and what is said under. */
	p->out->targets[t].last = p->out->n - 1;
	p->indent -= 2;
}
