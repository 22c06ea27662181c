/*
 * demo.c - the live demo object: runs, baseline, playhead, keys, layout.
 *
 * A run is a runner thread, its trace and an experiment whose log the UI
 * thread polls. Runs being stopped wait in a short list until their
 * runner says it is done, so joining them never blocks a frame. The
 * baseline (the same work on one thread) runs after the scenario has
 * finished, never beside it, so it does not steal the CPUs being measured;
 * its wall time is cached per amount of work, since the number of workers
 * does not change it.
 *
 * What is drawn follows a playhead: time since the start of the run that
 * the picture shows. Live, it tracks the newest events; paused, it stays;
 * in slow motion it advances slower than the clock (replaying what was
 * recorded); home sends it back to zero for a replay.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/runner.h"
#include "engine/work.h"
#include "trace/export.h"
#include "ui/demo.h"
#include "ui/timeline.h"
#include "util.h"

#define DEMO_MAX_OLD 8
#define DEMO_STATS_NS 250000000ull	/* live stats refresh */
#define DEMO_MSG_NS 8000000000ull	/* messages stay this long */
#define DEMO_STATS_W 32			/* the stats column, when beside */
#define DEMO_STATS_WIDE 48		/* ... on a terminal of 160+ columns */

struct demo_run {
	struct runner		 rn;
	struct trace		*trace;
	struct experiment	*ex;		/* log and figures */
	bool			 baseline;	/* the sequential run */
	bool			 joined;
	uint64_t		 started_ns;
};

struct demo {
	const struct scenario	*sc;
	struct params		 p;
	int			 flags;

	struct demo_run		*cur;		/* the run shown */
	struct demo_run		*bl;		/* its baseline, running */
	struct demo_run		*old[DEMO_MAX_OLD];	/* stopping */
	int			 nold;
	bool			 restart_pending;
	bool			 failed;	/* cur could not run */

	/* Baselines measured, by the work they did. */
	struct {
		struct params	 p;
		uint64_t	 wall_ns;
	}			 bl_cache[8];
	int			 nbl_cache;

	/* The view. */
	struct timeline_view	 view;
	bool			 zoomed;	/* zoomed or scrolled */
	bool			 paused;
	double			 speed;
	uint64_t		 playhead;	/* ns since the origin */
	uint64_t		 est_ns;	/* expected length of the run */
	uint64_t		 now;		/* last tick */
	bool			 help;
	char			 msg[256];
	uint8_t			 msg_style;
	uint64_t		 msg_at;

	/*
	 * Live figures, refreshed a few times a second while running and
	 * not paused (a paused picture must not move at all).
	 */
	struct lane_stats	 live[TRACE_MAX_LANES];
	uint64_t		 live_at;
	uint64_t		 live_events, live_dropped, live_changes;
	bool			 live_dirty;	/* refresh once, paused */
	bool			 place_cursor;	/* put it at the playhead */

	/* A recorded run shown instead of a live one (demo_new_replay). */
	bool			 replay;
	char			 title[96];
	struct scenario		 replay_sc;

	/* UI cost while runs go. */
	uint64_t		 ui_cpu_ns, ui_wall_ns, ui_frames;
	uint64_t		 last_cpu;
};

static void	cursor_to_playhead(struct demo *);

/* Speeds slow motion cycles through. */
static const double speeds[] = { 1.0, 0.25, 0.05 };
/* Switch intervals the i and I keys step through, in ms. */
static const double intervals[] = { 0.5, 1, 2, 5, 10, 20, 50 };

