/*
 * check_glossary.c - the course's glossary (lesson/glossary.h) and the
 * commands that show it and the cheat sheet: lookup that ignores case
 * and accents, suggestions for near misses, the list, every parse error
 * at its place, the same ids in every language, and a cheat sheet that
 * fits 80 columns and an SVG that is well-formed XML.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "lesson/glossary.h"
#include "lesson/lesson.h"
#include "testutil.h"

/* A small glossary with accents, aliases and two words that look alike. */
static const char sample[] =
    "# prose before the first entry is the file's own\n"
    "\n"
    "## núcleo {#core}\n"
    "also: core, CPU\n"
    "chapter: 1\n"
    "\n"
    "One unit of a processor.\n"
    "It runs one thing at a time.\n"
    "\n"
    "## hilo {#thread}\n"
    "also: thread\n"
    "chapter: 5\n"
    "\n"
    "A line of execution.\n"
    "\n"
    "## interbloqueo {#deadlock}\n"
    "chapter: 5\n"
    "\n"
    "Waiting for ever.\n";

/* Parses `text`, expecting no problem. */
static void
parse_ok(struct glossary *g, const char *text)
{
	struct diags d;

	diags_init(&d);
	ck_assert_int_eq(glossary_parse(g, "g.md", text, &d), 0);
	ck_assert_int_eq((int)d.n, 0);
	diags_release(&d);
}

START_TEST(lookup_ignores_case_and_accents)
{
	struct glossary g;
	const struct glossary_entry *e;

	parse_ok(&g, sample);
	ck_assert_int_eq((int)g.n, 3);
	e = glossary_find(&g, "nucleo");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->id, "core");
	ck_assert_ptr_eq(glossary_find(&g, "NÚCLEO"), e);
	ck_assert_ptr_eq(glossary_find(&g, "Núcleo"), e);
	ck_assert_ptr_eq(glossary_find(&g, "cpu"), e);		/* alias */
	ck_assert_ptr_eq(glossary_find(&g, "THREAD"), &g.v[1]);
	ck_assert_ptr_eq(glossary_find(&g, "deadlock"), &g.v[2]);	/* id */
	ck_assert_ptr_null(glossary_find(&g, "nucle"));
	ck_assert_ptr_null(glossary_find(&g, ""));
	/* The definition is one paragraph, its lines joined. */
	ck_assert_str_eq(e->def, "One unit of a processor. It runs one thing "
	    "at a time.");
	ck_assert_int_eq(e->chapter, 1);
	ck_assert_int_eq((int)e->naliases, 2);
	glossary_release(&g);
}
END_TEST

START_TEST(a_bold_term_links_to_its_entry)
{
	struct glossary g;

	parse_ok(&g, sample);
	/* The term, an alias, any case, with or without accents. */
	ck_assert_ptr_eq(glossary_link(&g, "núcleo"), &g.v[0]);
	ck_assert_ptr_eq(glossary_link(&g, "Nucleo"), &g.v[0]);
	ck_assert_ptr_eq(glossary_link(&g, "CPU"), &g.v[0]);
	ck_assert_ptr_eq(glossary_link(&g, "Thread"), &g.v[1]);
	/* Blanks around, punctuation after, a plural in -s. */
	ck_assert_ptr_eq(glossary_link(&g, " Threads: "), &g.v[1]);
	ck_assert_ptr_eq(glossary_link(&g, "núcleos."), &g.v[0]);
	ck_assert_ptr_eq(glossary_link(&g, "HILOS"), &g.v[1]);
	/* Bold that is not a term stays plain bold. */
	ck_assert_ptr_null(glossary_link(&g, "wrong"));
	ck_assert_ptr_null(glossary_link(&g, "one core at a time"));
	ck_assert_ptr_null(glossary_link(&g, "nucle"));
	ck_assert_ptr_null(glossary_link(&g, ":"));
	ck_assert_ptr_null(glossary_link(&g, ""));
	glossary_release(&g);
}
END_TEST

