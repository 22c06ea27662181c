/*
 * cmd_verify.c - `timeslice verify [PATH...]`: every prediction of the
 * given lessons, run headless and graded as the app grades it.
 *
 * For each prediction quiz the experiment runs --runs times, each run
 * right after its own sequential baseline, and the lesson's expected
 * answer is judged by grade.h: holds, fails, or undecided when this
 * machine was too busy (or too noisy) to tell. `--record DIR` also writes
 * what was measured, one JSON file per prediction; `--reference` judges
 * the recordings shipped in the lessons root's reference/ folder instead
 * of running anything (tools/make-references makes them on a quiet
 * machine), and there every expected answer must hold.
 *
 * Every exercise of the lessons is proved too (not with --reference: a
 * recording holds no program): its starter, graded against its own run,
 * must fail at least one condition, and its reference solution must
 * pass; undecided (a busy machine) is neither.
 *
 * SIGINT and SIGTERM only set a flag: the run in progress stops, its
 * workers are reaped, and what was judged so far is printed.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "engine/capacity.h"
#include "engine/experiment.h"
#include "exercise/exercise.h"
#include "i18n.h"
#include "lesson/course.h"
#include "lesson/grade.h"
#include "lesson/reference.h"
#include "trace/export.h"
#include "util.h"

#define DEFAULT_RUNS 3
/* A reference run needs this share of its CPUs free. */
#define RECORD_FREE 0.9
/* A reference figure this close to a boundary (relatively) is a warning. */
#define NEAR_BOUNDARY 0.15
/* --answer options one command line may give. */
#define MAX_ANSWERS 64

static _Atomic int stop_requested;

static void
on_signal(int sig)
{
	(void)sig;
	atomic_store(&stop_requested, 1);
}

struct verify_opts {
	const char	*format;	/* "text" or "json" */
	const char	*record;	/* --record DIR, or NULL */
	bool		 reference;	/* judge recordings, run nothing */
	int		 runs;
	/* --answer QUIZ=N: grade option N (1-based) of QUIZ instead. */
	int		 nanswers;
	const char	*answer_quiz[MAX_ANSWERS];	/* "QUIZ=N" */
	size_t		 answer_len[MAX_ANSWERS];	/* of QUIZ */
	int		 answer_option[MAX_ANSWERS];
	bool		 answer_used[MAX_ANSWERS];
};

/* One prediction and what became of it. */
struct prediction {
	const struct lesson		*lesson;
	const struct lesson_quiz	*quiz;
	int				 line;
	int				 choice;	/* graded */
	struct experiment_series	 series;
	struct grade			 grade;
	bool				 recorded_on_known;
	struct capacity_machine		 recorded_on;
};

/* One exercise: its starter's verdict and its solution's. */
struct exproof {
	const struct lesson		*lesson;
	const struct lesson_exercise	*ex;
	int				 line;
	bool				 judged;
	enum exercise_verdict		 starter, solution;
	char				 starter_reason[1024];
	char				 solution_reason[1024];
};

struct verify {
	struct verify_opts	 o;
	struct exproof		*ex;
	size_t			 nex;
	struct lesson		**lessons;
	size_t			 nlessons;
	struct prediction	*v;
	size_t			 n;
	int			 lesson_errors;
	struct capacity_machine	 machine;
};

static void
usage(FILE *f)
{
	fputs(_("usage: timeslice verify [PATH...] [--runs N] [--format "
	    "text|json]\n"
	    "                        [--record DIR | --reference] "
	    "[--answer QUIZ=N]...\n"
	    "Runs every prediction quiz of the lessons in PATH (files, "
	    "folders, a lessons\nroot; the whole course by default) and "
	    "judges the lesson's expected answer:\nholds, fails, or "
	    "undecided when this machine is too busy to tell.\n"
	    "  --runs N       runs per prediction, each after its own "
	    "baseline (1-16, 3)\n"
	    "  --record DIR   also write what was measured, one JSON file "
	    "per prediction,\n"
	    "                 as reference runs: a run with less than 90 in "
	    "100 of the\n"
	    "                 CPUs free is recorded marked busy, with a "
	    "warning\n"
	    "  --reference    judge the recordings in the lessons root's "
	    "reference/\n"
	    "                 folder instead of running (all must hold)\n"
	    "  --answer QUIZ=N  grade option N (1 for the first) of "
	    "prediction QUIZ\n"
	    "                 instead of the expected one; may be repeated\n"
	    "Exit status: 1 if any prediction fails, 2 on bad usage.\n"), f);
}

