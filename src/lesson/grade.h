/*
 * grade.h - judging a prediction quiz against what was measured, without
 * blaming the learner (or the lesson) for a busy machine.
 *
 * A choice of a prediction quiz is a claim `METRIC OP NUMBER`. The
 * measurement is a series of runs (experiment.h), each with the cores
 * that were free while it and its baseline ran. From those, every run
 * gives a range the figure would have had on a quiet machine:
 *
 * - speedup: the run may have been held back. It wants min(threads x
 *   share, CPUs) cores, where `share` is how much of a core the work
 *   wants (1 for CPU work, ~0 for waits), or what it was seen to use if
 *   more; it got at most cores_free. Wanted over got is how much higher
 *   the speedup might have been (so the best it could show is about
 *   min(threads, CPUs, cores_free) for CPU work). A baseline that had
 *   less than `share` of a core free was slowed, which made the speedup
 *   look higher by that much.
 * - times (`*_ms` figures but cpu_ms): a busy machine only stretches them,
 *   by the same ratio; rates (`*_per_s`) and the cores a program used
 *   (an exercise's `cores_used`) only shrink.
 * - counts (lost updates, hand-offs...) are taken as measured.
 *
 * Whatever the load, a speedup never goes past the ceiling its work
 * allows (scenario_speedup_ceiling, with a little slack): the range stops
 * there, and a claim wholly beyond it fails on any machine. A figure
 * whose effect needs two workers running at once (lost updates, a
 * parallel speedup) may have been hidden by a run that had fewer than
 * two cores free: its range then reaches the ceiling (any count), so
 * the verdict is undecided, never wrong.
 *
 * A claim about the speedup is judged over every run (the spread from the
 * lowest to the highest range); others over the median run. When the
 * whole range satisfies the condition it holds, when none of it does it
 * fails, and otherwise the machine could not tell: the verdict is
 * undecided, with a reason saying why ("this machine was too busy to
 * tell (1.1 cores free)", or that the runs disagree). No curses here: the
 * command line and the app grade the same way.
 */
#ifndef TIMESLICE_LESSON_GRADE_H
#define TIMESLICE_LESSON_GRADE_H

#include "engine/experiment.h"
#include "lesson/lesson.h"

enum grade_verdict {
	GRADE_HOLDS = 0,
	GRADE_FAILS,
	GRADE_UNDECIDED
};

/* How a learner's chosen option fares. */
enum grade_answer {
	GRADE_RIGHT = 0,
	GRADE_WRONG,
	GRADE_UNSURE		/* the machine could not tell */
};

struct grade {
	enum grade_verdict	verdict;
	char			reason[512];
	bool			measured;	/* the figure was measured */
	double			value;		/* its median */
	double			lo, hi;		/* the quiet-machine range */
	double			cores_free;	/* the worst run's, or -1 */
	double			ceiling;	/* the most a speedup can ever
						 * be (scenario.h), 0: none */
};

/*
 * Judges choice `choice` of prediction quiz `q` against the runs in `s`
 * (q->expected for the lesson's own answer).
 */
void		 grade_choice(const struct lesson_quiz *q, int choice,
		    const struct experiment_series *s, struct grade *g);

/* Grades a learner who picked `chosen`; *g gets the details. */
enum grade_answer grade_answer(const struct lesson_quiz *q, int chosen,
		    const struct experiment_series *s, struct grade *g);

/*
 * The median of the `n` (1 or more) values of `v`, which it sorts: the
 * middle one, or the mean of the middle two when n is even.
 */
double		 grade_median(double *v, int n);

/* "holds", "fails", "undecided" (stable: JSON output uses them). */
const char	*grade_verdict_name(enum grade_verdict);

/* "right", "wrong", "undecided". */
const char	*grade_answer_name(enum grade_answer);

/* "<", "<=", ">", ">=". */
const char	*grade_op_name(enum lesson_op);

#endif
