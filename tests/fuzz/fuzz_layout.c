/*
 * fuzz_layout.c - libFuzzer target for the lesson layout: any bytes,
 * parsed as a lesson, must lay out at every width without crashing,
 * hanging or leaking, whatever the nesting, and never give a row wider
 * than the width or a target outside the rows. Quizzes are laid out
 * unanswered, answered, and judged. Built by tests/fuzz/run.sh layout.
 */
#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/diag.h"
#include "lesson/lesson.h"
#include "ui/canvas.h"
#include "ui/layout.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* Widths as a UTF-8 terminal measures them. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	return 0;
}

/* Aborts (a finding) unless the layout keeps its promises. */
static void
check_rows(const struct rows *r, int width)
{
	for (int i = 0; i < r->n; i++) {
		int w = r->v[i].x;

		for (int k = 0; k < r->v[i].nspans; k++) {
			w += canvas_width(r->v[i].spans[k].text);
			if (r->v[i].spans[k].target >= r->ntargets)
				abort();
		}
		if (w > width || r->v[i].x < 0)
			abort();
	}
	for (int t = 0; t < r->ntargets; t++)
		if (r->targets[t].row < 0 || r->targets[t].row >= r->n)
			abort();
}

/* Answers every quiz: choice `k`, judged when `judged`. */
static void
answer_all(const struct lesson *l, struct quiz_state *st, int k,
    bool judged)
{
	for (size_t i = 0; i < l->nblocks; i++) {
		const struct lesson_quiz *q = l->blocks[i].quiz;

		free(st[i].values);
		st[i].values = NULL;
		st[i].answer = q != NULL && q->nchoices > 0 ?
		    k % q->nchoices : -1;
		st[i].evaluated = judged;
		st[i].failed = false;
		st[i].right = k % 2 == 0;
		st[i].measured = 1.5;
		if (judged && q != NULL && q->nchoices > 0)
			st[i].values = calloc((size_t)q->nchoices,
			    sizeof *st[i].values);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int widths[] = { 1, 2, 7, 20, 46, 80, 200 };
	struct diags d;
	struct lesson *l;
	struct quiz_state *st;
	struct rows rows;

	diags_init(&d);
	l = lesson_parse("lessons/en/01-fuzz.md", (const char *)data, size,
	    &d);
	st = quiz_states_new(l->nblocks);
	memset(&rows, 0, sizeof rows);
	for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
		struct layout_in in = {
			.lesson = l,
			.width = widths[k],
			.unicode = k % 2 == 0,
			.problems = k % 3 == 0 ? &d : NULL,
			.quiz = k % 4 == 0 ? NULL : st,
			.reveal = (int)k % 3 - 1,
		};

		answer_all(l, st, (int)k - 1, k % 2 == 1);
		(void)layout_lesson(&rows, &in);
		check_rows(&rows, widths[k]);
	}
	rows_free(&rows);
	quiz_states_free(st, l->nblocks);
	lesson_free(l);
	diags_release(&d);
	return 0;
}
