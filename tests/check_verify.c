/*
 * check_verify.c - `timeslice verify` on the real binary, with tiny test
 * lessons whose predictions are decided whatever the load (one thread
 * never loses an update): the JSON keys, exit statuses 0/1/2, recordings
 * judged back with --reference and told apart by every knob, and a
 * prompt stop on SIGINT. Also the `cores_free` figure of `timeslice run
 * --format json`.
 */
#include <check.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdbool.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#define OUT_CAP (1 << 20)

#define META(id, ch) "```lesson\nid: " id "\nchapter: " ch "\ntitle: T\n" \
    "lang: en\n```\n\n# T\n\nText.\n\n"

/* One thread loses nothing, and runs about as fast as one thread. */
static const char lesson_ok[] = META("t", "1")
    "```predict\nid: none-lost\nscenario: race\nworkers: 1\nunits: 1\n"
    "question: One thread: how many updates are lost?\n"
    "expect: lost_updates <= 0\n"
    "- [lost_updates <= 0] None\n  why: w\n"
    "- [lost_updates > 0] Some\n  why: w\n```\n\n"
    "```predict\nid: same-speed\nscenario: sequential\nworkers: 1\n"
    "units: 2\nunit-ms: 1\nquestion: How fast?\n"
    "expect: speedup < 100\n"
    "- [speedup < 100] About the same\n  why: w\n"
    "- [speedup >= 100] Much faster\n  why: w\n```\n";

/* A lesson that claims what one thread cannot do. */
static const char lesson_bad[] = META("f", "2")
    "```predict\nid: some-lost\nscenario: race\nworkers: 1\nunits: 1\n"
    "question: One thread: how many updates are lost?\n"
    "expect: lost_updates > 0\n"
    "- [lost_updates > 0] Some\n  why: w\n"
    "- [lost_updates <= 0] None\n  why: w\n```\n";

/* A prediction that runs for a long while. */
static const char lesson_long[] = META("l", "3")
    "```predict\nid: long\nscenario: sequential\nworkers: 1\nunits: 400\n"
    "unit-ms: 10\nquestion: q?\nexpect: speedup < 100\n"
    "- [speedup < 100] a\n  why: w\n- [speedup >= 100] b\n  why: w\n```\n";

static char *out, *err;
static char root[64], ok_path[160], bad_path[160], long_path[160];

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void
setup(void)
{
	char dir[96];

	out = malloc(OUT_CAP);
	err = malloc(65536);
	snprintf(root, sizeof root, "/tmp/ts-verify-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
	snprintf(dir, sizeof dir, "%s/en", root);
	ck_assert_int_eq(mkdir(dir, 0777), 0);
	snprintf(ok_path, sizeof ok_path, "%s/01-t.md", dir);
	snprintf(bad_path, sizeof bad_path, "%s/02-f.md", dir);
	snprintf(long_path, sizeof long_path, "%s/03-l.md", dir);
	write_file(ok_path, lesson_ok);
	write_file(bad_path, lesson_bad);
	write_file(long_path, lesson_long);
}

static void
teardown(void)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	ck_assert_int_eq(system(cmd), 0);
	free(out);
	free(err);
}

/* Runs timeslice with up to 15 arguments, NULL-terminated. */
static int
run(const char *a0, ...)
{
	char *argv[16];
	va_list ap;
	int n = 0;

	argv[n++] = "timeslice";
	va_start(ap, a0);
	for (const char *a = a0; a != NULL && n < 15; a = va_arg(ap, const char *))
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n] = NULL;
	return tu_exec(argv, out, OUT_CAP, err, 65536);
}

/* Whether a JSON value is a number (a whole one prints as an int). */
static bool
is_number(json_object *v)
{
	return json_object_is_type(v, json_type_double) ||
	    json_object_is_type(v, json_type_int);
}

static json_object *
key(json_object *o, const char *k)
{
	json_object *v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, k, &v), "no key '%s'", k);
	return v;
}

/* Parses `out` as the JSON of verify and returns its predictions. */
static json_object *
predictions(json_object **o)
{
	*o = json_tokener_parse(out);
	ck_assert_msg(*o != NULL, "not JSON: %.300s", out);
	return key(*o, "predictions");
}

