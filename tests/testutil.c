/*
 * testutil.c - shared test helpers, and the tally of tests a busy machine
 * left undecided (testutil.h says how such a test reports itself).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/capacity.h"
#include "testutil.h"

extern char **environ;

void
tu_run(struct experiment *ex, const char *scenario, const char *args)
{
	const struct scenario *sc = scenario_find(scenario);
	struct params p;
	char *cause = NULL, *copy, *save = NULL;

	ck_assert_msg(sc != NULL, "no scenario %s", scenario);
	params_defaults(&p);
	p.baseline = false;
	copy = strdup(args ? args : "");
	for (char *tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');
		const struct param_spec *spec;

		ck_assert_msg(eq != NULL, "bad test arg %s", tok);
		*eq = '\0';
		if (strcmp(tok, "baseline") == 0) {
			p.baseline = strcmp(eq + 1, "1") == 0;
			continue;
		}
		spec = params_find(tok);
		ck_assert_msg(spec != NULL, "no param %s", tok);
		ck_assert_msg(params_set(&p, spec, eq + 1, &cause) == 0, "%s",
		    cause);
	}
	free(copy);
	ck_assert_msg(experiment_run(ex, sc, &p, NULL, &cause) == 0,
	    "%s failed: %s", scenario, cause ? cause : "?");
}

void
tu_check_invariants(const struct experiment *ex, int allow_drops)
{
	const struct log *lg = &ex->log;

	ck_assert_int_eq(lg->disorder, 0);
	if (!allow_drops)
		ck_assert_uint_eq(ex->dropped, 0);
	for (int i = 0; i < lg->nlanes; i++) {
		const struct log_lane *ll = &lg->lanes[i];

		ck_assert_msg(ll->niv > 0, "lane %d has no interval", i);
		/* The window starts where what scrolled out of it ended. */
		ck_assert_uint_eq(ll->iv[0].start_ns, ll->gone.intervals ?
		    ll->gone.until_ns : ll->first_ns);
		for (size_t k = 0; k < ll->niv; k++) {
			const struct log_interval *iv = &ll->iv[k];

			ck_assert_msg(iv->end_ns >= iv->start_ns,
			    "lane %d interval %zu ends before it starts", i, k);
			if (k + 1 < ll->niv)
				ck_assert_msg(iv->end_ns == ll->iv[k + 1].start_ns,
				    "lane %d intervals %zu and %zu do not abut",
				    i, k, k + 1);
		}
		ck_assert_msg(ll->iv[ll->niv - 1].end_ns >= ll->last_ns,
		    "lane %d: intervals stop before its last event", i);
	}
	/*
	 * Independently of stats_lock: no two holds of one lock overlap.
	 * Only a trace that lost nothing can show that: a dropped release
	 * leaves its hold open until that lane's next acquire.
	 */
	if (ex->dropped > 0)
		return;
	for (size_t a = 0; a < lg->nholds; a++)
		for (size_t b = a + 1; b < lg->nholds; b++) {
			const struct log_hold *x = &lg->holds[a], *y = &lg->holds[b];

			if (y->start_ns >= x->end_ns)
				break;
			ck_assert_msg(x->lock != y->lock,
			    "lanes %d and %d held lock %u at once", x->lane,
			    y->lane, x->lock);
		}
	ck_assert_uint_eq(ex->lock.overlaps, 0);
}

int
tu_running_at(const struct experiment *ex, int lane, unsigned long long ts)
{
	const struct log_interval *iv = log_at(&ex->log, lane, ts);

	return iv != NULL && iv->state == TRACE_RUN;
}

int
tu_exec(char *const argv[], char *out, size_t outcap, char *err,
    size_t errcap)
{
	const char *bin = getenv("TIMESLICE_BIN");

	ck_assert_msg(bin != NULL, "TIMESLICE_BIN must name the binary");
	return tu_exec_path(bin, argv, out, outcap, err, errcap);
}

