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
#include "engine/record.h"
#include "i18n.h"
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
				fprintf(stderr, _("timeslice: --%s needs a "
				    "value\n"), buf);
				return -1;
			}
			if (buf[0] == 'f') {
				if (strcmp(v, "text") != 0 &&
				    strcmp(v, "json") != 0 &&
				    strcmp(v, "chrome") != 0 &&
				    strcmp(v, "svg") != 0) {
					fprintf(stderr, _("timeslice: --format: "
					    "'%s' is not a format (allowed: text, "
					    "json, chrome, svg)\n"), v);
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

			fprintf(stderr, _("timeslice: unknown option '--%s'"),
			    buf);
			if (s != NULL)
				fprintf(stderr, _(" (did you mean '--%s'?)"), s);
			fputc('\n', stderr);
			return -1;
		}
		if (strcmp(spec->kind, "flag") == 0)
			v = eq ? eq + 1 : NULL;
		else if ((v = opt_value(argc, argv, &i, a, len + 2)) == NULL) {
			char lo[32], hi[32];

			fprintf(stderr, _("timeslice: --%s needs a value "
			    "(allowed: %s to %s)\n"), buf, i18n_numg(lo,
			    sizeof lo, spec->min, 6), i18n_numg(hi, sizeof hi,
			    spec->max, 6));
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
	fprintf(stderr, _("timeslice: unknown scenario '%s'"), name);
	if ((s = scenario_suggest(name)) != NULL)
		fprintf(stderr, _(" (did you mean '%s'?)"), s);
	fputc('\n', stderr);
	return NULL;
}

void
list_scenarios(FILE *f)
{
	const struct scenario *const *all = scenario_all();

	for (int i = 0; all[i] != NULL; i++)
		fprintf(f, "  %-20s %s\n", all[i]->name, _(all[i]->summary));
}

int
cmd_run(int argc, char **argv)
{
	const struct scenario *sc;
	struct run_opts ro = { "text", NULL };
	struct export_out eo = { NULL, NULL, NULL };
	struct experiment ex;
	struct params p;
	char *cause = NULL;
	FILE *out = stdout;
	int i, rc = 0;

	if (argc < 1 || strcmp(argv[0], "--help") == 0) {
		fputs(_("usage: timeslice run SCENARIO [options]\nscenarios:\n"),
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
		fprintf(stderr, _("timeslice: unexpected argument '%s'\n"),
		    argv[i]);
		return EXIT_USAGE;
	}
	if (scenario_check(sc, &p, &cause) != 0) {
		fprintf(stderr, "timeslice: %s\n", cause);
		free(cause);
		return EXIT_USAGE;
	}
	/* Whole or not at all: a temporary file renamed over --out. */
	if (ro.out != NULL) {
		if (export_out_open(&eo, ro.out, &cause) != 0) {
			fprintf(stderr, "timeslice: %s\n", cause);
			free(cause);
			return 1;
		}
		out = eo.f;
	}

	catch_quit_signals(on_signal);

	if (experiment_run(&ex, sc, &p, &interrupted, &cause) != 0) {
		fprintf(stderr, "timeslice: %s: %s\n", sc->name,
		    cause ? cause : _("failed"));
		free(cause);
		experiment_release(&ex);
		export_out_abort(&eo);
		return 1;
	}
	if (strcmp(ro.format, "json") == 0)
		report_json(out, &ex);
	else if (strcmp(ro.format, "chrome") == 0)
		rc = record_chrome(out, &ex, NULL, NULL) == 0 ? 0 : 1;
	else if (strcmp(ro.format, "svg") == 0)
		rc = record_svg(out, &ex, NULL, NULL) == 0 ? 0 : 1;
	else
		report_text(out, &ex, 100);
	if (out != stdout && export_out_commit(&eo, &cause) != 0) {
		fprintf(stderr, "timeslice: %s\n", cause);
		free(cause);
		rc = 1;
	}
	/* Output to stdout is checked once, by main's util_close_stdout. */
	if (ex.interrupted) {
		fputs(_("timeslice: interrupted; every worker was stopped\n"),
		    stderr);
		rc = 130;
	}
	experiment_release(&ex);
	return rc;
}
