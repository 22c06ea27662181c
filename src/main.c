/*
 * main.c - the timeslice command line: global options, then dispatch to
 * a subcommand (see cmd.h and DESIGN.md for the contract).
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"

static void
usage(FILE *f)
{
	fputs(
"usage: timeslice [--lang es|en] [--presenter] [LESSON]\n"
"       timeslice run SCENARIO [options]   run one experiment, print results\n"
"       timeslice demo SCENARIO [options]  watch one experiment live\n"
"       timeslice check PATH...            validate lessons\n"
"       timeslice list                     lessons with ids and progress\n"
"       timeslice replay FILE              replay a recorded run\n"
"       timeslice notes                    speaker notes for a presenter\n"
"       timeslice bench [--format json]    measure timeslice's own costs\n"
"       timeslice --watch FILE             reload a lesson when it changes\n"
"       timeslice --help | --version\n"
"\n"
"scenarios: sequential threads gil processes coroutines convoy race\n"
"           burgers-sequential burgers-concurrent burgers-parallel cleaning\n"
"           deadlock\n"
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
"  --format text|json|chrome, --out FILE, --no-baseline\n", f);
}

int
main(int argc, char **argv)
{
	struct global_opts g = { NULL, NULL, 0 };
	int i;

	setlocale(LC_ALL, "");
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("timeslice %s\n", TIMESLICE_VERSION);
			return 0;
		} else if (strcmp(a, "--lang") == 0 || strncmp(a, "--lang=", 7) == 0) {
			const char *v = a[6] == '=' ? a + 7 : (i + 1 < argc ?
			    argv[++i] : NULL);

			if (v == NULL || (strcmp(v, "es") != 0 &&
			    strcmp(v, "en") != 0)) {
				fprintf(stderr, "timeslice: --lang: '%s' is not "
				    "a course language (allowed: es, en)\n",
				    v ? v : "");
				return EXIT_USAGE;
			}
			g.lang = v;
		} else if (strcmp(a, "--watch") == 0) {
			if (i + 1 >= argc) {
				fputs("timeslice: --watch needs a lesson file\n",
				    stderr);
				return EXIT_USAGE;
			}
			g.watch = argv[++i];
		} else if (strcmp(a, "--presenter") == 0) {
			g.presenter = 1;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "timeslice: unknown option '%s' "
			    "(try --help)\n", a);
			return EXIT_USAGE;
		} else
			break;
	}
	i18n_init(g.lang);
	if (i == argc)
		return cmd_open(g.watch, &g);
	if (strcmp(argv[i], "run") == 0)
		return cmd_run(argc - i - 1, argv + i + 1);
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
	if (i + 1 < argc) {
		fprintf(stderr, "timeslice: unexpected argument '%s' "
		    "(try --help)\n", argv[i + 1]);
		return EXIT_USAGE;
	}
	return cmd_open(argv[i], &g);
}