START_TEST(check_warns_of_a_bold_term_only_the_other_language_links)
{
	static const char en[] =
	    "## core {#core}\nchapter: 1\n\nA unit.\n\n"
	    "## deadly embrace {#deadlock}\nchapter: 5\n\nFor ever.\n\n"
	    "## GIL {#gil}\nchapter: 3\n\nThe lock.\n";
	static const char lesson[] =
	    "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: es\n```\n\n"
	    "Un **núcleo**, un **core**, un\n**deadly embrace**, el **GIL** y "
	    "**nada**.\n";
	struct glossary es, other;
	struct diags d;
	struct lesson *l;

	parse_ok(&es, sample);		/* núcleo, hilo, interbloqueo */
	parse_ok(&other, en);
	diags_init(&d);
	l = lesson_parse("x/es/01-t.md", lesson, strlen(lesson), &d);
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq((int)d.n, 0);
	glossary_lint(l, &es, &other, "en", &d);
	/* "núcleo" and "core" link here (term, alias); "nada" nowhere. */
	ck_assert_int_eq((int)d.n, 2);
	ck_assert_int_eq(d.v[0].level, DIAG_WARNING);
	ck_assert_int_eq(d.v[0].line, 9);
	ck_assert_int_eq(d.v[0].col, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "write 'interbloqueo'"));
	ck_assert_int_eq(d.v[1].line, 9);
	ck_assert_ptr_nonnull(strstr(d.v[1].msg, "glossary lacks"));
	diags_release(&d);
	lesson_free(l);
	glossary_release(&es);
	glossary_release(&other);
}
END_TEST

START_TEST(near_misses_suggest_the_nearest_terms)
{
	struct glossary g;
	const struct glossary_entry *near[3];

	parse_ok(&g, sample);
	/* One edit from "hilo": that one, not the others. */
	ck_assert_int_eq((int)glossary_suggest(&g, "hlio", near, 3), 1);
	ck_assert_str_eq(near[0]->id, "thread");
	/* Accents do not count as edits. */
	ck_assert_int_eq((int)glossary_suggest(&g, "nucelo", near, 3), 1);
	ck_assert_str_eq(near[0]->id, "core");
	/* The start of a term is a near miss too. */
	ck_assert_int_eq((int)glossary_suggest(&g, "interbl", near, 3), 1);
	ck_assert_str_eq(near[0]->id, "deadlock");
	/* Nothing near: nothing suggested. */
	ck_assert_int_eq((int)glossary_suggest(&g, "zzzzzz", near, 3), 0);
	glossary_release(&g);
}
END_TEST

/* A malformed glossary, where its error is, and words of its message. */
static const struct {
	const char	*text;
	int		 line, col;
	const char	*words;
} bad[] = {
	{ "## GIL\nchapter: 3\n\nA lock.\n", 1, 7, "ends with its id" },
	{ "##  {#gil}\nchapter: 3\n\nA lock.\n", 1, 4, "names its term" },
	{ "## GIL {#Gil}\nchapter: 3\n\nA lock.\n", 1, 10, "bad glossary id" },
	{ "## GIL {#gil}\nchapter: three\n\nA lock.\n", 2, 10,
	    "not a chapter number" },
	{ "## GIL {#gil}\nchapter: 0\n\nA lock.\n", 2, 10,
	    "not a chapter number" },
	{ "## GIL {#gil}\nalso: a,,b\nchapter: 3\n\nA lock.\n", 2, 9,
	    "empty name" },
	{ "## GIL {#gil}\nseen: 3\nchapter: 3\n\nA lock.\n", 2, 1,
	    "unknown glossary field 'seen'" },
	{ "## GIL {#gil}\n\nA lock.\n", 1, 1, "no 'chapter:'" },
	{ "## GIL {#gil}\nchapter: 3\n", 1, 1, "no definition" },
	{ "## GIL {#gil}\nchapter: 3\n\nA lock.\n\nMore.\n", 6, 1,
	    "one paragraph" },
	{ "## GIL {#gil}\nchapter: 3\n\nA.\n\n## G {#gil}\nchapter: 3\n\n"
	    "B.\n", 6, 1, "used twice" },
	{ "no entries at all\n", 0, 0, "no glossary entries" },
};

START_TEST(each_parse_error_is_reported_at_its_place)
{
	struct glossary g;
	struct diags d;

	diags_init(&d);
	ck_assert_int_eq(glossary_parse(&g, "g.md", bad[_i].text, &d), 1);
	ck_assert_int_eq((int)d.n, 1);
	ck_assert_msg(d.v[0].line == bad[_i].line && d.v[0].col ==
	    bad[_i].col, "case %d: at %d:%d, want %d:%d (%s)", _i,
	    d.v[0].line, d.v[0].col, bad[_i].line, bad[_i].col, d.v[0].msg);
	ck_assert_msg(strstr(d.v[0].msg, bad[_i].words) != NULL,
	    "case %d: '%s' lacks '%s'", _i, d.v[0].msg, bad[_i].words);
	glossary_release(&g);
	diags_release(&d);
}
END_TEST

