/*
 * demo.c - the live demo object: its runs, the baseline cache, the
 * playhead and the clock that moves them.
 *
 * A run is a runner thread, its trace and an experiment whose log the UI
 * thread polls. Runs being stopped wait in a short list until their
 * runner says it is done, so joining them never blocks a frame. The
 * baseline (the same work on one thread, on the same CPUs) runs after
 * the scenario has finished, never beside it, so it does not steal the
 * CPUs being measured. It is measured again after every run, never kept:
 * a baseline timed while the machine was busy, or with other parameters,
 * would make every later speedup wrong. Each run and each baseline
 * measures the cores that were free while it ran (engine/capacity.h);
 * the finished pairs of one set of parameters form a series whose
 * medians and spreads the figures show and predictions are graded on.
 *
 * What is drawn follows a playhead: time since the start of the run that
 * the picture shows. Live, it tracks the newest events; paused, it stays;
 * in slow motion it advances slower than the clock (replaying what was
 * recorded); home sends it back to zero for a replay. Drawing is in
 * demo_view.c, keys in demo_keys.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/work.h"
#include "i18n.h"
#include "ui/demo_int.h"
#include "util.h"

#define DEMO_STATS_NS 250000000ull	/* live stats refresh */
#define DEMO_MSG_NS 8000000000ull	/* messages stay this long */
/* Niceness of a demo's workers (0..19, see work_set_niceness). */
#define DEMO_WORKER_NICE 5

void
demo_msg(struct demo *d, uint8_t style, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	d->msg_style = style;
	d->msg_at = d->now;
}

/*
 * A run not started yet: its trace (rings of `ring` events), the
 * experiment its log and figures go into, the cores-free window begun.
 * NULL with *cause when the trace cannot be mapped.
 */
static struct demo_run *
run_alloc(const struct scenario *sc, const struct params *p, uint32_t ring,
    char **cause)
{
	struct demo_run *run = xcalloc(1, sizeof *run);

	if ((run->trace = trace_new(ring, cause)) == NULL) {
		free(run);
		return NULL;
	}
	run->ex = xcalloc(1, sizeof *run->ex);
	run->ex->scenario = sc;
	run->ex->params = *p;
	run->ex->trace = run->trace;
	log_init(&run->ex->log, run->trace);
	run->started_ns = clock_now_ns();
	run->ex->has_capacity = true;
	run->ex->cores_free = run->ex->baseline_cores_free = -1;
	capacity_begin(&run->cap, p->cores);
	/* Measured on the CPUs the run was given (work_pick_cpus). */
	work_picked_cpus(p->cores, &run->cap.set);
	run->ex->cpus = run->cap.ncpus;
	return run;
}

/* Frees a run that never started (its runner or tracer failed). */
static void
run_discard(struct demo_run *run)
{
	free(run->tracer);
	tail_release(&run->out);
	tail_release(&run->err);
	log_release(&run->ex->log);
	trace_free(run->trace);
	free(run->ex);
	free(run);
}

/* Starts `sc` with `p` on a runner; NULL with *cause when it cannot. */
static struct demo_run *
run_start(const struct scenario *sc, const struct params *p, bool baseline,
    char **cause)
{
	struct demo_run *run;

	/* A run limited to n cores gets the n least busy; its baseline,
	 * which follows, keeps them. */
	if (!baseline)
		work_pick_cpus(p->cores);
	run = run_alloc(sc, p, baseline ? 1024 : EXPERIMENT_RING_EVENTS,
	    cause);

	if (run == NULL)
		return NULL;
	run->baseline = baseline;
	/*
	 * The workers yield a little to the thread that draws them and reads
	 * the keyboard; a baseline gets the same niceness, so the ratios of
	 * an idle machine are unchanged.
	 */
	work_set_niceness(DEMO_WORKER_NICE);
	if (runner_start(&run->rn, sc, p, run->trace, cause) != 0) {
		run_discard(run);
		return NULL;
	}
	return run;
}

/*
 * Starts the traced program of `d` afresh, into a new trace; NULL with
 * *cause when it cannot start.
 */
