/*
 * check_cli.c - the command-line contract, on the real binary: exit
 * statuses, one-line errors naming the option and its range, the JSON
 * keys, Chrome traces Perfetto can open, and no child process left behind
 * after Ctrl-C or SIGKILL.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdarg.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sampler/tracer.h"
#include "testutil.h"

#define OUT_CAP (4 << 20)

static char *out, *err;

static void
setup(void)
{
	out = malloc(OUT_CAP);
	err = malloc(65536);
}

static void
teardown(void)
{
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

/* Exactly one line on stderr that mentions `needle`. */
static void
assert_one_line_error(const char *needle)
{
	char *nl = strchr(err, '\n');

	ck_assert_msg(nl != NULL && nl[1] == '\0', "not one line: %s", err);
	ck_assert_msg(strstr(err, needle) != NULL, "'%s' not in: %s", needle,
	    err);
}

START_TEST(bad_options_exit_2_with_the_range)
{
	ck_assert_int_eq(run("run", "gil", "--workers", "0", NULL), 2);
	assert_one_line_error("--workers");
	ck_assert_ptr_nonnull(strstr(err, "1 to 64"));
	ck_assert_int_eq(run("run", "gil", "--switch-interval", "1000", NULL), 2);
	assert_one_line_error("0.1 to 100");
	ck_assert_int_eq(run("run", "gil", "--work", "gpu", NULL), 2);
	assert_one_line_error("cpu, io, mixed");
	ck_assert_int_eq(run("run", "gil", "--units", "3.5", NULL), 2);
	assert_one_line_error("--units");
	ck_assert_int_eq(run("run", "gil", "--format", "xml", NULL), 2);
	assert_one_line_error("text, json, chrome");
	ck_assert_int_eq(run("run", "gil", "--wrokers", "2", NULL), 2);
	assert_one_line_error("did you mean '--workers'");
	ck_assert_int_eq(run("run", "gill", NULL), 2);
	assert_one_line_error("did you mean 'gil'");
	ck_assert_int_eq(run("run", "gil", "--workers", NULL), 2);
	assert_one_line_error("--workers");
	ck_assert_int_eq(run("--bogus", NULL), 2);
	assert_one_line_error("--bogus");
}
END_TEST

/*
 * run's text timeline has the queue's depth row: a digit a column, never
 * above the capacity, and the queue holding something at some point.
 */
START_TEST(text_timeline_shows_the_queue_depth)
{
	const char *row, *p;
	int seen = 0;

	ck_assert_int_eq(run("run", "queue", "--workers", "2", "--units", "12",
	    "--unit-ms", "2", "--capacity", "3", NULL), 0);
	ck_assert_ptr_nonnull(row = strstr(out, "\n  queue depth"));
	p = row + strlen("\n  queue depth");
	for (; *p != '\n' && *p != '\0'; p++) {
		ck_assert_msg(*p == ' ' || (*p >= '0' && *p <= '3'),
		    "'%c' in the depth row", *p);
		seen |= *p >= '1' && *p <= '3';
	}
	ck_assert(seen);
}
END_TEST

START_TEST(help_and_version_exit_0)
{
	ck_assert_int_eq(run("--help", NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "timeslice run SCENARIO"));
	ck_assert_int_eq(run("--version", NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "timeslice "));
}
END_TEST

/* The subcommands --help lists, in its order: its contract. */
static const char *const subcommand_lines[] = {
	"       timeslice run SCENARIO [options]   run one experiment, print "
	    "results\n",
	"       timeslice demo SCENARIO [options]  watch one experiment live\n",
	"       timeslice trace [options] -- CMD   watch a real program's "
	    "threads\n",
	"       timeslice check PATH...            validate lessons\n",
	"       timeslice verify [PATH...]         run and judge every "
	    "prediction\n",
	"       timeslice list                     lessons with ids and "
	    "progress\n",
	"       timeslice replay FILE              replay a recorded run\n",
	"       timeslice notes                    speaker notes for a "
	    "presenter\n",
	"       timeslice reset [LESSON] [--yes]   clear saved progress\n",
	"       timeslice bench [--format json]    measure timeslice's own "
	    "costs\n",
	"       timeslice --watch FILE             reload a lesson when it "
	    "changes\n",
	"       timeslice --help | --version\n",
};

/*
 * --help has a usage line per subcommand, in order and aligned, and
 * every word it lists as a subcommand is one: none is taken for a
 * lesson or a misspelling.
 */
