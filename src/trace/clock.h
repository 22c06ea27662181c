/*
 * clock.h - the one clock every recorded event is stamped with.
 *
 * All workers (threads, forked children, coroutine tasks) and the UI read
 * CLOCK_MONOTONIC, so timestamps from different processes on this machine
 * compare directly. The functions are inline because recording an event
 * must cost little more than one clock read.
 */
#ifndef TIMESLICE_TRACE_CLOCK_H
#define TIMESLICE_TRACE_CLOCK_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

/* Nanoseconds on CLOCK_MONOTONIC. */
static inline uint64_t
clock_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Nanoseconds of CPU time consumed so far by the calling thread. */
static inline uint64_t
clock_thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Converts nanoseconds to milliseconds as a double, for reports. */
static inline double
clock_ns_to_ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

/* Sleeps for at least ns nanoseconds, resuming after signals. */
void clock_sleep_ns(uint64_t ns);

/* Fills *ts with the absolute CLOCK_MONOTONIC time ns from now. */
void clock_deadline(struct timespec *ts, uint64_t ns);

/*
 * Initialises a condition variable whose timed waits take deadlines on
 * CLOCK_MONOTONIC, as clock_deadline makes them. Returns 0 or an error
 * number.
 */
int clock_cond_init(pthread_cond_t *cv);

#endif
