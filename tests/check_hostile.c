/*
 * check_hostile.c - timeslice under hostile input and long runs.
 *
 * Options and conditions accept numbers in plain notation only; data never
 * reaches a terminal as control characters and JSON strings stay valid;
 * output that cannot be written is an error; and memory stays bounded:
 * a log keeps a window with exact totals of what scrolled out of it, a
 * ring hands read pages back, and a real run at the busiest settings a
 * lesson may ask for stops growing.
 */
#include <check.h>
#include <json-c/json.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/experiment.h"
#include "trace/export.h"
#include "trace/load.h"
#include "trace/log.h"
#include "trace/stats.h"
#include "testutil.h"
#include "util.h"

/*
 * A sanitizer's shadow memory (and ASan's quarantine) make resident sizes
 * say nothing about timeslice's own: the bounds are checked without one.
 */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define MEASURE_RSS 0
#else
#define MEASURE_RSS 1
#endif

/* util_fputs_safe(s) as a string. */
static char *
shown(const char *s)
{
	return util_safe_str(s);
}

/* True if s holds no C0 control, DEL, or C1 control as UTF-8. */
static int
clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 &&
		    p[1] < 0xa0))
			return 0;
	return 1;
}

START_TEST(counts_are_decimal_digits)
{
	const char *bad[] = { "1e1", "0x4", "+4", " 4", "4 ", "4.0", "inf",
	    "-1", "", NULL };
	const struct param_spec *w = params_find("workers");
	const struct param_spec *ms = params_find("unit-ms");
	const struct param_spec *seed = params_find("seed");
	struct params p;
	char *cause = NULL;

	params_defaults(&p);
	for (int i = 0; bad[i] != NULL; i++) {
		ck_assert_msg(params_set(&p, w, bad[i], &cause) == -1,
		    "--workers '%s' accepted", bad[i]);
		free(cause);
		cause = NULL;
	}
	ck_assert_int_eq(params_set(&p, w, "12", &cause), 0);
	ck_assert_int_eq(p.workers, 12);
	ck_assert_int_eq(params_set(&p, ms, "0x1p-3", &cause), -1);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(params_set(&p, ms, "2.5e1", &cause), 0);
	ck_assert(p.unit_ms == 25);
	/* Past 2^53 a double would round the seed. */
	ck_assert_int_eq(params_set(&p, seed, "999999999999999999", &cause), 0);
	ck_assert_uint_eq(p.seed, 999999999999999999ULL);
}
END_TEST

/*
 * Runs `timeslice check` on a lesson whose one prediction says `cond`,
 * its other choice the rest of the range. The file sits in a folder
 * named after its language, as the checker asks.
 */
static int
check_condition(const char *cond, char *err, size_t errcap)
{
	char dir[] = "/tmp/timeslice-cond-XXXXXX", sub[64], path[96];
	char out[4096];
	char *argv[] = { getenv("TIMESLICE_BIN"), "check", path, NULL };
	FILE *f;
	int rc;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/en", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(path, sizeof path, "%s/cond.md", sub);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "```lesson\nid: cond\nchapter: 1\ntitle: Cond\nlang: en\n"
	    "minutes: 5\n```\n\n# Cond\n\nText.\n\n```predict\nid: p\n"
	    "scenario: gil\nworkers: 2\nquestion: Which?\nexpect: %s\n"
	    "- [%s] Yes\n  why: Because.\n- [speedup < 0.9] No\n  why: No.\n"
	    "```\n", cond, cond);
	fclose(f);
	rc = tu_exec(argv, out, sizeof out, err, errcap);
	unlink(path);
	rmdir(sub);
	rmdir(dir);
	return rc;
}

START_TEST(conditions_refuse_inf)
{
	char err[4096];

	ck_assert_int_eq(check_condition("speedup >= 0.9", err, sizeof err), 0);
	ck_assert_int_eq(check_condition("speedup >= inf", err, sizeof err), 1);
	ck_assert_ptr_nonnull(strstr(err, "malformed condition"));
	ck_assert_int_eq(check_condition("speedup >= -inf", err, sizeof err), 1);
	ck_assert_int_eq(check_condition("speedup >= nan", err, sizeof err), 1);
}
END_TEST

