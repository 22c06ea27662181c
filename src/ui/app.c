/*
 * app.c - the screen stack and the main loop: tick, draw, present, wait
 * for a key or the next frame, dispatch it; leave on a signal.
 *
 * The loop never sleeps longer than a quarter of a second, so a signal
 * that did not interrupt the wait is still noticed promptly; while the
 * top screen animates it wakes at APP_FPS. A frame is drawn only when
 * something asked for it, and the terminal layer then sends only the
 * cells that changed, so an idle screen costs nothing.
 */
#include <stdlib.h>

#include "i18n.h"
#include "trace/clock.h"
#include "ui/app.h"
#include "ui/term.h"
#include "util.h"

#define APP_MAX_SCREENS 16
#define APP_IDLE_MS 250

struct app_entry {
	const struct app_screen_ops	*ops;
	void				*self;
};

struct app {
	struct app_entry	 stack[APP_MAX_SCREENS];
	int			 depth;
	struct canvas		*canvas;
};

struct app *
app_new(char **cause)
{
	struct app *app;

	if (term_open(cause) != 0)
		return NULL;
	app = xcalloc(1, sizeof *app);
	app->canvas = canvas_new(0, 0);
	app->canvas->unicode = term_unicode();
	app->canvas->color = term_color();
	app->canvas->patterns = term_patterns();
	return app;
}

/* Removes the top screen, calling its leave. */
static void
app_pop(struct app *app)
{
	struct app_entry *e;

	if (app->depth == 0)
		return;
	e = &app->stack[--app->depth];
	if (e->ops->leave != NULL)
		e->ops->leave(e->self);
	term_invalidate();
}

void
app_free(struct app *app)
{
	if (app == NULL)
		return;
	while (app->depth > 0)
		app_pop(app);
	term_restore();
	canvas_free(app->canvas);
	free(app);
}

void
app_push(struct app *app, const struct app_screen_ops *ops, void *self)
{
	if (app->depth == APP_MAX_SCREENS)
		fatal("too many screens open");
	app->stack[app->depth].ops = ops;
	app->stack[app->depth].self = self;
	app->depth++;
	term_invalidate();
}

/*
 * Draws the top screen, or, when the terminal is smaller than any screen
 * can use, a message that says what size is needed.
 */
static void
app_draw(struct app *app)
{
	struct canvas *c = app->canvas;
	struct app_entry *top = &app->stack[app->depth - 1];
	int w, h;

	term_size(&w, &h);
	if (w != c->w || h != c->h)
		canvas_resize(c, w, h);
	else
		canvas_clear(c);
	if (w < APP_MIN_W || h < APP_MIN_H) {
		int y = h / 2 - 1;

		canvas_printf(c, 0, y < 0 ? 0 : y, w, CS_WARN,
		    _("terminal too small: %dx%d"), w, h);
		canvas_printf(c, 0, y + 1 < 0 ? 0 : y + 1, w, CS_TEXT,
		    _("need %dx%d"), APP_MIN_W, APP_MIN_H);
		canvas_text(c, 0, y + 2, w, CS_DIM, _("q quits"));
	} else if (top->ops->draw != NULL)
		top->ops->draw(top->self, c, canvas_rect(c));
	term_present(c);
}

/* Applies reaction flags; returns 1 when the loop should end. */
static int
app_react(struct app *app, int flags, int *redraw)
{
	if (flags & APP_QUIT)
		return 1;
	if (flags & APP_POP) {
		app_pop(app);
		*redraw = 1;
		if (app->depth == 0)
			return 1;
	}
	if (flags & APP_REDRAW)
		*redraw = 1;
	return 0;
}

/*
 * The loop: tick the top screen, draw when asked, wait for a key no longer
 * than the next frame (or APP_IDLE_MS), dispatch it; a signal ends it.
 */
int
app_run(struct app *app)
{
	int redraw = 1, animate = 0, w, h;

	while (app->depth > 0) {
		struct app_entry *top = &app->stack[app->depth - 1];
		int key, flags, small;

		if (term_signal() != 0)
			return 128 + term_signal();
		if (top->ops->tick != NULL) {
			flags = top->ops->tick(top->self, clock_now_ns());
			animate = (flags & APP_ANIMATE) != 0;
			if (app_react(app, flags, &redraw))
				break;
			if (app->depth == 0)
				break;
			top = &app->stack[app->depth - 1];
		}
		if (redraw) {
			app_draw(app);
			redraw = 0;
		}
		key = term_getkey(animate ? 1000 / APP_FPS : APP_IDLE_MS);
		if (key == APP_KEY_NONE)
			continue;
		if (key == APP_KEY_RESIZE) {
			term_invalidate();
			redraw = 1;
			continue;
		}
		term_size(&w, &h);
		small = w < APP_MIN_W || h < APP_MIN_H;
		if (small && (key == 'q' || key == 'Q'))
			break;
		if (small || top->ops->key == NULL)
			continue;
		flags = top->ops->key(top->self, key);
		if (app_react(app, flags, &redraw))
			break;
	}
	if (term_signal() != 0)
		return 128 + term_signal();
	return 0;
}
