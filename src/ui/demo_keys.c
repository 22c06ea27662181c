/*
 * demo_keys.c - the demo's keys: one key table (keys.h) read by the key
 * dispatch, the help box, the hint bar, the recording filter and a lesson
 * page's choice of keys for its demo alike.
 *
 * Keys that change the experiment restart it (without waiting for the old
 * run); view keys only change what is drawn. Each row names the demo modes
 * it acts in: a recording or a traced program refuses the others with a
 * message, a lesson's demo (DEMO_FIXED) silently refuses the keys that pick
 * another scenario. Actions return app.h reaction flags and never draw:
 * the host redraws when asked to.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/work.h"
#include "i18n.h"
#include "trace/export.h"
#include "ui/demo_int.h"
#include "ui/keys.h"

/* Speeds slow motion cycles through. */
static const double speeds[] = { 1.0, 0.25, 0.05 };
/* Switch intervals the i and I keys step through, in ms. */
static const double intervals[] = { 0.5, 1, 2, 5, 10, 20, 50 };
/* Item sizes the t and T keys step through, in ms. */
static const double sizes[] = { 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5,
	10, 25, 50, 100, 200, 500, 1000 };

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
 * Writes the shown run as a picture, a self-describing Chrome trace and
 * a titled text timeline: three new files STEM-N.svg/.json/.txt in the
 * export folder, never overwriting a file or following a symlink.
 */
static void
export_run(struct demo *d)
{
	static const char *const exts[] = { "svg", "json", "txt" };
	const struct experiment *ex;
	const char *dir = export_dir(), *caption;
	char *paths[3], *cause = NULL;
	FILE *files[3];
	int bad = 0;

	if (d->cur == NULL || d->failed || d->cur->ex->log.nlanes == 0) {
		demo_msg(d, CS_WARN, "%s", _("nothing to export yet"));
		return;
	}
	if (!d->cur->joined) {
		demo_msg(d, CS_WARN, "%s", _("the run is still going: export it "
		    "once it has finished"));
		return;
	}
	if (d->bl != NULL) {
		demo_msg(d, CS_WARN, "%s", _("measuring the sequential run: "
		    "export once the speedup is known"));
		return;
	}
	ex = d->cur->ex;
	caption = d->caption[0] != '\0' ? d->caption : NULL;
	if (export_create(dir, ex->scenario->name, exts, 3, files, paths,
	    &cause) != 0) {
		demo_msg(d, CS_ERROR, "%s", cause);
		free(cause);
		return;
	}
	bad |= record_svg(files[0], ex, caption, d->rec) != 0;
	bad |= record_chrome(files[1], ex, caption, d->rec) != 0;
	bad |= record_text(files[2], ex, caption, d->rec, 120) != 0;
	for (int i = 0; i < 3; i++) {
		char *why = NULL;

		if (export_finish(files[i], paths[i], &why) != 0) {
			bad = 1;
			if (cause == NULL)
				cause = why;
			else
				free(why);
		}
	}
	if (bad) {
		/* All three or none: a half export would only confuse. */
		for (int i = 0; i < 3; i++)
			unlink(paths[i]);
		demo_msg(d, CS_ERROR, "%s", cause != NULL ? cause :
		    _("cannot write the export"));
	} else
		demo_msg(d, CS_GOOD, _("exported %s (.json for ui.perfetto.dev, "
		    ".txt) in %s"), strrchr(paths[0], '/') + 1, dir);
	free(cause);
	for (int i = 0; i < 3; i++)
		free(paths[i]);
}

/* q: leaves a full-screen demo; an embedded one leaves q to its host. */
static int
key_quit(void *self, int key)
{
	struct demo *d = self;
	(void)key;
	return (d->flags & DEMO_FULLSCREEN) ? APP_QUIT : APP_IGNORED;
}

/* ?: opens the help box (demo_key closes it). */
static int
key_help(void *self, int key)
{
	struct demo *d = self;
	(void)key;
	d->help = true;
	return APP_REDRAW;
}

