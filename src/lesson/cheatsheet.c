/*
 * cheatsheet.c - the course's comparison of threads, processes and
 * asyncio and the three questions of chapter 9, on one page a learner
 * can keep: as text for `timeslice cheatsheet` and the course map's
 * page, as SVG for printing.
 *
 * The content is two tables (the comparison's rows, the decision steps),
 * every string N_()-marked and translated when drawn, so the sheet speaks
 * the interface language. Text fits 80 columns, as everything timeslice
 * prints; the SVG is one landscape page.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lesson/cheatsheet.h"
#include "trace/export.h"
#include "util.h"

/* The three models, the comparison's columns. */
#define SHEET_COLS 3

/* A row of the comparison: what it compares, where it is taught, cells. */
struct sheet_row {
	const char	*label;
	int		 chapter;
	const char	*cell[SHEET_COLS];
};

static const char *const sheet_heads[SHEET_COLS] = {
	N_("threads"), N_("processes"), N_("asyncio"),
};

static const struct sheet_row sheet_rows[] = {
	{ N_("what runs at once"), 3, {
	    N_("one thread runs Python at a time; the others wait or do I/O"),
	    N_("one process per core, truly in parallel"),
	    N_("one task at a time, on one thread") } },
	{ N_("what the GIL does"), 3, {
	    N_("one GIL for all: computing threads take turns"),
	    N_("one GIL each: no contention"),
	    N_("no matter: there is one thread anyway") } },
	{ N_("memory"), 9, {
	    N_("shared"),
	    N_("separate: each has its own copy"),
	    N_("shared") } },
	{ N_("start-up cost"), 6, {
	    N_("low: a stack"),
	    N_("high: a whole interpreter"),
	    N_("very low: a small object") } },
	{ N_("sharing data"), 10, {
	    N_("easy, but needs locks"),
	    N_("explicit: pickled through queues and pipes"),
	    N_("easy: tasks switch only at await") } },
	{ N_("best for"), 9, {
	    N_("I/O with blocking libraries, tens to hundreds of waits"),
	    N_("CPU-bound work in independent pieces"),
	    N_("thousands of waits, with async libraries") } },
	{ N_("watch out for"), 5, {
	    N_("races and deadlocks"),
	    N_("start-up, pickling, the __main__ guard"),
	    N_("one blocking call stalls every task") } },
};

#define SHEET_NROWS (sizeof sheet_rows / sizeof sheet_rows[0])

/*
 * The decision steps of chapter 9, in the order they are asked, and what
 * chapter 10 adds once the choice is made.
 */
static const char *const sheet_steps[] = {
	N_("Is the slow part waiting or computing? Measure: CPU time close "
	    "to wall time means computing. Computing: processes (ch. 6)."),
	N_("Waiting: how many waits at once? Tens or hundreds, with blocking "
	    "libraries: a thread pool (ch. 5). Thousands, with async "
	    "libraries: asyncio (ch. 7)."),
	N_("Both? Threads or the event loop do the waiting and hand the "
	    "computing to a process pool (ch. 8)."),
	N_("Then coordinate: a queue between producers and consumers, a "
	    "semaphore to bound the waits, a TaskGroup to end tasks together "
	    "(ch. 10)."),
};

#define SHEET_NSTEPS (sizeof sheet_steps / sizeof sheet_steps[0])

/*
 * Text layout: a label column, then the three models, each wrapped one
 * column short of its width so two columns never touch.
 */
#define TEXT_WIDTH CHEATSHEET_WIDTH
#define TEXT_LABEL_W 16
#define TEXT_COL_W 20
#define WRAP_MAX 12		/* lines a cell may take */
#define WRAP_LINE 256		/* bytes of one wrapped line */

/* Lines of a cell wrapped to a width. */
struct wrapped {
	char	line[WRAP_MAX][WRAP_LINE];
	int	n;
};

/*
 * Breaks `s` at spaces into lines of at most `width` columns (a longer
 * word stands alone on its line).
 */
static void
wrap(struct wrapped *w, const char *s, int width)
{
	int col = 0;

	w->n = 0;
	while (*s != '\0' && w->n <= WRAP_MAX) {
		size_t n = strcspn(s, " ");
		char word[WRAP_LINE], *line;
		size_t len;
		int ww;

		if (n == 0) {
			s++;
			continue;
		}
		snprintf(word, sizeof word, "%.*s", (int)n, s);
		ww = i18n_width(word);
		if (w->n == 0 || (col > 0 && col + 1 + ww > width)) {
			if (w->n == WRAP_MAX)
				break;
			w->line[w->n++][0] = '\0';
			col = 0;
		}
		line = w->line[w->n - 1];
		len = strlen(line);
		snprintf(line + len, WRAP_LINE - len, "%s%s", col > 0 ? " " : "",
		    word);
		col += col > 0;
		col += ww;
		s += n;
	}
}

