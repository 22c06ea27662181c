/*
 * cmd_cheatsheet.c - `timeslice cheatsheet [--format text|svg] [--out
 * FILE]`: the cheat sheet (lesson/cheatsheet.h) on standard output or in
 * a file. --out writes the file whole or not at all (trace/export.h).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"
#include "lesson/cheatsheet.h"
#include "trace/export.h"
#include "util.h"

/*
 * Reads the options. Returns 0, 1 for --help, or -1 after an error
 * (printed).
 */
static int
sheet_options(int argc, char **argv, bool *svg, const char **out)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *fmt = NULL;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return 1;
		if (strncmp(a, "--format=", 9) == 0)
			fmt = a + 9;
		else if (strcmp(a, "--format") == 0 && i + 1 < argc)
			fmt = argv[++i];
		else if (strncmp(a, "--out=", 6) == 0 && a[6] != '\0') {
			*out = a + 6;
			continue;
		} else if (strcmp(a, "--out") == 0 && i + 1 < argc) {
			*out = argv[++i];
			continue;
		} else {
			char *shown = util_safe_str(a);

			fprintf(stderr, _("timeslice: cheatsheet: unexpected "
			    "argument '%s' (try --help)\n"), shown);
			free(shown);
			return -1;
		}
		if (strcmp(fmt, "text") == 0 || strcmp(fmt, "svg") == 0) {
			*svg = strcmp(fmt, "svg") == 0;
			continue;
		}
		fprintf(stderr, _("timeslice: cheatsheet: unknown format '%s' "
		    "(allowed: text, svg)\n"), fmt);
		return -1;
	}
	return 0;
}

int
cmd_cheatsheet(int argc, char **argv, const struct global_opts *g)
{
	struct export_out eo;
	const char *out = NULL;
	char *cause = NULL;
	bool svg = false;
	FILE *f = stdout;

	(void)g;	/* the language is the interface's, set by main */
	switch (sheet_options(argc, argv, &svg, &out)) {
	case 1:
		fputs(_("usage: timeslice cheatsheet [--format text|svg] "
		    "[--out FILE]\n"
		    "Threads, processes and asyncio compared on one page, "
		    "with the questions\nthat choose between them. --format "
		    "svg draws it for printing.\n"), stdout);
		return 0;
	case -1:
		return EXIT_USAGE;
	}
	if (out != NULL) {
		if (export_out_open(&eo, out, &cause) != 0) {
			fprintf(stderr, "timeslice: %s\n", cause);
			free(cause);
			return 1;
		}
		f = eo.f;
	}
	if (svg)
		cheatsheet_svg(f);
	else
		cheatsheet_text(f);
	if (out != NULL && export_out_commit(&eo, &cause) != 0) {
		fprintf(stderr, "timeslice: %s\n", cause);
		free(cause);
		return 1;
	}
	return 0;
}