START_TEST(help_lists_every_subcommand_aligned)
{
	const char *at;
	char help[8192];

	ck_assert_int_eq(run("--help", NULL), 0);
	at = strstr(out, "usage: timeslice [--lang LANG]");
	ck_assert_ptr_nonnull(at);
	for (size_t i = 0; i < sizeof subcommand_lines /
	    sizeof subcommand_lines[0]; i++) {
		const char *line = strstr(at, subcommand_lines[i]);

		ck_assert_msg(line != NULL, "no line '%s' after the last "
		    "in:\n%s", subcommand_lines[i], out);
		at = line;
	}
	snprintf(help, sizeof help, "%s", out);
	for (const char *p = strstr(help, "\n       timeslice "); p != NULL;
	    p = strstr(p + 1, "\n       timeslice ")) {
		char word[32];

		if (sscanf(p + 18, "%31[a-z]", word) != 1)
			continue;
		run(word, "--help", NULL);
		ck_assert_msg(strstr(err, "no lesson") == NULL &&
		    strstr(err, "unknown command") == NULL,
		    "'%s' is listed but is no subcommand: %s", word, err);
	}
	/* The same table in Spanish: its own words, under "uso: ". */
	ck_assert_int_eq(run("--lang", "es", "--help", NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "\n     timeslice verify [RUTA...]"
	    "           ejecuta y juzga cada predicción\n"));
}
END_TEST

/* A word near a subcommand that opens no lesson is a typo: exit 2. */
START_TEST(mistyped_subcommand_gets_a_did_you_mean)
{
	ck_assert_int_eq(run("verfy", NULL), 2);
	assert_one_line_error("timeslice: unknown command 'verfy' (did you "
	    "mean 'verify'?)");
	ck_assert_int_eq(run("verfy", "lessons", NULL), 2);
	assert_one_line_error("(did you mean 'verify'?)");
	ck_assert_int_eq(run("lst", NULL), 2);
	assert_one_line_error("(did you mean 'list'?)");
	ck_assert_int_eq(run("--lang", "en", "chek", "x", NULL), 2);
	assert_one_line_error("(did you mean 'check'?)");
	/* Far from every subcommand: a lesson that is not there. */
	ck_assert_int_eq(run("xyzzy", NULL), 2);
	assert_one_line_error("no lesson 'xyzzy'");
}
END_TEST

/*
 * A lesson opens even when its id or path is near a subcommand: without
 * a terminal it gets as far as asking for one.
 */
START_TEST(a_lesson_near_a_subcommand_still_opens)
{
	const char *src = getenv("TIMESLICE_SRCDIR");
	char root[] = "/tmp/ts-cli-XXXXXX", cmd[1024];

	ck_assert_ptr_nonnull(mkdtemp(root));
	snprintf(cmd, sizeof cmd, "mkdir -p %s/en && sed 's/^id: basics$/"
	    "id: lists/' %s/tests/lessons/en/01-basics.md > %s/en/01-lists.md",
	    root, src ? src : ".", root);
	ck_assert_int_eq(system(cmd), 0);
	setenv("TIMESLICE_LESSONS", root, 1);
	ck_assert_int_eq(run("lists", NULL), 1);
	ck_assert_msg(strstr(err, "needs a terminal") != NULL, "%s", err);
	/* A path is a lesson too, whatever its name looks like. */
	ck_assert_int_eq(run("x/verfy", NULL), 1);
	ck_assert_msg(strstr(err, "unknown command") == NULL, "%s", err);
	unsetenv("TIMESLICE_LESSONS");
	ck_assert_int_eq(run("gil", NULL), 1);
	ck_assert_msg(strstr(err, "needs a terminal") != NULL, "%s", err);
	snprintf(cmd, sizeof cmd, "rm -rf %s", root);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static json_object *
key(json_object *o, const char *k)
{
	json_object *v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, k, &v), "no key '%s'", k);
	return v;
}

