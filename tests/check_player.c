/*
 * check_player.c - the course map and the lesson pager drawn into a
 * canvas and driven by keys, without a terminal: what the reader sees
 * (wrapped prose, lists, coloured code, quiz feedback, search, contents)
 * and what is saved.
 */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "engine/record.h"
#include "engine/work.h"
#include "lesson/consent.h"
#include "sampler/tracer.h"
#include "testutil.h"
#include "util.h"
#include "trace/clock.h"
#include "ui/canvas.h"
#include "ui/embed.h"
#include "ui/demo.h"
#include "ui/keys.h"
#include "ui/pager_int.h"
#include "ui/search.h"
#include "ui/notes.h"
#include "ui/page.h"
#include "ui/player.h"
#include "ui/watch.h"
#include "util.h"

static struct player pl;
static char statedir[64];

static void
setup(void)
{
	const char *src = getenv("TIMESLICE_SRCDIR");
	char root[4096], *w = NULL, path[128];

	/* The canvas decodes UTF-8 with the C library. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	snprintf(statedir, sizeof statedir, "/tmp/ts-player-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(statedir));
	snprintf(path, sizeof path, "%s/progress", statedir);
	memset(&pl, 0, sizeof pl);
	diags_init(&pl.diags);
	progress_load(&pl.progress, path, &w);
	free(w);
	pl.lang = "en";
	consent_forget();
	snprintf(root, sizeof root, "%s/tests/lessons", src ? src : ".");
	ck_assert_int_eq(course_load(&pl.course, root, &pl.diags), 0);
}

static void
teardown(void)
{
	char cmd[128];

	course_release(&pl.course);
	diags_release(&pl.diags);
	progress_release(&pl.progress);
	free(pl.notice);
	snprintf(cmd, sizeof cmd, "rm -rf %s", statedir);
	if (system(cmd) != 0)
		ck_abort_msg("cannot remove %s", statedir);
}

/* Draws a screen into a fresh w x h canvas and returns its text. */
static char *
draw(const struct app_screen_ops *ops, void *self, int w, int h,
    bool unicode, struct canvas **out)
{
	struct canvas *c = canvas_new(w, h);
	char *text;

	c->unicode = unicode;
	ops->draw(self, c, canvas_rect(c));
	text = canvas_to_text(c);
	if (out != NULL)
		*out = c;
	else
		canvas_free(c);
	return text;
}

static void
type(void *pg, const char *s)
{
	for (; *s != '\0'; s++)
		pager_screen_ops.key(pg, (unsigned char)*s);
}

/* Whether the text has a line equal to `line` once trailing blanks go. */
static bool
has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; p != NULL && *p != '\0';) {
		if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
			return true;
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return false;
}

START_TEST(pager_lays_out_markdown)
{
	struct lesson *l = course_find(&pl.course, "basics", "en");
	void *pg = pager_new(&pl, l, false, NULL);
	struct canvas *c;
	char *t = draw(&pager_screen_ops, pg, 80, 60, true, &c);
	const char *p;
	int row = 0;

	ck_assert_ptr_nonnull(strstr(t, " Chapter 1 · Concurrency basics"));
	ck_assert(has_line(t, "  Concurrency basics"));
	ck_assert(has_line(t, "  • CPU-bound work keeps a core busy."));
	ck_assert(has_line(t, "    import threading"));
	/* Wrapped at 76 columns (80 less the margins). */
	ck_assert(has_line(t, "  Two things are concurrent when they make "
	    "progress in the same period; they"));
	/* Python keywords are coloured. */
	p = strstr(t, "    import threading");
	for (const char *q = t; q < p; q++)
		row += *q == '\n';
	ck_assert_int_eq(canvas_at(c, 4, row)->style, CS_KEY);
	ck_assert_int_eq(canvas_at(c, 11, row)->style, CS_TEXT);
	/* Speaker notes never show. */
	ck_assert_ptr_null(strstr(t, "progress bar stuck"));
	free(t);
	canvas_free(c);
	pager_screen_ops.leave(pg);
}
END_TEST

START_TEST(pager_plain_ascii)
{
	struct lesson *l = course_find(&pl.course, "basics", "en");
	void *pg = pager_new(&pl, l, false, NULL);
	char *t = draw(&pager_screen_ops, pg, 80, 40, false, NULL);

	ck_assert(has_line(t, "  * CPU-bound work keeps a core busy."));
	ck_assert_ptr_nonnull(strstr(t, "  ====="));
	free(t);
	pager_screen_ops.leave(pg);
}
END_TEST

START_TEST(quiz_answer_is_judged_and_saved)
{
	struct lesson *l = course_find(&pl.course, "basics", "en");
	void *pg = pager_new(&pl, l, false, NULL);
	const struct progress_quiz *pq;
	char *t;

	free(draw(&pager_screen_ops, pg, 100, 30, true, NULL));
	type(pg, "/Which work\n");
	t = draw(&pager_screen_ops, pg, 100, 30, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "? Which work gains from more cores?"));
	ck_assert_ptr_nonnull(strstr(t, "press 1-2 to answer"));
	free(t);
	type(pg, "2");
	t = draw(&pager_screen_ops, pg, 100, 30, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "Not quite."));
	ck_assert_ptr_nonnull(strstr(t, "1) CPU-bound work ✓"));
	ck_assert_ptr_nonnull(strstr(t, "2) I/O-bound work ✗"));
	ck_assert_ptr_nonnull(strstr(t, "It mostly waits"));
	free(t);
	pq = progress_quiz(&pl.progress, "basics", "basics-parallel");
	ck_assert_ptr_nonnull(pq);
	ck_assert_int_eq(pq->choice, 1);
	ck_assert(!pq->right);
	type(pg, "1");
	t = draw(&pager_screen_ops, pg, 100, 30, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "Right!"));
	free(t);
	pq = progress_quiz(&pl.progress, "basics", "basics-parallel");
	ck_assert(pq->right);
	/* It was saved to the file too. */
	ck_assert_int_eq(access(pl.progress.path, F_OK), 0);
	pager_screen_ops.leave(pg);
}
END_TEST

/* Whether some line that has `label` also has `what` after it. */
static bool
line_has_after(const char *text, const char *label, const char *what)
{
	for (const char *p = strstr(text, label); p != NULL;
	    p = strstr(p + 1, label)) {
		const char *nl = strchr(p, '\n'), *w = strstr(p, what);

		if (w != NULL && (nl == NULL || w < nl))
			return true;
	}
	return false;
}

/* Whether the demo in the text has measured the cores free. */
static bool
cores_known(const char *text)
{
	return line_has_after(text, "cores free", " of ");
}

/*
 * Ticks and draws the pager until its text has `want` (or `want2`, or
 * satisfies `done`), for at most `limit_s` seconds; returns the last text.
 */
static char *
tick_until(void *pg, const char *want, const char *want2,
    bool (*done)(const char *), double limit_s)
{
	uint64_t end = clock_now_ns() + (uint64_t)(limit_s * 1e9);
	char *t = NULL;

	for (;;) {
		pager_screen_ops.tick(pg, clock_now_ns());
		free(t);
		t = draw(&pager_screen_ops, pg, 100, 70, true, NULL);
		if ((want != NULL && strstr(t, want) != NULL) ||
		    (want2 != NULL && strstr(t, want2) != NULL) ||
		    (done != NULL && done(t)) || clock_now_ns() > end)
			return t;
		clock_sleep_ns(10000000);
	}
}

/*
 * A demo above a prediction about it hides the figure asked about until
 * the learner answers; the prediction's own runs start only then, and
 * the verdict is one of right, wrong or undecided (recorded as answered
 * and undecided, not wrong), beside the measured figure.
 */
START_TEST(prediction_hides_its_figure_until_answered)
{
	struct lesson *l = course_find(&pl.course, "gil", "en");
	void *pg = pager_new(&pl, l, false, NULL);
	const struct progress_quiz *pq;
	char *t, cpus[64];
	bool right, wrong, undecided;

	/* The demo above has finished: cores free are known. */
	t = tick_until(pg, NULL, NULL, cores_known, 20);
	ck_assert_msg(line_has_after(t, "cores free", " of "), "%s", t);
	ck_assert_ptr_nonnull(strstr(t, "What speedup will you measure?"));
	/* ...but neither the speedup nor the time it is made of. */
	ck_assert_msg(line_has_after(t, "speedup", "? (predict first)"),
	    "%s", t);
	ck_assert_msg(!line_has_after(t, "speedup", "×"), "%s", t);
	ck_assert_msg(strstr(t, "sequential") == NULL, "%s", t);
	ck_assert_ptr_null(strstr(t, "best possible"));
	ck_assert_ptr_null(strstr(t, "measured speedup"));
	/* The machine's CPUs are filled in. */
	snprintf(cpus, sizeof cpus, "This machine has %d CPUs online",
	    work_online_cpus());
	ck_assert_msg(strstr(t, cpus) != NULL, "%s", t);
	free(t);

	type(pg, "1");
	t = tick_until(pg, "your prediction was", "undecided: ", NULL, 60);
	right = strstr(t, "your prediction was right") != NULL;
	wrong = strstr(t, "your prediction was wrong: ") != NULL;
	undecided = strstr(t, "undecided: ") != NULL;
	ck_assert_msg(right + wrong + undecided == 1, "%s", t);
	ck_assert_msg(strstr(t, "measured speedup: ") != NULL, "%s", t);
	ck_assert_msg(strstr(t, "over 3 runs") != NULL ||
	    strstr(t, "cores free") != NULL, "%s", t);
	/* Beside it, the reference run the course ships for it. */
	ck_assert_msg(strstr(t, "reference run, on a quiet machine (2 CPUs, "
	    "Test CPU 3000): speedup 0.99 (0.97–1.01 over 3") != NULL,
	    "no reference line after: %.300s", strstr(t, "measured speedup"));
	/* The demo above shows its speedup now. */
	ck_assert_msg(line_has_after(t, "speedup", "×"), "%s", t);
	ck_assert_ptr_null(strstr(t, "? (predict first)"));
	pq = progress_quiz(&pl.progress, "gil", "gil-speedup");
	/* Undecided counts as answered, never as wrong. */
	ck_assert_ptr_nonnull(pq);
	ck_assert_int_eq(pq->undecided, undecided);
	if (undecided)
		ck_assert(!pq->right);
	else {
		ck_assert_ptr_nonnull(pq);
		ck_assert_int_eq(pq->right, right);
	}
	free(t);
	pager_screen_ops.leave(pg);
}
END_TEST

