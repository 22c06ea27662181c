/*
 * cmd_reset.c - `timeslice reset [LESSON] [--yes]`: forgets the saved
 * progress of one lesson, or of the whole course, so a rehearsal does
 * not show its answers to the class. It asks first on a terminal; with
 * no terminal to ask on it needs --yes, so a script never wipes a
 * learner's progress by accident.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "i18n.h"
#include "lesson/course.h"
#include "store/progress.h"

/* Asks a yes/no question on the terminal; true only for y or yes. */
static bool
confirm(const char *question)
{
	char line[64];

	fputs(question, stdout);
	fflush(stdout);
	if (fgets(line, sizeof line, stdin) == NULL)
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return strcmp(line, "y") == 0 || strcmp(line, "Y") == 0 ||
	    strcmp(line, "yes") == 0 || strcmp(line, _("y")) == 0 ||
	    strcmp(line, _("yes")) == 0;
}

/*
 * Whether `id` is a lesson of the course (in any language); `langs` are
 * the course's.
 */
static bool
known_lesson(const char *id, const struct lang_list *langs)
{
	struct course c;
	struct diags d;
	bool found;

	diags_init(&d);
	course_load_langs(&c, course_root(), langs, &d);
	found = course_find(&c, id, NULL) != NULL;
	diags_release(&d);
	course_release(&c);
	return found;
}

int
cmd_reset(int argc, char **argv, const struct global_opts *g)
{
	struct progress p;
	const char *lesson = NULL;
	char *warning = NULL, *cause = NULL, question[256];
	bool yes = false;
	int gone;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--yes") == 0 || strcmp(argv[i], "-y") == 0)
			yes = true;
		else if (argv[i][0] == '-' || lesson != NULL) {
			fprintf(stderr, _("timeslice: reset: unexpected "
			    "argument '%s' (usage: timeslice reset [LESSON] "
			    "[--yes])\n"), argv[i]);
			return EXIT_USAGE;
		} else
			lesson = argv[i];
	}
	if (lesson != NULL && !known_lesson(lesson, &g->langs)) {
		fprintf(stderr, _("timeslice: reset: no lesson '%s' (try "
		    "'timeslice list')\n"), lesson);
		return EXIT_USAGE;
	}
	if (!yes && !isatty(STDIN_FILENO)) {
		fputs(_("timeslice: reset: no terminal to ask on; add --yes "
		    "to clear the progress anyway\n"), stderr);
		return EXIT_USAGE;
	}
	if (progress_load(&p, NULL, &warning) != 0) {
		fputs(_("timeslice: reset: no place for progress (set HOME "
		    "or XDG_STATE_HOME)\n"), stderr);
		return 1;
	}
	if (warning != NULL) {
		fprintf(stderr, "timeslice: %s\n", warning);
		free(warning);
	}
	if (lesson != NULL)
		snprintf(question, sizeof question, _("Forget your place and "
		    "answers in '%s'? [y/N] "), lesson);
	else
		snprintf(question, sizeof question, "%s", _("Forget your "
		    "place and answers in every lesson? [y/N] "));
	if (!yes && !confirm(question)) {
		puts(_("nothing changed"));
		progress_release(&p);
		return 0;
	}
	gone = progress_forget(&p, lesson);
	if (progress_save(&p, &cause) != 0) {
		fprintf(stderr, _("timeslice: reset: %s\n"), cause);
		free(cause);
		progress_release(&p);
		return 1;
	}
	if (lesson != NULL)
		printf(_("progress in '%s' cleared\n"), lesson);
	else
		printf(ngettext("progress cleared (%d lesson)\n",
		    "progress cleared (%d lessons)\n", gone), gone);
	progress_release(&p);
	return 0;
}
