/*
 * canvas.h - an off-screen grid of character cells that every view draws
 * into, and that tests read back as text.
 *
 * A cell holds one wide character and a semantic style (what the cell
 * means: a running state, a title, dim text...), never a curses attribute;
 * the terminal layer (term.h) alone decides how a style looks on the
 * screen in use. A wide character takes two cells: the second holds
 * CANVAS_CONT so that it is neither drawn nor overwritten half-way.
 *
 * The canvas also says what the screen can show: `unicode` (box drawing,
 * eighth blocks) and `color`. Views pick their glyphs from these two flags,
 * so the same view renders for a UTF-8 colour terminal, a monochrome one,
 * or an ASCII-only locale, and golden tests can check each of those.
 */
#ifndef TIMESLICE_UI_CANVAS_H
#define TIMESLICE_UI_CANVAS_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "trace/trace.h"

/* The second cell of a wide character. */
#define CANVAS_CONT ((wchar_t)-1)

/* What a cell means; term.c maps each role to colours or attributes. */
enum canvas_style {
	CS_TEXT = 0,		/* ordinary text */
	CS_DIM,			/* secondary text, axes, idle cells */
	CS_TITLE,		/* headings */
	CS_HIGHLIGHT,		/* a selected line, the active choice */
	CS_KEY,			/* a key name in hints and help */
	CS_BORDER,		/* frames */
	CS_WARN,		/* messages that need attention */
	CS_ERROR,		/* failures */
	CS_GOOD,		/* good figures (a speedup above 1) */
	CS_CURSOR,		/* the timeline cursor column */
	CS_LOCK,		/* the lock lane */
	CS_CPU,			/* the CPU lanes */
	CS_TERM,		/* a term of the glossary in prose: underlined
				   in every theme, so it is told from bold */
	CS_STATE_BASE,		/* + enum trace_state: a lane in that state */
	/* A cell split between two states: left part fg, right part bg. */
	CS_EDGE_BASE = 64,	/* + a * TRACE_STATE_COUNT + b */
	CS_COUNT = CS_EDGE_BASE + TRACE_STATE_COUNT * TRACE_STATE_COUNT
};

/* The style of a lane cell in `state`. */
#define CS_STATE(s)	((uint8_t)(CS_STATE_BASE + (s)))
/* The style of a cell whose left part is state a and right part b. */
#define CS_EDGE(a, b)	((uint8_t)(CS_EDGE_BASE + (a) * TRACE_STATE_COUNT + \
			    (b)))

/*
 * How the screen is painted. Views never look at the theme; they draw
 * styles, and canvas_look() says what a style is in a theme. The
 * projector theme is for a class: no faint text (projectors wash it
 * out), bold where a thing must be seen, and states told apart by glyph
 * as well as by colour.
 */
enum canvas_theme {
	CANVAS_THEME_DARK = 0,	/* colours for a dark background */
	CANVAS_THEME_LIGHT,	/* colours for a light background */
	CANVAS_THEME_MONO,	/* no colour: attributes and glyphs */
	CANVAS_THEME_PROJECTOR,	/* high contrast, never faint */
	CANVAS_THEME_COUNT
};

/* Attributes of a look (bits). */
#define CANVAS_A_BOLD		0x01
#define CANVAS_A_DIM		0x02	/* faint (SGR 2) */
#define CANVAS_A_REVERSE	0x04
#define CANVAS_A_UNDERLINE	0x08

/* Colours of a look: the eight ANSI colours, or the terminal's own. */
#define CANVAS_DEFAULT	(-1)
enum canvas_color {
	CANVAS_BLACK = 0, CANVAS_RED, CANVAS_GREEN, CANVAS_YELLOW,
	CANVAS_BLUE, CANVAS_MAGENTA, CANVAS_CYAN, CANVAS_WHITE
};

/* What a style looks like in a theme. */
struct canvas_look {
	uint8_t	attrs;		/* CANVAS_A_* */
	int8_t	fg, bg;		/* enum canvas_color or CANVAS_DEFAULT */
};

