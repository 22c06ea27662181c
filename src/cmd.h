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

#include "opts.h"

#define EXIT_USAGE 2

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