/* Sets the message line. */
static void
demo_msg(struct demo *d, uint8_t style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
demo_msg(struct demo *d, uint8_t style, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	d->msg_style = style;
	d->msg_at = d->now;
}

/* Starts `sc` with `p` on a runner; NULL with *cause when it cannot. */
static struct demo_run *
run_start(const struct scenario *sc, const struct params *p, bool baseline,
    char **cause)
{
	struct demo_run *run = xcalloc(1, sizeof *run);

	if ((run->trace = trace_new(baseline ? 1024 : EXPERIMENT_RING_EVENTS,
	    cause)) == NULL) {
		free(run);
		return NULL;
	}
	run->ex = xcalloc(1, sizeof *run->ex);
	run->ex->scenario = sc;
	run->ex->params = *p;
	run->ex->trace = run->trace;
	log_init(&run->ex->log, run->trace);
	run->baseline = baseline;
	run->started_ns = clock_now_ns();
	if (runner_start(&run->rn, sc, p, run->trace, cause) != 0) {
		log_release(&run->ex->log);
		trace_free(run->trace);
		free(run->ex);
		free(run);
		return NULL;
	}
	return run;
}

/* Joins (if needed) and frees a run; the runner must be done or stopped. */
static void
run_free(struct demo_run *run)
{
	if (run == NULL)
		return;
	if (!run->joined) {
		runner_join(&run->rn);
		free(run->rn.cause);
	}
	log_release(&run->ex->log);
	trace_free(run->trace);
	free(run->ex);
	free(run);
}

/* Asks a run to stop and parks it until its runner has finished. */
static void
run_retire(struct demo *d, struct demo_run *run)
{
	if (run == NULL)
		return;
	if (run->joined) {
		run_free(run);
		return;
	}
	runner_stop(&run->rn);
	if (d->nold == DEMO_MAX_OLD) {
		/* Too many at once: wait for this one here. */
		run_free(run);
		return;
	}
	d->old[d->nold++] = run;
}

/* Collects parked runs whose runner has returned. */
static void
reap_old(struct demo *d)
{
	for (int i = 0; i < d->nold; i++)
		if (runner_done(&d->old[i]->rn)) {
			run_free(d->old[i]);
			d->old[i--] = d->old[--d->nold];
		}
}

/* The parameters the sequential baseline uses, or -1 when it has none. */
static int
baseline_params(const struct demo *d, struct params *bp)
{
	*bp = d->p;
	if (!d->p.baseline)
		return -1;
	if (d->sc->baseline != NULL && d->sc->baseline(bp) != 0)
		return -1;
	return 0;
}

/* Whether two parameter sets make the same sequential work. */
static bool
same_work(const struct params *a, const struct params *b)
{
	return a->work == b->work && a->units == b->units &&
	    a->unit_ms == b->unit_ms && a->cores == b->cores &&
	    a->seed == b->seed;
}

/* Gives the finished run its speedup from a baseline wall time. */
static void
apply_baseline(struct demo *d, uint64_t wall_ns)
{
	struct experiment *ex = d->cur->ex;

	ex->has_baseline = true;
	ex->baseline_wall_ns = wall_ns;
	ex->speedup = ex->wall_ns > 0 ? (double)wall_ns / (double)ex->wall_ns :
	    0;
}

/* After a run: use a cached baseline or start measuring one. */
static void
want_baseline(struct demo *d)
{
	const struct scenario *seq = scenario_find("sequential");
	struct params bp;
	char *cause = NULL;

	if (baseline_params(d, &bp) != 0 || seq == NULL)
		return;
	for (int i = 0; i < d->nbl_cache; i++)
		if (same_work(&d->bl_cache[i].p, &bp)) {
			apply_baseline(d, d->bl_cache[i].wall_ns);
			return;
		}
	if ((d->bl = run_start(seq, &bp, true, &cause)) == NULL) {
		demo_msg(d, CS_WARN, "no baseline: %s", cause);
		free(cause);
	}
}

/* Estimates how long a run takes, so the live view can fix its scale. */
static uint64_t
estimate_ns(const struct demo *d)
{
	const char *n = d->sc->name;
	double cpu_ms, io_ms, par_cpu, par_io, ms;
	int cpus = work_online_cpus();

	if (d->p.cores > 0 && d->p.cores < cpus)
		cpus = d->p.cores;
	work_split(d->p.work, d->p.unit_ms, &cpu_ms, &io_ms);
	par_cpu = d->p.workers < cpus ? d->p.workers : cpus;
	par_io = d->p.workers;
	if (strcmp(n, "gil") == 0 || strcmp(n, "coroutines") == 0 ||
	    strcmp(n, "convoy") == 0)
		par_cpu = 1;
	else if (strcmp(n, "sequential") == 0)
		par_cpu = par_io = 1;
	else if (strcmp(n, "threads") != 0 && strcmp(n, "processes") != 0)
		return 0;	/* unknown shape: fit as it grows */
	if (par_cpu < 1)
		par_cpu = 1;
	ms = d->p.units * (cpu_ms / par_cpu + io_ms / par_io) * 1.1;
	return (uint64_t)(ms * 1e6);
}

/* Really starts a run now that no old one is in the way. */
static void
start_now(struct demo *d)
{
	char *cause = NULL;

	d->restart_pending = false;
	d->failed = false;
	d->playhead = 0;
	d->live_at = 0;
	d->est_ns = estimate_ns(d);
	if (!d->zoomed) {
		d->view.follow = true;
		d->view.ns_per_col = 0;
	}
	d->view.ncpus = work_online_cpus();
	if ((d->cur = run_start(d->sc, &d->p, false, &cause)) == NULL) {
		d->failed = true;
		demo_msg(d, CS_ERROR, "%s: %s", d->sc->name, cause);
		free(cause);
	}
}

/*
 * Retires the runs in progress and starts anew at once, or on a later tick
 * when an old run is still winding down.
 */
void
demo_restart(struct demo *d)
{
	if (d->replay) {
		d->playhead = 0;
		d->paused = false;
		return;
	}
	run_retire(d, d->cur);
	run_retire(d, d->bl);
	d->cur = d->bl = NULL;
	d->restart_pending = true;
	reap_old(d);
	if (d->nold == 0)
		start_now(d);
}

struct demo *
demo_new(const struct scenario *sc, const struct params *p, int flags)
{
	struct demo *d = xcalloc(1, sizeof *d);

	d->sc = sc;
	d->p = *p;
	d->flags = flags;
	d->speed = 1.0;
	d->now = clock_now_ns();
	d->last_cpu = clock_thread_cpu_ns();
	timeline_view_init(&d->view);
	d->view.ncpus = work_online_cpus();
	if (!(flags & DEMO_NO_START))
		demo_restart(d);
	return d;
}

struct demo *
demo_new_replay(struct trace *t, struct log *lg, const char *title, int flags)
{
	struct demo *d = xcalloc(1, sizeof *d);
	struct demo_run *run = xcalloc(1, sizeof *run);
	struct experiment *ex;

	d->replay = true;
	snprintf(d->title, sizeof d->title, "a recorded run of %s",
	    title != NULL && *title != '\0' ? title : "an experiment");
	d->replay_sc.name = "replay";
	d->replay_sc.summary = d->title;
	d->replay_sc.models = "exactly what was recorded";
	d->sc = &d->replay_sc;
	params_defaults(&d->p);
	d->flags = flags | DEMO_FIXED;
	d->speed = 1.0;
	d->now = clock_now_ns();
	d->last_cpu = clock_thread_cpu_ns();
	timeline_view_init(&d->view);

	/* The trace and log move in; the run is over before it is shown. */
	ex = run->ex = xcalloc(1, sizeof *run->ex);
	run->trace = t;
	run->joined = true;
	ex->scenario = d->sc;
	ex->params = d->p;
	ex->trace = t;
	ex->log = *lg;
	memset(lg, 0, sizeof *lg);
	ex->result.start_ns = log_first_ns(&ex->log);
	ex->result.end_ns = log_last_ns(&ex->log);
	run->started_ns = ex->result.start_ns;
	experiment_finish(ex);
	d->cur = run;
	return d;
}

/* Stops everything first so that the runs wind down together, then joins. */
void
demo_free(struct demo *d)
{
	if (d == NULL)
		return;
	/* Ask every run to stop first, so they wind down together. */
	if (d->cur != NULL && !d->cur->joined)
		runner_stop(&d->cur->rn);
	if (d->bl != NULL && !d->bl->joined)
		runner_stop(&d->bl->rn);
	run_free(d->cur);
	run_free(d->bl);
	for (int i = 0; i < d->nold; i++)
		run_free(d->old[i]);
	free(d);
}

bool
demo_busy(const struct demo *d)
{
	return d->restart_pending || (d->cur != NULL && !d->cur->joined) ||
	    d->bl != NULL;
}

const struct experiment *
demo_result(const struct demo *d)
{
	if (d->cur == NULL || !d->cur->joined || d->failed)
		return NULL;
	return d->cur->ex;
}

const struct scenario *
demo_scenario(const struct demo *d)
{
	return d->sc;
}

const struct params *
demo_params(const struct demo *d)
{
	return &d->p;
}

void
demo_ui_stats(const struct demo *d, uint64_t *cpu_ns, uint64_t *wall_ns,
    uint64_t *frames)
{
	*cpu_ns = d->ui_cpu_ns;
	*wall_ns = d->ui_wall_ns;
	*frames = d->ui_frames;
}

/* Time zero of the picture: the first event, or when the run started. */
static uint64_t
origin_ns(const struct demo *d)
{
	uint64_t first;

	if (d->cur == NULL)
		return d->now;
	first = log_first_ns(&d->cur->ex->log);
	if (d->cur->joined && d->cur->ex->result.start_ns != 0 &&
	    (first == 0 || d->cur->ex->result.start_ns < first))
		first = d->cur->ex->result.start_ns;
	return first != 0 ? first : d->cur->started_ns;
}

/* The newest instant with data: now while running, the end once over. */
static uint64_t
data_end_ns(const struct demo *d)
{
	const struct experiment *ex;
	uint64_t end;

	if (d->cur == NULL)
		return d->now;
	if (!d->cur->joined)
		return d->now;
	ex = d->cur->ex;
	end = log_last_ns(&ex->log);
	if (ex->result.end_ns > end)
		end = ex->result.end_ns;
	return end;
}

/* Notices a finished runner: figures, baseline, or the failure. */
static void
collect_cur(struct demo *d)
{
	struct demo_run *run = d->cur;
	int rc;

	if (run == NULL || run->joined || !runner_done(&run->rn))
		return;
	rc = runner_join(&run->rn);
	run->joined = true;
	run->ex->result = run->rn.result;
	if (rc != 0) {
		d->failed = true;
		demo_msg(d, CS_ERROR, "%s: %s", d->sc->name, run->rn.cause ?
		    run->rn.cause : "the run failed");
		free(run->rn.cause);
		run->rn.cause = NULL;
		log_poll(&run->ex->log);
		return;
	}
	experiment_finish(run->ex);
	run->ex->interrupted = trace_stopping(run->trace);
	want_baseline(d);
}

/* Notices a finished baseline and gives its figure to the run. */
static void
collect_baseline(struct demo *d)
{
	struct demo_run *bl = d->bl;
	uint64_t wall;
	int rc;

	if (bl == NULL || !runner_done(&bl->rn))
		return;
	rc = runner_join(&bl->rn);
	bl->joined = true;
	if (rc != 0) {
		demo_msg(d, CS_WARN, "no baseline: %s", bl->rn.cause ?
		    bl->rn.cause : "the sequential run failed");
		free(bl->rn.cause);
		bl->rn.cause = NULL;
	} else {
		wall = bl->rn.result.end_ns - bl->rn.result.start_ns;
		if (d->nbl_cache == (int)(sizeof d->bl_cache /
		    sizeof d->bl_cache[0]))
			d->nbl_cache = 0;
		d->bl_cache[d->nbl_cache].p = bl->ex->params;
		d->bl_cache[d->nbl_cache].wall_ns = wall;
		d->nbl_cache++;
		if (d->cur != NULL && d->cur->joined && !d->failed)
			apply_baseline(d, wall);
	}
	run_free(bl);
	d->bl = NULL;
}

/*
 * One step of the demo's clock: collect finished runs, drain the trace,
 * move the playhead, refresh the live figures. Never blocks on a worker.
 */
int
demo_tick(struct demo *d, uint64_t now)
{
	uint64_t dt = now > d->now ? now - d->now : 0;
	uint64_t cpu = clock_thread_cpu_ns();
	uint64_t origin, end, span;
	bool was_running = d->cur != NULL && !d->cur->joined;
	int flags = 0;

	if (was_running) {
		d->ui_cpu_ns += cpu - d->last_cpu;
		d->ui_wall_ns += dt;
	}
	d->last_cpu = cpu;
	d->now = now;
	reap_old(d);
	if (d->restart_pending && d->nold == 0)
		start_now(d);
	if (d->cur != NULL && !d->cur->joined) {
		log_poll(&d->cur->ex->log);
		collect_cur(d);
		flags |= APP_REDRAW;
	}
	if (d->bl != NULL) {
		collect_baseline(d);
		if (d->bl == NULL)
			flags |= APP_REDRAW;
	}

	/* The playhead. */
	origin = origin_ns(d);
	end = data_end_ns(d);
	span = end > origin ? end - origin : 0;
	if (!d->paused) {
		uint64_t was = d->playhead;

		if (d->speed >= 1.0 && d->playhead >= span - (span < dt ? span :
		    dt))
			d->playhead = span;	/* live: keep up exactly */
		else
			d->playhead += (uint64_t)((double)dt * d->speed);
		if (d->playhead > span)
			d->playhead = span;
		/* The frame that reaches the end must be drawn too. */
		if (d->playhead != was)
			flags |= APP_REDRAW;
	}
	if (d->playhead > span)
		d->playhead = span;

	/* Live figures a few times a second. */
	if (d->cur != NULL && !d->cur->joined && (d->live_dirty ||
	    (!d->paused && now - d->live_at >= DEMO_STATS_NS))) {
		const struct log *lg = &d->cur->ex->log;

		for (int i = 0; i < lg->nlanes; i++)
			stats_lane(lg, i, origin + d->playhead, &d->live[i]);
		d->live_events = lg->events;
		d->live_dropped = trace_dropped(d->cur->trace);
		d->live_changes = 0;
		for (size_t i = 1; i < lg->nholds; i++)
			d->live_changes += lg->holds[i].lane !=
			    lg->holds[i - 1].lane;
		d->live_at = now;
		d->live_dirty = false;
		flags |= APP_REDRAW;
	}
	if (d->msg[0] != '\0' && now - d->msg_at > DEMO_MSG_NS) {
		d->msg[0] = '\0';
		flags |= APP_REDRAW;
	}
	if (demo_busy(d) || (!d->paused && d->playhead < span))
		flags |= APP_ANIMATE;
	return flags;
}

/* Sums the time a lane spent in states that count for its shares. */
static uint64_t
lane_total(const struct lane_stats *s)
{
	return s->state_ns[TRACE_RUN] + s->state_ns[TRACE_LOCK_WAIT] +
	    s->state_ns[TRACE_IO] + s->state_ns[TRACE_READY] +
	    s->state_ns[TRACE_IDLE];
}

/* Percentage of `part` in `total`, rounded. */
static int
pct(uint64_t part, uint64_t total)
{
	return total ? (int)((part * 100 + total / 2) / total) : 0;
}

/*
 * What only the scenario knows (lost updates, the I/O thread's waits, the
 * customers' waits...), once the run has ended: "key value" pairs flowed
 * over at most `maxrows` rows of `r`. Returns the row after them.
 */
static int
draw_metrics(const struct experiment *ex, struct canvas *c, struct rect r,
    int maxrows)
{
	int x = r.x, y = r.y;

	for (int i = 0; i < ex->result.nmetrics && y < r.y + r.h &&
	    y < r.y + maxrows; i++) {
		char item[80];
		int w;

		double v = ex->result.metrics[i].value;

		/* Counts as counts, times to a hundredth. */
		snprintf(item, sizeof item, v == (double)(long long)v ?
		    "%s %.0f" : "%s %.2f", ex->result.metrics[i].key, v);
		w = canvas_width(item);
		if (x > r.x && x + w > r.x + r.w) {
			x = r.x;
			if (++y >= r.y + r.h || y >= r.y + maxrows)
				break;
		}
		canvas_text(c, x, y, r.x + r.w - x, CS_TITLE, item);
		x += w + 3;
	}
	return ex->result.nmetrics > 0 && x > r.x ? y + 1 : y;
}

/* The figures, as label/value lines, into `r`, one or two columns. */
static void
draw_stats(struct demo *d, struct canvas *c, struct rect r, bool beside)
{
	const struct experiment *ex = d->cur ? d->cur->ex : NULL;
	const struct log *lg = ex ? &ex->log : NULL;
	bool done = d->cur != NULL && d->cur->joined && !d->failed;
	const struct lane_stats *ls = done ? ex->lanes : d->live;
	char buf[64], a[32], b[32];
	uint64_t wall, cpu = 0, events, dropped;
	int y = r.y, colw = beside ? r.w : r.w / 2, nlines = 0, n;
	bool wide = colw >= 46;
	struct {
		const char	*label;
		char		 value[48];
		uint8_t		 style;
	} line[10];

	if (lg == NULL || r.h < 1)
		return;
	wall = done ? ex->wall_ns : d->playhead;
	if (done && ex->cpu_ns > 0)
		cpu = ex->cpu_ns;
	else if (done)		/* a recording may not know: time running */
		for (int i = 0; i < lg->nlanes; i++)
			cpu += ex->lanes[i].state_ns[TRACE_RUN];
	else
		for (int i = 0; i < lg->nlanes; i++)
			cpu += d->live[i].state_ns[TRACE_RUN];

#define LINE(l, st, ...) do { line[nlines].label = (l); \
	line[nlines].style = (st); snprintf(line[nlines].value, \
	    sizeof line[nlines].value, __VA_ARGS__); nlines++; } while (0)
	LINE("wall time", CS_TEXT, "%s", timeline_format_ns(a, sizeof a, wall,
	    c->unicode));
	LINE(done ? "cpu time" : "running (sum)", CS_TEXT, "%s",
	    timeline_format_ns(b, sizeof b, cpu, c->unicode));
	if (done && ex->has_baseline) {
		LINE("sequential", CS_TEXT, "%s", timeline_format_ns(a,
		    sizeof a, ex->baseline_wall_ns, c->unicode));
		LINE("speedup", ex->speedup >= 1.15 ? CS_GOOD :
		    ex->speedup < 0.87 ? CS_WARN : CS_TITLE, "%.2fx",
		    ex->speedup);
	} else if (done && d->bl != NULL)
		LINE("speedup", CS_DIM, "measuring...");
	else if (done)
		LINE("speedup", CS_DIM, "n/a (no baseline)");
	else
		LINE("speedup", CS_DIM, "when the run ends");
	if (lg->nholds > 0) {
		double per_s = 0;
		uint64_t changes = 0;

		changes = done ? ex->lock.holder_changes : d->live_changes;
		if (wall > 0)
			per_s = (double)changes / ((double)wall / 1e9);
		LINE("hand-offs/s", CS_TEXT, "%.0f (%llu)", per_s,
		    (unsigned long long)changes);
		if (done && ex->has_lock && beside)
			LINE("wait p50/p99", CS_TEXT, "%s / %s",
			    timeline_format_ns(a, sizeof a,
			    (uint64_t)(ex->lock.wait_p50_ms * 1e6), c->unicode),
			    timeline_format_ns(b, sizeof b,
			    (uint64_t)(ex->lock.wait_p99_ms * 1e6),
			    c->unicode));
	}
	events = done ? lg->events : d->live_events;
	dropped = done ? ex->dropped : d->live_dropped;
	/* Below the timeline room is short: events only when some dropped. */
	if (beside || dropped > 0)
		LINE("events", dropped ? CS_WARN : CS_TEXT,
		    "%llu, %llu dropped", (unsigned long long)events,
		    (unsigned long long)dropped);
#undef LINE

	for (int i = 0; i < nlines && y < r.y + r.h; i++) {
		int x = r.x + (beside ? 0 : (i % 2) * colw);

		canvas_text(c, x, y, 14, CS_DIM, line[i].label);
		canvas_text(c, x + 14, y, colw - 15, line[i].style,
		    line[i].value);
		if (beside || i % 2 == 1 || i == nlines - 1)
			y++;
	}
	if (y >= r.y + r.h)
		return;
	if (done)
		y = draw_metrics(ex, c, (struct rect){ r.x, y, r.w,
		    r.y + r.h - y }, beside ? 6 : 2);
	if (beside)
		y++;
	if (y < r.y + r.h) {
		snprintf(buf, sizeof buf, "%-13s %4s %4s %4s%s", "worker",
		    "run", "wait", "io", wide ? "  swi  wait p50" : "");
		canvas_text(c, r.x, y, colw, CS_TITLE, buf);
		if (!beside && lg->nlanes > 1)
			canvas_text(c, r.x + colw, y, colw, CS_TITLE, buf);
		y++;
	}
	for (int i = 0; i < lg->nlanes; i++) {
		const struct lane_stats *s = &ls[i];
		uint64_t tot = lane_total(s);
		int x = r.x + (beside ? 0 : (i % 2) * colw);

		if (y >= r.y + r.h)
			break;
		if (lg->nlanes - i > (r.y + r.h - y) * (beside ? 1 : 2) &&
		    y == r.y + r.h - 1) {
			canvas_printf(c, x, y, colw, CS_DIM, "+%d more",
			    lg->nlanes - i);
			break;
		}
		n = canvas_printf(c, x, y, colw, CS_TEXT, "%c %-11.11s %3d%% "
		    "%3d%% %3d%%", export_lane_char(i),
		    lg->trace->lanes[i].name,
		    pct(s->state_ns[TRACE_RUN], tot),
		    pct(s->state_ns[TRACE_LOCK_WAIT], tot),
		    pct(s->state_ns[TRACE_IO], tot));
		if (wide)
			canvas_printf(c, x + n, y, colw - n, CS_DIM,
			    " %4llu %9s",
			    (unsigned long long)s->switches,
			    timeline_format_ns(a, sizeof a,
			    (uint64_t)(s->wait_p50_ms * 1e6), c->unicode));
		if (beside || i % 2 == 1)
			y++;
	}
}