/* space: freezes the picture, or lets it move again. */
static int
key_pause(void *self, int key)
{
	struct demo *d = self;
	(void)key;
	if (d->paused) {
		d->paused = false;
		d->view.cursor = -1;
	} else
		pause_here(d);
	return APP_REDRAW;
}

/* s: pauses and moves the picture a few columns on. */
static int
key_step(void *self, int key)
{
	struct demo *d = self;
	(void)key;
	pause_here(d);
	d->playhead += d->view.shown_ns_per_col * 4;
	return APP_REDRAW;
}

/* m: the next slower speed, back to x1 after the slowest. */
static int
key_speed(void *self, int key)
{
	struct demo *d = self;
	size_t n = sizeof speeds / sizeof speeds[0];
	char buf[32];

	(void)key;
	for (size_t i = 0; i < n; i++)
		if (speeds[i] == d->speed) {
			d->speed = speeds[(i + 1) % n];
			break;
		}
	demo_msg(d, CS_TEXT, _("speed x%s"), i18n_numg(buf, sizeof buf,
	    d->speed, 6));
	return APP_REDRAW;
}

/* home: plays what was recorded again from the start. */
static int
key_rewind(void *self, int key)
{
	struct demo *d = self;
	(void)key;
	d->playhead = 0;
	d->paused = false;
	d->view.cursor = -1;
	return APP_REDRAW;
}

/*
 * r: runs the experiment again (a recording plays again). For a traced
 * program r, and only r, is the reader asking for it: the host may have
 * been waiting for exactly that (demo_set_prepare); enter restarts only
 * what could start by itself.
 */
static int
key_restart(void *self, int key)
{
	struct demo *d = self;

	d->cued = d->traced && (key == 'r' || key == 'R');
	if (d->replay) {
		d->cue_pending = false;
		demo_restart(d);
		d->view.cursor = -1;
		return APP_REDRAW;
	}
	/* The first run on cue starts, it does not start again. */
	if (d->cur == NULL && d->bl == NULL && !d->restart_pending &&
	    d->series.runs == 0)
		return changed(d, "%s", C_("demo status", "running"));
	return changed(d, "%s", _("restarted"));
}

/* + and -: one worker more or fewer, within the parameter's bounds. */
static int
key_workers(void *self, int key)
{
	struct demo *d = self;
	const struct param_spec *spec = &params_specs()[PARAM_WORKERS];

	if (key == '+' || key == '=') {
		if (d->p.workers >= spec->max)
			return APP_HANDLED;
		d->p.workers++;
	} else {
		if (d->p.workers <= spec->min)
			return APP_HANDLED;
		d->p.workers--;
	}
	return changed(d, _("workers: %d"), d->p.workers);
}

/*
 * u and U: one work item fewer or more below ten, then along 10, 20, 50,
 * 100...; t and T: the next shorter or longer item size of `sizes`. Both
 * stay within the parameters' bounds, and reach the values lessons ask
 * for (units 4, unit-ms 1, 10 and 25).
 */
static int
key_size(void *self, int key)
{
	struct demo *d = self;
	const struct param_spec *spec;
	double v, to = -1;

	if (key == 'u' || key == 'U') {
		spec = &params_specs()[PARAM_UNITS];
		v = d->p.units;
		if (key == 'U')
			to = v < 10 ? v + 1 : v;
		else
			to = v <= 10 ? v - 1 : v;
		/* Above ten: the next or previous of 1, 2, 5 times 10^k. */
		for (double m = 10; m <= spec->max; m *= 10)
			for (int j = 0; j < 3; j++) {
				double c = m * (j == 0 ? 1 : j == 1 ? 2 : 5);

				if (key == 'U' && c > v && to == v)
					to = c;
				if (key == 'u' && c < v)
					to = c;
			}
	} else {
		int n = (int)(sizeof sizes / sizeof sizes[0]);

		spec = &params_specs()[PARAM_UNIT_MS];
		v = d->p.unit_ms;
		for (int j = 0; j < n; j++)
			if (key == 'T' ? sizes[j] > v && to < 0 : sizes[j] < v)
				to = sizes[j];
		if (to < 0)
			return APP_HANDLED;
	}
	if (to < spec->min)
		to = spec->min;
	if (to > spec->max)
		to = spec->max;
	if (to == v)
		return APP_HANDLED;
	if (key == 'u' || key == 'U') {
		d->p.units = (int)to;
		return changed(d, _("units: %d"), d->p.units);
	}
	d->p.unit_ms = to;
	return changed(d, _("unit-ms: %g ms"), d->p.unit_ms);
}

