/*
 * cmd_glossary.c - `timeslice glossary [TERM]`: one entry of the course's
 * glossary (lesson/glossary.h) in the interface language, or the list of
 * its terms. The words after `glossary` are the term, so a term of two
 * words needs no quotes; a word of another language of the course finds
 * the same entry ("nucleo" in English shows "core"). Everything fits 80
 * columns. Exit status: 0
 * found (or the list), 1 not found (with what the learner may have
 * meant) or no glossary, 2 bad usage.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"
#include "lesson/course.h"
#include "lesson/glossary.h"
#include "util.h"

#define GLOSSARY_WIDTH 80
#define GLOSSARY_SUGGEST 3

/*
 * Prints one entry: the term and its other spellings, the definition
 * indented, and the chapter that teaches it (with its title and how to
 * open it, when the course has that chapter).
 */
static void
print_entry(FILE *f, const struct glossary_entry *e, const struct lesson *l)
{
	char *head, *line;

	if (e->naliases == 0)
		head = xstrdup(e->term);
	else {
		size_t len = strlen(e->term) + 4;

		for (size_t i = 0; i < e->naliases; i++)
			len += strlen(e->aliases[i]) + 2;
		head = xmalloc(len);
		snprintf(head, len, "%s (", e->term);
		for (size_t i = 0; i < e->naliases; i++) {
			strcat(head, e->aliases[i]);
			strcat(head, i + 1 < e->naliases ? ", " : ")");
		}
	}
	i18n_fwrap(f, head, 0, 4, GLOSSARY_WIDTH);
	fputs("  ", f);
	i18n_fwrap(f, e->def, 2, 2, GLOSSARY_WIDTH);
	if (l != NULL && l->title != NULL && l->id != NULL)
		xasprintf(&line, _("Chapter %d, \"%s\" (timeslice %s)."),
		    e->chapter, l->title, l->id);
	else
		xasprintf(&line, _("Chapter %d."), e->chapter);
	fputs("  ", f);
	i18n_fwrap(f, line, 2, 2, GLOSSARY_WIDTH);
	free(line);
	free(head);
}

/* Prints every term with its chapter, in two columns read downwards. */
static void
print_list(FILE *f, const struct glossary *g)
{
	size_t rows = (g->n + 1) / 2;

	printf(_("%zu terms; timeslice glossary TERM shows one.\n"), g->n);
	for (size_t r = 0; r < rows; r++)
		for (size_t k = r; k < g->n; k += rows) {
			char ch[32];

			snprintf(ch, sizeof ch, _("ch. %d"), g->v[k].chapter);
			fputs("  ", f);
			i18n_fpad(f, g->v[k].term, 28, 0);
			if (k + rows < g->n)
				i18n_fpad(f, ch, 8, 0);
			else
				fprintf(f, "%s\n", ch);
		}
}

/* The words of argv joined by spaces (allocated), or NULL for none. */
static char *
join_words(int argc, char **argv)
{
	size_t len = 1;
	char *s;

	if (argc == 0)
		return NULL;
	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = xcalloc(len, 1);
	for (int i = 0; i < argc; i++) {
		if (i > 0)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

/* Prints "did you mean" with up to GLOSSARY_SUGGEST terms, if any. */
static void
print_suggestions(FILE *f, const struct glossary *g, const char *word)
{
	const struct glossary_entry *near[GLOSSARY_SUGGEST];
	size_t n = glossary_suggest(g, word, near, GLOSSARY_SUGGEST);

	if (n == 0) {
		fputs(_("timeslice glossary, with no term, lists them all.\n"),
		    f);
		return;
	}
	fputs(_("did you mean:"), f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s %s", i > 0 ? "," : "", near[i]->term);
	fputs("?\n", f);
}

/*
 * Loads the glossary of `lang` (or the source language's, when `lang` has
 * none). Problems go to stderr; returns -1 when nothing could be read.
 */
static int
load_glossary(struct glossary *g, const char *lang)
{
	struct diags d;
	int rc;

	diags_init(&d);
	glossary_load_lang(g, course_root(), lang, &d);
	diags_sort(&d);
	diags_print(&d, stderr);
	rc = g->n == 0 ? -1 : 0;
	diags_release(&d);
	return rc;
}

int
cmd_glossary(int argc, char **argv, const struct global_opts *gopts)
{
	const char *lang = gopts->lang != NULL ? gopts->lang :
	    i18n_locale_lang(&gopts->langs);
	const struct glossary_entry *e;
	struct glossary g;
	char *word;
	int rc = 0;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			fputs(_("usage: timeslice glossary [TERM]\n"
			    "Shows the glossary entry of TERM (case and "
			    "accents do not matter),\nor the list of terms "
			    "when there is no TERM.\n"), stdout);
			return 0;
		}
		if (argv[i][0] == '-') {
			fprintf(stderr, _("timeslice: glossary: unknown "
			    "option '%s'\n"), argv[i]);
			return EXIT_USAGE;
		}
	}
	if (load_glossary(&g, lang) != 0) {
		glossary_release(&g);
		return 1;
	}
	word = join_words(argc, argv);
	if (word == NULL)
		print_list(stdout, &g);
	else if ((e = glossary_find(&g, word)) != NULL ||
	    (e = glossary_find_elsewhere(&g, course_root(), lang,
	    &gopts->langs, word)) != NULL) {
		struct course c;
		struct diags d;

		diags_init(&d);
		course_load_langs(&c, course_root(), &gopts->langs, &d);
		print_entry(stdout, e, course_chapter(&c, lang, e->chapter));
		course_release(&c);
		diags_release(&d);
	} else {
		char *shown = util_safe_str(word);

		fprintf(stderr, _("timeslice: no glossary entry for '%s'\n"),
		    shown);
		free(shown);
		print_suggestions(stderr, &g, word);
		rc = 1;
	}
	free(word);
	glossary_release(&g);
	return rc;
}
