/*
 * lang.h - the languages of a course: what a language code is, which
 * languages a lessons root has (its language folders), and which language
 * a lesson file belongs to (the folder it is in).
 *
 * A course is translated as folders: `<root>/<lang>/NN-slug.md`, one
 * folder per language, named by a code of two or three lowercase letters
 * (`en`, `es`, `fr`...). Adding a language is copying a folder; nothing
 * here, or anywhere above, names one, except the source language below.
 *
 * This module sits below everything but util: the interface language
 * (i18n.h), the course (lesson/course.h), the saved progress and the
 * screens all take their list of languages from here, scanned once by
 * main.c.
 */
#ifndef TIMESLICE_LANG_H
#define TIMESLICE_LANG_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The language timeslice and its course are written in: the interface
 * needs no catalogue for it, and it is what the interface falls back on
 * when the locale asks for a language the course does not have.
 */
#define LANG_SOURCE "en"

#define LANG_MAX 16		/* languages a course may have */
#define LANG_CODE_MAX 8		/* bytes of a language code, with its NUL */

/* Language codes, sorted by name, each once. */
struct lang_list {
	int		 n;
	char		 v[LANG_MAX][LANG_CODE_MAX];
};

/* Whether the `n` bytes at `s` are a language code: 2 or 3 of [a-z]. */
bool		 lang_is_code(const char *s, size_t n);

/*
 * Fills `out` with the languages of the lessons root `root`: its folders
 * named by a language code that hold at least one `.md` file (none, or
 * no such root: n is 0).
 */
void		 lang_scan(const char *root, struct lang_list *out);

/* Whether `code` is one of `list` (false for NULL). */
bool		 lang_has(const struct lang_list *list, const char *code);

/*
 * Adds `code` to `list` in its sorted place, unless it is there already,
 * is NULL or is no language code, or the list is full.
 */
void		 lang_add(struct lang_list *list, const char *code);

/*
 * The language after `cur` in `list`, round to the first: what a "next
 * language" key switches to. The first language when `cur` is not in the
 * list; `cur` itself when the list is empty.
 */
const char	*lang_next(const struct lang_list *list, const char *cur);

/* Writes the languages of `list` as "en, es" into `buf`. Returns buf. */
char		*lang_join(const struct lang_list *list, char *buf, size_t len);

/*
 * The language a lesson file belongs to: the name of the folder it is
 * in, copied into `buf` (LANG_CODE_MAX bytes), when that name is a
 * language code; else NULL.
 */
const char	*lang_of_path(const char *path, char *buf);

#endif