START_TEST(place_survives_reopening)
{
	struct lesson *l = course_find(&pl.course, "basics", "en");
	void *pg = pager_new(&pl, l, false, NULL);
	char *t1, *t2;

	free(draw(&pager_screen_ops, pg, 100, 30, true, NULL));
	type(pg, "/pthread\n");
	t1 = draw(&pager_screen_ops, pg, 100, 30, true, NULL);
	pager_screen_ops.leave(pg);
	pg = pager_new(&pl, l, false, NULL);
	t2 = draw(&pager_screen_ops, pg, 100, 30, true, NULL);
	ck_assert_ptr_nonnull(strstr(t2, "#include <pthread.h>"));
	ck_assert_str_eq(t1, t2);
	free(t1);
	free(t2);
	pager_screen_ops.leave(pg);
}
END_TEST

START_TEST(search_contents_and_help)
{
	struct lesson *l = course_find(&pl.course, "basics", "en");
	void *pg = pager_new(&pl, l, false, NULL);
	char *t;

	free(draw(&pager_screen_ops, pg, 100, 30, true, NULL));
	type(pg, "/nonexistentword\n");
	t = draw(&pager_screen_ops, pg, 100, 30, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "not found: nonexistentword"));
	free(t);
	type(pg, "G");
	type(pg, "/zebra\n");
	t = draw(&pager_screen_ops, pg, 100, 30, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "The word zebra appears only here"));
	free(t);
	type(pg, "t");
	t = draw(&pager_screen_ops, pg, 100, 30, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "Contents"));
	ck_assert_ptr_nonnull(strstr(t, "Watch two threads"));
	free(t);
	type(pg, "j\n?");
	t = draw(&pager_screen_ops, pg, 100, 30, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "table of contents"));
	ck_assert_ptr_nonnull(strstr(t, "Watch two threads"));
	free(t);
	pager_screen_ops.leave(pg);
}
END_TEST

START_TEST(presenter_reveals_at_pauses)
{
	struct lesson *l = course_find(&pl.course, "basics", "en");
	void *pg;
	char *t;

	pl.presenter = true;
	pg = pager_new(&pl, l, false, NULL);
	t = draw(&pager_screen_ops, pg, 100, 40, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "-- more: press space --"));
	ck_assert_ptr_null(strstr(t, "Watch two threads"));
	free(t);
	type(pg, " ");
	t = draw(&pager_screen_ops, pg, 100, 40, true, NULL);
	ck_assert_ptr_null(strstr(t, "-- more: press space --"));
	free(t);
	type(pg, "g");
	t = draw(&pager_screen_ops, pg, 100, 200, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "Watch two threads"));
	free(t);
	pl.presenter = false;
	pager_screen_ops.leave(pg);
}
END_TEST

/* Writes `text` to dir/name whole. */
static void
put_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * The speaker notes follow the part the presenter is in, the parts
 * being what the pauses reveal: at the lesson's start, the opening note
 * under its first section; further on, that part's notes only.
 */
START_TEST(notes_follow_the_part_from_the_lesson_start)
{
	char dir[] = "/tmp/ts-notes-XXXXXX", place[128], text[128];
	struct course c;
	struct diags d;
	struct notes *n;
	char *t;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(text, sizeof text, "%s/en", dir);
	ck_assert_int_eq(mkdir(text, 0700), 0);
	put_file(dir, "en/01-a.md", "```lesson\nid: a\nchapter: 1\n"
	    "title: A\nlang: en\n```\n\n# A\n\nIntro.\n\n## First\n\n"
	    "```notes\nOpening note.\n```\n\nText.\n\n<!-- pause -->\n\n"
	    "## Second\n\n```notes\nSecond note.\n```\n");
	diags_init(&d);
	ck_assert_int_eq(course_load(&c, dir, &d), 0);
	snprintf(place, sizeof place, "%s/place", dir);
	put_file(dir, "place", "lesson a\nlang en\nblock 0\n");
	n = notes_new(&c, place);
	notes_screen_ops.tick(n, clock_now_ns());
	t = draw(&notes_screen_ops, n, 80, 24, true, NULL);
	ck_assert_msg(has_line(t, "  First"), "%s", t);
	ck_assert_ptr_nonnull(strstr(t, "Opening note."));
	ck_assert_ptr_nonnull(strstr(t, "next: Second"));
	free(t);
	/* The second part: block 6 is its heading (0 the title). */
	put_file(dir, "place.tmp", "lesson a\nlang en\nblock 6\n");
	snprintf(text, sizeof text, "%s/place.tmp", dir);
	ck_assert_int_eq(rename(text, place), 0);
	notes_screen_ops.tick(n, clock_now_ns() + 1000000000ull);
	t = draw(&notes_screen_ops, n, 80, 24, true, NULL);
	ck_assert_msg(has_line(t, "  Second"), "%s", t);
	ck_assert_ptr_nonnull(strstr(t, "Second note."));
	ck_assert_ptr_null(strstr(t, "Opening note."));
	free(t);
	notes_free(n);
	course_release(&c);
	diags_release(&d);
	snprintf(text, sizeof text, "rm -rf %s", dir);
	ck_assert_int_eq(system(text), 0);
}
END_TEST

/*
 * L in front of the class: the same lesson in the other language, with
 * the parts revealed so far and the answers given kept, nothing more
 * revealed than before.
 */
START_TEST(presenter_language_switch_keeps_the_place_and_answers)
{
	static const char quiz[] = "```quiz\nid: q\nquestion: %s\n"
	    "- [x] %s\n  why: %s\n- [ ] %s\n  why: w\n```\n";
	struct course full = pl.course;
	char dir[] = "/tmp/ts-lswitch-XXXXXX", text[1024], q[256], *t;
	const char *words[2][7] = {
		{ "en", "One part.", "Two part.", "Three part.", "Which?",
		  "Yes", "because yes" },
		{ "es", "Parte uno.", "Parte dos.", "Parte tres.", "¿Cuál?",
		  "Sí", "porque sí" },
	};
	void *pg;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (int k = 0; k < 2; k++) {
		char sub[64];

		snprintf(sub, sizeof sub, "%s/%s", dir, words[k][0]);
		ck_assert_int_eq(mkdir(sub, 0700), 0);
		snprintf(q, sizeof q, quiz, words[k][4], words[k][5],
		    words[k][6], "No");
		snprintf(text, sizeof text, "```lesson\nid: a\nchapter: 1\n"
		    "title: A\nlang: %s\n```\n\n# A\n\n%s\n\n<!-- pause "
		    "-->\n\n%s\n\n%s\n\n<!-- pause -->\n\n%s\n", words[k][0],
		    words[k][1], words[k][2], q, words[k][3]);
		snprintf(sub, sizeof sub, "en/01-a.md");
		sub[0] = words[k][0][0];
		sub[1] = words[k][0][1];
		put_file(dir, sub, text);
	}
	memset(&pl.course, 0, sizeof pl.course);
	ck_assert_int_eq(course_load(&pl.course, dir, &pl.diags), 0);
	pl.presenter = true;
	pg = pager_new(&pl, course_find(&pl.course, "a", "en"), false, NULL);
	free(draw(&pager_screen_ops, pg, 100, 40, true, NULL));
	type(pg, " ");
	free(draw(&pager_screen_ops, pg, 100, 40, true, NULL));
	type(pg, "1");
	t = draw(&pager_screen_ops, pg, 100, 40, true, NULL);
	ck_assert_msg(strstr(t, "Two part.") != NULL, "%s", t);
	ck_assert_ptr_nonnull(strstr(t, "because yes"));
	ck_assert_ptr_null(strstr(t, "Three part."));
	free(t);
	type(pg, "L");
	t = draw(&pager_screen_ops, pg, 100, 40, true, NULL);
	ck_assert_msg(strstr(t, "Parte dos.") != NULL, "%s", t);
	ck_assert_msg(strstr(t, "porque sí") != NULL, "%s", t);
	ck_assert_ptr_null(strstr(t, "Parte tres."));
	free(t);
	pager_screen_ops.leave(pg);
	pl.presenter = false;
	player_set_lang(&pl, "en");
	course_release(&pl.course);
	pl.course = full;
	pl.lang = "en";
	snprintf(text, sizeof text, "rm -rf %s", dir);
	ck_assert_int_eq(system(text), 0);
}
END_TEST

