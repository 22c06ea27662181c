/*
 * check_i18n.c - languages are folders, and the interface speaks the
 * learner's language: a lessons root with en/ and fr/ gives a French
 * course to the loader, the checker, `list`, `--lang` and the map with no
 * change to timeslice; numbers take the interface language's decimal
 * separator while JSON keeps the point; lane names are shown translated.
 */
#include <check.h>
#include <json-c/json.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/scenario.h"
#include "i18n.h"
#include "lang.h"
#include "lesson/course.h"
#include "testutil.h"
#include "ui/canvas.h"
#include "ui/player.h"

static char root[64];
static char out[65536], err[8192];

/* Copies the lessons in <from>/ of the test course into <root>/<to>, with
 * `lang:` and the title saying which language they are. */
static void
copy_lang(const char *from, const char *to)
{
	const char *src = getenv("TIMESLICE_SRCDIR");
	char cmd[1024];

	snprintf(cmd, sizeof cmd, "mkdir -p %s/%s && for f in "
	    "%s/tests/lessons/%s/*.md; do sed -e 's/^lang: %s$/lang: %s/' "
	    "-e 's/^title: \\(.*\\)$/title: \\1 [%s]/' \"$f\" > "
	    "%s/%s/\"$(basename \"$f\")\"; done", root, to, src ? src : ".",
	    from, from, to, to, root, to);
	ck_assert_int_eq(system(cmd), 0);
}

/* A lessons root with en/ and fr/, a folder and a file that are not
 * languages, and its own state directory. */
static void
setup(void)
{
	char cmd[256];

	snprintf(root, sizeof root, "/tmp/ts-i18n-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
	copy_lang("en", "en");
	copy_lang("en", "fr");
	snprintf(cmd, sizeof cmd, "mkdir -p %s/img %s/state && touch "
	    "%s/README.md", root, root, root);
	ck_assert_int_eq(system(cmd), 0);
	setenv("TIMESLICE_LESSONS", root, 1);
	snprintf(cmd, sizeof cmd, "%s/state", root);
	setenv("XDG_STATE_HOME", cmd, 1);
	unsetenv("LANGUAGE");
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %s", root);
	if (system(cmd) != 0)
		ck_abort_msg("cannot remove %s", root);
}

/* Runs the binary with up to five arguments; returns the exit status. */
static int
run(const char *a1, const char *a2, const char *a3, const char *a4,
    const char *a5)
{
	char *argv[] = { "timeslice", (char *)a1, (char *)a2, (char *)a3,
	    (char *)a4, (char *)a5, NULL };

	return tu_exec(argv, out, sizeof out, err, sizeof err);
}

START_TEST(languages_are_the_folders_of_the_root)
{
	struct lang_list langs;
	struct course c;
	struct diags d;

	lang_scan(root, &langs);
	ck_assert_int_eq(langs.n, 2);
	ck_assert_str_eq(langs.v[0], "en");
	ck_assert_str_eq(langs.v[1], "fr");
	ck_assert(course_is_root(root));
	ck_assert(lang_is_code("pt", 2));
	ck_assert(!lang_is_code("e1", 2));
	ck_assert(!lang_is_code("EN", 2));
	ck_assert(!lang_is_code("english", 7));

	diags_init(&d);
	ck_assert_int_eq(course_load(&c, root, &d), 0);
	if (d.errors > 0)
		diags_print(&d, stderr);
	ck_assert_int_eq(d.errors, 0);
	ck_assert_int_eq(c.langs.n, 2);
	ck_assert_ptr_nonnull(course_find(&c, "gil", "fr"));
	ck_assert_str_eq(course_find(&c, "gil", "fr")->title, "The GIL [fr]");
	course_release(&c);
	diags_release(&d);
}
END_TEST

/*
 * A language with fewer lessons than English is a translation under
 * way: what it lacks is a warning, which only --strict fails on.
 */
START_TEST(a_lesson_missing_in_a_new_language_is_a_partial_translation)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "rm %s/fr/02-gil.md", root);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(run("check", root, NULL, NULL, NULL), 0);
	ck_assert(strstr(out, "warning: lesson 'gil' is not translated to "
	    "'fr' yet") != NULL || strstr(err, "warning: lesson 'gil' is not "
	    "translated to 'fr' yet") != NULL);
	ck_assert_int_eq(run("check", "--strict", root, NULL, NULL), 1);
}
END_TEST

