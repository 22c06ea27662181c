/*
 * check_signals.c - SIGINT, SIGTERM and SIGHUP end every command promptly,
 * and nothing it started outlives it.
 *
 * Each test starts the real binary (TIMESLICE_BIN) with work that would
 * take hours, waits until /proc shows its workers (threads, child
 * processes), sends one signal and waits for the pid with a bound far
 * above what a stop takes but far below the run's own length: a command
 * that ignored the signal, or waited for a unit of work to end, fails.
 * The live commands (demo, replay) run on a pseudo-terminal.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

/* What the run would take undisturbed is hours; a stop takes well under
 * a second. Waits are bounded by these, never asserted against a time. */
#define START_BOUND_S	30
#define EXIT_BOUND_S	5

#define MAX_KIDS	256

/* A command under test and what shows that its workers started. */
struct cmd {
	const char	*argv[16];
	int		 tty;		/* needs a terminal */
	int		 threads;	/* at least this many threads */
	int		 children;	/* at least this many child processes */
};

static const struct cmd cmds[] = {
	/* The baseline phase: one sequential worker thread. */
	{ { "run", "gil", "--workers", "4", "--units", "100000",
	    "--unit-ms", "1000", NULL }, 0, 3, 0 },
	{ { "run", "gil", "--workers", "8", "--units", "100000",
	    "--unit-ms", "1000", "--no-baseline", NULL }, 0, 10, 0 },
	{ { "run", "threads", "--work", "io", "--workers", "4", "--units",
	    "100000", "--unit-ms", "1000", "--no-baseline", NULL }, 0, 6, 0 },
	{ { "run", "processes", "--workers", "4", "--units", "100000",
	    "--unit-ms", "1000", "--no-baseline", NULL }, 0, 1, 4 },
	{ { "run", "coroutines", "--work", "io", "--workers", "64",
	    "--units", "100000", "--unit-ms", "1000", "--no-baseline", NULL },
	    0, 2, 0 },
	{ { "run", "burgers-sequential", "--workers", "8", "--unit-ms",
	    "1000", "--no-baseline", NULL }, 0, 9, 0 },
	{ { "verify", "--runs", "16", "@LESSONS", NULL }, 0, 3, 0 },
	{ { "bench", NULL }, 0, 1, 0 },
	{ { "demo", "gil", "--workers", "8", "--units", "100000",
	    "--unit-ms", "1000", NULL }, 1, 4, 0 },
	{ { "demo", "processes", "--workers", "4", "--units", "100000",
	    "--unit-ms", "1000", "--no-baseline", NULL }, 1, 1, 4 },
	{ { "replay", "@TRACE", NULL }, 1, 1, 0 },
};
#define NCMDS ((int)(sizeof cmds / sizeof cmds[0]))

static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

/* Seconds on the monotonic clock. */
static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Threads of `pid` (entries of /proc/PID/task), 0 if gone. */
static int
count_threads(pid_t pid)
{
	char path[64];
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/* The parent pid and state of `pid` from /proc/PID/stat; -1 if gone. */
static int
proc_stat(pid_t pid, char *state)
{
	char path[64], buf[1024], *p;
	int ppid = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(buf, sizeof buf, f) != NULL &&
	    (p = strrchr(buf, ')')) != NULL)
		sscanf(p + 1, " %c %d", state, &ppid);
	fclose(f);
	return ppid;
}

/* Fills kids with the pids whose parent is `pid`; returns how many. */
static int
list_children(pid_t pid, pid_t *kids, int max)
{
	struct dirent *de;
	DIR *d = opendir("/proc");
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL && n < max) {
		char st;
		pid_t p = (pid_t)atoi(de->d_name);

		if (p > 0 && proc_stat(p, &st) == pid)
			kids[n++] = p;
	}
	closedir(d);
	return n;
}

/* Reads and drops whatever the program drew on its terminal. */
static void
drain(int fd)
{
	char buf[4096];

	while (fd >= 0 && read(fd, buf, sizeof buf) > 0)
		continue;
}

/* A small recorded run for replay, written once. */
static const char *
trace_file(void)
{
	static char path[] = "/tmp/timeslice-signals-XXXXXX";
	static int made;
	FILE *f;
	int fd;

	if (made)
		return path;
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs("{\"traceEvents\":[{\"ph\":\"M\",\"name\":\"thread_name\","
	    "\"pid\":1,\"tid\":2,\"args\":{\"name\":\"w\"}},{\"ph\":\"X\","
	    "\"name\":\"running\",\"pid\":1,\"tid\":2,\"ts\":0,"
	    "\"dur\":100000000}]}\n", f);
	fclose(f);
	made = 1;
	return path;
}

/*
 * Starts the binary with `c`, on a new pseudo-terminal when c->tty (its
 * master in *master, else -1). Returns the pid.
 */
