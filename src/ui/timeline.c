/*
 * timeline.c - drawing a log as lanes of state glyphs over a time axis.
 *
 * Drawing goes in two passes. The first sweeps every lane's intervals
 * once, column by column (intervals are sorted, so a lane costs its
 * columns plus the intervals in view), and works out each cell's glyph and
 * style, how many lanes wait for the lock at each column, and who ran on
 * each CPU. The second lays the rows out in the rectangle, dropping the
 * least important rows first when it is short of room.
 *
 * Lanes that do not fit (ten thousand coroutine tasks on a terminal of
 * fifty rows) are not swept cell by cell: timeline_count.c counts them
 * and draws the summary lane. Every lane is counted once per frame (for
 * the lock waiters, the CPU rows and the legend); the lanes then drawn
 * one by one are taken back out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "trace/export.h"
#include "ui/layout.h"
#include "ui/timeline.h"
#include "ui/timeline_int.h"
#include "util.h"

#define LABEL_MIN 10
#define LABEL_MAX 18
#define TICK_MIN_COLS 10

/* Left blocks from one eighth to a full cell. */
static const wchar_t eighths[9] = {
	L' ', L'▏', L'▎', L'▍', L'▌', L'▋', L'▊', L'▉', L'█'
};

/* A run of one state inside a column (0 stands for nothing drawn). */
struct tl_seg {
	int		st;
	uint64_t	ns;
};

void
timeline_view_init(struct timeline_view *v)
{
	memset(v, 0, sizeof *v);
	v->follow = true;
	v->cursor = -1;
}


/*
 * Colour terminals paint states as solid bars; without colour, or in a
 * theme with patterns, each state gets a glyph of its own; without Unicode, the characters export_text
 * uses, so a screen and a text export read alike.
 */
/*
 * Whether states are told apart by colour alone (solid bars): not
 * without colour, and not in a theme that asks for patterns.
 */
static bool
solid(const struct canvas *c)
{
	return c->color && !c->patterns;
}

wchar_t
timeline_state_glyph(const struct canvas *c, enum trace_state s)
{
	static const wchar_t ascii[TRACE_STATE_COUNT] = {
		L' ', L'#', L'-', L'.', L':', L'_', L' ', L'=', L'~'
	};
	/* Blocked is crossed, so it never reads as the GIL wait's shade. */
	static const wchar_t mono[TRACE_STATE_COUNT] = {
		L' ', L'█', L'░', L'▁', L'┄', L'·', L' ', L'▒', L'╳'
	};

	if (s >= TRACE_STATE_COUNT)
		return L' ';
	if (!c->unicode)
		return ascii[s];
	if (!solid(c))
		return mono[s];
	if (s == TRACE_NONE || s == TRACE_DONE)
		return L' ';
	if (s == TRACE_BUSY)
		return L'▒';	/* busy, but not a solid bar: not on a CPU */
	return s == TRACE_IDLE ? L'▁' : L'█';
}

char *
timeline_format_ns(char *buf, size_t len, uint64_t ns, bool unicode)
{
	double v = (double)ns;

	char n[32];

	/* The number in the interface language's way ("25,3ms"). */
	if (ns == 0)
		snprintf(buf, len, "0");
	else if (ns < 1000)
		snprintf(buf, len, "%lluns", (unsigned long long)ns);
	else if (ns < 1000000)
		snprintf(buf, len, "%s%s", i18n_numg(n, sizeof n, v / 1e3, 4),
		    unicode ? "µs" : "us");
	else if (ns < 1000000000)
		snprintf(buf, len, "%sms", i18n_numg(n, sizeof n, v / 1e6, 4));
	else
		snprintf(buf, len, "%ss", i18n_numg(n, sizeof n, v / 1e9, 4));
	return buf;
}

/* The state as drawn: not started and done both draw nothing. */
int
timeline_visible(int st)
{
	return st == TRACE_DONE || st >= TRACE_STATE_COUNT ? TRACE_NONE : st;
}

