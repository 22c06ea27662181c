/*
 * pager.c - the lesson pager: a lesson laid out as rows of styled text
 * for the width of the screen, with live demos embedded in it, quizzes
 * and prediction quizzes answered in place, a table of contents, search,
 * a keys overlay, the language switch, step-by-step reveal at pauses, and
 * (for authors) a watch mode that reloads the file on every save and
 * shows the checker's findings inside the lesson.
 *
 * Layout is a pure function of the lesson, the width and the answers
 * given, redone whenever one of them changes; the reader's place is kept
 * as (block, row within block), which survives a relayout, a reload and
 * a restart of the program (it is what progress stores).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <cmark.h>

#include "i18n.h"
#include "lesson/syntax.h"
#include "store/presenter.h"
#include "ui/demo.h"
#include "ui/player.h"
#include "util.h"

#define DEMO_ROWS	18	/* height of a demo inside a lesson */
#define MAX_WIDTH	100	/* prose is hard to read wider than this */

struct span {
	char		*text;
	uint8_t		 style;
	int		 target;	/* link target, -1 */
};

struct row {
	struct span	*spans;
	int		 nspans;
	int		 block;		/* lesson block, -1 for problems */
	int		 boff;		/* row within the block */
	int		 demo;		/* first row of block `demo`'s area */
	int		 heading;	/* heading level on its first row */
	int		 x;		/* left margin of the row */
};

enum target_kind {
	TG_DEMO = 0,
	TG_QUIZ,
	TG_LINK
};

struct target {
	enum target_kind	 kind;
	int			 block;
	int			 row;
	char			*link;
};

/* What the reader did with one block. */
struct slot {
	struct demo	*demo;
	int		 answer;	/* quiz choice, -1 */
	bool		 evaluated;	/* prediction compared with the run */
	bool		 right;
	bool		 failed;	/* the metric could not be measured */
	double		 measured;
	double		*values;	/* per choice: the measured metric */
};

enum overlay {
	OV_NONE = 0,
	OV_HELP,
	OV_TOC
};

struct pager {
	struct player	*pl;
	struct lesson	*l;
	bool		 owned;
	struct diags	 problems;

	struct slot	*slots;
	size_t		 nslots;

	struct row	*rows;
	int		 nrows, caprows;
	struct target	*targets;
	int		 ntargets;
	int		 width;
	bool		 dirty;

	int		 top;
	int		 view_h;
	int		 published;	/* presenter: block last published */
	int		 focus;
	bool		 step;
	int		 reveal;
	bool		 more;		/* step mode: content after a pause */

	bool		 searching;
	char		 query[128];
	size_t		 qlen;
	char		*last_query;

	char		 msg[256];
	uint8_t		 msg_style;

	bool		 want_place;
	int		 want_block, want_boff;

	int		 wfd;
	char		*watch, *wname;

	enum overlay	 overlay;
	int		 toc_sel;
	bool		 unicode;	/* the canvas allows it */
};

/* The layout builder's position. */
struct lay {
	struct pager	*pg;
	int		 width;
	int		 block;
	int		 cur;		/* row being filled, -1 */
	int		 col;		/* columns used in it */
	int		 indent;	/* where a new row starts */
	const char	*prefix;	/* block quote bar */
	bool		 space;		/* a space before the next word */
	uint8_t		 style;
	int		 target;
	bool		 unicode;
};

static void	pager_relayout(struct pager *);

/* Frees the rows and targets of the current layout. */
static void
layout_free(struct pager *pg)
{
	for (int i = 0; i < pg->nrows; i++) {
		for (int k = 0; k < pg->rows[i].nspans; k++)
			free(pg->rows[i].spans[k].text);
		free(pg->rows[i].spans);
	}
	pg->nrows = 0;
	for (int i = 0; i < pg->ntargets; i++)
		free(pg->targets[i].link);
	free(pg->targets);
	pg->targets = NULL;
	pg->ntargets = 0;
}

/* Starts a new row at the current indent (and quote bar). */
static void
new_row(struct lay *ly)
{
	struct pager *pg = ly->pg;
	struct row *r;

	if (pg->nrows == pg->caprows) {
		pg->caprows = pg->caprows ? pg->caprows * 2 : 256;
		pg->rows = xreallocarray(pg->rows, (size_t)pg->caprows,
		    sizeof *pg->rows);
	}
	r = &pg->rows[pg->nrows];
	memset(r, 0, sizeof *r);
	r->block = ly->block;
	r->boff = 0;
	if (pg->nrows > 0 && pg->rows[pg->nrows - 1].block == ly->block)
		r->boff = pg->rows[pg->nrows - 1].boff + 1;
	r->demo = -1;
	r->x = ly->indent;
	ly->cur = pg->nrows++;
	ly->col = ly->indent;
	ly->space = false;
	if (ly->prefix != NULL) {
		struct span *s;

		r->spans = xreallocarray(NULL, 1, sizeof *r->spans);
		s = &r->spans[r->nspans++];
		s->text = xstrdup(ly->prefix);
		s->style = CS_BORDER;
		s->target = -1;
		ly->col += canvas_width(ly->prefix);
	}
}

static void
end_row(struct lay *ly)
{
	ly->cur = -1;
	ly->space = false;
}

/* An empty row, unless the last one already is. */
static void
blank(struct lay *ly)
{
	struct pager *pg = ly->pg;

	end_row(ly);
	if (pg->nrows == 0 || pg->rows[pg->nrows - 1].nspans == 0)
		return;
	{
		int saved = ly->indent;
		const char *pfx = ly->prefix;

		ly->prefix = NULL;
		new_row(ly);
		ly->prefix = pfx;
		ly->indent = saved;
	}
	end_row(ly);
}

/* Appends text to the current row as it is. */
static void
put(struct lay *ly, const char *text, uint8_t style, int target)
{
	struct row *r;
	struct span *s;

	if (ly->cur < 0)
		new_row(ly);
	r = &ly->pg->rows[ly->cur];
	r->spans = xreallocarray(r->spans, (size_t)r->nspans + 1,
	    sizeof *r->spans);
	s = &r->spans[r->nspans++];
	s->text = xstrdup(text);
	s->style = style;
	s->target = target;
	ly->col += canvas_width(text);
}

/* Appends a word, wrapping to a new row when it does not fit. */
static void
word(struct lay *ly, const char *w, uint8_t style)
{
	int width = canvas_width(w);
	int start = ly->indent + (ly->prefix ? canvas_width(ly->prefix) : 0);

	if (ly->cur < 0)
		new_row(ly);
	else if (ly->col + (ly->space ? 1 : 0) + width > ly->width &&
	    ly->col > start) {
		end_row(ly);
		new_row(ly);
	}
	if (ly->space && ly->col > start)
		put(ly, " ", CS_TEXT, -1);
	put(ly, w, style, ly->target);
	ly->space = false;
}

/* Splits text into words and feeds them to word(). */
static void
words(struct lay *ly, const char *text, uint8_t style)
{
	char buf[512];
	size_t n = 0;

	for (const char *p = text;; p++) {
		if (*p == '\0' || *p == ' ' || *p == '\t' || *p == '\n') {
			if (n > 0) {
				buf[n] = '\0';
				word(ly, buf, style);
				n = 0;
			}
			if (*p == '\0')
				break;
			ly->space = true;
			continue;
		}
		if (n + 1 >= sizeof buf) {
			buf[n] = '\0';
			word(ly, buf, style);
			n = 0;
		}
		buf[n++] = *p;
	}
}

static int
add_target(struct pager *pg, enum target_kind kind, int block, int row,
    const char *link)
{
	struct target *t;

	pg->targets = xreallocarray(pg->targets, (size_t)pg->ntargets + 1,
	    sizeof *pg->targets);
	t = &pg->targets[pg->ntargets];
	t->kind = kind;
	t->block = block;
	t->row = row;
	t->link = link ? xstrdup(link) : NULL;
	return pg->ntargets++;
}

