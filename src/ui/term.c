/*
 * term.c - curses set-up and restore, styles to attributes, keys, and the
 * copy of a canvas to the screen.
 *
 * The terminal is restored on every way out: term_restore on the main
 * thread (a normal quit, a signal seen by the loop, fatal() on the main
 * thread, exit()); and, for a fatal error on another thread that the main
 * thread does not pick up in time (see fatal() in util.h),
 * restore_async, which touches no curses state: it writes the reset
 * sequences read from terminfo when the terminal opened and puts back the
 * tty modes saved before curses changed them.
 */
#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "i18n.h"
#include "ui/app.h"
#include "ui/term.h"
#include "util.h"

static _Atomic int	 term_sig;	/* last SIGINT/SIGTERM/SIGHUP */
static _Atomic int	 term_active;	/* curses is running */
static struct termios	 term_modes;	/* the tty before curses */
static bool		 term_modes_saved;
static char		 term_reset[256];	/* leave the screen as found */
static size_t		 term_reset_len;
static SCREEN		*term_screen;
static bool		 term_has_unicode;
static bool		 term_has_color;
static struct canvas	*term_shadow;	/* what the screen shows now */
static bool		 term_dirty;
static bool		 term_atexit_set;
static enum canvas_theme term_theme;	/* chosen with --theme */

/* Curses colour pairs handed out so far, keyed by (fg, bg). */
#define TERM_MAX_PAIRS 64
static struct {
	short	fg, bg;
} term_pairs[TERM_MAX_PAIRS];
static int term_npairs;

static void
on_signal(int sig)
{
	atomic_store(&term_sig, sig);
}

int
term_signal(void)
{
	return atomic_load(&term_sig);
}

void
term_restore(void)
{
	fatal_set_terminal(NULL, NULL);
	if (!atomic_exchange(&term_active, 0))
		return;
	endwin();
	fflush(stdout);
}

/*
 * The terminal back from any thread, with async-signal-safe calls only:
 * the reset sequences, then the saved tty modes. Does nothing once
 * term_restore has run (or while it runs).
 */
static void
restore_async(void)
{
	const char *p = term_reset;
	size_t left = term_reset_len;

	if (!atomic_exchange(&term_active, 0))
		return;
	while (left > 0) {
		ssize_t w = write(STDOUT_FILENO, p, left);

		if (w <= 0)
			break;
		p += w;
		left -= (size_t)w;
	}
	if (term_modes_saved)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &term_modes);
}

/*
 * Collects, while curses is up, the terminfo strings that undo what it
 * did: keypad off, attributes off, cursor shown, alternate screen left.
 * Padding ("$<5>") is dropped: it means nothing to a terminal emulator.
 */
static void
save_reset_sequences(void)
{
	const char *caps[] = { "rmkx", "sgr0", "cnorm", "rmcup" };

	term_reset_len = 0;
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		const char *s = tigetstr(caps[i]);

		if (s == NULL || s == (char *)-1)
			continue;
		for (; *s != '\0'; s++) {
			if (s[0] == '$' && s[1] == '<' && strchr(s, '>') != NULL) {
				s = strchr(s, '>');
				continue;
			}
			if (term_reset_len + 1 >= sizeof term_reset)
				return;
			term_reset[term_reset_len++] = *s;
		}
	}
}

/* Restores the terminal on any exit() path the loop did not see. */
static void
term_atexit(void)
{
	term_restore();
}

bool
term_unicode(void)
{
	return term_has_unicode;
}

bool
term_color(void)
{
	return term_has_color;
}

/*
 * The curses pair for fg on bg, allocated on first use; 0 (the default
 * colours) once the terminal's pairs are used up.
 */
static short
pair_for(short fg, short bg)
{
	for (int i = 0; i < term_npairs; i++)
		if (term_pairs[i].fg == fg && term_pairs[i].bg == bg)
			return (short)(i + 1);
	if (term_npairs >= TERM_MAX_PAIRS || term_npairs + 1 >= COLOR_PAIRS)
		return 0;
	term_pairs[term_npairs].fg = fg;
	term_pairs[term_npairs].bg = bg;
	term_npairs++;
	init_pair((short)term_npairs, fg, bg);
	return (short)term_npairs;
}

/*
 * The theme the screen is painted in, and the one for a terminal
 * without colour: mono, except that the projector theme keeps its
 * attributes.
 */
static enum canvas_theme
theme_now(void)
{
	if (!term_has_color && term_theme != CANVAS_THEME_PROJECTOR)
		return CANVAS_THEME_MONO;
	return term_theme;
}

/* How a style looks here: curses attributes and colour pair. */
static void
style_attr(uint8_t s, attr_t *attr, short *pair)
{
	struct canvas_look k = canvas_look(theme_now(), s);

	*attr = A_NORMAL;
	*pair = 0;
	if (k.attrs & CANVAS_A_BOLD)
		*attr |= A_BOLD;
	if (k.attrs & CANVAS_A_DIM)
		*attr |= A_DIM;
	if (k.attrs & CANVAS_A_REVERSE)
		*attr |= A_REVERSE;
	if (k.attrs & CANVAS_A_UNDERLINE)
		*attr |= A_UNDERLINE;
	if (term_has_color && (k.fg != CANVAS_DEFAULT ||
	    k.bg != CANVAS_DEFAULT))
		*pair = pair_for(k.fg, k.bg);
}

void
term_set_theme(enum canvas_theme t)
{
	term_theme = t;
}

bool
term_patterns(void)
{
	return theme_now() == CANVAS_THEME_MONO ||
	    theme_now() == CANVAS_THEME_PROJECTOR;
}

