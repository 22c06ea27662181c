/*
 * md.c - the lesson's Markdown tree: copied from libcmark's tree with
 * cmark's own iterator, walked and freed with loops, so a lesson nesting
 * a hundred thousand quotes costs memory, never the stack.
 *
 * Pipe tables are recognised here, once, rather than by whoever draws a
 * paragraph: a paragraph whose every line starts with '|' (two lines at
 * least) becomes rows of trimmed cells, the |---|:--:| line marking the
 * rows above it as the header.
 */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "lesson/md.h"
#include "util.h"

/* A growing string. */
struct buf {
	char	*s;
	size_t	 len, cap;
};

/* Appends `n` bytes of `s` to the buffer, keeping it terminated. */
static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = b->cap ? b->cap : 64;
		while (b->len + n + 1 > b->cap)
			b->cap *= 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Copies a string cmark may give as NULL. */
static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* The md kind of a cmark node type. */
static enum md_kind
kind_of(cmark_node_type t)
{
	switch (t) {
	case CMARK_NODE_PARAGRAPH:
		return MD_PARAGRAPH;
	case CMARK_NODE_HEADING:
		return MD_HEADING;
	case CMARK_NODE_CODE_BLOCK:
		return MD_CODE_BLOCK;
	case CMARK_NODE_LIST:
		return MD_LIST;
	case CMARK_NODE_ITEM:
		return MD_ITEM;
	case CMARK_NODE_BLOCK_QUOTE:
		return MD_BLOCK_QUOTE;
	case CMARK_NODE_THEMATIC_BREAK:
		return MD_THEMATIC_BREAK;
	case CMARK_NODE_HTML_BLOCK:
		return MD_HTML_BLOCK;
	case CMARK_NODE_TEXT:
		return MD_TEXT;
	case CMARK_NODE_CODE:
		return MD_CODE;
	case CMARK_NODE_EMPH:
		return MD_EMPH;
	case CMARK_NODE_STRONG:
		return MD_STRONG;
	case CMARK_NODE_LINK:
		return MD_LINK;
	case CMARK_NODE_IMAGE:
		return MD_IMAGE;
	case CMARK_NODE_HTML_INLINE:
		return MD_HTML_INLINE;
	case CMARK_NODE_SOFTBREAK:
		return MD_SOFTBREAK;
	case CMARK_NODE_LINEBREAK:
		return MD_LINEBREAK;
	default:
		return MD_OTHER;
	}
}

/* Whether cmark's iterator enters nodes of type `t` without leaving them. */
static bool
cmark_leaf(cmark_node_type t)
{
	switch (t) {
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_THEMATIC_BREAK:
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_TEXT:
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
	case CMARK_NODE_CODE:
	case CMARK_NODE_HTML_INLINE:
		return true;
	default:
		return false;
	}
}

/* A new node of `kind`, appended to `parent`'s children when not NULL. */
static struct md_node *
node_new(enum md_kind kind, struct md_node *parent, int line, int col)
{
	struct md_node *n = xcalloc(1, sizeof *n);

	n->kind = kind;
	n->line = line;
	n->col = col;
	n->parent = parent;
	if (parent != NULL) {
		if (parent->last != NULL)
			parent->last->next = n;
		else
			parent->first = n;
		parent->last = n;
	}
	return n;
}

