/*
 * player.c - what the map and the pager share: saving progress without
 * ever stopping the lesson, switching the language, and the keys overlay.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lang.h"
#include "ui/player.h"
#include "util.h"

/* Saves progress; a failure becomes the notice rather than an exit. */
void
player_save(struct player *pl)
{
	char *cause = NULL;

	if (pl->progress.path == NULL)
		return;
	if (progress_save(&pl->progress, &cause) != 0) {
		free(pl->notice);
		xasprintf(&pl->notice, _("progress not saved: %s"), cause);
		free(cause);
	}
}

struct progress *
player_answers(struct player *pl)
{
	return pl->answers_aside ? &pl->scratch : &pl->progress;
}

/* Changes the course and interface language, and saves the choice. */
void
player_set_lang(struct player *pl, const char *lang)
{
	const struct lang_list *langs = &pl->course.langs;

	/* The course's own copy of the code, which lives as long as it. */
	for (int i = 0; i < langs->n; i++)
		if (strcmp(langs->v[i], lang) == 0)
			lang = langs->v[i];
	pl->lang = lang;
	progress_set_lang(&pl->progress, pl->lang);
	i18n_set_lang(pl->lang);
	player_save(pl);
}


void
player_help_langs(const struct player *pl, struct key_help *h, char *buf,
    size_t len)
{
	char langs[LANG_MAX * LANG_CODE_MAX];

	for (int i = 0; i < h->n; i++)
		if (strcmp(h->v[i].names, "L") == 0 && h->v[i].help != NULL) {
			/* Already translated: gettext leaves it as it is. */
			snprintf(buf, len, "%s (%s)", _(h->v[i].help),
			    lang_join(&pl->course.langs, langs, sizeof langs));
			h->v[i].help = buf;
		}
}

const char *
player_next_lang(const struct player *pl)
{
	return lang_next(&pl->course.langs, pl->lang);
}
