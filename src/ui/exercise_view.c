/*
 * exercise_view.c - the exercise screen: goal, the learner's file, and a
 * verdict that follows every save.
 *
 * The file's folder is watched (watch.c); a save starts a grading on a
 * thread of its own (exercise/'s run and judge, the same calls as
 * `exercise --check`), so the screen keeps answering keys while the
 * program runs, and a save during a run ends that run and starts again
 * on the new text. The starter's baseline is measured (or read from its
 * cache) once, on the first grading that needs it. Each finished grading
 * is recorded in progress as an attempt, done when it passed. "e" hands
 * the terminal to $VISUAL or $EDITOR (vi by default), started with
 * fork/exec and never through a shell.
 *
 * The program's lanes (its threads, processes and asyncio tasks, and
 * what each was doing) are drawn live while it runs, by timeline.c as
 * the live trace view draws them, and the whole run's stay above the
 * verdict once it is over. The grading thread owns the log (it polls it
 * between draining the program's output); the screen reads it through
 * an exercise_live, which it only ever tries to lock: while the run
 * holds it (ending the program takes a moment), the screen shows the
 * lanes it drew last, kept in a canvas of their own.
 *
 * The program's output is shown escaped: a learner's print of a control
 * sequence cannot move the cursor or repaint the screen.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/work.h"
#include "exercise/exercise.h"
#include "i18n.h"
#include "trace/clock.h"
#include "trace/log.h"
#include "ui/app.h"
#include "ui/exercise_verdict.h"
#include "ui/exercise_view.h"
#include "ui/keys.h"
#include "ui/term.h"
#include "ui/timeline.h"
#include "ui/watch.h"
#include "util.h"

/* Bytes of a solution the screen reads at most (a lesson's programs are
 * at most 64 KiB). */
#define EXV_SOLUTION_MAX	(64 * 1024)
/* Words an $EDITOR command line may have. */
#define EXV_EDITOR_ARGS	16
/* Rows of the lanes' picture: what it gets at least when the verdict is
 * short of room, and at most however many lanes there are (more are
 * summed up as "+N more" by the timeline). */
#define EXV_LANES_MIN	5
#define EXV_LANES_MAX	10
/* Rows the verdict keeps however many the lanes want: its line and the
 * first two below it. */
#define EXV_VERDICT_MIN	3
/* How often the live lanes are drawn again while a program runs. */
#define EXV_FRAME_NS	100000000ull

enum exv_state {
	EXV_WAITING,		/* no grading yet: waiting for a save */
	EXV_RUNNING,		/* a grading is under way */
	EXV_DONE,		/* res holds the last verdict */
	EXV_ERROR		/* the last grading could not run: notice */
};

struct exview {
	const struct lesson_exercise *ex;
	char			*path;
	struct watch		*watch;
	enum exv_state		 state;
	struct exercise_result	 res;		/* the last verdict */
	bool			 have_res;
	char			*notice;	/* a message for the learner */
	int			 hints;		/* hints revealed */
	char			*solution;	/* its text, once asked for after
					   a failed attempt; NULL before */
	bool			 show_solution;
	int			 attempts;	/* gradings finished here */
	bool			 help;		/* the keys box is open */
	uint64_t		 started_ns;	/* of the running grading */
	int			 shown_s;	/* seconds drawn while running */
	uint64_t		 drawn_ns;	/* last live frame asked for */
	bool			 pending;	/* saved again during a run */

	/*
	 * The runs' lanes: the newest run's trace and log (the grading
	 * thread's while it runs), the view timeline.c draws them with, and
	 * the last picture drawn, shown again when the log is busy.
	 */
	struct exercise_live	 live;
	struct timeline_view	 view;
	struct canvas		*lanes;
	bool			 lanes_ok;	/* `lanes` holds a picture */
	int			 lanes_need;	/* rows for every lane */
	int			 lanes_want;	/* ... and the CPU rows */
	uint64_t		 span_ns;	/* of the last finished run: the
					   scale of the next one's picture */

	/* The grading thread and what it hands back. */
	pthread_t		 th;
	bool			 th_live;
	_Atomic int		 stop;		/* ends the run in progress */
	_Atomic int		 finished;	/* the thread has its answer */
	_Atomic int		 measuring;	/* it is on the starter */
	struct exercise_result	 work;
	int			 work_rc;
	char			*work_cause;
	struct exercise_run	 starter;	/* the baseline, once had */
	bool			 have_starter;
};

