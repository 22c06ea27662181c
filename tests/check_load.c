/*
 * check_load.c - replaying recorded runs: a Chrome trace written by the
 * exporter reads back into the same intervals and holds, and malformed
 * files give a located error instead of a crash; a slice with a
 * negative or absurd time is refused; lanes keep their first name and
 * their kind.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "trace/export.h"
#include "trace/load.h"

static char path[64];

static void
write_file(const char *text)
{
	FILE *f;
	int fd;

	snprintf(path, sizeof path, "/tmp/timeslice-load-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
}

START_TEST(round_trip_keeps_intervals_and_holds)
{
	struct experiment ex;
	struct trace *t;
	struct log lg;
	char *title, *cause = NULL;
	FILE *f;
	int fd;

	tu_run(&ex, "gil", "workers=3 work=mixed units=6 unit-ms=4 "
	    "switch-interval=1");
	snprintf(path, sizeof path, "/tmp/timeslice-load-XXXXXX");
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	ck_assert_int_eq(export_chrome(f, &ex.log, "gil"), 0);
	fclose(f);
	ck_assert_msg(load_chrome(path, &t, &lg, &title, &cause) == 0, "%s",
	    cause);
	ck_assert_str_eq(title, "gil");
	ck_assert_int_eq(lg.nlanes, ex.log.nlanes);
	ck_assert_uint_eq(lg.nholds, ex.log.nholds);
	for (int i = 0; i < lg.nlanes; i++) {
		const struct log_lane *a = &ex.log.lanes[i], *b = &lg.lanes[i];
		uint64_t a0 = log_first_ns(&ex.log), b0 = log_first_ns(&lg);
		size_t k = 0;

		ck_assert_str_eq(t->lanes[i].name, ex.trace->lanes[i].name);
		/* Every non-empty interval comes back with its state and times
		 * (to the microsecond the format keeps). */
		for (size_t j = 0; j < a->niv; j++) {
			const struct log_interval *x = &a->iv[j];

			if (x->state == TRACE_DONE || x->end_ns <= x->start_ns)
				continue;
			while (k < b->niv && b->iv[k].end_ns - b0 <=
			    x->start_ns - a0)
				k++;
			ck_assert_uint_lt(k, b->niv);
			ck_assert_int_eq(b->iv[k].state, x->state);
			ck_assert_uint_le(llabs((long long)(b->iv[k].start_ns - b0) -
			    (long long)(x->start_ns - a0)), 1000);
		}
	}
	free(title);
	log_release(&lg);
	trace_free(t);
	experiment_release(&ex);
	unlink(path);
}
END_TEST

/* The count marks of a log as "lane:value" words in time order. */
static char *
counts_text(const struct log *lg)
{
	size_t len = 16 * lg->npoints + 1, at = 0;
	char *out = calloc(len, 1);
	uint64_t last = 0;

	ck_assert_ptr_nonnull(out);
	for (;;) {
		const struct log_point *next = NULL;

		/* The earliest mark after `last` (marks of one instant are
		 * never two in these runs: each is taken under one mutex). */
		for (size_t i = 0; i < lg->npoints; i++)
			if ((lg->points[i].arg & TRACE_MARK_COUNT) &&
			    lg->points[i].ts_ns - log_first_ns(lg) + 1 > last &&
			    (next == NULL || lg->points[i].ts_ns < next->ts_ns))
				next = &lg->points[i];
		if (next == NULL)
			break;
		last = next->ts_ns - log_first_ns(lg) + 1;
		at += (size_t)snprintf(out + at, len - at, "%d:%d ", next->lane,
		    TRACE_COUNT_VALUE(next->arg));
	}
	return out;
}

/* A queue's depth comes back from a recording, mark by mark. */
START_TEST(round_trip_keeps_a_shared_counter)
{
	struct experiment ex;
	struct trace *t;
	struct log lg;
	char *title, *cause = NULL, *a, *b;
	FILE *f;
	int fd;

	tu_run(&ex, "queue", "workers=2 units=12 unit-ms=2 capacity=2");
	snprintf(path, sizeof path, "/tmp/timeslice-load-XXXXXX");
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	ck_assert_int_eq(export_chrome(f, &ex.log, "queue"), 0);
	fclose(f);
	ck_assert_msg(load_chrome(path, &t, &lg, &title, &cause) == 0, "%s",
	    cause);
	a = counts_text(&ex.log);
	b = counts_text(&lg);
	ck_assert_uint_gt(strlen(a), 0);
	ck_assert_str_eq(b, a);
	free(a);
	free(b);
	free(title);
	log_release(&lg);
	trace_free(t);
	experiment_release(&ex);
	unlink(path);
}
END_TEST

