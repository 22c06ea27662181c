/*
 * check_trace.c - the recorder and the log: rings keep order and count
 * what they drop, children record into the shared mapping, traces cost
 * memory only as they fill, the log turns events into abutting
 * intervals and non-overlapping holds, and time busy off the CPU is
 * told apart from running everywhere it is reported.
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trace/export.h"
#include "trace/load.h"
#include "trace/log.h"
#include "trace/stats.h"
#include "testutil.h"
#include "util.h"

/* Pushes a hand-made event with a fixed timestamp. */
static void
push(struct trace *t, int lane, uint64_t ts, int type, int state,
    uint32_t arg)
{
	struct trace_event ev = { ts, arg, (uint8_t)type, (uint8_t)state, 0 };

	trace_ring_push(&t->lanes[lane].ring, &ev);
}

/* Pushes n holds of lock 0 by `lane`, 2 ns each, every 4 ns from `ts`. */
static uint64_t
push_holds(struct trace *t, int lane, uint64_t ts, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++, ts += 4) {
		push(t, lane, ts, TRACE_EV_ACQUIRE, 0, 0);
		push(t, lane, ts + 2, TRACE_EV_RELEASE, 0, 0);
	}
	return ts;
}

START_TEST(full_ring_drops_and_counts)
{
	char *cause = NULL;
	struct trace *t = trace_new(16, &cause);
	struct trace_event out[64];
	int lane;

	ck_assert_ptr_nonnull(t);
	lane = trace_lane_add(t, "w", TRACE_KIND_THREAD, 1);
	for (int i = 0; i < 100; i++)
		trace_record(t, lane, TRACE_EV_MARK, TRACE_NONE, (uint32_t)i);
	ck_assert_uint_eq(trace_dropped(t), 84);
	ck_assert_uint_eq(trace_ring_drain(&t->lanes[lane].ring, out, 64), 16);
	/* What was kept is the oldest, in order: nothing silently replaced. */
	for (int i = 0; i < 16; i++)
		ck_assert_uint_eq(out[i].arg, (uint32_t)i);
	/* Once drained, the ring takes events again. */
	ck_assert_int_eq(trace_record(t, lane, TRACE_EV_MARK, TRACE_NONE, 7), 0);
	trace_free(t);
}
END_TEST

/* A lane's name is text whatever it was given: every exporter (SVG, JSON,
 * text) writes it as it is, and XML parsers reject a stray byte. */
START_TEST(lane_names_are_valid_utf8)
{
	char *cause = NULL;
	struct trace *t = trace_new(16, &cause);
	int lane;

	ck_assert_ptr_nonnull(t);
	lane = trace_lane_add(t, "w\xfe\xff-1", TRACE_KIND_THREAD, 1);
	ck_assert_str_eq(t->lanes[lane].name, "w?" "?-1");
	/* 30 ASCII bytes and a two-byte letter: the letter is left out
	 * whole rather than cut in half at TRACE_NAME_MAX. */
	lane = trace_lane_add(t, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xc3\xb1",
	    TRACE_KIND_THREAD, 1);
	ck_assert_uint_eq(strlen(t->lanes[lane].name), 30);
	trace_free(t);
}
END_TEST

struct producer_arg {
	struct trace	*t;
	int		 lane;
	uint32_t	 n;
};

static void *
producer(void *arg)
{
	struct producer_arg *pa = arg;

	for (uint32_t i = 0; i < pa->n; i++)
		trace_record(pa->t, pa->lane, TRACE_EV_MARK, TRACE_NONE, i);
	return NULL;
}