/* The grading thread: the starter's baseline when needed, then the file. */
static void *
exv_grade(void *arg)
{
	struct exview *v = arg;
	bool need = exercise_needs_starter(v->ex), cached;

	v->work_rc = 0;
	if (need && !v->have_starter) {
		atomic_store(&v->measuring, 1);
		memset(&v->starter, 0, sizeof v->starter);
		if (exercise_starter_run(v->ex, &v->stop, &v->live,
		    &v->starter, &cached, &v->work_cause) != 0)
			v->work_rc = -1;
		else if (v->starter.interrupted)
			/* Ended by a newer save: measured again next time. */
			exercise_run_release(&v->starter);
		else
			v->have_starter = true;
		atomic_store(&v->measuring, 0);
	}
	if (v->work_rc == 0 && need && !v->have_starter)
		v->work.run.interrupted = true;	/* nothing to compare with */
	else if (v->work_rc == 0 && exercise_check(v->ex, v->path, need ?
	    &v->starter : NULL, &v->stop, &v->live, &v->work,
	    &v->work_cause) != 0)
		v->work_rc = -1;
	atomic_store(&v->finished, 1);
	return NULL;
}

/* Starts a grading of the file as it is now. */
static void
exv_start(struct exview *v)
{
	memset(&v->work, 0, sizeof v->work);
	v->work_cause = NULL;
	atomic_store(&v->stop, 0);
	atomic_store(&v->finished, 0);
	v->pending = false;
	if (pthread_create(&v->th, NULL, exv_grade, v) != 0) {
		free(v->notice);
		xasprintf(&v->notice, _("cannot start the grading: %s"),
		    strerror(errno));
		v->state = EXV_ERROR;
		return;
	}
	v->th_live = true;
	v->state = EXV_RUNNING;
	v->started_ns = clock_now_ns();
	v->shown_s = -1;
}

/*
 * Takes a finished grading back: its verdict shown and recorded, or its
 * error as the notice. A run ended by a newer save is dropped.
 */
static void
exv_collect(struct exview *v)
{
	char *cause = NULL;

	pthread_join(v->th, NULL);
	v->th_live = false;
	if (v->work_rc != 0) {
		free(v->notice);
		v->notice = v->work_cause;
		v->work_cause = NULL;
		v->state = EXV_ERROR;
		return;
	}
	if (v->work.run.interrupted) {
		exercise_result_release(&v->work);
		v->state = v->have_res ? EXV_DONE : EXV_WAITING;
		return;
	}
	if (v->have_res)
		exercise_result_release(&v->res);
	v->res = v->work;
	v->have_res = true;
	memset(&v->work, 0, sizeof v->work);
	v->state = EXV_DONE;
	v->attempts++;
	/* A failure shows the first hint unasked; h shows the others. */
	if (v->res.verdict == EXERCISE_FAILS && v->hints == 0 &&
	    v->ex->nhints > 0)
		v->hints = 1;
	free(v->notice);
	v->notice = NULL;
	if (exercise_record_attempt(v->ex->id, v->res.verdict ==
	    EXERCISE_PASSES, v->hints, &cause) != 0) {
		xasprintf(&v->notice, _("progress not saved: %s"), cause);
		free(cause);
	}
}

/* Ends a grading in progress and waits for its thread. */
static void
exv_stop(struct exview *v)
{
	if (!v->th_live)
		return;
	atomic_store(&v->stop, 1);
	pthread_join(v->th, NULL);
	v->th_live = false;
	exercise_result_release(&v->work);
	free(v->work_cause);
	v->work_cause = NULL;
}

/* Polls the watch and the grading thread. */
static int
exv_tick(void *self, uint64_t now_ns)
{
	struct exview *v = self;
	int flags = 0, s;

	if (watch_fired(v->watch)) {
		if (v->th_live) {
			/* The run in progress is of an old text. */
			atomic_store(&v->stop, 1);
			v->pending = true;
		} else
			exv_start(v);
		flags |= APP_REDRAW;
	}
	if (v->th_live && atomic_load(&v->finished)) {
		bool again = v->pending;

		exv_collect(v);
		if (again)
			exv_start(v);
		flags |= APP_REDRAW;
	}
	if (v->state == EXV_RUNNING) {
		s = (int)((now_ns - v->started_ns) / 1000000000u);
		if (s != v->shown_s) {
			v->shown_s = s;
			flags |= APP_REDRAW;
		}
		/* The lanes move: frames keep coming while it runs. */
		flags |= APP_ANIMATE;
		if (now_ns - v->drawn_ns >= EXV_FRAME_NS) {
			v->drawn_ns = now_ns;
			flags |= APP_REDRAW;
		}
	}
	return flags;
}

