/*
 * check_timeline.c - the timeline view drawn from recorded traces with
 * fixed timestamps: golden files for several shapes, sizes and glyph
 * modes, and the behaviours the view promises (no short interval
 * vanishes, edges to the eighth of a column, nothing after now, what the
 * cursor says).
 *
 * The traces are recorded with trace_ring_push and made-up timestamps, so
 * every rendering is deterministic. Golden files live in tests/golden/;
 * TIMESLICE_UPDATE_GOLDEN=1 rewrites them from the current output (then
 * look at the diff before committing it).
 */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/log.h"
#include "trace/trace.h"
#include "ui/canvas.h"
#include "ui/timeline.h"
#include "testutil.h"

#define BASE_NS 1000000000ull
#define MS 1000000ull
#define US 1000ull
#define LABEL_COLS 11	/* "thread N" labels: 10 columns and a space */
#define GIL_COLS 12	/* with GIL rows: "GIL waiters" and a space */

struct fx {
	struct trace	*t;
	struct log	 lg;
};

/* Records one event at BASE_NS + ts into `lane`. */
static void
ev(struct trace *t, int lane, uint64_t ts, int type, int state,
    uint32_t arg, int cpu)
{
	struct trace_event e;

	e.ts_ns = BASE_NS + ts;
	e.arg = arg;
	e.type = (uint8_t)type;
	e.state = (uint8_t)state;
	e.cpu = (int16_t)cpu;
	ck_assert_int_eq(trace_ring_push(&t->lanes[lane].ring, &e), 0);
}

static void
state(struct trace *t, int lane, uint64_t ts, int st, int cpu)
{
	ev(t, lane, ts, TRACE_EV_STATE, st, 0, cpu);
}

static struct trace *
new_trace(void)
{
	char *cause = NULL;
	struct trace *t = trace_new(1024, &cause);

	ck_assert_msg(t != NULL, "%s", cause ? cause : "");
	return t;
}

/* Adds lanes "prefix 1".."prefix n". */
static void
add_lanes(struct trace *t, const char *prefix, int n, enum trace_kind kind)
{
	for (int i = 0; i < n; i++) {
		char name[TRACE_NAME_MAX];

		snprintf(name, sizeof name, "%s %d", prefix, i + 1);
		ck_assert_int_eq(trace_lane_add(t, name, kind, i + 1), i);
	}
}

/* Finishes a fixture: polls the rings into the log, closes it at `end`. */
static void
finish(struct fx *f, uint64_t end)
{
	log_init(&f->lg, f->t);
	ck_assert_uint_gt(log_poll(&f->lg), 0);
	if (end != 0)
		log_close(&f->lg, BASE_NS + end);
}

static void
fx_free(struct fx *f)
{
	log_release(&f->lg);
	trace_free(f->t);
}

/*
 * Four threads taking turns under a GIL in 5 ms slices for 80 ms: the
 * holder runs (CPU alternating between 0 and 1), the others wait.
 */
static void
shape_gil(struct fx *f)
{
	f->t = new_trace();
	add_lanes(f->t, "thread", 4, TRACE_KIND_THREAD);
	for (int l = 1; l < 4; l++)
		state(f->t, l, 0, TRACE_LOCK_WAIT, 0);
	for (int j = 0; j < 16; j++) {
		int h = j % 4, prev = (j + 3) % 4, cpu = j % 2;
		uint64_t ts = (uint64_t)j * 5 * MS;

		if (j > 0) {
			ev(f->t, prev, ts, TRACE_EV_RELEASE, 0, 0, cpu);
			state(f->t, prev, ts, TRACE_LOCK_WAIT, cpu);
		}
		state(f->t, h, ts, TRACE_RUN, cpu);
		ev(f->t, h, ts, TRACE_EV_ACQUIRE, 0, 0, cpu);
	}
	ev(f->t, 3, 80 * MS, TRACE_EV_RELEASE, 0, 0, 1);
	for (int l = 0; l < 4; l++)
		state(f->t, l, 80 * MS, TRACE_DONE, 0);
	finish(f, 80 * MS);
}

