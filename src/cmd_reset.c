/*
 * cmd_reset.c - `timeslice reset [LESSON] [--yes]`: forgets the saved
 * progress of one lesson, or of the whole course, so a rehearsal does
 * not show its answers to the class. It asks first on a terminal; with
 * no terminal to ask on it needs --yes, so a script never wipes a
 * learner's progress by accident.
 *
 * `timeslice reset --exercise ID [--yes]` puts the exercise's starter
 * back into the learner's workspace file and forgets that it was done.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "exercise/exercise.h"
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

/*
 * `reset --exercise ID`: the starter of exercise `id` (in the course
 * language) written over its workspace, and its record forgotten.
 */
static int
reset_exercise(const char *id, bool yes, const struct global_opts *g)
{
	const struct lesson_exercise *ex = NULL;
	struct course c;
	struct diags d;
	struct progress p;
	const char *lang;
	char *ws = NULL, *warning = NULL, *cause = NULL, question[512];
	int rc = 1;

	diags_init(&d);
	memset(&c, 0, sizeof c);
	course_load_langs(&c, course_root(), &g->langs, &d);
	diags_release(&d);
	lang = g->lang != NULL ? g->lang : i18n_locale_lang(&c.langs);
	for (size_t i = 0; i < c.n && ex == NULL; i++)
		if (c.v[i]->lang != NULL && strcmp(c.v[i]->lang, lang) == 0)
			ex = lesson_find_exercise(c.v[i], id);
	if (ex == NULL || ex->starter_path == NULL) {
		fprintf(stderr, _("timeslice: reset: no exercise '%s' (try "
		    "'timeslice exercise --list')\n"), id);
		course_release(&c);
		return EXIT_USAGE;
	}
	if (!yes && !isatty(STDIN_FILENO)) {
		fputs(_("timeslice: reset: no terminal to ask on; add --yes "
		    "to restore the starter anyway\n"), stderr);
		course_release(&c);
		return EXIT_USAGE;
	}
	if ((ws = exercise_workspace(lang, id)) == NULL) {
		fputs(_("timeslice: exercise: no place for the workspace (set "
		    "HOME or XDG_DATA_HOME)\n"), stderr);
		course_release(&c);
		return 1;
	}
	snprintf(question, sizeof question, _("Put the starter back in %s, "
	    "over your solution? [y/N] "), ws);
	if (!yes && !confirm(question)) {
		puts(_("nothing changed"));
		rc = 0;
	} else if (exercise_workspace_restore(ws, ex->starter_path,
	    &cause) != 0) {
		fprintf(stderr, _("timeslice: reset: %s\n"), cause);
		free(cause);
	} else {
		if (progress_load(&p, NULL, &warning) == 0) {
			if (progress_forget_exercise(&p, id) &&
			    progress_save(&p, &cause) != 0) {
				fprintf(stderr, _("timeslice: reset: %s\n"),
				    cause);
				free(cause);
			}
			progress_release(&p);
		}
		free(warning);
		printf(_("exercise '%s' restored from the starter: %s\n"), id,
		    ws);
		rc = 0;
	}
	free(ws);
	course_release(&c);
	return rc;
}

int
cmd_reset(int argc, char **argv, const struct global_opts *g)
{
	struct progress p;
	const char *lesson = NULL, *exercise = NULL;
	char *warning = NULL, *cause = NULL, question[256];
	bool yes = false;
	int gone;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--yes") == 0 || strcmp(argv[i], "-y") == 0)
			yes = true;
		else if (strcmp(argv[i], "--exercise") == 0 && i + 1 < argc)
			exercise = argv[++i];
		else if (argv[i][0] == '-' || lesson != NULL) {
			fprintf(stderr, _("timeslice: reset: unexpected "
			    "argument '%s' (usage: timeslice reset [LESSON] "
			    "[--yes])\n"), argv[i]);
			return EXIT_USAGE;
		} else
			lesson = argv[i];
	}
	if (exercise != NULL && lesson == NULL)
		return reset_exercise(exercise, yes, g);
	if (exercise != NULL) {
		fputs(_("timeslice: reset: give a lesson or --exercise ID, not "
		    "both\n"), stderr);
		return EXIT_USAGE;
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
	/* The whole course: which exercises were done goes too (the files
	 * stay: they are the learner's work). */
	if (lesson == NULL)
		progress_forget_exercise(&p, NULL);
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