/*
 * The newest run's lanes, `h` rows from row y, drawn by timeline.c as
 * the live trace view draws a traced program: live while it runs (to
 * the scale of the run before, so the bars grow rather than shrink),
 * the whole run once it is over. Drawn into the screen's canvas of lanes
 * and copied from there; when the grading thread holds the log, the
 * last picture is copied as it is. With `c` NULL, only the rows it
 * wants are worked out: `lanes_need` for every lane, its lock rows, the
 * axis and the legend, `lanes_want` with the CPU rows too.
 */
static void
exv_lanes(struct exview *v, struct canvas *c, struct rect r, int y, int h)
{
	struct canvas *lc = v->lanes;
	const struct log *lg;

	if (!exercise_live_trylock(&v->live))
		goto show;
	lg = v->live.log;
	if (lg == NULL || lg->nlanes == 0) {
		v->lanes_ok = false;
		v->lanes_need = v->lanes_want = 0;
	} else if (c == NULL) {
		/* timeline_rows counts a cursor's line too: none here. */
		v->lanes_want = timeline_rows(lg, v->view.ncpus) - 1;
		v->lanes_need = lg->nlanes + (lg->nholds > 0 ? 2 : 0) + 3;
	} else {
		uint64_t origin = v->live.start_ns, now = v->live.end_ns;

		if (now == 0)
			now = clock_now_ns();
		if (lc->w != r.w || lc->h != h)
			canvas_resize(lc, r.w, h);
		else
			canvas_clear(lc);
		lc->unicode = c->unicode;
		lc->color = c->color;
		lc->patterns = c->patterns;
		v->view.follow = true;
		v->view.ns_per_col = 0;
		v->view.fit_ns = v->live.end_ns != 0 ? now - origin :
		    v->span_ns;
		if (v->live.end_ns != 0)
			v->span_ns = now - origin;
		timeline_draw(lc, (struct rect){ 1, 0, r.w - 2, h }, lg,
		    origin, now, &v->view);
		v->lanes_ok = true;
	}
	exercise_live_unlock(&v->live);
show:
	if (c != NULL && v->lanes_ok && lc->w == r.w && lc->h == h)
		canvas_copy(c, r.x, y, lc);
}

/* `n` within EXV_LANES_MIN..EXV_LANES_MAX (0 stays 0: no lanes). */
static int
exv_lanes_clamp(int n)
{
	if (n <= 0)
		return 0;
	return n < EXV_LANES_MIN ? EXV_LANES_MIN : n > EXV_LANES_MAX ?
	    EXV_LANES_MAX : n;
}

/*
 * A run's part of the screen from row y to `bottom`: the lanes above,
 * then (with `head` before it, when not NULL) the verdict in `v->res`
 * when there is one. Every lane gets a row (up to EXV_LANES_MAX rows)
 * when the verdict fits beside them in one of its forms (the roomiest
 * that does); else the verdict takes its least room and the lanes the
 * rest, at least EXV_LANES_MIN rows (the timeline sums up the lanes
 * without a row as "+N more"). Rows to spare go to the lanes again, up
 * to all they and the CPU rows want.
 */
