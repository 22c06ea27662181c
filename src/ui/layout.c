/*
 * layout.c - a lesson's blocks, one after the other, as rows.
 *
 * Prose goes to prose.c and quizzes to quiz.c; this file adds what only
 * makes sense in a whole lesson: the list of problems at the top, the
 * heading of each live demo and the rows its animation is drawn over,
 * and the "more" line where a step-by-step reading stops. It also owns
 * the rule every screen cuts a label by (layout_label), so a lane's name
 * in a demo, a trace and a lesson are cut the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "ui/canvas.h"
#include "ui/layout.h"
#include "ui/prose.h"
#include "util.h"

/* Rows for a demo's area, whose first row says which block it shows. */
static void
demo_area(struct rows_pen *p, int block)
{
	rows_end(p);
	for (int i = 0; i < LAYOUT_DEMO_ROWS; i++) {
		rows_start(p);
		if (i == 0)
			p->out->v[p->cur].demo = block;
		rows_end(p);
	}
}

/*
 * A demo's block, live, recorded or traced: its caption (a target), a few
 * dim lines (what it models, its keys...), then the area the demo is
 * drawn over, or an error when it cannot run.
 */
static void
demo_box(struct rows_pen *p, const char *caption, char *const *notes,
    int nnotes, bool runnable, int block)
{
	int t;

	rows_end(p);
	rows_start(p);
	t = rows_target(p, ROW_DEMO, NULL);
	rows_put(p, p->unicode ? "▶ " : "> ", CS_GOOD, t);
	p->style = CS_TITLE;
	rows_words(p, caption, CS_TITLE);
	p->style = CS_TEXT;
	rows_end(p);
	p->indent += 2;
	for (int i = 0; i < nnotes; i++) {
		rows_words(p, notes[i], CS_DIM);
		rows_end(p);
	}
	p->indent -= 2;
	if (!runnable) {
		rows_words(p, _("this demo has errors and cannot run"),
		    CS_ERROR);
		rows_end(p);
	} else
		demo_area(p, block);
	p->out->targets[t].last = p->out->n - 1;
	rows_blank(p);
}

/* A live demo (or its recording): what it models, its keys. */
static void
demo_rows(struct rows_pen *p, const struct layout_in *in,
    const struct lesson_demo *dm, int block)
{
	char *notes[3];
	int n = 0;
	const char *keys;

	xasprintf(&notes[n++], _("models: %s"), dm->models ? dm->models :
	    "?");
	if (dm->recording != NULL) {
		xasprintf(&notes[n++], _("a recorded run (%s), played instead "
		    "of running"), dm->recording);
		keys = in->keys_recorded;
	} else
		keys = in->keys_live;
	if (keys != NULL && *keys != '\0')
		notes[n++] = xstrdup(keys);
	demo_box(p, dm->caption ? dm->caption : _("Live demo"), notes, n,
	    dm->scenario != NULL && (dm->recording == NULL ||
	    dm->recording_path != NULL), block);
	for (int i = 0; i < n; i++)
		free(notes[i]);
}

/* A real Python program, traced: the command and its keys. */
static void
trace_rows(struct rows_pen *p, const struct layout_in *in,
    const struct lesson_trace *tr, int block)
{
	char *notes[2];
	int n = 0;

	xasprintf(&notes[n++], _("real CPython, traced from outside: python3 "
	    "%s"), tr->program ? tr->program : "?");
	if (in->keys_traced != NULL && *in->keys_traced != '\0')
		notes[n++] = xstrdup(in->keys_traced);
	demo_box(p, tr->caption ? tr->caption : _("Real CPython"), notes, n,
	    tr->path != NULL, block);
	for (int i = 0; i < n; i++)
		free(notes[i]);
}

/*
 * An exercise: its goal and how to work on it: enter opens its live
 * screen (exercise_view.c), or `timeslice exercise ID` from a shell.
 */
static void
exercise_rows(struct rows_pen *p, const struct lesson_exercise *ex)
{
	char *line;

	rows_end(p);
	rows_words(p, _("Exercise:"), CS_TITLE);
	p->space = true;	/* a word of its own, then the goal */
	rows_words(p, ex->goal != NULL ? ex->goal : "?", CS_TEXT);
	rows_end(p);
	p->indent += 2;
	xasprintf(&line, _("write it, then grade it: timeslice exercise %s"),
	    ex->id != NULL ? ex->id : "?");
	rows_words(p, line, CS_DIM);
	rows_end(p);
	rows_words(p, _("or press enter: edit, save, and see the verdict "
	    "here"), CS_DIM);
	rows_end(p);
	free(line);
	p->indent -= 2;
	rows_blank(p);
}

