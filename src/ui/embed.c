/*
 * embed.c - demos living inside the rows of a lesson. Layout leaves
 * LAYOUT_DEMO_ROWS empty rows for each and marks the first with the
 * block; the demo is drawn over them, so it scrolls with the text.
 *
 * A prediction's own experiment starts only once the learner has
 * answered, and runs QUIZ_RUNS times. A demo above a prediction about the
 * same scenario (with no other demo of it in between) would show the
 * answer before the question: it hides the figures the prediction asks
 * about until the prediction is answered.
 *
 * A demo that names a recording plays it instead of running, and a
 * ```trace block runs the chapter's Python program with the python3 on
 * PATH, traced, for at most TRACE_LIMIT_NS (a lesson's program is
 * short; one that is not is ended, not waited for). Only the course
 * timeslice ships runs its programs by itself; any other lesson's wait
 * for the reader's r (lesson/consent.h), and every run executes the
 * bytes read and checked just before it, never the path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/record.h"
#include "i18n.h"
#include "lesson/consent.h"
#include "lesson/course.h"
#include "lesson/program.h"
#include "sampler/tracer.h"
#include "ui/embed.h"
#include "lesson/md.h"
#include "ui/layout.h"
#include "ui/quiz.h"
#include "util.h"

#define TRACE_LIMIT_NS	20000000000ull

/* One empty slot per block. */
void
embed_init(struct embed *e, size_t nblocks)
{
	e->n = nblocks;
	e->v = xcalloc(nblocks ? nblocks : 1, sizeof *e->v);
	e->answered = xcalloc(nblocks ? nblocks : 1, sizeof *e->answered);
	e->unreadable = xcalloc(nblocks ? nblocks : 1,
	    sizeof *e->unreadable);
}

/* Stops every demo. */
void
embed_release(struct embed *e)
{
	for (size_t i = 0; i < e->n; i++)
		demo_free(e->v[i]);
	free(e->v);
	free(e->answered);
	free(e->unreadable);
	e->v = NULL;
	e->answered = NULL;
	e->unreadable = NULL;
	e->n = 0;
}

/*
 * Whether the demo of `block` waits for a cue (r or enter) instead of
 * running as soon as it scrolls into view: in front of a class, where
 * the presenter says when. The one place that decides it. (A demo next
 * to a prediction it would answer runs, with the figures the prediction
 * asks about hidden until it is answered: see tie below.)
 */
static bool
waits_for_cue(const struct embed *e, const struct lesson *l, int block)
{
	(void)l;
	(void)block;
	return e->on_cue;
}

/*
 * Hides, in the demo of block `b`, the figures of the predictions it is
 * tied to that are not answered yet: the predictions of its scenario
 * after it, up to the next demo of that scenario.
 */
static void
tie(const struct embed *e, const struct lesson *l, size_t b)
{
	const struct lesson_demo *dm = l->blocks[b].demo;
	struct demo *d = e->v[b];

	demo_reveal(d);
	for (size_t k = b + 1; k < l->nblocks && k < e->n; k++) {
		const struct lesson_block *lb = &l->blocks[k];

		if (lb->kind == LESSON_DEMO && lb->demo != NULL &&
		    lb->demo->scenario == dm->scenario)
			break;
		if (lb->kind != LESSON_PREDICT || lb->quiz == NULL ||
		    lb->quiz->demo.scenario != dm->scenario || e->answered[k])
			continue;
		for (int i = 0; i < lb->quiz->nchoices; i++)
			if (lb->quiz->choices[i].metric != NULL)
				demo_hide(d, lb->quiz->choices[i].metric);
	}
}

/* What a trace demo needs of its block to ask for its program each run. */
struct trace_src {
	char	*lesson;	/* the lesson file's path */
	bool	 shipped;	/* part of the course timeslice ships */
	struct lesson_trace tr;	/* program and shown are copies */
};

/* Frees a trace_src. */
static void
trace_src_free(void *arg)
{
	struct trace_src *src = arg;

	free(src->lesson);
	free(src->tr.program);
	free(src->tr.shown);
	free(src);
}

