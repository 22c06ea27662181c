/*
 * spawn.c - fork, exec, the terminal, and the clean end of a traced
 * program.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "sampler/hook.h"
#include "sampler/proc.h"
#include "sampler/spawn.h"
#include "trace/clock.h"
#include "util.h"

#define MAX_TREE 1024
/* Reaping never waits, and hears of stops and continues too. */
#define WAIT_FLAGS (WNOHANG | WUNTRACED | WCONTINUED)

/*
 * The terminal, when timeslice is its foreground job: a descriptor of
 * it (close-on-exec), with SIGTTOU ignored from now on, so that handing
 * the terminal to the program and taking it back, and writing to it
 * from the background, never stop timeslice. -1 otherwise (no terminal,
 * or started in the background: the program then meets the terminal as
 * a background job would).
 */
static int
own_terminal(void)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (tcgetpgrp(fd) != getpgrp()) {
		close(fd);
		return -1;
	}
	signal(SIGTTOU, SIG_IGN);
	return fd;
}

/*
 * The terminal goes back to timeslice's group once the program ends (the
 * descriptor stays open until spawn_kill_tree: another thread may be
 * using it for job control).
 */
static void
tty_back(struct spawn *sp)
{
	if (sp->tty >= 0)
		tcsetpgrp(sp->tty, getpgrp());
}

/*
 * The child's environment: ours, with the hook's variables set when the
 * hook is offered. Built before fork, so that the child, which may be
 * the copy of a process with other threads (the terminal view), only
 * makes async-signal-safe calls between fork and exec.
 */
static char **
child_env(int hook_wfd, const struct spawn_opts *o)
{
	extern char **environ;
	static const char *const ours[] = { HOOK_ENV_FD, HOOK_ENV_PYTHONPATH,
		HOOK_ENV_STEPS, "PYTHONPATH", NULL };
	const char *old = getenv("PYTHONPATH");
	size_t n = 0, k = 0;
	char **env;

	while (environ[n] != NULL)
		n++;
	env = xcalloc(n + 7, sizeof *env);
	/*
	 * Output captured for a reader: a Python program's lines reach the
	 * pipe as they are printed, so a program ended at a time limit
	 * still shows what it printed.
	 */
	if (o->capture)
		env[k++] = xstrdup("PYTHONUNBUFFERED=1");
	for (size_t i = 0; i < n; i++) {
		bool skip = false;

		if (o->pydir != NULL)
			for (int j = 0; ours[j] != NULL; j++) {
				size_t len = strlen(ours[j]);

				if (strncmp(environ[i], ours[j], len) == 0 &&
				    environ[i][len] == '=')
					skip = true;
			}
		if (!skip)
			env[k++] = xstrdup(environ[i]);
	}
	if (o->pydir == NULL || hook_wfd < 0)
		return env;
	/* The hook puts PYTHONPATH back: as it was, or unset if unset. */
	xasprintf(&env[k++], "%s=%d", HOOK_ENV_FD, hook_wfd);
	if (o->steps != NULL)
		xasprintf(&env[k++], "%s=%s", HOOK_ENV_STEPS, o->steps);
	if (old != NULL)
		xasprintf(&env[k++], "%s=%s", HOOK_ENV_PYTHONPATH, old);
	if (old != NULL && *old != '\0')
		xasprintf(&env[k++], "PYTHONPATH=%s:%s", o->pydir, old);
	else
		xasprintf(&env[k++], "PYTHONPATH=%s", o->pydir);
	return env;
}

/* Frees child_env's vector. */
static void
free_env(char **env)
{
	for (size_t i = 0; env[i] != NULL; i++)
		free(env[i]);
	free(env);
}

char *
spawn_find_program(const char *argv0)
{
	const char *path = getenv("PATH"), *p, *colon;
	int err = ENOENT;

	if (strchr(argv0, '/') != NULL)
		return xstrdup(argv0);
	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; p != NULL; p = colon ? colon + 1 : NULL) {
		char *f;

		colon = strchr(p, ':');
		xasprintf(&f, "%.*s/%s", colon ? (int)(colon - p) :
		    (int)strlen(p), p, argv0);
		if (access(f, X_OK) == 0)
			return f;
		if (errno == EACCES)
			err = EACCES;
		free(f);
	}
	errno = err;
	return NULL;
}

