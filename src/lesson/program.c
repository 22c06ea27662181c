/*
 * program.c - a trace block's program at the moment it runs, and the
 * folders such programs live in.
 *
 * Reading for a run repeats every check the loader made, on the file as
 * it is now, and in an order that leaves no gap to slip another file
 * in: the name is resolved (links followed) and must be inside the
 * lessons tree; the resolved path is opened with O_NOFOLLOW (a link put
 * there since is refused) and O_NONBLOCK (a FIFO cannot hold the open);
 * what was opened is then asked for its own path (/proc/self/fd), which
 * must still be inside the tree, in case a folder on the way was swapped
 * for a link between the two steps; its type and size come from the open
 * descriptor; and the bytes read from it are compared with the code the
 * lesson shows. Those bytes, never the path, are what the caller runs.
 *
 * A program folder holds the programs and nothing else Python would
 * import: a lesson's program runs in safe-path mode (its folder is not
 * on sys.path), but a stray json/ package or json.py beside it would
 * still hijack `python3 py/friendly.py` typed by a reader, so the
 * checker rejects them.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "lesson/course.h"
#include "lesson/program.h"
#include "util.h"

bool
lesson_stdlib_module(const char *name, size_t n)
{
	size_t lo = 0, hi = lesson_stdlib_nmodules;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *m = lesson_stdlib_modules[mid];
		int c = strncmp(name, m, n);

		if (c == 0 && m[n] != '\0')
			c = -1;		/* `name` is a prefix of m */
		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

bool
lesson_path_inside(const char *real, const char *root)
{
	size_t rl = strlen(root);

	if (strcmp(root, "/") == 0)
		return real[0] == '/';
	return strncmp(real, root, rl) == 0 && real[rl] == '/';
}

/* Length of the `n` bytes at `s` without trailing blank lines and spaces. */
static size_t
trimmed(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n;
}

bool
lesson_program_matches(const char *text, size_t len, const char *shown,
    int *line)
{
	size_t a = trimmed(text, len), b = trimmed(shown, strlen(shown)), i;
	int ln = 1;

	if (a == b && memcmp(text, shown, a) == 0)
		return true;
	for (i = 0; i < a && i < b && text[i] == shown[i]; i++)
		ln += text[i] == '\n';
	if (line != NULL)
		*line = ln;
	return false;
}

int
lesson_program_lines(const char *text)
{
	int n = 0;
	const char *p;

	for (p = text; *p != '\0'; p++)
		n += *p == '\n';
	return n + (p > text && p[-1] != '\n');
}

/* The folder of `path`, as a new string ("." when it has none). */
static char *
folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *out;

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	out = xmalloc((size_t)(slash - path) + 1);
	memcpy(out, path, (size_t)(slash - path));
	out[slash - path] = '\0';
	return out;
}

/*
 * Opens the resolved path `real` for reading, refusing a link and never
 * blocking, and checks where the descriptor really points. Returns the
 * descriptor, or -1 with *cause.
 */
static int
open_inside(const char *name, const char *real, const char *root,
    char **cause)
{
	char link[64], opened[PATH_MAX];
	ssize_t n;
	int fd;

	fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
	    O_NOCTTY);
	if (fd < 0) {
		if (errno == ELOOP)
			xasprintf(cause, _("'%s' became a symbolic link after "
			    "it was resolved: it does not run"), name);
		else
			xasprintf(cause, "'%s': %s", name, strerror(errno));
		return -1;
	}
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, opened, sizeof opened - 1)) <= 0) {
		xasprintf(cause, "'%s': %s", name, strerror(errno));
		close(fd);
		return -1;
	}
	opened[n] = '\0';
	if (!lesson_path_inside(opened, root)) {
		xasprintf(cause, _("'%s' now lies outside the lessons folder "
		    "(%s): it does not run"), name, root);
		close(fd);
		return -1;
	}
	return fd;
}