/* Splits "--name=value" or "--name value"; NULL if the value is missing. */
static const char *
opt_value(int argc, char **argv, int *i, size_t namelen)
{
	const char *a = argv[*i];

	if (a[namelen] == '=')
		return a + namelen + 1;
	if (*i + 1 < argc)
		return argv[++*i];
	return NULL;
}

/* Whether argv[i] is option `name`, alone or as `name=value`. */
static bool
is_opt(const char *a, const char *name)
{
	size_t n = strlen(name);

	return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

/*
 * Reads the options into *o and the paths into paths[] (*npaths).
 * Returns 0, 1 after --help, or -1 after a one-line error.
 */
static int
parse_args(int argc, char **argv, struct verify_opts *o, char **paths,
    int *npaths)
{
	*npaths = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *v;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 1;
		}
		if (strcmp(a, "--reference") == 0) {
			o->reference = true;
		} else if (is_opt(a, "--runs")) {
			char *end;
			long n;

			if ((v = opt_value(argc, argv, &i, 6)) == NULL) {
				fputs(_("timeslice: verify: --runs needs a "
				    "number (allowed: 1 to 16)\n"), stderr);
				return -1;
			}
			errno = 0;
			n = strtol(v, &end, 10);
			if (errno != 0 || end == v || *end != '\0' || n < 1 ||
			    n > EXPERIMENT_MAX_RUNS) {
				fprintf(stderr, _("timeslice: verify: --runs: "
				    "'%s' is not a number of runs (allowed: 1 "
				    "to %d)\n"), v, EXPERIMENT_MAX_RUNS);
				return -1;
			}
			o->runs = (int)n;
		} else if (is_opt(a, "--format")) {
			if ((v = opt_value(argc, argv, &i, 8)) == NULL ||
			    (strcmp(v, "text") != 0 && strcmp(v, "json") != 0)) {
				fprintf(stderr, _("timeslice: verify: --format: "
				    "'%s' is not a format (allowed: text, "
				    "json)\n"), v ? v : "");
				return -1;
			}
			o->format = v;
		} else if (is_opt(a, "--record")) {
			if ((v = opt_value(argc, argv, &i, 8)) == NULL ||
			    *v == '\0') {
				fputs(_("timeslice: verify: --record needs a "
				    "folder\n"), stderr);
				return -1;
			}
			o->record = v;
		} else if (is_opt(a, "--answer")) {
			const char *eq;
			char *end;
			long n;

			if ((v = opt_value(argc, argv, &i, 8)) == NULL ||
			    (eq = strrchr(v, '=')) == NULL || eq == v ||
			    (n = strtol(eq + 1, &end, 10)) < 1 || *end != '\0' ||
			    end == eq + 1 || n > 99) {
				fprintf(stderr, _("timeslice: verify: --answer: "
				    "'%s' is not QUIZ=N (N: the option's number, "
				    "1 for the first)\n"), v ? v : "");
				return -1;
			}
			if (o->nanswers == MAX_ANSWERS) {
				fprintf(stderr, _("timeslice: verify: at most %d "
				    "--answer options\n"), MAX_ANSWERS);
				return -1;
			}
			o->answer_quiz[o->nanswers] = v;
			o->answer_len[o->nanswers] = (size_t)(eq - v);
			o->answer_option[o->nanswers++] = (int)n;
		} else if (strncmp(a, "--", 2) == 0 && a[2] != '\0') {
			fprintf(stderr, _("timeslice: verify: unknown option "
			    "'%s' (try --help)\n"), a);
			return -1;
		} else
			paths[(*npaths)++] = argv[i];
	}
	if (o->record != NULL && o->reference) {
		fputs(_("timeslice: verify: --record and --reference do not "
		    "go together\n"), stderr);
		return -1;
	}
	return 0;
}

