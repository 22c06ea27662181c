/*
 * reference.h - the reference run of a prediction: its experiment
 * measured on a quiet machine, shipped with the course.
 *
 * `timeslice verify --record DIR` writes one JSON file per prediction
 * (tools/make-references puts them in the lessons root's reference/
 * folder): the scenario and parameters, every figure of every run, and
 * the machine it ran on. `verify --reference` judges them, and a lesson
 * shows a prediction's reference beside the learner's own runs, so that
 * a busy machine's "undecided" still comes with the figure the lesson
 * teaches.
 */
#ifndef TIMESLICE_LESSON_REFERENCE_H
#define TIMESLICE_LESSON_REFERENCE_H

#include <stdbool.h>
#include <stdio.h>

#include "engine/capacity.h"
#include "engine/experiment.h"
#include "lesson/lesson.h"

struct reference {
	struct experiment_series series;	/* every recorded run */
	bool			 machine_known;
	struct capacity_machine	 machine;	/* where it was recorded */
};

/*
 * Where the reference of quiz `q` of lesson `l` lives in folder `dir`,
 * or, when `dir` is NULL, in the reference/ folder of the lesson's
 * lessons root. A new string.
 */
char	*reference_path(const char *dir, const struct lesson *l,
	    const struct lesson_quiz *q);

/*
 * Reads the reference of prediction `q`. Returns 0, or -1 with *why set
 * (static text, N_()-marked) when it is missing, unreadable or was made
 * with other parameters than the prediction's.
 */
int	reference_read(const struct lesson *l, const struct lesson_quiz *q,
	    struct reference *out, const char **why);

/*
 * Writes the reference of quiz `q` of lesson `l` into folder `dir`: the
 * parameters, every run of `s`, the cores that were free and the load,
 * `busy` when the machine was too busy for a reference (shown so), and
 * `m`, the machine. Written whole (a temporary file renamed over).
 * Returns 0, or -1 with *cause.
 */
int	reference_write(const char *dir, const struct lesson *l,
	    const struct lesson_quiz *q, const struct experiment_series *s,
	    bool busy, const struct capacity_machine *m, char **cause);

/* Writes `m` as the JSON object a reference keeps: cpus, model, kernel. */
void	reference_json_machine(FILE *, const struct capacity_machine *m);

#endif