/* A short description of the knobs in use. */
static void
describe(const struct demo *d, char *buf, size_t len)
{
	char iv[32] = "", cores[32] = "all cores";
	bool gil;

	if (d->replay) {
		int n = d->cur != NULL ? d->cur->ex->log.nlanes : 0;

		snprintf(buf, len, "%d lane%s · r replays · m slow motion", n,
		    n == 1 ? "" : "s");
		return;
	}
	gil = strcmp(d->sc->name, "gil") == 0 ||
	    strcmp(d->sc->name, "convoy") == 0;
	if (gil)
		snprintf(iv, sizeof iv, " · %s GIL %gms", d->p.old_gil ? "old" :
		    "new", d->p.switch_interval_ms);
	if (d->p.cores > 0)
		snprintf(cores, sizeof cores, "%d core%s", d->p.cores,
		    d->p.cores == 1 ? "" : "s");
	snprintf(buf, len, "%d worker%s · %s · %d×%gms%s · %s", d->p.workers,
	    d->p.workers == 1 ? "" : "s", work_kind_name(d->p.work),
	    d->p.units, d->p.unit_ms, iv, cores);
}

/* Replaces the few non-ASCII characters of our own strings. */
static void
asciify(char *s)
{
	char *o = s;

	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x80)
			*o++ = *s;
		else if (strncmp(s, "·", 2) == 0) {
			*o++ = '|';
			s++;
		} else if (strncmp(s, "×", 2) == 0) {
			*o++ = 'x';
			s++;
		}
	}
	*o = '\0';
}