START_TEST(the_command_line_takes_any_language_folder)
{
	ck_assert_int_eq(run("check", root, NULL, NULL, NULL), 0);
	ck_assert_int_eq(run("--lang", "fr", "list", NULL, NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "The GIL [fr]"));
	ck_assert_ptr_null(strstr(out, "The GIL [en]"));
	/* No fr catalogue: the interface falls back to English. */
	ck_assert_ptr_nonnull(strstr(out, "title"));
	ck_assert_int_eq(run("--lang", "de", "list", NULL, NULL), 2);
	ck_assert_ptr_nonnull(strstr(err, "'de' is not a course language "
	    "(allowed: en, fr)"));
	ck_assert_int_eq(run("--lang=fr", "--help", NULL, NULL, NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "en, fr"));
	/* The locale picks a course language when the course has it. */
	setenv("LANG", "fr_FR.UTF-8", 1);
	ck_assert_int_eq(run("list", NULL, NULL, NULL, NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "The GIL [fr]"));
	unsetenv("LANG");
}
END_TEST

/* Draws the map into a canvas and returns its text. */
static char *
draw_map(void *m)
{
	struct canvas *c = canvas_new(100, 20);
	char *text;

	c->unicode = true;
	map_screen_ops.draw(m, c, canvas_rect(c));
	text = canvas_to_text(c);
	canvas_free(c);
	return text;
}

START_TEST(the_map_shows_the_language_and_L_cycles_through_them)
{
	struct player pl;
	char *t;
	void *m;

	setlocale(LC_ALL, "C.UTF-8");
	memset(&pl, 0, sizeof pl);
	diags_init(&pl.diags);
	ck_assert_int_eq(course_load(&pl.course, root, &pl.diags), 0);
	pl.lang = "fr";
	m = map_new(&pl);
	t = draw_map(m);
	ck_assert_ptr_nonnull(strstr(t, "The GIL [fr]"));
	ck_assert_ptr_nonnull(strstr(t, "[fr]"));
	free(t);
	map_screen_ops.key(m, 'L');
	ck_assert_str_eq(pl.lang, "en");
	t = draw_map(m);
	ck_assert_ptr_nonnull(strstr(t, "The GIL [en]"));
	free(t);
	map_screen_ops.key(m, 'L');
	ck_assert_str_eq(pl.lang, "fr");
	map_screen_ops.leave(m);
	course_release(&pl.course);
	diags_release(&pl.diags);
	progress_release(&pl.progress);
	free(pl.notice);
	i18n_set_lang("en");
}
END_TEST

START_TEST(the_pager_L_cycles_through_every_language_of_the_course)
{
	struct player pl;
	struct lesson *l;
	void *pg;

	copy_lang("en", "pt");
	memset(&pl, 0, sizeof pl);
	diags_init(&pl.diags);
	ck_assert_int_eq(course_load(&pl.course, root, &pl.diags), 0);
	ck_assert_int_eq(pl.course.langs.n, 3);
	pl.lang = "en";
	l = course_find(&pl.course, "gil", "en");
	ck_assert_ptr_nonnull(l);
	pg = pager_new(&pl, l, false, NULL);
	pager_screen_ops.key(pg, 'L');
	ck_assert_str_eq(pl.lang, "fr");
	pager_screen_ops.key(pg, 'L');
	ck_assert_str_eq(pl.lang, "pt");
	pager_screen_ops.key(pg, 'L');
	ck_assert_str_eq(pl.lang, "en");
	pager_screen_ops.leave(pg);
	course_release(&pl.course);
	diags_release(&pl.diags);
	progress_release(&pl.progress);
	free(pl.notice);
	i18n_set_lang("en");
}
END_TEST

/* The next language goes round the list, whatever its length. */
START_TEST(lang_next_goes_round_every_language)
{
	struct lang_list list = { 0 };

	ck_assert_str_eq(lang_next(&list, "xx"), "xx");
	lang_add(&list, "fr");
	lang_add(&list, "en");
	lang_add(&list, "pt");
	lang_add(&list, "en");		/* once */
	lang_add(&list, "EN");		/* no code */
	ck_assert_int_eq(list.n, 3);
	ck_assert_str_eq(list.v[0], "en");
	ck_assert_str_eq(list.v[1], "fr");
	ck_assert_str_eq(list.v[2], "pt");
	ck_assert_str_eq(lang_next(&list, "en"), "fr");
	ck_assert_str_eq(lang_next(&list, "fr"), "pt");
	ck_assert_str_eq(lang_next(&list, "pt"), "en");
	ck_assert_str_eq(lang_next(&list, "de"), "en");
}
END_TEST

