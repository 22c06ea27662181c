/*
 * cmd_check.c - `timeslice check PATH...` and `timeslice list`.
 *
 * check parses every lesson it is given (files, folders of lessons, or a
 * lessons root with en/ and es/), then compares them with the rest of the
 * course they belong to, and prints every problem at once, sorted by
 * place. It exits 1 if any of them is an error.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>

#include "cmd.h"
#include "i18n.h"
#include "lesson/course.h"
#include "store/progress.h"
#include "util.h"

struct pathset {
	char	**v;
	size_t	  n;
};

static void
pathset_add(struct pathset *s, const char *path)
{
	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	s->v[s->n++] = xstrdup(path);
}

static void
pathset_free(struct pathset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

static bool
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Adds the .md files of a directory to `files`. */
static void
add_dir(struct pathset *files, const char *dir)
{
	char **v;
	size_t n = course_list_dir(dir, &v);

	for (size_t i = 0; i < n; i++) {
		pathset_add(files, v[i]);
		free(v[i]);
	}
	free(v);
}

int
cmd_check(int argc, char **argv, const struct global_opts *g)
{
	struct pathset files = { NULL, 0 };
	struct lesson **checked = NULL;
	size_t nchecked = 0;
	struct diags d;
	int status;

	(void)g;
	diags_init(&d);
	if (argc == 0) {
		const char *root = course_root();

		for (int i = 0; i < COURSE_NLANGS; i++) {
			char *sub;

			xasprintf(&sub, "%s/%s", root, course_langs[i]);
			add_dir(&files, sub);
			free(sub);
		}
		if (files.n == 0)
			diags_add(&d, DIAG_ERROR, root, 0, 0, "%s",
			    _("no lessons here (expected folders en/ and es/ "
			    "of .md files)"));
	}
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			printf("%s", _("usage: timeslice check [PATH...]\n"
			    "Checks lesson files, folders of lessons or a "
			    "lessons root (with en/ and es/);\nwith no PATH, "
			    "the whole course. Prints every problem as\n"
			    "file:line:col: error|warning: message and exits "
			    "1 if there is any error.\nThe format is in "
			    "lessons/FORMAT.md.\n"));
			return 0;
		}
		if (strncmp(a, "--", 2) == 0 && a[2] != '\0') {
			fprintf(stderr, _("timeslice: check: unknown option "
			    "'%s'\n"), a);
			return EXIT_USAGE;
		}
		if (is_dir(a)) {
			size_t before = files.n;

			if (course_is_root(a)) {
				for (int k = 0; k < COURSE_NLANGS; k++) {
					char *sub;

					xasprintf(&sub, "%s/%s", a,
					    course_langs[k]);
					add_dir(&files, sub);
					free(sub);
				}
			} else
				add_dir(&files, a);
			if (files.n == before)
				diags_add(&d, DIAG_WARNING, a, 0, 0, "%s",
				    _("no .md lesson files in this folder"));
		} else
			pathset_add(&files, a);
	}

	for (size_t i = 0; i < files.n; i++) {
		struct lesson *l = lesson_load(files.v[i], &d);

		if (l == NULL)
			continue;
		checked = xreallocarray(checked, nchecked + 1,
		    sizeof *checked);
		checked[nchecked++] = l;
	}
	course_check_context(checked, nchecked, &d);

	diags_sort(&d);
	diags_print(&d, stderr);
	if (d.errors > 0 || d.warnings > 0)
		fprintf(stderr, _("%d error(s), %d warning(s) in %zu lesson "
		    "file(s)\n"), d.errors, d.warnings, nchecked);
	else
		printf(_("%zu lesson file(s) checked: no problems\n"),
		    nchecked);
	status = d.errors > 0 ? 1 : 0;

	for (size_t i = 0; i < nchecked; i++)
		lesson_free(checked[i]);
	free(checked);
	pathset_free(&files);
	diags_release(&d);
	return status;
}

/* Prints `s` padded with spaces to `w` terminal columns. */
static void
print_padded(const char *s, int w)
{
	wchar_t wc[512];
	char *shown = util_safe_str(s);	/* a title drives no terminal */
	size_t n = mbstowcs(wc, shown, 511);
	int cols = n == (size_t)-1 ? (int)strlen(shown) : wcswidth(wc, n);

	if (cols < 0)
		cols = (int)strlen(shown);
	fputs(shown, stdout);
	free(shown);
	for (; cols < w; cols++)
		putchar(' ');
}

/* The course language to show: --lang, the saved choice, the locale. */
static const char *
pick_lang(const struct global_opts *g, const struct progress *p)
{
	if (g != NULL && g->lang != NULL)
		return g->lang;
	if (p != NULL && p->lang != NULL)
		return p->lang;
	return i18n_locale_lang();
}

int
cmd_list(int argc, char **argv, const struct global_opts *g)
{
	struct course c;
	struct progress p;
	struct diags d;
	char *warning = NULL;
	const char *lang;

	(void)argv;
	if (argc > 0) {
		fprintf(stderr, _("timeslice: list takes no arguments\n"));
		return EXIT_USAGE;
	}
	diags_init(&d);
	progress_load(&p, NULL, &warning);
	if (warning != NULL) {
		fprintf(stderr, "timeslice: %s\n", warning);
		free(warning);
	}
	lang = pick_lang(g, &p);
	if (course_load(&c, course_root(), &d) != 0) {
		diags_print(&d, stderr);
		diags_release(&d);
		progress_release(&p);
		course_release(&c);
		return 1;
	}
	print_padded(_("ch"), 4);
	print_padded(_("id"), 25);
	print_padded(_("title"), 41);
	printf("%s\n", _("progress"));
	for (size_t i = 0; i < c.n; i++) {
		const struct lesson *l = c.v[i];
		const struct progress_lesson *pl;
		int right, answered, total = lesson_count_quizzes(l);
		char prog[128];

		if (l->lang == NULL || strcmp(l->lang, lang) != 0)
			continue;
		pl = l->id ? progress_lesson(&p, l->id, false) : NULL;
		progress_score(&p, l->id ? l->id : "", &right, &answered);
		if (pl == NULL)
			snprintf(prog, sizeof prog, "%s", _("not started"));
		else
			snprintf(prog, sizeof prog,
			    _("%s, quizzes %d/%d right"), pl->done ?
			    _("done") : _("started"), right, total);
		printf("%-3d ", l->chapter);
		print_padded(l->id ? l->id : "?", 25);
		print_padded(l->title ? l->title : "?", 41);
		printf("%s%s\n", prog,
		    p.last && l->id && strcmp(p.last, l->id) == 0 ?
		    _(" (last read)") : "");
	}
	if (d.errors > 0)
		fprintf(stderr, _("timeslice: the lessons have %d error(s); "
		    "run 'timeslice check' to see them\n"), d.errors);
	diags_release(&d);
	progress_release(&p);
	course_release(&c);
	return 0;
}
