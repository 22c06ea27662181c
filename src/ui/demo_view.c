/*
 * demo_view.c - drawing the live demo: the header with its knobs, the
 * timeline, the figures beside or below it, the message line, the hint
 * bar and the help box.
 *
 * Drawing only reads the demo, with one exception: the timeline reports
 * the scale it chose, and a cursor waiting for that scale is placed once
 * it is known. Labels of keys and figures come from their tables (the
 * demo's keys, the scenario's metrics) through gettext.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "engine/gil.h"
#include "trace/export.h"
#include "ui/demo_int.h"
#include "ui/layout.h"

/* What a hidden figure shows, and the glyphs of figures. */
#define HIDDEN	N_("? (predict first)")
#define TIMES	(c->unicode ? "×" : "x")
#define DASH	(c->unicode ? "–" : "-")
/* Marks a figure the machine held back (not faint: a warning). */
#define MARK	(c->unicode ? "⚠" : "!")

#define DEMO_STATS_W 32			/* the stats column, when beside */
#define DEMO_STATS_WIDE 48		/* ... on a terminal of 160+ columns */

/* Sums the time a lane spent in states that count for its shares. */
static uint64_t
lane_total(const struct lane_stats *s)
{
	return s->state_ns[TRACE_RUN] + s->state_ns[TRACE_LOCK_WAIT] +
	    s->state_ns[TRACE_BLOCKED] + s->state_ns[TRACE_IO] +
	    s->state_ns[TRACE_READY] + s->state_ns[TRACE_IDLE];
}

/* Percentage of `part` in `total`, rounded. */
static int
pct(uint64_t part, uint64_t total)
{
	return total ? (int)((part * 100 + total / 2) / total) : 0;
}

/*
 * What only the scenario knows (lost updates, the I/O thread's waits, the
 * customers' waits...), once the run has ended: "label value" pairs flowed
 * over at most `maxrows` rows of `r`. Returns the row after them.
 */
static int
draw_metrics(const struct demo *d, const struct experiment *ex,
    struct canvas *c, struct rect r, int maxrows)
{
	int x = r.x, y = r.y;

	for (int i = 0; i < ex->result.nmetrics && y < r.y + r.h &&
	    y < r.y + maxrows; i++) {
		const struct metric *mt = &ex->result.metrics[i];
		const struct scenario_metric *m;
		char item[96], value[32];
		int w;

		m = scenario_metric_find(ex->scenario, mt->key);
		if (demo_hides(d, mt->key))
			snprintf(value, sizeof value, "%s", _(HIDDEN));
		else
			scenario_metric_format(m, mt->value, value,
			    sizeof value);
		snprintf(item, sizeof item, "%s %s", m != NULL ? _(m->label) :
		    mt->key, value);
		w = canvas_width(item);
		if (x > r.x && x + w > r.x + r.w) {
			x = r.x;
			if (++y >= r.y + r.h || y >= r.y + maxrows)
				break;
		}
		canvas_text_fit(c, x, y, r.x + r.w - x, CS_TITLE, item);
		x += w + 3;
	}
	return ex->result.nmetrics > 0 && x > r.x ? y + 1 : y;
}

/*
 * Writes `s` so that it ends just before column `end`, if that is within
 * `limit` (the first column it may not use).
 */
static void
text_right(struct canvas *c, int end, int limit, int y, const char *s)
{
	int w = canvas_width(s);

	if (end <= limit)
		canvas_text(c, end - w, y, w, CS_TITLE, s);
}

/* The heading of the lane figures at `x`: what each column holds. */
static void
lanes_heading(struct canvas *c, int x, int y, int w, bool wide, bool blk)
{
	int d = blk ? 3 : 0;	/* names give room to the blocked column */

	/* TRANSLATORS: lane figures: at most 12 columns. */
	canvas_text(c, x, y, w < 13 - d ? w : 13 - d, CS_TITLE, _("worker"));
	/* TRANSLATORS: share of time running: at most 4 columns. */
	text_right(c, x + 18 - d, x + w, y, _("run"));
	/* TRANSLATORS: share of time waiting for a lock: at most 4 columns. */
	text_right(c, x + 23 - d, x + w, y, _("wait"));
	if (blk)
		/* TRANSLATORS: share of time blocked waiting for another
		 * thread: at most 4 columns. */
		text_right(c, x + 25, x + w, y, _("blk"));
	/* TRANSLATORS: share of time in I/O: at most 4 columns. */
	text_right(c, x + 28 + 2 * d / 3, x + w, y, _("io"));
	if (wide) {
		/* TRANSLATORS: context switches: at most 4 columns. */
		text_right(c, x + 33 + 2 * d / 3, x + w, y, _("swi"));
		/* TRANSLATORS: median lock wait: at most 9 columns. */
		text_right(c, x + 43 + 2 * d / 3, x + w, y, _("wait p50"));
	}
}