START_TEST(controls_are_shown_not_sent)
{
	char *s = shown("\x1b[31mRED\x1b]0;pwned\x07");

	ck_assert(clean(s));
	ck_assert_str_eq(s, "\\x1b[31mRED\\x1b]0;pwned\\x07");
	free(s);
	/* UTF-8 text passes; C1 controls, DEL and stray bytes do not. */
	s = shown("caf\xc3\xa9 \xe2\x86\x92 \xc2\x9b\x7f\x9b\xc3");
	ck_assert(clean(s));
	ck_assert_str_eq(s, "caf\xc3\xa9 \xe2\x86\x92 \\u009b\\x7f\\x9b\\xc3");
	free(s);
	/* Overlong encodings are not what they seem. */
	s = shown("\xc0\x9b");
	ck_assert_str_eq(s, "\\xc0\\x9b");
	free(s);
}
END_TEST

START_TEST(json_strings_stay_valid)
{
	const char *names[] = { "\x1b[31mRED\x1b]0;pwned\x07", "a\"b\\c",
	    "caf\xc3\xa9", "\xc2\x9b\x7f", "\xff\xfe bad", "\xed\xa0\x80", NULL };

	for (int i = 0; names[i] != NULL; i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		json_object *o;

		json_string(f, names[i]);
		fclose(f);
		ck_assert_msg(clean(buf), "raw control in %s", buf);
		o = json_tokener_parse(buf);
		ck_assert_msg(o != NULL && json_object_is_type(o,
		    json_type_string), "not a JSON string: %s", buf);
		/* Valid UTF-8 without controls comes back unchanged. */
		if (i == 1 || i == 2)
			ck_assert_str_eq(json_object_get_string(o), names[i]);
		json_object_put(o);
		free(buf);
	}
}
END_TEST

