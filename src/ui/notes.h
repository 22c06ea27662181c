/*
 * notes.h - the speaker-notes screen: follows the presenter's place (see
 * store/presenter.h) and shows the notes of the part of the lesson on
 * the projector, with the next part's notes below.
 */
#ifndef TIMESLICE_UI_NOTES_H
#define TIMESLICE_UI_NOTES_H

#include "lesson/course.h"
#include "ui/app.h"

struct notes;

/*
 * Creates the screen over a loaded course (which it does not own),
 * watching the place file at `path` (which it copies).
 */
struct notes	*notes_new(const struct course *, const char *path);
void		 notes_free(struct notes *);

extern const struct app_screen_ops notes_screen_ops;

#endif
