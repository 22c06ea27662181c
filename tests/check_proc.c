/*
 * check_proc.c - the /proc layer: whole reads whatever interrupts them,
 * the process tree found from children files and from every stat alike,
 * thread names, threads whose syscall file is denied, and the sampler's
 * index of threads on a process of hundreds of them.
 *
 * Subjects are real processes forked here, asleep in read(2) on a pipe
 * until the test closes it; nothing depends on how fast they run.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "sampler/proc.h"
#include "sampler/sampler.h"
#include "testutil.h"
#include "trace/clock.h"
#include "trace/log.h"

/* ---- subjects ---- */

/* A forked process of `threads` threads asleep until `wake` closes. */
struct subject {
	pid_t	pid;
	int	wake;		/* write end: closing it ends the subject */
};

struct sleeper {
	int		 fd;
	int		 ready;	/* a byte written here once named */
	const char	*name;	/* the thread's name, or NULL */
};

/* A subject's thread: names itself, says so, then sleeps in read(2). */
static void *
sleeper(void *arg)
{
	const struct sleeper *sl = arg;
	char c = 'r';

	if (sl->name != NULL)
		prctl(PR_SET_NAME, sl->name);
	if (write(sl->ready, &c, 1) != 1)
		_exit(1);
	while (read(sl->fd, &c, 1) < 0 && errno == EINTR)
		continue;
	return NULL;
}

/* Waits until pid has `threads` threads; fails the test after 5 s. */
static void
await_threads(pid_t pid, int threads)
{
	static pid_t tids[4096];
	int n = 0;

	for (int i = 0; i < 1000 && n != threads; i++) {
		n = proc_list_tasks(pid, tids, 4096);
		if (n != threads)
			usleep(5000);
	}
	ck_assert_msg(n == threads, "subject %d has %d threads of %d",
	    (int)pid, n, threads);
}

/*
 * Waits until every thread of pid sleeps (state S): on a busy machine a
 * thread that said it is ready may not have reached its read(2) yet.
 * Fails the test after 5 s.
 */
static void
await_asleep(pid_t pid)
{
	static pid_t tids[4096];
	int n = proc_list_tasks(pid, tids, 4096);

	for (int i = 0; i < n; i++) {
		struct proc_task pt;
		struct proc_sample smp;
		int tries = 0;

		ck_assert_int_eq(proc_task_open(&pt, pid, tids[i]), 0);
		while (proc_task_read(&pt, &smp) == 0 && smp.state != 'S' &&
		    ++tries < 1000)
			usleep(5000);
		proc_task_close(&pt);
		ck_assert_msg(smp.state == 'S', "thread %d of subject %d is "
		    "not asleep (%c)", (int)tids[i], (int)pid, smp.state);
	}
}

/*
 * Forks a subject of `threads` threads; the extra ones are named `name`
 * (when not NULL). Returns once they all are named and asleep.
 */
static struct subject
subject_start(int threads, const char *name)
{
	struct subject sj;
	int fds[2], ready[2];
	char c;

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(pipe(ready), 0);
	fflush(NULL);
	sj.pid = fork();
	ck_assert_int_ge(sj.pid, 0);
	if (sj.pid == 0) {
		struct sleeper sl = { fds[0], ready[1], name };
		struct sleeper main_sl = { fds[0], ready[1], NULL };
		pthread_attr_t attr;

		close(fds[1]);
		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, 64 * 1024);
		for (int i = 1; i < threads; i++) {
			pthread_t th;

			if (pthread_create(&th, &attr, sleeper, &sl) != 0)
				_exit(1);
		}
		sleeper(&main_sl);
		_exit(0);
	}
	close(fds[0]);
	close(ready[1]);
	sj.wake = fds[1];
	for (int i = 0; i < threads; i++)
		ck_assert_int_eq(read(ready[0], &c, 1), 1);
	close(ready[0]);
	await_threads(sj.pid, threads);
	await_asleep(sj.pid);
	return sj;
}

/* Ends a subject and reaps it. */
static void
subject_end(struct subject *sj)
{
	close(sj->wake);
	while (waitpid(sj->pid, NULL, 0) < 0 && errno == EINTR)
		continue;
}

