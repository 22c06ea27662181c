/*
 * exercise_verdict.c - an exercise's verdict on the exercise screen: its
 * line, each condition with its figure and why it failed, and the
 * program's last output, escaped, in the rows the screen gives it
 * (exercise_view.c lays the screen out).
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exercise/exercise.h"
#include "i18n.h"
#include "ui/exercise_verdict.h"
#include "util.h"

/* Lines of the program's output the screen keeps at most. */
#define EXV_TAIL_LINES	8
/* Rows kept for the output before the conditions' reasons get two. */
#define EXV_OUTPUT_ROOM	4

/*
 * Writes `text` from (x, y) wrapped at word boundaries in `w` columns,
 * at most `maxlines` lines (the last one ends in an ellipsis when the
 * text goes on); returns the lines used. With `c` NULL it only counts
 * them.
 */
int
exv_wrap(struct canvas *c, int x, int y, int w, int maxlines, uint8_t st,
    const char *text)
{
	char *copy = xstrdup(text), *p = copy, line[1024];
	int n = 0;

	while (*p != '\0' && n < maxlines) {
		size_t len = 0, fit = 0;

		/* The last line takes the rest, cut with an ellipsis. */
		if (n == maxlines - 1 && canvas_width(p) > w) {
			if (c != NULL)
				canvas_text_fit(c, x, y + n, w, st, p);
			n++;
			break;
		}
		line[0] = '\0';
		while (p[len] != '\0') {
			size_t next = len;

			while (p[next] == ' ')
				next++;
			while (p[next] != '\0' && p[next] != ' ')
				next++;
			if (next >= sizeof line)
				break;
			memcpy(line, p, next);
			line[next] = '\0';
			if (canvas_width(line) > w && fit > 0)
				break;
			fit = len = next;
		}
		if (fit == 0)
			fit = strlen(p) < sizeof line - 1 ? strlen(p) :
			    sizeof line - 1;
		memcpy(line, p, fit);
		line[fit] = '\0';
		if (c != NULL)
			canvas_text_fit(c, x, y + n, w, st, line);
		p += fit;
		while (*p == ' ')
			p++;
		n++;
	}
	free(copy);
	return n;
}

/*
 * Draws the program's last output lines (stdout then stderr, so a
 * traceback comes last), escaped, from row `y` down to `bottom`.
 */
static int
exv_output(struct canvas *c, struct rect r, int y, int bottom,
    const struct exercise_run *run)
{
	char *all, *lines[EXV_TAIL_LINES], *save = NULL, *l;
	int n = 0, room = bottom - y, first;

	xasprintf(&all, "%s%s", run->out != NULL ? run->out : "",
	    run->err != NULL ? run->err : "");
	for (l = strtok_r(all, "\n", &save); l != NULL;
	    l = strtok_r(NULL, "\n", &save)) {
		if (n == EXV_TAIL_LINES) {
			memmove(lines, lines + 1, (n - 1) * sizeof *lines);
			n--;
		}
		lines[n++] = l;
	}
	first = n;
	/* One row for the heading, the rest for the last lines. */
	if (room - 1 < n)
		n = room - 1 > 0 ? room - 1 : 0;
	if (n > 0)
		canvas_text(c, r.x + 1, y++, r.w - 2, CS_TITLE,
		    _("Its output, last lines:"));
	else if (first > 0 && room == 1)
		/* Not a line of it fits: said, not left out unseen. */
		canvas_text_fit(c, r.x + 1, y++, r.w - 2, CS_DIM,
		    _("Its output: no room for it here (a taller terminal "
		    "shows it)"));
	for (int i = first - n; i < first; i++) {
		char *safe = util_safe_str(lines[i]);

		canvas_text_fit(c, r.x + 3, y++, r.w - 4, CS_TEXT, safe);
		free(safe);
	}
	free(all);
	return y;
}

/*
 * Rows the output wants kept for it: its heading and its lines, at most
 * EXV_OUTPUT_ROOM.
 */
static int
exv_output_rows(const struct exercise_run *run)
{
	int n = 0;

	for (const char *s = run->out; s != NULL && *s != '\0'; s++)
		n += *s == '\n';
	for (const char *s = run->err; s != NULL && *s != '\0'; s++)
		n += *s == '\n';
	n = n > 0 ? n + 1 : 0;
	return n < EXV_OUTPUT_ROOM ? n : EXV_OUTPUT_ROOM;
}

/*
 * How much room the verdict takes, from the most to the least: a failing
 * reason on two lines or one, and the conditions that hold on a line
 * each or together on one. The lanes get what the roomiest form that
 * fits leaves them.
 */
const struct exv_form exv_forms[EXV_NFORMS] = {
	{ 2, false }, { 1, false }, { 1, true }
};

/* The first condition of `res` that holds, or -1. */
static int
exv_first_held(const struct exercise_result *res)
{
	for (int i = 0; i < res->nconds; i++)
		if (res->conds[i].verdict == GRADE_HOLDS)
			return i;
	return -1;
}

/*
 * Rows condition `i`'s line and, when it does not hold, its reason take
 * in `w` columns in form `f`.
 */
static int
exv_cond_rows(const struct exercise_result *res, int i, int w,
    const struct exv_form *f)
{
	const struct exercise_cond_result *cr = &res->conds[i];

	if (cr->verdict == GRADE_HOLDS)
		return !f->merge || i == exv_first_held(res);
	return 1 + (f->wrap == 1 ? 1 : exv_wrap(NULL, 0, 0, w - 15, f->wrap,
	    0, cr->reason));
}

