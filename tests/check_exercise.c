/*
 * check_exercise.c - the headless core of exercises: a run of a learner's
 * file keeps the end of its output, ends at its limit with everything it
 * started, and is graded honestly (a busy machine makes a claim about
 * cores or time undecided, never failed; counts and output are exact; a
 * run that never finished fails saying so). The workspace file is never
 * overwritten.
 *
 * The runs need a python3 on PATH: without one those cases print why and
 * pass, as trace_cmd's do.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exercise/exercise.h"
#include "sampler/tracer.h"
#include "store/progress.h"
#include "trace/log.h"
#include "testutil.h"
#include "util.h"

/* A condition made by hand, as the parser would make it. */
static struct lesson_excond
cond(const char *metric, enum lesson_exop op, double number, bool starter,
    const char *string)
{
	struct lesson_excond c;

	memset(&c, 0, sizeof c);
	c.text = (char *)metric;
	c.metric = (char *)metric;
	c.op = op;
	c.number = number;
	c.starter = starter;
	c.string = (char *)string;
	c.fail = (char *)"WORDS";
	return c;
}

/* An exercise of one condition. */
static struct lesson_exercise
one(struct lesson_excond *c)
{
	struct lesson_exercise ex;

	memset(&ex, 0, sizeof ex);
	ex.id = (char *)"t";
	ex.conds = c;
	ex.nconds = 1;
	ex.runs = 1;
	ex.limit_s = LESSON_EXERCISE_LIMIT_S;
	return ex;
}

/* A finished run on a 2-CPU machine with `free` cores free. */
static struct exercise_run
run_of(double wall_ms, double cpu_ms, double ready_ms, int threads,
    int processes, double free)
{
	struct exercise_run r;

	memset(&r, 0, sizeof r);
	r.wall_ms = wall_ms;
	r.cpu_ms = cpu_ms;
	r.ready_ms = ready_ms;
	r.cores_used = cpu_ms / wall_ms;
	r.cores_free = free;
	r.threads = threads;
	r.processes = processes;
	r.cpus = 2;
	r.limit_s = LESSON_EXERCISE_LIMIT_S;
	r.out = xstrdup("");
	r.err = xstrdup("");
	return r;
}

/* The verdict of `ex` on `r` (against `starter`). */
static enum exercise_verdict
verdict(const struct lesson_exercise *ex, struct exercise_run *r,
    const struct exercise_run *starter, char *reason, size_t len)
{
	struct exercise_result res;
	enum exercise_verdict v;

	memset(&res, 0, sizeof res);
	exercise_grade(ex, r, starter, &res);
	v = res.verdict;
	if (reason != NULL)
		snprintf(reason, len, "%s", res.reason);
	exercise_result_release(&res);	/* frees only the conditions */
	return v;
}

/* cores_used >= 1.4 cannot be tested with one core free: undecided; with
 * two free, one core used fails, and 1.6 holds. */
START_TEST(cores_claim_needs_free_cores)
{
	struct lesson_excond c = cond("cores_used", LESSON_EX_GE, 1.4, false,
	    NULL);
	struct lesson_exercise ex = one(&c);
	struct exercise_run busy = run_of(2000, 2000, 1900, 3, 3, 1.0);
	struct exercise_run quiet = run_of(2000, 2000, 0, 3, 3, 1.95);
	struct exercise_run good = run_of(2000, 3200, 0, 3, 3, 1.95);
	/* Not seen to wait for a CPU, yet 1.5 cores free cannot show 1.4
	 * used with a margin: still undecided. */
	struct exercise_run tight = run_of(2000, 2000, 0, 3, 3, 1.5);
	char why[1024];

	ck_assert_int_eq(verdict(&ex, &busy, NULL, NULL, 0),
	    EXERCISE_UNDECIDED);
	ck_assert_int_eq(verdict(&ex, &quiet, NULL, why, sizeof why),
	    EXERCISE_FAILS);
	ck_assert_msg(strncmp(why, "WORDS (", 7) == 0, "reason: %s", why);
	ck_assert_int_eq(verdict(&ex, &good, NULL, NULL, 0), EXERCISE_PASSES);
	ck_assert_int_eq(verdict(&ex, &tight, NULL, NULL, 0),
	    EXERCISE_UNDECIDED);
	exercise_run_release(&tight);
	exercise_run_release(&busy);
	exercise_run_release(&quiet);
	exercise_run_release(&good);
}
END_TEST

