/*
 * check_store.c - the store's helpers and the progress file: ids follow
 * the lessons' rule, state paths follow XDG, an atomic write leaves the
 * old file or the new one and never a temporary or an open descriptor
 * (short writes, a failed rename, a folder it may not write), what is
 * saved comes back, and a damaged file is kept aside with a warning while
 * what was readable stays. Nothing opens a FIFO in place of a file and
 * waits on it; two instances saving keep both their answers; a lesson
 * finished after its place was saved is saved as done; a long file
 * loads whole, its last word on each id winning; stale temporaries go.
 *
 * Permission cases run as the user nobody: as root (CI) the TCase is run
 * again by tu_rerun_unprivileged, so they are never skipped.
 */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lesson/diag.h"
#include "lesson/lesson.h"
#include "store/progress.h"
#include "store/store.h"
#include "testutil.h"

static char tmpdir[256];

static void
setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/ts-store-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/* Removes the test folder and whatever is in it (one level deep). */
static void
rm_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];
	struct stat sb;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			rm_tree(path);
		else
			unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static void
teardown(void)
{
	rm_tree(tmpdir);
}

/* Counts the entries of a folder whose name starts with `prefix`. */
static int
count_prefix(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* Whether the file at `path` holds exactly `text`. */
static int
holds(const char *path, const char *text)
{
	char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	if (f == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strcmp(buf, text) == 0;
}

START_TEST(ids_follow_the_lesson_rule)
{
	char longest[STORE_ID_MAX + 2];
	const char *good[] = { "gil", "03-gil", "a", "x-y-z-9" };
	const char *bad[] = { "", "Gil", "../etc", "a b", "gil\n", "a_b",
	    "a.b", "a/b", "\xc3\xa9t\xc3\xa9" };

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		ck_assert_msg(store_id_valid(good[i]), "refused %s", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!store_id_valid(bad[i]), "accepted '%s'", bad[i]);
	ck_assert(!store_id_valid(NULL));
	memset(longest, 'a', sizeof longest);
	longest[STORE_ID_MAX] = '\0';
	ck_assert(store_id_valid(longest));
	longest[STORE_ID_MAX] = 'a';
	longest[STORE_ID_MAX + 1] = '\0';
	ck_assert(!store_id_valid(longest));
}
END_TEST

START_TEST(state_paths_follow_xdg)
{
	char *path;

	setenv("XDG_STATE_HOME", "/x/state", 1);
	setenv("HOME", "/home/u", 1);
	path = store_state_path("thing");
	ck_assert_str_eq(path, "/x/state/timeslice/thing");
	free(path);
	setenv("XDG_STATE_HOME", "", 1);
	path = store_state_path("thing");
	ck_assert_str_eq(path, "/home/u/.local/state/timeslice/thing");
	free(path);
	/* Relative values mean nothing: no state file then. */
	setenv("HOME", "home/u", 1);
	ck_assert_ptr_null(store_state_path("thing"));
	unsetenv("HOME");
	unsetenv("XDG_STATE_HOME");
	ck_assert_ptr_null(store_state_path("thing"));
}
END_TEST

START_TEST(atomic_write_creates_folders_and_replaces)
{
	char path[600], dir[512], *cause = NULL;
	int fds = tu_open_fds();

	snprintf(dir, sizeof dir, "%s/a/b", tmpdir);
	snprintf(path, sizeof path, "%s/file", dir);
	ck_assert_msg(store_write_atomic(path, "old\n", 4, &cause) == 0, "%s",
	    cause);
	ck_assert(holds(path, "old\n"));
	ck_assert_int_eq(store_write_atomic(path, "new text\n", 9, &cause), 0);
	ck_assert(holds(path, "new text\n"));
	ck_assert_int_eq(store_write_atomic(path, "", 0, &cause), 0);
	ck_assert(holds(path, ""));
	ck_assert_int_eq(count_prefix(dir, ""), 3);	/* ., .., file */
	ck_assert_int_eq(tu_open_fds(), fds);
}
END_TEST

START_TEST(short_writes_leave_the_old_file)
{
	char path[512], big[8192], *cause = NULL;
	struct rlimit old, lim;
	int fds;

	snprintf(path, sizeof path, "%s/file", tmpdir);
	ck_assert_int_eq(store_write_atomic(path, "old\n", 4, &cause), 0);
	memset(big, 'x', sizeof big);
	fds = tu_open_fds();
	/*
	 * A file size limit makes the first write short and the next one
	 * fail with EFBIG, as a full disk would (root included).
	 */
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 1000;
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	ck_assert_int_eq(store_write_atomic(path, big, sizeof big, &cause), -1);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, path) != NULL, "%s", cause);
	free(cause);
	ck_assert(holds(path, "old\n"));
	ck_assert_int_eq(count_prefix(tmpdir, "file"), 1);
	ck_assert_int_eq(tu_open_fds(), fds);
}
END_TEST

