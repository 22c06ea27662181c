/*
 * summary.c - the report of a traced program.
 *
 * The JSON keys follow `timeslice run --format json` so that one script
 * can read both; what only a trace has (the command, the pid, the locks
 * told apart, the sampler's own cost) comes as extra keys.
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "sampler/summary.h"
#include "trace/export.h"
#include "util.h"

/* The signals a program commonly dies of, by name. */
static const struct {
	int		 sig;
	const char	*name;
} signal_names[] = {
	{ SIGHUP, "SIGHUP" }, { SIGINT, "SIGINT" }, { SIGQUIT, "SIGQUIT" },
	{ SIGILL, "SIGILL" }, { SIGTRAP, "SIGTRAP" }, { SIGABRT, "SIGABRT" },
	{ SIGBUS, "SIGBUS" }, { SIGFPE, "SIGFPE" }, { SIGKILL, "SIGKILL" },
	{ SIGUSR1, "SIGUSR1" }, { SIGSEGV, "SIGSEGV" }, { SIGUSR2, "SIGUSR2" },
	{ SIGPIPE, "SIGPIPE" }, { SIGALRM, "SIGALRM" }, { SIGTERM, "SIGTERM" },
	{ SIGSTOP, "SIGSTOP" }, { SIGTSTP, "SIGTSTP" }, { SIGTTIN, "SIGTTIN" },
	{ SIGTTOU, "SIGTTOU" }, { SIGXCPU, "SIGXCPU" }, { SIGXFSZ, "SIGXFSZ" },
	{ SIGSYS, "SIGSYS" },
};

const char *
summary_signal_name(int sig)
{
	for (size_t i = 0; i < sizeof signal_names / sizeof signal_names[0];
	    i++)
		if (signal_names[i].sig == sig)
			return signal_names[i].name;
	return "signal";
}

void
summary_ending(const struct tracerun *tr, char *buf, size_t len)
{
	if (tr->exit_status < 0)
		snprintf(buf, len, "%s", "");
	else if (tr->signal > 0)
		snprintf(buf, len, _("was killed by signal %d (%s)"), tr->signal,
		    summary_signal_name(tr->signal));
	else
		snprintf(buf, len, _("exited with status %d"), tr->exit_status);
}

/* Nanoseconds as milliseconds. */
static double
ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

void
summary_compute(struct tracerun *tr)
{
	struct log *lg = tr->log;

	for (int i = 0; i < lg->nlanes; i++)
		stats_lane(lg, i, tr->end_ns, &tr->lanes[i]);
	stats_lock(lg, &tr->lock);
	tr->has_lock = tr->lock.holds > 0;
	for (int i = 0; i < lg->nlanes; i++)
		if (tr->lanes[i].lock_waits > 0)
			tr->has_lock = true;
	sampler_figures(tr->sampler, &tr->fig);
	tr->dropped = trace_dropped(tr->trace);
}

/* Samples per second the sampler actually took. */
static double
effective_rate(const struct tracerun *tr)
{
	const struct sampler_figures *f = &tr->fig;

	if (f->rounds < 2 || f->last_ns <= f->first_ns)
		return 0;
	return (double)(f->rounds - 1) * 1e9 / (double)(f->last_ns -
	    f->first_ns);
}

/* The program's wall time, from exec to its end. */
static double
wall_ns(const struct tracerun *tr)
{
	return tr->end_ns > tr->start_ns ? (double)(tr->end_ns - tr->start_ns) :
	    0;
}

