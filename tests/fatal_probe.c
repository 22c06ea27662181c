/*
 * fatal_probe.c - a tiny program that ends through fatal() in the way its
 * argument names, for check_util: it registers terminal restore functions
 * that only say where they ran, and an exit handler that says it ran, so
 * the test can tell from stderr which path fatal() took.
 *
 *	fatal_probe main|worker|stuck|headless|child|two
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static pthread_barrier_t both;

/* Says something with write(2) alone, as restore_async must. */
static void
say(const char *s)
{
	ssize_t w = write(STDERR_FILENO, s, strlen(s));

	(void)w;
}

static void
restore(void)
{
	say(gettid() == getpid() ? "restore on main\n" :
	    "restore off main\n");
}

static void
restore_async(void)
{
	say("restore-async\n");
}

static void
at_exit(void)
{
	say("atexit\n");
}

static void *
fail_now(void *arg)
{
	fatal("%s", (const char *)arg);
}

static void *
fail_together(void *arg)
{
	pthread_barrier_wait(&both);
	fatal("%s", (const char *)arg);
}

/* The main thread's loop: polls as the UI's key wait does. */
static int
poll_loop(void)
{
	struct timespec ms = { 0, 1000000 };

	for (int i = 0; i < 10000; i++) {
		fatal_poll();
		nanosleep(&ms, NULL);
	}
	say("main was never stopped\n");
	return 3;
}

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	pthread_t th, th2;
	int status;
	pid_t pid;

	atexit(at_exit);
	if (strcmp(mode, "headless") != 0)
		fatal_set_terminal(restore, restore_async);
	if (strcmp(mode, "main") == 0)
		fatal("boom on main %d", 1);
	if (strcmp(mode, "worker") == 0) {
		pthread_create(&th, NULL, fail_now, "boom from a worker");
		return poll_loop();
	}
	if (strcmp(mode, "stuck") == 0 || strcmp(mode, "headless") == 0) {
		pthread_create(&th, NULL, fail_now, "boom while main waits");
		pthread_join(th, NULL);
		say("join returned\n");
		return 3;
	}
	if (strcmp(mode, "two") == 0) {
		pthread_barrier_init(&both, NULL, 2);
		pthread_create(&th, NULL, fail_together, "boom from one");
		pthread_create(&th2, NULL, fail_together, "boom from one");
		return poll_loop();
	}
	if (strcmp(mode, "child") == 0) {
		char line[64];

		if ((pid = fork()) == 0)
			fatal("boom in a child");
		waitpid(pid, &status, 0);
		snprintf(line, sizeof line, "child status %d\n",
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		say(line);
		return 0;
	}
	say("unknown mode\n");
	return 2;
}