START_TEST(json_has_every_contract_key)
{
	json_object *o, *ws, *lock;

	ck_assert_int_eq(run("run", "gil", "--workers", "2", "--units", "4",
	    "--unit-ms", "5", "--format", "json", NULL), 0);
	o = json_tokener_parse(out);
	ck_assert_msg(o != NULL, "not JSON: %.200s", out);
	ck_assert_str_eq(json_object_get_string(key(o, "scenario")), "gil");
	ck_assert_int_eq(json_object_get_int(key(key(o, "params"), "workers")), 2);
	ck_assert(json_object_get_double(key(o, "wall_ms")) > 0);
	ck_assert(json_object_get_double(key(o, "cpu_ms")) > 0);
	ck_assert(json_object_get_double(key(o, "baseline_wall_ms")) > 0);
	ck_assert(json_object_get_double(key(o, "speedup")) > 0);
	ws = key(o, "workers");
	ck_assert_int_eq((int)json_object_array_length(ws), 2);
	for (int i = 0; i < 2; i++) {
		json_object *w = json_object_array_get_idx(ws, (size_t)i);
		const char *names[] = { "name", "kind", "run_ms", "wait_ms",
		    "io_ms", "switches", "cpus", "wait_p50_ms", "wait_p99_ms" };

		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
			key(w, names[k]);
		ck_assert_str_eq(json_object_get_string(key(w, "kind")), "thread");
		ck_assert(json_object_is_type(key(w, "cpus"), json_type_array));
	}
	lock = key(o, "lock");
	ck_assert(json_object_get_int(key(lock, "holder_changes")) > 0);
	key(lock, "wait_p50_ms");
	key(lock, "wait_p99_ms");
	key(o, "events");
	ck_assert_int_eq(json_object_get_int(key(o, "dropped_events")), 0);
	json_object_put(o);

	ck_assert_int_eq(run("run", "threads", "--no-baseline", "--units", "2",
	    "--unit-ms", "2", "--format", "json", NULL), 0);
	o = json_tokener_parse(out);
	ck_assert(json_object_is_type(key(o, "speedup"), json_type_null));
	ck_assert(json_object_is_type(key(o, "baseline_wall_ms"), json_type_null));
	ck_assert(json_object_is_type(key(o, "lock"), json_type_null));
	json_object_put(o);
}
END_TEST

/*
 * Checks the Chrome trace now in `out`: metadata names, X slices with
 * sane times, slices of one track never overlapping. Returns the number
 * of thread names and sets *locks to the number of lock slices.
 */
static int
check_chrome_out(int *locks)
{
	json_object *o, *evs;
	size_t n;
	int names = 0, slices = 0, lock_slices = 0;
	struct { int pid, tid; double end; } last[64];
	int nlast = 0;

	o = json_tokener_parse(out);
	ck_assert_msg(o != NULL, "not JSON");
	evs = key(o, "traceEvents");
	n = json_object_array_length(evs);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(evs, i);
		const char *ph = json_object_get_string(key(e, "ph"));
		int pid = json_object_get_int(key(e, "pid"));
		int tid = json_object_get_int(key(e, "tid"));

		ck_assert_int_gt(pid, 0);
		if (strcmp(ph, "M") == 0) {
			names += strcmp(json_object_get_string(key(e, "name")),
			    "thread_name") == 0;
			continue;
		}
		ck_assert_str_eq(ph, "X");
		double ts = json_object_get_double(key(e, "ts"));
		double dur = json_object_get_double(key(e, "dur"));
		/* Only a lock hold may be empty (taken and given back at once). */
		ck_assert(ts >= 0 && (dur > 0 || (dur == 0 && strcmp(
		    json_object_get_string(key(e, "cat")), "lock") == 0)));
		if (strcmp(json_object_get_string(key(e, "cat")), "lock") == 0)
			lock_slices++;
		slices++;
		/* Slices of one thread come in time order and never overlap. */
		int k;
		for (k = 0; k < nlast; k++)
			if (last[k].pid == pid && last[k].tid == tid)
				break;
		if (k == nlast) {
			ck_assert_int_lt(nlast, 64);
			last[nlast].pid = pid;
			last[nlast].tid = tid;
			last[nlast].end = 0;
			nlast++;
		}
		ck_assert_msg(ts >= last[k].end - 0.0011,
		    "overlap on tid %d at %.3f", tid, ts);
		last[k].end = ts + dur;
	}
	ck_assert_int_gt(slices, 10);
	json_object_put(o);
	*locks = lock_slices;
	return names;
}

