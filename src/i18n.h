/*
 * i18n.h - the program's own words in the learner's language (gettext),
 * and which course language to show.
 *
 * Lessons are translated as files (lessons/en, lessons/es); this is for
 * menus, hints, help and messages. The language follows the locale and
 * `--lang` (or the choice saved in progress) overrides it.
 */
#ifndef TIMESLICE_I18N_H
#define TIMESLICE_I18N_H

#include <libintl.h>

#define _(s)	gettext(s)
#define N_(s)	(s)

/*
 * Binds the message catalogue: the installed one, or the build tree's
 * when timeslice runs uninstalled. `lang` ("en"/"es"), when not NULL,
 * overrides the locale for messages.
 */
void		 i18n_init(const char *lang);

/* Switches the interface language at run time ("en" or "es"). */
void		 i18n_set_lang(const char *lang);

/* The course language the locale asks for: "es" or "en". */
const char	*i18n_locale_lang(void);

#endif
