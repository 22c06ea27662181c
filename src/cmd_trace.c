/*
 * cmd_trace.c - `timeslice trace [options] -- CMD [ARGS...]`: watch a real
 * program's threads, processes and asyncio tasks.
 *
 * This thread does everything, in rounds at the sampling rate: sample the
 * program's threads, read what the Python hook reported, drain the trace
 * into the log, reap children. The rate drops by itself when a round
 * costs more than a tenth of its period, so the sampler never takes more
 * than about a tenth of one core from the program it watches. SIGINT,
 * SIGTERM and SIGHUP only set a flag; the loop then ends the program and
 * everything under it, and the report still prints.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "sampler/hook.h"
#include "sampler/proc.h"
#include "sampler/sampler.h"
#include "sampler/spawn.h"
#include "sampler/summary.h"
#include "trace/export.h"
#include "trace/log.h"
#include "util.h"

#define TRACE_RATE_MIN	1.0
#define TRACE_RATE_MAX	5000.0
#define TRACE_RING	(1u << 16)
/* A round may cost at most this share of its period. */
#define ROUND_SHARE	10
/* The slowest the sampler goes when rounds are expensive. */
#define PERIOD_MAX_NS	50000000ull
/* Rounds whose cost sets the period (the median, so a round that was
 * itself preempted on a busy machine does not slow sampling down). */
#define COST_WINDOW	15

static _Atomic int interrupted;

/* SIGINT, SIGTERM, SIGHUP: the loop ends the program and reports. */
static void
on_signal(int sig)
{
	(void)sig;
	atomic_store(&interrupted, 1);
}

struct trace_opts {
	double		 rate;
	int		 hook;
	const char	*format;
	const char	*out;
	pid_t		 pid;
};

/* Prints the subcommand's options. */
static void
usage(FILE *f)
{
	fputs("usage: timeslice trace [--rate HZ] [--no-hook] "
	    "[--format text|json|chrome]\n"
	    "                       [--out FILE] [--pid PID] -- CMD [ARGS...]\n"
	    "  --rate HZ      samples per second (1-5000, default 1000; lower\n"
	    "                 by itself when there are many threads)\n"
	    "  --no-hook      do not put the Python hook on a python program's "
	    "path\n"
	    "  --pid PID      watch a running process instead of starting CMD\n",
	    f);
}

/* Parses options up to `--` or the command. Returns the command's index,
 * argc when there is none, or -1 after a one-line error. */
static int
parse(int argc, char **argv, struct trace_opts *o)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		char name[32], *end;
		const char *eq;

		if (strcmp(a, "--") == 0)
			return i + 1;
		if (strncmp(a, "--", 2) != 0)
			return i;
		eq = strchr(a, '=');
		snprintf(name, sizeof name, "%.*s",
		    eq ? (int)(eq - a) : (int)strlen(a), a);
		if (strcmp(name, "--no-hook") == 0) {
			o->hook = 0;
			continue;
		}
		if (strcmp(name, "--rate") != 0 && strcmp(name, "--format") != 0 &&
		    strcmp(name, "--out") != 0 && strcmp(name, "--pid") != 0) {
			fprintf(stderr, "timeslice: trace: unknown option '%s' "
			    "(try timeslice trace --help)\n", name);
			return -1;
		}
		v = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
		if (v == NULL) {
			fprintf(stderr, "timeslice: %s needs a value\n", name);
			return -1;
		}
		if (strcmp(name, "--rate") == 0) {
			o->rate = strtod(v, &end);
			if (*end != '\0' || !(o->rate >= TRACE_RATE_MIN &&
			    o->rate <= TRACE_RATE_MAX)) {
				fprintf(stderr, "timeslice: --rate: '%s' is out of "
				    "range (allowed: 1 to 5000)\n", v);
				return -1;
			}
		} else if (strcmp(name, "--format") == 0) {
			if (strcmp(v, "text") != 0 && strcmp(v, "json") != 0 &&
			    strcmp(v, "chrome") != 0) {
				fprintf(stderr, "timeslice: --format: '%s' is not "
				    "a format (allowed: text, json, chrome)\n", v);
				return -1;
			}
			o->format = v;
		} else if (strcmp(name, "--out") == 0)
			o->out = v;
		else {
			long pid = strtol(v, &end, 10);

			if (*end != '\0' || pid <= 0 || kill((pid_t)pid, 0) != 0) {
				fprintf(stderr, "timeslice: --pid: '%s' is not a "
				    "process of yours\n", v);
				return -1;
			}
			o->pid = (pid_t)pid;
		}
	}
	return i;
}