/*
 * Whether the verdict's reason is its first failing condition's, said
 * below beside the condition: then it is not said twice.
 */
static bool
exv_reason_dup(const struct exercise_result *res)
{
	for (int i = 0; i < res->nconds; i++)
		if (res->conds[i].verdict != GRADE_HOLDS &&
		    strcmp(res->conds[i].reason, res->reason) == 0)
			return true;
	return false;
}

/*
 * Rows the verdict takes in `w` columns in form `f`: the sums
 * exv_draw_result makes as it draws, the output's share included.
 */
int
exv_result_rows(const struct exercise_result *res, int w,
    const struct exv_form *f)
{
	int n = 1;

	if (!exv_reason_dup(res))
		n += exv_wrap(NULL, 0, 0, w - 4, 2, 0, res->reason);
	for (int i = 0; i < res->nconds; i++)
		n += exv_cond_rows(res, i, w, f);
	return n + exv_output_rows(&res->run);
}

/*
 * The conditions that hold, together on one line at row y: "holds" and
 * their words, one after another.
 */
static void
exv_draw_held(const struct lesson_exercise *ex,
    const struct exercise_result *res, struct canvas *c, struct rect r, int y)
{
	char line[1024];
	size_t n = 0;

	line[0] = '\0';
	for (int i = 0; i < res->nconds; i++) {
		if (res->conds[i].verdict != GRADE_HOLDS)
			continue;
		n += (size_t)snprintf(line + n, sizeof line - n, "%s%s",
		    n > 0 ? "; " : "", ex->conds[i].text);
		if (n >= sizeof line)
			break;
	}
	canvas_text(c, r.x + 3, y, 10, CS_GOOD, C_("verdict", "holds"));
	canvas_text_fit(c, r.x + 14, y, r.w - 15, CS_TEXT, line);
}

/*
 * The verdict, its conditions (in form `f`) and its output, from row y
 * to `bottom`. Conditions that do not fit are counted on a line of their
 * own, never left out unseen.
 */
int
exv_draw_result(const struct lesson_exercise *ex,
    const struct exercise_result *res, int attempts, struct canvas *c,
    struct rect r, int y, int bottom, const struct exv_form *f)
{
	char fig[64];
	int rest = 0;

	canvas_printf(c, r.x + 1, y, r.w - 2, res->verdict ==
	    EXERCISE_PASSES ? CS_GOOD : res->verdict == EXERCISE_FAILS ?
	    CS_ERROR : CS_WARN, _("Verdict: %s (attempt %d)"),
	    res->verdict == EXERCISE_PASSES ? _("passes") : res->verdict ==
	    EXERCISE_FAILS ? _("fails") : _("undecided"), attempts);
	y++;
	if (!exv_reason_dup(res) && y < bottom)
		y += exv_wrap(c, r.x + 3, y, r.w - 4, bottom - y < 2 ?
		    bottom - y : 2, CS_TEXT, res->reason);
	for (int i = 0; i < res->nconds; i++)
		rest += exv_cond_rows(res, i, r.w, f);
	for (int i = 0; i < res->nconds && y < bottom; i++) {
		const struct exercise_cond_result *cr = &res->conds[i];
		uint8_t st = cr->verdict == GRADE_HOLDS ? CS_GOOD :
		    cr->verdict == GRADE_FAILS ? CS_ERROR : CS_WARN;
		int rows = exv_cond_rows(res, i, r.w, f);

		/* A condition that holds may be on their shared line. */
		if (rows == 0)
			continue;
		/* Not all of the rest fits: keep a row to say so. */
		if (rest > bottom - y && rows > bottom - y - 1) {
			canvas_printf(c, r.x + 3, y++, r.w - 4, CS_DIM,
			    _("… %d more conditions (a taller terminal shows "
			    "them)"), res->nconds - i);
			break;
		}
		rest -= rows;
		if (cr->verdict == GRADE_HOLDS && f->merge) {
			exv_draw_held(ex, res, c, r, y++);
			continue;
		}
		canvas_text(c, r.x + 3, y, 10, st, cr->verdict == GRADE_HOLDS ?
		    C_("verdict", "holds") : cr->verdict == GRADE_FAILS ?
		    C_("verdict", "fails") : C_("verdict", "undecided"));
		if (cr->text || !cr->measured)
			fig[0] = '\0';
		else if (fabs(cr->value) >= 100)
			snprintf(fig, sizeof fig, _("measured %.0f"), cr->value);
		else
			snprintf(fig, sizeof fig, _("measured %.3g"), cr->value);
		canvas_text_fit(c, r.x + 14, y, r.w - 16 - 18, CS_TEXT,
		    ex->conds[i].text);
		canvas_text_fit(c, r.x + r.w - 19, y, 18, CS_DIM, fig);
		y++;
		if (cr->verdict != GRADE_HOLDS && f->wrap == 1)
			canvas_text_fit(c, r.x + 14, y++, r.w - 15, CS_DIM,
			    cr->reason);
		else if (cr->verdict != GRADE_HOLDS)
			y += exv_wrap(c, r.x + 14, y, r.w - 15, f->wrap, CS_DIM,
			    cr->reason);
	}
	return exv_output(c, r, y, bottom, &res->run);
}
