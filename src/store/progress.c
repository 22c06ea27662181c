/*
 * progress.c - reading and writing the learner's progress file (format in
 * progress.h). Parsing is strict about each line and lenient about the
 * file: a bad line is skipped and counted, and a file with bad lines is
 * kept aside so nothing the learner did is thrown away silently. Records
 * are found through a hash index, so a file of any length loads in time
 * proportional to it. A save merges: it applies the difference between
 * this instance's records and `base` (what it last read or wrote) to the
 * file as it is now, under a lock.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lang.h"
#include "store/progress.h"
#include "store/store.h"
#include "util.h"

#define PROGRESS_MAX_BYTES (4 * 1024 * 1024)
#define PROGRESS_VERSION 1
#define PROGRESS_STALE_SECONDS 60

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

/* FNV-1a of an id. */
static size_t
index_hash(const char *id)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *id != '\0'; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211ULL;
	return (size_t)h;
}

/* The id of record `i` of an array of `stride`-byte records. */
static const char *
index_key(const void *base, size_t stride, size_t i)
{
	return *(char *const *)(const void *)((const char *)base + i * stride);
}

/* Adds record `i` to the index, which has room for it. */
static void
index_put(struct progress_index *ix, const void *base, size_t stride,
    size_t i)
{
	size_t m = ix->cap - 1, h = index_hash(index_key(base, stride, i)) & m;

	while (ix->slots[h] != 0)
		h = (h + 1) & m;
	ix->slots[h] = i + 1;
}

/* Indexes the `n` records again, with room to grow. */
static void
index_rebuild(struct progress_index *ix, const void *base, size_t stride,
    size_t n)
{
	size_t cap = 16;

	while (cap < 2 * (n + 1))
		cap *= 2;
	free(ix->slots);
	ix->slots = xcalloc(cap, sizeof *ix->slots);
	ix->cap = cap;
	for (size_t i = 0; i < n; i++)
		index_put(ix, base, stride, i);
	ix->n = n;
}

/* The position of `id` among the `n` records, or n when absent. */
static size_t
index_find(struct progress_index *ix, const void *base, size_t stride,
    size_t n, const char *id)
{
	size_t m, h;

	if (ix->n != n || ix->cap == 0)
		index_rebuild(ix, base, stride, n);
	m = ix->cap - 1;
	for (h = index_hash(id) & m; ix->slots[h] != 0; h = (h + 1) & m)
		if (strcmp(index_key(base, stride, ix->slots[h] - 1), id) == 0)
			return ix->slots[h] - 1;
	return n;
}

/* Indexes record n - 1, just appended (the array may have moved). */
static void
index_added(struct progress_index *ix, const void *base, size_t stride,
    size_t n)
{
	if (ix->n + 1 != n || 2 * (n + 1) > ix->cap) {
		index_rebuild(ix, base, stride, n);
		return;
	}
	index_put(ix, base, stride, n - 1);
	ix->n = n;
}

/* Frees an index, leaving it empty. */
static void
index_free(struct progress_index *ix)
{
	free(ix->slots);
	memset(ix, 0, sizeof *ix);
}

struct progress_lesson *
progress_lesson(struct progress *p, const char *id, bool create)
{
	struct progress_lesson *pl;
	size_t i = index_find(&p->index, p->v, sizeof *p->v, p->n, id);

	if (i < p->n)
		return &p->v[i];
	if (!create)
		return NULL;
	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	pl = &p->v[p->n++];
	memset(pl, 0, sizeof *pl);
	pl->id = xstrdup(id);
	index_added(&p->index, p->v, sizeof *p->v, p->n);
	return pl;
}

/* The answer to `quiz` in a lesson record, or NULL. */
static struct progress_quiz *
lesson_quiz(struct progress_lesson *pl, const char *quiz)
{
	size_t i = index_find(&pl->qindex, pl->quizzes, sizeof *pl->quizzes,
	    pl->nquizzes, quiz);

	return i < pl->nquizzes ? &pl->quizzes[i] : NULL;
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
	struct progress_quiz *q = lesson_quiz(pl, quiz);

	if (q == NULL) {
		pl->quizzes = xreallocarray(pl->quizzes, pl->nquizzes + 1,
		    sizeof *pl->quizzes);
		q = &pl->quizzes[pl->nquizzes++];
		q->id = xstrdup(quiz);
		index_added(&pl->qindex, pl->quizzes, sizeof *pl->quizzes,
		    pl->nquizzes);
	}
	q->choice = choice;
	q->right = right;
	q->undecided = false;
}

