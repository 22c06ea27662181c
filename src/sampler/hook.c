/*
 * hook.c - reading the Python hook's pipe (text lines, and the binary
 * step records "B" lines announce), and knowing when the hook can load.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "sampler/hook.h"
#include "sampler/pydir.h"
#include "trace/clock.h"

void
hook_init(struct hook *h, int fd)
{
	memset(h, 0, sizeof *h);
	h->fd = fd;
	h->now = UINT64_MAX;	/* no clamp until the owner sets t0, and
				   until a drain says what now is */
	if (fd >= 0)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

void
hook_release(struct hook *h)
{
	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
}

/* Splits off the next space-separated field of *p; NULL at the end. */
static char *
field(char **p)
{
	char *f = *p, *sp;

	if (f == NULL || *f == '\0')
		return NULL;
	sp = strchr(f, ' ');
	if (sp != NULL) {
		*sp = '\0';
		*p = sp + 1;
	} else
		*p = NULL;
	return f;
}

/* Parses a decimal field into *v. Returns 0 or -1. */
static int
number(char **p, unsigned long long *v)
{
	char *f = field(p), *end;

	if (f == NULL)
		return -1;
	errno = 0;
	*v = strtoull(f, &end, 10);
	return *end != '\0' || errno != 0 ? -1 : 0;
}

/*
 * A timestamp the program wrote, within the trace: not before the reader
 * was made, not after this drain. A forged or garbled one would stretch
 * the trace's span to centuries.
 */
static uint64_t
clamp_ts(const struct hook *h, uint64_t ts)
{
	return ts < h->t0 ? h->t0 : ts > h->now ? h->now : ts;
}

int
hook_line(struct hook *h, struct sampler *s, char *line)
{
	unsigned long long pid, tid = 0, id, ts;
	char *p = line + 1;
	enum sampler_task_event ev;

	if (line[0] == '\0' || line[1] != ' ')
		goto bad;
	p = line + 2;
	if (number(&p, &pid) != 0 || pid == 0)
		goto bad;
	switch (line[0]) {
	case 'T':
		if (number(&p, &tid) != 0 || p == NULL)
			goto bad;
		sampler_name_thread(s, (pid_t)pid, (pid_t)tid, p);
		break;
	case 'P':
		if (p == NULL)
			goto bad;
		sampler_name_process(s, (pid_t)pid, p);
		break;
	case 'C':
		if (number(&p, &tid) != 0 || number(&p, &id) != 0 ||
		    number(&p, &ts) != 0 || p == NULL)
			goto bad;
		sampler_task(s, (pid_t)pid, (pid_t)tid, id,
		    SAMPLER_TASK_CREATED, clamp_ts(h, ts), p);
		break;
	case 'S':
	case 'W':
	case 'Y':
	case 'D':
		if (number(&p, &id) != 0 || number(&p, &ts) != 0)
			goto bad;
		ev = line[0] == 'S' ? SAMPLER_TASK_STEP : line[0] == 'W' ?
		    SAMPLER_TASK_WAIT : line[0] == 'Y' ? SAMPLER_TASK_YIELD :
		    SAMPLER_TASK_DONE;
		sampler_task(s, (pid_t)pid, 0, id, ev, clamp_ts(h, ts), NULL);
		break;
	case 'N':
		if (number(&p, &id) != 0 || p == NULL)
			goto bad;
		sampler_name_task(s, (pid_t)pid, id, p);
		break;
	default:
		goto bad;
	}
	h->lines++;
	return 0;
bad:
	h->bad++;
	return -1;
}

/* A little-endian 64-bit integer at p. */
static uint64_t
le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Applies `count` binary step records of process pid. */
static void
steps(struct hook *h, struct sampler *s, pid_t pid, const unsigned char *rec,
    unsigned long long count)
{
	static const enum sampler_task_event ends[] = {
		SAMPLER_TASK_YIELD, SAMPLER_TASK_WAIT, SAMPLER_TASK_DONE
	};

	for (unsigned long long i = 0; i < count; i++, rec += HOOK_STEP_SIZE) {
		uint64_t id = le64(rec) >> 2, start = le64(rec + 8),
		    end = le64(rec + 16);
		unsigned how = rec[0] & 3;

		if (how >= sizeof ends / sizeof ends[0] || end < start) {
			h->bad++;
			continue;
		}
		sampler_task(s, pid, 0, id, SAMPLER_TASK_STEP,
		    clamp_ts(h, start), NULL);
		sampler_task(s, pid, 0, id, ends[how], clamp_ts(h, end), NULL);
		h->lines++;
	}
}

