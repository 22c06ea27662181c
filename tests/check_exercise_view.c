/*
 * check_exercise_view.c - the exercise screen drawn into a canvas, with
 * a real run of a real program graded on its own thread: the program's
 * lanes are drawn while it runs and stay above the verdict once it is
 * over, and at 80x24 nothing of the verdict is left out unseen (each
 * condition shown, or counted on a line of its own).
 *
 * The runs need a python3 on PATH: without one these cases say why and
 * pass. ThreadSanitizer builds check the screen's reads of the log
 * against the grading thread's polls.
 */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exercise/exercise.h"
#include "sampler/tracer.h"
#include "trace/clock.h"
#include "ui/canvas.h"
#include "ui/exercise_view.h"
#include "testutil.h"
#include "util.h"

#define W 80
#define H 24
/* How long a grading may take here at most (a busy machine, a sanitizer). */
#define GRADE_LIMIT_NS (60 * 1000000000ull)

static char dir[] = "/tmp/ts-exv-XXXXXX";
static char path[64];

static void
setup(void)
{
	ck_assert_ptr_nonnull(setlocale(LC_ALL, "C.UTF-8"));
	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* A graded attempt is recorded: in a progress file of our own. */
	setenv("XDG_STATE_HOME", dir, 1);
	snprintf(path, sizeof path, "%s/prog.py", dir);
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		ck_abort_msg("cannot remove %s", dir);
	memcpy(dir + strlen(dir) - 6, "XXXXXX", 6);
}

/* Whether there is a python3 to run programs with (else: why not). */
static bool
have_python(void)
{
	if (tracer_python() != NULL)
		return true;
	fputs("check_exercise_view: no python3 on PATH; not tried\n", stderr);
	return false;
}

