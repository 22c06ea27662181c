/*
 * cmd_trace.c - `timeslice trace [options] -- CMD [ARGS...]`: watch a real
 * program's threads, processes and asyncio tasks.
 *
 * The sampling itself is sampler/tracer.c's, on a thread of its own. On
 * a terminal the live demo draws the trace as it fills (the same view,
 * keys and exports as a scenario's run); otherwise this thread drains it
 * until the program ends and prints the report. SIGINT, SIGTERM and
 * SIGHUP end the program and everything under it either way (the
 * terminal view through the app's own signal handling), and the report
 * still prints.
 *
 * Headless, the program is the terminal's foreground job, as untraced:
 * it reads the terminal, Ctrl-C goes to it, and when Ctrl-Z stops it,
 * timeslice stops with it and `fg` continues both; its output goes where
 * timeslice's goes, as it comes (to standard error when standard output
 * carries a report). In the live view the terminal is the view's: the
 * program's input is /dev/null, which the screen says, and its output is
 * captured (the last 64 KiB of each stream) and shown, escaped, in a pane
 * the o key opens, and which opens by itself when the program ends
 * having written anything; the screen also says when the program is
 * stopped. Either way
 * `trace` ends with the program's own exit status (128+N when signal N
 * killed it), and the report says how the program ended.
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
#include "i18n.h"
#include "sampler/summary.h"
#include "sampler/tracer.h"
#include "trace/export.h"
#include "trace/log.h"
#include "ui/app.h"
#include "ui/demo.h"
#include "util.h"

/* How often the headless command drains the trace while it waits. */
#define POLL_NS	20000000ull

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
	    "[--format text|json|chrome|svg]\n"
	    "                       [--out FILE] [--pid PID] -- CMD [ARGS...]\n"
	    "On a terminal, without --format or --out, the program's threads,\n"
	    "processes and asyncio tasks are drawn live (the demo's keys: ? lists\n"
	    "them; q ends the program); o shows its output (the last 64 KiB\n"
	    "of each stream), as it does by itself once the program ends.\n"
	    "Otherwise its output passes through as it comes, and the report\n"
	    "is printed once the program ends.\n"
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
			if (*end != '\0' || !(o->rate >= TRACER_RATE_MIN &&
			    o->rate <= TRACER_RATE_MAX)) {
				fprintf(stderr, "timeslice: --rate: '%s' is out of "
				    "range (allowed: 1 to 5000)\n", v);
				return -1;
			}
		} else if (strcmp(name, "--format") == 0) {
			if (strcmp(v, "text") != 0 && strcmp(v, "json") != 0 &&
			    strcmp(v, "chrome") != 0 && strcmp(v, "svg") != 0) {
				fprintf(stderr, "timeslice: --format: '%s' is not "
				    "a format (allowed: text, json, chrome, svg)\n",
				    v);
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

/* The command line as one string, for titles. */
static void
command_line(char *const *argv, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; argv != NULL && argv[i] != NULL && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i > 0 ? " " : "",
		    argv[i]);
}

/* An SVG picture of the trace, headed by the command and its figures. */
static int
report_svg(FILE *out, const struct tracerun *tr)
{
	struct export_heading h;
	char cmd[256], title[300], figs[256], a[32], b[32], c[32], d[32];
	double wall = (double)(tr->end_ns - tr->start_ns) / 1e6;
	double cpu = (double)tr->fig.cpu_ns / 1e6;

	command_line(tr->argv, cmd, sizeof cmd);
	snprintf(title, sizeof title, "trace: %s", cmd);
	/* Figures for people: in the language's decimal separator. */
	snprintf(figs, sizeof figs, _("wall %s ms · cpu %s ms · cores used %s "
	    "· cores free %s"), i18n_num(a, sizeof a, wall, 1),
	    i18n_num(b, sizeof b, cpu, 1), i18n_num(c, sizeof c, wall > 0 ?
	    cpu / wall : 0, 2), i18n_num(d, sizeof d, tr->cores_free, 1));
	memset(&h, 0, sizeof h);
	h.title = title;
	h.figures = figs;
	return export_svg(out, tr->log, &h, 1200) == 0 ? 0 : 1;
}

/*
 * Writes the report in the chosen format, to stdout or whole into
 * --out (never through a symlink). Returns 0 or 1.
 */
static int
report(const struct trace_opts *o, struct tracerun *tr)
{
	struct export_out eo = { NULL, NULL, NULL };
	FILE *out = stdout;
	char *title, *cause = NULL, cmd[256];
	int rc = 0;

	if (o->out != NULL) {
		if (export_out_open(&eo, o->out, &cause) != 0) {
			fprintf(stderr, "timeslice: %s\n", cause);
			free(cause);
			return 1;
		}
		out = eo.f;
	}
	if (strcmp(o->format, "json") == 0)
		summary_json(out, tr);
	else if (strcmp(o->format, "chrome") == 0) {
		command_line(tr->argv, cmd, sizeof cmd);
		xasprintf(&title, "trace: %s", cmd);
		rc = export_chrome(out, tr->log, title) == 0 ? 0 : 1;
		free(title);
	} else if (strcmp(o->format, "svg") == 0)
		rc = report_svg(out, tr);
	else
		summary_text(out, tr, 100);
	if (out == stdout) {
		fflush(stdout);
		return rc;
	}
	if (rc != 0) {
		export_out_abort(&eo);
		return rc;
	}
	if (export_out_commit(&eo, &cause) != 0) {
		fprintf(stderr, "timeslice: %s\n", cause);
		free(cause);
		return 1;
	}
	return 0;
}

/*
 * On a terminal: the live timeline, full screen, until q (which ends the
 * program if it is still running). The report stays on screen when the
 * program ends first.
 */
static int
trace_view(char **cmd, const struct trace_opts *o)
{
	struct tracer_opts to;
	struct app *app;
	struct demo *d;
	char *cause = NULL, title[160];
	int rc, status;

	memset(&to, 0, sizeof to);
	to.argv = o->pid == 0 ? cmd : NULL;
	to.pid = o->pid;
	to.rate = o->rate;
	to.hook = o->hook != 0;
	if (o->pid != 0)
		snprintf(title, sizeof title, "pid %d", (int)o->pid);
	else
		command_line(cmd, title, sizeof title);
	if ((app = app_new(&cause)) == NULL) {
		fprintf(stderr, "timeslice: %s\n", cause);
		free(cause);
		return 1;
	}
	d = demo_new_trace(&to, title, DEMO_FULLSCREEN);
	if (o->pid == 0)
		demo_note(d, _("the program's input is /dev/null here: trace a "
		    "program that reads its input with --format text (or start "
		    "it yourself and attach with --pid)"));
	app_push(app, &demo_screen_ops, d);
	rc = app_run(app);
	status = demo_exit_status(d);
	app_free(app);
	demo_free(d);
	/* The program's status, unless the view failed or q ended it. */
	return rc == 0 && status >= 0 ? status : rc;
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
 * The program has been stopped by `sig`. Stopped from the terminal
 * (Ctrl-Z) while it holds the terminal, timeslice takes the terminal
 * back and stops too, as the shell expects of the job it waits for; on
 * `fg` it gives the terminal back and continues the program. Stopped
 * otherwise, it says so and waits for it to be continued.
 */
static void
program_stopped(struct tracer *tc, int sig)
{
	const char *name = summary_signal_name(sig);

	if (tc->spawn.tty >= 0 && (sig == SIGTSTP || sig == SIGTTIN ||
	    sig == SIGTTOU)) {
		spawn_tty_take(&tc->spawn);
		fprintf(stderr, _("timeslice: the program was stopped (%s); "
		    "timeslice stops with it (fg continues both)\n"), name);
		raise(SIGTSTP);
		spawn_tty_give(&tc->spawn);
		return;
	}
	fprintf(stderr, _("timeslice: the program is stopped (%s, state T); "
	    "the trace goes on once it is continued (kill -CONT %d)\n"), name,
	    (int)tc->spawn.pid);
}

/*
 * Waits for the trace to end, polling the log so that no ring fills,
 * passes a signal on as a request to stop, and never waits in silence
 * for a stopped program.
 */
static void
wait_headless(struct tracer *tc, struct log *lg)
{
	int said = 0;

	while (!tracer_done(tc)) {
		int sig = tracer_stopped(tc);

		if (atomic_load(&interrupted))
			tracer_stop(tc);
		if (sig != 0 && sig != said)
			program_stopped(tc, sig);
		said = sig;
		log_poll(lg);
		clock_sleep_ns(POLL_NS);
	}
}

int
cmd_trace(int argc, char **argv)
{
	struct trace_opts o = { TRACER_RATE_DEFAULT, 1, NULL, NULL, 0 };
	struct tracer_opts to;
	struct tracer tc;
	struct log lg;
	struct trace *t;
	char *cause = NULL;
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
	if (o.format == NULL && o.out == NULL && isatty(STDOUT_FILENO) &&
	    isatty(STDIN_FILENO))
		return trace_view(argv + c, &o);
	if (o.format == NULL)
		o.format = "text";

	catch_signals();
	memset(&to, 0, sizeof to);
	to.argv = argv + c;
	to.pid = o.pid;
	to.rate = o.rate;
	to.hook = o.hook;
	to.foreground = o.pid == 0;
	to.stdout_to_stderr = o.out == NULL && strcmp(o.format, "text") != 0;
	if ((t = trace_new(TRACER_RING, &cause)) == NULL) {
		fprintf(stderr, "timeslice: trace: %s\n", cause);
		free(cause);
		return 1;
	}
	log_init(&lg, t);
	if (tracer_start(&tc, t, &to, &cause) != 0) {
		fprintf(stderr, "timeslice: trace: %s\n", cause);
		free(cause);
		log_release(&lg);
		trace_free(t);
		return 1;
	}
	wait_headless(&tc, &lg);
	tracer_join(&tc, &lg);
	rc = report(&o, &tc.run);
	if (atomic_load(&interrupted)) {
		fprintf(stderr, "timeslice: interrupted; %s\n", o.pid == 0 ?
		    "the program and everything it started were ended" :
		    "stopped watching");
		rc = 130;
	} else if (rc == 0 && o.pid == 0 && tc.run.exit_status >= 0)
		rc = tc.run.exit_status;	/* as a shell would give it */
	tracer_release(&tc);
	log_release(&lg);
	trace_free(t);
	return rc;
}