START_TEST(a_long_definition_is_an_error)
{
	char text[2048] = "## GIL {#gil}\nchapter: 3\n\n";
	struct glossary g;
	struct diags d;

	for (int i = 0; i < 70; i++)
		strcat(text, "word word ");
	strcat(text, "\n");
	diags_init(&d);
	ck_assert_int_eq(glossary_parse(&g, "g.md", text, &d), 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "too long"));
	glossary_release(&g);
	diags_release(&d);
}
END_TEST

START_TEST(a_translation_must_have_the_same_ids_and_chapters)
{
	struct glossary src, tr;
	struct diags d;

	parse_ok(&src, sample);
	parse_ok(&tr, "## core {#core}\nchapter: 2\n\nA.\n\n"
	    "## lock {#lock}\nchapter: 5\n\nB.\n");
	diags_init(&d);
	glossary_compare(&src, &tr, "tr.md", &d);
	/* core's chapter, lock unknown, thread and deadlock missing. */
	ck_assert_int_eq((int)d.n, 4);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "chapter 1"));
	ck_assert_ptr_nonnull(strstr(d.v[1].msg, "'lock'"));
	glossary_release(&src);
	glossary_release(&tr);
	diags_release(&d);
}
END_TEST

START_TEST(every_english_term_has_a_spanish_counterpart)
{
	const char *srcdir = getenv("TIMESLICE_SRCDIR");
	struct glossary en, es;
	struct diags d;
	char *root, *pen, *pes;

	ck_assert_ptr_nonnull(srcdir);
	ck_assert_int_gt(asprintf(&root, "%s/lessons", srcdir), 0);
	pen = glossary_path(root, "en");
	pes = glossary_path(root, "es");
	diags_init(&d);
	ck_assert_int_eq(glossary_load(&en, pen, &d), 0);
	ck_assert_int_eq(glossary_load(&es, pes, &d), 0);
	ck_assert_int_ge((int)en.n, 25);
	ck_assert_int_eq((int)en.n, (int)es.n);
	glossary_compare(&en, &es, pes, &d);
	ck_assert_msg(d.n == 0, "%s:%d: %s", d.n ? d.v[0].file : "",
	    d.n ? d.v[0].line : 0, d.n ? d.v[0].msg : "");
	for (size_t i = 0; i < en.n; i++)
		ck_assert_ptr_nonnull(glossary_by_id(&es, en.v[i].id));
	glossary_release(&en);
	glossary_release(&es);
	diags_release(&d);
	free(pen);
	free(pes);
	free(root);
}
END_TEST

/* The number of characters (UTF-8 code points) of each line, checked. */
static void
assert_lines_fit(const char *out, int width, const char *what)
{
	int cols = 0, line = 1;

	for (const unsigned char *p = (const unsigned char *)out; *p; p++) {
		if (*p == '\n') {
			line++;
			cols = 0;
			continue;
		}
		if ((*p & 0xc0) != 0x80)
			cols++;
		ck_assert_msg(cols <= width, "%s: line %d is wider than %d "
		    "columns", what, line, width);
	}
}

static char out[65536], err[4096];