/* Three I/O-bound threads: run 2 ms, I/O 8 ms, phases 3 ms apart. */
static void
shape_io(struct fx *f)
{
	f->t = new_trace();
	add_lanes(f->t, "thread", 3, TRACE_KIND_THREAD);
	for (int l = 0; l < 3; l++) {
		uint64_t ts = (uint64_t)l * 3 * MS;

		while (ts < 60 * MS) {
			state(f->t, l, ts, TRACE_RUN, l % 2);
			state(f->t, l, ts + 2 * MS, TRACE_IO, l % 2);
			ts += 10 * MS;
		}
		state(f->t, l, 60 * MS, TRACE_DONE, 0);
	}
	finish(f, 60 * MS);
}

/* Two processes on two CPUs; the first finishes early. */
static void
shape_procs(struct fx *f)
{
	f->t = new_trace();
	add_lanes(f->t, "process", 2, TRACE_KIND_PROCESS);
	state(f->t, 0, 0, TRACE_RUN, 0);
	state(f->t, 1, 1 * MS, TRACE_RUN, 1);
	state(f->t, 0, 30 * MS, TRACE_DONE, 0);
	state(f->t, 1, 40 * MS, TRACE_DONE, 1);
	finish(f, 40 * MS);
}

/* Twelve tasks running one after another, 2 ms each. */
static void
shape_many(struct fx *f)
{
	f->t = new_trace();
	add_lanes(f->t, "task", 12, TRACE_KIND_TASK);
	for (int l = 0; l < 12; l++) {
		uint64_t ts = (uint64_t)l * 2 * MS;

		state(f->t, l, 0, TRACE_READY, 0);
		state(f->t, l, ts, TRACE_RUN, 0);
		state(f->t, l, ts + 2 * MS, TRACE_DONE, 0);
	}
	finish(f, 24 * MS);
}

#define TASKS 10000

/*
 * asyncio.gather of 10,000 sleeps of 10 ms, as the loop records it: all
 * ready at once, each running for a microsecond in turn (task i at i us)
 * and then sleeping 10 ms, waking in the same order and finishing.
 */
static void
shape_tasks(struct fx *f)
{
	f->t = new_trace();
	ck_assert_int_eq(trace_lane_add(f->t, "loop", TRACE_KIND_THREAD, 0),
	    0);
	for (int i = 0; i < TASKS; i++) {
		char name[TRACE_NAME_MAX];

		snprintf(name, sizeof name, "task %d", i + 1);
		ck_assert_int_eq(trace_lane_add(f->t, name, TRACE_KIND_TASK,
		    0), i + 1);
	}
	state(f->t, 0, 0, TRACE_RUN, 0);
	state(f->t, 0, TASKS * US, TRACE_IO, 0);
	state(f->t, 0, 10 * MS, TRACE_RUN, 0);
	state(f->t, 0, 10 * MS + (TASKS + 1) * US, TRACE_DONE, 0);
	for (int i = 0; i < TASKS; i++) {
		uint64_t at = (uint64_t)i * US;

		state(f->t, i + 1, 0, TRACE_READY, 0);
		state(f->t, i + 1, at, TRACE_RUN, 0);
		state(f->t, i + 1, at + US / 2, TRACE_IO, 0);
		state(f->t, i + 1, 10 * MS + at, TRACE_READY, 0);
		state(f->t, i + 1, 10 * MS + at + US / 4, TRACE_RUN, 0);
		state(f->t, i + 1, 10 * MS + at + US / 2, TRACE_DONE, 0);
	}
	finish(f, 10 * MS + (TASKS + 1) * US);
}

/* Renders a fixture into a fresh canvas. */
static struct canvas *
render(struct fx *f, int w, int h, bool unicode, bool color, uint64_t now,
    struct timeline_view *v)
{
	struct canvas *c = canvas_new(w, h);
	struct rect r = { 0, 0, w, h };

	c->unicode = unicode;
	c->color = color;
	timeline_draw(c, r, &f->lg, BASE_NS, BASE_NS + now, v);
	return c;
}

/* The golden form: the text, then the styles when colour matters. */
static char *
golden_form(const struct canvas *c)
{
	char *text = canvas_to_text(c), *styles = canvas_styles_text(c), *out;
	size_t n = strlen(text) + strlen(styles) + 32;

	out = malloc(n);
	ck_assert_ptr_nonnull(out);
	snprintf(out, n, "%s--- styles ---\n%s", text, styles);
	free(text);
	free(styles);
	return out;
}

