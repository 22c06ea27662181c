/*
 * i18n.h - the program's own words in the learner's language (gettext),
 * which course language to show, and numbers written the way that
 * language writes them.
 *
 * Lessons are translated as files (one folder per language under the
 * lessons root, see lang.h); this is for menus, hints, help and messages.
 * A language is any language folder of the lessons root; the interface
 * uses its catalogue (po/LANG.po) where there is one and the source
 * language (LANG_SOURCE, English) otherwise. The language follows the
 * locale and `--lang` (or the choice saved in progress) overrides it.
 *
 * Numbers for people go through i18n_num: a decimal comma where the
 * interface language uses one (the catalogue says so), a point otherwise.
 * The C numeric locale is never changed, so JSON and parsing always use a
 * point.
 */
#ifndef TIMESLICE_I18N_H
#define TIMESLICE_I18N_H

#include <libintl.h>
#include <stddef.h>
#include <stdio.h>

#define _(s)		gettext(s)
#define N_(s)		(s)
/* A message with a context, for words that mean two things. */
#define C_(ctx, s)	i18n_pgettext(ctx "\004" s, s)
/* Marks a message with a context, translated later (lane names). */
#define NC_(ctx, s)	(s)

struct lang_list;

/*
 * Binds the message catalogue: $TEXTDOMAINDIR when set, the installed one,
 * or the build tree's when timeslice runs uninstalled (the first place
 * with a catalogue of `lang` or of a language of `langs`, the course's).
 * `lang`, when not NULL, overrides the locale for messages; when NULL the
 * locale's language is used if `langs` has it (i18n_locale_lang).
 */
void		 i18n_init(const char *lang, const struct lang_list *langs);

/*
 * Switches the interface language at run time (any language code; without
 * a catalogue for it the interface is in English).
 */
void		 i18n_set_lang(const char *lang);

/*
 * The language the locale asks for when it is one of `langs` (the
 * course's), else LANG_SOURCE. `langs` may be NULL (none). Static storage.
 */
const char	*i18n_locale_lang(const struct lang_list *langs);

/* gettext with a context: `key` is "context\004message". */
const char	*i18n_pgettext(const char *key, const char *msgid);

/*
 * Writes `v` with `decimals` digits after the separator of the interface
 * language ("1,02" in Spanish, "1.02" in English). Returns buf.
 */
char		*i18n_num(char *buf, size_t len, double v, int decimals);

/*
 * Writes `v` with at most `digits` significant digits and no trailing
 * zeros, as %g would, with the language's separator ("0,5", "25"). Returns
 * buf.
 */
char		*i18n_numg(char *buf, size_t len, double v, int digits);

/*
 * The columns `s` takes on a terminal: one per character (UTF-8 code
 * point), which holds for the alphabets the course is written in.
 */
int		 i18n_width(const char *s);

/*
 * Writes `s` to `f` in a field of `width` columns, padded on the right
 * (left-aligned) or on the left (`right`), as %-*s and %*s would if they
 * counted characters instead of bytes.
 */
void		 i18n_fpad(FILE *f, const char *s, int width, int right);

/*
 * The name to show for a lane the engines recorded. Engines name lanes in
 * English ("thread 3", "cashier-cook"), which the trace, JSON and Chrome
 * exports keep; their stems are marked NC_("lane", ...) where the engines
 * name them, and this translates the stem (in that context, so that a
 * lane called "worker" is not mistaken for a column heading) and keeps
 * the number. A name nobody
 * translated (a real program's thread) comes back as it is. Returns buf.
 */
const char	*i18n_lane_name(const char *name, char *buf, size_t len);

#endif
