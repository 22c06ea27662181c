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
	fprintf(f, ",\"hook\":%s,\"pid\":%d,\"attached\":%s}",
	    tr->hook ? "true" : "false", (int)tr->pid,
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
	    "\"tasks_seen\":%d,\"unwatched\":%d,\"partly_visible\":%d,"
	    "\"hook_lines\":%llu}",
	    tr->fig.threads_seen, tr->fig.procs_seen, tr->fig.tasks_seen,
	    tr->fig.unwatched, tr->fig.partly_visible,
	    (unsigned long long)tr->hook_lines);
	fprintf(f, ",\"events\":%llu,\"dropped_events\":%llu,"
	    "\"disordered_events\":%d}\n", (unsigned long long)tr->log->events,
	    (unsigned long long)tr->dropped, tr->log->disorder);
}

void
summary_text(FILE *f, const struct tracerun *tr, int width)
{
	struct sampler_lock locks[SAMPLER_MAX_LOCKS];
	int nlocks = sampler_locks(tr->sampler, locks, SAMPLER_MAX_LOCKS);
	double wall = wall_ns(tr);
	char ending[128];

	fputs("trace:", f);
	for (int i = 0; tr->argv != NULL && tr->argv[i] != NULL; i++) {
		fputc(' ', f);
		util_fputs_safe(tr->argv[i], f);
	}
	fprintf(f, "\npid %d, sampled at %.0f Hz%s%s\n", (int)tr->pid,
	    effective_rate(tr), tr->hook ? ", Python names" : "",
	    tr->interrupted ? "  [interrupted]" : "");
	summary_ending(tr, ending, sizeof ending);
	if (ending[0] != '\0')
		fprintf(f, _("the program %s\n"), ending);
	if (tr->stopped)
		fprintf(f, "%s\n", _("the program was stopped (state T) during "
		    "the trace"));
	fputc('\n', f);
	export_text(f, tr->log, width);
	fputc('\n', f);
	fprintf(f, "wall time   %10.1f ms\n", wall / 1e6);
	fprintf(f, "cpu time    %10.1f ms  (%.2f cores used, %.2f free)\n",
	    ms(tr->fig.cpu_ns), wall > 0 ? (double)tr->fig.cpu_ns / wall : 0,
	    tr->cores_free);
	fputc('\n', f);
	fprintf(f, "%-20s %-7s %7s %9s %9s %9s %9s %9s  %s\n", "worker", "kind",
	    "tid", "run ms", "wait ms", "io ms", "ready ms", "wait p50",
	    "cpus");
	for (int i = 0; i < tr->log->nlanes; i++) {
		const struct trace_lane *l = &tr->trace->lanes[i];
		const struct lane_stats *s = &tr->lanes[i];
		char cpus[64] = "", *name = util_safe_str(l->name);
		size_t n = 0;

		for (int c = 0; c < s->ncpus && n + 8 < sizeof cpus; c++)
			n += (size_t)snprintf(cpus + n, sizeof cpus - n,
			    c ? ",%d" : "%d", s->cpus[c]);
		fprintf(f, "%-20.20s %-7s %7d %9.1f %9.1f %9.1f %9.1f %9.2f  %s\n",
		    name, trace_kind_name((enum trace_kind)l->kind),
		    atomic_load(&((struct trace_lane *)l)->tid),
		    ms(s->state_ns[TRACE_RUN]), ms(s->state_ns[TRACE_LOCK_WAIT]),
		    ms(s->state_ns[TRACE_IO]), ms(s->state_ns[TRACE_READY]),
		    s->wait_p50_ms, cpus);
		free(name);
	}
	if (tr->has_lock)
		fprintf(f, "\nlock waits: p50 %.2f ms, p99 %.2f ms; inferred GIL "
		    "holds %llu, hand-offs %llu\n", tr->lock.wait_p50_ms,
		    tr->lock.wait_p99_ms, (unsigned long long)tr->lock.holds,
		    (unsigned long long)tr->lock.holder_changes);
	for (int i = 0; i < nlocks; i++)
		fprintf(f, "  %s %u of pid %d (futex 0x%llx): %llu waits seen, "
		    "in %llu samples\n", locks[i].gil ? "GIL " : "lock",
		    locks[i].id, (int)locks[i].pid,
		    (unsigned long long)locks[i].addr,
		    (unsigned long long)locks[i].waits,
		    (unsigned long long)locks[i].wait_samples);
	fprintf(f, "\nsampler: %llu looks at threads, %.1f us each; %d "
	    "threads, %d processes, %d tasks seen", (unsigned long long)
	    tr->fig.samples, tr->fig.samples ? (double)tr->fig.sample_ns / 1e3 /
	    (double)tr->fig.samples : 0, tr->fig.threads_seen,
	    tr->fig.procs_seen, tr->fig.tasks_seen);
	if (tr->fig.unwatched > 0)
		fprintf(f, " (%d without a lane)", tr->fig.unwatched);
	if (tr->fig.partly_visible > 0)
		fprintf(f, "; %d partly visible (system calls denied: lock "
		    "waits shown as I/O)", tr->fig.partly_visible);
	fprintf(f, "\nevents %llu, dropped %llu\n",
	    (unsigned long long)tr->log->events,
	    (unsigned long long)tr->dropped);
}
