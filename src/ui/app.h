/*
 * app.h - the main loop of every full-screen timeslice program: a stack
 * of screens, each drawing into a canvas and reacting to keys.
 *
 * In the ncdu manner, a screen is a small object with draw/key/tick
 * functions and the loop only dispatches to the screen on top of the
 * stack. A key handler never draws: it returns reaction flags (as htop
 * does) and the loop redraws when asked. The loop owns the terminal (see
 * term.h): it opens it, copies the canvas to it, handles resizes, and
 * restores it on quit, on SIGINT/SIGTERM/SIGHUP (which only set a flag
 * that the loop notices) and on fatal errors.
 *
 * Keys are Unicode code points for characters, or the APP_KEY_* values
 * below for the keys that are not characters, so screens never see a
 * curses constant and can be tested without a terminal.
 *
 * Typical use:
 *
 *	struct app *app;
 *	if ((app = app_new(&cause)) == NULL) { print cause; return 1; }
 *	app_push(app, &my_screen_ops, my_state);
 *	rc = app_run(app);
 *	app_free(app);		(restores the terminal)
 */
#ifndef TIMESLICE_UI_APP_H
#define TIMESLICE_UI_APP_H

#include <stdint.h>

#include "ui/canvas.h"

/* Keys that are not characters (above every Unicode code point). */
enum app_key {
	APP_KEY_NONE = 0,
	APP_KEY_ESC = 27,
	APP_KEY_ENTER = '\n',
	APP_KEY_TAB = '\t',
	APP_KEY_BASE = 0x110000,
	APP_KEY_UP,
	APP_KEY_DOWN,
	APP_KEY_LEFT,
	APP_KEY_RIGHT,
	APP_KEY_PGUP,
	APP_KEY_PGDN,
	APP_KEY_HOME,
	APP_KEY_END,
	APP_KEY_BTAB,		/* shift-tab */
	APP_KEY_BACKSPACE,
	APP_KEY_RESIZE,		/* the loop handles it; screens never see it */
	APP_KEY_F1
};

/* What a key handler or a tick asks of the loop (bits). */
enum app_reaction {
	APP_IGNORED = 0,	/* the key means nothing here */
	APP_HANDLED = 1 << 0,	/* taken, nothing to redraw */
	APP_REDRAW = 1 << 1,	/* draw the screen again */
	APP_QUIT = 1 << 2,	/* leave the program */
	APP_POP = 1 << 3,	/* close this screen (back to the one below) */
	APP_ANIMATE = 1 << 4	/* tick: call me again at the frame rate */
};

/* Frames per second while some screen animates. */
#define APP_FPS 30

/* The smallest terminal the loop draws screens in. */
#define APP_MIN_W 50
#define APP_MIN_H 14

/*
 * What a screen does. Every function gets the `self` pointer given to
 * app_push. Any of them may be NULL.
 */
struct app_screen_ops {
	const char	*name;
	/* Draws the whole screen into `r` of the canvas (already blank). */
	void		(*draw)(void *self, struct canvas *, struct rect r);
	/* Reacts to one key; returns enum app_reaction bits. */
	int		(*key)(void *self, int key);
	/*
	 * Called before every frame and on every wake-up with the current
	 * CLOCK_MONOTONIC time: polls data, advances animations. Returns
	 * APP_REDRAW when the picture changed, APP_ANIMATE to keep the
	 * frame rate (else the loop sleeps until a key arrives), APP_QUIT.
	 */
	int		(*tick)(void *self, uint64_t now_ns);
	/* Called when the screen leaves the stack (popped or at exit). */
	void		(*leave)(void *self);
};

struct app;

/*
 * Opens the terminal (see term.h). Returns NULL with *cause set when there
 * is no usable terminal (not a TTY, TERM=dumb, unknown TERM).
 */
struct app	*app_new(char **cause);

/* Pops every screen (calling leave) and restores the terminal. */
void		 app_free(struct app *);

/* Puts a screen on top of the stack. */
void		 app_push(struct app *, const struct app_screen_ops *,
		     void *self);

/*
 * Runs until a screen asks to quit, the stack empties, or a signal
 * arrives. Returns 0, or 128 + the signal number when one ended it.
 */
int		 app_run(struct app *);

#endif