void
summary_json(FILE *f, const struct tracerun *tr)
{
	struct sampler_lock locks[SAMPLER_MAX_LOCKS];
	int nlocks = sampler_locks(tr->sampler, locks, SAMPLER_MAX_LOCKS);
	double wall = wall_ns(tr);

	fputs("{\"scenario\":\"trace\",\"command\":[", f);
	for (int i = 0; tr->argv != NULL && tr->argv[i] != NULL; i++) {
		if (i)
			fputc(',', f);
		json_string(f, tr->argv[i]);
	}
	fputs("],\"params\":{\"rate_hz\":", f);
	json_number(f, tr->rate_hz);
	fputs(",\"effective_rate_hz\":", f);
	json_number(f, effective_rate(tr));
	fprintf(f, ",\"hook\":%s,\"steps\":", tr->hook ? "true" : "false");
	if (tr->steps != NULL)
		json_string(f, tr->steps);
	else
		fputs("null", f);
	fprintf(f, ",\"pid\":%d,\"attached\":%s}", (int)tr->pid,
	    tr->attached ? "true" : "false");
	fputs(",\"wall_ms\":", f);
	json_number(f, wall / 1e6);
	fputs(",\"cpu_ms\":", f);
	json_number(f, ms(tr->fig.cpu_ns));
	fputs(",\"baseline_wall_ms\":null,\"speedup\":null", f);
	fprintf(f, ",\"interrupted\":%s", tr->interrupted ? "true" : "false");
	if (tr->exit_status >= 0)
		fprintf(f, ",\"exit_status\":%d", tr->exit_status);
	else
		fputs(",\"exit_status\":null", f);
	if (tr->signal > 0) {
		fprintf(f, ",\"signal\":%d,\"signal_name\":", tr->signal);
		json_string(f, summary_signal_name(tr->signal));
	} else
		fputs(",\"signal\":null,\"signal_name\":null", f);
	fprintf(f, ",\"stopped\":%s", tr->stopped ? "true" : "false");
	fputs(",\"cores_free\":", f);
	json_number(f, tr->cores_free);
	fputs(",\"workers\":", f);
	json_workers(f, tr->log, tr->lanes);
	fputs(",\"lock\":", f);
	json_lock(f, &tr->lock, tr->has_lock);
	fputs(",\"locks\":[", f);
	for (int i = 0; i < nlocks; i++)
		fprintf(f, "%s{\"id\":%u,\"name\":\"%s\",\"pid\":%d,"
		    "\"futex\":\"0x%llx\",\"waits\":%llu,\"wait_samples\":%llu}",
		    i ? "," : "", locks[i].id, locks[i].gil ? "GIL" : "lock",
		    (int)locks[i].pid, (unsigned long long)locks[i].addr,
		    (unsigned long long)locks[i].waits,
		    (unsigned long long)locks[i].wait_samples);
	fputs("],\"deadlock\":null,\"metrics\":{\"cores_used\":", f);
	json_number(f, wall > 0 ? (double)tr->fig.cpu_ns / wall : 0);
	fprintf(f, ",\"rounds\":%llu,\"samples\":%llu,\"sample_us\":",
	    (unsigned long long)tr->fig.rounds,
	    (unsigned long long)tr->fig.samples);
	json_number(f, tr->fig.samples ? (double)tr->fig.sample_ns / 1e3 /
	    (double)tr->fig.samples : 0);
	fprintf(f, ",\"threads_seen\":%d,\"processes_seen\":%d,"
	    "\"tasks_seen\":%d,\"unwatched\":%d,\"unwatched_threads\":%d,"
	    "\"unwatched_processes\":%d,\"unwatched_tasks\":%d,"
	    "\"partly_visible\":%d,\"hook_lines\":%llu,"
	    "\"hook_dropped\":%llu}",
	    tr->fig.threads_seen, tr->fig.procs_seen, tr->fig.tasks_seen,
	    tr->fig.unwatched, tr->fig.unwatched_threads,
	    tr->fig.unwatched_procs, tr->fig.unwatched_tasks,
	    tr->fig.partly_visible,
	    (unsigned long long)tr->hook_lines,
	    (unsigned long long)tr->hook_dropped);
	fprintf(f, ",\"events\":%llu,\"dropped_events\":%llu,"
	    "\"disordered_events\":%d}\n", (unsigned long long)tr->log->events,
	    (unsigned long long)tr->dropped, tr->log->disorder);
}

