/*
 * outpane.h - a traced program's output in a framed pane: its standard
 * output and standard error (sampler/tail.h's last bytes of each), told
 * apart by a heading and a colour each, escaped, wrapped and scrollable.
 *
 * The output is the program's, not ours: every control character and
 * invalid byte is shown escaped (util_fputs_safe_n, as everywhere), so a
 * program that prints a terminal sequence cannot move the cursor or
 * repaint the screen. The pane opens on its last lines, where a
 * traceback is; scrolling back shows what came before. It draws and
 * takes keys only: who opens it, and when, is the host's (the demo).
 */
#ifndef TIMESLICE_UI_OUTPANE_H
#define TIMESLICE_UI_OUTPANE_H

#include <stdbool.h>

#include "sampler/tail.h"
#include "ui/canvas.h"
#include "ui/keys.h"

struct outpane_row {
	char	*text;
	uint8_t	 style;
};

struct outpane {
	bool	 open;
	int	 back;		/* rows scrolled back from the last */
	int	 page;		/* rows of output shown at the last draw */
	int	 most;		/* the most `back` could be, then */
	/*
	 * The rows of the last draw, made again only when the tails have
	 * grown or the width changed: a frame that shows the same output
	 * costs nothing while a traced program runs.
	 */
	struct outpane_row *rows;
	int	 nrows, rows_w;
	const struct tail *rows_out, *rows_err;
	uint64_t rows_total_out, rows_total_err;
};

/*
 * Opens the pane on the last lines, or closes it; either way it forgets
 * the rows it made (the host may show other tails next).
 */
void	outpane_show(struct outpane *, bool open);

/* Frees what the pane keeps; it is closed. */
void	outpane_release(struct outpane *);

/*
 * An open pane's keys (scrolling, o and esc to close); APP_IGNORED for
 * any other key, or when it is closed, so the host's keys go on acting.
 */
int	outpane_key(struct outpane *, int key);

/* The pane's key table, for its footer and tests. */
const struct key_row *outpane_keydefs(void);

/*
 * Draws the open pane over `r`: a frame titled `title`, the lines of
 * `out` under one heading and those of `err` under another, the last
 * ones at the bottom unless scrolled back, and its keys in the frame.
 */
void	outpane_draw(struct outpane *, struct canvas *, struct rect r,
	    const char *title, const struct tail *out, const struct tail *err);

/*
 * The rows the pane would show for `out` and `err` at width `w`, one
 * string per row (escaped, wrapped), each with its style; for tests and
 * drawing. *n gets the count; free with outpane_rows_free.
 */
struct outpane_row *outpane_rows(const struct tail *out,
	    const struct tail *err, int w, int *n);
void	outpane_rows_free(struct outpane_row *, int n);

#endif