/* The two header lines: scenario and knobs; what it models and status. */
static void
draw_header(struct demo *d, struct canvas *c, struct rect r)
{
	char knobs[160], status[48];
	uint8_t sst = CS_GOOD;
	int n;

	describe(d, knobs, sizeof knobs);
	if (!c->unicode)
		asciify(knobs);
	if (d->restart_pending)
		snprintf(status, sizeof status, "stopping...");
	else if (d->failed)
		snprintf(status, sizeof status, "failed"), sst = CS_ERROR;
	else if (d->paused)
		snprintf(status, sizeof status, "paused"), sst = CS_WARN;
	else if (d->cur != NULL && !d->cur->joined)
		snprintf(status, sizeof status, "running");
	else if (d->cur != NULL && d->playhead < data_end_ns(d) - origin_ns(d))
		snprintf(status, sizeof status, "replaying");
	else if (d->cur != NULL)
		snprintf(status, sizeof status, "done"), sst = CS_TITLE;
	else
		snprintf(status, sizeof status, "press r to run"), sst = CS_DIM;
	if (d->speed < 1.0) {
		size_t l = strlen(status);

		snprintf(status + l, sizeof status - l, " x%g", d->speed);
	}
	n = canvas_text(c, r.x, r.y, r.w, CS_TITLE, d->sc->name);
	canvas_text(c, r.x + n + 2, r.y, r.w - n - 3 - (int)strlen(status),
	    CS_TEXT, knobs);
	canvas_text(c, r.x + r.w - (int)strlen(status), r.y,
	    (int)strlen(status), sst, status);
	if (r.h > 1 && d->replay)
		canvas_text(c, r.x, r.y + 1, r.w, CS_DIM, d->title);
	else if (r.h > 1)
		canvas_printf(c, r.x, r.y + 1, r.w, CS_DIM, "%s; models %s",
		    d->sc->summary, d->sc->models);
}