/* Appends ns of state st to a column's runs; more than three: overflow. */
static void
seg_add(struct tl_seg *seg, int *n, int st, uint64_t ns)
{
	if (ns == 0)
		return;
	if (*n > 0 && *n <= 3 && seg[*n - 1].st == st) {
		seg[*n - 1].ns += ns;
		return;
	}
	if (*n < 3) {
		seg[*n].st = st;
		seg[*n].ns = ns;
	}
	(*n)++;
}

/* A right-aligned block for a state that fills the last `e` eighths. */
static void
right_part(const struct canvas *c, int st, int e, struct tl_cell *out)
{
	out->style = CS_STATE(st);
	if (e >= 7)
		out->ch = timeline_state_glyph(c, (enum trace_state)st);
	else if (e >= 3)
		out->ch = L'▐';
	else
		out->ch = L'▕';
}

/*
 * Decides one cell from its runs of states and the time each state took:
 * one state, a single edge to the eighth, or the aggregate.
 */
static void
decide_cell(const struct canvas *c, const struct tl_seg *seg, int nseg,
    const uint64_t *share, uint64_t npc, struct tl_cell *out)
{
	int best = TRACE_NONE;

	out->ch = L' ';
	out->style = CS_TEXT;
	if (nseg == 1) {
		if (seg[0].st != TRACE_NONE) {
			out->ch = timeline_state_glyph(c,
			    (enum trace_state)seg[0].st);
			out->style = CS_STATE(seg[0].st);
		}
		return;
	}
	if (nseg == 2 && c->unicode) {
		int a = seg[0].st, b = seg[1].st;
		int e = (int)((seg[0].ns * 8 + npc / 2) / npc);

		if (e < 1)
			e = 1;
		if (e > 7)
			e = 7;
		if (solid(c) && a != TRACE_NONE) {
			out->ch = eighths[e];
			out->style = CS_EDGE(a, b);
			return;
		}
		if (a == TRACE_NONE || (!solid(c) && b == TRACE_RUN)) {
			right_part(c, b, 8 - e, out);
			return;
		}
		if (a == TRACE_RUN) {
			out->ch = eighths[e];
			out->style = CS_STATE(TRACE_RUN);
			return;
		}
	}
	for (int st = 1; st < TRACE_STATE_COUNT; st++)
		if (share[st] > share[best])
			best = st;
	if (share[TRACE_RUN] > 0 && c->unicode && share[TRACE_RUN] < npc) {
		/*
		 * Several changes in one column: show how much of it ran as
		 * a block of that width over the state that took most of
		 * the rest, so a thread that ran a quarter of the time does
		 * not look as busy as one that ran all of it.
		 */
		int other = TRACE_NONE;
		int e = (int)((share[TRACE_RUN] * 8 + npc / 2) / npc);

		for (int st = 1; st < TRACE_STATE_COUNT; st++)
			if (st != TRACE_RUN && share[st] > share[other])
				other = st;
		if (share[other] * 2 < npc - share[TRACE_RUN])
			other = TRACE_NONE;	/* mostly empty */
		out->ch = eighths[e < 1 ? 1 : e > 7 ? 7 : e];
		out->style = solid(c) ? CS_EDGE(TRACE_RUN, other) :
		    CS_STATE(TRACE_RUN);
		return;
	}
	/* Otherwise any running at all shows, so short runs never vanish. */
	if (share[TRACE_RUN] > 0)
		best = TRACE_RUN;
	if (best != TRACE_NONE) {
		out->ch = timeline_state_glyph(c, (enum trace_state)best);
		out->style = CS_STATE(best);
	}
}

