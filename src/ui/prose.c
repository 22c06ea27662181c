/*
 * prose.c - Markdown blocks to rows.
 *
 * One loop walks the block's tree, entering and leaving every node; what
 * a node changes in the pen (indent, quote bar, style, link target) is
 * saved in a frame when it is entered and put back when it is left, so
 * the only thing that grows with nesting is that array of frames.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "engine/work.h"
#include "lesson/glossary.h"
#include "lesson/placeholder.h"
#include "lesson/syntax.h"
#include "ui/canvas.h"
#include "ui/prose.h"
#include "util.h"

/* What entering a node changed, and what its children inherit. */
struct frame {
	const struct md_node	*n;
	int			 indent;	/* the pen's on entering */
	const char		*prefix;
	uint8_t			 style;
	int			 target;
	bool			 tight;		/* no blank row after it */
	int			 inner;		/* indent of block children */
	bool			 inner_tight;	/* their spacing */
	int			 num;		/* lists: next item's number */
};

struct stack {
	struct frame	*v;
	size_t		 n, cap;
};

/* Pushes a zeroed frame. */
static struct frame *
push(struct stack *st)
{
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 32;
		st->v = xreallocarray(st->v, st->cap, sizeof *st->v);
	}
	memset(&st->v[st->n], 0, sizeof st->v[st->n]);
	return &st->v[st->n++];
}

/* The indent for content nested at `want`: never past half the width. */
static int
nested_indent(const struct rows_pen *p, int indent, int want)
{
	int limit = p->width / 2;

	if (want <= limit)
		return want;
	return indent > limit ? indent : limit;
}

/*
 * A code block, coloured by its language, one row per line; a line
 * wider than the pane goes on to the next row after a continuation mark,
 * so no character is lost.
 */
static void
code_rows(struct rows_pen *p, const struct md_node *n, int indent)
{
	static const uint8_t class_style[] = {
		[SX_PLAIN] = CS_TEXT,
		[SX_KEYWORD] = CS_KEY,
		[SX_STRING] = CS_STATE(TRACE_RUN),
		[SX_COMMENT] = CS_DIM,
		[SX_NUMBER] = CS_LOCK,
		[SX_PROMPT] = CS_TITLE,
	};
	enum syntax_lang lang = syntax_lang(n->info);
	const char *s = n->text ? n->text : "";
	int state = 0;

	rows_end(p);
	p->indent = indent + 2;
	while (*s != '\0') {
		size_t len = strcspn(s, "\n"), i = 0;
		uint8_t *cls = xmalloc(len + 1);
		char *seg = xmalloc(len + 1);

		syntax_line(lang, s, len, cls, &state);
		rows_start(p);
		/* Only a line too wide for its row is carried on. */
		memcpy(seg, s, len);
		seg[len] = '\0';
		for (char *t = seg; *t != '\0'; t++)
			if (*t == '\t')
				*t = ' ';
		p->wrap = p->col + canvas_width(seg) > p->width ?
		    (p->unicode ? "↩" : "\\") : NULL;
		while (i < len) {
			size_t j = i;

			while (j < len && cls[j] == cls[i])
				j++;
			memcpy(seg, s + i, j - i);
			seg[j - i] = '\0';
			/* A tab is one cell wide on the canvas: a space. */
			for (char *t = seg; *t != '\0'; t++)
				if (*t == '\t')
					*t = ' ';
			rows_put(p, seg, class_style[cls[i]], -1);
			i = j;
		}
		rows_end(p);
		free(cls);
		free(seg);
		s += len;
		if (*s == '\n')
			s++;
	}
	p->wrap = NULL;
	p->indent = indent;
}

/* `count` copies of `glyph`, no more than the pen's width. Allocated. */
static char *
repeat(const struct rows_pen *p, const char *glyph, int count)
{
	size_t g = strlen(glyph);
	char *s, *q;

	if (count > p->width)
		count = p->width;
	if (count < 0)
		count = 0;
	s = q = xmalloc((size_t)count * g + 1);
	for (int i = 0; i < count; i++, q += g)
		memcpy(q, glyph, g);
	*q = '\0';
	return s;
}

/* Column widths of a table: one per column, the widest cell's. */
static int *
table_widths(const struct md_node *table, int *ncols)
{
	int *w = NULL, n = 0;

	for (const struct md_node *r = table->first; r != NULL; r = r->next) {
		int k = 0;

		for (const struct md_node *c = r->first; c != NULL;
		    c = c->next, k++) {
			int cw = canvas_width(c->text);

			if (k >= n) {
				w = xreallocarray(w, (size_t)k + 1, sizeof *w);
				w[k] = 0;
				n = k + 1;
			}
			if (cw > w[k])
				w[k] = cw;
		}
	}
	*ncols = n;
	return w;
}

