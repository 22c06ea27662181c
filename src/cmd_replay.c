/*
 * cmd_replay.c - `timeslice replay FILE`: a recorded run read back.
 *
 * The file is a Chrome trace as written by `run --format chrome` (or the
 * demo's `e`). On a terminal the run is animated again in the live
 * timeline, exactly as recorded (for a class: the same picture every
 * time), with the figures the run showed. Otherwise replay prints what
 * `run` printed: `--format text` (the default) the summary and timeline,
 * `--format json` the same object with the same values, `--format svg` a
 * picture, `--format chrome` the trace again. A recording without
 * timeslice's metadata (an older one, another tool's) shows what its
 * slices tell. `--out FILE` writes to a file, whole or not at all.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "i18n.h"
#include "engine/record.h"
#include "report.h"
#include "ui/app.h"
#include "ui/demo.h"
#include "util.h"

/* Animates the recording in the timeline; the demo takes it over. */
static int
replay_live(struct recording *rec)
{
	struct app *app;
	struct demo *d;
	char *cause = NULL;
	int rc;

	if ((app = app_new(&cause)) == NULL) {
		fprintf(stderr, "timeslice: %s\n", cause);
		free(cause);
		record_release(rec);
		free(rec);
		return 1;
	}
	d = demo_new_recording(rec, DEMO_FULLSCREEN);
	app_push(app, &demo_screen_ops, d);
	rc = app_run(app);
	app_free(app);
	demo_free(d);
	return rc;
}

/* Writes the recording in `format` to f. Returns 0 or -1. */
static int
replay_print(FILE *f, const char *format, const struct recording *rec,
    const char *path)
{
	const struct experiment *ex = &rec->ex;
	char *shown;

	if (strcmp(format, "json") == 0) {
		report_json(f, ex);
		return ferror(f) ? -1 : 0;
	}
	if (strcmp(format, "chrome") == 0)
		return record_chrome(f, ex, NULL, rec);
	if (strcmp(format, "svg") == 0)
		return record_svg(f, ex, NULL, rec);
	/* Names from the command line and the file drive no terminal. */
	shown = util_safe_str(path);
	fprintf(f, _("replay of %s\n"), shown);
	free(shown);
	if (rec->caption != NULL) {
		util_fputs_safe(rec->caption, f);
		fputc('\n', f);
	}
	if (rec->described && rec->online_cpus > 0) {
		shown = util_safe_str(rec->model);
		fprintf(f, _("recorded on %d CPUs, %s\n"), rec->online_cpus,
		    shown);
		free(shown);
	}
	fputc('\n', f);
	report_text(f, ex, 100);
	return ferror(f) ? -1 : 0;
}

int
cmd_replay(int argc, char **argv, const struct global_opts *g)
{
	const char *path = NULL, *format = NULL, *out_path = NULL;
	struct export_out eo = { NULL, NULL, NULL };
	struct recording *rec;
	char *cause = NULL;
	FILE *out = stdout;
	int rc = 0;

	(void)g;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			format = argv[++i];
		else if (strncmp(argv[i], "--format=", 9) == 0)
			format = argv[i] + 9;
		else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			out_path = argv[++i];
		else if (strncmp(argv[i], "--out=", 6) == 0)
			out_path = argv[i] + 6;
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
		fputs(_("usage: timeslice replay FILE [--format text|json|chrome|"
		    "svg] [--out FILE]\n"), stderr);
		return EXIT_USAGE;
	}
	if (format == NULL && out_path == NULL && isatty(STDOUT_FILENO) &&
	    isatty(STDIN_FILENO))
		format = "live";
	else if (format == NULL)
		format = "text";
	else if (strcmp(format, "text") != 0 && strcmp(format, "chrome") != 0 &&
	    strcmp(format, "json") != 0 && strcmp(format, "svg") != 0) {
		fprintf(stderr, _("timeslice: --format: '%s' is not a format "
		    "(allowed: text, json, chrome, svg)\n"), format);
		return EXIT_USAGE;
	}
	rec = calloc(1, sizeof *rec);
	if (rec == NULL || record_load(path, rec, &cause) != 0) {
		fprintf(stderr, "timeslice: %s\n", cause ? cause :
		    "out of memory");
		free(cause);
		free(rec);
		return 1;
	}
	if (strcmp(format, "live") == 0)
		return replay_live(rec);
	if (out_path != NULL) {
		if (export_out_open(&eo, out_path, &cause) != 0) {
			fprintf(stderr, "timeslice: %s\n", cause);
			free(cause);
			record_release(rec);
			free(rec);
			return 1;
		}
		out = eo.f;
	}
	if (replay_print(out, format, rec, path) != 0)
		rc = 1;
	if (out != stdout && export_out_commit(&eo, &cause) != 0) {
		fprintf(stderr, "timeslice: %s\n", cause);
		free(cause);
		rc = 1;
	}
	/* Output to stdout is checked once, by main's util_close_stdout. */
	record_release(rec);
	free(rec);
	return rc;
}
