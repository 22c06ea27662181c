/*
 * util.c - checked allocation, formatted strings, fatal errors that are
 * safe from any thread (the rules are in util.h), the quit signals,
 * checked and escaped output, and the edit distance behind every "did
 * you mean".
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* The terminal's ways back, NULL while none is registered. */
static void		(*_Atomic fatal_restore)(void);
static void		(*_Atomic fatal_restore_async)(void);

static pid_t		 fatal_pid;	/* the process that started */
static _Atomic int	 fatal_claimed;	/* a fatal error is under way */
static _Atomic int	 fatal_pending;	/* a message waits for main */
static char		 fatal_msg[1024];
static size_t		 fatal_len;

/* Runs before main: remembers which process is the program itself. */
__attribute__((constructor)) static void
fatal_init(void)
{
	fatal_pid = getpid();
}

/* Whether the caller is the program's main thread (not a forked child). */
static bool
fatal_on_main(void)
{
	return getpid() == fatal_pid && gettid() == fatal_pid;
}

/* Writes all of buf to stderr with write(2) only. */
static void
fatal_write(const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(STDERR_FILENO, buf, len);

		if (w <= 0)
			return;
		buf += w;
		len -= (size_t)w;
	}
}

/* Sleeps about `ms` milliseconds. */
static void
fatal_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		continue;
}

void
fatal_set_terminal(void (*restore)(void), void (*restore_async)(void))
{
	if (restore == NULL || restore_async == NULL)
		restore = restore_async = NULL;
	/* async first: a thread that sees it may be waiting on main. */
	atomic_store(&fatal_restore_async, restore_async);
	atomic_store(&fatal_restore, restore);
}

/* On the main thread: the terminal back, then what a thread had to say. */
static void
fatal_restore_main(void)
{
	void (*restore)(void) = atomic_load(&fatal_restore);

	if (restore != NULL)
		restore();
	fflush(stdout);
	if (atomic_load(&fatal_pending))
		fatal_write(fatal_msg, fatal_len);
}

void
fatal_poll(void)
{
	if (!atomic_load(&fatal_pending) || !fatal_on_main())
		return;
	fatal_restore_main();
	exit(1);
}

_Noreturn void
fatal(const char *fmt, ...)
{
	void (*restore_async)(void);
	va_list ap;
	int n;

	if (fatal_on_main()) {
		atomic_store(&fatal_claimed, 1);
		fatal_restore_main();
		fputs("timeslice: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
		exit(1);
	}
	if (atomic_exchange(&fatal_claimed, 1)) {
		/* Another thread is ending the program: wait to go with it. */
		for (;;)
			pause();
	}
	/* No allocation from here on: we may be out of memory. */
	va_start(ap, fmt);
	n = snprintf(fatal_msg, sizeof fatal_msg, "timeslice: ");
	n += vsnprintf(fatal_msg + n, sizeof fatal_msg - (size_t)n, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof fatal_msg - 2)
		n = (int)sizeof fatal_msg - 2;
	fatal_msg[n++] = '\n';
	fatal_msg[n] = '\0';
	fatal_len = (size_t)n;
	restore_async = getpid() == fatal_pid ?
	    atomic_load(&fatal_restore_async) : NULL;
	if (restore_async != NULL) {
		/* The message is complete before main can see it pending. */
		atomic_store(&fatal_pending, 1);
		for (long waited = 0; waited < FATAL_WAIT_MS; waited += 10)
			fatal_sleep_ms(10);
		/* Main did not come: restore without curses, then leave. */
		restore_async();
	}
	fatal_write(fatal_msg, fatal_len);
	_exit(1);
}

void
catch_quit_signals(void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		fatal("out of memory (%zu bytes)", n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		fatal("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		fatal("out of memory (%zu bytes)", n);
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > (size_t)-1 / size)
		fatal("allocation overflow (%zu x %zu)", n, size);
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

int
xasprintf(char **out, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(out, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("out of memory formatting a message");
	return n;
}

/* Whether util_std_fds_open found standard output closed. */
static bool stdout_was_closed;

void
util_std_fds_open(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		int nfd;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		nfd = fd == 0 ? open("/dev/null", O_RDONLY) :
		    open("/dev/full", O_WRONLY);
		if (nfd >= 0 && nfd != fd) {
			/* A lower number was closed too and took this one. */
			dup2(nfd, fd);
			close(nfd);
		}
		if (fd == 1)
			stdout_was_closed = true;
	}
}

int
util_close_stdout(void)
{
	int bad, err;

	errno = 0;
	bad = fflush(stdout) != 0 || ferror(stdout);
	err = errno;
	if (fclose(stdout) != 0 && !bad) {
		bad = 1;
		err = errno;
	}
	if (!bad)
		return 0;
	fprintf(stderr, "timeslice: cannot write the output: %s\n",
	    stdout_was_closed ? "standard output is closed" :
	    err != 0 ? strerror(err) : "write error");
	return -1;
}

/*
 * Length of the UTF-8 sequence at s (at most n bytes), or 0 when the
 * bytes there are not one well-formed sequence (overlong forms and
 * surrogates included).
 */
size_t
util_utf8_len(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len;
	uint32_t cp, min;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = s[0] & 0x0f;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void
util_utf8_copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src), i = 0, o = 0;

	while (i < n) {
		size_t len = util_utf8_len(src + i, n - i);

		if (len == 0) {
			if (o + 1 >= cap)
				break;
			dst[o++] = '?';
			i++;
			continue;
		}
		if (o + len >= cap)
			break;
		memcpy(dst + o, src + i, len);
		o += len;
		i += len;
	}
	dst[o] = '\0';
}

void
util_fputs_safe_n(const char *s, size_t n, FILE *f, int keep_newline)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;

	while (i < n) {
		size_t len = util_utf8_len(s + i, n - i);
		int c1 = len == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0;

		if (len != 0 && !c1 && (p[i] >= 0x20 || (p[i] == '\n' &&
		    keep_newline)) && p[i] != 0x7f) {
			i += len;
			continue;
		}
		/* Write the clean run before this, then the shown form. */
		fwrite(p + run, 1, i - run, f);
		if (c1)
			fprintf(f, "\\u%04x", p[i + 1]);
		else
			fprintf(f, "\\x%02x", p[i]);
		i += c1 ? 2 : 1;
		run = i;
	}
	fwrite(p + run, 1, i - run, f);
}

void
util_fputs_safe(const char *s, FILE *f)
{
	util_fputs_safe_n(s, strlen(s), f, 0);
}

char *
util_safe_str(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		fatal("out of memory escaping a string");
	util_fputs_safe(s, f);
	if (fclose(f) != 0 || buf == NULL)
		fatal("out of memory escaping a string");
	return buf;
}

/*
 * Levenshtein distance by the two-row method; strings here are short
 * option and scenario names, so the cap mostly saves nothing but is cheap.
 */
int
edit_distance(const char *a, const char *b, int cap)
{
	size_t la = strlen(a), lb = strlen(b);
	int *prev, *cur, d;

	if (la > 64 || lb > 64)
		return cap + 1;
	prev = xcalloc(lb + 1, sizeof *prev);
	cur = xcalloc(lb + 1, sizeof *cur);
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			int del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) :
			    (del < ins ? del : ins);
		}
		memcpy(prev, cur, (lb + 1) * sizeof *prev);
	}
	d = prev[lb];
	free(prev);
	free(cur);
	return d > cap ? cap + 1 : d;
}

