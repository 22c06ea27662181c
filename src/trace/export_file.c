/*
 * export_file.c - where export files go, and how they are created.
 *
 * Exports land in folders other people can write to (a shared /tmp, a
 * class folder), so a file is never opened by a name that could be a
 * symlink planted there: a demo's exports are created with O_EXCL and
 * O_NOFOLLOW under a fresh name, and `--out` writes a temporary file of
 * its own and renames it over the path, which replaces a name and never
 * writes through one. Both check every write, flush and close, so a full
 * disk gives an error and no truncated file.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace/export.h"
#include "util.h"

/* The most files export_create makes at once, and names it tries. */
#define EXPORT_MAX_FILES 8
#define EXPORT_MAX_TRIES 10000

static char *dir_override;
static char *dir_default;

void
export_set_dir(const char *dir)
{
	free(dir_override);
	dir_override = dir != NULL ? xstrdup(dir) : NULL;
}

const char *
export_dir(void)
{
	const char *env;

	if (dir_override != NULL)
		return dir_override;
	if ((env = getenv("TIMESLICE_EXPORT_DIR")) != NULL && *env != '\0')
		return env;
	if (dir_default == NULL) {
		if ((env = getenv("XDG_DATA_HOME")) != NULL && *env == '/')
			xasprintf(&dir_default, "%s/timeslice/exports", env);
		else if ((env = getenv("HOME")) != NULL && *env == '/')
			xasprintf(&dir_default,
			    "%s/.local/share/timeslice/exports", env);
		else
			dir_default = xstrdup(".");
	}
	return dir_default;
}

/* mkdir -p: creates `dir` and its missing parents. Returns 0 or -1. */
static int
make_dirs(const char *dir)
{
	char path[PATH_MAX];
	size_t len = strlen(dir);
	struct stat st;

	if (len == 0 || len >= sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, len + 1);
	for (char *p = path + 1; ; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			return -1;
		*p = c;
		if (c == '\0')
			break;
	}
	if (stat(dir, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/* Closes and removes the first n files of an attempt. */
static void
undo(int dfd, char **names, FILE **files, int n)
{
	for (int i = 0; i < n; i++) {
		fclose(files[i]);
		unlinkat(dfd, names[i], 0);
		free(names[i]);
		files[i] = NULL;
		names[i] = NULL;
	}
}

int
export_create(const char *dir, const char *stem, const char *const *exts,
    int n, FILE **files, char **paths, char **cause)
{
	char *names[EXPORT_MAX_FILES];
	int dfd, err = 0;

	if (n < 1 || n > EXPORT_MAX_FILES || strchr(stem, '/') != NULL) {
		xasprintf(cause, "cannot export as '%s'", stem);
		return -1;
	}
	if (make_dirs(dir) != 0 || (dfd = open(dir, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) < 0) {
		xasprintf(cause, "cannot use the folder %s: %s", dir,
		    strerror(errno));
		return -1;
	}
	for (int k = 1; k <= EXPORT_MAX_TRIES; k++) {
		int i;

		for (i = 0; i < n; i++) {
			int fd;

			xasprintf(&names[i], "%s-%d.%s", stem, k, exts[i]);
			fd = openat(dfd, names[i], O_WRONLY | O_CREAT | O_EXCL |
			    O_NOFOLLOW | O_CLOEXEC, 0666);
			if (fd < 0 || (files[i] = fdopen(fd, "w")) == NULL) {
				err = errno;
				if (fd >= 0) {
					close(fd);
					unlinkat(dfd, names[i], 0);
				}
				free(names[i]);
				break;
			}
		}
		if (i == n) {
			for (i = 0; i < n; i++) {
				xasprintf(&paths[i], "%s/%s", dir, names[i]);
				free(names[i]);
			}
			close(dfd);
			return 0;
		}
		undo(dfd, names, files, i);
		if (err != EEXIST)
			break;
	}
	close(dfd);
	xasprintf(cause, "cannot create %s/%s-N files: %s", dir, stem,
	    err == EEXIST ? "every name is taken" : strerror(err));
	return -1;
}

/*
 * Flushes and closes f. Returns 0, or the errno of the first failure (EIO
 * when a stream error left none).
 */
static int
close_checked(FILE *f)
{
	int err = 0;

	errno = 0;
	if (fflush(f) != 0 || ferror(f))
		err = errno != 0 ? errno : EIO;
	if (fclose(f) != 0 && err == 0)
		err = errno != 0 ? errno : EIO;
	return err;
}

int
export_finish(FILE *f, const char *path, char **cause)
{
	int err = close_checked(f);

	if (err == 0)
		return 0;
	unlink(path);
	xasprintf(cause, "cannot write %s: %s", path, strerror(err));
	return -1;
}

int
export_out_open(struct export_out *o, const char *path, char **cause)
{
	const char *slash = strrchr(path, '/');
	struct stat st;
	mode_t mask;
	int fd;

	memset(o, 0, sizeof *o);
	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode)) {
			xasprintf(cause, "%s: is a symlink; refusing to replace "
			    "it (give the path of a regular file)", path);
			return -1;
		}
		if (S_ISDIR(st.st_mode)) {
			xasprintf(cause, "%s: is a folder", path);
			return -1;
		}
		if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
			/* /dev/null, a pipe: nothing to replace, written
			 * as it comes. */
			if ((o->f = fopen(path, "w")) == NULL) {
				xasprintf(cause, "cannot write %s: %s", path,
				    strerror(errno));
				return -1;
			}
			o->path = xstrdup(path);
			return 0;
		}
		if (!S_ISREG(st.st_mode)) {
			xasprintf(cause, "%s: is not a regular file", path);
			return -1;
		}
	}
	/* The temporary file sits beside the path, so rename is atomic. */
	if (slash != NULL)
		xasprintf(&o->tmp, "%.*s/.%s.XXXXXX", (int)(slash - path), path,
		    slash + 1);
	else
		xasprintf(&o->tmp, ".%s.XXXXXX", path);
	if ((fd = mkostemp(o->tmp, O_CLOEXEC)) < 0) {
		xasprintf(cause, "cannot write %s: %s", path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	/* What fopen would have made: 0666 less the umask. */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	if ((o->f = fdopen(fd, "w")) == NULL) {
		xasprintf(cause, "cannot write %s: %s", path, strerror(errno));
		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	o->path = xstrdup(path);
	return 0;
}

int
export_out_commit(struct export_out *o, char **cause)
{
	int rc = 0, err;

	if (o->f == NULL)
		return -1;
	if ((err = close_checked(o->f)) != 0) {
		xasprintf(cause, "cannot write %s: %s", o->path,
		    strerror(err));
		if (o->tmp != NULL)
			unlink(o->tmp);
		rc = -1;
	} else if (o->tmp != NULL && rename(o->tmp, o->path) != 0) {
		xasprintf(cause, "cannot write %s: %s", o->path,
		    strerror(errno));
		unlink(o->tmp);
		rc = -1;
	}
	o->f = NULL;
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return rc;
}

void
export_out_abort(struct export_out *o)
{
	if (o->f != NULL) {
		fclose(o->f);
		if (o->tmp != NULL)
			unlink(o->tmp);
	}
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
}
