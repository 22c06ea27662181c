/*
 * exercise_view.h - the live loop of an exercise on a terminal: the goal
 * and the learner's file on screen, an editor a key away, and every save
 * of the file run under the tracer and graded, with the verdict, the
 * conditions, the program's last output and the hints.
 */
#ifndef TIMESLICE_UI_EXERCISE_VIEW_H
#define TIMESLICE_UI_EXERCISE_VIEW_H

#include "lesson/lesson.h"
#include "ui/app.h"

/*
 * Runs the screen for exercise `ex` whose workspace file is `path` until
 * the learner quits. Returns 0, 128 + a signal that ended it, or -1 with
 * *cause when there is no terminal to draw on (nothing was drawn then).
 */
int	exercise_view_run(const struct lesson_exercise *ex, const char *path,
	    char **cause);

/*
 * Puts the screen for exercise `ex` of a lesson in `lang` on `app`'s
 * stack, the workspace made from the starter first when it is not there
 * (q goes back to the lesson). Returns 0, or -1 with *cause.
 */
int	exercise_view_push(struct app *app, const struct lesson_exercise *ex,
	    const char *lang, char **cause);

/*
 * The screen without a terminal (tests drive it so): a new one for `ex`
 * on the workspace file `path`, watched, or NULL with *cause; its
 * app_screen_ops draw, take keys, tick, and (leave) free it.
 */
struct exview;
struct exview	*exercise_view_new(const struct lesson_exercise *ex,
		    const char *path, char **cause);
extern const struct app_screen_ops exercise_view_ops;

#endif
