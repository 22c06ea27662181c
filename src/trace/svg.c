/*
 * svg.c - a run's timeline as an SVG picture, for slides and handouts.
 *
 * The picture is what the live timeline shows, drawn once for the whole
 * run: the heading lines (scenario, parameters, figures), a labelled row
 * per lane, a row per lock with its holder and a row per CPU with who ran
 * there, a time axis and a legend. A projector or a black-and-white
 * printout may lose the colours, so every state also has a pattern of its
 * own (solid, stripes, dots, lines), and the lock and CPU rows write the
 * lane's id inside every span wide enough to hold it.
 *
 * Spans are snapped to a quarter of a pixel and neighbours in one state
 * merged, so a run with a million intervals still makes a file of a few
 * thousand rectangles. Text is escaped for XML and kept to valid UTF-8.
 * Every word in it (lanes, lock and CPU rows, axis, legend, note) is in
 * the learner's language, and numbers use its decimal separator: the
 * picture is made for a class.
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "trace/export.h"
#include "util.h"

#define SVG_LABEL_W	190	/* the lane names on the left */
#define SVG_MARGIN	16
#define SVG_ROW_H	20
#define SVG_ROW_GAP	4
#define SVG_LINE_H	20	/* a heading line */
#define SVG_MAX_LOCKS	4
#define SVG_MAX_CPUS	16
#define SVG_SNAP	4.0	/* positions snap to 1/SVG_SNAP pixel */

/* How a state is drawn: its colour and the pattern laid over it. */
struct svg_style {
	const char	*fill;
	const char	*ink;		/* the pattern's strokes */
	const char	*pattern;	/* SVG drawn in a 6x6 tile, or NULL */
};

/* By state; anything the table does not know gets the last row's look. */
static const struct svg_style styles[] = {
	[TRACE_RUN] = { "#009E73", NULL, NULL },
	[TRACE_LOCK_WAIT] = { "#D55E00", "#ffffff",
	    "<path d=\"M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2\" "
	    "stroke-width=\"1.6\"/>" },
	[TRACE_IO] = { "#56B4E9", "#08306b",
	    "<circle cx=\"3\" cy=\"3\" r=\"1.3\"/>" },
	[TRACE_READY] = { "#E69F00", "#4a3000",
	    "<path d=\"M0,3 h6\" stroke-width=\"1.4\"/>" },
	[TRACE_IDLE] = { "#dddddd", "#777777",
	    "<path d=\"M3,0 v6\" stroke-width=\"1\"/>" },
	/* Blocked on another thread: not the GIL's vermilion, crossed. */
	[TRACE_BLOCKED] = { "#0072B2", "#ffffff",
	    "<path d=\"M0,0 l6,6 M6,0 l-6,6\" stroke-width=\"1\"/>" },
};
static const struct svg_style style_other = { "#CC79A7", "#ffffff",
	"<path d=\"M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2\" stroke-width=\"1.6\"/>" };

/* Colours of lanes in the lock and CPU rows (with the lane's id inside). */
static const char *const lane_colours[] = {
	"#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377",
	"#BBBBBB", "#332288", "#117733", "#882255",
};

/* How `state` is drawn. */
static const struct svg_style *
style_of(int state)
{
	if (state > 0 && state < (int)(sizeof styles / sizeof styles[0]) &&
	    styles[state].fill != NULL)
		return &styles[state];
	return &style_other;
}

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one. */
static int
utf8_len(const unsigned char *s)
{
	int n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 :
	    s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;

	for (int i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

void
svg_xml_text(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		int n;

		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			if (*p >= 0x80) {
				if ((n = utf8_len(p)) == 0) {
					fputc('?', f);
					break;
				}
				fwrite(p, 1, (size_t)n, f);
				p += n;
				continue;
			}
			fputc(*p < 0x20 ? ' ' : *p, f);
		}
		p++;
	}
}