/*
 * A time against the starter's: a computing program on a busy machine
 * is undecided, the same on a quiet one fails; a program that mostly
 * waited fails even on a busy machine (it wanted no CPU to speak of).
 */
START_TEST(time_claim_blames_the_machine_only_when_it_could)
{
	struct lesson_excond c = cond("wall_ms", LESSON_EX_LE, 0.8, true,
	    NULL);
	struct lesson_exercise ex = one(&c);
	struct exercise_run starter = run_of(2000, 2000, 0, 1, 1, 1.9);
	struct exercise_run busy = run_of(1900, 1900, 1800, 3, 3, 0.9);
	struct exercise_run quiet = run_of(1900, 1900, 0, 3, 3, 1.95);
	struct exercise_run waits = run_of(1900, 40, 10, 1, 1, 0.2);
	struct exercise_run fast = run_of(1000, 1900, 0, 3, 3, 1.95);
	/* Computing, on half a core, with its waits for a CPU unseen. */
	struct exercise_run unseen = run_of(1900, 1000, 0, 3, 3, 0.5);

	ck_assert_int_eq(verdict(&ex, &busy, &starter, NULL, 0),
	    EXERCISE_UNDECIDED);
	ck_assert_int_eq(verdict(&ex, &quiet, &starter, NULL, 0),
	    EXERCISE_FAILS);
	ck_assert_int_eq(verdict(&ex, &waits, &starter, NULL, 0),
	    EXERCISE_FAILS);
	ck_assert_int_eq(verdict(&ex, &fast, &starter, NULL, 0),
	    EXERCISE_PASSES);
	ck_assert_int_eq(verdict(&ex, &unseen, &starter, NULL, 0),
	    EXERCISE_UNDECIDED);
	exercise_run_release(&unseen);
	/* Without the starter's whole run there is nothing to compare with. */
	ck_assert_int_eq(verdict(&ex, &fast, NULL, NULL, 0),
	    EXERCISE_UNDECIDED);
	starter.timed_out = true;
	ck_assert_int_eq(verdict(&ex, &quiet, &starter, NULL, 0),
	    EXERCISE_UNDECIDED);
	starter.timed_out = false;
	starter.exit_status = 1;
	ck_assert_int_eq(verdict(&ex, &quiet, &starter, NULL, 0),
	    EXERCISE_UNDECIDED);
	exercise_run_release(&starter);
	exercise_run_release(&busy);
	exercise_run_release(&quiet);
	exercise_run_release(&waits);
	exercise_run_release(&fast);
}
END_TEST

/*
 * The host's cores change speed under a guest that sees them all free:
 * an answer that computed in parallel but whose work cost 1.45 times the
 * starter's CPU time is undecided, not failed; a starter that ran on
 * slow cores cannot make a one-core answer pass; a parallel answer that
 * is slow at the starter's core speed fails, as does one doing twice
 * the work.
 */
START_TEST(time_claim_minds_the_speed_of_the_cores)
{
	struct lesson_excond c = cond("wall_ms", LESSON_EX_LE, 0.8, true,
	    NULL);
	struct lesson_exercise ex = one(&c);
	struct exercise_run starter = run_of(1200, 1200, 0, 1, 1, 1.95);
	struct exercise_run slow_start = run_of(1700, 1700, 0, 1, 1, 1.95);
	struct exercise_run slowed = run_of(1040, 1770, 0, 3, 3, 2.0);
	struct exercise_run even = run_of(1040, 1230, 0, 3, 3, 2.0);
	struct exercise_run one_core = run_of(1300, 1300, 0, 1, 1, 2.0);
	struct exercise_run twice = run_of(1040, 2100, 0, 3, 3, 2.0);
	struct exercise_run fast = run_of(700, 1230, 0, 3, 3, 2.0);
	char why[1024];

	ck_assert_int_eq(verdict(&ex, &slowed, &starter, why, sizeof why),
	    EXERCISE_UNDECIDED);
	ck_assert_msg(strstr(why, "1770") != NULL && strstr(why, "1200") !=
	    NULL, "reason: %s", why);
	ck_assert_int_eq(verdict(&ex, &even, &starter, NULL, 0),
	    EXERCISE_FAILS);
	ck_assert_int_eq(verdict(&ex, &twice, &starter, NULL, 0),
	    EXERCISE_FAILS);
	ck_assert_int_eq(verdict(&ex, &fast, &starter, NULL, 0),
	    EXERCISE_PASSES);
	ck_assert_int_eq(verdict(&ex, &one_core, &slow_start, NULL, 0),
	    EXERCISE_UNDECIDED);
	exercise_run_release(&starter);
	exercise_run_release(&slow_start);
	exercise_run_release(&slowed);
	exercise_run_release(&even);
	exercise_run_release(&one_core);
	exercise_run_release(&twice);
	exercise_run_release(&fast);
}
END_TEST