static bool
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Loads the lesson at `path` into vf; parse errors go to stderr. */
static void
load_lesson(struct verify *vf, const char *path, const char *lang)
{
	struct diags d;
	struct lesson *l;

	diags_init(&d);
	l = lesson_load(path, &d);
	if (d.errors > 0) {
		diags_sort(&d);
		diags_print(&d, stderr);
		vf->lesson_errors += d.errors;
	}
	diags_release(&d);
	if (l == NULL)
		return;
	if (lang != NULL && (l->lang == NULL || strcmp(l->lang, lang) != 0)) {
		lesson_free(l);
		return;
	}
	vf->lessons = xreallocarray(vf->lessons, vf->nlessons + 1,
	    sizeof *vf->lessons);
	vf->lessons[vf->nlessons++] = l;
}

/* Loads the lessons of one folder (sorted by name). */
static void
load_dir(struct verify *vf, const char *dir, const char *lang)
{
	char **v;
	size_t n = course_list_dir(dir, &v);

	for (size_t i = 0; i < n; i++) {
		load_lesson(vf, v[i], lang);
		free(v[i]);
	}
	free(v);
}

/*
 * Loads every language folder of a lessons root: `known` when its
 * languages were scanned already (the course's), else scanned here.
 */
static void
load_root(struct verify *vf, const char *root, const struct lang_list *known,
    const char *lang)
{
	struct lang_list langs;

	if (known == NULL)
		lang_scan(root, &langs);
	else
		langs = *known;
	for (int k = 0; k < langs.n; k++) {
		char *sub;

		xasprintf(&sub, "%s/%s", root, langs.v[k]);
		load_dir(vf, sub, lang);
		free(sub);
	}
}

static bool	series_busy(const struct experiment_series *);

/*
 * Reads the reference recording of `p` (lesson/reference.h) into
 * p->series. Returns 0, or -1 with *why set (static text).
 */
static int
recording_read(struct prediction *p, const char **why)
{
	struct reference ref;

	if (reference_read(p->lesson, p->quiz, &ref, why) != 0) {
		experiment_series_init(&p->series, p->quiz->demo.scenario,
		    &p->quiz->demo.params);
		return -1;
	}
	p->series = ref.series;
	p->recorded_on_known = ref.machine_known;
	p->recorded_on = ref.machine;
	return 0;
}

/* Prints a condition: "speedup < 1.4". */
static void
print_condition(FILE *f, const struct lesson_choice *c)
{
	fprintf(f, "%s %s %g", c->metric ? c->metric : "?",
	    grade_op_name(c->op), c->number);
}

/*
 * Prints a figure as a person reads it, in the interface language:
 * 1.92, 0.314, 686500 (1,92 in Spanish).
 */
static void
print_num(FILE *f, double v)
{
	char buf[48];

	fputs(fabs(v) >= 100 ? i18n_num(buf, sizeof buf, v, 0) :
	    i18n_numg(buf, sizeof buf, v, 3), f);
}

/* A verdict in words for people (JSON keeps grade_verdict_name's). */
static const char *
verdict_words(enum grade_verdict v)
{
	switch (v) {
	case GRADE_HOLDS:
		return C_("verdict", "holds");
	case GRADE_FAILS:
		return C_("verdict", "fails");
	default:
		return C_("verdict", "undecided");
	}
}

/* Whether `metric` was already named by an earlier choice of q. */
static bool
named_before(const struct lesson_quiz *q, int k)
{
	for (int j = 0; j < k; j++)
		if (q->choices[j].metric != NULL &&
		    strcmp(q->choices[j].metric, q->choices[k].metric) == 0)
			return true;
	return false;
}

/* Whether choice k of q repeats an earlier one's metric and number. */
static bool
named_before_same(const struct lesson_quiz *q, int k)
{
	for (int j = 0; j < k; j++)
		if (q->choices[j].metric != NULL &&
		    strcmp(q->choices[j].metric, q->choices[k].metric) == 0 &&
		    q->choices[j].number == q->choices[k].number)
			return true;
	return false;
}

