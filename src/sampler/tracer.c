/*
 * tracer.c - the sampling thread of a traced program.
 *
 * The thread works in rounds at the sampling rate: sample the program's
 * threads, read what the Python hook reported, reap children. The rate
 * drops by itself when a round costs more than a fifth of its period, so
 * the sampler never takes more than about a fifth of one core from the
 * program it watches. Only the hook's names need the names mutex: every
 * other thing the thread writes goes through the trace's rings.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "sampler/proc.h"
#include "sampler/sampler.h"
#include "sampler/tracer.h"
#include "trace/log.h"
#include "util.h"

/* How long python3 may take to say where it is. */
#define PATH_MAX_LEN	4096
#define PYTHON_ASK_MS	5000

/* A round may cost at most one part in this many of its period: a
 * fifth of a core, which 64 threads at 1,000 rounds/s stay under. */
#define ROUND_SHARE	5
/* The slowest the sampler goes when rounds are expensive. */
#define PERIOD_MAX_NS	50000000ull

/* Reads a process's command line into a NULL-terminated vector. */
static char **
read_cmdline(pid_t pid)
{
	char path[48], buf[4096];
	char **argv = xcalloc(64, sizeof *argv);
	ssize_t n;
	size_t k = 0;

	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	if ((n = procfs_read(path, buf, sizeof buf)) <= 0)
		return argv;
	for (size_t p = 0; p < (size_t)n && k < 63; p += strlen(buf + p) + 1)
		argv[k++] = xstrdup(buf + p);
	return argv;
}

/* Is an attached process gone (or a zombie nobody reaped)? */
static bool
attached_gone(pid_t pid)
{
	char state = '?';
	int cpu;
	char path[48], buf[512];

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (procfs_read(path, buf, sizeof buf) < 0)
		return true;
	return proc_parse_stat(buf, &state, &cpu) != 0 || state == 'Z' ||
	    state == 'X';
}

/* Sleeps until the absolute CLOCK_MONOTONIC time at_ns (or a signal). */
static void
sleep_until(uint64_t at_ns)
{
	struct timespec at = { (time_t)(at_ns / 1000000000u),
		(long)(at_ns % 1000000000u) };

	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL);
}

/* Orders round costs for the median. */
static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/*
 * The sampling period: the one asked for, or ROUND_SHARE times the median
 * cost of recent rounds when that is longer (the median, so a round that
 * was itself preempted on a busy machine does not slow sampling down).
 */
static uint64_t
adapt_period(uint64_t base, const uint64_t *costs, uint64_t rounds)
{
	uint64_t sorted[TRACER_COST_WINDOW], p;
	size_t n = rounds < TRACER_COST_WINDOW ? (size_t)rounds :
	    TRACER_COST_WINDOW;

	if (n == 0)
		return base;
	memcpy(sorted, costs, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_u64);
	p = sorted[n / 2] * ROUND_SHARE;
	if (p > PERIOD_MAX_NS)
		p = PERIOD_MAX_NS;
	return p > base ? p : base;
}

/* Whether the program has ended (reaping what has). */
static bool
program_over(struct tracer *tc)
{
	if (tc->o.pid != 0)
		return attached_gone(tc->o.pid);
	return spawn_reap(&tc->spawn) != 0;
}

/* The rounds, until the program ends, the limit passes or stop is asked. */
static void *
rounds(void *arg)
{
	struct tracer *tc = arg;
	uint64_t base, period, next, start = clock_now_ns();

	base = period = (uint64_t)(1e9 / tc->o.rate);
	next = start;
	for (uint64_t round = 0;; round++) {
		uint64_t t0 = clock_now_ns();

		if (atomic_load(&tc->stop))
			break;
		if (tc->o.limit_ns != 0 && t0 - start >= tc->o.limit_ns) {
			tc->timed_out = true;
			break;
		}
		sampler_round(tc->sampler, round == 0);
		tracer_lock(tc);
		hook_drain(&tc->hook, tc->sampler);
		tracer_unlock(tc);
		if (program_over(tc))
			break;
		tc->costs[round % TRACER_COST_WINDOW] = clock_now_ns() - t0;
		period = adapt_period(base, tc->costs, round + 1);
		next += period;
		if (next < clock_now_ns())
			next = clock_now_ns() + period;
		sleep_until(next);
	}
	tc->end_ns = tc->o.pid == 0 && tc->spawn.exited ? tc->spawn.end_ns :
	    clock_now_ns();
	atomic_store(&tc->done, 1);
	return NULL;
}