START_TEST(unwritable_stdout_is_an_error)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (freopen("/dev/full", "w", stdout) == NULL)
			_exit(3);
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(3);
		printf("some output\n");
		_exit(util_close_stdout() == 0 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 1);
	pid = fork();
	if (pid == 0) {
		if (freopen("/dev/null", "w", stdout) == NULL)
			_exit(3);
		printf("some output\n");
		_exit(util_close_stdout() == 0 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

/* The first `cap` - 1 bytes of the file at `path`, as a string. */
static const char *
slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f != NULL) {
		n = fread(buf, 1, cap - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

/*
 * Runs `timeslice ARGS` with standard output closed and standard error
 * into `errpath`; returns its exit status.
 */
static int
run_stdout_closed(char *const argv[], const char *errpath)
{
	const char *bin = getenv("TIMESLICE_BIN");
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (freopen(errpath, "w", stderr) == NULL)
			_exit(99);
		close(1);
		execv(bin, argv);
		_exit(98);
	}
	waitpid(pid, &status, 0);
	ck_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/*
 * Standard output closed by the caller: --out still writes its file
 * and succeeds (the file must not take descriptor 1 and receive stray
 * output), while a report with nowhere to go is one plain error.
 */
START_TEST(closed_stdout_is_not_the_out_file)
{
	char dir[] = "/tmp/ts-closed-XXXXXX", out[64], errp[64], buf[4096];
	char *with_out[] = { "timeslice", "run", "sequential", "--units", "2",
	    "--no-baseline", "--out", out, NULL };
	char *to_stdout[] = { "timeslice", "run", "sequential", "--units",
	    "2", "--no-baseline", NULL };
	const char *text;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(out, sizeof out, "%s/run.txt", dir);
	snprintf(errp, sizeof errp, "%s/err", dir);
	ck_assert_int_eq(run_stdout_closed(with_out, errp), 0);
	ck_assert_str_eq(slurp(errp, buf, sizeof buf), "");
	ck_assert_ptr_nonnull(strstr(slurp(out, buf, sizeof buf),
	    "sequential"));
	ck_assert_int_eq(run_stdout_closed(to_stdout, errp), 1);
	text = slurp(errp, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(text, "standard output is closed"));
	/* One message, not one per layer that noticed. */
	ck_assert_ptr_null(strstr(strchr(text, '\n') + 1, "timeslice:"));
	unlink(out);
	unlink(errp);
	rmdir(dir);
}
END_TEST

/* A small deterministic generator. */
static uint64_t
rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* |got - want| within the histogram's error (and a nanosecond). */
static void
assert_near(double got, double want, const char *what)
{
	ck_assert_msg(fabs(got - want) <= want * LOG_HIST_ERROR + 1e-6,
	    "%s: %.6f, exactly %.6f", what, got, want);
}

START_TEST(histogram_percentiles_are_within_their_error)
{
	struct log_hist *h = calloc(1, sizeof *h);
	double *v = malloc(200000 * sizeof *v), *copy;
	uint64_t x = 88172645463325252ULL;
	double ps[] = { 1, 50, 90, 99, 100 };

	for (int i = 0; i < 200000; i++) {
		/* From nanoseconds to seconds, log-uniform. */
		uint64_t ns = (uint64_t)exp((double)(rnd(&x) % 20000) / 1000.0);

		log_hist_add(h, ns);
		v[i] = (double)ns;
	}
	copy = malloc(200000 * sizeof *copy);
	for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++) {
		memcpy(copy, v, 200000 * sizeof *v);
		assert_near(log_hist_percentile(h, ps[k]),
		    stats_percentile(copy, 200000, ps[k]), "percentile");
	}
	free(copy);
	free(v);
	free(h);
}
END_TEST

/* What a lane should report, kept beside the log as events are made. */
struct model {
	int		 state;
	uint64_t	 since;
	uint64_t	 ns[TRACE_STATE_COUNT];
	uint64_t	 switches;
	double		*waits;
	size_t		 nwaits;
};

/* The lane enters `st` at ts (as the log folds it). */
static void
model_state(struct model *m, int st, uint64_t ts)
{
	if (m->state == st)
		return;
	if (m->state != TRACE_NONE) {
		m->ns[m->state] += ts - m->since;
		if (m->state == TRACE_LOCK_WAIT)
			m->waits[m->nwaits++] = (double)(ts - m->since) / 1e6;
	}
	if (st == TRACE_RUN)
		m->switches++;
	m->state = st;
	m->since = ts;
}

/* Pushes one event, draining into the log whenever the ring is full. */
static void
push(struct trace *t, struct log *lg, int lane, uint64_t ts, int type,
    int state, uint32_t arg)
{
	struct trace_event ev = { ts, arg, (uint8_t)type, (uint8_t)state,
	    (int16_t)lane };

	while (trace_ring_push(&t->lanes[lane].ring, &ev) != 0)
		log_poll(lg);
}

/*
 * Two lanes passing a GIL back and forth for `steps` turns, far more
 * intervals than the log's window when steps is large: the figures must
 * be those of the whole run all the same.
 */
static void
check_window(int steps)
{
	struct trace *t = trace_new(1u << 12, NULL);
	struct model m[2];
	struct log lg;
	struct lane_stats ls;
	struct lock_stats lk;
	double *all;
	uint64_t ts = 1000000000ULL, x = 2463534242ULL;
	size_t nall = 0, held = 0;

	ck_assert_ptr_nonnull(t);
	memset(m, 0, sizeof m);
	for (int i = 0; i < 2; i++) {
		m[i].waits = calloc((size_t)steps, sizeof *m[i].waits);
		ck_assert_int_eq(trace_lane_add(t, i ? "b" : "a",
		    TRACE_KIND_THREAD, 1), i);
	}
	log_init(&lg, t);
	for (int k = 0; k < steps; k++) {
		int h = k % 2, o = 1 - h;
		uint64_t d = 1000 + rnd(&x) % 200000;

		push(t, &lg, h, ts, TRACE_EV_STATE, TRACE_RUN, 0);
		push(t, &lg, h, ts, TRACE_EV_ACQUIRE, TRACE_NONE, 0);
		model_state(&m[h], TRACE_RUN, ts);
		push(t, &lg, o, ts, TRACE_EV_STATE, TRACE_LOCK_WAIT, 0);
		model_state(&m[o], TRACE_LOCK_WAIT, ts);
		ts += d;
		push(t, &lg, h, ts, TRACE_EV_RELEASE, TRACE_NONE, 0);
		held++;
	}
	for (int i = 0; i < 2; i++) {
		push(t, &lg, i, ts, TRACE_EV_STATE, TRACE_DONE, 0);
		model_state(&m[i], TRACE_DONE, ts);
	}
	log_poll(&lg);
	log_close(&lg, ts);

	/* Bounded: the window, never the run. */
	ck_assert_uint_le(lg.lanes[0].civ + lg.lanes[1].civ, LOG_WINDOW_TOTAL);
	ck_assert_uint_le(lg.cholds, LOG_WINDOW_HOLDS);

	all = calloc((size_t)steps * 2, sizeof *all);
	for (int i = 0; i < 2; i++) {
		double *w = calloc(m[i].nwaits + 1, sizeof *w);

		stats_lane(&lg, i, ts, &ls);
		ck_assert_uint_eq(ls.state_ns[TRACE_RUN], m[i].ns[TRACE_RUN]);
		ck_assert_uint_eq(ls.state_ns[TRACE_LOCK_WAIT],
		    m[i].ns[TRACE_LOCK_WAIT]);
		ck_assert_uint_eq(ls.switches, m[i].switches);
		ck_assert_uint_eq(ls.lock_waits, m[i].nwaits);
		ck_assert_int_eq(ls.ncpus, 1);
		ck_assert_int_eq(ls.cpus[0], i);
		memcpy(w, m[i].waits, m[i].nwaits * sizeof *w);
		memcpy(all + nall, m[i].waits, m[i].nwaits * sizeof *w);
		nall += m[i].nwaits;
		if (lg.lanes[i].gone.intervals == 0) {
			/* Under the window: exact. */
			ck_assert(ls.wait_p50_ms == stats_percentile(w,
			    m[i].nwaits, 50));
		} else {
			assert_near(ls.wait_p50_ms, stats_percentile(w,
			    m[i].nwaits, 50), "lane p50");
			assert_near(ls.wait_p99_ms, stats_percentile(w,
			    m[i].nwaits, 99), "lane p99");
		}
		ck_assert(ls.wait_max_ms == w[m[i].nwaits - 1]);
		free(w);
	}
	stats_lock(&lg, &lk);
	ck_assert_uint_eq(lk.holds, held);
	ck_assert_uint_eq(lk.holder_changes, held - 1);
	ck_assert_uint_eq(lk.overlaps, 0);
	assert_near(lk.wait_p50_ms, stats_percentile(all, nall, 50), "lock p50");
	assert_near(lk.wait_p99_ms, stats_percentile(all, nall, 99), "lock p99");
	if (steps > (int)LOG_WINDOW_TOTAL)
		ck_assert_uint_gt(log_scrolled(&lg), 0);
	free(all);
	free(m[0].waits);
	free(m[1].waits);
	log_release(&lg);
	trace_free(t);
}

START_TEST(small_logs_are_exact)
{
	check_window(1000);
}
END_TEST

START_TEST(scrolled_logs_keep_exact_totals)
{
	check_window(3 * (int)LOG_WINDOW_TOTAL);
}
END_TEST

/* A field of /proc/self/status, in KiB. */
static long
status_kib(const char *field)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, field, strlen(field)) == 0)
			v = atol(line + strlen(field) + 1);
	fclose(f);
	return v;
}