void
progress_set_quiz_undecided(struct progress *p, const char *lesson,
    const char *quiz, int choice)
{
	const struct progress_quiz *q = progress_quiz(p, lesson, quiz);
	struct progress_quiz *w;

	if (q != NULL && !q->undecided && q->choice == choice)
		return;
	progress_set_quiz(p, lesson, quiz, choice, false);
	w = lesson_quiz(progress_lesson(p, lesson, false), quiz);
	w->undecided = true;
}

/* Copies record `q` of lesson `lesson` into `to`, undecided or not. */
static void
quiz_copy(struct progress *to, const char *lesson,
    const struct progress_quiz *q)
{
	if (q->undecided) {
		/* Forced: a decided record there is what `q` replaces. */
		progress_set_quiz(to, lesson, q->id, q->choice, false);
		lesson_quiz(progress_lesson(to, lesson, false),
		    q->id)->undecided = true;
	} else
		progress_set_quiz(to, lesson, q->id, q->choice, q->right);
}

int
progress_undecided(const struct progress *p, const char *lesson)
{
	struct progress *w = (struct progress *)(uintptr_t)p;
	const struct progress_lesson *pl = progress_lesson(w, lesson, false);
	int n = 0;

	for (size_t k = 0; pl != NULL && k < pl->nquizzes; k++)
		n += pl->quizzes[k].undecided;
	return n;
}

const struct progress_quiz *
progress_quiz(const struct progress *p, const char *lesson, const char *quiz)
{
	/* Finding may rebuild an index: bookkeeping, not a change. */
	struct progress *w = (struct progress *)(uintptr_t)p;
	struct progress_lesson *pl = progress_lesson(w, lesson, false);

	return pl != NULL ? lesson_quiz(pl, quiz) : NULL;
}

void
progress_score(const struct progress *p, const char *lesson, int *right,
    int *answered)
{
	struct progress *w = (struct progress *)(uintptr_t)p;
	const struct progress_lesson *pl = progress_lesson(w, lesson, false);

	*right = *answered = 0;
	if (pl == NULL)
		return;
	for (size_t k = 0; k < pl->nquizzes; k++) {
		(*answered)++;
		if (pl->quizzes[k].right)
			(*right)++;
	}
}

/* The record of exercise `id`, created when `create` and missing. */
static struct progress_exercise *
exercise_record(struct progress *p, const char *id, bool create)
{
	struct progress_exercise *e;
	size_t i = index_find(&p->exindex, p->ex, sizeof *p->ex, p->nex, id);

	if (i < p->nex)
		return &p->ex[i];
	if (!create)
		return NULL;
	p->ex = xreallocarray(p->ex, p->nex + 1, sizeof *p->ex);
	e = &p->ex[p->nex++];
	memset(e, 0, sizeof *e);
	e->id = xstrdup(id);
	index_added(&p->exindex, p->ex, sizeof *p->ex, p->nex);
	return e;
}

void
progress_exercise_attempt(struct progress *p, const char *id, bool passed,
    int hints)
{
	struct progress_exercise *e = exercise_record(p, id, true);

	e->attempts++;
	if (hints > e->hints)
		e->hints = hints;
	if (passed)
		e->done = true;
}

const struct progress_exercise *
progress_exercise(const struct progress *p, const char *id)
{
	/* Finding may rebuild an index: bookkeeping, not a change. */
	return exercise_record((struct progress *)(uintptr_t)p, id, false);
}

bool
progress_forget_exercise(struct progress *p, const char *id)
{
	size_t kept = 0;
	bool gone = false;

	for (size_t i = 0; i < p->nex; i++) {
		if (id == NULL || strcmp(p->ex[i].id, id) == 0) {
			free(p->ex[i].id);
			gone = true;
		} else
			p->ex[kept++] = p->ex[i];
	}
	p->nex = kept;
	/* Positions moved: the index is rebuilt on the next find. */
	index_free(&p->exindex);
	return gone;
}