/* Reads a whole file, or NULL. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

/* Compares a canvas with tests/golden/<name>.txt (or rewrites it). */
static void
golden(const char *name, const struct canvas *c)
{
	const char *src = getenv("TIMESLICE_SRCDIR"), *up;
	char path[4096], *got = golden_form(c), *want;

	snprintf(path, sizeof path, "%s/tests/golden/%s.txt", src ? src : "..",
	    name);
	up = getenv("TIMESLICE_UPDATE_GOLDEN");
	if (up != NULL && strcmp(up, "1") == 0) {
		FILE *f = fopen(path, "w");

		ck_assert_msg(f != NULL, "cannot write %s", path);
		fputs(got, f);
		fclose(f);
	}
	want = slurp(path);
	ck_assert_msg(want != NULL, "missing golden file %s", path);
	if (strcmp(got, want) != 0) {
		char actual[4200];
		FILE *f;

		snprintf(actual, sizeof actual, "%s.actual", name);
		if ((f = fopen(actual, "w")) != NULL) {
			fputs(got, f);
			fclose(f);
		}
		ck_abort_msg("%s differs from %s (actual output in %s):\n%s",
		    name, path, actual, got);
	}
	free(got);
	free(want);
}

/* One golden case: shape, size, modes, and optionally a fixed view. */
struct gcase {
	const char	*name;
	void		(*shape)(struct fx *);
	int		 w, h;
	bool		 unicode, color;
	uint64_t	 now;		/* 0: the end of the trace */
	uint64_t	 ns_per_col;	/* 0: fit */
	int		 cursor, selected;
};

static const struct gcase gcases[] = {
	{ "gil-color-80x16", shape_gil, 80, 16, true, true, 0, 0, -1, 0 },
	{ "gil-mono-80x16", shape_gil, 80, 16, true, false, 0, 0, -1, 0 },
	{ "gil-ascii-80x16", shape_gil, 80, 16, false, false, 0, 0, -1, 0 },
	{ "gil-cursor-120x14", shape_gil, 120, 14, true, true, 0, MS, 12, 1 },
	{ "gil-follow-60x14", shape_gil, 60, 14, true, true, 37 * MS + MS / 4,
	    MS, -1, 0 },
	{ "io-color-100x12", shape_io, 100, 12, true, true, 0, 0, -1, 0 },
	{ "io-mono-64x12", shape_io, 64, 12, true, false, 0, 0, -1, 0 },
	{ "procs-tiny-40x6", shape_procs, 40, 6, true, true, 0, 0, -1, 0 },
	{ "many-color-70x10", shape_many, 70, 10, true, true, 0, 0, -1, 0 },
	{ "many-ascii-70x20", shape_many, 70, 20, false, false, 0, 0, -1, 0 },
	{ "tasks-color-100x24", shape_tasks, 100, 24, true, true, 0, 0, -1,
	    0 },
	{ "tasks-ascii-100x16", shape_tasks, 100, 16, false, false, 0, 0, -1,
	    0 },
};

START_TEST(golden_renderings)
{
	const struct gcase *g = &gcases[_i];
	struct timeline_view v;
	struct canvas *c;
	struct fx f;

	g->shape(&f);
	timeline_view_init(&v);
	v.ncpus = 2;
	v.ns_per_col = g->ns_per_col;
	v.cursor = g->cursor;
	v.selected = g->selected;
	if (g->ns_per_col != 0) {
		v.follow = g->cursor < 0;
		v.start_ns = 0;
	}
	c = render(&f, g->w, g->h, g->unicode, g->color,
	    g->now ? g->now : log_last_ns(&f.lg) - BASE_NS, &v);
	golden(g->name, c);
	canvas_free(c);
	fx_free(&f);
}
END_TEST

