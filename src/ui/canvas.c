/*
 * canvas.c - the off-screen cell grid: clipped, wide-character aware
 * drawing, and its text form for tests.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/canvas.h"
#include "util.h"

struct canvas *
canvas_new(int w, int h)
{
	struct canvas *c = xcalloc(1, sizeof *c);

	c->unicode = true;
	c->color = true;
	canvas_resize(c, w, h);
	return c;
}

void
canvas_free(struct canvas *c)
{
	if (c == NULL)
		return;
	free(c->cells);
	free(c);
}

void
canvas_resize(struct canvas *c, int w, int h)
{
	if (w < 0)
		w = 0;
	if (h < 0)
		h = 0;
	if (w * h != c->w * c->h || c->cells == NULL)
		c->cells = xreallocarray(c->cells, (size_t)(w * h) + 1,
		    sizeof *c->cells);
	c->w = w;
	c->h = h;
	canvas_clear(c);
}

void
canvas_clear(struct canvas *c)
{
	for (int i = 0; i < c->w * c->h; i++) {
		c->cells[i].ch = L' ';
		c->cells[i].style = CS_TEXT;
	}
}

struct rect
canvas_rect(const struct canvas *c)
{
	struct rect r = { 0, 0, c->w, c->h };

	return r;
}

/*
 * Blanks the other half of a wide character that (x, y) is part of, so
 * that overwriting half of one never leaves the other half dangling.
 */
static void
break_wide(struct canvas *c, int x, int y)
{
	struct canvas_cell *row = &c->cells[y * c->w];

	if (row[x].ch == CANVAS_CONT && x > 0)
		row[x - 1].ch = L' ';
	if (x + 1 < c->w && row[x + 1].ch == CANVAS_CONT)
		row[x + 1].ch = L' ';
}

void
canvas_put(struct canvas *c, int x, int y, wchar_t ch, uint8_t style)
{
	struct canvas_cell *cell;

	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return;
	break_wide(c, x, y);
	cell = &c->cells[y * c->w + x];
	cell->ch = ch;
	cell->style = style;
}

const struct canvas_cell *
canvas_at(const struct canvas *c, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return NULL;
	return &c->cells[y * c->w + x];
}

/* Decodes one character of UTF-8; returns bytes used (0 at the end). */
static size_t
next_char(const char *s, mbstate_t *st, wchar_t *out)
{
	size_t n;

	if (*s == '\0')
		return 0;
	/* One character is at most MB_LEN_MAX bytes: looking no further
	 * keeps a long line's walk linear. */
	n = mbrtowc(out, s, strnlen(s, MB_LEN_MAX), st);
	if (n == (size_t)-1 || n == (size_t)-2) {
		/* Not valid in this locale: show a placeholder, skip a byte. */
		memset(st, 0, sizeof *st);
		*out = L'?';
		return 1;
	}
	return n == 0 ? 1 : n;
}

/* Columns a character takes: 0 for combining marks, 2 for wide ones. */
static int
char_width(wchar_t ch)
{
	int w = wcwidth(ch);

	return w < 0 ? 1 : w;
}

int
canvas_width(const char *s)
{
	mbstate_t st;
	wchar_t ch;
	size_t n;
	int w = 0;

	memset(&st, 0, sizeof st);
	while ((n = next_char(s, &st, &ch)) > 0) {
		w += char_width(ch);
		s += n;
	}
	return w;
}

size_t
canvas_fit(const char *s, int maxw, int *used)
{
	mbstate_t st;
	wchar_t ch;
	size_t n, at = 0;
	int w = 0;

	memset(&st, 0, sizeof st);
	while ((n = next_char(s + at, &st, &ch)) > 0) {
		int cw = char_width(ch);

		if (w + cw > maxw)
			break;
		w += cw;
		at += n;
	}
	if (used != NULL)
		*used = w;
	return at;
}

/*
 * Decodes in the current locale and measures each character with wcwidth,
 * so accents, CJK and box drawing take the columns a terminal gives them.
 */
int
canvas_text(struct canvas *c, int x, int y, int maxw, uint8_t style,
    const char *s)
{
	mbstate_t st;
	wchar_t ch;
	size_t n;
	int col = 0;

	if (y < 0 || y >= c->h)
		return 0;
	memset(&st, 0, sizeof st);
	while ((n = next_char(s, &st, &ch)) > 0) {
		int cw = char_width(ch);

		s += n;
		if (cw == 0)
			continue;	/* combining marks are not kept */
		if (col + cw > maxw || x + col + cw > c->w)
			break;
		if (x + col >= 0) {
			canvas_put(c, x + col, y, ch, style);
			if (cw == 2)
				canvas_put(c, x + col + 1, y, CANVAS_CONT,
				    style);
		}
		col += cw;
	}
	return col;
}

int
canvas_text_fit(struct canvas *c, int x, int y, int maxw, uint8_t style,
    const char *s)
{
	int col;

	if (maxw <= 0)
		return 0;
	if (canvas_width(s) <= maxw)
		return canvas_text(c, x, y, maxw, style, s);
	col = canvas_text(c, x, y, maxw - 1, style, s);
	canvas_put(c, x + col, y, c->unicode ? L'…' : L'~', style);
	return col + 1;
}

