/*
 * workspace.c - where an exercise's files live for a learner: the copy
 * they edit ($XDG_DATA_HOME/timeslice/exercises/LANG/ID.py, made from the
 * starter once and never overwritten), and the starter's baseline run
 * cached under $XDG_CACHE_HOME/timeslice/exercises/.
 *
 * The baseline is keyed by a hash of the starter's text and of the
 * machine (host name, CPUs, the python3 that runs it): an edited starter
 * or another machine never reuses a figure. A cached run older than a
 * day is measured again (a machine's speed drifts: another python, a
 * new kernel), and a run made while less than 0.9 of a core was free,
 * or that did not end well, is used once but not kept: a stretched
 * baseline would make every later attempt look faster than it is.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "exercise/exercise.h"
#include "sampler/tracer.h"
#include "store/progress.h"
#include "store/store.h"
#include "util.h"

/* A cached baseline older than this is measured again. */
#define STALE_S		(24 * 60 * 60)
/* A baseline measured with fewer cores free than this is not kept. */
#define FAIR_CORES	0.9
/* The largest starter this reads (lessons' programs are smaller). */
#define STARTER_MAX	(256 * 1024)
#define CACHE_MAGIC	"timeslice-starter-run 2"

char *
exercise_workspace(const char *lang, const char *id)
{
	char *name, *path;

	if (!store_id_valid(id) || !store_id_valid(lang))
		return NULL;
	xasprintf(&name, "exercises/%s/%s.py", lang, id);
	path = store_data_path(name);
	free(name);
	return path;
}

/* Reads a whole small file into a new string; NULL with errno set. */
static char *
slurp(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (f == NULL)
		return NULL;
	buf = xmalloc(max + 1);
	n = fread(buf, 1, max, f);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

int
exercise_workspace_create(const char *path, const char *starter,
    bool *created, char **cause)
{
	char *text;
	size_t len;
	ssize_t w;
	int fd;

	*created = false;
	if (access(path, F_OK) == 0)
		return 0;
	if ((text = slurp(starter, STARTER_MAX, &len)) == NULL) {
		xasprintf(cause, "'%s': %s", starter, strerror(errno));
		return -1;
	}
	if (store_make_parents(path) != 0) {
		xasprintf(cause, "'%s': %s", path, strerror(errno));
		free(text);
		return -1;
	}
	/* O_EXCL: a file that appeared meanwhile is the learner's. */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0644)) < 0) {
		free(text);
		if (errno == EEXIST)
			return 0;
		xasprintf(cause, "'%s': %s", path, strerror(errno));
		return -1;
	}
	w = write(fd, text, len);
	free(text);
	if (w != (ssize_t)len || close(fd) != 0) {
		xasprintf(cause, "'%s': cannot write it whole", path);
		unlink(path);
		return -1;
	}
	*created = true;
	return 0;
}

/*
 * Puts the starter's text at `path` whatever is there, written whole to
 * a temporary file and renamed over it, so the learner's file is never
 * left half-written. Returns 0 or -1 with *cause.
 */
int
exercise_workspace_restore(const char *path, const char *starter,
    char **cause)
{
	char *text;
	size_t len;
	int rc;

	if ((text = slurp(starter, STARTER_MAX, &len)) == NULL) {
		xasprintf(cause, "'%s': %s", starter, strerror(errno));
		return -1;
	}
	if (store_make_parents(path) != 0) {
		xasprintf(cause, "'%s': %s", path, strerror(errno));
		free(text);
		return -1;
	}
	rc = store_write_atomic(path, text, len, cause);
	free(text);
	return rc;
}

/* FNV-1a over `n` bytes, continuing from `h`. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ull;
	}
	return h;
}

/* The cache file of a starter's text on this machine; NULL if none. */
static char *
cache_path(const struct lesson_exercise *ex, const char *text, size_t len)
{
	uint64_t h = 14695981039346656037ull;
	char host[256] = "", *name, *path;
	const char *py = tracer_python();
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	gethostname(host, sizeof host - 1);
	h = fnv(h, text, len);
	h = fnv(h, host, strlen(host));
	h = fnv(h, &cpus, sizeof cpus);
	if (py != NULL)
		h = fnv(h, py, strlen(py));
	xasprintf(&name, "exercises/%s-%016llx.txt", ex->id,
	    (unsigned long long)h);
	path = store_cache_path(name);
	free(name);
	return path;
}