/* Loads `text` and checks the error contains `want`. */
static void
assert_error(const char *text, const char *want)
{
	struct trace *t = NULL;
	struct log lg;
	char *title = NULL, *cause = NULL, expect[256];

	write_file(text);
	ck_assert_int_eq(load_chrome(path, &t, &lg, &title, &cause), -1);
	ck_assert_ptr_null(t);
	snprintf(expect, sizeof expect, "%s%s", path, want);
	ck_assert_msg(strncmp(cause, expect, strlen(expect)) == 0,
	    "got '%s', want '%s'", cause, expect);
	free(cause);
	unlink(path);
}

START_TEST(malformed_files_are_located)
{
	assert_error("", ":1:1: unexpected end of file");
	assert_error("{\"traceEvents\": [\n  {\"ph\": \"X\",\n", ":3:1: "
	    "unexpected end of file");
	assert_error("{\"traceEvents\": [1,2,}", ":1:22: unexpected character");
	assert_error("[] trailing", ":1:4: unexpected text after the trace");
	assert_error("{\"events\": []}", ":1:1: not a Chrome trace");
	assert_error("[{\"ph\":\"X\",\"pid\":1}]", ": traceEvents[0]: a slice "
	    "needs name, pid, tid, ts and dur");
	assert_error("[{\"ph\":\"X\",\"name\":\"running\",\"pid\":1,\"tid\":1,"
	    "\"ts\":-5,\"dur\":1}]", ": traceEvents[0]: ts or dur out of range");
	/* A slice that ends before it starts is refused, not drawn. */
	assert_error("[{\"ph\":\"X\",\"name\":\"running\",\"pid\":1,\"tid\":1,"
	    "\"ts\":5,\"dur\":1},\n{\"ph\":\"X\",\"name\":\"running\","
	    "\"pid\":1,\"tid\":1,\"ts\":6,\"dur\":-0.5}]",
	    ": traceEvents[1]: ts or dur out of range");
	assert_error("[{\"ph\":\"X\",\"name\":\"running\",\"pid\":1,\"tid\":1,"
	    "\"ts\":5,\"dur\":2e13}]", ": traceEvents[0]: ts or dur out of "
	    "range");
	assert_error("[7]", ": traceEvents[0]: not an object");
	assert_error("[{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1}]",
	    ": traceEvents[0]: thread_name needs pid, tid and args.name");
}
END_TEST

/*
 * A lane's name and kind come from its first thread_name (a second one,
 * as a renamed thread writes, names no second lane), and the kinds
 * timeslice writes read back as such; a foreign lane is a thread.
 */
START_TEST(lanes_keep_their_first_name_and_their_kind)
{
	struct trace *t;
	struct log lg;
	char *title, *cause = NULL;

#define META_EV(tid, name, kind) "{\"ph\":\"M\",\"name\":\"thread_name\"," \
	    "\"pid\":1,\"tid\":" #tid ",\"args\":{\"name\":\"" name "\"" kind \
	    "}}"
	write_file("[" META_EV(1, "main", "") "," META_EV(1, "renamed", "") ","
	    META_EV(2, "child", ",\"kind\":\"process\"") ","
	    META_EV(3, "step", ",\"kind\":\"task\"") ","
	    META_EV(4, "pool", ",\"kind\":\"thread\"") "]");
#undef META_EV
	ck_assert_msg(load_chrome(path, &t, &lg, &title, &cause) == 0, "%s",
	    cause);
	ck_assert_int_eq(trace_nlanes(t), 4);
	ck_assert_str_eq(t->lanes[0].name, "main");
	ck_assert_int_eq(t->lanes[0].kind, TRACE_KIND_THREAD);
	ck_assert_str_eq(t->lanes[1].name, "child");
	ck_assert_int_eq(t->lanes[1].kind, TRACE_KIND_PROCESS);
	ck_assert_int_eq(t->lanes[2].kind, TRACE_KIND_TASK);
	ck_assert_int_eq(t->lanes[3].kind, TRACE_KIND_THREAD);
	free(title);
	log_release(&lg);
	trace_free(t);
	unlink(path);
}
END_TEST

