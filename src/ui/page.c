/*
 * page.c - a page of plain text over the screen below it (the cheat
 * sheet, opened from the course map): a title bar, the lines a screenful
 * at a time, and a footer written from its key table. The text is laid
 * out by whoever made it (within 80 columns); lines wider than the
 * screen are cut with a sign, never wrapped into a different table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui/keys.h"
#include "ui/page.h"
#include "util.h"

struct page {
	char	 *title;
	char	**lines;
	int	  n;
	int	  top;
	int	  view_h;
};

/* The greatest top line: the last screenful. */
static int
max_top(const struct page *p)
{
	return p->n - p->view_h > 0 ? p->n - p->view_h : 0;
}

/* The scrolling keys (keys_scroll): a line, a page, the ends. */
static int
act_scroll(void *self, int key)
{
	struct page *p = self;

	p->top = keys_scroll(key, p->top, p->view_h, max_top(p));
	return APP_REDRAW;
}

/* q and esc: back to the screen below. */
static int
act_back(void *self, int key)
{
	(void)self;
	(void)key;
	return APP_POP;
}

/* The page's keys; its footer is the rows with a hint. */
static const struct key_row page_keys[] = {
	{ { 'j', 'k', APP_KEY_DOWN, APP_KEY_UP }, 0, 0, N_("j k, arrows"),
	    N_("line down, up"), N_("scroll"), NULL, "j/k", 0, act_scroll },
	{ { ' ', 'f', APP_KEY_PGDN, 'b', APP_KEY_PGUP }, 0, 0, N_("space f, b"),
	    N_("page down, up"), N_("page"), NULL, N_("space/b"), 0,
	    act_scroll },
	{ { 'g', 'G', APP_KEY_HOME, APP_KEY_END }, 0, 0, N_("g G, Home End"),
	    N_("top, bottom"), NULL, NULL, NULL, 0, act_scroll },
	{ { 'q', 'Q', APP_KEY_ESC }, 0, 0, N_("q esc"), N_("back to the map"),
	    N_("back"), NULL, "q", 0, act_back },
	{ { 0 }, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL }
};

const struct key_row *
page_keydefs(void)
{
	return page_keys;
}

static int
page_key(void *self, int key)
{
	return keys_dispatch(page_keys, 0, self, key);
}

static void
page_draw(void *self, struct canvas *c, struct rect r)
{
	struct page *p = self;
	char hints[256] = "";
	int pct;

	p->view_h = r.h - 2;
	p->top = keys_scroll(0, p->top, p->view_h, max_top(p));
	canvas_fill(c, (struct rect){ r.x, r.y, r.w, 1 }, L' ', CS_HIGHLIGHT);
	canvas_text_fit(c, r.x + 1, r.y, r.w - 2, CS_HIGHLIGHT, p->title);
	for (int y = 0; y < p->view_h && p->top + y < p->n; y++)
		canvas_text_fit(c, r.x, r.y + 1 + y, r.w, CS_TEXT,
		    p->lines[p->top + y]);
	keys_hints(page_keys, 0, 0, 0, false, KEYS_HINT_BAR, hints,
	    sizeof hints);
	pct = max_top(p) > 0 ? p->top * 100 / max_top(p) : 100;
	canvas_printf(c, r.x, r.y + r.h - 1, r.w, CS_DIM, "%3d%%  %s", pct,
	    hints);
}

static void
page_leave(void *self)
{
	struct page *p = self;

	for (int i = 0; i < p->n; i++)
		free(p->lines[i]);
	free(p->lines);
	free(p->title);
	free(p);
}

const struct app_screen_ops page_screen_ops = {
	.name = "page",
	.draw = page_draw,
	.key = page_key,
	.leave = page_leave,
};

void *
page_new(const char *title, const char *text)
{
	struct page *p = xcalloc(1, sizeof *p);
	const char *s = text;

	p->title = xstrdup(title);
	while (*s != '\0') {
		size_t len = strcspn(s, "\n");
		char *line = xmalloc(len + 1);

		memcpy(line, s, len);
		line[len] = '\0';
		p->lines = xreallocarray(p->lines, (size_t)p->n + 1,
		    sizeof *p->lines);
		p->lines[p->n++] = line;
		s += len;
		if (*s == '\n')
			s++;
	}
	return p;
}

void
page_open(struct app *app, const char *title, const char *text)
{
	app_push(app, &page_screen_ops, page_new(title, text));
}
