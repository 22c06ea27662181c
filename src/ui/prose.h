/*
 * prose.h - the Markdown of a lesson laid out as rows: headings with
 * their rules, wrapped paragraphs, bulleted and numbered lists, quotes
 * behind a bar, coloured code, pipe tables, links the reader can follow.
 *
 * The tree is walked with a loop and a stack of its own, so any depth of
 * nesting lays out; indentation stops growing at half the width, and
 * deeper content is shown at that indent rather than pushed off the row.
 */
#ifndef TIMESLICE_UI_PROSE_H
#define TIMESLICE_UI_PROSE_H

#include "lesson/md.h"
#include "ui/rows.h"

/* Lays out one prose block (a top-level Markdown block) with the pen. */
void	prose_rows(struct rows_pen *, const struct md_node *block);

/*
 * Appends one line of Markdown (a question, a choice, its why) to the
 * current row, flowing as words do: emphasis, code and links shown as in
 * prose, plain text in `style`, never the marks themselves.
 */
void	prose_inline(struct rows_pen *, const char *text, uint8_t style);

#endif
