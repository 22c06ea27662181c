/*
 * cmd_exercise.c - `timeslice exercise`: the course's exercises from a
 * shell.
 *
 *   exercise ID --check FILE [--format text|json]   grade FILE once;
 *       exit 0 passes, 1 fails, 3 undecided
 *   exercise --list [--format text|json]   every exercise, its status and
 *       the learner's workspace file
 *   exercise ID   make the workspace from the starter (never over a file
 *       that is there); on a terminal, open the live loop on it
 *       (ui/exercise_view.c), else print its path and the goal
 *
 * The running and grading are exercise/'s; this file finds the exercise
 * in the course, in the chosen language, and prints.
 */
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "exercise/exercise.h"
#include "i18n.h"
#include "lesson/course.h"
#include "store/progress.h"
#include "trace/export.h"
#include "ui/exercise_view.h"
#include "util.h"

/* Exit status of an undecided grade (0 passes, 1 fails). */
#define EXIT_UNDECIDED	3
/* How much of the output the text verdict shows: its last lines. */
#define TEXT_TAIL_LINES	12

static _Atomic int stop_requested;

/* SIGINT, SIGTERM, SIGHUP: end the program being graded, then report. */
static void
on_signal(int sig)
{
	(void)sig;
	atomic_store(&stop_requested, 1);
}

struct exercise_opts {
	const char	*id;
	const char	*check;		/* --check FILE */
	const char	*format;	/* "text" or "json" */
	bool		 list;
	struct global_opts g;
};

static void
usage(FILE *f)
{
	fputs(_("usage: timeslice exercise ID --check FILE [--format text|json] "
	    "[--lang L]\n"
	    "       timeslice exercise --list [--format text|json]\n"
	    "       timeslice exercise ID\n"
	    "  --check FILE  run FILE under the tracer and grade it against "
	    "the\n"
	    "                exercise's conditions (exit 0 passes, 1 fails, 3 "
	    "undecided)\n"
	    "  --list        every exercise, its status and workspace file\n"
	    "  ID alone      copy the starter to the workspace (never over "
	    "your file)\n"
	    "                and print its path and the goal\n"), f);
}

/* Reads the options; 1 for --help, 0, or -1 after a one-line error. */
static int
parse(int argc, char **argv, struct exercise_opts *o)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		int rc;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return 1;
		if ((rc = global_opt(argc, argv, &i, &o->g)) < 0)
			return -1;
		if (rc > 0)
			continue;
		if (strcmp(a, "--list") == 0)
			o->list = true;
		else if (strcmp(a, "--check") == 0 || strcmp(a, "--format") ==
		    0) {
			if (i + 1 >= argc) {
				fprintf(stderr, _("timeslice: %s needs a value\n"),
				    a);
				return -1;
			}
			if (strcmp(a, "--check") == 0)
				o->check = argv[++i];
			else
				o->format = argv[++i];
		} else if (strncmp(a, "--", 2) == 0) {
			fprintf(stderr, _("timeslice: exercise: unknown option "
			    "'%s' (try timeslice exercise --help)\n"), a);
			return -1;
		} else if (o->id == NULL)
			o->id = a;
		else {
			fprintf(stderr, _("timeslice: exercise: unexpected "
			    "argument '%s'\n"), a);
			return -1;
		}
	}
	if (strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0) {
		fprintf(stderr, _("timeslice: --format: '%s' is not a format "
		    "(allowed: text, json)\n"), o->format);
		return -1;
	}
	if (!o->list && o->id == NULL) {
		fputs(_("timeslice: exercise: give an exercise id, or --list\n"),
		    stderr);
		return -1;
	}
	if (o->list && (o->id != NULL || o->check != NULL)) {
		fputs(_("timeslice: exercise: --list takes no id and no "
		    "--check\n"), stderr);
		return -1;
	}
	return 0;
}

/* The course language: --lang, else the locale's when the course has it,
 * else English. */
static const char *
course_lang(const struct exercise_opts *o, const struct course *c)
{
	if (o->g.lang != NULL)
		return o->g.lang;
	return i18n_locale_lang(&c->langs);
}