/* A pipe table: cells padded to their column, the header in bold. */
static void
table_rows(struct rows_pen *p, const struct md_node *table)
{
	const char *bar = p->unicode ? "│" : "|";
	const char *dash = p->unicode ? "─" : "-";
	int ncols, *w = table_widths(table, &ncols);

	rows_end(p);
	for (const struct md_node *r = table->first; r != NULL; r = r->next) {
		const struct md_node *c = r->first;

		rows_start(p);
		/* Columns past the right edge would be cut anyway. */
		for (int k = 0; k < ncols && p->col < p->width; k++) {
			const char *cell = c != NULL ? c->text : "";
			int fill = r->rule ? 0 : w[k] - canvas_width(cell);
			char *s;

			rows_put(p, bar, CS_BORDER, -1);
			rows_put(p, " ", CS_TEXT, -1);
			if (r->rule) {
				s = repeat(p, dash, w[k]);
				rows_put(p, s, CS_BORDER, -1);
				free(s);
			} else
				rows_put(p, cell, r->head ? CS_TITLE : CS_TEXT,
				    -1);
			s = repeat(p, " ", fill + 1);
			rows_put(p, s, CS_TEXT, -1);
			free(s);
			if (c != NULL)
				c = c->next;
		}
		rows_put(p, bar, CS_BORDER, -1);
		rows_end(p);
	}
	free(w);
}

/* A heading's first row: marked for the contents, level 3+ bulleted. */
static void
heading_start(struct rows_pen *p, int level)
{
	rows_end(p);
	rows_start(p);
	p->out->v[p->cur].heading = level;
	p->style = CS_TITLE;
	if (level >= 3)
		rows_put(p, level == 3 ? "» " : "· ", CS_BORDER, -1);
}

/* Ends a heading: levels 1 and 2 are underlined. */
static void
heading_end(struct rows_pen *p, int level)
{
	p->style = CS_TEXT;
	rows_end(p);
	if (level == 1)
		rows_rule(p, p->indent, p->unicode ? "═" : "=", CS_BORDER);
	else if (level == 2)
		rows_rule(p, p->indent, p->unicode ? "─" : "-", CS_BORDER);
	rows_blank(p);
}

/* A list item's first row, starting with its bullet or number. */
static void
item_start(struct rows_pen *p, struct frame *f, struct frame *list)
{
	char mark[32];

	if (list->n->ordered)
		snprintf(mark, sizeof mark, "%d. ", list->num);
	else
		snprintf(mark, sizeof mark, "%s", p->unicode ? "• " : "* ");
	list->num++;
	rows_end(p);
	p->indent = list->inner;
	rows_start(p);
	rows_put(p, mark, CS_BORDER, -1);
	f->inner = nested_indent(p, list->inner, list->inner +
	    canvas_width(mark));
	f->inner_tight = list->n->tight;
	p->indent = f->inner;
}

/*
 * Entering a block: what comes before its children. Returns false when
 * the children are not to be walked (laid out here, or never shown).
 */
static bool
enter_block(struct rows_pen *p, struct frame *f, struct frame *parent)
{
	const struct md_node *n = f->n;
	int indent = f->inner;

	p->indent = indent;
	switch (n->kind) {
	case MD_PARAGRAPH:
		return true;
	case MD_HEADING:
		heading_start(p, n->level);
		return true;
	case MD_LIST:
		f->num = n->start < 0 ? 1 : n->start;
		f->inner_tight = n->tight;
		return true;
	case MD_ITEM:
		if (parent == NULL || parent->n->kind != MD_LIST)
			return false;
		item_start(p, f, parent);
		return true;
	case MD_BLOCK_QUOTE:
		rows_end(p);
		p->prefix = p->unicode ? "│ " : "| ";
		f->inner_tight = false;
		return true;
	case MD_CODE_BLOCK:
		code_rows(p, n, indent);
		return false;
	case MD_TABLE:
		table_rows(p, n);
		return false;
	case MD_THEMATIC_BREAK:
		rows_end(p);
		rows_rule(p, indent, p->unicode ? "─" : "-", CS_DIM);
		rows_blank(p);
		return false;
	default:
		return false;
	}
}

/* Leaving a block: what comes after its children. */
static void
leave_block(struct rows_pen *p, const struct frame *f)
{
	switch (f->n->kind) {
	case MD_PARAGRAPH:
	case MD_TABLE:
	case MD_CODE_BLOCK:
		rows_end(p);
		if (!f->tight)
			rows_blank(p);
		break;
	case MD_HEADING:
		heading_end(p, f->n->level);
		break;
	case MD_LIST:
		p->indent = f->inner;
		if (!f->tight)
			rows_blank(p);
		break;
	case MD_ITEM:
		rows_end(p);
		if (!f->tight)
			rows_blank(p);
		break;
	case MD_BLOCK_QUOTE:
		rows_end(p);
		break;
	default:
		break;
	}
}