/*
 * k and K: one slot fewer or more in the queue scenario's queue, or one
 * permit in the semaphore scenario's; the knob a lesson about either asks
 * the reader to turn. Other scenarios have neither, and say so.
 */
static int
key_slots(void *self, int key)
{
	struct demo *d = self;
	enum param_id id;
	int *v;

	if (scenario_uses(d->sc, PARAM_CAPACITY)) {
		id = PARAM_CAPACITY;
		v = &d->p.capacity;
	} else if (scenario_uses(d->sc, PARAM_PERMITS)) {
		id = PARAM_PERMITS;
		v = &d->p.permits;
	} else {
		demo_msg(d, CS_WARN, _("%s has no queue or semaphore: k and K "
		    "change the queue and semaphore scenarios"), d->sc->name);
		return APP_REDRAW;
	}
	if (key == 'K' ? *v >= params_specs()[id].max :
	    *v <= params_specs()[id].min)
		return APP_HANDLED;
	*v += key == 'K' ? 1 : -1;
	if (id == PARAM_CAPACITY)
		return changed(d, _("capacity: %d"), *v);
	return changed(d, _("permits: %d"), *v);
}

/* w: CPU-bound, I/O-bound, mixed work in turn. */
static int
key_work(void *self, int key)
{
	struct demo *d = self;
	(void)key;
	d->p.work = (enum work_kind)((d->p.work + 1) % 3);
	return changed(d, _("work: %s"), _(work_kind_name(d->p.work)));
}

/* g: the same experiment with the GIL switched, when there is one. */
static int
key_gil(void *self, int key)
{
	struct demo *d = self;
	const struct scenario *const *all = scenario_all();

	(void)key;
	if (d->sc->gil_twin == NULL) {
		while (*all != NULL && (*all)->gil_twin == NULL)
			all++;
		if (*all == NULL)
			return APP_HANDLED;
		demo_msg(d, CS_WARN, _("g switches between the %s and %s "
		    "scenarios (tab changes scenario)"), (*all)->name,
		    (*all)->gil_twin->name);
		return APP_REDRAW;
	}
	d->sc = d->sc->gil_twin;
	return changed(d, "%s", (d->sc->traits & SCENARIO_GIL_LANE) ?
	    _("GIL on") : _("GIL off"));
}

/*
 * o: the old (Python 2) GIL or the new one. A scenario without a GIL
 * switches to its twin that has one, unless a lesson fixed the scenario.
 */
static int
key_old_gil(void *self, int key)
{
	struct demo *d = self;
	const struct scenario *to = d->sc;

	(void)key;
	if (!scenario_uses(to, PARAM_OLD_GIL)) {
		to = d->sc->gil_twin;
		if (to == NULL || !scenario_uses(to, PARAM_OLD_GIL) ||
		    (d->flags & DEMO_FIXED)) {
			demo_msg(d, CS_WARN, _("%s has no GIL: o changes the "
			    "GIL of a scenario that has one"), d->sc->name);
			return APP_REDRAW;
		}
	}
	d->sc = to;
	d->p.old_gil = !d->p.old_gil;
	return changed(d, "%s", d->p.old_gil ? _("old (Python 2) GIL") :
	    _("new (Python 3.2+) GIL"));
}