/* Finds exercise `id` in `lang`; its lesson in *lesson. */
static const struct lesson_exercise *
find(const struct course *c, const char *lang, const char *id,
    const struct lesson **lesson)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct lesson_exercise *ex;

		if (c->v[i]->lang == NULL || strcmp(c->v[i]->lang, lang) != 0)
			continue;
		if ((ex = lesson_find_exercise(c->v[i], id)) != NULL) {
			*lesson = c->v[i];
			return ex;
		}
	}
	return NULL;
}

/* A number for JSON, or null when it is not one. */
static void
ex_json_num(FILE *f, double v, bool known)
{
	if (known && v == v && v - v == 0)
		fprintf(f, "%.6g", v);
	else
		fputs("null", f);
}

/* The last `lines` lines of `s`. */
static const char *
tail_lines(const char *s, int lines)
{
	const char *p = s + strlen(s);

	if (p > s && p[-1] == '\n')
		p--;
	while (p > s) {
		if (p[-1] == '\n' && --lines == 0)
			break;
		p--;
	}
	return p;
}

/* The output the verdict shows: stdout then stderr (a traceback). */
static char *
output_tail(const struct exercise_run *r)
{
	char *s;

	xasprintf(&s, "%s%s", r->out != NULL ? r->out : "",
	    r->err != NULL ? r->err : "");
	return s;
}

/* The verdict as the JSON object of the contract. */
static void
print_json(const char *id, const struct lesson_exercise *ex,
    const struct exercise_result *res)
{
	const struct exercise_run *r = &res->run;
	char *tail = output_tail(r);

	fputs("{\"exercise\":", stdout);
	json_string(stdout, id);
	printf(",\"verdict\":\"%s\",\"reason\":",
	    exercise_verdict_name(res->verdict));
	json_string(stdout, res->reason);
	fputs(",\"conditions\":[", stdout);
	for (int i = 0; i < res->nconds; i++) {
		const struct exercise_cond_result *cr = &res->conds[i];

		fputs(i > 0 ? ",{\"text\":" : "{\"text\":", stdout);
		json_string(stdout, ex->conds[i].text);
		fputs(",\"measured\":", stdout);
		if (cr->text)
			json_string(stdout, cr->value_text);
		else
			ex_json_num(stdout, cr->value, cr->measured);
		printf(",\"verdict\":\"%s\",\"reason\":",
		    grade_verdict_name(cr->verdict));
		json_string(stdout, cr->reason);
		fputc('}', stdout);
	}
	fputs("],\"exit_status\":", stdout);
	ex_json_num(stdout, r->exit_status, r->exit_status >= 0);
	printf(",\"timed_out\":%s,\"output_tail\":", r->timed_out ? "true" :
	    "false");
	json_string(stdout, tail);
	fputs(",\"wall_ms\":", stdout);
	ex_json_num(stdout, r->wall_ms, true);
	fputs(",\"starter_wall_ms\":", stdout);
	ex_json_num(stdout, res->starter_wall_ms, res->have_starter);
	fputs(",\"cores_used\":", stdout);
	ex_json_num(stdout, r->cores_used, true);
	fputs(",\"cores_free\":", stdout);
	ex_json_num(stdout, r->cores_free, r->cores_free >= 0);
	printf(",\"runs\":%d}\n", res->runs);
	free(tail);
}

/* The verdict for a person. */
static void
print_text(const char *id, const struct lesson_exercise *ex,
    const struct exercise_result *res)
{
	static const char *const mark[] = { "ok  ", "FAIL", "??  " };
	const struct exercise_run *r = &res->run;
	char *tail = output_tail(r), w[32], sw[32];

	printf(_("exercise %s: %s\n"), id, res->verdict == EXERCISE_PASSES ?
	    _("passes") : res->verdict == EXERCISE_FAILS ? _("fails") :
	    _("undecided"));
	fputs("  ", stdout);
	util_fputs_safe(res->reason, stdout);
	fputc('\n', stdout);
	for (int i = 0; i < res->nconds; i++) {
		printf("  %s %s", mark[res->conds[i].verdict], ex->conds[i].text);
		if (res->conds[i].verdict != GRADE_HOLDS) {
			fputs(": ", stdout);
			util_fputs_safe(res->conds[i].reason, stdout);
		}
		fputc('\n', stdout);
	}
	i18n_num(w, sizeof w, r->wall_ms, 0);
	if (res->have_starter) {
		i18n_num(sw, sizeof sw, res->starter_wall_ms, 0);
		printf(_("  wall %s ms (the starter: %s ms), cores used %.2f, "
		    "cores free %.1f, exit status %d\n"), w, sw, r->cores_used,
		    r->cores_free, r->exit_status);
	} else
		printf(_("  wall %s ms, cores used %.2f, cores free %.1f, exit "
		    "status %d\n"), w, r->cores_used, r->cores_free,
		    r->exit_status);
	if (*tail != '\0') {
		printf("%s\n", _("  its output, last lines:"));
		util_fputs_safe_n(tail_lines(tail, TEXT_TAIL_LINES),
		    strlen(tail_lines(tail, TEXT_TAIL_LINES)), stdout, 1);
		if (tail[strlen(tail) - 1] != '\n')
			fputc('\n', stdout);
	}
	free(tail);
}

