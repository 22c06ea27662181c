/*
 * rows.h - a lesson laid out for one width: rows of styled spans of text,
 * the places a reader can act on (demos, quizzes, links), and the pen
 * that fills rows word by word.
 *
 * The pen wraps at word boundaries and keeps two promises the pager
 * relies on: no row is wider than the pen's width, and nothing is cut
 * without a sign. A word wider than a whole row is cut where the row
 * ends and carried on the next; text put as it is (tables) that does not
 * fit ends in an ellipsis, or, while the pen has a continuation mark
 * (code), goes on to the next row after that mark. Nothing here draws or
 * knows about a terminal.
 */
#ifndef TIMESLICE_UI_ROWS_H
#define TIMESLICE_UI_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct glossary;

struct row_span {
	char		*text;
	uint8_t		 style;		/* enum canvas_style */
	int		 target;	/* index into targets, -1 */
};

struct row {
	struct row_span	*spans;
	int		 nspans;
	int		 block;		/* lesson block, -1 for problems */
	int		 boff;		/* row within the block */
	int		 demo;		/* first row of block `demo`'s area */
	int		 heading;	/* heading level on its first row */
	int		 x;		/* left margin of the row */
};

enum row_target_kind {
	ROW_DEMO = 0,
	ROW_QUIZ,
	ROW_LINK
};

/* Something the reader can focus with tab: where it is and what it is. */
struct row_target {
	enum row_target_kind	 kind;
	int			 block;
	int			 row;
	int			 last;		/* its last row the reader must
						   see (a quiz's last choice, a
						   demo's area): from `row` to
						   here, it is seen whole */
	char			*link;		/* ROW_LINK: the URL */
};

struct rows {
	struct row		*v;
	int			 n, cap;
	struct row_target	*targets;
	int			 ntargets, captargets;
};

/* The pen: where the next word goes, and how it looks. */
struct rows_pen {
	struct rows	*out;
	int		 width;		/* no row is wider */
	int		 block;		/* block of the rows started now */
	int		 cur;		/* row being filled, -1 */
	int		 col;		/* columns used in it */
	int		 indent;	/* where a new row starts */
	const char	*prefix;	/* block quote bar, or NULL */
	bool		 space;		/* a space before the next word */
	uint8_t		 style;
	int		 target;	/* given to the words put, -1 */
	bool		 unicode;	/* the screen shows more than ASCII */
	const char	*wrap;		/* rows_put goes on past this mark at
					   the edge; NULL: it ends in "…" */
	bool		 clipped;	/* the current row ended in "…" */
	const struct glossary *glossary; /* bold terms of it are links
					   ("glossary:ID"), or NULL */
};

/* Frees every row and target; `r` is empty again. */
void	rows_free(struct rows *r);

/* The text of row `r`, its spans joined. Allocated. */
char	*rows_text(const struct row *r);

/* A pen writing to `out` (emptied first) at `width` columns (1 or more). */
void	rows_pen_init(struct rows_pen *, struct rows *out, int width,
	    bool unicode);

/* Starts a row at the indent, with the quote bar if any. */
void	rows_start(struct rows_pen *);

/* Ends the row being filled, if any. */
void	rows_end(struct rows_pen *);

/* An empty row, unless the last row already is one. */
void	rows_blank(struct rows_pen *);

/*
 * Appends text as it is to the current row: what does not fit is
 * carried on the next row after the pen's `wrap` mark, or without one
 * is cut and the row ends in an ellipsis (and takes nothing more).
 */
void	rows_put(struct rows_pen *, const char *text, uint8_t style,
	    int target);

/* Splits text at blanks and newlines and appends each word. */
void	rows_words(struct rows_pen *, const char *text, uint8_t style);

/* A row of one glyph from the pen's column to the width. */
void	rows_rule(struct rows_pen *, int indent, const char *glyph,
	    uint8_t style);

/* Adds a target on the current row (started if needed); its index. */
int	rows_target(struct rows_pen *, enum row_target_kind,
	    const char *link);

/*
 * The reader's place when row `top` is at the top of the screen: the
 * first block at or below it (problems are not a place) and the row
 * within that block, which survive a layout for another width.
 */
void	rows_place(const struct rows *, int top, int *block, int *boff);

/* The first row of block `block` at or after its row `boff`. */
int	rows_at_place(const struct rows *, int block, int boff);

#endif