/* ---- whole reads ---- */

static void
on_usr1(int sig)
{
	(void)sig;
}

/*
 * Whether pid's main thread is asleep in read(2) into `at` (as root we
 * may read its syscall file).
 */
static int
reading_into(pid_t pid, const void *at)
{
	char path[64], buf[256];
	long nr;
	unsigned long fd, addr;

	snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
	if (procfs_read(path, buf, sizeof buf) <= 0 ||
	    sscanf(buf, "%ld %lx %lx", &nr, &fd, &addr) != 3)
		return 0;
	return nr == SYS_read && addr == (unsigned long)(uintptr_t)at;
}

/*
 * A file that comes in two pieces, with a signal landing between them
 * while the reader sleeps in read(2), is still read whole: the FIFO's
 * writer sends "ab", waits until the reader sleeps reading after those
 * two bytes, interrupts it, waits for it to read again, then sends the
 * rest.
 */
START_TEST(interrupted_short_reads_give_the_whole_file)
{
	char dir[] = "/tmp/ts-procfs-XXXXXX", path[64], buf[64];
	struct sigaction sa;
	pid_t reader = getpid(), writer;
	ssize_t n;
	int st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;	/* no SA_RESTART: read gives EINTR */
	ck_assert_int_eq(sigaction(SIGUSR1, &sa, NULL), 0);
	fflush(NULL);
	if ((writer = fork()) == 0) {
		int fd = open(path, O_WRONLY);

		if (fd < 0 || write(fd, "ab", 2) != 2)
			_exit(1);
		for (int i = 0; i < 400 && !reading_into(reader, buf + 2); i++)
			usleep(5000);
		kill(reader, SIGUSR1);
		usleep(20000);
		for (int i = 0; i < 400 && !reading_into(reader, buf + 2); i++)
			usleep(5000);
		if (write(fd, "cd\n", 3) != 3)
			_exit(1);
		close(fd);
		_exit(0);
	}
	ck_assert_int_gt(writer, 0);
	n = procfs_read(path, buf, sizeof buf);
	ck_assert_int_eq(waitpid(writer, &st, 0), writer);
	unlink(path);
	rmdir(dir);
	ck_assert_msg(n == 5, "read %zd bytes: %s", n, n >= 0 ? buf :
	    strerror(errno));
	ck_assert_str_eq(buf, "abcd\n");
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}
END_TEST

/* A file longer than the buffer fills it and no more; a missing one
 * is an error; an open file re-read gives its current line. */
