/*
 * proc.c - the procfs readers behind the sampler: a thread's per-sample
 * files, its name, the task directories and the process tree.
 *
 * Every function returns an error rather than exiting: a thread can end
 * between any two reads, and that is an ordinary event here, not a
 * failure. Whole files are read through procfs.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "procfs.h"
#include "sampler/proc.h"
#include "util.h"

/* Where /proc is: a test may point it at a tree of its own. */
static char proc_root[256] = "/proc";

void
proc_set_root(const char *root)
{
	snprintf(proc_root, sizeof proc_root, "%s", root ? root : "/proc");
}

/* Builds the path of /proc/pid/task/tid/name (name may be NULL). */
static void
task_path(char *path, size_t size, pid_t pid, pid_t tid, const char *name)
{
	snprintf(path, size, "%s/%d/task/%d%s%s", proc_root, (int)pid,
	    (int)tid, name ? "/" : "", name ? name : "");
}

/* Opens /proc/pid/task/tid/name read-only, close-on-exec. */
static int
open_task_file(pid_t pid, pid_t tid, const char *name)
{
	char path[320];

	task_path(path, sizeof path, pid, tid, name);
	return open(path, O_RDONLY | O_CLOEXEC);
}

int
proc_task_open(struct proc_task *pt, pid_t pid, pid_t tid)
{
	pt->pid = pid;
	pt->tid = tid;
	pt->partial = 0;
	pt->fd_stat = open_task_file(pid, tid, "stat");
	pt->fd_schedstat = open_task_file(pid, tid, "schedstat");
	pt->fd_syscall = open_task_file(pid, tid, "syscall");
	if (pt->fd_stat < 0 || pt->fd_schedstat < 0) {
		proc_task_close(pt);
		return -1;
	}
	/* Only a tracer may read it: without it the thread is still seen. */
	if (pt->fd_syscall < 0)
		pt->partial = 1;
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
	ssize_t n = procfs_reread(fd, buf, size);

	if (n == 0)
		errno = ENODATA;	/* not a denial */
	return n > 0 ? 0 : -1;
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
proc_task_read(struct proc_task *pt, struct proc_sample *s)
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
	if (s->state == 'R' || s->state == 'Z' || s->state == 'X' ||
	    pt->fd_syscall < 0)
		return 0;
	if (reread(pt->fd_syscall, buf, sizeof buf) != 0) {
		/* Denied (no tracer's rights): the rest still tells a lot. */
		if (errno == EACCES || errno == EPERM) {
			close(pt->fd_syscall);
			pt->fd_syscall = -1;
			pt->partial = 1;
			return 0;
		}
		return s->state == 'Z' ? 0 : -1;
	}
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
	while (n < max && (de = readdir(d)) != NULL) {
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
	char path[300];

	snprintf(path, sizeof path, "%s/%d/task", proc_root, (int)pid);
	return list_numeric(path, out, max);
}

int
proc_read_comm(pid_t pid, pid_t tid, char *buf, size_t size)
{
	char path[320];
	ssize_t n;

	task_path(path, sizeof path, pid, tid, "comm");
	if ((n = procfs_read(path, buf, size)) <= 0)
		return -1;
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

/* Appends the pids listed in `text` (space-separated) to out[n..max). */
static int
parse_pids(const char *text, pid_t *out, int n, int max)
{
	const char *p = text;
	char *end;

	while (n < max) {
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		if (v > 0)
			out[n++] = (pid_t)v;
		p = end;
	}
	return n;
}

/*
 * The children of pid from the children file of each of its threads.
 * Returns the count, or -1 when a thread that is still there has no
 * readable children file (the kernel lacks them, or they are denied).
 */
static int
children_from_files(pid_t pid, pid_t *out, int max)
{
	pid_t tids[1024];
	char path[320], buf[4096];
	int nt = proc_list_tasks(pid, tids, 1024), n = 0;

	for (int i = 0; i < nt && n < max; i++) {
		task_path(path, sizeof path, pid, tids[i], "children");
		if (procfs_read(path, buf, sizeof buf) < 0) {
			task_path(path, sizeof path, pid, tids[i], NULL);
			if (access(path, F_OK) == 0)
				return -1;
			continue;	/* that thread has ended */
		}
		n = parse_pids(buf, out, n, max);
	}
	return n;
}

/*
 * The parent process named in a stat file's text: the field after the
 * state, counted from the last ')' as a comm may hold anything. 0 when
 * the text is not a stat line.
 */
static pid_t
stat_ppid(const char *text)
{
	const char *p = strrchr(text, ')');
	char state;
	int ppid;

	if (p == NULL || sscanf(p + 1, " %c %d", &state, &ppid) != 2 ||
	    ppid < 0)
		return 0;
	return (pid_t)ppid;
}

/* Reads the parent of every process of /proc into the look, once. */
static void
scan_parents(struct proc_tree *pt)
{
	char path[300], buf[1024];
	struct dirent *de;
	DIR *d;

	if (pt->scanned)
		return;
	pt->scanned = 1;
	if ((d = opendir(proc_root)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char *end;
		long v = strtol(de->d_name, &end, 10);
		pid_t ppid;

		if (*end != '\0' || v <= 0)
			continue;
		snprintf(path, sizeof path, "%s/%ld/stat", proc_root, v);
		if (procfs_read(path, buf, sizeof buf) <= 0 ||
		    (ppid = stat_ppid(buf)) <= 0)
			continue;
		if (pt->npairs == pt->cap) {
			pt->cap = pt->cap ? 2 * pt->cap : 256;
			pt->pairs = xreallocarray(pt->pairs, (size_t)pt->cap,
			    sizeof *pt->pairs);
		}
		pt->pairs[pt->npairs][0] = (pid_t)v;
		pt->pairs[pt->npairs][1] = ppid;
		pt->npairs++;
	}
	closedir(d);
}

void
proc_tree_begin(struct proc_tree *pt, enum proc_via via)
{
	memset(pt, 0, sizeof *pt);
	pt->via = via;
}

int
proc_tree_children(struct proc_tree *pt, pid_t pid, pid_t *out, int max)
{
	int n = 0;

	if (pt->via != PROC_VIA_SCAN) {
		n = children_from_files(pid, out, max);
		if (n >= 0 || pt->via == PROC_VIA_FILES)
			return n < 0 ? 0 : n;
		pt->fell_back = 1;
		n = 0;
	}
	scan_parents(pt);
	for (int i = 0; i < pt->npairs && n < max; i++)
		if (pt->pairs[i][1] == pid)
			out[n++] = pt->pairs[i][0];
	return n;
}

int
proc_tree_descendants(struct proc_tree *pt, pid_t pid, pid_t *out, int max)
{
	int n = 0;

	/* out is its own queue: the children of out[i] go after the rest. */
	for (int i = -1; i < n && n < max; i++) {
		pid_t kids[256];
		int k = proc_tree_children(pt, i < 0 ? pid : out[i], kids,
		    256);

		for (int j = 0; j < k && n < max; j++)
			if (kids[j] != pid)	/* a pid reused mid-walk */
				out[n++] = kids[j];
	}
	return n;
}

void
proc_tree_end(struct proc_tree *pt)
{
	free(pt->pairs);
	memset(pt, 0, sizeof *pt);
}

int
proc_descendants(pid_t pid, pid_t *out, int max)
{
	struct proc_tree pt;
	int n;

	proc_tree_begin(&pt, PROC_VIA_ANY);
	n = proc_tree_descendants(&pt, pid, out, max);
	proc_tree_end(&pt);
	return n;
}
