/*
 * util.h - allocation that cannot fail quietly, and formatted strings.
 *
 * Running out of memory is not a recoverable error for timeslice: the x*
 * functions print a message and exit (after the terminal is restored by the
 * exit handler the UI installs).
 */
#ifndef TIMESLICE_UTIL_H
#define TIMESLICE_UTIL_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);

/* Allocates a formatted string into *out and returns its length. */
int	 xasprintf(char **out, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Prints "timeslice: message" and exits with status 1. */
_Noreturn void fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/* Levenshtein distance, capped at `cap` (returns cap+1 beyond it). */
int	 edit_distance(const char *a, const char *b, int cap);

#endif
