/*
 * search.c - the pager's search: typing a query, finding rows, showing
 * matches. Rows are searched one at a time, as the reader sees them, so
 * a phrase broken across two rows is not found.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui/app.h"
#include "ui/search.h"
#include "util.h"

/*
 * Where `needle` starts in `hay`, ignoring case and accents in both, or
 * NULL; *len is how many bytes of `hay` it covers.
 */
static const char *
find_folded(const char *hay, const char *needle, size_t *len)
{
	size_t hn = strlen(hay), nn = strlen(needle);

	if (nn == 0)
		return NULL;
	for (size_t i = 0; i < hn;) {
		size_t h = i, k = 0, hl, nl;

		while (k < nn && h < hn) {
			unsigned a = util_fold_char(hay + h, hn - h, &hl);
			unsigned b = util_fold_char(needle + k, nn - k, &nl);

			if (a != b || (a >= 0x100 && a < 0x200 &&
			    (hl != nl || memcmp(hay + h, needle + k, hl) != 0)))
				break;
			h += hl;
			k += nl;
		}
		if (k == nn) {
			*len = h - i;
			return hay + i;
		}
		util_fold_char(hay + i, hn - i, &hl);
		i += hl;
	}
	return NULL;
}

const char *
search_find(const char *hay, const char *needle, size_t *len)
{
	size_t dummy;

	return find_folded(hay, needle, len != NULL ? len : &dummy);
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
		bool hit = search_find(text, q, NULL) != NULL;

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
	size_t mlen;

	if (q == NULL || *q == '\0' || search_find(p, q, NULL) == NULL)
		return canvas_text(c, x, y, maxw, style, p);
	while ((m = search_find(p, q, &mlen)) != NULL && used < maxw) {
		char *pre = xstrdup(p), *hit = xstrdup(m);

		pre[m - p] = '\0';
		hit[mlen] = '\0';
		used += canvas_text(c, x + used, y, maxw - used, style, pre);
		used += canvas_text(c, x + used, y, maxw - used, CS_HIGHLIGHT,
		    hit);
		free(pre);
		free(hit);
		p = m + mlen;
	}
	if (used < maxw)
		used += canvas_text(c, x + used, y, maxw - used, style, p);
	return used;
}