START_TEST(failed_rename_leaves_no_temporary)
{
	char path[512], inner[600], *cause = NULL;
	int fds = tu_open_fds();

	/* A non-empty folder where the file should go: rename must fail. */
	snprintf(path, sizeof path, "%s/file", tmpdir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(inner, sizeof inner, "%s/keep", path);
	write_file(inner, "x");
	ck_assert_int_eq(store_write_atomic(path, "data", 4, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	ck_assert_int_eq(count_prefix(tmpdir, "file"), 1);
	ck_assert(holds(inner, "x"));
	ck_assert_int_eq(tu_open_fds(), fds);
}
END_TEST

START_TEST(saved_progress_comes_back)
{
	struct progress p, q;
	char path[512], *w, *cause = NULL;
	const struct progress_quiz *pq;
	int right, answered;

	snprintf(path, sizeof path, "%s/deep/er/progress", tmpdir);
	ck_assert_int_eq(progress_load(&p, path, &w), 0);
	ck_assert_ptr_null(w);
	ck_assert_int_eq((int)p.n, 0);
	progress_set_last(&p, "gil");
	progress_set_lang(&p, "es");
	progress_set_place(&p, "gil", 12, 3);
	progress_set_place(&p, "basics", 2, 0);
	progress_lesson(&p, "basics", true)->done = true;
	progress_set_quiz(&p, "gil", "gil-what", 1, true);
	progress_set_quiz(&p, "gil", "gil-speedup", 0, false);
	progress_set_quiz(&p, "gil", "gil-what", 0, false);	/* replaced */
	progress_set_quiz(&p, "gil", "gil-what", 1, true);
	ck_assert_int_eq(progress_save(&p, &cause), 0);
	progress_release(&p);

	ck_assert_int_eq(progress_load(&q, path, &w), 0);
	ck_assert_ptr_null(w);
	ck_assert_str_eq(q.last, "gil");
	ck_assert_str_eq(q.lang, "es");
	ck_assert_int_eq(progress_lesson(&q, "gil", false)->block, 12);
	ck_assert_int_eq(progress_lesson(&q, "gil", false)->offset, 3);
	ck_assert(progress_lesson(&q, "basics", false)->done);
	ck_assert(!progress_lesson(&q, "gil", false)->done);
	pq = progress_quiz(&q, "gil", "gil-what");
	ck_assert_ptr_nonnull(pq);
	ck_assert_int_eq(pq->choice, 1);
	ck_assert(pq->right);
	progress_score(&q, "gil", &right, &answered);
	ck_assert_int_eq(right, 1);
	ck_assert_int_eq(answered, 2);
	ck_assert_ptr_null(progress_lesson(&q, "nope", false));
	progress_release(&q);
}
END_TEST

/*
 * A lesson read to the end after its place was saved is saved as done:
 * the save merges what changed since the last one, and "done" changed
 * even though the lesson's record was already in the file.
 */
START_TEST(done_after_a_saved_place_is_saved)
{
	struct progress p, q;
	char path[512], *w, *cause = NULL;

	snprintf(path, sizeof path, "%s/progress", tmpdir);
	ck_assert_int_eq(progress_load(&p, path, &w), 0);
	progress_set_place(&p, "gil", 3, 1);
	ck_assert_int_eq(progress_save(&p, &cause), 0);
	progress_set_place(&p, "gil", 9, 0);
	progress_lesson(&p, "gil", true)->done = true;
	ck_assert_int_eq(progress_save(&p, &cause), 0);
	progress_release(&p);

	ck_assert_int_eq(progress_load(&q, path, &w), 0);
	ck_assert_ptr_null(w);
	ck_assert_ptr_nonnull(progress_lesson(&q, "gil", false));
	ck_assert_msg(progress_lesson(&q, "gil", false)->done,
	    "a lesson finished after its place was saved is not done");
	ck_assert_int_eq(progress_lesson(&q, "gil", false)->block, 9);
	progress_release(&q);
}
END_TEST

/*
 * A save applies every kind of change since the last one, even when the
 * lesson's record is already in the file: a move within a block, the
 * same choice graded again, a new language over an old one.
 */
START_TEST(every_change_since_the_last_save_is_saved)
{
	struct progress p, q;
	char path[512], *w, *cause = NULL;

	snprintf(path, sizeof path, "%s/progress", tmpdir);
	write_file(path, "version 1\nlang en\nplace gil 3 1\n"
	    "quiz gil q 1 wrong\n");
	ck_assert_int_eq(progress_load(&p, path, &w), 0);
	ck_assert_ptr_null(w);
	progress_set_place(&p, "gil", 3, 7);
	progress_set_quiz(&p, "gil", "q", 1, true);
	progress_set_lang(&p, "es");
	ck_assert_int_eq(progress_save(&p, &cause), 0);
	progress_release(&p);

	ck_assert_int_eq(progress_load(&q, path, &w), 0);
	ck_assert_ptr_null(w);
	ck_assert_int_eq(progress_lesson(&q, "gil", false)->block, 3);
	ck_assert_int_eq(progress_lesson(&q, "gil", false)->offset, 7);
	ck_assert(progress_quiz(&q, "gil", "q")->right);
	ck_assert_str_eq(q.lang, "es");
	progress_release(&q);
}
END_TEST

/*
 * Another instance's answer in a lesson survives this instance moving
 * in the same lesson: a move is not a lesson begun again.
 */
START_TEST(a_move_keeps_another_instances_answers)
{
	struct progress a, b, c;
	char path[512], *w, *cause = NULL;

	snprintf(path, sizeof path, "%s/progress", tmpdir);
	write_file(path, "version 1\nplace gil 1 0\nquiz gil q1 0 right\n");
	ck_assert_int_eq(progress_load(&a, path, &w), 0);
	ck_assert_int_eq(progress_load(&b, path, &w), 0);
	progress_set_quiz(&b, "gil", "q2", 1, false);
	ck_assert_int_eq(progress_save(&b, &cause), 0);
	progress_set_place(&a, "gil", 4, 0);
	ck_assert_int_eq(progress_save(&a, &cause), 0);
	progress_release(&a);
	progress_release(&b);

	ck_assert_int_eq(progress_load(&c, path, &w), 0);
	ck_assert_ptr_nonnull(progress_quiz(&c, "gil", "q1"));
	ck_assert_ptr_nonnull(progress_quiz(&c, "gil", "q2"));
	ck_assert_int_eq(progress_lesson(&c, "gil", false)->block, 4);
	progress_release(&c);
}
END_TEST

/*
 * A finished lesson reset and begun again is saved as begun again, not
 * done; and an instance that still remembers it done does not mark it
 * done again over another instance's reset.
 */
START_TEST(a_reset_lesson_is_not_done_again)
{
	struct progress a, b, c;
	char path[512], *w, *cause = NULL;

	snprintf(path, sizeof path, "%s/progress", tmpdir);
	write_file(path, "version 1\nplace gil 5 0\ndone gil\n");
	ck_assert_int_eq(progress_load(&a, path, &w), 0);
	ck_assert_int_eq(progress_forget(&a, "gil"), 1);
	progress_set_place(&a, "gil", 1, 0);
	ck_assert_int_eq(progress_save(&a, &cause), 0);
	progress_release(&a);
	ck_assert_int_eq(progress_load(&c, path, &w), 0);
	ck_assert(!progress_lesson(&c, "gil", false)->done);
	ck_assert_int_eq(progress_lesson(&c, "gil", false)->block, 1);
	progress_release(&c);

	write_file(path, "version 1\nplace gil 5 0\ndone gil\n");
	ck_assert_int_eq(progress_load(&a, path, &w), 0);
	ck_assert_int_eq(progress_load(&b, path, &w), 0);
	ck_assert_int_eq(progress_forget(&b, "gil"), 1);
	ck_assert_int_eq(progress_save(&b, &cause), 0);
	progress_set_place(&a, "basics", 2, 0);
	ck_assert_int_eq(progress_save(&a, &cause), 0);
	progress_release(&a);
	progress_release(&b);
	ck_assert_int_eq(progress_load(&c, path, &w), 0);
	ck_assert(progress_lesson(&c, "gil", false) == NULL ||
	    !progress_lesson(&c, "gil", false)->done);
	progress_release(&c);
}
END_TEST

/* Forgetting one lesson forgets "last read" only if it was that one. */
START_TEST(forget_clears_last_only_for_that_lesson)
{
	struct progress p;

	memset(&p, 0, sizeof p);
	ck_assert_int_eq(progress_parse(&p, "version 1\nlast gil\n"
	    "place gil 1 0\nplace basics 2 0\n"), 0);
	ck_assert_int_eq(progress_forget(&p, "basics"), 1);
	ck_assert_str_eq(p.last, "gil");
	ck_assert_int_eq(progress_forget(&p, "gil"), 1);
	ck_assert_ptr_null(p.last);
	progress_release(&p);
}
END_TEST

/* Lines with a word too many or a number too large are not understood. */
START_TEST(lines_out_of_shape_are_counted)
{
	struct progress p;

	memset(&p, 0, sizeof p);
	ck_assert_int_eq(progress_parse(&p, "version 1\nplace gil 1 2 3\n"
	    "place basics 2000000 0\nplace ok 1000000 0\n"), 2);
	ck_assert_ptr_null(progress_lesson(&p, "gil", false));
	ck_assert_ptr_null(progress_lesson(&p, "basics", false));
	ck_assert_int_eq(progress_lesson(&p, "ok", false)->block, 1000000);
	/* A place set below zero is the lesson's start. */
	progress_set_place(&p, "neg", -3, -1);
	ck_assert_int_eq(progress_lesson(&p, "neg", false)->block, 0);
	ck_assert_int_eq(progress_lesson(&p, "neg", false)->offset, 0);
	progress_release(&p);
}
END_TEST

START_TEST(save_leaves_no_temporary_file)
{
	struct progress p;
	char path[512], *w, *cause = NULL;

	snprintf(path, sizeof path, "%s/progress", tmpdir);
	progress_load(&p, path, &w);
	for (int i = 0; i < 20; i++) {
		progress_set_place(&p, "gil", i, i);
		ck_assert_int_eq(progress_save(&p, &cause), 0);
	}
	progress_release(&p);
	ck_assert_int_eq(count_prefix(tmpdir, "progress"), 2);	/* and its lock */
}
END_TEST

START_TEST(failed_save_keeps_old_file)
{
	struct progress p;
	char path[600], dir[512], *w, *cause = NULL;

	ck_assert_msg(tu_unprivileged(), "permissions do not stop root");
	snprintf(dir, sizeof dir, "%s/ro", tmpdir);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(path, sizeof path, "%s/progress", dir);
	write_file(path, "version 1\nlast gil\n");
	chmod(dir, 0500);
	progress_load(&p, path, &w);
	progress_set_last(&p, "basics");
	ck_assert_int_eq(progress_save(&p, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	progress_release(&p);
	chmod(dir, 0700);
	progress_load(&p, path, &w);
	ck_assert_str_eq(p.last, "gil");
	progress_release(&p);
}
END_TEST

START_TEST(read_only_folder_gets_nothing)
{
	char dir[512], path[600], sub[700], *cause = NULL;
	int fds = tu_open_fds();

	ck_assert_msg(tu_unprivileged(), "permissions do not stop root");
	snprintf(dir, sizeof dir, "%s/ro", tmpdir);
	ck_assert_int_eq(mkdir(dir, 0500), 0);
	snprintf(path, sizeof path, "%s/file", dir);
	ck_assert_int_eq(store_write_atomic(path, "data", 4, &cause), -1);
	ck_assert_msg(strstr(cause, path) != NULL, "%s", cause);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(count_prefix(dir, ""), 2);	/* . and .. */
	/* Nor can a folder be made inside it. */
	snprintf(sub, sizeof sub, "%s/deeper/file", dir);
	ck_assert_int_eq(store_write_atomic(sub, "data", 4, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "cannot create the folder"));
	free(cause);
	ck_assert_int_eq(count_prefix(dir, ""), 2);
	ck_assert_int_eq(tu_open_fds(), fds);
	chmod(dir, 0700);
}
END_TEST

START_TEST(unreadable_progress_is_kept_aside)
{
	struct progress p;
	char path[512], *w;

	ck_assert_msg(tu_unprivileged(), "permissions do not stop root");
	snprintf(path, sizeof path, "%s/progress", tmpdir);
	write_file(path, "version 1\nlast gil\n");
	ck_assert_int_eq(chmod(path, 0), 0);
	ck_assert_int_eq(progress_load(&p, path, &w), 0);
	ck_assert_ptr_nonnull(w);
	ck_assert_msg(strstr(w, "cannot read") != NULL, "%s", w);
	free(w);
	ck_assert_ptr_null(p.last);
	progress_release(&p);
	ck_assert_int_eq(count_prefix(tmpdir, "progress.corrupt-"), 1);
}
END_TEST

/* As root, the permission cases run again as nobody, never skipped. */
START_TEST(permission_cases_run_as_nobody)
{
	tu_rerun_unprivileged("permissions", 3);
}
END_TEST

START_TEST(corrupt_file_is_kept_aside)
{
	struct progress p;
	char path[512], *w;

	snprintf(path, sizeof path, "%s/progress", tmpdir);
	write_file(path, "version 1\nlast gil\nplace gil 4 2\n"
	    "garbage here\nquiz gil q1 0 maybe\nquiz gil q2 1 right\n");
	ck_assert_int_eq(progress_load(&p, path, &w), 0);
	ck_assert_ptr_nonnull(w);
	ck_assert_ptr_nonnull(strstr(w, "damaged"));
	free(w);
	/* What could be read is kept. */
	ck_assert_str_eq(p.last, "gil");
	ck_assert_int_eq(progress_lesson(&p, "gil", false)->block, 4);
	ck_assert_ptr_nonnull(progress_quiz(&p, "gil", "q2"));
	ck_assert_ptr_null(progress_quiz(&p, "gil", "q1"));
	progress_release(&p);
	ck_assert_int_eq(count_prefix(tmpdir, "progress.corrupt-"), 1);
	ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

START_TEST(binary_file_is_corrupt)
{
	struct progress p;
	char path[512], *w;
	FILE *f;

	snprintf(path, sizeof path, "%s/progress", tmpdir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fwrite("version 1\n\0\1\2", 1, 13, f);
	fclose(f);
	progress_load(&p, path, &w);
	ck_assert_ptr_nonnull(w);
	free(w);
	progress_release(&p);
	ck_assert_int_eq(count_prefix(tmpdir, "progress.corrupt-"), 1);
}
END_TEST

START_TEST(unreadable_file_is_kept_aside)
{
	struct progress p;
	char path[512], *w, *cause = NULL;

	/* A folder where the file should be: it cannot be read as one. */
	snprintf(path, sizeof path, "%s/progress", tmpdir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ck_assert_int_eq(progress_load(&p, path, &w), 0);
	ck_assert_ptr_nonnull(w);
	ck_assert_ptr_nonnull(strstr(w, "cannot read"));
	free(w);
	ck_assert_int_eq(count_prefix(tmpdir, "progress.corrupt-"), 1);
	/* And the program goes on: the next save works. */
	progress_set_last(&p, "gil");
	ck_assert_int_eq(progress_save(&p, &cause), 0);
	progress_release(&p);
	progress_load(&p, path, &w);
	ck_assert_ptr_null(w);
	ck_assert_str_eq(p.last, "gil");
	progress_release(&p);
}
END_TEST

START_TEST(missing_version_is_corrupt)
{
	struct progress p;

	memset(&p, 0, sizeof p);
	ck_assert_int_eq(progress_parse(&p, "last gil\n"), 1);
	progress_release(&p);
	memset(&p, 0, sizeof p);
	ck_assert_int_eq(progress_parse(&p, "version 2\n"), 2);
	progress_release(&p);
	memset(&p, 0, sizeof p);
	ck_assert_int_eq(progress_parse(&p, "# only a comment\nversion 1\n\n"),
	    0);
	progress_release(&p);
	memset(&p, 0, sizeof p);
	/* Ids are checked: no spaces, capitals or paths. */
	ck_assert_int_eq(progress_parse(&p, "version 1\nlast ../etc\n"
	    "place Gil 1 1\nplace gil -1 0\nlang ../fr\n"), 4);
	ck_assert_ptr_null(p.last);
	ck_assert_ptr_null(p.lang);
	progress_release(&p);
}
END_TEST

/* A course may have any language folder; its code is saved as chosen. */
START_TEST(saved_language_is_any_language_code)
{
	struct progress p;

	memset(&p, 0, sizeof p);
	ck_assert_int_eq(progress_parse(&p, "version 1\nlang fr\n"), 0);
	ck_assert_str_eq(p.lang, "fr");
	progress_release(&p);
	memset(&p, 0, sizeof p);
	ck_assert_int_eq(progress_parse(&p, "version 1\nlang FR\n"), 1);
	ck_assert_ptr_null(p.lang);
	progress_release(&p);
}
END_TEST

START_TEST(default_path_follows_xdg)
{
	char *path;

	setenv("XDG_STATE_HOME", "/x/state", 1);
	path = progress_default_path();
	ck_assert_str_eq(path, "/x/state/timeslice/progress");
	free(path);
	/* The XDG spec says to ignore a relative path. */
	setenv("XDG_STATE_HOME", "relative", 1);
	setenv("HOME", "/home/u", 1);
	path = progress_default_path();
	ck_assert_str_eq(path, "/home/u/.local/state/timeslice/progress");
	free(path);
	unsetenv("XDG_STATE_HOME");
	path = progress_default_path();
	ck_assert_str_eq(path, "/home/u/.local/state/timeslice/progress");
	free(path);
}
END_TEST

/*
 * Runs timeslice with `args` (stdin, stdout and stderr /dev/null), killed
 * after 10 s so a hang fails the test instead of stalling it. Returns the
 * exit status, or -1 when it had to be killed or died of a signal.
 */
static int
run_bounded(char *const args[])
{
	const char *bin = getenv("TIMESLICE_BIN");
	pid_t pid, w;
	int status = 0;

	ck_assert_ptr_nonnull(bin);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		char *argv[8];
		int i = 0, fd = open("/dev/null", O_RDWR);

		argv[i++] = (char *)bin;
		for (; args[i - 1] != NULL && i < 7; i++)
			argv[i] = args[i - 1];
		argv[i] = NULL;
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(bin, argv);
		_exit(127);
	}
	for (int waited = 0; waited < 1000; waited++) {
		if ((w = waitpid(pid, &status, WNOHANG)) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

/* A FIFO nobody writes to, in the test folder. */
static void
make_fifo(char *path, size_t cap, const char *name)
{
	snprintf(path, cap, "%s/%s", tmpdir, name);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
}

START_TEST(fifo_lesson_is_refused)
{
	char path[512];
	struct diags d;

	make_fifo(path, sizeof path, "lesson.md");
	diags_init(&d);
	alarm(10);	/* a hang fails instead of stalling */
	ck_assert_ptr_null(lesson_load(path, &d));
	alarm(0);
	ck_assert_int_ge(d.errors, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "not a regular file"));
	diags_release(&d);
}
END_TEST

START_TEST(fifo_on_the_command_line_is_refused)
{
	char path[512];
	char *check[] = { "check", path, NULL };
	char *replay[] = { "replay", path, NULL };

	make_fifo(path, sizeof path, "run.md");
	ck_assert_int_gt(run_bounded(check), 0);
	ck_assert_int_gt(run_bounded(replay), 0);
}
END_TEST

START_TEST(fifo_progress_is_refused)
{
	char dir[512], path[600], *w = NULL;
	struct progress p;

	snprintf(dir, sizeof dir, "%s/timeslice", tmpdir);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(path, sizeof path, "%s/progress", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	setenv("XDG_STATE_HOME", tmpdir, 1);
	alarm(10);	/* a hang fails instead of stalling */
	ck_assert_int_eq(progress_load(&p, NULL, &w), 0);
	alarm(0);
	ck_assert_ptr_nonnull(w);
	ck_assert_ptr_nonnull(strstr(w, "not a regular file"));
	free(w);
	progress_release(&p);
	unsetenv("XDG_STATE_HOME");
}
END_TEST

START_TEST(undecided_predictions_are_answered_not_wrong)
{
	struct progress p, q, b;
	char path[512], *w, *cause = NULL;
	const struct progress_quiz *pq;
	int right, answered;

	snprintf(path, sizeof path, "%s/progress", tmpdir);
	ck_assert_int_eq(progress_load(&p, path, &w), 0);
	progress_set_quiz(&p, "gil", "right-one", 0, true);
	progress_set_quiz(&p, "gil", "wrong-one", 1, false);
	progress_set_quiz_undecided(&p, "gil", "busy-one", 0);
	/* A decided answer stays when the same answer comes back undecided. */
	progress_set_quiz_undecided(&p, "gil", "right-one", 0);
	/* A run that decides replaces an undecided one. */
	progress_set_quiz_undecided(&p, "gil", "later", 1);
	progress_set_quiz(&p, "gil", "later", 1, true);
	ck_assert_int_eq(progress_save(&p, &cause), 0);
	progress_release(&p);

	ck_assert_int_eq(progress_load(&q, path, &w), 0);
	ck_assert_ptr_null(w);
	progress_score(&q, "gil", &right, &answered);
	ck_assert_int_eq(answered, 4);
	ck_assert_int_eq(right, 2);
	ck_assert_int_eq(progress_undecided(&q, "gil"), 1);
	ck_assert_ptr_nonnull(pq = progress_quiz(&q, "gil", "busy-one"));
	ck_assert(pq->undecided && !pq->right);
	ck_assert_ptr_nonnull(pq = progress_quiz(&q, "gil", "right-one"));
	ck_assert(pq->right && !pq->undecided);
	ck_assert_ptr_nonnull(pq = progress_quiz(&q, "gil", "later"));
	ck_assert(pq->right && !pq->undecided);
	ck_assert_int_eq(progress_undecided(&q, "nope"), 0);

	/* Another instance decides it: the merge keeps the decision. */
	ck_assert_int_eq(progress_load(&b, path, &w), 0);
	progress_set_quiz(&b, "gil", "busy-one", 0, false);
	ck_assert_int_eq(progress_save(&b, &cause), 0);
	progress_release(&b);
	/* And one that only read it first changes nothing by saving. */
	progress_set_place(&q, "gil", 3, 0);
	ck_assert_int_eq(progress_save(&q, &cause), 0);
	progress_release(&q);
	ck_assert_int_eq(progress_load(&q, path, &w), 0);
	ck_assert_ptr_nonnull(pq = progress_quiz(&q, "gil", "busy-one"));
	ck_assert(!pq->undecided && !pq->right);
	progress_release(&q);
}
END_TEST

START_TEST(two_instances_keep_both_answers)
{
	struct progress a, b, c;
	char path[512], *w, *cause = NULL;
	const struct progress_quiz *q;

	snprintf(path, sizeof path, "%s/progress", tmpdir);
	write_file(path, "version 1\nquiz gil gil-old 2 right\n");
	ck_assert_int_eq(progress_load(&a, path, &w), 0);
	ck_assert_int_eq(progress_load(&b, path, &w), 0);
	progress_set_quiz(&a, "gil", "q-one", 1, true);
	progress_set_place(&a, "gil", 5, 1);
	progress_set_quiz(&b, "gil", "q-two", 0, false);
	progress_set_lang(&b, "es");
	ck_assert_int_eq(progress_save(&a, &cause), 0);
	ck_assert_int_eq(progress_save(&b, &cause), 0);
	/* A's later change goes over B's file without undoing B's. */
	progress_set_quiz(&a, "basics", "q-three", 3, true);
	ck_assert_int_eq(progress_save(&a, &cause), 0);
	progress_release(&a);
	progress_release(&b);

	ck_assert_int_eq(progress_load(&c, path, &w), 0);
	ck_assert_ptr_null(w);
	ck_assert_ptr_nonnull(q = progress_quiz(&c, "gil", "q-one"));
	ck_assert_int_eq(q->choice, 1);
	ck_assert_ptr_nonnull(q = progress_quiz(&c, "gil", "q-two"));
	ck_assert_int_eq(q->choice, 0);
	ck_assert_ptr_nonnull(progress_quiz(&c, "gil", "gil-old"));
	ck_assert_ptr_nonnull(progress_quiz(&c, "basics", "q-three"));
	ck_assert_int_eq(progress_lesson(&c, "gil", false)->block, 5);
	ck_assert_str_eq(c.lang, "es");
	progress_release(&c);
}
END_TEST

/* One instance: loads once, then answers `n` quizzes, saving each. */
static void
answer_and_save(const char *path, const char *prefix, int n)
{
	struct progress p;
	char *w, *cause = NULL, id[32];
	int failed = 0;

	progress_load(&p, path, &w);
	for (int i = 0; i < n; i++) {
		snprintf(id, sizeof id, "%s%d", prefix, i);
		progress_set_quiz(&p, "gil", id, i, true);
		if (progress_save(&p, &cause) != 0)
			failed = 1;
	}
	progress_release(&p);
	_exit(failed);
}

START_TEST(two_processes_saving_together_lose_nothing)
{
	enum { EACH = 25 };
	struct progress c;
	char path[512], *w, id[32];
	pid_t a, b;
	int sa, sb;

	snprintf(path, sizeof path, "%s/progress", tmpdir);
	if ((a = fork()) == 0)
		answer_and_save(path, "a", EACH);
	if ((b = fork()) == 0)
		answer_and_save(path, "b", EACH);
	ck_assert_int_eq(waitpid(a, &sa, 0), a);
	ck_assert_int_eq(waitpid(b, &sb, 0), b);
	ck_assert(WIFEXITED(sa) && WEXITSTATUS(sa) == 0);
	ck_assert(WIFEXITED(sb) && WEXITSTATUS(sb) == 0);
	ck_assert_int_eq(progress_load(&c, path, &w), 0);
	ck_assert_ptr_null(w);
	for (int i = 0; i < EACH; i++) {
		snprintf(id, sizeof id, "a%d", i);
		ck_assert_msg(progress_quiz(&c, "gil", id) != NULL, "lost %s", id);
		snprintf(id, sizeof id, "b%d", i);
		ck_assert_msg(progress_quiz(&c, "gil", id) != NULL, "lost %s", id);
	}
	progress_release(&c);
}
END_TEST

START_TEST(forget_is_saved_over_another_instance)
{
	struct progress a, b, c;
	char path[512], *w, *cause = NULL;

	snprintf(path, sizeof path, "%s/progress", tmpdir);
	write_file(path, "version 1\nplace gil 3 0\nplace basics 1 0\n");
	ck_assert_int_eq(progress_load(&a, path, &w), 0);
	ck_assert_int_eq(progress_load(&b, path, &w), 0);
	ck_assert_int_eq(progress_forget(&a, "gil"), 1);
	progress_set_quiz(&b, "basics", "q-two", 0, true);
	ck_assert_int_eq(progress_save(&b, &cause), 0);
	ck_assert_int_eq(progress_save(&a, &cause), 0);
	progress_release(&a);
	progress_release(&b);
	ck_assert_int_eq(progress_load(&c, path, &w), 0);
	ck_assert_ptr_null(progress_lesson(&c, "gil", false));
	ck_assert_ptr_nonnull(progress_quiz(&c, "basics", "q-two"));
	progress_release(&c);
}
END_TEST

/* An exercise's attempts, hints and done mark are saved and read back. */
START_TEST(exercise_attempts_come_back)
{
	struct progress a, c;
	const struct progress_exercise *e;
	char path[512], *w, *cause = NULL;

	snprintf(path, sizeof path, "%s/progress", tmpdir);
	ck_assert_int_eq(progress_load(&a, path, &w), 0);
	progress_exercise_attempt(&a, "race-lock", false, 1);
	progress_exercise_attempt(&a, "race-lock", true, 0);
	progress_exercise_attempt(&a, "deadlock-order", false, 2);
	ck_assert_int_eq(progress_save(&a, &cause), 0);
	progress_release(&a);
	ck_assert_int_eq(progress_load(&c, path, &w), 0);
	ck_assert_ptr_null(w);
	e = progress_exercise(&c, "race-lock");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->attempts, 2);
	ck_assert_int_eq(e->hints, 1);
	ck_assert(e->done);
	e = progress_exercise(&c, "deadlock-order");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->attempts, 1);
	ck_assert_int_eq(e->hints, 2);
	ck_assert(!e->done);
	ck_assert_ptr_null(progress_exercise(&c, "threads-downloads"));
	progress_release(&c);
}
END_TEST

/*
 * Another instance's passed exercise survives a save that did not touch
 * it, and an exercise forgotten (reset) is saved as forgotten.
 */
START_TEST(exercises_merge_and_forget)
{
	struct progress a, b, c;
	char path[512], *w, *cause = NULL;

	snprintf(path, sizeof path, "%s/progress", tmpdir);
	write_file(path, "version 1\nexercise race-lock 4 1 done\n");
	ck_assert_int_eq(progress_load(&a, path, &w), 0);
	ck_assert_int_eq(progress_load(&b, path, &w), 0);
	progress_exercise_attempt(&b, "threads-downloads", true, 0);
	ck_assert_int_eq(progress_save(&b, &cause), 0);
	ck_assert(progress_forget_exercise(&a, "race-lock"));
	ck_assert(!progress_forget_exercise(&a, "race-lock"));
	ck_assert_int_eq(progress_save(&a, &cause), 0);
	progress_release(&a);
	progress_release(&b);
	ck_assert_int_eq(progress_load(&c, path, &w), 0);
	ck_assert_ptr_null(progress_exercise(&c, "race-lock"));
	ck_assert_ptr_nonnull(progress_exercise(&c, "threads-downloads"));
	ck_assert(progress_exercise(&c, "threads-downloads")->done);
	progress_exercise_attempt(&c, "race-lock", false, 0);
	ck_assert(progress_forget_exercise(&c, NULL));
	ck_assert_ptr_null(progress_exercise(&c, "threads-downloads"));
	ck_assert_ptr_null(progress_exercise(&c, "race-lock"));
	progress_release(&c);
}
END_TEST

START_TEST(long_file_keeps_last_value_of_each_id)
{
	enum { LINES = 100000, IDS = 1000 };
	struct progress p;
	char path[512], *w;
	FILE *f;
	struct timespec t0, t1;

	snprintf(path, sizeof path, "%s/progress", tmpdir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fprintf(f, "version 1\n");
	for (int i = 0; i < LINES; i++) {
		fprintf(f, "place l%d %d 0\n", i % (LINES / 2), i);
		if (i % 2 == 0)
			fprintf(f, "quiz big q%d %d right\n", i % IDS, i);
	}
	ck_assert_int_eq(fclose(f), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(progress_load(&p, path, &w), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("loaded %d place and %d quiz lines in %.3f s\n", LINES,
	    LINES / 2, (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	fflush(stdout);
	ck_assert_ptr_null(w);
	ck_assert_int_eq((int)p.n, LINES / 2 + 1);
	for (int k = 0; k < LINES / 2; k += 997) {
		char id[32];

		snprintf(id, sizeof id, "l%d", k);
		ck_assert_int_eq(progress_lesson(&p, id, false)->block,
		    k + LINES / 2);
	}
	for (int k = 0; k < IDS; k += 2) {
		char id[32];

		snprintf(id, sizeof id, "q%d", k);
		ck_assert_int_eq(progress_quiz(&p, "big", id)->choice,
		    LINES - IDS + k);
	}
	progress_release(&p);
}
END_TEST

START_TEST(stale_temporaries_are_removed)
{
	struct progress p;
	char path[512], tmp[600], young[600], other[600], *w;
	struct timeval old[2] = { { time(NULL) - 3600, 0 },
	    { time(NULL) - 3600, 0 } };

	snprintf(path, sizeof path, "%s/progress", tmpdir);
	snprintf(tmp, sizeof tmp, "%s.Ab3xY9", path);
	snprintf(young, sizeof young, "%s.Zz9yY8", path);
	snprintf(other, sizeof other, "%s.keep-me", path);
	write_file(tmp, "half");
	write_file(young, "half");
	write_file(other, "mine");
	ck_assert_int_eq(utimes(tmp, old), 0);
	ck_assert_int_eq(utimes(other, old), 0);
	ck_assert_int_eq(progress_load(&p, path, &w), 0);
	progress_release(&p);
	ck_assert_int_eq(access(tmp, F_OK), -1);
	ck_assert_int_eq(access(young, F_OK), 0);	/* a save under way */
	ck_assert_int_eq(access(other, F_OK), 0);	/* not ours */
}
END_TEST

static Suite *
store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *th = tcase_create("helpers");
	TCase *tc = tcase_create("progress");
	TCase *tp = tcase_create("permissions");

	tcase_add_checked_fixture(th, setup, teardown);
	tcase_add_test(th, ids_follow_the_lesson_rule);
	tcase_add_test(th, state_paths_follow_xdg);
	tcase_add_test(th, atomic_write_creates_folders_and_replaces);
	tcase_add_test(th, short_writes_leave_the_old_file);
	tcase_add_test(th, failed_rename_leaves_no_temporary);
	suite_add_tcase(s, th);

	if (tu_unprivileged()) {
		tcase_add_checked_fixture(tp, setup, teardown);
		tcase_add_test(tp, failed_save_keeps_old_file);
		tcase_add_test(tp, read_only_folder_gets_nothing);
		tcase_add_test(tp, unreadable_progress_is_kept_aside);
	} else
		tcase_add_test(tp, permission_cases_run_as_nobody);
	suite_add_tcase(s, tp);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, saved_progress_comes_back);
	tcase_add_test(tc, save_leaves_no_temporary_file);
	tcase_add_test(tc, done_after_a_saved_place_is_saved);
	tcase_add_test(tc, every_change_since_the_last_save_is_saved);
	tcase_add_test(tc, a_move_keeps_another_instances_answers);
	tcase_add_test(tc, a_reset_lesson_is_not_done_again);
	tcase_add_test(tc, forget_clears_last_only_for_that_lesson);
	tcase_add_test(tc, lines_out_of_shape_are_counted);
	tcase_add_test(tc, corrupt_file_is_kept_aside);
	tcase_add_test(tc, binary_file_is_corrupt);
	tcase_add_test(tc, unreadable_file_is_kept_aside);
	tcase_add_test(tc, missing_version_is_corrupt);
	tcase_add_test(tc, saved_language_is_any_language_code);
	tcase_add_test(tc, default_path_follows_xdg);
	tcase_add_test(tc, fifo_lesson_is_refused);
	tcase_add_test(tc, fifo_on_the_command_line_is_refused);
	tcase_add_test(tc, fifo_progress_is_refused);
	tcase_add_test(tc, two_instances_keep_both_answers);
	tcase_add_test(tc, undecided_predictions_are_answered_not_wrong);
	tcase_add_test(tc, two_processes_saving_together_lose_nothing);
	tcase_add_test(tc, forget_is_saved_over_another_instance);
	tcase_add_test(tc, long_file_keeps_last_value_of_each_id);
	tcase_add_test(tc, stale_temporaries_are_removed);
	tcase_add_test(tc, exercise_attempts_come_back);
	tcase_add_test(tc, exercises_merge_and_forget);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_main(store_suite());
}
