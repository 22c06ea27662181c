/*
 * runner.h - running a scenario on a thread of its own while the caller
 * watches the trace fill.
 *
 * Both `timeslice run` and the live UI start experiments this way: the
 * runner thread calls scenario.run (which starts and reaps the workers);
 * the caller polls a log over the same trace and draws or waits. Asking a
 * run to stop sets the trace's stop flag, which every worker checks.
 */
#ifndef TIMESLICE_ENGINE_RUNNER_H
#define TIMESLICE_ENGINE_RUNNER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/scenario.h"

struct runner {
	pthread_t		 thread;
	const struct scenario	*scenario;
	struct params		 params;
	struct trace		*trace;
	struct result		 result;
	int			 rc;		/* scenario.run's return */
	char			*cause;		/* its message, if it failed */
	_Atomic int		 done;
	pthread_mutex_t		 mutex;		/* done is signalled under it */
	pthread_cond_t		 finished;
};

/* Starts `sc` on a new thread. Returns 0, or -1 with *cause set. */
int	runner_start(struct runner *, const struct scenario *sc,
	    const struct params *, struct trace *, char **cause);

/* True once the scenario has returned (the thread may still be exiting). */
bool	runner_done(struct runner *);

/*
 * Waits until the scenario has returned or `ns` nanoseconds have passed,
 * whichever comes first; returns runner_done. A caller that polls the
 * trace between waits sleeps as long as its rings allow and still sees
 * the end of the run at once.
 */
bool	runner_wait(struct runner *, uint64_t ns);

/* Asks the run to stop early; returns at once. */
void	runner_stop(struct runner *);

/* Waits for the runner thread; returns scenario.run's result. */
int	runner_join(struct runner *);

#endif