/* The kind of a lane in the interface's words (JSON keeps the key). */
static const char *
kind_word(enum trace_kind k)
{
	switch (k) {
	case TRACE_KIND_THREAD:
		return C_("lane", "thread");
	case TRACE_KIND_PROCESS:
		return C_("lane", "process");
	case TRACE_KIND_TASK:
		return C_("lane", "task");
	default:
		return trace_kind_name(k);
	}
}

/* Writes `v` with `decimals` in a field of `w`, with the language's mark. */
static void
num_field(FILE *f, double v, int w, int decimals)
{
	char n[48];

	i18n_fpad(f, i18n_num(n, sizeof n, v, decimals), w, 1);
}

/* The table of lanes: a heading, then one line per lane. */
static void
lanes_table(FILE *f, const struct tracerun *tr)
{
	/* TRANSLATORS: headings of a trace's lanes table, at most 9 wide
	 * ("blocked ms" 10). */
	static const char *const head[] = { N_("run ms"), N_("wait ms"),
	    N_("blocked ms"), N_("io ms"), N_("ready ms"), N_("wait p50") };
	static const int w[] = { 9, 9, 10, 9, 9, 9 };

	i18n_fpad(f, _("worker"), 20, 0);
	fputc(' ', f);
	/* TRANSLATORS: a heading of a trace's lanes table, at most 7 wide:
	 * thread, process or task. */
	i18n_fpad(f, _("kind"), 7, 0);
	fputc(' ', f);
	i18n_fpad(f, "tid", 7, 1);
	for (size_t k = 0; k < sizeof head / sizeof head[0]; k++) {
		fputc(' ', f);
		i18n_fpad(f, _(head[k]), w[k], 1);
	}
	fprintf(f, "  %s\n", _("cpus"));
	for (int i = 0; i < tr->log->nlanes; i++) {
		const struct trace_lane *l = &tr->trace->lanes[i];
		const struct lane_stats *s = &tr->lanes[i];
		char cpus[64] = "", *name = util_safe_str(l->name);
		size_t n = 0;

		/* Blanks between CPUs: "0,1" would read as a decimal. */
		for (int c = 0; c < s->ncpus && n + 8 < sizeof cpus; c++)
			n += (size_t)snprintf(cpus + n, sizeof cpus - n,
			    c ? " %d" : "%d", s->cpus[c]);
		fprintf(f, "%-20.20s ", name);
		i18n_fpad(f, kind_word((enum trace_kind)l->kind), 7, 0);
		fprintf(f, " %7d", atomic_load(&((struct trace_lane *)l)->tid));
		fputc(' ', f);
		num_field(f, ms(s->state_ns[TRACE_RUN]), 9, 1);
		fputc(' ', f);
		num_field(f, ms(s->state_ns[TRACE_LOCK_WAIT]), 9, 1);
		fputc(' ', f);
		num_field(f, ms(s->state_ns[TRACE_BLOCKED]), 10, 1);
		fputc(' ', f);
		num_field(f, ms(s->state_ns[TRACE_IO]), 9, 1);
		fputc(' ', f);
		num_field(f, ms(s->state_ns[TRACE_READY]), 9, 1);
		fputc(' ', f);
		num_field(f, s->wait_p50_ms, 9, 2);
		fprintf(f, "  %s\n", cpus);
		free(name);
	}
}

