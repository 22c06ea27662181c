/*
 * bench_loop.c - how the event loop scales: 1000 tasks that each sleep
 * 10 ms should all finish a little after 10 ms, not 1000 x 10 ms, because
 * they wait together. Also prints a coroutine switch beside a thread
 * hand-off. A benchmark, not a test: it prints figures and always exits 0
 * unless something fails outright.
 *
 *	bench_loop [TASKS [SLEEP_MS]]
 */
#include <stdio.h>
#include <stdlib.h>

#include "engine/coro.h"
#include "engine/loop.h"
#include "trace/clock.h"
#include "trace/stats.h"

static void
nap(struct loop_task *t, void *arg)
{
	loop_sleep(t, *(double *)arg);
}

int
main(int argc, char **argv)
{
	int tasks = argc > 1 ? atoi(argv[1]) : 1000;
	double ms = argc > 2 ? atof(argv[2]) : 10, walls[5];
	char *cause = NULL;

	if (tasks < 1 || ms <= 0) {
		fprintf(stderr, "usage: bench_loop [TASKS [SLEEP_MS]]\n");
		return 2;
	}
	for (int r = 0; r < 5; r++) {
		struct loop *l = loop_new(NULL, -1);
		struct loop_stats st;
		uint64_t t0 = clock_now_ns();

		for (int i = 0; i < tasks; i++)
			if (loop_spawn(l, nap, &ms, -1, &cause) == NULL) {
				fprintf(stderr, "bench_loop: %s\n", cause);
				return 1;
			}
		if (loop_run(l, &cause) != 0) {
			fprintf(stderr, "bench_loop: %s\n", cause);
			return 1;
		}
		walls[r] = (double)(clock_now_ns() - t0) / 1e6;
		loop_stats(l, &st);
		printf("run %d: %d tasks sleeping %.1f ms: wall %.2f ms "
		    "(%llu iterations, %llu polls, sleeps late p50 %.3f ms)\n",
		    r + 1, tasks, ms, walls[r],
		    (unsigned long long)st.iterations,
		    (unsigned long long)st.polls, st.timer_late_p50_ms);
		loop_free(l);
	}
	printf("median wall: %.2f ms for %d x %.1f ms of sleeping "
	    "(sequential: %.0f ms)\n", stats_percentile(walls, 5, 50), tasks,
	    ms, tasks * ms);
	printf("coroutine switch: %.0f ns\n", coro_bench_switch_ns(100000));
	printf("thread hand-off (mutex+condvar): %.0f ns\n",
	    bench_thread_handoff_ns(20000));
	return 0;
}