/* Index of the first interval of a lane that ends after ts. */
size_t
timeline_first_interval(const struct log_lane *ll, uint64_t ts)
{
	size_t lo = 0, hi = ll->niv;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct log_interval *iv = &ll->iv[mid];

		if (iv->end_ns != 0 && iv->end_ns <= ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Sweeps one lane across every column. */
static void
sweep_lane(const struct canvas *c, const struct log *lg, int lane,
    struct tl_pass *p)
{
	const struct log_lane *ll = &lg->lanes[lane];
	size_t k = timeline_first_interval(ll, p->t0);

	for (int col = 0; col < p->cols; col++) {
		uint64_t c0 = p->t0 + (uint64_t)col * p->npc, c1 = c0 + p->npc;
		uint64_t e1 = c1 < p->now ? c1 : p->now;
		uint64_t share[TRACE_STATE_COUNT] = { 0 };
		uint64_t cpu_acc[TIMELINE_MAX_CPUS], pos = c0;
		uint32_t touched = 0;
		struct tl_seg seg[3];
		int nseg = 0;

		if (c0 >= p->now)
			break;
		for (size_t j = k; j < ll->niv; j++) {
			const struct log_interval *iv = &ll->iv[j];
			uint64_t s = iv->start_ns, e = iv->end_ns ? iv->end_ns :
			    p->now, os, oe;
			int st = timeline_visible(iv->state);

			if (e > p->now)
				e = p->now;
			if (s >= e1)
				break;
			os = s > c0 ? s : c0;
			oe = e < e1 ? e : e1;
			if (oe > os) {
				seg_add(seg, &nseg, TRACE_NONE, os > pos ?
				    os - pos : 0);
				seg_add(seg, &nseg, st, oe - os);
				share[st] += oe - os;
				p->seen[st] = true;
				pos = oe;
				if (st == TRACE_RUN && iv->cpu >= 0 &&
				    iv->cpu < TIMELINE_MAX_CPUS) {
					if (!(touched & (1u << iv->cpu))) {
						touched |= 1u << iv->cpu;
						cpu_acc[iv->cpu] = 0;
					}
					cpu_acc[iv->cpu] += oe - os;
					if (iv->cpu + 1 > p->ncpus)
						p->ncpus = iv->cpu + 1;
				}
			}
			if (e <= c1 && j == k)
				k = j + 1;
		}
		seg_add(seg, &nseg, TRACE_NONE, c1 > pos ? c1 - pos : 0);
		decide_cell(c, seg, nseg, share, p->npc,
		    &p->cells[lane * p->cols + col]);
		for (int cpu = 0; touched != 0; cpu++, touched >>= 1) {
			size_t at = (size_t)cpu * (size_t)p->cols + (size_t)col;

			if ((touched & 1) && cpu_acc[cpu] > p->cpu_ns[at]) {
				p->cpu_ns[at] = cpu_acc[cpu];
				p->cpu_lane[at] = lane;
			}
		}
	}
}

/* The holder of the lock with the most time in each column, or -1. */
static void
lock_row(const struct log *lg, const struct tl_pass *p, int *holder)
{
	size_t k = 0, lo = 0, hi = lg->nholds;

	/*
	 * Holds are sorted by start: find the first that starts in view;
	 * the one before may still be held at the left edge.
	 */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (lg->holds[mid].start_ns < p->t0)
			lo = mid + 1;
		else
			hi = mid;
	}
	k = lo > 0 ? lo - 1 : 0;
	for (int col = 0; col < p->cols; col++) {
		uint64_t c0 = p->t0 + (uint64_t)col * p->npc, c1 = c0 + p->npc;
		uint64_t best = 0;

		holder[col] = -1;
		if (c0 >= p->now)
			continue;
		if (c1 > p->now)
			c1 = p->now;
		/* Holds over before this column are never needed again. */
		while (k < lg->nholds && lg->holds[k].end_ns != 0 &&
		    lg->holds[k].end_ns <= c0)
			k++;
		for (size_t j = k; j < lg->nholds; j++) {
			const struct log_hold *h = &lg->holds[j];
			uint64_t e = h->end_ns ? h->end_ns : p->now;
			uint64_t os = h->start_ns > c0 ? h->start_ns : c0;
			uint64_t oe = e < c1 ? e : c1;

			if (h->start_ns >= c1)
				break;
			if (oe > os && oe - os > best) {
				best = oe - os;
				holder[col] = h->lane;
			}
		}
	}
}

/* Whether every hold is of the GIL (lock 0), to name the lane so. */
static bool
only_gil(const struct log *lg)
{
	for (size_t i = 0; i < lg->nholds; i++)
		if (lg->holds[i].lock != 0)
			return false;
	return true;
}

/* The axis: a rule with ticks at round times, and their labels below. */
static void
draw_axis(struct canvas *c, int x, int y, const struct tl_pass *p,
    uint64_t origin, bool labels)
{
	static const uint64_t nice[] = { 1, 2, 5 };
	uint64_t step = 0, want = p->npc * TICK_MIN_COLS;
	uint64_t t0 = p->t0 - origin, first;
	uint64_t end = t0 + (uint64_t)p->cols * p->npc;
	char lab[32];
	int next_free = 0;

	for (uint64_t m = 1; step == 0; m *= 10)
		for (int i = 0; i < 3 && step == 0; i++)
			if (nice[i] * m >= want)
				step = nice[i] * m;
	for (int col = 0; col < p->cols; col++)
		canvas_put(c, x + col, y, c->unicode ? L'─' : L'-', CS_DIM);
	first = (t0 + step - 1) / step * step;
	for (uint64_t t = first; t < end; t += step) {
		int col = (int)((t - t0) / p->npc);
		int n;

		canvas_put(c, x + col, y, c->unicode ? L'┴' : L'|', CS_DIM);
		if (!labels)
			continue;
		timeline_format_ns(lab, sizeof lab, t, c->unicode);
		n = canvas_width(lab);
		if (col < next_free || col + n > p->cols)
			continue;
		canvas_text(c, x + col, y + 1, n, CS_DIM, lab);
		next_free = col + n + 1;
	}
}

/* The legend: one glyph per state and the scale. */
static void
draw_legend(struct canvas *c, int x, int y, int w, const struct tl_pass *p,
    bool gil)
{
	static const enum trace_state shown[] = {
		TRACE_RUN, TRACE_BUSY, TRACE_LOCK_WAIT, TRACE_BLOCKED, TRACE_IO,
		TRACE_READY, TRACE_IDLE
	};
	char scale[48], buf[32];
	int col = 0, sw;

	snprintf(scale, sizeof scale, _("%s/col"),
	    timeline_format_ns(buf, sizeof buf, p->npc, c->unicode));
	sw = canvas_width(scale);
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
		const char *words = shown[i] != TRACE_LOCK_WAIT ?
		    trace_state_words(shown[i]) : p->nholds == 0 ?
		    _("waiting") : gil ? _("waiting for the GIL") :
		    _("waiting for a lock");
		int need = 2 + canvas_width(words) + 2;

		if (!p->seen[shown[i]] && shown[i] != TRACE_RUN)
			continue;
		/* Blocked's long name gives way to a word before the states
		 * after it give way altogether. */
		if (col + need > w - sw - 1 && shown[i] == TRACE_BLOCKED) {
			words = _("blocked");
			need = 2 + canvas_width(words) + 2;
		}
		if (col + need > w - sw - 1)
			break;
		canvas_put(c, x + col, y, timeline_state_glyph(c, shown[i]),
		    CS_STATE(shown[i]));
		canvas_text(c, x + col + 2, y, w - col - 2, CS_TEXT, words);
		col += need;
	}
	if (sw < w)
		canvas_text(c, x + w - sw, y, sw, CS_DIM, scale);
}

