/*
 * check_trace_cmd.c - `timeslice trace` on real programs, and the pieces
 * it is made of (procfs parsing, the hook's line protocol).
 *
 * The Python cases need a python3 on PATH: without one they print why
 * and pass; with one that fails to run, they fail. Every assertion is an
 * invariant or a ratio range, never an absolute time.
 */
#include <check.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <json-c/json.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sampler/hook.h"
#include "sampler/proc.h"
#include "sampler/sampler.h"
#include "testutil.h"
#include "util.h"
#include "trace/clock.h"
#include "trace/log.h"

#define OUTCAP (1 << 20)

static char *out, *err;

/* The python3 on PATH, or NULL (the reason printed once). */
static const char *
python3(void)
{
	static char found[4096];
	static int looked;
	const char *path = getenv("PATH");
	char *dirs, *d, *save = NULL;

	if (looked)
		return found[0] ? found : NULL;
	looked = 1;
	dirs = strdup(path ? path : "/usr/bin:/bin");
	for (d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(found, sizeof found, "%s/python3", d);
		if (access(found, X_OK) == 0) {
			free(dirs);
			return found;
		}
	}
	free(dirs);
	found[0] = '\0';
	printf("check_trace_cmd: no python3 on PATH; the Python cases pass "
	    "without running\n");
	return NULL;
}

/* The path of a test program in tests/python. */
static const char *
prog(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof path, "%s/tests/python/%s",
	    getenv("TIMESLICE_SRCDIR"), name);
	return path;
}

/*
 * Traces python3 [PYFLAG] PROG [ARG] with --format json; returns the
 * parsed object.
 */
static json_object *
trace_json_flag(const char *extra, const char *pyflag, const char *program,
    const char *arg)
{
	char *argv[11];
	int n = 0, rc;
	json_object *j;

	argv[n++] = "timeslice";
	argv[n++] = "trace";
	argv[n++] = "--format";
	argv[n++] = "json";
	if (extra != NULL)
		argv[n++] = (char *)extra;
	argv[n++] = "--";
	argv[n++] = (char *)python3();
	if (pyflag != NULL)
		argv[n++] = (char *)pyflag;
	argv[n++] = (char *)prog(program);
	if (arg != NULL)
		argv[n++] = (char *)arg;
	argv[n] = NULL;
	rc = tu_exec(argv, out, OUTCAP, err, OUTCAP);
	ck_assert_msg(rc == 0, "trace exited %d: %s", rc, err);
	j = json_tokener_parse(out);
	ck_assert_msg(j != NULL, "not JSON: %.300s", out);
	return j;
}

/* Traces python3 PROG [ARG] with --format json. */
static json_object *
trace_json(const char *extra, const char *program, const char *arg)
{
	return trace_json_flag(extra, NULL, program, arg);
}

/* Turns `path`, a mkstemp template, into the name of a new empty file. */
static void
make_temp(char *path)
{
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
}

/* The whole of a small file, in buf (NUL-terminated). */
static void
slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	ck_assert_msg(f != NULL, "cannot read %s", path);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static json_object *
get(json_object *o, const char *key)
{
	json_object *v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, key, &v), "no key %s", key);
	return v;
}

static double
num(json_object *o, const char *key)
{
	return json_object_get_double(get(o, key));
}

static const char *
str(json_object *o, const char *key)
{
	return json_object_get_string(get(o, key));
}

/* The worker called `name`, or NULL. */
static json_object *
worker(json_object *j, const char *name)
{
	json_object *ws = get(j, "workers");

	for (size_t i = 0; i < json_object_array_length(ws); i++) {
		json_object *w = json_object_array_get_idx(ws, i);

		if (strcmp(str(w, "name"), name) == 0)
			return w;
	}
	return NULL;
}

/* Workers of one kind. */
static int
count_kind(json_object *j, const char *kind)
{
	json_object *ws = get(j, "workers");
	int n = 0;

	for (size_t i = 0; i < json_object_array_length(ws); i++)
		n += strcmp(str(json_object_array_get_idx(ws, i), "kind"),
		    kind) == 0;
	return n;
}

/* The keys `timeslice run --format json` promises, plus command. */
static void
check_contract(json_object *j)
{
	static const char *keys[] = { "scenario", "params", "wall_ms",
	    "cpu_ms", "baseline_wall_ms", "speedup", "workers", "lock",
	    "events", "dropped_events", "cores_free", "deadlock", "metrics",
	    "command", NULL };
	json_object *ws = get(j, "workers");

	for (int i = 0; keys[i]; i++)
		get(j, keys[i]);
	ck_assert_int_gt((int)json_object_array_length(ws), 0);
	for (size_t i = 0; i < json_object_array_length(ws); i++) {
		static const char *wk[] = { "name", "kind", "pid", "tid",
		    "run_ms", "wait_ms", "blocked_ms", "io_ms", "switches",
		    "cpus", "wait_p50_ms", "wait_p99_ms", NULL };
		json_object *w = json_object_array_get_idx(ws, i);

		for (int k = 0; wk[k]; k++)
			get(w, wk[k]);
		ck_assert_int_gt((int)num(w, "pid"), 0);
	}
	ck_assert_int_eq((int)num(j, "dropped_events"), 0);
	ck_assert_int_eq((int)num(j, "disordered_events"), 0);
}

START_TEST(two_named_threads_share_the_gil)
{
	json_object *j, *a, *b;
	double cores, free_cores;

	if (python3() == NULL)
		return;
	j = trace_json(NULL, "two_threads.py", NULL);
	check_contract(j);
	a = worker(j, "cruncher-a");
	b = worker(j, "cruncher-b");
	ck_assert_msg(a != NULL && b != NULL, "thread names missing: %.2000s",
	    out);
	ck_assert_str_eq(str(a, "kind"), "thread");
	ck_assert_int_ne((int)num(a, "tid"), (int)num(b, "tid"));
	/* One GIL: the two together use about one core, never two. */
	cores = num(get(j, "metrics"), "cores_used");
	ck_assert_msg(cores <= 1.2, "cores used %.2f > 1.2", cores);
	/*
	 * Each waits for the GIL a large share of the time the other runs:
	 * while the machine gave the program a core. With none free, the
	 * holder is often off the CPU itself, and its waiter is seen ready
	 * (waiting for the kernel) rather than waiting for the GIL.
	 */
	free_cores = num(j, "cores_free");
	if (!tu_cores_enough(free_cores, 1))
		json_object_put(j);	/* undecided: nothing leaks */
	TU_NEED_CORES(free_cores, 1, "two threads sharing a GIL");
	for (json_object *w = a; w != NULL; w = w == a ? b : NULL) {
		double run = num(w, "run_ms"), wait = num(w, "wait_ms");

		ck_assert_msg(run > 0, "%s never ran", str(w, "name"));
		ck_assert_msg(wait >= 0.25 * run, "%s waited %.1f ms, ran %.1f",
		    str(w, "name"), wait, run);
	}
	ck_assert_msg(get(j, "lock") != NULL &&
	    json_object_get_type(get(j, "lock")) == json_type_object,
	    "no lock seen");
	json_object_put(j);
}
END_TEST