static struct demo_run *
trace_run_start(struct demo *d, char **cause)
{
	struct demo_script sc = { NULL, 0, NULL };
	struct tracer_opts o = d->topts;
	struct demo_run *run;
	bool cued = d->cued;
	int rc;

	/* The host decides, now, what runs, and whether it may. */
	d->cued = false;
	if (d->prepare != NULL) {
		if ((rc = d->prepare(d->prepare_arg, cued, &sc, cause)) != 0)
			return NULL;	/* 1: waits for r, *cause NULL */
		o.script = sc.text;
		o.script_len = sc.len;
		o.script_name = sc.name;
	}
	if ((run = run_alloc(d->sc, &d->p, TRACER_RING, cause)) != NULL) {
		run->tracer = xcalloc(1, sizeof *run->tracer);
		tail_init(&run->out, TAIL_MAX);
		tail_init(&run->err, TAIL_MAX);
		if (tracer_start(run->tracer, run->trace, &o, cause) != 0) {
			run_discard(run);
			run = NULL;
		}
	}
	/* The run has its private copy: the bytes are not needed. */
	free(sc.text);
	free(sc.name);
	return run;
}

/* Whether a run's scenario or program has finished. */
static bool
run_done(struct demo_run *run)
{
	return run->tracer != NULL ? tracer_done(run->tracer) :
	    runner_done(&run->rn);
}

/* Asks a run to finish early; returns at once. */
static void
run_stop(struct demo_run *run)
{
	if (run->tracer != NULL)
		tracer_stop(run->tracer);
	else
		runner_stop(&run->rn);
}

/* Joins (if needed) and frees a run; it must be done or stopped. */
static void
run_free(struct demo_run *run)
{
	if (run == NULL)
		return;
	if (!run->joined && run->tracer != NULL)
		tracer_join(run->tracer, &run->ex->log);
	else if (!run->joined) {
		runner_join(&run->rn);
		free(run->rn.cause);
	}
	if (run->tracer != NULL) {
		tracer_release(run->tracer);
		free(run->tracer);
	}
	tail_release(&run->out);
	tail_release(&run->err);
	log_release(&run->ex->log);
	trace_free(run->trace);
	free(run->ex);
	free(run);
}

/* Asks a run to stop and parks it until its runner has finished. */
static void
run_retire(struct demo *d, struct demo_run *run)
{
	if (run == NULL)
		return;
	if (run->joined) {
		run_free(run);
		return;
	}
	run_stop(run);
	if (d->nold == DEMO_MAX_OLD) {
		/* Too many at once: wait for this one here. */
		run_free(run);
		return;
	}
	d->old[d->nold++] = run;
}

/* Collects parked runs whose runner has returned. */
static void
reap_old(struct demo *d)
{
	for (int i = 0; i < d->nold; i++)
		if (run_done(d->old[i])) {
			run_free(d->old[i]);
			d->old[i--] = d->old[--d->nold];
		}
}

/* Whether two parameter sets describe the same experiment. */
static bool
same_params(const struct params *a, const struct params *b)
{
	return params_same(a, b, 0) && a->baseline == b->baseline;
}

/* Gives the finished run its speedup from the baseline that followed it. */
static void
apply_baseline(struct demo *d, const struct demo_run *bl, uint64_t wall_ns,
    double cores_free)
{
	struct experiment *ex = d->cur->ex;

	ex->has_baseline = true;
	ex->baseline_wall_ns = wall_ns;
	ex->baseline_cores_free = cores_free;
	ex->baseline_cpu_share = experiment_baseline_share(&bl->ex->params,
	    trace_cpu_ns(bl->trace), wall_ns);
	ex->speedup = ex->wall_ns > 0 ? (double)wall_ns / (double)ex->wall_ns :
	    0;
}

/*
 * A run and its baseline are over: their figures join the series, and
 * the next run of a repeated experiment starts.
 */
static void
run_complete(struct demo *d)
{
	experiment_series_add(&d->series, d->cur->ex);
	if (d->series.runs < d->repeats && !d->cur->ex->interrupted)
		demo_restart(d);
}

/* After a run: measure its baseline, or finish it when it has none. */
static void
want_baseline(struct demo *d)
{
	const struct scenario *seq;
	struct params bp;
	char *cause = NULL;

	if (!d->p.baseline ||
	    (seq = scenario_baseline(d->sc, &d->p, &bp)) == NULL) {
		run_complete(d);
		return;
	}
	if ((d->bl = run_start(seq, &bp, true, &cause)) == NULL) {
		demo_msg(d, CS_WARN, _("no baseline: %s"), cause);
		free(cause);
		run_complete(d);
	}
}