/*
 * The look of `style` in `theme`. Colours are CANVAS_DEFAULT in the mono
 * theme; the caller drops them too when the terminal has none.
 */
struct canvas_look canvas_look(enum canvas_theme, uint8_t style);

/* The theme called `name` (dark, light, mono, projector), or -1. */
int		 canvas_theme_parse(const char *name);

/* The name of a theme. */
const char	*canvas_theme_name(enum canvas_theme);

struct canvas_cell {
	wchar_t		ch;
	uint8_t		style;		/* enum canvas_style */
};

struct canvas {
	int			 w, h;
	bool			 unicode;	/* box drawing, blocks */
	bool			 color;		/* colours (else glyphs) */
	bool			 patterns;	/* glyphs even with colour */
	struct canvas_cell	*cells;		/* h rows of w cells */
};

/* A rectangle of a canvas: origin and size in cells. */
struct rect {
	int	x, y, w, h;
};

/* Allocates a blank w x h canvas that allows Unicode and colour. */
struct canvas	*canvas_new(int w, int h);
void		 canvas_free(struct canvas *);

/* Changes the size, blanking every cell. */
void		 canvas_resize(struct canvas *, int w, int h);

/* Blanks every cell. */
void		 canvas_clear(struct canvas *);

/* The whole canvas as a rectangle. */
struct rect	 canvas_rect(const struct canvas *);

/* Sets one cell; cells outside the canvas are ignored. */
void		 canvas_put(struct canvas *, int x, int y, wchar_t ch,
		     uint8_t style);

/* The cell at (x, y), or NULL outside the canvas. */
const struct canvas_cell *canvas_at(const struct canvas *, int x, int y);

/*
 * Writes UTF-8 text at (x, y), at most `maxw` columns, clipped to the
 * canvas; a wide character that would straddle the limit is left out.
 * Returns the columns written.
 */
int		 canvas_text(struct canvas *, int x, int y, int maxw,
		     uint8_t style, const char *utf8);

/*
 * canvas_text for text that may not fit: cut one column short and ended
 * with an ellipsis ("…", or "~" without Unicode) when it is too wide.
 */
int		 canvas_text_fit(struct canvas *, int x, int y, int maxw,
		     uint8_t style, const char *utf8);

/* canvas_text_fit with a format: a formatted label is never cut without
 * a sign. */
int		 canvas_printf(struct canvas *, int x, int y, int maxw,
		     uint8_t style, const char *fmt, ...)
		     __attribute__((format(printf, 6, 7)));

/* Columns `utf8` takes on a terminal. */
int		 canvas_width(const char *utf8);

/*
 * Bytes of `utf8` that fit in `maxw` columns, measured as canvas_text
 * draws them; a character is never split. Its columns go to *used (when
 * not NULL). For cutting a long line into rows.
 */
size_t		 canvas_fit(const char *utf8, int maxw, int *used);

/* Fills a rectangle (clipped) with one character. */
void		 canvas_fill(struct canvas *, struct rect, wchar_t ch,
		     uint8_t style);

/*
 * Copies every cell of `src` to `dst` with src's top left corner at
 * (x, y), clipped to dst (a wide character cut by its right edge becomes
 * a blank): a picture drawn apart, shown again later.
 */
void		 canvas_copy(struct canvas *dst, int x, int y,
		     const struct canvas *src);

/* Draws a frame around the edge of `r` with an optional title on top. */
void		 canvas_box(struct canvas *, struct rect r, uint8_t style,
		     const char *title);

/*
 * The canvas as UTF-8 text, one line per row ending in a newline, trailing
 * blanks removed. Allocated; the caller frees it.
 */
char		*canvas_to_text(const struct canvas *);

/*
 * The styles of the canvas as text, one character per cell ('.' for
 * CS_TEXT on a blank, letters and digits otherwise, see canvas.c), for
 * golden tests that check colour. Allocated.
 */
char		*canvas_styles_text(const struct canvas *);

#endif