/* Counts are exact whatever the machine; the output is compared without
 * its trailing blank lines, with a string or the starter's. */
START_TEST(counts_and_output_are_exact)
{
	struct lesson_excond t = cond("threads", LESSON_EX_EQ, 1, false, NULL);
	struct lesson_excond o = cond("output", LESSON_EX_EQ, 0, false,
	    "counter: 20000");
	struct lesson_excond so = cond("output", LESSON_EX_EQ, 0, true, NULL);
	struct lesson_exercise ex = one(&t);
	struct exercise_run r = run_of(1000, 10, 0, 9, 1, 0.1);
	struct exercise_run s = run_of(1000, 10, 0, 1, 1, 2);
	char why[1024];

	ck_assert_int_eq(verdict(&ex, &r, NULL, NULL, 0), EXERCISE_FAILS);
	r.threads = 1;
	ck_assert_int_eq(verdict(&ex, &r, NULL, NULL, 0), EXERCISE_PASSES);
	ex = one(&o);
	free(r.out);
	r.out = xstrdup("counter: 19998\n");
	ck_assert_int_eq(verdict(&ex, &r, NULL, why, sizeof why),
	    EXERCISE_FAILS);
	ck_assert_msg(strstr(why, "'counter: 19998'") != NULL, "%s", why);
	free(r.out);
	r.out = xstrdup("counter: 20000\n\n");
	ck_assert_int_eq(verdict(&ex, &r, NULL, NULL, 0), EXERCISE_PASSES);
	ex = one(&so);
	free(s.out);
	s.out = xstrdup("counter: 20000\n");
	ck_assert_int_eq(verdict(&ex, &r, &s, NULL, 0), EXERCISE_PASSES);
	free(s.out);
	s.out = xstrdup("counter: 2\n");
	ck_assert_int_eq(verdict(&ex, &r, &s, NULL, 0), EXERCISE_FAILS);
	exercise_run_release(&r);
	exercise_run_release(&s);
}
END_TEST

/* A run ended at its limit fails, and says it never finished, even when
 * every condition would hold. */
START_TEST(timed_out_run_fails_saying_so)
{
	struct lesson_excond t = cond("threads", LESSON_EX_GE, 1, false, NULL);
	struct lesson_exercise ex = one(&t);
	struct exercise_run r = run_of(20000, 10, 0, 2, 1, 2);
	char why[1024];

	r.timed_out = true;
	ck_assert_int_eq(verdict(&ex, &r, NULL, why, sizeof why),
	    EXERCISE_FAILS);
	ck_assert_str_eq(why, "did not finish in 20 s: deadlocked?");
	exercise_run_release(&r);
}
END_TEST

/* The python3 on PATH, or NULL (the reason printed). */
static const char *
python3(void)
{
	const char *p = tracer_python();

	if (p == NULL)
		fputs("check_exercise: no python3 on PATH; the runs are not "
		    "tried\n", stderr);
	return p;
}