/*
 * Consumers idle in queue.get() wait for another thread, not for the
 * GIL: their time is blocked_ms, while the two computing threads that
 * take turns on the GIL wait for it (wait_ms).
 */
START_TEST(idle_consumers_are_blocked_not_waiting_for_the_gil)
{
	json_object *j, *w;
	char name[16];
	double wall;

	if (python3() == NULL)
		return;
	j = trace_json(NULL, "queue_idle.py", NULL);
	check_contract(j);
	wall = num(j, "wall_ms");
	for (int i = 0; i < 3; i++) {
		double blocked, wait;

		snprintf(name, sizeof name, "consumer-%d", i);
		w = worker(j, name);
		ck_assert_msg(w != NULL, "no lane %s: %.2000s", name, out);
		blocked = num(w, "blocked_ms");
		wait = num(w, "wait_ms");
		/* Idle for the producer's three sleeps of 250 ms at least. */
		ck_assert_msg(blocked >= 0.4 * wall, "%s blocked %.1f ms of "
		    "%.1f", name, blocked, wall);
		ck_assert_msg(wait <= 0.2 * blocked, "%s waited for the GIL "
		    "%.1f ms, blocked %.1f", name, wait, blocked);
	}
	for (int i = 0; i < 2; i++) {
		w = worker(j, i ? "compute-b" : "compute-a");
		ck_assert_msg(w != NULL, "no computing lane: %.2000s", out);
		ck_assert_msg(num(w, "wait_ms") > 0 && num(w, "wait_ms") >=
		    num(w, "blocked_ms"), "%s waited %.1f ms for the GIL, "
		    "blocked %.1f", str(w, "name"), num(w, "wait_ms"),
		    num(w, "blocked_ms"));
	}
	json_object_put(j);
}
END_TEST

/*
 * Three threads waiting on one threading.Lock (untimed, on one word: a
 * lock waited on more often than the GIL) are blocked, not waiting for
 * the GIL: the GIL is told by its timed waits, not by how busy it is.
 */
START_TEST(a_contended_lock_is_not_taken_for_the_gil)
{
	json_object *j, *w;
	char name[16];

	if (python3() == NULL)
		return;
	j = trace_json(NULL, "lock_contended.py", NULL);
	check_contract(j);
	for (int i = 0; i < 3; i++) {
		double blocked, wait;

		snprintf(name, sizeof name, "waiter-%d", i);
		w = worker(j, name);
		ck_assert_msg(w != NULL, "no lane %s: %.2000s", name, out);
		blocked = num(w, "blocked_ms");
		wait = num(w, "wait_ms");
		/* The holder sleeps 800 ms with the lock held. */
		ck_assert_msg(blocked >= 400, "%s blocked %.1f ms", name,
		    blocked);
		ck_assert_msg(wait <= 0.2 * blocked, "%s waited for the GIL "
		    "%.1f ms, blocked %.1f", name, wait, blocked);
	}
	for (int i = 0; i < 2; i++) {
		w = worker(j, i ? "compute-b" : "compute-a");
		ck_assert_msg(w != NULL, "no computing lane: %.2000s", out);
		ck_assert_msg(num(w, "wait_ms") > num(w, "blocked_ms"),
		    "%s waited %.1f ms for the GIL, blocked %.1f",
		    str(w, "name"), num(w, "wait_ms"), num(w, "blocked_ms"));
	}
	json_object_put(j);
}
END_TEST

/*
 * 600 threads alive at once: every one is watched or counted as left
 * out (by kind), never missing without a word, and never counted twice.
 */
START_TEST(six_hundred_threads_are_seen_or_counted)
{
	json_object *j, *m;
	int seen, left;

	if (python3() == NULL)
		return;
	j = trace_json(NULL, "threads600.py", NULL);
	m = get(j, "metrics");
	/* Thread lanes: a launcher's processes (a pyenv shim) are not. */
	seen = count_kind(j, "thread");
	left = (int)num(m, "unwatched_threads");
	/* 600 sleepers and the main thread (and a helper or two). */
	ck_assert_msg(seen + left >= 601 && seen + left <= 610,
	    "%d seen + %d unwatched", seen, left);
	ck_assert_int_eq((int)num(m, "unwatched"), left +
	    (int)num(m, "unwatched_processes") + (int)num(m,
	    "unwatched_tasks"));
	json_object_put(j);
}
END_TEST

START_TEST(pool_of_two_gives_two_busy_processes)
{
	json_object *j, *ws;
	int pool = 0, busy = 0;
	double total = 0, cores_free;

	if (python3() == NULL)
		return;
	j = trace_json(NULL, "pool2.py", NULL);
	check_contract(j);
	ws = get(j, "workers");
	for (size_t i = 0; i < json_object_array_length(ws); i++) {
		json_object *w = json_object_array_get_idx(ws, i);

		if (strncmp(str(w, "name"), "ForkPoolWorker", 14) != 0)
			continue;
		ck_assert_str_eq(str(w, "kind"), "process");
		total += num(w, "cpu_ms");
		pool++;
	}
	for (size_t i = 0; i < json_object_array_length(ws); i++) {
		json_object *w = json_object_array_get_idx(ws, i);

		if (strncmp(str(w, "name"), "ForkPoolWorker", 14) == 0 &&
		    num(w, "cpu_ms") >= 0.15 * total && num(w, "run_ms") > 0)
			busy++;
	}
	cores_free = num(j, "cores_free");
	json_object_put(j);
	ck_assert_msg(pool == 2, "%d pool processes: %.3000s", pool, out);
	/*
	 * Both share the work only if both could run: on one free core,
	 * the one the OS started first may take every item before the
	 * other gets going.
	 */
	TU_NEED_CORES(cores_free, 2, "a pool of two");
	ck_assert_msg(busy == 2, "%d busy pool processes: %.3000s", busy, out);
}
END_TEST

START_TEST(five_named_tasks_get_five_task_lanes)
{
	json_object *j;
	char name[16];

	if (python3() == NULL)
		return;
	j = trace_json(NULL, "tasks5.py", NULL);
	check_contract(j);
	for (int i = 0; i < 5; i++) {
		json_object *w;

		snprintf(name, sizeof name, "fetch-%d", i);
		w = worker(j, name);
		ck_assert_msg(w != NULL, "no lane %s: %.2000s", name, out);
		ck_assert_str_eq(str(w, "kind"), "task");
		ck_assert_msg(num(w, "run_ms") > 0, "%s never ran", name);
		ck_assert_msg(num(w, "io_ms") > num(w, "run_ms"),
		    "%s awaited less than it ran", name);
	}
	ck_assert_int_ge(count_kind(j, "task"), 5);
	json_object_put(j);
}
END_TEST

