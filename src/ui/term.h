/*
 * term.h - the terminal: the only module that includes curses.
 *
 * It opens the terminal (refusing plainly when there is none, or when
 * TERM=dumb), decides what it can show (colour unless NO_COLOR is set or
 * the terminal has none; Unicode when the locale's codeset is UTF-8),
 * turns curses key codes into app.h keys, copies a canvas to the screen
 * cell by cell (only the cells that changed since the last copy), and
 * restores the terminal whatever way the program ends: a normal quit, a
 * fatal error on any thread (registered with fatal_set_terminal; the
 * rules are at fatal() in util.h), exit(), or SIGINT/SIGTERM/SIGHUP.
 * Signal handlers only record the signal; the main loop sees it with
 * term_signal() and leaves in an orderly way. term_getkey is also where
 * the main thread picks up another thread's fatal error (fatal_poll).
 *
 * There is one terminal per process, owned by the main thread, so the
 * state is module-global and every function is for the main thread only
 * (term_restore is safe to call twice and from the fatal path).
 */
#ifndef TIMESLICE_UI_TERM_H
#define TIMESLICE_UI_TERM_H

#include <stdbool.h>

#include "ui/canvas.h"

/*
 * Installs the signal flags and starts curses. Returns 0, or -1 with a
 * message in *cause (the terminal is left untouched then).
 */
int	term_open(char **cause);

/* Ends curses and puts the terminal back as it was. Idempotent. */
void	term_restore(void);

/* What the terminal can show, decided at term_open. */
bool	term_unicode(void);
bool	term_color(void);

/*
 * Paints the screen in theme `t` (before term_open; dark by default).
 * The mono theme, or a terminal without colour, uses no colour.
 */
void	term_set_theme(enum canvas_theme t);

/* Whether lanes show each state with a glyph of its own. */
bool	term_patterns(void);

/* The current size in cells. */
void	term_size(int *w, int *h);

/*
 * Waits up to `timeout_ms` (-1: forever) for a key and returns it as an
 * app.h key, or APP_KEY_NONE on timeout or when a signal arrived.
 */
int	term_getkey(int timeout_ms);

/*
 * Copies the canvas to the screen, writing only the cells that differ
 * from the previous copy (everything after a resize or term_invalidate).
 */
void	term_present(const struct canvas *);

/* Makes the next term_present redraw every cell. */
void	term_invalidate(void);

/*
 * Hands the terminal to another program (an editor) and takes it back:
 * term_suspend leaves curses as the shell had it, term_resume puts
 * curses back and makes the next term_present redraw every cell.
 */
void	term_suspend(void);
void	term_resume(void);

/* The signal that asked us to leave (SIGINT, SIGTERM, SIGHUP), or 0. */
int	term_signal(void);

#endif