/* The one-line reminder of the main keys. */
static void
draw_hints(const struct demo *d, struct canvas *c, int x, int y, int w)
{
	const char *const hints[][2] = {
		{ "space", d->paused ? "resume" : "pause" }, { "s", "step" },
		{ "r", "restart" },
		{ "+/-", "workers" }, { "w", "work" }, { "g", "GIL" },
		{ "tab", "scenario" }, { "e", "export" }, { "?", "help" },
		{ "q", "quit" },
	};
	int col = 0;

	for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
		int need = canvas_width(hints[i][0]) + 1 +
		    canvas_width(hints[i][1]) + 2;

		/* Always keep room for "? help  q quit". */
		if (col + need > w - (i < 8 ? 16 : 0))
			continue;
		col += canvas_text(c, x + col, y, w - col, CS_KEY, hints[i][0]);
		col += 1;
		col += canvas_text(c, x + col, y, w - col, CS_DIM, hints[i][1]);
		col += 2;
	}
}

/* Every key, for the help overlay. */
static const char *const help_lines[][2] = {
	{ "space", "pause / resume the picture (the run goes on)" },
	{ "s", "step the paused picture forward" },
	{ "m", "slow motion: x1, x1/4, x1/20" },
	{ "home", "replay the run from its start" },
	{ "r enter", "restart the run" },
	{ "+ -", "more / fewer workers" },
	{ "w", "kind of work: cpu, io, mixed" },
	{ "g", "GIL on / off (scenario gil <-> threads)" },
	{ "o", "old GIL (Python 2) / new GIL" },
	{ "i I", "longer / shorter switch interval" },
	{ "c", "cores allowed: all, 1, 2, ..." },
	{ "tab", "next scenario (shift-tab: previous)" },
	{ "e", "export the run: Chrome JSON and text" },
	{ "left right", "move the cursor (pauses)" },
	{ "up down", "lane the cursor describes" },
	{ "< >", "zoom out / in" },
	{ "[ ] pgup pgdn", "scroll back / forward" },
	{ "f end", "follow the run again" },
	{ "?", "this help (esc closes it)" },
	{ "q", "quit" },
};

