/*
 * lang.c - language codes, the scan of a lessons root for its language
 * folders, and the folder rule that gives a lesson file its language.
 *
 * The scan reads the root's folders itself (it asks only whether a
 * folder holds a lesson) so that it depends on nothing but util.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lang.h"
#include "util.h"

bool
lang_is_code(const char *s, size_t n)
{
	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return true;
}

/*
 * Whether `dir` is a folder that holds a lesson: a regular `*.md` file
 * (a FIFO named like one would hang whoever opened it).
 */
static bool
holds_lesson(const char *dir)
{
	struct stat sb;
	struct dirent *e;
	DIR *d;
	bool yes = false;

	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode) ||
	    (d = opendir(dir)) == NULL)
		return false;
	while (!yes && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		char *path;

		if (e->d_name[0] == '.' || len < 4 ||
		    strcmp(e->d_name + len - 3, ".md") != 0)
			continue;
		xasprintf(&path, "%s/%s", dir, e->d_name);
		yes = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
		free(path);
	}
	closedir(d);
	return yes;
}

void
lang_scan(const char *root, struct lang_list *out)
{
	struct dirent *e;
	DIR *d;

	out->n = 0;
	if (root == NULL || (d = opendir(root)) == NULL)
		return;
	while ((e = readdir(d)) != NULL && out->n < LANG_MAX) {
		char *path;

		if (!lang_is_code(e->d_name, strlen(e->d_name)))
			continue;
		/* A language is a folder of lessons, not any short name. */
		xasprintf(&path, "%s/%s", root, e->d_name);
		if (holds_lesson(path))
			lang_add(out, e->d_name);
		free(path);
	}
	closedir(d);
}

bool
lang_has(const struct lang_list *list, const char *code)
{
	for (int i = 0; code != NULL && i < list->n; i++)
		if (strcmp(list->v[i], code) == 0)
			return true;
	return false;
}

void
lang_add(struct lang_list *list, const char *code)
{
	int at = 0;

	if (code == NULL || !lang_is_code(code, strlen(code)) ||
	    lang_has(list, code) || list->n == LANG_MAX)
		return;
	while (at < list->n && strcmp(list->v[at], code) < 0)
		at++;
	memmove(list->v[at + 1], list->v[at],
	    (size_t)(list->n - at) * sizeof list->v[0]);
	/* lang_is_code said 2 or 3 letters: they fit. */
	memcpy(list->v[at], code, strlen(code) + 1);
	list->n++;
}

const char *
lang_next(const struct lang_list *list, const char *cur)
{
	for (int i = 0; cur != NULL && i < list->n; i++)
		if (strcmp(list->v[i], cur) == 0)
			return list->v[(i + 1) % list->n];
	return list->n > 0 ? list->v[0] : cur;
}

char *
lang_join(const struct lang_list *list, char *buf, size_t len)
{
	size_t n = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (int i = 0; i < list->n && n < len; i++) {
		int w = snprintf(buf + n, len - n, "%s%s", i ? ", " : "",
		    list->v[i]);

		if (w < 0)
			break;
		n += (size_t)w;
	}
	return buf;
}

const char *
lang_of_path(const char *path, char *buf)
{
	const char *slash = strrchr(path, '/'), *start;
	size_t n;

	if (slash == NULL)
		return NULL;
	start = slash;
	while (start > path && start[-1] != '/')
		start--;
	n = (size_t)(slash - start);
	if (!lang_is_code(start, n))
		return NULL;
	memcpy(buf, start, n);
	buf[n] = '\0';
	return buf;
}
