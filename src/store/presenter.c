/*
 * presenter.c - the presenter's place, written atomically, read safely.
 *
 * The file is exactly three lines, "lesson ID", "lang XX", "block N", in
 * that order; anything else makes presenter_read fail without harm (it
 * is untrusted input like every file timeslice reads). Ids follow the
 * store's rule (store_id_valid), the one lessons use.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/presenter.h"
#include "store/store.h"
#include "util.h"

/* Whether a place can be written and read back as it is. */
static bool
place_valid(const struct presenter_place *pl)
{
	return memchr(pl->lesson, '\0', sizeof pl->lesson) != NULL &&
	    memchr(pl->lang, '\0', sizeof pl->lang) != NULL &&
	    store_id_valid(pl->lesson) && store_id_valid(pl->lang) &&
	    pl->block >= 0 && pl->block <= PRESENTER_BLOCK_MAX;
}

char *
presenter_path(void)
{
	const char *e;
	char *path;

	if ((e = getenv("TIMESLICE_PRESENTER")) != NULL && *e != '\0')
		return xstrdup(e);
	if ((e = getenv("XDG_RUNTIME_DIR")) != NULL && *e == '/') {
		xasprintf(&path, "%s/timeslice-presenter", e);
		return path;
	}
	return store_state_path("presenter");
}

int
presenter_publish(const char *path, const struct presenter_place *pl,
    char **cause)
{
	char buf[160];
	int n;

	if (!place_valid(pl)) {
		xasprintf(cause, "cannot publish an invalid place to %s", path);
		return -1;
	}
	n = snprintf(buf, sizeof buf, "lesson %s\nlang %s\nblock %d\n",
	    pl->lesson, pl->lang, pl->block);
	return store_write_atomic(path, buf, (size_t)n, cause);
}

/*
 * Copies the word after "KEY " on the line at *s into out (cap bytes),
 * moving *s past the line; -1 when the line is not that key and a word
 * that fits.
 */
static int
take_line(const char **s, const char *key, char *out, size_t cap)
{
	size_t klen = strlen(key), n;
	const char *v = *s, *nl;

	if (strncmp(v, key, klen) != 0 || v[klen] != ' ')
		return -1;
	v += klen + 1;
	if ((nl = strchr(v, '\n')) == NULL)
		return -1;
	n = (size_t)(nl - v);
	if (n == 0 || n >= cap)
		return -1;
	memcpy(out, v, n);
	out[n] = '\0';
	*s = nl + 1;
	return 0;
}

int
presenter_read(const char *path, struct presenter_place *pl)
{
	char buf[256], block[16], *end, *cause = NULL;
	const char *s = buf;
	FILE *f;
	size_t n;
	long v;

	if ((f = fopen_regular(path, "r", &cause)) == NULL) {
		free(cause);
		return -1;
	}
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	memset(pl, 0, sizeof *pl);
	if (strlen(buf) != n ||
	    take_line(&s, "lesson", pl->lesson, sizeof pl->lesson) != 0 ||
	    take_line(&s, "lang", pl->lang, sizeof pl->lang) != 0 ||
	    take_line(&s, "block", block, sizeof block) != 0 || *s != '\0')
		goto bad;
	if (block[0] < '0' || block[0] > '9')
		goto bad;
	errno = 0;
	v = strtol(block, &end, 10);
	if (*end != '\0' || errno != 0 || v > PRESENTER_BLOCK_MAX)
		goto bad;
	pl->block = (int)v;
	if (!place_valid(pl))
		goto bad;
	return 0;
bad:
	memset(pl, 0, sizeof *pl);
	return -1;
}
