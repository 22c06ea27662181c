/*
 * cmd_check.c - `timeslice check PATH...` and `timeslice list`.
 *
 * check parses every lesson it is given (files, folders of lessons, or a
 * lessons root with a folder per language), then compares them with the
 * rest of the course they belong to, and prints every problem at once,
 * sorted by place: as `file:line:col: error: message` lines for people,
 * or with --format json as JSON Lines for editors and scripts. It exits 1
 * if any of them is an error (with --strict, if there is any problem).
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cmd.h"
#include "i18n.h"
#include "lesson/chref.h"
#include "lesson/course.h"
#include "lesson/glossary.h"
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

/*
 * Prints each diagnostic as one JSON object a line (JSON Lines): file,
 * line and col (null when the problem is the whole file), severity
 * ("error" or "warning") and message.
 */
static void
print_json(const struct diags *d, FILE *f)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		json_object *o = json_object_new_object();
		bool place = g->line > 0;

		json_object_object_add(o, "file",
		    json_object_new_string(g->file));
		json_object_object_add(o, "line",
		    place ? json_object_new_int(g->line) : NULL);
		json_object_object_add(o, "col", place ?
		    json_object_new_int(g->col > 0 ? g->col : 1) : NULL);
		json_object_object_add(o, "severity", json_object_new_string(
		    g->level == DIAG_ERROR ? "error" : "warning"));
		json_object_object_add(o, "message",
		    json_object_new_string(g->msg));
		fprintf(f, "%s\n", json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	}
}

/*
 * Adds the lessons of a lessons root (its language folders): `known` when
 * its languages were scanned already (the course's), else scanned here.
 */
static void
add_root(struct pathset *files, const char *root,
    const struct lang_list *known)
{
	struct lang_list langs;

	if (known == NULL)
		lang_scan(root, &langs);
	else
		langs = *known;
	for (int k = 0; k < langs.n; k++) {
		char *sub;

		xasprintf(&sub, "%s/%s", root, langs.v[k]);
		add_dir(files, sub);
		free(sub);
	}
}

/*
 * Checks the glossary files of the lessons root `root` (glossary.h), one
 * per language that has one, that each translation has the source
 * glossary's ids, and that each names chapters its language has
 * (chref.h). Returns how many files were read.
 */
static size_t
check_glossaries(const char *root, const struct lang_list *known,
    struct diags *d)
{
	struct lang_list langs;
	struct glossary src;
	char *spath = glossary_path(root, LANG_SOURCE);
	size_t nfiles = 0;
	bool have_src = access(spath, F_OK) == 0;

	if (known == NULL)
		lang_scan(root, &langs);
	else
		langs = *known;
	memset(&src, 0, sizeof src);
	if (have_src) {
		glossary_load(&src, spath, d);
		chref_check_root_glossary(root, LANG_SOURCE, d);
		nfiles++;
	}
	for (int k = 0; k < langs.n; k++) {
		struct glossary tr;
		char *path;

		if (strcmp(langs.v[k], LANG_SOURCE) == 0)
			continue;
		path = glossary_path(root, langs.v[k]);
		if (access(path, F_OK) == 0) {
			glossary_load(&tr, path, d);
			if (have_src)
				glossary_compare(&src, &tr, path, d);
			chref_check_root_glossary(root, langs.v[k], d);
			glossary_release(&tr);
			nfiles++;
		}
		free(path);
	}
	glossary_release(&src);
	free(spath);
	return nfiles;
}

/*
 * Lints the bold terms of lesson `l` (glossary_lint) against the
 * glossaries of the lessons root above its language folder: its own
 * language's, and each other one's. A language without a glossary file
 * is not linted (the glossary check says what is missing).
 */
static void
lint_terms(const struct lesson *l, struct diags *d)
{
	char *root, *slash = NULL, *path;
	struct glossary here, other;
	struct lang_list langs;
	struct diags ignored;	/* the glossary check reports its own */

	if (l->lang == NULL || l->path == NULL)
		return;
	root = xstrdup(l->path);
	/* ROOT/LANG/FILE.md: up twice. */
	for (int up = 0; up < 2; up++)
		if ((slash = strrchr(root, '/')) != NULL)
			*slash = '\0';
	path = slash != NULL ? glossary_path(root, l->lang) : NULL;
	if (path == NULL || access(path, F_OK) != 0) {
		free(path);
		free(root);
		return;
	}
	diags_init(&ignored);
	glossary_load(&here, path, &ignored);
	lang_scan(root, &langs);
	for (int k = 0; k < langs.n; k++) {
		char *opath = glossary_path(root, langs.v[k]);

		if (strcmp(langs.v[k], l->lang) != 0 &&
		    access(opath, F_OK) == 0) {
			glossary_load(&other, opath, &ignored);
			glossary_lint(l, &here, &other, langs.v[k], d);
			glossary_release(&other);
		}
		free(opath);
	}
	glossary_release(&here);
	diags_release(&ignored);
	free(path);
	free(root);
}

