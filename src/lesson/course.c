/*
 * course.c - the set of lessons: discovery on disk, ordering, and the
 * checks that compare files with each other.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <limits.h>

#include "lesson/course.h"
#include "paths.h"
#include "util.h"

#ifndef TIMESLICE_LESSONS_DIR
#define TIMESLICE_LESSONS_DIR ""
#endif
#ifndef TIMESLICE_DATADIR
#define TIMESLICE_DATADIR "/usr/local/share/timeslice"
#endif
#ifndef TIMESLICE_REL_DATADIR
#define TIMESLICE_REL_DATADIR ""
#endif

const char *const course_langs[COURSE_NLANGS] = { "en", "es" };

/* Whether `path` is a directory. */
static bool
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/*
 * The lessons root: $TIMESLICE_LESSONS; the sources, for a timeslice in
 * its build tree; the installed course beside the executable (an
 * installed tree that was moved); the installed course where it was
 * configured to be.
 */
const char *
course_root(void)
{
	static char buf[4096];
	const char *env = getenv("TIMESLICE_LESSONS");
	char *beside;

	if (env != NULL && *env != '\0')
		return env;
	if (*TIMESLICE_LESSONS_DIR != '\0' && paths_in_build_tree() &&
	    is_dir(TIMESLICE_LESSONS_DIR))
		return TIMESLICE_LESSONS_DIR;
	if ((beside = paths_beside_exe(TIMESLICE_REL_DATADIR)) != NULL) {
		snprintf(buf, sizeof buf, "%s/lessons", beside);
		free(beside);
		if (is_dir(buf))
			return buf;
	}
	snprintf(buf, sizeof buf, "%s/lessons", TIMESLICE_DATADIR);
	return buf;
}

const char *
course_folder_lang(const char *path)
{
	const char *slash = strrchr(path, '/'), *start;

	if (slash == NULL)
		return NULL;
	start = slash;
	while (start > path && start[-1] != '/')
		start--;
	for (int i = 0; i < COURSE_NLANGS; i++)
		if ((size_t)(slash - start) == strlen(course_langs[i]) &&
		    strncmp(start, course_langs[i], 2) == 0)
			return course_langs[i];
	return NULL;
}

static int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t
course_list_dir(const char *dir, char ***out)
{
	DIR *d;
	struct dirent *e;
	char **v = NULL;
	size_t n = 0;

	*out = NULL;
	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		char *path;

		if (e->d_name[0] == '.' || len < 4 ||
		    strcmp(e->d_name + len - 3, ".md") != 0)
			continue;
		xasprintf(&path, "%s/%s", dir, e->d_name);
		if (is_dir(path)) {
			free(path);
			continue;
		}
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = path;
	}
	closedir(d);
	if (n > 1)
		qsort(v, n, sizeof *v, strp_cmp);
	*out = v;
	return n;
}

/* Orders lessons by language, chapter, then file name. */
static int
lesson_cmp(const void *a, const void *b)
{
	const struct lesson *x = *(struct lesson *const *)a;
	const struct lesson *y = *(struct lesson *const *)b;
	const char *lx = x->lang ? x->lang : "", *ly = y->lang ? y->lang : "";
	int c;

	if ((c = strcmp(lx, ly)) != 0)
		return c;
	if (x->chapter != y->chapter)
		return x->chapter < y->chapter ? -1 : 1;
	return strcmp(x->path, y->path);
}

void
course_sort(struct lesson **v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, lesson_cmp);
}

int
course_load(struct course *c, const char *root, struct diags *d)
{
	bool any = false;

	memset(c, 0, sizeof *c);
	c->root = xstrdup(root);
	for (int i = 0; i < COURSE_NLANGS; i++) {
		char *dir, **files;
		size_t n;

		xasprintf(&dir, "%s/%s", root, course_langs[i]);
		if (is_dir(dir))
			any = true;
		n = course_list_dir(dir, &files);
		for (size_t k = 0; k < n; k++) {
			struct lesson *l = lesson_load(files[k], d);

			if (l != NULL) {
				/* A lesson without a language is shown in
				 * the language of its folder. */
				if (l->lang == NULL)
					l->lang = xstrdup(course_langs[i]);
				c->v = xreallocarray(c->v, c->n + 1,
				    sizeof *c->v);
				c->v[c->n++] = l;
			}
			free(files[k]);
		}
		free(files);
		free(dir);
	}
	if (!any) {
		diags_add(d, DIAG_ERROR, root, 0, 0, "no lessons here "
		    "(expected folders en/ and es/ of .md files)");
		return -1;
	}
	course_sort(c->v, c->n);
	course_check(c->v, c->n, c->v, c->n, d);
	return 0;
}