/*
 * Before each run of a trace block: the program read once and checked
 * again (lesson/program.h), then run if the lesson is the shipped
 * course's, or the reader let these bytes run before, or asks now with
 * r (which is the leave, remembered for the bytes).
 */
static int
trace_prepare(void *arg, bool cued, struct demo_script *out, char **cause)
{
	struct trace_src *src = arg;
	const char *base;
	char *text;
	size_t len;

	if (lesson_program_read(src->lesson, &src->tr, &text, &len,
	    cause) != 0)
		return -1;
	if (!src->shipped && !consent_given(text, len)) {
		if (!cued) {
			free(text);
			return 1;
		}
		consent_give(text, len);
	}
	base = strrchr(src->tr.program, '/');
	out->text = text;
	out->len = len;
	out->name = xstrdup(base != NULL ? base + 1 : src->tr.program);
	return 0;
}

/*
 * Whether the reader already let the program as it is now run (earlier,
 * in another visit to the lesson): then it is as good as shipped.
 */
static bool
consented(struct trace_src *src)
{
	char *text, *cause = NULL;
	size_t len;
	bool yes;

	if (lesson_program_read(src->lesson, &src->tr, &text, &len,
	    &cause) != 0) {
		free(cause);
		return false;
	}
	yes = consent_given(text, len);
	free(text);
	return yes;
}

/*
 * What a trace block of a lesson timeslice did not ship says before its
 * program has run: where the program is, how long, and the one key that
 * runs it.
 */
static char *
consent_text(const struct lesson_trace *tr)
{
	int lines = tr->shown != NULL ? lesson_program_lines(tr->shown) : 0;
	char size[64], *text;

	if (lines == 1)
		snprintf(size, sizeof size, "%s", _("1 line"));
	else
		snprintf(size, sizeof size, _("%d lines"), lines);
	xasprintf(&text, "%s\n%s (%s)\n%s", _("This program is not from the "
	    "course that ships with timeslice, so it runs only when you "
	    "ask:"), tr->path, size, _("press r to run this program"));
	return text;
}

/*
 * The demo of a ```trace block: the program run by the python3 on PATH,
 * in safe-path mode (-P: the program's folder is not put on sys.path),
 * from a private copy of the bytes checked just before; or, with no
 * python3 there, a demo that says so and runs nothing. It starts by
 * itself unless it waits for the presenter's cue or the lesson is not
 * the shipped course's (then it waits for r: see trace_prepare).
 */
static struct demo *
trace_demo(const struct lesson *l, const struct lesson_trace *tr,
    bool on_cue)
{
	const char *py = tracer_python();
	char *argv[3] = { (char *)(py != NULL ? py : "python3"),
		(char *)"-P", NULL };
	struct tracer_opts o = {
		.argv = argv,
		.rate = TRACER_RATE_DEFAULT,
		.hook = true,
		.shared = true,
		.limit_ns = TRACE_LIMIT_NS,
	};
	struct trace_src *src = xcalloc(1, sizeof *src);
	char title[160], *wait;
	struct demo *d;

	src->lesson = xstrdup(l->path);
	src->shipped = course_shipped(l->path);
	src->tr.program = xstrdup(tr->program);
	src->tr.shown = tr->shown != NULL ? xstrdup(tr->shown) : NULL;
	snprintf(title, sizeof title, "python3 %s", tr->program);
	d = demo_new_trace(&o, title, DEMO_FIXED | DEMO_NO_START);
	demo_set_prepare(d, trace_prepare, src, trace_src_free);
	demo_set_caption(d, py != NULL ? tr->caption : _("no python3 on "
	    "PATH: real CPython cannot be shown here, the model's run is "
	    "what this machine shows"));
	if (!src->shipped && !consented(src)) {
		wait = consent_text(tr);
		demo_set_waiting(d, wait);
		free(wait);
	}
	/* Not shipped: asks trace_prepare, which waits unless let before. */
	if (!on_cue && py != NULL)
		demo_restart(d);
	return d;
}

