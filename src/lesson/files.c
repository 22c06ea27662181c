/*
 * files.c - the only files a lesson may name: a ```trace block's Python
 * program and a demo's recording, both inside the lessons tree.
 *
 * A lesson is untrusted input, so a name is checked before anything is
 * done with it: a relative path, with the right extension, naming a
 * regular file of bounded size whose real path (symbolic links resolved)
 * is inside the lessons root. What is run is then only ever `python3`
 * in safe-path mode with a private copy of that file's bytes, read again
 * and checked again when it runs (lesson/program.h), and what is played
 * only ever a recording read by record_load. A trace block's program
 * must also be the code the lesson shows: the text of the nearest
 * ```python block above it; and its name may not be a standard-library
 * module's.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/record.h"
#include "lang.h"
#include "lesson/parse.h"
#include "lesson/program.h"
#include "util.h"

/* A recording a demo plays. */
#define RECORDING_MAX_BYTES	(32 * 1024 * 1024)

char *
lesson_root(const char *path)
{
	char *dir = xstrdup(path), *slash, *name;

	if ((slash = strrchr(dir, '/')) == NULL) {
		free(dir);
		dir = xstrdup(".");
	} else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	/* Inside a language folder: its parent holds every language. */
	name = strrchr(dir, '/');
	name = name != NULL ? name + 1 : dir;
	if (lang_is_code(name, strlen(name))) {
		char *up;

		if (name == dir)
			up = xstrdup(".");
		else if (name - 1 == dir)
			up = xstrdup("/");
		else
			xasprintf(&up, "%.*s", (int)(name - 1 - dir), dir);
		free(dir);
		return up;
	}
	return dir;
}

/* The folder of `path`, as a new string ("." when it has none). */
static char *
folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return lp_trimdup(path, (size_t)(slash - path));
}

/* Whether `s` ends with `ext`. */
static bool
ends_with(const char *s, const char *ext)
{
	size_t n = strlen(s), e = strlen(ext);

	return n >= e && strcmp(s + n - e, ext) == 0;
}

/*
 * Finds the file `kv` names, relative to the lesson's folder, and checks
 * that it may be used: `ext` at the end, a regular file of at most `max`
 * bytes, inside the lessons root. Returns its real path, or NULL after an
 * error at the value.
 */
char *
lp_lesson_file(struct lp_ctx *c, const char *name, int line, int col,
    const char *ext, long max)
{
	char *dir, *full, *root, real[PATH_MAX], rroot[PATH_MAX];
	struct stat st;

	if (name[0] == '/') {
		lp_err(c, line, col, "'%s': give a path relative to the "
		    "lesson's folder", name);
		return NULL;
	}
	if (!ends_with(name, ext)) {
		lp_err(c, line, col, "'%s' is not a %s file", name, ext);
		return NULL;
	}
	dir = folder_of(c->path);
	xasprintf(&full, "%s/%s", dir, name);
	free(dir);
	root = lesson_root(c->path);
	if (realpath(full, real) == NULL) {
		lp_err(c, line, col, "'%s': %s", name, strerror(errno));
		free(full);
		free(root);
		return NULL;
	}
	free(full);
	if (realpath(root, rroot) == NULL) {
		lp_err(c, line, col, "'%s': the lessons folder: %s", name,
		    strerror(errno));
		free(root);
		return NULL;
	}
	free(root);
	if (!lesson_path_inside(real, rroot)) {
		lp_err(c, line, col, "'%s' is outside the lessons folder "
		    "(%s)", name, rroot);
		return NULL;
	}
	if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
		lp_err(c, line, col, "'%s' is not a regular file", name);
		return NULL;
	}
	if (st.st_size > max) {
		lp_err(c, line, col, "'%s' is larger than %ld bytes", name, max);
		return NULL;
	}
	return xstrdup(real);
}