/* Really starts a run now that no old one is in the way. */
static void
start_now(struct demo *d)
{
	char *cause = NULL;

	d->restart_pending = false;
	d->failed = false;
	d->playhead = 0;
	d->live_at = 0;
	/* A scale that holds still while the bars grow, when it is known. */
	d->est_ns = scenario_estimate_ns(d->sc, &d->p, work_online_cpus());
	if (!d->zoomed) {
		d->view.follow = true;
		d->view.ns_per_col = 0;
	}
	d->view.ncpus = work_online_cpus();
	d->why[0] = '\0';
	/* A new run: the last one's output is gone with it. */
	outpane_show(&d->pane, false);
	if (d->traced)
		d->cur = trace_run_start(d, &cause);
	else
		d->cur = run_start(d->sc, &d->p, false, &cause);
	if (d->cur == NULL && cause != NULL) {
		d->failed = true;
		snprintf(d->why, sizeof d->why, "%s", cause);
		demo_msg(d, CS_ERROR, "%s: %s", d->traced ? d->title :
		    d->sc->name, cause);
		free(cause);
	}
}

/*
 * Retires the runs in progress and starts anew at once, or on a later tick
 * when an old run is still winding down.
 */
void
demo_restart(struct demo *d)
{
	if (d->replay) {
		d->playhead = 0;
		d->paused = false;
		return;
	}
	/* Figures of other parameters must not mix with the new ones. */
	if (d->series.scenario != d->sc || !same_params(&d->series.params,
	    &d->p))
		experiment_series_init(&d->series, d->sc, &d->p);
	run_retire(d, d->cur);
	run_retire(d, d->bl);
	d->cur = d->bl = NULL;
	d->restart_pending = true;
	reap_old(d);
	if (d->nold == 0)
		start_now(d);
}

/* A demo with nothing to show yet: its clock and view set up. */
static struct demo *
demo_alloc(int flags)
{
	struct demo *d = xcalloc(1, sizeof *d);

	d->flags = flags;
	d->speed = 1.0;
	d->now = clock_now_ns();
	d->last_cpu = clock_thread_cpu_ns();
	timeline_view_init(&d->view);
	d->view.ncpus = work_online_cpus();
	return d;
}

struct demo *
demo_new(const struct scenario *sc, const struct params *p, int flags)
{
	struct demo *d = demo_alloc(flags);

	d->sc = sc;
	d->p = *p;
	if (!(flags & DEMO_NO_START))
		demo_restart(d);
	return d;
}

struct demo *
demo_new_replay(struct trace *t, struct log *lg, const char *title, int flags)
{
	struct demo *d = demo_alloc(flags | DEMO_FIXED);
	struct demo_run *run = xcalloc(1, sizeof *run);
	struct experiment *ex;

	d->replay = true;
	snprintf(d->title, sizeof d->title, _("a recorded run of %s"),
	    title != NULL && *title != '\0' ? title : _("an experiment"));
	d->replay_sc.name = "replay";
	d->replay_sc.summary = d->title;
	d->replay_sc.models = N_("exactly what was recorded");
	d->sc = &d->replay_sc;
	params_defaults(&d->p);

	/* The trace and log move in; the run is over before it is shown. */
	ex = run->ex = xcalloc(1, sizeof *run->ex);
	run->trace = t;
	run->joined = true;
	ex->scenario = d->sc;
	ex->params = d->p;
	ex->trace = t;
	ex->log = *lg;
	memset(lg, 0, sizeof *lg);
	ex->result.start_ns = log_first_ns(&ex->log);
	ex->result.end_ns = log_last_ns(&ex->log);
	run->started_ns = ex->result.start_ns;
	experiment_finish(ex);
	d->cur = run;
	return d;
}