START_TEST(rings_hand_read_pages_back)
{
	struct trace *t = trace_new(1u << 18, NULL);
	struct trace_event buf[1024];
	uint64_t next = 1, got = 1;
	long before, after;
	int lane;

	ck_assert_ptr_nonnull(t);
	/* Nine 4 MiB rings: more than a trace keeps resident. */
	for (int i = 0; i < 9; i++)
		lane = trace_lane_add(t, "w", TRACE_KIND_THREAD, 1);
	before = status_kib("RssShmem:");
	/* 16 rings' worth of events, in the order they were written. */
	for (int round = 0; round < 4096; round++) {
		for (int i = 0; i < 1000; i++) {
			struct trace_event ev = { next, 0, TRACE_EV_MARK, 0, 0 };

			ck_assert_int_eq(trace_ring_push(&t->lanes[lane].ring,
			    &ev), 0);
			next++;
		}
		for (size_t n; (n = trace_ring_drain(&t->lanes[lane].ring, buf,
		    1024)) > 0;)
			for (size_t k = 0; k < n; k++)
				ck_assert_uint_eq(buf[k].ts_ns, got++);
	}
	ck_assert_uint_eq(got, next);
	after = status_kib("RssShmem:");
	/* The kept 64 KiB, a batch and its pages; a whole ring is 4 MiB. */
	ck_assert_msg(after - before < 256, "ring stays at %ld KiB", after -
	    before);
	trace_free(t);
}
END_TEST

