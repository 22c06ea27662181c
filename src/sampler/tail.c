/*
 * tail.c - the last bytes of an output stream (see tail.h).
 *
 * Appending moves what is kept to the front when it would overflow: a
 * memmove of at most `max` bytes per read of up to 4 KiB, paid only once
 * the stream has outgrown the tail, which is cheap beside the read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sampler/tail.h"
#include "util.h"

void
tail_init(struct tail *t, size_t max)
{
	t->buf = xmalloc(max + 1);
	t->buf[0] = '\0';
	t->len = 0;
	t->max = max;
	t->cut = false;
	t->total = 0;
}

void
tail_release(struct tail *t)
{
	free(t->buf);
	t->buf = NULL;
	t->len = 0;
	t->cut = false;
}

void
tail_add(struct tail *t, const char *s, size_t n)
{
	if (t->buf == NULL || n == 0)
		return;
	t->total += n;
	if (n > t->max) {
		s += n - t->max;
		n = t->max;
		t->cut = true;
	}
	if (t->len + n > t->max) {
		size_t drop = t->len + n - t->max;

		memmove(t->buf, t->buf + drop, t->len - drop);
		t->len -= drop;
		t->cut = true;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

int
tail_drain(struct tail *t, int fd)
{
	char buf[4096];
	ssize_t n;

	if (fd < 0)
		return -1;
	for (;;) {
		n = read(fd, buf, sizeof buf);
		if (n > 0) {
			tail_add(t, buf, (size_t)n);
			continue;
		}
		if (n == 0)
			return -1;
		if (errno == EINTR)
			continue;
		/* EAGAIN: nothing more for now; any other error, the same
		 * (the program's end closes the pipe, or its reaping does). */
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
	}
}

const char *
tail_str(const struct tail *t)
{
	return t->buf != NULL ? t->buf : "";
}
