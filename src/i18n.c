/*
 * i18n.c - finding the message catalogue and choosing the language.
 *
 * gettext ignores LANGUAGE in the "C" locale, so when a language is forced
 * and the locale is plain C we move LC_MESSAGES to C.UTF-8, which has no
 * such exception, before asking for the catalogue.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "paths.h"

#ifndef TIMESLICE_LOCALEDIR
#define TIMESLICE_LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef TIMESLICE_BUILD_LOCALEDIR
#define TIMESLICE_BUILD_LOCALEDIR ""
#endif
#ifndef TIMESLICE_REL_LOCALEDIR
#define TIMESLICE_REL_LOCALEDIR ""
#endif

/* Whether `dir` holds the Spanish catalogue. */
static int
has_catalogue(const char *dir)
{
	char path[4096];
	struct stat sb;

	if (*dir == '\0')
		return 0;
	snprintf(path, sizeof path, "%s/es/LC_MESSAGES/timeslice.mo", dir);
	return stat(path, &sb) == 0;
}

void
i18n_set_lang(const char *lang)
{
	const char *cur;

	if (lang == NULL)
		return;
	setenv("LANGUAGE", lang, 1);
	cur = setlocale(LC_MESSAGES, NULL);
	if (cur == NULL || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	/* Tell gettext its cache of translations is stale. */
	textdomain("timeslice");
}

/*
 * Binds the catalogue: the build tree's for a timeslice in its build
 * tree, else the installed one, looked for beside the executable first
 * (an installed tree that was moved), then where it was configured to be.
 */
void
i18n_init(const char *lang)
{
	static char beside_dir[4096];
	const char *dir = TIMESLICE_LOCALEDIR;
	char *beside = paths_beside_exe(TIMESLICE_REL_LOCALEDIR);

	if (beside != NULL) {
		snprintf(beside_dir, sizeof beside_dir, "%s", beside);
		free(beside);
	}
	if (paths_in_build_tree() && has_catalogue(TIMESLICE_BUILD_LOCALEDIR))
		dir = TIMESLICE_BUILD_LOCALEDIR;
	else if (has_catalogue(beside_dir))
		dir = beside_dir;
	else if (!has_catalogue(dir) &&
	    has_catalogue(TIMESLICE_BUILD_LOCALEDIR))
		dir = TIMESLICE_BUILD_LOCALEDIR;
	bindtextdomain("timeslice", dir);
	bind_textdomain_codeset("timeslice", "UTF-8");
	textdomain("timeslice");
	/* LANG=es_ES.UTF-8 should work even where that locale is missing. */
	if (lang == NULL && strcmp(i18n_locale_lang(), "es") == 0)
		lang = "es";
	if (lang != NULL)
		i18n_set_lang(lang);
}

const char *
i18n_locale_lang(void)
{
	const char *vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v == NULL || *v == '\0')
			continue;
		return strncmp(v, "es", 2) == 0 ? "es" : "en";
	}
	return "en";
}
