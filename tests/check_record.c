/*
 * check_record.c - recordings for class: a run written as a
 * self-describing Chrome trace and read back prints, through the very
 * code `run --format json` uses, the very same object; older recordings
 * still load; the text and SVG exports carry their heading, and SVG text
 * is escaped and valid UTF-8; the parameters read back as written;
 * export files never overwrite a file nor follow a symlink.
 */
#include <check.h>
#include <json-c/json.h>
#include <math.h>
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/record.h"
#include "report.h"
#include "testutil.h"
#include "trace/export.h"
#include "trace/load.h"

static char dir[64];

static void
setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/ts-record-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* What report_json prints for `ex` (allocated). */
static char *
json_of(const struct experiment *ex)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	report_json(f, ex);
	fclose(f);
	return buf;
}

/*
 * Fails with the first place where two strings part. Numbers may differ
 * in their last printed digit (a thousandth of a millisecond): a state
 * interval is stored in microseconds with three decimals, and a sum of
 * them can round the other way at the last digit.
 */
static void
assert_same_text(const char *a, const char *b)
{
	size_t i = 0, j = 0;

	while (a[i] != '\0' && b[j] != '\0') {
		if (isdigit((unsigned char)a[i]) && isdigit((unsigned char)b[j]) &&
		    (i == 0 || !isalnum((unsigned char)a[i - 1]))) {
			char *ea, *eb;
			double x = strtod(a + i, &ea), y = strtod(b + j, &eb);

			if (fabs(x - y) > 0.0011)
				break;
			i = (size_t)(ea - a);
			j = (size_t)(eb - b);
			continue;
		}
		if (a[i] != b[j])
			break;
		i++;
		j++;
	}
	ck_assert_msg(a[i] == b[j], "they part at byte %zu:\nrun:    "
	    "...%.160s\nreplay: ...%.160s", i, a + (i > 40 ? i - 40 : 0),
	    b + (j > 40 ? j - 40 : 0));
}

/* Writes ex with `write` into dir/name and returns the path (static). */
static const char *
write_to(const char *name, const struct experiment *ex,
    int (*write)(FILE *, const struct experiment *, const char *,
    const struct recording *), const char *caption)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_int_eq(write(f, ex, caption, NULL), 0);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

/* Runs, records, replays: report_json must print the same bytes. */
static void
round_trip(const char *scenario, const char *args)
{
	struct experiment ex;
	struct recording rec;
	char *cause = NULL, *a, *b;
	const char *path;

	tu_run(&ex, scenario, args);
	a = json_of(&ex);
	path = write_to("run.json", &ex, record_chrome, "what the class sees");
	ck_assert_msg(record_load(path, &rec, &cause) == 0, "%s", cause);
	ck_assert(rec.described);
	ck_assert_str_eq(rec.caption, "what the class sees");
	ck_assert_ptr_eq(rec.ex.scenario, ex.scenario);
	/* The knobs come back bit for bit, not as JSON rounds them. */
	ck_assert(rec.ex.params.unit_ms == ex.params.unit_ms);
	ck_assert(rec.ex.params.switch_interval_ms ==
	    ex.params.switch_interval_ms);
	ck_assert_int_eq(rec.ex.params.workers, ex.params.workers);
	ck_assert_int_eq(rec.ex.params.units, ex.params.units);
	ck_assert_int_eq(rec.ex.params.work, ex.params.work);
	ck_assert_uint_eq(rec.ex.params.seed, ex.params.seed);
	ck_assert(rec.ex.params.baseline == ex.params.baseline);
	b = json_of(&rec.ex);
	assert_same_text(a, b);
	free(b);

	/* A recording of the recording is the same recording. */
	path = write_to("again.json", &rec.ex, record_chrome, NULL);
	record_release(&rec);
	ck_assert_msg(record_load(path, &rec, &cause) == 0, "%s", cause);
	b = json_of(&rec.ex);
	assert_same_text(a, b);
	free(b);
	free(a);
	record_release(&rec);
	experiment_release(&ex);
}

START_TEST(replay_json_is_the_run_json_under_the_gil)
{
	round_trip("gil", "workers=3 units=6 unit-ms=4.0125 "
	    "switch-interval=1.0625 baseline=1");
}
END_TEST

