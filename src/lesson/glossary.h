/*
 * glossary.h - the course's glossary: one file per language,
 * `<root>/glossary/<lang>.md`, each entry a term with its other
 * spellings, the chapter that teaches it and a short definition; and
 * looking a word up in it the way a learner types it.
 *
 * The files sit outside the language folders, so the course map never
 * takes them for lessons. An entry is
 *
 *     ## GIL {#gil}
 *     also: global interpreter lock
 *     chapter: 3
 *
 *     One paragraph of definition, one to three sentences.
 *
 * Lines before the first `## ` heading are the file's own prose. Ids are
 * the same in every language, so an entry is the same idea everywhere.
 */
#ifndef TIMESLICE_LESSON_GLOSSARY_H
#define TIMESLICE_LESSON_GLOSSARY_H

#include <stddef.h>

#include "lang.h"
#include "lesson/diag.h"

/* The longest definition, in bytes: a few sentences, not a page. */
#define GLOSSARY_DEF_MAX 600

struct glossary_entry {
	char	 *id;		/* [a-z0-9-]+, the same in every language */
	char	 *term;		/* as the course writes it */
	char	**aliases;	/* other spellings, may be none */
	size_t	  naliases;
	int	  chapter;	/* 1..99 */
	int	  chapter_line, chapter_col;	/* of its value */
	char	 *def;		/* one paragraph, lines joined by spaces */
	int	  line;		/* of its heading */
};

struct glossary {
	struct glossary_entry	*v;
	size_t			 n;
};

/* The glossary file of `lang` under the lessons root `root` (allocated). */
char	*glossary_path(const char *root, const char *lang);

/*
 * Parses the text of a glossary file (`path` names it in diagnostics).
 * Every problem goes to `d` as file:line:col; entries with one are left
 * out. Returns the number of errors added.
 */
int	 glossary_parse(struct glossary *, const char *path, const char *text,
	    struct diags *d);

/* Reads and parses `path`; a file that cannot be read is an error. */
int	 glossary_load(struct glossary *, const char *path, struct diags *d);

/*
 * Loads the glossary of `lang` under the lessons root `root`, or the
 * source language's when `lang` has none (a translation under way).
 */
int	 glossary_load_lang(struct glossary *, const char *root,
	    const char *lang, struct diags *d);

void	 glossary_release(struct glossary *);

/*
 * The entry `word` names: its id, term or an alias, compared without case
 * or Latin accents ("nucleo" finds "núcleo"); NULL when none.
 */
const struct glossary_entry *glossary_find(const struct glossary *,
	    const char *word);

/*
 * The entry a term the prose puts in bold names, for linking it: the
 * bold text without the blanks around it and the punctuation after it
 * ("Threads:"), looked up as glossary_find does; failing that, without
 * a final "s" ("locks", "núcleos"), since both languages of the course
 * make most plurals so. NULL when the bold text is not a term.
 */
const struct glossary_entry *glossary_link(const struct glossary *,
	    const char *bold);

/*
 * The entry of `g` (the glossary of `lang`) that `word` names in another
 * language of `langs` ("core" asked in Spanish, "nucleo" in English):
 * found in that language's glossary under `root`, returned from `g` by
 * its id. NULL when no other glossary has it.
 */
const struct glossary_entry *glossary_find_elsewhere(
	    const struct glossary *g, const char *root, const char *lang,
	    const struct lang_list *langs, const char *word);

/* The entry with id `id`, or NULL. */
const struct glossary_entry *glossary_by_id(const struct glossary *,
	    const char *id);

/*
 * Up to `max` entries `word` may have meant: those whose term or alias
 * is nearest to it, within a third of its length in edits (a name that
 * starts with a `word` of 3 letters or more counts as 0 edits away).
 * Returns how many were written to `out`.
 */
size_t	 glossary_suggest(const struct glossary *, const char *word,
	    const struct glossary_entry **out, size_t max);

struct lesson;

/*
 * Warns about each bold term of lesson `l` that the glossary of its own
 * language `here` does not link (glossary_link) but the glossary `other`
 * of language `other_lang` does: a term the other language links and
 * this one misses, or spells differently. Warnings go to `d` at the
 * bold text's place.
 */
void	 glossary_lint(const struct lesson *l, const struct glossary *here,
	    const struct glossary *other, const char *other_lang,
	    struct diags *d);

/*
 * Compares a translation with the source glossary: every id of one must
 * be in the other, with the same chapter. Problems go to `d` against
 * `path` (the translation's file).
 */
void	 glossary_compare(const struct glossary *src,
	    const struct glossary *tr, const char *path, struct diags *d);

#endif
