/*
 * demo.h - a live demo: one experiment running for real, drawn as a
 * timeline with its figures beside it, and steered from the keyboard.
 *
 * A demo owns everything a run needs: the runner thread (engine/runner.h)
 * with its trace and log, the sequential baseline run that speedup is
 * measured against (measured again after every run, on the same CPUs),
 * the cores that were free while each ran, the series of finished runs
 * whose medians it shows, the timeline view state, and the live
 * statistics. It
 * draws into any rectangle of a canvas (a lesson page embeds one in a
 * box; `timeslice demo` gives it the whole screen) and never touches the
 * terminal, so it is driven the same way on screen and in tests.
 *
 * The host calls, from its one UI thread:
 *	demo_tick  before each frame: drains the trace, notices the end of
 *		   the run, starts or collects the baseline, moves the
 *		   playhead; returns APP_ANIMATE while anything moves;
 *	demo_draw  to draw into a rectangle;
 *	demo_key   with each key; returns app.h reaction flags, APP_IGNORED
 *		   for keys it does not use (so the host can use them).
 *
 * Threads: workers only record into the trace; the demo's thread reads
 * it. Restarting never waits for the old run on the UI thread: the old run
 * is asked to stop and collected by a later tick, and the new one starts
 * once it is gone. demo_free stops every run and joins every thread (and
 * so every child process, which the engines reap) before returning.
 *
 * Keys are one table (demo_keydefs, a keys.h table) that the dispatch,
 * the help box (`?`), the hint bar, the recording filter and a lesson
 * page (demo_key_inline, its KEY_INLINE rows) all read.
 */
#ifndef TIMESLICE_UI_DEMO_H
#define TIMESLICE_UI_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/experiment.h"
#include "engine/scenario.h"
#include "ui/app.h"
#include "ui/canvas.h"
#include "ui/keys.h"

/* demo_new flags. */
#define DEMO_FULLSCREEN	0x1	/* hint bar at the bottom; q quits */
#define DEMO_NO_START	0x2	/* wait for r/enter before the first run */
#define DEMO_FIXED	0x4	/* lessons: scenario keys (tab, g) disabled */

struct demo;

/*
 * Creates a demo of scenario `sc` with parameters `p` (copied) and starts
 * its first run unless DEMO_NO_START. Never fails: a run that cannot
 * start shows why in the demo's message line.
 */
struct demo	*demo_new(const struct scenario *sc, const struct params *p,
		    int flags);

/*
 * Creates a demo that shows a recorded run (see trace/load.h) instead of
 * running one: it takes over `t` and the closed log `lg` (which is left
 * empty; the caller must not release it) and plays it from the start.
 * Keys that would change the experiment only say that a recording cannot
 * change; r (and home) replay it, m slows it down, and the cursor, zoom
 * and export work as for a live run. `title` names what was recorded.
 * (Figures the slices cannot give back, such as speedup, are unknown:
 * demo_new_recording shows them all.)
 */
struct demo	*demo_new_replay(struct trace *t, struct log *lg,
		    const char *title, int flags);

/*
 * Creates a demo that shows a recording read with record_load: it takes
 * over `rec` (heap-allocated; the demo frees it) and shows the scenario,
 * parameters, caption and figures the recording describes, the same
 * figures the run showed. A recording that does not describe itself is
 * shown as demo_new_replay shows one.
 */
struct recording;
struct demo	*demo_new_recording(struct recording *rec, int flags);

/*
 * Creates a demo that traces a real program (sampler/tracer.h) instead
 * of running a scenario: each run starts `o->argv` (copied) afresh, its
 * output sent nowhere, and draws its threads, processes and tasks live;
 * r runs it again, the keys that would change an experiment say it cannot
 * change, and the figures are those a trace gives (no speedup: there is
 * no baseline; cores used instead). `title` names it in the header. A
 * program that cannot start shows why in the message line.
 */
struct tracer_opts;
struct demo	*demo_new_trace(const struct tracer_opts *o, const char *title,
		    int flags);

/*
 * The program a traced demo runs, given afresh before each run by its
 * host (demo_set_prepare): bytes, never a path, so what runs is what the
 * host checked just now. `text` and `name` are allocated; the demo frees
 * them once the run has its private copy (sampler/tracer.h).
 */
struct demo_script {
	char		*text;
	size_t		 len;
	char		*name;		/* the copy's file name */
};

/*
 * Asked before each run of a traced demo. `cued` is true when the reader
 * asked for this run with the restart key (r) on this very demo, false
 * when it starts by itself (on screen, or another key). Returns 0 with
 * *out filled: run it; 1: not without the reader's r (the demo waits,
 * showing its waiting text); -1 with *cause: it may not run (the demo
 * says why and runs nothing).
 */