/* p: worker processes started by fork or by spawn. */
static int
key_start(void *self, int key)
{
	struct demo *d = self;

	(void)key;
	if (!scenario_uses(d->sc, PARAM_START)) {
		demo_msg(d, CS_WARN, _("%s starts no process: p changes how "
		    "the processes scenario starts its workers"), d->sc->name);
		return APP_REDRAW;
	}
	d->p.start = d->p.start == START_FORK ? START_SPAWN : START_FORK;
	return changed(d, "%s", d->p.start == START_SPAWN ?
	    _("spawn: each process starts a new interpreter") :
	    _("fork: each process is a copy of the parent"));
}

/* i and I: the next longer or shorter switch interval of the list. */
static int key_interval(void *, int);

static int
key_interval(void *self, int key)
{
	struct demo *d = self;
	int k = (int)(sizeof intervals / sizeof intervals[0]), at = -1;
	char buf[32];

	for (int j = 0; j < k; j++)
		if (key == 'i' ? intervals[j] > d->p.switch_interval_ms &&
		    at < 0 : intervals[j] < d->p.switch_interval_ms)
			at = j;
	if (at < 0)
		return APP_HANDLED;
	d->p.switch_interval_ms = intervals[at];
	return changed(d, _("switch interval: %sms"), i18n_numg(buf,
	    sizeof buf, d->p.switch_interval_ms, 6));
}

/* c: all cores, then one, two... up to one fewer than the machine has. */
static int
key_cores(void *self, int key)
{
	struct demo *d = self;
	int cpus = work_online_cpus();

	(void)key;
	d->p.cores = d->p.cores >= cpus ? 0 : d->p.cores + 1;
	if (d->p.cores >= cpus)
		d->p.cores = 0;
	if (d->p.cores == 0)
		return changed(d, _("cores: all %d"), cpus);
	return changed(d, _("cores: %d"), d->p.cores);
}

/* tab and shift-tab: the next or previous scenario of the registry. */
static int
key_scenario(void *self, int key)
{
	struct demo *d = self;
	const struct scenario *const *all = scenario_all();
	int n = 0, at = 0, dir = key == APP_KEY_TAB ? 1 : -1;

	while (all[n] != NULL) {
		if (all[n] == d->sc)
			at = n;
		n++;
	}
	d->sc = all[(at + dir + n) % n];
	return changed(d, _("scenario: %s"), d->sc->name);
}

/* e: writes the run shown to files. */
static int
key_export(void *self, int key)
{
	struct demo *d = self;
	(void)key;
	demo_names_lock(d);
	export_run(d);
	demo_names_unlock(d);
	return APP_REDRAW;
}

/* o: a traced program's output, over the picture, or the picture again. */
static int
key_output(void *self, int key)
{
	struct demo *d = self;
	(void)key;
	if (d->topts.pid != 0) {
		/* Its descriptors are its own: there is nothing to show. */
		demo_msg(d, CS_WARN, "%s", _("a program watched with --pid "
		    "writes where it always did: its output is not captured"));
		return APP_REDRAW;
	}
	outpane_show(&d->pane, !d->pane.open);
	return APP_REDRAW;
}

/* left and right: the cursor one column on, scrolling at the edges. */
static int
key_cursor(void *self, int key)
{
	struct demo *d = self;
	pause_here(d);
	if (d->view.cursor < 0)
		demo_cursor_to_playhead(d);
	d->view.cursor += key == APP_KEY_LEFT ? -1 : 1;
	if (d->view.cursor < 0) {
		d->view.cursor = 0;
		scroll(d, -1);
	} else if (d->view.cursor >= d->view.shown_cols) {
		d->view.cursor = d->view.shown_cols - 1;
		scroll(d, 1);
	}
	return APP_REDRAW;
}

/* up and down: which lane the cursor line describes. */
static int
key_lane(void *self, int key)
{
	struct demo *d = self;
	int nl = d->cur ? d->cur->ex->log.nlanes : 0;

	pause_here(d);
	if (d->view.cursor < 0)
		demo_cursor_to_playhead(d);
	d->view.selected += key == APP_KEY_UP ? -1 : 1;
	if (d->view.selected >= nl)
		d->view.selected = nl - 1;
	if (d->view.selected < 0)
		d->view.selected = 0;
	return APP_REDRAW;
}