START_TEST(pipe_table_drawn_as_table)
{
	const char *text = "```lesson\nid: tt\nchapter: 1\ntitle: T\n"
	    "lang: en\n```\n\n| kind | best for |\n|---|---|\n"
	    "| threads | I/O |\n| processes | CPU |\n";
	struct diags d;
	struct lesson *l;
	void *pg;
	char *t;

	diags_init(&d);
	l = lesson_parse("x/en/01-tt.md", text, strlen(text), &d);
	pg = pager_new(&pl, l, true, NULL);
	t = draw(&pager_screen_ops, pg, 80, 20, true, NULL);
	ck_assert(has_line(t, "  │ kind      │ best for │"));
	ck_assert(has_line(t, "  │ ───────── │ ──────── │"));
	ck_assert(has_line(t, "  │ processes │ CPU      │"));
	free(t);
	pager_screen_ops.leave(pg);
	diags_release(&d);
}
END_TEST

/* A lesson nested far deeper than any stack: drawn, and in the width. */
START_TEST(deep_nesting_is_drawn)
{
	static const char head[] = "```lesson\nid: deep\nchapter: 1\n"
	    "title: Deep\nlang: en\n```\n\n";
	size_t n = 100000, hl = sizeof head - 1;
	char *text = xmalloc(hl + n + 4), *t;
	struct diags d;
	struct lesson *l;
	void *pg;

	/* Byte by byte: GCC 12 with AddressSanitizer misreads the size
	 * of a memset into this buffer as zero and warns. */
	for (size_t k = 0; k < hl + n + 3; k++)
		text[k] = k < hl ? head[k] : k < hl + n ? '>' :
		    " x\n"[k - hl - n];
	text[hl + n + 3] = '\0';
	diags_init(&d);
	l = lesson_parse("x/en/01-deep.md", text, strlen(text), &d);
	pg = pager_new(&pl, l, true, NULL);
	t = draw(&pager_screen_ops, pg, 60, 20, true, NULL);
	ck_assert(has_line(t, "  │ x"));
	free(t);
	type(pg, "G");
	free(draw(&pager_screen_ops, pg, 50, 14, false, NULL));
	pager_screen_ops.leave(pg);
	diags_release(&d);
	free(text);
}
END_TEST

START_TEST(map_shows_progress)
{
	void *m = map_new(&pl);
	char *t;

	t = draw(&map_screen_ops, m, 100, 20, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "Concurrency basics"));
	ck_assert_ptr_nonnull(strstr(t, "The GIL"));
	ck_assert_ptr_nonnull(strstr(t, "0/1"));
	ck_assert_ptr_null(strstr(t, "Continue where you left off"));
	free(t);
	map_screen_ops.leave(m);
	progress_set_quiz(&pl.progress, "gil", "gil-speedup", 0, true);
	progress_set_last(&pl.progress, "gil");
	progress_lesson(&pl.progress, "gil", true)->done = true;
	m = map_new(&pl);
	t = draw(&map_screen_ops, m, 100, 20, true, NULL);
	ck_assert_ptr_nonnull(strstr(t,
	    "Continue where you left off: The GIL"));
	ck_assert_ptr_nonnull(strstr(t, "1/1"));
	ck_assert_ptr_nonnull(strstr(t, "✓ done"));
	free(t);
	map_screen_ops.leave(m);
}
END_TEST

/*
 * A partial translation: fr/ has only the first lesson. The map in
 * French lists it under its French title and, in its chapter's place,
 * the English lesson it lacks, marked not translated yet, which opens
 * in English.
 */
