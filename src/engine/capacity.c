/*
 * capacity.c - the cores a run could get: per-CPU busy time from /proc,
 * less the run's own CPU time, over the run's window.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "engine/capacity.h"
#include "procfs.h"
#include "trace/clock.h"
#include "util.h"

/* The cpu lines of /proc/stat come first; this holds them for 256 CPUs. */
#define PROC_READ_MAX (64 * 1024)

/* Reads up to PROC_READ_MAX bytes of `path` as a string; NULL on error
 * or when the file is empty. */
static char *
read_proc(const char *path)
{
	char *buf = xmalloc(PROC_READ_MAX + 1);

	if (procfs_read(path, buf, PROC_READ_MAX + 1) <= 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/*
 * If `line` starts with "cpuN" (a CPU, not the "cpu" total), returns N
 * and points *rest after it; else -1.
 */
static int
cpu_line(const char *line, const char **rest)
{
	char *end;
	long n;

	if (strncmp(line, "cpu", 3) != 0 || !isdigit((unsigned char)line[3]))
		return -1;
	n = strtol(line + 3, &end, 10);
	if (n < 0 || n >= CAPACITY_MAX_CPUS)
		return -1;
	*rest = end;
	return (int)n;
}

/* Reads up to `max` unsigned numbers from s; returns how many. */
static int
numbers(const char *s, unsigned long long *v, int max)
{
	int n = 0;

	while (n < max) {
		char *end;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!isdigit((unsigned char)*s))
			break;
		v[n++] = strtoull(s, &end, 10);
		s = end;
	}
	return n;
}

int
capacity_parse_schedstat(const char *text, struct capacity_snap *sn)
{
	const char *line = text, *rest;
	int found = 0;

	memset(sn, 0, sizeof *sn);
	if (strncmp(text, "version ", 8) != 0 || atoi(text + 8) < 15)
		return -1;
	for (; line != NULL && *line != '\0'; line = strchr(line, '\n'),
	    line = line ? line + 1 : NULL) {
		unsigned long long v[9];
		int cpu = cpu_line(line, &rest);

		/* cpuN yld_count 0 sched_count sched_goidle ttwu_count
		 * ttwu_local rq_cpu_time run_delay pcount */
		if (cpu < 0 || numbers(rest, v, 9) < 7)
			continue;
		sn->ns[cpu] = v[6];
		sn->present[cpu] = true;
		found++;
	}
	if (found == 0)
		return -1;
	sn->source = CAPACITY_SCHEDSTAT;
	return 0;
}

int
capacity_parse_stat(const char *text, long hz, struct capacity_snap *sn)
{
	const char *line = text, *rest;
	int found = 0;

	memset(sn, 0, sizeof *sn);
	if (hz <= 0)
		return -1;
	for (; line != NULL && *line != '\0'; line = strchr(line, '\n'),
	    line = line ? line + 1 : NULL) {
		unsigned long long v[5] = { 0 };
		int cpu = cpu_line(line, &rest), n;

		/* user nice system idle iowait ...: idle and iowait are time
		 * the CPU had nothing to run, so anyone could have had it. */
		if (cpu < 0 || (n = numbers(rest, v, 5)) < 4)
			continue;
		sn->ns[cpu] = (uint64_t)((double)(v[3] + (n > 4 ? v[4] : 0)) *
		    (1e9 / (double)hz));
		sn->present[cpu] = true;
		found++;
	}
	if (found == 0)
		return -1;
	sn->source = CAPACITY_STAT;
	return 0;
}

double
capacity_cores_free(const struct capacity_snap *a,
    const struct capacity_snap *b, const cpu_set_t *set, uint64_t window_ns,
    uint64_t own_ns)
{
	double busy = 0, others, free_cores;
	int n = 0;

	if (a->source == CAPACITY_NONE || a->source != b->source ||
	    window_ns == 0)
		return -1;
	for (int c = 0; c < CAPACITY_MAX_CPUS; c++) {
		double d;

		if (!CPU_ISSET(c, set))
			continue;
		if (!a->present[c] || !b->present[c])
			return -1;
		n++;
		d = b->ns[c] >= a->ns[c] ? (double)(b->ns[c] - a->ns[c]) : 0;
		if (a->source == CAPACITY_STAT)	/* d is idle time */
			d = d < (double)window_ns ? (double)window_ns - d : 0;
		else if (d > (double)window_ns)
			d = (double)window_ns;
		busy += d;
	}
	if (n == 0)
		return -1;
	others = busy - (double)own_ns;
	if (others < 0)
		others = 0;
	free_cores = n - others / (double)window_ns;
	return free_cores < 0 ? 0 : free_cores > n ? n : free_cores;
}

int
capacity_cpu_set(int cores, cpu_set_t *set, bool *whole)
{
	cpu_set_t all;
	int n = 0, total;

	CPU_ZERO(set);
	if (sched_getaffinity(0, sizeof all, &all) != 0) {
		CPU_ZERO(&all);
		for (long c = 0; c < sysconf(_SC_NPROCESSORS_ONLN) &&
		    c < CPU_SETSIZE; c++)
			CPU_SET(c, &all);
	}
	total = CPU_COUNT(&all);
	/* The same rule as work_worker_begin: the first `cores` allowed. */
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &all) && (cores <= 0 || n < cores)) {
			CPU_SET(c, set);
			n++;
		}
	*whole = n == total;
	return n;
}