/* Lays out the inline children of `node` with the current style. */
static void
inlines(struct lay *ly, cmark_node *node)
{
	for (cmark_node *n = cmark_node_first_child(node); n != NULL;
	    n = cmark_node_next(n)) {
		uint8_t saved = ly->style;
		int saved_target = ly->target;
		const char *lit, *url;

		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			lit = cmark_node_get_literal(n);
			if (lit != NULL && (*lit == ' ' || *lit == '\t'))
				ly->space = true;
			words(ly, lit ? lit : "", ly->style);
			break;
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(n);
			words(ly, lit ? lit : "", CS_KEY);
			break;
		case CMARK_NODE_SOFTBREAK:
			ly->space = true;
			break;
		case CMARK_NODE_LINEBREAK:
			end_row(ly);
			break;
		case CMARK_NODE_EMPH:
			ly->style = CS_STATE(TRACE_READY);
			inlines(ly, n);
			break;
		case CMARK_NODE_STRONG:
			ly->style = CS_TITLE;
			inlines(ly, n);
			break;
		case CMARK_NODE_LINK:
			url = cmark_node_get_url(n);
			if (ly->cur < 0)
				new_row(ly);
			ly->target = add_target(ly->pg, TG_LINK, ly->block,
			    ly->cur, url ? url : "");
			ly->style = CS_CPU;
			inlines(ly, n);
			ly->target = saved_target;
			if (url != NULL && strncmp(url, "lesson:", 7) != 0 &&
			    *url != '\0') {
				char *s;

				xasprintf(&s, "<%s>", url);
				ly->space = true;
				words(ly, s, CS_DIM);
				free(s);
			}
			break;
		case CMARK_NODE_IMAGE:
			ly->style = CS_DIM;
			ly->space = true;
			words(ly, _("[image:"), CS_DIM);
			inlines(ly, n);
			words(ly, "]", CS_DIM);
			break;
		default:
			break;
		}
		ly->style = saved;
	}
}

/* A code block, coloured by its language, one row per line, clipped. */
static void
code_block(struct lay *ly, cmark_node *n, int indent)
{
	const char *lit = cmark_node_get_literal(n), *p;
	enum syntax_lang lang = syntax_lang(cmark_node_get_fence_info(n));
	static const uint8_t class_style[] = {
		[SX_PLAIN] = CS_TEXT,
		[SX_KEYWORD] = CS_KEY,
		[SX_STRING] = CS_STATE(TRACE_RUN),
		[SX_COMMENT] = CS_DIM,
		[SX_NUMBER] = CS_LOCK,
		[SX_PROMPT] = CS_TITLE,
	};
	int state = 0, saved = ly->indent;

	end_row(ly);
	ly->indent = indent + 2;
	for (p = lit ? lit : ""; *p != '\0';) {
		size_t len = strcspn(p, "\n"), i = 0;
		uint8_t *cls = xmalloc(len + 1);
		char *seg = xmalloc(len + 1);

		syntax_line(lang, p, len, cls, &state);
		new_row(ly);
		while (i < len) {
			size_t j = i;

			while (j < len && cls[j] == cls[i])
				j++;
			memcpy(seg, p + i, j - i);
			seg[j - i] = '\0';
			/* A tab is one cell wide on the canvas: a space. */
			for (char *t = seg; *t != '\0'; t++)
				if (*t == '\t')
					*t = ' ';
			put(ly, seg, class_style[cls[i]], -1);
			i = j;
		}
		end_row(ly);
		free(cls);
		free(seg);
		p += len;
		if (*p == '\n')
			p++;
	}
	ly->indent = saved;
}

static void	blocks(struct lay *, cmark_node *, int indent, bool tight);

/* One list: bullets or numbers, items laid out under their marker. */
static void
list_block(struct lay *ly, cmark_node *n, int indent)
{
	bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	bool tight = cmark_node_get_list_tight(n) != 0;
	int num = cmark_node_get_list_start(n), saved = ly->indent;

	if (num < 0)
		num = 1;
	for (cmark_node *item = cmark_node_first_child(n); item != NULL;
	    item = cmark_node_next(item), num++) {
		char mark[16];

		if (ordered)
			snprintf(mark, sizeof mark, "%d. ", num);
		else
			snprintf(mark, sizeof mark, "%s", ly->unicode ? "• " :
			    "* ");
		end_row(ly);
		ly->indent = indent;
		new_row(ly);
		put(ly, mark, CS_BORDER, -1);
		ly->indent = indent + canvas_width(mark);
		blocks(ly, item, indent + canvas_width(mark), tight);
		end_row(ly);
		if (!tight)
			blank(ly);
	}
	ly->indent = saved;
}

/* Appends the plain text of inline nodes, soft breaks as newlines. */
static void
plain_text(cmark_node *node, char **buf, size_t *len)
{
	for (cmark_node *n = cmark_node_first_child(node); n != NULL;
	    n = cmark_node_next(n)) {
		const char *lit = NULL;

		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(n);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			lit = "\n";
			break;
		default:
			plain_text(n, buf, len);
			break;
		}
		if (lit != NULL) {
			size_t k = strlen(lit);

			*buf = xrealloc(*buf, *len + k + 1);
			memcpy(*buf + *len, lit, k + 1);
			*len += k;
		}
	}
}

/* Splits one "| a | b |" line into trimmed cells (allocated). */
static int
table_cells(char *line, char **cells, int max)
{
	int n = 0;
	char *p = line, *bar;

	while (*p == ' ')
		p++;
	if (*p == '|')
		p++;
	while (*p != '\0' && n < max) {
		char *start, *end;

		bar = strchr(p, '|');
		if (bar != NULL)
			*bar = '\0';
		start = p;
		while (*start == ' ')
			start++;
		end = start + strlen(start);
		while (end > start && end[-1] == ' ')
			*--end = '\0';
		if (bar == NULL && *start == '\0')
			break;
		cells[n++] = start;
		if (bar == NULL)
			break;
		p = bar + 1;
	}
	return n;
}

/* Whether a row of cells is the |---|:--:| line under the header. */
static bool
is_separator(char **cells, int n)
{
	if (n == 0)
		return false;
	for (int k = 0; k < n; k++)
		if (strchr(cells[k], '-') == NULL ||
		    strspn(cells[k], "-: ") != strlen(cells[k]))
			return false;
	return true;
}

/*
 * A paragraph written as a pipe table (not CommonMark, and the checker
 * says so) is still drawn as one, so a reader never sees a jumble.
 * Returns false when the paragraph is not a table.
 */
