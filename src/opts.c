/*
 * opts.c - reading and applying the global options (see opts.h).
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "lang.h"
#include "opts.h"
#include "trace/export.h"
#include "ui/canvas.h"
#include "ui/term.h"

/*
 * The value of option `name` at argv[*i]: after its '=', or the next
 * argument (taken); NULL when there is none.
 */
static const char *
opt_value(int argc, char **argv, int *i, const char *name)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (a[n] == '=')
		return a + n + 1;
	return *i + 1 < argc ? argv[++*i] : NULL;
}

/* Whether argv word `a` is option `name`, alone or as `name=value`. */
static int
is_opt(const char *a, const char *name)
{
	size_t n = strlen(name);

	return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

int
global_opt(int argc, char **argv, int *i, struct global_opts *g)
{
	const char *a = argv[*i], *v;

	if (is_opt(a, "--lang")) {
		char list[LANG_MAX * LANG_CODE_MAX];

		v = opt_value(argc, argv, i, "--lang");
		if (v == NULL || !lang_has(&g->langs, v)) {
			fprintf(stderr, _("timeslice: --lang: '%s' is not a "
			    "course language (allowed: %s)\n"), v ? v : "",
			    lang_join(&g->langs, list, sizeof list));
			return -1;
		}
		g->lang = v;
		i18n_set_lang(v);
	} else if (is_opt(a, "--export-dir")) {
		v = opt_value(argc, argv, i, "--export-dir");
		if (v == NULL || *v == '\0') {
			fputs(_("timeslice: --export-dir needs a folder\n"),
			    stderr);
			return -1;
		}
		export_set_dir(v);
	} else if (is_opt(a, "--theme")) {
		v = opt_value(argc, argv, i, "--theme");
		if (v == NULL || (g->theme = canvas_theme_parse(v)) < 0) {
			fprintf(stderr, _("timeslice: --theme: '%s' is not a "
			    "theme (allowed: dark, light, mono, projector)\n"),
			    v ? v : "");
			return -1;
		}
	} else if (strcmp(a, "--watch") == 0) {
		if (*i + 1 >= argc) {
			fputs(_("timeslice: --watch needs a lesson file\n"),
			    stderr);
			return -1;
		}
		g->watch = argv[++*i];
	} else if (strcmp(a, "--presenter") == 0)
		g->presenter = 1;
	else if (strcmp(a, "--no-save") == 0)
		g->save = 0;
	else if (strcmp(a, "--save") == 0)
		g->save = 1;
	else
		return 0;
	return 1;
}

void
global_opts_apply(const struct global_opts *g)
{
	i18n_init(g->lang, &g->langs);
	if (g->theme >= 0)
		term_set_theme((enum canvas_theme)g->theme);
	else
		term_set_theme(g->presenter ? CANVAS_THEME_PROJECTOR :
		    CANVAS_THEME_DARK);
}