/* A lane that is in I/O except for one microsecond of running. */
START_TEST(short_run_never_vanishes)
{
	struct timeline_view v;
	struct canvas *c;
	struct fx f;
	int runs = 0;

	f.t = new_trace();
	add_lanes(f.t, "thread", 1, TRACE_KIND_THREAD);
	state(f.t, 0, 0, TRACE_IO, 0);
	state(f.t, 0, 50 * MS, TRACE_RUN, 0);
	state(f.t, 0, 50 * MS + US, TRACE_IO, 0);
	state(f.t, 0, 100 * MS, TRACE_DONE, 0);
	finish(&f, 100 * MS);
	for (int mode = 0; mode < 3; mode++) {
		timeline_view_init(&v);
		c = render(&f, 60, 10, mode < 2, mode == 0, 100 * MS, &v);
		runs = 0;
		for (int x = 0; x < c->w; x++) {
			uint8_t s = canvas_at(c, x, 0)->style;

			if (s == CS_STATE(TRACE_RUN) ||
			    (s >= CS_EDGE_BASE && (s - CS_EDGE_BASE) /
			    TRACE_STATE_COUNT == TRACE_RUN))
				runs++;
		}
		ck_assert_msg(runs == 1, "mode %d: %d running cells", mode,
		    runs);
		canvas_free(c);
	}
	fx_free(&f);
}
END_TEST

/* Running for 3/8 of a column, then waiting, draws a 3/8 block. */
START_TEST(state_edge_to_the_eighth)
{
	struct timeline_view v;
	const struct canvas_cell *cell;
	struct canvas *c;
	struct fx f;

	f.t = new_trace();
	add_lanes(f.t, "thread", 1, TRACE_KIND_THREAD);
	state(f.t, 0, 0, TRACE_RUN, 0);
	state(f.t, 0, 3 * US, TRACE_LOCK_WAIT, 0);
	state(f.t, 0, 40 * US, TRACE_DONE, 0);
	finish(&f, 40 * US);
	timeline_view_init(&v);
	v.ns_per_col = 8 * US;

	c = render(&f, 40, 8, true, true, 40 * US, &v);
	cell = canvas_at(c, LABEL_COLS, 0);
	ck_assert_int_eq(cell->ch, L'▍');
	ck_assert_int_eq(cell->style, CS_EDGE(TRACE_RUN, TRACE_LOCK_WAIT));
	cell = canvas_at(c, LABEL_COLS + 1, 0);
	ck_assert_int_eq(cell->ch, L'█');
	ck_assert_int_eq(cell->style, CS_STATE(TRACE_LOCK_WAIT));
	canvas_free(c);

	c = render(&f, 40, 8, true, false, 40 * US, &v);
	ck_assert_int_eq(canvas_at(c, LABEL_COLS, 0)->ch, L'▍');
	ck_assert_int_eq(canvas_at(c, LABEL_COLS + 1, 0)->ch, L'░');
	canvas_free(c);

	c = render(&f, 40, 8, false, false, 40 * US, &v);
	ck_assert_int_eq(canvas_at(c, LABEL_COLS, 0)->ch, L'#');
	ck_assert_int_eq(canvas_at(c, LABEL_COLS + 1, 0)->ch, L'-');
	canvas_free(c);
	fx_free(&f);
}
END_TEST

/* With `now` in the middle of the trace, later columns stay blank. */
START_TEST(nothing_after_now)
{
	struct timeline_view v;
	struct canvas *c;
	struct fx f;

	shape_gil(&f);
	timeline_view_init(&v);
	v.ns_per_col = MS;
	v.follow = false;
	c = render(&f, 120, 14, true, true, 30 * MS, &v);
	for (int y = 0; y < 4; y++) {
		ck_assert_int_ne(canvas_at(c, GIL_COLS + 29, y)->ch, L' ');
		for (int x = GIL_COLS + 30; x < c->w; x++)
			ck_assert_int_eq(canvas_at(c, x, y)->ch, L' ');
	}
	canvas_free(c);
	fx_free(&f);
}
END_TEST

/*
 * A run longer than the log's window: the columns before the window are
 * blank, and the time labels' row says that what was there scrolled out
 * and still counts in the figures. A run inside the window says nothing.
 */