int
open_regular(const char *path, int flags, char **cause)
{
	struct stat st;
	int fd, fl, saved;

	if ((fd = open(path, flags | O_NONBLOCK | O_CLOEXEC)) == -1) {
		saved = errno;
		xasprintf(cause, "%s: %s", path, strerror(saved));
		errno = saved;
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		saved = errno;
		xasprintf(cause, "%s: %s", path, strerror(saved));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		saved = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		xasprintf(cause, "%s: not a regular file", path);
		goto fail;
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		saved = errno;
		xasprintf(cause, "%s: %s", path, strerror(saved));
		goto fail;
	}
	return fd;
fail:
	close(fd);
	errno = saved;
	return -1;
}

FILE *
fopen_regular(const char *path, const char *mode, char **cause)
{
	int fd, saved;
	FILE *f;

	if ((fd = open_regular(path, mode[0] == 'r' && strchr(mode, '+') ==
	    NULL ? O_RDONLY : O_RDWR, cause)) == -1)
		return NULL;
	if ((f = fdopen(fd, mode)) == NULL) {
		saved = errno;
		close(fd);
		xasprintf(cause, "%s: %s", path, strerror(saved));
		errno = saved;
	}
	return f;
}

/* See util.h; moved here from the pager's search so lower layers share it. */
unsigned
util_fold_char(const char *s, size_t n, size_t *len)
{
	/* Base letters of U+00C0..U+00FF; 0 where there is none. */
	static const char base[] = "aaaaaaaceeeeiiii"	/* C0-CF */
	    "dnooooo\0ouuuuyts"				/* D0-DF */
	    "aaaaaaaceeeeiiii"					/* E0-EF */
	    "dnooooo\0ouuuuyty";				/* F0-FF */
	unsigned char c = (unsigned char)s[0];
	unsigned cp;

	*len = util_utf8_len(s, n);
	if (*len <= 1) {
		*len = 1;
		return c < 0x80 ? (unsigned)tolower(c) : c;
	}
	if (*len != 2)
		return 0x100u + c;	/* compared byte by byte below */
	cp = ((c & 0x1fu) << 6) | ((unsigned char)s[1] & 0x3fu);
	if (cp >= 0xc0 && cp <= 0xff && base[cp - 0xc0] != '\0')
		return (unsigned char)base[cp - 0xc0];
	return cp;
}

char *
util_fold(const char *s)
{
	size_t n = strlen(s), o = 0;
	char *out = xmalloc(n + 1);

	for (size_t i = 0; i < n;) {
		size_t len;
		unsigned c = util_fold_char(s + i, n - i, &len);

		/* Folded to one ASCII letter: that letter; else the bytes. */
		if (c < 0x80)
			out[o++] = (char)c;
		else {
			memcpy(out + o, s + i, len);
			o += len;
		}
		i += len;
	}
	out[o] = '\0';
	return out;
}