/* "ch. N" in the interface language, into buf. */
static const char *
chapter_ref(char *buf, size_t len, int chapter)
{
	snprintf(buf, len, _("ch. %d"), chapter);
	return buf;
}

/* A rule across the page. */
static void
text_rule(FILE *f)
{
	for (int i = 0; i < TEXT_WIDTH - 1; i++)
		fputc('-', f);
	fputc('\n', f);
}

void
cheatsheet_text(FILE *f)
{
	fprintf(f, "%s\n", _("timeslice cheat sheet: threads, processes or "
	    "asyncio"));
	text_rule(f);
	i18n_fpad(f, "", TEXT_LABEL_W, 0);
	for (int c = 0; c < SHEET_COLS; c++) {
		fputc(' ', f);
		if (c + 1 < SHEET_COLS)
			i18n_fpad(f, _(sheet_heads[c]), TEXT_COL_W, 0);
		else
			fputs(_(sheet_heads[c]), f);
	}
	fputc('\n', f);
	text_rule(f);
	for (size_t r = 0; r < SHEET_NROWS; r++) {
		const struct sheet_row *row = &sheet_rows[r];
		struct wrapped label, cell[SHEET_COLS];
		char ref[32];
		int lines;

		wrap(&label, _(row->label), TEXT_LABEL_W - 1);
		if (label.n < WRAP_MAX)
			snprintf(label.line[label.n++], WRAP_LINE, "(%s)",
			    chapter_ref(ref, sizeof ref, row->chapter));
		lines = label.n;
		for (int c = 0; c < SHEET_COLS; c++) {
			wrap(&cell[c], _(row->cell[c]), TEXT_COL_W - 1);
			if (cell[c].n > lines)
				lines = cell[c].n;
		}
		for (int i = 0; i < lines; i++) {
			int last = SHEET_COLS - 1;

			/* No blanks at the end of a line. */
			while (last >= 0 && i >= cell[last].n)
				last--;
			i18n_fpad(f, i < label.n ? label.line[i] : "",
			    last >= 0 ? TEXT_LABEL_W : 0, 0);
			for (int c = 0; c <= last; c++) {
				fputc(' ', f);
				i18n_fpad(f, i < cell[c].n ? cell[c].line[i] :
				    "", c < last ? TEXT_COL_W : 0, 0);
			}
			fputc('\n', f);
		}
		if (r + 1 < SHEET_NROWS)
			fputc('\n', f);
	}
	text_rule(f);
	fprintf(f, "%s\n", _("Which one? Ask in order (ch. 9):"));
	for (size_t i = 0; i < SHEET_NSTEPS; i++) {
		fprintf(f, " %zu. ", i + 1);
		i18n_fwrap(f, _(sheet_steps[i]), 4, 4, TEXT_WIDTH);
	}
	text_rule(f);
	fprintf(f, "%s\n", _("A word you do not know: timeslice glossary "
	    "WORD."));
}

/* SVG layout, in pixels: one landscape page. */
#define SVG_W 1000
#define SVG_MARGIN 24
#define SVG_LABEL_W 190
#define SVG_COL_W 258
#define SVG_LINE 17
#define SVG_CELL_CHARS 32	/* what fits a column at the font size */
#define SVG_LABEL_CHARS 22
#define SVG_STEP_CHARS 126

/* One line of text at (x, y) with extra attributes. */
static void
svg_text(FILE *f, int x, int y, const char *attrs, const char *s)
{
	fprintf(f, "<text x=\"%d\" y=\"%d\"%s%s>", x, y, *attrs ? " " : "",
	    attrs);
	svg_xml_text(f, s);
	fputs("</text>\n", f);
}

/* The lines of a wrapped cell from (x, y) down. */
static void
svg_lines(FILE *f, int x, int y, const char *attrs, const struct wrapped *w)
{
	for (int i = 0; i < w->n; i++)
		svg_text(f, x, y + i * SVG_LINE, attrs, w->line[i]);
}

