/*
 * bench_render.c - how long one timeline frame takes to render: 32 lanes
 * by 200 columns, from a synthetic GIL-like log (32 threads taking turns
 * in 0.5 ms slices for 10 s: some 80 000 intervals and 20 000 holds).
 *
 * Three views: the whole run fitted in 200 columns (every interval in
 * view: the worst case), a follow window of 200 ms at the end, and a
 * paused view with the cursor in the middle. Prints min, median and mean
 * per frame over many frames. Target: under 1 ms.
 *
 * Then the UI thread's share of one core at 30 frames/s while four
 * CPU-bound threads run: a demo driven headless (tick and draw into a
 * 200x50 canvas every 1/30 s, as app_run does, without curses). The real
 * program, terminal included, reports the same figure with
 *	TIMESLICE_UI_STATS=1 timeslice demo threads --workers 4 \
 *	    --units 2000 --unit-ms 5
 * (in a terminal; quit with q after the run and read the figure).
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/clock.h"
#include "trace/log.h"
#include "trace/trace.h"
#include "ui/app.h"
#include "ui/canvas.h"
#include "ui/demo.h"
#include "ui/timeline.h"

#define LANES 32
#define COLS 200
#define SLICE_NS 500000ull
#define SLOTS 20000
#define FRAMES 400

static void
push(struct trace *t, int lane, uint64_t ts, int type, int state, int cpu)
{
	struct trace_event e = { ts, 0, (uint8_t)type, (uint8_t)state,
	    (int16_t)cpu };

	if (trace_ring_push(&t->lanes[lane].ring, &e) != 0) {
		fprintf(stderr, "bench: ring full\n");
		exit(1);
	}
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Renders FRAMES frames with view `v` and prints the figures. */
static void
bench(const char *what, struct canvas *c, const struct log *lg,
    uint64_t origin, uint64_t now, const struct timeline_view *v0)
{
	static uint64_t ns[FRAMES];
	struct rect r = { 0, 0, c->w, c->h };
	uint64_t sum = 0;

	for (int i = 0; i < FRAMES; i++) {
		struct timeline_view v = *v0;
		uint64_t t0 = clock_now_ns();

		canvas_clear(c);
		timeline_draw(c, r, lg, origin, now, &v);
		ns[i] = clock_now_ns() - t0;
		sum += ns[i];
	}
	qsort(ns, FRAMES, sizeof ns[0], cmp_u64);
	printf("%-34s min %7.1f us  median %7.1f us  mean %7.1f us  %s\n",
	    what, (double)ns[0] / 1e3, (double)ns[FRAMES / 2] / 1e3,
	    (double)sum / FRAMES / 1e3,
	    ns[FRAMES / 2] < 1000000 ? "(< 1 ms: ok)" : "(OVER 1 ms)");
}

/*
 * The demo loop without a terminal: four CPU-bound threads, a frame
 * every 1/30 s, CPU time of this thread over the run.
 */
static int
bench_demo_loop(void)
{
	struct canvas *c = canvas_new(200, 50);
	struct params p;
	struct demo *d;
	uint64_t cpu0, wall0, cpu, wall, frames = 0;

	params_defaults(&p);
	p.workers = 4;
	p.units = 800;
	p.unit_ms = 5;
	p.baseline = false;
	d = demo_new(scenario_find("threads"), &p, DEMO_FULLSCREEN);
	cpu0 = clock_thread_cpu_ns();
	wall0 = clock_now_ns();
	while (demo_busy(d)) {
		demo_tick(d, clock_now_ns());
		canvas_clear(c);
		demo_draw(d, c, canvas_rect(c));
		frames++;
		clock_sleep_ns(1000000000ull / APP_FPS);
	}
	cpu = clock_thread_cpu_ns() - cpu0;
	wall = clock_now_ns() - wall0;
	printf("demo loop, 4 cpu threads, 200x50: ui thread %.1f ms cpu in "
	    "%.0f ms (%.2f%% of one core), %llu frames (%.1f/s)  %s\n",
	    (double)cpu / 1e6, (double)wall / 1e6,
	    100.0 * (double)cpu / (double)wall, (unsigned long long)frames,
	    (double)frames / ((double)wall / 1e9),
	    100.0 * (double)cpu / (double)wall < 3 ? "(< 3%: ok)" :
	    "(OVER 3%)");
	demo_free(d);
	canvas_free(c);
	return 0;
}

int
main(void)
{
	struct timeline_view v;
	struct canvas *c;
	struct trace *t;
	struct log lg;
	char *cause = NULL;
	uint64_t base = 1000000000ull, end;
	size_t nivs = 0;

	setlocale(LC_ALL, "C.UTF-8");
	if ((t = trace_new(1u << 16, &cause)) == NULL) {
		fprintf(stderr, "bench: %s\n", cause);
		return 1;
	}
	for (int i = 0; i < LANES; i++) {
		char name[32];

		snprintf(name, sizeof name, "thread %d", i + 1);
		trace_lane_add(t, name, TRACE_KIND_THREAD, i + 1);
		push(t, i, base, TRACE_EV_STATE, TRACE_LOCK_WAIT, 0);
	}
	log_init(&lg, t);
	for (int j = 0; j < SLOTS; j++) {
		int h = j % LANES, prev = (j + LANES - 1) % LANES, cpu = j % 2;
		uint64_t ts = base + (uint64_t)j * SLICE_NS + 1;

		if (j > 0) {
			push(t, prev, ts, TRACE_EV_RELEASE, 0, cpu);
			push(t, prev, ts, TRACE_EV_STATE, TRACE_LOCK_WAIT, cpu);
		}
		push(t, h, ts, TRACE_EV_STATE, TRACE_RUN, cpu);
		push(t, h, ts, TRACE_EV_ACQUIRE, 0, cpu);
		if (j % 1024 == 0)
			log_poll(&lg);
	}
	end = base + (uint64_t)SLOTS * SLICE_NS;
	for (int i = 0; i < LANES; i++)
		push(t, i, end, TRACE_EV_STATE, TRACE_DONE, 0);
	log_poll(&lg);
	log_close(&lg, end);
	for (int i = 0; i < LANES; i++)
		nivs += lg.lanes[i].niv;
	printf("log: %d lanes, %zu intervals, %zu holds, %.1f s\n", LANES,
	    nivs, lg.nholds, (double)(end - base) / 1e9);

	/* 32 lanes + GIL rows + 2 CPUs + axis, legend, cursor line. */
	c = canvas_new(COLS + 11, LANES + 2 + 2 + 4);

	timeline_view_init(&v);
	v.ncpus = 2;
	bench("fit: whole run in 200 columns", c, &lg, base, end, &v);

	timeline_view_init(&v);
	v.ncpus = 2;
	v.ns_per_col = 1000000;
	bench("follow: last 200 ms", c, &lg, base, end, &v);

	v.follow = false;
	v.start_ns = 4000000000ull;
	v.cursor = 100;
	v.selected = 5;
	bench("paused: cursor at 4.1 s", c, &lg, base, end, &v);

	c->color = false;
	timeline_view_init(&v);
	v.ncpus = 2;
	bench("fit, monochrome glyphs", c, &lg, base, end, &v);

	canvas_free(c);
	log_release(&lg);
	trace_free(t);
	return bench_demo_loop();
}
