/*
 * cmd.h - the subcommands of the timeslice command line.
 *
 * main.c only dispatches; each subcommand lives in its own file and gets
 * the arguments after its name. Exit statuses: 0 success, 1 a failed run
 * or a check that found errors, 2 bad usage (with a one-line message).
 */
#ifndef TIMESLICE_CMD_H
#define TIMESLICE_CMD_H

#include <stdio.h>

#define EXIT_USAGE 2

/* Options every subcommand accepts before its own. */
struct global_opts {
	const char	*lang;		/* "es", "en" or NULL (from the locale) */
	const char	*watch;		/* --watch FILE */
	int		 presenter;	/* --presenter */
	int		 theme;		/* enum canvas_theme, or -1: default */
	int		 save;		/* --save 1, --no-save 0, else -1 */
};

/* Global options before any is read. */
#define GLOBAL_OPTS_INIT { NULL, NULL, 0, -1, -1 }

/*
 * Reads the global option at argv[*i] (taking its value too), so a
 * subcommand can accept them after its name. Returns 1 when it took
 * one, 0 when argv[*i] is no global option, -1 after printing a
 * one-line error.
 */
int	global_opt(int argc, char **argv, int *i, struct global_opts *);

/* Applies the options read: the language and the theme. */
void	global_opts_apply(const struct global_opts *);

int	cmd_run(int argc, char **argv);
int	cmd_bench(int argc, char **argv);
int	cmd_trace(int argc, char **argv);
int	cmd_check(int argc, char **argv, const struct global_opts *);
int	cmd_list(int argc, char **argv, const struct global_opts *);
int	cmd_demo(int argc, char **argv, const struct global_opts *);
int	cmd_replay(int argc, char **argv, const struct global_opts *);
int	cmd_notes(int argc, char **argv, const struct global_opts *);
int	cmd_verify(int argc, char **argv, const struct global_opts *);
int	cmd_reset(int argc, char **argv, const struct global_opts *);
int	cmd_exercise(int argc, char **argv, const struct global_opts *);
/* Opens the course map, or `lesson` (an id or a path) when not NULL. */
int	cmd_open(const char *lesson, const struct global_opts *);

/*
 * Parses `--name value` / `--name=value` experiment options from argv
 * (shared by run and demo). Unknown options are reported. Returns the
 * index of the first argument it did not take, or -1 after printing a
 * one-line error.
 */
struct params;
struct run_opts {
	const char	*format;	/* text, json, chrome, svg */
	const char	*out;		/* --out FILE */
};
/*
 * The scenario named on the command line, or NULL after printing a
 * one-line error with a "did you mean".
 */
struct scenario;
const struct scenario *scenario_arg(const char *name);

/* Prints every scenario with its summary, one a line (run and demo). */
void	list_scenarios(FILE *f);

int	parse_experiment_opts(int argc, char **argv, int start,
	    const struct scenario *, struct params *, struct run_opts *);

#endif