/* Characters (not bytes) in the first n bytes of UTF-8 text. */
static int
chars(const char *s, size_t n)
{
	int c = 0;

	for (size_t i = 0; i < n && s[i] != '\0'; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/*
 * Bytes of s that fit in `maxc` characters, broken after a space when
 * it must break (or mid-word for a word longer than a line).
 */
static size_t
fit(const char *s, int maxc)
{
	size_t n = 0, brk = 0;

	while (s[n] != '\0') {
		size_t next = n + 1;

		while (((unsigned char)s[next] & 0xc0) == 0x80)
			next++;
		if (chars(s, next) > maxc)
			return brk > 0 ? brk : n;
		if (s[n] == ' ')
			brk = next;
		n = next;
	}
	return n;
}

/* How many lines of `maxc` characters s takes. */
static int
wrapped_lines(const char *s, int maxc)
{
	int n = 0;

	while (*s != '\0') {
		size_t k = fit(s, maxc);

		s += k > 0 ? k : strlen(s);
		n++;
	}
	return n;
}

/*
 * Writes s as lines of at most `maxc` characters from (x, *y) down,
 * `step` apart, and leaves *y on the last.
 */
static void
text_wrapped(FILE *f, double x, double *y, double step, int maxc,
    const char *attrs, const char *s)
{
	bool first = true;

	while (*s != '\0') {
		size_t k = fit(s, maxc);
		char *line;

		if (k == 0)
			k = strlen(s);
		line = xmalloc(k + 1);
		memcpy(line, s, k);
		line[k] = '\0';
		if (!first)
			*y += step;
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" %s>", x, *y, attrs);
		svg_xml_text(f, line);
		fputs("</text>\n", f);
		free(line);
		first = false;
		s += k;
	}
}

/* One line of text at (x, y). */
static void
text_at(FILE *f, double x, double y, const char *attrs, const char *s)
{
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\"%s%s>", x, y, *attrs ? " " : "",
	    attrs);
	svg_xml_text(f, s);
	fputs("</text>\n", f);
}

/* The pattern definitions, one per state. */
static void
defs(FILE *f)
{
	fputs("<defs>\n", f);
	for (int s = TRACE_RUN; s < TRACE_STATE_COUNT; s++) {
		const struct svg_style *st = style_of(s);

		if (st->pattern == NULL)
			continue;
		fprintf(f, "<pattern id=\"st%d\" patternUnits=\"userSpaceOnUse\" "
		    "width=\"6\" height=\"6\"><rect width=\"6\" height=\"6\" "
		    "fill=\"%s\"/><g stroke=\"%s\" fill=\"%s\">%s</g>"
		    "</pattern>\n", s, st->fill, st->ink, st->ink, st->pattern);
	}
	fputs("</defs>\n", f);
}

/* The fill attribute of a state: its pattern, or its plain colour. */
static void
fill_of(FILE *f, int state)
{
	const struct svg_style *st = style_of(state);

	if (st->pattern != NULL)
		fprintf(f, "url(#st%d)", state);
	else
		fputs(st->fill, f);
}

/* A run of merged spans in one row. */
struct span {
	int	key;		/* state, or lane for lock and CPU rows */
	double	x0, x1;
};

/*
 * Draws the span (if any) as a rectangle. A lane's span gets the lane's
 * id written into `labels` (so that labels can go above every rectangle
 * of the row), once per 200 pixels of it.
 */
static void
span_flush(FILE *f, FILE *labels, struct span *sp, double y)
{
	bool by_lane = labels != NULL;
	
	if (sp->key < 0 || sp->x1 <= sp->x0)
		return;
	fprintf(f, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" "
	    "fill=\"", sp->x0, y, sp->x1 - sp->x0, SVG_ROW_H);
	if (by_lane)
		fputs(lane_colours[sp->key % (int)(sizeof lane_colours /
		    sizeof lane_colours[0])], f);
	else
		fill_of(f, sp->key);
	fputs("\"/>\n", f);
	if (by_lane && sp->x1 - sp->x0 >= 10) {
		double w = sp->x1 - sp->x0;
		int n = w >= 400 ? (int)(w / 200) : 1;

		for (int i = 0; i < n; i++)
			fprintf(labels, "<text x=\"%.2f\" y=\"%.1f\" "
			    "class=\"id\">%c</text>\n", sp->x0 + w * (i + 0.5) /
			    n, y + SVG_ROW_H - 6, export_lane_char(sp->key));
	}
	sp->key = -1;
}

/* Adds [x0, x1) of `key` to the row being drawn, merging neighbours. */
static void
span_add(FILE *f, FILE *labels, struct span *sp, int key, double x0,
    double x1, double y)
{
	x0 = floor(x0 * SVG_SNAP) / SVG_SNAP;
	x1 = floor(x1 * SVG_SNAP) / SVG_SNAP;
	if (sp->key >= 0 && x0 < sp->x1)
		x0 = sp->x1;	/* snapping must not make spans overlap */
	if (x1 <= x0)
		return;
	if (sp->key == key && x0 <= sp->x1 + 1e-9) {
		sp->x1 = x1;
		return;
	}
	span_flush(f, labels, sp, y);
	sp->key = key;
	sp->x0 = x0;
	sp->x1 = x1;
}