START_TEST(concurrent_reader_sees_every_event_in_order)
{
	char *cause = NULL;
	struct trace *t = trace_new(1024, &cause);
	struct producer_arg pa;
	pthread_t th;
	struct trace_event buf[256];
	uint64_t got = 0, last_ts = 0;
	long long last = -1;
	size_t n;

	pa.t = t;
	pa.lane = trace_lane_add(t, "p", TRACE_KIND_THREAD, 1);
	pa.n = 300000;
	ck_assert_int_eq(pthread_create(&th, NULL, producer, &pa), 0);
	for (;;) {
		int finished = got + trace_dropped(t) >= pa.n;

		n = trace_ring_drain(&t->lanes[pa.lane].ring, buf, 256);
		for (size_t k = 0; k < n; k++) {
			/* Strictly rising ids: lost events are gaps, never swaps. */
			ck_assert_int_gt((long long)buf[k].arg, last);
			ck_assert_uint_ge(buf[k].ts_ns, last_ts);
			last = buf[k].arg;
			last_ts = buf[k].ts_ns;
		}
		got += n;
		if (finished && n == 0)
			break;
	}
	pthread_join(th, NULL);
	ck_assert_uint_eq(got + trace_dropped(t), pa.n);
	trace_free(t);
}
END_TEST

START_TEST(children_record_into_the_shared_mapping)
{
	char *cause = NULL;
	struct trace *t = trace_new(256, &cause);
	struct log lg;
	int lanes[3];

	for (int i = 0; i < 3; i++)
		lanes[i] = trace_lane_add(t, "child", TRACE_KIND_PROCESS, i + 1);
	for (int i = 0; i < 3; i++) {
		pid_t pid = fork();

		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			trace_lane_bind(t, lanes[i]);
			trace_state(t, lanes[i], TRACE_RUN);
			trace_state(t, lanes[i], TRACE_DONE);
			_exit(0);
		}
	}
	for (int i = 0; i < 3; i++)
		wait(NULL);
	log_init(&lg, t);
	ck_assert_uint_eq(log_poll(&lg), 6);
	for (int i = 0; i < 3; i++) {
		int pid = atomic_load(&t->lanes[lanes[i]].pid);

		ck_assert_int_ne(pid, getpid());
		ck_assert_uint_eq(lg.lanes[lanes[i]].niv, 2);
		ck_assert_int_eq(lg.lanes[lanes[i]].iv[0].state, TRACE_RUN);
	}
	log_release(&lg);
	trace_free(t);
}
END_TEST

/* The system's commit charge (Committed_AS) in bytes. */
static long long
committed_bytes(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	long long kb = -1;

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "Committed_AS: %lld kB", &kb) == 1)
			break;
	fclose(f);
	ck_assert_int_ge(kb, 0);
	return kb * 1024;
}

/* vm.overcommit_memory: 0 heuristic, 1 always, 2 strict. */
static int
overcommit_mode(void)
{
	FILE *f = fopen("/proc/sys/vm/overcommit_memory", "r");
	int mode = 0;

	if (f != NULL) {
		if (fscanf(f, "%d", &mode) != 1)
			mode = 0;
		fclose(f);
	}
	return mode;
}

/*
 * A trace maps room for every lane's ring up front, hundreds of MB at
 * the size runs use, and a demo keeps several: the kernel must not
 * reserve it all. The commit charge is system-wide, so other programs
 * move it too; the smallest rise of three tries, against a limit far
 * below one trace's size, leaves them out.
 */
START_TEST(traces_do_not_reserve_their_whole_mapping)
{
	char *cause = NULL;
	long long rise = -1;
	size_t size = 0;

	/* Under strict overcommit the kernel ignores MAP_NORESERVE. */
	if (overcommit_mode() == 2)
		return;
	for (int attempt = 0; attempt < 3; attempt++) {
		struct trace *t[4];
		long long before = committed_bytes(), d;

		for (int i = 0; i < 4; i++) {
			t[i] = trace_new(EXPERIMENT_RING_EVENTS, &cause);
			ck_assert_msg(t[i] != NULL, "%s", cause);
		}
		d = committed_bytes() - before;
		size = t[0]->map_size;
		for (int i = 0; i < 4; i++)
			trace_free(t[i]);
		if (rise < 0 || d < rise)
			rise = d;
	}
	ck_assert_msg(rise < (long long)size / 8,
	    "4 traces of %zu MB raised the commit charge by %lld MB",
	    size >> 20, rise >> 20);
}
END_TEST