/*
 * Runs steps_edge.py traced with TIMESLICE_STEPS set to `steps` (the C
 * recorder's path, or empty for the Python one): what the program saw,
 * but for its last line, is what it saw untraced (`plain`); the last
 * line names the Handle._run it found; the tasks of its two loops, in
 * two threads, get lanes that ran the 5 ms each computes, and the task
 * whose step raised KeyboardInterrupt gets its name.
 */
static void
steps_case(const char *steps, const char *plain, const char *recorder)
{
	static char text[4096];
	char path[] = "/tmp/timeslice-steps-XXXXXX", want[64];
	static const char *const tasks[] = { "a-0", "a-1", "b-0", "b-1" };
	char *last;
	json_object *j, *w;

	make_temp(path);
	setenv("TIMESLICE_STEPS", steps, 1);
	j = trace_json(NULL, "steps_edge.py", path);
	unsetenv("TIMESLICE_STEPS");
	slurp(path, text, sizeof text);
	unlink(path);
	last = strstr(text, "recorder=");
	ck_assert_msg(last != NULL, "%s", text);
	snprintf(want, sizeof want, "recorder=%s\n", recorder);
	ck_assert_msg(strcmp(last, want) == 0, "with '%s': %s", steps, last);
	*last = '\0';
	ck_assert_msg(strncmp(plain, text, strlen(text)) == 0 &&
	    strncmp(plain + strlen(text), "recorder=", 9) == 0,
	    "with '%s' the program saw, untraced:\n%s\ntraced:\n%s", steps,
	    plain, text);
	for (size_t i = 0; i < sizeof tasks / sizeof tasks[0]; i++) {
		w = worker(j, tasks[i]);
		ck_assert_msg(w != NULL, "with '%s' no lane %s: %.2000s", steps,
		    tasks[i], out);
		ck_assert_str_eq(str(w, "kind"), "task");
		ck_assert_msg(num(w, "run_ms") >= 4, "with '%s' %s ran %.1f ms",
		    steps, tasks[i], num(w, "run_ms"));
	}
	ck_assert_msg(worker(j, "boom") != NULL, "with '%s' no lane boom: "
	    "%.2000s", steps, out);
	json_object_put(j);
}

/*
 * The hook's asyncio step recorders, in C (when the build has it) and in
 * Python, leave the program's asyncio as it was: two loops in two
 * threads, a callback that raises (the loop's handler gets it), a step
 * that raises KeyboardInterrupt (the program gets it).
 */
START_TEST(step_recorders_agree_and_change_nothing)
{
	static char plain[4096];
	char path[] = "/tmp/timeslice-steps-XXXXXX", c[4096];
	char *argv[] = { (char *)python3(), (char *)prog("steps_edge.py"),
		path, NULL };
	struct stat sb;

	if (python3() == NULL)
		return;
	make_temp(path);
	ck_assert_int_eq(tu_exec_path(python3(), argv, out, OUTCAP, err,
	    OUTCAP), 0);
	slurp(path, plain, sizeof plain);
	unlink(path);
	ck_assert_msg(strstr(plain, "interrupted\nrecorder=function\n") !=
	    NULL && strstr(plain, "handler: ['ValueError Exception']") !=
	    NULL, "%s", plain);
	steps_case("", plain, "function");
	snprintf(c, sizeof c, "%s/src/pystep/_timeslice_steps.abi3.so",
	    getenv("TIMESLICE_BUILDDIR"));
	if (stat(c, &sb) == 0)
		steps_case(c, plain, "method_descriptor");
	else
		printf("check_trace_cmd: no C step recorder in this build\n");
}
END_TEST

START_TEST(no_hook_gives_numbered_lanes)
{
	json_object *j;

	if (python3() == NULL)
		return;
	j = trace_json("--no-hook", "two_threads.py", NULL);
	check_contract(j);
	ck_assert(worker(j, "cruncher-a") == NULL);
	ck_assert(worker(j, "thread 1") != NULL);
	ck_assert(json_object_get_boolean(get(get(j, "params"), "hook")) == 0);
	json_object_put(j);
}
END_TEST

START_TEST(environment_is_the_programs_own)
{
	char path[] = "/tmp/timeslice-env-XXXXXX", text[4096], pp[4096];
	json_object *j;
	FILE *f;
	size_t n;

	if (python3() == NULL)
		return;
	make_temp(path);
	snprintf(pp, sizeof pp, "%s/tests/python/usersite",
	    getenv("TIMESLICE_SRCDIR"));
	setenv("PYTHONPATH", pp, 1);
	j = trace_json(NULL, "environ.py", path);
	unsetenv("PYTHONPATH");
	ck_assert(json_object_get_boolean(get(get(j, "params"), "hook")));
	f = fopen(path, "r");
	ck_assert(f != NULL);
	n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	unlink(path);
	ck_assert_msg(strstr(text, "leak") == NULL, "%s", text);
	ck_assert_msg(strstr(text, "path ") == NULL, "%s", text);
	ck_assert_msg(strstr(text, "user_site=yes") != NULL, "%s", text);
	snprintf(pp, sizeof pp, "PYTHONPATH=%s/tests/python/usersite\n",
	    getenv("TIMESLICE_SRCDIR"));
	ck_assert_msg(strstr(text, pp) != NULL, "%s", text);
	ck_assert(getenv("TIMESLICE_TRACE_FD") == NULL);
	json_object_put(j);
}
END_TEST

/*
 * A program that closes every descriptor and opens its own files where
 * the hook's pipe was gets none of the hook's lines in them: the hook
 * sees that its descriptor is no longer its pipe and stops reporting.
 */
START_TEST(hook_writes_nowhere_but_its_pipe)
{
	char dir[] = "/tmp/ts-fds-XXXXXX", path[128], text[8192];
	json_object *j;

	if (python3() == NULL)
		return;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	j = trace_json(NULL, "reuse_fds.py", dir);
	ck_assert(json_object_get_boolean(get(get(j, "params"), "hook")));
	for (int i = 0; i < 64; i++) {
		int lines = 0;

		snprintf(path, sizeof path, "%s/own-%d.txt", dir, i);
		slurp(path, text, sizeof text);
		for (char *l = text; *l != '\0'; l = strchr(l, '\n') + 1) {
			ck_assert_msg(strncmp(l, "own ", 4) == 0, "%s holds a "
			    "line not its own: %s", path, text);
			lines++;
		}
		ck_assert_int_eq(lines, 5);
		unlink(path);
	}
	rmdir(dir);
	json_object_put(j);
}
END_TEST

