/*
 * progress.c - reading and writing the learner's progress file (format in
 * progress.h). Parsing is strict about each line and lenient about the
 * file: a bad line is skipped and counted, and a file with bad lines is
 * kept aside so nothing the learner did is thrown away silently.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/progress.h"
#include "store/store.h"
#include "util.h"

#define PROGRESS_MAX_BYTES (4 * 1024 * 1024)
#define PROGRESS_VERSION 1

char *
progress_default_path(void)
{
	return store_state_path("progress");
}

/* Parses a small non-negative number; -1 if `s` is not one. */
static int
parse_count(const char *s)
{
	long v;
	char *end;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0 || v > 1000000)
		return -1;
	return (int)v;
}

struct progress_lesson *
progress_lesson(struct progress *p, const char *id, bool create)
{
	struct progress_lesson *pl;

	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].id, id) == 0)
			return &p->v[i];
	if (!create)
		return NULL;
	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	pl = &p->v[p->n++];
	memset(pl, 0, sizeof *pl);
	pl->id = xstrdup(id);
	return pl;
}

void
progress_set_place(struct progress *p, const char *lesson, int block,
    int offset)
{
	struct progress_lesson *pl = progress_lesson(p, lesson, true);

	pl->block = block < 0 ? 0 : block;
	pl->offset = offset < 0 ? 0 : offset;
}

void
progress_set_last(struct progress *p, const char *lesson)
{
	free(p->last);
	p->last = lesson ? xstrdup(lesson) : NULL;
}

void
progress_set_lang(struct progress *p, const char *lang)
{
	free(p->lang);
	p->lang = lang ? xstrdup(lang) : NULL;
}

void
progress_set_quiz(struct progress *p, const char *lesson, const char *quiz,
    int choice, bool right)
{
	struct progress_lesson *pl = progress_lesson(p, lesson, true);
	struct progress_quiz *q = NULL;

	for (size_t i = 0; i < pl->nquizzes; i++)
		if (strcmp(pl->quizzes[i].id, quiz) == 0)
			q = &pl->quizzes[i];
	if (q == NULL) {
		pl->quizzes = xreallocarray(pl->quizzes, pl->nquizzes + 1,
		    sizeof *pl->quizzes);
		q = &pl->quizzes[pl->nquizzes++];
		q->id = xstrdup(quiz);
	}
	q->choice = choice;
	q->right = right;
}

const struct progress_quiz *
progress_quiz(const struct progress *p, const char *lesson, const char *quiz)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct progress_lesson *pl = &p->v[i];

		if (strcmp(pl->id, lesson) != 0)
			continue;
		for (size_t k = 0; k < pl->nquizzes; k++)
			if (strcmp(pl->quizzes[k].id, quiz) == 0)
				return &pl->quizzes[k];
	}
	return NULL;
}

void
progress_score(const struct progress *p, const char *lesson, int *right,
    int *answered)
{
	*right = *answered = 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct progress_lesson *pl = &p->v[i];

		if (strcmp(pl->id, lesson) != 0)
			continue;
		for (size_t k = 0; k < pl->nquizzes; k++) {
			(*answered)++;
			if (pl->quizzes[k].right)
				(*right)++;
		}
	}
}

/* Splits `line` in place into at most `max` space-separated words. */
static int
split_words(char *line, char **w, int max)
{
	int n = 0;
	char *save = NULL, *tok;

	for (tok = strtok_r(line, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		if (n == max)
			return max + 1;
		w[n++] = tok;
	}
	return n;
}

/* Applies one line of the file; returns -1 if it makes no sense. */
static int
parse_line(struct progress *p, char *line, bool *versioned)
{
	char *w[8];
	int n = split_words(line, w, 6), a, b;

	if (n == 0 || w[0][0] == '#')
		return 0;
	if (strcmp(w[0], "version") == 0 && n == 2) {
		if (parse_count(w[1]) != PROGRESS_VERSION)
			return -1;
		*versioned = true;
		return 0;
	}
	if (strcmp(w[0], "lang") == 0 && n == 2 && (strcmp(w[1], "en") == 0 ||
	    strcmp(w[1], "es") == 0)) {
		progress_set_lang(p, w[1]);
		return 0;
	}
	if (strcmp(w[0], "last") == 0 && n == 2 && store_id_valid(w[1])) {
		progress_set_last(p, w[1]);
		return 0;
	}
	if (strcmp(w[0], "place") == 0 && n == 4 && store_id_valid(w[1]) &&
	    (a = parse_count(w[2])) >= 0 && (b = parse_count(w[3])) >= 0) {
		progress_set_place(p, w[1], a, b);
		return 0;
	}
	if (strcmp(w[0], "done") == 0 && n == 2 && store_id_valid(w[1])) {
		progress_lesson(p, w[1], true)->done = true;
		return 0;
	}
	if (strcmp(w[0], "quiz") == 0 && n == 5 && store_id_valid(w[1]) &&
	    store_id_valid(w[2]) && (a = parse_count(w[3])) >= 0 &&
	    (strcmp(w[4], "right") == 0 || strcmp(w[4], "wrong") == 0)) {
		progress_set_quiz(p, w[1], w[2], a, strcmp(w[4], "right") == 0);
		return 0;
	}
	return -1;
}

int
progress_parse(struct progress *p, const char *text)
{
	char *copy = xstrdup(text), *line, *save = NULL;
	bool versioned = false;
	int bad = 0;

	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		size_t len = strlen(line);

		if (len > 0 && line[len - 1] == '\r')
			line[len - 1] = '\0';
		if (parse_line(p, line, &versioned) != 0)
			bad++;
	}
	free(copy);
	if (!versioned && *text != '\0')
		bad++;
	return bad;
}

