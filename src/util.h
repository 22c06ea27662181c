/*
 * util.h - allocation that cannot fail quietly, formatted strings, and
 * output that neither fails silently nor lets data drive the terminal.
 *
 * Running out of memory is not a recoverable error for timeslice: the x*
 * functions print a message and exit (after the terminal is restored by the
 * exit handler the UI installs).
 */
#ifndef TIMESLICE_UTIL_H
#define TIMESLICE_UTIL_H

#include <stddef.h>
#include <stdio.h>

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

/*
 * Flushes and closes stdout, as the last thing main does. A full disk, a
 * closed pipe or /dev/full show up only here for buffered output: prints
 * "timeslice: cannot write the output: REASON" and returns -1 then.
 */
int	 util_close_stdout(void);

/*
 * Writes `s` to `f` with every control character shown instead of sent:
 * C0 controls (other than tab and, if `keep_newline`, newline), DEL and
 * the C1 controls U+0080..U+009F become "\xNN" (the C1 ones as "\u0080"),
 * bytes that are not UTF-8 become "\xNN". Used for every piece of data
 * (lane names, titles, ids, file names) that reaches a terminal.
 */
void	 util_fputs_safe(const char *s, FILE *f);
void	 util_fputs_safe_n(const char *s, size_t n, FILE *f, int keep_newline);

/*
 * Length of the well-formed UTF-8 sequence at s (of at most n bytes), or
 * 0 for a byte that starts none (stray, overlong, surrogate).
 */
size_t	 util_utf8_len(const char *s, size_t n);

/* util_fputs_safe into a new string (free it), for width-padded output. */
char	*util_safe_str(const char *s);

/* Levenshtein distance, capped at `cap` (returns cap+1 beyond it). */
int	 edit_distance(const char *a, const char *b, int cap);

#endif
