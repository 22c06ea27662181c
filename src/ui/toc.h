/*
 * toc.h - the table of contents of a laid-out lesson: its headings (the
 * rows layout marks with a level), which one the reader is under, and
 * the overlay that lists them.
 */
#ifndef TIMESLICE_UI_TOC_H
#define TIMESLICE_UI_TOC_H

#include "ui/canvas.h"
#include "ui/rows.h"

/* Number of headings. */
int	toc_count(const struct rows *);

/* The heading at or above row `top` (0 if none is). */
int	toc_current(const struct rows *, int top);

/* The row of heading `sel`, or -1. */
int	toc_row(const struct rows *, int sel);

/*
 * Draws the contents over `r`, heading `*sel` selected (kept within the
 * headings there are), indented by level.
 */
void	toc_draw(const struct rows *, int *sel, struct canvas *, struct rect r);

#endif