START_TEST(reads_stop_at_the_buffer_and_reread_from_the_start)
{
	char path[] = "/tmp/ts-procfs-XXXXXX", buf[8];
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "0123456789\n", 11), 11);
	ck_assert_int_eq(procfs_read(path, buf, sizeof buf), 7);
	ck_assert_str_eq(buf, "0123456");
	ck_assert_int_eq(procfs_reread(fd, buf, sizeof buf), 7);
	ck_assert_str_eq(buf, "0123456");
	ck_assert_int_eq(ftruncate(fd, 0), 0);
	ck_assert_int_eq(pwrite(fd, "ab\n", 3, 0), 3);
	ck_assert_int_eq(procfs_reread(fd, buf, sizeof buf), 3);
	ck_assert_str_eq(buf, "ab\n");
	ck_assert_int_eq(procfs_reread(fd, buf, sizeof buf), 3);
	ck_assert_int_eq(ftruncate(fd, 0), 0);
	ck_assert_int_eq(procfs_reread(fd, buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "");
	close(fd);
	unlink(path);
	ck_assert_int_eq(procfs_read(path, buf, sizeof buf), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_gt(procfs_read("/proc/self/stat", buf, sizeof buf), 0);
}
END_TEST

/* ---- the tree ---- */

/* Orders pids for comparing sets. */
static int
cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* Sorts n pids and formats them for messages. */
static const char *
pid_set(pid_t *v, int n, char *buf, size_t size)
{
	size_t k = 0;

	qsort(v, (size_t)n, sizeof *v, cmp_pid);
	buf[0] = '\0';
	for (int i = 0; i < n && k + 12 < size; i++)
		k += (size_t)snprintf(buf + k, size - k, "%s%d", i ? " " : "",
		    (int)v[i]);
	return buf;
}

/* The pids of a tree: a, its children b (forked by a second thread of
 * a, which lives on) and c, and c's child d. */
struct tree {
	pid_t	a, b, c, d;
	int	wake;
};

/* What a member of the tree reports: which one it is, and its pid. */
struct member {
	char	tag;
	pid_t	pid;
};

/* Reports this process as `tag` on `rep`. */
static void
report(int rep, char tag)
{
	struct member m = { tag, getpid() };

	if (write(rep, &m, sizeof m) != sizeof m)
		_exit(1);
}

/* Sleeps until the tree's pipe `fd` closes. */
static void
doze(int fd)
{
	char c;

	while (read(fd, &c, 1) < 0 && errno == EINTR)
		continue;
}

/* A's second thread: forks b, then sleeps (so b stays its child). */
static void *
fork_b(void *arg)
{
	int *fds = arg;

	fflush(NULL);
	if (fork() == 0) {
		report(fds[1], 'b');
		doze(fds[0]);
		_exit(0);
	}
	doze(fds[0]);
	return NULL;
}

/* Forks the tree; returns once every member has reported. */
static struct tree
tree_start(void)
{
	struct tree t;
	int wake[2], rep[2];

	ck_assert_int_eq(pipe(wake), 0);
	ck_assert_int_eq(pipe(rep), 0);
	fflush(NULL);
	if ((t.a = fork()) == 0) {
		int fds[2] = { wake[0], rep[1] };
		pthread_t th;

		close(wake[1]);
		if (pthread_create(&th, NULL, fork_b, fds) != 0)
			_exit(1);
		pthread_detach(th);	/* never joined: the child ends whole */
		if (fork() == 0) {
			report(rep[1], 'c');
			if (fork() == 0) {
				report(rep[1], 'd');
				doze(wake[0]);
				_exit(0);
			}
			doze(wake[0]);
			_exit(0);
		}
		doze(wake[0]);
		_exit(0);
	}
	ck_assert_int_gt(t.a, 0);
	close(wake[0]);
	close(rep[1]);
	t.b = t.c = t.d = 0;
	for (int i = 0; i < 3; i++) {
		struct member m;

		ck_assert_int_eq(read(rep[0], &m, sizeof m), sizeof m);
		*(m.tag == 'b' ? &t.b : m.tag == 'c' ? &t.c : &t.d) = m.pid;
	}
	close(rep[0]);
	ck_assert(t.b > 0 && t.c > 0 && t.d > 0);
	t.wake = wake[1];
	return t;
}

/* Ends the tree: closing the pipe wakes every one of them. */
static void
tree_end(struct tree *t)
{
	close(t->wake);
	while (waitpid(t->a, NULL, 0) < 0 && errno == EINTR)
		continue;
}

/* Descendants of pid found `via`, sorted. */
static int
descendants_via(pid_t pid, enum proc_via via, pid_t *out, int max,
    int *fell_back)
{
	struct proc_tree pt;
	int n;

	proc_tree_begin(&pt, via);
	n = proc_tree_descendants(&pt, pid, out, max);
	if (fell_back != NULL)
		*fell_back = pt.fell_back;
	proc_tree_end(&pt);
	qsort(out, (size_t)n, sizeof *out, cmp_pid);
	return n;
}

/*
 * On a real tree, the children files and the scan of every stat find
 * the same descendants, a child forked by a second thread included.
 */
START_TEST(files_and_scan_find_the_same_tree)
{
	struct tree t = tree_start();
	pid_t want[3] = { t.b, t.c, t.d }, files[16], scan[16], any[16];
	pid_t kids[16], want_kids[2] = { t.b, t.c };
	char b1[128], b2[128];
	int nf, ns, na, nk, fell = 1;
	struct proc_tree pt;

	qsort(want, 3, sizeof *want, cmp_pid);
	qsort(want_kids, 2, sizeof *want_kids, cmp_pid);
	nf = descendants_via(t.a, PROC_VIA_FILES, files, 16, NULL);
	ns = descendants_via(t.a, PROC_VIA_SCAN, scan, 16, NULL);
	na = descendants_via(t.a, PROC_VIA_ANY, any, 16, &fell);
	proc_tree_begin(&pt, PROC_VIA_FILES);
	nk = proc_tree_children(&pt, t.a, kids, 16);
	proc_tree_end(&pt);
	tree_end(&t);
	ck_assert_msg(nf == 3 && memcmp(files, want, sizeof want) == 0,
	    "files: %s, want %s", pid_set(files, nf, b1, sizeof b1),
	    pid_set(want, 3, b2, sizeof b2));
	ck_assert_msg(ns == 3 && memcmp(scan, want, sizeof want) == 0,
	    "scan: %s, want %s", pid_set(scan, ns, b1, sizeof b1),
	    pid_set(want, 3, b2, sizeof b2));
	ck_assert_int_eq(na, 3);
	ck_assert(memcmp(any, want, sizeof want) == 0);
	ck_assert_msg(!fell, "the children files were there, yet skipped");
	pid_set(kids, nk, b1, sizeof b1);
	ck_assert_msg(nk == 2 && memcmp(kids, want_kids, sizeof want_kids) ==
	    0, "a's children: %s", b1);
}
END_TEST

/* Writes `text` to dir/rel, making the folders on the way. */
static void
put(const char *dir, const char *rel, const char *text)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	if (text == NULL) {
		mkdir(path, 0755);
		return;
	}
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/*
 * On a kernel without children files, the parent in each stat finds
 * the tree (odd names and all); where the files exist they are used.
 */
START_TEST(missing_children_files_fall_back_to_the_scan)
{
	char dir[] = "/tmp/ts-fakeproc-XXXXXX", cmd[64], b1[64];
	pid_t out[16];
	int n, fell = 0;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	put(dir, "100/stat", "100 (a) S 1 100 100 0 -1\n");
	put(dir, "100/task/100", NULL);
	put(dir, "100/task/104", NULL);
	put(dir, "101/stat", "101 (x) S 7) S 100 100 100 0 -1\n");
	put(dir, "101/task/101", NULL);
	put(dir, "102/stat", "102 (b) R 101 100 100 0 -1\n");
	put(dir, "102/task/102", NULL);
	put(dir, "103/stat", "103 (c) S 1 103 103 0 -1\n");
	put(dir, "103/task/103", NULL);
	put(dir, "105/stat", "105 (d) S 104 100 100 0 -1\n");
	put(dir, "106/stat", "garbage\n");
	put(dir, "self/stat", "1 (init) S 100 1 1 0 -1\n");
	proc_set_root(dir);
	n = descendants_via(100, PROC_VIA_ANY, out, 16, &fell);
	ck_assert_msg(n == 2 && out[0] == 101 && out[1] == 102,
	    "found %s", pid_set(out, n, b1, sizeof b1));
	ck_assert(fell);
	ck_assert_int_eq(descendants_via(100, PROC_VIA_FILES, out, 16, NULL),
	    0);
	ck_assert_int_eq(descendants_via(100, PROC_VIA_SCAN, out, 16, NULL),
	    2);
	ck_assert_int_eq(descendants_via(104, PROC_VIA_SCAN, out, 16, NULL),
	    1);
	ck_assert_int_eq(out[0], 105);
	/* With children files, they are believed (103 is not 100's child
	 * by its stat: the files win). */
	put(dir, "100/task/100/children", "101 103 ");
	put(dir, "100/task/104/children", "");
	put(dir, "101/task/101/children", "");
	put(dir, "103/task/103/children", "");
	n = descendants_via(100, PROC_VIA_ANY, out, 16, &fell);
	ck_assert_msg(n == 2 && out[0] == 101 && out[1] == 103,
	    "found %s", pid_set(out, n, b1, sizeof b1));
	ck_assert(!fell);
	/* The walk stops where out is full. */
	ck_assert_int_eq(descendants_via(100, PROC_VIA_ANY, out, 1, NULL), 1);
	/* A parent that names its own child (pids reused while the scan
	 * ran) does not bring the walk's start back. */
	put(dir, "200/stat", "200 (p) S 201 200 200 0 -1\n");
	put(dir, "201/stat", "201 (q) S 200 200 200 0 -1\n");
	n = descendants_via(200, PROC_VIA_SCAN, out, 16, NULL);
	ck_assert_msg(n == 1 && out[0] == 201, "found %s",
	    pid_set(out, n, b1, sizeof b1));
	proc_set_root(NULL);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* ---- threads ---- */

/* The lane called `name`, or -1. */
static int
lane_named(const struct trace *t, const char *name)
{
	for (int i = 0; i < trace_nlanes(t); i++)
		if (strcmp(t->lanes[i].name, name) == 0)
			return i;
	return -1;
}

/*
 * A thread's name is read without the kernel's newline, both by
 * proc_read_comm and where a child process's thread names its lane.
 */
START_TEST(thread_names_lose_the_newline)
{
	struct subject sj = subject_start(2, "ts-named");
	struct sampler_opts so = { 0, 0, 0, 1 };
	struct trace *t = trace_new(64, NULL);
	struct sampler *s;
	pid_t tids[4];
	char name[32];
	int n, lane;

	n = proc_list_tasks(sj.pid, tids, 4);
	ck_assert_int_eq(n, 2);
	/* A listing holds no more than it is given room for. */
	tids[1] = 0;
	ck_assert_int_eq(proc_list_tasks(sj.pid, tids, 1), 1);
	ck_assert_int_eq(tids[1], 0);
	ck_assert_int_eq(proc_list_tasks(sj.pid, tids, 4), 2);
	ck_assert_int_eq(proc_read_comm(sj.pid, tids[0] == sj.pid ? tids[1] :
	    tids[0], name, sizeof name), 0);
	ck_assert_str_eq(name, "ts-named");
	ck_assert_int_eq(proc_read_comm(sj.pid, 999999999, name, sizeof name),
	    -1);
	ck_assert_ptr_nonnull(t);
	so.root = sj.pid;
	s = sampler_new(t, &so);
	sampler_round(s, 1);
	lane = lane_named(t, "ts-named");
	sampler_finish(s, clock_now_ns());
	sampler_free(s);
	trace_free(t);
	subject_end(&sj);
	ck_assert_msg(lane >= 0, "no lane named ts-named");
}
END_TEST

/*
 * Every thread of a process of 300 (more than a task listing used to
 * hold) gets one lane, however often discovery runs: the index finds
 * each thread seen before.
 */
START_TEST(every_thread_of_a_big_process_gets_one_lane)
{
	struct subject sj = subject_start(300, NULL);
	struct sampler_opts so = { 0, 0, 0, 1 };
	struct trace *t = trace_new(64, NULL);
	struct sampler_figures fig;
	struct sampler *s;
	int lanes, dup = 0;

	ck_assert_ptr_nonnull(t);
	so.root = sj.pid;
	s = sampler_new(t, &so);
	for (int i = 0; i < 4; i++)
		sampler_round(s, 1);
	sampler_figures(s, &fig);
	lanes = trace_nlanes(t);
	for (int i = 0; i < lanes; i++)
		for (int j = i + 1; j < lanes; j++)
			dup += atomic_load(&t->lanes[i].tid) ==
			    atomic_load(&t->lanes[j].tid);
	sampler_finish(s, clock_now_ns());
	sampler_free(s);
	trace_free(t);
	subject_end(&sj);
	ck_assert_int_eq(fig.threads_seen, 300);
	ck_assert_int_eq(lanes, 300);
	ck_assert_int_eq(dup, 0);
	ck_assert_int_eq(fig.procs_seen, 1);
	ck_assert_int_eq(fig.partly_visible, 0);
	ck_assert_int_eq(fig.unwatched, 0);
}
END_TEST

/* A thread that waits for a byte, then burns 80 ms of CPU and ends. */
static void *
burn_then_end(void *arg)
{
	int fd = *(int *)arg;
	struct timespec ts;
	char c;
	double t0, t;

	if (read(fd, &c, 1) != 1)
		return NULL;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	t0 = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	do {
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
		t = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	} while (t - t0 < 0.080);
	return NULL;
}

/*
 * A thread that runs and ends between two looks still has its CPU time:
 * its files are gone by the second look, but the process's CPU clock
 * kept what it ran, and the sampler gives that to it.
 */
START_TEST(a_thread_ending_between_looks_keeps_its_cpu_time)
{
	struct sampler_opts so = { 0, 0, 0, 0 };
	struct trace *t = trace_new(1024, NULL);
	struct sampler *s;
	int go[2], hold[2];
	pid_t pid, tids[8];
	uint64_t cpu;
	char c;

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(pipe(go), 0);
	ck_assert_int_eq(pipe(hold), 0);
	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		pthread_t th;

		close(go[1]);
		close(hold[1]);
		if (pthread_create(&th, NULL, burn_then_end, &go[0]) != 0)
			_exit(1);
		pthread_join(th, NULL);
		(void)!read(hold[0], &c, 1);	/* until the parent ends it */
		_exit(0);
	}
	close(go[0]);
	close(hold[0]);
	await_threads(pid, 2);
	so.root = pid;
	s = sampler_new(t, &so);
	sampler_round(s, 1);	/* both threads seen, the burner idle */
	ck_assert_int_eq(trace_nlanes(t), 2);
	ck_assert_int_eq(write(go[1], "x", 1), 1);
	/* No look while it burns: wait until it has ended. */
	for (int i = 0; i < 1000 && proc_list_tasks(pid, tids, 8) != 1; i++)
		usleep(5000);
	ck_assert_int_eq(proc_list_tasks(pid, tids, 8), 1);
	sampler_round(s, 0);
	cpu = atomic_load(&t->lanes[1].cpu_ns);
	sampler_finish(s, clock_now_ns());
	sampler_free(s);
	trace_free(t);
	close(go[1]);
	close(hold[1]);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		continue;
	ck_assert_msg(cpu >= 70000000 && cpu <= 200000000, "the ended "
	    "thread has %.1f ms of CPU, not about 80", (double)cpu / 1e6);
}
END_TEST

/*
 * A process of 1,100 threads (past the old cap of 512) is watched whole:
 * one process may have at least 1,024 threads watched.
 */
START_TEST(a_process_of_1100_threads_is_watched_whole)
{
	struct subject sj = subject_start(1100, NULL);
	struct sampler_opts so = { 0, 0, 0, 1 };
	struct trace *t = trace_new(64, NULL);
	struct sampler_figures fig;
	struct sampler *s;

	ck_assert_ptr_nonnull(t);
	so.root = sj.pid;
	s = sampler_new(t, &so);
	sampler_round(s, 1);
	sampler_figures(s, &fig);
	sampler_finish(s, clock_now_ns());
	sampler_free(s);
	trace_free(t);
	subject_end(&sj);
	ck_assert_int_eq(fig.threads_seen, 1100);
	ck_assert_int_eq(fig.unwatched, 0);
}
END_TEST

/*
 * Threads a cap leaves out (here: no lanes left in the trace) are
 * counted as unwatched threads, each once however many discoveries meet
 * them again, and seen plus unwatched is every thread.
 */
START_TEST(threads_left_out_by_a_cap_are_counted_once)
{
	struct subject sj = subject_start(100, NULL);
	struct sampler_opts so = { 0, 0, 0, 1 };
	struct trace *t = trace_new(64, NULL);
	struct sampler_figures fig;
	struct sampler *s;

	ck_assert_ptr_nonnull(t);
	/* Leave room for 40 lanes only. */
	while (trace_nlanes(t) < TRACE_MAX_LANES - 40)
		ck_assert_int_ge(trace_lane_add(t, "filler", TRACE_KIND_TASK,
		    0), 0);
	so.root = sj.pid;
	s = sampler_new(t, &so);
	for (int i = 0; i < 5; i++)
		sampler_round(s, 1);
	sampler_figures(s, &fig);
	sampler_finish(s, clock_now_ns());
	sampler_free(s);
	trace_free(t);
	subject_end(&sj);
	ck_assert_int_eq(fig.threads_seen, 40);
	ck_assert_int_eq(fig.unwatched_threads, 60);
	ck_assert_int_eq(fig.unwatched_procs, 0);
	ck_assert_int_eq(fig.unwatched_tasks, 0);
	ck_assert_int_eq(fig.unwatched, 60);
}
END_TEST

/*
 * Run as nobody: a process of root's (whose syscall files only a tracer
 * may read) is still sampled, each thread with a lane, counted as partly
 * visible, asleep in I/O as far as we can tell. The answer comes back as
 * the child's exit status: 0, or the number of the check that failed.
 */
/* Makes this (forked) process nobody for good; 0 or -1. */
static int
become_nobody(void)
{
	const struct passwd *pw = getpwnam("nobody");

	if (pw == NULL || setgroups(0, NULL) != 0 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) != 0 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) != 0)
		return -1;
	return 0;
}