START_TEST(scrolled_out_start_is_said)
{
	uint32_t n = LOG_WINDOW_TOTAL + LOG_WINDOW_TOTAL / 2;
	struct timeline_view v;
	struct canvas *c;
	struct fx f;
	char *text;

	f.t = new_trace();
	add_lanes(f.t, "thread", 1, TRACE_KIND_THREAD);
	log_init(&f.lg, f.t);
	/* 10 us each, run and I/O by turns, polled as the ring fills. */
	for (uint32_t i = 0; i < n; i++) {
		state(f.t, 0, (uint64_t)i * 10000, i % 2 ? TRACE_IO : TRACE_RUN,
		    0);
		if (i % 512 == 511)
			log_poll(&f.lg);
	}
	log_poll(&f.lg);
	log_close(&f.lg, BASE_NS + (uint64_t)n * 10000);
	ck_assert_uint_gt(log_scrolled(&f.lg), 0);
	timeline_view_init(&v);
	c = render(&f, 120, 12, true, true, (uint64_t)n * 10000, &v);
	text = canvas_to_text(c);
	ck_assert_msg(strstr(text, "scrolled out of the window; the figures "
	    "count it") != NULL, "%s", text);
	free(text);
	canvas_free(c);
	fx_free(&f);

	shape_gil(&f);
	timeline_view_init(&v);
	c = render(&f, 120, 14, true, true, 80 * MS, &v);
	text = canvas_to_text(c);
	ck_assert_ptr_null(strstr(text, "scrolled out"));
	free(text);
	canvas_free(c);
	fx_free(&f);
}
END_TEST

/* The cursor line names the lane, the instant, the state and its length. */
START_TEST(cursor_says_what_and_how_long)
{
	struct timeline_view v;
	struct canvas *c;
	struct fx f;
	char *text;

	shape_gil(&f);
	timeline_view_init(&v);
	v.ns_per_col = MS;
	v.follow = false;
	v.cursor = 12;
	v.selected = 1;
	c = render(&f, 120, 14, true, true, 80 * MS, &v);
	text = canvas_to_text(c);
	ck_assert_msg(strstr(text, "thread 2 at 12.5ms: waiting for the GIL "
	    "for 15ms (from 10ms)") != NULL, "%s", text);
	/* Lock rows: lane 3 ('3') holds, three wait. */
	ck_assert_int_eq(canvas_at(c, GIL_COLS + 12, 4)->ch, L'3');
	ck_assert_int_eq(canvas_at(c, GIL_COLS + 12, 5)->ch, L'3');
	ck_assert_ptr_nonnull(strstr(text, "1ms/col"));
	free(text);
	canvas_free(c);

	v.selected = 2;		/* lane 3 runs on cpu 0 in slot 2 */
	c = render(&f, 120, 14, true, true, 80 * MS, &v);
	text = canvas_to_text(c);
	ck_assert_msg(strstr(text, "thread 3 at 12.5ms: running on cpu 0 for "
	    "5ms (from 10ms)") != NULL, "%s", text);
	free(text);
	canvas_free(c);
	fx_free(&f);
}
END_TEST

/* Drawing changes nothing in the log and gives the same cells twice. */
START_TEST(drawing_is_deterministic)
{
	struct timeline_view v1, v2;
	struct canvas *a, *b;
	char *ta, *tb;
	struct fx f;

	shape_io(&f);
	timeline_view_init(&v1);
	timeline_view_init(&v2);
	a = render(&f, 90, 12, true, true, 60 * MS, &v1);
	b = render(&f, 90, 12, true, true, 60 * MS, &v2);
	ta = golden_form(a);
	tb = golden_form(b);
	ck_assert_str_eq(ta, tb);
	ck_assert_uint_eq(v1.shown_ns_per_col, v2.shown_ns_per_col);
	ck_assert_int_eq(v1.shown_lanes, 3);
	free(ta);
	free(tb);
	canvas_free(a);
	canvas_free(b);
	fx_free(&f);
}
END_TEST

/* The text of row y of a canvas (allocated). */
static char *
row_text(const struct canvas *c, int y)
{
	char *all = canvas_to_text(c), *p = all, *nl, *out;

	for (int i = 0; i < y && p != NULL; i++)
		p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL;
	ck_assert_ptr_nonnull(p);
	nl = strchr(p, '\n');
	out = strndup(p, nl ? (size_t)(nl - p) : strlen(p));
	free(all);
	return out;
}

/* The row of a canvas that contains `needle`, or -1. */
static int
find_row(const struct canvas *c, const char *needle)
{
	for (int y = 0; y < c->h; y++) {
		char *t = row_text(c, y);
		int hit = strstr(t, needle) != NULL;

		free(t);
		if (hit)
			return y;
	}
	return -1;
}