START_TEST(log_builds_abutting_intervals_and_holds)
{
	char *cause = NULL;
	struct trace *t = trace_new(64, &cause);
	struct log lg;
	struct lock_stats ls;
	struct lane_stats st;
	int a = trace_lane_add(t, "a", TRACE_KIND_THREAD, 1);
	int b = trace_lane_add(t, "b", TRACE_KIND_THREAD, 2);

	push(t, a, 100, TRACE_EV_STATE, TRACE_RUN, 0);
	push(t, a, 100, TRACE_EV_ACQUIRE, 0, 0);
	push(t, b, 110, TRACE_EV_STATE, TRACE_LOCK_WAIT, 0);
	push(t, a, 200, TRACE_EV_STATE, TRACE_LOCK_WAIT, 0);
	push(t, a, 200, TRACE_EV_RELEASE, 0, 0);
	push(t, b, 210, TRACE_EV_ACQUIRE, 0, 0);
	push(t, b, 210, TRACE_EV_STATE, TRACE_RUN, 0);
	push(t, b, 300, TRACE_EV_STATE, TRACE_DONE, 0);
	push(t, b, 300, TRACE_EV_RELEASE, 0, 0);
	log_init(&lg, t);
	log_poll(&lg);
	log_close(&lg, 400);
	ck_assert_uint_eq(lg.lanes[a].niv, 2);
	ck_assert_uint_eq(lg.lanes[a].iv[0].end_ns, 200);
	ck_assert_uint_eq(lg.lanes[a].iv[1].end_ns, 400);
	ck_assert_uint_eq(lg.nholds, 2);
	ck_assert_int_eq(lg.holds[0].lane, a);
	ck_assert_int_eq(lg.holds[1].lane, b);
	stats_lock(&lg, &ls);
	ck_assert_uint_eq(ls.overlaps, 0);
	ck_assert_uint_eq(ls.holder_changes, 1);
	stats_lane(&lg, b, 400, &st);
	ck_assert_uint_eq(st.state_ns[TRACE_LOCK_WAIT], 100);
	ck_assert_uint_eq(st.state_ns[TRACE_RUN], 90);
	ck_assert_ptr_eq(log_at(&lg, b, 250), &lg.lanes[b].iv[1]);
	ck_assert_ptr_null(log_at(&lg, b, 50));
	log_release(&lg);
	trace_free(t);
}
END_TEST

START_TEST(overlapping_holds_are_detected)
{
	char *cause = NULL;
	struct trace *t = trace_new(64, &cause);
	struct log lg;
	struct lock_stats ls;
	int a = trace_lane_add(t, "a", TRACE_KIND_THREAD, 1);
	int b = trace_lane_add(t, "b", TRACE_KIND_THREAD, 2);

	/* A broken lock: b acquires while a still holds it. */
	push(t, a, 100, TRACE_EV_ACQUIRE, 0, 0);
	push(t, a, 300, TRACE_EV_RELEASE, 0, 0);
	push(t, b, 200, TRACE_EV_ACQUIRE, 0, 0);
	push(t, b, 400, TRACE_EV_RELEASE, 0, 0);
	log_init(&lg, t);
	log_poll(&lg);
	stats_lock(&lg, &ls);
	ck_assert_uint_eq(ls.overlaps, 1);
	log_release(&lg);
	trace_free(t);
}
END_TEST

/*
 * b holds the lock from 100 to 101, then a holds it a window and a
 * quarter of times. b's release comes in the poll that brings a's holds,
 * or (`late`, as race.c records releases) in the poll after: either way,
 * whenever the window scrolls, none of a's holds overlaps b's.
 */
static void
holds_after_an_open_one(int late)
{
	char *cause = NULL;
	struct trace *t = trace_new(1u << 16, &cause);
	struct log lg;
	struct lock_stats ls;
	int a = trace_lane_add(t, "a", TRACE_KIND_THREAD, 1);
	int b = trace_lane_add(t, "b", TRACE_KIND_THREAD, 2);
	uint64_t n = LOG_WINDOW_HOLDS + LOG_WINDOW_HOLDS / 4;

	log_init(&lg, t);
	push(t, b, 100, TRACE_EV_ACQUIRE, 0, 0);
	if (!late) {
		log_poll(&lg);
		push(t, b, 101, TRACE_EV_RELEASE, 0, 0);
	}
	push_holds(t, a, 111, n);
	log_poll(&lg);
	if (late) {
		push(t, b, 101, TRACE_EV_RELEASE, 0, 0);
		log_poll(&lg);
	}
	ck_assert_uint_lt(lg.nholds, LOG_WINDOW_HOLDS);
	ck_assert_uint_gt(lg.holds_gone, 0);
	log_close(&lg, 200 + 4 * n);
	stats_lock(&lg, &ls);
	ck_assert_uint_eq(ls.overlaps, 0);
	ck_assert_uint_eq(ls.holds, n + 1);
	ck_assert_uint_eq(ls.holder_changes, 1);
	log_release(&lg);
	trace_free(t);
}