/* One prediction as text, as soon as it is judged. */
static void
print_text(FILE *f, const struct prediction *p)
{
	const struct lesson_quiz *q = p->quiz;
	const struct experiment_figure *cf;
	const char *sep = "";

	util_fputs_safe(p->lesson->path, f);
	fprintf(f, ":%d: ", p->line);
	util_fputs_safe(p->lesson->id ? p->lesson->id : "?", f);
	fputs(" / ", f);
	util_fputs_safe(q->id ? q->id : "?", f);
	fputc('\n', f);
	fprintf(f, "  %-11s", _("expected"));
	print_condition(f, &q->choices[q->expected]);
	fputc('\n', f);
	if (p->choice != q->expected) {
		fprintf(f, "  %-11s%d) ", _("answer"), p->choice + 1);
		print_condition(f, &q->choices[p->choice]);
		fputc('\n', f);
	}
	fprintf(f, "  %-11s", _("measured"));
	for (int k = 0; k < q->nchoices; k++) {
		const struct experiment_figure *fg;

		if (q->choices[k].metric == NULL || named_before(q, k))
			continue;
		fg = experiment_series_figure(&p->series, q->choices[k].metric);
		fprintf(f, "%s%s ", sep, q->choices[k].metric);
		sep = ", ";
		if (fg == NULL) {
			fputc('?', f);
			continue;
		}
		print_num(f, fg->median);
		if (fg->n > 1) {
			fputs(" (", f);
			print_num(f, fg->min);
			fputs(_(" to "), f);
			print_num(f, fg->max);
			fputc(')', f);
		}
	}
	fputs(*sep ? "; " : "", f);
	fprintf(f, ngettext("%d run\n", "%d runs\n", p->series.runs),
	    p->series.runs);
	cf = experiment_series_figure(&p->series, "cores_free");
	fprintf(f, "  %-11s", _("cores free"));
	if (cf != NULL) {
		char a[32], b[32];

		fprintf(f, _("%s of %d (least %s)\n"), i18n_num(a, sizeof a,
		    cf->median, 2), p->series.cpus, i18n_num(b, sizeof b,
		    cf->min, 2));
	}
	else
		fprintf(f, "%s\n", _("unknown"));
	/* At least one space after the verdict, however long its word. */
	fputs("  ", f);
	i18n_fpad(f, verdict_words(p->grade.verdict),
	    i18n_width(verdict_words(p->grade.verdict)) < 11 ? 11 :
	    i18n_width(verdict_words(p->grade.verdict)) + 1, 0);
	util_fputs_safe(p->grade.reason, f);
	fputs("\n\n", f);
	fflush(f);
}

/* The median of the predictions' cores_free, or -1. */
static double
machine_cores_free(const struct verify *vf)
{
	double v[4096];
	int n = 0;

	for (size_t i = 0; i < vf->n && n < 4096; i++) {
		const struct experiment_figure *cf = experiment_series_figure(
		    &vf->v[i].series, "cores_free");

		if (cf != NULL)
			v[n++] = cf->median;
	}
	return n == 0 ? -1 : grade_median(v, n);
}

