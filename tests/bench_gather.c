/*
 * bench_gather.c - 10,000 coroutine tasks that each sleep 10 ms, on
 * timeslice's event loop and on CPython's asyncio, side by side.
 *
 * Each round runs the `coroutines` scenario exactly as `timeslice run
 * coroutines --workers 10000 --units 10000 --work io --unit-ms 10` does
 * (recording every task's events into the trace, read as it runs), then
 * asks python3 to time `await asyncio.gather(*(asyncio.sleep(0.01) for _
 * in range(10000)))` inside one asyncio.run. Rounds alternate, so a load
 * spike on the machine hits both alike. Both figures are the wall time
 * from the first task created to the last one done. A benchmark, not a
 * test: it prints what it measured and exits 0 unless something failed.
 *
 *	bench_gather [TASKS [SLEEP_MS [ROUNDS]]]
 */
#include <stdio.h>
#include <stdlib.h>

#include "engine/experiment.h"
#include "trace/stats.h"

#define MAX_ROUNDS 21

/* One asyncio.gather of `tasks` sleeps, timed inside Python; ms or -1. */
static double
python_gather(int tasks, double ms)
{
	char cmd[1024];
	double v = -1;
	FILE *p;

	snprintf(cmd, sizeof cmd, "python3 -c '"
	    "import asyncio, time\n"
	    "async def main():\n"
	    "    t = time.perf_counter()\n"
	    "    await asyncio.gather(*(asyncio.sleep(%g) for _ in range(%d)))\n"
	    "    print((time.perf_counter() - t) * 1000)\n"
	    "asyncio.run(main())\n' 2>/dev/null", ms / 1000, tasks);
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	if (fscanf(p, "%lf", &v) != 1)
		v = -1;
	if (pclose(p) != 0)
		v = -1;
	return v;
}

/* One run of the coroutines scenario; its wall time in ms, or -1. */
static double
timeslice_gather(int tasks, double ms, uint64_t *dropped)
{
	const struct scenario *sc = scenario_find("coroutines");
	struct experiment *ex = calloc(1, sizeof *ex);
	struct params p;
	char *cause = NULL;
	double v = -1;

	params_defaults(&p);
	p.workers = tasks;
	p.units = tasks;
	p.work = WORK_IO;
	p.unit_ms = ms;
	p.baseline = false;
	if (ex == NULL)
		return -1;
	if (experiment_run(ex, sc, &p, NULL, &cause) != 0)
		fprintf(stderr, "bench_gather: %s\n", cause ? cause : "failed");
	else {
		v = (double)ex->wall_ns / 1e6;
		*dropped = ex->dropped;
	}
	experiment_release(ex);
	free(ex);
	free(cause);
	return v;
}

int
main(int argc, char **argv)
{
	int tasks = argc > 1 ? atoi(argv[1]) : 10000;
	double ms = argc > 2 ? atof(argv[2]) : 10;
	int rounds = argc > 3 ? atoi(argv[3]) : 5, npy = 0;
	double ts[MAX_ROUNDS], py[MAX_ROUNDS];

	if (tasks < 1 || tasks > SCENARIO_MAX_TASKS || ms <= 0 ||
	    rounds < 1 || rounds > MAX_ROUNDS) {
		fprintf(stderr, "usage: bench_gather [TASKS (1-%d) [SLEEP_MS "
		    "[ROUNDS (1-%d)]]]\n", SCENARIO_MAX_TASKS, MAX_ROUNDS);
		return 2;
	}
	printf("%d tasks sleeping %g ms each, %d rounds\n", tasks, ms, rounds);
	for (int r = 0; r < rounds; r++) {
		uint64_t dropped = 0;

		if ((ts[r] = timeslice_gather(tasks, ms, &dropped)) < 0)
			return 1;
		py[npy] = python_gather(tasks, ms);
		printf("round %d: timeslice %8.1f ms (%llu events dropped)   "
		    "asyncio.gather ", r + 1, ts[r],
		    (unsigned long long)dropped);
		if (py[npy] < 0)
			printf("n/a (no python3?)\n");
		else
			printf("%8.1f ms\n", py[npy++]);
		fflush(stdout);
	}
	printf("median: timeslice %.1f ms", stats_percentile(ts, (size_t)rounds,
	    50));
	if (npy > 0) {
		double a = stats_percentile(ts, (size_t)rounds, 50);
		double b = stats_percentile(py, (size_t)npy, 50);

		printf(", asyncio.gather %.1f ms: timeslice is %.2fx %s\n", b,
		    a <= b ? b / a : a / b, a <= b ? "faster" : "slower");
	} else
		putchar('\n');
	return 0;
}
