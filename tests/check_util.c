/*
 * check_util.c - fatal errors end the program safely from any thread or
 * forked child (the terminal restored by the main thread, or by the
 * async-safe path when the main thread cannot come; exit handlers only on
 * the main thread; one message), and the quit signals only set a flag
 * and interrupt blocking calls.
 *
 * fatal() ends the process, so each case runs tests/fatal_probe.c (a
 * separate program) and reads what it said on stderr.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "util.h"

static char out[4096], err[4096];

/* Runs the probe in `mode`; returns its exit status. */
static int
probe(const char *mode)
{
	char *argv[] = { "fatal_probe", (char *)mode, NULL };
	const char *bin = getenv("FATAL_PROBE");

	ck_assert_msg(bin != NULL, "FATAL_PROBE must name tests/fatal_probe");
	return tu_exec_path(bin, argv, out, sizeof out, err, sizeof err);
}

/* How many times `needle` occurs in `hay`. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* Whether `a` occurs in err, and before `b`. */
static int
before(const char *a, const char *b)
{
	const char *x = strstr(err, a), *y = strstr(err, b);

	return x != NULL && y != NULL && x < y;
}

START_TEST(main_thread_restores_and_exits_normally)
{
	ck_assert_int_eq(probe("main"), 1);
	ck_assert_msg(before("restore on main", "timeslice: boom on main 1\n"),
	    "%s", err);
	ck_assert_msg(before("timeslice: boom on main 1\n", "atexit"), "%s",
	    err);
	ck_assert_int_eq(count(err, "restore"), 1);
}
END_TEST

START_TEST(worker_leaves_the_terminal_to_the_main_thread)
{
	ck_assert_int_eq(probe("worker"), 1);
	ck_assert_msg(before("restore on main", "timeslice: boom from a worker"),
	    "%s", err);
	ck_assert_msg(strstr(err, "atexit") != NULL, "no normal exit: %s",
	    err);
	ck_assert_int_eq(count(err, "restore"), 1);
	ck_assert_int_eq(count(err, "timeslice: "), 1);
}
END_TEST

START_TEST(worker_restores_safely_when_main_cannot_come)
{
	ck_assert_int_eq(probe("stuck"), 1);
	ck_assert_msg(before("restore-async", "timeslice: boom while main "
	    "waits"), "%s", err);
	ck_assert_int_eq(count(err, "restore"), 1);
	/* No exit handlers behind the main thread's back. */
	ck_assert_msg(strstr(err, "atexit") == NULL, "%s", err);
	ck_assert_msg(strstr(err, "join returned") == NULL, "%s", err);
}
END_TEST

START_TEST(worker_without_terminal_just_leaves)
{
	ck_assert_int_eq(probe("headless"), 1);
	ck_assert_int_eq(count(err, "timeslice: boom while main waits\n"), 1);
	ck_assert_msg(strstr(err, "restore") == NULL, "%s", err);
	ck_assert_msg(strstr(err, "atexit") == NULL, "%s", err);
}
END_TEST

START_TEST(forked_child_never_touches_the_parents_terminal)
{
	ck_assert_int_eq(probe("child"), 0);
	ck_assert_msg(strstr(err, "child status 1\n") != NULL, "%s", err);
	ck_assert_int_eq(count(err, "timeslice: boom in a child\n"), 1);
	ck_assert_msg(strstr(err, "restore") == NULL, "%s", err);
	/* The parent's own exit, not the child's. */
	ck_assert_int_eq(count(err, "atexit"), 1);
}
END_TEST

START_TEST(two_failing_threads_give_one_message)
{
	ck_assert_int_eq(probe("two"), 1);
	ck_assert_int_eq(count(err, "timeslice: "), 1);
	ck_assert_int_eq(count(err, "restore"), 1);
	ck_assert_msg(strstr(err, "restore on main") != NULL, "%s", err);
}
END_TEST

static _Atomic int caught;

static void
on_quit(int sig)
{
	caught = sig;
}

START_TEST(quit_signals_set_a_flag_and_interrupt_calls)
{
	int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	catch_quit_signals(on_quit);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_eq(sigaction(sigs[i], NULL, &sa), 0);
		ck_assert(sa.sa_handler == on_quit);
		/* Blocking calls must return EINTR for loops to notice. */
		ck_assert_int_eq(sa.sa_flags & SA_RESTART, 0);
		caught = 0;
		ck_assert_int_eq(raise(sigs[i]), 0);
		ck_assert_int_eq(caught, sigs[i]);
	}
}
END_TEST

/* Is every byte of s part of a well-formed UTF-8 sequence? */
static int
all_utf8(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0, len; i < n; i += len)
		if ((len = util_utf8_len(s + i, n - i)) == 0)
			return 0;
	return 1;
}

START_TEST(names_from_outside_become_valid_utf8)
{
	char dst[8];

	util_utf8_copy(dst, sizeof dst, "ab\xff" "c");
	ck_assert_str_eq(dst, "ab?c");
	/* An overlong form and a lone continuation byte are not text. */
	util_utf8_copy(dst, sizeof dst, "\xc0\xaf\x80");
	ck_assert_str_eq(dst, "???");
	/* A cut falls between characters, never inside one. */
	util_utf8_copy(dst, sizeof dst, "abcdef\xc3\xb1z");
	ck_assert_str_eq(dst, "abcdef");
	ck_assert(all_utf8(dst));
	util_utf8_copy(dst, sizeof dst, "abcde\xc3\xb1z");
	ck_assert_str_eq(dst, "abcde\xc3\xb1");
	util_utf8_copy(dst, sizeof dst, "abcdefghij");
	ck_assert_str_eq(dst, "abcdefg");
	util_utf8_copy(dst, 1, "abc");
	ck_assert_str_eq(dst, "");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("util");
	TCase *tf = tcase_create("fatal");
	TCase *ts = tcase_create("signals");

	tcase_set_timeout(tf, 60);
	tcase_add_test(tf, main_thread_restores_and_exits_normally);
	tcase_add_test(tf, worker_leaves_the_terminal_to_the_main_thread);
	tcase_add_test(tf, worker_restores_safely_when_main_cannot_come);
	tcase_add_test(tf, worker_without_terminal_just_leaves);
	tcase_add_test(tf, forked_child_never_touches_the_parents_terminal);
	tcase_add_test(tf, two_failing_threads_give_one_message);
	suite_add_tcase(s, tf);
	tcase_add_test(ts, quit_signals_set_a_flag_and_interrupt_calls);
	suite_add_tcase(s, ts);
	ts = tcase_create("text");
	tcase_add_test(ts, names_from_outside_become_valid_utf8);
	suite_add_tcase(s, ts);
	return tu_main(s);
}