/*
 * Refuses terminals that cannot work before touching anything, then starts
 * curses in the modes a key-driven screen needs.
 */
int
term_open(char **cause)
{
	const char *t = getenv("TERM"), *nc = getenv("NO_COLOR");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		xasprintf(cause, "%s", _("the live view needs a terminal "
		    "(standard input and output must be a tty); 'timeslice "
		    "run' works without one"));
		return -1;
	}
	if (t == NULL || *t == '\0' || strcmp(t, "dumb") == 0) {
		xasprintf(cause, _("the live view cannot draw on TERM=%s; set "
		    "TERM to your terminal (e.g. xterm-256color) or use "
		    "'timeslice run'"), t != NULL && *t != '\0' ? t :
		    _("(unset)"));
		return -1;
	}
	/*
	 * Our handlers go in before curses starts: curses then leaves
	 * SIGINT and SIGTERM alone instead of exiting from inside a handler.
	 */
	catch_quit_signals(on_signal);

	term_has_unicode = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	term_modes_saved = tcgetattr(STDIN_FILENO, &term_modes) == 0;
	if ((term_screen = newterm(NULL, stdout, stdin)) == NULL) {
		xasprintf(cause, _("cannot start the terminal for TERM=%s"), t);
		return -1;
	}
	save_reset_sequences();
	atomic_store(&term_active, 1);
	fatal_set_terminal(term_restore, restore_async);
	if (!term_atexit_set) {
		atexit(term_atexit);
		term_atexit_set = true;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	curs_set(0);
	term_has_color = has_colors() && (nc == NULL || *nc == '\0') &&
	    term_theme != CANVAS_THEME_MONO;
	if (term_has_color) {
		start_color();
		use_default_colors();
	}
	term_npairs = 0;
	if (term_shadow == NULL)
		term_shadow = canvas_new(0, 0);
	term_dirty = true;
	return 0;
}

void
term_size(int *w, int *h)
{
	getmaxyx(stdscr, *h, *w);
}

void
term_invalidate(void)
{
	term_dirty = true;
}

void
term_suspend(void)
{
	if (!atomic_load(&term_active))
		return;
	def_prog_mode();
	endwin();
	fflush(stdout);
}

void
term_resume(void)
{
	if (!atomic_load(&term_active))
		return;
	reset_prog_mode();
	refresh();
	term_dirty = true;
}

/* Reads one key, wide characters included, and names it the app.h way. */
int
term_getkey(int timeout_ms)
{
	wint_t ch;
	int rc;

	/* A thread's fatal error waits for us: this is where we look. */
	fatal_poll();
	timeout(timeout_ms);
	rc = get_wch(&ch);
	fatal_poll();
	if (rc == ERR)
		return APP_KEY_NONE;
	if (rc == OK) {
		if (ch == '\r')
			return APP_KEY_ENTER;
		if (ch == 127 || ch == 8)
			return APP_KEY_BACKSPACE;
		return (int)ch;
	}
	switch (ch) {
	case KEY_UP:
		return APP_KEY_UP;
	case KEY_DOWN:
		return APP_KEY_DOWN;
	case KEY_LEFT:
		return APP_KEY_LEFT;
	case KEY_RIGHT:
		return APP_KEY_RIGHT;
	case KEY_PPAGE:
		return APP_KEY_PGUP;
	case KEY_NPAGE:
		return APP_KEY_PGDN;
	case KEY_HOME:
		return APP_KEY_HOME;
	case KEY_END:
		return APP_KEY_END;
	case KEY_BTAB:
		return APP_KEY_BTAB;
	case KEY_BACKSPACE:
		return APP_KEY_BACKSPACE;
	case KEY_ENTER:
		return APP_KEY_ENTER;
	case KEY_RESIZE:
		return APP_KEY_RESIZE;
	case KEY_F(1):
		return APP_KEY_F1;
	default:
		return APP_KEY_NONE;
	}
}

/* Writes one cell to the curses screen. */
static void
put_cell(int x, int y, const struct canvas_cell *cell)
{
	wchar_t w[2];
	cchar_t cc;
	attr_t attr;
	short pair;

	w[0] = cell->ch;
	w[1] = L'\0';
	if (!term_has_unicode && (cell->ch < 0x20 || cell->ch > 0x7e))
		w[0] = cell->ch == L' ' ? L' ' : L'?';
	style_attr(cell->style, &attr, &pair);
	if (setcchar(&cc, w, attr, pair, NULL) == ERR)
		return;
	mvadd_wch(y, x, &cc);
}

/*
 * Writes the cells that differ from the shadow copy of the screen, so a
 * frame costs what changed; after a resize everything differs.
 */
void
term_present(const struct canvas *c)
{
	struct canvas *sh = term_shadow;

	if (sh->w != c->w || sh->h != c->h || term_dirty) {
		canvas_resize(sh, c->w, c->h);
		for (int i = 0; i < c->w * c->h; i++)
			sh->cells[i].ch = 0;	/* differs from everything */
		clearok(curscr, TRUE);
		term_dirty = false;
	}
	for (int y = 0; y < c->h; y++)
		for (int x = 0; x < c->w; x++) {
			const struct canvas_cell *n = &c->cells[y * c->w + x];
			struct canvas_cell *o = &sh->cells[y * c->w + x];

			if (n->ch == o->ch && n->style == o->style)
				continue;
			*o = *n;
			if (n->ch != CANVAS_CONT)
				put_cell(x, y, n);
		}
	refresh();
}