void
course_release(struct course *c)
{
	for (size_t i = 0; i < c->n; i++)
		lesson_free(c->v[i]);
	free(c->v);
	free(c->root);
	memset(c, 0, sizeof *c);
}

struct lesson *
course_find(const struct course *c, const char *id, const char *lang)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct lesson *l = c->v[i];

		if (l->id != NULL && strcmp(l->id, id) == 0 &&
		    (lang == NULL || (l->lang && strcmp(l->lang, lang) == 0)))
			return c->v[i];
	}
	return NULL;
}

/* The language of a lesson for the cross checks: its folder's, or its own. */
static const char *
lang_of(const struct lesson *l)
{
	const char *f = course_folder_lang(l->path);

	return f != NULL ? f : l->lang;
}

/* The known lesson id closest to `id`. */
static const char *
suggest_id(const char *id, struct lesson *const *all, size_t n)
{
	const char *best = NULL;
	int bestd = (int)strlen(id) / 3 + 1;

	for (size_t i = 0; i < n; i++) {
		int dd;

		if (all[i]->id == NULL)
			continue;
		dd = edit_distance(id, all[i]->id, bestd);
		if (dd <= bestd && (best == NULL || dd < bestd)) {
			best = all[i]->id;
			bestd = dd;
		}
	}
	return best;
}

/* Reports chapter numbers that no lesson of a language uses. */
static void
check_gaps(struct lesson *const *checked, size_t nchecked,
    struct lesson *const *all, size_t nall, const char *lang, struct diags *d)
{
	bool have[100] = { false };
	int max = 0;

	for (size_t i = 0; i < nall; i++) {
		const char *f = course_folder_lang(all[i]->path);

		if (f == NULL || strcmp(f, lang) != 0 || all[i]->chapter < 1 ||
		    all[i]->chapter > 99)
			continue;
		have[all[i]->chapter] = true;
		if (all[i]->chapter > max)
			max = all[i]->chapter;
	}
	for (int ch = 1; ch < max; ch++) {
		const struct lesson *at = NULL;

		if (have[ch])
			continue;
		/* Report at the first checked lesson after the gap. */
		for (size_t i = 0; i < nchecked; i++) {
			const struct lesson *l = checked[i];
			const char *f = course_folder_lang(l->path);

			if (f == NULL || strcmp(f, lang) != 0 ||
			    l->chapter <= ch)
				continue;
			if (at == NULL || l->chapter < at->chapter)
				at = l;
		}
		if (at != NULL)
			diags_add(d, DIAG_WARNING, at->path, at->chapter_line,
			    at->chapter_col, "no '%s' lesson has chapter %d "
			    "(chapters should run 1, 2, 3...)", lang, ch);
	}
}

void
course_check(struct lesson *const *checked, size_t nchecked,
    struct lesson *const *all, size_t nall, struct diags *d)
{
	for (size_t i = 0; i < nchecked; i++) {
		const struct lesson *l = checked[i];
		const char *lang = lang_of(l), *folder;

		folder = course_folder_lang(l->path);
		for (size_t k = 0; k < l->nlinks; k++) {
			const struct lesson_link *lk = &l->links[k];
			bool found = false;
			const char *sug;

			for (size_t j = 0; j < nall && !found; j++)
				found = all[j]->id != NULL &&
				    strcmp(all[j]->id, lk->target) == 0;
			if (found)
				continue;
			sug = suggest_id(lk->target, all, nall);
			if (sug != NULL)
				diags_add(d, DIAG_ERROR, l->path, lk->line,
				    lk->col, "link to unknown lesson '%s' (did "
				    "you mean '%s'?)", lk->target, sug);
			else
				diags_add(d, DIAG_ERROR, l->path, lk->line,
				    lk->col, "link to unknown lesson '%s'",
				    lk->target);
		}
		if (l->id == NULL || lang == NULL)
			continue;
		for (size_t j = 0; j < nall; j++) {
			const struct lesson *o = all[j];
			const char *olang = lang_of(o);

			if (o == l || o->id == NULL || olang == NULL ||
			    strcmp(o->path, l->path) == 0 ||
			    strcmp(o->id, l->id) != 0 ||
			    strcmp(olang, lang) != 0)
				continue;
			diags_add(d, DIAG_ERROR, l->path, l->id_line, l->id_col,
			    "duplicate lesson id '%s' (also in %s)", l->id,
			    o->path);
		}
		if (folder == NULL)
			continue;
		for (int k = 0; k < COURSE_NLANGS; k++) {
			const char *other = course_langs[k];
			const struct lesson *twin = NULL;

			if (strcmp(other, folder) == 0)
				continue;
			for (size_t j = 0; j < nall && twin == NULL; j++) {
				const char *of = course_folder_lang(
				    all[j]->path);

				if (of != NULL && strcmp(of, other) == 0 &&
				    all[j]->id != NULL &&
				    strcmp(all[j]->id, l->id) == 0)
					twin = all[j];
			}
			if (twin == NULL)
				diags_add(d, DIAG_ERROR, l->path, l->id_line,
				    l->id_col, "lesson '%s' has no '%s' "
				    "version (expected in the %s/ folder)",
				    l->id, other, other);
			else if (twin->chapter != 0 && l->chapter != 0 &&
			    twin->chapter != l->chapter)
				diags_add(d, DIAG_WARNING, l->path,
				    l->chapter_line, l->chapter_col, "chapter "
				    "%d differs from the '%s' version's %d",
				    l->chapter, other, twin->chapter);
		}
	}
	for (int k = 0; k < COURSE_NLANGS; k++)
		check_gaps(checked, nchecked, all, nall, course_langs[k], d);
}