/* Adds up "N word, M word" counts after the colon of a cursor line. */
static int
sum_counts(const char *line)
{
	const char *p = strchr(line, ':');
	int sum = 0;

	ck_assert_ptr_nonnull(p);
	while (*p != '\0') {
		if (*p >= '0' && *p <= '9') {
			int n = 0;

			for (; (*p >= '0' && *p <= '9') || *p == ','; p++)
				if (*p != ',')
					n = n * 10 + (*p - '0');
			sum += n;
		} else
			p++;
	}
	return sum;
}

START_TEST(thousands_of_lanes_are_summed_up)
{
	struct timeline_view v;
	struct canvas *c;
	struct fx f;
	int y, shown, at[] = { 5, 40, 70, 95 };

	shape_tasks(&f);
	for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
		char want[64], *line;

		timeline_view_init(&v);
		v.cursor = at[k];
		v.selected = TASKS;		/* the last task: a hidden one */
		c = render(&f, 120, 30, true, true,
		    log_last_ns(&f.lg) - BASE_NS, &v);
		shown = v.shown_lanes;
		ck_assert_int_gt(shown, 0);
		ck_assert_int_lt(shown, 30);
		/* One summary lane for every lane not drawn. */
		snprintf(want, sizeof want, "+%d,%03d more",
		    (TASKS + 1 - shown) / 1000, (TASKS + 1 - shown) % 1000);
		ck_assert_msg(find_row(c, want) >= 0, "no '%s'", want);
		/* The cursor line counts each hidden lane once, whatever
		 * state it is in at that column. */
		y = find_row(c, "more at");
		ck_assert_int_ge(y, 0);
		line = row_text(c, y);
		ck_assert_int_eq(sum_counts(line), TASKS + 1 - shown);
		free(line);
		canvas_free(c);
	}
	fx_free(&f);
}
END_TEST

/*
 * Short of rows, CPU rows give way until three lanes have a row; with
 * lanes_first (the exercise screen), until every lane has one.
 */
START_TEST(lanes_first_gives_every_lane_a_row_before_the_cpus)
{
	struct timeline_view v;
	struct canvas *c;
	struct fx f;

	shape_many(&f);
	timeline_view_init(&v);
	v.ncpus = 4;
	c = render(&f, 80, 15, true, true, 24 * MS, &v);
	ck_assert_int_ge(find_row(c, "cpu 3"), 0);
	ck_assert_int_ge(find_row(c, "more"), 0);
	ck_assert_int_lt(v.shown_lanes, 12);
	canvas_free(c);
	timeline_view_init(&v);
	v.ncpus = 4;
	v.lanes_first = true;
	c = render(&f, 80, 15, true, true, 24 * MS, &v);
	ck_assert_int_eq(v.shown_lanes, 12);
	ck_assert_int_lt(find_row(c, "more"), 0);
	ck_assert_int_ge(find_row(c, "task 12"), 0);
	ck_assert_int_lt(find_row(c, "cpu 3"), 0);
	canvas_free(c);
	fx_free(&f);
}
END_TEST

START_TEST(summary_rows_follow_the_states)
{
	struct timeline_view v;
	struct canvas *c;
	struct fx f;
	char *row;
	int y, x0;

	shape_tasks(&f);
	timeline_view_init(&v);
	c = render(&f, 120, 30, false, false, log_last_ns(&f.lg) - BASE_NS,
	    &v);
	/* In ASCII a count is a digit, tenths of the hidden lanes rounded
	 * up: all ready at first, nearly all asleep half way, all done at
	 * the end. */
	y = find_row(c, "  ready");
	ck_assert_int_ge(y, 0);
	row = row_text(c, y);
	x0 = (int)strspn(row + 2, "abcdefghijklmnopqrstuvwxyz ") + 2;
	ck_assert_int_eq(row[x0], '9');
	free(row);
	y = find_row(c, "  in I/O");
	ck_assert_int_ge(y, 0);
	row = row_text(c, y);
	ck_assert_ptr_nonnull(strchr(row + x0, '9'));
	ck_assert_ptr_null(strchr(row + x0, '0'));
	free(row);
	y = find_row(c, "  done");
	ck_assert_int_ge(y, 0);
	row = row_text(c, y);
	ck_assert_int_eq(row[strlen(row) - 1], '9');
	free(row);
	canvas_free(c);
	fx_free(&f);
}
END_TEST