/* A row's label, left of the plot. */
static void
row_label(FILE *f, double y, const char *id, const char *name)
{
	char buf[TRACE_NAME_MAX + 8];

	snprintf(buf, sizeof buf, "%s %.22s", id, name);
	text_at(f, SVG_MARGIN, y + SVG_ROW_H - 6, "class=\"lab\"", buf);
}

/* A step between axis ticks of 1, 2 or 5 times a power of ten, in ms. */
static double
tick_step(double span_ms, double plot_w)
{
	double raw = span_ms / (plot_w / 90 > 2 ? plot_w / 90 : 2);
	double p = pow(10, floor(log10(raw)));

	if (raw <= p)
		return p;
	if (raw <= 2 * p)
		return 2 * p;
	if (raw <= 5 * p)
		return 5 * p;
	return 10 * p;
}

/* Where the plot is: its left edge and width, and the time it covers. */
struct svg_plot {
	uint64_t	base;		/* the time at the left edge */
	double		x, w;
	double		px_per_ns;
};

/* The x of time `ns` in the plot. */
static double
plot_at(const struct svg_plot *pl, uint64_t ns)
{
	return pl->x + (double)(ns - pl->base) * pl->px_per_ns;
}

/* The locks held in the run, the first SVG_MAX_LOCKS of them, in order. */
static int
find_locks(const struct log *lg, uint32_t *locks)
{
	int nlocks = 0;

	for (size_t k = 0; k < lg->nholds; k++) {
		int seen = 0;

		for (int j = 0; j < nlocks; j++)
			seen |= locks[j] == lg->holds[k].lock;
		if (!seen && nlocks < SVG_MAX_LOCKS)
			locks[nlocks++] = lg->holds[k].lock;
	}
	return nlocks;
}

/* The CPUs lanes ran on (one more than the highest), at most SVG_MAX_CPUS. */
static int
count_cpus(const struct log *lg)
{
	int ncpu = 0;

	for (int i = 0; i < lg->nlanes; i++)
		for (size_t k = 0; k < lg->lanes[i].niv; k++)
			if (lg->lanes[i].iv[k].state == TRACE_RUN &&
			    lg->lanes[i].iv[k].cpu + 1 > ncpu)
				ncpu = lg->lanes[i].iv[k].cpu + 1;
	if (ncpu > SVG_MAX_CPUS)
		ncpu = SVG_MAX_CPUS;
	return ncpu;
}

/* The XML prologue, the style sheet, the patterns and the background. */
static void
write_prologue(FILE *f, int width, int height)
{
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans "
	    "Mono, Menlo, Consolas, monospace\" font-size=\"13\">\n", width,
	    height, width, height);
	fputs("<style>.lab{fill:#222}.dim{fill:#555}.id{fill:#fff;"
	    "font-size:11px;text-anchor:middle;font-weight:bold}"
	    ".head{fill:#222}.tick{fill:#444;font-size:11px;"
	    "text-anchor:middle}</style>\n", f);
	defs(f);
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
	    width, height);
}

/*
 * The heading: the title, then the caption, parameters, figures and
 * machine lines that are set. Returns the y below it.
 */
static double
write_heading(FILE *f, const char *title, const char *const *lines,
    size_t nlines, int title_chars, int line_chars)
{
	double y = SVG_MARGIN + 18;

	text_wrapped(f, SVG_MARGIN, &y, SVG_LINE_H, title_chars,
	    "font-size=\"18\" font-weight=\"bold\" class=\"head\"", title);
	y += 6;
	for (size_t i = 0; i < nlines; i++) {
		if (lines[i] == NULL || *lines[i] == '\0')
			continue;
		y += SVG_LINE_H;
		text_wrapped(f, SVG_MARGIN, &y, SVG_LINE_H, line_chars, i == 0 ?
		    "font-style=\"italic\" class=\"head\"" : i == 2 ?
		    "font-weight=\"bold\" class=\"head\"" : "class=\"dim\"",
		    lines[i]);
	}
	return y + 16;
}