/* SIGINT, SIGTERM and SIGHUP only set the flag the runs read. */
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

/* Whether `file` is the learner's workspace of `id` (the same file). */
static bool
is_workspace(const char *lang, const char *id, const char *file)
{
	char *ws = exercise_workspace(lang, id);
	struct stat a, b;
	bool same;

	same = ws != NULL && stat(ws, &a) == 0 && stat(file, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
	free(ws);
	return same;
}

/* `exercise ID --check FILE`. */
static int
check(const struct exercise_opts *o, const char *lang,
    const struct lesson_exercise *ex)
{
	struct exercise_run starter;
	struct exercise_result res;
	bool need = exercise_needs_starter(ex), cached = false;
	char *cause = NULL;
	int rc;

	catch_signals();
	memset(&starter, 0, sizeof starter);
	if (need && exercise_starter_run(ex, &stop_requested, NULL,
	    &starter, &cached, &cause) != 0) {
		fprintf(stderr, _("timeslice: exercise %s: the starter: %s\n"),
		    o->id, cause);
		free(cause);
		return 1;
	}
	if (exercise_check(ex, o->check, need ? &starter : NULL,
	    &stop_requested, NULL, &res, &cause) != 0) {
		fprintf(stderr, "timeslice: exercise %s: %s\n", o->id, cause);
		free(cause);
		exercise_run_release(&starter);
		return 1;
	}
	if (strcmp(o->format, "json") == 0)
		print_json(o->id, ex, &res);
	else
		print_text(o->id, ex, &res);
	rc = res.verdict == EXERCISE_PASSES ? 0 : res.verdict ==
	    EXERCISE_FAILS ? 1 : EXIT_UNDECIDED;
	if (atomic_load(&stop_requested))
		rc = 130;
	/* Grading the learner's own file counts as an attempt; grading an
	 * author's or a test's file elsewhere does not. */
	else if (is_workspace(lang, o->id, o->check) &&
	    exercise_record_attempt(o->id, res.verdict == EXERCISE_PASSES, 0,
	    &cause) != 0) {
		fprintf(stderr, _("timeslice: exercise %s: progress not saved: "
		    "%s\n"), o->id, cause);
		free(cause);
	}
	exercise_result_release(&res);
	exercise_run_release(&starter);
	return rc;
}

/* `exercise ID`: the workspace made from the starter, its path, the goal. */
static int
open_workspace(const struct exercise_opts *o, const char *lang,
    const struct lesson_exercise *ex)
{
	char *path = exercise_workspace(lang, o->id), *cause = NULL;
	bool created;

	if (path == NULL) {
		fputs(_("timeslice: exercise: no place for the workspace (set "
		    "HOME or XDG_DATA_HOME)\n"), stderr);
		return 1;
	}
	if (ex->starter_path == NULL ||
	    exercise_workspace_create(path, ex->starter_path, &created,
	    &cause) != 0) {
		fprintf(stderr, "timeslice: exercise %s: %s\n", o->id,
		    cause != NULL ? cause : _("the starter is missing"));
		free(cause);
		free(path);
		return 1;
	}
	/* On a terminal, the live loop; without one, the path and the goal. */
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		int rc = exercise_view_run(ex, path, &cause);

		if (rc >= 0) {
			free(path);
			return rc;
		}
		free(cause);
		cause = NULL;
	}
	printf("%s\n", path);
	printf(_("goal: %s\n"), ex->goal != NULL ? ex->goal : "?");
	printf(created ? _("(made from the starter; edit it, then run: "
	    "timeslice exercise %s --check %s)\n") : _("(your file, kept as "
	    "it was; grade it: timeslice exercise %s --check %s)\n"), o->id,
	    path);
	free(path);
	return 0;
}

