/*
 * toc.c - the contents overlay of the pager. Headings are found in the
 * layout rather than in the lesson, so an entry's text is what the
 * reader sees and its row is where the pager jumps.
 */
#include <stdlib.h>

#include "i18n.h"
#include "ui/toc.h"

/* Counts the heading rows. */
int
toc_count(const struct rows *r)
{
	int n = 0;

	for (int i = 0; i < r->n; i++)
		if (r->v[i].heading > 0)
			n++;
	return n;
}

/* The last heading at or above `top`. */
int
toc_current(const struct rows *r, int top)
{
	int sel = 0;

	for (int i = 0, h = 0; i < r->n && i <= top; i++)
		if (r->v[i].heading > 0)
			sel = h++;
	return sel;
}

/* The row of heading number `sel`. */
int
toc_row(const struct rows *r, int sel)
{
	for (int i = 0, h = 0; i < r->n; i++)
		if (r->v[i].heading > 0 && h++ == sel)
			return i;
	return -1;
}

/* Draws the contents box, the selected heading highlighted. */
void
toc_draw(const struct rows *rows, int *sel, struct canvas *c, struct rect r)
{
	int n = toc_count(rows), shown = 0;
	struct rect box;

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
	if (*sel >= n)
		*sel = n - 1;
	n = 0;
	for (int i = 0; i < rows->n; i++) {
		const struct row *row = &rows->v[i];
		int first = *sel - (box.h - 5), level = row->heading;
		char *s;

		if (level <= 0)
			continue;
		if (n++ < first || shown >= box.h - 4)
			continue;
		s = rows_text(row);
		canvas_text(c, box.x + 2 + 2 * (level - 1), box.y + 2 + shown,
		    box.w - 4 - 2 * (level - 1), n - 1 == *sel ?
		    CS_HIGHLIGHT : CS_TEXT, s);
		free(s);
		shown++;
	}
}