START_TEST(json_has_every_key)
{
	json_object *o, *ps, *m;

	ck_assert_int_eq(run("verify", ok_path, "--format", "json", "--runs",
	    "2", NULL), 0);
	ps = predictions(&o);
	m = key(o, "machine");
	ck_assert_int_ge(json_object_get_int(key(m, "cpus")), 1);
	ck_assert(json_object_is_type(key(m, "model"), json_type_string));
	ck_assert(is_number(key(m, "cores_free")));
	ck_assert_int_eq((int)json_object_array_length(ps), 2);
	for (size_t i = 0; i < 2; i++) {
		json_object *p = json_object_array_get_idx(ps, i), *ms;
		const char *names[] = { "lesson", "quiz", "expected", "measured",
		    "cores_free", "verdict", "reason" };

		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
			key(p, names[k]);
		ck_assert_str_eq(json_object_get_string(key(p, "lesson")), "t");
		ck_assert_str_eq(json_object_get_string(key(p, "verdict")),
		    "holds");
		ck_assert(*json_object_get_string(key(p, "reason")) != '\0');
		ms = key(p, "measured");
		ck_assert(json_object_is_type(ms, json_type_object));
		ck_assert_int_eq(json_object_get_int(key(p, "runs")), 2);
		ck_assert(json_object_get_double(key(p, "cores_free")) >= 0);
	}
	ck_assert_str_eq(json_object_get_string(key(json_object_array_get_idx(ps,
	    0), "quiz")), "none-lost");
	key(key(key(json_object_array_get_idx(ps, 0), "measured"),
	    "lost_updates"), "median");
	key(key(key(json_object_array_get_idx(ps, 1), "measured"), "speedup"),
	    "max");
	json_object_put(o);
}
END_TEST

START_TEST(a_failed_prediction_exits_1)
{
	json_object *o, *ps;

	ck_assert_int_eq(run("verify", bad_path, ok_path, "--format", "json",
	    "--runs", "1", NULL), 1);
	ps = predictions(&o);
	ck_assert_int_eq((int)json_object_array_length(ps), 3);
	ck_assert_str_eq(json_object_get_string(key(json_object_array_get_idx(ps,
	    0), "verdict")), "fails");
	ck_assert_str_eq(json_object_get_string(key(json_object_array_get_idx(ps,
	    1), "verdict")), "holds");
	json_object_put(o);
	/* Text: each prediction and its verdict, and the counts. */
	ck_assert_int_eq(run("verify", bad_path, "--runs", "1", NULL), 1);
	ck_assert_msg(strstr(out, "some-lost") && strstr(out, "fails"), "%s",
	    out);
	ck_assert_msg(strstr(err, "1 prediction(s): 0 hold, 0 undecided, "
	    "1 fail"), "%s", err);
}
END_TEST

/* Exactly one line on stderr, naming `needle`. */
static void
one_line_naming(const char *needle)
{
	char *nl = strchr(err, '\n');

	ck_assert_msg(strstr(err, needle) != NULL, "'%s' not in: %s", needle,
	    err);
	ck_assert_msg(nl != NULL && nl[1] == '\0', "not one line: %s", err);
}

START_TEST(bad_usage_exits_2)
{
	ck_assert_int_eq(run("verify", "--runs", "0", NULL), 2);
	one_line_naming("--runs");
	ck_assert_int_eq(run("verify", "--runs", "17", NULL), 2);
	one_line_naming("--runs");
	ck_assert_int_eq(run("verify", "--runs", NULL), 2);
	one_line_naming("--runs");
	ck_assert_int_eq(run("verify", "--format", "xml", NULL), 2);
	one_line_naming("--format");
	ck_assert_int_eq(run("verify", "--frobnicate", NULL), 2);
	one_line_naming("--frobnicate");
	ck_assert_int_eq(run("verify", "--record", "/tmp/x", "--reference",
	    NULL), 2);
	one_line_naming("--reference");
	ck_assert_int_eq(run("verify", "--help", NULL), 0);
	ck_assert(strstr(out, "--reference") != NULL);
}
END_TEST