/* The fields of one cmark node, for a new md node under `parent`. */
static struct md_node *
node_copy(cmark_node *cn, struct md_node *parent)
{
	cmark_node_type t = cmark_node_get_type(cn);
	struct md_node *n;

	n = node_new(kind_of(t), parent, cmark_node_get_start_line(cn),
	    cmark_node_get_start_column(cn));
	switch (n->kind) {
	case MD_TEXT:
	case MD_CODE:
	case MD_HTML_BLOCK:
	case MD_HTML_INLINE:
		n->text = dup_or_null(cmark_node_get_literal(cn));
		break;
	case MD_CODE_BLOCK:
		n->text = dup_or_null(cmark_node_get_literal(cn));
		n->info = dup_or_null(cmark_node_get_fence_info(cn));
		break;
	case MD_HEADING:
		n->level = cmark_node_get_heading_level(cn);
		break;
	case MD_LIST:
		n->ordered = cmark_node_get_list_type(cn) == CMARK_ORDERED_LIST;
		n->tight = cmark_node_get_list_tight(cn) != 0;
		n->start = cmark_node_get_list_start(cn);
		break;
	case MD_LINK:
	case MD_IMAGE:
		n->url = dup_or_null(cmark_node_get_url(cn));
		break;
	default:
		break;
	}
	return n;
}

/* Frees the children of `n`, keeping `n`. */
static void
free_children(struct md_node *n)
{
	struct md_node *c = n->first, *next;

	while (c != NULL) {
		next = c->next;
		c->next = NULL;
		c->parent = NULL;
		md_free(c);
		c = next;
	}
	n->first = n->last = NULL;
}

/*
 * Splits one "| a | b |" line (modified in place) into trimmed cells,
 * appended to `row`.
 */
static void
table_cells(struct md_node *row, char *line)
{
	char *p = line, *bar, *start, *end;

	while (*p == ' ')
		p++;
	if (*p == '|')
		p++;
	while (*p != '\0') {
		struct md_node *cell;

		if ((bar = strchr(p, '|')) != NULL)
			*bar = '\0';
		start = p;
		while (*start == ' ')
			start++;
		end = start + strlen(start);
		while (end > start && end[-1] == ' ')
			*--end = '\0';
		if (bar == NULL && *start == '\0')
			break;
		cell = node_new(MD_TABLE_CELL, row, row->line, row->col);
		cell->text = xstrdup(start);
		if (bar == NULL)
			break;
		p = bar + 1;
	}
}

/* Whether every cell of `row` (one at least) is like "---" or ":-:". */
static bool
is_rule(const struct md_node *row)
{
	if (row->first == NULL)
		return false;
	for (const struct md_node *c = row->first; c != NULL; c = c->next)
		if (strchr(c->text, '-') == NULL ||
		    strspn(c->text, "-: ") != strlen(c->text))
			return false;
	return true;
}

/*
 * Turns paragraph `p` into a table when its text is one; leaves it as
 * it is otherwise.
 */
static void
make_table(struct md_node *p)
{
	char *text = md_plain(p, "\n"), *line, *save = NULL;
	struct md_node *table, *row;
	bool ruled = false;
	int i = 0;

	if (text[0] != '|' || strchr(text, '\n') == NULL) {
		free(text);
		return;
	}
	for (line = text; *line != '\0'; line += strcspn(line, "\n")) {
		line += strspn(line, "\n");
		if (*line != '\0' && *line != '|') {
			free(text);
			return;
		}
	}
	table = node_new(MD_TABLE, NULL, p->line, p->col);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		row = node_new(MD_TABLE_ROW, table, p->line + i++, p->col);
		table_cells(row, line);
		if (is_rule(row)) {
			free_children(row);
			row->rule = true;
			ruled = true;
		}
	}
	for (row = table->first; ruled && row != NULL && !row->rule;
	    row = row->next)
		row->head = true;
	free(text);
	/* The paragraph becomes the table, in its place in the tree. */
	free_children(p);
	p->kind = MD_TABLE;
	p->first = table->first;
	p->last = table->last;
	for (row = p->first; row != NULL; row = row->next)
		row->parent = p;
	free(table);
}