/* The help overlay: a framed list of every key, centred over the demo. */
static void
draw_help(struct canvas *c, struct rect r)
{
	int n = (int)(sizeof help_lines / sizeof help_lines[0]);
	int w = 66 < r.w ? 66 : r.w, h = n + 4 < r.h ? n + 4 : r.h;
	struct rect b = { r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, w, h };

	canvas_fill(c, b, L' ', CS_TEXT);
	canvas_box(c, b, CS_BORDER, "keys");
	for (int i = 0; i < n && i < h - 3; i++) {
		canvas_text(c, b.x + 2, b.y + 1 + i, 15, CS_KEY,
		    help_lines[i][0]);
		canvas_text(c, b.x + 18, b.y + 1 + i, w - 19, CS_TEXT,
		    help_lines[i][1]);
	}
	canvas_text(c, b.x + 2, b.y + h - 2, w - 4, CS_DIM,
	    "press ? or esc to close");
}

/*
 * Lays the demo out in `r`: header, timeline, figures beside it (wide) or
 * below it (narrow), the message line and, full screen, the hint bar.
 */
void
demo_draw(struct demo *d, struct canvas *c, struct rect r)
{
	struct rect tl, st;
	bool beside = r.w >= 100;
	int bottom = (d->flags & DEMO_FULLSCREEN) ? 2 : 1, stats_h, head = 2;
	uint64_t origin = origin_ns(d), now;

	if (d->cur != NULL && !d->cur->joined)
		d->ui_frames++;
	if (r.w < 30 || r.h < 8) {
		canvas_printf(c, r.x, r.y, r.w, CS_WARN, "demo needs 30x8");
		return;
	}
	if (r.h < 16)
		head = 1;
	draw_header(d, c, (struct rect){ r.x, r.y, r.w, head });
	tl = (struct rect){ r.x, r.y + head + 1, r.w, r.h - head - 1 - bottom };
	if (d->cur != NULL && d->cur->ex->log.nlanes > 0) {
		int nl = d->cur->ex->log.nlanes;

		if (beside) {
			int sw = r.w >= 160 ? DEMO_STATS_WIDE : DEMO_STATS_W;

			tl.w = r.w - sw - 2;
			st = (struct rect){ r.x + tl.w + 2, tl.y, sw, tl.h };
			for (int y = st.y; y < st.y + st.h; y++)
				canvas_put(c, st.x - 2, y, c->unicode ? L'│' :
				    L'|', CS_BORDER);
		} else {
			/* The timeline takes what it needs, stats the rest. */
			int need = timeline_rows(&d->cur->ex->log,
			    d->view.ncpus) + (d->view.cursor >= 0);
			int want = 3 + 1 + (nl + 1) / 2;

			if (tl.h >= need + want + 1) {
				/* A blank line between them when it fits. */
				st = (struct rect){ r.x, tl.y + need + 1, r.w,
				    tl.h - need - 1 };
				tl.h = need;
			} else {
				stats_h = tl.h - need < 4 ? 4 : tl.h - need;
				tl.h -= stats_h;
				st = (struct rect){ r.x, tl.y + tl.h, r.w,
				    stats_h };
			}
		}
		now = origin + d->playhead;
		if (!d->zoomed) {
			/*
			 * A scale that holds still while bars grow: the
			 * expected length live, the whole run once it is over
			 * (so a replay grows across the final picture).
			 */
			uint64_t end = data_end_ns(d);

			d->view.follow = true;
			d->view.ns_per_col = 0;
			d->view.fit_ns = d->cur->joined ? (end > origin ?
			    end - origin : 0) : d->est_ns;
		}
		timeline_draw(c, tl, &d->cur->ex->log, origin, now, &d->view);
		if (d->place_cursor && d->paused) {
			/* Now that the scale is known, draw with the cursor. */
			cursor_to_playhead(d);
			canvas_fill(c, tl, L' ', CS_TEXT);
			timeline_draw(c, tl, &d->cur->ex->log, origin, now,
			    &d->view);
		}
		draw_stats(d, c, st, beside);
	} else if (d->cur != NULL && !d->failed)
		canvas_text(c, tl.x, tl.y, tl.w, CS_DIM, "starting...");
	else if (d->failed)
		canvas_text(c, tl.x, tl.y, tl.w, CS_DIM,
		    "nothing to show: the run did not start (see below)");
	else if (d->cur == NULL && !d->restart_pending)
		canvas_text(c, tl.x, tl.y, tl.w, CS_DIM,
		    "press r to start the run");
	if (d->msg[0] != '\0')
		canvas_text(c, r.x, r.y + r.h - bottom, r.w, d->msg_style,
		    d->msg);
	if (d->flags & DEMO_FULLSCREEN)
		draw_hints(d, c, r.x, r.y + r.h - 1, r.w);
	if (d->help)
		draw_help(c, r);
}