START_TEST(the_command_finds_lists_and_suggests)
{
	char *gil[] = { "timeslice", "glossary", "gil", NULL };
	char *nucleo[] = { "timeslice", "--lang", "es", "glossary", "nucleo",
	    NULL };
	char *two[] = { "timeslice", "glossary", "race", "condition", NULL };
	char *miss[] = { "timeslice", "glossary", "threds", NULL };
	char *list[] = { "timeslice", "glossary", NULL };
	char *opt[] = { "timeslice", "glossary", "--nope", NULL };
	int lines = 0;

	ck_assert_int_eq(tu_exec(gil, out, sizeof out, err, sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(out, "global interpreter lock"));
	ck_assert_ptr_nonnull(strstr(out, "timeslice gil"));
	assert_lines_fit(out, 80, "glossary gil");
	ck_assert_int_eq(tu_exec(nucleo, out, sizeof out, err, sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(out, "núcleo"));
	/* A word of the other language finds the same entry, shown here. */
	nucleo[2] = "en";
	ck_assert_int_eq(tu_exec(nucleo, out, sizeof out, err, sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(out, "core (CPU core"));
	ck_assert_int_eq(tu_exec(two, out, sizeof out, err, sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(out, "race condition"));
	ck_assert_int_eq(tu_exec(miss, out, sizeof out, err, sizeof err), 1);
	ck_assert_ptr_nonnull(strstr(err, "did you mean: thread?"));
	ck_assert_int_eq(tu_exec(list, out, sizeof out, err, sizeof err), 0);
	assert_lines_fit(out, 80, "glossary");
	for (const char *p = out; *p; p++)
		lines += *p == '\n';
	/* A heading, then every term in two columns. */
	ck_assert_int_ge(lines, 13);
	ck_assert_ptr_nonnull(strstr(out, "GIL"));
	ck_assert_ptr_nonnull(strstr(out, "deadlock"));
	ck_assert_int_eq(tu_exec(opt, out, sizeof out, err, sizeof err), 2);
}
END_TEST

START_TEST(check_reports_a_malformed_glossary_at_its_place)
{
	char dir[] = "/tmp/check_glossary_XXXXXX", sub[64], path[96];
	char *argv[] = { "timeslice", "check", path, NULL };
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/glossary", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(path, sizeof path, "%s/en.md", sub);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("## GIL {#gil}\nchapter: three\n\nA lock.\n", f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(tu_exec(argv, out, sizeof out, err, sizeof err), 1);
	ck_assert_msg(strstr(err, "/glossary/en.md:2:10: error:") != NULL,
	    "%s", err);
	/* Mended, the same file checks clean. */
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("## GIL {#gil}\nchapter: 3\n\nA lock.\n", f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(tu_exec(argv, out, sizeof out, err, sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(out, "1 glossary file(s)"));
	unlink(path);
	rmdir(sub);
	rmdir(dir);
}
END_TEST

START_TEST(the_cheat_sheet_fits_80_columns_in_each_language)
{
	static const char *const langs[] = { "en", "es" };
	char *argv[] = { "timeslice", "--lang", NULL, "cheatsheet", NULL };

	argv[2] = (char *)langs[_i];
	ck_assert_int_eq(tu_exec(argv, out, sizeof out, err, sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(out, "asyncio"));
	ck_assert_ptr_nonnull(strstr(out, _i == 0 ? "ch. 9" : "cap. 9"));
	assert_lines_fit(out, 80, langs[_i]);
}
END_TEST

START_TEST(the_cheat_sheet_svg_is_well_formed)
{
	char path[] = "/tmp/check_cheatsheet_XXXXXX", cmd[256];
	char *argv[] = { "timeslice", "cheatsheet", "--format", "svg",
	    "--out", path, NULL };
	char *bad[] = { "timeslice", "cheatsheet", "--format", "png", NULL };
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(tu_exec(argv, out, sizeof out, err, sizeof err), 0);
	snprintf(cmd, sizeof cmd, "xmllint --noout %s 2>/dev/null", path);
	if (system("command -v xmllint >/dev/null 2>&1") == 0)
		ck_assert_int_eq(system(cmd), 0);
	unlink(path);
	ck_assert_int_eq(tu_exec(bad, out, sizeof out, err, sizeof err), 2);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("glossary");
	TCase *t;

	t = tcase_create("lookup");
	tcase_add_test(t, lookup_ignores_case_and_accents);
	tcase_add_test(t, a_bold_term_links_to_its_entry);
	tcase_add_test(t, check_warns_of_a_bold_term_only_the_other_language_links);
	suite_add_tcase(s, t);
	t = tcase_create("suggestions");
	tcase_add_test(t, near_misses_suggest_the_nearest_terms);
	suite_add_tcase(s, t);
	t = tcase_create("parse errors");
	tcase_add_loop_test(t, each_parse_error_is_reported_at_its_place, 0,
	    (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(t, a_long_definition_is_an_error);
	suite_add_tcase(s, t);
	t = tcase_create("languages");
	tcase_add_test(t, a_translation_must_have_the_same_ids_and_chapters);
	tcase_add_test(t, every_english_term_has_a_spanish_counterpart);
	suite_add_tcase(s, t);
	t = tcase_create("command");
	tcase_add_test(t, the_command_finds_lists_and_suggests);
	tcase_add_test(t, check_reports_a_malformed_glossary_at_its_place);
	suite_add_tcase(s, t);
	t = tcase_create("cheatsheet");
	tcase_add_loop_test(t, the_cheat_sheet_fits_80_columns_in_each_language,
	    0, 2);
	tcase_add_test(t, the_cheat_sheet_svg_is_well_formed);
	suite_add_tcase(s, t);
	return tu_main(s);
}