/* A lesson file's language is the folder it is in, when that is a code. */
START_TEST(a_lesson_path_belongs_to_its_folders_language)
{
	char buf[LANG_CODE_MAX];

	ck_assert_str_eq(lang_of_path("lessons/fr/02-gil.md", buf), "fr");
	ck_assert_str_eq(lang_of_path("/fr/02-gil.md", buf), "fr");
	ck_assert_str_eq(lang_of_path("fr/02-gil.md", buf), "fr");
	ck_assert_ptr_null(lang_of_path("lessons/draft/02-gil.md", buf));
	ck_assert_ptr_null(lang_of_path("lessons/french/02-gil.md", buf));
	ck_assert_ptr_null(lang_of_path("02-gil.md", buf));
}
END_TEST

/* The locale's language counts only when the course has it. */
START_TEST(the_locale_picks_only_a_language_of_the_course)
{
	struct lang_list list;

	lang_scan(root, &list);
	setenv("LANG", "fr_FR.UTF-8", 1);
	ck_assert_str_eq(i18n_locale_lang(&list), "fr");
	ck_assert_str_eq(i18n_locale_lang(NULL), LANG_SOURCE);
	setenv("LANG", "de_DE.UTF-8", 1);
	ck_assert_str_eq(i18n_locale_lang(&list), LANG_SOURCE);
	setenv("LANGUAGE", "de:fr", 1);
	ck_assert_str_eq(i18n_locale_lang(&list), "fr");
	unsetenv("LANGUAGE");
	unsetenv("LANG");
}
END_TEST

START_TEST(numbers_take_the_separator_of_the_interface_language)
{
	char buf[64];

	i18n_init("es", NULL);
	ck_assert_str_eq(i18n_num(buf, sizeof buf, 1.5, 2), "1,50");
	ck_assert_str_eq(i18n_numg(buf, sizeof buf, 25.3, 4), "25,3");
	ck_assert_str_eq(i18n_numg(buf, sizeof buf, 100, 4), "100");
	ck_assert_str_eq(i18n_lane_name("thread 3", buf, sizeof buf),
	    "hilo 3");
	ck_assert_str_eq(i18n_lane_name("cpu thread 2", buf, sizeof buf),
	    "hilo de CPU 2");
	ck_assert_str_eq(i18n_lane_name("cashier-cook", buf, sizeof buf),
	    "cajero-cocinero");
	/* A real program's names are nobody's to translate. */
	ck_assert_str_eq(i18n_lane_name("MainThread", buf, sizeof buf),
	    "MainThread");
	ck_assert_str_eq(i18n_lane_name("worker 12", buf, sizeof buf),
	    "worker 12");
	/* Figures for people: a label, and counts as whole numbers. */
	{
		const struct scenario *race = scenario_find("race");
		const struct scenario_metric *m;

		m = scenario_figure_find(race, "lost_updates");
		ck_assert_ptr_nonnull(m);
		ck_assert_str_eq(_(m->label), "perdidos, sin cerrojo");
		scenario_metric_format(m, 752564, buf, sizeof buf);
		ck_assert_str_eq(buf, "752.564");
		scenario_metric_format(m, 0, buf, sizeof buf);
		ck_assert_str_eq(buf, "0");
		m = scenario_figure_find(race, "speedup");
		ck_assert_ptr_nonnull(m);
		scenario_metric_format(m, 1.02, buf, sizeof buf);
		ck_assert_str_eq(buf, "1,02x");
		m = scenario_figure_find(race, "lock_wait_p50_ms");
		scenario_metric_format(m, 25.3, buf, sizeof buf);
		ck_assert_str_eq(buf, "25,30 ms");
		ck_assert_ptr_null(scenario_figure_find(race, "no_such"));
	}
	/* Options take the point, or the comma the messages show. */
	{
		struct params p;
		char *cause = NULL;

		params_defaults(&p);
		ck_assert_int_eq(params_set(&p, params_find("unit-ms"), "0,5",
		    &cause), 0);
		ck_assert(p.unit_ms == 0.5);
		ck_assert_int_eq(params_set(&p, params_find("unit-ms"), "1,2,3",
		    &cause), -1);
		ck_assert_ptr_nonnull(strstr(cause, "0,01"));
		free(cause);
	}
	/* Counts: whole, grouped by the mark that is not the decimal one. */
	ck_assert_str_eq(i18n_count(buf, sizeof buf, 154175), "154.175");
	ck_assert_str_eq(i18n_count(buf, sizeof buf, 154174.6), "154.175");
	ck_assert_str_eq(i18n_count(buf, sizeof buf, 999), "999");
	ck_assert_str_eq(i18n_count(buf, sizeof buf, 1000), "1.000");
	ck_assert_str_eq(i18n_count(buf, sizeof buf, -1234567), "-1.234.567");
	i18n_set_lang("en");
	ck_assert_str_eq(i18n_num(buf, sizeof buf, 1.5, 2), "1.50");
	ck_assert_str_eq(i18n_count(buf, sizeof buf, 154175), "154,175");
	ck_assert_str_eq(i18n_lane_name("thread 3", buf, sizeof buf),
	    "thread 3");
	/* A language without a catalogue: English words and numbers. */
	i18n_set_lang("fr");
	ck_assert_str_eq(i18n_num(buf, sizeof buf, 1.5, 2), "1.50");
	ck_assert_str_eq(_("speedup"), "speedup");
	i18n_set_lang("en");
}
END_TEST