/* < and >: twice the time per column, or half. */
static int
key_zoom(void *self, int key)
{
	struct demo *d = self;
	zoom(d, key == '<' || key == ',' ? 2.0 : 0.5);
	return APP_REDRAW;
}

/* [ and ]: half a screen back or forward in time. */
static int
key_scroll(void *self, int key)
{
	struct demo *d = self;
	int half = d->view.shown_cols > 2 ? d->view.shown_cols / 2 : 1;

	scroll(d, key == '[' || key == APP_KEY_PGUP ? -half : half);
	return APP_REDRAW;
}

/* f: back to the live picture, following the newest events. */
static int
key_follow(void *self, int key)
{
	struct demo *d = self;
	(void)key;
	d->zoomed = false;
	d->paused = false;
	d->view.follow = true;
	d->view.cursor = -1;
	d->playhead = demo_data_end_ns(d) - demo_origin_ns(d);
	return APP_REDRAW;
}

#define ALL	KEY_DEMO_ALL
#define RUN	(KEY_LIVE | KEY_LESSON)

/*
 * Every key, in the order the help box lists them; the hint bar shows
 * the rows with a hint, in the same order. Rows for all demo modes (ALL)
 * act on recordings and traced programs too; RUN rows change a scenario's
 * experiment; KEY_LIVE alone picks another scenario, which a lesson's
 * demo may not. KEY_INLINE rows are the keys a lesson page passes to the
 * demo in view. r has a row per mode only to give each its own hint word
 * (a recording replays, a program runs again); the help box lists it once.
 */