static bool
table_block(struct lay *ly, cmark_node *n, int indent)
{
	char *text = NULL, *line, *save = NULL, *cells[64][16];
	size_t len = 0;
	int nl = 0, ncells[64], w[16] = { 0 }, ncols = 0, sep = -1;
	const char *bar = ly->unicode ? "│" : "|";

	plain_text(n, &text, &len);
	if (text == NULL || text[0] != '|' || strchr(text, '\n') == NULL) {
		free(text);
		return false;
	}
	for (line = strtok_r(text, "\n", &save); line != NULL && nl < 64;
	    line = strtok_r(NULL, "\n", &save)) {
		if (*line != '|') {
			free(text);
			return false;
		}
		ncells[nl] = table_cells(line, cells[nl], 16);
		if (is_separator(cells[nl], ncells[nl])) {
			if (sep < 0)
				sep = nl;
			ncells[nl] = -1;
		}
		nl++;
	}
	for (int i = 0; i < nl; i++)
		for (int k = 0; k < ncells[i]; k++) {
			int cw = canvas_width(cells[i][k]);

			if (cw > w[k])
				w[k] = cw;
			if (k + 1 > ncols)
				ncols = k + 1;
		}
	end_row(ly);
	ly->indent = indent;
	for (int i = 0; i < nl; i++) {
		new_row(ly);
		for (int k = 0; k < ncols; k++) {
			const char *cell = ncells[i] > k ? cells[i][k] : "";
			char pad[64];
			int fill;

			put(ly, bar, CS_BORDER, -1);
			put(ly, " ", CS_TEXT, -1);
			if (ncells[i] < 0) {
				for (int j = 0; j < w[k]; j++)
					put(ly, ly->unicode ? "─" : "-",
					    CS_BORDER, -1);
			} else
				put(ly, cell, i < sep ? CS_TITLE : CS_TEXT, -1);
			fill = ncells[i] < 0 ? 0 : w[k] - canvas_width(cell);
			if (fill > (int)sizeof pad - 2)
				fill = (int)sizeof pad - 2;
			memset(pad, ' ', (size_t)fill + 1);
			pad[fill + 1] = '\0';
			put(ly, pad, CS_TEXT, -1);
		}
		put(ly, bar, CS_BORDER, -1);
		end_row(ly);
	}
	free(text);
	return true;
}

/* A row of one glyph from `indent` to the right edge. */
static void
rule(struct lay *ly, int indent, const char *glyph, uint8_t style)
{
	int w = ly->width - indent;
	size_t g = strlen(glyph);
	char *line = xmalloc((size_t)(w > 0 ? w : 0) * g + 1), *q = line;

	for (int i = 0; i < w; i++, q += g)
		memcpy(q, glyph, g);
	*q = '\0';
	put(ly, line, style, -1);
	free(line);
	end_row(ly);
}

/* Lays out one block node at `indent`. */
static void
block_node(struct lay *ly, cmark_node *n, int indent, bool tight)
{
	int saved = ly->indent;
	const char *pfx = ly->prefix;

	ly->indent = indent;
	{
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_PARAGRAPH:
			if (table_block(ly, n, indent)) {
				if (!tight)
					blank(ly);
				break;
			}
			inlines(ly, n);
			end_row(ly);
			if (!tight)
				blank(ly);
			break;
		case CMARK_NODE_HEADING: {
			int level = cmark_node_get_heading_level(n), first;

			end_row(ly);
			new_row(ly);
			first = ly->cur;
			ly->pg->rows[first].heading = level;
			ly->style = CS_TITLE;
			if (level >= 3)
				put(ly, level == 3 ? "» " : "· ", CS_BORDER,
				    -1);
			inlines(ly, n);
			ly->style = CS_TEXT;
			end_row(ly);
			if (level == 1)
				rule(ly, indent, ly->unicode ? "═" : "=",
				    CS_BORDER);
			else if (level == 2)
				rule(ly, indent, ly->unicode ? "─" : "-",
				    CS_BORDER);
			blank(ly);
			break;
		}
		case CMARK_NODE_LIST:
			list_block(ly, n, indent);
			if (!tight)
				blank(ly);
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			end_row(ly);
			ly->prefix = ly->unicode ? "│ " : "| ";
			blocks(ly, n, indent, false);
			end_row(ly);
			ly->prefix = pfx;
			break;
		case CMARK_NODE_CODE_BLOCK:
			code_block(ly, n, indent);
			if (!tight)
				blank(ly);
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			end_row(ly);
			rule(ly, indent, ly->unicode ? "─" : "-", CS_DIM);
			blank(ly);
			break;
		default:
			break;
		}
		ly->indent = saved;
	}
}

/* Lays out the block children of `parent`. */
static void
blocks(struct lay *ly, cmark_node *parent, int indent, bool tight)
{
	for (cmark_node *n = cmark_node_first_child(parent); n != NULL;
	    n = cmark_node_next(n))
		block_node(ly, n, indent, tight);
}

/* Rows for a demo's area, whose first row says which block it shows. */
static void
demo_area(struct lay *ly, int block)
{
	end_row(ly);
	for (int i = 0; i < DEMO_ROWS; i++) {
		new_row(ly);
		if (i == 0)
			ly->pg->rows[ly->cur].demo = block;
		end_row(ly);
	}
}

static void
demo_block(struct lay *ly, const struct lesson_demo *dm, int block)
{
	char *s;
	int t;

	end_row(ly);
	new_row(ly);
	t = add_target(ly->pg, TG_DEMO, block, ly->cur, NULL);
	put(ly, ly->unicode ? "▶ " : "> ", CS_GOOD, t);
	ly->style = CS_TITLE;
	words(ly, dm->caption ? dm->caption : _("Live demo"), CS_TITLE);
	ly->style = CS_TEXT;
	end_row(ly);
	xasprintf(&s, _("models: %s"), dm->models ? dm->models : "?");
	ly->indent += 2;
	words(ly, s, CS_DIM);
	free(s);
	end_row(ly);
	words(ly, _("enter: full screen   r: run again   +/-: workers"),
	    CS_DIM);
	ly->indent -= 2;
	end_row(ly);
	if (dm->scenario == NULL) {
		words(ly, _("this demo has errors and cannot run"), CS_ERROR);
		end_row(ly);
	} else
		demo_area(ly, block);
	blank(ly);
}

/* Formats a measured value compactly. */
static void
fmt_value(char *buf, size_t len, double v)
{
	snprintf(buf, len, "%.2f", v);
}

static void
quiz_block(struct lay *ly, const struct lesson_quiz *q, int block,
    bool predict)
{
	struct slot *sl = &ly->pg->slots[block];
	const struct progress_quiz *pq;
	char buf[256];
	int t;

	pq = ly->pg->l->id && q->id ? progress_quiz(&ly->pg->pl->progress,
	    ly->pg->l->id, q->id) : NULL;
	end_row(ly);
	new_row(ly);
	t = add_target(ly->pg, TG_QUIZ, block, ly->cur, NULL);
	put(ly, predict ? (ly->unicode ? "◆ " : "* ") : "? ", CS_KEY, t);
	ly->style = CS_TITLE;
	words(ly, q->question ? q->question : "?", CS_TITLE);
	ly->style = CS_TEXT;
	end_row(ly);
	ly->indent += 2;
	for (int i = 0; i < q->nchoices; i++) {
		const struct lesson_choice *ch = &q->choices[i];
		bool chosen = sl->answer == i;
		uint8_t st = chosen ? CS_HIGHLIGHT : CS_TEXT;
		const char *mark = "";

		if (sl->answer >= 0 && !predict)
			mark = ch->correct ? (ly->unicode ? " ✓" : " (right)") :
			    (chosen ? (ly->unicode ? " ✗" : " (wrong)") : "");
		if (predict && sl->evaluated && sl->values != NULL &&
		    !sl->failed)
			mark = lesson_condition_holds(ch, sl->values[i]) ?
			    (ly->unicode ? " ✓ happened" : " (happened)") : "";
		snprintf(buf, sizeof buf, "%d) ", i + 1);
		new_row(ly);
		put(ly, buf, CS_KEY, -1);
		{
			int save = ly->indent;

			ly->indent += 3;
			words(ly, ch->text ? ch->text : "", st);
			ly->indent = save;
		}
		if (*mark != '\0')
			put(ly, mark, ch->correct || predict ? CS_GOOD :
			    CS_ERROR, -1);
		end_row(ly);
		if (chosen && ch->why != NULL && (!predict || sl->evaluated)) {
			ly->indent += 5;
			words(ly, ch->why, CS_DIM);
			end_row(ly);
			ly->indent -= 5;
		}
	}
	if (predict && sl->answer >= 0) {
		const char *metric = q->choices[sl->answer].metric;

		if (sl->evaluated && sl->failed)
			snprintf(buf, sizeof buf, _("the run could not measure "
			    "%s"), metric ? metric : "?");
		else if (sl->evaluated) {
			char v[32];

			fmt_value(v, sizeof v, sl->measured);
			snprintf(buf, sizeof buf, _("measured %s = %s: your "
			    "prediction was %s"), metric ? metric : "?", v,
			    sl->right ? _("right") : _("wrong"));
		} else
			snprintf(buf, sizeof buf, "%s", _("running the "
			    "experiment to check your prediction..."));
		words(ly, buf, sl->evaluated ? (sl->right ? CS_GOOD :
		    CS_WARN) : CS_DIM);
		end_row(ly);
	} else if (!predict && sl->answer >= 0) {
		int ncorrect = 0;

		for (int i = 0; i < q->nchoices; i++)
			ncorrect += q->choices[i].correct;
		words(ly, !q->choices[sl->answer].correct ? _("Not quite.") :
		    ncorrect > 1 ? _("Right! (another answer is right too)") :
		    _("Right!"), q->choices[sl->answer].correct ? CS_GOOD :
		    CS_WARN);
		end_row(ly);
	}
	if (sl->answer < 0 && pq != NULL) {
		snprintf(buf, sizeof buf, _("answered before: %d (%s)"),
		    pq->choice + 1, pq->right ? _("right") : _("wrong"));
		words(ly, buf, CS_DIM);
		end_row(ly);
	}
	snprintf(buf, sizeof buf, predict ? _("press 1-%d to predict") :
	    _("press 1-%d to answer"), q->nchoices);
	words(ly, buf, CS_DIM);
	end_row(ly);
	ly->indent -= 2;
	if (predict && sl->answer >= 0 && q->demo.scenario != NULL)
		demo_area(ly, block);
	blank(ly);
}