START_TEST(chrome_trace_is_well_formed)
{
	int locks;

	ck_assert_int_eq(run("run", "gil", "--workers", "3", "--units", "6",
	    "--unit-ms", "4", "--switch-interval", "1", "--format", "chrome",
	    NULL), 0);
	/* Three threads and the GIL track. */
	ck_assert_int_eq(check_chrome_out(&locks), 4);
	ck_assert_int_gt(locks, 3);
	/* Tasks share one OS thread but each gets a track of its own. */
	ck_assert_int_eq(run("run", "coroutines", "--workers", "3", "--units",
	    "6", "--unit-ms", "5", "--work", "mixed", "--format", "chrome",
	    NULL), 0);
	ck_assert_int_eq(check_chrome_out(&locks), 4);
}
END_TEST

START_TEST(bench_reports_every_figure)
{
	const char *keys[] = { "clock_ns", "record_ns", "record_to_clock",
	    "gil_handoff_us", "thread_start_us", "process_start_us",
	    "coro_switch_ns", "thread_handoff_ns", "trace_look_us",
	    "trace_round_us" };
	json_object *o;

	ck_assert_int_eq(run("bench", "--format", "json", NULL), 0);
	o = json_tokener_parse(out);
	ck_assert_msg(o != NULL, "not JSON: %.200s", out);
	/* Figures, not verdicts: each one measured and positive. */
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		ck_assert_msg(json_object_get_double(key(o, keys[i])) > 0,
		    "%s not measured", keys[i]);
	/* The hook's cost on asyncio: measured wherever a python3 is. */
	if (tracer_python() != NULL) {
		json_object *h = key(o, "asyncio_steps");

		ck_assert_msg(json_object_get_double(key(h, "untraced_s")) > 0 &&
		    json_object_get_double(key(h, "traced_s")) > 0 &&
		    json_object_get_int(key(h, "steps")) == 100000,
		    "asyncio steps not measured: %.300s", out);
	}
	json_object_put(o);
	ck_assert_int_eq(run("bench", "--format", "xml", NULL), 2);
}
END_TEST

