/*
 * exercise_view.h - the live loop of an exercise on a terminal: the goal
 * and the learner's file on screen, an editor a key away, and every save
 * of the file run under the tracer and graded, with the verdict, the
 * conditions, the program's last output and the hints.
 */
#ifndef TIMESLICE_UI_EXERCISE_VIEW_H
#define TIMESLICE_UI_EXERCISE_VIEW_H

#include "lesson/lesson.h"

/*
 * Runs the screen for exercise `ex` whose workspace file is `path` until
 * the learner quits. Returns 0, 128 + a signal that ended it, or -1 with
 * *cause when there is no terminal to draw on (nothing was drawn then).
 */
int	exercise_view_run(const struct lesson_exercise *ex, const char *path,
	    char **cause);

#endif