/* Every prediction as one JSON object. */
static void
print_json(FILE *f, const struct verify *vf)
{
	double mcf = machine_cores_free(vf);

	fprintf(f, "{\"machine\":{\"cpus\":%d,\"cores_free\":",
	    vf->machine.cpus);
	json_figure(f, mcf >= 0 ? mcf : NAN);
	fputs(",\"model\":", f);
	json_string(f, vf->machine.model);
	fputs(",\"kernel\":", f);
	json_string(f, vf->machine.kernel);
	fprintf(f, "},\"reference\":%s,\"predictions\":[",
	    vf->o.reference ? "true" : "false");
	for (size_t i = 0; i < vf->n; i++) {
		const struct prediction *p = &vf->v[i];
		const struct lesson_quiz *q = p->quiz;
		const struct experiment_figure *cf;
		bool first = true;

		fputs(i ? ",\n{\"lesson\":" : "\n{\"lesson\":", f);
		json_string(f, p->lesson->id);
		fputs(",\"lang\":", f);
		json_string(f, p->lesson->lang);
		fputs(",\"path\":", f);
		json_string(f, p->lesson->path);
		fprintf(f, ",\"line\":%d,\"quiz\":", p->line);
		json_string(f, q->id);
		fputs(",\"expected\":{\"choice\":", f);
		fprintf(f, "%d,\"condition\":\"", q->expected);
		print_condition(f, &q->choices[q->expected]);
		fputs("\",\"text\":", f);
		json_string(f, q->choices[q->expected].text);
		/* The option graded: --answer's, or the expected one. */
		fprintf(f, "},\"answer\":{\"choice\":%d,\"option\":%d,"
		    "\"condition\":\"", p->choice, p->choice + 1);
		print_condition(f, &q->choices[p->choice]);
		fputs("\",\"text\":", f);
		json_string(f, q->choices[p->choice].text);
		fputs(",\"grade\":", f);
		json_string(f, grade_answer_name(p->grade.verdict ==
		    GRADE_HOLDS ? GRADE_RIGHT : p->grade.verdict == GRADE_FAILS ?
		    GRADE_WRONG : GRADE_UNSURE));
		fputs("},\"measured\":{", f);
		for (int k = 0; k < q->nchoices; k++) {
			const struct experiment_figure *fg;

			if (q->choices[k].metric == NULL || named_before(q, k) ||
			    (fg = experiment_series_figure(&p->series,
			    q->choices[k].metric)) == NULL)
				continue;
			fputs(first ? "" : ",", f);
			first = false;
			json_string(f, fg->name);
			fputs(":{\"median\":", f);
			json_figure(f, fg->median);
			fputs(",\"min\":", f);
			json_figure(f, fg->min);
			fputs(",\"max\":", f);
			json_figure(f, fg->max);
			fputc('}', f);
		}
		fprintf(f, "},\"runs\":%d,\"cpus\":%d,\"cores_free\":",
		    p->series.runs, p->series.cpus);
		cf = experiment_series_figure(&p->series, "cores_free");
		json_figure(f, cf ? cf->median : NAN);
		fputs(",\"cores_free_min\":", f);
		json_figure(f, cf ? cf->min : NAN);
		fputs(",\"verdict\":", f);
		json_string(f, grade_verdict_name(p->grade.verdict));
		fputs(",\"reason\":", f);
		json_string(f, p->grade.reason);
		if (p->grade.measured) {
			fputs(",\"quiet_range\":[", f);
			json_figure(f, p->grade.lo);
			fputc(',', f);
			json_figure(f, p->grade.hi);
			fputc(']', f);
		}
		if (p->grade.ceiling > 0) {
			fputs(",\"ceiling\":", f);
			json_figure(f, p->grade.ceiling);
		}
		if (p->recorded_on_known) {
			fputs(",\"recorded_on\":", f);
			reference_json_machine(f, &p->recorded_on);
		}
		fputc('}', f);
	}
	fputs("],\"exercises\":[", f);
	for (size_t i = 0, k = 0; i < vf->nex; i++) {
		const struct exproof *e = &vf->ex[i];

		if (!e->judged)
			continue;
		fputs(k++ > 0 ? ",{\"lesson\":" : "{\"lesson\":", f);
		json_string(f, e->lesson->id ? e->lesson->id : "");
		fputs(",\"lang\":", f);
		json_string(f, e->lesson->lang ? e->lesson->lang : "");
		fputs(",\"exercise\":", f);
		json_string(f, e->ex->id);
		fprintf(f, ",\"starter\":\"%s\",\"starter_reason\":",
		    exercise_verdict_name(e->starter));
		json_string(f, e->starter_reason);
		fprintf(f, ",\"solution\":\"%s\",\"solution_reason\":",
		    exercise_verdict_name(e->solution));
		json_string(f, e->solution_reason);
		fputc('}', f);
	}
	fputs("]}\n", f);
}

/*
 * Whether the runs of `s` were too busy to stand for a quiet machine:
 * less than RECORD_FREE of their CPUs free (the median over the runs).
 */
static bool
series_busy(const struct experiment_series *s)
{
	const struct experiment_figure *cf = experiment_series_figure(s,
	    "cores_free");

	return cf != NULL && s->cpus > 0 && cf->median < RECORD_FREE * s->cpus;
}

/*
 * Says that the runs of `p` were too busy for a reference run: recorded
 * (`recorded` true) marked busy, or read back from such a recording. A
 * lesson shows such a reference as a busy machine's.
 */
static void
warn_busy(const struct prediction *p, bool recorded)
{
	const struct experiment_figure *cf = experiment_series_figure(
	    &p->series, "cores_free");
	char a[32];

	i18n_num(a, sizeof a, cf != NULL ? cf->median : 0, 2);
	if (recorded)
		fprintf(stderr, _("%s:%d: warning: %s: recorded marked busy: "
		    "only %s of %d cores were free, and a reference run needs "
		    "90 in 100 of them\n"), p->lesson->path, p->line,
		    p->quiz->id, a, p->series.cpus);
	else
		fprintf(stderr, _("%s:%d: warning: %s: the reference run was "
		    "recorded on a busy machine (%s of %d cores free)\n"),
		    p->lesson->path, p->line, p->quiz->id, a, p->series.cpus);
}

