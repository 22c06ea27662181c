/*
 * consent.h - the reader's leave to run a program timeslice did not ship.
 *
 * A lesson of the course that ships with timeslice runs its programs as
 * its blocks come on screen (course_shipped). Any other lesson (opened by
 * path, watched while being written, a course named by
 * $TIMESLICE_LESSONS) runs a program only once the reader has pressed r
 * on it, and that leave is for those exact bytes: it is kept, as long as
 * timeslice runs, for the content, not for the file, so a program
 * changed since is asked about again.
 */
#ifndef TIMESLICE_LESSON_CONSENT_H
#define TIMESLICE_LESSON_CONSENT_H

#include <stdbool.h>
#include <stddef.h>

/* Records that the reader let the `len` bytes at `text` run. */
void	consent_give(const char *text, size_t len);

/* Whether the reader let exactly these bytes run before. */
bool	consent_given(const char *text, size_t len);

/* Forgets every consent (tests). */
void	consent_forget(void);

#endif
