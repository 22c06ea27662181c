/*
 * toc.h - the table of contents of a lesson: its sections (every heading
 * of the lesson, revealed yet or not, so a presenter can jump ahead),
 * which one the reader is in, and the overlay that lists them numbered.
 */
#ifndef TIMESLICE_UI_TOC_H
#define TIMESLICE_UI_TOC_H

#include "lesson/lesson.h"
#include "ui/canvas.h"

/* Number of sections. */
int	toc_count(const struct lesson *);

/* The section block `block` belongs to (0 if it is before any). */
int	toc_current(const struct lesson *, int block);

/* The block of section `sel`'s heading, or -1. */
int	toc_block(const struct lesson *, int sel);

/*
 * The section whose slug is `anchor`, or failing that the first whose
 * slug has `anchor` as whole words ("convoy" finds "the-convoy-effect");
 * -1 if none.
 */
int	toc_find(const struct lesson *, const char *anchor);

/*
 * Draws the contents over `r`, section `*sel` selected (kept within the
 * sections there are), numbered from 1 and indented by level; `typed`,
 * when above 0, is a section number being typed; `hints`, the keys line
 * at the bottom (written from the contents' key table).
 */
void	toc_draw(const struct lesson *, int *sel, int typed,
	    const char *hints, struct canvas *, struct rect r);

#endif