static void
write_file(const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* A condition as the parser would make it, failing with `fail`. */
static struct lesson_excond
cond(const char *text, const char *metric, enum lesson_exop op,
    double number)
{
	struct lesson_excond c;

	memset(&c, 0, sizeof c);
	c.text = (char *)text;
	c.metric = (char *)metric;
	c.op = op;
	c.number = number;
	c.fail = (char *)"the words a lesson gives when this one fails, long "
	    "enough to need a second line on a terminal of eighty columns";
	return c;
}

/* The screen drawn at W x H, as text. */
static char *
draw(struct exview *v)
{
	struct canvas *c = canvas_new(W, H);
	char *text;

	exercise_view_ops.draw(v, c, canvas_rect(c));
	text = canvas_to_text(c);
	canvas_free(c);
	return text;
}

/* The 0-based line of `text` holding `needle`, or -1. */
static int
line_of(const char *text, const char *needle)
{
	const char *at = strstr(text, needle);
	int n = 0;

	if (at == NULL)
		return -1;
	for (const char *p = text; p < at; p++)
		n += *p == '\n';
	return n;
}

/*
 * Grades the file now (r) and draws the screen every few milliseconds
 * until the verdict shows; *live says whether a frame showed a lane
 * named `lane` beside the running line. Returns the last frame.
 */
static char *
grade(struct exview *v, const char *lane, bool *live)
{
	uint64_t end = clock_now_ns() + GRADE_LIMIT_NS;
	char *text = NULL;

	*live = false;
	exercise_view_ops.key(v, 'r');
	while (clock_now_ns() < end) {
		exercise_view_ops.tick(v, clock_now_ns());
		free(text);
		text = draw(v);
		if (strstr(text, "running") != NULL &&
		    strstr(text, lane) != NULL)
			*live = true;
		if (strstr(text, "Verdict:") != NULL)
			return text;
		clock_sleep_ns(20000000);
	}
	ck_abort_msg("no verdict within the limit:\n%s", text);
	return NULL;
}

/*
 * Three named threads that wait: their lanes are drawn while the
 * program runs, and stay above the verdict with the time axis once it
 * is over.
 */
START_TEST(lanes_are_drawn_live_and_kept_above_the_verdict)
{
	struct lesson_excond cs[] = {
		cond("exit_status == 0", "exit_status", LESSON_EX_EQ, 0),
		cond("threads >= 4", "threads", LESSON_EX_GE, 4),
	};
	struct lesson_exercise ex = { .id = (char *)"t",
	    .goal = (char *)"Wait on three threads.", .conds = cs,
	    .nconds = 2, .runs = 1, .limit_s = 20 };
	struct exview *v;
	char *cause = NULL, *text;
	bool live;

	if (!have_python())
		return;
	write_file("import threading, time\n"
	    "ts = [threading.Thread(target=time.sleep, args=(1.0,),\n"
	    "      name=f'sleeper-{i}') for i in range(3)]\n"
	    "for t in ts: t.start()\n"
	    "for t in ts: t.join()\n");
	v = exercise_view_new(&ex, path, &cause);
	ck_assert_msg(v != NULL, "%s", cause);
	text = grade(v, "sleeper-", &live);
	ck_assert_msg(live, "no lane while the program ran");
	ck_assert_msg(line_of(text, "sleeper-2") >= 0, "%s", text);
	ck_assert_int_lt(line_of(text, "sleeper-0"), line_of(text,
	    "Verdict:"));
	ck_assert_int_lt(line_of(text, " time "), line_of(text, "Verdict:"));
	ck_assert_int_ge(line_of(text, "threads >= 4"), 0);
	free(text);
	exercise_view_ops.leave(v);
}
END_TEST

/*
 * Eight failing conditions beside the lanes at 80x24: the lanes keep
 * their fewest rows, each condition is on screen or counted on the
 * "more conditions" line, and the hint bar keeps the last row.
 */
START_TEST(no_condition_is_left_out_unseen)
{
	static const char *names[] = { "cond-a", "cond-b", "cond-c",
	    "cond-d", "cond-e", "cond-f", "cond-g", "cond-h" };
	struct lesson_excond cs[8];
	struct lesson_exercise ex = { .id = (char *)"t",
	    .goal = (char *)"Fail everything.", .conds = cs, .nconds = 8,
	    .runs = 1, .limit_s = 20 };
	struct exview *v;
	char *cause = NULL, *text, *more;
	int shown = 0, counted = 0;
	bool live;

	if (!have_python())
		return;
	for (int i = 0; i < 8; i++)
		cs[i] = cond(names[i], "threads", LESSON_EX_GE, 50);
	write_file("import threading, time\n"
	    "ts = [threading.Thread(target=time.sleep, args=(0.5,),\n"
	    "      name=f'nap-{i}') for i in range(2)]\n"
	    "for t in ts: t.start()\n"
	    "for t in ts: t.join()\n"
	    "print('one')\nprint('two')\nprint('three')\n");
	v = exercise_view_new(&ex, path, &cause);
	ck_assert_msg(v != NULL, "%s", cause);
	text = grade(v, "nap-", &live);
	for (int i = 0; i < 8; i++)
		shown += strstr(text, names[i]) != NULL;
	if ((more = strstr(text, "… ")) != NULL)
		counted = atoi(more + strlen("… "));
	/* Sixteen rows of conditions do not fit: some are counted. */
	ck_assert_msg(counted > 0 && shown + counted == 8, "%d shown, %d "
	    "counted:\n%s", shown, counted, text);
	/* The lanes keep their fewest rows: a lane and the others summed
	 * up, over the time axis. */
	ck_assert_msg(line_of(text, "MainThread") >= 0 && line_of(text,
	    " time ") < line_of(text, "Verdict:"), "no lanes:\n%s", text);
	ck_assert_int_eq(line_of(text, "e edit"), H - 1);
	free(text);
	exercise_view_ops.leave(v);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("exercise_view");
	TCase *tc = tcase_create("screen");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, lanes_are_drawn_live_and_kept_above_the_verdict);
	tcase_add_test(tc, no_condition_is_left_out_unseen);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