/* The height, in pixels, the comparison's row `r` takes. */
static int
svg_row_h(size_t r)
{
	struct wrapped w;
	int lines = 2;

	wrap(&w, _(sheet_rows[r].label), SVG_LABEL_CHARS);
	if (w.n + 1 > lines)
		lines = w.n + 1;
	for (int c = 0; c < SHEET_COLS; c++) {
		wrap(&w, _(sheet_rows[r].cell[c]), SVG_CELL_CHARS);
		if (w.n > lines)
			lines = w.n;
	}
	return lines * SVG_LINE + 12;
}

void
cheatsheet_svg(FILE *f)
{
	int table_h = 34, steps_h = 40, y, h;
	struct wrapped w;
	char ref[32];

	for (size_t r = 0; r < SHEET_NROWS; r++)
		table_h += svg_row_h(r);
	for (size_t i = 0; i < SHEET_NSTEPS; i++) {
		wrap(&w, _(sheet_steps[i]), SVG_STEP_CHARS);
		steps_h += w.n * SVG_LINE + 6;
	}
	h = SVG_MARGIN * 2 + 40 + table_h + 20 + steps_h + 30;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, "
	    "sans-serif\" font-size=\"13\">\n"
	    "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n",
	    SVG_W, h, SVG_W, h);
	y = SVG_MARGIN + 20;
	svg_text(f, SVG_MARGIN, y, "font-size=\"20\" font-weight=\"bold\"",
	    _("timeslice cheat sheet: threads, processes or asyncio"));
	y += 20;
	/* The heading row. */
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"30\" "
	    "fill=\"#dde6f0\" stroke=\"#556\"/>\n", SVG_MARGIN, y,
	    SVG_W - 2 * SVG_MARGIN);
	for (int c = 0; c < SHEET_COLS; c++)
		svg_text(f, SVG_MARGIN + SVG_LABEL_W + c * SVG_COL_W + 8,
		    y + 20, "font-size=\"15\" font-weight=\"bold\"",
		    _(sheet_heads[c]));
	y += 34;
	for (size_t r = 0; r < SHEET_NROWS; r++) {
		int rh = svg_row_h(r), ty = y + SVG_LINE;

		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		    "fill=\"%s\" stroke=\"#bbb\"/>\n", SVG_MARGIN, y - 4,
		    SVG_W - 2 * SVG_MARGIN, rh, r % 2 ? "#f4f4f4" : "#ffffff");
		wrap(&w, _(sheet_rows[r].label), SVG_LABEL_CHARS);
		svg_lines(f, SVG_MARGIN + 8, ty, "font-weight=\"bold\"", &w);
		svg_text(f, SVG_MARGIN + 8, ty + w.n * SVG_LINE,
		    "fill=\"#555\" font-style=\"italic\"",
		    chapter_ref(ref, sizeof ref, sheet_rows[r].chapter));
		for (int c = 0; c < SHEET_COLS; c++) {
			wrap(&w, _(sheet_rows[r].cell[c]), SVG_CELL_CHARS);
			svg_lines(f, SVG_MARGIN + SVG_LABEL_W + c * SVG_COL_W +
			    8, ty, "", &w);
		}
		y += rh;
	}
	/* The column rules, over the rows. */
	for (int c = 0; c < SHEET_COLS; c++)
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		    "stroke=\"#556\"/>\n", SVG_MARGIN + SVG_LABEL_W +
		    c * SVG_COL_W, SVG_MARGIN + 40, SVG_MARGIN + SVG_LABEL_W +
		    c * SVG_COL_W, y - 4);
	y += 30;
	svg_text(f, SVG_MARGIN, y, "font-size=\"16\" font-weight=\"bold\"",
	    _("Which one? Ask in order (ch. 9):"));
	y += 8;
	for (size_t i = 0; i < SHEET_NSTEPS; i++) {
		char num[16];

		wrap(&w, _(sheet_steps[i]), SVG_STEP_CHARS);
		snprintf(num, sizeof num, "%zu.", i + 1);
		svg_text(f, SVG_MARGIN + 4, y + SVG_LINE, "font-weight=\"bold\"",
		    num);
		svg_lines(f, SVG_MARGIN + 28, y + SVG_LINE, "", &w);
		y += w.n * SVG_LINE + 6;
	}
	y += 24;
	svg_text(f, SVG_MARGIN, y, "fill=\"#555\"", _("A word you do not "
	    "know: timeslice glossary WORD."));
	fputs("</svg>\n", f);
}