/* The line that says what the selected lane was doing at the cursor. */
static void
draw_cursor_info(struct canvas *c, int x, int y, int w, const struct log *lg,
    uint64_t origin, const struct tl_pass *p, const struct timeline_view *v,
    bool gil)
{
	uint64_t t = p->t0 + (uint64_t)v->cursor * p->npc + p->npc / 2;
	const struct log_interval *iv;
	char at[32], dur[32], from[32];
	uint64_t end;
	const char *name;
	char nb[64];

	if (v->selected < 0 || v->selected >= lg->nlanes)
		return;
	name = i18n_lane_name(lg->trace->lanes[v->selected].name, nb,
	    sizeof nb);
	timeline_format_ns(at, sizeof at, t - origin, c->unicode);
	if (p->hidden > 0 && v->selected >= p->nlanes && t < p->now) {
		timeline_draw_summary_info(c, x, y, w, p, v->cursor, at);
		return;
	}
	if (t >= p->now) {
		canvas_printf(c, x, y, w, CS_HIGHLIGHT, _(" %s at %s: not yet "
		    "recorded "), name, at);
		return;
	}
	iv = log_at(lg, v->selected, t);
	if (iv == NULL) {
		canvas_printf(c, x, y, w, CS_HIGHLIGHT, _(" %s at %s: %s "),
		    name, at, t < lg->lanes[v->selected].first_ns ?
		    _("not started") : _("nothing recorded"));
		return;
	}
	/* As far as the picture goes: a replay must not tell the future. */
	end = iv->end_ns != 0 && iv->end_ns < p->now ? iv->end_ns : p->now;
	timeline_format_ns(dur, sizeof dur, end - iv->start_ns, c->unicode);
	timeline_format_ns(from, sizeof from, iv->start_ns > origin ?
	    iv->start_ns - origin : 0, c->unicode);
	if (iv->state == TRACE_DONE)
		canvas_printf(c, x, y, w, CS_HIGHLIGHT, _(" %s at %s: done "
		    "(since %s) "), name, at, from);
	else if (iv->state == TRACE_RUN && iv->cpu >= 0)
		canvas_printf(c, x, y, w, CS_HIGHLIGHT, _(" %s at %s: running "
		    "on cpu %d for %s (from %s) "), name, at, iv->cpu, dur, from);
	else if (iv->state == TRACE_LOCK_WAIT && !gil && iv->lock != 0)
		canvas_printf(c, x, y, w, CS_HIGHLIGHT, _(" %s at %s: waiting "
		    "for lock %u for %s (from %s) "), name, at, iv->lock, dur,
		    from);
	else
		canvas_printf(c, x, y, w, CS_HIGHLIGHT, _(" %s at %s: %s for %s "
		    "(from %s) "), name, at, iv->state != TRACE_LOCK_WAIT ?
		    trace_state_words((enum trace_state)iv->state) :
		    lg->nholds == 0 ? _("waiting") : gil ?
		    _("waiting for the GIL") : _("waiting for the lock"), dur,
		    from);
}

