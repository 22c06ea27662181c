/*
 * chref.h - references to chapters ("chapter 3", "the [threads
 * chapter](lesson:threads)", "capítulos 5 y 6") and the glossary's
 * `chapter:` lines, checked against the chapters a language's lessons
 * have. The parser collects each lesson's references (lesson.h, struct
 * lesson_chref); chref.c says which references it reads and the rule.
 */
#ifndef TIMESLICE_LESSON_CHREF_H
#define TIMESLICE_LESSON_CHREF_H

#include <stddef.h>

#include "lesson/diag.h"
#include "lesson/glossary.h"
#include "lesson/lesson.h"

/*
 * Reports the references of `l` that name a chapter its language's
 * lessons among `all` (its course) do not have, or a chapter other than
 * the one their link, their place ("next chapter") or the words beside
 * them say. Links go to `targets` (the course and any other it may
 * link into); a lesson alone in its course counts their chapters.
 */
void	chref_check(const struct lesson *l, struct lesson *const *all,
	    size_t nall, struct lesson *const *targets, size_t ntargets,
	    struct diags *d);

/*
 * Reports the entries of glossary `g` (the file `path`, of language
 * `lang`) whose `chapter:` is no chapter of that language among `all`.
 */
void	chref_check_glossary(const struct glossary *g, const char *path,
	    const char *lang, struct lesson *const *all, size_t nall,
	    struct diags *d);

/*
 * chref_check_glossary for the glossary of `lang` in the lessons root
 * `root`, against that root's lessons (read for the purpose). Nothing
 * when either is missing; the files' own problems are not reported.
 */
void	chref_check_root_glossary(const char *root, const char *lang,
	    struct diags *d);

#endif