static int
watch_as_nobody(pid_t pid, int threads)
{
	struct sampler_opts so = { 0, 0, 0, 1 };
	struct sampler_figures fig;
	struct proc_task pt;
	struct proc_sample smp;
	struct trace *t;
	struct sampler *s;
	struct log lg;

	if (become_nobody() != 0)
		return 2;
	if (proc_task_open(&pt, pid, pid) != 0)
		return 3;
	if (!pt.partial)
		return 4;
	if (proc_task_read(&pt, &smp) != 0 || smp.nr != PROC_UNREAD)
		return 5;
	proc_task_close(&pt);
	if ((t = trace_new(64, NULL)) == NULL)
		return 6;
	so.root = pid;
	s = sampler_new(t, &so);
	for (int i = 0; i < 5; i++) {
		sampler_round(s, 1);
		usleep(10000);
	}
	sampler_figures(s, &fig);
	if (fig.threads_seen != threads || trace_nlanes(t) != threads)
		return 7;
	if (fig.partly_visible != threads)
		return 8;
	sampler_finish(s, clock_now_ns());
	log_init(&lg, t);
	log_poll(&lg);
	/* Asleep in read(2): I/O at last (a start may have been seen). */
	for (int i = 0; i < lg.nlanes; i++)
		if (lg.lanes[i].niv < 2 || lg.lanes[i].iv[lg.lanes[i].niv -
		    2].state != TRACE_IO)
			return 9;
	log_release(&lg);
	sampler_free(s);
	trace_free(t);
	return 0;
}

