/*
 * main.c - the timeslice command line: global options, then dispatch to
 * a subcommand (see cmd.h, and docs/ARCHITECTURE.md for the contract).
 * The scenario list of --help comes from the scenario registry.
 */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "engine/scenario.h"
#include "i18n.h"
#include "lesson/course.h"
#include "trace/export.h"
#include "ui/term.h"
#include "util.h"

#define USAGE_WIDTH 80

/* The names of every scenario, wrapped under a "scenarios:" heading. */
static void
usage_scenarios(FILE *f)
{
	const struct scenario *const *all = scenario_all();
	const char *head = _("scenarios:");
	int indent = (int)strlen(head), col = fprintf(f, "%s", head);

	for (int i = 0; all[i] != NULL; i++) {
		int n = (int)strlen(all[i]->name);

		if (i > 0 && col + 1 + n > USAGE_WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		}
		col += fprintf(f, " %s", all[i]->name);
	}
	fputc('\n', f);
}

/* The course languages, "en, es", into `buf`. */
static void
langs_list(char *buf, size_t len)
{
	struct course_langs langs;
	size_t n = 0;

	buf[0] = '\0';
	course_langs_of(course_root(), &langs);
	for (int i = 0; i < langs.n && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "",
		    langs.v[i]);
}

/* --help: the subcommands, the scenarios and the experiment options. */
static void
usage(FILE *f)
{
	char langs[128];

	langs_list(langs, sizeof langs);
	fprintf(f, _(
"usage: timeslice [--lang LANG] [--presenter] [--theme dark|light|mono|projector]\n"
"                 [--no-save | --save] [--export-dir DIR] [LESSON[#SECTION]]\n"
"       timeslice run SCENARIO [options]   run one experiment, print results\n"
"       timeslice demo SCENARIO [options]  watch one experiment live\n"
"       timeslice trace [options] -- CMD   watch a real program's threads\n"
"       timeslice check PATH...            validate lessons\n"
"       timeslice verify [PATH...]         run and judge every prediction\n"
"       timeslice list                     lessons with ids and progress\n"
"       timeslice replay FILE              replay a recorded run\n"
"       timeslice notes                    speaker notes for a presenter\n"
"       timeslice reset [LESSON] [--yes]   clear saved progress\n"
"       timeslice bench [--format json]    measure timeslice's own costs\n"
"       timeslice exercise ID --check FILE grade FILE (--list: all of them)\n"
"       timeslice --watch FILE             reload a lesson when it changes\n"
"       timeslice --help | --version\n"
"LANG is a language folder of the course: %s\n"
"\n"
"  --no-save    record nothing: no place, no answers (a rehearsal)\n"
"  --presenter  projector theme, step by step; answers are not saved\n"
"               unless --save is given\n"), langs);
	fputc('\n', f);
	usage_scenarios(f);
	fputs(_(
"\n"
"experiment options:\n"
"  --workers N            threads or processes (1-64), coroutine tasks\n"
"                         (1-10000), deadlock threads (2-8)\n"
"  --work cpu|io|mixed    what one work item does\n"
"  --units N              total work items (1-100000)\n"
"  --unit-ms MS           size of one item (0.01-1000)\n"
"  --switch-interval MS   GIL switch interval (0.1-100, default 5)\n"
"  --old-gil              Python 2 GIL (release every 100 ticks)\n"
"  --cores N              CPUs the workers may use\n"
"  --seed N               seed for randomised work\n"
"  --ordered              deadlock: take the locks in one global order\n"
"  --format text|json|chrome|svg, --out FILE, --no-baseline\n"
"\n"
"--export-dir DIR (or TIMESLICE_EXPORT_DIR): where e in a demo writes;\n"
"  by default $XDG_DATA_HOME/timeslice/exports\n"), f);
}