int
tu_exec_path(const char *path, char *const argv[], char *out,
    size_t outcap, char *err, size_t errcap)
{
	posix_spawn_file_actions_t fa;
	int po[2], pe[2], status;
	size_t no = 0, ne = 0;
	pid_t pid;
	char sink[4096];

	ck_assert_int_eq(pipe(po), 0);
	ck_assert_int_eq(pipe(pe), 0);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	posix_spawn_file_actions_addclose(&fa, po[0]);
	posix_spawn_file_actions_addclose(&fa, pe[0]);
	ck_assert_int_eq(posix_spawn(&pid, path, &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	/* Read both pipes as they fill so neither side can block the child. */
	for (int open_fds = 2; open_fds > 0;) {
		struct pollfd pf[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };

		if (poll(pf, 2, -1) < 0 && errno == EINTR)
			continue;
		for (int k = 0; k < 2; k++) {
			char *buf = k ? err : out;
			size_t cap = k ? errcap : outcap, *have = k ? &ne : &no;
			ssize_t n;

			if (pf[k].fd < 0 || !(pf[k].revents & (POLLIN | POLLHUP)))
				continue;
			if (*have + 1 < cap)
				n = read(pf[k].fd, buf + *have, cap - 1 - *have);
			else
				n = read(pf[k].fd, sink, sizeof sink);
			if (n > 0 && *have + 1 < cap)
				*have += (size_t)n;
			if (n <= 0) {
				close(k ? pe[0] : po[0]);
				if (k)
					pe[0] = -1;
				else
					po[0] = -1;
				open_fds--;
			}
		}
	}
	out[no] = '\0';
	err[ne] = '\0';
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		continue;
	return WIFEXITED(status) ? WEXITSTATUS(status) :
	    128 + WTERMSIG(status);
}

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double
tu_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_d);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * Tests reported undecided. Check runs each test in a child it forks, so
 * the count lives in memory shared with those children (tu_main maps it
 * before the run); a program run without tu_main counts in its own.
 */
static _Atomic int undecided_local;
static _Atomic int *undecided = &undecided_local;

/* Prints the SKIP line: test names without the _fn Check appends. */
static void
skip_line(const char *test, const char *fmt, va_list ap)
{
	size_t n = strlen(test);

	if (n > 3 && strcmp(test + n - 3, "_fn") == 0)
		n -= 3;
	printf("SKIP: %.*s: ", (int)n, test);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
}

void
tu_undecided(const char *test, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	skip_line(test, fmt, ap);
	va_end(ap);
	atomic_fetch_add(undecided, 1);
}

void
tu_undecided_claim(const char *test, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	skip_line(test, fmt, ap);
	va_end(ap);
}

bool
tu_cores_enough(double got, double need)
{
	return got < 0 || got >= TU_DECIDE_SHARE * need;
}

bool
tu_cores_decide(const char *test, double got, double need, const char *what)
{
	if (tu_cores_enough(got, need))
		return true;
	tu_undecided(test, "%s needs %.2g %s free, %.2f decide; only %.2f "
	    "were: this machine is too busy to tell", what, need,
	    need == 1 ? "core" : "cores", TU_DECIDE_SHARE * need, got);
	return false;
}

void
tu_window_begin(struct capacity *cap)
{
	capacity_begin(cap, 0);
}

double
tu_window_end(struct capacity *cap)
{
	return capacity_end(cap, 0);
}

int
tu_main(Suite *s)
{
	SRunner *sr = srunner_create(s);
	_Atomic int *shared;
	int failed, ran, skipped;

	shared = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared != MAP_FAILED) {
		atomic_init(shared, 0);
		undecided = shared;
	}
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	ran = srunner_ntests_run(sr);
	srunner_free(sr);
	skipped = atomic_load(undecided);
	if (skipped > 0)
		printf("%d of %d tests undecided (SKIP lines above)\n",
		    skipped, ran);
	if (failed)
		return 1;
	/* Nothing was judged: meson's "skipped", not a pass. */
	return ran > 0 && skipped >= ran ? 77 : 0;
}

int
tu_unprivileged(void)
{
	return geteuid() != 0;
}

/* Copies the file `from` to `to` with mode `mode`. */
static void
copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[65536];
	int in, out;
	ssize_t n;

	in = open(from, O_RDONLY | O_CLOEXEC);
	ck_assert_msg(in >= 0, "cannot read %s: %s", from, strerror(errno));
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	ck_assert_msg(out >= 0, "cannot create %s: %s", to, strerror(errno));
	while ((n = read(in, buf, sizeof buf)) > 0)
		ck_assert_int_eq(write(out, buf, (size_t)n), n);
	ck_assert_int_eq(n, 0);
	close(in);
	ck_assert_int_eq(close(out), 0);
	ck_assert_int_eq(chmod(to, mode), 0);
}