/* Closes both ends of a pipe that were made (-1 marks one that was not). */
static void
close_pair(int fd[2])
{
	for (int i = 0; i < 2; i++)
		if (fd[i] >= 0) {
			close(fd[i]);
			fd[i] = -1;
		}
}

void
spawn_release(struct spawn *sp)
{
	if (sp->out_fd >= 0)
		close(sp->out_fd);
	if (sp->err_fd >= 0)
		close(sp->err_fd);
	sp->out_fd = sp->err_fd = -1;
}

/*
 * Sets up the child between fork and exec: its own group, death with
 * us, default signals, where its output goes. Only async-signal-safe
 * calls: the parent may have other threads.
 */
static void
child_setup(pid_t parent, int hook_wfd, int tty, const int cap[2],
    const struct spawn_opts *o)
{
	static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE,
		SIGWINCH, SIGTTOU, SIGTTIN, SIGTSTP };
	struct sigaction dfl;
	sigset_t none;
	int fd;

	setpgid(0, 0);
	/* The foreground job now (SIGTTOU is still ignored, as in the
	 * parent): no read of the terminal can come before this. */
	if (tty >= 0)
		tcsetpgrp(tty, getpid());
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	/* An ignored signal stays ignored across exec: none may be. */
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
		sigaction(signals[i], &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* Not given the terminal: it is timeslice's screen's, not its input. */
	if (!o->foreground && isatty(0) &&
	    (fd = open("/dev/null", O_RDONLY)) >= 0) {
		dup2(fd, 0);
		close(fd);
	}
	if (o->quiet && (fd = open("/dev/null", O_WRONLY)) >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
	} else if (o->capture && cap[0] >= 0) {
		dup2(cap[0], 1);
		dup2(cap[1], 2);
	} else if (o->stdout_to_stderr)
		dup2(2, 1);
	if (hook_wfd >= 0 && o->pydir != NULL)
		fcntl(hook_wfd, F_SETFD, 0);	/* survives exec */
}

int
spawn_start(struct spawn *sp, char *const argv[], const struct spawn_opts *o,
    char **cause)
{
	int hook[2] = { -1, -1 }, status[2], out[2] = { -1, -1 };
	int errp[2] = { -1, -1 }, cap[2];
	pid_t parent = getpid();
	char *file, **env;
	ssize_t n;
	int err;

	memset(sp, 0, sizeof *sp);
	sp->hook_fd = sp->out_fd = sp->err_fd = -1;
	sp->tty = -1;
	sp->shared = o->shared;
	if ((file = o->file != NULL ? xstrdup(o->file) :
	    spawn_find_program(argv[0])) == NULL) {
		xasprintf(cause, "cannot run '%s': %s", argv[0],
		    strerror(errno));
		return -1;
	}
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	if (pipe2(status, O_CLOEXEC) != 0) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		free(file);
		return -1;
	}
	if (o->pydir != NULL && pipe2(hook, O_CLOEXEC) != 0) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		close(status[0]);
		close(status[1]);
		free(file);
		return -1;
	}
	if (o->capture && (pipe2(out, O_CLOEXEC) != 0 ||
	    pipe2(errp, O_CLOEXEC) != 0)) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		close_pair(out);
		close_pair(errp);
		close_pair(hook);
		close_pair(status);
		free(file);
		return -1;
	}
	cap[0] = out[1];
	cap[1] = errp[1];
	env = child_env(hook[1], o);
	if (o->foreground)
		sp->tty = own_terminal();
	fflush(NULL);
	sp->pid = fork();
	if (sp->pid < 0) {
		xasprintf(cause, "fork: %s", strerror(errno));
		close_pair(out);
		close_pair(errp);
		close_pair(hook);
		close_pair(status);
		free(file);
		free_env(env);
		return -1;
	}
	if (sp->pid == 0) {
		close(status[0]);
		child_setup(parent, hook[1], sp->tty, cap, o);
		execve(file, argv, env);
		err = errno;
		if (write(status[1], &err, sizeof err) < 0)
			_exit(127);
		_exit(127);
	}
	free(file);
	free_env(env);
	setpgid(sp->pid, sp->pid);	/* no race with the child's own call */
	if (sp->tty >= 0)
		tcsetpgrp(sp->tty, sp->pid);	/* nor with its tcsetpgrp */
	close(status[1]);
	if (hook[1] >= 0)
		close(hook[1]);
	sp->hook_fd = hook[0];
	if (o->capture) {
		close(out[1]);
		close(errp[1]);
		fcntl(out[0], F_SETFL, O_NONBLOCK);
		fcntl(errp[0], F_SETFL, O_NONBLOCK);
		sp->out_fd = out[0];
		sp->err_fd = errp[0];
	}
	while ((n = read(status[0], &err, sizeof err)) < 0 && errno == EINTR)
		continue;
	close(status[0]);
	if (n == (ssize_t)sizeof err) {
		xasprintf(cause, "cannot run '%s': %s", argv[0], strerror(err));
		while (waitpid(sp->pid, NULL, 0) < 0 && errno == EINTR)
			continue;
		sp->exited = 1;
		tty_back(sp);
		close(sp->tty);
		sp->tty = -1;
		if (sp->hook_fd >= 0)
			close(sp->hook_fd);
		sp->hook_fd = -1;
		spawn_release(sp);
		return -1;
	}
	sp->start_ns = clock_now_ns();
	return 0;
}

