/*
 * placeholder.h - facts about the reader's machine that lesson prose may
 * name instead of stating: `{{cpus}}` becomes the number of CPUs online
 * where the lesson is read, so no sentence claims a core count that is
 * only true of the machine it was written on.
 *
 * Only facts known when a page is laid out are offered (not figures that
 * change from run to run: those belong to a demo). The checker reports a
 * placeholder it does not know; the pager fills them in running text.
 */
#ifndef TIMESLICE_LESSON_PLACEHOLDER_H
#define TIMESLICE_LESSON_PLACEHOLDER_H

#include <stddef.h>

/* The facts a placeholder may stand for. */
struct placeholder_facts {
	int	cpus;		/* CPUs online */
};

/* The names a lesson may use, NULL at the end: "cpus". */
const char *const *placeholder_names(void);

/*
 * Finds the next `{{NAME}}` in `s`: returns where its `{{` starts, or
 * NULL; *name and *namelen give NAME (spaces around it trimmed) and *len
 * the whole placeholder's length. An opening `{{` with no `}}` on its
 * line is not a placeholder.
 */
const char	*placeholder_next(const char *s, const char **name,
		    size_t *namelen, size_t *len);

/* The index of NAME in placeholder_names(), or -1. */
int		 placeholder_find(const char *name, size_t namelen);

/*
 * `s` with every known placeholder replaced by its fact (unknown ones are
 * left as written, for the checker has said so). Allocated; never NULL.
 */
char		*placeholder_expand(const char *s,
		    const struct placeholder_facts *);

#endif