int
timeline_rows(const struct log *lg, int ncpus)
{
	return lg->nlanes + (lg->nholds > 0 ? 2 : 0) +
	    (timeline_counter(lg) != 0) + ncpus + 4;
}

/* Works out the scale and the left edge from the view and the data. */
static void
place(const struct timeline_view *v, int cols, uint64_t origin, uint64_t now,
    struct tl_pass *p)
{
	uint64_t span = now > origin ? now - origin : 0, width;

	p->npc = v->ns_per_col;
	if (p->npc == 0) {
		uint64_t fit = span > v->fit_ns ? span : v->fit_ns;

		p->npc = (fit + (uint64_t)cols - 1) / (uint64_t)cols;
	}
	if (p->npc < TIMELINE_MIN_NS_PER_COL)
		p->npc = TIMELINE_MIN_NS_PER_COL;
	width = p->npc * (uint64_t)cols;
	if (v->follow)
		p->t0 = span > width ? span - width : 0;
	else
		p->t0 = v->start_ns;
	/* Columns start on multiples of the scale, so scrolling is stable. */
	p->t0 = p->t0 / p->npc * p->npc;
	if (v->follow && p->t0 + width < span)
		p->t0 += p->npc;
	p->t0 += origin;
}

/*
 * The width of the label column: the longest lane name that could get a
 * row, "+N more", and the lock rows' names, within bounds.
 */
static int
label_width(const struct log *lg, int h, bool gil)
{
	int labelw = LABEL_MIN, nlabels;

	/* Only lanes that could get a row of their own need a label. */
	nlabels = lg->nlanes < h ? lg->nlanes : h;
	for (int i = 0; i < nlabels; i++) {
		char nb[64];
		int n = canvas_width(i18n_lane_name(lg->trace->lanes[i].name,
		    nb, sizeof nb)) + 2;

		if (n > labelw)
			labelw = n;
	}
	if (lg->nlanes > nlabels) {
		char num[32];
		int n = canvas_width(timeline_thousands(num, sizeof num,
		    lg->nlanes)) + 6;	/* "+9,992 more" */

		if (n > labelw)
			labelw = n;
	}
	if (labelw > LABEL_MAX)
		labelw = LABEL_MAX;
	if (lg->nholds > 0) {
		/* "GIL waiters", "lock waiters": as wide as they are. */
		int n = canvas_width(gil ? _("GIL waiters") :
		    _("lock waiters"));

		if (labelw < n)
			labelw = n < LABEL_MAX ? n : LABEL_MAX;
	}
	return labelw;
}

