/*
 * course.h - the whole course: finding the lessons root, loading every
 * lesson of every language, ordering them for the course map, and the
 * checks that need more than one file (duplicate ids, a lesson missing in
 * one language, links to lessons that do not exist, gaps in chapters).
 *
 * Lessons live in `<root>/<lang>/NN-slug.md`, and the languages of the
 * course are the language folders of the root (see lang.h). The root is
 * $TIMESLICE_LESSONS if set, else the source tree's lessons/ (when
 * timeslice runs from its build tree), else the installed data directory.
 */
#ifndef TIMESLICE_LESSON_COURSE_H
#define TIMESLICE_LESSON_COURSE_H

#include <stdbool.h>
#include <stddef.h>

#include "lang.h"
#include "lesson/diag.h"
#include "lesson/lesson.h"

struct course {
	char		 *root;
	struct lesson	**v;	/* sorted by language, chapter, file name */
	size_t		  n;
	struct lang_list langs;		/* the root's language folders */
};

/* The lessons root to use (see above). Static storage. */
const char	*course_root(void);

/*
 * The root of the course that ships with timeslice (course_root without
 * $TIMESLICE_LESSONS). Static storage.
 */
const char	*course_shipped_root(void);

/*
 * Whether the lesson file at `path` is part of the course that ships with
 * timeslice: its real path is inside course_shipped_root()'s. Only such a
 * lesson's programs run without the reader asking (lesson/consent.h).
 */
bool		 course_shipped(const char *path);

/*
 * Lists the `*.md` files in `dir` (not recursing), sorted by name, as
 * allocated paths. Returns the count; *out is NULL when there are none.
 */
size_t		 course_list_dir(const char *dir, char ***out);

/*
 * Loads every lesson under `root` into `c` and puts every problem (of each
 * file and between files) into `d`. Returns -1 if the root has no lesson
 * folder at all, with a diagnostic.
 */
int		 course_load(struct course *c, const char *root,
		    struct diags *d);

/*
 * course_load for a root whose languages were scanned already (lang_scan
 * of `root`): main.c scans the course root once and hands the list on.
 */
int		 course_load_langs(struct course *c, const char *root,
		    const struct lang_list *langs, struct diags *d);
void		 course_release(struct course *);

/* Whether `dir` is a lessons root (has a language folder). */
bool		 course_is_root(const char *dir);

/* The lesson `id` in language `lang`, or NULL. */
struct lesson	*course_find(const struct course *, const char *id,
		    const char *lang);

/* The (first) lesson of chapter `chapter` in language `lang`, or NULL. */
struct lesson	*course_chapter(const struct course *, const char *lang,
		    int chapter);

/*
 * The checks between files: links to lessons and sections that do not
 * exist, duplicate ids, lessons missing in a language, chapter gaps.
 * Problems are reported only for the lessons in `checked`; `all` is every
 * lesson known (it includes the checked ones).
 */
void		 course_check(struct lesson *const *checked, size_t nchecked,
		    struct lesson *const *all, size_t nall, struct diags *d);

/*
 * course_check for files given one by one: each is compared with the rest
 * of the course it belongs to (the lessons root above its language
 * folder), which is read for the purpose and released again. Links may
 * also point into the course course_root() finds, so a draft kept
 * elsewhere can link to the lessons it will sit beside. A lesson is
 * missed in a language only if its course has that language at all.
 *
 * `flags`: COURSE_CHAPTERS when a whole lessons root is checked, to warn
 * about chapters no lesson has (checking a few files, or a folder of
 * one chapter, says nothing about the others).
 */
#define COURSE_CHAPTERS	0x1
void		 course_check_files(struct lesson *const *checked,
		    size_t nchecked, unsigned flags, struct diags *d);

/* course_check_files without flags. */
void		 course_check_context(struct lesson *const *checked,
		    size_t nchecked, struct diags *d);

#endif