/* Writes the shown run to two files in the current directory. */
static void
export_run(struct demo *d)
{
	char json[PATH_MAX + 128], txt[PATH_MAX + 128], cwd[PATH_MAX];
	FILE *f;
	int n;

	if (d->cur == NULL || d->failed || d->cur->ex->log.nlanes == 0) {
		demo_msg(d, CS_WARN, "nothing to export yet");
		return;
	}
	if (!d->cur->joined) {
		demo_msg(d, CS_WARN, "the run is still going: export it once "
		    "it has finished");
		return;
	}
	if (getcwd(cwd, sizeof cwd) == NULL)
		snprintf(cwd, sizeof cwd, ".");
	for (n = 1; n < 1000; n++) {
		snprintf(json, sizeof json, "%s/timeslice-%s-%d.json", cwd,
		    d->sc->name, n);
		if (access(json, F_OK) != 0)
			break;
	}
	snprintf(txt, sizeof txt, "%s/timeslice-%s-%d.txt", cwd, d->sc->name,
	    n);
	if ((f = fopen(json, "w")) == NULL ||
	    export_chrome(f, &d->cur->ex->log, d->sc->name) != 0) {
		demo_msg(d, CS_ERROR, "cannot write %s: %s", json,
		    strerror(errno));
		if (f != NULL)
			fclose(f);
		return;
	}
	if (fclose(f) != 0 || (f = fopen(txt, "w")) == NULL) {
		demo_msg(d, CS_ERROR, "cannot write %s: %s", txt,
		    strerror(errno));
		return;
	}
	export_text(f, &d->cur->ex->log, 120);
	if (fclose(f) != 0) {
		demo_msg(d, CS_ERROR, "cannot write %s: %s", txt,
		    strerror(errno));
		return;
	}
	demo_msg(d, CS_GOOD, "exported %s (open in ui.perfetto.dev) and %s",
	    json, txt);
}

/* Switches scenario by `dir` steps through the registry. */
static void
cycle_scenario(struct demo *d, int dir)
{
	const struct scenario *const *all = scenario_all();
	int n = 0, at = 0;

	while (all[n] != NULL) {
		if (all[n] == d->sc)
			at = n;
		n++;
	}
	d->sc = all[(at + dir + n) % n];
}

