/*
 * clock.c - sleeping against the monotonic clock.
 *
 * The inline readers live in clock.h; what is here makes system calls.
 */
#include <errno.h>

#include "trace/clock.h"

/* Fills *ts with the absolute CLOCK_MONOTONIC time ns from now. */
void
clock_deadline(struct timespec *ts, uint64_t ns)
{
	uint64_t at = clock_now_ns() + ns;

	ts->tv_sec = (time_t)(at / 1000000000u);
	ts->tv_nsec = (long)(at % 1000000000u);
}

/*
 * Sleeps for at least ns nanoseconds. An absolute deadline means a signal
 * that interrupts the sleep does not stretch it when we resume.
 */
void
clock_sleep_ns(uint64_t ns)
{
	struct timespec at;

	clock_deadline(&at, ns);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) ==
	    EINTR)
		continue;
}
