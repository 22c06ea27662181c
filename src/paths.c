/*
 * paths.c - the executable's own place, from /proc/self/exe, and what
 * lies beside it.
 *
 * An installed timeslice looks for its data under the prefix it was
 * configured with, but also relative to itself (bin/../share/...), so a
 * tree installed with DESTDIR or copied to another prefix still finds its
 * lessons. A timeslice still in its build tree uses the sources instead,
 * so a developer sees the lessons being edited; an installed one never
 * does, even on the machine that built it.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"
#include "util.h"

#ifndef TIMESLICE_BUILD_ROOT
#define TIMESLICE_BUILD_ROOT ""
#endif

/* The directory of the running executable, or NULL if unknown. */
static const char *
paths_exe_dir(void)
{
	static char dir[PATH_MAX];
	static int done;
	ssize_t n;
	char *slash;

	if (done)
		return dir[0] != '\0' ? dir : NULL;
	done = 1;
	n = readlink("/proc/self/exe", dir, sizeof dir - 1);
	if (n <= 0) {
		dir[0] = '\0';
		return NULL;
	}
	dir[n] = '\0';
	if ((slash = strrchr(dir, '/')) == NULL) {
		dir[0] = '\0';
		return NULL;
	}
	*slash = slash == dir ? (slash[1] = '\0', '/') : '\0';
	return dir;
}

bool
paths_in_build_tree(void)
{
	const char *dir = paths_exe_dir();
	size_t n = strlen(TIMESLICE_BUILD_ROOT);

	return dir != NULL && n > 0 &&
	    strncmp(dir, TIMESLICE_BUILD_ROOT, n) == 0 &&
	    (dir[n] == '\0' || dir[n] == '/');
}

char *
paths_beside_exe(const char *rel)
{
	const char *dir = paths_exe_dir();
	char *out;

	if (dir == NULL || rel == NULL || *rel == '\0')
		return NULL;
	xasprintf(&out, "%s/%s", dir, rel);
	return out;
}