/*
 * A bounded queue: the producer's and a consumer's count marks, recorded
 * in two rings and so read out of time order. The depth row shows, per
 * column, the highest depth the queue had in it, carried in from the
 * left when nothing changed; a log without count marks has no such row.
 */
START_TEST(counter_row_shows_the_highest_value_of_each_column)
{
	static const struct { int lane; uint64_t ts; int depth; } marks[] = {
		{ 0, 1500 * US, 1 }, { 0, 2200 * US, 2 }, { 0, 5500 * US, 2 },
		{ 1, 2600 * US, 1 }, { 1, 7500 * US, 1 }, { 1, 8200 * US, 0 },
	};
	struct timeline_view v;
	struct canvas *c;
	struct fx f;
	char *row;
	int y;

	f.t = new_trace();
	ck_assert_int_eq(trace_lane_add(f.t, "producer", TRACE_KIND_THREAD, 1),
	    0);
	ck_assert_int_eq(trace_lane_add(f.t, "consumer 1", TRACE_KIND_THREAD,
	    1), 1);
	state(f.t, 0, 0, TRACE_BUSY, -1);
	state(f.t, 1, 0, TRACE_IDLE, -1);
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		ev(f.t, marks[i].lane, marks[i].ts, TRACE_EV_MARK, TRACE_NONE,
		    TRACE_COUNT_MARK(TRACE_COUNTER_QUEUE, marks[i].depth), -1);
	state(f.t, 0, 10 * MS, TRACE_DONE, -1);
	state(f.t, 1, 10 * MS, TRACE_DONE, -1);
	finish(&f, 10 * MS);
	timeline_view_init(&v);
	v.ns_per_col = MS;
	v.follow = false;
	c = render(&f, 60, 14, false, false, 10 * MS, &v);
	ck_assert_int_ge(y = find_row(c, "queue depth"), 0);
	row = row_text(c, y);
	ck_assert_msg(strstr(row, " .12112221.") != NULL, "row: '%s'", row);
	free(row);
	canvas_free(c);
	fx_free(&f);

	shape_gil(&f);
	timeline_view_init(&v);
	c = render(&f, 120, 14, false, false, 80 * MS, &v);
	ck_assert_int_eq(find_row(c, "queue depth"), -1);
	canvas_free(c);
	fx_free(&f);
}
END_TEST

START_TEST(durations_read_well)
{
	char buf[32];

	ck_assert_str_eq(timeline_format_ns(buf, sizeof buf, 0, true), "0");
	ck_assert_str_eq(timeline_format_ns(buf, sizeof buf, 750, true),
	    "750ns");
	ck_assert_str_eq(timeline_format_ns(buf, sizeof buf, 12500, true),
	    "12.5µs");
	ck_assert_str_eq(timeline_format_ns(buf, sizeof buf, 12500, false),
	    "12.5us");
	ck_assert_str_eq(timeline_format_ns(buf, sizeof buf, 3250000, true),
	    "3.25ms");
	ck_assert_str_eq(timeline_format_ns(buf, sizeof buf, 1500000000ull,
	    true), "1.5s");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("timeline");
	TCase *tg = tcase_create("golden");
	TCase *tb = tcase_create("behaviour");

	setlocale(LC_ALL, "C.UTF-8");
	tcase_add_loop_test(tg, golden_renderings, 0,
	    (int)(sizeof gcases / sizeof gcases[0]));
	suite_add_tcase(s, tg);
	tcase_add_test(tb, short_run_never_vanishes);
	tcase_add_test(tb, state_edge_to_the_eighth);
	tcase_add_test(tb, nothing_after_now);
	tcase_add_test(tb, cursor_says_what_and_how_long);
	tcase_add_test(tb, drawing_is_deterministic);
	tcase_add_test(tb, durations_read_well);
	tcase_add_test(tb, counter_row_shows_the_highest_value_of_each_column);
	tcase_add_test(tb, thousands_of_lanes_are_summed_up);
	tcase_add_test(tb, summary_rows_follow_the_states);
	tcase_add_test(tb, lanes_first_gives_every_lane_a_row_before_the_cpus);
	tcase_add_test(tb, scrolled_out_start_is_said);
	suite_add_tcase(s, tb);
	return tu_main(s);
}