/* Resident bytes of this process (/proc/self/statm). */
static long
resident_bytes(void)
{
	long size = 0, res = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fscanf(f, "%ld %ld", &size, &res), 2);
	fclose(f);
	return res * sysconf(_SC_PAGESIZE);
}

struct stopper {
	_Atomic int	stop;
	long		rss_early, rss_late;
};

/* Notes the resident size at 2 s and at the end, then stops the run. */
static void *
stopper_main(void *arg)
{
	struct stopper *st = arg;

	sleep(2);
	st->rss_early = resident_bytes();
	sleep(6);
	st->rss_late = resident_bytes();
	atomic_store(&st->stop, 1);
	return NULL;
}

/*
 * The busiest run a lesson may ask for (64 threads passing the GIL every
 * 0.1 ms: the most intervals and holds a second) must stop growing: the
 * log's window (under 8 MiB) and the rings' kept pages (6 MiB) are all it
 * may add after its first seconds. Before the window it grew ~5 MB/s.
 */
START_TEST(busiest_run_stays_flat)
{
	const struct scenario *sc = scenario_find("gil");
	struct stopper st = { 0, 0, 0 };
	struct experiment ex;
	struct params p;
	pthread_t th;
	char *cause = NULL;

	params_defaults(&p);
	p.workers = 64;
	p.units = 100000;
	p.unit_ms = 1000;
	p.switch_interval_ms = 0.1;
	p.baseline = false;
	ck_assert_int_eq(pthread_create(&th, NULL, stopper_main, &st), 0);
	ck_assert_int_eq(experiment_run(&ex, sc, &p, &st.stop, &cause), 0);
	pthread_join(th, NULL);
	ck_assert(ex.interrupted);
	ck_assert_uint_gt(ex.lock.holds, 1000);
	ck_assert_msg(!MEASURE_RSS || st.rss_late - st.rss_early < (12L << 20),
	    "grew %ld KiB from second 2 to 8 (%llu events)",
	    (st.rss_late - st.rss_early) / 1024,
	    (unsigned long long)ex.log.events);
	experiment_release(&ex);
}
END_TEST