/* The checker's findings, shown first (watch mode, or a broken lesson). */
static void
problem_rows(struct lay *ly)
{
	struct pager *pg = ly->pg;
	char buf[128];

	if (pg->problems.n == 0)
		return;
	ly->block = -1;
	snprintf(buf, sizeof buf, _("%d error(s), %d warning(s) in this "
	    "lesson:"), pg->problems.errors, pg->problems.warnings);
	words(ly, buf, pg->problems.errors ? CS_ERROR : CS_WARN);
	end_row(ly);
	for (size_t i = 0; i < pg->problems.n; i++) {
		char *s = diag_format(&pg->problems.v[i]);

		ly->indent = 2;
		words(ly, s, pg->problems.v[i].level == DIAG_ERROR ? CS_ERROR :
		    CS_WARN);
		end_row(ly);
		free(s);
	}
	ly->indent = 0;
	blank(ly);
}

static void
pager_relayout(struct pager *pg)
{
	struct lay ly;
	int pauses = 0;

	layout_free(pg);
	memset(&ly, 0, sizeof ly);
	ly.pg = pg;
	ly.width = pg->width;
	ly.cur = -1;
	ly.target = -1;
	ly.style = CS_TEXT;
	ly.unicode = pg->unicode;
	if (pg->watch != NULL || pg->problems.errors > 0)
		problem_rows(&ly);
	pg->more = false;
	for (size_t i = 0; i < pg->l->nblocks; i++) {
		const struct lesson_block *b = &pg->l->blocks[i];

		ly.block = (int)i;
		ly.indent = 0;
		switch (b->kind) {
		case LESSON_PROSE:
			block_node(&ly, b->node, 0, false);
			break;
		case LESSON_DEMO:
			demo_block(&ly, b->demo, (int)i);
			break;
		case LESSON_QUIZ:
		case LESSON_PREDICT:
			quiz_block(&ly, b->quiz, (int)i,
			    b->kind == LESSON_PREDICT);
			break;
		case LESSON_PAUSE:
			if (pg->step && pauses++ >= pg->reveal) {
				pg->more = true;
				end_row(&ly);
				ly.indent = 0;
				words(&ly, _("-- more: press space --"),
				    CS_KEY);
				end_row(&ly);
				goto done;
			}
			break;
		case LESSON_NOTES:
			break;
		}
	}
done:
	end_row(&ly);
	pg->dirty = false;
}

/* The first row of block `block` at or after row `boff` in it. */
static int
row_of_place(const struct pager *pg, int block, int boff)
{
	int best = -1;

	for (int i = 0; i < pg->nrows; i++) {
		const struct row *r = &pg->rows[i];

		if (r->block < 0)
			continue;
		if (r->block > block)
			return best >= 0 ? best : i;
		if (r->block == block) {
			best = i;
			if (r->boff >= boff)
				return i;
		}
	}
	return best >= 0 ? best : 0;
}

static int
max_top(const struct pager *pg)
{
	int m = pg->nrows - pg->view_h;

	return m < 0 ? 0 : m;
}

static void
clamp_top(struct pager *pg)
{
	if (pg->top > max_top(pg))
		pg->top = max_top(pg);
	if (pg->top < 0)
		pg->top = 0;
}

/* Where the reader is, as progress stores it. */
static void
current_place(const struct pager *pg, int *block, int *boff)
{
	*block = 0;
	*boff = 0;
	for (int i = pg->top; i < pg->nrows; i++)
		if (pg->rows[i].block >= 0) {
			*block = pg->rows[i].block;
			*boff = i == pg->top ? pg->rows[i].boff : 0;
			return;
		}
}

/*
 * In presenter mode, tells the speaker-notes terminal (`timeslice notes`)
 * which block is at the top of the screen, whenever that changes. A
 * failure to write is not worth interrupting a class for: it is ignored.
 */
static void
publish_place(struct pager *pg)
{
	struct presenter_place place;
	char *path, *cause = NULL;
	int block, boff;

	if (!pg->pl->presenter || pg->l->id == NULL || pg->nrows == 0)
		return;
	current_place(pg, &block, &boff);
	if (block + 1 == pg->published)
		return;
	memset(&place, 0, sizeof place);
	snprintf(place.lesson, sizeof place.lesson, "%s", pg->l->id);
	snprintf(place.lang, sizeof place.lang, "%s",
	    pg->l->lang ? pg->l->lang : "en");
	place.block = block;
	if ((path = presenter_path()) != NULL &&
	    presenter_publish(path, &place, &cause) != 0)
		free(cause);
	free(path);
	pg->published = block + 1;
}

/* Records the place (and whether the end was reached) in progress. */
static void
save_place(struct pager *pg)
{
	int block, boff;
	struct progress *p = &pg->pl->progress;

	if (pg->l->id == NULL || pg->nrows == 0)
		return;
	current_place(pg, &block, &boff);
	progress_set_place(p, pg->l->id, block, boff);
	progress_set_last(p, pg->l->id);
	if (pg->top >= max_top(pg) && !pg->more)
		progress_lesson(p, pg->l->id, true)->done = true;
}

/* Makes sure a layout for width `w` exists, keeping the place. */
static void
ensure_layout(struct pager *pg, int w)
{
	int block = 0, boff = 0;
	bool keep = pg->nrows > 0;

	if (!pg->dirty && w == pg->width)
		return;
	if (pg->want_place) {
		block = pg->want_block;
		boff = pg->want_boff;
		keep = true;
		pg->want_place = false;
	} else if (keep)
		current_place(pg, &block, &boff);
	pg->width = w;
	pager_relayout(pg);
	if (keep)
		pg->top = row_of_place(pg, block, boff);
	/* In watch mode an error list at the top must stay in view. */
	if (pg->watch != NULL && pg->problems.n > 0 && block == 0 && boff == 0)
		pg->top = 0;
	clamp_top(pg);
}