/*
 * Bold text that names a term of the glossary becomes a link to its entry
 * ("glossary:ID"), which tab focuses and enter or K opens; any other bold
 * stays plain bold. Not inside another link: one target at a time.
 */
static void
strong_enter(struct rows_pen *p, const struct md_node *n)
{
	const struct glossary_entry *e;
	char *text, *url;

	p->style = CS_TITLE;
	if (p->glossary == NULL || p->target >= 0)
		return;
	text = md_plain(n, " ");
	if ((e = glossary_link(p->glossary, text)) != NULL) {
		xasprintf(&url, "glossary:%s", e->id);
		p->target = rows_target(p, ROW_LINK, url);
		p->style = CS_TERM;
		free(url);
	}
	free(text);
}

/* Entering an inline node; false when it has nothing more to show. */
static bool
enter_inline(struct rows_pen *p, const struct md_node *n)
{
	const char *s = n->text ? n->text : "";

	switch (n->kind) {
	case MD_TEXT:
		if (*s == ' ' || *s == '\t')
			p->space = true;
		if (strstr(s, "{{") != NULL) {
			struct placeholder_facts f = { work_online_cpus() };
			char *x = placeholder_expand(s, &f);

			rows_words(p, x, p->style);
			free(x);
		} else
			rows_words(p, s, p->style);
		return false;
	case MD_CODE:
		rows_words(p, s, CS_KEY);
		return false;
	case MD_SOFTBREAK:
		p->space = true;
		return false;
	case MD_LINEBREAK:
		rows_end(p);
		return false;
	case MD_EMPH:
		p->style = CS_STATE(TRACE_READY);
		return true;
	case MD_STRONG:
		strong_enter(p, n);
		return true;
	case MD_LINK:
		p->target = rows_target(p, ROW_LINK, n->url ? n->url : "");
		p->style = CS_CPU;
		return true;
	case MD_IMAGE:
		p->style = CS_DIM;
		p->space = true;
		rows_words(p, _("[image:"), CS_DIM);
		return true;
	default:
		return false;
	}
}

/* Leaving an inline node: a web link shows where it goes. */
static void
leave_inline(struct rows_pen *p, const struct frame *f)
{
	const char *url = f->n->url;
	char *s;

	if (f->n->kind == MD_IMAGE)
		rows_words(p, "]", CS_DIM);
	if (f->n->kind != MD_LINK || url == NULL || *url == '\0' ||
	    strncmp(url, "lesson:", 7) == 0)
		return;
	p->target = f->target;
	xasprintf(&s, "<%s>", url);
	p->space = true;
	rows_words(p, s, CS_DIM);
	free(s);
}

/* Whether a node is an inline (it flows in the lines of its block). */
static bool
is_inline(enum md_kind k)
{
	return k >= MD_TEXT;
}

/* Walks the tree of one prose block, entering and leaving each node. */
void
prose_rows(struct rows_pen *p, const struct md_node *block)
{
	struct stack st = { NULL, 0, 0 };
	struct md_walk w;
	const struct md_node *n;
	bool entering, walk;
	int base = p->indent;

	md_walk_init(&w, block);
	while ((n = md_walk_next(&w, &entering)) != NULL) {
		struct frame *f, *parent;

		if (!entering) {
			f = &st.v[st.n - 1];
			if (is_inline(n->kind))
				leave_inline(p, f);
			else
				leave_block(p, f);
			p->indent = f->indent;
			p->prefix = f->prefix;
			p->style = f->style;
			p->target = f->target;
			st.n--;
			continue;
		}
		f = push(&st);
		parent = st.n > 1 ? &st.v[st.n - 2] : NULL;
		f->n = n;
		f->indent = p->indent;
		f->prefix = p->prefix;
		f->style = p->style;
		f->target = p->target;
		f->tight = parent ? parent->inner_tight : false;
		f->inner = parent ? parent->inner : base;
		f->inner_tight = f->tight;
		if (is_inline(n->kind))
			walk = enter_inline(p, n);
		else
			walk = enter_block(p, f, parent);
		if (!walk)
			md_walk_skip(&w);
	}
	free(st.v);
}

/* One line of Markdown as words: each inline of its paragraph in turn. */
void
prose_inline(struct rows_pen *p, const char *text, uint8_t style)
{
	struct md_node *para = md_parse_inline(text);
	uint8_t save = p->style;

	if (para == NULL || para->kind != MD_PARAGRAPH) {
		rows_words(p, text != NULL ? text : "", style);
		md_free(para);
		return;
	}
	p->style = style;
	for (const struct md_node *n = para->first; n != NULL; n = n->next)
		prose_rows(p, n);
	p->style = save;
	md_free(para);
}