/* Writes `text` to a new temporary file; returns its path (free it). */
static char *
temp_trace(const char *text)
{
	char *path = strdup("/tmp/timeslice-hostile-XXXXXX");
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* load_chrome's message for `text`, which must be refused. */
static char *
load_error(const char *text)
{
	char *path = temp_trace(text), *title = NULL, *cause = NULL;
	struct trace *t = NULL;
	struct log lg;

	ck_assert_int_eq(load_chrome(path, &t, &lg, &title, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	unlink(path);
	free(path);
	return cause;
}

START_TEST(odd_traces_say_what_they_are)
{
	char *deep = calloc(1, 402), *big, *e;

	e = load_error("null");
	ck_assert_ptr_nonnull(strstr(e, "the file holds null"));
	free(e);
	e = load_error("  42 ");
	ck_assert_ptr_nonnull(strstr(e, "holds a number"));
	free(e);
	memset(deep, '[', 200);
	memset(deep + 200, ']', 200);
	e = load_error(deep);
	ck_assert_ptr_nonnull(strstr(e, "nested too deep"));
	free(e);
	/* One event of a megabyte is no event timeslice wrote. */
	big = calloc(1, (1u << 20) + 64);
	strcpy(big, "[{\"ph\":\"M\",\"name\":\"");
	memset(big + strlen(big), 'x', 1u << 20);
	strcat(big, "\"}]");
	e = load_error(big);
	ck_assert_ptr_nonnull(strstr(e, "traceEvents[0]: an event of"));
	free(e);
	free(big);
	free(deep);
}
END_TEST

/*
 * Replaying a 24 MiB trace stays under 4x the file plus a constant: the
 * file used to become a json-c tree of 23 times its size.
 */
START_TEST(replay_memory_is_bounded_by_the_file)
{
	char path[] = "/tmp/timeslice-big-XXXXXX";
	char *argv[] = { getenv("TIMESLICE_BIN"), "replay", "--format",
	    "text", path, NULL };
	int fd = mkstemp(path), status;
	FILE *f = fdopen(fd, "w");
	struct rusage ru;
	long size;
	pid_t pid;

	ck_assert_ptr_nonnull(f);
	fputs("{\"traceEvents\":[\n", f);
	for (int l = 0; l < 8; l++)
		fprintf(f, "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,"
		    "\"tid\":%d,\"args\":{\"name\":\"w%d\"}},\n", 10 + l, l);
	for (long n = 0; ftell(f) < (24L << 20); n++)
		fprintf(f, "{\"ph\":\"X\",\"name\":\"%s\",\"pid\":1,\"tid\":%ld,"
		    "\"ts\":%ld.5,\"dur\":1,\"args\":{\"cpu\":0}},\n",
		    (n / 8) % 2 ? "running" : "lock-wait", 10 + n % 8, n / 8 * 2);
	fputs("{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":1}]}\n", f);
	size = ftell(f);
	fclose(f);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (freopen("/dev/null", "w", stdout) == NULL)
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	ck_assert_int_eq(wait4(pid, &status, 0, &ru), pid);
	unlink(path);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_msg(!MEASURE_RSS || ru.ru_maxrss * 1024L < 4 * size +
	    (40L << 20), "peak %ld KiB for a file of %ld KiB", ru.ru_maxrss,
	    size / 1024);
}
END_TEST

static Suite *
hostile_suite(void)
{
	Suite *s = suite_create("hostile");
	TCase *in = tcase_create("input");
	TCase *mem = tcase_create("memory");

	tcase_add_test(in, counts_are_decimal_digits);
	tcase_add_test(in, conditions_refuse_inf);
	tcase_add_test(in, controls_are_shown_not_sent);
	tcase_add_test(in, json_strings_stay_valid);
	tcase_add_test(in, unwritable_stdout_is_an_error);
	tcase_add_test(in, closed_stdout_is_not_the_out_file);
	tcase_add_test(in, odd_traces_say_what_they_are);
	tcase_set_timeout(mem, 300);
	tcase_add_test(mem, histogram_percentiles_are_within_their_error);
	tcase_add_test(mem, small_logs_are_exact);
	tcase_add_test(mem, scrolled_logs_keep_exact_totals);
	tcase_add_test(mem, rings_hand_read_pages_back);
	tcase_add_test(mem, busiest_run_stays_flat);
	tcase_add_test(mem, replay_memory_is_bounded_by_the_file);
	suite_add_tcase(s, in);
	suite_add_tcase(s, mem);
	return s;
}

int
main(void)
{
	return tu_main(hostile_suite());
}