/* The demo of a block that names a recording: it plays the recording
 * (on cue, a presenter's, only once r is pressed). */
static struct demo *
recording_demo(const struct lesson_demo *dm, bool on_cue)
{
	struct recording *rec = xcalloc(1, sizeof *rec);
	char *cause = NULL;
	struct demo *d;

	if (record_load(dm->recording_path, rec, &cause) != 0) {
		/* Checked when the lesson was read; changed since. */
		free(cause);
		free(rec);
		return NULL;
	}
	d = demo_new_recording(rec, DEMO_FIXED | (on_cue ? DEMO_NO_START : 0));
	if (dm->caption != NULL)
		demo_set_caption(d, dm->caption);
	return d;
}

/*
 * Starts (or readies) the lesson demos whose area is on screen, one run
 * at a time: two runs side by side would take each other's cores and
 * make both figures wrong, so the next starts on a later tick, once no
 * demo is busy. A demo waiting for its cue is made ready at once.
 */
int
embed_start(struct embed *e, const struct lesson *l, const struct rows *r,
    int top, int h)
{
	int made = 0;

	for (size_t k = 0; k < e->n; k++)
		if (e->v[k] != NULL && demo_busy(e->v[k]))
			return 0;
	for (int i = top < 0 ? 0 : top; i < top + h && i < r->n; i++) {
		int b = r->v[i].demo;
		const struct lesson_block *lb;

		if (b < 0 || (size_t)b >= e->n || e->v[b] != NULL)
			continue;
		lb = &l->blocks[b];
		if (lb->kind == LESSON_TRACE && lb->trace->path != NULL) {
			e->v[b] = trace_demo(l, lb->trace, waits_for_cue(e,
			    l, b));
			made++;
			if (demo_busy(e->v[b]))
				return made;
			continue;
		}
		if (lb->kind == LESSON_DEMO && lb->demo->recording_path !=
		    NULL) {
			if (e->unreadable[b])
				continue;
			if ((e->v[b] = recording_demo(lb->demo,
			    waits_for_cue(e, l, b))) != NULL)
				made++;
			else
				e->unreadable[b] = true;
			continue;
		}
		if (lb->kind == LESSON_DEMO && lb->demo->scenario != NULL) {
			e->v[b] = demo_new(lb->demo->scenario,
			    &lb->demo->params, DEMO_FIXED |
			    (waits_for_cue(e, l, b) ? DEMO_NO_START : 0));
			if (e->v[b] == NULL)
				continue;
			tie(e, l, (size_t)b);
			made++;
			if (demo_busy(e->v[b]))
				return made;
		}
	}
	return made;
}

/*
 * Runs the experiment of a prediction afresh, as the lesson wrote it
 * (an earlier answer's runs, or knobs the learner turned, do not count),
 * and shows the figures the demos above it were hiding.
 */
void
embed_run(struct embed *e, const struct lesson *l, int block)
{
	const struct lesson_quiz *q = l->blocks[block].quiz;

	e->answered[block] = true;
	for (size_t b = 0; b < (size_t)block && b < e->n; b++)
		if (e->v[b] != NULL && l->blocks[b].kind == LESSON_DEMO)
			tie(e, l, b);
	demo_free(e->v[block]);
	e->v[block] = NULL;
	if (q != NULL && q->demo.scenario != NULL) {
		e->v[block] = demo_new(q->demo.scenario, &q->demo.params,
		    DEMO_FIXED);
		demo_set_repeats(e->v[block], QUIZ_RUNS);
	}
}

