/*
 * watch.h - noticing that a lesson file was saved, for the pager's watch
 * mode: inotify on the file's folder, since editors often write a new
 * file and rename it over the old one.
 */
#ifndef TIMESLICE_UI_WATCH_H
#define TIMESLICE_UI_WATCH_H

#include <stdbool.h>

struct watch;

/* Starts watching `path`; NULL and a message in *cause on failure. */
struct watch	*watch_new(const char *path, char **cause);

/* Whether the file was written or replaced since the last call. Never
 * blocks. */
bool		 watch_fired(struct watch *);
/*
 * Watches `path` too (a program, a recording, another language's
 * version of the lesson); a file already watched is not added twice.
 * Returns 0, or -1 when its folder cannot be watched.
 */
int		 watch_add(struct watch *, const char *path);

void		 watch_free(struct watch *);

#endif