/* Changes a knob, says so, and restarts. */
static int
changed(struct demo *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
changed(struct demo *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	d->msg_style = CS_TEXT;
	d->msg_at = d->now;
	d->paused = false;
	d->view.cursor = -1;
	demo_restart(d);
	return APP_REDRAW;
}

/* Leaves follow mode at the picture shown, for scrolling and zooming. */
static void
unfollow(struct demo *d)
{
	d->zoomed = true;
	d->view.follow = false;
	d->view.start_ns = d->view.shown_start_ns;
	d->view.ns_per_col = d->view.shown_ns_per_col;
}

/* Pauses and puts the cursor at the playhead. */
static void
pause_here(struct demo *d)
{
	if (!d->paused)
		d->live_dirty = true;
	d->paused = true;
	if (d->view.cursor < 0)
		d->place_cursor = true;
}

/* Puts the cursor on the last column drawn, once the scale is known. */
static void
cursor_to_playhead(struct demo *d)
{
	uint64_t at;
	int col;

	d->place_cursor = false;
	if (d->view.shown_ns_per_col == 0)
		return;
	at = d->playhead > d->view.shown_start_ns ?
	    d->playhead - d->view.shown_start_ns : 0;
	col = (int)(at / d->view.shown_ns_per_col);
	d->view.cursor = col > 0 ? col - 1 : 0;
	if (d->view.shown_cols > 0 && d->view.cursor >= d->view.shown_cols)
		d->view.cursor = d->view.shown_cols - 1;
}

/* Zooms by `f` (2: out, 0.5: in) around the cursor or the middle. */
static void
zoom(struct demo *d, double f)
{
	int col = d->view.cursor >= 0 ? d->view.cursor : d->view.shown_cols / 2;
	uint64_t at, npc;

	unfollow(d);
	at = d->view.start_ns + (uint64_t)col * d->view.ns_per_col;
	npc = (uint64_t)((double)d->view.ns_per_col * f);
	if (npc < TIMELINE_MIN_NS_PER_COL)
		npc = TIMELINE_MIN_NS_PER_COL;
	d->view.ns_per_col = npc;
	d->view.start_ns = at > (uint64_t)col * npc ? at - (uint64_t)col * npc :
	    0;
}

/* Scrolls by `cols` columns (negative: back in time). */
static void
scroll(struct demo *d, int cols)
{
	uint64_t by;

	unfollow(d);
	by = (uint64_t)(cols < 0 ? -cols : cols) * d->view.ns_per_col;
	if (cols < 0)
		d->view.start_ns = d->view.start_ns > by ?
		    d->view.start_ns - by : 0;
	else
		d->view.start_ns += by;
}

/*
 * Keys that change the experiment restart it (without waiting for the old
 * run); view keys only change what is drawn. Unused keys are IGNORED so a
 * host screen can take them.
 */
int
demo_key(struct demo *d, int key)
{
	const char *n = d->sc->name;
	int nl = d->cur ? d->cur->ex->log.nlanes : 0, half;

	if (d->help) {
		if (key == '?' || key == APP_KEY_ESC || key == 'q' ||
		    key == APP_KEY_F1) {
			d->help = false;
			return APP_REDRAW;
		}
		return APP_HANDLED;
	}
	half = d->view.shown_cols > 2 ? d->view.shown_cols / 2 : 1;
	if (d->replay && key > 0 && key < 128 && strchr("+=-_wgoiIc", key) !=
	    NULL) {
		demo_msg(d, CS_WARN, "a recording cannot be changed: r replays "
		    "it, m slows it down");
		return APP_REDRAW;
	}
	switch (key) {
	case 'q':
	case 'Q':
		return (d->flags & DEMO_FULLSCREEN) ? APP_QUIT : APP_IGNORED;
	case '?':
	case APP_KEY_F1:
		d->help = true;
		return APP_REDRAW;
	case ' ':
		if (d->paused) {
			d->paused = false;
			d->view.cursor = -1;
		} else
			pause_here(d);
		return APP_REDRAW;
	case 's':
		pause_here(d);
		d->playhead += d->view.shown_ns_per_col * 4;
		return APP_REDRAW;
	case 'm':
		for (size_t i = 0; i < sizeof speeds / sizeof speeds[0]; i++)
			if (speeds[i] == d->speed) {
				d->speed = speeds[(i + 1) %
				    (sizeof speeds / sizeof speeds[0])];
				break;
			}
		demo_msg(d, CS_TEXT, "speed x%g", d->speed);
		return APP_REDRAW;
	case APP_KEY_HOME:
		d->playhead = 0;
		d->paused = false;
		d->view.cursor = -1;
		return APP_REDRAW;
	case 'r':
	case 'R':
	case APP_KEY_ENTER:
		if (d->replay) {
			demo_restart(d);
			d->view.cursor = -1;
			return APP_REDRAW;
		}
		return changed(d, "restarted");
	case '+':
	case '=':
		if (d->p.workers >= 64)
			return APP_HANDLED;
		d->p.workers++;
		return changed(d, "workers: %d", d->p.workers);
	case '-':
	case '_':
		if (d->p.workers <= 1)
			return APP_HANDLED;
		d->p.workers--;
		return changed(d, "workers: %d", d->p.workers);
	case 'w':
		d->p.work = (enum work_kind)((d->p.work + 1) % 3);
		return changed(d, "work: %s", work_kind_name(d->p.work));
	case 'g':
		if (d->flags & DEMO_FIXED)
			return APP_HANDLED;
		if (strcmp(n, "threads") == 0)
			d->sc = scenario_find("gil");
		else if (strcmp(n, "gil") == 0)
			d->sc = scenario_find("threads");
		else {
			demo_msg(d, CS_WARN, "g switches between the threads "
			    "and gil scenarios (tab changes scenario)");
			return APP_REDRAW;
		}
		return changed(d, "GIL %s", strcmp(d->sc->name, "gil") == 0 ?
		    "on" : "off");
	case 'o':
		d->p.old_gil = !d->p.old_gil;
		if (strcmp(n, "threads") == 0 && !(d->flags & DEMO_FIXED))
			d->sc = scenario_find("gil");
		return changed(d, "%s GIL", d->p.old_gil ?
		    "old (Python 2)" : "new (Python 3.2+)");
	case 'i':
	case 'I': {
		int k = (int)(sizeof intervals / sizeof intervals[0]), at = -1;

		for (int j = 0; j < k; j++)
			if (key == 'i' ? intervals[j] >
			    d->p.switch_interval_ms && at < 0 :
			    intervals[j] < d->p.switch_interval_ms)
				at = j;
		if (at < 0)
			return APP_HANDLED;
		d->p.switch_interval_ms = intervals[at];
		return changed(d, "switch interval: %gms",
		    d->p.switch_interval_ms);
	}
	case 'c':
		d->p.cores = d->p.cores >= work_online_cpus() ? 0 :
		    d->p.cores + 1;
		if (d->p.cores >= work_online_cpus())
			d->p.cores = 0;
		if (d->p.cores == 0)
			return changed(d, "cores: all %d", work_online_cpus());
		return changed(d, "cores: %d", d->p.cores);
	case APP_KEY_TAB:
	case APP_KEY_BTAB:
		if (d->flags & DEMO_FIXED)
			return APP_HANDLED;
		cycle_scenario(d, key == APP_KEY_TAB ? 1 : -1);
		return changed(d, "scenario: %s", d->sc->name);
	case 'e':
		export_run(d);
		return APP_REDRAW;
	case APP_KEY_LEFT:
	case APP_KEY_RIGHT:
		pause_here(d);
		if (d->view.cursor < 0)
			cursor_to_playhead(d);
		d->view.cursor += key == APP_KEY_LEFT ? -1 : 1;
		if (d->view.cursor < 0) {
			d->view.cursor = 0;
			scroll(d, -1);
		} else if (d->view.cursor >= d->view.shown_cols) {
			d->view.cursor = d->view.shown_cols - 1;
			scroll(d, 1);
		}
		return APP_REDRAW;
	case APP_KEY_UP:
	case APP_KEY_DOWN:
		pause_here(d);
		if (d->view.cursor < 0)
			cursor_to_playhead(d);
		d->view.selected += key == APP_KEY_UP ? -1 : 1;
		if (d->view.selected >= nl)
			d->view.selected = nl - 1;
		if (d->view.selected < 0)
			d->view.selected = 0;
		return APP_REDRAW;
	case '<':
	case ',':
		zoom(d, 2.0);
		return APP_REDRAW;
	case '>':
	case '.':
		zoom(d, 0.5);
		return APP_REDRAW;
	case '[':
	case APP_KEY_PGUP:
		scroll(d, -half);
		return APP_REDRAW;
	case ']':
	case APP_KEY_PGDN:
		scroll(d, half);
		return APP_REDRAW;
	case 'f':
	case 'F':
	case APP_KEY_END:
		d->zoomed = false;
		d->paused = false;
		d->view.follow = true;
		d->view.cursor = -1;
		d->playhead = data_end_ns(d) - origin_ns(d);
		return APP_REDRAW;
	case APP_KEY_ESC:
		return APP_HANDLED;
	default:
		return APP_IGNORED;
	}
}

/* Adapters for app_push. */
static void
screen_draw(void *self, struct canvas *c, struct rect r)
{
	demo_draw(self, c, r);
}

static int
screen_key(void *self, int key)
{
	return demo_key(self, key);
}

static int
screen_tick(void *self, uint64_t now)
{
	return demo_tick(self, now);
}

const struct app_screen_ops demo_screen_ops = {
	.name = "demo",
	.draw = screen_draw,
	.key = screen_key,
	.tick = screen_tick,
	.leave = NULL,
};