/*
 * Warns when a figure of a reference run lies within NEAR_BOUNDARY of
 * the number a condition of the quiz compares it with: a machine a
 * little different would land on the other side.
 */
static void
warn_near_boundaries(const struct prediction *p)
{
	const struct lesson_quiz *q = p->quiz;

	for (int k = 0; k < q->nchoices; k++) {
		const struct lesson_choice *c = &q->choices[k];
		const struct experiment_figure *f;

		if (c->metric == NULL || named_before_same(q, k) ||
		    (f = experiment_series_figure(&p->series, c->metric)) ==
		    NULL || c->number == 0 ||
		    fabs(f->median - c->number) >= NEAR_BOUNDARY *
		    fabs(c->number))
			continue;
		fprintf(stderr, _("%s:%d: warning: %s: the reference %s %.4g "
		    "lies within 15%% of %g ('%s %s %g'); move the boundary or "
		    "the experiment\n"), p->lesson->path, p->line, q->id,
		    c->metric, f->median, c->number, c->metric,
		    grade_op_name(c->op), c->number);
	}
}

/* An exercise verdict in the interface's words. */
static const char *
exercise_words(enum exercise_verdict v)
{
	switch (v) {
	case EXERCISE_PASSES:
		return C_("verdict", "passes");
	case EXERCISE_FAILS:
		return C_("verdict", "fails");
	default:
		return C_("verdict", "undecided");
	}
}

/* One exercise's proof for a person. */
static void
print_exercise_text(FILE *f, const struct exproof *e)
{
	util_fputs_safe(e->lesson->path, f);
	fprintf(f, ":%d: ", e->line);
	util_fputs_safe(e->lesson->id ? e->lesson->id : "?", f);
	fputs(" / ", f);
	util_fputs_safe(e->ex->id, f);
	fprintf(f, " (%s)\n", _("exercise"));
	/* Columns, not bytes: "solución" is 8 columns, 9 bytes. */
	fputs("  ", f);
	i18n_fpad(f, _("starter"), 11, 0);
	i18n_fpad(f, exercise_words(e->starter), 11, 0);
	util_fputs_safe(e->starter_reason, f);
	fputs("\n  ", f);
	i18n_fpad(f, _("solution"), 11, 0);
	i18n_fpad(f, exercise_words(e->solution), 11, 0);
	util_fputs_safe(e->solution_reason, f);
	fputs("\n\n", f);
	fflush(f);
}

/*
 * Runs an exercise's starter and its solution, each graded against the
 * starter's run (measured once). Returns 0, or -1 with *cause.
 */
static int
prove_exercise(struct exproof *e, char **cause)
{
	const struct lesson_exercise *ex = e->ex;
	struct exercise_run base;
	struct exercise_result res;
	bool need = exercise_needs_starter(ex), cached;

	memset(&base, 0, sizeof base);
	if (need && exercise_starter_run(ex, &stop_requested, NULL, &base, &cached,
	    cause) != 0)
		return -1;
	if (exercise_check(ex, ex->starter_path, need ? &base : NULL,
	    &stop_requested, NULL, &res, cause) != 0) {
		exercise_run_release(&base);
		return -1;
	}
	e->starter = res.verdict;
	snprintf(e->starter_reason, sizeof e->starter_reason, "%s",
	    res.reason);
	exercise_result_release(&res);
	if (exercise_check(ex, ex->solution_path, need ? &base : NULL,
	    &stop_requested, NULL, &res, cause) != 0) {
		exercise_run_release(&base);
		return -1;
	}
	e->solution = res.verdict;
	snprintf(e->solution_reason, sizeof e->solution_reason, "%s",
	    res.reason);
	exercise_result_release(&res);
	exercise_run_release(&base);
	e->judged = !atomic_load(&stop_requested);
	return 0;
}

