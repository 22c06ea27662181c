/*
 * cmd_run.c - `timeslice run SCENARIO [options]`: one experiment, headless.
 *
 * The run happens on a runner thread while this thread drains the trace;
 * SIGINT, SIGTERM and SIGHUP only set a flag, which turns into the trace's
 * stop request, so every worker thread and child process finishes and is
 * reaped before we print what was measured and exit.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "engine/experiment.h"
#include "report.h"
#include "trace/export.h"
#include "util.h"

static _Atomic int interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	atomic_store(&interrupted, 1);
}

/* Splits "--name=value" or "--name value"; returns the value or NULL. */
static const char *
opt_value(int argc, char **argv, int *i, const char *arg, size_t namelen)
{
	if (arg[namelen] == '=')
		return arg + namelen + 1;
	if (*i + 1 < argc)
		return argv[++*i];
	return NULL;
}

int
parse_experiment_opts(int argc, char **argv, int start,
    const struct scenario *sc, struct params *p, struct run_opts *ro)
{
	int i;

	for (i = start; i < argc; i++) {
		const char *a = argv[i], *name, *eq, *v;
		const struct param_spec *spec;
		char *cause = NULL, buf[64];
		size_t len;

		if (strncmp(a, "--", 2) != 0)
			break;
		name = a + 2;
		eq = strchr(name, '=');
		len = eq ? (size_t)(eq - name) : strlen(name);
		snprintf(buf, sizeof buf, "%.*s", (int)len, name);
		if (strcmp(buf, "no-baseline") == 0) {
			p->baseline = false;
			continue;
		}
		if (strcmp(buf, "format") == 0 || strcmp(buf, "out") == 0) {
			v = opt_value(argc, argv, &i, a, len + 2);
			if (v == NULL) {
				fprintf(stderr, "timeslice: --%s needs a value\n",
				    buf);
				return -1;
			}
			if (buf[0] == 'f') {
				if (strcmp(v, "text") != 0 &&
				    strcmp(v, "json") != 0 &&
				    strcmp(v, "chrome") != 0) {
					fprintf(stderr, "timeslice: --format: "
					    "'%s' is not a format (allowed: text, "
					    "json, chrome)\n", v);
					return -1;
				}
				ro->format = v;
			} else
				ro->out = v;
			continue;
		}
		spec = params_find(buf);
		if (spec == NULL) {
			const char *s = params_suggest(buf);

			fprintf(stderr, "timeslice: unknown option '--%s'", buf);
			if (s != NULL)
				fprintf(stderr, " (did you mean '--%s'?)", s);
			fputc('\n', stderr);
			return -1;
		}
		if (strcmp(spec->kind, "flag") == 0)
			v = eq ? eq + 1 : NULL;
		else if ((v = opt_value(argc, argv, &i, a, len + 2)) == NULL) {
			fprintf(stderr, "timeslice: --%s needs a value "
			    "(allowed: %g to %g)\n", buf, spec->min, spec->max);
			return -1;
		}
		if (scenario_params_set(sc, p, spec, v, &cause) != 0) {
			fprintf(stderr, "timeslice: %s\n", cause);
			free(cause);
			return -1;
		}
	}
	return i;
}

const struct scenario *
scenario_arg(const char *name)
{
	const struct scenario *sc = scenario_find(name);
	const char *s;

	if (sc != NULL)
		return sc;
	fprintf(stderr, "timeslice: unknown scenario '%s'", name);
	if ((s = scenario_suggest(name)) != NULL)
		fprintf(stderr, " (did you mean '%s'?)", s);
	fputc('\n', stderr);
	return NULL;
}

/* Prints the scenario list to f, for errors and help. */
static void
list_scenarios(FILE *f)
{
	const struct scenario *const *all = scenario_all();

	for (int i = 0; all[i] != NULL; i++)
		fprintf(f, "  %-20s %s\n", all[i]->name, all[i]->summary);
}

int
cmd_run(int argc, char **argv)
{
	const struct scenario *sc;
	struct run_opts ro = { "text", NULL };
	struct experiment ex;
	struct params p;
	struct sigaction sa;
	char *cause = NULL;
	FILE *out = stdout;
	int i, rc = 0;

	if (argc < 1 || strcmp(argv[0], "--help") == 0) {
		fputs("usage: timeslice run SCENARIO [options]\nscenarios:\n",
		    argc < 1 ? stderr : stdout);
		list_scenarios(argc < 1 ? stderr : stdout);
		return argc < 1 ? EXIT_USAGE : 0;
	}
	if ((sc = scenario_arg(argv[0])) == NULL)
		return EXIT_USAGE;
	params_defaults(&p);
	i = parse_experiment_opts(argc, argv, 1, sc, &p, &ro);
	if (i < 0)
		return EXIT_USAGE;
	if (i < argc) {
		fprintf(stderr, "timeslice: unexpected argument '%s'\n", argv[i]);
		return EXIT_USAGE;
	}
	if (scenario_check(sc, &p, &cause) != 0) {
		fprintf(stderr, "timeslice: %s\n", cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (ro.out != NULL && (out = fopen(ro.out, "w")) == NULL) {
		fprintf(stderr, "timeslice: cannot write '%s': %s\n", ro.out,
		    strerror(errno));
		return 1;
	}

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	if (experiment_run(&ex, sc, &p, &interrupted, &cause) != 0) {
		fprintf(stderr, "timeslice: %s: %s\n", sc->name,
		    cause ? cause : "failed");
		free(cause);
		experiment_release(&ex);
		if (out != stdout)
			fclose(out);
		return 1;
	}
	if (strcmp(ro.format, "json") == 0)
		report_json(out, &ex);
	else if (strcmp(ro.format, "chrome") == 0)
		rc = export_chrome(out, &ex.log, sc->name) == 0 ? 0 : 1;
	else
		report_text(out, &ex, 100);
	if (out != stdout && fclose(out) != 0)
		rc = 1;
	if (ex.interrupted) {
		fputs("timeslice: interrupted; every worker was stopped\n",
		    stderr);
		rc = 130;
	}
	experiment_release(&ex);
	return rc;
}