/* Stops everything first so that the runs wind down together, then joins. */
void
demo_free(struct demo *d)
{
	if (d == NULL)
		return;
	/* Ask every run to stop first, so they wind down together. */
	if (d->cur != NULL && !d->cur->joined)
		run_stop(d->cur);
	if (d->bl != NULL && !d->bl->joined)
		run_stop(d->bl);
	run_free(d->cur);
	run_free(d->bl);
	for (int i = 0; i < d->nold; i++)
		run_free(d->old[i]);
	if (d->rec != NULL) {
		record_release(d->rec);
		free(d->rec);
	}
	for (int i = 0; d->targv != NULL && d->targv[i] != NULL; i++)
		free(d->targv[i]);
	free(d->targv);
	if (d->prepare_free != NULL)
		d->prepare_free(d->prepare_arg);
	free(d->waiting);
	outpane_release(&d->pane);
	free(d);
}

void
demo_set_prepare(struct demo *d, demo_prepare_fn prepare, void *arg,
    void (*free_arg)(void *))
{
	d->prepare = prepare;
	d->prepare_arg = arg;
	d->prepare_free = free_arg;
}

void
demo_set_waiting(struct demo *d, const char *text)
{
	free(d->waiting);
	d->waiting = text != NULL ? xstrdup(text) : NULL;
}

struct demo *
demo_new_trace(const struct tracer_opts *o, const char *title, int flags)
{
	struct demo *d = demo_alloc(flags | DEMO_FIXED);
	int n = 0;

	d->traced = true;
	d->topts = *o;
	while (o->argv != NULL && o->argv[n] != NULL)
		n++;
	d->targv = xcalloc((size_t)n + 1, sizeof *d->targv);
	for (int i = 0; i < n; i++)
		d->targv[i] = xstrdup(o->argv[i]);
	d->topts.argv = d->targv;
	/* Its output never reaches the screen raw: the pane shows it. */
	d->topts.quiet = false;
	d->topts.capture = true;
	d->topts.stdout_to_stderr = false;
	snprintf(d->title, sizeof d->title, "%s", title != NULL ? title :
	    (n > 0 ? d->targv[0] : "?"));
	d->replay_sc.name = "trace";
	d->replay_sc.summary = d->title;
	d->replay_sc.models = N_("a real program, watched from outside");
	d->sc = &d->replay_sc;
	params_defaults(&d->p);
	d->p.baseline = false;
	/* The sampler calls only GIL waits lock waits (other futex waits
	 * are "blocked"), so a traced program's waits may be named so. */
	d->view.any_lock = false;
	if (!(flags & DEMO_NO_START))
		demo_restart(d);
	return d;
}

void
demo_names_lock(struct demo *d)
{
	if (d->cur != NULL && d->cur->tracer != NULL)
		tracer_lock(d->cur->tracer);
}

void
demo_names_unlock(struct demo *d)
{
	if (d->cur != NULL && d->cur->tracer != NULL)
		tracer_unlock(d->cur->tracer);
}

struct demo *
demo_new_recording(struct recording *rec, int flags)
{
	struct demo *d;
	struct demo_run *run;
	struct experiment *ex = &rec->ex;

	if (!rec->described) {
		struct log lg = ex->log;

		d = demo_new_replay(ex->trace, &lg, rec->title, flags);
		ex->trace = NULL;
		memset(&ex->log, 0, sizeof ex->log);
		d->rec = rec;
		d->cue_pending = (flags & DEMO_NO_START) != 0;
		d->paused = d->paused || d->cue_pending;
		return d;
	}
	d = demo_alloc(flags | DEMO_FIXED);
	run = xcalloc(1, sizeof *run);
	d->replay = true;
	d->rec = rec;
	d->sc = ex->scenario;
	d->p = ex->params;
	if (rec->online_cpus > 0 && rec->model[0] != '\0')
		snprintf(d->title, sizeof d->title, _("a recorded run of %.20s "
		    "(on %d CPUs, %.40s)"), d->sc->name, rec->online_cpus,
		    rec->model);
	else
		snprintf(d->title, sizeof d->title, _("a recorded run of %s"),
		    d->sc->name);
	if (rec->caption != NULL)
		snprintf(d->caption, sizeof d->caption, "%s", rec->caption);
	if (rec->online_cpus > 0)
		d->view.ncpus = rec->online_cpus;

	/* The experiment moves in, every figure already worked out. */
	run->ex = xmalloc(sizeof *run->ex);
	*run->ex = *ex;
	run->trace = ex->trace;
	run->joined = true;
	run->started_ns = ex->result.start_ns;
	ex->trace = NULL;
	memset(&ex->log, 0, sizeof ex->log);
	d->cur = run;
	/* On cue (a presenter's lesson): nothing shows before r. */
	d->cue_pending = (flags & DEMO_NO_START) != 0;
	d->paused = d->cue_pending;
	return d;
}