/* Measures (or reads) and grades prediction `p`. Returns 0 or -1. */
static int
judge(struct verify *vf, struct prediction *p, char **cause)
{
	const struct lesson_demo *dm = &p->quiz->demo;
	struct params params = dm->params;
	const char *why = NULL;

	if (vf->o.reference) {
		if (recording_read(p, &why) != 0) {
			memset(&p->grade, 0, sizeof p->grade);
			p->grade.verdict = GRADE_UNDECIDED;
			p->grade.cores_free = -1;
			snprintf(p->grade.reason, sizeof p->grade.reason, "%s",
			    _(why));
			return 0;
		}
	} else {
		params.baseline = true;
		if (experiment_series_run(&p->series, dm->scenario, &params,
		    vf->o.runs, &stop_requested, cause) != 0)
			return -1;
		if (p->series.interrupted)
			return 0;
		if (vf->o.record != NULL &&
		    reference_write(vf->o.record, p->lesson, p->quiz,
		    &p->series, series_busy(&p->series), &vf->machine,
		    cause) != 0)
			return -1;
	}
	if (vf->o.reference || vf->o.record != NULL) {
		/* A busy run's figures say nothing about the boundaries. */
		if (series_busy(&p->series))
			warn_busy(p, !vf->o.reference);
		else
			warn_near_boundaries(p);
	}
	grade_choice(p->quiz, p->choice, &p->series, &p->grade);
	return 0;
}

/*
 * The option of `q` that --answer asks to grade (0-based), or its
 * expected one. Returns -1 with a message when the number is not one of
 * its options.
 */
static int
chosen_option(struct verify_opts *o, const struct lesson_quiz *q)
{
	for (int k = 0; k < o->nanswers; k++) {
		if (strlen(q->id) != o->answer_len[k] ||
		    strncmp(q->id, o->answer_quiz[k], o->answer_len[k]) != 0)
			continue;
		o->answer_used[k] = true;
		if (o->answer_option[k] > q->nchoices) {
			fprintf(stderr, ngettext("timeslice: verify: --answer "
			    "%s: '%s' has %d option\n", "timeslice: verify: "
			    "--answer %s: '%s' has %d options\n", q->nchoices),
			    o->answer_quiz[k], q->id, q->nchoices);
			return -1;
		}
		return o->answer_option[k] - 1;
	}
	return q->expected;
}

/* Counts the verdicts and prints the summary line to stderr. */
static int
summary(const struct verify *vf, bool interrupted)
{
	int n[3] = { 0, 0, 0 };

	for (size_t i = 0; i < vf->n; i++)
		n[vf->v[i].grade.verdict]++;
	fprintf(stderr, _("%zu prediction(s): %d hold, %d undecided, %d "
	    "fail%s\n"), vf->n, n[GRADE_HOLDS], n[GRADE_UNDECIDED],
	    n[GRADE_FAILS], interrupted ? _(" (interrupted)") : "");
	if (vf->nex > 0) {
		int bad = 0;

		for (size_t i = 0; i < vf->nex; i++)
			bad += vf->ex[i].judged &&
			    (vf->ex[i].starter == EXERCISE_PASSES ||
			    vf->ex[i].solution == EXERCISE_FAILS);
		fprintf(stderr, _("%zu exercise(s): %d with a starter that "
		    "passes or a solution that fails\n"), vf->nex, bad);
		if (bad > 0 && !interrupted)
			return 1;
	}
	if (interrupted)
		return 130;
	if (n[GRADE_FAILS] > 0 || vf->lesson_errors > 0)
		return 1;
	/* Recordings come from a quiet machine: all must hold. */
	if (vf->o.reference && n[GRADE_UNDECIDED] > 0)
		return 1;
	return 0;
}