/* One row per lane, by state, from y. Returns the y below them. */
static double
lane_rows(FILE *f, const struct log *lg, const struct svg_plot *pl,
    double y, unsigned *seen)
{
	struct span sp;

	for (int i = 0; i < lg->nlanes; i++) {
		const struct log_lane *ll = &lg->lanes[i];
		char id[2] = { export_lane_char(i), '\0' };

		char nb[TRACE_NAME_MAX + 8], label[TRACE_NAME_MAX + 8];

		/*
		 * The id on the lane's own colour, as the lock and CPU rows
		 * draw it: a "3" there is this lane, and its colour is the
		 * lane's, not a state's.
		 */
		fprintf(f, "<rect x=\"%d\" y=\"%.1f\" width=\"12\" "
		    "height=\"%d\" fill=\"%s\"/>\n", SVG_MARGIN - 2,
		    y + 2, SVG_ROW_H - 4, lane_colours[i % (int)(sizeof
		    lane_colours / sizeof lane_colours[0])]);
		text_at(f, SVG_MARGIN + 0.5, y + SVG_ROW_H - 6, "class=\"id\"",
		    id);
		snprintf(label, sizeof label, "%.22s", i18n_lane_name(
		    lg->trace->lanes[i].name, nb, sizeof nb));
		text_at(f, SVG_MARGIN + 16, y + SVG_ROW_H - 6, "class=\"lab\"",
		    label);
		sp.key = -1;
		for (size_t k = 0; k < ll->niv; k++) {
			const struct log_interval *iv = &ll->iv[k];

			if (iv->state == TRACE_NONE || iv->state == TRACE_DONE ||
			    iv->end_ns <= iv->start_ns)
				continue;
			*seen |= 1u << iv->state;
			span_add(f, NULL, &sp, iv->state, plot_at(pl,
			    iv->start_ns), plot_at(pl, iv->end_ns), y);
		}
		span_flush(f, NULL, &sp, y);
		y += SVG_ROW_H + SVG_ROW_GAP;
	}
	return y;
}

/* A row per lock from y: who held it. Returns the y below them. */
static double
lock_rows(FILE *f, const struct log *lg, const uint32_t *locks, int nlocks,
    const struct svg_plot *pl, double y)
{
	struct span sp;

	for (int j = 0; j < nlocks; j++) {
		char name[64];

		if (nlocks == 1)
			snprintf(name, sizeof name, "%s", _("lock holder"));
		else
			snprintf(name, sizeof name, _("lock %u holder"),
			    locks[j]);
		row_label(f, y, " ", name);
		sp.key = -1;
		for (size_t k = 0; k < lg->nholds; k++) {
			const struct log_hold *hd = &lg->holds[k];

			if (hd->lock != locks[j] || hd->end_ns <= hd->start_ns)
				continue;
			span_add(f, f, &sp, hd->lane, plot_at(pl, hd->start_ns),
			    plot_at(pl, hd->end_ns), y);
		}
		span_flush(f, f, &sp, y);
		y += SVG_ROW_H + SVG_ROW_GAP;
	}
	return y;
}

/*
 * A row per CPU from *y: who ran there. Lanes are drawn one after
 * another, each merged on its own (two lanes never share a CPU at once).
 * Moves *y below them; -1 when out of memory.
 */
static int
cpu_rows(FILE *f, const struct log *lg, int ncpu, const struct svg_plot *pl,
    double *y)
{
	struct span sp;

	for (int cpu = 0; cpu < ncpu; cpu++) {
		char name[32];
		char *ids = NULL;
		size_t idlen = 0;
		FILE *labels = open_memstream(&ids, &idlen);

		if (labels == NULL)
			return -1;
		snprintf(name, sizeof name, _("cpu %d"), cpu);
		row_label(f, *y, " ", name);
		for (int i = 0; i < lg->nlanes; i++) {
			const struct log_lane *ll = &lg->lanes[i];

			sp.key = -1;
			for (size_t k = 0; k < ll->niv; k++) {
				const struct log_interval *iv = &ll->iv[k];

				if (iv->state != TRACE_RUN || iv->cpu != cpu ||
				    iv->end_ns <= iv->start_ns)
					continue;
				span_add(f, labels, &sp, i, plot_at(pl,
				    iv->start_ns), plot_at(pl, iv->end_ns), *y);
			}
			span_flush(f, labels, &sp, *y);
		}
		fclose(labels);
		fputs(ids, f);
		free(ids);
		*y += SVG_ROW_H + SVG_ROW_GAP;
	}
	return 0;
}

/* The time axis at y: a rule, ticks and their labels in ms. */
static void
time_axis(FILE *f, const struct svg_plot *pl, double span_ms, double y)
{
	double step = tick_step(span_ms, pl->w);

	fprintf(f, "<path d=\"M%.1f,%.1f h%.1f\" stroke=\"#444\"/>\n", pl->x,
	    y, pl->w);
	for (int k = 0; k * step <= span_ms * (1 + 1e-9); k++) {
		double x = pl->x + k * step / span_ms * pl->w;
		char lab[32];

		fprintf(f, "<path d=\"M%.2f,%.1f v5\" stroke=\"#444\"/>\n", x, y);
		i18n_numg(lab, sizeof lab, k * step, 6);
		text_at(f, x, y + 18, "class=\"tick\"", lab);
	}
	text_at(f, SVG_MARGIN, y + 18, "class=\"dim\"", _("time (ms)"));
}

