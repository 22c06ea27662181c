/*
 * main.c - the timeslice command line: global options (opts.h), then
 * dispatch to a subcommand through one table (see cmd.h, and
 * docs/ARCHITECTURE.md for the contract). The table also gives --help
 * its usage lines and a mistyped subcommand its "did you mean"; the
 * scenario list of --help comes from the scenario registry.
 */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "engine/scenario.h"
#include "i18n.h"
#include "lang.h"
#include "lesson/course.h"
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

/* Adapters for the subcommands that take no global options. */
static int
sub_run(int argc, char **argv, const struct global_opts *g)
{
	(void)g;
	return cmd_run(argc, argv);
}

static int
sub_trace(int argc, char **argv, const struct global_opts *g)
{
	(void)g;
	return cmd_trace(argc, argv);
}

static int
sub_bench(int argc, char **argv, const struct global_opts *g)
{
	(void)g;
	return cmd_bench(argc, argv);
}

/*
 * A subcommand: the word that names it, what follows it and what it does
 * (both N_()-marked, for --help), and the function that runs it with the
 * arguments after its name.
 */
struct subcommand {
	const char	*name;
	const char	*args;		/* NULL: none */
	const char	*summary;
	int		(*fn)(int argc, char **argv,
			    const struct global_opts *);
};

/* Every subcommand, in the order --help lists them. */
static const struct subcommand subcommands[] = {
	{ "run", N_("SCENARIO [options]"),
	    N_("run one experiment, print results"), sub_run },
	{ "demo", N_("SCENARIO [options]"),
	    N_("watch one experiment live"), cmd_demo },
	{ "trace", N_("[options] -- CMD"),
	    N_("watch a real program's threads"), sub_trace },
	{ "check", N_("PATH..."), N_("validate lessons"), cmd_check },
	{ "verify", N_("[PATH...]"), N_("run and judge every prediction"),
	    cmd_verify },
	{ "list", NULL, N_("lessons with ids and progress"), cmd_list },
	{ "replay", N_("FILE"), N_("replay a recorded run"), cmd_replay },
	{ "notes", NULL, N_("speaker notes for a presenter"), cmd_notes },
	{ "reset", N_("[LESSON] [--yes]"), N_("clear saved progress"),
	    cmd_reset },
	{ "bench", N_("[--format json]"),
	    N_("measure timeslice's own costs"), sub_bench },
	{ "exercise", N_("[ID] [options]"),
	    N_("write and grade an exercise"), cmd_exercise },
	{ "glossary", N_("[TERM]"), N_("a term of the course, or all of them"),
	    cmd_glossary },
	{ "cheatsheet", N_("[options]"),
	    N_("threads, processes, asyncio on a page"), cmd_cheatsheet },
};

#define NSUBCOMMANDS (sizeof subcommands / sizeof subcommands[0])

/* The subcommand called `name`, or NULL. */
static const struct subcommand *
subcommand_find(const char *name)
{
	for (size_t i = 0; i < NSUBCOMMANDS; i++)
		if (strcmp(subcommands[i].name, name) == 0)
			return &subcommands[i];
	return NULL;
}

/*
 * The subcommand `word` looks like a misspelling of (within a third of
 * its length, as every "did you mean"), or NULL. A word that opens a
 * lesson is never a misspelling: a path, a LESSON#SECTION or the id of a
 * lesson of the course, which is only read when a subcommand is near.
 */
static const char *
subcommand_mistyped(const char *word, const struct global_opts *g)
{
	const char *best = NULL;
	int bestd = (int)strlen(word) / 3 + 1;
	size_t n = strlen(word);
	struct course c;
	struct diags d;

	if (strpbrk(word, "/#") != NULL ||
	    (n > 3 && strcmp(word + n - 3, ".md") == 0))
		return NULL;
	for (size_t i = 0; i < NSUBCOMMANDS; i++) {
		int dist = edit_distance(word, subcommands[i].name, bestd);

		if (dist <= bestd && (best == NULL || dist < bestd)) {
			best = subcommands[i].name;
			bestd = dist;
		}
	}
	if (best == NULL)
		return NULL;
	diags_init(&d);
	course_load_langs(&c, course_root(), &g->langs, &d);
	if (course_find(&c, word, NULL) != NULL)
		best = NULL;
	course_release(&c);
	diags_release(&d);
	return best;
}

/* The column where --help starts what a usage line does. */
#define USAGE_SUMMARY_COL 42