START_TEST(recordings_are_judged_back)
{
	char dir[128], file[256], *text;
	json_object *o, *ps, *rec;
	FILE *f;
	int rc;

	snprintf(dir, sizeof dir, "%s/reference", root);
	ck_assert_int_eq(run("verify", ok_path, "--runs", "2", "--record", dir,
	    NULL), 0);
	snprintf(file, sizeof file, "%s/en.t.none-lost.json", dir);
	rec = json_object_from_file(file);
	ck_assert_msg(rec != NULL, "no recording %s", file);
	ck_assert_int_eq(json_object_get_int(key(rec, "runs")), 2);
	ck_assert_int_eq((int)json_object_array_length(key(key(rec, "figures"),
	    "cores_free")), 2);
	key(key(rec, "measured"), "lost_updates");
	key(key(rec, "params"), "workers");
	ck_assert_int_ge(json_object_get_int(key(key(rec, "machine"), "cpus")),
	    1);
	key(key(rec, "machine"), "kernel");
	/* Marked busy exactly when less than 90% of its CPUs were free. */
	ck_assert(json_object_is_type(key(rec, "busy"), json_type_boolean));
	ck_assert_int_eq(json_object_get_boolean(key(rec, "busy")),
	    json_object_get_double(key(rec, "cores_free")) <
	    0.9 * json_object_get_int(key(rec, "cpus")));
	key(rec, "load");
	json_object_put(rec);

	/*
	 * Judged from the recordings: nothing run. The count of lost
	 * updates holds on any machine; the speed claim was recorded on
	 * this one, which may have been too busy to decide it, and then
	 * --reference exits 1 with that claim undecided, never failed.
	 */
	rc = run("verify", ok_path, "--reference", "--format", "json", NULL);
	ck_assert_msg(rc == 0 || rc == 1, "verify --reference exit %d", rc);
	ps = predictions(&o);
	ck_assert_int_eq((int)json_object_array_length(ps), 2);
	for (size_t i = 0; i < 2; i++) {
		json_object *p = json_object_array_get_idx(ps, i);
		const char *v = json_object_get_string(key(p, "verdict"));
		const char *q = json_object_get_string(key(p, "quiz"));

		if (strcmp(q, "none-lost") == 0 || rc == 0)
			ck_assert_str_eq(v, "holds");
		else
			ck_assert_msg(strcmp(v, "holds") == 0 ||
			    strcmp(v, "undecided") == 0, "%s: %s", q, v);
		ck_assert_int_eq(json_object_get_int(key(p, "runs")), 2);
		key(p, "recorded_on");
	}
	json_object_put(o);

	/* A lesson changed since: its recording no longer counts. */
	text = strdup(lesson_ok);
	*strstr(text, "units: 2") = '\0';
	f = fopen(ok_path, "w");
	fprintf(f, "%sunits: 3%s", text, strstr(lesson_ok, "units: 2") + 8);
	fclose(f);
	free(text);
	ck_assert_int_eq(run("verify", ok_path, "--reference", NULL), 1);
	ck_assert_msg(strstr(out, "other parameters") != NULL, "%s", out);
	/* No recording at all: not a pass either. */
	ck_assert_int_eq(run("verify", bad_path, "--reference", NULL), 1);
	ck_assert_msg(strstr(out, "no reference recording") != NULL, "%s", out);
}
END_TEST