static void
exv_draw_run(struct exview *v, struct canvas *c, struct rect r, int y,
    int bottom, const char *head)
{
	const struct exv_form *f = &exv_forms[0];
	int room = bottom - y, lanes, need, want, rows = 0;

	exv_lanes(v, NULL, r, y, 0);
	need = exv_lanes_clamp(v->lanes_need);
	want = v->lanes_want > need ? v->lanes_want : need;
	lanes = need;
	if (v->have_res) {
		room -= head != NULL;
		for (size_t i = 0; i < EXV_NFORMS; i++) {
			f = &exv_forms[i];
			rows = exv_result_rows(&v->res, r.w, f);
			if (room - need >= rows)
				break;
		}
		if (room - lanes < rows && lanes > 0)
			lanes = room - rows;
		/* Too few rows for a picture: the verdict's first lines
		 * come first. */
		if (need > 0 && lanes < EXV_LANES_MIN)
			lanes = room - EXV_LANES_MIN >= EXV_VERDICT_MIN ?
			    EXV_LANES_MIN : 0;
	}
	if (room - rows > lanes)
		lanes = room - rows < want ? room - rows : want;
	if (lanes > room)
		lanes = room > 0 ? room : 0;
	if (lanes > 0)
		exv_lanes(v, c, r, y, lanes);
	else if (need > 0)
		/* Said, not left out unseen. */
		canvas_text_fit(c, r.x + 1, y, r.w - 2, CS_DIM, _("no room for "
		    "the lanes here (a taller terminal shows them)"));
	else if (v->state == EXV_RUNNING)
		/* The program has not shown a thread yet. */
		canvas_text(c, r.x + 1, y, r.w - 2, CS_DIM, _("starting the "
		    "program…"));
	y += lanes > 0 ? lanes : need > 0 || v->state == EXV_RUNNING;
	if (!v->have_res || y >= bottom)
		return;
	if (head != NULL)
		canvas_text_fit(c, r.x + 1, y++, r.w - 2, CS_DIM, head);
	exv_draw_result(v->ex, &v->res, v->attempts, c, r, y, bottom, f);
}

/* Lines the hints take: each revealed one, and what h will do. */
static int
exv_draw_hints(struct exview *v, struct canvas *c, struct rect r, int y)
{
	for (int i = 0; i < v->hints && i < v->ex->nhints; i++) {
		char head[64];
		int hw;

		snprintf(head, sizeof head, _("Hint %d of %d: "), i + 1,
		    v->ex->nhints);
		hw = canvas_text(c, r.x + 1, y, r.w - 2, CS_TITLE, head);
		y += exv_wrap(c, r.x + 1 + hw, y, r.w - 2 - hw, 2, CS_TEXT,
		    v->ex->hints[i]);
	}
	return y;
}

/* The solution's lines from row y, as many as fit above `bottom`. */
static void
exv_draw_solution(struct exview *v, struct canvas *c, struct rect r, int y,
    int bottom)
{
	const char *p = v->solution;

	canvas_text(c, r.x + 1, y++, r.w - 2, CS_TITLE, _("A solution (s "
	    "hides it; the whole file is beside the lesson):"));
	while (*p != '\0' && y < bottom) {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, n);

		if (line == NULL)
			fatal("out of memory");
		canvas_text_fit(c, r.x + 3, y++, r.w - 4, CS_TEXT, line);
		free(line);
		p += n + (nl != NULL);
	}
}

static const struct key_row *exv_keydefs(void);

static void
exv_draw(void *self, struct canvas *c, struct rect r)
{
	struct exview *v = self;
	char hints[256] = "";
	int y = r.y, bottom = r.y + r.h - 2, hinth, hw;

	canvas_printf(c, r.x + 1, y++, r.w - 2, CS_TITLE, _("Exercise %s"),
	    v->ex->id);
	y += exv_wrap(c, r.x + 1, y, r.w - 2, 3, CS_TEXT, v->ex->goal ?
	    v->ex->goal : "");
	/* The path whole, after its label when both fit on a line, else on
	 * a line of its own: the learner may need all of it. */
	hw = canvas_text(c, r.x + 1, y, r.w - 2, CS_DIM, _("Your file:"));
	if (hw + 1 + canvas_width(v->path) <= r.w - 2)
		canvas_text(c, r.x + 2 + hw, y, r.w - 3 - hw, CS_TEXT,
		    v->path);
	else
		canvas_text_fit(c, r.x + 3, ++y, r.w - 4, CS_TEXT, v->path);
	y++;
	/* Room for the hints at the bottom, above the notice line. */
	hinth = v->hints > 0 ? 2 * v->hints : 0;
	if (hinth > (bottom - y) / 2)
		hinth = (bottom - y) / 2;
	if (v->show_solution && v->solution != NULL) {
		exv_draw_solution(v, c, r, y, bottom - hinth);
	} else switch (v->state) {
	case EXV_WAITING:
		y += exv_wrap(c, r.x + 1, y, r.w - 2, 3, CS_TEXT, _("Edit the "
		    "file (e, or in another window) and save it: it is run "
		    "and graded on every save. r grades it now."));
		break;
	case EXV_RUNNING:
		canvas_printf(c, r.x + 1, y++, r.w - 2, CS_WARN,
		    atomic_load(&v->measuring) ? _("running… measuring the "
		    "starter first (%d s)") : _("running… (%d s)"),
		    v->shown_s < 0 ? 0 : v->shown_s);
		exv_draw_run(v, c, r, y, bottom - hinth,
		    _("the last verdict, until this run ends:"));
		break;
	case EXV_DONE:
		exv_draw_run(v, c, r, y, bottom - hinth, NULL);
		break;
	case EXV_ERROR:
		break;
	}
	if (v->hints > 0)
		exv_draw_hints(v, c, r, bottom - hinth);
	if (v->notice != NULL)
		canvas_text_fit(c, r.x + 1, r.y + r.h - 2, r.w - 2, CS_WARN,
		    v->notice);
	keys_hints(exv_keydefs(), 0, 0, 0, false, KEYS_HINT_BAR, hints,
	    sizeof hints);
	canvas_text_fit(c, r.x + 1, r.y + r.h - 1, r.w - 2, CS_DIM, hints);
	if (v->help) {
		struct key_help help = { 0 };

		keys_help_add(&help, exv_keydefs(), 0, 0);
		keys_help_draw(&help, _("Keys"), c, r);
	}
}