/* Reads a cached run; -1 when it is missing, stale or not one. */
static int
cache_read(const char *path, struct exercise_run *r)
{
	struct stat st;
	char *text, *p, *out;
	size_t len, olen;
	int to = 0, n = 0;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    time(NULL) - st.st_mtime > STALE_S || time(NULL) < st.st_mtime)
		return -1;
	if ((text = slurp(path, 2 * EXERCISE_TAIL_MAX, &len)) == NULL)
		return -1;
	memset(r, 0, sizeof *r);
	if (strncmp(text, CACHE_MAGIC "\n", sizeof CACHE_MAGIC) != 0 ||
	    sscanf(text + sizeof CACHE_MAGIC, "%lf %lf %lf %lf %lf %d %d %d %d "
	    "%d %lf %zu%n", &r->wall_ms, &r->cpu_ms, &r->cores_used,
	    &r->cores_free, &r->blocked_ms, &r->threads, &r->processes,
	    &r->tasks, &r->exit_status, &to, &r->limit_s, &olen, &n) != 12) {
		free(text);
		return -1;
	}
	p = text + sizeof CACHE_MAGIC + n;
	if (*p != '\n' || (size_t)(text + len - (p + 1)) != olen ||
	    olen > EXERCISE_TAIL_MAX) {
		free(text);
		return -1;
	}
	out = xmalloc(olen + 1);
	memcpy(out, p + 1, olen);
	out[olen] = '\0';
	free(text);
	r->out = out;
	r->err = xstrdup("");
	r->timed_out = to != 0;
	r->cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	return 0;
}

/* Keeps a run in the cache (best effort: a cache that cannot be written
 * only costs a new measurement next time). */
static void
cache_write(const char *path, const struct exercise_run *r)
{
	size_t olen = strlen(r->out);
	char *head, *all, *cause = NULL;
	int hl;

	hl = xasprintf(&head, CACHE_MAGIC "\n%.17g %.17g %.17g %.17g %.17g "
	    "%d %d %d %d %d %.17g %.17g %zu\n", r->wall_ms, r->cpu_ms,
	    r->cores_used, r->cores_free, r->blocked_ms, r->threads,
	    r->processes, r->tasks, r->exit_status, r->timed_out ? 1 : 0,
	    r->limit_s, r->ready_ms, olen);
	all = xmalloc((size_t)hl + olen);
	memcpy(all, head, (size_t)hl);
	memcpy(all + hl, r->out, olen);
	if (store_write_atomic(path, all, (size_t)hl + olen, &cause) != 0)
		free(cause);
	free(head);
	free(all);
}

int
exercise_starter_run(const struct lesson_exercise *ex,
    const _Atomic int *stop, struct exercise_live *live,
    struct exercise_run *r, bool *cached, char **cause)
{
	char *text, *path = NULL;
	size_t len;

	*cached = false;
	if (ex->starter_path == NULL) {
		xasprintf(cause, "exercise '%s' has no starter file",
		    ex->id != NULL ? ex->id : "?");
		return -1;
	}
	if ((text = slurp(ex->starter_path, STARTER_MAX, &len)) != NULL) {
		path = cache_path(ex, text, len);
		free(text);
	}
	if (path != NULL && cache_read(path, r) == 0) {
		*cached = true;
		free(path);
		return 0;
	}
	if (exercise_run_file(ex->starter_path, ex->limit_s, stop, live, r,
	    cause) != 0) {
		free(path);
		return -1;
	}
	/* Only a whole, fair run is kept: one ended at the limit or by an
	 * error is measured again next time. */
	if (path != NULL && !r->interrupted && !r->timed_out &&
	    r->exit_status == 0 && (r->cores_free < 0 ||
	    r->cores_free >= FAIR_CORES))
		cache_write(path, r);
	free(path);
	return 0;
}

/*
 * Records a graded attempt at `id` in the progress file: loaded fresh,
 * changed, saved (merging with what other instances saved).
 */
int
exercise_record_attempt(const char *id, bool passed, int hints,
    char **cause)
{
	struct progress p;
	char *warning = NULL;
	int rc;

	if (progress_load(&p, NULL, &warning) != 0) {
		*cause = warning;
		return -1;
	}
	free(warning);
	progress_exercise_attempt(&p, id, passed, hints);
	rc = progress_save(&p, cause);
	progress_release(&p);
	return rc;
}