int
canvas_printf(struct canvas *c, int x, int y, int maxw, uint8_t style,
    const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return canvas_text_fit(c, x, y, maxw, style, buf);
}

void
canvas_fill(struct canvas *c, struct rect r, wchar_t ch, uint8_t style)
{
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++)
			canvas_put(c, x, y, ch, style);
}

void
canvas_copy(struct canvas *dst, int x, int y, const struct canvas *src)
{
	for (int sy = 0; sy < src->h; sy++)
		for (int sx = 0; sx < src->w; sx++) {
			const struct canvas_cell *cell =
			    &src->cells[sy * src->w + sx];
			bool wide = sx + 1 < src->w &&
			    src->cells[sy * src->w + sx + 1].ch == CANVAS_CONT;

			if (x + sx < 0 || x + sx >= dst->w)
				continue;
			/* Half a wide character is never left behind. */
			if ((wide && x + sx + 1 >= dst->w) ||
			    (cell->ch == CANVAS_CONT && x + sx == 0))
				canvas_put(dst, x + sx, y + sy, L' ',
				    cell->style);
			else
				canvas_put(dst, x + sx, y + sy, cell->ch,
				    cell->style);
		}
}

void
canvas_box(struct canvas *c, struct rect r, uint8_t style, const char *title)
{
	wchar_t h = c->unicode ? L'─' : L'-', v = c->unicode ? L'│' : L'|';
	wchar_t tl = c->unicode ? L'┌' : L'+', tr = c->unicode ? L'┐' : L'+';
	wchar_t bl = c->unicode ? L'└' : L'+', br = c->unicode ? L'┘' : L'+';

	if (r.w < 2 || r.h < 2)
		return;
	for (int x = r.x + 1; x < r.x + r.w - 1; x++) {
		canvas_put(c, x, r.y, h, style);
		canvas_put(c, x, r.y + r.h - 1, h, style);
	}
	for (int y = r.y + 1; y < r.y + r.h - 1; y++) {
		canvas_put(c, r.x, y, v, style);
		canvas_put(c, r.x + r.w - 1, y, v, style);
	}
	canvas_put(c, r.x, r.y, tl, style);
	canvas_put(c, r.x + r.w - 1, r.y, tr, style);
	canvas_put(c, r.x, r.y + r.h - 1, bl, style);
	canvas_put(c, r.x + r.w - 1, r.y + r.h - 1, br, style);
	if (title != NULL && r.w > 6)
		canvas_printf(c, r.x + 2, r.y, r.w - 4, CS_TITLE, " %s ",
		    title);
}

/* Appends to a growing buffer. */
static void
append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*buf = xrealloc(*buf, *cap);
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/* Encodes every cell back to UTF-8, skipping the halves of wide ones. */
char *
canvas_to_text(const struct canvas *c)
{
	size_t len = 0, cap = (size_t)(c->w + 1) * (size_t)c->h * 3 + 1;
	char *buf = xmalloc(cap), mb[MB_LEN_MAX];

	buf[0] = '\0';
	for (int y = 0; y < c->h; y++) {
		size_t keep = len;

		for (int x = 0; x < c->w; x++) {
			const struct canvas_cell *cell =
			    &c->cells[y * c->w + x];
			mbstate_t st;
			size_t n;

			if (cell->ch == CANVAS_CONT)
				continue;
			memset(&st, 0, sizeof st);
			n = wcrtomb(mb, cell->ch, &st);
			if (n == (size_t)-1) {
				mb[0] = '?';
				n = 1;
			}
			append(&buf, &len, &cap, mb, n);
			if (cell->ch != L' ')
				keep = len;
		}
		len = keep;
		append(&buf, &len, &cap, "\n", 1);
	}
	return buf;
}

/*
 * One character per style, so a golden file shows colour as text: '.'
 * plain text, a lowercase letter per role (in enum order), the state's
 * digit for lane cells, and 'A' + the left state for split edge cells.
 */
static char
style_char(uint8_t s)
{
	static const char roles[] = ".dthkbwegclpu";

	if (s < CS_STATE_BASE)
		return s < sizeof roles - 1 ? roles[s] : '?';
	if (s < CS_STATE_BASE + TRACE_STATE_COUNT)
		return (char)('0' + (s - CS_STATE_BASE));
	if (s >= CS_EDGE_BASE && s < CS_COUNT)
		return (char)('A' + (s - CS_EDGE_BASE) / TRACE_STATE_COUNT);
	return '?';
}

char *
canvas_styles_text(const struct canvas *c)
{
	char *buf = xmalloc((size_t)(c->w + 1) * (size_t)c->h + 1), *p = buf;

	for (int y = 0; y < c->h; y++) {
		char *keep = p;

		for (int x = 0; x < c->w; x++) {
			const struct canvas_cell *cell =
			    &c->cells[y * c->w + x];
			char ch = style_char(cell->style);

			if (ch == '.' && cell->ch == L' ')
				ch = ' ';
			*p++ = ch;
			if (ch != ' ')
				keep = p;
		}
		p = keep;
		*p++ = '\n';
	}
	*p = '\0';
	return buf;
}