/*
 * One usage line: `indent` columns, "timeslice WORDS ARGS", and the
 * summary from USAGE_SUMMARY_COL on (two columns further when the
 * words reach it). `args` and `summary` are translated here.
 */
static void
usage_line(FILE *f, int indent, const char *words, const char *args,
    const char *summary)
{
	int col = indent + i18n_width("timeslice ") + i18n_width(words);

	fprintf(f, "%*stimeslice %s", indent, "", words);
	if (args != NULL) {
		fprintf(f, " %s", _(args));
		col += 1 + i18n_width(_(args));
	}
	if (summary != NULL) {
		int pad = col + 2 > USAGE_SUMMARY_COL ? 2 :
		    USAGE_SUMMARY_COL - col;

		fprintf(f, "%*s%s", pad, "", _(summary));
	}
	fputc('\n', f);
}

/*
 * --help: the global form, a line per subcommand (from the table), the
 * scenarios and the experiment options.
 */
static void
usage(FILE *f, const struct lang_list *course_langs)
{
	const char *head = _(
"usage: timeslice [--lang LANG] [--presenter] [--theme dark|light|mono|projector]\n"
"                 [--no-save | --save] [--export-dir DIR] [LESSON[#SECTION]]\n");
	const char *tail = _(
"LANG is a language folder of the course: %s\n"
"\n"
"  --no-save    record nothing: no place, no answers (a rehearsal)\n"
"  --presenter  projector theme, step by step; answers are not saved\n"
"               unless --save is given\n");
	const char *prog = strstr(head, "timeslice");
	char langs[LANG_MAX * LANG_CODE_MAX];
	int indent = 0;

	/*
	 * The lines below start under the "timeslice" of the first, after
	 * the translated "usage: " (counted in characters, not bytes).
	 */
	for (const char *p = head; prog != NULL && p < prog; p++)
		indent += ((unsigned char)*p & 0xc0) != 0x80;
	fputs(head, f);
	for (size_t i = 0; i < NSUBCOMMANDS; i++)
		usage_line(f, indent, subcommands[i].name, subcommands[i].args,
		    subcommands[i].summary);
	usage_line(f, indent, "--watch", N_("FILE"),
	    N_("reload a lesson when it changes"));
	usage_line(f, indent, "--help | --version", NULL, NULL);
	fprintf(f, tail, lang_join(course_langs, langs, sizeof langs));
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
"  --capacity K           queue: items the queue holds (1-64, default 4)\n"
"  --permits K            semaphore: threads inside at once (1-64, default 2)\n"
"  --start fork|spawn     processes: how a worker process starts (default fork)\n"
"  --format text|json|chrome|svg, --out FILE, --no-baseline\n"
"\n"
"--export-dir DIR (or TIMESLICE_EXPORT_DIR): where e in a demo writes;\n"
"  by default $XDG_DATA_HOME/timeslice/exports\n"), f);
}

/* Runs the command line; main only adds the checked close of stdout. */
static int
dispatch(int argc, char **argv)
{
	struct global_opts g = GLOBAL_OPTS_INIT;
	const struct subcommand *sub;
	const char *near;
	int i, rc;

	/*
	 * Characters and messages follow the locale; LC_NUMERIC stays "C" so
	 * JSON and parsing keep their point (numbers for people go through
	 * i18n_num, which writes the interface language's separator).
	 */
	if (setlocale(LC_CTYPE, "") == NULL)
		/*
		 * The locale asked for is not installed (common on fresh
		 * machines and in containers): characters are still UTF-8,
		 * or every accent would count as two columns. The messages
		 * follow the language anyway (i18n_init).
		 */
		setlocale(LC_CTYPE, "C.UTF-8");
	setlocale(LC_MESSAGES, "");
	/* The course's languages, once, for every layer that asks. */
	lang_scan(course_root(), &g.langs);
	i18n_init(NULL, &g.langs);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout, &g.langs);
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
	if ((sub = subcommand_find(argv[i])) != NULL)
		return sub->fn(argc - i - 1, argv + i + 1, &g);
	if ((near = subcommand_mistyped(argv[i], &g)) != NULL) {
		fprintf(stderr, _("timeslice: unknown command '%s' (did you "
		    "mean '%s'?)\n"), argv[i], near);
		return EXIT_USAGE;
	}
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
	util_std_fds_open();
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	rc = dispatch(argc, argv);

	/* Output that could not be written is a failed run, never success. */
	if (util_close_stdout() != 0 && rc == 0)
		rc = 1;
	return rc;
}