/* The child's side: become nobody for good, then run only `tcase`. */
static _Noreturn void
rerun_child(const char *exe, const char *tcase, int fd, uid_t uid, gid_t gid)
{
	char *argv[] = { (char *)exe, NULL };

	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	setenv("CK_RUN_CASE", tcase, 1);
	unsetenv("CK_RUN_SUITE");
	setenv("CK_VERBOSITY", "normal", 1);
	if (setgroups(0, NULL) != 0 || setresgid(gid, gid, gid) != 0 ||
	    setresuid(uid, uid, uid) != 0 || geteuid() == 0) {
		fprintf(stderr, "cannot become nobody: %s\n", strerror(errno));
		_exit(125);
	}
	execv(exe, argv);
	fprintf(stderr, "cannot run %s: %s\n", exe, strerror(errno));
	_exit(126);
}

int
tu_rerun_unprivileged(const char *tcase, int min_checks)
{
	char dir[] = "/tmp/ts-nobody-XXXXXX", exe[64], out[16384];
	const struct passwd *pw = getpwnam("nobody");
	const struct group *gr = getgrnam("nogroup");
	size_t have = 0;
	int p[2], status, checks = -1, failures = -1, errors = -1;
	const char *line;
	ssize_t n;
	pid_t pid;

	ck_assert_msg(pw != NULL, "no user 'nobody' to run as");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chmod(dir, 0755), 0);
	snprintf(exe, sizeof exe, "%s/test", dir);
	copy_file("/proc/self/exe", exe, 0755);
	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	fflush(NULL);
	if ((pid = fork()) == 0)
		rerun_child(exe, tcase, p[1], pw->pw_uid,
		    gr != NULL ? gr->gr_gid : pw->pw_gid);
	ck_assert_int_gt(pid, 0);
	close(p[1]);
	while ((n = read(p[0], out + have, sizeof out - 1 - have)) > 0 ||
	    (n < 0 && errno == EINTR))
		if (n > 0)
			have += (size_t)n;
	out[have] = '\0';
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		continue;
	unlink(exe);
	rmdir(dir);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "TCase %s as nobody failed (status %#x):\n%s", tcase, status, out);
	line = strstr(out, "Checks: ");
	ck_assert_msg(line != NULL && sscanf(line, "Checks: %d, Failures: %d, "
	    "Errors: %d", &checks, &failures, &errors) == 3,
	    "no summary from the run as nobody:\n%s", out);
	ck_assert_msg(failures == 0 && errors == 0, "as nobody:\n%s", out);
	ck_assert_msg(checks >= min_checks, "only %d of %d checks ran as "
	    "nobody:\n%s", checks, min_checks, out);
	return checks;
}

int
tu_open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the folder being read */
}

void
tu_best_speedup(const char *scenario, const char *args, int runs,
    struct tu_speedup *out)
{
	double par[16], best_seq = 0, best_run = 0;
	char buf[256];

	ck_assert_int_le(runs, 16);
	snprintf(buf, sizeof buf, "%s baseline=1", args);
	out->cores_free = out->baseline_cores_free = -1;
	for (int i = 0; i < runs; i++) {
		struct experiment ex;

		tu_run(&ex, scenario, buf);
		ck_assert(ex.has_baseline);
		if (i == 0 || ex.baseline_wall_ns < best_seq)
			best_seq = (double)ex.baseline_wall_ns;
		if (i == 0 || ex.wall_ns < best_run)
			best_run = (double)ex.wall_ns;
		par[i] = (double)ex.cpu_ns / (double)ex.wall_ns;
		if (ex.cores_free > out->cores_free)
			out->cores_free = ex.cores_free;
		if (ex.baseline_cores_free > out->baseline_cores_free)
			out->baseline_cores_free = ex.baseline_cores_free;
		experiment_release(&ex);
	}
	out->parallelism = tu_median(par, runs);
	out->speedup = best_seq / best_run;
}