/* Copies the rows of a drawn demo that fall within [ytop, ybot). */
static void
draw_clipped(struct demo *d, struct canvas *c, struct rect r, int ytop,
    int ybot)
{
	struct canvas *tmp = canvas_new(r.w, r.h);

	tmp->unicode = c->unicode;
	tmp->color = c->color;
	tmp->patterns = c->patterns;
	demo_draw(d, tmp, (struct rect){ 0, 0, r.w, r.h });
	for (int row = 0; row < r.h; row++) {
		if (r.y + row < ytop || r.y + row >= ybot)
			continue;
		for (int col = 0; col < r.w; col++) {
			const struct canvas_cell *cell = canvas_at(tmp, col,
			    row);

			if (cell != NULL)
				canvas_put(c, r.x + col, r.y + row, cell->ch,
				    cell->style);
		}
	}
	canvas_free(tmp);
}

/* One demo whose area starts at row y of the canvas. */
static void
draw_one(struct demo *d, bool unreadable, struct canvas *c, int x, int y,
    int w, struct rect body)
{
	struct rect r = { x, y, w, LAYOUT_DEMO_ROWS - 1 };
	int ybot = body.y + body.h;

	if (d == NULL) {
		if (y >= body.y && y < ybot)
			canvas_text(c, x, y, w, unreadable ? CS_WARN : CS_DIM,
			    unreadable ? _("the recording could not be read: "
			    "it changed since the lesson was opened") :
			    _("starting..."));
		return;
	}
	if (y >= body.y && y + r.h <= ybot)
		demo_draw(d, c, r);
	else
		draw_clipped(d, c, r, body.y, ybot);
}

/* Draws every demo with a row on screen. */
void
embed_draw(const struct embed *e, const struct rows *r, int top,
    struct canvas *c, struct rect body)
{
	/* Demos partly above the top still show their visible rows. */
	for (int i = top - LAYOUT_DEMO_ROWS; i < top + body.h; i++) {
		int b;

		if (i < 0 || i >= r->n || (b = r->v[i].demo) < 0 ||
		    (size_t)b >= e->n)
			continue;
		draw_one(e->v[b], e->unreadable[b], c, body.x, body.y + i - top,
		    body.w, body);
	}
}

/* The demo keys act on. */
struct demo *
embed_in_view(const struct embed *e, const struct rows *r, int focus,
    int top, int h)
{
	struct demo *best = NULL;
	int most = 0;

	if (focus >= 0 && focus < r->ntargets &&
	    r->targets[focus].kind != ROW_LINK &&
	    e->v[r->targets[focus].block] != NULL)
		return e->v[r->targets[focus].block];
	/* Else the one most of whose area is on screen, the first of those. */
	for (int i = top - LAYOUT_DEMO_ROWS + 1; i < top + h; i++) {
		int b, lo, hi;

		if (i < 0 || i >= r->n || (b = r->v[i].demo) < 0 ||
		    e->v[b] == NULL)
			continue;
		lo = i > top ? i : top;
		hi = i + LAYOUT_DEMO_ROWS < top + h ? i + LAYOUT_DEMO_ROWS :
		    top + h;
		if (hi - lo > most) {
			most = hi - lo;
			best = e->v[b];
		}
	}
	return best;
}

/* Full screen for a demo that stays owned by its slot. */
static void
fs_draw(void *self, struct canvas *c, struct rect r)
{
	demo_draw(self, c, r);
}

/*
 * Keys of the full-screen demo: q and esc close the demo's help box if
 * it is open (only the topmost box), else go back to the lesson.
 */
static int
fs_key(void *self, int key)
{
	int f;

	if (key == 'q' || key == 'Q' || key == APP_KEY_ESC) {
		f = demo_key(self, key);
		return (f & APP_REDRAW) ? f : APP_POP;
	}
	f = demo_key(self, key);
	return f == APP_IGNORED ? APP_HANDLED : f;
}

/* Animates the full-screen demo. */
static int
fs_tick(void *self, uint64_t now)
{
	return demo_tick(self, now);
}

static const struct app_screen_ops fullscreen_ops = {
	.name = "demo-fullscreen",
	.draw = fs_draw,
	.key = fs_key,
	.tick = fs_tick,
	.leave = NULL,
};

/* Shows a demo full screen. */
void
embed_fullscreen(struct app *app, struct demo *d)
{
	app_push(app, &fullscreen_ops, d);
}