/*
 * What `python3 [FLAG] visible.py` writes of itself, traced or not; the
 * traced run's JSON says whether the hook was offered. In out.
 */
static void
visible(const char *flag, bool traced, char *text, size_t len, bool *hook)
{
	char path[] = "/tmp/timeslice-vis-XXXXXX";
	char *argv[] = { (char *)python3(), (char *)flag,
		(char *)prog("visible.py"), path, NULL };

	make_temp(path);
	if (flag == NULL)
		memmove(argv + 1, argv + 2, 3 * sizeof *argv);
	if (traced) {
		json_object *j = trace_json_flag(NULL, flag, "visible.py",
		    path);

		*hook = json_object_get_boolean(get(get(j, "params"), "hook"));
		json_object_put(j);
	} else
		ck_assert_int_eq(tu_exec_path(python3(), argv, out, OUTCAP, err,
		    OUTCAP), 0);
	slurp(path, text, len);
	unlink(path);
}

/*
 * What a traced program can see of timeslice: nothing. Its environment,
 * sys.path and sitecustomize are as untraced, under no flag (the hook
 * loaded) and under -S, -E and -I (the hook not offered: numbered
 * lanes); no module is the hook's, and a task's coroutine is the one
 * the program made.
 */
START_TEST(traced_python_sees_nothing_of_timeslice)
{
	static const char *flags[] = { NULL, "-S", "-E", "-I" };
	static char plain[16384], traced[16384];
	bool hook;

	if (python3() == NULL)
		return;
	unsetenv("PYTHONPATH");
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		const char *f = flags[i] != NULL ? flags[i] : "no flag";

		visible(flags[i], false, plain, sizeof plain, &hook);
		visible(flags[i], true, traced, sizeof traced, &hook);
		ck_assert_msg(hook == (flags[i] == NULL), "hook offered: %s", f);
		ck_assert_msg(strcmp(plain, traced) == 0, "under %s the program "
		    "saw, untraced:\n%s\ntraced:\n%s", f, plain, traced);
		ck_assert_msg(strstr(traced, "same_coro=True iscoroutine=True")
		    != NULL, "%s", traced);
		ck_assert_msg(strstr(traced, "PYTHONPATH") == NULL, "%s", traced);
		ck_assert_msg(strstr(traced, "sitecustomize=None") != NULL, "%s",
		    traced);
	}
}
END_TEST

/*
 * A user's own sitecustomize runs under the hook and is the module the
 * program finds as sitecustomize, its attributes and all; PYTHONPATH is
 * the user's, even when set empty.
 */
START_TEST(users_sitecustomize_stays_theirs)
{
	static char plain[16384], traced[16384];
	char pp[4096];
	bool hook;

	if (python3() == NULL)
		return;
	snprintf(pp, sizeof pp, "%s/tests/python/usersite",
	    getenv("TIMESLICE_SRCDIR"));
	for (int empty = 0; empty < 2; empty++) {
		setenv("PYTHONPATH", empty ? "" : pp, 1);
		visible(NULL, false, plain, sizeof plain, &hook);
		visible(NULL, true, traced, sizeof traced, &hook);
		ck_assert(hook);
		ck_assert_msg(strcmp(plain, traced) == 0, "untraced:\n%s\n"
		    "traced:\n%s", plain, traced);
		ck_assert_msg(strstr(traced, empty ? "sitecustomize=None" :
		    "sitecustomize=mine") != NULL, "%s", traced);
		ck_assert_msg(strstr(traced, empty ? "env PYTHONPATH=\n" :
		    "env PYTHONPATH=/") != NULL, "%s", traced);
	}
	unsetenv("PYTHONPATH");
}
END_TEST

/* Is pid gone (not even a zombie)? */
static int
gone(pid_t pid)
{
	return kill(pid, 0) != 0 && errno == ESRCH;
}

START_TEST(sigterm_ends_the_program_and_all_it_started)
{
	char path[] = "/tmp/timeslice-linger-XXXXXX";
	char *argv[8];
	int st, pids[3] = { 0, 0, 0 };
	bool alive[3], grouped, left;
	pid_t ts;
	FILE *f = NULL;

	if (python3() == NULL)
		return;
	make_temp(path);
	unlink(path);
	argv[0] = "timeslice";
	argv[1] = "trace";
	argv[2] = "--out";
	argv[3] = "/dev/null";
	argv[4] = "--";
	argv[5] = (char *)python3();
	argv[6] = (char *)prog("linger.py");
	argv[7] = path;
	char *full[9];
	memcpy(full, argv, sizeof argv);
	full[8] = NULL;
	ts = fork();
	ck_assert_int_ge(ts, 0);
	if (ts == 0) {
		execv(getenv("TIMESLICE_BIN"), full);
		_exit(127);
	}
	for (int i = 0; i < 600 && (f = fopen(path, "r")) == NULL; i++)
		usleep(50000);
	if (f == NULL || fscanf(f, "%d %d %d", &pids[0], &pids[1],
	    &pids[2]) != 3) {
		/*
		 * Never leave the trace (and its program) behind: TERM makes
		 * it end the program's group and every descendant first.
		 */
		if (f != NULL)
			fclose(f);
		kill(ts, SIGTERM);
		waitpid(ts, &st, 0);
		ck_abort_msg("the program never wrote its pids");
	}
	fclose(f);
	unlink(path);
	/* The grandchild leaves the group just after it is forked. */
	for (int i = 0; i < 200 && getpgid(pids[2]) == pids[0]; i++)
		usleep(50000);
	for (int i = 0; i < 3; i++)
		alive[i] = !gone(pids[i]);
	grouped = getpgid(pids[1]) == pids[0];
	left = getpgid(pids[2]) != pids[0];
	ck_assert_int_eq(kill(ts, SIGTERM), 0);
	ck_assert_int_eq(waitpid(ts, &st, 0), ts);
	/* Judged after the trace ended, so a failure leaves nothing. */
	for (int i = 0; i < 3; i++)
		ck_assert_msg(alive[i], "pid %d ended early", pids[i]);
	ck_assert_msg(grouped, "the child was not in the program's group");
	ck_assert_msg(left, "the grandchild never left the group");
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 130);
	for (int i = 0; i < 3; i++)
		ck_assert_msg(gone(pids[i]), "pid %d outlived the trace",
		    pids[i]);
	ck_assert(kill(-pids[0], 0) != 0 && errno == ESRCH);
}
END_TEST