/* Whether `dir` is a lessons root: it has a language folder. */
bool
course_is_root(const char *dir)
{
	for (int i = 0; i < COURSE_NLANGS; i++) {
		char *sub;
		bool yes;

		xasprintf(&sub, "%s/%s", dir, course_langs[i]);
		yes = is_dir(sub);
		free(sub);
		if (yes)
			return true;
	}
	return false;
}

/* The lessons root a file belongs to, if any (allocated). */
static char *
root_of(const char *path)
{
	char *dir = xstrdup(path), *slash;

	if ((slash = strrchr(dir, '/')) == NULL) {
		free(dir);
		return course_folder_lang(path) ? NULL : (course_is_root(".") ?
		    xstrdup(".") : NULL);
	}
	*slash = '\0';
	if (course_folder_lang(path) != NULL) {
		if ((slash = strrchr(dir, '/')) == NULL) {
			free(dir);
			return xstrdup(".");
		}
		*slash = '\0';
		return dir;
	}
	if (course_is_root(dir))
		return dir;
	free(dir);
	return NULL;
}

/* A canonical path, for telling whether two names are the same file. */
static char *
canon(const char *path)
{
	char *r = realpath(path, NULL);

	return r != NULL ? r : xstrdup(path);
}

static bool
in_list(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

void
course_check_context(struct lesson *const *checked, size_t nchecked,
    struct diags *d)
{
	char **roots = NULL, **seen = NULL;
	size_t nroots = 0, nseen = 0, nall = nchecked;
	struct lesson **all;
	struct diags scratch;

	diags_init(&scratch);
	all = xreallocarray(NULL, nchecked ? nchecked : 1, sizeof *all);
	for (size_t i = 0; i < nchecked; i++) {
		char *root = root_of(checked[i]->path);

		all[i] = checked[i];
		seen = xreallocarray(seen, nseen + 1, sizeof *seen);
		seen[nseen++] = canon(checked[i]->path);
		if (root != NULL && !in_list(roots, nroots, root)) {
			roots = xreallocarray(roots, nroots + 1, sizeof *roots);
			roots[nroots++] = root;
		} else
			free(root);
	}
	/* The rest of each course the checked files belong to. */
	for (size_t r = 0; r < nroots; r++) {
		for (int k = 0; k < COURSE_NLANGS; k++) {
			char *sub, **v;
			size_t n;

			xasprintf(&sub, "%s/%s", roots[r], course_langs[k]);
			n = course_list_dir(sub, &v);
			for (size_t j = 0; j < n; j++) {
				char *c = canon(v[j]);
				struct lesson *l = NULL;

				if (!in_list(seen, nseen, c))
					l = lesson_load(v[j], &scratch);
				if (l != NULL) {
					seen = xreallocarray(seen, nseen + 1,
					    sizeof *seen);
					seen[nseen++] = c;
					c = NULL;
					all = xreallocarray(all, nall + 1,
					    sizeof *all);
					all[nall++] = l;
				}
				free(c);
				free(v[j]);
			}
			free(v);
			free(sub);
		}
	}
	course_check(checked, nchecked, all, nall, d);
	for (size_t i = nchecked; i < nall; i++)
		lesson_free(all[i]);
	free(all);
	for (size_t i = 0; i < nroots; i++)
		free(roots[i]);
	free(roots);
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	diags_release(&scratch);
}