/*
 * Removes the script's private copy, if there is one and it is still
 * there; its path stays in the command line (tracer_argv).
 */
static void
script_remove(struct tracer *tc)
{
	if (tc->script_path == NULL || tc->script_gone)
		return;
	unlink(tc->script_path);
	rmdir(tc->script_dir);
	tc->script_gone = true;
}

/* Removes the copy, then frees its names and the command line. */
static void
script_free(struct tracer *tc)
{
	script_remove(tc);
	free(tc->script_path);
	free(tc->script_dir);
	free(tc->script_argv);
	tc->script_path = tc->script_dir = NULL;
	tc->script_argv = NULL;
}

/*
 * Writes o.script to a private copy in a new folder only we may enter
 * (mkdtemp makes it 0700; the file is created, never opened, there) and
 * makes the command line: o.argv, then the copy's path. Returns 0, or -1
 * with *cause set and nothing left on disk.
 */
static int
script_copy(struct tracer *tc, char **cause)
{
	const char *tmp = getenv("TMPDIR"), *name = tc->o.script_name;
	size_t n = 0, done = 0;
	int fd;

	if (tmp == NULL || tmp[0] != '/')
		tmp = "/tmp";
	if (name == NULL || *name == '\0' || strchr(name, '/') != NULL ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		name = "program.py";
	xasprintf(&tc->script_dir, "%s/timeslice-XXXXXX", tmp);
	if (mkdtemp(tc->script_dir) == NULL) {
		xasprintf(cause, "%s: %s", tc->script_dir, strerror(errno));
		free(tc->script_dir);
		tc->script_dir = NULL;
		return -1;
	}
	xasprintf(&tc->script_path, "%s/%s", tc->script_dir, name);
	fd = open(tc->script_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	while (fd >= 0 && done < tc->o.script_len) {
		ssize_t k = write(fd, tc->o.script + done,
		    tc->o.script_len - done);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		done += (size_t)k;
	}
	if (fd < 0 || done < tc->o.script_len || close(fd) != 0) {
		xasprintf(cause, "%s: %s", tc->script_path, strerror(errno));
		if (fd >= 0 && done < tc->o.script_len)
			close(fd);
		script_free(tc);
		return -1;
	}
	while (tc->o.argv != NULL && tc->o.argv[n] != NULL)
		n++;
	tc->script_argv = xcalloc(n + 2, sizeof *tc->script_argv);
	for (size_t i = 0; i < n; i++)
		tc->script_argv[i] = tc->o.argv[i];
	tc->script_argv[n] = tc->script_path;
	tc->o.argv = tc->script_argv;
	return 0;
}

/*
 * Starts o->argv, or attaches to o->pid, filling the sampler's options.
 * Returns 0, or -1 with *cause set.
 */
static int
start_program(struct tracer *tc, struct sampler_opts *smo, char **cause)
{
	struct spawn_opts so;
	char *const *argv = tc->o.argv;

	memset(&tc->spawn, 0, sizeof tc->spawn);
	tc->spawn.hook_fd = tc->spawn.out_fd = tc->spawn.err_fd = -1;
	memset(smo, 0, sizeof *smo);
	if (tc->o.pid != 0) {
		tc->owned_argv = read_cmdline(tc->o.pid);
		tc->spawn.pid = tc->o.pid;
		tc->spawn.start_ns = clock_now_ns();
		smo->attached = 1;
		smo->python = tc->owned_argv[0] != NULL &&
		    hook_is_python(tc->owned_argv[0]);
		tc->o.hook = false;
	} else {
		memset(&so, 0, sizeof so);
		smo->python = hook_is_python(argv[0]);
		if (tc->o.hook && smo->python && hook_python_can_load(argv)) {
			so.pydir = hook_python_dir();
			so.steps = hook_steps_module();
		}
		tc->o.hook = so.pydir != NULL;
		tc->steps = so.pydir != NULL ? so.steps : NULL;
		/* python3 through a wrapper script: the interpreter itself. */
		if (smo->python && strchr(argv[0], '/') == NULL)
			so.file = tc->python = tracer_resolve_python(argv[0]);
		so.stdout_to_stderr = tc->o.stdout_to_stderr;
		so.quiet = tc->o.quiet;
		so.foreground = tc->o.foreground;
		so.capture = tc->o.capture;
		so.shared = tc->o.shared;
		if (spawn_start(&tc->spawn, argv, &so, cause) != 0)
			return -1;
		smo->scan_self = !tc->o.shared;
	}
	smo->root = tc->spawn.pid;
	return 0;
}

int
tracer_start(struct tracer *tc, struct trace *t, const struct tracer_opts *o,
    char **cause)
{
	struct sampler_opts smo;
	int err;

	memset(tc, 0, sizeof *tc);
	tc->o = *o;
	if (!(tc->o.rate >= TRACER_RATE_MIN && tc->o.rate <= TRACER_RATE_MAX))
		tc->o.rate = TRACER_RATE_DEFAULT;
	tc->trace = t;
	pthread_mutex_init(&tc->names, NULL);
	capacity_begin(&tc->cap, 0);
	if (tc->o.pid == 0 && tc->o.script != NULL &&
	    script_copy(tc, cause) != 0) {
		pthread_mutex_destroy(&tc->names);
		return -1;
	}
	if (start_program(tc, &smo, cause) != 0) {
		script_free(tc);
		pthread_mutex_destroy(&tc->names);
		free(tc->python);
		tc->python = NULL;
		return -1;
	}
	tc->sampler = sampler_new(t, &smo);
	hook_init(&tc->hook, tc->spawn.hook_fd);
	tc->hook.t0 = clock_now_ns();
	if ((err = pthread_create(&tc->thread, NULL, rounds, tc)) != 0) {
		xasprintf(cause, "pthread_create: %s", strerror(err));
		if (tc->o.pid == 0)
			spawn_kill_tree(&tc->spawn, 0);
		script_free(tc);
		spawn_release(&tc->spawn);
		hook_release(&tc->hook);
		sampler_free(tc->sampler);
		pthread_mutex_destroy(&tc->names);
		free(tc->python);
		tc->python = NULL;
		return -1;
	}
	return 0;
}

bool
tracer_done(struct tracer *tc)
{
	return atomic_load(&tc->done) != 0;
}

int
tracer_stopped(struct tracer *tc)
{
	return tc->o.pid != 0 ? 0 : spawn_stopped(&tc->spawn);
}

void
tracer_stop(struct tracer *tc)
{
	atomic_store(&tc->stop, 1);
}

void
tracer_lock(struct tracer *tc)
{
	pthread_mutex_lock(&tc->names);
}

void
tracer_unlock(struct tracer *tc)
{
	pthread_mutex_unlock(&tc->names);
}

char *const *
tracer_argv(const struct tracer *tc)
{
	return tc->owned_argv != NULL ? tc->owned_argv : tc->o.argv;
}

/* The figures of the finished trace, the cores free included. */
static void
describe(struct tracer *tc, struct log *lg)
{
	struct tracerun *tr = &tc->run;
	const struct spawn *sp = &tc->spawn;

	tr->trace = tc->trace;
	tr->log = lg;
	tr->sampler = tc->sampler;
	tr->argv = tracer_argv(tc);
	tr->pid = sp->pid;
	tr->attached = tc->o.pid != 0;
	tr->hook = tc->o.hook;
	tr->steps = tc->steps;
	tr->rate_hz = tc->o.rate;
	tr->hook_lines = tc->hook.lines;
	tr->hook_dropped = tc->hook.dropped;
	tr->interrupted = atomic_load(&tc->stop) != 0 || tc->timed_out;
	tr->exit_status = sp->exited ? (WIFEXITED(sp->status) ?
	    WEXITSTATUS(sp->status) : 128 + WTERMSIG(sp->status)) : -1;
	tr->signal = sp->exited && WIFSIGNALED(sp->status) ?
	    WTERMSIG(sp->status) : 0;
	tr->stopped = sp->was_stopped;
	tr->start_ns = sp->start_ns;
	tr->end_ns = tc->end_ns;
	summary_compute(tr);
	tr->cores_free = capacity_end(&tc->cap, tr->fig.cpu_ns);
}

void
tracer_join(struct tracer *tc, struct log *lg)
{
	bool ended_early;

	if (tc->joined)
		return;
	pthread_join(tc->thread, NULL);
	tc->joined = true;
	ended_early = atomic_load(&tc->stop) != 0 || tc->timed_out;
	if (tc->o.pid == 0) {
		/* Whatever the program left running goes with it. */
		spawn_kill_tree(&tc->spawn, ended_early ? 300 : 100);
	}
	/* Nothing of the program is left to read its copy. */
	script_remove(tc);
	tracer_lock(tc);
	hook_drain(&tc->hook, tc->sampler);
	tracer_unlock(tc);
	sampler_finish(tc->sampler, tc->end_ns);
	log_poll(lg);
	log_close(lg, tc->end_ns);
	sampler_label_gil(tc->sampler, lg);
	memset(&tc->run, 0, sizeof tc->run);
	describe(tc, lg);
}

void
tracer_release(struct tracer *tc)
{
	hook_release(&tc->hook);
	spawn_release(&tc->spawn);
	sampler_free(tc->sampler);
	tc->sampler = NULL;
	if (tc->owned_argv != NULL) {
		for (int i = 0; tc->owned_argv[i] != NULL; i++)
			free(tc->owned_argv[i]);
		free(tc->owned_argv);
		tc->owned_argv = NULL;
	}
	pthread_mutex_destroy(&tc->names);
	free(tc->python);
	tc->python = NULL;
	script_free(tc);
}

/*
 * Asks the interpreter at `file` for its own executable (sys.executable):
 * the python3 on PATH may be a wrapper script (pyenv's, say) whose
 * shells would crowd the picture. NULL when it does not answer in time.
 */
static char *
ask_executable(const char *file)
{
	extern char **environ;
	char *argv[] = { (char *)file, (char *)"-c",
		(char *)"import sys; print(sys.executable)", NULL };
	posix_spawn_file_actions_t fa;
	char buf[PATH_MAX_LEN + 1];
	struct pollfd pfd;
	size_t n = 0;
	pid_t pid;
	int fds[2], st;

	if (pipe2(fds, O_CLOEXEC) != 0)
		return NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	st = posix_spawn(&pid, file, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (st != 0) {
		close(fds[0]);
		return NULL;
	}
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	while (n < sizeof buf - 1 && poll(&pfd, 1, PYTHON_ASK_MS) > 0) {
		ssize_t k = read(fds[0], buf + n, sizeof buf - 1 - n);

		if (k <= 0)
			break;
		n += (size_t)k;
	}
	close(fds[0]);
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		continue;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (buf[0] != '/' || access(buf, X_OK) != 0)
		return NULL;
	return xstrdup(buf);
}

/* Whether `file` is a script (#!), not a program. */
static bool
is_script(const char *file)
{
	char head[2] = { 0, 0 };
	FILE *f = fopen(file, "rb");

	if (f == NULL)
		return false;
	if (fread(head, 1, 2, f) != 2)
		head[0] = '\0';
	fclose(f);
	return head[0] == '#' && head[1] == '!';
}

char *
tracer_resolve_python(const char *name)
{
	char *file = spawn_find_program(name), *exe;

	if (file == NULL)
		return NULL;
	if (!is_script(file) || (exe = ask_executable(file)) == NULL)
		return file;
	free(file);
	return exe;
}

const char *
tracer_python(void)
{
	static char *found;
	static bool looked;

	if (!looked) {
		looked = true;
		found = tracer_resolve_python("python3");
	}
	return found;
}