START_TEST(non_python_program_gives_lanes_and_exit_status)
{
	char *argv[] = { "timeslice", "trace", "--format", "json", "--", "sh",
	    "-c", "sleep 0.1; exit 3", NULL };
	json_object *j;

	/* trace ends as the program did (it used to end 0). */
	ck_assert_int_eq(tu_exec(argv, out, OUTCAP, err, OUTCAP), 3);
	j = json_tokener_parse(out);
	ck_assert_msg(j != NULL, "%s", out);
	check_contract(j);
	ck_assert_int_eq((int)num(j, "exit_status"), 3);
	/* As root every thread is seen whole; the count is always there. */
	ck_assert_int_eq((int)num(get(j, "metrics"), "partly_visible"), 0);
	ck_assert(json_object_get_type(get(j, "signal")) == json_type_null);
	ck_assert(json_object_get_boolean(get(get(j, "params"), "hook")) == 0);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(
	    get(j, "command"), 0)), "sh");
	/* sh waits for sleep: its lane is mostly asleep, sleep's in I/O. */
	ck_assert_int_ge(count_kind(j, "process"), 1);
	json_object_put(j);
}
END_TEST

/*
 * A program killed by a signal: trace ends 128+N as a shell would, the
 * JSON names the signal, and the text report says how the program ended.
 */
START_TEST(killed_program_gives_128_plus_signal)
{
	char *a1[] = { "timeslice", "trace", "--format", "json", "--", "sh",
	    "-c", "kill -SEGV $$", NULL };
	char *a2[] = { "timeslice", "trace", "--format", "text", "--", "sh",
	    "-c", "kill -SEGV $$", NULL };
	char *a3[] = { "timeslice", "trace", "--format", "text", "--", "sh",
	    "-c", "exit 3", NULL };
	json_object *j;

	ck_assert_int_eq(tu_exec(a1, out, OUTCAP, err, OUTCAP), 128 + SIGSEGV);
	ck_assert_ptr_nonnull(j = json_tokener_parse(out));
	ck_assert_int_eq((int)num(j, "exit_status"), 128 + SIGSEGV);
	ck_assert_int_eq((int)num(j, "signal"), SIGSEGV);
	ck_assert_str_eq(str(j, "signal_name"), "SIGSEGV");
	json_object_put(j);
	ck_assert_int_eq(tu_exec(a2, out, OUTCAP, err, OUTCAP), 128 + SIGSEGV);
	ck_assert_msg(strstr(out, "the program was killed by signal 11 (SIGSEGV)")
	    != NULL, "%.400s", out);
	ck_assert_int_eq(tu_exec(a3, out, OUTCAP, err, OUTCAP), 3);
	ck_assert_msg(strstr(out, "the program exited with status 3") != NULL,
	    "%.400s", out);
}
END_TEST

/*
 * --format svg draws the trace as a picture headed by the command, and
 * --out writes the whole file or nothing, refusing a symlink.
 */
START_TEST(svg_and_out_write_whole_files)
{
	char dir[64] = "/tmp/ts-tsvg-XXXXXX", path[128], link[128], buf[512];
	char *a1[] = { "timeslice", "trace", "--format", "svg", "--out", path,
		"--", "sh", "-c", "sleep 0.05", NULL };
	char *a2[] = { "timeslice", "trace", "--format", "json", "--out", link,
		"--", "true", NULL };
	FILE *f;
	size_t n;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.svg", dir);
	snprintf(link, sizeof link, "%s/link.json", dir);
	ck_assert_int_eq(tu_exec(a1, out, OUTCAP, err, OUTCAP), 0);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	ck_assert_msg(strstr(buf, "<svg") != NULL, "%s", buf);
	ck_assert_int_eq(symlink(path, link), 0);
	ck_assert_int_eq(tu_exec(a2, out, OUTCAP, err, OUTCAP), 1);
	ck_assert_msg(strstr(err, "symlink") != NULL, "%s", err);
	/* The file the link points at is untouched. */
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	ck_assert_int_eq((int)fread(buf, 1, 5, f), 5);
	fclose(f);
	ck_assert(memcmp(buf, "<?xml", 5) == 0);
	snprintf(buf, sizeof buf, "rm -rf %s", dir);
	ck_assert_int_eq(system(buf), 0);
}
END_TEST

/*
 * A python3 on PATH that is a wrapper script (as pyenv's shims are) is
 * looked through: the interpreter it runs is traced, not the wrapper's
 * own commands, and the command reported is still the one typed.
 */
START_TEST(python_wrapper_script_is_looked_through)
{
	char dir[64] = "/tmp/ts-wrap-XXXXXX", path[128], *old, *newpath;
	char *argv[] = { "timeslice", "trace", "--format", "json", "--",
		"python3", (char *)prog("two_threads.py"), NULL };
	json_object *j, *ws;
	FILE *f;

	if (python3() == NULL)
		return;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/python3", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fprintf(f, "#!/bin/sh\n/bin/sleep 0.05\nexec '%s' \"$@\"\n", python3());
	fclose(f);
	ck_assert_int_eq(chmod(path, 0755), 0);
	old = strdup(getenv("PATH"));
	xasprintf(&newpath, "%s:%s", dir, old);
	setenv("PATH", newpath, 1);
	ck_assert_int_eq(tu_exec(argv, out, OUTCAP, err, OUTCAP), 0);
	setenv("PATH", old, 1);
	j = json_tokener_parse(out);
	ck_assert_msg(j != NULL, "%s", out);
	/* The wrapper's own sleep would be a process lane. */
	ws = get(j, "workers");
	ck_assert_msg(count_kind(j, "process") == 0, "the wrapper was traced "
	    "(%d lanes): %.300s", (int)json_object_array_length(ws), out);
	ck_assert_ptr_nonnull(worker(j, "cruncher-a"));
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(
	    get(j, "command"), 0)), "python3");
	json_object_put(j);
	free(old);
	free(newpath);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

START_TEST(bad_usage_is_one_line_and_status_2)
{
	char *a1[] = { "timeslice", "trace", NULL };
	char *a2[] = { "timeslice", "trace", "--rate", "0", "--", "true", NULL };
	char *a3[] = { "timeslice", "trace", "--", "/nonexistent/prog", NULL };

	ck_assert_int_eq(tu_exec(a1, out, OUTCAP, err, OUTCAP), 2);
	ck_assert_int_eq(tu_exec(a2, out, OUTCAP, err, OUTCAP), 2);
	ck_assert(strstr(err, "--rate") != NULL);
	ck_assert_int_eq(tu_exec(a3, out, OUTCAP, err, OUTCAP), 1);
	ck_assert(strstr(err, "cannot run") != NULL);
}
END_TEST