int
cmd_verify(int argc, char **argv, const struct global_opts *g)
{
	struct verify vf;
	struct sigaction sa;
	char **paths = xcalloc((size_t)argc + 1, sizeof *paths);
	const char *lang = g != NULL ? g->lang : NULL;
	bool text, interrupted = false;
	char *cause = NULL;
	int npaths, rc;

	memset(&vf, 0, sizeof vf);
	vf.o.format = "text";
	vf.o.runs = DEFAULT_RUNS;
	rc = parse_args(argc, argv, &vf.o, paths, &npaths);
	if (rc != 0) {
		free(paths);
		return rc > 0 ? 0 : EXIT_USAGE;
	}
	text = strcmp(vf.o.format, "text") == 0;
	if (vf.o.record != NULL && mkdir(vf.o.record, 0777) != 0 &&
	    errno != EEXIST) {
		fprintf(stderr, _("timeslice: verify: --record: cannot make "
		    "'%s': %s\n"), vf.o.record, strerror(errno));
		free(paths);
		return 1;
	}

	if (npaths == 0)
		load_root(&vf, course_root(), g != NULL ? &g->langs : NULL,
		    lang);
	for (int i = 0; i < npaths; i++) {
		if (!is_dir(paths[i]))
			load_lesson(&vf, paths[i], NULL);
		else if (course_is_root(paths[i]))
			load_root(&vf, paths[i], NULL, lang);
		else
			load_dir(&vf, paths[i], NULL);
	}
	free(paths);

	for (size_t i = 0; i < vf.nlessons; i++)
		for (size_t b = 0; b < vf.lessons[i]->nblocks; b++) {
			const struct lesson_block *bl = &vf.lessons[i]->blocks[b];
			struct prediction *p;

			if (bl->kind != LESSON_PREDICT || bl->quiz == NULL ||
			    bl->quiz->demo.scenario == NULL ||
			    bl->quiz->expected < 0 || bl->quiz->id == NULL)
				continue;
			vf.v = xreallocarray(vf.v, vf.n + 1, sizeof *vf.v);
			p = &vf.v[vf.n++];
			memset(p, 0, sizeof *p);
			p->lesson = vf.lessons[i];
			p->quiz = bl->quiz;
			p->line = bl->line;
			if ((p->choice = chosen_option(&vf.o, p->quiz)) < 0)
				rc = EXIT_USAGE;
		}
	/* Exercises: not from recordings, and only those that can run. */
	for (size_t i = 0; i < vf.nlessons && !vf.o.reference; i++)
		for (size_t b = 0; b < vf.lessons[i]->nblocks; b++) {
			const struct lesson_block *bl = &vf.lessons[i]->blocks[b];
			struct exproof *e;

			if (bl->kind != LESSON_EXERCISE || bl->exercise->id ==
			    NULL || bl->exercise->starter_path == NULL ||
			    bl->exercise->solution_path == NULL)
				continue;
			vf.ex = xreallocarray(vf.ex, vf.nex + 1, sizeof *vf.ex);
			e = &vf.ex[vf.nex++];
			memset(e, 0, sizeof *e);
			e->lesson = vf.lessons[i];
			e->ex = bl->exercise;
			e->line = bl->line;
		}
	for (int k = 0; k < vf.o.nanswers; k++)
		if (!vf.o.answer_used[k]) {
			fprintf(stderr, _("timeslice: verify: --answer %s: no "
			    "prediction is called '%.*s'\n"),
			    vf.o.answer_quiz[k], (int)vf.o.answer_len[k],
			    vf.o.answer_quiz[k]);
			rc = EXIT_USAGE;
		}
	if (rc != 0) {
		for (size_t i = 0; i < vf.nlessons; i++)
			lesson_free(vf.lessons[i]);
		free(vf.lessons);
		free(vf.v);
		free(vf.ex);
		return rc;
	}

	capacity_machine(&vf.machine);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	rc = 0;
	for (size_t i = 0; i < vf.n; i++) {
		if (atomic_load(&stop_requested)) {
			vf.n = i;
			interrupted = true;
			break;
		}
		if (judge(&vf, &vf.v[i], &cause) != 0) {
			fprintf(stderr, "timeslice: verify: %s: %s\n",
			    vf.v[i].quiz->id, cause ? cause : "failed");
			free(cause);
			vf.n = i;
			rc = 1;
			break;
		}
		if (vf.v[i].series.interrupted) {
			vf.n = i;
			interrupted = true;
			break;
		}
		if (text)
			print_text(stdout, &vf.v[i]);
	}
	for (size_t i = 0; i < vf.nex && rc == 0 && !interrupted; i++) {
		if (prove_exercise(&vf.ex[i], &cause) != 0) {
			fprintf(stderr, "timeslice: verify: %s: %s\n",
			    vf.ex[i].ex->id, cause ? cause : "failed");
			free(cause);
			cause = NULL;
			continue;	/* no python3: the others cannot run either,
					   but say so for each */
		}
		if (atomic_load(&stop_requested)) {
			interrupted = true;
			break;
		}
		if (text)
			print_exercise_text(stdout, &vf.ex[i]);
	}
	if (!text)
		print_json(stdout, &vf);
	if (rc == 0)
		rc = summary(&vf, interrupted);
	for (size_t i = 0; i < vf.nlessons; i++)
		lesson_free(vf.lessons[i]);
	free(vf.lessons);
	free(vf.v);
	free(vf.ex);
	return rc;
}