/* Writes `text` to a new temporary .py file; its path in `path`. */
static void
write_py(char *path, const char *text)
{
	int fd = mkstemps(path, 3);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/*
 * A program that prints more than the tail keeps, writes to stderr, then
 * starts a child and hangs: the run keeps the last 64 KiB, the stderr
 * line, ends at the limit, and the child goes with it.
 */
START_TEST(run_keeps_the_tail_and_ends_at_its_limit)
{
	char path[] = "/tmp/ts-ex-XXXXXX.py";
	struct exercise_run r;
	char *cause = NULL, *nl;
	long child;

	if (python3() == NULL)
		return;
	/* Unbuffered output is the run's doing, not the caller's. */
	unsetenv("PYTHONUNBUFFERED");
	write_py(path, "import subprocess, sys, time\n"
	    "for i in range(20000):\n"
	    "    print('line', i)\n"
	    "p = subprocess.Popen(['sleep', '60'])\n"
	    "print('child', p.pid, file=sys.stderr, flush=True)\n"
	    "print('end of output')  # no flush: unbuffered when captured\n"
	    "time.sleep(60)\n");
	ck_assert_int_eq(exercise_run_file(path, 1.5, NULL, NULL, &r, &cause),
	    0);
	ck_assert(r.timed_out);
	ck_assert_int_ne(r.exit_status, 0);
	ck_assert(r.wall_ms < 10000);
	ck_assert(r.out_cut);
	ck_assert_uint_eq(strlen(r.out), EXERCISE_TAIL_MAX);
	ck_assert_msg(strstr(r.out, "line 19999\nend of output\n") != NULL,
	    "the end of the output is kept");
	ck_assert_ptr_nonnull(strstr(r.err, "child "));
	child = strtol(strstr(r.err, "child ") + 6, &nl, 10);
	ck_assert_int_gt(child, 0);
	ck_assert_msg(kill((pid_t)child, 0) != 0 && errno == ESRCH,
	    "the program's child %ld was ended and reaped", child);
	exercise_run_release(&r);
	unlink(path);
}
END_TEST

/* A program that raises: its exit status and its traceback are kept,
 * and a graded run says the exit status condition failed. */
START_TEST(run_keeps_the_exit_status_and_traceback)
{
	char path[] = "/tmp/ts-ex-XXXXXX.py";
	struct lesson_excond c = cond("exit_status", LESSON_EX_EQ, 0, false,
	    NULL);
	struct lesson_exercise ex = one(&c);
	struct exercise_result res;
	char *cause = NULL;

	if (python3() == NULL)
		return;
	write_py(path, "print('before')\nraise ValueError('nope')\n");
	ck_assert_int_eq(exercise_check(&ex, path, NULL, NULL, NULL, &res,
	    &cause), 0);
	ck_assert_int_eq(res.run.exit_status, 1);
	ck_assert(!res.run.timed_out);
	ck_assert_str_eq(res.run.out, "before\n");
	ck_assert_ptr_nonnull(strstr(res.run.err, "Traceback"));
	ck_assert_ptr_nonnull(strstr(res.run.err, "ValueError: nope"));
	ck_assert_int_eq(res.verdict, EXERCISE_FAILS);
	ck_assert_int_eq(res.conds[0].verdict, GRADE_FAILS);
	exercise_result_release(&res);
	unlink(path);
}
END_TEST

/* What the watcher saw while a run went. */
struct watcher {
	struct exercise_live	*live;
	_Atomic int		 quit;
	int			 live_lanes;	/* most lanes seen while it ran */
	int			 tries, got;
};

/*
 * The screen's side, on a thread of its own: tries the lock often and
 * reads the log and the lane names whenever it gets it, as the exercise
 * screen draws them (ThreadSanitizer checks the two sides).
 */
static void *
watch_run(void *arg)
{
	struct watcher *w = arg;

	while (!atomic_load(&w->quit)) {
		w->tries++;
		if (exercise_live_trylock(w->live)) {
			const struct log *lg = w->live->log;

			w->got++;
			if (lg != NULL && w->live->end_ns == 0) {
				char name[TRACE_NAME_MAX];

				if (lg->nlanes > w->live_lanes)
					w->live_lanes = lg->nlanes;
				/* What the timeline reads: names, intervals. */
				for (int i = 0; i < lg->nlanes; i++) {
					memcpy(name, lg->trace->lanes[i].name,
					    sizeof name);
					(void)log_at(lg, i, clock_now_ns());
				}
			}
			exercise_live_unlock(w->live);
		}
		clock_sleep_ns(2000000);
	}
	return NULL;
}

/*
 * A watched run shows its lanes (named by the Python hook) to another
 * thread while it runs, and leaves its closed trace and log with the
 * watcher once it is over; the next run takes their place.
 */
START_TEST(watched_run_shows_its_lanes_and_keeps_them)
{
	char path[] = "/tmp/ts-ex-XXXXXX.py";
	struct exercise_live live;
	struct watcher w;
	struct exercise_run r;
	char *cause = NULL;
	pthread_t th;
	int named = 0;

	if (python3() == NULL)
		return;
	write_py(path, "import threading, time\n"
	    "ts = [threading.Thread(target=time.sleep, args=(0.6,),\n"
	    "      name=f'worker-{i}') for i in range(3)]\n"
	    "for t in ts: t.start()\n"
	    "for t in ts: t.join()\n");
	exercise_live_init(&live);
	memset(&w, 0, sizeof w);
	w.live = &live;
	ck_assert_int_eq(pthread_create(&th, NULL, watch_run, &w), 0);
	ck_assert_int_eq(exercise_run_file(path, 20, NULL, &live, &r, &cause),
	    0);
	atomic_store(&w.quit, 1);
	pthread_join(th, NULL);
	ck_assert_int_eq(r.exit_status, 0);
	ck_assert_int_eq(r.threads, 4);
	ck_assert_msg(w.live_lanes >= 1, "no lane seen while it ran (%d of "
	    "%d tries got the lock)", w.got, w.tries);
	/* Kept once over: closed, the tracer forgotten, all four lanes. */
	ck_assert_uint_eq(live.runs, 1);
	ck_assert_ptr_nonnull(live.log);
	ck_assert_ptr_null(live.tracer);
	ck_assert_uint_gt(live.end_ns, live.start_ns);
	ck_assert_int_eq(live.log->nlanes, 4);
	for (int i = 0; i < live.log->nlanes; i++)
		named += strncmp(live.trace->lanes[i].name, "worker-", 7) == 0;
	ck_assert_int_eq(named, 3);
	for (int i = 0; i < live.log->nlanes; i++)
		ck_assert_uint_ne(live.log->lanes[i].iv[live.log->lanes[i].niv -
		    1].end_ns, 0);
	exercise_run_release(&r);
	/* The next run takes the place of the first (ASan sees the old
	 * one freed once). */
	ck_assert_int_eq(exercise_run_file(path, 20, NULL, &live, &r, &cause),
	    0);
	ck_assert_uint_eq(live.runs, 2);
	ck_assert_int_eq(live.log->nlanes, 4);
	exercise_run_release(&r);
	exercise_live_release(&live);
	unlink(path);
}
END_TEST

/* `runs: 3` runs three times when each passes, and stops at a failure. */
START_TEST(runs_stop_at_the_first_failure)
{
	char path[] = "/tmp/ts-ex-XXXXXX.py", count[] = "/tmp/ts-exn-XXXXXX";
	struct lesson_excond c = cond("exit_status", LESSON_EX_EQ, 0, false,
	    NULL);
	struct lesson_exercise ex = one(&c);
	struct exercise_result res;
	char *cause = NULL, *text;
	int fd;

	if (python3() == NULL)
		return;
	ck_assert_int_ge(fd = mkstemp(count), 0);
	close(fd);
	/* Fails on its second run. */
	xasprintf(&text, "import sys\n"
	    "n = len(open('%s').read())\n"
	    "open('%s', 'a').write('x')\n"
	    "sys.exit(0 if n != 1 else 3)\n", count, count);
	write_py(path, text);
	free(text);
	ex.runs = 3;
	ck_assert_int_eq(exercise_check(&ex, path, NULL, NULL, NULL, &res,
	    &cause), 0);
	ck_assert_int_eq(res.verdict, EXERCISE_FAILS);
	ck_assert_int_eq(res.runs, 2);
	exercise_result_release(&res);
	/* Now every run passes: all three are made. */
	ck_assert_int_eq(exercise_check(&ex, path, NULL, NULL, NULL, &res,
	    &cause), 0);
	ck_assert_int_eq(res.verdict, EXERCISE_PASSES);
	ck_assert_int_eq(res.runs, 3);
	exercise_result_release(&res);
	unlink(path);
	unlink(count);
}
END_TEST

/* The workspace is made from the starter once and never overwritten. */
START_TEST(workspace_is_never_overwritten)
{
	char dir[] = "/tmp/ts-exws-XXXXXX", starter[] = "/tmp/ts-ex-XXXXXX.py";
	char *path, *cause = NULL, buf[64] = "", cmd[128];
	bool created;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("XDG_DATA_HOME", dir, 1);
	write_py(starter, "print('starter')\n");
	path = exercise_workspace("en", "race-lock");
	ck_assert_ptr_nonnull(path);
	ck_assert_msg(strstr(path, "/timeslice/exercises/en/race-lock.py") !=
	    NULL, "%s", path);
	ck_assert_ptr_null(exercise_workspace("en", "../x"));
	ck_assert_int_eq(exercise_workspace_create(path, starter, &created,
	    &cause), 0);
	ck_assert(created);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("mine\n", f);
	fclose(f);
	ck_assert_int_eq(exercise_workspace_create(path, starter, &created,
	    &cause), 0);
	ck_assert(!created);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(buf, sizeof buf, f));
	fclose(f);
	ck_assert_str_eq(buf, "mine\n");
	free(path);
	unlink(starter);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/*
 * A restore puts the starter back over the learner's file, and a graded
 * attempt is recorded in the progress under XDG_STATE_HOME.
 */
START_TEST(restore_and_record_reach_their_files)
{
	char dir[] = "/tmp/ts-exrs-XXXXXX", starter[] = "/tmp/ts-ex-XXXXXX.py";
	char path[256], state[256], buf[64] = "", cmd[128], *cause = NULL;
	char *w = NULL;
	struct progress p;
	const struct progress_exercise *e;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	write_py(starter, "print('starter')\n");
	snprintf(path, sizeof path, "%s/ws/race-lock.py", dir);
	snprintf(state, sizeof state, "%s/state", dir);
	setenv("XDG_STATE_HOME", state, 1);
	ck_assert_int_eq(exercise_workspace_restore(path, starter, &cause), 0);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("mine\n", f);
	fclose(f);
	ck_assert_int_eq(exercise_workspace_restore(path, starter, &cause), 0);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(buf, sizeof buf, f));
	fclose(f);
	ck_assert_str_eq(buf, "print('starter')\n");

	ck_assert_int_eq(exercise_record_attempt("race-lock", false, 1,
	    &cause), 0);
	ck_assert_int_eq(exercise_record_attempt("race-lock", true, 0,
	    &cause), 0);
	ck_assert_int_eq(progress_load(&p, NULL, &w), 0);
	ck_assert_ptr_null(w);
	e = progress_exercise(&p, "race-lock");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->attempts, 2);
	ck_assert_int_eq(e->hints, 1);
	ck_assert(e->done);
	progress_release(&p);
	unsetenv("XDG_STATE_HOME");
	unlink(starter);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *
exercise_suite(void)
{
	Suite *s = suite_create("exercise");
	TCase *tc;

	tc = tcase_create("grade");
	tcase_add_test(tc, cores_claim_needs_free_cores);
	tcase_add_test(tc, time_claim_blames_the_machine_only_when_it_could);
	tcase_add_test(tc, time_claim_minds_the_speed_of_the_cores);
	tcase_add_test(tc, counts_and_output_are_exact);
	tcase_add_test(tc, timed_out_run_fails_saying_so);
	suite_add_tcase(s, tc);
	tc = tcase_create("run");
	tcase_add_test(tc, run_keeps_the_tail_and_ends_at_its_limit);
	tcase_add_test(tc, run_keeps_the_exit_status_and_traceback);
	tcase_add_test(tc, runs_stop_at_the_first_failure);
	tcase_add_test(tc, watched_run_shows_its_lanes_and_keeps_them);
	suite_add_tcase(s, tc);
	tc = tcase_create("workspace");
	tcase_add_test(tc, workspace_is_never_overwritten);
	tcase_add_test(tc, restore_and_record_reach_their_files);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_main(exercise_suite());
}
