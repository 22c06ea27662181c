/*
 * fuzz_lesson.c - libFuzzer target for the lesson parser and checker.
 *
 * Any bytes must parse into a lesson plus diagnostics without crashing,
 * hanging or leaking: lessons come from authors, and the player reloads
 * them on every save in watch mode. Built by tests/fuzz/run.sh, not by
 * the default build.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "lesson/course.h"
#include "lesson/diag.h"
#include "lesson/lesson.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d;
	struct lesson *l;

	diags_init(&d);
	l = lesson_parse("lessons/en/01-fuzz.md", (const char *)data, size,
	    &d);
	course_check(&l, 1, &l, 1, &d);
	diags_sort(&d);
	for (size_t i = 0; i < d.n; i++)
		free(diag_format(&d.v[i]));
	(void)lesson_count_quizzes(l);
	lesson_free(l);
	diags_release(&d);
	return 0;
}