START_TEST(stat_parsing_survives_odd_names)
{
	const char *line = "42 (a) (b c) S 1 42 42 0 -1 4194304 1 0 0 0 0 0 0 "
	    "0 20 0 1 0 100 1000 10 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 "
	    "0 17 3 0 0 0 0 0";
	char state = '?';
	int cpu = -1;

	ck_assert_int_eq(proc_parse_stat(line, &state, &cpu), 0);
	ck_assert_int_eq(state, 'S');
	ck_assert_int_eq(cpu, 3);
	ck_assert_int_eq(proc_parse_stat("garbage", &state, &cpu), -1);
}
END_TEST

START_TEST(syscall_parsing_tells_locks_from_io)
{
	struct proc_sample s;
	uint64_t addr = 0;

	memset(&s, 0, sizeof s);
	ck_assert_int_eq(proc_parse_syscall("202 0x7f00e6f0 0x89 0x0 0x7f 0x0 "
	    "0xffffffff 0x7ffc 0x7fc0\n", &s.nr, &s.arg0, &s.arg1), 0);
	ck_assert(proc_is_lock_wait(&s, &addr));
	ck_assert_uint_eq(addr, 0x7f00e6f0u);
	/* A futex wake is not a wait. */
	s.arg1 = 0x81;
	ck_assert(!proc_is_lock_wait(&s, &addr));
	ck_assert_int_eq(proc_parse_syscall("7 0x5 0x1 0x3e8 0 0 0 0 0\n",
	    &s.nr, &s.arg0, &s.arg1), 0);
	ck_assert(!proc_is_lock_wait(&s, &addr));
	ck_assert_int_eq(proc_parse_syscall("running\n", &s.nr, &s.arg0,
	    &s.arg1), 0);
	ck_assert_int_eq(s.nr, PROC_RUNNING);
	ck_assert_int_eq(proc_parse_syscall("-1 0x7ffc 0x4005\n", &s.nr,
	    &s.arg0, &s.arg1), 0);
	ck_assert_int_eq(s.nr, PROC_NO_SYSCALL);
}
END_TEST

START_TEST(hook_lines_make_task_lanes)
{
	struct trace *t = trace_new(1024, NULL);
	struct sampler_opts o = { 1, 0, 0, 0 };
	struct sampler *s = sampler_new(t, &o);
	struct hook h;
	struct log lg;
	char l1[] = "C 77 78 5 1000 my task", l2[] = "S 77 5 2000",
	    l3[] = "W 77 5 3000", l4[] = "D 77 5 4000", bad[] = "Q 1 2",
	    short_[] = "S 77", l5[] = "N 77 5 renamed";

	ck_assert(t != NULL);
	hook_init(&h, -1);
	ck_assert_int_eq(hook_line(&h, s, l1), 0);
	ck_assert_int_eq(hook_line(&h, s, l5), 0);
	ck_assert_int_eq(hook_line(&h, s, l2), 0);
	ck_assert_int_eq(hook_line(&h, s, l3), 0);
	ck_assert_int_eq(hook_line(&h, s, l4), 0);
	ck_assert_int_eq(hook_line(&h, s, bad), -1);
	ck_assert_int_eq(hook_line(&h, s, short_), -1);
	ck_assert_uint_eq(h.bad, 2);
	log_init(&lg, t);
	log_poll(&lg);
	ck_assert_int_eq(lg.nlanes, 1);
	ck_assert_str_eq(t->lanes[0].name, "renamed");
	ck_assert_int_eq(t->lanes[0].kind, TRACE_KIND_TASK);
	ck_assert_int_eq(atomic_load(&t->lanes[0].pid), 77);
	ck_assert_int_eq(atomic_load(&t->lanes[0].tid), 78);
	ck_assert_uint_eq(lg.lanes[0].niv, 4);
	ck_assert_int_eq(lg.lanes[0].iv[0].state, TRACE_READY);
	ck_assert_int_eq(lg.lanes[0].iv[1].state, TRACE_RUN);
	ck_assert_uint_eq(lg.lanes[0].iv[1].end_ns - lg.lanes[0].iv[1].start_ns,
	    1000);
	ck_assert_int_eq(lg.lanes[0].iv[2].state, TRACE_IO);
	ck_assert_int_eq(lg.lanes[0].iv[3].state, TRACE_DONE);
	log_release(&lg);
	sampler_free(s);
	trace_free(t);
}
END_TEST

/* The lock the undumpable program's threads wait for. */
static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;

/* A thread of the undumpable program: waits for the lock, once. */
static void *
wait_for_held(void *arg)
{
	pthread_mutex_lock(&held);
	pthread_mutex_unlock(&held);
	return arg;
}

/*
 * The program the undumpable case traces (this test program, run with
 * the argument "undumpable"): it makes itself undumpable, as a setuid
 * program is, so only a tracer may read its syscall files; then two
 * threads wait a while for a lock it holds.
 */
static int
undumpable_program(void)
{
	pthread_t th[2];

	if (prctl(PR_SET_DUMPABLE, 0) != 0)
		return 1;
	pthread_mutex_lock(&held);
	for (int i = 0; i < 2; i++)
		if (pthread_create(&th[i], NULL, wait_for_held, NULL) != 0)
			return 1;
	usleep(400000);
	pthread_mutex_unlock(&held);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	return 0;
}

/* Copies the file `from` to `to`, executable by all. */
static void
copy_exe(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), o;
	ssize_t n;

	ck_assert_int_ge(in, 0);
	o = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	ck_assert_int_ge(o, 0);
	while ((n = read(in, buf, sizeof buf)) > 0)
		ck_assert_int_eq(write(o, buf, (size_t)n), n);
	close(in);
	ck_assert_int_eq(close(o), 0);
	ck_assert_int_eq(chmod(to, 0755), 0);
}

/*
 * Traced by nobody, an undumpable program's threads (whose syscall files
 * only a tracer may read) each keep a lane, their lock waits shown as
 * I/O, and the report counts them as partly visible.
 */