/* Anything after the trace, a single byte too, is an error. */
START_TEST(one_byte_after_the_trace_is_refused)
{
	assert_error("[]x", ":1:3: unexpected text after the trace");
	assert_error("{\"traceEvents\":[]}}", ":1:19: unexpected text after "
	    "the trace");
}
END_TEST

/*
 * A lane that finished before the others is shown done from its last
 * slice until the end of the whole run, not for an instant.
 */
START_TEST(a_lane_that_ends_early_is_done_until_the_run_ends)
{
	struct trace *t;
	struct log lg;
	char *title, *cause = NULL;
	const struct log_lane *a;

	write_file("[{\"ph\":\"X\",\"name\":\"running\",\"pid\":1,\"tid\":1,"
	    "\"ts\":0,\"dur\":100},{\"ph\":\"X\",\"name\":\"running\",\"pid\":1,"
	    "\"tid\":2,\"ts\":0,\"dur\":300}]");
	ck_assert_msg(load_chrome(path, &t, &lg, &title, &cause) == 0, "%s",
	    cause);
	ck_assert_int_eq(lg.nlanes, 2);
	a = &lg.lanes[0];
	ck_assert_uint_ge(a->niv, 2);
	ck_assert_int_eq(a->iv[a->niv - 1].state, TRACE_DONE);
	ck_assert_uint_eq(a->iv[a->niv - 1].start_ns - a->iv[0].start_ns,
	    100000);
	ck_assert_uint_eq(a->iv[a->niv - 1].end_ns - a->iv[0].start_ns,
	    300000);
	free(title);
	log_release(&lg);
	trace_free(t);
	unlink(path);
}
END_TEST

START_TEST(foreign_traces_still_load)
{
	struct trace *t;
	struct log lg;
	char *title, *cause = NULL;

	/* No metadata, unknown slice names, a bare array. */
	write_file("[{\"ph\":\"X\",\"name\":\"compute\",\"pid\":9,\"tid\":10,"
	    "\"ts\":0,\"dur\":100},{\"ph\":\"B\",\"pid\":9,\"tid\":10,\"ts\":5},"
	    "{\"ph\":\"X\",\"name\":\"io\",\"pid\":9,\"tid\":10,\"ts\":100,"
	    "\"dur\":50}]");
	ck_assert_msg(load_chrome(path, &t, &lg, &title, &cause) == 0, "%s",
	    cause);
	ck_assert_int_eq(lg.nlanes, 1);
	ck_assert_str_eq(t->lanes[0].name, "tid 10");
	ck_assert_uint_ge(lg.lanes[0].niv, 2);
	ck_assert_int_eq(lg.lanes[0].iv[0].state, TRACE_RUN);
	ck_assert_int_eq(lg.lanes[0].iv[1].state, TRACE_IO);
	free(title);
	log_release(&lg);
	trace_free(t);
	unlink(path);
}
END_TEST

START_TEST(a_hold_past_the_last_slice_keeps_time_in_order)
{
	struct trace *t;
	struct log lg;
	char *title, *cause = NULL;

	/*
	 * The lock track says thread 1 held the lock until 500 µs, long
	 * after its last state slice ended (100 µs): the lane must last
	 * until then, its intervals in order, its hold whole.
	 */
	write_file("[{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,"
	    "\"tid\":2,\"args\":{\"name\":\"thread 1\",\"kind\":\"thread\"}},"
	    "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":9,"
	    "\"args\":{\"name\":\"GIL 0\"}},"
	    "{\"ph\":\"X\",\"name\":\"running\",\"pid\":1,\"tid\":2,"
	    "\"ts\":0,\"dur\":100},"
	    "{\"ph\":\"X\",\"name\":\"thread 1\",\"pid\":1,\"tid\":9,"
	    "\"ts\":50,\"dur\":450}]");
	ck_assert_msg(load_chrome(path, &t, &lg, &title, &cause) == 0, "%s",
	    cause);
	ck_assert_int_eq(lg.disorder, 0);
	ck_assert_uint_eq(lg.nholds, 1);
	ck_assert_uint_eq(lg.holds[0].end_ns - lg.holds[0].start_ns, 450000);
	for (size_t k = 0; k < lg.lanes[0].niv; k++) {
		const struct log_interval *iv = &lg.lanes[0].iv[k];

		ck_assert_uint_ge(iv->end_ns, iv->start_ns);
		if (k + 1 < lg.lanes[0].niv)
			ck_assert_uint_eq(iv->end_ns, lg.lanes[0].iv[k + 1].start_ns);
	}
	ck_assert_uint_ge(log_last_ns(&lg) - log_first_ns(&lg), 500000);
	free(title);
	log_release(&lg);
	trace_free(t);
	unlink(path);
}
END_TEST

