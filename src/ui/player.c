/*
 * player.c - what the map and the pager share: saving progress without
 * ever stopping the lesson, and switching the language.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui/player.h"
#include "util.h"

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

void
player_set_lang(struct player *pl, const char *lang)
{
	pl->lang = strcmp(lang, "es") == 0 ? "es" : "en";
	progress_set_lang(&pl->progress, pl->lang);
	i18n_set_lang(pl->lang);
	player_save(pl);
}