static pid_t
start(const struct cmd *c, int *master)
{
	const char *bin = getenv("TIMESLICE_BIN"), *src = getenv("TIMESLICE_SRCDIR");
	char *argv[20], lessons[4096], *slave = NULL;
	int n = 0;
	pid_t pid;

	ck_assert_ptr_nonnull(bin);
	snprintf(lessons, sizeof lessons, "%s/lessons/en", src ? src : "..");
	argv[n++] = (char *)bin;
	for (int i = 0; c->argv[i] != NULL; i++) {
		if (strcmp(c->argv[i], "@LESSONS") == 0)
			argv[n++] = lessons;
		else if (strcmp(c->argv[i], "@TRACE") == 0)
			argv[n++] = (char *)trace_file();
		else
			argv[n++] = (char *)c->argv[i];
	}
	argv[n] = NULL;
	*master = -1;
	if (c->tty) {
		struct winsize ws = { 30, 100, 0, 0 };

		*master = posix_openpt(O_RDWR | O_NOCTTY);
		ck_assert_int_ge(*master, 0);
		ck_assert_int_eq(grantpt(*master), 0);
		ck_assert_int_eq(unlockpt(*master), 0);
		slave = ptsname(*master);
		ck_assert_ptr_nonnull(slave);
		ioctl(*master, TIOCSWINSZ, &ws);
	}
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int fd, nul = open("/dev/null", O_RDWR);

		if (slave != NULL) {
			setsid();
			if ((fd = open(slave, O_RDWR)) < 0)
				_exit(126);
			ioctl(fd, TIOCSCTTY, 0);
			dup2(fd, 0);
			dup2(fd, 1);
			setenv("TERM", "xterm", 1);
		} else {
			dup2(nul, 0);
			dup2(nul, 1);
		}
		dup2(nul, 2);
		/*
		 * Default actions from exec on: a test run under nohup would
		 * pass its ignored SIGHUP on, and a signal landing before
		 * main() resets it (a sanitizer's start-up is long) would be
		 * lost.
		 */
		signal(SIGHUP, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		setenv("XDG_STATE_HOME", "/tmp/timeslice-signals-state", 1);
		execv(bin, argv);
		_exit(127);
	}
	if (*master >= 0)
		fcntl(*master, F_SETFL, O_NONBLOCK);
	return pid;
}

/* Waits (bounded) for pid to exit; returns its status, or -1 if alive. */
static int
wait_bounded(pid_t pid, int master, double bound_s)
{
	double t0 = now_s();
	int status;

	do {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		drain(master);
		usleep(5000);
	} while (now_s() - t0 < bound_s);
	return -1;
}

/* Whether `pid` still runs as someone's process (not gone, not a zombie). */
static int
alive(pid_t pid)
{
	char st = 0;

	return proc_stat(pid, &st) >= 0 && st != 'Z' && st != 'X';
}

/* One command, one signal: started, stopped, nothing left behind. */
static void
check_one(const struct cmd *c, int sig)
{
	pid_t kids[MAX_KIDS];
	int master, status, nkids = 0, threads = 0;
	double t0 = now_s();
	char st;
	pid_t pid = start(c, &master);

	/* Started: exec done, and the workers /proc shows. */
	for (;;) {
		char comm[64] = "", path[64];
		FILE *f;

		drain(master);
		snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
		if ((f = fopen(path, "r")) != NULL) {
			if (fgets(comm, sizeof comm, f) == NULL)
				comm[0] = '\0';
			fclose(f);
		}
		threads = count_threads(pid);
		nkids = list_children(pid, kids, MAX_KIDS);
		if (strncmp(comm, "timeslice", 9) == 0 &&
		    threads >= c->threads && nkids >= c->children)
			break;
		ck_assert_msg(proc_stat(pid, &st) >= 0 && st != 'Z',
		    "%s ended before its workers started", c->argv[0]);
		ck_assert_msg(now_s() - t0 < START_BOUND_S, "%s %s: workers "
		    "never appeared (%d threads, %d children)", c->argv[0],
		    c->argv[1] ? c->argv[1] : "", threads, nkids);
		usleep(10000);
	}
	/* Let a live view draw its first frames. */
	if (c->tty)
		for (int i = 0; i < 30; i++) {
			drain(master);
			usleep(10000);
		}
	nkids = list_children(pid, kids, MAX_KIDS);
	ck_assert_int_eq(kill(pid, sig), 0);
	status = wait_bounded(pid, master, EXIT_BOUND_S);
	if (status == -1) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		ck_abort_msg("%s %s ignored signal %d (%d threads)", c->argv[0],
		    c->argv[1] ? c->argv[1] : "", sig, threads);
	}
	ck_assert(WIFEXITED(status) || WIFSIGNALED(status));
	if (WIFEXITED(status))
		ck_assert_msg(WEXITSTATUS(status) != 0, "%s exited 0 after "
		    "signal %d", c->argv[0], sig);
	/* Every child it had is gone (reaped by it, or dying with it). */
	for (int k = 0; k < nkids; k++) {
		double t1 = now_s();

		while (alive(kids[k]) && now_s() - t1 < EXIT_BOUND_S)
			usleep(5000);
		ck_assert_msg(!alive(kids[k]), "%s: child %d outlived it",
		    c->argv[0], (int)kids[k]);
	}
	if (master >= 0)
		close(master);
}

START_TEST(test_signal_ends_command)
{
	const struct cmd *c = &cmds[_i / 3];

	check_one(c, sigs[_i % 3]);
}
END_TEST

/* The children of a run are seen before the signal (the check can fail). */
START_TEST(test_children_are_seen)
{
	pid_t kids[MAX_KIDS];
	int master, n = 0;
	double t0 = now_s();
	pid_t pid = start(&cmds[3], &master);

	while (n < 4 && now_s() - t0 < START_BOUND_S) {
		n = list_children(pid, kids, MAX_KIDS);
		usleep(10000);
	}
	ck_assert_int_ge(n, 4);
	kill(pid, SIGTERM);
	ck_assert_int_ne(wait_bounded(pid, -1, EXIT_BOUND_S), -1);
}
END_TEST

static Suite *
signals_suite(void)
{
	Suite *s = suite_create("signals");
	TCase *tc = tcase_create("signals");

	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_signal_ends_command, 0, NCMDS * 3);
	tcase_add_test(tc, test_children_are_seen);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_main(signals_suite());
}