/* Sets exercise `id`'s record to exactly these figures. */
static void
exercise_set(struct progress *p, const struct progress_exercise *from)
{
	struct progress_exercise *e = exercise_record(p, from->id, true);

	e->attempts = from->attempts;
	e->hints = from->hints;
	e->done = from->done;
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
	/* Any language code: whether the course has it is the reader's call. */
	if (strcmp(w[0], "lang") == 0 && n == 2 &&
	    lang_is_code(w[1], strlen(w[1]))) {
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
	if (strcmp(w[0], "quiz") == 0 && n == 5 && store_id_valid(w[1]) &&
	    store_id_valid(w[2]) && (a = parse_count(w[3])) >= 0 &&
	    strcmp(w[4], "undecided") == 0) {
		progress_set_quiz_undecided(p, w[1], w[2], a);
		return 0;
	}
	if (strcmp(w[0], "exercise") == 0 && n == 5 && store_id_valid(w[1]) &&
	    (a = parse_count(w[2])) >= 0 && (b = parse_count(w[3])) >= 0 &&
	    (strcmp(w[4], "done") == 0 || strcmp(w[4], "open") == 0)) {
		struct progress_exercise e = { w[1], a, b,
		    strcmp(w[4], "done") == 0 };

		exercise_set(p, &e);
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
 * write a fresh one and the old one is still there to look at (a FIFO
 * or a folder in its place too).
 */
static void
unreadable(const char *path, const char *why, char **warning)
{
	char *backup;

	if ((backup = keep_aside(path)) != NULL) {
		xasprintf(warning, "cannot read progress %s (%s); kept it as "
		    "%s and started afresh", path, why, backup);
		free(backup);
	} else
		xasprintf(warning, "cannot read progress %s: %s", path, why);
}

/*
 * Reads the file `path` into `p` (which has no records yet). Returns 0
 * when it was missing or read whole and clean, 1 when it was damaged or
 * unreadable (and *warning says so), as a file to merge into is then
 * what could be read, not what is on disk.
 */
static int
progress_read(struct progress *p, const char *path, char **warning)
{
	char *buf, *backup, *cause = NULL;
	size_t n;
	FILE *f;
	int bad;

	if ((f = fopen_regular(path, "rb", &cause)) == NULL) {
		int saved = errno;

		free(cause);
		if (saved == ENOENT)
			return 0;
		unreadable(path, saved == EINVAL ? "not a regular file" :
		    strerror(saved), warning);
		return 1;
	}
	buf = xmalloc(PROGRESS_MAX_BYTES + 1);
	n = fread(buf, 1, PROGRESS_MAX_BYTES + 1, f);
	if (ferror(f)) {
		int saved = errno;

		fclose(f);
		free(buf);
		unreadable(path, strerror(saved), warning);
		return 1;
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
	if ((backup = keep_aside(path)) != NULL) {
		xasprintf(warning, "progress file %s was damaged; kept it as "
		    "%s and went on with what could be read", path, backup);
		free(backup);
	} else
		xasprintf(warning, "progress file %s was damaged and could not "
		    "be moved aside: %s", path, strerror(errno));
	return 1;
}

/*
 * Whether `name` is one of the temporary files a save of `base` makes:
 * BASE.XXXXXX, six letters or digits (store_write_atomic's mkostemp).
 */
static bool
is_temp_name(const char *name, const char *base)
{
	size_t len = strlen(base);

	if (strncmp(name, base, len) != 0 || name[len] != '.' ||
	    strlen(name + len + 1) != 6)
		return false;
	for (const char *c = name + len + 1; *c != '\0'; c++)
		if (!isalnum((unsigned char)*c))
			return false;
	return true;
}

/*
 * Removes the temporary files a save killed midway left beside `path`,
 * once they are more than a minute old (a save in progress in another
 * instance is younger than that).
 */
static void
remove_stale_temps(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/'), *full;
	const char *base;
	struct dirent *e;
	struct stat st;
	time_t now = time(NULL);
	DIR *d;

	if (slash == NULL) {
		free(dir);
		return;
	}
	*slash = '\0';
	base = slash + 1;
	if ((d = opendir(slash == dir ? "/" : dir)) == NULL) {
		free(dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (!is_temp_name(e->d_name, base))
			continue;
		xasprintf(&full, "%s/%s", dir, e->d_name);
		if (lstat(full, &st) == 0 && S_ISREG(st.st_mode) &&
		    now - st.st_mtime > PROGRESS_STALE_SECONDS)
			unlink(full);
		free(full);
	}
	closedir(d);
	free(dir);
}

/* Copies every record of `from` into the empty `to`. */
static void
progress_copy(struct progress *to, const struct progress *from)
{
	memset(to, 0, sizeof *to);
	to->last = from->last ? xstrdup(from->last) : NULL;
	to->lang = from->lang ? xstrdup(from->lang) : NULL;
	for (size_t i = 0; i < from->n; i++) {
		const struct progress_lesson *fl = &from->v[i];
		struct progress_lesson *tl = progress_lesson(to, fl->id, true);

		tl->block = fl->block;
		tl->offset = fl->offset;
		tl->done = fl->done;
		for (size_t k = 0; k < fl->nquizzes; k++)
			quiz_copy(to, fl->id, &fl->quizzes[k]);
	}
	for (size_t i = 0; i < from->nex; i++)
		exercise_set(to, &from->ex[i]);
}

/* Records `p` as it is now as what was last read or written. */
static void
progress_snapshot(const struct progress *p, struct progress **base)
{
	if (*base != NULL) {
		progress_release(*base);
		free(*base);
	}
	*base = xmalloc(sizeof **base);
	progress_copy(*base, p);
}

int
progress_load(struct progress *p, const char *path, char **warning)
{
	memset(p, 0, sizeof *p);
	*warning = NULL;
	if (path != NULL)
		p->path = xstrdup(path);
	else if ((p->path = progress_default_path()) == NULL) {
		xasprintf(warning, "no HOME or XDG_STATE_HOME: progress will "
		    "not be saved");
		return -1;
	}
	remove_stale_temps(p->path);
	if (progress_read(p, p->path, warning) == 0)
		progress_snapshot(p, &p->base);
	else {
		/* Nothing on disk matches: all of it is to be saved. */
		p->base = xcalloc(1, sizeof *p->base);
	}
	return 0;
}

/* Whether two optional strings differ. */
static bool
str_differ(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

/*
 * Applies to `to` what `p` changed in its exercise records since `base`:
 * a record forgotten is dropped, a record that differs is taken whole
 * (attempts are counted by one instance at a time in practice; the
 * later save's count wins, and done is never lost to an older one).
 */
static void
progress_merge_exercises(struct progress *to, const struct progress *p,
    struct progress *base)
{
	for (size_t i = 0; i < base->nex; i++)
		if (progress_exercise(p, base->ex[i].id) == NULL)
			progress_forget_exercise(to, base->ex[i].id);
	for (size_t i = 0; i < p->nex; i++) {
		const struct progress_exercise *e = &p->ex[i];
		const struct progress_exercise *b = progress_exercise(base,
		    e->id);
		const struct progress_exercise *t;
		bool was_done;

		if (b != NULL && b->attempts == e->attempts &&
		    b->hints == e->hints && b->done == e->done)
			continue;
		t = progress_exercise(to, e->id);
		/* Forgotten here and begun again: the file's done goes too. */
		was_done = t != NULL && t->done && (b == NULL || !b->done ||
		    e->done);
		exercise_set(to, e);
		if (was_done)
			exercise_record(to, e->id, false)->done = true;
	}
}

/*
 * Applies to `to` (the file as it is now) what `p` changed since `base`:
 * language, last lesson, places, done marks and answers set, and lessons
 * forgotten. A lesson forgotten and begun again replaces the file's.
 */
static void
progress_merge(struct progress *to, const struct progress *p,
    struct progress *base)
{
	if (str_differ(p->lang, base->lang))
		progress_set_lang(to, p->lang);
	if (str_differ(p->last, base->last))
		progress_set_last(to, p->last);
	for (size_t i = 0; i < base->n; i++) {
		const char *id = base->v[i].id;
		struct progress *w = (struct progress *)(uintptr_t)p;

		if (progress_lesson(w, id, false) == NULL)
			progress_forget(to, id);
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct progress_lesson *pl = &p->v[i];
		struct progress_lesson *bl = progress_lesson(base, pl->id,
		    false), *tl;
		bool fresh = bl == NULL;

		/* Forgotten then begun again: fewer answers, or undone. */
		if (bl != NULL && (bl->nquizzes > pl->nquizzes ||
		    (bl->done && !pl->done))) {
			progress_forget(to, pl->id);
			fresh = true;
		}
		if (bl != NULL && !fresh)
			for (size_t k = 0; k < bl->nquizzes; k++)
				if (lesson_quiz((struct progress_lesson *)
				    (uintptr_t)pl, bl->quizzes[k].id) ==
				    NULL) {
					progress_forget(to, pl->id);
					fresh = true;
					break;
				}
		tl = progress_lesson(to, pl->id, true);
		if (fresh || bl->block != pl->block ||
		    bl->offset != pl->offset) {
			tl->block = pl->block;
			tl->offset = pl->offset;
		}
		if (pl->done && (fresh || !bl->done))
			tl->done = true;
		for (size_t k = 0; k < pl->nquizzes; k++) {
			const struct progress_quiz *q = &pl->quizzes[k];
			const struct progress_quiz *bq = fresh ? NULL :
			    lesson_quiz(bl, q->id);

			if (bq == NULL || bq->choice != q->choice ||
			    bq->right != q->right ||
			    bq->undecided != q->undecided)
				quiz_copy(to, pl->id, q);
		}
	}
	progress_merge_exercises(to, p, base);
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
			    pl->quizzes[k].undecided ? "undecided" :
			    pl->quizzes[k].right ? "right" : "wrong");
	}
	for (size_t i = 0; i < p->nex; i++)
		fprintf(f, "exercise %s %d %d %s\n", p->ex[i].id,
		    p->ex[i].attempts, p->ex[i].hints, p->ex[i].done ? "done" :
		    "open");
	if (fclose(f) != 0)
		fatal("out of memory");
	return out;
}

/* Opens and locks PATH.lock, waiting for another saver; -1 on failure. */
static int
progress_lock(const char *path, char **cause)
{
	char *lock;
	int fd;

	xasprintf(&lock, "%s.lock", path);
	if (store_make_parents(lock) != 0 || (fd = open(lock, O_RDWR |
	    O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)) == -1) {
		xasprintf(cause, "cannot lock %s: %s", lock, strerror(errno));
		free(lock);
		return -1;
	}
	while (flock(fd, LOCK_EX) != 0) {
		if (errno == EINTR)
			continue;
		xasprintf(cause, "cannot lock %s: %s", lock, strerror(errno));
		close(fd);
		free(lock);
		return -1;
	}
	free(lock);
	return fd;
}

int
progress_save(const struct progress *p, char **cause)
{
	struct progress now, *base;
	char *text, *warning = NULL;
	int rc, fd;

	if (p->path == NULL) {
		xasprintf(cause, "nowhere to save progress");
		return -1;
	}
	if ((fd = progress_lock(p->path, cause)) == -1)
		return -1;
	memset(&now, 0, sizeof now);
	progress_read(&now, p->path, &warning);
	free(warning);
	base = p->base != NULL ? p->base : xcalloc(1, sizeof *base);
	progress_merge(&now, p, base);
	text = progress_format(&now);
	rc = store_write_atomic(p->path, text, strlen(text), cause);
	free(text);
	progress_release(&now);
	close(fd);	/* and with it the lock */
	if (p->base == NULL) {
		progress_release(base);
		free(base);
	} else if (rc == 0) {
		/* What this instance has is saved: later changes are new. */
		struct progress *b = p->base;

		progress_release(b);
		progress_copy(b, p);
	}
	return rc;
}

void
progress_release(struct progress *p)
{
	for (size_t i = 0; i < p->n; i++) {
		for (size_t k = 0; k < p->v[i].nquizzes; k++)
			free(p->v[i].quizzes[k].id);
		free(p->v[i].quizzes);
		index_free(&p->v[i].qindex);
		free(p->v[i].id);
	}
	free(p->v);
	index_free(&p->index);
	for (size_t i = 0; i < p->nex; i++)
		free(p->ex[i].id);
	free(p->ex);
	index_free(&p->exindex);
	free(p->path);
	free(p->last);
	free(p->lang);
	if (p->base != NULL) {
		progress_release(p->base);
		free(p->base);
	}
	memset(p, 0, sizeof *p);
}

/* Frees what one lesson record holds. */
static void
lesson_record_free(struct progress_lesson *pl)
{
	for (size_t k = 0; k < pl->nquizzes; k++)
		free(pl->quizzes[k].id);
	free(pl->quizzes);
	index_free(&pl->qindex);
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