START_TEST(denied_syscall_files_leave_partly_visible_lanes)
{
	struct subject sj;
	pid_t child;
	int st;

	if (tu_unprivileged()) {
		printf("check_proc: not root; the denied-file case passes "
		    "without running\n");
		return;
	}
	sj = subject_start(3, NULL);
	fflush(NULL);
	if ((child = fork()) == 0)
		_exit(watch_as_nobody(sj.pid, 3));
	ck_assert_int_gt(child, 0);
	ck_assert_int_eq(waitpid(child, &st, 0), child);
	subject_end(&sj);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "as nobody, check %d failed", WIFEXITED(st) ? WEXITSTATUS(st) :
	    -1);
}
END_TEST

/*
 * As nobody, watching a process of our own whose syscall file we could
 * open: once it makes itself undumpable, reading that file is denied
 * (only a tracer may), and the thread is then partly visible, not gone.
 * Exit status 0, or the number of the check that failed.
 */
static int
lose_sight_as_nobody(void)
{
	struct proc_task pt;
	struct proc_sample smp;
	int ctl[2], ready[2], rc = 0;
	pid_t pid;
	char c = 'x';

	/* Changing user made us undumpable, which the child would inherit. */
	if (become_nobody() != 0 || prctl(PR_SET_DUMPABLE, 1) != 0 ||
	    pipe(ctl) != 0 || pipe(ready) != 0)
		return 2;
	if ((pid = fork()) == 0) {
		close(ctl[1]);
		if (read(ctl[0], &c, 1) != 1 || prctl(PR_SET_DUMPABLE, 0) != 0 ||
		    write(ready[1], &c, 1) != 1)
			_exit(1);
		while (read(ctl[0], &c, 1) != 0)
			continue;
		_exit(0);
	}
	close(ctl[0]);
	if (pid < 0 || proc_task_open(&pt, pid, pid) != 0)
		return 3;
	if (pt.partial)
		rc = 4;
	for (int i = 0; i < 400 && rc == 0; i++) {
		if (proc_task_read(&pt, &smp) != 0)
			rc = 5;
		else if (smp.state == 'S' && smp.nr == SYS_read)
			break;
		usleep(5000);
	}
	if (rc == 0 && (write(ctl[1], &c, 1) != 1 || read(ready[0], &c, 1) != 1))
		rc = 6;
	for (int i = 0; i < 400 && rc == 0; i++) {
		if (proc_task_read(&pt, &smp) != 0)
			rc = 7;
		else if (smp.state == 'S')
			break;
		usleep(5000);
	}
	if (rc == 0 && (!pt.partial || smp.nr != PROC_UNREAD))
		rc = 8;
	if (rc == 0 && (proc_task_read(&pt, &smp) != 0 || !pt.partial))
		rc = 9;
	proc_task_close(&pt);
	close(ctl[1]);
	waitpid(pid, NULL, 0);
	return rc;
}