/* Reads the per-CPU counters from whichever file the kernel has. */
static void
snapshot(struct capacity_snap *sn)
{
	char *text;

	if ((text = read_proc("/proc/schedstat")) != NULL) {
		int rc = capacity_parse_schedstat(text, sn);

		free(text);
		if (rc == 0)
			return;
	}
	if ((text = read_proc("/proc/stat")) != NULL) {
		int rc = capacity_parse_stat(text, sysconf(_SC_CLK_TCK), sn);

		free(text);
		if (rc == 0)
			return;
	}
	memset(sn, 0, sizeof *sn);
}

/* CPU time of every thread of this process, in ns. */
static uint64_t
self_cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* CPU time of every child this process has reaped, in ns. */
static uint64_t
children_cpu_ns(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_CHILDREN, &ru) != 0)
		return 0;
	return ((uint64_t)ru.ru_utime.tv_sec + (uint64_t)ru.ru_stime.tv_sec) *
	    1000000000u + ((uint64_t)ru.ru_utime.tv_usec +
	    (uint64_t)ru.ru_stime.tv_usec) * 1000u;
}

void
capacity_begin(struct capacity *cap, int cores)
{
	cap->ncpus = capacity_cpu_set(cores, &cap->set, &cap->whole);
	cap->self0 = self_cpu_ns();
	cap->children0 = children_cpu_ns();
	snapshot(&cap->begin);
	cap->wall0 = clock_now_ns();
}

double
capacity_end(struct capacity *cap, uint64_t workers_cpu_ns)
{
	struct capacity_snap end;
	uint64_t wall = clock_now_ns() - cap->wall0, own;

	snapshot(&end);
	if (cap->whole)
		own = (self_cpu_ns() - cap->self0) +
		    (children_cpu_ns() - cap->children0);
	else
		own = workers_cpu_ns;
	return capacity_cores_free(&cap->begin, &end, &cap->set, wall, own);
}

void
capacity_parse_model(const char *text, char *out, size_t size)
{
	static const char *const keys[] = {
		"model name", "Hardware", "cpu model", "uarch", NULL
	};

	for (int k = 0; keys[k] != NULL; k++) {
		size_t klen = strlen(keys[k]);

		for (const char *line = text; line != NULL && *line != '\0';
		    line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
			const char *v, *end;

			if (strncmp(line, keys[k], klen) != 0)
				continue;
			v = line + klen;
			while (*v == ' ' || *v == '\t')
				v++;
			if (*v != ':')
				continue;
			for (v++; *v == ' ' || *v == '\t'; v++)
				continue;
			end = strchr(v, '\n');
			if (end == NULL)
				end = v + strlen(v);
			while (end > v && isspace((unsigned char)end[-1]))
				end--;
			if (end == v)
				continue;
			snprintf(out, size, "%.*s", (int)(end - v), v);
			return;
		}
	}
	snprintf(out, size, "unknown");
}

void
capacity_machine(struct capacity_machine *m)
{
	struct utsname u;
	cpu_set_t set;
	bool whole;
	char *text;

	memset(m, 0, sizeof *m);
	m->cpus = capacity_cpu_set(0, &set, &whole);
	if ((text = read_proc("/proc/cpuinfo")) != NULL) {
		capacity_parse_model(text, m->model, sizeof m->model);
		free(text);
	} else
		snprintf(m->model, sizeof m->model, "unknown");
	if (uname(&u) == 0)
		snprintf(m->kernel, sizeof m->kernel, "%s", u.release);
	else
		snprintf(m->kernel, sizeof m->kernel, "unknown");
}

int
capacity_least_busy(const struct capacity_snap *a,
    const struct capacity_snap *b, const cpu_set_t *allowed, int n,
    cpu_set_t *out)
{
	bool taken[CAPACITY_MAX_CPUS] = { false };
	int put = 0;

	CPU_ZERO(out);
	if (a->source != b->source || a->source == CAPACITY_NONE)
		return 0;
	while (put < n) {
		int best = -1;
		double best_busy = 0;

		for (int c = 0; c < CAPACITY_MAX_CPUS; c++) {
			double d, busy;

			if (!CPU_ISSET(c, allowed) || taken[c] ||
			    !a->present[c] || !b->present[c] ||
			    b->ns[c] < a->ns[c])
				continue;
			d = (double)(b->ns[c] - a->ns[c]);
			/* Schedstat counts busy time, stat idle time. */
			busy = a->source == CAPACITY_SCHEDSTAT ? d : -d;
			if (best < 0 || busy < best_busy) {
				best = c;
				best_busy = busy;
			}
		}
		if (best < 0)
			break;
		taken[best] = true;
		CPU_SET(best, out);
		put++;
	}
	return put;
}

int
capacity_pick_quiet(int n, uint64_t window_ns, cpu_set_t *out)
{
	struct capacity_snap *a = xcalloc(2, sizeof *a), *b = a + 1;
	cpu_set_t allowed;
	int put = 0;

	CPU_ZERO(out);
	if (sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
		snapshot(a);
		clock_sleep_ns(window_ns);
		snapshot(b);
		put = capacity_least_busy(a, b, &allowed, n, out);
	}
	free(a);
	return put;
}