/* First pass: every lane counted, for the rows that sum them up. */
static void
count_pass(const struct log *lg, struct tl_pass *p)
{
	p->diff = xcalloc((size_t)TRACE_STATE_COUNT * (size_t)(p->cols + 1),
	    sizeof *p->diff);
	p->cpu_diff = xcalloc((size_t)TIMELINE_MAX_CPUS *
	    (size_t)(p->cols + 1), sizeof *p->cpu_diff);
	p->count = xcalloc((size_t)TRACE_STATE_COUNT * (size_t)(p->cols + 1),
	    sizeof *p->count);
	p->hidden_cpu = xcalloc((size_t)TIMELINE_MAX_CPUS *
	    (size_t)(p->cols + 1), sizeof *p->hidden_cpu);
	p->waiting = xcalloc((size_t)p->cols, 1);
	timeline_count_lanes(lg, 0, lg->nlanes, 1, p);
	timeline_count_sums(p);
	for (int col = 0; col < p->cols; col++) {
		int n = timeline_hidden_in(p, TRACE_LOCK_WAIT, col);

		p->waiting[col] = (uint8_t)(n > 255 ? 255 : n);
	}
}

/* The sweep, of the lanes drawn one by one. */
static void
sweep_pass(const struct canvas *c, const struct log *lg, struct tl_pass *p)
{
	p->cells = xcalloc((size_t)(p->nlanes ? p->nlanes : 1) *
	    (size_t)p->cols, sizeof *p->cells);
	p->cpu_ns = xcalloc((size_t)TIMELINE_MAX_CPUS * (size_t)p->cols,
	    sizeof *p->cpu_ns);
	p->cpu_lane = xcalloc((size_t)TIMELINE_MAX_CPUS * (size_t)p->cols,
	    sizeof *p->cpu_lane);
	for (int i = 0; i < p->nlanes * p->cols; i++) {
		p->cells[i].ch = L' ';
		p->cells[i].style = CS_TEXT;
	}
	for (int i = 0; i < p->nlanes; i++)
		sweep_lane(c, lg, i, p);
}

/* Frees what both passes allocated. */
static void
free_pass(struct tl_pass *p)
{
	free(p->cells);
	free(p->waiting);
	free(p->cpu_ns);
	free(p->cpu_lane);
	free(p->diff);
	free(p->cpu_diff);
	free(p->count);
	free(p->hidden_cpu);
}

/*
 * The lanes drawn one by one, `lane_h` rows each from row y, the
 * selected one's name highlighted. Returns the row below them.
 */
static int
draw_lanes(struct canvas *c, struct rect r, int y, int labelw,
    const struct log *lg, const struct tl_pass *p, int shown, int lane_h,
    int selected)
{
	int x0 = r.x + labelw + 1;

	for (int i = 0; i < shown; i++, y += lane_h) {
		uint8_t ls = selected == i ? CS_HIGHLIGHT : CS_TEXT;
		char nb[64];

		canvas_put(c, r.x, y, (wchar_t)export_lane_char(i), CS_DIM);
		char cut[96];

		canvas_text(c, r.x + 2, y, labelw - 2, ls, layout_label(
		    i18n_lane_name(lg->trace->lanes[i].name, nb, sizeof nb),
		    labelw - 2, c->unicode, cut, sizeof cut));
		for (int row = 0; row < (lane_h == 3 ? 2 : lane_h); row++)
			for (int col = 0; col < p->cols; col++) {
				const struct tl_cell *cell =
				    &p->cells[i * p->cols + col];

				canvas_put(c, x0 + col, y + row, cell->ch,
				    cell->style);
			}
	}
	return y;
}

