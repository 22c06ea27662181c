/*
 * quiz.h - quizzes and prediction quizzes inside the lesson pager: what
 * the reader answered, how a prediction is judged once its experiment
 * has run, what is recorded in progress, and the rows a quiz shows.
 *
 * A quiz is judged at once against the choices marked [x]. A prediction
 * is judged by running the experiment it is about: the pager runs it,
 * then quiz_evaluate() reads the measured metric of every choice.
 */
#ifndef TIMESLICE_UI_QUIZ_H
#define TIMESLICE_UI_QUIZ_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/experiment.h"
#include "lesson/lesson.h"
#include "store/progress.h"
#include "ui/rows.h"

/* What the reader did with one quiz (or any block: then unused). */
struct quiz_state {
	int	 answer;	/* the choice made, -1 */
	bool	 evaluated;	/* prediction compared with the run */
	bool	 right;
	bool	 failed;	/* the metric could not be measured */
	double	 measured;
	double	*values;	/* per choice: the measured metric */
};

/* What the pager does after an answer. */
enum quiz_next {
	QUIZ_IGNORED = 0,	/* no such choice */
	QUIZ_SHOWN,		/* judged: lay the lesson out again */
	QUIZ_RECORDED,		/* judged and put in progress: save it */
	QUIZ_RUN		/* a prediction: run its experiment */
};

/* `n` unanswered states (one per lesson block). */
struct quiz_state *quiz_states_new(size_t n);
void		 quiz_states_free(struct quiz_state *, size_t n);

/* Shows the answers progress holds for the quizzes of `l`. */
void		 quiz_restore(struct quiz_state *, const struct lesson *l,
		     const struct progress *);

/* Answers the quiz of block `block` with choice `k` (0-based). */
enum quiz_next	 quiz_answer(struct quiz_state *, const struct lesson *l,
		     int block, int k, struct progress *);

/*
 * Judges the prediction of block `block` against the finished run `ex`.
 * Returns true when progress changed (the caller saves it).
 */
bool		 quiz_evaluate(struct quiz_state *, const struct lesson *l,
		     int block, const struct experiment *ex,
		     struct progress *);

/* Whether the prediction of `block` waits for its run to be judged. */
bool		 quiz_waiting(const struct quiz_state *, const struct lesson *l,
		     int block);

/*
 * The rows of a quiz (not the area of its run): question, choices with
 * their verdicts, feedback, and `before`, the answer progress holds
 * (NULL if none).
 */
void		 quiz_rows(struct rows_pen *, const struct lesson_quiz *,
		     const struct quiz_state *, bool predict,
		     const struct progress_quiz *before);

#endif
