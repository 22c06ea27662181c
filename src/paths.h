/*
 * paths.h - where timeslice finds what ships beside it (the course, the
 * translations) whether it runs from its build tree, from where it was
 * installed, or from an installed tree moved elsewhere (a DESTDIR, a
 * copied prefix).
 */
#ifndef TIMESLICE_PATHS_H
#define TIMESLICE_PATHS_H

#include <stdbool.h>

/* True when the running executable lives in the tree it was built in. */
bool		 paths_in_build_tree(void);

/*
 * `rel` (a path relative to the executable's directory, such as
 * "../share/timeslice") under the executable's directory, allocated; NULL
 * when `rel` is empty or the directory unknown.
 */
char		*paths_beside_exe(const char *rel);

#endif