/* The two lock rows at row y: who holds it, how many wait for it. */
static void
draw_lock_rows(struct canvas *c, int x, int y, int labelw,
    const struct log *lg, const struct tl_pass *p, bool gil, bool gil_waits)
{
	int x0 = x + labelw + 1;
	int *holder = xcalloc((size_t)p->cols, sizeof *holder);

	lock_row(lg, p, holder);
	canvas_text_fit(c, x, y, labelw, CS_LOCK, gil ? _("GIL holder") :
	    _("lock holder"));
	canvas_text_fit(c, x, y + 1, labelw, CS_DIM, gil_waits ?
	    _("GIL waiters") : _("lock waiters"));
	for (int col = 0; col < p->cols; col++) {
		int n = p->waiting[col];

		if (holder[col] >= 0)
			canvas_put(c, x0 + col, y,
			    (wchar_t)export_lane_char(holder[col]), CS_LOCK);
		if (n > 0)
			canvas_put(c, x0 + col, y + 1, n > 9 ? L'+' :
			    (wchar_t)(L'0' + n), CS_STATE(TRACE_LOCK_WAIT));
	}
	free(holder);
}

/* The first `cpurows` CPU rows from row y: who ran on each CPU. */
static void
draw_cpu_rows(struct canvas *c, int x, int y, int labelw,
    const struct tl_pass *p, int cpurows)
{
	int x0 = x + labelw + 1;

	for (int cpu = 0; cpu < cpurows; cpu++, y++) {
		canvas_printf(c, x, y, labelw, CS_CPU, _("cpu %d"), cpu);
		for (int col = 0; col < p->cols; col++) {
			size_t at = (size_t)cpu * (size_t)p->cols + (size_t)col;
			uint64_t c0 = p->t0 + (uint64_t)col * p->npc;

			if (p->cpu_ns[at] > 0)
				canvas_put(c, x0 + col, y, (wchar_t)
				    export_lane_char(p->cpu_lane[at]), CS_CPU);
			else if (p->hidden > 0 && p->hidden_cpu[(size_t)cpu *
			    (size_t)(p->cols + 1) + (size_t)col] > 0)
				canvas_put(c, x0 + col, y, L'+', CS_CPU);
			else if (c0 < p->now)
				canvas_put(c, x0 + col, y, c->unicode ? L'·' :
				    L'.', CS_DIM);
		}
	}
}

/* The cursor: a mark on the axis at row y, a line through blanks above. */
static void
draw_cursor(struct canvas *c, int x, int top, int y)
{
	canvas_put(c, x, y, c->unicode ? L'▲' : L'^', CS_CURSOR);
	for (int yy = top; yy < y; yy++) {
		const struct canvas_cell *cell = canvas_at(c, x, yy);

		if (cell != NULL && cell->ch == L' ')
			canvas_put(c, x, yy, c->unicode ? L'│' : L'|', CS_DIM);
	}
}

/*
 * Both passes: the count of every lane in view (the lock waiters, the
 * CPUs, the legend), the sweep of the lanes drawn one by one, then the
 * rows laid out from the top, giving up CPU rows, the legend and the lock
 * rows in that order when the rectangle is short.
 */
/*
 * A long run: the log keeps a window of the newest intervals and sums up
 * what scrolled out (the figures count it all). When the window starts
 * after the left edge, the columns before it are blank; the time labels'
 * row says why, from the left edge.
 */
static void
draw_scrolled(struct canvas *c, int x0, int y, const struct tl_pass *p,
    const struct log *lg, uint64_t origin)
{
	uint64_t from = log_window_ns(lg);
	char at[32], buf[160];
	int cols, w;

	if (from == 0 || from <= p->t0 || p->npc == 0)
		return;
	cols = (int)((from - p->t0) / p->npc);
	timeline_format_ns(at, sizeof at, from > origin ? from - origin : 0,
	    c->unicode);
	snprintf(buf, sizeof buf, _("%s before %s scrolled out of the "
	    "window; the figures count it"), c->unicode ? "←" : "<-", at);
	w = canvas_width(buf);
	if (w < cols)
		w = cols;
	canvas_text(c, x0, y, w < p->cols ? w : p->cols, CS_WARN, buf);
}