/* Moves a file that could not be read aside; returns the new name. */
static char *
keep_aside(const char *path)
{
	char stamp[32], *backup;
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	xasprintf(&backup, "%s.corrupt-%s", path, stamp);
	if (rename(path, backup) != 0) {
		free(backup);
		return NULL;
	}
	return backup;
}

/*
 * A file that cannot be read is moved aside too, so the next save can
 * write a fresh one and the old one is still there to look at.
 */
static void
unreadable(const char *path, char **warning)
{
	char *why = xstrdup(strerror(errno)), *backup;

	if ((backup = keep_aside(path)) != NULL) {
		xasprintf(warning, "cannot read progress %s (%s); kept it as "
		    "%s and started afresh", path, why, backup);
		free(backup);
	} else
		xasprintf(warning, "cannot read progress %s: %s", path, why);
	free(why);
}

int
progress_load(struct progress *p, const char *path, char **warning)
{
	char *buf, *backup;
	size_t n;
	FILE *f;
	int bad;

	memset(p, 0, sizeof *p);
	*warning = NULL;
	if (path != NULL)
		p->path = xstrdup(path);
	else if ((p->path = progress_default_path()) == NULL) {
		xasprintf(warning, "no HOME or XDG_STATE_HOME: progress will "
		    "not be saved");
		return -1;
	}
	if ((f = fopen(p->path, "rb")) == NULL) {
		if (errno != ENOENT)
			unreadable(p->path, warning);
		return 0;
	}
	buf = xmalloc(PROGRESS_MAX_BYTES + 1);
	n = fread(buf, 1, PROGRESS_MAX_BYTES + 1, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		unreadable(p->path, warning);
		return 0;
	}
	fclose(f);
	buf[n > PROGRESS_MAX_BYTES ? PROGRESS_MAX_BYTES : n] = '\0';
	if (n > PROGRESS_MAX_BYTES || strlen(buf) != n)
		bad = 1;	/* too big, or binary */
	else
		bad = progress_parse(p, buf);
	free(buf);
	if (bad == 0)
		return 0;
	if ((backup = keep_aside(p->path)) != NULL) {
		xasprintf(warning, "progress file %s was damaged; kept it as "
		    "%s and went on with what could be read", p->path, backup);
		free(backup);
	} else
		xasprintf(warning, "progress file %s was damaged and could not "
		    "be moved aside: %s", p->path, strerror(errno));
	return 0;
}

/* Renders the whole file into one string. */
static char *
progress_format(const struct progress *p)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (f == NULL)
		fatal("out of memory");
	fprintf(f, "# timeslice progress: where you are in each lesson and "
	    "your quiz answers\n");
	fprintf(f, "version %d\n", PROGRESS_VERSION);
	if (p->lang != NULL)
		fprintf(f, "lang %s\n", p->lang);
	if (p->last != NULL)
		fprintf(f, "last %s\n", p->last);
	for (size_t i = 0; i < p->n; i++) {
		const struct progress_lesson *pl = &p->v[i];

		fprintf(f, "place %s %d %d\n", pl->id, pl->block, pl->offset);
		if (pl->done)
			fprintf(f, "done %s\n", pl->id);
		for (size_t k = 0; k < pl->nquizzes; k++)
			fprintf(f, "quiz %s %s %d %s\n", pl->id,
			    pl->quizzes[k].id, pl->quizzes[k].choice,
			    pl->quizzes[k].right ? "right" : "wrong");
	}
	if (fclose(f) != 0)
		fatal("out of memory");
	return out;
}

int
progress_save(const struct progress *p, char **cause)
{
	char *text;
	int rc;

	if (p->path == NULL) {
		xasprintf(cause, "nowhere to save progress");
		return -1;
	}
	text = progress_format(p);
	rc = store_write_atomic(p->path, text, strlen(text), cause);
	free(text);
	return rc;
}

void
progress_release(struct progress *p)
{
	for (size_t i = 0; i < p->n; i++) {
		for (size_t k = 0; k < p->v[i].nquizzes; k++)
			free(p->v[i].quizzes[k].id);
		free(p->v[i].quizzes);
		free(p->v[i].id);
	}
	free(p->v);
	free(p->path);
	free(p->last);
	free(p->lang);
	memset(p, 0, sizeof *p);
}

/* Frees what one lesson record holds. */
static void
lesson_record_free(struct progress_lesson *pl)
{
	for (size_t k = 0; k < pl->nquizzes; k++)
		free(pl->quizzes[k].id);
	free(pl->quizzes);
	free(pl->id);
}

int
progress_forget(struct progress *p, const char *lesson)
{
	size_t kept = 0;
	int gone = 0;

	for (size_t i = 0; i < p->n; i++) {
		if (lesson == NULL || strcmp(p->v[i].id, lesson) == 0) {
			lesson_record_free(&p->v[i]);
			gone++;
		} else
			p->v[kept++] = p->v[i];
	}
	p->n = kept;
	if (p->last != NULL && (lesson == NULL ||
	    strcmp(p->last, lesson) == 0)) {
		free(p->last);
		p->last = NULL;
	}
	return gone;
}