/* Whether `path` is a glossary file: a .md file in a glossary/ folder. */
static bool
is_glossary_file(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = strlen(path);

	if (slash == NULL || n < 3 || strcmp(path + n - 3, ".md") != 0)
		return false;
	return (slash - path >= 8 && strncmp(slash - 8, "glossary", 8) == 0 &&
	    (slash - path == 8 || slash[-9] == '/'));
}

/*
 * The chapters a lone glossary file names, when it is the glossary of a
 * lessons root: `<root>/glossary/<lang>.md`.
 */
static void
check_glossary_chapters(const char *path, struct diags *d)
{
	char *root = xstrdup(path), *slash, *base;
	size_t n;

	if ((slash = strrchr(root, '/')) == NULL) {
		free(root);
		return;
	}
	*slash = '\0';
	base = slash + 1;
	n = strlen(base) - 3;		/* is_glossary_file: it ends in .md */
	base[n] = '\0';
	/* What is left is <root>/glossary, or "glossary" for root ".". */
	if ((slash = strrchr(root, '/')) != NULL)
		*slash = '\0';
	else
		strcpy(root, ".");
	if (lang_is_code(base, n))
		chref_check_root_glossary(root, base, d);
	free(root);
}

/*
 * Reads the options of check, collecting the paths into `paths` (argv
 * strings, not copied). Returns 0, -1 after an error (printed), or 1 for
 * --help.
 */