void
timeline_draw(struct canvas *c, struct rect r, const struct log *lg,
    uint64_t origin, uint64_t now, struct timeline_view *v)
{
	struct tl_pass p;
	int labelw, lockrows, cpurows, room, lanes_shown, y, x0;
	int lane_h, srows = 0, counter, countrows, keep;
	int legend = 1, info = v->cursor >= 0;
	bool gil, gil_waits;

	memset(&p, 0, sizeof p);
	gil = only_gil(lg);
	/* A real program's waits may be for any lock, not only the GIL. */
	gil_waits = gil && !v->any_lock;
	labelw = label_width(lg, r.h, gil_waits);
	p.cols = r.w - labelw - 1;
	if (p.cols < 4 || r.h < 3)
		return;
	p.nlanes = lg->nlanes;
	p.nholds = lg->nholds;
	p.now = now;
	p.ncpus = v->ncpus > TIMELINE_MAX_CPUS ? TIMELINE_MAX_CPUS : v->ncpus;
	place(v, p.cols, origin, now, &p);
	if (v->cursor >= p.cols)
		v->cursor = p.cols - 1;
	v->shown_ns_per_col = p.npc;
	v->shown_start_ns = p.t0 - origin;
	v->shown_cols = p.cols;

	count_pass(lg, &p);
	if (p.ncpus > v->ncpus)
		v->ncpus = p.ncpus;

	/* Layout: give up CPU lanes, the legend, the lock rows, the counter. */
	lockrows = lg->nholds > 0 ? 2 : 0;
	counter = timeline_counter(lg);
	countrows = counter != 0;
	cpurows = p.ncpus;
	room = r.h - 2 - legend - info - lockrows - countrows - cpurows;
	keep = v->lanes_first || p.nlanes < 3 ? p.nlanes : 3;
	while (room < keep && cpurows > 0) {
		cpurows--;
		room++;
	}
	if (room < 1 && legend) {
		legend = 0;
		room++;
	}
	if (room < 1 && lockrows) {
		lockrows = 0;
		room += 2;
	}
	if (room < 1 && countrows) {
		countrows = 0;
		room++;
	}
	timeline_split_lanes(lg, room, &p, &srows);
	sweep_pass(c, lg, &p);

	lanes_shown = p.nlanes < room ? p.nlanes : room;
	/*
	 * Room to spare: thicker bars read better from afar (a projector);
	 * with three rows a lane, the third is a gap between lanes.
	 */
	lane_h = p.nlanes > 0 && p.hidden == 0 ? room / p.nlanes : 1;
	if (lane_h > 3)
		lane_h = 3;
	if (lane_h < 1)
		lane_h = 1;
	if (lanes_shown < 0)
		lanes_shown = 0;
	v->shown_lanes = lanes_shown;
	x0 = r.x + labelw + 1;

	y = draw_lanes(c, r, r.y, labelw, lg, &p, lanes_shown, lane_h,
	    info ? v->selected : -1);
	if (p.hidden > 0)
		y += timeline_draw_summary(c, r.x, y, labelw, x0, &p, srows,
		    info && v->selected >= lanes_shown);
	if (countrows) {
		timeline_draw_counter(c, r.x, y, labelw, lg, &p, counter);
		y++;
	}
	if (lockrows) {
		draw_lock_rows(c, r.x, y, labelw, lg, &p, gil, gil_waits);
		y += 2;
	}
	draw_cpu_rows(c, r.x, y, labelw, &p, cpurows);
	y += cpurows;
	canvas_text_fit(c, r.x, y, labelw, CS_DIM, _("time"));
	draw_axis(c, x0, y, &p, origin, true);
	draw_scrolled(c, x0, y + 1, &p, lg, origin);
	if (info && v->cursor >= 0)
		draw_cursor(c, x0 + v->cursor, r.y, y);
	y += 2;
	if (legend) {
		draw_legend(c, r.x, y, r.w, &p, gil_waits);
		y++;
	}
	if (info)
		draw_cursor_info(c, r.x, y, r.w, lg, origin, &p, v, gil_waits);
	free_pass(&p);
}
