/*
 * timeline_count.c - the lanes of a timeline that do not fit.
 *
 * Ten thousand coroutine tasks on a terminal of fifty rows are not swept
 * cell by cell: they are counted. Each of their intervals adds one to its
 * state over the columns whose midpoint it covers (a difference array, so
 * a lane costs its intervals in view, not its columns), and the summary
 * lane shows, per column, the state most of them are in and, on rows
 * below it, how many are in each state. The same counts of every lane
 * give timeline.c its lock waiters, CPU rows and legend.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "ui/timeline.h"
#include "ui/timeline_int.h"

/* States the summary lane breaks its count into, in the order shown. */
static const enum trace_state summary_states[] = {
	TRACE_RUN, TRACE_LOCK_WAIT, TRACE_BLOCKED, TRACE_READY, TRACE_IO,
	TRACE_IDLE, TRACE_DONE
};
#define NSUMMARY (sizeof summary_states / sizeof summary_states[0])

/*
 * Adds (sign 1) or takes back (sign -1) lanes [from, to) in the counts:
 * each interval adds to its state from the first column whose midpoint it
 * covers to the last, as a difference array (timeline_count_sums adds it
 * up). Any
 * interval in view also tells the legend its state and the CPU rows its
 * CPU, as the sweep does.
 */
void
timeline_count_lanes(const struct log *lg, int from, int to, int sign,
    struct tl_pass *p)
{
	uint64_t m0 = p->t0 + p->npc / 2;
	uint64_t end = p->t0 + (uint64_t)p->cols * p->npc;
	size_t cols = (size_t)p->cols;

	if (end > p->now)
		end = p->now;
	for (int lane = from; lane < to; lane++) {
		const struct log_lane *ll = &lg->lanes[lane];

		for (size_t j = timeline_first_interval(ll, p->t0); j < ll->niv; j++) {
			const struct log_interval *iv = &ll->iv[j];
			uint64_t s = iv->start_ns, e = iv->end_ns ? iv->end_ns :
			    p->now;
			int st = iv->state, cpu = iv->cpu;
			size_t lo, hi;

			if (s >= end)
				break;
			if (e > p->now)
				e = p->now;
			if (e <= s || st >= TRACE_STATE_COUNT)
				continue;
			p->seen[timeline_visible(st)] = true;
			if (st == TRACE_RUN && cpu >= 0 &&
			    cpu < TIMELINE_MAX_CPUS && cpu + 1 > p->ncpus)
				p->ncpus = cpu + 1;
			lo = s <= m0 ? 0 : (size_t)((s - m0 + p->npc - 1) /
			    p->npc);
			hi = e <= m0 ? 0 : (size_t)((e - m0 + p->npc - 1) /
			    p->npc);
			if (hi > cols)
				hi = cols;
			if (lo >= hi || st == TRACE_NONE)
				continue;
			p->diff[(size_t)st * (cols + 1) + lo] += sign;
			p->diff[(size_t)st * (cols + 1) + hi] -= sign;
			if (st == TRACE_RUN && cpu >= 0 &&
			    cpu < TIMELINE_MAX_CPUS) {
				p->cpu_diff[(size_t)cpu * (cols + 1) + lo] +=
				    sign;
				p->cpu_diff[(size_t)cpu * (cols + 1) + hi] -=
				    sign;
			}
		}
	}
}

/* Adds the differences up into counts per column. */
void
timeline_count_sums(struct tl_pass *p)
{
	size_t cols = (size_t)p->cols;

	for (size_t st = 0; st < TRACE_STATE_COUNT; st++) {
		int sum = 0;

		for (size_t c = 0; c <= cols; c++) {
			sum += p->diff[st * (cols + 1) + c];
			p->count[st * (cols + 1) + c] = sum;
		}
	}
	for (size_t cpu = 0; cpu < TIMELINE_MAX_CPUS; cpu++) {
		int sum = 0;

		for (size_t c = 0; c <= cols; c++) {
			sum += p->cpu_diff[cpu * (cols + 1) + c];
			p->hidden_cpu[cpu * (cols + 1) + c] = sum;
		}
	}
}

/* Hidden lanes in state `st` at column `col`. */
int
timeline_hidden_in(const struct tl_pass *p, int st, int col)
{
	return p->count[st * (p->cols + 1) + col];
}

/* How many of the summary's states the hidden lanes are ever in. */
static int
summary_states_seen(const struct tl_pass *p)
{
	int k = 0;

	for (size_t i = 0; i < NSUMMARY; i++)
		for (int c = 0; c < p->cols; c++)
			if (timeline_hidden_in(p, summary_states[i], c) > 0) {
				k++;
				break;
			}
	return k;
}

/*
 * Writes n with the language's thousands mark ("9,992", "9.992"), the
 * one rule every count on screen follows (i18n_count). Returns buf.
 */