/*
 * A hold whose release comes in a later poll than its acquire is open
 * between the two, and lanes are drained one after the other: a poll that
 * brings more than a window of holds of one lane before the release of
 * another must not count them as overlapping it when the window scrolls.
 */
START_TEST(holds_scroll_only_between_polls)
{
	holds_after_an_open_one(0);
}
END_TEST

/*
 * A release recorded late (race.c records a release only when the lane
 * finds the lock taken) may reach the log after the window has had to
 * scroll past later holds of its lock: they must wait for it, not be
 * counted as overlapping a hold that only looked open.
 */
START_TEST(holds_wait_for_a_release_recorded_late)
{
	holds_after_an_open_one(1);
}
END_TEST

/*
 * A hold that stays open while four windows of holds of its lock go by
 * is held: they do go, each counted as overlapping it.
 */
START_TEST(holds_past_one_held_for_good_are_overlaps)
{
	char *cause = NULL;
	struct trace *t = trace_new(1u << 16, &cause);
	struct log lg;
	struct lock_stats ls;
	int a = trace_lane_add(t, "a", TRACE_KIND_THREAD, 1);
	int b = trace_lane_add(t, "b", TRACE_KIND_THREAD, 2);
	uint64_t chunk = LOG_WINDOW_HOLDS, n = 5 * chunk, ts = 111;

	log_init(&lg, t);
	push(t, b, 100, TRACE_EV_ACQUIRE, 0, 0);
	for (uint64_t done = 0; done < n; done += chunk) {
		ts = push_holds(t, a, ts, chunk);
		log_poll(&lg);
	}
	ck_assert_uint_gt(lg.holds_gone, 0);
	ck_assert_uint_lt(lg.nholds, 4 * (size_t)LOG_WINDOW_HOLDS +
	    LOG_WINDOW_HOLDS);
	log_close(&lg, ts + 10);
	stats_lock(&lg, &ls);
	ck_assert_uint_eq(ls.overlaps, n);
	log_release(&lg);
	trace_free(t);
}
END_TEST

START_TEST(out_of_order_events_are_counted)
{
	char *cause = NULL;
	struct trace *t = trace_new(64, &cause);
	struct log lg;
	int a = trace_lane_add(t, "a", TRACE_KIND_THREAD, 1);

	push(t, a, 100, TRACE_EV_STATE, TRACE_RUN, 0);
	push(t, a, 90, TRACE_EV_STATE, TRACE_IO, 0);
	log_init(&lg, t);
	log_poll(&lg);
	ck_assert_int_eq(lg.disorder, 1);
	log_release(&lg);
	trace_free(t);
}
END_TEST

/* Pushes a state event seen on `cpu`. */
static void
push_on(struct trace *t, int lane, uint64_t ts, int state, int cpu)
{
	struct trace_event ev = { ts, 0, TRACE_EV_STATE, (uint8_t)state,
	    (int16_t)cpu };

	trace_ring_push(&t->lanes[lane].ring, &ev);
}

/* The line of `text` that starts with `prefix`, or NULL (static copy). */
static const char *
line_of(const char *text, const char *prefix)
{
	static char line[512];

	for (const char *l = text; l != NULL && *l != '\0';
	    l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, prefix, strlen(prefix)) == 0) {
			snprintf(line, sizeof line, "%.*s",
			    (int)strcspn(l, "\n"), l);
			return line;
		}
	return NULL;
}

/*
 * Busy off the CPU is a state of its own: counted apart from running,
 * never a switch onto a CPU, never on a CPU row, named "busy" in Chrome
 * traces (and read back as busy), drawn '=' in text with a legend entry.
 */
