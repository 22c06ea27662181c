/*
 * placeholder.c - finding `{{NAME}}` in lesson text, and filling it in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/placeholder.h"
#include "util.h"

/* Every name, in the order of the facts' fields. */
static const char *const names[] = { "cpus", NULL };

const char *const *
placeholder_names(void)
{
	return names;
}

const char *
placeholder_next(const char *s, const char **name, size_t *namelen,
    size_t *len)
{
	for (const char *p = strstr(s, "{{"); p != NULL;
	    p = strstr(p + 1, "{{")) {
		const char *a = p + 2, *e = strstr(a, "}}"), *nl;

		if (e == NULL)
			return NULL;
		if ((nl = strchr(a, '\n')) != NULL && nl < e)
			continue;
		while (*a == ' ')
			a++;
		*len = (size_t)(e + 2 - p);
		while (e > a && e[-1] == ' ')
			e--;
		*name = a;
		*namelen = (size_t)(e - a);
		return p;
	}
	return NULL;
}

int
placeholder_find(const char *name, size_t namelen)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strlen(names[i]) == namelen &&
		    strncmp(names[i], name, namelen) == 0)
			return i;
	return -1;
}

/* The text placeholder `i` stands for, into buf. */
static void
fact(int i, const struct placeholder_facts *f, char *buf, size_t size)
{
	switch (i) {
	case 0:
		snprintf(buf, size, "%d", f->cpus);
		break;
	default:
		snprintf(buf, size, "?");
		break;
	}
}

char *
placeholder_expand(const char *s, const struct placeholder_facts *f)
{
	const char *name, *at;
	size_t namelen, len, n = 0, cap = strlen(s) + 1;
	char *out = xmalloc(cap), v[32];

	while ((at = placeholder_next(s, &name, &namelen, &len)) != NULL) {
		int i = placeholder_find(name, namelen);
		size_t pre = (size_t)(at - s) + (i < 0 ? len : 0), vl = 0;

		if (i >= 0) {
			fact(i, f, v, sizeof v);
			vl = strlen(v);
		}
		if (n + pre + vl + 1 > cap) {
			cap = (n + pre + vl + 1) * 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + n, s, pre);
		n += pre;
		memcpy(out + n, v, vl);
		n += vl;
		s = at + len;
	}
	len = strlen(s);
	if (n + len + 1 > cap)
		out = xrealloc(out, n + len + 1);
	memcpy(out + n, s, len + 1);
	return out;
}
