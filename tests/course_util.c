/*
 * course_util.c - the course under test is the one in the source tree.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "course_util.h"

void
cu_load(struct course *c)
{
	struct diags d;
	char root[4096];
	const char *src = getenv("TIMESLICE_SRCDIR");

	ck_assert_ptr_nonnull(src);
	snprintf(root, sizeof root, "%s/lessons", src);
	diags_init(&d);
	ck_assert_int_eq(course_load(c, root, &d), 0);
	for (size_t i = 0; i < d.n; i++) {
		char *s = diag_format(&d.v[i]);

		fprintf(stderr, "%s\n", s);
		free(s);
	}
	ck_assert_uint_eq(d.n, 0);
	diags_release(&d);
}