/* The locks the sampler told apart, and what it cost: the last lines. */
static void
sampler_lines(FILE *f, const struct tracerun *tr)
{
	struct sampler_lock locks[SAMPLER_MAX_LOCKS];
	int nlocks = sampler_locks(tr->sampler, locks, SAMPLER_MAX_LOCKS);
	char a[32], b[32];

	if (tr->has_lock)
		fprintf(f, _("\nGIL waits: p50 %s ms, p99 %s ms; inferred GIL "
		    "holds %llu, hand-offs %llu\n"),
		    i18n_num(a, sizeof a, tr->lock.wait_p50_ms, 2),
		    i18n_num(b, sizeof b, tr->lock.wait_p99_ms, 2),
		    (unsigned long long)tr->lock.holds,
		    (unsigned long long)tr->lock.holder_changes);
	/* TRANSLATORS: a lock the sampler saw, beside "GIL". */
	int lw = i18n_width(_("lock")) > 3 ? i18n_width(_("lock")) : 3;

	for (int i = 0; i < nlocks; i++) {
		fputs("  ", f);
		i18n_fpad(f, locks[i].gil ? "GIL" : _("lock"), lw, 0);
		fprintf(f, _(" %u of pid %d (futex 0x%llx): %llu waits seen, "
		    "in %llu samples\n"), locks[i].id, (int)locks[i].pid,
		    (unsigned long long)locks[i].addr,
		    (unsigned long long)locks[i].waits,
		    (unsigned long long)locks[i].wait_samples);
	}
	fprintf(f, _("\nsampler: %llu looks at threads, %s us each; %d "
	    "threads, %d processes, %d tasks seen"), (unsigned long long)
	    tr->fig.samples, i18n_num(a, sizeof a, tr->fig.samples ?
	    (double)tr->fig.sample_ns / 1e3 / (double)tr->fig.samples : 0, 1),
	    tr->fig.threads_seen, tr->fig.procs_seen, tr->fig.tasks_seen);
	if (tr->fig.unwatched > 0)
		fprintf(f, _("; left out by the sampler's caps: %d threads, %d "
		    "processes, %d tasks"), tr->fig.unwatched_threads,
		    tr->fig.unwatched_procs, tr->fig.unwatched_tasks);
	if (tr->fig.partly_visible > 0)
		fprintf(f, _("; %d partly visible (system calls denied: lock "
		    "waits shown as I/O)"), tr->fig.partly_visible);
	if (tr->hook_dropped > 0)
		fprintf(f, _("; %llu of the hook's lines dropped (the program "
		    "wrote faster than a round reads)"),
		    (unsigned long long)tr->hook_dropped);
	fprintf(f, _("\nevents %llu, dropped %llu\n"),
	    (unsigned long long)tr->log->events,
	    (unsigned long long)tr->dropped);
}

void
summary_text(FILE *f, const struct tracerun *tr, int width)
{
	double wall = wall_ns(tr);
	char ending[128], a[32], b[32];
	int lw;

	fputs("trace:", f);
	for (int i = 0; tr->argv != NULL && tr->argv[i] != NULL; i++) {
		fputc(' ', f);
		util_fputs_safe(tr->argv[i], f);
	}
	fprintf(f, _("\npid %d, sampled at %s Hz"), (int)tr->pid,
	    i18n_num(a, sizeof a, effective_rate(tr), 0));
	fprintf(f, "%s%s\n", tr->hook ? _(", Python names") : "",
	    tr->interrupted ? _("  [interrupted]") : "");
	summary_ending(tr, ending, sizeof ending);
	if (ending[0] != '\0')
		fprintf(f, _("the program %s\n"), ending);
	if (tr->stopped)
		fprintf(f, "%s\n", _("the program was stopped (state T) during "
		    "the trace"));
	fputc('\n', f);
	export_text(f, tr->log, width);
	fputc('\n', f);
	/* The labels in a column as wide as the wider of them needs. */
	lw = i18n_width(_("wall time")) > i18n_width(_("cpu time")) ?
	    i18n_width(_("wall time")) : i18n_width(_("cpu time"));
	lw = lw < 11 ? 12 : lw + 1;
	i18n_fpad(f, _("wall time"), lw, 0);
	num_field(f, wall / 1e6, 10, 1);
	fputs(" ms\n", f);
	i18n_fpad(f, _("cpu time"), lw, 0);
	num_field(f, ms(tr->fig.cpu_ns), 10, 1);
	fputs(" ms  ", f);
	fprintf(f, _("(%s cores used, %s free)\n"), i18n_num(a, sizeof a,
	    wall > 0 ? (double)tr->fig.cpu_ns / wall : 0, 2),
	    i18n_num(b, sizeof b, tr->cores_free, 2));
	fputc('\n', f);
	lanes_table(f, tr);
	sampler_lines(f, tr);
}