START_TEST(map_of_a_partial_language_marks_what_is_missing)
{
	const char *src = getenv("TIMESLICE_SRCDIR");
	struct course full = pl.course;
	char dir[] = "/tmp/ts-partial-XXXXXX", cmd[1024], *t, *fr, *gil;
	void *m;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(cmd, sizeof cmd, "mkdir %s/fr && cp -r %s/tests/lessons/en "
	    "%s/ && sed 's/^lang: en$/lang: fr/; s/^title: .*/title: Les "
	    "bases/' %s/tests/lessons/en/01-basics.md > %s/fr/01-basics.md",
	    dir, src ? src : ".", dir, src ? src : ".", dir);
	ck_assert_int_eq(system(cmd), 0);
	memset(&pl.course, 0, sizeof pl.course);
	ck_assert_int_eq(course_load(&pl.course, dir, &pl.diags), 0);
	pl.lang = "fr";
	m = map_new(&pl);
	t = draw(&map_screen_ops, m, 100, 20, true, NULL);
	ck_assert_ptr_nonnull(fr = strstr(t, "Les bases"));
	ck_assert_ptr_null(strstr(t, "Concurrency basics"));
	ck_assert_ptr_nonnull(gil = strstr(t, "The GIL"));
	ck_assert(fr < gil);
	ck_assert_ptr_nonnull(strstr(gil, "not translated yet"));
	ck_assert_ptr_null(strstr(fr, "not translated yet") == strstr(gil,
	    "not translated yet") ? NULL : "twice");
	free(t);
	/* The keys box names every language L goes through. */
	ck_assert_int_eq(map_screen_ops.key(m, '?'), APP_REDRAW);
	t = draw(&map_screen_ops, m, 100, 30, true, NULL);
	ck_assert_msg(strstr(t, "next language of the course (en, fr)") !=
	    NULL, "%s", t);
	free(t);
	map_screen_ops.key(m, 'x');
	map_screen_ops.leave(m);
	course_release(&pl.course);
	pl.course = full;
	pl.lang = "en";
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/*
 * Watch mode sees every file it was given, in any folder (a lesson, its
 * program, its other language's version), written in place or renamed
 * over, and nothing else in those folders.
 */
START_TEST(watch_sees_every_file_it_was_given)
{
	char dir[] = "/tmp/ts-watch-XXXXXX", path[256], cmd[128];
	struct watch *w;
	char *cause = NULL;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(cmd, sizeof cmd, "mkdir -p %s/en/py %s/es", dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	put_file(dir, "en/01-a.md", "a");
	put_file(dir, "en/py/a.py", "print()");
	snprintf(path, sizeof path, "%s/en/01-a.md", dir);
	ck_assert_ptr_nonnull(w = watch_new(path, &cause));
	snprintf(path, sizeof path, "%s/en/py/a.py", dir);
	ck_assert_int_eq(watch_add(w, path), 0);
	snprintf(path, sizeof path, "%s/es/01-a.md", dir);
	ck_assert_int_eq(watch_add(w, path), 0);
	ck_assert(!watch_fired(w));
	put_file(dir, "en/py/other.py", "x");
	put_file(dir, "es/02-b.md", "x");
	/* A watched file's name, in another watched folder. */
	put_file(dir, "es/a.py", "x");
	ck_assert(!watch_fired(w));
	put_file(dir, "en/py/a.py", "print(1)");
	ck_assert(watch_fired(w));
	ck_assert(!watch_fired(w));
	/* Created where it was missing: the other language's version. */
	put_file(dir, "es/01-a.md.tmp", "b");
	ck_assert(!watch_fired(w));
	snprintf(path, sizeof path, "%s/es/01-a.md.tmp", dir);
	snprintf(cmd, sizeof cmd, "%s/es/01-a.md", dir);
	ck_assert_int_eq(rename(path, cmd), 0);
	ck_assert(watch_fired(w));
	put_file(dir, "en/01-a.md", "b");
	ck_assert(watch_fired(w));
	watch_free(w);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* The line of `text` that holds `needle`, as a new string, or NULL. */
static char *
line_with(const char *text, const char *needle)
{
	const char *at = strstr(text, needle), *b, *e;

	if (at == NULL)
		return NULL;
	for (b = at; b > text && b[-1] != '\n'; b--)
		;
	e = strchr(at, '\n');
	return strndup(b, e != NULL ? (size_t)(e - b) : strlen(b));
}

/*
 * The map counts each lesson's exercises done from progress (the real
 * course: the test lessons have none), and says nothing of exercises
 * where a lesson has none.
 */
START_TEST(map_counts_exercises_done)
{
	const char *src = getenv("TIMESLICE_SRCDIR");
	char root[4096], *t, *threads, *procs, *basics;
	void *m;

	course_release(&pl.course);
	memset(&pl.course, 0, sizeof pl.course);
	snprintf(root, sizeof root, "%s/lessons", src ? src : ".");
	ck_assert_int_eq(course_load(&pl.course, root, &pl.diags), 0);
	progress_exercise_attempt(&pl.progress, "threads-downloads", true, 0);
	progress_exercise_attempt(&pl.progress, "race-lock", false, 1);
	m = map_new(&pl);
	t = draw(&map_screen_ops, m, 100, 20, true, NULL);
	threads = line_with(t, "Threads");
	procs = line_with(t, "Processes");
	basics = line_with(t, "Concurrency and parallelism");
	ck_assert_ptr_nonnull(threads);
	ck_assert_ptr_nonnull(procs);
	ck_assert_ptr_nonnull(basics);
	ck_assert_msg(strstr(threads, "ex 1/") != NULL, "%s", threads);
	ck_assert_msg(strstr(procs, "ex 0/") != NULL, "%s", procs);
	ck_assert_msg(strstr(basics, "ex ") == NULL, "%s", basics);
	free(threads);
	free(procs);
	free(basics);
	free(t);
	map_screen_ops.leave(m);
}
END_TEST

/* Search ignores case and accents, both ways, and says what it covers. */
START_TEST(search_ignores_case_and_accents)
{
	const char *t = "Cada núcleo ejecuta un HILO; Más NÚCLEOS, más hilos";
	size_t len = 0;
	const char *m;

	m = search_find(t, "nucleo", &len);
	ck_assert_ptr_eq(m, strstr(t, "núcleo"));
	ck_assert_uint_eq(len, strlen("núcleo"));
	ck_assert_ptr_eq(search_find(t, "NÚCLEOS", &len), strstr(t, "NÚCLEOS"));
	ck_assert_ptr_eq(search_find(t, "mas nucleos", NULL),
	    strstr(t, "Más NÚCLEOS"));
	ck_assert_ptr_eq(search_find(t, "hilo", NULL), strstr(t, "HILO"));
	ck_assert_ptr_nonnull(search_find("canción", "cancion", NULL));
	ck_assert_ptr_null(search_find(t, "nucleón", NULL));
	ck_assert_ptr_null(search_find(t, "", NULL));
	ck_assert_ptr_null(search_find("año", "ano x", NULL));
}
END_TEST

#define EMBED_PROG "import threading\n\n\ndef spin(n):\n    x = 0\n" \
	"    for i in range(n):\n        x += i\n\n\nthreads = [" \
	"threading.Thread(target=spin, args=(400_000,), name=name)\n" \
	"           for name in (\"cruncher-a\", \"cruncher-b\")]\n" \
	"for t in threads:\n    t.start()\nfor t in threads:\n    t.join()\n"

/* Ticks and draws a tall pager until `want` and `want2` are both in it. */
static char *
tick_tall(void *pg, const char *want, const char *want2, double limit_s)
{
	uint64_t end = clock_now_ns() + (uint64_t)(limit_s * 1e9);
	char *t = NULL;

	for (;;) {
		pager_screen_ops.tick(pg, clock_now_ns());
		free(t);
		t = draw(&pager_screen_ops, pg, 110, 120, true, NULL);
		if ((strstr(t, want) != NULL && (want2 == NULL ||
		    strstr(t, want2) != NULL)) || clock_now_ns() > end)
			return t;
		clock_sleep_ns(10000000);
	}
}

/*
 * A demo that names a recording plays it instead of running, and a
 * ```trace block runs the lesson's Python program with the python3 on
 * PATH, its threads drawn under their Python names.
 */
/*
 * Writes, in a new folder `dir`, a lesson with a demo that names a
 * recording and a ```trace block; returns the lesson, parsed clean.
 */
static struct lesson *
embed_lesson(char *dir)
{
	char path[160], *text;
	struct experiment ex;
	struct diags d;
	struct lesson *l;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/en", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/en/py", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	tu_run(&ex, "threads", "workers=2 units=4 unit-ms=2");
	snprintf(path, sizeof path, "%s/en/threads.json", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_int_eq(record_chrome(f, &ex, "as recorded", NULL), 0);
	ck_assert_int_eq(fclose(f), 0);
	experiment_release(&ex);
	snprintf(path, sizeof path, "%s/en/py/two.py", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(EMBED_PROG, f);
	ck_assert_int_eq(fclose(f), 0);

	text = "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: en\n```\n\n"
	    "```demo\nscenario: threads\nworkers: 2\nunits: 4\nunit-ms: 2\n"
	    "caption: Played from a file\nmodels: m\nrecording: threads.json\n"
	    "```\n\n```python\n" EMBED_PROG "```\n\n```trace\nprogram: "
	    "py/two.py\ncaption: Two threads in real CPython\n```\n";
	snprintf(path, sizeof path, "%s/en/01-t.md", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	diags_init(&d);
	l = lesson_load(path, &d);
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq((int)d.n, 0);
	diags_release(&d);
	return l;
}

/* Removes embed_lesson's folder. */
static void
embed_done(const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/*
 * A demo that names a recording plays it instead of running, and a
 * ```trace block runs the lesson's Python program with the python3 on
 * PATH, its threads drawn under their Python names.
 */
START_TEST(lesson_plays_recordings_and_traces_python)
{
	char dir[64] = "/tmp/ts-embed-XXXXXX", *t;
	struct lesson *l = embed_lesson(dir);
	void *pg;

	/*
	 * A lesson in /tmp is not the shipped course: its program runs by
	 * itself only once the reader has let it (the consent tests below
	 * press r for it).
	 */
	consent_give(EMBED_PROG, strlen(EMBED_PROG));
	pg = pager_new(&pl, l, true, NULL);

	t = tick_tall(pg, "a recorded run of threads", NULL, 20);
	ck_assert_msg(strstr(t, "a recorded run of threads") != NULL,
	    "no recording played");
	ck_assert_msg(strstr(t, "Played from a file") != NULL, "no caption");
	free(t);
	if (tracer_python() != NULL) {
		t = tick_tall(pg, "cruncher-a", "cores used", 30);
		ck_assert_msg(strstr(t, "cruncher-a") != NULL &&
		    strstr(t, "cruncher-b") != NULL, "no Python thread names");
		ck_assert_msg(strstr(t, "cores used") != NULL,
		    "the trace did not end");
		free(t);
	}
	pager_screen_ops.leave(pg);
	embed_done(dir);
}
END_TEST

/* With no python3 on PATH the trace block says so and runs nothing. */
START_TEST(trace_block_without_python_says_so)
{
	char dir[64] = "/tmp/ts-embed-XXXXXX", *t, *path;
	struct lesson *l = embed_lesson(dir);
	void *pg;

	/* This test's own process: the lookup has not been made yet. */
	path = strdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	setenv("PATH", dir, 1);
	ck_assert_ptr_null(tracer_python());
	pg = pager_new(&pl, l, true, NULL);
	t = tick_tall(pg, "no python3 on PATH", NULL, 10);
	ck_assert_msg(strstr(t, "no python3 on PATH: real CPython cannot be "
	    "shown here") != NULL, "no word about python3");
	ck_assert_msg(strstr(t, "press r to run this program") != NULL,
	    "the trace demo did not wait");
	ck_assert_ptr_null(strstr(t, "cores used"));
	free(t);
	pager_screen_ops.leave(pg);
	setenv("PATH", path, 1);
	free(path);
	embed_done(dir);
}
END_TEST

/*
 * In front of a class a trace block waits for its cue like any demo:
 * nothing runs until r, then the program does.
 */
START_TEST(trace_block_waits_for_the_presenter)
{
	char dir[64] = "/tmp/ts-embed-XXXXXX", *t;
	struct lesson *l = embed_lesson(dir);
	void *pg;

	if (tracer_python() == NULL) {
		embed_done(dir);
		lesson_free(l);
		return;
	}
	/* Let run before, so only the presenter's cue is awaited. */
	consent_give(EMBED_PROG, strlen(EMBED_PROG));
	pl.presenter = true;
	pg = pager_new(&pl, l, true, NULL);
	t = tick_tall(pg, "press r to start the run", NULL, 10);
	ck_assert_msg(strstr(t, "press r to start the run") != NULL,
	    "the trace demo did not wait for its cue");
	ck_assert_ptr_null(strstr(t, "cores used"));
	free(t);
	pager_screen_ops.leave(pg);
	pl.presenter = false;
	embed_done(dir);
}
END_TEST

/*
 * A recording that changed after the lesson was checked is said to be
 * unreadable, not left "starting..." (and not read again every frame).
 */
START_TEST(a_recording_changed_since_is_said_unreadable)
{
	char dir[64] = "/tmp/ts-embed-XXXXXX", path[128], *t;
	struct lesson *l = embed_lesson(dir);
	void *pg;
	FILE *f;

	snprintf(path, sizeof path, "%s/en/threads.json", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("{ not a recording", f);
	ck_assert_int_eq(fclose(f), 0);
	pg = pager_new(&pl, l, true, NULL);
	t = tick_tall(pg, "the recording could not be read", NULL, 5);
	ck_assert_msg(strstr(t, "the recording could not be read") != NULL,
	    "no word about the unreadable recording");
	free(t);
	pager_screen_ops.leave(pg);
	embed_done(dir);
}
END_TEST

/* Every key table of the map, the pager and the demo, in every state. */
static const struct key_row *
screen_table(int i)
{
	switch (i) {
	case 0:
		return map_keydefs();
	case 1:
		return pager_keydefs(PAGER_KEYS_PAGE);
	case 2:
		return pager_keydefs(PAGER_KEYS_SEARCH);
	case 3:
		return pager_keydefs(PAGER_KEYS_HELP);
	case 4:
		return pager_keydefs(PAGER_KEYS_TOC);
	case 5:
		return demo_keydefs();
	case 6:
		return demo_help_keydefs();
	case 7:
		return pager_keydefs(PAGER_KEYS_GLOSSARY);
	case 8:
		return pager_keydefs(PAGER_KEYS_LOOKUP);
	case 9:
		return page_keydefs();
	default:
		return NULL;
	}
}

/*
 * Every row of every key table answers to some key, acts, and says what
 * it does: names and help for the keys box.
 */
START_TEST(every_key_row_has_help)
{
	const struct key_row *t;
	int rows = 0;

	for (int i = 0; (t = screen_table(i)) != NULL; i++)
		for (const struct key_row *k = t; k->action != NULL; k++) {
			ck_assert_msg(k->keys[0] != 0 || k->hi > 0 ||
			    (k->flags & KEY_OTHER), "table %d row %d answers "
			    "to no key", i, (int)(k - t));
			ck_assert_msg(k->names != NULL && *k->names != '\0',
			    "table %d row %d has no key names", i,
			    (int)(k - t));
			ck_assert_msg(k->help != NULL && *k->help != '\0',
			    "table %d row %d (%s) has no help", i,
			    (int)(k - t), k->names);
			rows++;
		}
	ck_assert_int_gt(rows, 40);
}
END_TEST

/*
 * Asserts that the keys box in `text` has a line for `names`: the names,
 * then the help at the box's help column.
 */
static void
expect_help_line(const char *text, const char *names, const char *help)
{
	char want[160];

	snprintf(want, sizeof want, "%-17s%s", names, help);
	ck_assert_msg(strstr(text, want) != NULL, "the keys box lacks '%s':\n"
	    "%s", want, text);
}

static int
nop_action(void *self, int key)
{
	(void)self;
	(void)key;
	return 0;
}

/* Key names longer than the usual column ("intro, l, derecha" in
 * Spanish) are shown whole, the help moved over: a key whose name is cut
 * cannot be typed. */
START_TEST(long_key_names_are_never_cut)
{
	static const struct key_row rows[] = {
		{ { 'a' }, 0, 0, "a, b, c, d, e, f, g, h", "letters", NULL,
		    NULL, NULL, 0, nop_action },
		{ { 'z' }, 0, 0, "z", "the last", NULL, NULL, NULL, 0,
		    nop_action },
		{ { 0 }, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL },
	};
	struct key_help h = { 0 };
	struct canvas *c = canvas_new(60, 12);
	char *text;

	keys_help_add(&h, rows, 0, 0);
	keys_help_draw(&h, "Keys", c, canvas_rect(c));
	text = canvas_to_text(c);
	ck_assert_msg(strstr(text, "a, b, c, d, e, f, g, h letters") != NULL,
	    "%s", text);
	ck_assert_msg(strstr(text, "z                      the last") != NULL,
	    "%s", text);
	free(text);
	canvas_free(c);
}
END_TEST

/* The last line of a canvas's text (its final newline is cut off). */
static const char *
last_line(char *text)
{
	char *end = strrchr(text, '\n'), *p;

	if (end != NULL && end[1] == '\0')
		*end = '\0';
	p = strrchr(text, '\n');
	return p != NULL ? p + 1 : text;
}

/*
 * The pager's keys box lists every row of its table and every key it
 * passes to the demo in view; its footer shows every hint but those of
 * the keys for the demo, which are in each demo's box instead.
 */
START_TEST(pager_keys_box_lists_every_key)
{
	struct lesson *l = course_find(&pl.course, "basics", "en");
	void *pg = pager_new(&pl, l, false, NULL);
	const struct key_row *k;
	char *t, want[96];
	const char *footer;
	int inline_rows = 0;

	t = draw(&pager_screen_ops, pg, 120, 50, true, NULL);
	footer = last_line(t);
	for (k = pager_keydefs(PAGER_KEYS_PAGE); k->action != NULL; k++) {
		if (k->hint == NULL)
			continue;
		snprintf(want, sizeof want, "%s %s", k->hint_names ?
		    k->hint_names : k->names, k->hint);
		ck_assert_msg((strstr(footer, want) != NULL) ==
		    !(k->flags & KEY_INLINE), "'%s' %s the footer: %s", want,
		    (k->flags & KEY_INLINE) ? "is in" : "is not in", footer);
	}
	ck_assert_msg(strstr(t, "enter: full screen r: run again +/-: workers "
	    "w: work") != NULL, "no keys under the demo:\n%s", t);
	free(t);
	type(pg, "?");
	t = draw(&pager_screen_ops, pg, 120, 50, true, NULL);
	for (k = pager_keydefs(PAGER_KEYS_PAGE); k->action != NULL; k++)
		expect_help_line(t, k->names, k->help);
	for (k = demo_keydefs(); k->action != NULL; k++)
		if (k->flags & KEY_INLINE) {
			expect_help_line(t, k->names, k->help);
			inline_rows++;
		}
	ck_assert_int_ge(inline_rows, 3);
	free(t);
	/* The contents' footer is its table's hints. */
	type(pg, "xt");
	t = draw(&pager_screen_ops, pg, 120, 50, true, NULL);
	for (k = pager_keydefs(PAGER_KEYS_TOC); k->action != NULL; k++) {
		snprintf(want, sizeof want, "%s %s", k->hint_names ?
		    k->hint_names : k->names, k->hint);
		ck_assert_msg(strstr(t, want) != NULL, "no '%s' under the "
		    "contents:\n%s", want, t);
	}
	free(t);
	pager_screen_ops.leave(pg);
}
END_TEST

/* The map's keys box lists every row of its table; its footer the hints. */
START_TEST(map_keys_box_lists_every_key)
{
	void *m = map_new(&pl);
	const struct key_row *k;
	char *t, want[96];

	t = draw(&map_screen_ops, m, 100, 30, true, NULL);
	for (k = map_keydefs(); k->action != NULL; k++) {
		if (k->hint == NULL)
			continue;
		snprintf(want, sizeof want, "%s %s", k->hint_names ?
		    k->hint_names : k->names, k->hint);
		ck_assert_msg(strstr(t, want) != NULL, "no '%s' in the footer",
		    want);
	}
	free(t);
	ck_assert_int_eq(map_screen_ops.key(m, '?'), APP_REDRAW);
	t = draw(&map_screen_ops, m, 100, 30, true, NULL);
	for (k = map_keydefs(); k->action != NULL; k++)
		expect_help_line(t, k->names, k->help);
	free(t);
	map_screen_ops.leave(m);
}
END_TEST

/*
 * The map's last row is the cheat sheet, after every lesson; G goes to
 * it. Its page scrolls with the lesson's keys, never past its ends, and
 * q or esc closes it.
 */
START_TEST(the_cheat_sheet_is_the_maps_last_row_and_a_page)
{
	void *m = map_new(&pl), *pg;
	char text[4096] = "", *t, *last, *sheet, *nl;
	struct canvas *c;
	size_t len = 0;
	int y = 0;

	t = draw(&map_screen_ops, m, 80, 24, true, NULL);
	sheet = strstr(t, "Cheat sheet");
	ck_assert_msg(sheet != NULL, "no cheat sheet row on the map:\n%s", t);
	/* After the last lesson's row. */
	last = strstr(t, "The GIL");
	ck_assert_ptr_nonnull(last);
	ck_assert(sheet > last);
	free(t);
	/* G selects it: its row is highlighted. */
	map_screen_ops.key(m, 'G');
	t = draw(&map_screen_ops, m, 80, 24, true, &c);
	sheet = strstr(t, "Cheat sheet");
	for (nl = t; (nl = strchr(nl, '\n')) != NULL && nl < sheet; nl++)
		y++;
	ck_assert_int_eq(canvas_at(c, 6, y)->style, CS_HIGHLIGHT);
	canvas_free(c);
	free(t);
	map_screen_ops.leave(m);

	for (int i = 1; i <= 60; i++)
		len += (size_t)snprintf(text + len, sizeof text - len,
		    "line %d\n", i);
	pg = page_new("Title", text);
	t = draw(&page_screen_ops, pg, 80, 24, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "Title"));
	ck_assert_ptr_nonnull(strstr(t, "line 1\n"));
	ck_assert_ptr_null(strstr(t, "line 23\n"));
	free(t);
	ck_assert_int_eq(page_screen_ops.key(pg, 'j'), APP_REDRAW);
	t = draw(&page_screen_ops, pg, 80, 24, true, NULL);
	ck_assert_ptr_null(strstr(t, "line 1\n"));
	ck_assert_ptr_nonnull(strstr(t, "line 23\n"));
	free(t);
	page_screen_ops.key(pg, 'G');
	page_screen_ops.key(pg, 'j');
	t = draw(&page_screen_ops, pg, 80, 24, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "line 60\n"));
	ck_assert_ptr_nonnull(strstr(t, "line 39\n"));
	free(t);
	/* A page up keeps two lines of the screen before in view. */
	page_screen_ops.key(pg, 'b');
	t = draw(&page_screen_ops, pg, 80, 24, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "line 19\n"));
	ck_assert_ptr_nonnull(strstr(t, "line 40\n"));
	ck_assert_ptr_null(strstr(t, "line 41\n"));
	free(t);
	page_screen_ops.key(pg, 'g');
	page_screen_ops.key(pg, 'k');
	t = draw(&page_screen_ops, pg, 80, 24, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "line 1\n"));
	free(t);
	ck_assert_int_eq(page_screen_ops.key(pg, 'x'), APP_IGNORED);
	ck_assert_int_eq(page_screen_ops.key(pg, 'q'), APP_POP);
	ck_assert_int_eq(page_screen_ops.key(pg, APP_KEY_ESC), APP_POP);
	page_screen_ops.leave(pg);
}
END_TEST

/* The first demo a pager runs, once ticks have started it, or NULL. */
static struct demo *
started_demo(void *self)
{
	struct pager *pg = self;
	uint64_t end = clock_now_ns() + 5000000000ULL;

	do {
		free(draw(&pager_screen_ops, pg, 100, 70, true, NULL));
		pager_screen_ops.tick(pg, clock_now_ns());
		for (size_t i = 0; i < pg->demos.n; i++)
			if (pg->demos.v[i] != NULL)
				return pg->demos.v[i];
		clock_sleep_ns(10000000);
	} while (clock_now_ns() < end);
	return NULL;
}

/* Whether two sets of parameters are the same. */
static bool
same_params(const struct params *a, const struct params *b)
{
	return a->workers == b->workers && a->work == b->work &&
	    a->units == b->units && a->unit_ms == b->unit_ms &&
	    a->switch_interval_ms == b->switch_interval_ms &&
	    a->old_gil == b->old_gil && a->cores == b->cores;
}

/*
 * A demo in a lesson receives exactly the keys its table marks inline:
 * = and _ as well as + and -; no inline key is one the pager keeps for
 * itself; and a demo key not marked inline, which the pager does not
 * use, is left alone (APP_IGNORED, the demo unchanged).
 */
START_TEST(a_lesson_demo_gets_exactly_its_inline_keys)
{
	struct lesson *l = course_find(&pl.course, "basics", "en");
	void *pg = pager_new(&pl, l, false, NULL);
	const struct key_row *page = pager_keydefs(PAGER_KEYS_PAGE);
	struct demo *d = started_demo(pg);
	enum work_kind work;
	int w, ignored = 0;

	ck_assert_ptr_nonnull(d);
	w = demo_params(d)->workers;
	ck_assert(pager_screen_ops.key(pg, '=') & APP_REDRAW);
	ck_assert_int_eq(demo_params(d)->workers, w + 1);
	ck_assert(pager_screen_ops.key(pg, '_') & APP_REDRAW);
	ck_assert_int_eq(demo_params(d)->workers, w);
	pager_screen_ops.key(pg, '+');
	ck_assert_int_eq(demo_params(d)->workers, w + 1);
	pager_screen_ops.key(pg, '-');
	ck_assert_int_eq(demo_params(d)->workers, w);
	work = demo_params(d)->work;
	pager_screen_ops.key(pg, 'w');
	ck_assert_int_ne(demo_params(d)->work, work);
	for (const struct key_row *k = demo_keydefs(); k->action != NULL; k++)
		for (int i = 0; i < KEY_CODES && k->keys[i] != 0; i++) {
			int key = k->keys[i];
			struct params before = *demo_params(d);
			const struct scenario *sc = demo_scenario(d);

			if (k->flags & KEY_INLINE) {
				ck_assert_msg(keys_find(page, key) == NULL,
				    "the pager keeps inline key %d", key);
				continue;
			}
			if (keys_find(page, key) != NULL)
				continue;
			ck_assert_msg(pager_screen_ops.key(pg, key) ==
			    APP_IGNORED, "key %d (%s) reached the demo", key,
			    k->names);
			ck_assert_msg(same_params(demo_params(d), &before),
			    "key %d changed the demo", key);
			ck_assert_ptr_eq(demo_scenario(d), sc);
			ignored++;
		}
	ck_assert_int_gt(ignored, 10);
	pager_screen_ops.leave(pg);
}
END_TEST

/*
 * A lesson with two quizzes close together, words above and below them,
 * then a third quiz far below.
 */
static const char two_quizzes[] = "```lesson\nid: keys\nchapter: 1\n"
    "title: Keys\nlang: en\n```\n\nSome words first.\n\n"
    "A.\n\nB.\n\nC.\n\nD.\n\nE.\n\nF.\n\nG.\n\nH.\n\nI.\n\nJ.\n\n"
    "K.\n\nL.\n\nM.\n\nN.\n\nO.\n\n"
    "```quiz\nid: k1\nquestion: First question?\n- [x] yes one\n"
    "- [ ] no one\n```\n\n"
    "```quiz\nid: k2\nquestion: Second question?\n- [ ] no two\n"
    "- [x] yes two\n```\n\n"
    "One.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n\nSix.\n\nSeven.\n\n"
    "Eight.\n\nNine.\n\nTen.\n\nEleven.\n\nTwelve.\n\nThirteen.\n\n"
    "Fourteen.\n\nFifteen.\n\n"
    "```quiz\nid: k3\nquestion: Third question?\n- [x] yes three\n"
    "- [ ] no three\n- [ ] not three either\n```\n\nThe end.\n";

/* A pager on `two_quizzes`, drawn once at 80x24. */
static struct pager *
keys_pager(void)
{
	struct diags d;
	struct lesson *l;
	struct pager *pg;

	diags_init(&d);
	l = lesson_parse("keys/en/01-keys.md", two_quizzes,
	    strlen(two_quizzes), &d);
	diags_release(&d);
	ck_assert_ptr_nonnull(l);
	pg = pager_new(&pl, l, true, NULL);
	free(draw(&pager_screen_ops, pg, 80, 24, true, NULL));
	return pg;
}

/* The layout's target for the quiz with id `id`. */
static int
quiz_target(const struct pager *pg, const char *id)
{
	for (int i = 0; i < pg->lay.ntargets; i++) {
		const struct lesson_quiz *q =
		    pg->l->blocks[pg->lay.targets[i].block].quiz;

		if (q != NULL && strcmp(q->id, id) == 0)
			return i;
	}
	ck_abort_msg("no quiz %s", id);
	return -1;
}

/* The answer given to quiz `id`, or -1. */
static int
answer_of(const struct pager *pg, const char *id)
{
	return pg->quiz[pg->lay.targets[quiz_target(pg, id)].block].answer;
}

/*
 * Two quizzes on screen and none focused: a number answers neither and
 * says to pick one; focused with tab, a number answers the focused one.
 */
START_TEST(number_keys_answer_the_focused_quiz)
{
	struct pager *pg = keys_pager();
	char *t;

	pg->top = pg->lay.targets[quiz_target(pg, "k1")].row - 1;
	free(draw(&pager_screen_ops, pg, 80, 24, true, NULL));
	pager_screen_ops.key(pg, '1');
	ck_assert_int_eq(answer_of(pg, "k1"), -1);
	ck_assert_int_eq(answer_of(pg, "k2"), -1);
	t = draw(&pager_screen_ops, pg, 80, 24, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "more than one quiz in view"));
	free(t);
	pager_screen_ops.key(pg, APP_KEY_TAB);
	pager_screen_ops.key(pg, APP_KEY_TAB);
	ck_assert_int_eq(pg->focus, quiz_target(pg, "k2"));
	pager_screen_ops.key(pg, '2');
	ck_assert_int_eq(answer_of(pg, "k2"), 1);
	ck_assert_int_eq(answer_of(pg, "k1"), -1);
	pager_screen_ops.leave(pg);
}
END_TEST

/*
 * After an answer tab goes to the next quiz not answered, so the next
 * number never overwrites the answer just given; an answered quiz no
 * longer says "press 1-2 to answer".
 */
START_TEST(tab_after_an_answer_goes_on)
{
	struct pager *pg = keys_pager();
	const struct progress_quiz *pq;
	int k1 = quiz_target(pg, "k1");
	char *t;

	/* The first alone on screen, at the bottom, answered unfocused. */
	pg->top = pg->lay.targets[k1].last - pg->view_h + 1;
	free(draw(&pager_screen_ops, pg, 80, 24, true, NULL));
	pager_screen_ops.key(pg, '2');
	ck_assert_int_eq(answer_of(pg, "k1"), 1);
	pager_screen_ops.key(pg, APP_KEY_TAB);
	ck_assert_int_eq(pg->focus, quiz_target(pg, "k2"));
	pg->focus = -1;
	pg->top = pg->lay.targets[k1].row - 1;
	pg->quiz[pg->lay.targets[k1].block].answer = -1;
	free(draw(&pager_screen_ops, pg, 80, 24, true, NULL));
	pager_screen_ops.key(pg, APP_KEY_TAB);
	ck_assert_int_eq(pg->focus, quiz_target(pg, "k1"));
	pager_screen_ops.key(pg, '1');
	ck_assert_int_eq(answer_of(pg, "k1"), 0);
	pager_screen_ops.key(pg, APP_KEY_TAB);
	ck_assert_int_eq(pg->focus, quiz_target(pg, "k2"));
	pager_screen_ops.key(pg, '1');
	pq = progress_quiz(&pl.progress, "keys", "k1");
	ck_assert_ptr_nonnull(pq);
	ck_assert(pq->right);
	ck_assert_int_eq(answer_of(pg, "k1"), 0);
	ck_assert_int_eq(answer_of(pg, "k2"), 0);
	/* Both answered: tab passes over them to the third. */
	pg->focus = -1;
	pg->top = pg->lay.targets[k1].row - 1;
	pager_screen_ops.key(pg, APP_KEY_TAB);
	ck_assert_int_eq(pg->focus, quiz_target(pg, "k3"));
	/* Seen whole: its last choice is on screen. */
	t = draw(&pager_screen_ops, pg, 80, 24, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "3) not three either"));
	ck_assert_ptr_nonnull(strstr(t, "press 1-3 to answer"));
	free(t);
	pg->top = pg->lay.targets[k1].row - 1;
	t = draw(&pager_screen_ops, pg, 80, 24, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "? Second question?"));
	ck_assert_ptr_null(strstr(t, "press 1-2 to answer"));
	free(t);
	pager_screen_ops.leave(pg);
}
END_TEST

/*
 * A quiz whose question is on the last row, its choices off screen, is
 * not answered by a number; nor does tab focus it there.
 */
START_TEST(a_quiz_half_in_view_takes_no_keys)
{
	struct pager *pg = keys_pager();
	int k3 = quiz_target(pg, "k3");
	char *t;

	/* Focused but scrolled half away, the first takes no number. */
	pager_screen_ops.key(pg, APP_KEY_TAB);
	ck_assert_int_eq(pg->focus, quiz_target(pg, "k1"));
	pg->top = pg->lay.targets[k3].row - pg->view_h + 1;
	t = draw(&pager_screen_ops, pg, 80, 24, true, NULL);
	ck_assert_ptr_nonnull(strstr(t, "? Third question?"));
	ck_assert_ptr_null(strstr(t, "1) yes three"));
	free(t);
	pager_screen_ops.key(pg, '1');
	ck_assert_int_eq(answer_of(pg, "k3"), -1);
	ck_assert_int_eq(answer_of(pg, "k1"), -1);
	/* Tab brings it into view whole before it takes keys. */
	pager_screen_ops.key(pg, APP_KEY_TAB);
	ck_assert_int_eq(pg->focus, k3);
	ck_assert_int_ge(pg->top + pg->view_h - 1, pg->lay.targets[k3].last);
	pager_screen_ops.key(pg, '1');
	ck_assert_int_eq(answer_of(pg, "k3"), 0);
	/*
	 * The first focused and scrolled partly away, the second seen
	 * whole below it: a number answers the one the eyes are on.
	 */
	pg->focus = quiz_target(pg, "k1");
	pg->top = pg->lay.targets[pg->focus].row + 1;
	free(draw(&pager_screen_ops, pg, 80, 24, true, NULL));
	pager_screen_ops.key(pg, '2');
	ck_assert_int_eq(answer_of(pg, "k1"), -1);
	ck_assert_int_eq(answer_of(pg, "k2"), 1);
	pager_screen_ops.leave(pg);
}
END_TEST

/* The column-0 glyph of the line of `text` that has `what`, or 0. */
static char
margin_of(const char *text, const char *what, char *glyph, size_t len)
{
	const char *p = strstr(text, what), *bol;

	if (p == NULL)
		return 0;
	for (bol = p; bol > text && bol[-1] != '\n'; bol--)
		;
	snprintf(glyph, len, "%.*s", (int)strcspn(bol, " "), bol);
	return glyph[0];
}

/*
 * The focused item is marked by a glyph in the margin beside each of its
 * rows, with Unicode and without, whatever the colours.
 */
START_TEST(the_focus_has_a_marker)
{
	struct pager *pg = keys_pager();
	char g[16], *t;

	t = draw(&pager_screen_ops, pg, 80, 24, true, NULL);
	ck_assert_int_eq(margin_of(t, "? First question?", g, sizeof g), 0);
	free(t);
	pager_screen_ops.key(pg, APP_KEY_TAB);
	t = draw(&pager_screen_ops, pg, 80, 24, true, NULL);
	margin_of(t, "? First question?", g, sizeof g);
	ck_assert_str_eq(g, "▶");
	margin_of(t, "2) no one", g, sizeof g);
	ck_assert_str_eq(g, "┃");
	ck_assert_int_eq(margin_of(t, "? Second question?", g, sizeof g), 0);
	free(t);
	t = draw(&pager_screen_ops, pg, 80, 24, false, NULL);
	margin_of(t, "? First question?", g, sizeof g);
	ck_assert_str_eq(g, ">");
	margin_of(t, "2) no one", g, sizeof g);
	ck_assert_str_eq(g, "|");
	free(t);
	pager_screen_ops.leave(pg);
}
END_TEST

/*
 * The demo the keys act on, unfocused: the one whose area is most on
 * screen, not one scrolled half away above it.
 */
START_TEST(keys_act_on_the_demo_seen_whole)
{
	static const char text[] = "```lesson\nid: d\nchapter: 1\ntitle: D\n"
	    "lang: en\n```\n\n```demo\nscenario: gil\ncaption: One\n"
	    "models: threads\n```\n\n```demo\nscenario: gil\ncaption: Two\n"
	    "models: threads\n```\n\nAfter.\n";
	struct diags d;
	struct lesson *l;
	struct rows r;
	struct embed e;
	struct layout_in in = { .width = 76, .unicode = true, .reveal = -1 };
	int a1 = -1, a2 = -1;
	char fake[2];

	diags_init(&d);
	l = lesson_parse("d/en/01-d.md", text, strlen(text), &d);
	diags_release(&d);
	in.lesson = l;
	memset(&r, 0, sizeof r);
	layout_lesson(&r, &in);
	embed_init(&e, l->nblocks);
	for (int i = 0; i < r.n; i++)
		if (r.v[i].demo >= 0) {
			if (a1 < 0)
				a1 = i;
			else
				a2 = i;
		}
	ck_assert_int_ge(a2, 0);
	e.v[r.v[a1].demo] = (struct demo *)&fake[0];
	e.v[r.v[a2].demo] = (struct demo *)&fake[1];
	/* The first's last rows at the top, the second whole below. */
	ck_assert_ptr_eq(embed_in_view(&e, &r, -1, a1 + 10, 22),
	    (struct demo *)&fake[1]);
	ck_assert_ptr_eq(embed_in_view(&e, &r, -1, a1, 22),
	    (struct demo *)&fake[0]);
	for (size_t i = 0; i < e.n; i++)
		e.v[i] = NULL;
	embed_release(&e);
	rows_free(&r);
	lesson_free(l);
}
END_TEST

/*
 * The downloaded lesson: a program that shows harmless code (FRIENDLY
 * writes `ran` in the lesson's root when it runs; `fmt` is the program,
 * with %s for that root), and beside it a hidden json package that
 * writes `pwned` when imported. Made in a new folder `dir`; returns the
 * lesson, and the program's text in *prog.
 */
#define FRIENDLY "import json\nimport pathlib\n\npathlib.Path(\"%s/ran\")" \
	".write_text(json.dumps({\"ran\": True}))\n"
#define HIDDEN "import pathlib\npathlib.Path(\"%s/pwned\").write_text(" \
	"\"pwned\")\n"

/* Writes `text` to dir/rel. */
static void
put(const char *dir, const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* Whether dir/name exists. */
static bool
exists(const char *dir, const char *name)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

static struct lesson *
attack_lesson(char *dir, const char *fmt, char **prog)
{
	char path[256], *text, *hidden;
	struct diags d;
	struct lesson *l;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/en", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/en/py", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/en/py/json", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	xasprintf(prog, fmt, dir);
	xasprintf(&hidden, HIDDEN, dir);
	put(dir, "en/py/friendly.py", *prog);
	put(dir, "en/py/json/__init__.py", hidden);
	free(hidden);
	xasprintf(&text, "```lesson\nid: friendly\nchapter: 1\ntitle: F\n"
	    "lang: en\n```\n\nA harmless program.\n\n```python\n%s```\n\n"
	    "```trace\nprogram: py/friendly.py\ncaption: Harmless\n```\n",
	    *prog);
	put(dir, "en/01-friendly.md", text);
	free(text);
	snprintf(path, sizeof path, "%s/en/01-friendly.md", dir);
	diags_init(&d);
	l = lesson_load(path, &d);
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq((int)d.errors, 0);
	diags_release(&d);
	return l;
}

/*
 * A lesson opened from anywhere but the shipped course runs nothing by
 * itself: its trace block shows the program's path and size and waits
 * for r. After r the program runs, in safe-path mode, so the json
 * package hidden beside it is not what `import json` finds; and the
 * leave is remembered for those bytes, so the lesson opened again runs
 * the same program by itself.
 */
START_TEST(downloaded_lesson_runs_nothing_until_r)
{
	char dir[64] = "/tmp/ts-attack-XXXXXX", want[160], *prog, *t;
	struct lesson *l;
	struct diags d;
	void *pg;

	if (tracer_python() == NULL)
		return;
	l = attack_lesson(dir, FRIENDLY, &prog);
	pg = pager_new(&pl, l, true, NULL);
	t = tick_tall(pg, "running", NULL, 2);
	ck_assert_msg(strstr(t, "press r to run this program") != NULL,
	    "no word about pressing r:\n%s", t);
	snprintf(want, sizeof want, "%s/en/py/friendly.py (4 lines)", dir);
	ck_assert_msg(strstr(t, want) != NULL, "no path and size:\n%s", t);
	ck_assert_ptr_null(strstr(t, "running"));
	free(t);
	ck_assert_msg(!exists(dir, "ran"), "the program ran without r");
	ck_assert_msg(!exists(dir, "pwned"), "the hidden package ran");

	type(pg, "r");
	t = tick_tall(pg, "done", NULL, 30);
	ck_assert_msg(strstr(t, "done") != NULL, "r did not run it");
	ck_assert_msg(exists(dir, "ran"), "the program did not run:\n%s", t);
	free(t);
	ck_assert_msg(!exists(dir, "pwned"), "the hidden json package ran "
	    "in place of the standard library's");
	pager_screen_ops.leave(pg);

	/* The same bytes, let run before: no r needed this time. */
	snprintf(want, sizeof want, "%s/ran", dir);
	ck_assert_int_eq(unlink(want), 0);
	snprintf(want, sizeof want, "%s/en/01-friendly.md", dir);
	diags_init(&d);
	ck_assert_ptr_nonnull(l = lesson_load(want, &d));
	diags_release(&d);
	pg = pager_new(&pl, l, true, NULL);
	free(tick_tall(pg, "done", NULL, 30));
	ck_assert_msg(exists(dir, "ran"), "the leave was not remembered");
	pager_screen_ops.leave(pg);
	free(prog);
	embed_done(dir);
}
END_TEST

/*
 * What runs is what was checked and shown: a program replaced after the
 * lesson was opened, or made a link to a file outside the lessons tree
 * (even one with the very code shown), does not run when r is pressed,
 * and the demo says why.
 */
START_TEST(swapped_program_does_not_run_and_says_why)
{
	char dir[64] = "/tmp/ts-attack-XXXXXX", path[256], out[128];
	char *prog, *t, *swapped;
	struct lesson *l;
	void *pg;
	FILE *f;

	if (tracer_python() == NULL)
		return;
	l = attack_lesson(dir, FRIENDLY, &prog);
	pg = pager_new(&pl, l, true, NULL);
	free(tick_tall(pg, "press r to run this program", NULL, 5));

	xasprintf(&swapped, "import pathlib\npathlib.Path(\"%s/swapped\")"
	    ".write_text(\"x\")\n", dir);
	put(dir, "en/py/friendly.py", swapped);
	free(swapped);
	type(pg, "r");
	t = tick_tall(pg, "changed since the lesson was opened", NULL, 5);
	ck_assert_msg(strstr(t, "changed since the lesson was opened") !=
	    NULL, "no word of why it did not run:\n%s", t);
	free(t);
	free(tick_tall(pg, "running", NULL, 1));
	ck_assert_msg(!exists(dir, "swapped"), "the swapped program ran");

	/* A link out of the tree, to the very code the lesson shows. */
	snprintf(out, sizeof out, "%s-outside.py", dir);
	ck_assert_ptr_nonnull(f = fopen(out, "w"));
	fputs(prog, f);
	ck_assert_int_eq(fclose(f), 0);
	snprintf(path, sizeof path, "%s/en/py/friendly.py", dir);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(symlink(out, path), 0);
	type(pg, "r");
	t = tick_tall(pg, "outside the lessons folder", NULL, 5);
	ck_assert_msg(strstr(t, "outside the lessons folder") != NULL,
	    "no word of the link out:\n%s", t);
	free(t);
	free(tick_tall(pg, "running", NULL, 1));
	ck_assert_msg(!exists(dir, "ran"), "a program outside the tree ran");
	pager_screen_ops.leave(pg);
	unlink(out);
	free(prog);
	embed_done(dir);
}
END_TEST

/*
 * A lesson's program runs in safe-path mode: the folder of the file
 * Python runs is not on its sys.path, so nothing beside the program can
 * be imported in a standard module's place.
 */
#define WHERE "import os\nimport sys\n\nhere = os.path.dirname(" \
	"os.path.abspath(__file__))\nopen(\"%s/safe\", \"w\").write(" \
	"str(here in sys.path))\n"

START_TEST(program_folder_is_not_on_sys_path)
{
	char dir[64] = "/tmp/ts-attack-XXXXXX", path[128], got[16] = "";
	char *prog;
	struct lesson *l;
	void *pg;
	FILE *f;

	if (tracer_python() == NULL)
		return;
	l = attack_lesson(dir, WHERE, &prog);
	consent_give(prog, strlen(prog));
	pg = pager_new(&pl, l, true, NULL);
	free(tick_tall(pg, "done", NULL, 30));
	snprintf(path, sizeof path, "%s/safe", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	ck_assert_ptr_nonnull(fgets(got, sizeof got, f));
	fclose(f);
	ck_assert_str_eq(got, "False");
	pager_screen_ops.leave(pg);
	free(prog);
	embed_done(dir);
}
END_TEST

/*
 * The course timeslice ships is trusted as before: its trace block runs
 * the chapter's program as soon as it comes on screen, no key pressed.
 */
START_TEST(shipped_lesson_trace_runs_by_itself)
{
	const char *src = getenv("TIMESLICE_SRCDIR");
	char path[4096], *t;
	struct lesson *l;
	struct diags d;
	void *pg;

	if (tracer_python() == NULL)
		return;
	snprintf(path, sizeof path, "%s/lessons/en/03-gil.md",
	    src != NULL ? src : ".");
	diags_init(&d);
	ck_assert_ptr_nonnull(l = lesson_load(path, &d));
	diags_release(&d);
	pg = pager_new(&pl, l, true, NULL);
	free(draw(&pager_screen_ops, pg, 110, 120, true, NULL));
	type(pg, "/Now in real CPython\n");
	t = tick_tall(pg, "cruncher-1", NULL, 60);
	ck_assert_ptr_null(strstr(t, "press r to run this program"));
	ck_assert_msg(strstr(t, "cruncher-1") != NULL, "the shipped "
	    "lesson's program did not run by itself:\n%s", t);
	free(t);
	pager_screen_ops.leave(pg);
}
END_TEST

static Suite *
player_suite(void)
{
	Suite *s = suite_create("player");
	TCase *tc = tcase_create("screens");

	/* A prediction runs its experiment three times, baselines too. */
	tcase_set_timeout(tc, 120);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, pager_lays_out_markdown);
	tcase_add_test(tc, pager_plain_ascii);
	tcase_add_test(tc, quiz_answer_is_judged_and_saved);
	tcase_add_test(tc, place_survives_reopening);
	tcase_add_test(tc, prediction_hides_its_figure_until_answered);
	tcase_add_test(tc, search_contents_and_help);
	tcase_add_test(tc, presenter_reveals_at_pauses);
	tcase_add_test(tc, notes_follow_the_part_from_the_lesson_start);
	tcase_add_test(tc, presenter_language_switch_keeps_the_place_and_answers);
	tcase_add_test(tc, pipe_table_drawn_as_table);
	tcase_add_test(tc, deep_nesting_is_drawn);
	tcase_add_test(tc, map_shows_progress);
	tcase_add_test(tc, map_of_a_partial_language_marks_what_is_missing);
	tcase_add_test(tc, watch_sees_every_file_it_was_given);
	tcase_add_test(tc, map_counts_exercises_done);
	tcase_add_test(tc, search_ignores_case_and_accents);
	tcase_add_test(tc, lesson_plays_recordings_and_traces_python);
	tcase_add_test(tc, trace_block_without_python_says_so);
	tcase_add_test(tc, trace_block_waits_for_the_presenter);
	tcase_add_test(tc, a_recording_changed_since_is_said_unreadable);
	suite_add_tcase(s, tc);

	tc = tcase_create("key tables");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, every_key_row_has_help);
	tcase_add_test(tc, pager_keys_box_lists_every_key);
	tcase_add_test(tc, map_keys_box_lists_every_key);
	tcase_add_test(tc, the_cheat_sheet_is_the_maps_last_row_and_a_page);
	tcase_add_test(tc, long_key_names_are_never_cut);
	suite_add_tcase(s, tc);

	tc = tcase_create("inline demo keys");
	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, a_lesson_demo_gets_exactly_its_inline_keys);
	suite_add_tcase(s, tc);

	tc = tcase_create("keys where the eyes are");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, number_keys_answer_the_focused_quiz);
	tcase_add_test(tc, tab_after_an_answer_goes_on);
	tcase_add_test(tc, a_quiz_half_in_view_takes_no_keys);
	tcase_add_test(tc, the_focus_has_a_marker);
	tcase_add_test(tc, keys_act_on_the_demo_seen_whole);
	suite_add_tcase(s, tc);

	tc = tcase_create("consent");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, downloaded_lesson_runs_nothing_until_r);
	tcase_add_test(tc, swapped_program_does_not_run_and_says_why);
	tcase_add_test(tc, program_folder_is_not_on_sys_path);
	tcase_add_test(tc, shipped_lesson_trace_runs_by_itself);
	suite_add_tcase(s, tc);
	return s;
}


int
main(void)
{
	return tu_main(player_suite());
}
