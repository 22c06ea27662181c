/*
 * proc.c - the procfs readers behind the sampler.
 *
 * Every function returns an error rather than exiting: a thread can end
 * between any two reads, and that is an ordinary event here, not a
 * failure.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sampler/proc.h"

/* Opens /proc/pid/task/tid/name read-only, close-on-exec. */
static int
open_task_file(pid_t pid, pid_t tid, const char *name)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/task/%d/%s", (int)pid, (int)tid,
	    name);
	return open(path, O_RDONLY | O_CLOEXEC);
}

int
proc_task_open(struct proc_task *pt, pid_t pid, pid_t tid)
{
	pt->pid = pid;
	pt->tid = tid;
	pt->fd_stat = open_task_file(pid, tid, "stat");
	pt->fd_schedstat = open_task_file(pid, tid, "schedstat");
	pt->fd_syscall = open_task_file(pid, tid, "syscall");
	if (pt->fd_stat < 0 || pt->fd_schedstat < 0 || pt->fd_syscall < 0) {
		proc_task_close(pt);
		return -1;
	}
	return 0;
}

void
proc_task_close(struct proc_task *pt)
{
	if (pt->fd_stat >= 0)
		close(pt->fd_stat);
	if (pt->fd_schedstat >= 0)
		close(pt->fd_schedstat);
	if (pt->fd_syscall >= 0)
		close(pt->fd_syscall);
	pt->fd_stat = pt->fd_schedstat = pt->fd_syscall = -1;
}

/* Re-reads a whole small proc file into buf as a string. */
static int
reread(int fd, char *buf, size_t size)
{
	ssize_t n = pread(fd, buf, size - 1, 0);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/*
 * The comm in stat may hold spaces and parentheses, so fields are counted
 * from the last ')'. After it come state (field 3) and, 36 fields later,
 * processor (field 39).
 */
int
proc_parse_stat(const char *text, char *state, int *cpu)
{
	const char *p = strrchr(text, ')');
	int field = 2;

	if (p == NULL)
		return -1;
	p++;
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0' || *p == '\n')
			break;
		field++;
		if (field == 3)
			*state = *p;
		else if (field == 39) {
			*cpu = atoi(p);
			return 0;
		}
		while (*p != '\0' && *p != ' ')
			p++;
	}
	return -1;
}

int
proc_parse_syscall(const char *text, long *nr, uint64_t *arg0,
    uint64_t *arg1)
{
	char *end;

	*arg0 = *arg1 = 0;
	if (strncmp(text, "running", 7) == 0) {
		*nr = PROC_RUNNING;
		return 0;
	}
	*nr = strtol(text, &end, 10);
	if (end == text)
		return -1;
	if (*nr < 0) {
		*nr = PROC_NO_SYSCALL;
		return 0;
	}
	*arg0 = strtoull(end, &end, 16);
	*arg1 = strtoull(end, &end, 16);
	return 0;
}

int
proc_task_read(const struct proc_task *pt, struct proc_sample *s)
{
	char buf[512];
	unsigned long long e, d;

	if (reread(pt->fd_stat, buf, sizeof buf) != 0 ||
	    proc_parse_stat(buf, &s->state, &s->cpu) != 0)
		return -1;
	if (reread(pt->fd_schedstat, buf, sizeof buf) != 0 ||
	    sscanf(buf, "%llu %llu", &e, &d) != 2)
		return -1;
	s->exec_ns = e;
	s->delay_ns = d;
	s->nr = PROC_UNREAD;
	s->arg0 = s->arg1 = 0;
	if (s->state == 'R' || s->state == 'Z' || s->state == 'X')
		return 0;
	if (reread(pt->fd_syscall, buf, sizeof buf) != 0)
		return s->state == 'Z' ? 0 : -1;
	if (proc_parse_syscall(buf, &s->nr, &s->arg0, &s->arg1) != 0)
		s->nr = PROC_NO_SYSCALL;
	return 0;
}

/* futex(2) operations that put the caller to sleep on a word. */
static int
futex_op_waits(uint64_t op)
{
	switch (op & 0x7f) {	/* strip FUTEX_PRIVATE and CLOCK_REALTIME */
	case 0:		/* FUTEX_WAIT */
	case 6:		/* FUTEX_LOCK_PI */
	case 9:		/* FUTEX_WAIT_BITSET */
	case 11:	/* FUTEX_WAIT_REQUEUE_PI */
	case 13:	/* FUTEX_LOCK_PI2 */
		return 1;
	default:
		return 0;
	}
}

int
proc_is_lock_wait(const struct proc_sample *s, uint64_t *addr)
{
#ifdef SYS_futex
	if (s->nr == SYS_futex && futex_op_waits(s->arg1)) {
		*addr = s->arg0;
		return 1;
	}
#endif
#ifdef SYS_futex_wait
	if (s->nr == SYS_futex_wait) {
		*addr = s->arg0;
		return 1;
	}
#endif
	return 0;
}

/* Reads the numeric entries of a directory into out. */
static int
list_numeric(const char *path, pid_t *out, int max)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL && n < max) {
		char *end;
		long v = strtol(de->d_name, &end, 10);

		if (*end == '\0' && v > 0)
			out[n++] = (pid_t)v;
	}
	closedir(d);
	return n;
}

int
proc_list_tasks(pid_t pid, pid_t *out, int max)
{
	char path[48];

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	return list_numeric(path, out, max);
}

int
proc_list_children(pid_t pid, pid_t tid, pid_t *out, int max)
{
	char buf[4096], *p, *end;
	int fd, n = 0;
	ssize_t len;

	fd = open_task_file(pid, tid, "children");
	if (fd < 0)
		return 0;
	len = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (len <= 0)
		return 0;
	buf[len] = '\0';
	for (p = buf; n < max; p = end) {
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		if (v > 0)
			out[n++] = (pid_t)v;
	}
	return n;
}

int
proc_read_comm(pid_t pid, pid_t tid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/task/%d/comm", (int)pid,
	    (int)tid);
	if ((n = proc_read_file(path, buf, size)) <= 0)
		return -1;
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

ssize_t
proc_read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}