int
global_opt(int argc, char **argv, int *i, struct global_opts *g)
{
	const char *a = argv[*i];

	if (strcmp(a, "--lang") == 0 || strncmp(a, "--lang=", 7) == 0) {
		const char *v = a[6] == '=' ? a + 7 : (*i + 1 < argc ?
		    argv[++*i] : NULL);
		struct course_langs langs;
		char list[128];

		course_langs_of(course_root(), &langs);
		if (v == NULL || !course_has_lang(&langs, v)) {
			langs_list(list, sizeof list);
			fprintf(stderr, _("timeslice: --lang: '%s' is not a "
			    "course language (allowed: %s)\n"), v ? v : "",
			    list);
			return -1;
		}
		g->lang = v;
		i18n_set_lang(v);
	} else if (strcmp(a, "--export-dir") == 0 ||
	    strncmp(a, "--export-dir=", 13) == 0) {
		const char *v = a[12] == '=' ? a + 13 : (*i + 1 < argc ?
		    argv[++*i] : NULL);

		if (v == NULL || *v == '\0') {
			fputs(_("timeslice: --export-dir needs a folder\n"),
			    stderr);
			return -1;
		}
		export_set_dir(v);
	} else if (strcmp(a, "--theme") == 0 ||
	    strncmp(a, "--theme=", 8) == 0) {
		const char *v = a[7] == '=' ? a + 8 : (*i + 1 < argc ?
		    argv[++*i] : NULL);

		if (v == NULL || (g->theme = canvas_theme_parse(v)) < 0) {
			fprintf(stderr, _("timeslice: --theme: '%s' is not a "
			    "theme (allowed: dark, light, mono, projector)\n"),
			    v ? v : "");
			return -1;
		}
	} else if (strcmp(a, "--watch") == 0) {
		if (*i + 1 >= argc) {
			fputs(_("timeslice: --watch needs a lesson file\n"),
			    stderr);
			return -1;
		}
		g->watch = argv[++*i];
	} else if (strcmp(a, "--presenter") == 0)
		g->presenter = 1;
	else if (strcmp(a, "--no-save") == 0)
		g->save = 0;
	else if (strcmp(a, "--save") == 0)
		g->save = 1;
	else
		return 0;
	return 1;
}

void
global_opts_apply(const struct global_opts *g)
{
	i18n_init(g->lang);
	if (g->theme >= 0)
		term_set_theme((enum canvas_theme)g->theme);
	else
		term_set_theme(g->presenter ? CANVAS_THEME_PROJECTOR :
		    CANVAS_THEME_DARK);
}

/* Runs the command line; main only adds the checked close of stdout. */
static int
dispatch(int argc, char **argv)
{
	struct global_opts g = GLOBAL_OPTS_INIT;
	int i, rc;

	/*
	 * Characters and messages follow the locale; LC_NUMERIC stays "C" so
	 * JSON and parsing keep their point (numbers for people go through
	 * i18n_num, which writes the interface language's separator).
	 */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	i18n_init(NULL);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("timeslice %s\n", TIMESLICE_VERSION);
			return 0;
		} else if ((rc = global_opt(argc, argv, &i, &g)) < 0)
			return EXIT_USAGE;
		else if (rc > 0)
			continue;
		else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, _("timeslice: unknown option '%s' "
			    "(try --help)\n"), a);
			return EXIT_USAGE;
		} else
			break;
	}
	global_opts_apply(&g);
	if (i == argc)
		return cmd_open(g.watch, &g);
	if (strcmp(argv[i], "run") == 0)
		return cmd_run(argc - i - 1, argv + i + 1);
	if (strcmp(argv[i], "trace") == 0)
		return cmd_trace(argc - i - 1, argv + i + 1);
	if (strcmp(argv[i], "bench") == 0)
		return cmd_bench(argc - i - 1, argv + i + 1);
	if (strcmp(argv[i], "check") == 0)
		return cmd_check(argc - i - 1, argv + i + 1, &g);
	if (strcmp(argv[i], "list") == 0)
		return cmd_list(argc - i - 1, argv + i + 1, &g);
	if (strcmp(argv[i], "demo") == 0)
		return cmd_demo(argc - i - 1, argv + i + 1, &g);
	if (strcmp(argv[i], "notes") == 0)
		return cmd_notes(argc - i - 1, argv + i + 1, &g);
	if (strcmp(argv[i], "replay") == 0)
		return cmd_replay(argc - i - 1, argv + i + 1, &g);
	if (strcmp(argv[i], "verify") == 0)
		return cmd_verify(argc - i - 1, argv + i + 1, &g);
	if (strcmp(argv[i], "reset") == 0)
		return cmd_reset(argc - i - 1, argv + i + 1, &g);
	if (strcmp(argv[i], "exercise") == 0)
		return cmd_exercise(argc - i - 1, argv + i + 1, &g);
	if (i + 1 < argc) {
		fprintf(stderr, _("timeslice: unexpected argument '%s' "
		    "(try --help)\n"), argv[i + 1]);
		return EXIT_USAGE;
	}
	return cmd_open(argv[i], &g);
}

int
main(int argc, char **argv)
{
	int rc;

	/*
	 * An ignored SIGINT (inherited from a shell's background job) or
	 * SIGHUP would make a command unstoppable: every command ends on
	 * them, by its own handler or by the default action.
	 */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	rc = dispatch(argc, argv);

	/* Output that could not be written is a failed run, never success. */
	if (util_close_stdout() != 0 && rc == 0)
		rc = 1;
	return rc;
}
