/*
 * course.c - the set of lessons: discovery on disk, ordering, and the
 * checks that compare files with each other.
 *
 * The languages are whatever language folders the root has (lang.h):
 * adding one is copying a folder, never a change here.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <limits.h>

#include "lesson/chref.h"
#include "lesson/course.h"
#include "lesson/program.h"
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

/* Whether `path` is a directory. */
static bool
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/*
 * The course that ships with timeslice: the sources, for a timeslice in
 * its build tree; the installed course beside the executable (an
 * installed tree that was moved); the installed course where it was
 * configured to be. Never an environment variable: this is the course
 * whose programs run without asking.
 */
const char *
course_shipped_root(void)
{
	static char buf[4096];
	char *beside;

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

/* The lessons root: $TIMESLICE_LESSONS, else the shipped course. */
const char *
course_root(void)
{
	const char *env = getenv("TIMESLICE_LESSONS");

	if (env != NULL && *env != '\0')
		return env;
	return course_shipped_root();
}

/*
 * Decided by where the file really is (links resolved), never by its
 * name or by how it was opened: a lesson reached through a link into the
 * shipped course is shipped, a copy of one elsewhere is not.
 */
bool
course_shipped(const char *path)
{
	char real[PATH_MAX], root[PATH_MAX];

	if (path == NULL || realpath(path, real) == NULL ||
	    realpath(course_shipped_root(), root) == NULL)
		return false;
	return lesson_path_inside(real, root);
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
	struct stat sb;
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
		/* Only regular files: a FIFO named like a lesson would
		 * hang whoever opens it, a folder is not a lesson. */
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
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

/* Sorts lessons for the map: language, chapter, file name. */
static void
course_sort(struct lesson **v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, lesson_cmp);
}

int
course_load(struct course *c, const char *root, struct diags *d)
{
	struct lang_list langs;

	lang_scan(root, &langs);
	return course_load_langs(c, root, &langs, d);
}

int
course_load_langs(struct course *c, const char *root,
    const struct lang_list *langs, struct diags *d)
{
	bool any = false;

	memset(c, 0, sizeof *c);
	c->root = xstrdup(root);
	c->langs = *langs;
	for (int i = 0; i < c->langs.n; i++) {
		char *dir, **files;
		size_t n;

		xasprintf(&dir, "%s/%s", root, c->langs.v[i]);
		if (is_dir(dir))
			any = true;
		n = course_list_dir(dir, &files);
		for (size_t k = 0; k < n; k++) {
			struct lesson *l = lesson_load(files[k], d);

			if (l != NULL) {
				/* A lesson without a language is shown in
				 * the language of its folder. */
				if (l->lang == NULL)
					l->lang = xstrdup(c->langs.v[i]);
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
		    "(expected language folders such as en/ and es/ of .md "
		    "files)");
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

struct lesson *
course_chapter(const struct course *c, const char *lang, int chapter)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i]->chapter == chapter && c->v[i]->lang != NULL &&
		    strcmp(c->v[i]->lang, lang) == 0)
			return c->v[i];
	return NULL;
}

/* The language of a lesson for the cross checks: its folder's, or its own. */
static const char *
lang_of(const struct lesson *l, char *buf)
{
	const char *f = lang_of_path(l->path, buf);

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
		char fb[LANG_CODE_MAX];
		const char *f = lang_of_path(all[i]->path, fb);

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
			char fb[LANG_CODE_MAX];
			const char *f = lang_of_path(l->path, fb);

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

/* The lesson `id` to link to from a lesson in `lang`: the one in that
 * language if there is one, else any. */
static const struct lesson *
link_target(const char *id, const char *lang, struct lesson *const *v,
    size_t n)
{
	const struct lesson *any = NULL;

	for (size_t j = 0; j < n; j++) {
		char ob[LANG_CODE_MAX];
		const char *ol = lang_of(v[j], ob);

		if (v[j]->id == NULL || strcmp(v[j]->id, id) != 0)
			continue;
		if (lang != NULL && ol != NULL && strcmp(ol, lang) == 0)
			return v[j];
		if (any == NULL)
			any = v[j];
	}
	return any;
}

/* The section of `l` whose slug is closest to `anchor`, or NULL. */
static const char *
suggest_section(const struct lesson *l, const char *anchor)
{
	const char *best = NULL;
	int bestd = (int)strlen(anchor) / 3 + 1;

	for (size_t i = 0; i < l->nsections; i++) {
		int dd = edit_distance(anchor, l->sections[i].slug, bestd);

		if (dd <= bestd && (best == NULL || dd < bestd)) {
			best = l->sections[i].slug;
			bestd = dd;
		}
	}
	return best;
}

/* Reports the links of `l` to lessons, or sections, that `v` lacks. */
static void
check_links(const struct lesson *l, struct lesson *const *v, size_t n,
    struct diags *d)
{
	char lb[LANG_CODE_MAX];
	const char *lang = lang_of(l, lb);

	for (size_t k = 0; k < l->nlinks; k++) {
		const struct lesson_link *lk = &l->links[k];
		const struct lesson *t = link_target(lk->target, lang, v, n);
		const char *sug;

		if (t == NULL) {
			sug = suggest_id(lk->target, v, n);
			if (sug != NULL)
				diags_add(d, DIAG_ERROR, l->path, lk->line,
				    lk->col, "link to unknown lesson '%s' (did "
				    "you mean '%s'?)", lk->target, sug);
			else
				diags_add(d, DIAG_ERROR, l->path, lk->line,
				    lk->col, "link to unknown lesson '%s'",
				    lk->target);
			continue;
		}
		if (lk->anchor == NULL ||
		    lesson_find_section(t, lk->anchor) >= 0)
			continue;
		if ((sug = suggest_section(t, lk->anchor)) != NULL)
			diags_add(d, DIAG_ERROR, l->path, lk->line, lk->col,
			    "lesson '%s' has no section '#%s' (did you mean "
			    "'#%s'?)", lk->target, lk->anchor, sug);
		else
			diags_add(d, DIAG_ERROR, l->path, lk->line, lk->col,
			    "lesson '%s' has no section '#%s' (a section's "
			    "anchor is its heading as a slug)", lk->target,
			    lk->anchor);
	}
}

/* Whether `a` comes before `b` in the course: by file name (the same
 * file may be named from different folders), then by path. */
static bool
first_of(const struct lesson *a, const struct lesson *b)
{
	const char *x = strrchr(a->path, '/'), *y = strrchr(b->path, '/');
	int c = strcmp(x ? x + 1 : a->path, y ? y + 1 : b->path);

	return c != 0 ? c < 0 : strcmp(a->path, b->path) < 0;
}

/* How many of the lessons `all` are in the folder of language `lang`. */
static int
lessons_in(struct lesson *const *all, size_t nall, const char *lang)
{
	char fb[LANG_CODE_MAX];
	int n = 0;

	for (size_t i = 0; i < nall; i++) {
		const char *f = lang_of_path(all[i]->path, fb);

		n += f != NULL && strcmp(f, lang) == 0;
	}
	return n;
}

/*
 * Reports a lesson that has no version in language `other`. A language
 * with fewer lessons than the source language is a translation under
 * way: what it lacks is only a warning (an error under --strict, which
 * fails on warnings), and the map offers the source language's version
 * meanwhile; it is said once, by the source language's lesson. Any
 * other language must have every lesson.
 */
static void
missing_twin(const struct lesson *l, const char *folder, const char *other,
    struct lesson *const *all, size_t nall, struct diags *d)
{
	int have = lessons_in(all, nall, other);
	int source = lessons_in(all, nall, LANG_SOURCE);

	if (strcmp(other, LANG_SOURCE) != 0 && have < source) {
		if (strcmp(folder, LANG_SOURCE) == 0)
			diags_add(d, DIAG_WARNING, l->path, l->id_line,
			    l->id_col, "lesson '%s' is not translated to '%s' "
			    "yet (%s/ is a partial translation: %d of %d "
			    "lessons)", l->id, other, other, have, source);
	} else
		diags_add(d, DIAG_ERROR, l->path, l->id_line, l->id_col,
		    "lesson '%s' has no '%s' version (expected in the %s/ "
		    "folder)", l->id, other, other);
}

/*
 * Reports `l` if another lesson of its language has its id: once, with
 * where the first of them is (or, for the first, where the next is).
 */
static void
check_duplicate(const struct lesson *l, const char *lang,
    struct lesson *const *all, size_t nall, struct diags *d)
{
	const struct lesson *first = l, *next = NULL;

	for (size_t j = 0; j < nall; j++) {
		const struct lesson *o = all[j];
		char ob[LANG_CODE_MAX];
		const char *olang = lang_of(o, ob);

		if (o == l || o->id == NULL || olang == NULL ||
		    strcmp(o->path, l->path) == 0 ||
		    strcmp(o->id, l->id) != 0 || strcmp(olang, lang) != 0)
			continue;
		if (first_of(o, first))
			first = o;
		if (first_of(l, o) && (next == NULL || first_of(o, next)))
			next = o;
	}
	if (first != l)
		diags_add(d, DIAG_ERROR, l->path, l->id_line, l->id_col,
		    "duplicate lesson id '%s' (first at %s:%d:%d)", l->id,
		    first->path, first->id_line, first->id_col);
	else if (next != NULL)
		diags_add(d, DIAG_ERROR, l->path, l->id_line, l->id_col,
		    "duplicate lesson id '%s' (also at %s:%d:%d)", l->id,
		    next->path, next->id_line, next->id_col);
}

/* The languages of the lessons `all`: the folders they are in, sorted. */
static void
langs_of_lessons(struct lesson *const *all, size_t nall,
    struct lang_list *langs)
{
	char fb[LANG_CODE_MAX];

	langs->n = 0;
	for (size_t i = 0; i < nall; i++)
		lang_add(langs, lang_of_path(all[i]->path, fb));
}

/*
 * The exercises of `l`: each id used by no other lesson of its language
 * (the learner's file is named after it), and, when `twin` (its version
 * in language `other`) is given, found there too: the ids are the same
 * in every language.
 */
static void
check_exercises(const struct lesson *l, const char *lang,
    const struct lesson *twin, const char *other,
    struct lesson *const *all, size_t nall, struct diags *d)
{
	char ob[LANG_CODE_MAX];

	for (size_t b = 0; b < l->nblocks; b++) {
		const struct lesson_exercise *ex = l->blocks[b].exercise;

		if (l->blocks[b].kind != LESSON_EXERCISE || ex->id == NULL)
			continue;
		if (twin != NULL) {
			if (lesson_find_exercise(twin, ex->id) == NULL)
				diags_add(d, DIAG_ERROR, l->path,
				    l->blocks[b].line, 1, "exercise '%s' has no "
				    "'%s' version (the %s/ lesson '%s' has no "
				    "exercise with this id)", ex->id, other,
				    other, l->id);
			continue;
		}
		for (size_t j = 0; j < nall; j++) {
			const char *ol = lang_of(all[j], ob);

			if (all[j] == l || ol == NULL || strcmp(ol, lang) != 0 ||
			    lesson_find_exercise(all[j], ex->id) == NULL)
				continue;
			diags_add(d, DIAG_ERROR, l->path, l->blocks[b].line, 1,
			    "exercise id '%s' is also in lesson '%s' (%s): "
			    "exercise ids are unique in a course", ex->id,
			    all[j]->id != NULL ? all[j]->id : "?",
			    all[j]->path);
			break;
		}
	}
}

/*
 * The checks between files (see course_check), with `extra` lessons that
 * links may point at but that are no part of the course checked (the
 * installed course, for a draft outside it), and COURSE_* `flags`.
 */
static void
check_between(struct lesson *const *checked, size_t nchecked,
    struct lesson *const *all, size_t nall, struct lesson *const *extra,
    size_t nextra, unsigned flags, struct diags *d)
{
	struct lesson **targets = xreallocarray(NULL, nall + nextra + 1,
	    sizeof *targets);
	struct lang_list langs;
	char lb[LANG_CODE_MAX], fb[LANG_CODE_MAX], ob[LANG_CODE_MAX];

	/* A folder of drafts in one language has no twins to miss. */
	langs_of_lessons(all, nall, &langs);

	memcpy(targets, all, nall * sizeof *all);
	if (nextra > 0)
		memcpy(targets + nall, extra, nextra * sizeof *extra);
	for (size_t i = 0; i < nchecked; i++) {
		const struct lesson *l = checked[i];
		const char *lang = lang_of(l, lb), *folder;

		folder = lang_of_path(l->path, fb);
		check_links(l, targets, nall + nextra, d);
		chref_check(l, all, nall, targets, nall + nextra, d);
		if (l->id == NULL || lang == NULL)
			continue;
		check_duplicate(l, lang, all, nall, d);
		check_exercises(l, lang, NULL, NULL, all, nall, d);
		if (folder == NULL)
			continue;
		for (int k = 0; k < langs.n; k++) {
			const char *other = langs.v[k];
			const struct lesson *twin = NULL;

			if (strcmp(other, folder) == 0)
				continue;
			for (size_t j = 0; j < nall && twin == NULL; j++) {
				const char *of = lang_of_path(
				    all[j]->path, ob);

				if (of != NULL && strcmp(of, other) == 0 &&
				    all[j]->id != NULL &&
				    strcmp(all[j]->id, l->id) == 0)
					twin = all[j];
			}
			if (twin == NULL)
				missing_twin(l, folder, other, all, nall,
				    d);
			else
				check_exercises(l, lang, twin, other, all,
				    nall, d);
			if (twin != NULL && twin->chapter != 0 &&
			    l->chapter != 0 && twin->chapter != l->chapter)
				diags_add(d, DIAG_WARNING, l->path,
				    l->chapter_line, l->chapter_col, "chapter "
				    "%d differs from the '%s' version's %d",
				    l->chapter, other, twin->chapter);
		}
	}
	lesson_program_check_folders(checked, nchecked, all, nall, d);
	if (flags & COURSE_CHAPTERS)
		for (int k = 0; k < langs.n; k++)
			check_gaps(checked, nchecked, all, nall, langs.v[k],
			    d);
	free(targets);
}

void
course_check(struct lesson *const *checked, size_t nchecked,
    struct lesson *const *all, size_t nall, struct diags *d)
{
	check_between(checked, nchecked, all, nall, NULL, 0, COURSE_CHAPTERS,
	    d);
}

/* Whether `dir` is a lessons root: it has a language folder. */
bool
course_is_root(const char *dir)
{
	struct lang_list langs;

	lang_scan(dir, &langs);
	return langs.n > 0;
}

/* The lessons root a file belongs to, if any (allocated). */
static char *
root_of(const char *path)
{
	char *dir = xstrdup(path), *slash, fb[LANG_CODE_MAX];

	if ((slash = strrchr(dir, '/')) == NULL) {
		free(dir);
		return lang_of_path(path, fb) ? NULL : (course_is_root(".") ?
		    xstrdup(".") : NULL);
	}
	*slash = '\0';
	if (lang_of_path(path, fb) != NULL) {
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

/*
 * Loads the `*.md` lessons of `root`'s language folders that `seen` (the
 * canonical paths already loaded) lacks, appending them to *v and their
 * paths to `seen`. Their own problems are not reported.
 */
static void
load_rest(const char *root, struct lesson ***v, size_t *n, char ***seen,
    size_t *nseen)
{
	struct diags scratch;
	struct lang_list langs;

	diags_init(&scratch);
	lang_scan(root, &langs);
	for (int k = 0; k < langs.n; k++) {
		char *sub, **files;
		size_t nf;

		/* Files of the current folder are named as given: en/... */
		if (strcmp(root, ".") == 0)
			sub = xstrdup(langs.v[k]);
		else
			xasprintf(&sub, "%s/%s", root, langs.v[k]);
		nf = course_list_dir(sub, &files);
		for (size_t j = 0; j < nf; j++) {
			char *c = canon(files[j]);
			struct lesson *l = NULL;

			if (!in_list(*seen, *nseen, c))
				l = lesson_load(files[j], &scratch);
			if (l != NULL) {
				*seen = xreallocarray(*seen, *nseen + 1,
				    sizeof **seen);
				(*seen)[(*nseen)++] = c;
				c = NULL;
				*v = xreallocarray(*v, *n + 1, sizeof **v);
				(*v)[(*n)++] = l;
			}
			free(c);
			free(files[j]);
		}
		free(files);
		free(sub);
	}
	diags_release(&scratch);
}

void
course_check_files(struct lesson *const *checked, size_t nchecked,
    unsigned flags, struct diags *d)
{
	char **roots = NULL, **seen = NULL, *home;
	size_t nroots = 0, nseen = 0, nall = nchecked, nextra = 0;
	struct lesson **all, **extra = NULL;
	bool home_in = false;

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
	for (size_t r = 0; r < nroots; r++)
		load_rest(roots[r], &all, &nall, &seen, &nseen);
	/* The course timeslice shows, for links out of a draft elsewhere. */
	home = canon(course_root());
	for (size_t r = 0; r < nroots && !home_in; r++) {
		char *c = canon(roots[r]);

		home_in = strcmp(c, home) == 0;
		free(c);
	}
	if (!home_in)
		load_rest(course_root(), &extra, &nextra, &seen, &nseen);
	free(home);
	check_between(checked, nchecked, all, nall, extra, nextra, flags, d);
	for (size_t i = nchecked; i < nall; i++)
		lesson_free(all[i]);
	free(all);
	for (size_t i = 0; i < nextra; i++)
		lesson_free(extra[i]);
	free(extra);
	for (size_t i = 0; i < nroots; i++)
		free(roots[i]);
	free(roots);
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
}

void
course_check_context(struct lesson *const *checked, size_t nchecked,
    struct diags *d)
{
	course_check_files(checked, nchecked, 0, d);
}
