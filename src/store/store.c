/*
 * store.c - ids, state paths and atomic replacement of a file, shared by
 * every file timeslice keeps (see store.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store.h"
#include "util.h"

bool
store_id_valid(const char *s)
{
	size_t n = 0;

	if (s == NULL || *s == '\0')
		return false;
	for (; *s != '\0'; s++, n++)
		if (n == STORE_ID_MAX || !((*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

/*
 * $VAR/timeslice/NAME, or $HOME/FALLBACK/timeslice/NAME: one of the XDG
 * base directories. Relative values are ignored, as the specification
 * asks. NULL when neither is usable.
 */
static char *
xdg_path(const char *var, const char *fallback, const char *name)
{
	const char *base = getenv(var);
	const char *home = getenv("HOME");
	char *path;

	if (base != NULL && base[0] == '/')
		xasprintf(&path, "%s/timeslice/%s", base, name);
	else if (home != NULL && home[0] == '/')
		xasprintf(&path, "%s/%s/timeslice/%s", home, fallback, name);
	else
		return NULL;
	return path;
}

char *
store_state_path(const char *name)
{
	return xdg_path("XDG_STATE_HOME", ".local/state", name);
}

char *
store_data_path(const char *name)
{
	return xdg_path("XDG_DATA_HOME", ".local/share", name);
}

char *
store_cache_path(const char *name)
{
	return xdg_path("XDG_CACHE_HOME", ".cache", name);
}

int
store_make_parents(const char *path)
{
	char *dir = xstrdup(path), *s;
	int saved;

	for (s = dir + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			saved = errno;
			free(dir);
			errno = saved;
			return -1;
		}
		*s = '/';
	}
	free(dir);
	return 0;
}

/* Writes all `len` bytes, going on after short writes and EINTR. */
static int
write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0) {
			errno = EIO;	/* no progress and no reason given */
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * Makes a rename in the folder of `path` durable. A file system that
 * cannot sync folders says EINVAL: there is nothing more to do there.
 */
static int
sync_dir_of(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd, rc = 0, saved = 0;

	if (slash == dir)
		dir[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	else
		strcpy(dir, ".");
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		rc = -1;
		saved = errno;
	} else {
		if (fsync(fd) != 0 && errno != EINVAL) {
			rc = -1;
			saved = errno;
		}
		close(fd);
	}
	free(dir);
	errno = saved;
	return rc;
}

int
store_write_atomic(const char *path, const void *data, size_t len,
    char **cause)
{
	char *tmp;
	int fd, saved;

	if (store_make_parents(path) != 0) {
		xasprintf(cause, "cannot create the folder of %s: %s", path,
		    strerror(errno));
		return -1;
	}
	xasprintf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		xasprintf(cause, "cannot write %s: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		saved = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) != 0) {
		saved = errno;
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		saved = errno;
		goto fail;
	}
	free(tmp);
	if (sync_dir_of(path) != 0) {
		xasprintf(cause, "wrote %s but could not make it durable: %s",
		    path, strerror(errno));
		return -1;
	}
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	xasprintf(cause, "cannot write %s: %s", path, strerror(saved));
	return -1;
}