/* Reads a whole small file; NULL when it cannot. */
static char *
slurp(const char *path, long max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (f == NULL)
		return NULL;
	buf = xmalloc((size_t)max + 1);
	n = fread(buf, 1, (size_t)max, f);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/*
 * Line `ln` (1-based) of `s` into `out`, cut short with "..." past 60
 * bytes, or a note that the text ends before it.
 */
static void
nth_line(const char *s, size_t len, int ln, char *out, size_t outlen)
{
	const char *e = s + len, *nl;
	size_t n;

	for (int i = 1; i < ln && s < e; i++)
		s = (nl = memchr(s, '\n', (size_t)(e - s))) != NULL ? nl + 1 : e;
	if (s >= e) {
		snprintf(out, outlen, "(the text ends before it)");
		return;
	}
	nl = memchr(s, '\n', (size_t)(e - s));
	n = (size_t)((nl != NULL ? nl : e) - s);
	if (n > 60)
		snprintf(out, outlen, "'%.57s...'", s);
	else
		snprintf(out, outlen, "'%.*s'", (int)n, s);
}

/*
 * A ```trace block's program must be the code the lesson shows: the text
 * of the ```python block above it (`shown`, NULL when there is none, at
 * `shown_line`), trailing blank lines aside. (The runner checks it again
 * when it runs: lesson/program.h.)
 */
void
lp_check_trace_code(struct lp_ctx *c, const struct lesson_trace *tr,
    const char *shown, int shown_line, int line, int col)
{
	char *text;
	size_t len;
	int ln = 1;

	if (tr->path == NULL)
		return;
	if (shown == NULL) {
		lp_err(c, line, col, "trace block: no ```python block above "
		    "it shows the program '%s'", tr->program);
		return;
	}
	if ((text = slurp(tr->path, LESSON_PROGRAM_MAX, &len)) == NULL) {
		lp_err(c, line, col, "'%s': %s", tr->program, strerror(errno));
		return;
	}
	if (strlen(text) != len || !lesson_program_matches(text, len, shown,
	    &ln)) {
		char a[80], b[80];

		if (strlen(text) != len)
			ln = 1;
		nth_line(shown, strlen(shown), ln, a, sizeof a);
		nth_line(text, strlen(text), ln, b, sizeof b);
		/* At the differing line of the block the lesson shows. */
		lp_err(c, shown_line + ln, 1, "trace block at line %d: '%s' "
		    "differs from the ```python block here: its line %d is %s "
		    "in the block and %s in the file; the lesson must show the "
		    "code it runs", line, tr->program, ln, a, b);
	}
	free(text);
}

/*
 * A trace block's program: a Python file inside the lessons tree whose
 * name is not a standard-library module's (py/json.py would be imported
 * in place of json by a program run beside it).
 */
char *
lp_program_file(struct lp_ctx *c, const char *name, int line, int col)
{
	const char *base = strrchr(name, '/');
	char *path = lp_lesson_file(c, name, line, col, ".py",
	    LESSON_PROGRAM_MAX);
	size_t n;

	if (path == NULL)
		return NULL;
	base = base != NULL ? base + 1 : name;
	n = strlen(base) - strlen(".py");
	if (lesson_stdlib_module(base, n)) {
		lp_err(c, line, col, "'%s' shadows the standard library's "
		    "module '%.*s': give the program another name", name,
		    (int)n, base);
		free(path);
		return NULL;
	}
	return path;
}

/*
 * A demo's recording: a file record_load reads, of the demo's own
 * scenario. Returns its real path, or NULL after an error.
 */
char *
lp_recording_file(struct lp_ctx *c, const struct lesson_demo *dm,
    const char *name, int line, int col)
{
	struct recording rec;
	char *path, *cause = NULL;

	if ((path = lp_lesson_file(c, name, line, col, ".json",
	    RECORDING_MAX_BYTES)) == NULL)
		return NULL;
	if (record_load(path, &rec, &cause) != 0) {
		lp_err(c, line, col, "recording '%s': %s", name, cause);
		free(cause);
		free(path);
		return NULL;
	}
	if (!rec.described || (dm->scenario != NULL &&
	    rec.ex.scenario != dm->scenario)) {
		lp_err(c, line, col, "recording '%s' is not a run of scenario "
		    "'%s' (make one with e in `timeslice demo %s`)", name,
		    dm->scenario != NULL ? dm->scenario->name : "?",
		    dm->scenario != NULL ? dm->scenario->name : "SCENARIO");
		free(path);
		path = NULL;
	}
	record_release(&rec);
	return path;
}