/* Reads a process's command line into a NULL-terminated vector. */
static char **
read_cmdline(pid_t pid)
{
	char path[48], buf[4096];
	char **argv = xcalloc(64, sizeof *argv);
	FILE *f;
	size_t n, k = 0;

	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return argv;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (size_t p = 0; p < n && k < 63; p += strlen(buf + p) + 1)
		argv[k++] = xstrdup(buf + p);
	return argv;
}

/* Is an attached process gone (or a zombie nobody reaped)? */
static int
attached_gone(pid_t pid)
{
	char state = '?';
	int cpu;
	char path[48], buf[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return proc_parse_stat(buf, &state, &cpu) != 0 || state == 'Z' ||
	    state == 'X';
}

/* Sleeps until the absolute CLOCK_MONOTONIC time at_ns (or a signal). */
static void
sleep_until(uint64_t at_ns)
{
	struct timespec at = { (time_t)(at_ns / 1000000000u),
		(long)(at_ns % 1000000000u) };

	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL);
}

/* Orders round costs for the median. */
static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/*
 * The sampling period: the one asked for, or ROUND_SHARE times the median
 * cost of recent rounds when that is longer.
 */
static uint64_t
adapt_period(uint64_t base, uint64_t *costs, uint64_t rounds)
{
	uint64_t sorted[COST_WINDOW], p;
	size_t n = rounds < COST_WINDOW ? (size_t)rounds : COST_WINDOW;

	if (n == 0)
		return base;
	memcpy(sorted, costs, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_u64);
	p = sorted[n / 2] * ROUND_SHARE;
	if (p > PERIOD_MAX_NS)
		p = PERIOD_MAX_NS;
	return p > base ? p : base;
}

/* Writes the report in the chosen format. Returns 0 or 1. */
static int
report(const struct trace_opts *o, struct tracerun *tr)
{
	FILE *out = stdout;
	char *title;
	int rc = 0;

	if (o->out != NULL && (out = fopen(o->out, "w")) == NULL) {
		fprintf(stderr, "timeslice: cannot write '%s': %s\n", o->out,
		    strerror(errno));
		return 1;
	}
	if (strcmp(o->format, "json") == 0)
		summary_json(out, tr);
	else if (strcmp(o->format, "chrome") == 0) {
		xasprintf(&title, "trace: %s", tr->argv[0] ? tr->argv[0] : "?");
		rc = export_chrome(out, tr->log, title) == 0 ? 0 : 1;
		free(title);
	} else
		summary_text(out, tr, 100);
	if (out != stdout && fclose(out) != 0)
		rc = 1;
	else if (out == stdout)
		fflush(stdout);
	return rc;
}

/* SIGINT, SIGTERM and SIGHUP only set the flag the loop reads. */
static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/*
 * Attaches to o->pid or starts `cmd`, filling `sp` and the sampler's
 * options. Returns the program's command line (also in *owned when read
 * from /proc), or NULL once it has said why the program did not start.
 */
static char **
start_program(struct trace_opts *o, char **cmd, struct spawn *sp,
    struct sampler_opts *smo, char ***owned)
{
	struct spawn_opts so = { NULL, 0 };
	char *cause = NULL;

	memset(sp, 0, sizeof *sp);
	sp->hook_fd = -1;
	memset(smo, 0, sizeof *smo);
	if (o->pid != 0) {
		cmd = *owned = read_cmdline(o->pid);
		sp->pid = o->pid;
		sp->start_ns = clock_now_ns();
		smo->attached = 1;
		smo->python = cmd[0] != NULL && hook_is_python(cmd[0]);
		o->hook = 0;
	} else {
		smo->python = hook_is_python(cmd[0]);
		if (o->hook && smo->python)
			so.pydir = hook_python_dir();
		o->hook = so.pydir != NULL;
		so.stdout_to_stderr = o->out == NULL &&
		    strcmp(o->format, "text") != 0;
		if (spawn_start(sp, cmd, &so, &cause) != 0) {
			fprintf(stderr, "timeslice: trace: %s\n", cause);
			free(cause);
			return NULL;
		}
		smo->scan_self = 1;
	}
	smo->root = sp->pid;
	return cmd;
}

/*
 * The rounds: sample, read the hook, drain the trace into the log, reap,
 * until the program ends or a signal comes, slowing down when rounds
 * cost too much. Returns when it stopped.
 */
static uint64_t
sample_rounds(const struct trace_opts *o, struct sampler *s, struct hook *hk,
    struct log *lg, struct spawn *sp)
{
	uint64_t base, period, next, costs[COST_WINDOW] = {0};

