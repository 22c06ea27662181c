/*
 * spawn.c - fork, exec, and the clean end of a traced program.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sampler/hook.h"
#include "sampler/proc.h"
#include "sampler/spawn.h"
#include "trace/clock.h"
#include "util.h"

#define MAX_TREE 1024

/*
 * Sets up the child between fork and exec: its own group, death with
 * us, default signals, the hook's environment. Only the child runs this,
 * and timeslice is single-threaded when it forks.
 */
static void
child_setup(pid_t parent, int hook_wfd, const struct spawn_opts *o)
{
	sigset_t none;
	char num[16];
	const char *old;
	int fd;

	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* A background group reading the terminal would only be stopped. */
	if (isatty(0) && (fd = open("/dev/null", O_RDONLY)) >= 0) {
		dup2(fd, 0);
		close(fd);
	}
	if (o->stdout_to_stderr)
		dup2(2, 1);
	if (hook_wfd < 0 || o->pydir == NULL)
		return;
	fcntl(hook_wfd, F_SETFD, 0);	/* survives exec */
	snprintf(num, sizeof num, "%d", hook_wfd);
	setenv(HOOK_ENV_FD, num, 1);
	old = getenv("PYTHONPATH");
	if (old != NULL && *old != '\0') {
		char *both;

		setenv(HOOK_ENV_PYTHONPATH, old, 1);
		xasprintf(&both, "%s:%s", o->pydir, old);
		setenv("PYTHONPATH", both, 1);
	} else {
		setenv(HOOK_ENV_UNSET, "1", 1);
		setenv("PYTHONPATH", o->pydir, 1);
	}
}

int
spawn_start(struct spawn *sp, char *const argv[], const struct spawn_opts *o,
    char **cause)
{
	int hook[2] = { -1, -1 }, status[2];
	pid_t parent = getpid();
	ssize_t n;
	int err;

	memset(sp, 0, sizeof *sp);
	sp->hook_fd = -1;
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	if (pipe2(status, O_CLOEXEC) != 0) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		return -1;
	}
	if (o->pydir != NULL && pipe2(hook, O_CLOEXEC) != 0) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		close(status[0]);
		close(status[1]);
		return -1;
	}
	fflush(NULL);
	sp->pid = fork();
	if (sp->pid < 0) {
		xasprintf(cause, "fork: %s", strerror(errno));
		return -1;
	}
	if (sp->pid == 0) {
		close(status[0]);
		child_setup(parent, hook[1], o);
		execvp(argv[0], argv);
		err = errno;
		if (write(status[1], &err, sizeof err) < 0)
			_exit(127);
		_exit(127);
	}
	setpgid(sp->pid, sp->pid);	/* no race with the child's own call */
	close(status[1]);
	if (hook[1] >= 0)
		close(hook[1]);
	sp->hook_fd = hook[0];
	while ((n = read(status[0], &err, sizeof err)) < 0 && errno == EINTR)
		continue;
	close(status[0]);
	if (n == (ssize_t)sizeof err) {
		xasprintf(cause, "cannot run '%s': %s", argv[0], strerror(err));
		while (waitpid(sp->pid, NULL, 0) < 0 && errno == EINTR)
			continue;
		sp->exited = 1;
		if (sp->hook_fd >= 0)
			close(sp->hook_fd);
		sp->hook_fd = -1;
		return -1;
	}
	sp->start_ns = clock_now_ns();
	return 0;
}

int
spawn_reap(struct spawn *sp)
{
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		if (pid == sp->pid) {
			sp->exited = 1;
			sp->status = st;
			sp->end_ns = clock_now_ns();
		}
	return sp->exited;
}

/* Appends the processes below pid (children of each thread), depth first. */
static int
walk(pid_t pid, pid_t *out, int n, int max)
{
	pid_t tids[256], kids[256];
	int nt = proc_list_tasks(pid, tids, 256);

	for (int i = 0; i < nt && n < max; i++) {
		int nk = proc_list_children(pid, tids[i], kids, 256);

		for (int k = 0; k < nk && n < max; k++) {
			out[n++] = kids[k];
			n = walk(kids[k], out, n, max);
		}
	}
	return n;
}

int
spawn_descendants(pid_t pid, pid_t *out, int max)
{
	return walk(pid, out, 0, max);
}

/* Sends sig to the program's group and to every process below us. */
static int
signal_tree(struct spawn *sp, int sig)
{
	pid_t pids[MAX_TREE];
	int n = spawn_descendants(getpid(), pids, MAX_TREE);

	kill(-sp->pid, sig);
	for (int i = 0; i < n; i++)
		kill(pids[i], sig);
	return n;
}

void
spawn_kill_tree(struct spawn *sp, int grace_ms)
{
	uint64_t deadline = clock_now_ns() + (uint64_t)grace_ms * 1000000u;
	int left = signal_tree(sp, SIGTERM);

	/* A stopped process would not act on SIGTERM until continued. */
	signal_tree(sp, SIGCONT);
	while (left > 0 && clock_now_ns() < deadline) {
		clock_sleep_ns(5000000);
		spawn_reap(sp);
		left = spawn_descendants(getpid(), (pid_t[MAX_TREE]){0},
		    MAX_TREE);
	}
	deadline = clock_now_ns() + 2000000000u;
	while (left > 0 && clock_now_ns() < deadline) {
		signal_tree(sp, SIGKILL);
		clock_sleep_ns(2000000);
		spawn_reap(sp);
		left = spawn_descendants(getpid(), (pid_t[MAX_TREE]){0},
		    MAX_TREE);
	}
	spawn_reap(sp);
}
