/*
 * waitfor.h - deadlocks found in a recorded log: the wait-for graph of
 * who holds which lock and who waits for which, replayed in time order,
 * and the first cycle it closes.
 *
 * The graph has an edge from a lane to the lock it waits for (a
 * TRACE_LOCK_WAIT interval, which names the lock) and from a lock to the
 * lane holding it (a hold). A cycle through two or more lanes at one
 * instant means each of them waits for the next: none can ever go on.
 * A lane "waiting" for a lock it holds itself is a recording artefact
 * (the lazy releases of busy locks), not a deadlock, and is ignored.
 */
#ifndef TIMESLICE_TRACE_WAITFOR_H
#define TIMESLICE_TRACE_WAITFOR_H

#include <stdint.h>

#include "trace/log.h"

#define WAITFOR_MAX_CYCLE 16	/* lanes a reported cycle names */

/*
 * A cycle of the graph: lanes[i] waits for locks[i], which is held by
 * lanes[(i + 1) % n].
 */
struct waitfor_cycle {
	uint64_t	ts_ns;		/* the instant the cycle closed */
	int		n;
	int		lanes[WAITFOR_MAX_CYCLE];
	uint32_t	locks[WAITFOR_MAX_CYCLE];
};

/*
 * Replays the holds and lock waits of `lg` in time order and stores the
 * first cycle in *out. Returns 1 if there was one, 0 if none.
 */
int	waitfor_find(const struct log *, struct waitfor_cycle *out);

/* The name of lock `id` as exports and reports write it: "GIL 0",
 * "lock 2". Returns buf. */
char	*waitfor_lock_name(char *buf, size_t len, uint32_t id);

#endif