START_TEST(busy_is_counted_apart_and_claims_no_cpu)
{
	char *cause = NULL, *text = NULL, *title = NULL;
	char path[] = "/tmp/timeslice-busy-XXXXXX";
	struct trace *t = trace_new(64, &cause), *back;
	struct log lg, lb;
	struct lane_stats st;
	size_t len = 0;
	FILE *f;
	int a = trace_lane_add(t, "cook", TRACE_KIND_THREAD, 1), fd, busy = 0;

	push_on(t, a, 1000000, TRACE_RUN, 0);
	push_on(t, a, 2000000, TRACE_BUSY, 1);
	push_on(t, a, 9000000, TRACE_RUN, 0);
	push_on(t, a, 10000000, TRACE_DONE, 0);
	log_init(&lg, t);
	log_poll(&lg);
	log_close(&lg, 10000000);
	stats_lane(&lg, a, 10000000, &st);
	ck_assert_uint_eq(st.state_ns[TRACE_RUN], 2000000);
	ck_assert_uint_eq(st.state_ns[TRACE_BUSY], 7000000);
	ck_assert_uint_eq(st.switches, 2);
	ck_assert_int_eq(st.ncpus, 1);
	ck_assert_int_eq(st.cpus[0], 0);
	ck_assert_str_eq(trace_state_name(TRACE_BUSY), "busy");
	ck_assert_int_eq(export_state_char(TRACE_BUSY), '=');

	f = open_memstream(&text, &len);
	export_text(f, &lg, 60);
	fclose(f);
	ck_assert_ptr_nonnull(line_of(text, "1 cook"));
	ck_assert_ptr_nonnull(strchr(line_of(text, "1 cook"), '='));
	ck_assert_ptr_nonnull(line_of(text, "  cpu 1"));
	ck_assert_ptr_null(strchr(line_of(text, "  cpu 1") + 7, '1'));
	ck_assert_ptr_nonnull(strchr(line_of(text, "  cpu 0") + 7, '1'));
	ck_assert_ptr_nonnull(strstr(text, "= busy off the CPU"));
	free(text);

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_int_eq(export_chrome(f, &lg, "busy"), 0);
	fclose(f);
	ck_assert_msg(load_chrome(path, &back, &lb, &title, &cause) == 0, "%s",
	    cause);
	unlink(path);
	for (size_t k = 0; k < lb.lanes[0].niv; k++)
		if (lb.lanes[0].iv[k].state == TRACE_BUSY)
			busy++;
	ck_assert_int_eq(busy, 1);
	free(title);
	log_release(&lb);
	trace_free(back);
	log_release(&lg);
	trace_free(t);
}
END_TEST

START_TEST(percentiles_use_nearest_rank)
{
	double v[] = { 5, 1, 4, 2, 3 };

	ck_assert_double_eq(stats_percentile(v, 5, 50), 3);
	ck_assert_double_eq(stats_percentile(v, 5, 99), 5);
	ck_assert_double_eq(stats_percentile(v, 0, 50), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("trace");
	TCase *ring = tcase_create("ring");
	TCase *log = tcase_create("log");

	tcase_add_test(ring, full_ring_drops_and_counts);
	tcase_add_test(ring, lane_names_are_valid_utf8);
	tcase_add_test(ring, concurrent_reader_sees_every_event_in_order);
	tcase_add_test(ring, children_record_into_the_shared_mapping);
	tcase_add_test(ring, traces_do_not_reserve_their_whole_mapping);
	tcase_add_test(log, log_builds_abutting_intervals_and_holds);
	tcase_add_test(log, overlapping_holds_are_detected);
	tcase_add_test(log, holds_scroll_only_between_polls);
	tcase_add_test(log, holds_wait_for_a_release_recorded_late);
	tcase_add_test(log, holds_past_one_held_for_good_are_overlaps);
	tcase_add_test(log, out_of_order_events_are_counted);
	tcase_add_test(log, percentiles_use_nearest_rank);
	tcase_add_test(log, busy_is_counted_apart_and_claims_no_cpu);
	suite_add_tcase(s, ring);
	suite_add_tcase(s, log);
	return tu_main(s);
}