/* Copies a cmark subtree, entering and leaving nodes with cmark_iter. */
struct md_node *
md_from_cmark(struct cmark_node *top)
{
	cmark_iter *it = cmark_iter_new(top);
	cmark_event_type ev;
	struct md_node *root = NULL, *cur = NULL;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *cn = cmark_iter_get_node(it);
		struct md_node *n;

		if (ev == CMARK_EVENT_EXIT) {
			/* `cur` is complete: the node being left. */
			if (cur->kind == MD_PARAGRAPH)
				make_table(cur);
			if (cur == root)
				break;
			cur = cur->parent;
			continue;
		}
		n = node_copy(cn, cur);
		if (root == NULL)
			root = n;
		if (!cmark_leaf(cmark_node_get_type(cn)))
			cur = n;
		else if (n == root)
			break;
	}
	cmark_iter_free(it);
	if (root == NULL)
		fatal("empty markdown node");
	return root;
}

/* Frees a tree bottom-up with a loop: children first, then siblings. */
void
md_free(struct md_node *root)
{
	struct md_node *n = root, *up;

	/* Post-order: free a node once its children are gone. */
	while (n != NULL) {
		if (n->first != NULL) {
			n = n->first;
			continue;
		}
		up = n->next != NULL ? n->next : n->parent;
		if (up == n->parent && up != NULL)
			up->first = NULL;
		free(n->text);
		free(n->url);
		free(n->info);
		if (n == root) {
			free(n);
			break;
		}
		free(n);
		n = up;
	}
}

/* The literal text under a node, breaks replaced by `brk`. */
char *
md_plain(const struct md_node *top, const char *brk)
{
	struct buf b = { NULL, 0, 0 };
	struct md_walk w;
	const struct md_node *n;
	bool entering;

	buf_add(&b, "", 0);
	md_walk_init(&w, top);
	while ((n = md_walk_next(&w, &entering)) != NULL) {
		if (!entering)
			continue;
		switch (n->kind) {
		case MD_TEXT:
		case MD_CODE:
			if (n->text != NULL)
				buf_add(&b, n->text, strlen(n->text));
			break;
		case MD_TABLE_CELL:
			if (n != n->parent->first)
				buf_add(&b, " ", 1);
			buf_add(&b, n->text, strlen(n->text));
			break;
		case MD_TABLE_ROW:
		case MD_SOFTBREAK:
		case MD_LINEBREAK:
			if (brk != NULL && (n->kind != MD_TABLE_ROW ||
			    n != n->parent->first))
				buf_add(&b, brk, strlen(brk));
			break;
		default:
			break;
		}
	}
	return b.s;
}

/* Starts a walk at `root`. */
void
md_walk_init(struct md_walk *w, const struct md_node *root)
{
	memset(w, 0, sizeof *w);
	w->root = root;
	w->done = root == NULL;
}

/* One step of the walk: down, across, or up, leaving. */
const struct md_node *
md_walk_next(struct md_walk *w, bool *entering)
{
	const struct md_node *n = w->node;

	if (w->done)
		return NULL;
	if (n == NULL) {
		w->node = w->root;
		w->entering = true;
	} else if (w->entering && n->first != NULL && !w->skip)
		w->node = n->first;		/* down */
	else if (w->entering)
		w->entering = false;		/* leave a leaf */
	else if (n == w->root) {
		w->done = true;
		return NULL;
	} else if (n->next != NULL) {
		w->node = n->next;		/* across */
		w->entering = true;
	} else
		w->node = n->parent;		/* up, leaving */
	w->skip = false;
	*entering = w->entering;
	return w->node;
}

/* Leaves the node just entered without visiting its children. */
void
md_walk_skip(struct md_walk *w)
{
	if (w->entering)
		w->skip = true;
}

/* Parses one line of Markdown; its first paragraph, copied. */
struct md_node *
md_parse_inline(const char *text)
{
	cmark_node *doc, *para;
	struct md_node *n = NULL;

	if (text == NULL || *text == '\0')
		return NULL;
	doc = cmark_parse_document(text, strlen(text), CMARK_OPT_DEFAULT);
	if (doc == NULL)
		return NULL;
	para = cmark_node_first_child(doc);
	if (para != NULL && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH)
		n = md_from_cmark(para);
	cmark_node_free(doc);
	return n;
}