	base = period = (uint64_t)(1e9 / o->rate);
	next = clock_now_ns();
	for (uint64_t round = 0;; round++) {
		uint64_t t0 = clock_now_ns();

		if (atomic_load(&interrupted))
			break;
		sampler_round(s, round == 0);
		hook_drain(hk, s);
		log_poll(lg);
		if (o->pid == 0 ? spawn_reap(sp) : attached_gone(o->pid))
			break;
		costs[round % COST_WINDOW] = clock_now_ns() - t0;
		period = adapt_period(base, costs, round + 1);
		next += period;
		if (next < clock_now_ns())
			next = clock_now_ns() + period;
		sleep_until(next);
	}
	return o->pid == 0 && sp->exited ? sp->end_ns : clock_now_ns();
}

/*
 * What the report says about the run that ended at `end`: the program,
 * its exit, the figures, and the cores left free since `idle0`.
 */
static void
describe_run(struct tracerun *tr, const struct trace_opts *o, char **cmd,
    const struct spawn *sp, const struct hook *hk, uint64_t idle0,
    uint64_t end)
{
	tr->argv = cmd;
	tr->pid = sp->pid;
	tr->attached = o->pid != 0;
	tr->hook = o->hook;
	tr->rate_hz = o->rate;
	tr->hook_lines = hk->lines;
	tr->exit_status = sp->exited ? (WIFEXITED(sp->status) ?
	    WEXITSTATUS(sp->status) : 128 + WTERMSIG(sp->status)) : -1;
	tr->start_ns = sp->start_ns;
	tr->end_ns = end;
	summary_compute(tr);
	if (end > tr->start_ns) {
		uint64_t idle = summary_idle_ns() - idle0;

		tr->cores_free = ((double)idle + (double)tr->fig.cpu_ns) /
		    (double)(end - tr->start_ns);
		if (tr->cores_free > (double)sysconf(_SC_NPROCESSORS_ONLN))
			tr->cores_free = (double)sysconf(_SC_NPROCESSORS_ONLN);
	}
}

/* Frees a command line read from /proc (NULL: nothing to free). */
static void
free_cmdline(char **owned)
{
	if (owned == NULL)
		return;
	for (int i = 0; owned[i] != NULL; i++)
		free(owned[i]);
	free(owned);
}

int
cmd_trace(int argc, char **argv)
{
	struct trace_opts o = { 1000.0, 1, "text", NULL, 0 };
	struct sampler_opts smo;
	struct spawn sp;
	struct hook hk;
	struct tracerun tr;
	struct log lg;
	struct trace *t;
	struct sampler *s;
	char *cause = NULL, **cmd, **owned = NULL;
	uint64_t idle0, end;
	int c, rc;

	if (argc > 0 && (strcmp(argv[0], "--help") == 0 ||
	    strcmp(argv[0], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if ((c = parse(argc, argv, &o)) < 0)
		return EXIT_USAGE;
	if (c >= argc && o.pid == 0) {
		fputs("timeslice: trace: no command to run (timeslice trace "
		    "[options] -- CMD [ARGS...])\n", stderr);
		return EXIT_USAGE;
	}
	if (c < argc && o.pid != 0) {
		fputs("timeslice: trace: give either --pid or a command, not "
		    "both\n", stderr);
		return EXIT_USAGE;
	}

	catch_signals();
	idle0 = summary_idle_ns();
	if ((cmd = start_program(&o, argv + c, &sp, &smo, &owned)) == NULL)
		return 1;
	if ((t = trace_new(TRACE_RING, &cause)) == NULL) {
		fprintf(stderr, "timeslice: trace: %s\n", cause);
		free(cause);
		if (o.pid == 0)
			spawn_kill_tree(&sp, 0);
		return 1;
	}
	log_init(&lg, t);
	s = sampler_new(t, &smo);
	hook_init(&hk, sp.hook_fd);
	end = sample_rounds(&o, s, &hk, &lg, &sp);

	memset(&tr, 0, sizeof tr);
	tr.interrupted = atomic_load(&interrupted) != 0;
	if (o.pid == 0) {
		/* Whatever the program left running goes with it. */
		spawn_kill_tree(&sp, tr.interrupted ? 300 : 100);
	}
	hook_drain(&hk, s);
	sampler_finish(s, end);
	log_poll(&lg);
	log_close(&lg, end);
	sampler_label_gil(s, &lg);

	tr.trace = t;
	tr.log = &lg;
	tr.sampler = s;
	describe_run(&tr, &o, cmd, &sp, &hk, idle0, end);
	rc = report(&o, &tr);
	if (tr.interrupted) {
		fprintf(stderr, "timeslice: interrupted; %s\n", o.pid == 0 ?
		    "the program and everything it started were ended" :
		    "stopped watching");
		rc = 130;
	}

	hook_release(&hk);
	sampler_free(s);
	log_release(&lg);
	trace_free(t);
	free_cmdline(owned);
	return rc;
}
