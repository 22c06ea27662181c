/*
 * check_tail.c - the last bytes of a program's output (sampler/tail.c):
 * bounded whatever comes, the newest bytes kept in order, a cut said,
 * and a pipe drained to its end without ever blocking.
 */
#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sampler/tail.h"
#include "testutil.h"

START_TEST(small_output_is_kept_whole)
{
	struct tail t;

	tail_init(&t, 16);
	ck_assert_str_eq(tail_str(&t), "");
	tail_add(&t, "abc", 3);
	tail_add(&t, "def\n", 4);
	ck_assert_str_eq(tail_str(&t), "abcdef\n");
	ck_assert_uint_eq(t.len, 7);
	ck_assert(!t.cut);
	/* Exactly full is still whole. */
	tail_add(&t, "123456789", 9);
	ck_assert_uint_eq(t.len, 16);
	ck_assert(!t.cut);
	tail_release(&t);
	ck_assert_str_eq(tail_str(&t), "");
	tail_release(&t);	/* twice is harmless */
}
END_TEST

START_TEST(only_the_last_bytes_are_kept)
{
	struct tail t;
	char want[9];

	tail_init(&t, 8);
	/* Byte by byte: a sliding window over the stream. */
	for (int i = 0; i < 100; i++) {
		char ch = (char)('a' + i % 26);

		tail_add(&t, &ch, 1);
		ck_assert_uint_le(t.len, 8);
	}
	for (int i = 0; i < 8; i++)
		want[i] = (char)('a' + (92 + i) % 26);
	want[8] = '\0';
	ck_assert_str_eq(tail_str(&t), want);
	ck_assert(t.cut);
	/* One write longer than the tail: its own end. */
	tail_add(&t, "0123456789ABCDEF", 16);
	ck_assert_str_eq(tail_str(&t), "89ABCDEF");
	/* A write that overflows part of what is kept. */
	tail_add(&t, "xyz", 3);
	ck_assert_str_eq(tail_str(&t), "BCDEFxyz");
	tail_release(&t);
}
END_TEST

START_TEST(a_pipe_is_drained_to_its_end_without_blocking)
{
	struct tail t;
	int fd[2];
	char buf[3000];

	ck_assert_int_eq(pipe(fd), 0);
	ck_assert_int_eq(fcntl(fd[0], F_SETFL, O_NONBLOCK), 0);
	tail_init(&t, TAIL_MAX);
	/* Empty for now: 0, at once. */
	ck_assert_int_eq(tail_drain(&t, fd[0]), 0);
	ck_assert_uint_eq(t.len, 0);
	/* More than the pipe holds at one read, and more than the tail. */
	memset(buf, 'x', sizeof buf);
	for (size_t sent = 0; sent < 3 * TAIL_MAX; sent += sizeof buf) {
		ck_assert_int_eq(write(fd[1], buf, sizeof buf),
		    (ssize_t)sizeof buf);
		ck_assert_int_eq(tail_drain(&t, fd[0]), 0);
	}
	ck_assert_int_eq(write(fd[1], "Error: last\n", 12), 12);
	close(fd[1]);
	ck_assert_int_eq(tail_drain(&t, fd[0]), -1);
	ck_assert_uint_eq(t.len, TAIL_MAX);
	ck_assert(t.cut);
	ck_assert_str_eq(tail_str(&t) + t.len - 12, "Error: last\n");
	ck_assert_int_eq(tail_drain(&t, -1), -1);
	close(fd[0]);
	tail_release(&t);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("tail");
	TCase *tc = tcase_create("tail");

	tcase_add_test(tc, small_output_is_kept_whole);
	tcase_add_test(tc, only_the_last_bytes_are_kept);
	tcase_add_test(tc, a_pipe_is_drained_to_its_end_without_blocking);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