void
demo_set_caption(struct demo *d, const char *caption)
{
	snprintf(d->caption, sizeof d->caption, "%s",
	    caption != NULL ? caption : "");
}

bool
demo_busy(const struct demo *d)
{
	return d->restart_pending || (d->cur != NULL && !d->cur->joined) ||
	    d->bl != NULL;
}

const struct experiment *
demo_result(const struct demo *d)
{
	if (d->cur == NULL || !d->cur->joined || d->failed)
		return NULL;
	return d->cur->ex;
}

void
demo_set_repeats(struct demo *d, int n)
{
	d->repeats = n < 1 ? 1 : n > EXPERIMENT_MAX_RUNS ?
	    EXPERIMENT_MAX_RUNS : n;
}

const struct experiment_series *
demo_series(const struct demo *d)
{
	if (d->series.runs == 0 || d->series.scenario != d->sc ||
	    !same_params(&d->series.params, &d->p))
		return NULL;
	return &d->series;
}

void
demo_hide(struct demo *d, const char *name)
{
	/* One figure of a spread gives the others away: p50 under a
	 * hidden p99 tells the answer nearly as well. */
	static const char *const spread[] = { "_p50", "_p99", "_max" };
	const size_t nspread = sizeof spread / sizeof spread[0];

	if (!demo_hides(d, name) && d->nhidden < DEMO_MAX_HIDDEN)
		snprintf(d->hidden[d->nhidden++], sizeof d->hidden[0], "%s",
		    name);
	for (size_t i = 0; i < nspread; i++) {
		const char *at = strstr(name, spread[i]);
		size_t k = strlen(spread[i]);
		char sib[sizeof d->hidden[0]];

		if (at == NULL || (at[k] != '\0' && at[k] != '_'))
			continue;
		for (size_t j = 0; j < nspread; j++) {
			snprintf(sib, sizeof sib, "%.*s%s%s", (int)(at - name),
			    name, spread[j], at + k);
			if (!demo_hides(d, sib) && d->nhidden < DEMO_MAX_HIDDEN)
				snprintf(d->hidden[d->nhidden++],
				    sizeof d->hidden[0], "%s", sib);
		}
		break;
	}
}

void
demo_reveal(struct demo *d)
{
	d->nhidden = 0;
}

bool
demo_hides(const struct demo *d, const char *name)
{
	for (int i = 0; i < d->nhidden; i++)
		if (strcmp(d->hidden[i], name) == 0)
			return true;
	return false;
}

const struct scenario *
demo_scenario(const struct demo *d)
{
	return d->sc;
}

const struct params *
demo_params(const struct demo *d)
{
	return &d->p;
}

void
demo_ui_stats(const struct demo *d, uint64_t *cpu_ns, uint64_t *wall_ns,
    uint64_t *frames)
{
	*cpu_ns = d->ui_cpu_ns;
	*wall_ns = d->ui_wall_ns;
	*frames = d->ui_frames;
}

/* Time zero of the picture: the first event, or when the run started. */
uint64_t
demo_origin_ns(const struct demo *d)
{
	uint64_t first;

	if (d->cur == NULL)
		return d->now;
	first = log_first_ns(&d->cur->ex->log);
	if (d->cur->joined && d->cur->ex->result.start_ns != 0 &&
	    (first == 0 || d->cur->ex->result.start_ns < first))
		first = d->cur->ex->result.start_ns;
	return first != 0 ? first : d->cur->started_ns;
}

/* The newest instant with data: now while running, the end once over. */
uint64_t
demo_data_end_ns(const struct demo *d)
{
	const struct experiment *ex;
	uint64_t end;

	if (d->cur == NULL)
		return d->now;
	if (!d->cur->joined)
		return d->now;
	ex = d->cur->ex;
	end = log_last_ns(&ex->log);
	if (ex->result.end_ns > end)
		end = ex->result.end_ns;
	return end;
}