START_TEST(an_undumpable_program_is_traced_partly_visible)
{
	char dir[] = "/tmp/ts-undump-XXXXXX", ts[64], prog[64], cmd[96];
	const struct passwd *pw = getpwnam("nobody");
	size_t have = 0;
	json_object *j, *m;
	int p[2], st;
	ssize_t n;
	pid_t pid;

	if (tu_unprivileged() || pw == NULL) {
		printf("check_trace_cmd: not root, or no user nobody; the "
		    "undumpable case passes without running\n");
		return;
	}
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chmod(dir, 0755), 0);
	snprintf(ts, sizeof ts, "%s/timeslice", dir);
	snprintf(prog, sizeof prog, "%s/prog", dir);
	copy_exe(getenv("TIMESLICE_BIN"), ts);
	copy_exe("/proc/self/exe", prog);
	ck_assert_int_eq(pipe(p), 0);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		char *argv[] = { "timeslice", "trace", "--no-hook", "--format",
		    "json", "--", prog, "undumpable", NULL };
		int null = open("/dev/null", O_WRONLY);

		dup2(p[1], 1);
		dup2(null, 2);
		if (setgroups(0, NULL) != 0 || setresgid(pw->pw_gid, pw->pw_gid,
		    pw->pw_gid) != 0 || setresuid(pw->pw_uid, pw->pw_uid,
		    pw->pw_uid) != 0)
			_exit(125);
		execv(ts, argv);
		_exit(126);
	}
	ck_assert_int_gt(pid, 0);
	close(p[1]);
	while ((n = read(p[0], out + have, OUTCAP - 1 - have)) > 0 ||
	    (n < 0 && errno == EINTR))
		if (n > 0)
			have += (size_t)n;
	out[have] = '\0';
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "trace as nobody: status %#x: %.300s", st, out);
	j = json_tokener_parse(out);
	ck_assert_msg(j != NULL, "not JSON: %.300s", out);
	check_contract(j);
	/* Its three threads, every one partly visible. */
	m = get(j, "metrics");
	ck_assert_int_ge((int)num(m, "threads_seen"), 3);
	ck_assert_int_eq((int)num(m, "partly_visible"),
	    (int)num(m, "threads_seen"));
	/* At least its three (a sanitizer's runtime may run one of its own
	 * in the program, as ThreadSanitizer does). */
	ck_assert_int_ge(count_kind(j, "thread"), 3);
	/* Their waits for the lock could not be told from I/O. */
	ck_assert(json_object_get_type(get(j, "lock")) == json_type_null);
	json_object_put(j);
}
END_TEST

/*
 * The hook is offered unless Python's own options (before the script,
 * -c or -m) hold -I, -E or -S, alone or in a cluster; the program's
 * arguments and the values of -W and -X do not count.
 */
