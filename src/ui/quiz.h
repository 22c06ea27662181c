/*
 * quiz.h - quizzes and prediction quizzes inside the lesson pager: what
 * the reader answered, how a prediction is judged once its experiment
 * has run, what is recorded in progress, and the rows a quiz shows.
 *
 * A quiz is judged at once against the choices marked [x]. A prediction
 * is judged by running the experiment it is about, QUIZ_RUNS times with
 * a baseline after each: the pager runs them, then quiz_evaluate() grades
 * the answer on those runs the way `timeslice verify` does (lesson/
 * grade.h): right, wrong, or undecided when the machine was too busy to
 * tell, which is never recorded as wrong.
 */
#ifndef TIMESLICE_UI_QUIZ_H
#define TIMESLICE_UI_QUIZ_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/experiment.h"
#include "lesson/grade.h"
#include "lesson/lesson.h"
#include "store/progress.h"
#include "ui/rows.h"

/* Runs of a prediction's experiment, each after its own baseline. */
#define QUIZ_RUNS 3

/* What the reader did with one quiz (or any block: then unused). */
struct quiz_state {
	int	 answer;	/* the choice made, -1 */
	bool	 evaluated;	/* prediction compared with the run */
	bool	 right;
	bool	 undecided;	/* the machine could not tell */
	bool	 failed;	/* the metric could not be measured */
	bool	 changed;	/* ... for the experiment was changed */
	double	 measured;	/* the chosen metric's median */
	double	*values;	/* per choice: the measured metric */
	int	*verdicts;	/* per choice: enum grade_verdict, or NULL */
	struct grade grade;	/* of the answer */
	double	 min, max;	/* the chosen metric over the runs */
	int	 runs;
	int	 cpus;		/* CPUs the runs could use */

	/* The prediction's reference run (lesson/reference.h), if shipped:
	 * the chosen metric there, and where it was recorded. */
	bool	 has_ref;
	double	 ref_median, ref_min, ref_max;
	int	 ref_runs, ref_cpus;
	bool	 ref_busy;	/* recorded with < 90% of its CPUs free */
	double	 ref_cores_free;
	char	 ref_model[128];
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
 * Grades the prediction of block `block` on the finished runs `s`.
 * Returns true when progress changed (the caller saves it): an undecided
 * verdict is recorded as answered, neither right nor wrong, and never
 * replaces a decided verdict on the same answer.
 */
bool		 quiz_evaluate(struct quiz_state *, const struct lesson *l,
		     int block, const struct experiment_series *s,
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