static const struct key_row keydefs[] = {
	{ { ' ' }, 0, 0, N_("space"),
	    N_("pause / resume the picture (the run goes on)"),
	    N_("pause"), N_("resume"), NULL, ALL, key_pause },
	{ { 's' }, 0, 0, "s", N_("step the paused picture forward"),
	    N_("step"), NULL, NULL, ALL, key_step },
	{ { 'm' }, 0, 0, "m", N_("slow motion: x1, x1/4, x1/20"),
	    NULL, NULL, NULL, ALL, key_speed },
	{ { APP_KEY_HOME }, 0, 0, N_("home"),
	    N_("replay the run from its start"),
	    NULL, NULL, NULL, ALL, key_rewind },
	{ { 'r', 'R' }, 0, 0, "r", N_("restart the run"),
	    N_("run again"), NULL, NULL, RUN | KEY_CHANGES | KEY_INLINE,
	    key_restart },
	{ { 'r', 'R' }, 0, 0, "r", N_("restart the run"),
	    N_("replay"), NULL, NULL, KEY_RECORDED | KEY_INLINE, key_restart },
	{ { 'r', 'R' }, 0, 0, "r", N_("restart the run"),
	    N_("run it again"), NULL, NULL, KEY_TRACED | KEY_INLINE,
	    key_restart },
	{ { APP_KEY_ENTER }, 0, 0, N_("enter"), N_("restart the run"),
	    NULL, NULL, NULL, ALL | KEY_CHANGES, key_restart },
	{ { '+', '=', '-', '_' }, 0, 0, "+ -", N_("more / fewer workers"),
	    N_("workers"), NULL, "+/-", RUN | KEY_CHANGES | KEY_INLINE,
	    key_workers },
	{ { 'u', 'U' }, 0, 0, "u U", N_("fewer / more work items (units)"),
	    NULL, NULL, NULL, RUN | KEY_CHANGES, key_size },
	{ { 't', 'T' }, 0, 0, "t T", N_("shorter / longer items (unit-ms)"),
	    NULL, NULL, NULL, RUN | KEY_CHANGES, key_size },
	{ { 'k', 'K' }, 0, 0, "k K",
	    N_("fewer / more queue slots or semaphore permits"),
	    NULL, NULL, NULL, RUN | KEY_CHANGES, key_slots },
	{ { 'w' }, 0, 0, "w", N_("kind of work: cpu, io, mixed"),
	    N_("work"), NULL, NULL, RUN | KEY_CHANGES | KEY_INLINE, key_work },
	{ { 'g' }, 0, 0, "g", N_("GIL on / off (scenario gil <-> threads)"),
	    N_("GIL"), NULL, NULL, KEY_LIVE | KEY_CHANGES, key_gil },
	{ { 'o' }, 0, 0, "o", N_("old GIL (Python 2) / new GIL"),
	    NULL, NULL, NULL, RUN | KEY_CHANGES, key_old_gil },
	{ { 'i', 'I' }, 0, 0, "i I", N_("longer / shorter switch interval"),
	    NULL, NULL, NULL, RUN | KEY_CHANGES, key_interval },
	{ { 'p' }, 0, 0, "p", N_("processes start by fork / by spawn"),
	    NULL, NULL, NULL, RUN | KEY_CHANGES, key_start },
	{ { 'c' }, 0, 0, "c", N_("cores allowed: all, 1, 2, ..."),
	    NULL, NULL, NULL, RUN | KEY_CHANGES, key_cores },
	{ { APP_KEY_TAB, APP_KEY_BTAB }, 0, 0, N_("tab"),
	    N_("next scenario (shift-tab: previous)"),
	    N_("scenario"), NULL, NULL, KEY_LIVE | KEY_CHANGES, key_scenario },
	{ { 'e' }, 0, 0, "e", N_("export the run: SVG, Chrome JSON and text"),
	    N_("export"), NULL, NULL, ALL, key_export },
	{ { 'o', 'O' }, 0, 0, "o", N_("a traced program's output (o or esc "
	    "closes it)"), N_("output"), NULL, NULL, KEY_TRACED | KEY_INLINE,
	    key_output },
	{ { APP_KEY_LEFT, APP_KEY_RIGHT }, 0, 0, N_("left right"),
	    N_("move the cursor (pauses)"), NULL, NULL, NULL, ALL, key_cursor },
	{ { APP_KEY_UP, APP_KEY_DOWN }, 0, 0, N_("up down"),
	    N_("lane the cursor describes"), NULL, NULL, NULL, ALL, key_lane },
	{ { '<', ',', '>', '.' }, 0, 0, "< >", N_("zoom out / in"),
	    NULL, NULL, NULL, ALL, key_zoom },
	{ { '[', APP_KEY_PGUP, ']', APP_KEY_PGDN }, 0, 0, N_("[ ] pgup pgdn"),
	    N_("scroll back / forward"), NULL, NULL, NULL, ALL, key_scroll },
	{ { 'f', 'F', APP_KEY_END }, 0, 0, N_("f end"),
	    N_("follow the run again"), NULL, NULL, NULL, ALL, key_follow },
	{ { '?', APP_KEY_F1 }, 0, 0, "?", N_("this help (esc closes it)"),
	    N_("help"), NULL, NULL, ALL | KEY_HINT_KEEP, key_help },
	{ { 'q', 'Q' }, 0, 0, "q", N_("quit"),
	    N_("quit"), NULL, NULL, ALL | KEY_HINT_KEEP, key_quit },
	{ { 0 }, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL }
};

#undef ALL
#undef RUN

/* The table itself, for the help box, the hint bar, hosts and tests. */
const struct key_row *
demo_keydefs(void)
{
	return keydefs;
}

/* Flags of the first row for `key`, whatever the mode. */
int
demo_key_flags(int key)
{
	const struct key_row *k = keys_find(keydefs, key);

	return k != NULL ? (int)k->flags : 0;
}

/* A recording or a traced program first: a lesson may show either. */
unsigned
demo_key_mode(const struct demo *d)
{
	if (d->replay)
		return KEY_RECORDED;
	if (d->traced)
		return KEY_TRACED;
	return (d->flags & DEMO_FIXED) ? KEY_LESSON : KEY_LIVE;
}