/*
 * The legend at y: a swatch of every state the picture shows (the bits
 * of `seen`; a state that never occurs would only be something to look
 * for), on as many lines as the words of the language need within
 * `width`, then, on a line of its own, what the ids mean.
 */
static void
legend(FILE *f, double y, int width, bool id_rows, unsigned seen)
{
	double x = SVG_MARGIN;

	for (int s = TRACE_RUN; s < TRACE_STATE_COUNT; s++) {
		const char *name = trace_state_words((enum trace_state)s);
		double need = 36 + 8.2 * (double)i18n_width(name);

		if (s == TRACE_DONE || !(seen & (1u << s)))
			continue;
		if (x > SVG_MARGIN && x + need > width - SVG_MARGIN) {
			x = SVG_MARGIN;
			y += SVG_LINE_H;
		}
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"30\" "
		    "height=\"14\" stroke=\"#222\" stroke-width=\"0.5\" "
		    "fill=\"", x, y);
		fill_of(f, s);
		fputs("\"/>\n", f);
		text_at(f, x + 36, y + 12, "class=\"lab\"", name);
		x += 36 + 8.2 * (double)i18n_width(name) + 18;
	}
	if (id_rows)
		text_at(f, SVG_MARGIN, y + SVG_LINE_H + 12, "class=\"dim\"",
		    _("lock and cpu rows: the lane's id and colour"));
}

int
export_svg(FILE *f, const struct log *lg, const struct export_heading *h,
    int width)
{
	uint64_t base = log_first_ns(lg), end = log_last_ns(lg);
	const char *lines[] = { h->caption, h->params, h->figures, h->machine };
	const size_t nlines_set = sizeof lines / sizeof lines[0];
	const char *title = h->title != NULL ? h->title : "timeslice";
	uint32_t locks[SVG_MAX_LOCKS];
	unsigned seen = 0;
	int nlocks, ncpu, nlines = 0, height, rows;
	int title_chars, line_chars;
	double y, span_ms;
	struct svg_plot pl;

	if (width < 400)
		width = 400;
	pl.base = base;
	pl.x = SVG_LABEL_W;
	pl.w = width - SVG_LABEL_W - SVG_MARGIN;
	/* Monospace: about 0.6 em a character. */
	title_chars = (int)((width - 2 * SVG_MARGIN) / (18 * 0.62));
	line_chars = (int)((width - 2 * SVG_MARGIN) / (13 * 0.62));
	for (size_t i = 0; i < nlines_set; i++)
		if (lines[i] != NULL)
			nlines += wrapped_lines(lines[i], line_chars);
	nlines += wrapped_lines(title, title_chars) - 1;
	nlocks = find_locks(lg, locks);
	ncpu = count_cpus(lg);
	rows = lg->nlanes + nlocks + ncpu;
	/* The legend: up to three lines of states, and the note. */
	height = SVG_MARGIN + 24 + nlines * SVG_LINE_H + 12 +
	    rows * (SVG_ROW_H + SVG_ROW_GAP) + 3 * SVG_ROW_GAP + 40 + 34 +
	    3 * SVG_LINE_H + SVG_MARGIN;
	span_ms = end > base ? (double)(end - base) / 1e6 : 0;
	pl.px_per_ns = end > base ? pl.w / (double)(end - base) : 0;

	write_prologue(f, width, height);
	y = write_heading(f, title, lines, nlines_set, title_chars,
	    line_chars);

	if (lg->nlanes == 0 || end <= base) {
		text_at(f, SVG_MARGIN, y + SVG_ROW_H, "class=\"dim\"",
		    _("(no events recorded)"));
		fputs("</svg>\n", f);
		return ferror(f) ? -1 : 0;
	}
	y = lane_rows(f, lg, &pl, y, &seen) + SVG_ROW_GAP;
	y = lock_rows(f, lg, locks, nlocks, &pl, y);
	if (nlocks > 0)
		y += SVG_ROW_GAP;
	if (cpu_rows(f, lg, ncpu, &pl, &y) == -1)
		return -1;
	y += 4;
	time_axis(f, &pl, span_ms, y);
	legend(f, y + 40, width, nlocks + ncpu > 0, seen);
	fputs("</svg>\n", f);
	return ferror(f) ? -1 : 0;
}
