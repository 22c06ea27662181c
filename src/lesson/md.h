/*
 * md.h - the lesson's own view of Markdown: a small tree of the CommonMark
 * nodes timeslice shows, copied out of libcmark's tree when a lesson is
 * parsed, so that nothing that draws a lesson depends on libcmark.
 *
 * The tree keeps what the player needs (kinds, literals, link targets,
 * code languages, heading levels, list numbering, source positions) and
 * adds one thing CommonMark lacks: a paragraph written as a pipe table
 * becomes an MD_TABLE of rows and cells, so a reader never sees a jumble
 * of bars. Lessons may nest quotes and lists without limit; every
 * function here walks the tree with a loop, never with recursion, and so
 * does anything built on md_walk_next().
 */
#ifndef TIMESLICE_LESSON_MD_H
#define TIMESLICE_LESSON_MD_H

#include <stdbool.h>

struct cmark_node;

enum md_kind {
	MD_OTHER = 0,		/* anything else: shown as nothing */
	/* Blocks. */
	MD_PARAGRAPH,
	MD_HEADING,
	MD_CODE_BLOCK,
	MD_LIST,
	MD_ITEM,
	MD_BLOCK_QUOTE,
	MD_THEMATIC_BREAK,
	MD_HTML_BLOCK,
	MD_TABLE,		/* a paragraph of "| a | b |" lines */
	MD_TABLE_ROW,
	MD_TABLE_CELL,
	/* Inlines. */
	MD_TEXT,
	MD_CODE,
	MD_EMPH,
	MD_STRONG,
	MD_LINK,
	MD_IMAGE,
	MD_HTML_INLINE,
	MD_SOFTBREAK,
	MD_LINEBREAK
};

struct md_node {
	enum md_kind	 kind;
	char		*text;		/* literal of text, code, code blocks,
					 * HTML, table cells; else NULL */
	char		*url;		/* links and images, else NULL */
	char		*info;		/* code blocks: fence info, or NULL */
	int		 level;		/* headings: 1 to 6 */
	bool		 ordered;	/* lists */
	bool		 tight;		/* lists: no blank line between items */
	int		 start;		/* ordered lists: the first number */
	bool		 head;		/* table rows above the |---| line */
	bool		 rule;		/* table rows that are the |---| line */
	int		 line, col;	/* where it starts in the file */

	struct md_node	*parent, *first, *last, *next;
};

/*
 * Copies the cmark subtree at `top` (any node, usually one top-level
 * block). Never returns NULL for a node; allocation failure is fatal.
 */
struct md_node	*md_from_cmark(struct cmark_node *top);

/*
 * One line of text written in Markdown (a quiz's question, a choice, its
 * why), parsed as a paragraph: the paragraph node with its inlines, or
 * NULL when the text has none. Free with md_free.
 */
struct md_node	*md_parse_inline(const char *text);

/* Frees a tree made by md_from_cmark (NULL is fine). */
void		 md_free(struct md_node *);

/*
 * The literal text under `n` (text and code spans, table cells), with
 * each soft or hard line break replaced by `brk` (NULL: left out).
 * Allocated; never NULL.
 */
char		*md_plain(const struct md_node *n, const char *brk);

/*
 * A walk over a tree in reading order that enters and then leaves every
 * node, leaves included, without recursion:
 *
 *	struct md_walk w;
 *	const struct md_node *n;
 *	bool entering;
 *	md_walk_init(&w, root);
 *	while ((n = md_walk_next(&w, &entering)) != NULL)
 *		...
 *
 * md_walk_skip() after entering a node makes the next step leave it
 * without visiting its children.
 */
struct md_walk {
	const struct md_node	*root;
	const struct md_node	*node;	/* the node of the last step */
	bool			 entering;
	bool			 skip;	/* leave `node` next */
	bool			 done;
};

void		 md_walk_init(struct md_walk *, const struct md_node *root);
const struct md_node *md_walk_next(struct md_walk *, bool *entering);
void		 md_walk_skip(struct md_walk *);

#endif