START_TEST(an_answer_grades_that_option)
{
	json_object *o, *ps, *p, *a;

	/* Option 2 of none-lost claims one thread loses updates. */
	ck_assert_int_eq(run("verify", ok_path, "--format", "json", "--runs",
	    "1", "--answer", "none-lost=2", NULL), 1);
	ps = predictions(&o);
	p = json_object_array_get_idx(ps, 0);
	ck_assert_str_eq(json_object_get_string(key(p, "quiz")), "none-lost");
	ck_assert_str_eq(json_object_get_string(key(p, "verdict")), "fails");
	a = key(p, "answer");
	ck_assert_int_eq(json_object_get_int(key(a, "option")), 2);
	ck_assert_int_eq(json_object_get_int(key(a, "choice")), 1);
	ck_assert_str_eq(json_object_get_string(key(a, "condition")),
	    "lost_updates > 0");
	ck_assert_str_eq(json_object_get_string(key(a, "grade")), "wrong");
	ck_assert_int_eq((int)json_object_array_length(key(p, "quiet_range")),
	    2);
	/* The expected option is still the lesson's own. */
	ck_assert_int_eq(json_object_get_int(key(key(p, "expected"), "choice")),
	    0);
	/* A prediction without --answer grades its expected option. */
	p = json_object_array_get_idx(ps, 1);
	ck_assert_int_eq(json_object_get_int(key(key(p, "answer"), "option")),
	    1);
	ck_assert_str_eq(json_object_get_string(key(p, "verdict")), "holds");
	json_object_put(o);
	/* Text names the option graded. */
	ck_assert_int_eq(run("verify", ok_path, "--runs", "1",
	    "--answer=none-lost=1", NULL), 0);
	ck_assert_msg(strstr(out, "answer") == NULL, "%s", out);
	ck_assert_int_eq(run("verify", ok_path, "--runs", "1",
	    "--answer=none-lost=2", NULL), 1);
	ck_assert_msg(strstr(out, "answer     2) lost_updates > 0") != NULL,
	    "%s", out);
}
END_TEST

START_TEST(a_bad_answer_exits_2)
{
	const char *bad[] = { "none-lost=3", "none-lost=0", "none-lost",
	    "=1", "none-lost=x", "nope=1" };

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_int_eq(run("verify", ok_path, "--answer", bad[i],
		    NULL), 2);
		one_line_naming("--answer");
	}
	ck_assert_int_eq(run("verify", ok_path, "--answer", NULL), 2);
	one_line_naming("--answer");
	ck_assert_int_eq(run("verify", "--help", NULL), 0);
	ck_assert(strstr(out, "--answer QUIZ=N") != NULL);
}
END_TEST

/* A semaphore prediction with `permits`, true on any machine. */
static void
write_permits_lesson(int permits)
{
	FILE *f = fopen(long_path, "w");

	ck_assert_ptr_nonnull(f);
	fprintf(f, META("l", "3") "```predict\nid: permits\n"
	    "scenario: semaphore\nworkers: 2\nunits: 2\nunit-ms: 1\n"
	    "permits: %d\nquestion: q?\nexpect: wall_ms >= 0\n"
	    "- [wall_ms >= 0] a\n  why: w\n- [wall_ms < 0] b\n  why: w\n"
	    "```\n", permits);
	ck_assert_int_eq(fclose(f), 0);
}

/* Removes the knobs older reference files were written without. */
static void
drop_new_knobs(const char *file)
{
	json_object *rec = json_object_from_file(file), *pr;

	ck_assert_msg(rec != NULL, "no recording %s", file);
	pr = key(rec, "params");
	key(pr, "permits");
	json_object_object_del(pr, "start");
	json_object_object_del(pr, "capacity");
	json_object_object_del(pr, "permits");
	json_object_object_del(pr, "ordered");
	ck_assert_int_eq(json_object_to_file(file, rec), 0);
	json_object_put(rec);
}

/*
 * A reference keeps every knob of its run: one made with two permits is
 * no reference for three. A file written before it kept start, capacity
 * and permits still counts, for the defaults it was made with.
 */
