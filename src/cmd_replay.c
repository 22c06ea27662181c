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
#include "i18n.h"
#include "trace/export.h"
#include "trace/load.h"
#include "trace/stats.h"
#include "ui/app.h"
#include "ui/demo.h"

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

/* The text timeline and each lane's figures, as `run` prints them. */
static void
replay_text(FILE *f, const char *path, const char *title,
    const struct trace *t, const struct log *lg)
{
	static const char *const heads[] = { N_("run ms"), N_("wait ms"),
	    N_("io ms"), N_("ready ms") };
	static const enum trace_state st[] = { TRACE_RUN, TRACE_LOCK_WAIT,
	    TRACE_IO, TRACE_READY };
	uint64_t end = log_last_ns(lg);

	fprintf(f, _("replay of %s (%s)\n\n"), path, title);
	export_text(f, lg, 100);
	fputc('\n', f);
	i18n_fpad(f, _("worker"), 16, 0);
	for (int k = 0; k < 4; k++) {
		fputc(' ', f);
		i18n_fpad(f, _(heads[k]), 9, 1);
	}
	fputc('\n', f);
	for (int i = 0; i < lg->nlanes; i++) {
		struct lane_stats s;
		char nb[64], n[32];

		stats_lane(lg, i, end, &s);
		i18n_fpad(f, i18n_lane_name(t->lanes[i].name, nb, sizeof nb),
		    16, 0);
		for (int k = 0; k < 4; k++) {
			fputc(' ', f);
			i18n_fpad(f, i18n_num(n, sizeof n,
			    (double)s.state_ns[st[k]] / 1e6, 1), 9, 1);
		}
		fputc('\n', f);
	}
}

int
cmd_replay(int argc, char **argv, const struct global_opts *g)
{
	const char *path = NULL, *format = NULL;
	struct trace *t;
	struct log lg;
	char *title = NULL, *cause = NULL;
	int rc = 0;

	(void)g;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			format = argv[++i];
		else if (strncmp(argv[i], "--format=", 9) == 0)
			format = argv[i] + 9;
		else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, _("timeslice: replay: unknown option "
			    "'%s'\n"),
			    argv[i]);
			return EXIT_USAGE;
		} else if (path == NULL)
			path = argv[i];
		else {
			fputs(_("timeslice: replay: one file at a time\n"),
			    stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL) {
		fputs(_("usage: timeslice replay FILE [--format text|chrome]\n"),
		    stderr);
		return EXIT_USAGE;
	}
	if (format == NULL && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO))
		format = "live";
	else if (format == NULL)
		format = "text";
	else if (strcmp(format, "text") != 0 && strcmp(format, "chrome") != 0) {
		fprintf(stderr, _("timeslice: --format: '%s' is not a format "
		    "(allowed: text, chrome)\n"), format);
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
		rc = export_chrome(stdout, &lg, title) == 0 ? 0 : 1;
	else
		replay_text(stdout, path, title, t, &lg);
	free(title);
	log_release(&lg);
	trace_free(t);
	/* A full disk or a closed pipe must not pass for a replay. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s", _("timeslice: replay: cannot write the output\n"));
		rc = 1;
	}
	return rc;
}