START_TEST(python_flags_that_keep_the_hook_out)
{
	static const struct {
		const char	*argv[6];
		int		 can;
	} cases[] = {
		{ { "python3", "prog.py", NULL }, 1 },
		{ { "python3", "-I", "prog.py", NULL }, 0 },
		{ { "python3", "-E", "-c", "pass", NULL }, 0 },
		{ { "python3", "-uS", "prog.py", NULL }, 0 },
		{ { "python3", "-sE", NULL }, 0 },
		{ { "python3", "-u", "-c", "pass", "-I", NULL }, 1 },
		{ { "python3", "-cpass", "-S", NULL }, 1 },
		{ { "python3", "prog.py", "-E", NULL }, 1 },
		{ { "python3", "-X", "-I", "prog.py", NULL }, 1 },
		{ { "python3", "-W", "error", "-m", "mod", NULL }, 1 },
		{ { "python3", "-Xdev", "-I", "prog.py", NULL }, 0 },
		{ { "python3", "--check-hash-based-pycs", "never", "-S", NULL },
		    0 },
		{ { "python3", "-", "-I", NULL }, 1 },
		{ { "python3", "-mSimpleServer", "-I", NULL }, 1 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_msg(hook_python_can_load((char *const *)cases[i].argv)
		    == cases[i].can, "case %zu", i);
}
END_TEST

/* Appends one binary step record (the hook's "B" payload) at p. */
static size_t
put_step(unsigned char *p, uint64_t id, uint64_t start, uint64_t end,
    unsigned how)
{
	uint64_t v[3] = { id << 2 | how, start, end };

	for (int k = 0; k < 3; k++)
		for (int i = 0; i < 8; i++)
			p[k * 8 + i] = (unsigned char)(v[k] >> (8 * i));
	return HOOK_STEP_SIZE;
}

/*
 * Steps sent in bulk ("B pid count" and binary records, one of which
 * holds a newline byte) make the same states as S/W/Y/D lines, even when
 * the records arrive in two reads; a count beyond the limit is refused.
 */
/*
 * A program that floods the hook's pipe costs a sampling round a bounded
 * read: what is past the round's budget is dropped and counted, never
 * parsed, and the next line after the flood is read whole again.
 */
START_TEST(a_flooding_hook_costs_a_bounded_round)
{
	struct trace *t = trace_new(1024, NULL);
	struct sampler_opts o = { 1, 0, 0, 0 };
	struct sampler *s = sampler_new(t, &o);
	static const char line[] = "X 77 flood of a line nobody knows\n";
	size_t len = sizeof line - 1, total = 0, cap;
	uint64_t lines0;
	struct hook h;
	int fds[2];

	ck_assert(t != NULL);
	ck_assert_int_eq(pipe2(fds, O_NONBLOCK), 0);
	/* As much as the pipe takes (1 MiB for anyone, more for root). */
	if (fcntl(fds[1], F_SETPIPE_SZ, 2 * HOOK_ROUND_DISCARD) < 0)
		fcntl(fds[1], F_SETPIPE_SZ, HOOK_ROUND_DISCARD);
	cap = (size_t)fcntl(fds[1], F_GETPIPE_SZ);
	ck_assert_uint_gt(cap, HOOK_ROUND_PARSE);
	while (total + len <= cap && write(fds[1], line, len) == (ssize_t)len)
		total += len;
	hook_init(&h, fds[0]);
	hook_drain(&h, s);
	/* Parsed: the budget and at most one buffer more. */
	ck_assert_uint_le((h.bad + h.lines) * len,
	    HOOK_ROUND_PARSE + sizeof h.buf);
	ck_assert_uint_gt(h.dropped, 0);
	/* Every line is either parsed or counted dropped (one may be cut
	 * and counted when its end comes). */
	ck_assert_uint_le(h.bad + h.lines + h.dropped, total / len);
	ck_assert_uint_ge(h.bad + h.lines + h.dropped + 2,
	    total / len < (HOOK_ROUND_PARSE + HOOK_ROUND_DISCARD) / len ?
	    total / len : (HOOK_ROUND_PARSE + HOOK_ROUND_DISCARD) / len);
	/* Rounds go on until the flood is read, then lines count again. */
	for (int i = 0; i < 8; i++)
		hook_drain(&h, s);
	lines0 = h.lines;
	ck_assert_int_eq((int)write(fds[1], "P 77 after\n", 11), 11);
	hook_drain(&h, s);
	ck_assert_uint_eq(h.lines, lines0 + 1);
	close(fds[1]);
	hook_release(&h);
	sampler_free(s);
	trace_free(t);
}
END_TEST

/* A task's timestamps are clamped to the trace: a forged one far in the
 * future (or the past) cannot stretch the span to centuries. */
START_TEST(hook_timestamps_stay_within_the_trace)
{
	struct trace *t = trace_new(1024, NULL);
	struct sampler_opts o = { 1, 0, 0, 0 };
	struct sampler *s = sampler_new(t, &o);
	static const char lines[] = "C 77 78 5 1 early\n"
	    "S 77 5 18446744073709551615\nD 77 5 18446744073709551615\n";
	uint64_t before;
	struct hook h;
	struct log lg;
	int fds[2];

	ck_assert(t != NULL);
	ck_assert_int_eq(pipe(fds), 0);
	hook_init(&h, fds[0]);
	h.t0 = before = clock_now_ns();
	ck_assert_int_eq((int)write(fds[1], lines, sizeof lines - 1),
	    (int)sizeof lines - 1);
	close(fds[1]);
	hook_drain(&h, s);
	ck_assert_uint_eq(h.lines, 3);
	log_init(&lg, t);
	log_poll(&lg);
	ck_assert_int_eq(lg.nlanes, 1);
	for (size_t i = 0; i < lg.lanes[0].niv; i++) {
		ck_assert_uint_ge(lg.lanes[0].iv[i].start_ns, before);
		ck_assert_uint_le(lg.lanes[0].iv[i].start_ns, clock_now_ns());
	}
	log_release(&lg);
	sampler_free(s);
	trace_free(t);
}
END_TEST

START_TEST(bulk_step_records_make_task_states)
{
	struct trace *t = trace_new(1024, NULL);
	struct sampler_opts o = { 1, 0, 0, 0 };
	struct sampler *s = sampler_new(t, &o);
	unsigned char buf[512];
	struct hook h;
	struct log lg;
	size_t n;
	int fds[2];

	ck_assert(t != NULL);
	ck_assert_int_eq(pipe(fds), 0);
	hook_init(&h, fds[0]);
	n = (size_t)snprintf((char *)buf, sizeof buf,
	    "C 77 78 5 1000 bulk\nB 77 3\n");
	n += put_step(buf + n, 5, 2000, 2010, 1);	/* awaiting */
	n += put_step(buf + n, 5, 3000, 3000 + '\n', 0);	/* ready */
	n += put_step(buf + n, 5, 4000, 4100, 2);	/* done */
	ck_assert_int_eq((int)write(fds[1], buf, n - 30), (int)n - 30);
	ck_assert_int_ge(hook_drain(&h, s), 1);
	ck_assert_uint_eq(h.lines, 1);		/* only the C line so far */
	ck_assert_int_eq((int)write(fds[1], buf + n - 30, 30), 30);
	n = (size_t)snprintf((char *)buf, sizeof buf, "B 77 %d\n",
	    HOOK_STEPS_MAX + 1);
	ck_assert_int_eq((int)write(fds[1], buf, n), (int)n);
	close(fds[1]);
	hook_drain(&h, s);
	ck_assert_uint_eq(h.lines, 4);
	ck_assert_uint_eq(h.bad, 1);
	log_init(&lg, t);
	log_poll(&lg);
	ck_assert_int_eq(lg.nlanes, 1);
	ck_assert_uint_eq(lg.lanes[0].niv, 7);
	ck_assert_int_eq(lg.lanes[0].iv[1].state, TRACE_RUN);
	ck_assert_uint_eq(lg.lanes[0].iv[1].start_ns, 2000);
	ck_assert_uint_eq(lg.lanes[0].iv[1].end_ns, 2010);
	ck_assert_int_eq(lg.lanes[0].iv[2].state, TRACE_IO);
	ck_assert_int_eq(lg.lanes[0].iv[3].state, TRACE_RUN);
	ck_assert_int_eq(lg.lanes[0].iv[4].state, TRACE_READY);
	ck_assert_uint_eq(lg.lanes[0].iv[4].start_ns, 3000 + '\n');
	ck_assert_int_eq(lg.lanes[0].iv[6].state, TRACE_DONE);
	log_release(&lg);
	hook_release(&h);
	sampler_free(s);
	trace_free(t);
}
END_TEST

static void
setup(void)
{
	out = malloc(OUTCAP);
	err = malloc(OUTCAP);
}

static void
teardown(void)
{
	free(out);
	free(err);
}

static Suite *
suite(void)
{
	Suite *s = suite_create("trace_cmd");
	TCase *tc;

	tc = tcase_create("parsing");
	tcase_add_test(tc, stat_parsing_survives_odd_names);
	tcase_add_test(tc, syscall_parsing_tells_locks_from_io);
	tcase_add_test(tc, hook_lines_make_task_lanes);
	tcase_add_test(tc, bulk_step_records_make_task_states);
	tcase_add_test(tc, a_flooding_hook_costs_a_bounded_round);
	tcase_add_test(tc, hook_timestamps_stay_within_the_trace);
	tcase_add_test(tc, python_flags_that_keep_the_hook_out);
	suite_add_tcase(s, tc);

	tc = tcase_create("programs");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, bad_usage_is_one_line_and_status_2);
	tcase_add_test(tc, svg_and_out_write_whole_files);
	tcase_add_test(tc, python_wrapper_script_is_looked_through);
	tcase_add_test(tc, non_python_program_gives_lanes_and_exit_status);
	tcase_add_test(tc, killed_program_gives_128_plus_signal);
	tcase_add_test(tc, two_named_threads_share_the_gil);
	tcase_add_test(tc, idle_consumers_are_blocked_not_waiting_for_the_gil);
	tcase_add_test(tc, six_hundred_threads_are_seen_or_counted);
	tcase_add_test(tc, a_contended_lock_is_not_taken_for_the_gil);
	tcase_add_test(tc, pool_of_two_gives_two_busy_processes);
	tcase_add_test(tc, five_named_tasks_get_five_task_lanes);
	tcase_add_test(tc, no_hook_gives_numbered_lanes);
	tcase_add_test(tc, environment_is_the_programs_own);
	tcase_add_test(tc, an_undumpable_program_is_traced_partly_visible);
	tcase_add_test(tc, hook_writes_nowhere_but_its_pipe);
	tcase_add_test(tc, traced_python_sees_nothing_of_timeslice);
	tcase_add_test(tc, step_recorders_agree_and_change_nothing);
	tcase_add_test(tc, users_sitecustomize_stays_theirs);
	suite_add_tcase(s, tc);

	tc = tcase_create("cleanup");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, sigterm_ends_the_program_and_all_it_started);
	suite_add_tcase(s, tc);
	return s;
}

int
main(int argc, char **argv)
{
	/* _exit: a sanitizer's leak check at exit would add a thread of
	 * its own to the program the test counts. */
	if (argc == 2 && strcmp(argv[1], "undumpable") == 0)
		_exit(undumpable_program());
	return tu_main(suite());
}