START_TEST(a_reference_tells_every_knob_apart)
{
	char dir[128], file[256];

	snprintf(dir, sizeof dir, "%s/reference", root);
	snprintf(file, sizeof file, "%s/en.l.permits.json", dir);
	write_permits_lesson(2);
	ck_assert_int_eq(run("verify", long_path, "--runs", "1", "--record",
	    dir, NULL), 0);
	run("verify", long_path, "--reference", NULL);
	ck_assert_msg(strstr(out, "permits") != NULL &&
	    strstr(out, "other parameters") == NULL &&
	    strstr(out, "no reference") == NULL, "%s", out);
	write_permits_lesson(3);
	ck_assert_int_eq(run("verify", long_path, "--reference", NULL), 1);
	ck_assert_msg(strstr(out, "other parameters") != NULL, "%s", out);

	/* An older file: the knobs it lacks stand at their defaults. */
	drop_new_knobs(file);
	ck_assert_int_eq(run("verify", long_path, "--reference", NULL), 1);
	ck_assert_msg(strstr(out, "other parameters") != NULL, "%s", out);
	write_permits_lesson(2);
	run("verify", long_path, "--reference", NULL);
	ck_assert_msg(strstr(out, "permits") != NULL &&
	    strstr(out, "other parameters") == NULL &&
	    strstr(out, "no reference") == NULL, "%s", out);
}
END_TEST

/*
 * Every option the lessons do not expect, graded on the course's own
 * reference runs (a quiet machine): each must be wrong there, or the
 * lesson would call a learner wrong for a figure the course measured.
 */
START_TEST(every_other_option_fails_on_the_reference_runs)
{
	char *argv[128], args[96][96];
	json_object *o, *ps;
	int n = 0, na = 0;
	size_t len;

	ck_assert_int_eq(run("verify", "--reference", "--format", "json",
	    NULL), 0);
	ps = predictions(&o);
	len = json_object_array_length(ps);
	ck_assert_uint_ge(len, 20);
	argv[n++] = "timeslice";
	argv[n++] = "verify";
	argv[n++] = "--reference";
	argv[n++] = "--format";
	argv[n++] = "json";
	for (size_t i = 0; i < len && na < 96; i++) {
		json_object *p = json_object_array_get_idx(ps, i);
		int expected = json_object_get_int(key(key(p, "expected"),
		    "choice"));
		bool seen = false;

		snprintf(args[na], sizeof args[na], "--answer=%s=",
		    json_object_get_string(key(p, "quiz")));
		for (int k = 0; k < na && !seen; k++)
			seen = strncmp(args[k], args[na], strlen(args[na])) == 0;
		if (seen)
			continue;
		/* The first option that is not the expected one. */
		snprintf(args[na] + strlen(args[na]), 4, "%d",
		    expected == 0 ? 2 : 1);
		argv[n++] = args[na++];
	}
	argv[n] = NULL;
	json_object_put(o);
	ck_assert_int_eq(tu_exec(argv, out, OUT_CAP, err, 65536), 1);
	ps = predictions(&o);
	ck_assert_uint_eq(json_object_array_length(ps), len);
	for (size_t i = 0; i < len; i++) {
		json_object *p = json_object_array_get_idx(ps, i);

		ck_assert_msg(strcmp(json_object_get_string(key(p, "verdict")),
		    "fails") == 0, "%s %s: %s", json_object_get_string(key(p,
		    "lang")), json_object_get_string(key(p, "quiz")),
		    json_object_get_string(key(p, "reason")));
		ck_assert_int_ne(json_object_get_int(key(key(p, "answer"),
		    "choice")), json_object_get_int(key(key(p, "expected"),
		    "choice")));
	}
	json_object_put(o);
}
END_TEST

/* Sets figure `name` of recording `file` to the one run `v`. */
static void
set_figure(const char *file, const char *name, double v)
{
	json_object *rec = json_object_from_file(file), *arr;

	ck_assert_msg(rec != NULL, "no recording %s", file);
	arr = json_object_new_array();
	json_object_array_add(arr, json_object_new_double(v));
	json_object_object_add(key(rec, "figures"), name, arr);
	ck_assert_int_eq(json_object_to_file(file, rec), 0);
	json_object_put(rec);
}

