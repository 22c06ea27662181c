/*
 * check_presenter.c - the presenter's place file: a published place reads
 * back; a missing or garbled file is refused, never half-read; a place
 * that could not be read back is not published; a failed publish leaves
 * neither a temporary file nor an open descriptor behind.
 */
#include <check.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
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
		"lesson gil\nlang en\nblock 3\nextra line\n",
		"lesson gil\nlang en\nblock 3",
		"lesson gil x\nlang en\nblock 3\n",
		"lesson  gil\nlang en\nblock 3\n",
		"lesson gil\nlang en-gb-oed\nblock 3\n",
		"lesson gil\nlang en\nblock 1000001\n",
		"lesson gil\nlang en\nblock 99999999999999999999\n",
		"lesson gil\nlang en\nblock +3\n",
		"lesson gil\nlang en\nblock 3x\n",
		/* 64 letters: longer than a place holds, never cut short. */
		"lesson aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaa\nlang en\nblock 3\n",
	};

	ck_assert_int_eq(presenter_publish(path, &pl, &cause), 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_place(bad[i]);
		ck_assert_msg(presenter_read(path, &got) == -1, "accepted: %s",
		    bad[i]);
	}
}
END_TEST

START_TEST(the_longest_id_reads_back)
{
	struct presenter_place pl, got;
	char *cause = NULL;

	memset(&pl, 0, sizeof pl);
	memset(pl.lesson, 'a', sizeof pl.lesson - 1);
	snprintf(pl.lang, sizeof pl.lang, "es");
	pl.block = PRESENTER_BLOCK_MAX;
	ck_assert_msg(presenter_publish(path, &pl, &cause) == 0, "%s", cause);
	ck_assert_int_eq(presenter_read(path, &got), 0);
	ck_assert_str_eq(got.lesson, pl.lesson);
	ck_assert_int_eq(got.block, PRESENTER_BLOCK_MAX);
}
END_TEST

START_TEST(unreadable_places_are_not_published)
{
	struct presenter_place bad[] = {
		{ "../etc", "en", 1 }, { "gil", "EN", 1 }, { "", "en", 1 },
		{ "gil", "en", -1 }, { "gil", "en", PRESENTER_BLOCK_MAX + 1 },
	};
	char *cause;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		ck_assert_int_eq(presenter_publish(path, &bad[i], &cause), -1);
		ck_assert_ptr_nonnull(cause);
		free(cause);
		ck_assert_int_eq(access(path, F_OK), -1);
	}
}
END_TEST

/* Entries of the place file's folder, . and .. included. */
static int
entries(void)
{
	char sub[160];
	DIR *d;
	int n = 0;

	snprintf(sub, sizeof sub, "%s/sub", dir);
	ck_assert_ptr_nonnull(d = opendir(sub));
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

START_TEST(a_failed_publish_leaves_nothing_open)
{
	struct presenter_place pl = { "gil", "en", 2 };
	char *cause = NULL;
	int fds;

	/* A folder where the file should be: the rename fails. */
	ck_assert_int_eq(presenter_publish(path, &pl, &cause), 0);
	unlink(path);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	fds = tu_open_fds();
	for (int i = 0; i < 20; i++) {
		cause = NULL;
		ck_assert_int_eq(presenter_publish(path, &pl, &cause), -1);
		ck_assert_ptr_nonnull(cause);
		free(cause);
	}
	ck_assert_int_eq(tu_open_fds(), fds);
	ck_assert_int_eq(entries(), 3);	/* ., .., the folder */
	rmdir(path);
}
END_TEST

START_TEST(a_short_write_leaves_nothing_open)
{
	struct presenter_place pl = { "gil", "en", 2 }, got;
	struct rlimit old, lim;
	char *cause = NULL;
	int fds;

	ck_assert_int_eq(presenter_publish(path, &pl, &cause), 0);
	pl.block = 3;
	fds = tu_open_fds();
	/* Room for a few bytes only, as on a full disk (root included). */
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 8;
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	for (int i = 0; i < 20; i++) {
		cause = NULL;
		ck_assert_int_eq(presenter_publish(path, &pl, &cause), -1);
		free(cause);
	}
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	ck_assert_int_eq(tu_open_fds(), fds);
	ck_assert_int_eq(entries(), 3);	/* ., .., the place */
	ck_assert_int_eq(presenter_read(path, &got), 0);
	ck_assert_int_eq(got.block, 2);
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
	tcase_add_test(tc, the_longest_id_reads_back);
	tcase_add_test(tc, unreadable_places_are_not_published);
	tcase_add_test(tc, a_failed_publish_leaves_nothing_open);
	tcase_add_test(tc, a_short_write_leaves_nothing_open);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
