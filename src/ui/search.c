/*
 * search.c - the pager's search: typing a query, finding rows, showing
 * matches. Rows are searched one at a time, as the reader sees them, so
 * a phrase broken across two rows is not found.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "ui/app.h"
#include "ui/search.h"
#include "util.h"

/* Case-insensitive substring search in ASCII (enough for the UI). */
static const char *
find_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return NULL;
	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

/* Opens an empty prompt. */
void
search_open(struct search *s)
{
	s->typing = true;
	s->qlen = 0;
	s->query[0] = '\0';
}

/* Forgets the last query. */
void
search_clear(struct search *s)
{
	free(s->last);
	s->last = NULL;
}

/* Edits the prompt with one key. */
enum search_typed
search_type(struct search *s, int key)
{
	char buf[8];
	mbstate_t ms;
	size_t n;

	if (key == APP_KEY_ESC) {
		s->typing = false;
		return SEARCH_CLOSED;
	}
	if (key == APP_KEY_ENTER || key == '\r') {
		s->typing = false;
		if (s->qlen == 0)
			return SEARCH_CLOSED;
		free(s->last);
		s->last = xstrdup(s->query);
		return SEARCH_GO;
	}
	if (key == APP_KEY_BACKSPACE || key == 127 || key == 8) {
		/* Back over a whole UTF-8 sequence. */
		while (s->qlen > 0 && (s->query[--s->qlen] & 0xC0) == 0x80)
			;
		s->query[s->qlen] = '\0';
		return SEARCH_EDITED;
	}
	if (key < ' ' || key >= APP_KEY_BASE)
		return SEARCH_EDITED;
	memset(&ms, 0, sizeof ms);
	n = wcrtomb(buf, (wchar_t)key, &ms);
	if (n != (size_t)-1 && s->qlen + n + 1 < sizeof s->query) {
		memcpy(s->query + s->qlen, buf, n);
		s->qlen += n;
		s->query[s->qlen] = '\0';
	}
	return SEARCH_EDITED;
}

/* The next row holding the query, going round the end. */
int
search_next(const struct search *s, const struct rows *r, int from, int dir)
{
	const char *q = s->last;

	if (q == NULL || *q == '\0' || r->n == 0)
		return -1;
	for (int i = 1; i <= r->n; i++) {
		int n = ((from + dir * i) % r->n + r->n) % r->n;
		char *text = rows_text(&r->v[n]);
		bool hit = find_ci(text, q) != NULL;

		free(text);
		if (hit)
			return n;
	}
	return -1;
}

/* Draws a span with its matches highlighted. */
int
search_draw_span(const struct search *s, struct canvas *c, int x, int y,
    int maxw, const struct row_span *span, uint8_t style)
{
	const char *q = s->last, *p = span->text, *m;
	int used = 0;

	if (q == NULL || *q == '\0' || find_ci(p, q) == NULL)
		return canvas_text(c, x, y, maxw, style, p);
	while ((m = find_ci(p, q)) != NULL && used < maxw) {
		char *pre = xstrdup(p), *hit = xstrdup(m);

		pre[m - p] = '\0';
		hit[strlen(q)] = '\0';
		used += canvas_text(c, x + used, y, maxw - used, style, pre);
		used += canvas_text(c, x + used, y, maxw - used, CS_HIGHLIGHT,
		    hit);
		free(pre);
		free(hit);
		p = m + strlen(q);
	}
	if (used < maxw)
		used += canvas_text(c, x + used, y, maxw - used, style, p);
	return used;
}
