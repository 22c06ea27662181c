/*
 * exercise_verdict.h - drawing an exercise's verdict (exercise_verdict.c)
 * for the exercise screen (exercise_view.c).
 */
#ifndef TIMESLICE_UI_EXERCISE_VERDICT_H
#define TIMESLICE_UI_EXERCISE_VERDICT_H

#include <stdbool.h>
#include <stdint.h>

#include "exercise/exercise.h"
#include "ui/canvas.h"

/*
 * The forms a verdict can take, roomiest first: a failing condition's
 * reason on two lines or one, and the conditions that hold on a line
 * each or together on one.
 */
struct exv_form {
	int	wrap;		/* lines a failing reason gets at most */
	bool	merge;		/* the conditions that hold on one line */
};

#define EXV_NFORMS 3
extern const struct exv_form exv_forms[EXV_NFORMS];

/*
 * Writes `text` from (x, y) wrapped at word boundaries in `w` columns,
 * at most `maxlines` lines; returns the lines used (only counts them when
 * `c` is NULL).
 */
int	exv_wrap(struct canvas *c, int x, int y, int w, int maxlines,
	    uint8_t st, const char *text);

/* Rows the verdict `res` takes in form `f` at width `w`. */
int	exv_result_rows(const struct exercise_result *res, int w,
	    const struct exv_form *f);

/*
 * Draws the verdict of attempt `attempts` of exercise `ex`, from row y to
 * `bottom`; returns the row after the last one drawn.
 */
int	exv_draw_result(const struct lesson_exercise *ex,
	    const struct exercise_result *res, int attempts, struct canvas *c,
	    struct rect r, int y, int bottom, const struct exv_form *f);

#endif
