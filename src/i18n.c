/*
 * i18n.c - finding the message catalogue, choosing the language, and
 * writing numbers the way that language does.
 *
 * gettext ignores LANGUAGE in the "C" locale, so when a language is forced
 * and the locale is plain C we move LC_MESSAGES to C.UTF-8, which has no
 * such exception, before asking for the catalogue. LC_NUMERIC is never
 * touched: the decimal separator comes from the catalogue itself (the
 * message "." in the context "decimal separator"), so a language that
 * writes "1,5" says so in its po file and needs no C.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "lang.h"
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

static char cur_lang[LANG_CODE_MAX] = LANG_SOURCE;

/* Whether `dir` holds the catalogue of `lang`. */
static int
has_catalogue(const char *dir, const char *lang)
{
	char path[4096];
	struct stat sb;

	if (*dir == '\0')
		return 0;
	snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/timeslice.mo", dir,
	    lang);
	return stat(path, &sb) == 0;
}

/*
 * Whether `dir` holds the catalogue of `lang` or of a language of
 * `langs`. The source language has no catalogue, yet the interface may
 * switch from it at run time: the catalogues of the course's other
 * languages, which ship together, say where they all are.
 */
static int
has_catalogues(const char *dir, const char *lang,
    const struct lang_list *langs)
{
	if (has_catalogue(dir, lang))
		return 1;
	for (int i = 0; langs != NULL && i < langs->n; i++)
		if (has_catalogue(dir, langs->v[i]))
			return 1;
	return 0;
}

void
i18n_set_lang(const char *lang)
{
	const char *cur;

	if (lang == NULL)
		return;
	snprintf(cur_lang, sizeof cur_lang, "%s", lang);
	setenv("LANGUAGE", lang, 1);
	cur = setlocale(LC_MESSAGES, NULL);
	if (cur == NULL || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	/* Tell gettext its cache of translations is stale. */
	textdomain("timeslice");
}

/*
 * Binds the catalogue: TEXTDOMAINDIR when set; else the build tree's for a
 * timeslice in its build tree, else the installed one, looked for beside
 * the executable first (an installed tree that was moved), then where it
 * was configured to be.
 */
void
i18n_init(const char *lang, const struct lang_list *langs)
{
	static char beside_dir[4096];
	const char *dir = getenv("TEXTDOMAINDIR");
	int forced = lang != NULL;
	char *beside = paths_beside_exe(TIMESLICE_REL_LOCALEDIR);

	if (beside != NULL) {
		snprintf(beside_dir, sizeof beside_dir, "%s", beside);
		free(beside);
	}
	if (lang == NULL)
		lang = i18n_locale_lang(langs);
	if (dir == NULL || *dir == '\0') {
		dir = TIMESLICE_LOCALEDIR;
		if (paths_in_build_tree() &&
		    has_catalogues(TIMESLICE_BUILD_LOCALEDIR, lang, langs))
			dir = TIMESLICE_BUILD_LOCALEDIR;
		else if (has_catalogues(beside_dir, lang, langs))
			dir = beside_dir;
		else if (!has_catalogues(dir, lang, langs) &&
		    has_catalogues(TIMESLICE_BUILD_LOCALEDIR, lang, langs))
			dir = TIMESLICE_BUILD_LOCALEDIR;
	}
	bindtextdomain("timeslice", dir);
	bind_textdomain_codeset("timeslice", "UTF-8");
	textdomain("timeslice");
	/*
	 * LANG=es_ES.UTF-8 should work even where that locale is missing, so
	 * a language the locale asks for is forced too; the source language
	 * needs no LANGUAGE, which programs timeslice starts would inherit.
	 */
	if (forced || strcmp(lang, LANG_SOURCE) != 0)
		i18n_set_lang(lang);
	else
		snprintf(cur_lang, sizeof cur_lang, "%s", lang);
}

const char *
i18n_locale_lang(const struct lang_list *langs)
{
	static char code[LANG_CODE_MAX];
	const char *vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v == NULL || *v == '\0')
			continue;
		/* LANGUAGE is a list ("fr:es"); the others one locale. */
		while (*v != '\0') {
			size_t n = strcspn(v, "_.@:");

			if (n < sizeof code && langs != NULL) {
				memcpy(code, v, n);
				code[n] = '\0';
				if (lang_has(langs, code))
					return code;
			}
			v += strcspn(v, ":");
			v += *v == ':';
		}
		break;
	}
	return LANG_SOURCE;
}

const char *
i18n_pgettext(const char *key, const char *msgid)
{
	const char *t = gettext(key);

	return t == key ? msgid : t;
}

/* The decimal separator of the interface language: '.' or ','. */
static char
i18n_decimal_point(void)
{
	/* TRANSLATORS: the character that separates decimals: "." or ",". */
	const char *s = C_("decimal separator", ".");

	return *s == ',' ? ',' : '.';
}

/* Replaces the C locale's decimal point in `buf` with the language's. */
static char *
localize_point(char *buf)
{
	char sep = i18n_decimal_point(), *p;

	if (sep != '.' && (p = strchr(buf, '.')) != NULL)
		*p = sep;
	return buf;
}

char *
i18n_num(char *buf, size_t len, double v, int decimals)
{
	snprintf(buf, len, "%.*f", decimals, v);
	return localize_point(buf);
}

char *
i18n_numg(char *buf, size_t len, double v, int digits)
{
	snprintf(buf, len, "%.*g", digits, v);
	return localize_point(buf);
}

int
i18n_width(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

void
i18n_fpad(FILE *f, const char *s, int width, int right)
{
	int pad = width - i18n_width(s);

	if (right)
		for (; pad > 0; pad--)
			fputc(' ', f);
	fputs(s, f);
	if (!right)
		for (; pad > 0; pad--)
			fputc(' ', f);
}

const char *
i18n_lane_name(const char *name, char *buf, size_t len)
{
	const char *t, *sp;
	char stem[80];
	size_t n;

	if (name == NULL || *name == '\0' || strlen(name) >= sizeof stem)
		return name;
	/* "stem N": the stem is the translated part. */
	sp = strrchr(name, ' ');
	if (sp == NULL || sp[1] == '\0' || strspn(sp + 1, "0123456789") !=
	    strlen(sp + 1))
		sp = name + strlen(name);
	n = (size_t)(sp - name);
	snprintf(stem, sizeof stem, "lane\004%.*s", (int)n, name);
	if ((t = gettext(stem)) == stem)
		return name;
	snprintf(buf, len, "%s%s", t, sp);
	return buf;
}