/* Runs timeslice with stdout on the file `out_path`; returns the status. */
static int
run_to(const char *out_path, char *const argv[])
{
	extern char **environ;
	posix_spawn_file_actions_t fa;
	int status;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	ck_assert_int_eq(posix_spawn(&pid, getenv("TIMESLICE_BIN"), &fa, NULL,
	    argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

START_TEST(replay_reads_a_recording_back)
{
	char rec[] = "/tmp/ts-cli-rec-XXXXXX";
	char *text[] = { "timeslice", "replay", rec, NULL };
	char *chrome[] = { "timeslice", "replay", "--format", "chrome", rec,
	    NULL };
	int fd = mkstemp(rec), locks;

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(run("run", "gil", "--workers", "2", "--units", "12",
	    "--unit-ms", "3", "--switch-interval=1", "--no-baseline",
	    "--format=chrome", "--out", rec, NULL), 0);
	ck_assert_int_eq(run("replay", rec, NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "replay of "));
	ck_assert_ptr_nonnull(strstr(out, "thread 2"));
	ck_assert_int_eq(run("replay", "--format", "chrome", rec, NULL), 0);
	ck_assert_int_eq(check_chrome_out(&locks), 3);	/* and the GIL */
	/* Output that cannot be written is a failure, not a replay. */
	ck_assert_int_eq(run_to("/dev/full", text), 1);
	ck_assert_int_eq(run_to("/dev/full", chrome), 1);
	ck_assert_int_eq(run("replay", "/nonexistent/trace.json", NULL), 1);
	assert_one_line_error("/nonexistent/trace.json");
	unlink(rec);
}
END_TEST

/* A process as /proc shows it: its id and when it started. */
struct proc {
	pid_t			pid;
	unsigned long long	start;	/* clock ticks after boot */
};

/*
 * Reads /proc/PID/stat: parent, state letter and start time. Returns 0,
 * or -1 when there is no such process.
 */
static int
proc_stat(pid_t pid, pid_t *ppid, char *state, unsigned long long *start)
{
	char path[64], buf[1024], *p;
	FILE *f;
	int ok;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	ok = fgets(buf, sizeof buf, f) != NULL &&
	    (p = strrchr(buf, ')')) != NULL &&
	    /* state ppid pgrp session tty tpgid flags minflt cminflt
	     * majflt cmajflt utime stime cutime cstime priority nice
	     * threads itrealvalue starttime */
	    sscanf(p + 2, "%c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u "
	    "%*d %*d %*d %*d %*d %*d %llu", state, ppid, start) == 3;
	fclose(f);
	return ok ? 0 : -1;
}

/* The living (not zombie) children of `parent`, up to `max` of them. */
static int
children_of(pid_t parent, struct proc *v, int max)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL) {
		unsigned long long start;
		pid_t pid, ppid;
		char state;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		pid = (pid_t)atoi(de->d_name);
		if (proc_stat(pid, &ppid, &state, &start) != 0 ||
		    ppid != parent || state == 'Z')
			continue;
		if (n < max) {
			v[n].pid = pid;
			v[n].start = start;
		}
		n++;
	}
	closedir(d);
	return n;
}

/*
 * Starts a long processes run with two workers and waits (up to 10 s)
 * until both worker processes exist; they are returned in kids.
 */
static pid_t
start_long_run(struct proc kids[2])
{
	char *argv[] = { "timeslice", "run", "processes", "--workers", "2",
	    "--units", "200", "--unit-ms", "50", "--no-baseline", NULL };
	extern char **environ;
	struct proc seen[8];
	pid_t pid;
	posix_spawn_file_actions_t fa;
	int n = 0;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1, 0);
	ck_assert_msg(getenv("TIMESLICE_BIN") != NULL,
	    "TIMESLICE_BIN must name the binary");
	ck_assert_int_eq(posix_spawn(&pid, getenv("TIMESLICE_BIN"), &fa, NULL,
	    argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	for (int i = 0; i < 500 && n < 2; i++) {
		struct timespec ts = { 0, 20000000 };

		if ((n = children_of(pid, seen, 8)) < 2)
			nanosleep(&ts, NULL);
	}
	ck_assert_msg(n == 2, "the run has %d worker processes, not 2", n);
	kids[0] = seen[0];
	kids[1] = seen[1];
	return pid;
}

/*
 * Waits up to 5 s for a worker of a run that has ended to be gone. As
 * subreaper we inherit a worker its run left behind, so waitpid by its
 * pid either reaps it (it died after the run) or says it is not ours
 * (the run reaped it itself); /proc must then have no process with its
 * pid and start time.
 */
static int
gone(const struct proc *k)
{
	for (int i = 0; i < 250; i++) {
		struct timespec ts = { 0, 20000000 };
		unsigned long long start;
		pid_t r, ppid;
		char state;

		r = waitpid(k->pid, NULL, WNOHANG);
		if (r == k->pid)
			return 1;
		if (r < 0 && errno == ECHILD &&
		    (proc_stat(k->pid, &ppid, &state, &start) != 0 ||
		    start != k->start))
			return 1;
		nanosleep(&ts, NULL);
	}
	return 0;
}

START_TEST(interrupt_stops_every_worker)
{
	int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	for (size_t i = 0; i < 3; i++) {
		struct proc kids[2];
		pid_t pid = start_long_run(kids);
		int status;

		ck_assert_int_eq(kill(pid, sigs[i]), 0);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert(WIFEXITED(status));
		ck_assert_int_eq(WEXITSTATUS(status), 130);
		for (int k = 0; k < 2; k++)
			ck_assert_msg(gone(&kids[k]), "worker process %d "
			    "outlived the run (signal %d)", kids[k].pid,
			    sigs[i]);
	}
}
END_TEST

START_TEST(sigkill_takes_the_children_along)
{
	struct proc kids[2];
	pid_t pid;

	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	pid = start_long_run(kids);
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	for (int k = 0; k < 2; k++)
		ck_assert_msg(gone(&kids[k]), "worker process %d outlived "
		    "SIGKILL", kids[k].pid);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, bad_options_exit_2_with_the_range);
	tcase_add_test(tc, help_and_version_exit_0);
	tcase_add_test(tc, text_timeline_shows_the_queue_depth);
	tcase_add_test(tc, help_lists_every_subcommand_aligned);
	tcase_add_test(tc, mistyped_subcommand_gets_a_did_you_mean);
	tcase_add_test(tc, a_lesson_near_a_subcommand_still_opens);
	tcase_add_test(tc, json_has_every_contract_key);
	tcase_add_test(tc, chrome_trace_is_well_formed);
	tcase_add_test(tc, bench_reports_every_figure);
	tcase_add_test(tc, replay_reads_a_recording_back);
	tcase_add_test(tc, interrupt_stops_every_worker);
	tcase_add_test(tc, sigkill_takes_the_children_along);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
