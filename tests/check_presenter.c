/*
 * check_presenter.c - the presenter's place file: a published place reads
 * back; a missing or garbled file is refused, never half-read.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/presenter.h"
#include "testutil.h"

static char dir[64], path[128];

static void
setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/ts-presenter-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* A folder that does not exist yet: publishing creates it. */
	snprintf(path, sizeof path, "%s/sub/presenter", dir);
}

static void
teardown(void)
{
	unlink(path);
	snprintf(path, sizeof path, "%s/sub", dir);
	rmdir(path);
	rmdir(dir);
}

START_TEST(a_published_place_reads_back)
{
	struct presenter_place pl = { "gil", "es", 17 }, got;
	char *cause = NULL;

	ck_assert_int_eq(presenter_read(path, &got), -1);
	ck_assert_msg(presenter_publish(path, &pl, &cause) == 0, "%s", cause);
	ck_assert_int_eq(presenter_read(path, &got), 0);
	ck_assert_str_eq(got.lesson, "gil");
	ck_assert_str_eq(got.lang, "es");
	ck_assert_int_eq(got.block, 17);
}
END_TEST

static void
write_place(const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(garbled_places_are_refused)
{
	struct presenter_place pl = { "gil", "en", 1 }, got;
	char *cause = NULL;
	const char *bad[] = {
		"",
		"lesson gil\n",
		"lesson ../etc\nlang en\nblock 3\n",
		"lesson gil\nlang EN\nblock 3\n",
		"lesson gil\nlang en\nblock -1\n",
		"lesson gil\nlang en\nblock many\n",
		"block 3\nlang en\nlesson gil\n",
	};

	ck_assert_int_eq(presenter_publish(path, &pl, &cause), 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_place(bad[i]);
		ck_assert_msg(presenter_read(path, &got) == -1, "accepted: %s",
		    bad[i]);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("presenter");
	TCase *tc = tcase_create("presenter");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, a_published_place_reads_back);
	tcase_add_test(tc, garbled_places_are_refused);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