/* `exercise --list`. */
static int
list(const struct exercise_opts *o, const struct course *c, const char *lang)
{
	bool json = strcmp(o->format, "json") == 0, first = true;
	struct progress p;
	char *warning = NULL;
	bool have = progress_load(&p, NULL, &warning) == 0;

	if (warning != NULL)
		fprintf(stderr, "timeslice: %s\n", warning);
	free(warning);

	if (json)
		fputs("{\"exercises\":[", stdout);
	for (size_t i = 0; i < c->n; i++) {
		const struct lesson *l = c->v[i];

		if (l->lang == NULL || strcmp(l->lang, lang) != 0)
			continue;
		for (size_t b = 0; b < l->nblocks; b++) {
			const struct lesson_exercise *ex = l->blocks[b].exercise;
			const struct progress_exercise *pe;
			char *ws;
			const char *status;

			if (l->blocks[b].kind != LESSON_EXERCISE ||
			    ex->id == NULL)
				continue;
			ws = exercise_workspace(lang, ex->id);
			pe = have ? progress_exercise(&p, ex->id) : NULL;
			status = pe != NULL && pe->done ? "done" : ws != NULL &&
			    access(ws, F_OK) == 0 ? "started" : "new";
			if (json) {
				fputs(first ? "{\"id\":" : ",{\"id\":", stdout);
				json_string(stdout, ex->id);
				fputs(",\"lesson\":", stdout);
				json_string(stdout, l->id ? l->id : "");
				fputs(",\"title\":", stdout);
				json_string(stdout, ex->goal ? ex->goal : "");
				printf(",\"status\":\"%s\",\"workspace\":", status);
				if (ws != NULL)
					json_string(stdout, ws);
				else
					fputs("null", stdout);
				fputc('}', stdout);
			} else {
				printf("%-20s %-12s %-8s ", ex->id, l->id ? l->id :
				    "?", strcmp(status, "new") == 0 ?
				    C_("exercise status", "new") :
				    strcmp(status, "done") == 0 ?
				    C_("exercise status", "done") :
				    C_("exercise status", "started"));
				util_fputs_safe(ex->goal ? ex->goal : "", stdout);
				fputc('\n', stdout);
			}
			first = false;
			free(ws);
		}
	}
	if (json)
		fputs("]}\n", stdout);
	if (have)
		progress_release(&p);
	return 0;
}

int
cmd_exercise(int argc, char **argv, const struct global_opts *g)
{
	struct exercise_opts o;
	const struct lesson_exercise *ex;
	const struct lesson *lesson = NULL;
	struct course c;
	struct diags d;
	const char *lang;
	int rc;

	memset(&o, 0, sizeof o);
	o.format = "text";
	if (g != NULL)
		o.g = *g;
	if ((rc = parse(argc, argv, &o)) != 0) {
		if (rc > 0)
			usage(stdout);
		return rc > 0 ? 0 : EXIT_USAGE;
	}
	global_opts_apply(&o.g);
	diags_init(&d);
	memset(&c, 0, sizeof c);
	if (course_load(&c, course_root(), &d) != 0) {
		diags_print(&d, stderr);
		diags_release(&d);
		course_release(&c);
		return 1;
	}
	diags_release(&d);
	lang = course_lang(&o, &c);
	if (o.list)
		rc = list(&o, &c, lang);
	else if ((ex = find(&c, lang, o.id, &lesson)) == NULL) {
		fprintf(stderr, _("timeslice: exercise: no exercise '%s' in the "
		    "'%s' course (timeslice exercise --list)\n"), o.id, lang);
		rc = EXIT_USAGE;
	} else if (o.check != NULL)
		rc = check(&o, lang, ex);
	else
		rc = open_workspace(&o, lang, ex);
	course_release(&c);
	return rc;
}