/*
 * Notes what waitpid said of the program: stopped, continued, or ended
 * (then the terminal goes back to timeslice).
 */
static void
reaped(struct spawn *sp, pid_t pid, int st)
{
	if (pid != sp->pid)
		return;
	if (WIFSTOPPED(st)) {
		atomic_store(&sp->stopped, WSTOPSIG(st));
		atomic_store(&sp->was_stopped, 1);
	} else if (WIFCONTINUED(st))
		atomic_store(&sp->stopped, 0);
	else {
		sp->exited = 1;
		sp->status = st;
		sp->end_ns = clock_now_ns();
		atomic_store(&sp->stopped, 0);
		tty_back(sp);
	}
}

int
spawn_stopped(struct spawn *sp)
{
	return atomic_load(&sp->stopped);
}

void
spawn_tty_take(struct spawn *sp)
{
	if (sp->tty >= 0)
		tcsetpgrp(sp->tty, getpgrp());
}

void
spawn_tty_give(struct spawn *sp)
{
	/* Had it ended meanwhile, its group is gone: both calls fail. */
	if (sp->tty < 0)
		return;
	tcsetpgrp(sp->tty, sp->pid);
	kill(-sp->pid, SIGCONT);
}

static int program_tree(const struct spawn *, pid_t *);

int
spawn_reap(struct spawn *sp)
{
	pid_t pid, tree[MAX_TREE];
	int st, n;

	if (!sp->shared) {
		while ((pid = waitpid(-1, &st, WAIT_FLAGS)) > 0)
			reaped(sp, pid, st);
		return sp->exited;
	}
	/* Only the program's: the program's group, then what left it. */
	while ((pid = waitpid(-sp->pid, &st, WAIT_FLAGS)) > 0)
		reaped(sp, pid, st);
	n = program_tree(sp, tree);
	for (int i = 0; i < n; i++)
		if (waitpid(tree[i], &st, WAIT_FLAGS) == tree[i])
			reaped(sp, tree[i], st);
	return sp->exited;
}

int
spawn_descendants(pid_t pid, pid_t *out, int max)
{
	return proc_descendants(pid, out, max);
}

/*
 * Lists the processes that belong to the program: every process below
 * us, or, when shared, those of them outside our own process group (the
 * engines' children stay in it; the program's group, and whatever left
 * that group and was handed to us as subreaper, are not in it).
 */
static int
program_tree(const struct spawn *sp, pid_t *out)
{
	int n = spawn_descendants(getpid(), out, MAX_TREE), k = 0;
	pid_t ours = getpgid(0);

	if (!sp->shared)
		return n;
	for (int i = 0; i < n; i++) {
		pid_t g = getpgid(out[i]);

		if (g >= 0 && g != ours)
			out[k++] = out[i];
	}
	return k;
}

/* Sends sig to the program's group and to every process of it. */
static int
signal_tree(struct spawn *sp, int sig)
{
	pid_t pids[MAX_TREE];
	int n = program_tree(sp, pids);

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
		left = program_tree(sp, (pid_t[MAX_TREE]){0});
	}
	deadline = clock_now_ns() + 2000000000u;
	while (left > 0 && clock_now_ns() < deadline) {
		signal_tree(sp, SIGKILL);
		clock_sleep_ns(2000000);
		spawn_reap(sp);
		left = program_tree(sp, (pid_t[MAX_TREE]){0});
	}
	spawn_reap(sp);
	tty_back(sp);
	if (sp->tty >= 0)
		close(sp->tty);
	sp->tty = -1;
}
