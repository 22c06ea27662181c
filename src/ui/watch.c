/*
 * watch.c - inotify on the folders of a lesson's files, read without
 * blocking from the pager's tick: any event naming one of the files
 * means it may have changed. The files are the lesson itself and what
 * its checks read besides: its trace programs, its demos' recordings
 * and its versions in the other languages.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "i18n.h"
#include "ui/watch.h"
#include "util.h"

/* One watched file: its folder's watch and its name in the folder. */
struct watch_file {
	int	 wd;
	char	*name;
};

struct watch {
	int			 fd;
	struct watch_file	*files;
	size_t			 n;
};

/*
 * Watches the folder of `path` for writes, renames and creations, and
 * notes `path` among the files. Returns 0, or -1 with errno set.
 */
static int
add_file(struct watch *w, const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int wd;

	if (slash != NULL)
		*slash = '\0';
	wd = inotify_add_watch(w->fd, slash == NULL ? "." : *dir ? dir : "/",
	    IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE);
	free(dir);
	if (wd < 0)
		return -1;
	/* One folder is one watch: a file seen twice is noted once. */
	for (size_t i = 0; i < w->n; i++)
		if (w->files[i].wd == wd && strcmp(w->files[i].name, name) == 0)
			return 0;
	w->files = xreallocarray(w->files, w->n + 1, sizeof *w->files);
	w->files[w->n].wd = wd;
	w->files[w->n].name = xstrdup(name);
	w->n++;
	return 0;
}

struct watch *
watch_new(const char *path, char **cause)
{
	struct watch *w = xcalloc(1, sizeof *w);

	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0 || add_file(w, path) != 0) {
		char *dir = xstrdup(path), *slash = strrchr(dir, '/');

		if (slash != NULL)
			*slash = '\0';
		xasprintf(cause, _("cannot watch %s: %s"), slash == NULL ?
		    "." : dir, strerror(errno));
		free(dir);
		watch_free(w);
		return NULL;
	}
	return w;
}

int
watch_add(struct watch *w, const char *path)
{
	if (w == NULL || path == NULL)
		return -1;
	return add_file(w, path);
}

/* Drains the events; true if one names a watched file. */
bool
watch_fired(struct watch *w)
{
	char buf[4096]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	bool hit = false;
	ssize_t n;

	if (w == NULL)
		return false;
	while ((n = read(w->fd, buf, sizeof buf)) > 0) {
		for (char *p = buf; p < buf + n;) {
			struct inotify_event *ev = (struct inotify_event *)p;

			for (size_t i = 0; ev->len > 0 && i < w->n; i++)
				if (w->files[i].wd == ev->wd &&
				    strcmp(ev->name, w->files[i].name) == 0)
					hit = true;
			p += sizeof *ev + ev->len;
		}
	}
	return hit;
}

/* Stops watching. */
void
watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	if (w->fd >= 0)
		close(w->fd);
	for (size_t i = 0; i < w->n; i++)
		free(w->files[i].name);
	free(w->files);
	free(w);
}