typedef int	(*demo_prepare_fn)(void *arg, bool cued,
		    struct demo_script *out, char **cause);

/*
 * Gives a traced demo its host's prepare function, and `arg`, which the
 * demo frees with `free_arg` (may be NULL) when it is freed.
 */
void		 demo_set_prepare(struct demo *, demo_prepare_fn prepare,
		    void *arg, void (*free_arg)(void *));

/*
 * What a demo that has not run says where its timeline will be, instead
 * of "press r to start the run": one line per '\n'-separated line of
 * `text` (copied); NULL for the default.
 */
void		 demo_set_waiting(struct demo *, const char *text);

/*
 * Sets what the demo's host says of it (a lesson's caption), which the
 * exports written by `e` carry; NULL clears it.
 */
void		 demo_set_caption(struct demo *, const char *caption);

/* Shows a message on the demo's screen (for a while, as any message). */
void		 demo_note(struct demo *, const char *text);

/*
 * A traced program's exit status (128+N when killed by signal N) once it
 * has ended by itself; -1 while it runs, when it was stopped from the
 * view, or for a demo that traces nothing.
 */
int		 demo_exit_status(const struct demo *);

/* Stops the runs, joins every thread, frees everything. */
void		 demo_free(struct demo *);

/* Advances the demo to `now_ns` (CLOCK_MONOTONIC). Returns APP_* flags. */
int		 demo_tick(struct demo *, uint64_t now_ns);

/* Draws the demo into `r`; the rectangle is already blank. */
void		 demo_draw(struct demo *, struct canvas *, struct rect r);

/* Reacts to a key (app.h keys). Returns APP_* flags. */
int		 demo_key(struct demo *, int key);

/*
 * A lesson page's key for the demo in view: the keys whose row is marked
 * KEY_INLINE go to demo_key, any other is APP_IGNORED (the page's own).
 */
int		 demo_key_inline(struct demo *, int key);

/* The key table (keys.h), in help order; it ends with a NULL action. */
const struct key_row *demo_keydefs(void);

/* The table of the keys while the help box is open. */
const struct key_row *demo_help_keydefs(void);

/* The KEY_* flags of `key`'s row, or 0 if the demo does not use it. */
int		 demo_key_flags(int key);

/*
 * Runs the experiment `n` times in a row (1..EXPERIMENT_MAX_RUNS), each
 * run followed by its baseline, so that a prediction is graded on the
 * medians of interleaved runs; demo_busy stays true until they are done.
 */
void		 demo_set_repeats(struct demo *, int n);

/*
 * The finished runs of the scenario and parameters in use (their number
 * in ->runs), or NULL before the first. Changing either empties it.
 */
const struct experiment_series *demo_series(const struct demo *);

/*
 * Hides figure `name` ("speedup", "wall_ms", a metric key) until
 * demo_reveal: a demo beside a prediction must not show the answer
 * before the learner has given one.
 */
void		 demo_hide(struct demo *, const char *name);
void		 demo_reveal(struct demo *);

/* (Re)starts the run with the current scenario and parameters. */
void		 demo_restart(struct demo *);

/* True while a run (or its baseline) is still going. */
bool		 demo_busy(const struct demo *);

/*
 * The figures of the last run once it has finished (speedup included
 * once the baseline is known), or NULL. Valid until the next restart.
 */
const struct experiment *demo_result(const struct demo *);

/*
 * Whether the speedup of finished run `ex` lacks the machine it needs:
 * fewer cores were free than its CPU parts can use at once (what
 * scenario_speedup_ceiling counts), or its sequential baseline had less
 * of a core than it wanted. Then `why` gets a short line for people
 * ("needs 2 cores", "sequential slow": the cores free show below it);
 * the demo marks the figure and shows the best possible one beside it.
 */
bool		 demo_speedup_short(const struct experiment *ex, char *why,
		     size_t size);

/* The scenario and parameters the demo runs now. */
const struct scenario *demo_scenario(const struct demo *);
const struct params *demo_params(const struct demo *);

/*
 * CPU time the thread calling demo_tick used (everything it did between
 * two ticks: drawing, the terminal, waiting) while a run was going, the
 * wall time that covers, and frames drawn meanwhile.
 */
void		 demo_ui_stats(const struct demo *, uint64_t *cpu_ns,
		     uint64_t *wall_ns, uint64_t *frames);

/* The demo as a full screen for app_push (self is the struct demo). */
extern const struct app_screen_ops demo_screen_ops;

#endif
