/*
 * clock.c - sleeping and waiting against the monotonic clock.
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
 * A condition variable waits on CLOCK_REALTIME unless told otherwise, and
 * then a change of the wall clock would stretch or cut its timed waits.
 */
int
clock_cond_init(pthread_cond_t *cv)
{
	pthread_condattr_t a;
	int err;

	if ((err = pthread_condattr_init(&a)) != 0)
		return err;
	if ((err = pthread_condattr_setclock(&a, CLOCK_MONOTONIC)) == 0)
		err = pthread_cond_init(cv, &a);
	pthread_condattr_destroy(&a);
	return err;
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