START_TEST(replay_json_is_the_run_json_for_tasks_and_metrics)
{
	round_trip("coroutines", "workers=4 work=mixed units=8 unit-ms=3 "
	    "baseline=1");
	round_trip("race", "workers=3 units=6");
	round_trip("burgers-concurrent", "workers=3 units=4 unit-ms=3");
}
END_TEST

START_TEST(replay_json_is_the_run_json_for_processes)
{
	round_trip("processes", "workers=2 units=4 unit-ms=3 baseline=1");
}
END_TEST

/* A trace with no metadata loads as before: figures it cannot know are
 * null, those its slices tell are there. */
START_TEST(an_old_recording_still_replays)
{
	struct experiment ex;
	struct recording rec;
	char *cause = NULL, *json, path[128];
	FILE *f;

	tu_run(&ex, "gil", "workers=2 units=4 unit-ms=3 baseline=1");
	snprintf(path, sizeof path, "%s/old.json", dir);
	f = fopen(path, "w");
	ck_assert_int_eq(export_chrome(f, &ex.log, "gil"), 0);
	fclose(f);
	ck_assert_msg(record_load(path, &rec, &cause) == 0, "%s", cause);
	ck_assert(!rec.described);
	ck_assert_int_eq(rec.ex.log.nlanes, 2);
	ck_assert(!rec.ex.has_baseline);
	json = json_of(&rec.ex);
	ck_assert_ptr_nonnull(strstr(json, "\"speedup\":null"));
	ck_assert_ptr_nonnull(strstr(json, "\"name\":\"thread 2\""));
	free(json);
	record_release(&rec);
	experiment_release(&ex);
}
END_TEST

/* The whole of a small file (allocated). */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 1 << 20);
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/*
 * The one params writer and its reader agree on every knob, a coroutine
 * run's thousands of tasks included; a file older than a knob reads it
 * at its default, and a value out of bounds is not taken.
 */
START_TEST(params_read_back_as_written)
{
	struct params p, r, def;
	json_object *o;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	params_defaults(&p);
	p.workers = 1000;
	p.unit_ms = 0.1 + 0.2;
	p.seed = 1000000000000000001ull;
	p.ordered = true;
	p.capacity = 2;
	p.permits = 5;
	p.start = START_SPAWN;
	record_params_json(f, &p, -1);
	fclose(f);
	ck_assert_ptr_nonnull(o = json_tokener_parse(buf));
	record_params_read(o, &r);
	ck_assert(params_same(&r, &p, 0));
	json_object_put(o);
	free(buf);

	params_defaults(&def);
	ck_assert_ptr_nonnull(o = json_tokener_parse("{\"workers\":8,"
	    "\"units\":0,\"switch_interval_ms\":20}"));
	record_params_read(o, &r);
	ck_assert_int_eq(r.workers, 8);
	ck_assert_int_eq(r.units, def.units);
	ck_assert(r.switch_interval_ms == 20);
	ck_assert_int_eq(r.capacity, def.capacity);
	ck_assert_int_eq(r.permits, def.permits);
	ck_assert_int_eq(r.start, def.start);
	json_object_put(o);
}
END_TEST

/*
 * Text in any SVG timeslice writes (a timeline, the cheat sheet) parses
 * as XML whatever it was given: markup escaped, control characters and
 * bytes that are no UTF-8 replaced, letters kept whole.
 */
START_TEST(svg_text_is_escaped_and_valid_utf8)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	svg_xml_text(f, "a<b>&\"c\"\x01\tcaf\xc3\xa9 \xff\xfe\xc3!");
	fclose(f);
	ck_assert_str_eq(buf, "a&lt;b&gt;&amp;&quot;c&quot;  caf\xc3\xa9 ?" "?" "?!");
	free(buf);
}
END_TEST

