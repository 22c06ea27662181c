/*
 * cmd_replay.c - `timeslice replay FILE`: a recorded run read back.
 *
 * The file is a Chrome trace as written by `run --format chrome` (or the
 * UI's export). On a terminal the run is animated again in the live
 * timeline, exactly as recorded (for a class: the same picture every
 * time). Otherwise, or with `--format text`, replay prints the text
 * timeline and lane figures `run` prints; `--format chrome` writes the
 * trace out again as timeslice understood it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "trace/export.h"
#include "trace/load.h"
#include "trace/stats.h"
#include "ui/app.h"
#include "ui/demo.h"
#include "util.h"

/* Animates the recording in the timeline; the demo takes over t and lg. */
static int
replay_live(struct trace *t, struct log *lg, char *title)
{
	struct app *app;
	struct demo *d;
	char *cause = NULL;
	int rc;

	if ((app = app_new(&cause)) == NULL) {
		fprintf(stderr, "timeslice: %s\n", cause);
		free(cause);
		free(title);
		log_release(lg);
		trace_free(t);
		return 1;
	}
	d = demo_new_replay(t, lg, title, DEMO_FULLSCREEN);
	free(title);
	app_push(app, &demo_screen_ops, d);
	rc = app_run(app);
	app_free(app);
	demo_free(d);
	return rc;
}

int
cmd_replay(int argc, char **argv, const struct global_opts *g)
{
	const char *path = NULL, *format = NULL;
	struct trace *t;
	struct log lg;
	char *title = NULL, *cause = NULL;
	uint64_t end;

	(void)g;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			format = argv[++i];
		else if (strncmp(argv[i], "--format=", 9) == 0)
			format = argv[i] + 9;
		else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "timeslice: replay: unknown option '%s'\n",
			    argv[i]);
			return EXIT_USAGE;
		} else if (path == NULL)
			path = argv[i];
		else {
			fprintf(stderr, "timeslice: replay: one file at a time\n");
			return EXIT_USAGE;
		}
	}
	if (path == NULL) {
		fputs("usage: timeslice replay FILE [--format text|chrome]\n",
		    stderr);
		return EXIT_USAGE;
	}
	if (format == NULL && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO))
		format = "live";
	else if (format == NULL)
		format = "text";
	else if (strcmp(format, "text") != 0 && strcmp(format, "chrome") != 0) {
		fprintf(stderr, "timeslice: --format: '%s' is not a format "
		    "(allowed: text, chrome)\n", format);
		return EXIT_USAGE;
	}
	if (load_chrome(path, &t, &lg, &title, &cause) != 0) {
		fprintf(stderr, "timeslice: %s\n", cause);
		free(cause);
		return 1;
	}
	if (strcmp(format, "live") == 0)
		return replay_live(t, &lg, title);
	if (strcmp(format, "chrome") == 0)
		export_chrome(stdout, &lg, title);
	else {
		fputs("replay of ", stdout);
		util_fputs_safe(path, stdout);
		fputs(" (", stdout);
		util_fputs_safe(title, stdout);
		fputs(")\n\n", stdout);
		export_text(stdout, &lg, 100);
		end = log_last_ns(&lg);
		printf("\n%-16s %9s %9s %9s %9s\n", "worker", "run ms",
		    "wait ms", "io ms", "ready ms");
		for (int i = 0; i < lg.nlanes; i++) {
			struct lane_stats s;
			char *name = util_safe_str(t->lanes[i].name);

			stats_lane(&lg, i, end, &s);
			printf("%-16s %9.1f %9.1f %9.1f %9.1f\n", name,
			    (double)s.state_ns[TRACE_RUN] / 1e6,
			    (double)s.state_ns[TRACE_LOCK_WAIT] / 1e6,
			    (double)s.state_ns[TRACE_IO] / 1e6,
			    (double)s.state_ns[TRACE_READY] / 1e6);
			free(name);
		}
	}
	free(title);
	log_release(&lg);
	trace_free(t);
	return 0;
}