char *
timeline_thousands(char *buf, size_t len, int n)
{
	return i18n_count(buf, len, n);
}

/* A cell showing `n` of `total` lanes: a bar of eighths, or a digit. */
static wchar_t
count_glyph(const struct canvas *c, int n, int total)
{
	static const wchar_t bars[9] = {
		L' ', L'▁', L'▂', L'▃', L'▄', L'▅', L'▆', L'▇', L'█'
	};

	if (n <= 0 || total <= 0)
		return L' ';
	if (c->unicode)
		return bars[(n * 8 + total - 1) / total];
	return (wchar_t)(L'0' + (n * 9 + total - 1) / total);
}

/*
 * The summary lane: "+N more", each column in the state most hidden
 * lanes are in (done ones count only when nothing else is going on),
 * then `srows` rows of counts, one per state they are seen in.
 */
int
timeline_draw_summary(struct canvas *c, int x, int y, int labelw, int x0,
    const struct tl_pass *p, int srows, bool selected)
{
	char num[32];
	int rows = 1;

	canvas_printf(c, x, y, labelw, selected ? CS_HIGHLIGHT : CS_DIM,
	    _("+%s more"), timeline_thousands(num, sizeof num, p->hidden));
	for (int col = 0; col < p->cols; col++) {
		int best = TRACE_NONE, bestn = 0;

		for (size_t i = 0; i < NSUMMARY; i++) {
			int st = summary_states[i], n = timeline_hidden_in(p, st, col);

			if (st != TRACE_DONE && n > bestn) {
				best = st;
				bestn = n;
			}
		}
		if (best != TRACE_NONE)
			canvas_put(c, x0 + col, y, timeline_state_glyph(c,
			    (enum trace_state)best), CS_STATE(best));
	}
	for (size_t i = 0; i < NSUMMARY && rows <= srows; i++) {
		int st = summary_states[i], any = 0;

		for (int col = 0; col < p->cols && !any; col++)
			any = timeline_hidden_in(p, st, col) > 0;
		if (!any)
			continue;
		/* TRANSLATORS: a row counting lanes ready to run, short. */
		canvas_printf(c, x, y + rows, labelw, CS_DIM, "  %s",
		    st == TRACE_LOCK_WAIT ? _("waiting") : st == TRACE_READY ?
		    _("ready") : st == TRACE_BLOCKED ? _("blocked") :
		    trace_state_words((enum trace_state)st));
		for (int col = 0; col < p->cols; col++) {
			int n = timeline_hidden_in(p, st, col);

			if (n > 0)
				canvas_put(c, x0 + col, y + rows,
				    count_glyph(c, n, p->hidden),
				    st == TRACE_DONE ? CS_DIM : CS_STATE(st));
		}
		rows++;
	}
	return rows;
}

/* The cursor line for the summary lane: how many in each state. */
void
timeline_draw_summary_info(struct canvas *c, int x, int y, int w,
    const struct tl_pass *p, int col, const char *at)
{
	char line[256], num[32];
	size_t n;

	n = (size_t)snprintf(line, sizeof line, _(" +%s more at %s:"),
	    timeline_thousands(num, sizeof num, p->hidden), at);
	for (size_t i = 0; i < NSUMMARY && n < sizeof line; i++) {
		int st = summary_states[i], k = timeline_hidden_in(p, st, col);

		if (k > 0)
			n += (size_t)snprintf(line + n, sizeof line - n,
			    "%s %s %s", n > 0 && line[n - 1] != ':' ? "," : "",
			    timeline_thousands(num, sizeof num, k),
			    trace_state_words((enum trace_state)st));
	}
	if (n < sizeof line - 1)
		strcat(line, " ");
	canvas_text(c, x, y, w, CS_HIGHLIGHT, line);
}

/*
 * Works out which lanes are drawn one by one and how many rows the
 * summary of the rest gets, in `room` rows: every lane if they fit;
 * otherwise the summary lane, up to half the room for its rows of
 * counts (as many as states the hidden lanes are in), and lanes in the
 * rest. Leaves the final counts of the hidden lanes in `p`.
 */
void
timeline_split_lanes(const struct log *lg, int room, struct tl_pass *p, int *srows)
{
	int k;

	*srows = 0;
	p->hidden = 0;
	if (p->nlanes <= room || room < 1)
		return;
	/* Every lane is counted already: take out those that might get a
	 * row, see what states the rest are in, then put back those that
	 * gave their row to the summary. */
	timeline_count_lanes(lg, 0, room - 1, -1, p);
	timeline_count_sums(p);
	k = summary_states_seen(p);
	*srows = k < (room - 1) / 2 ? k : (room - 1) / 2;
	p->hidden = p->nlanes - (room - 1 - *srows);
	p->nlanes -= p->hidden;
	timeline_count_lanes(lg, p->nlanes, room - 1, 1, p);
	timeline_count_sums(p);
}