START_TEST(json_keeps_the_point_when_the_text_has_a_comma)
{
	const char *es_root = getenv("TIMESLICE_SRCDIR");
	char lessons[4096];
	struct json_object *o, *v;

	snprintf(lessons, sizeof lessons, "%s/lessons",
	    es_root ? es_root : ".");
	setenv("TIMESLICE_LESSONS", lessons, 1);
	setenv("LANG", "es_ES.UTF-8", 1);
	ck_assert_int_eq(run("--lang", "es", "run", "sequential",
	    "--format=json"), 0);
	o = json_tokener_parse(out);
	ck_assert_ptr_nonnull(o);
	ck_assert(json_object_object_get_ex(o, "wall_ms", &v));
	ck_assert(json_object_is_type(v, json_type_double));
	ck_assert_ptr_nonnull(strstr(out, "\"wall_ms\":"));
	json_object_put(o);
	ck_assert_int_eq(run("--lang", "es", "run", "sequential", NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "tiempo real"));
	{
		const char *p = strstr(out, "tiempo real");
		const char *nl = strchr(p, '\n');
		const char *comma = strchr(p, ',');

		ck_assert(comma != NULL && comma < nl);
	}
	unsetenv("LANG");
}
END_TEST

/* The column of `p` within its line, in characters (UTF-8 lead bytes). */
static int
char_column(const char *p)
{
	const char *q = p;
	int col = 0;

	while (q > out && q[-1] != '\n')
		q--;
	for (; q < p; q++)
		col += ((unsigned char)*q & 0xc0) != 0x80;
	return col;
}

/*
 * A language whose locale is not installed (common on fresh machines and
 * in containers) still handles characters as UTF-8: `list` lines its
 * columns up under "título" instead of counting the í as two.
 */
START_TEST(a_missing_locale_keeps_utf8_columns)
{
	const char *src = getenv("TIMESLICE_SRCDIR");
	char lessons[4096];
	const char *head, *row;

	snprintf(lessons, sizeof lessons, "%s/lessons", src ? src : ".");
	setenv("TIMESLICE_LESSONS", lessons, 1);
	setenv("LANG", "zz_ZZ.UTF-8", 1);	/* no such locale anywhere */
	ck_assert_int_eq(run("--lang", "es", "list", NULL, NULL), 0);
	head = strstr(out, "progreso");
	row = strstr(out, "sin empezar");
	ck_assert_ptr_nonnull(head);
	ck_assert_ptr_nonnull(row);
	ck_assert_ptr_nonnull(strstr(out, "título"));
	ck_assert_int_eq(char_column(head), char_column(row));
	ck_assert_str_eq(err, "");
	unsetenv("LANG");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("i18n");
	TCase *tc = tcase_create("languages");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, languages_are_the_folders_of_the_root);
	tcase_add_test(tc, a_lesson_missing_in_a_new_language_is_a_partial_translation);
	tcase_add_test(tc, the_command_line_takes_any_language_folder);
	tcase_add_test(tc, the_map_shows_the_language_and_L_cycles_through_them);
	tcase_add_test(tc,
	    the_pager_L_cycles_through_every_language_of_the_course);
	tcase_add_test(tc, the_locale_picks_only_a_language_of_the_course);
	suite_add_tcase(s, tc);
	tc = tcase_create("lang");
	tcase_add_test(tc, lang_next_goes_round_every_language);
	tcase_add_test(tc, a_lesson_path_belongs_to_its_folders_language);
	suite_add_tcase(s, tc);
	tc = tcase_create("numbers");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, numbers_take_the_separator_of_the_interface_language);
	tcase_add_test(tc, json_keeps_the_point_when_the_text_has_a_comma);
	tcase_add_test(tc, a_missing_locale_keeps_utf8_columns);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