/* A quiz or prediction; a prediction being judged shows its run. */
static void
quiz_block(struct rows_pen *p, const struct layout_in *in, int block)
{
	static const struct quiz_state none = { .answer = -1 };
	const struct lesson *l = in->lesson;
	const struct lesson_quiz *q = l->blocks[block].quiz;
	const struct quiz_state *st = in->quiz ? &in->quiz[block] : &none;
	const struct progress_quiz *before = NULL;
	bool predict = l->blocks[block].kind == LESSON_PREDICT;

	if (in->progress != NULL && l->id != NULL && q->id != NULL)
		before = progress_quiz(in->progress, l->id, q->id);
	quiz_rows(p, q, st, predict, before);
	if (predict && st->answer >= 0 && q->demo.scenario != NULL)
		demo_area(p, block);
	rows_blank(p);
}

/* The checker's findings, shown first (watch mode, or a broken lesson). */
static void
problem_rows(struct rows_pen *p, const struct diags *d)
{
	char buf[128];

	if (d == NULL || d->n == 0)
		return;
	p->block = -1;
	snprintf(buf, sizeof buf, _("%d error(s), %d warning(s) in this "
	    "lesson:"), d->errors, d->warnings);
	rows_words(p, buf, d->errors ? CS_ERROR : CS_WARN);
	rows_end(p);
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i]);

		p->indent = 2;
		rows_words(p, s, d->v[i].level == DIAG_ERROR ? CS_ERROR :
		    CS_WARN);
		rows_end(p);
		free(s);
	}
	p->indent = 0;
	rows_blank(p);
}

/* Lays out every block in order, stopping at a pause not revealed. */
bool
layout_lesson(struct rows *out, const struct layout_in *in)
{
	const struct lesson *l = in->lesson;
	struct rows_pen p;
	int pauses = 0;

	rows_pen_init(&p, out, in->width, in->unicode);
	p.glossary = in->glossary;
	problem_rows(&p, in->problems);
	for (size_t i = 0; i < l->nblocks; i++) {
		const struct lesson_block *b = &l->blocks[i];

		p.block = (int)i;
		p.indent = 0;
		switch (b->kind) {
		case LESSON_PROSE:
			if (b->md != NULL)
				prose_rows(&p, b->md);
			break;
		case LESSON_DEMO:
			demo_rows(&p, in, b->demo, (int)i);
			break;
		case LESSON_TRACE:
			trace_rows(&p, in, b->trace, (int)i);
			break;
		case LESSON_QUIZ:
		case LESSON_PREDICT:
			quiz_block(&p, in, (int)i);
			break;
		case LESSON_PAUSE:
			if (in->reveal < 0 || pauses++ < in->reveal)
				break;
			rows_end(&p);
			rows_words(&p, _("-- more: press space --"), CS_KEY);
			rows_end(&p);
			return true;
		case LESSON_EXERCISE:
			exercise_rows(&p, b->exercise);
			break;
		case LESSON_NOTES:
			break;
		}
	}
	rows_end(&p);
	return false;
}


/*
 * Bytes of `s` that fit in `w` columns, measured as the canvas does (an
 * invalid byte one column); a character is never split.
 */
static size_t
label_fit(const char *s, int w)
{
	mbstate_t st;
	size_t at = 0, len = strlen(s);
	int used = 0;

	memset(&st, 0, sizeof st);
	while (at < len) {
		wchar_t ch;
		size_t n = mbrtowc(&ch, s + at, len - at, &st);
		int cw;

		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&st, 0, sizeof st);
			ch = L'?';
			n = 1;
		} else if (n == 0)
			n = 1;
		if ((cw = wcwidth(ch)) < 0)
			cw = 1;
		if (used + cw > w)
			break;
		used += cw;
		at += n;
	}
	return at;
}

/*
 * Where the ending that tells a label from its siblings starts: the last
 * run of digits with the separator before it (" 822", "-3", "_12"), or
 * NULL when the label does not end in a number.
 */
static const char *
label_tail(const char *s)
{
	const char *end = s + strlen(s), *d = end;

	while (d > s && d[-1] >= '0' && d[-1] <= '9')
		d--;
	if (d == end)
		return NULL;
	if (d > s && strchr(" -_#.:/", d[-1]) != NULL)
		d--;
	return d;
}

/* Cuts a label to `w` columns by the one rule (see layout.h). */
const char *
layout_label(const char *label, int w, bool unicode, char *buf, size_t len)
{
	const char *e = unicode ? "…" : "~", *tail;
	int tw;
	size_t head;

	if (len == 0)
		return "";
	if (w < 1) {
		buf[0] = '\0';
		return buf;
	}
	if (canvas_width(label) <= w)
		return label;
	tail = label_tail(label);
	tw = tail != NULL ? canvas_width(tail) : 0;
	/* The ending, when it leaves room for a letter of the head. */
	if (tail == NULL || tw + 2 > w || tail == label) {
		tail = "";
		tw = 0;
	}
	head = label_fit(label, w - 1 - tw);
	snprintf(buf, len, "%.*s%s%s", (int)head, label, e, tail);
	return buf;
}
