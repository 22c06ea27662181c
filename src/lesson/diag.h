/*
 * diag.h - the problems found in lesson files, collected so that every one
 * of them is reported at once as `file:line:col: error: message`.
 *
 * The parser and the course checker append here instead of stopping at the
 * first mistake; the caller sorts and prints the list, or (the player)
 * draws it inside the app.
 */
#ifndef TIMESLICE_LESSON_DIAG_H
#define TIMESLICE_LESSON_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

enum diag_level {
	DIAG_WARNING = 0,
	DIAG_ERROR
};

struct diag {
	char		*file;
	int		 line, col;	/* 1-based; 0 when not known */
	enum diag_level	 level;
	char		*msg;		/* lowercase, no final full stop */
};

struct diags {
	struct diag	*v;
	size_t		 n, cap;
	int		 errors, warnings;
};

void	diags_init(struct diags *);
void	diags_release(struct diags *);
void	diags_add(struct diags *, enum diag_level, const char *file, int line,
	    int col, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
/*
 * diags_add of a message already in the interface language (a cause
 * another module wrote), kept as it is: no format, and no msgid for the
 * catalogue, as a "%s" given to diags_add would be.
 */
void	diags_put(struct diags *, enum diag_level, const char *file,
	    int line, int col, const char *msg);
/* diags_add with a va_list, for reporters that take a format. */
void	diags_vadd(struct diags *, enum diag_level, const char *file,
	    int line, int col, const char *fmt, va_list ap);

/* Sorts by file, line and column, keeping the order of equal places. */
void	diags_sort(struct diags *);

/* Formats one diagnostic as `file:line:col: error: message` (allocated). */
char	*diag_format(const struct diag *);

/* Prints every diagnostic, one a line. */
void	diags_print(const struct diags *, FILE *);

#endif