/* Takes what the traced program of `run` has written since last time. */
static void
drain_output(struct demo_run *run)
{
	tail_drain(&run->out, run->tracer->spawn.out_fd);
	tail_drain(&run->err, run->tracer->spawn.err_fd);
}

/*
 * A traced program's run is over: its figures are the trace's (the CPU
 * time its threads used, the cores that were free), and the message says
 * how it ended when that is worth saying.
 */
static void
collect_traced(struct demo *d, struct demo_run *run)
{
	const struct tracerun *tr;
	struct experiment *ex = run->ex;

	tracer_join(run->tracer, &ex->log);
	run->joined = true;
	tr = &run->tracer->run;
	/* Everything it started is ended now: the pipes hold the rest. */
	drain_output(run);
	if (run->err.len > 0 || (tr->exit_status > 0 && !tr->interrupted) ||
	    (run->out.len > 0 && (d->flags & DEMO_FULLSCREEN)))
		outpane_show(&d->pane, true);
	ex->result.start_ns = tr->start_ns;
	ex->result.end_ns = tr->end_ns > tr->start_ns ? tr->end_ns :
	    tr->start_ns;
	experiment_finish(ex);
	ex->cpu_ns = tr->fig.cpu_ns;
	ex->cores_free = tr->cores_free;
	ex->interrupted = tr->interrupted;
	if (run->tracer->timed_out)
		demo_msg(d, CS_WARN, _("stopped after %.0f s: a lesson's "
		    "program may run that long at most"),
		    (double)d->topts.limit_ns / 1e9);
	else if (tr->fig.unwatched > 0 && tr->exit_status <= 0)
		/* What the sampler's caps left out is said, never hidden
		 * (a failure's status still comes first). */
		demo_msg(d, CS_WARN, _("not watched (over the sampler's "
		    "caps): %d threads, %d processes, %d tasks"),
		    tr->fig.unwatched_threads, tr->fig.unwatched_procs,
		    tr->fig.unwatched_tasks);
	else if (tr->exit_status >= 0 && !tr->interrupted) {
		char ending[128];

		summary_ending(tr, ending, sizeof ending);
		demo_msg(d, tr->exit_status == 0 ? CS_TEXT : CS_WARN,
		    _("the program %s"), ending);
	}
}

void
demo_note(struct demo *d, const char *text)
{
	demo_msg(d, CS_WARN, "%s", text);
}

int
demo_exit_status(const struct demo *d)
{
	const struct tracerun *tr;

	if (d->cur == NULL || d->cur->tracer == NULL || !d->cur->joined)
		return -1;
	tr = &d->cur->tracer->run;
	return tr->interrupted ? -1 : tr->exit_status;
}

/* Notices a finished runner: figures, baseline, or the failure. */
static void
collect_cur(struct demo *d)
{
	struct demo_run *run = d->cur;
	int rc;

	if (run == NULL || run->joined || !run_done(run))
		return;
	if (run->tracer != NULL) {
		collect_traced(d, run);
		return;
	}
	rc = runner_join(&run->rn);
	run->joined = true;
	run->ex->cores_free = capacity_end(&run->cap,
	    trace_cpu_ns(run->trace));
	run->ex->result = run->rn.result;
	if (rc != 0) {
		d->failed = true;
		demo_msg(d, CS_ERROR, "%s: %s", d->sc->name, run->rn.cause ?
		    run->rn.cause : _("the run failed"));
		free(run->rn.cause);
		run->rn.cause = NULL;
		log_poll(&run->ex->log);
		return;
	}
	experiment_finish(run->ex);
	run->ex->interrupted = trace_stopping(run->trace);
	want_baseline(d);
}

/* Notices a finished baseline and gives its figure to the run. */
static void
collect_baseline(struct demo *d)
{
	struct demo_run *bl = d->bl;
	uint64_t wall;
	double cores;
	int rc;

	if (bl == NULL || !runner_done(&bl->rn))
		return;
	rc = runner_join(&bl->rn);
	bl->joined = true;
	cores = capacity_end(&bl->cap, trace_cpu_ns(bl->trace));
	d->bl = NULL;
	if (rc != 0) {
		demo_msg(d, CS_WARN, _("no baseline: %s"), bl->rn.cause ?
		    bl->rn.cause : _("the sequential run failed"));
		free(bl->rn.cause);
		bl->rn.cause = NULL;
	} else if (d->cur != NULL && d->cur->joined && !d->failed) {
		wall = bl->rn.result.end_ns - bl->rn.result.start_ns;
		apply_baseline(d, bl, wall, cores);
	}
	if (d->cur != NULL && d->cur->joined && !d->failed)
		run_complete(d);
	run_free(bl);
}