/* Reads a regular file of at most LESSON_PROGRAM_MAX bytes from `fd`. */
static int
read_bounded(int fd, const char *name, char **text, size_t *len,
    char **cause)
{
	struct stat st;
	char *buf;
	size_t n = 0;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		xasprintf(cause, _("'%s' is not a regular file: it does not "
		    "run"), name);
		return -1;
	}
	if (st.st_size > LESSON_PROGRAM_MAX) {
		xasprintf(cause, _("'%s' is larger than %d bytes: it does "
		    "not run"), name, LESSON_PROGRAM_MAX);
		return -1;
	}
	buf = xmalloc(LESSON_PROGRAM_MAX + 2);
	for (;;) {
		ssize_t k = read(fd, buf + n, LESSON_PROGRAM_MAX + 1 - n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			xasprintf(cause, "'%s': %s", name, strerror(errno));
			free(buf);
			return -1;
		}
		if (k == 0)
			break;
		n += (size_t)k;
		if (n > LESSON_PROGRAM_MAX) {
			/* It grew while being read. */
			xasprintf(cause, _("'%s' is larger than %d bytes: it "
			    "does not run"), name, LESSON_PROGRAM_MAX);
			free(buf);
			return -1;
		}
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

int
lesson_program_read(const char *lesson_path, const struct lesson_trace *tr,
    char **text, size_t *len, char **cause)
{
	char *dir, *full, *root, real[PATH_MAX], rroot[PATH_MAX];
	const char *name = tr->program != NULL ? tr->program : "?";
	int fd, rc, line;

	*text = NULL;
	*len = 0;
	if (tr->program == NULL || tr->program[0] == '/' ||
	    tr->shown == NULL) {
		xasprintf(cause, _("'%s' is not a program this lesson shows: "
		    "it does not run"), name);
		return -1;
	}
	root = lesson_root(lesson_path);
	rc = realpath(root, rroot) != NULL ? 0 : -1;
	free(root);
	if (rc != 0) {
		xasprintf(cause, "'%s': %s", name, strerror(errno));
		return -1;
	}
	dir = folder_of(lesson_path);
	xasprintf(&full, "%s/%s", dir, tr->program);
	free(dir);
	rc = realpath(full, real) != NULL ? 0 : -1;
	free(full);
	if (rc != 0) {
		xasprintf(cause, "'%s': %s", name, strerror(errno));
		return -1;
	}
	if (!lesson_path_inside(real, rroot)) {
		xasprintf(cause, _("'%s' now lies outside the lessons folder "
		    "(%s): it does not run"), name, rroot);
		return -1;
	}
	if ((fd = open_inside(name, real, rroot, cause)) < 0)
		return -1;
	rc = read_bounded(fd, name, text, len, cause);
	close(fd);
	if (rc != 0)
		return -1;
	if (strlen(*text) != *len || !lesson_program_matches(*text, *len,
	    tr->shown, &line)) {
		xasprintf(cause, _("'%s' changed since the lesson was opened: "
		    "it is not the code shown (first at its line %d), so it "
		    "does not run"), name, strlen(*text) != *len ? 1 : line);
		free(*text);
		*text = NULL;
		*len = 0;
		return -1;
	}
	return 0;
}

/* One program folder: its path as the lessons name it, and resolved. */
struct pfolder {
	char	*path;		/* as reached from a lesson ("x/en/py") */
	char	*real;
};

/* Whether `s` ends with `ext`. */
static bool
ends_with(const char *s, const char *ext)
{
	size_t n = strlen(s), e = strlen(ext);

	return n >= e && strcmp(s + n - e, ext) == 0;
}

/* Whether `path` (resolved, or NULL) is `real`. */
static bool
same_path(const char *path, const char *real)
{
	return path != NULL && strcmp(path, real) == 0;
}

/*
 * Whether the resolved `real` is a program a block of `all` names: a
 * trace block's program, or an exercise's starter or solution.
 */
static bool
named(const char *real, struct lesson *const *all, size_t nall)
{
	for (size_t i = 0; i < nall; i++)
		for (size_t b = 0; b < all[i]->nblocks; b++) {
			const struct lesson_block *bl = &all[i]->blocks[b];

			if (bl->kind == LESSON_TRACE && bl->trace != NULL &&
			    same_path(bl->trace->path, real))
				return true;
			if (bl->kind == LESSON_EXERCISE && bl->exercise != NULL &&
			    (same_path(bl->exercise->starter_path, real) ||
			    same_path(bl->exercise->solution_path, real)))
				return true;
		}
	return false;
}

/*
 * Whether folder `path` holds something Python would import as a
 * package: an __init__.py, or any module (a namespace package).
 */
static bool
is_package(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	bool yes = false;

	if (d == NULL)
		return false;
	while (!yes && (e = readdir(d)) != NULL)
		yes = ends_with(e->d_name, ".py") ||
		    ends_with(e->d_name, ".pyc") || ends_with(e->d_name, ".so");
	closedir(d);
	return yes;
}

/* The module name of file or folder `name`: up to its first dot. */
static size_t
module_len(const char *name)
{
	const char *dot = strchr(name, '.');

	return dot != NULL ? (size_t)(dot - name) : strlen(name);
}

/* Reports what in program folder `f` no trace block of `all` names. */
static void
check_folder(const struct pfolder *f, struct lesson *const *all, size_t nall,
    struct diags *d)
{
	DIR *dir = opendir(f->path);
	struct dirent *e;

	if (dir == NULL)
		return;
	while ((e = readdir(dir)) != NULL) {
		const char *n = e->d_name;
		char *path, real[PATH_MAX];
		struct stat st;
		const char *what = NULL;

		if (n[0] == '.' || strcmp(n, "__pycache__") == 0)
			continue;
		xasprintf(&path, "%s/%s", f->path, n);
		if (lstat(path, &st) != 0) {
			free(path);
			continue;
		}
		if (S_ISDIR(st.st_mode) && is_package(path))
			what = "a Python package";
		else if (ends_with(n, ".pth"))
			what = "a .pth file (Python runs its import lines at "
			    "start-up)";
		else if (!S_ISDIR(st.st_mode) && (ends_with(n, ".py") ||
		    ends_with(n, ".pyc") || ends_with(n, ".so")) &&
		    (realpath(path, real) == NULL ||
		    !named(real, all, nall)))
			what = "a Python module";
		if (what != NULL && lesson_stdlib_module(n, module_len(n)))
			diags_add(d, DIAG_ERROR, path, 0, 0, "%s that no "
			    "```trace block names, in a program folder, and "
			    "its name shadows the standard library's '%.*s': "
			    "remove it", what, (int)module_len(n), n);
		else if (what != NULL)
			diags_add(d, DIAG_ERROR, path, 0, 0, "%s that no "
			    "```trace block names, in a program folder: "
			    "remove it (a program folder holds only the "
			    "programs trace blocks run)", what);
		free(path);
	}
	closedir(dir);
}

void
lesson_program_check_folders(struct lesson *const *checked, size_t nchecked,
    struct lesson *const *all, size_t nall, struct diags *d)
{
	struct pfolder *v = NULL;
	size_t n = 0;

	for (size_t i = 0; i < nchecked; i++)
		for (size_t b = 0; b < checked[i]->nblocks; b++) {
			const struct lesson_trace *tr =
			    checked[i]->blocks[b].trace;
			char *dir, *full, *folder, real[PATH_MAX];
			bool seen = false;

			if (checked[i]->blocks[b].kind != LESSON_TRACE ||
			    tr == NULL || tr->path == NULL)
				continue;
			dir = folder_of(checked[i]->path);
			xasprintf(&full, "%s/%s", dir, tr->program);
			folder = folder_of(full);
			free(dir);
			free(full);
			if (realpath(folder, real) == NULL) {
				free(folder);
				continue;
			}
			for (size_t k = 0; k < n && !seen; k++)
				seen = strcmp(v[k].real, real) == 0;
			if (seen) {
				free(folder);
				continue;
			}
			v = xreallocarray(v, n + 1, sizeof *v);
			v[n].path = folder;
			v[n++].real = xstrdup(real);
		}
	for (size_t k = 0; k < n; k++) {
		check_folder(&v[k], all, nall, d);
		free(v[k].path);
		free(v[k].real);
	}
	free(v);
}