START_TEST(every_lane_survives_an_export_and_a_reload)
{
	struct trace *t, *t2;
	struct log lg, lg2;
	char *title, *title2, *cause = NULL;
	FILE *f;
	int fd;

	/*
	 * A task's track gets a made-up tid (tasks share their loop's real
	 * one); here a thread of the same process really has the number the
	 * second lane's track would get, and must keep a track of its own.
	 */
	write_file("[{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,"
	    "\"tid\":10,\"args\":{\"name\":\"loop\",\"kind\":\"thread\"}},"
	    "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":11,"
	    "\"args\":{\"name\":\"task 1\",\"kind\":\"task\"}},"
	    "{\"ph\":\"X\",\"name\":\"running\",\"pid\":1,\"tid\":10,"
	    "\"ts\":0,\"dur\":10},"
	    "{\"ph\":\"X\",\"name\":\"running\",\"pid\":1,\"tid\":11,"
	    "\"ts\":10,\"dur\":10},"
	    "{\"ph\":\"X\",\"name\":\"io\",\"pid\":1,\"tid\":2097153,"
	    "\"ts\":0,\"dur\":30}]");
	ck_assert_msg(load_chrome(path, &t, &lg, &title, &cause) == 0, "%s",
	    cause);
	ck_assert_int_eq(lg.nlanes, 3);
	unlink(path);
	snprintf(path, sizeof path, "/tmp/timeslice-load-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_int_eq(export_chrome(f, &lg, title), 0);
	fclose(f);
	ck_assert_msg(load_chrome(path, &t2, &lg2, &title2, &cause) == 0, "%s",
	    cause);
	ck_assert_int_eq(lg2.nlanes, 3);
	for (int i = 0; i < 3; i++) {
		ck_assert_str_eq(t2->lanes[i].name, t->lanes[i].name);
		ck_assert_uint_eq(lg2.lanes[i].niv, lg.lanes[i].niv);
	}
	free(title);
	free(title2);
	log_release(&lg);
	log_release(&lg2);
	trace_free(t);
	trace_free(t2);
	unlink(path);
}
END_TEST

/* Loads `text` and returns how many lanes the log has. */
static int
lanes_of(const char *text)
{
	struct trace *t;
	struct log lg;
	char *title, *cause = NULL;
	int n;

	write_file(text);
	ck_assert_msg(load_chrome(path, &t, &lg, &title, &cause) == 0, "%s",
	    cause);
	ck_assert_int_eq(lg.nlanes, trace_nlanes(t));
	n = lg.nlanes;
	free(title);
	log_release(&lg);
	trace_free(t);
	unlink(path);
	return n;
}

START_TEST(named_lanes_without_slices_are_kept)
{
#define NAMED(tid) "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1," \
	    "\"tid\":" #tid ",\"args\":{\"name\":\"t" #tid "\"}}"
	/* Whether or not another lane has slices, every named lane shows. */
	ck_assert_int_eq(lanes_of("[" NAMED(1) "," NAMED(2) "]"), 2);
	ck_assert_int_eq(lanes_of("[" NAMED(1) "," NAMED(2) ",{\"ph\":\"X\","
	    "\"name\":\"io\",\"pid\":1,\"tid\":2,\"ts\":0,\"dur\":5}]"), 2);
#undef NAMED
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("load");
	TCase *tc = tcase_create("load");

	tcase_add_test(tc, round_trip_keeps_intervals_and_holds);
	tcase_add_test(tc, round_trip_keeps_a_shared_counter);
	tcase_add_test(tc, malformed_files_are_located);
	tcase_add_test(tc, foreign_traces_still_load);
	tcase_add_test(tc, a_hold_past_the_last_slice_keeps_time_in_order);
	tcase_add_test(tc, every_lane_survives_an_export_and_a_reload);
	tcase_add_test(tc, named_lanes_without_slices_are_kept);
	tcase_add_test(tc, lanes_keep_their_first_name_and_their_kind);
	tcase_add_test(tc, one_byte_after_the_trace_is_refused);
	tcase_add_test(tc, a_lane_that_ends_early_is_done_until_the_run_ends);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