static const char *const theme_names[CANVAS_THEME_COUNT] = {
	"dark", "light", "mono", "projector"
};

int
canvas_theme_parse(const char *name)
{
	for (int i = 0; i < CANVAS_THEME_COUNT; i++)
		if (strcmp(name, theme_names[i]) == 0)
			return i;
	return -1;
}

const char *
canvas_theme_name(enum canvas_theme t)
{
	return t < CANVAS_THEME_COUNT ? theme_names[t] : "?";
}

/* The colour lanes in state `s` are painted with. */
static int8_t
state_color(enum canvas_theme t, int s)
{
	switch (s) {
	case TRACE_RUN:
		return CANVAS_GREEN;
	case TRACE_LOCK_WAIT:
		return CANVAS_RED;
	case TRACE_BLOCKED:
		/* Waiting, like red, but for a thread, not the GIL (magenta
		 * is ready's colour on white). */
		return t == CANVAS_THEME_LIGHT ? CANVAS_CYAN : CANVAS_MAGENTA;
	case TRACE_IO:
		return CANVAS_BLUE;
	case TRACE_READY:
		/* Yellow is unreadable on white. */
		return t == CANVAS_THEME_LIGHT ? CANVAS_MAGENTA : CANVAS_YELLOW;
	case TRACE_IDLE:
		return t == CANVAS_THEME_DARK ? CANVAS_WHITE : CANVAS_DEFAULT;
	default:
		return CANVAS_DEFAULT;
	}
}

/* The look of a role (a style below CS_STATE_BASE). */
static struct canvas_look
role_look(enum canvas_theme t, uint8_t s)
{
	struct canvas_look k = { 0, CANVAS_DEFAULT, CANVAS_DEFAULT };
	bool proj = t == CANVAS_THEME_PROJECTOR;

	switch (s) {
	case CS_DIM:
		/* A projector washes faint text out: plain text there. */
		if (!proj)
			k.attrs = CANVAS_A_DIM;
		break;
	case CS_TITLE:
		k.attrs = CANVAS_A_BOLD;
		break;
	case CS_HIGHLIGHT:
	case CS_CURSOR:
		k.attrs = CANVAS_A_REVERSE | (proj ? CANVAS_A_BOLD : 0);
		break;
	case CS_KEY:
		k.attrs = CANVAS_A_BOLD;
		k.fg = t == CANVAS_THEME_LIGHT ? CANVAS_BLUE : CANVAS_CYAN;
		break;
	case CS_BORDER:
		if (proj)
			k.attrs = CANVAS_A_BOLD;
		else if (t == CANVAS_THEME_MONO)
			k.attrs = CANVAS_A_DIM;
		else
			k.fg = CANVAS_BLUE;
		break;
	case CS_WARN:
		k.attrs = CANVAS_A_BOLD;
		k.fg = t == CANVAS_THEME_LIGHT ? CANVAS_MAGENTA : CANVAS_YELLOW;
		break;
	case CS_ERROR:
		k.attrs = CANVAS_A_BOLD;
		k.fg = CANVAS_RED;
		break;
	case CS_GOOD:
		k.attrs = CANVAS_A_BOLD;
		k.fg = CANVAS_GREEN;
		break;
	case CS_LOCK:
		k.attrs = proj ? CANVAS_A_BOLD : 0;
		k.fg = CANVAS_MAGENTA;
		break;
	case CS_CPU:
		k.attrs = proj ? CANVAS_A_BOLD : 0;
		k.fg = t == CANVAS_THEME_LIGHT ? CANVAS_BLUE : CANVAS_CYAN;
		break;
	case CS_TERM:
		/* Bold as the prose wrote it; the underline says "link". */
		k.attrs = CANVAS_A_BOLD | CANVAS_A_UNDERLINE;
		break;
	default:
		break;
	}
	return k;
}

struct canvas_look
canvas_look(enum canvas_theme t, uint8_t s)
{
	struct canvas_look k = { 0, CANVAS_DEFAULT, CANVAS_DEFAULT };
	bool proj = t == CANVAS_THEME_PROJECTOR;

	if (s < CS_STATE_BASE)
		k = role_look(t, s);
	else if (s < CS_STATE_BASE + TRACE_STATE_COUNT) {
		int st = s - CS_STATE_BASE;

		k.fg = state_color(t, st);
		if (st == TRACE_IDLE && !proj)
			k.attrs = CANVAS_A_DIM;
		else if (proj)
			k.attrs = CANVAS_A_BOLD;
	} else if (s >= CS_EDGE_BASE && s < CS_COUNT) {
		k.fg = state_color(t, (s - CS_EDGE_BASE) / TRACE_STATE_COUNT);
		k.bg = state_color(t, (s - CS_EDGE_BASE) % TRACE_STATE_COUNT);
		if (proj)
			k.attrs = CANVAS_A_BOLD;
	}
	if (t == CANVAS_THEME_MONO)
		k.fg = k.bg = CANVAS_DEFAULT;
	return k;
}
