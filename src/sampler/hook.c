/*
 * hook.c - reading the Python hook's pipe.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sampler/hook.h"
#include "sampler/pydir.h"

void
hook_init(struct hook *h, int fd)
{
	memset(h, 0, sizeof *h);
	h->fd = fd;
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
		    SAMPLER_TASK_CREATED, ts, p);
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
		sampler_task(s, (pid_t)pid, 0, id, ev, ts, NULL);
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

int
hook_drain(struct hook *h, struct sampler *s)
{
	int lines = 0;

	if (h->fd < 0)
		return -1;
	for (;;) {
		ssize_t n = read(h->fd, h->buf + h->len, sizeof h->buf - h->len);
		char *start, *nl;

		if (n == 0) {
			hook_release(h);
			return lines > 0 ? lines : -1;
		}
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? lines : -1;
		h->len += (size_t)n;
		start = h->buf;
		while ((nl = memchr(start, '\n', h->len -
		    (size_t)(start - h->buf))) != NULL) {
			*nl = '\0';
			hook_line(h, s, start);
			lines++;
			start = nl + 1;
		}
		h->len -= (size_t)(start - h->buf);
		memmove(h->buf, start, h->len);
		if (h->len == sizeof h->buf) {	/* a line too long: drop it */
			h->len = 0;
			h->bad++;
		}
	}
}

/* Does dir hold the hook module? */
static int
has_module(const char *dir)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof path, "%s/sitecustomize.py", dir);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *
hook_python_dir(void)
{
	const char *env = getenv("TIMESLICE_PYDIR");

	if (env != NULL && *env != '\0')
		return has_module(env) ? env : NULL;
	if (has_module(SAMPLER_SOURCE_PYDIR))
		return SAMPLER_SOURCE_PYDIR;
	if (has_module(SAMPLER_INSTALLED_PYDIR))
		return SAMPLER_INSTALLED_PYDIR;
	return NULL;
}

int
hook_is_python(const char *argv0)
{
	const char *base = strrchr(argv0, '/');

	base = base != NULL ? base + 1 : argv0;
	return strncmp(base, "python", 6) == 0;
}