START_TEST(a_denial_met_later_leaves_the_thread_partly_visible)
{
	pid_t child;
	int st;

	if (tu_unprivileged()) {
		printf("check_proc: not root; the denied-read case passes "
		    "without running\n");
		return;
	}
	fflush(NULL);
	if ((child = fork()) == 0)
		_exit(lose_sight_as_nobody());
	ck_assert_int_gt(child, 0);
	ck_assert_int_eq(waitpid(child, &st, 0), child);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "as nobody, check %d failed", WIFEXITED(st) ? WEXITSTATUS(st) :
	    -1);
}
END_TEST

/* A thread we may read in full is not partly visible; its syscall is
 * read while it sleeps. */
START_TEST(readable_threads_are_seen_whole)
{
	struct subject sj = subject_start(1, NULL);
	struct proc_task pt;
	struct proc_sample smp;

	ck_assert_int_eq(proc_task_open(&pt, sj.pid, sj.pid), 0);
	ck_assert(!pt.partial);
	for (int i = 0; i < 200; i++) {
		ck_assert_int_eq(proc_task_read(&pt, &smp), 0);
		if (smp.state == 'S')
			break;
		usleep(5000);
	}
	ck_assert_int_eq(smp.state, 'S');
	ck_assert_int_eq(smp.nr, SYS_read);
	proc_task_close(&pt);
	subject_end(&sj);
	ck_assert_int_eq(proc_task_open(&pt, sj.pid, sj.pid), -1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("proc");
	TCase *tc;

	tc = tcase_create("reads");
	tcase_add_test(tc, interrupted_short_reads_give_the_whole_file);
	tcase_add_test(tc, reads_stop_at_the_buffer_and_reread_from_the_start);
	suite_add_tcase(s, tc);
	tc = tcase_create("tree");
	tcase_add_test(tc, files_and_scan_find_the_same_tree);
	tcase_add_test(tc, missing_children_files_fall_back_to_the_scan);
	suite_add_tcase(s, tc);
#if defined(__SANITIZE_THREAD__)
	/*
	 * ThreadSanitizer's runtime runs threads of its own in every subject
	 * this file forks (one or two, as it pleases), so no count of a
	 * subject's threads can hold here; the other builds check them.
	 */
	puts("check_proc: threads cases left out under ThreadSanitizer "
	    "(its runtime adds threads to every subject)");
	return tu_main(s);
#endif
	tc = tcase_create("threads");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, thread_names_lose_the_newline);
	tcase_add_test(tc, every_thread_of_a_big_process_gets_one_lane);
	tcase_add_test(tc, a_process_of_1100_threads_is_watched_whole);
	tcase_add_test(tc, a_thread_ending_between_looks_keeps_its_cpu_time);
	tcase_add_test(tc, threads_left_out_by_a_cap_are_counted_once);
	tcase_add_test(tc, denied_syscall_files_leave_partly_visible_lanes);
	tcase_add_test(tc, a_denial_met_later_leaves_the_thread_partly_visible);
	tcase_add_test(tc, readable_threads_are_seen_whole);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