START_TEST(text_and_svg_exports_carry_title_parameters_and_figures)
{
	struct experiment ex;
	char *text;

	tu_run(&ex, "gil", "workers=3 units=6 unit-ms=4 baseline=1");
	text = slurp(write_to("t.txt", &ex, record_svg, "a caption & more"));
	ck_assert_ptr_nonnull(strstr(text, "<svg xmlns="));
	ck_assert_ptr_nonnull(strstr(text, "gil: "));
	ck_assert_ptr_nonnull(strstr(text, "a caption &amp; more"));
	ck_assert_ptr_nonnull(strstr(text, "3 workers"));
	ck_assert_ptr_nonnull(strstr(text, "speedup "));
	ck_assert_ptr_nonnull(strstr(text, "cores free "));
	ck_assert_ptr_nonnull(strstr(text, "lock holder"));
	ck_assert_ptr_nonnull(strstr(text, "url(#st2)"));	/* a pattern */
	free(text);
	{
		char path[128];
		FILE *f;

		snprintf(path, sizeof path, "%s/t2.txt", dir);
		f = fopen(path, "w");
		ck_assert_int_eq(record_text(f, &ex, NULL, NULL, 100), 0);
		fclose(f);
		text = slurp(path);
	}
	/* Title, parameters and figures come before the timeline. */
	ck_assert_ptr_eq(strstr(text, "gil: "), text);
	ck_assert_ptr_nonnull(strstr(text, "3 workers, work cpu, 6 units of "
	    "4 ms"));
	ck_assert_ptr_nonnull(strstr(text, "wall "));
	ck_assert_ptr_nonnull(strstr(text, "speedup "));
	ck_assert(strstr(text, "speedup ") < strstr(text, "1 thread 1"));
	ck_assert_ptr_nonnull(strstr(text, "legend:"));
	free(text);
	experiment_release(&ex);
}
END_TEST

/* A lock taken and given back in the same nanosecond is still a hold. */
START_TEST(an_empty_hold_survives_the_round_trip)
{
	struct trace *t, *t2;
	struct log lg, lg2;
	char *cause = NULL, *title = NULL, path[128];
	int l;
	FILE *f;

	ck_assert_ptr_nonnull(t = trace_new(64, &cause));
	l = trace_lane_add(t, "a", TRACE_KIND_THREAD, 0);
	atomic_store(&t->lanes[l].pid, 7);
	atomic_store(&t->lanes[l].tid, 8);
	trace_record_at(t, l, 1000, TRACE_EV_STATE, TRACE_RUN, 0);
	trace_record_at(t, l, 2000, TRACE_EV_ACQUIRE, TRACE_NONE, 0);
	trace_record_at(t, l, 2000, TRACE_EV_RELEASE, TRACE_NONE, 0);
	trace_record_at(t, l, 3000, TRACE_EV_ACQUIRE, TRACE_NONE, 0);
	trace_record_at(t, l, 4000, TRACE_EV_RELEASE, TRACE_NONE, 0);
	trace_record_at(t, l, 5000, TRACE_EV_STATE, TRACE_DONE, 0);
	log_init(&lg, t);
	log_poll(&lg);
	log_close(&lg, 5000);
	ck_assert_uint_eq(lg.nholds, 2);
	snprintf(path, sizeof path, "%s/empty.json", dir);
	f = fopen(path, "w");
	ck_assert_int_eq(export_chrome(f, &lg, "x"), 0);
	fclose(f);
	ck_assert_msg(load_chrome(path, &t2, &lg2, &title, &cause) == 0, "%s",
	    cause);
	ck_assert_uint_eq(lg2.nholds, 2);
	ck_assert_uint_eq(lg2.holds[0].end_ns, lg2.holds[0].start_ns);
	ck_assert_uint_eq(lg2.holds[1].end_ns - lg2.holds[1].start_ns, 1000);
	free(title);
	log_release(&lg2);
	trace_free(t2);
	log_release(&lg);
	trace_free(t);
}
END_TEST

/* Whether path exists (without following a symlink). */
static int
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

