/*
 * watch.c - inotify on a lesson's folder, read without blocking from the
 * pager's tick: any event naming the file means it may have changed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "i18n.h"
#include "ui/watch.h"
#include "util.h"

struct watch {
	int	 fd;
	char	*name;		/* the file's name in its folder */
};

/* Watches the folder of `path` for writes, renames and creations. */
struct watch *
watch_new(const char *path, char **cause)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	struct watch *w = xcalloc(1, sizeof *w);

	w->name = xstrdup(slash ? slash + 1 : path);
	if (slash != NULL)
		*slash = '\0';
	else {
		free(dir);
		dir = xstrdup(".");
	}
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0 || inotify_add_watch(w->fd, *dir ? dir : "/",
	    IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0) {
		xasprintf(cause, _("cannot watch %s: %s"), dir,
		    strerror(errno));
		free(dir);
		watch_free(w);
		return NULL;
	}
	free(dir);
	return w;
}

/* Drains the events; true if one names the file. */
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

			if (ev->len > 0 && strcmp(ev->name, w->name) == 0)
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
	free(w->name);
	free(w);
}