START_TEST(a_reference_near_a_boundary_warns)
{
	char dir[128], file[256];
	json_object *rec;
	FILE *f;
	int cpus;

	f = fopen(long_path, "w");
	fputs(META("l", "3") "```predict\nid: near\nscenario: sequential\n"
	    "workers: 1\nunits: 2\nunit-ms: 1\nquestion: q?\n"
	    "expect: speedup < 1.1\n- [speedup < 1.1] a\n  why: w\n"
	    "- [speedup >= 1.1] b\n  why: w\n```\n", f);
	fclose(f);
	snprintf(dir, sizeof dir, "%s/reference", root);
	run("verify", long_path, "--runs", "1", "--record", dir, NULL);
	/*
	 * Made quiet by hand, whatever this machine was doing: one thread's
	 * speedup of 1.0 is too close to 1.1 to call.
	 */
	snprintf(file, sizeof file, "%s/en.l.near.json", dir);
	rec = json_object_from_file(file);
	ck_assert_msg(rec != NULL, "no recording %s", file);
	cpus = json_object_get_int(key(rec, "cpus"));
	json_object_put(rec);
	set_figure(file, "speedup", 1.0);
	set_figure(file, "cores_free", cpus);
	set_figure(file, "baseline_cores_free", cpus);
	run("verify", long_path, "--reference", NULL);
	ck_assert_msg(strstr(err, "warning: near: the reference speedup 1 lies "
	    "within 15% of 1.1") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "busy") == NULL, "%s", err);
	/* Far from it, nothing to say. */
	set_figure(file, "speedup", 0.5);
	run("verify", long_path, "--reference", NULL);
	ck_assert_msg(strstr(err, "within 15%") == NULL, "%s", err);
	/* A busy recording says so instead. */
	set_figure(file, "cores_free", 0.5 * cpus);
	run("verify", long_path, "--reference", NULL);
	ck_assert_msg(strstr(err, "recorded on a busy machine") != NULL, "%s",
	    err);
}
END_TEST

START_TEST(run_json_reports_cores_free)
{
	json_object *o, *cf;
	int cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);

	ck_assert_int_eq(run("run", "threads", "--workers", "2", "--units", "2",
	    "--unit-ms", "2", "--format", "json", NULL), 0);
	o = json_tokener_parse(out);
	ck_assert_ptr_nonnull(o);
	cf = key(o, "cores_free");
	ck_assert(is_number(cf));
	ck_assert(json_object_get_double(cf) >= 0 &&
	    json_object_get_double(cf) <= cpus);
	json_object_put(o);
	/* With one core allowed, at most one core can be free. */
	ck_assert_int_eq(run("run", "threads", "--workers", "2", "--units", "2",
	    "--unit-ms", "2", "--cores", "1", "--format", "json", NULL), 0);
	o = json_tokener_parse(out);
	ck_assert(json_object_get_double(key(o, "cores_free")) <= 1.0);
	json_object_put(o);
	ck_assert_int_eq(run("run", "threads", "--units", "2", "--unit-ms", "2",
	    NULL), 0);
	ck_assert_msg(strstr(out, "cores free") != NULL, "%s", out);
}
END_TEST

START_TEST(sigint_stops_verify)
{
	char *argv[] = { "timeslice", "verify", long_path, "--runs", "16",
	    NULL };
	extern char **environ;
	posix_spawn_file_actions_t fa;
	struct timespec ts = { 0, 500000000 };
	pid_t pid;
	int status;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1, 0);
	ck_assert_int_eq(posix_spawn(&pid, getenv("TIMESLICE_BIN"), &fa, NULL,
	    argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	nanosleep(&ts, NULL);
	kill(pid, SIGINT);
	/* The whole series would take over a minute; the suite's timeout
	 * bounds this wait. */
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 130);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("verify");
	TCase *tc = tcase_create("verify");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, json_has_every_key);
	tcase_add_test(tc, a_failed_prediction_exits_1);
	tcase_add_test(tc, bad_usage_exits_2);
	tcase_add_test(tc, recordings_are_judged_back);
	tcase_add_test(tc, an_answer_grades_that_option);
	tcase_add_test(tc, a_bad_answer_exits_2);
	tcase_add_test(tc, every_other_option_fails_on_the_reference_runs);
	tcase_add_test(tc, a_reference_near_a_boundary_warns);
	tcase_add_test(tc, a_reference_tells_every_knob_apart);
	tcase_add_test(tc, run_json_reports_cores_free);
	tcase_add_test(tc, sigint_stops_verify);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