static int
check_options(int argc, char **argv, bool *strict, bool *json,
    const char **paths, int *npaths)
{
	bool dashdash = false;

	*npaths = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *fmt = NULL;

		if (dashdash || a[0] != '-' || a[1] == '\0') {
			paths[(*npaths)++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			dashdash = true;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return 1;
		if (strcmp(a, "--strict") == 0) {
			*strict = true;
			continue;
		}
		if (strncmp(a, "--format=", 9) == 0)
			fmt = a + 9;
		else if (strcmp(a, "--format") == 0 && i + 1 < argc)
			fmt = argv[++i];
		if (fmt != NULL && (strcmp(fmt, "json") == 0 ||
		    strcmp(fmt, "text") == 0)) {
			*json = strcmp(fmt, "json") == 0;
			continue;
		}
		if (fmt != NULL)
			fprintf(stderr, _("timeslice: check: unknown format "
			    "'%s' (allowed: text, json)\n"), fmt);
		else
			fprintf(stderr, _("timeslice: check: unknown option "
			    "'%s'\n"), a);
		return -1;
	}
	return 0;
}

int
cmd_check(int argc, char **argv, const struct global_opts *g)
{
	struct pathset files = { NULL, 0 };
	struct lesson **checked = NULL;
	const char **paths = xcalloc((size_t)argc + 1, sizeof *paths);
	size_t nchecked = 0, nglossaries = 0;
	struct diags d;
	unsigned flags = 0;
	bool strict = false, json = false;
	int status, npaths;

	switch (check_options(argc, argv, &strict, &json, paths, &npaths)) {
	case 1:
		printf("%s", _("usage: timeslice check [--strict] [--format "
		    "text|json] [PATH...]\n"
		    "Checks lesson files, folders of lessons or a lessons root "
		    "(with a folder per language, such as en/ and es/);\nwith no PATH, the whole course. "
		    "Prints every problem as\nfile:line:col: error|warning: "
		    "message and exits 1 if there is any error.\n"
		    "  --strict         warnings fail too (exit 1)\n"
		    "  --format json    one JSON object a problem, one a line "
		    "(JSON Lines),\n"
		    "                   with file, line, col, severity, "
		    "message\n"
		    "The format is in lessons/FORMAT.md.\n"));
		free(paths);
		return 0;
	case -1:
		free(paths);
		return EXIT_USAGE;
	}
	diags_init(&d);
	if (npaths == 0) {
		const char *root = course_root();

		flags |= COURSE_CHAPTERS;
		add_root(&files, root, &g->langs);
		nglossaries += check_glossaries(root, &g->langs, &d);
		if (files.n == 0)
			diags_put(&d, DIAG_ERROR, root, 0, 0,
			    _("no lessons here (expected language folders such as "
			    "en/ and es/ of .md files)"));
	}
	for (int i = 0; i < npaths; i++) {
		char *a = xstrdup(paths[i]);
		size_t n = strlen(a);

		/* "lessons/en/" names files "lessons/en/01-x.md". */
		while (n > 1 && a[n - 1] == '/')
			a[--n] = '\0';
		if (is_dir(a)) {
			size_t before = files.n;

			/* Chapters are only complete in a whole root. */
			if (course_is_root(a)) {
				flags |= COURSE_CHAPTERS;
				add_root(&files, a, NULL);
				nglossaries += check_glossaries(a, NULL, &d);
			} else
				add_dir(&files, a);
			if (files.n == before)
				diags_put(&d, DIAG_WARNING, a, 0, 0,
				    _("no .md lesson files in this folder"));
		} else if (is_glossary_file(a)) {
			struct glossary gl;

			glossary_load(&gl, a, &d);
			glossary_release(&gl);
			check_glossary_chapters(a, &d);
			nglossaries++;
		} else
			pathset_add(&files, a);
		free(a);
	}
	free(paths);

	for (size_t i = 0; i < files.n; i++) {
		struct lesson *l = lesson_load(files.v[i], &d);

		if (l == NULL)
			continue;
		checked = xreallocarray(checked, nchecked + 1,
		    sizeof *checked);
		checked[nchecked++] = l;
	}
	course_check_files(checked, nchecked, flags, &d);
	for (size_t i = 0; i < nchecked; i++)
		lint_terms(checked[i], &d);

	diags_sort(&d);
	if (json)
		print_json(&d, stdout);
	else {
		diags_print(&d, stderr);
		if (d.errors > 0 || d.warnings > 0)
			fprintf(stderr, _("%d error(s), %d warning(s) in %zu "
			    "lesson file(s)%s\n"), d.errors, d.warnings,
			    nchecked, strict && d.warnings > 0 ?
			    _(" (--strict: warnings fail)") : "");
		else if (nglossaries > 0)
			printf(_("%zu lesson file(s) and %zu glossary file(s) "
			    "checked: no problems\n"), nchecked, nglossaries);
		else
			printf(_("%zu lesson file(s) checked: no problems\n"),
			    nchecked);
	}
	status = d.errors > 0 || (strict && d.warnings > 0) ? 1 : 0;

	for (size_t i = 0; i < nchecked; i++)
		lesson_free(checked[i]);
	free(checked);
	pathset_free(&files);
	diags_release(&d);
	return status;
}

/*
 * Prints `s` in a column of `w` terminal columns: padded with spaces,
 * or cut to leave one blank before the next column, ending in an
 * ellipsis, so two columns never run together.
 */
static void
print_padded(const char *s, int w)
{
	wchar_t wc[512];
	char *shown = util_safe_str(s);	/* a title drives no terminal */
	size_t n = mbstowcs(wc, shown, 511);
	int cols = 0;
	bool utf8 = MB_CUR_MAX > 1;

	if (n == (size_t)-1) {
		/* Not text of this locale: bytes, cut by bytes. */
		int len = (int)strlen(shown);

		if (len > w - 1) {
			fwrite(shown, 1, (size_t)(w - 2 > 0 ? w - 2 : 0),
			    stdout);
			putchar('.');
		} else {
			fputs(shown, stdout);
		}
		cols = len > w - 1 ? w - 1 : len;
	} else {
		int total = wcswidth(wc, n), limit = w - 1;

		if (total < 0)
			total = (int)n;
		if (total > limit) {
			/* Keep what fits before the ellipsis. */
			size_t k = 0;
			int cw;

			limit -= utf8 ? 1 : 3;
			for (; k < n; k++) {
				cw = wcwidth(wc[k]);
				if (cw < 0)
					cw = 1;
				if (cols + cw > limit)
					break;
				cols += cw;
			}
			wc[k] = L'\0';
			printf("%ls%s", wc, utf8 ? "\u2026" : "...");
			cols += utf8 ? 1 : 3;
		} else {
			fputs(shown, stdout);
			cols = total;
		}
	}
	free(shown);
	for (; cols < w; cols++)
		putchar(' ');
}

/* The course language to show: --lang, the saved choice, the locale. */
static const char *
pick_lang(const struct global_opts *g, const struct progress *p,
    const struct course *c)
{
	if (g != NULL && g->lang != NULL)
		return g->lang;
	if (p != NULL && lang_has(&c->langs, p->lang))
		return p->lang;
	return i18n_locale_lang(&c->langs);
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
	if (course_load_langs(&c, course_root(), &g->langs, &d) != 0) {
		diags_print(&d, stderr);
		diags_release(&d);
		progress_release(&p);
		course_release(&c);
		return 1;
	}
	lang = pick_lang(g, &p, &c);
	i18n_set_lang(lang);
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
