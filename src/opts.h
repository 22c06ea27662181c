/*
 * opts.h - the global options of the timeslice command line: the ones
 * every subcommand accepts, before its name and (for some) after it:
 * --lang, --theme, --presenter, --save/--no-save, --export-dir, --watch.
 *
 * They live apart from main.c so that a subcommand that takes them after
 * its own name (notes) reads them here, not by calling back into main.
 */
#ifndef TIMESLICE_OPTS_H
#define TIMESLICE_OPTS_H

#include "lang.h"

/* Options every subcommand accepts before its own. */
struct global_opts {
	const char	*lang;		/* --lang: one of langs, or NULL
					   (from the locale) */
	const char	*watch;		/* --watch FILE */
	int		 presenter;	/* --presenter */
	int		 theme;		/* enum canvas_theme, or -1: default */
	int		 save;		/* --save 1, --no-save 0, else -1 */
	struct lang_list langs;		/* the course's, scanned once by main */
};

/* Global options before any is read (langs still to be scanned). */
#define GLOBAL_OPTS_INIT { .theme = -1, .save = -1 }

/*
 * Reads the global option at argv[*i] (taking its value too), so a
 * subcommand can accept them after its name. Returns 1 when it took
 * one, 0 when argv[*i] is no global option, -1 after printing a
 * one-line error. --lang must name one of g->langs.
 */
int	global_opt(int argc, char **argv, int *i, struct global_opts *g);

/* Applies the options read: the language and the theme. */
void	global_opts_apply(const struct global_opts *);

#endif
