/*
 * cmd_open.c - `timeslice` (the course map), `timeslice LESSON` (a lesson
 * by id or by path) and `timeslice --watch FILE` (a lesson reloaded on
 * every save): load the course and the progress, then run the player.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"
#include "trace/clock.h"
#include "ui/player.h"
#include "ui/toc.h"
#include "util.h"

/* Whether the argument names a file rather than a lesson id. */
static bool
is_path(const char *s)
{
	size_t n = strlen(s);

	return strchr(s, '/') != NULL ||
	    (n > 3 && strcmp(s + n - 3, ".md") == 0);
}

/* The known lesson id closest to `id`, for "did you mean". */
static const char *
nearest_id(const struct course *c, const char *id)
{
	const char *best = NULL;
	int bestd = (int)strlen(id) / 3 + 1;

	for (size_t i = 0; i < c->n; i++) {
		int d;

		if (c->v[i]->id == NULL)
			continue;
		d = edit_distance(id, c->v[i]->id, bestd);
		if (d <= bestd && (best == NULL || d < bestd)) {
			best = c->v[i]->id;
			bestd = d;
		}
	}
	return best;
}

/* Frees what cmd_open gathered for the player. */
static void
player_release(struct player *pl)
{
	course_release(&pl->course);
	progress_release(&pl->scratch);
	diags_release(&pl->diags);
	progress_release(&pl->progress);
	free(pl->notice);
}

/*
 * What is saved: nothing with --no-save (the progress is read, but its
 * file forgotten, so no save ever writes); in presenter mode the place
 * but not the answers, unless --save.
 */
static void
choose_saving(struct player *pl, const struct global_opts *g)
{
	if (g->save == 0) {
		free(pl->progress.path);
		pl->progress.path = NULL;
	}
	pl->answers_aside = pl->presenter && g->save != 1;
}

int
cmd_open(const char *arg, const struct global_opts *g)
{
	struct player pl;
	struct lesson *l = NULL;
	bool owned = false;
	char *warning = NULL, *cause = NULL, *lesson = NULL, *anchor = NULL;
	const char *watch = g->watch;
	void *pg;
	int rc;

	memset(&pl, 0, sizeof pl);
	pl.start_ns = clock_now_ns();
	pl.presenter = g->presenter != 0;
	diags_init(&pl.diags);
	progress_load(&pl.progress, NULL, &warning);
	if (warning != NULL)
		pl.notice = warning;
	choose_saving(&pl, g);
	if (arg != NULL) {
		/* LESSON#SECTION: the section's slug after the '#'. */
		lesson = xstrdup(arg);
		if ((anchor = strchr(lesson, '#')) != NULL)
			*anchor++ = '\0';
	}
	course_load_langs(&pl.course, course_root(), &g->langs, &pl.diags);
	/* --lang, else the language chosen last if the course still has it. */
	pl.lang = g->lang ? g->lang : (lang_has(&pl.course.langs,
	    pl.progress.lang) ? pl.progress.lang :
	    i18n_locale_lang(&pl.course.langs));
	if (g->lang == NULL)
		i18n_set_lang(pl.lang);

	if (watch != NULL) {
		struct diags d;

		diags_init(&d);
		if ((l = lesson_load(watch, &d)) == NULL) {
			diags_print(&d, stderr);
			diags_release(&d);
			player_release(&pl);
			free(lesson);
			return 1;
		}
		diags_release(&d);
		owned = true;
	} else if (lesson != NULL && is_path(lesson)) {
		struct diags d;

		diags_init(&d);
		l = lesson_load(lesson, &d);
		diags_print(&d, stderr);
		diags_release(&d);
		if (l == NULL) {
			player_release(&pl);
			free(lesson);
			return 1;
		}
		owned = true;
	} else if (lesson != NULL) {
		l = course_find(&pl.course, lesson, pl.lang);
		if (l == NULL)
			l = course_find(&pl.course, lesson, NULL);
		if (l == NULL) {
			const char *s = nearest_id(&pl.course, lesson);

			fprintf(stderr, _("timeslice: no lesson '%s'"), lesson);
			if (s != NULL)
				fprintf(stderr, _(" (did you mean '%s'?)"), s);
			fprintf(stderr, _(" (try 'timeslice list')\n"));
			player_release(&pl);
			free(lesson);
			return EXIT_USAGE;
		}
	}
	if (l != NULL && anchor != NULL && *anchor != '\0' &&
	    toc_find(l, anchor) < 0) {
		fprintf(stderr, _("timeslice: lesson '%s' has no section "
		    "'%s'\n"), l->id ? l->id : lesson, anchor);
		if (owned)
			lesson_free(l);
		player_release(&pl);
		free(lesson);
		return EXIT_USAGE;
	}

	if ((pl.app = app_new(&cause)) == NULL) {
		fprintf(stderr, "timeslice: %s\n", cause);
		free(cause);
		if (owned)
			lesson_free(l);
		player_release(&pl);
		free(lesson);
		return 1;
	}
	if (l == NULL)
		map_open(&pl);
	else {
		pg = pager_open(&pl, l, owned, watch);
		if (anchor != NULL && *anchor != '\0')
			pager_goto_section(pg, anchor);
	}
	free(lesson);
	rc = app_run(pl.app);
	app_free(pl.app);
	player_save(&pl);
	if (pl.notice != NULL && rc == 0)
		fprintf(stderr, "timeslice: %s\n", pl.notice);
	player_release(&pl);
	return rc;
}