/* Stops every demo and forgets the answers (the lesson changed). */
static void
slots_free(struct pager *pg)
{
	for (size_t i = 0; i < pg->nslots; i++) {
		demo_free(pg->slots[i].demo);
		free(pg->slots[i].values);
	}
	free(pg->slots);
	pg->slots = NULL;
	pg->nslots = 0;
}

static void
slots_new(struct pager *pg)
{
	pg->nslots = pg->l->nblocks;
	pg->slots = xcalloc(pg->nslots ? pg->nslots : 1, sizeof *pg->slots);
	for (size_t i = 0; i < pg->nslots; i++)
		pg->slots[i].answer = -1;
}

/* Puts `l` in the pager in place of the current lesson. */
static void
set_lesson(struct pager *pg, struct lesson *l, bool owned)
{
	slots_free(pg);
	if (pg->owned)
		lesson_free(pg->l);
	pg->l = l;
	pg->owned = owned;
	slots_new(pg);
	pg->focus = -1;
	pg->reveal = 0;
	pg->dirty = true;
}

/* Re-reads the watched file; keeps the old lesson if it cannot be read. */
static void
reload(struct pager *pg)
{
	struct diags d;
	struct lesson *l;
	time_t now = time(NULL);
	struct tm tm;

	diags_init(&d);
	l = lesson_load(pg->watch, &d);
	if (l == NULL) {
		diags_release(&pg->problems);
		pg->problems = d;
		pg->dirty = true;
		snprintf(pg->msg, sizeof pg->msg, "%s", _("cannot read the "
		    "file; showing the last version"));
		pg->msg_style = CS_ERROR;
		return;
	}
	course_check_context(&l, 1, &d);
	diags_sort(&d);
	current_place(pg, &pg->want_block, &pg->want_boff);
	pg->want_place = true;
	set_lesson(pg, l, true);
	diags_release(&pg->problems);
	pg->problems = d;
	localtime_r(&now, &tm);
	snprintf(pg->msg, sizeof pg->msg, _("reloaded at %02d:%02d:%02d: %d "
	    "error(s), %d warning(s)"), tm.tm_hour, tm.tm_min, tm.tm_sec,
	    d.errors, d.warnings);
	pg->msg_style = d.errors ? CS_ERROR : CS_GOOD;
}

/* Reads inotify events; true when the watched file was written. */
static bool
watch_fired(struct pager *pg)
{
	char buf[4096]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	bool hit = false;
	ssize_t n;

	if (pg->wfd < 0)
		return false;
	while ((n = read(pg->wfd, buf, sizeof buf)) > 0) {
		for (char *p = buf; p < buf + n;) {
			struct inotify_event *ev = (struct inotify_event *)p;

			if (ev->len > 0 && strcmp(ev->name, pg->wname) == 0)
				hit = true;
			p += sizeof *ev + ev->len;
		}
	}
	return hit;
}

