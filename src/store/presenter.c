/*
 * presenter.c - the presenter's place, written atomically, read safely.
 *
 * The file is three lines, "lesson ID", "lang XX", "block N"; anything
 * else makes presenter_read fail without harm (it is untrusted input
 * like every file timeslice reads).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/presenter.h"
#include "util.h"

char *
presenter_path(void)
{
	const char *e;
	char *path;

	if ((e = getenv("TIMESLICE_PRESENTER")) != NULL && *e != '\0')
		return xstrdup(e);
	if ((e = getenv("XDG_RUNTIME_DIR")) != NULL && *e == '/') {
		xasprintf(&path, "%s/timeslice-presenter", e);
		return path;
	}
	if ((e = getenv("XDG_STATE_HOME")) != NULL && *e == '/') {
		xasprintf(&path, "%s/timeslice/presenter", e);
		return path;
	}
	if ((e = getenv("HOME")) != NULL && *e == '/') {
		xasprintf(&path, "%s/.local/state/timeslice/presenter", e);
		return path;
	}
	return NULL;
}

/* Creates the folder holding `path` (one level is enough here, or two). */
static void
make_dir_of(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');

	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0700) != 0 && errno == ENOENT) {
			char *up = strrchr(dir, '/');

			if (up != NULL && up != dir) {
				*up = '\0';
				mkdir(dir, 0700);
				*up = '/';
			}
			mkdir(dir, 0700);
		}
	}
	free(dir);
}

int
presenter_publish(const char *path, const struct presenter_place *pl,
    char **cause)
{
	char *tmp, buf[160];
	int fd, n;

	n = snprintf(buf, sizeof buf, "lesson %s\nlang %s\nblock %d\n",
	    pl->lesson, pl->lang, pl->block);
	make_dir_of(path);
	xasprintf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		xasprintf(cause, "cannot write %s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	/* No fsync: the place is worth nothing after a crash. */
	if (write(fd, buf, (size_t)n) != n || close(fd) != 0 ||
	    rename(tmp, path) != 0) {
		xasprintf(cause, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

/* Accepts a lesson id or language made of [a-z0-9-] only. */
static int
valid_word(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return 1;
}

int
presenter_read(const char *path, struct presenter_place *pl)
{
	char buf[256];
	FILE *f;
	size_t n;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	memset(pl, 0, sizeof *pl);
	if (sscanf(buf, "lesson %63s lang %7s block %d", pl->lesson, pl->lang,
	    &pl->block) != 3 || !valid_word(pl->lesson) ||
	    !valid_word(pl->lang) || pl->block < 0 || pl->block > 1000000)
		return -1;
	return 0;
}