/*
 * Splits an $EDITOR value into words, without a shell: "code -w" is a
 * program and its option, and no character in it is special.
 */
static int
exv_editor_argv(char *cmd, char **argv, int max)
{
	int n = 0;
	char *save = NULL;

	for (char *w = strtok_r(cmd, " \t", &save); w != NULL && n < max - 2;
	    w = strtok_r(NULL, " \t", &save))
		argv[n++] = w;
	return n;
}

/* e: the learner's editor on the file, with the terminal handed over. */
static int
act_edit(void *self, int key)
{
	struct exview *v = self;
	const char *env = getenv("VISUAL");
	char *cmd, *argv[EXV_EDITOR_ARGS];
	int n, status;
	pid_t pid;

	(void)key;
	if (env == NULL || *env == '\0')
		env = getenv("EDITOR");
	cmd = xstrdup(env != NULL && *env != '\0' ? env : "vi");
	if ((n = exv_editor_argv(cmd, argv, EXV_EDITOR_ARGS)) == 0) {
		free(cmd);
		return APP_HANDLED;
	}
	argv[n++] = v->path;
	argv[n] = NULL;
	term_suspend();
	if ((pid = fork()) == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	term_resume();
	free(v->notice);
	v->notice = NULL;
	if (pid < 0 || (WIFEXITED(status) && WEXITSTATUS(status) == 127))
		xasprintf(&v->notice, _("could not start the editor '%s' (set "
		    "VISUAL or EDITOR)"), argv[0]);
	free(cmd);
	return APP_REDRAW;
}

/* r: grade the file now, without waiting for a save. */
static int
act_run(void *self, int key)
{
	struct exview *v = self;

	(void)key;
	if (v->th_live) {
		atomic_store(&v->stop, 1);
		v->pending = true;
	} else
		exv_start(v);
	return APP_REDRAW;
}

/* h: the next hint. */
static int
act_hint(void *self, int key)
{
	struct exview *v = self;

	(void)key;
	free(v->notice);
	v->notice = NULL;
	if (v->hints < v->ex->nhints)
		v->hints++;
	else
		v->notice = xstrdup(v->ex->nhints == 0 ? _("this exercise has "
		    "no hints") : _("no more hints"));
	return APP_REDRAW;
}

/*
 * s: a solution, shown only on request and only after an attempt that
 * failed (the learner tried first); s again hides it.
 */
static int
act_solution(void *self, int key)
{
	struct exview *v = self;
	FILE *f;

	(void)key;
	free(v->notice);
	v->notice = NULL;
	if (v->show_solution) {
		v->show_solution = false;
		return APP_REDRAW;
	}
	if (!v->have_res || v->res.verdict != EXERCISE_FAILS) {
		v->notice = xstrdup(_("a solution is shown after an attempt "
		    "that failed: try first"));
		return APP_REDRAW;
	}
	if (v->solution == NULL && v->ex->solution_path != NULL &&
	    (f = fopen(v->ex->solution_path, "r")) != NULL) {
		char *text = xmalloc(EXV_SOLUTION_MAX + 1);
		size_t n = fread(text, 1, EXV_SOLUTION_MAX, f);

		text[n] = '\0';
		fclose(f);
		v->solution = text;
	}
	if (v->solution == NULL) {
		v->notice = xstrdup(_("this exercise has no solution to show"));
		return APP_REDRAW;
	}
	v->show_solution = true;
	return APP_REDRAW;
}

static int
act_help(void *self, int key)
{
	struct exview *v = self;

	(void)key;
	v->help = true;
	return APP_REDRAW;
}

static int
act_quit(void *self, int key)
{
	(void)self;
	(void)key;
	/* Back to the lesson it was opened from, or out of the program. */
	return APP_POP;
}

/* The screen's keys, in the order its keys box lists them. */
static const struct key_row exv_keys[] = {
	{ { 'e' }, 0, 0, "e", N_("edit your file ($VISUAL, $EDITOR or vi)"),
	    N_("edit"), NULL, NULL, 0, act_edit },
	{ { 'r' }, 0, 0, "r", N_("run and grade it now"), N_("grade"), NULL,
	    NULL, 0, act_run },
	{ { 'h' }, 0, 0, "h", N_("show the next hint"), N_("hint"), NULL,
	    NULL, 0, act_hint },
	{ { 's' }, 0, 0, "s", N_("show a solution (after a failed attempt)"),
	    N_("solution"), NULL, NULL, 0, act_solution },
	{ { '?', APP_KEY_F1 }, 0, 0, "?", N_("this list of keys"),
	    N_("keys"), NULL, NULL, 0, act_help },
	{ { 'q', 'Q', APP_KEY_ESC }, 0, 0, N_("q esc"), N_("back, quit"),
	    N_("back"), NULL, "q", 0, act_quit },
	{ { 0 }, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL }
};

static const struct key_row *
exv_keydefs(void)
{
	return exv_keys;
}

static int
exv_key(void *self, int key)
{
	struct exview *v = self;

	if (v->help) {
		/* With the keys box open, any key closes it. */
		v->help = false;
		return APP_REDRAW;
	}
	return keys_dispatch(exv_keys, 0, v, key);
}

/* Leaving the screen ends the run in progress and frees it all. */
static void
exv_leave(void *self)
{
	struct exview *v = self;

	exv_stop(v);
	exercise_live_release(&v->live);
	canvas_free(v->lanes);
	watch_free(v->watch);
	if (v->have_res)
		exercise_result_release(&v->res);
	if (v->have_starter)
		exercise_run_release(&v->starter);
	free(v->notice);
	free(v->solution);
	free(v->path);
	free(v);
}

const struct app_screen_ops exercise_view_ops = {
	"exercise", exv_draw, exv_key, exv_tick, exv_leave
};

struct exview *
exercise_view_new(const struct lesson_exercise *ex, const char *path,
    char **cause)
{
	struct exview *v = xcalloc(1, sizeof *v);

	v->ex = ex;
	v->path = xstrdup(path);
	if ((v->watch = watch_new(path, cause)) == NULL) {
		free(v->path);
		free(v);
		return NULL;
	}
	exercise_live_init(&v->live);
	v->lanes = canvas_new(0, 0);
	timeline_view_init(&v->view);
	v->view.ncpus = work_online_cpus();
	/* A traced program's lock waits are GIL waits (demo_new_trace). */
	v->view.any_lock = false;
	/* The lanes are what the learner made: they come before the CPUs. */
	v->view.lanes_first = true;
	return v;
}

int
exercise_view_push(struct app *app, const struct lesson_exercise *ex,
    const char *lang, char **cause)
{
	struct exview *v;
	char *path;
	bool created;

	if ((path = exercise_workspace(lang, ex->id)) == NULL) {
		xasprintf(cause, "%s", _("no place for the workspace (set HOME "
		    "or XDG_DATA_HOME)"));
		return -1;
	}
	if (ex->starter_path == NULL) {
		xasprintf(cause, "%s", _("the starter is missing"));
		free(path);
		return -1;
	}
	if (exercise_workspace_create(path, ex->starter_path, &created,
	    cause) != 0 || (v = exercise_view_new(ex, path, cause)) == NULL) {
		free(path);
		return -1;
	}
	free(path);
	app_push(app, &exercise_view_ops, v);
	return 0;
}

int
exercise_view_run(const struct lesson_exercise *ex, const char *path,
    char **cause)
{
	struct exview *v;
	struct app *app;
	int rc;

	if ((v = exercise_view_new(ex, path, cause)) == NULL)
		return -1;
	if ((app = app_new(cause)) == NULL) {
		exv_leave(v);
		return -1;
	}
	app_push(app, &exercise_view_ops, v);
	rc = app_run(app);
	app_free(app);		/* and with it the screen's leave */
	return rc;
}