/* Watches the folder of the file: editors often replace the file. */
static void
watch_start(struct pager *pg, const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');

	pg->watch = xstrdup(path);
	pg->wname = xstrdup(slash ? slash + 1 : path);
	if (slash != NULL)
		*slash = '\0';
	else {
		free(dir);
		dir = xstrdup(".");
	}
	pg->wfd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (pg->wfd >= 0 && inotify_add_watch(pg->wfd, *dir ? dir : "/",
	    IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0) {
		snprintf(pg->msg, sizeof pg->msg, _("cannot watch %s: %s"), dir,
		    strerror(errno));
		pg->msg_style = CS_ERROR;
		close(pg->wfd);
		pg->wfd = -1;
	}
	free(dir);
}

/* Starts the demos whose area is on screen; evaluates predictions. */
static int
pager_tick(void *self, uint64_t now)
{
	struct pager *pg = self;
	int flags = 0;

	if (pg->pl->quit)
		return APP_QUIT;
	if (pg->watch != NULL && watch_fired(pg)) {
		reload(pg);
		flags |= APP_REDRAW;
	}
	if (pg->dirty)
		return flags | APP_REDRAW;
	for (int i = pg->top; i < pg->top + pg->view_h && i < pg->nrows; i++) {
		int b = pg->rows[i].demo;
		const struct lesson_block *lb;

		if (b < 0 || (size_t)b >= pg->nslots || pg->slots[b].demo)
			continue;
		lb = &pg->l->blocks[b];
		if (lb->kind == LESSON_DEMO && lb->demo->scenario != NULL)
			pg->slots[b].demo = demo_new(lb->demo->scenario,
			    &lb->demo->params, DEMO_FIXED);
	}
	for (size_t i = 0; i < pg->nslots; i++) {
		struct slot *sl = &pg->slots[i];
		const struct lesson_quiz *q = pg->l->blocks[i].quiz;
		const struct experiment *ex;

		if (sl->demo == NULL)
			continue;
		flags |= demo_tick(sl->demo, now) & (APP_REDRAW | APP_ANIMATE);
		if (pg->l->blocks[i].kind != LESSON_PREDICT || sl->evaluated ||
		    sl->answer < 0 || demo_busy(sl->demo) ||
		    (ex = demo_result(sl->demo)) == NULL)
			continue;
		/* The run is over: what happened, and was the guess right? */
		free(sl->values);
		sl->values = xcalloc((size_t)q->nchoices, sizeof *sl->values);
		sl->failed = false;
		for (int k = 0; k < q->nchoices; k++)
			if (q->choices[k].metric == NULL ||
			    experiment_value(ex, q->choices[k].metric,
			    &sl->values[k]) != 0)
				sl->failed = true;
		sl->evaluated = true;
		if (!sl->failed) {
			sl->measured = sl->values[sl->answer];
			sl->right = lesson_condition_holds(
			    &q->choices[sl->answer], sl->measured);
			if (pg->l->id != NULL && q->id != NULL) {
				progress_set_quiz(&pg->pl->progress, pg->l->id,
				    q->id, sl->answer, sl->right);
				player_save(pg->pl);
			}
		}
		pg->dirty = true;
		flags |= APP_REDRAW;
	}
	return flags;
}

/* Copies the part of a drawn demo that is on screen. */
static void
draw_demo(struct pager *pg, struct canvas *c, int block, int x, int y,
    int w, int ytop, int ybot)
{
	struct demo *d = pg->slots[block].demo;
	struct canvas *tmp;
	struct rect r = { x, y, w, DEMO_ROWS - 1 };

	if (d == NULL) {
		if (y >= ytop && y < ybot)
			canvas_text(c, x, y, w, CS_DIM, _("starting..."));
		return;
	}
	if (y >= ytop && y + r.h <= ybot) {
		demo_draw(d, c, r);
		return;
	}
	tmp = canvas_new(w, r.h);
	tmp->unicode = c->unicode;
	tmp->color = c->color;
	demo_draw(d, tmp, (struct rect){ 0, 0, w, r.h });
	for (int row = 0; row < r.h; row++) {
		if (y + row < ytop || y + row >= ybot)
			continue;
		for (int col = 0; col < w; col++) {
			const struct canvas_cell *cell;

			cell = canvas_at(tmp, col, row);

			if (cell != NULL && cell->ch != CANVAS_CONT)
				canvas_put(c, x + col, y + row, cell->ch,
				    cell->style);
			else if (cell != NULL)
				canvas_put(c, x + col, y + row, CANVAS_CONT,
				    cell->style);
		}
	}
	canvas_free(tmp);
}

/* Case-insensitive substring search in ASCII (enough for the UI). */
static const char *
find_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return NULL;
	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

/* The text of a row, for searching. */
static char *
row_text(const struct row *r)
{
	size_t len = 1;
	char *s;

	for (int k = 0; k < r->nspans; k++)
		len += strlen(r->spans[k].text);
	s = xmalloc(len);
	*s = '\0';
	for (int k = 0; k < r->nspans; k++)
		strcat(s, r->spans[k].text);
	return s;
}

/* Draws one span, highlighting search matches inside it. */
static int
draw_span(struct pager *pg, struct canvas *c, int x, int y, int maxw,
    const struct span *s)
{
	uint8_t st = s->style;
	const char *q = pg->last_query, *p = s->text, *m;
	int used = 0;

	if (s->target >= 0 && s->target == pg->focus)
		st = CS_HIGHLIGHT;
	if (q == NULL || *q == '\0' || (m = find_ci(p, q)) == NULL)
		return canvas_text(c, x, y, maxw, st, p);
	while ((m = find_ci(p, q)) != NULL && used < maxw) {
		char *pre = xstrdup(p), *hit = xstrdup(m);

		pre[m - p] = '\0';
		hit[strlen(q)] = '\0';
		used += canvas_text(c, x + used, y, maxw - used, st, pre);
		used += canvas_text(c, x + used, y, maxw - used, CS_HIGHLIGHT,
		    hit);
		free(pre);
		free(hit);
		p = m + strlen(q);
	}
	if (used < maxw)
		used += canvas_text(c, x + used, y, maxw - used, st, p);
	return used;
}

static const char *const pager_keys[] = {
	N_("j k, arrows      line down, up"),
	N_("space b          page down, up (space also reveals)"),
	N_("d u              half a page down, up"),
	N_("g G, Home End    top, bottom"),
	N_("/ n N            search, next, previous match"),
	N_("t                table of contents"),
	N_("tab shift-tab    next, previous demo, quiz or link"),
	N_("enter            full-screen demo, follow a link"),
	N_("1-6              answer the quiz in view"),
	N_("r + -            run the demo again, more or fewer workers"),
	N_("p                step by step: stop at each pause"),
	N_("L                switch language (es/en)"),
	N_("q Q              back to the map, quit"),
	NULL
};

void
player_draw_help(struct canvas *c, struct rect r, const char *title,
    const char *const *lines)
{
	int n = 0, w = 0;
	struct rect box;

	for (; lines[n] != NULL; n++)
		if (canvas_width(_(lines[n])) > w)
			w = canvas_width(_(lines[n]));
	box.w = w + 4 < r.w ? w + 4 : r.w;
	box.h = n + 4 < r.h ? n + 4 : r.h;
	box.x = r.x + (r.w - box.w) / 2;
	box.y = r.y + (r.h - box.h) / 2;
	canvas_fill(c, box, L' ', CS_TEXT);
	canvas_box(c, box, CS_BORDER, title);
	for (int i = 0; i < n && i + 2 < box.h - 1; i++)
		canvas_text(c, box.x + 2, box.y + 2 + i, box.w - 4, CS_TEXT,
		    _(lines[i]));
}

/* The table of contents: every heading, the current one selected. */
static void
draw_toc(struct pager *pg, struct canvas *c, struct rect r)
{
	int n = 0, i, shown = 0;
	struct rect box;

	for (i = 0; i < pg->nrows; i++)
		if (pg->rows[i].heading > 0)
			n++;
	box.w = r.w - 8 < 70 ? r.w - 8 : 70;
	box.h = n + 4 < r.h - 2 ? n + 4 : r.h - 2;
	box.x = r.x + (r.w - box.w) / 2;
	box.y = r.y + 1;
	canvas_fill(c, box, L' ', CS_TEXT);
	canvas_box(c, box, CS_BORDER, _("Contents"));
	if (n == 0) {
		canvas_text(c, box.x + 2, box.y + 2, box.w - 4, CS_DIM,
		    _("this lesson has no headings"));
		return;
	}
	if (pg->toc_sel >= n)
		pg->toc_sel = n - 1;
	for (i = 0, n = 0; i < pg->nrows; i++) {
		const struct row *row = &pg->rows[i];
		int first = pg->toc_sel - (box.h - 5);
		char *s;

		if (row->heading <= 0)
			continue;
		if (n++ < first || shown >= box.h - 4)
			continue;
		s = row_text(row);
		canvas_text(c, box.x + 2 + 2 * (row->heading - 1),
		    box.y + 2 + shown, box.w - 4 - 2 * (row->heading - 1),
		    n - 1 == pg->toc_sel ? CS_HIGHLIGHT : CS_TEXT, s);
		free(s);
		shown++;
	}
}

static void
pager_draw(void *self, struct canvas *c, struct rect r)
{
	struct pager *pg = self;
	int margin, w, body_y = r.y + 1, body_h = r.h - 2, y;
	char head[256];
	const char *lang = pg->l->lang ? pg->l->lang : "";

	w = r.w - 4;
	if (w > MAX_WIDTH)
		w = MAX_WIDTH;
	margin = r.x + 2;
	pg->view_h = body_h;
	if (pg->unicode != c->unicode) {
		pg->unicode = c->unicode;
		pg->dirty = true;
	}
	ensure_layout(pg, w);
	clamp_top(pg);

	/* Header: where we are. */
	snprintf(head, sizeof head, _(" Chapter %d · %s"), pg->l->chapter,
	    pg->l->title ? pg->l->title : "?");
	canvas_fill(c, (struct rect){ r.x, r.y, r.w, 1 }, L' ', CS_HIGHLIGHT);
	canvas_text(c, r.x, r.y, r.w - 8, CS_HIGHLIGHT, head);
	canvas_printf(c, r.x + r.w - 7, r.y, 7, CS_HIGHLIGHT, "[%s]", lang);

	for (y = 0; y < body_h && pg->top + y < pg->nrows; y++) {
		const struct row *row = &pg->rows[pg->top + y];
		int x = margin + row->x, used = 0;

		for (int k = 0; k < row->nspans; k++) {
			used += draw_span(pg, c, x + used, body_y + y,
			    w - row->x - used, &row->spans[k]);
		}
	}
	/* Demos partly above the top still show their visible rows. */
	for (int i = pg->top - DEMO_ROWS; i < pg->top + body_h; i++) {
		if (i < 0 || i >= pg->nrows || pg->rows[i].demo < 0)
			continue;
		draw_demo(pg, c, pg->rows[i].demo, margin, body_y + i - pg->top,
		    w, body_y, body_y + body_h);
	}

	/* Footer: the search prompt, a message, or where we are. */
	y = r.y + r.h - 1;
	canvas_fill(c, (struct rect){ r.x, y, r.w, 1 }, L' ', CS_TEXT);
	if (pg->searching)
		canvas_printf(c, r.x, y, r.w, CS_KEY, "/%s", pg->query);
	else if (pg->msg[0] != '\0')
		canvas_text(c, r.x, y, r.w, pg->msg_style, pg->msg);
	else {
		int pct = max_top(pg) ? pg->top * 100 / max_top(pg) : 100;

		canvas_printf(c, r.x, y, r.w, CS_DIM, _("%3d%%  ? keys  / "
		    "search  t contents  q back%s"), pct, pg->problems.errors ?
		    _("  (this lesson has errors)") : "");
	}
	if (pg->overlay == OV_HELP)
		player_draw_help(c, r, _("Keys"), pager_keys);
	else if (pg->overlay == OV_TOC)
		draw_toc(pg, c, r);
	publish_place(pg);
}

/* Scrolls so row `row` is in view, a few rows from the top. */
static void
show_row(struct pager *pg, int row)
{
	if (row < pg->top || row >= pg->top + pg->view_h)
		pg->top = row - 2;
	clamp_top(pg);
}

/* Finds the next (dir 1) or previous (-1) row matching the query. */
static bool
search(struct pager *pg, int dir)
{
	const char *q = pg->last_query;

	if (q == NULL || *q == '\0')
		return false;
	for (int i = 1; i <= pg->nrows; i++) {
		int n = ((pg->top + 2 + dir * i) % pg->nrows + pg->nrows) %
		    pg->nrows;
		char *s = row_text(&pg->rows[n]);
		bool hit = find_ci(s, q) != NULL;

		free(s);
		if (hit) {
			pg->top = n - 2;
			clamp_top(pg);
			return true;
		}
	}
	return false;
}

/*
 * Whether any row of target `t`'s block is on screen. A key must never
 * act on a quiz the reader cannot see, even one focused earlier.
 */
static bool
target_visible(const struct pager *pg, int t)
{
	int block = pg->targets[t].block;

	for (int r = pg->top; r < pg->top + pg->view_h && r < pg->nrows; r++)
		if (r >= 0 && pg->rows[r].block == block)
			return true;
	return false;
}

/* The target of `kind` to act on: the focused one, else the first on
 * screen. */
static int
pick_target(struct pager *pg, enum target_kind kind)
{
	if (pg->focus >= 0 && pg->focus < pg->ntargets &&
	    pg->targets[pg->focus].kind == kind &&
	    target_visible(pg, pg->focus))
		return pg->focus;
	for (int i = 0; i < pg->ntargets; i++)
		if (pg->targets[i].kind == kind && target_visible(pg, i))
			return i;
	return -1;
}

/*
 * The demo to act on: the focused one, else the first whose area is on
 * screen (a lesson demo or the run of a prediction).
 */
static struct demo *
demo_in_view(struct pager *pg)
{
	int t = pg->focus;

	if (t >= 0 && t < pg->ntargets && pg->targets[t].kind != TG_LINK &&
	    pg->slots[pg->targets[t].block].demo != NULL)
		return pg->slots[pg->targets[t].block].demo;
	for (int i = pg->top - DEMO_ROWS + 1; i < pg->top + pg->view_h; i++) {
		int b;

		if (i < 0 || i >= pg->nrows || (b = pg->rows[i].demo) < 0)
			continue;
		if (pg->slots[b].demo != NULL)
			return pg->slots[b].demo;
	}
	return NULL;
}

/* Answers the quiz in view with choice `k`. */
static int
answer(struct pager *pg, int k)
{
	int t = pick_target(pg, TG_QUIZ), b;
	struct slot *sl;
	const struct lesson_block *lb;
	const struct lesson_quiz *q;

	if (t < 0) {
		snprintf(pg->msg, sizeof pg->msg, "%s", _("no quiz in view"));
		pg->msg_style = CS_WARN;
		return APP_REDRAW;
	}
	b = pg->targets[t].block;
	lb = &pg->l->blocks[b];
	q = lb->quiz;
	if (k >= q->nchoices)
		return APP_HANDLED;
	sl = &pg->slots[b];
	sl->answer = k;
	if (lb->kind == LESSON_QUIZ) {
		if (pg->l->id != NULL && q->id != NULL) {
			progress_set_quiz(&pg->pl->progress, pg->l->id, q->id,
			    k, q->choices[k].correct);
			save_place(pg);
			player_save(pg->pl);
		}
	} else if (q->demo.scenario == NULL) {
		sl->evaluated = true;	/* the checker has said why */
		sl->failed = true;
	} else {
		/* Run the experiment the learner just made a guess about. */
		sl->evaluated = false;
		if (sl->demo != NULL)
			demo_restart(sl->demo);
		else
			sl->demo = demo_new(q->demo.scenario, &q->demo.params,
			    DEMO_FIXED);
	}
	pg->dirty = true;
	return APP_REDRAW;
}

/* Full screen for a demo that stays owned by the pager. */
static void
fs_draw(void *self, struct canvas *c, struct rect r)
{
	demo_draw(self, c, r);
}

static int
fs_key(void *self, int key)
{
	int f;

	if (key == 'q' || key == 'Q' || key == APP_KEY_ESC)
		return APP_POP;
	f = demo_key(self, key);
	return f == APP_IGNORED ? APP_HANDLED : f;
}

static int
fs_tick(void *self, uint64_t now)
{
	return demo_tick(self, now);
}

static const struct app_screen_ops fullscreen_ops = {
	.name = "demo-fullscreen",
	.draw = fs_draw,
	.key = fs_key,
	.tick = fs_tick,
	.leave = NULL,
};

/* Opens the lesson a `lesson:ID` link points at. */
static int
follow_link(struct pager *pg, const char *url)
{
	struct lesson *l;

	if (strncmp(url, "lesson:", 7) != 0) {
		snprintf(pg->msg, sizeof pg->msg, _("open %s in a browser"),
		    url);
		pg->msg_style = CS_DIM;
		return APP_REDRAW;
	}
	l = course_find(&pg->pl->course, url + 7, pg->pl->lang);
	if (l == NULL)
		l = course_find(&pg->pl->course, url + 7, NULL);
	if (l == NULL) {
		snprintf(pg->msg, sizeof pg->msg, _("no lesson '%s'"), url + 7);
		pg->msg_style = CS_ERROR;
		return APP_REDRAW;
	}
	save_place(pg);
	player_save(pg->pl);
	pager_open(pg->pl, l, false, NULL);
	return APP_REDRAW;
}

/* Switches the lesson to the other language at the same place. */
static int
switch_lang(struct pager *pg)
{
	const char *other = pg->pl->lang && strcmp(pg->pl->lang, "es") == 0 ?
	    "en" : "es";
	struct lesson *l = pg->l->id ? course_find(&pg->pl->course, pg->l->id,
	    other) : NULL;

	player_set_lang(pg->pl, other);
	if (l == NULL) {
		snprintf(pg->msg, sizeof pg->msg, _("this lesson has no '%s' "
		    "version"), other);
		pg->msg_style = CS_WARN;
		return APP_REDRAW;
	}
	current_place(pg, &pg->want_block, &pg->want_boff);
	pg->want_place = true;
	set_lesson(pg, l, false);
	pg->msg[0] = '\0';
	return APP_REDRAW;
}

static int
toc_key(struct pager *pg, int key)
{
	int n = 0;

	for (int i = 0; i < pg->nrows; i++)
		if (pg->rows[i].heading > 0)
			n++;
	switch (key) {
	case 'j':
	case APP_KEY_DOWN:
		if (pg->toc_sel + 1 < n)
			pg->toc_sel++;
		break;
	case 'k':
	case APP_KEY_UP:
		if (pg->toc_sel > 0)
			pg->toc_sel--;
		break;
	case APP_KEY_ENTER:
	case '\r':
		for (int i = 0, h = 0; i < pg->nrows; i++)
			if (pg->rows[i].heading > 0 && h++ == pg->toc_sel) {
				pg->top = i;
				clamp_top(pg);
				break;
			}
		pg->overlay = OV_NONE;
		break;
	default:
		pg->overlay = OV_NONE;
		break;
	}
	return APP_REDRAW;
}

/* Typing a search: characters, backspace, enter, escape. */
static int
search_key(struct pager *pg, int key)
{
	if (key == APP_KEY_ESC) {
		pg->searching = false;
		return APP_REDRAW;
	}
	if (key == APP_KEY_ENTER || key == '\r') {
		pg->searching = false;
		if (pg->qlen == 0)
			return APP_REDRAW;
		free(pg->last_query);
		pg->last_query = xstrdup(pg->query);
		if (!search(pg, 1)) {
			snprintf(pg->msg, sizeof pg->msg, _("not found: %s"),
			    pg->query);
			pg->msg_style = CS_WARN;
		}
		return APP_REDRAW;
	}
	if (key == APP_KEY_BACKSPACE || key == 127 || key == 8) {
		while (pg->qlen > 0 && (pg->query[--pg->qlen] & 0xC0) == 0x80)
			;
		pg->query[pg->qlen] = '\0';
		return APP_REDRAW;
	}
	if (key >= ' ' && key < APP_KEY_BASE) {
		char buf[8];
		mbstate_t ms;
		size_t n;

		memset(&ms, 0, sizeof ms);
		n = wcrtomb(buf, (wchar_t)key, &ms);
		if (n != (size_t)-1 && pg->qlen + n + 1 < sizeof pg->query) {
			memcpy(pg->query + pg->qlen, buf, n);
			pg->qlen += n;
			pg->query[pg->qlen] = '\0';
		}
	}
	return APP_REDRAW;
}

static int
pager_key(void *self, int key)
{
	struct pager *pg = self;
	int page = pg->view_h > 2 ? pg->view_h - 2 : 1, t;
	struct demo *d;

	if (pg->searching)
		return search_key(pg, key);
	if (pg->overlay == OV_HELP) {
		pg->overlay = OV_NONE;
		return APP_REDRAW;
	}
	if (pg->overlay == OV_TOC)
		return toc_key(pg, key);
	pg->msg[0] = '\0';
	switch (key) {
	case 'j':
	case APP_KEY_DOWN:
		pg->top++;
		break;
	case 'k':
	case APP_KEY_UP:
		pg->top--;
		break;
	case ' ':
	case 'f':
	case APP_KEY_PGDN:
		if (pg->step && pg->more && pg->top >= max_top(pg)) {
			pg->reveal++;
			pg->dirty = true;
			ensure_layout(pg, pg->width);
		}
		pg->top += page;
		break;
	case 'b':
	case APP_KEY_PGUP:
		pg->top -= page;
		break;
	case 'd':
		pg->top += page / 2;
		break;
	case 'u':
		pg->top -= page / 2;
		break;
	case 'g':
	case APP_KEY_HOME:
		pg->top = 0;
		break;
	case 'G':
	case APP_KEY_END:
		pg->top = max_top(pg);
		break;
	case 'q':
		save_place(pg);
		player_save(pg->pl);
		return APP_POP;
	case 'Q':
		save_place(pg);
		player_save(pg->pl);
		pg->pl->quit = true;
		return APP_QUIT;
	case '/':
		pg->searching = true;
		pg->qlen = 0;
		pg->query[0] = '\0';
		return APP_REDRAW;
	case 'n':
	case 'N':
		if (pg->last_query == NULL) {
			snprintf(pg->msg, sizeof pg->msg, "%s",
			    _("no search yet: press /"));
			pg->msg_style = CS_WARN;
		} else if (!search(pg, key == 'n' ? 1 : -1)) {
			snprintf(pg->msg, sizeof pg->msg, _("not found: %s"),
			    pg->last_query);
			pg->msg_style = CS_WARN;
		}
		return APP_REDRAW;
	case '?':
	case APP_KEY_F1:
		pg->overlay = OV_HELP;
		return APP_REDRAW;
	case 't':
		pg->overlay = OV_TOC;
		pg->toc_sel = 0;
		for (int i = 0, h = 0; i < pg->nrows && i <= pg->top; i++)
			if (pg->rows[i].heading > 0)
				pg->toc_sel = h++;
		return APP_REDRAW;
	case 'p':
		pg->step = !pg->step;
		pg->reveal = 0;
		pg->dirty = true;
		snprintf(pg->msg, sizeof pg->msg, "%s", pg->step ?
		    _("step by step: space reveals the next part") :
		    _("whole lesson shown"));
		pg->msg_style = CS_DIM;
		return APP_REDRAW;
	case 'L':
		return switch_lang(pg);
	case APP_KEY_TAB:
	case APP_KEY_BTAB:
		if (pg->ntargets == 0)
			return APP_HANDLED;
		if (pg->focus < 0) {
			/* Start from what is on screen. */
			for (t = 0; t < pg->ntargets - 1 &&
			    pg->targets[t].row < pg->top; t++)
				;
			pg->focus = key == APP_KEY_TAB ? t : (t > 0 ? t - 1 :
			    pg->ntargets - 1);
		} else
			pg->focus = (pg->focus + (key == APP_KEY_TAB ? 1 :
			    pg->ntargets - 1)) % pg->ntargets;
		show_row(pg, pg->targets[pg->focus].row);
		return APP_REDRAW;
	case APP_KEY_ENTER:
	case '\r':
		if (pg->focus >= 0 && pg->focus < pg->ntargets &&
		    pg->targets[pg->focus].kind == TG_LINK)
			return follow_link(pg, pg->targets[pg->focus].link);
		if ((d = demo_in_view(pg)) != NULL) {
			app_push(pg->pl->app, &fullscreen_ops, d);
			return APP_REDRAW;
		}
		return APP_HANDLED;
	case 'r':
	case '+':
	case '-':
	case 'w':
		if ((d = demo_in_view(pg)) != NULL)
			return demo_key(d, key == 'r' ? APP_KEY_ENTER : key) |
			    APP_REDRAW;
		return APP_HANDLED;
	case APP_KEY_ESC:
		pg->focus = -1;
		if (pg->last_query != NULL) {
			free(pg->last_query);
			pg->last_query = NULL;
		}
		return APP_REDRAW;
	default:
		if (key >= '1' && key <= '6')
			return answer(pg, key - '1');
		return APP_IGNORED;
	}
	clamp_top(pg);
	return APP_REDRAW;
}

static void
pager_leave(void *self)
{
	struct pager *pg = self;

	save_place(pg);
	player_save(pg->pl);
	slots_free(pg);
	layout_free(pg);
	free(pg->rows);
	if (pg->owned)
		lesson_free(pg->l);
	diags_release(&pg->problems);
	if (pg->wfd >= 0)
		close(pg->wfd);
	free(pg->watch);
	free(pg->wname);
	free(pg->last_query);
	free(pg);
}

const struct app_screen_ops pager_screen_ops = {
	.name = "pager",
	.draw = pager_draw,
	.key = pager_key,
	.tick = pager_tick,
	.leave = pager_leave,
};

void *
pager_new(struct player *pl, struct lesson *l, bool owned,
    const char *watch)
{
	struct pager *pg = xcalloc(1, sizeof *pg);
	const struct progress_lesson *pp;

	pg->pl = pl;
	pg->wfd = -1;
	pg->focus = -1;
	pg->unicode = true;
	pg->step = pl->presenter;
	diags_init(&pg->problems);
	set_lesson(pg, l, owned);
	if (watch != NULL) {
		watch_start(pg, watch);
		reload(pg);	/* replaces `l` with a fresh copy */
		pg->want_place = false;
		pg->msg[0] = '\0';
		l = pg->l;
	} else if (l->errors > 0) {
		/* A course lesson with errors: say so inside it. */
		struct lesson *one = l;

		lesson_free(lesson_load(l->path, &pg->problems));
		course_check(&one, 1, pl->course.v, pl->course.n,
		    &pg->problems);
		diags_sort(&pg->problems);
	}
	pp = l->id ? progress_lesson(&pl->progress, l->id, false) : NULL;
	if (pp != NULL) {
		pg->want_place = true;
		pg->want_block = pp->block;
		pg->want_boff = pp->offset;
	}
	/* Show the answers given before. */
	for (size_t i = 0; i < l->nblocks && l->id != NULL; i++) {
		const struct lesson_quiz *q = l->blocks[i].quiz;
		const struct progress_quiz *pq;

		if (q == NULL || q->id == NULL || l->blocks[i].kind !=
		    LESSON_QUIZ)
			continue;
		pq = progress_quiz(&pl->progress, l->id, q->id);
		if (pq != NULL && pq->choice < q->nchoices)
			pg->slots[i].answer = pq->choice;
	}
	if (l->id != NULL) {
		progress_set_last(&pl->progress, l->id);
		player_save(pl);
	}
	return pg;
}

void
pager_open(struct player *pl, struct lesson *l, bool owned,
    const char *watch)
{
	app_push(pl->app, &pager_screen_ops, pager_new(pl, l, owned, watch));
}