/* With the help box open: ?, esc, q and F1 close it. */
static int
help_close(void *self, int key)
{
	struct demo *d = self;

	(void)key;
	d->help = false;
	return APP_REDRAW;
}

/* With the help box open, other keys are taken and do nothing. */
static int
help_taken(void *self, int key)
{
	(void)self;
	(void)key;
	return APP_HANDLED;
}

/* The help box's keys: it takes every key, so none acts behind it. */
static const struct key_row help_keys[] = {
	{ { '?', APP_KEY_ESC, 'q', APP_KEY_F1 }, 0, 0, N_("esc"),
	    N_("close this box"), NULL, NULL, NULL, 0, help_close },
	{ { 0 }, 0, 0, N_("any key"), N_("nothing while the help is open"),
	    NULL, NULL, NULL, KEY_OTHER, help_taken },
	{ { 0 }, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL }
};

/* The help box's table, for tests. */
const struct key_row *
demo_help_keydefs(void)
{
	return help_keys;
}

bool
demo_key_acts(const struct demo *d, const struct key_row *k)
{
	const struct scenario *twin = d->sc->gil_twin;
	bool gil = (d->sc->traits & SCENARIO_GIL_LANE) ||
	    (twin != NULL && (twin->traits & SCENARIO_GIL_LANE) &&
	    !(d->flags & DEMO_FIXED));

	if (k->action == key_start)
		return scenario_uses(d->sc, PARAM_START);
	if (k->action == key_slots)
		return scenario_uses(d->sc, PARAM_CAPACITY) ||
		    scenario_uses(d->sc, PARAM_PERMITS);
	if (k->action == key_gil)
		return twin != NULL;
	if (k->action == key_old_gil || k->action == key_interval)
		return gil;
	return true;
}

/*
 * The help box takes every key (and closes on ?, esc or q); otherwise the
 * key's row says whether it may act in this demo's mode, and its action
 * acts. Unused keys (esc among them) are APP_IGNORED so a host screen can
 * take them.
 */
int
demo_key(struct demo *d, int key)
{
	const struct key_row *k;
	unsigned mode = demo_key_mode(d);
	int f;

	if (d->help)
		return keys_dispatch(help_keys, 0, d, key);
	/* An open output pane scrolls and closes before the demo acts. */
	if ((f = outpane_key(&d->pane, key)) != APP_IGNORED)
		return f;
	if ((k = keys_find_in(keydefs, mode, key)) != NULL)
		return k->action(d, key);
	if (keys_find(keydefs, key) == NULL)
		return APP_IGNORED;
	if (mode == KEY_RECORDED) {
		demo_msg(d, CS_WARN, "%s", _("a recording cannot be changed: r "
		    "replays it, m slows it down"));
		return APP_REDRAW;
	}
	if (mode == KEY_TRACED) {
		demo_msg(d, CS_WARN, "%s", _("a real program cannot be changed "
		    "from here: r runs it again"));
		return APP_REDRAW;
	}
	/* A lesson's demo keeps its scenario; the key says so, and where
	 * the scenario may be changed. */
	demo_msg(d, CS_WARN, _("a lesson's demo keeps its scenario: change "
	    "it in `timeslice demo %s`"), d->sc->name);
	return APP_REDRAW;
}

/*
 * A lesson page's key for the demo in view: only the keys the table marks
 * KEY_INLINE (in the demo's mode) reach it; APP_IGNORED for any other, so
 * the page may use it.
 */
int
demo_key_inline(struct demo *d, int key)
{
	const struct key_row *k;

	/* The row of the demo's mode when the key has one there (o is
	 * the output of a traced program, the GIL of a scenario). */
	if ((k = keys_find_in(keydefs, demo_key_mode(d), key)) == NULL)
		k = keys_find(keydefs, key);

	if (k == NULL || !(k->flags & KEY_INLINE))
		return APP_IGNORED;
	return demo_key(d, key);
}