/*
 * The records a "B pid count" line announces, once they are all in the
 * buffer: returns the bytes the line and its records take, 0 when they
 * have not all arrived, or -1 when the line is not a good "B" line.
 */
static ssize_t
bulk(struct hook *h, struct sampler *s, const char *line, const char *nl,
    size_t avail)
{
	unsigned long long pid, count;
	size_t head = (size_t)(nl - line) + 1, need;
	char copy[64], *p = copy + 2;

	/* Parsed in a copy: the line stays whole until its records come. */
	if (head > sizeof copy)
		return -1;
	memcpy(copy, line, head - 1);
	copy[head - 1] = '\0';
	if (number(&p, &pid) != 0 || pid == 0 || number(&p, &count) != 0 ||
	    p != NULL || count > HOOK_STEPS_MAX)
		return -1;
	need = head + (size_t)count * HOOK_STEP_SIZE;
	if (avail < need)
		return 0;
	steps(h, s, (pid_t)pid, (const unsigned char *)nl + 1, count);
	return (ssize_t)need;
}

/*
 * Hands every complete line (and "B" line with all its records) at the
 * start of the buffer to the sampler and keeps the rest. Returns the
 * number of lines.
 */
static int
consume(struct hook *h, struct sampler *s)
{
	char *start = h->buf, *end = h->buf + h->len, *nl;
	int lines = 0;

	while ((nl = memchr(start, '\n', (size_t)(end - start))) != NULL) {
		if (start[0] == 'B' && start[1] == ' ') {
			ssize_t used = bulk(h, s, start, nl,
			    (size_t)(end - start));

			if (used == 0)
				break;
			if (used > 0) {
				start += used;
				lines++;
				continue;
			}
		}
		*nl = '\0';
		hook_line(h, s, start);
		lines++;
		start = nl + 1;
	}
	h->len = (size_t)(end - start);
	memmove(h->buf, start, h->len);
	if (h->len == sizeof h->buf) {	/* a line too long: drop it */
		h->len = 0;
		h->bad++;
	}
	return lines;
}

/* Newlines in n bytes at p. */
static uint64_t
newlines(const char *p, size_t n)
{
	uint64_t c = 0;
	const char *nl;

	while (n > 0 && (nl = memchr(p, '\n', n)) != NULL) {
		c++;
		n -= (size_t)(nl + 1 - p);
		p = nl + 1;
	}
	return c;
}

/*
 * Reads and throws away up to HOOK_ROUND_DISCARD bytes, counting their
 * lines as dropped, with the unfinished line the buffer held; a line cut
 * at the end is dropped too when its end comes (resync). Returns -1 once
 * every writer has closed the pipe.
 */
static int
discard(struct hook *h)
{
	char junk[16384];
	size_t total = 0;
	bool cut = h->len > 0;	/* the buffer holds a line's start */

	h->len = 0;
	while (total < HOOK_ROUND_DISCARD) {
		ssize_t n = read(h->fd, junk, sizeof junk);

		if (n == 0) {
			hook_release(h);
			return -1;
		}
		if (n < 0)
			break;
		total += (size_t)n;
		h->dropped += newlines(junk, (size_t)n);
		cut = junk[n - 1] != '\n';
	}
	h->resync = cut;
	return 0;
}