/*
 * One step of the demo's clock: collect finished runs, drain the trace,
 * move the playhead, refresh the live figures. Never blocks on a worker.
 */
int
demo_tick(struct demo *d, uint64_t now)
{
	uint64_t dt = now > d->now ? now - d->now : 0;
	uint64_t cpu = clock_thread_cpu_ns();
	uint64_t origin, end, span;
	bool was_running = d->cur != NULL && !d->cur->joined;
	int flags = 0;

	if (was_running) {
		d->ui_cpu_ns += cpu - d->last_cpu;
		d->ui_wall_ns += dt;
	}
	d->last_cpu = cpu;
	d->now = now;
	reap_old(d);
	if (d->restart_pending && d->nold == 0)
		start_now(d);
	if (d->cur != NULL && !d->cur->joined) {
		int sig = d->cur->tracer != NULL ?
		    tracer_stopped(d->cur->tracer) : 0;

		/* Said again every tick, so it stays while it is so. */
		if (sig != 0)
			demo_msg(d, CS_WARN, _("the program is stopped (%s, "
			    "state T): a program that reads the terminal should "
			    "be traced with --format text"),
			    summary_signal_name(sig));
		log_poll(&d->cur->ex->log);
		/* Drained as often as the trace, so it never waits on a
		 * full pipe. */
		if (d->cur->tracer != NULL)
			drain_output(d->cur);
		collect_cur(d);
		flags |= APP_REDRAW;
	}
	if (d->bl != NULL) {
		collect_baseline(d);
		if (d->bl == NULL)
			flags |= APP_REDRAW;
	}

	/* The playhead. */
	origin = demo_origin_ns(d);
	end = demo_data_end_ns(d);
	span = end > origin ? end - origin : 0;
	if (!d->paused) {
		uint64_t was = d->playhead;

		if (d->speed >= 1.0 && d->playhead >= span - (span < dt ? span :
		    dt))
			d->playhead = span;	/* live: keep up exactly */
		else
			d->playhead += (uint64_t)((double)dt * d->speed);
		if (d->playhead > span)
			d->playhead = span;
		/* The frame that reaches the end must be drawn too. */
		if (d->playhead != was)
			flags |= APP_REDRAW;
	}
	if (d->playhead > span)
		d->playhead = span;

	/* Live figures a few times a second. */
	if (d->cur != NULL && !d->cur->joined && (d->live_dirty ||
	    (!d->paused && now - d->live_at >= DEMO_STATS_NS))) {
		const struct log *lg = &d->cur->ex->log;

		for (int i = 0; i < lg->nlanes; i++)
			stats_lane(lg, i, origin + d->playhead, &d->live[i]);
		d->live_events = lg->events;
		d->live_dropped = trace_dropped(d->cur->trace);
		d->live_changes = 0;
		for (size_t i = 1; i < lg->nholds; i++)
			d->live_changes += lg->holds[i].lane !=
			    lg->holds[i - 1].lane;
		d->live_at = now;
		d->live_dirty = false;
		flags |= APP_REDRAW;
	}
	if (d->msg[0] != '\0' && now - d->msg_at > DEMO_MSG_NS) {
		d->msg[0] = '\0';
		flags |= APP_REDRAW;
	}
	if (demo_busy(d) || (!d->paused && d->playhead < span))
		flags |= APP_ANIMATE;
	return flags;
}

/* Adapters for app_push. */
static void
screen_draw(void *self, struct canvas *c, struct rect r)
{
	demo_draw(self, c, r);
}

static int
screen_key(void *self, int key)
{
	return demo_key(self, key);
}

static int
screen_tick(void *self, uint64_t now)
{
	return demo_tick(self, now);
}

const struct app_screen_ops demo_screen_ops = {
	.name = "demo",
	.draw = screen_draw,
	.key = screen_key,
	.tick = screen_tick,
	.leave = NULL,
};