/* Whether some lane was blocked waiting for another thread (a traced
 * program): the figures then give that share a column of its own. */
static bool
any_blocked(const struct log *lg, const struct lane_stats *ls)
{
	for (int i = 0; i < lg->nlanes; i++)
		if (ls[i].state_ns[TRACE_BLOCKED] > 0)
			return true;
	return false;
}

/*
 * One line per lane under a heading: the shares of its time running,
 * waiting, blocked (when any lane was) and in I/O (and, when wide, its
 * switches and median wait), in one column beside the timeline or two
 * below it.
 */
static void
draw_lanes(const struct log *lg, const struct lane_stats *ls,
    struct canvas *c, struct rect r, bool beside)
{
	int y = r.y, colw = beside ? r.w : r.w / 2, n;
	bool blk = any_blocked(lg, ls);
	int namew = blk ? 8 : 11;
	bool wide = colw >= (blk ? 48 : 46);
	char a[32], nb[64], cut[96];

	/*
	 * A heading with no row under it says nothing, nor does one over
	 * only "+N more": show neither.
	 */
	if (r.h < 2 || lg->nlanes == 0 || (r.h < 3 && lg->nlanes >
	    (beside ? 1 : 2)))
		return;
	lanes_heading(c, r.x, y, colw, wide, blk);
	if (!beside && lg->nlanes > 1)
		lanes_heading(c, r.x + colw, y, colw, wide, blk);
	y++;
	for (int i = 0; i < lg->nlanes; i++) {
		const struct lane_stats *s = &ls[i];
		uint64_t tot = lane_total(s);
		int x = r.x + (beside ? 0 : (i % 2) * colw);

		if (y >= r.y + r.h)
			break;
		if (lg->nlanes - i > (r.y + r.h - y) * (beside ? 1 : 2) &&
		    y == r.y + r.h - 1) {
			canvas_printf(c, x, y, colw, CS_DIM, _("+%d more"),
			    lg->nlanes - i);
			break;
		}
		/* The name in columns, not bytes: it may not be ASCII. */
		canvas_printf(c, x, y, 2, CS_TEXT, "%c", export_lane_char(i));
		canvas_text(c, x + 2, y, namew, CS_TEXT, layout_label(
		    i18n_lane_name(lg->trace->lanes[i].name, nb, sizeof nb),
		    namew - 1, c->unicode, cut, sizeof cut));
		n = namew + 2;
		n += canvas_printf(c, x + n, y, colw - n, CS_TEXT,
		    " %3d%% %3d%%", pct(s->state_ns[TRACE_RUN], tot),
		    pct(s->state_ns[TRACE_LOCK_WAIT], tot));
		if (blk)
			n += canvas_printf(c, x + n, y, colw - n, CS_TEXT,
			    " %3d%%", pct(s->state_ns[TRACE_BLOCKED], tot));
		n += canvas_printf(c, x + n, y, colw - n, CS_TEXT, " %3d%%",
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

/* Whether the baseline had less of a core free than its work wanted. */
static bool
baseline_slowed(const struct experiment *ex)
{
	return ex->has_capacity && ex->has_baseline &&
	    ex->baseline_cores_free >= 0 &&
	    ex->baseline_cores_free < ex->baseline_cpu_share * 0.9;
}

/*
 * The best speedup the machine could have given just then: each lane
 * wants `share` of a core (1 for CPU work, about 0 for waits) and the run
 * got at most the cores that were free; the baseline wanted `share` and
 * got at most what was free while it ran. 0 when the work barely wants a
 * core, so the machine does not bound it.
 */
static double
best_possible(const struct experiment *ex)
{
	double share = ex->has_baseline ? ex->baseline_cpu_share :
	    experiment_baseline_share(&ex->params, 0, 0);
	double lanes = ex->log.nlanes > 0 ? ex->log.nlanes : 1;
	double run = ex->cores_free, base = share;

	if (share < 0.05)
		return 0;
	if (run > lanes * share)
		run = lanes * share;
	if (ex->has_baseline && ex->baseline_cores_free >= 0 &&
	    ex->baseline_cores_free < share)
		base = ex->baseline_cores_free < 0.05 ? 0.05 :
		    ex->baseline_cores_free;
	return run / base;
}

bool
demo_speedup_short(const struct experiment *ex, char *why, size_t size)
{
	double at_once = 1, need = 0;

	if (!ex->has_capacity || !ex->has_baseline || ex->cores_free < 0)
		return false;
	/* Waits want no core: the machine does not bound them. */
	if (best_possible(ex) > 0 && scenario_speedup_ceiling(ex->scenario,
	    &ex->params, ex->cpus, &at_once) > 0)
		need = at_once < ex->cpus ? at_once : ex->cpus;
	/* The cores first: they say why the figure is low. */
	if (need > 0 && ex->cores_free < need * 0.9) {
		snprintf(why, size, ngettext("needs %d core", "needs %d cores",
		    (int)need), (int)need);
		return true;
	}
	if (baseline_slowed(ex)) {
		snprintf(why, size, "%s", _("sequential slow"));
		return true;
	}
	return false;
}

/* The figures, as label/value lines, into `r`, one or two columns. */
static void
draw_stats(struct demo *d, struct canvas *c, struct rect r, bool beside)
{
	const struct experiment *ex = d->cur ? d->cur->ex : NULL;
	const struct log *lg = ex ? &ex->log : NULL;
	bool done = d->cur != NULL && d->cur->joined && !d->failed;
	char a[32], b[32], n1[32], n2[32], n3[32], why[64], mark[32];
	bool short_run = false;
	uint64_t wall, cpu = 0, events, dropped;
	int y = r.y, colw = beside ? r.w : r.w / 2, nlines = 0;
	const struct experiment_series *ser = demo_series(d);
	const struct experiment_figure *fsp = NULL;
	struct {
		const char	*label;
		char		 value[64];
		uint8_t		 style;
	} line[12];

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
	/* TRANSLATORS: the figures' labels: at most 13 columns each. */
	if (demo_hides(d, "wall_ms"))
		LINE(_("wall time"), CS_DIM, "%s", _(HIDDEN));
	else
		LINE(_("wall time"), CS_TEXT, "%s", timeline_format_ns(a,
		    sizeof a, wall, c->unicode));
	if (demo_hides(d, "cpu_ms"))
		LINE(done ? _("cpu time") : _("running (sum)"), CS_DIM, "%s",
		    _(HIDDEN));
	else
		LINE(done ? _("cpu time") : _("running (sum)"), CS_TEXT, "%s",
		    timeline_format_ns(b, sizeof b, cpu, c->unicode));
	if (ser != NULL && ser->runs > 1)
		fsp = experiment_series_figure(ser, "speedup");
	if (d->traced) {
		/* No baseline for a real program: the cores it kept busy. */
		if (wall > 0)
			LINE(_("cores used"), CS_TEXT, "%s", i18n_num(n1,
			    sizeof n1, (double)cpu / (double)wall, 2));
	} else if (demo_hides(d, "speedup")) {
		/* The sequential time would give the answer away too. */
		LINE(_("speedup"), CS_DIM, "%s", _(HIDDEN));
	} else if (done && ex->has_baseline) {
		short_run = demo_speedup_short(ex, why, sizeof why);
		if (baseline_slowed(ex))
			LINE(_("sequential"), CS_WARN, _("%s, %s free"),
			    timeline_format_ns(a, sizeof a,
			    ex->baseline_wall_ns, c->unicode), i18n_num(n1,
			    sizeof n1, ex->baseline_cores_free, 1));
		else
			LINE(_("sequential"), CS_TEXT, "%s", timeline_format_ns(a,
			    sizeof a, ex->baseline_wall_ns, c->unicode));
		if (fsp != NULL && fsp->n > 1)
			LINE(_("speedup"), short_run ? CS_WARN :
			    fsp->median >= 1.15 ? CS_GOOD :
			    fsp->median < 0.87 ? CS_WARN : CS_TITLE,
			    colw - 15 >= 28 ? _("%s%s (%s%s%s), %d runs") :
			    _("%s%s (%s%s%s)"), i18n_num(n1, sizeof n1,
			    fsp->median, 2), TIMES, i18n_num(n2, sizeof n2,
			    fsp->min, 2), DASH, i18n_num(n3, sizeof n3,
			    fsp->max, 2), fsp->n);
		else
			LINE(_("speedup"), short_run ? CS_WARN :
			    ex->speedup >= 1.15 ? CS_GOOD :
			    ex->speedup < 0.87 ? CS_WARN : CS_TITLE, "%s%s",
			    i18n_num(n1, sizeof n1, ex->speedup, 2), TIMES);
		/* A figure the busy machine held back says so, marked. */
		if (short_run) {
			char *v = line[nlines - 1].value;
			size_t len = strlen(v), k = strlen(MARK) + 1;

			/* The mark goes first: the figure still ends its line. */
			if (len + k < sizeof line[0].value) {
				memmove(v + k, v, len + 1);
				memcpy(v, MARK, k - 1);
				v[k - 1] = ' ';
			}
			/* TRANSLATORS: a figure's label, at most 11 columns. */
			snprintf(mark, sizeof mark, "%s %s", MARK,
			    C_("figure", "busy"));
			LINE(mark, CS_WARN, "%s", why);
		}
	} else if (done && d->bl != NULL)
		LINE(_("speedup"), CS_DIM, "%s", _("measuring..."));
	else if (done)
		LINE(_("speedup"), CS_DIM, "%s", _("n/a (no baseline)"));
	else
		LINE(_("speedup"), CS_DIM, "%s", _("when the run ends"));
	/* What the machine could give just then (engine/capacity.h). */
	if (done && ex->has_capacity && ex->cores_free >= 0) {
		double best = best_possible(ex);
		struct params bp;

		/* A scenario with no sequential run (race, queue...) has no
		 * speedup to bound. */
		if (best > 0 && !demo_hides(d, "speedup") && !d->traced &&
		    ex->scenario != NULL && scenario_baseline(ex->scenario,
		    &ex->params, &bp) != NULL)
			LINE(_("best possible"), short_run ? CS_WARN : CS_TEXT,
			    _("%s%s now"), i18n_num(n1, sizeof n1, best, 1),
			    TIMES);
		LINE(_("cores free"), ex->cores_free < ex->cpus - 0.5 ?
		    CS_WARN : CS_TEXT, _("%s of %d"), i18n_num(n2, sizeof n2,
		    ex->cores_free, 1), ex->cpus);
	} else if (!done && !d->replay)
		LINE(_("cores free"), CS_DIM, "%s", _("when the run ends"));
	if (lg->nholds > 0) {
		double per_s = 0;
		uint64_t changes = 0;

		changes = done ? ex->lock.holder_changes : d->live_changes;
		if (wall > 0)
			per_s = (double)changes / ((double)wall / 1e9);
		/* A prediction may ask for the hand-offs or the waits. */
		if (demo_hides(d, "holder_changes"))
			LINE(_("hand-offs/s"), CS_DIM, "%s", _(HIDDEN));
		else
			/* TRANSLATORS: hand-offs a second, then how many
			 * there were in the whole run. */
			LINE(_("hand-offs/s"), CS_TEXT, _("%s (%s in all)"),
			    i18n_count(n1, sizeof n1, per_s), i18n_count(n2,
			    sizeof n2, (double)changes));
		if (done && ex->has_lock && beside &&
		    (demo_hides(d, "lock_wait_p50_ms") ||
		    demo_hides(d, "lock_wait_p99_ms")))
			LINE(_("wait p50/p99"), CS_DIM, "%s", _(HIDDEN));
		else if (done && ex->has_lock && beside)
			LINE(_("wait p50/p99"), CS_TEXT, "%s / %s",
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
		LINE(_("events"), dropped ? CS_WARN : CS_TEXT,
		    _("%llu, %llu dropped"), (unsigned long long)events,
		    (unsigned long long)dropped);
#undef LINE

	for (int i = 0; i < nlines && y < r.y + r.h; i++) {
		int x = r.x + (beside ? 0 : (i % 2) * colw);

		canvas_text_fit(c, x, y, 13, CS_DIM, line[i].label);
		canvas_text_fit(c, x + 14, y, colw - 15, line[i].style,
		    line[i].value);
		if (beside || i % 2 == 1 || i == nlines - 1)
			y++;
	}
	if (y >= r.y + r.h)
		return;
	if (done)
		y = draw_metrics(d, ex, c, (struct rect){ r.x, y, r.w,
		    r.y + r.h - y }, beside ? 6 : 2);
	if (beside)
		y++;
	draw_lanes(lg, done ? ex->lanes : d->live, c, (struct rect){ r.x, y,
	    r.w, r.y + r.h - y }, beside);
}

/*
 * A short description of the knobs in use: only those the scenario
 * reads (its row says which), so the header describes the run shown.
 */
static void
describe(const struct demo *d, char *buf, size_t len)
{
	const struct scenario *sc = d->sc;
	bool units = scenario_uses(sc, PARAM_UNITS);
	bool unit_ms = scenario_uses(sc, PARAM_UNIT_MS);
	char n1[32], n2[32];
	size_t n = 0;

	if (d->traced) {
		int nl = d->cur != NULL ? d->cur->ex->log.nlanes : 0;
		char hz[32];

		snprintf(buf, len, ngettext("%d lane · sampled %s times a "
		    "second", "%d lanes · sampled %s times a second", nl), nl,
		    i18n_numg(hz, sizeof hz, d->topts.rate, 6));
		return;
	}
	if (d->replay && (d->rec == NULL || !d->rec->described)) {
		int nl = d->cur != NULL ? d->cur->ex->log.nlanes : 0;

		snprintf(buf, len, ngettext("%d lane · r replays · m slow "
		    "motion", "%d lanes · r replays · m slow motion", nl), nl);
		return;
	}
	/* Each piece after the first starts with its separator. */
#define ADD(...) do { if (n < len) n += (size_t)snprintf(buf + n, \
	len - n, __VA_ARGS__); } while (0)
#define SEP (n > 0 ? " · " : "")
	buf[0] = '\0';
	if (scenario_uses(sc, PARAM_WORKERS))
		ADD(ngettext("%d worker", "%d workers", d->p.workers),
		    d->p.workers);
	if (scenario_uses(sc, PARAM_WORK))
		ADD("%s%s", SEP, _(work_kind_name(d->p.work)));
	i18n_numg(n1, sizeof n1, d->p.unit_ms, 6);
	if (units && unit_ms)
		ADD("%s%d×%sms", SEP, d->p.units, n1);
	else if (units) {
		ADD("%s", SEP);
		ADD(ngettext("%d unit", "%d units", d->p.units), d->p.units);
	} else if (unit_ms) {
		ADD("%s", SEP);
		ADD(_("%sms each"), n1);
	}
	if (scenario_uses(sc, PARAM_CAPACITY)) {
		ADD("%s", SEP);
		ADD(ngettext("%d slot", "%d slots", d->p.capacity),
		    d->p.capacity);
	}
	if (scenario_uses(sc, PARAM_PERMITS)) {
		ADD("%s", SEP);
		ADD(ngettext("%d permit", "%d permits", d->p.permits),
		    d->p.permits);
	}
	if (sc->traits & SCENARIO_GIL_LANE) {
		ADD("%s", SEP);
		/* The old GIL counted ticks; it had no interval to show. */
		if (d->p.old_gil)
			ADD(_("old GIL, %d ticks"), GIL_OLD_TICKS);
		else
			ADD(_("new GIL %sms"), i18n_numg(n2, sizeof n2,
			    d->p.switch_interval_ms, 6));
	}
	if (scenario_uses(sc, PARAM_START))
		ADD("%s%s", SEP, start_method_name(d->p.start));
	if (d->p.cores > 0) {
		ADD("%s", SEP);
		ADD(ngettext("%d core", "%d cores", d->p.cores), d->p.cores);
	} else if (scenario_uses(sc, PARAM_CORES))
		ADD("%s%s", SEP, _("all cores"));
#undef SEP
#undef ADD
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
	char knobs[256], status[64], sp[32];
	uint8_t sst = CS_GOOD;
	int n, sw;

	describe(d, knobs, sizeof knobs);
	if (!c->unicode)
		asciify(knobs);
	/* TRANSLATORS: the demo's state, top right. */
	if (d->restart_pending)
		snprintf(status, sizeof status, "%s", _("stopping..."));
	else if (d->failed)
		snprintf(status, sizeof status, "%s", _("failed")),
		    sst = CS_ERROR;
	else if (d->paused)
		snprintf(status, sizeof status, "%s", _("paused")),
		    sst = CS_WARN;
	else if (d->cur != NULL && !d->cur->joined)
		snprintf(status, sizeof status, "%s",
		    C_("demo status", "running"));
	else if (d->cur != NULL && d->playhead < demo_data_end_ns(d) -
	    demo_origin_ns(d))
		snprintf(status, sizeof status, "%s", _("replaying"));
	else if (d->cur != NULL)
		snprintf(status, sizeof status, "%s", _("done")),
		    sst = CS_TITLE;
	else
		snprintf(status, sizeof status, "%s", _("press r to run")),
		    sst = CS_DIM;
	if (d->speed < 1.0) {
		size_t l = strlen(status);

		snprintf(status + l, sizeof status - l, " x%s",
		    i18n_numg(sp, sizeof sp, d->speed, 6));
	}
	sw = canvas_width(status);
	n = canvas_text_fit(c, r.x, r.y, r.w, CS_TITLE, d->sc->name);
	canvas_text_fit(c, r.x + n + 2, r.y, r.w - n - 3 - sw, CS_TEXT,
	    knobs);
	canvas_text(c, r.x + r.w - sw, r.y, sw, sst, status);
	if (r.h > 1 && (d->replay || d->traced) && d->caption[0] != '\0')
		canvas_printf(c, r.x, r.y + 1, r.w, CS_DIM, "%s: %s", d->title,
		    d->caption);
	else if (r.h > 1 && d->replay && d->rec != NULL && d->rec->described)
		canvas_printf(c, r.x, r.y + 1, r.w, CS_DIM, _("%s; models %s"),
		    d->title, _(d->sc->models));
	else if (r.h > 1 && d->traced)
		canvas_printf(c, r.x, r.y + 1, r.w, CS_DIM, "%s; %s", d->title,
		    _(d->sc->models));
	else if (r.h > 1 && d->replay)
		canvas_text_fit(c, r.x, r.y + 1, r.w, CS_DIM, d->title);
	else if (r.h > 1)
		canvas_printf(c, r.x, r.y + 1, r.w, CS_DIM, _("%s; models %s"),
		    _(d->sc->summary), _(d->sc->models));
}

/* Puts the cursor on the last column drawn, once the scale is known. */
void
demo_cursor_to_playhead(struct demo *d)
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

/* The columns row `k` takes on the hint bar: keys, a space, word, gap. */
static int
hint_width(const struct demo *d, const struct key_row *k)
{
	char names[32];

	keys_hint_names(k, names, sizeof names);
	return canvas_width(names) + 1 + canvas_width(_(d->paused &&
	    k->hint_alt != NULL ? k->hint_alt : k->hint)) + 2;
}

/* Whether row `k` goes on the hint bar of demo `d`. */
static bool
hinted(const struct demo *d, const struct key_row *k)
{
	return k->hint != NULL && k->names != NULL &&
	    keys_applies(k, demo_key_mode(d)) && demo_key_acts(d, k);
}

/*
 * The one-line reminder of the main keys, from the rows of the key table
 * that have a hint. A row that does not fit is left out, but never one
 * marked KEY_HINT_KEEP: the others leave room for those after them.
 */
static void
draw_hints(const struct demo *d, struct canvas *c, int x, int y, int w)
{
	const struct key_row *kd = demo_keydefs();
	int col = 0;

	for (const struct key_row *k = kd; k->action != NULL; k++) {
		char names[32];
		int need, keep = 0;

		if (!hinted(d, k))
			continue;
		need = hint_width(d, k);
		for (const struct key_row *a = k + 1; a->action != NULL &&
		    !(k->flags & KEY_HINT_KEEP); a++)
			if (hinted(d, a) && (a->flags & KEY_HINT_KEEP))
				keep += hint_width(d, a);
		if (col + need > w - keep)
			continue;
		keys_hint_names(k, names, sizeof names);
		col += canvas_text(c, x + col, y, w - col, CS_KEY, names);
		col += 1;
		col += canvas_text(c, x + col, y, w - col, CS_DIM,
		    _(d->paused && k->hint_alt != NULL ? k->hint_alt :
		    k->hint));
		col += 2;
	}
}

/*
 * The help box: a framed list of the keys that act in this demo's mode,
 * from the key table, centred over the demo.
 */
static void
draw_help(const struct demo *d, struct canvas *c, struct rect r)
{
	struct key_help help = { 0 };
	struct key_row rows[64];
	size_t n = 0;
	int w, h, foot;
	struct rect b;

	/* The rows that act on this scenario, and the table's end. */
	for (const struct key_row *k = demo_keydefs(); ; k++)
		if (k->action == NULL || (n + 1 < sizeof rows / sizeof rows[0] &&
		    demo_key_acts(d, k))) {
			rows[n++] = *k;
			if (k->action == NULL)
				break;
		}
	keys_help_add(&help, rows, demo_key_mode(d), 0);
	/* Short of rows, the keys go first: the ? row says esc closes. */
	foot = help.n + 6 <= r.h ? 4 : help.n + 5 <= r.h ? 3 : 0;
	w = 66 < r.w ? 66 : r.w;
	h = help.n + 2 + foot < r.h ? help.n + 2 + foot : r.h;
	b = (struct rect){ r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, w, h };
	canvas_fill(c, b, L' ', CS_TEXT);
	canvas_box(c, b, CS_BORDER, _("keys"));
	for (int i = 0; i < help.n && i < h - 2 - (foot ? foot - 1 : 0);
	    i++) {
		canvas_text(c, b.x + 2, b.y + 1 + i, 15, CS_KEY,
		    help.v[i].names);
		canvas_text(c, b.x + 18, b.y + 1 + i, w - 19, CS_TEXT,
		    _(help.v[i].help));
	}
	/* Every mark the rows under the lanes draw is said somewhere. */
	if (foot == 4)
		canvas_text_fit(c, b.x + 2, b.y + h - 4, w - 4, CS_DIM,
		    _("lock and cpu rows: the lane's number or letter"));
	if (foot) {
		canvas_printf(c, b.x + 2, b.y + h - 3, w - 4, CS_DIM,
		    _("e writes to %s"), export_dir());
		canvas_text(c, b.x + 2, b.y + h - 2, w - 4, CS_DIM,
		    _("press ? or esc to close"));
	}
}

/*
 * Writes `text` into `r`, each '\n'-separated line wrapped at spaces to
 * the width (a word longer than the width is cut); rows past the bottom
 * are left out.
 */
static void
draw_wrapped(struct canvas *c, struct rect r, uint8_t style, const char *text)
{
	char line[512], word[512];
	int y = r.y, lw = 0;
	size_t n = 0;
	const char *p = text;

	while (y < r.y + r.h) {
		size_t w = strcspn(p, " \n");
		int ww;

		if (w > sizeof word - 1)
			w = sizeof word - 1;
		memcpy(word, p, w);
		word[w] = '\0';
		ww = canvas_width(word);
		if (n > 0 && (lw + 1 + ww > r.w || n + 1 + w >= sizeof line)) {
			canvas_text(c, r.x, y++, r.w, style, line);
			n = 0;
			lw = 0;
			continue;	/* the word again, on a new line */
		}
		if (n > 0) {
			line[n++] = ' ';
			lw++;
		}
		memcpy(line + n, word, w);
		n += w;
		line[n] = '\0';
		lw += ww;
		p += strcspn(p, " \n");
		if (*p == ' ') {
			p++;
			continue;
		}
		canvas_text(c, r.x, y++, r.w, style, line);
		n = 0;
		lw = 0;
		if (*p == '\0')
			break;
		p++;	/* the '\n' */
	}
}

/*
 * The traced program's output over the picture, titled with how the
 * program ended once it has.
 */
static void
draw_output(struct demo *d, struct canvas *c, struct rect r)
{
	const struct tracerun *tr = &d->cur->tracer->run;
	char title[192], ending[128];

	if (!d->cur->joined)
		snprintf(title, sizeof title, "%s", _("the program's output so "
		    "far"));
	else {
		summary_ending(tr, ending, sizeof ending);
		if (ending[0] != '\0' && !tr->interrupted)
			snprintf(title, sizeof title, _("the program's output "
			    "(it %s)"), ending);
		else
			snprintf(title, sizeof title, "%s", _("the program's "
			    "output"));
	}
	outpane_draw(&d->pane, c, r, title, &d->cur->out, &d->cur->err);
}

/*
 * Lays the demo out in `r`: header, timeline, figures beside it (wide) or
 * below it (narrow), the message line and, full screen, the hint bar.
 */
static void
draw_all(struct demo *d, struct canvas *c, struct rect r)
{
	struct rect tl, st;
	bool beside = r.w >= 100;
	int bottom = (d->flags & DEMO_FULLSCREEN) ? 2 : 1, stats_h, head = 2;
	uint64_t origin = demo_origin_ns(d), now;

	if (d->cur != NULL && !d->cur->joined)
		d->ui_frames++;
	if (r.w < 30 || r.h < 8) {
		canvas_text(c, r.x, r.y, r.w, CS_WARN, _("demo needs 30x8"));
		return;
	}
	if (r.h < 16)
		head = 1;
	draw_header(d, c, (struct rect){ r.x, r.y, r.w, head });
	tl = (struct rect){ r.x, r.y + head + 1, r.w, r.h - head - 1 - bottom };
	if (d->cue_pending)
		canvas_text(c, tl.x, tl.y, tl.w, CS_DIM,
		    _("press r to play the recording"));
	else if (d->cur != NULL && d->cur->ex->log.nlanes > 0) {
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
			uint64_t end = demo_data_end_ns(d);

			d->view.follow = true;
			d->view.ns_per_col = 0;
			d->view.fit_ns = d->cur->joined ? (end > origin ?
			    end - origin : 0) : d->est_ns;
		}
		timeline_draw(c, tl, &d->cur->ex->log, origin, now, &d->view);
		if (d->place_cursor && d->paused) {
			/* Now that the scale is known, draw with the cursor. */
			demo_cursor_to_playhead(d);
			canvas_fill(c, tl, L' ', CS_TEXT);
			timeline_draw(c, tl, &d->cur->ex->log, origin, now,
			    &d->view);
		}
		draw_stats(d, c, st, beside);
	} else if (d->cur != NULL && !d->failed)
		canvas_text(c, tl.x, tl.y, tl.w, CS_DIM, _("starting..."));
	else if (d->failed && d->why[0] != '\0') {
		canvas_text(c, tl.x, tl.y, tl.w, CS_DIM,
		    _("nothing to show: the run did not start"));
		draw_wrapped(c, (struct rect){ tl.x, tl.y + 1, tl.w,
		    tl.h - 1 }, CS_WARN, d->why);
	} else if (d->failed)
		canvas_text(c, tl.x, tl.y, tl.w, CS_DIM,
		    _("nothing to show: the run did not start (see below)"));
	else if (d->cur == NULL && !d->restart_pending && d->waiting != NULL)
		draw_wrapped(c, tl, CS_TEXT, d->waiting);
	else if (d->cur == NULL && !d->restart_pending)
		canvas_text(c, tl.x, tl.y, tl.w, CS_DIM,
		    _("press r to start the run"));
	if (d->msg[0] != '\0')
		canvas_text(c, r.x, r.y + r.h - bottom, r.w, d->msg_style,
		    d->msg);
	if (d->flags & DEMO_FULLSCREEN)
		draw_hints(d, c, r.x, r.y + r.h - 1, r.w);
	if (d->pane.open && d->cur != NULL && d->cur->tracer != NULL)
		draw_output(d, c, (struct rect){ r.x, r.y + head + 1, r.w,
		    r.h - head - 1 - bottom });
	if (d->help)
		draw_help(d, c, r);
}

void
demo_draw(struct demo *d, struct canvas *c, struct rect r)
{
	demo_names_lock(d);
	draw_all(d, c, r);
	demo_names_unlock(d);
}
