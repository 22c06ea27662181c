/*
 * toc.c - the contents overlay of the pager. Sections come from the
 * lesson, not from its layout, so step-by-step mode lists the parts not
 * revealed yet as well, and a jump can reveal up to them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lesson/md.h"
#include "ui/toc.h"
#include "util.h"

int
toc_count(const struct lesson *l)
{
	return (int)l->nsections;
}

int
toc_current(const struct lesson *l, int block)
{
	int sel = 0;

	for (size_t i = 0; i < l->nsections; i++)
		if (l->sections[i].block <= block)
			sel = (int)i;
	return sel;
}

int
toc_block(const struct lesson *l, int sel)
{
	if (sel < 0 || (size_t)sel >= l->nsections)
		return -1;
	return l->sections[sel].block;
}

/* Whether `word` occurs in slug `s` as whole '-'-separated words. */
static bool
has_words(const char *s, const char *word)
{
	size_t n = strlen(word);

	if (n == 0)
		return false;
	for (const char *p = s; (p = strstr(p, word)) != NULL; p++)
		if ((p == s || p[-1] == '-') && (p[n] == '\0' || p[n] == '-'))
			return true;
	return false;
}

int
toc_find(const struct lesson *l, const char *anchor)
{
	int b = lesson_find_section(l, anchor);

	for (size_t i = 0; i < l->nsections; i++)
		if (b >= 0 ? l->sections[i].block == b :
		    has_words(l->sections[i].slug, anchor))
			return (int)i;
	return -1;
}

/* The text of section `i`'s heading (allocated). */
static char *
section_text(const struct lesson *l, size_t i)
{
	const struct lesson_block *b = &l->blocks[l->sections[i].block];

	if (b->kind != LESSON_PROSE || b->md == NULL)
		return xstrdup(l->sections[i].slug);
	return md_plain(b->md, NULL);
}

void
toc_draw(const struct lesson *l, int *sel, int typed, const char *hints,
    struct canvas *c, struct rect r)
{
	int n = toc_count(l), shown = 0, first;
	struct rect box;

	box.w = r.w - 8 < 70 ? r.w - 8 : 70;
	box.h = n + 5 < r.h - 2 ? n + 5 : r.h - 2;
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
	if (*sel < 0)
		*sel = 0;
	first = *sel - (box.h - 6);
	for (int i = first < 0 ? 0 : first; i < n && shown < box.h - 5; i++) {
		int level = l->sections[i].level, x;
		char *s = section_text(l, (size_t)i), num[16];

		if (level < 1)
			level = 1;
		snprintf(num, sizeof num, "%2d ", i + 1);
		x = box.x + 2;
		canvas_text(c, x, box.y + 2 + shown, 3, i == *sel ?
		    CS_HIGHLIGHT : CS_KEY, num);
		x += 3 + 2 * (level - 1);
		canvas_text_fit(c, x, box.y + 2 + shown, box.x + box.w - 2 - x,
		    i == *sel ? CS_HIGHLIGHT : CS_TEXT, s);
		free(s);
		shown++;
	}
	if (typed > 0)
		canvas_printf(c, box.x + 2, box.y + box.h - 2, box.w - 4,
		    CS_KEY, _("section %d, enter to go"), typed);
	else
		canvas_text(c, box.x + 2, box.y + box.h - 2, box.w - 4,
		    CS_DIM, hints);
}
