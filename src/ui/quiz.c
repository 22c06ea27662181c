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
#include "ui/canvas.h"
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
	for (size_t i = 0; i < n; i++)
		free(v[i].values);
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

/* Judges a prediction against its finished run. */
bool
quiz_evaluate(struct quiz_state *v, const struct lesson *l, int block,
    const struct experiment *ex, struct progress *p)
{
	const struct lesson_quiz *q = l->blocks[block].quiz;
	struct quiz_state *st = &v[block];

	/* The run is over: what happened, and was the guess right? */
	free(st->values);
	st->values = xcalloc((size_t)q->nchoices, sizeof *st->values);
	st->failed = false;
	for (int k = 0; k < q->nchoices; k++)
		if (q->choices[k].metric == NULL ||
		    experiment_value(ex, q->choices[k].metric,
		    &st->values[k]) != 0)
			st->failed = true;
	st->evaluated = true;
	if (st->failed)
		return false;
	st->measured = st->values[st->answer];
	st->right = lesson_condition_holds(&q->choices[st->answer],
	    st->measured);
	if (l->id == NULL || q->id == NULL)
		return false;
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
		return st->evaluated && st->values != NULL && !st->failed &&
		    lesson_condition_holds(ch, st->values[i]) ?
		    (u ? " ✓ happened" : " (happened)") : "";
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
		rows_words(p, ch->text ? ch->text : "", chosen ? CS_HIGHLIGHT :
		    CS_TEXT);
		p->indent = save;
		if (*mark != '\0')
			rows_put(p, mark, ch->correct || predict ? CS_GOOD :
			    CS_ERROR, -1);
		rows_end(p);
		if (chosen && ch->why != NULL && (!predict || st->evaluated)) {
			p->indent += 5;
			rows_words(p, ch->why, CS_DIM);
			rows_end(p);
			p->indent = save;
		}
	}
}

/* The verdict on an answer given now, if any. */
static void
verdict_rows(struct rows_pen *p, const struct lesson_quiz *q,
    const struct quiz_state *st, bool predict)
{
	char buf[256];
	int ncorrect = 0;

	if (st->answer < 0)
		return;
	if (predict) {
		const char *metric = q->choices[st->answer].metric;

		if (st->evaluated && st->failed)
			snprintf(buf, sizeof buf, _("the run could not measure "
			    "%s"), metric ? metric : "?");
		else if (st->evaluated) {
			char v[32];

			snprintf(v, sizeof v, "%.2f", st->measured);
			snprintf(buf, sizeof buf, _("measured %s = %s: your "
			    "prediction was %s"), metric ? metric : "?", v,
			    st->right ? _("right") : _("wrong"));
		} else
			snprintf(buf, sizeof buf, "%s", _("running the "
			    "experiment to check your prediction..."));
		rows_words(p, buf, st->evaluated ? (st->right ? CS_GOOD :
		    CS_WARN) : CS_DIM);
		rows_end(p);
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
	rows_words(p, q->question ? q->question : "?", CS_TITLE);
	p->style = CS_TEXT;
	rows_end(p);
	p->indent += 2;
	choice_rows(p, q, st, predict);
	verdict_rows(p, q, st, predict);
	if (st->answer < 0 && before != NULL) {
		snprintf(buf, sizeof buf, _("answered before: %d (%s)"),
		    before->choice + 1, before->right ? _("right") :
		    _("wrong"));
		rows_words(p, buf, CS_DIM);
		rows_end(p);
	}
	snprintf(buf, sizeof buf, predict ? _("press 1-%d to predict") :
	    _("press 1-%d to answer"), q->nchoices);
	rows_words(p, buf, CS_DIM);
	rows_end(p);
	p->indent -= 2;
}