START_TEST(export_files_never_overwrite_nor_follow_symlinks)
{
	static const char *const exts[] = { "svg", "json" };
	char p[256], q[256], *paths[2], *cause = NULL, *text;
	FILE *files[2], *f;

	/* gil-1.svg is a file already, gil-2.json a dangling symlink, and
	 * gil-3.svg a symlink to a file someone cares about. */
	snprintf(p, sizeof p, "%s/gil-1.svg", dir);
	f = fopen(p, "w");
	fputs("keep me", f);
	fclose(f);
	snprintf(q, sizeof q, "%s/victim", dir);
	snprintf(p, sizeof p, "%s/gil-2.json", dir);
	ck_assert_int_eq(symlink(q, p), 0);
	snprintf(p, sizeof p, "%s/precious", dir);
	f = fopen(p, "w");
	fputs("precious", f);
	fclose(f);
	snprintf(q, sizeof q, "%s/gil-3.svg", dir);
	ck_assert_int_eq(symlink(p, q), 0);

	ck_assert_msg(export_create(dir, "gil", exts, 2, files, paths,
	    &cause) == 0, "%s", cause);
	snprintf(p, sizeof p, "%s/gil-4.svg", dir);
	ck_assert_str_eq(paths[0], p);
	snprintf(p, sizeof p, "%s/gil-4.json", dir);
	ck_assert_str_eq(paths[1], p);
	for (int i = 0; i < 2; i++) {
		fputs("new", files[i]);
		ck_assert_int_eq(export_finish(files[i], paths[i], &cause), 0);
		free(paths[i]);
	}
	/* Nothing was touched, nothing created through a link, and the
	 * names tried and given up were not left behind. */
	snprintf(p, sizeof p, "%s/gil-1.svg", dir);
	text = slurp(p);
	ck_assert_str_eq(text, "keep me");
	free(text);
	snprintf(p, sizeof p, "%s/precious", dir);
	text = slurp(p);
	ck_assert_str_eq(text, "precious");
	free(text);
	snprintf(p, sizeof p, "%s/victim", dir);
	ck_assert(!exists(p));
	snprintf(p, sizeof p, "%s/gil-1.json", dir);
	ck_assert(!exists(p));
	snprintf(p, sizeof p, "%s/gil-2.svg", dir);
	ck_assert(!exists(p));
	/* The folder is made when missing. */
	snprintf(p, sizeof p, "%s/a/b", dir);
	ck_assert_int_eq(export_create(p, "x", exts, 1, files, paths,
	    &cause), 0);
	ck_assert_int_eq(export_finish(files[0], paths[0], &cause), 0);
	ck_assert(exists(paths[0]));
	free(paths[0]);
}
END_TEST

START_TEST(out_refuses_a_symlink_and_replaces_a_file_whole)
{
	struct export_out o;
	char p[256], q[256], *cause = NULL, *text;
	FILE *f;

	snprintf(p, sizeof p, "%s/target", dir);
	f = fopen(p, "w");
	fputs("target", f);
	fclose(f);
	snprintf(q, sizeof q, "%s/out.json", dir);
	ck_assert_int_eq(symlink(p, q), 0);
	ck_assert_int_eq(export_out_open(&o, q, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "symlink"));
	free(cause);
	cause = NULL;
	text = slurp(p);
	ck_assert_str_eq(text, "target");
	free(text);

	/* A regular file is replaced only once the new one is complete. */
	ck_assert_int_eq(export_out_open(&o, p, &cause), 0);
	fputs("new", o.f);
	text = slurp(p);
	ck_assert_str_eq(text, "target");
	free(text);
	ck_assert_int_eq(export_out_commit(&o, &cause), 0);
	text = slurp(p);
	ck_assert_str_eq(text, "new");
	free(text);

	/* A device has nothing to replace: written as it comes. */
	ck_assert_int_eq(export_out_open(&o, "/dev/null", &cause), 0);
	fputs("gone", o.f);
	ck_assert_int_eq(export_out_commit(&o, &cause), 0);
	ck_assert_int_eq(access("/dev/null", W_OK), 0);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("record");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, replay_json_is_the_run_json_under_the_gil);
	tcase_add_test(tc, replay_json_is_the_run_json_for_tasks_and_metrics);
	tcase_add_test(tc, replay_json_is_the_run_json_for_processes);
	tcase_add_test(tc, an_old_recording_still_replays);
	tcase_add_test(tc, an_empty_hold_survives_the_round_trip);
	tcase_add_test(tc, text_and_svg_exports_carry_title_parameters_and_figures);
	tcase_add_test(tc, svg_text_is_escaped_and_valid_utf8);
	tcase_add_test(tc, params_read_back_as_written);
	tcase_add_test(tc, export_files_never_overwrite_nor_follow_symlinks);
	tcase_add_test(tc, out_refuses_a_symlink_and_replaces_a_file_whole);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_main(suite());
}