int
hook_drain(struct hook *h, struct sampler *s)
{
	int lines = 0;
	size_t parsed = 0;

	if (h->fd < 0)
		return -1;
	h->now = clock_now_ns();
	for (;;) {
		ssize_t n;

		if (parsed >= HOOK_ROUND_PARSE)
			return discard(h) < 0 && lines == 0 ? -1 : lines;
		n = read(h->fd, h->buf + h->len, sizeof h->buf - h->len);
		if (n == 0) {
			hook_release(h);
			return lines > 0 ? lines : -1;
		}
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? lines : -1;
		parsed += (size_t)n;
		if (h->resync) {
			/* The rest of a line whose start was dropped. */
			char *nl = memchr(h->buf + h->len, '\n', (size_t)n);

			if (nl == NULL)
				continue;
			h->resync = false;
			h->dropped++;
			memmove(h->buf + h->len, nl + 1,
			    (size_t)(h->buf + h->len + n - (nl + 1)));
			n = h->buf + h->len + n - (nl + 1);
		}
		h->len += (size_t)n;
		lines += consume(h, s);
	}
}

/* Is path a regular file? */
static int
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Does dir hold the hook module? */
static int
has_module(const char *dir)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/sitecustomize.py", dir);
	return is_file(path);
}

/*
 * The installed hook's places: beside the executable (bin/../share/...,
 * for a tree installed with DESTDIR or copied to another prefix), else
 * under the prefix it was configured with. Found once: tracers start
 * from more than one thread.
 */
static char installed_pydir[4096], installed_steps[4096];
static pthread_once_t installed_once = PTHREAD_ONCE_INIT;

static void
find_installed(void)
{
	char *p = paths_beside_exe("../" SAMPLER_PYDIR_REL);

	snprintf(installed_pydir, sizeof installed_pydir, "%s",
	    p != NULL && has_module(p) ? p : SAMPLER_INSTALLED_PYDIR);
	free(p);
	p = paths_beside_exe("../" SAMPLER_STEPS_REL);
	snprintf(installed_steps, sizeof installed_steps, "%s",
	    p != NULL && is_file(p) ? p : SAMPLER_INSTALLED_STEPS);
	free(p);
}

/*
 * Only a timeslice still in its build tree offers the source tree's hook
 * and the build's step recorder: an installed one never loads code from
 * the paths of the tree it was built in, whatever is there on the
 * machine it runs on.
 */
const char *
hook_python_dir(void)
{
	const char *env = getenv("TIMESLICE_PYDIR");

	if (env != NULL && *env != '\0')
		return has_module(env) ? env : NULL;
	if (paths_in_build_tree() && has_module(SAMPLER_SOURCE_PYDIR))
		return SAMPLER_SOURCE_PYDIR;
	pthread_once(&installed_once, find_installed);
	return has_module(installed_pydir) ? installed_pydir : NULL;
}

const char *
hook_steps_module(void)
{
	const char *env = getenv("TIMESLICE_STEPS");

	if (env != NULL)
		return *env != '\0' && is_file(env) ? env : NULL;
	if (paths_in_build_tree() && is_file(SAMPLER_BUILD_STEPS))
		return SAMPLER_BUILD_STEPS;
	pthread_once(&installed_once, find_installed);
	return is_file(installed_steps) ? installed_steps : NULL;
}

/*
 * Python's options that take a value (the rest of the word, or the next
 * word): -W and -X, and the one long option that does.
 */
static int
takes_value(const char *word, const char *at)
{
	return strcmp(word, "--check-hash-based-pycs") == 0 ||
	    (word[1] != '-' && (*at == 'W' || *at == 'X'));
}

int
hook_python_can_load(char *const argv[])
{
	for (int i = 1; argv[i] != NULL; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || a[1] == '\0' || strcmp(a, "--") == 0)
			return 1;	/* the script, stdin, or the end */
		if (a[1] == '-') {
			if (takes_value(a, a) && argv[i + 1] != NULL)
				i++;
			continue;
		}
		for (const char *c = a + 1; *c != '\0'; c++) {
			if (*c == 'I' || *c == 'E' || *c == 'S')
				return 0;
			if (*c == 'c' || *c == 'm')
				return 1;	/* the rest is the program's */
			if (takes_value(a, c)) {
				if (c[1] == '\0' && argv[i + 1] != NULL)
					i++;
				break;
			}
		}
	}
	return 1;
}

int
hook_is_python(const char *argv0)
{
	const char *base = strrchr(argv0, '/');

	base = base != NULL ? base + 1 : argv0;
	return strncmp(base, "python", 6) == 0;
}
