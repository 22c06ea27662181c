/*
 * cmd_notes.c - `timeslice notes`: the speaker-notes terminal. It follows
 * a presenter (`timeslice --presenter`) running in another terminal of
 * the same user, through the place file of store/presenter.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"
#include "lesson/course.h"
#include "store/presenter.h"
#include "ui/app.h"
#include "ui/notes.h"

int
cmd_notes(int argc, char **argv, const struct global_opts *g)
{
	struct global_opts mine = *g;
	struct course course;
	struct diags d;
	struct notes *n;
	struct app *app;
	char *path, *cause = NULL;
	int rc;

	/* The global options are welcome after `notes` too. */
	for (int i = 0; i < argc; i++) {
		if ((rc = global_opt(argc, argv, &i, &mine)) < 0)
			return EXIT_USAGE;
		if (rc == 0) {
			fprintf(stderr, _("timeslice: notes: unexpected "
			    "argument '%s'\n"), argv[i]);
			return EXIT_USAGE;
		}
	}
	if (argc > 0)
		global_opts_apply(&mine);
	if ((path = presenter_path()) == NULL) {
		fputs(_("timeslice: notes: no place for the presenter file "
		    "(set HOME or XDG_RUNTIME_DIR)\n"), stderr);
		return 1;
	}
	diags_init(&d);
	memset(&course, 0, sizeof course);
	course_load_langs(&course, course_root(), &g->langs, &d);
	diags_release(&d);
	if ((app = app_new(&cause)) == NULL) {
		fprintf(stderr, "timeslice: %s\n", cause);
		free(cause);
		course_release(&course);
		free(path);
		return 1;
	}
	n = notes_new(&course, path);
	app_push(app, &notes_screen_ops, n);
	rc = app_run(app);
	app_free(app);
	notes_free(n);
	course_release(&course);
	free(path);
	return rc;
}
