/*
 * cmd_demo.c - `timeslice demo SCENARIO [options]`: one experiment, live,
 * on the whole terminal.
 *
 * The options are those of `run` (parsed by parse_experiment_opts), except
 * that the output options make no sense here. A demo runs more work by
 * default than `run` (DEMO_UNITS items) so there is time to watch it.
 * Quitting, Ctrl-C, SIGTERM and SIGHUP all end the loop the same way: the
 * terminal is restored, then every run is stopped and every thread joined
 * (child processes are reaped by their engine) before we exit.
 * TIMESLICE_UI_STATS=1 prints what the UI thread cost while runs went.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "engine/scenario.h"
#include "i18n.h"
#include "ui/app.h"
#include "ui/demo.h"

#define DEMO_UNITS 48

/* Prints the usage and the scenarios. */
static void
demo_usage(FILE *f)
{
	fputs(_("usage: timeslice demo SCENARIO [options]\n"
	    "options: those of 'timeslice run' (--workers, --work, --units, "
	    "--unit-ms,\n  --switch-interval, --old-gil, --cores, --seed, "
	    "--no-baseline)\nscenarios:\n"), f);
	list_scenarios(f);
	fputs(_("press ? in the demo for its keys\n"), f);
}

int
cmd_demo(int argc, char **argv, const struct global_opts *g)
{
	const struct scenario *sc;
	struct run_opts ro = { NULL, NULL };
	struct params p;
	struct app *app;
	struct demo *d;
	char *cause = NULL;
	const char *st;
	uint64_t cpu, wall, frames;
	int i, rc;

	(void)g;
	if (argc < 1 || strcmp(argv[0], "--help") == 0) {
		demo_usage(argc < 1 ? stderr : stdout);
		return argc < 1 ? EXIT_USAGE : 0;
	}
	if ((sc = scenario_arg(argv[0])) == NULL)
		return EXIT_USAGE;
	params_defaults(&p);
	p.units = DEMO_UNITS;
	if ((i = parse_experiment_opts(argc, argv, 1, sc, &p, &ro)) < 0)
		return EXIT_USAGE;
	if (i < argc) {
		fprintf(stderr, _("timeslice: unexpected argument '%s'\n"),
		    argv[i]);
		return EXIT_USAGE;
	}
	if (scenario_check(sc, &p, &cause) != 0) {
		fprintf(stderr, "timeslice: %s\n", cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (ro.format != NULL || ro.out != NULL) {
		fputs(_("timeslice: --format and --out belong to 'timeslice "
		    "run'; in the demo, press e to export\n"), stderr);
		return EXIT_USAGE;
	}
	if ((app = app_new(&cause)) == NULL) {
		fprintf(stderr, "timeslice: %s\n", cause);
		free(cause);
		return 1;
	}
	d = demo_new(sc, &p, DEMO_FULLSCREEN);
	app_push(app, &demo_screen_ops, d);
	rc = app_run(app);
	app_free(app);
	demo_ui_stats(d, &cpu, &wall, &frames);
	demo_free(d);
	if ((st = getenv("TIMESLICE_UI_STATS")) != NULL && strcmp(st, "1") == 0)
		fprintf(stderr, "timeslice: ui thread used %.1f ms of cpu in "
		    "%.1f ms while runs went (%.2f%% of one core), %llu frames "
		    "(%.1f/s)\n", (double)cpu / 1e6, (double)wall / 1e6,
		    wall ? 100.0 * (double)cpu / (double)wall : 0,
		    (unsigned long long)frames,
		    wall ? (double)frames / ((double)wall / 1e9) : 0);
	return rc;
}
