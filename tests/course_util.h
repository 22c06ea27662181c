/*
 * course_util.h - loading the shipped course for the course tests.
 */
#ifndef TIMESLICE_COURSE_UTIL_H
#define TIMESLICE_COURSE_UTIL_H

#include "lesson/course.h"

/*
 * Loads lessons/ from the source tree, failing the test on any error or
 * warning, so the tests may rely on every rule the checker enforces.
 */
void	cu_load(struct course *);

#endif
