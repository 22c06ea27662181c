/*
 * pidindex.h - an index from (pid, id) to a row of a table: the
 * sampler's processes (id 0), threads (id: the tid) and asyncio tasks
 * (id: the hook's task id). Open addressing with linear probing, never
 * shrinking (rows are never removed).
 */
#ifndef TIMESLICE_SAMPLER_PIDINDEX_H
#define TIMESLICE_SAMPLER_PIDINDEX_H

#include <stdint.h>
#include <sys/types.h>

/*
 * An index from (pid, id) to a row of one of the tables: open
 * addressing, linear probing, never shrinking (rows are never removed).
 * With at least twice the slots of rows, a look takes a probe or two
 * where a scan of the table took hundreds: discovery asks once for every
 * thread of every process, and the hook once per task event.
 */
struct pidindex_slot {
	uint64_t	 id;		/* tid, task id, or 0 for a process */
	pid_t		 pid;		/* 0: the slot is free */
	int		 row;
};

struct pidindex {
	struct pidindex_slot *slot;
	uint32_t	 mask;		/* slots - 1, slots a power of two */
};

/* Slots for `rows` rows: the first power of two at least twice as many. */
void	pidindex_init(struct pidindex *, uint32_t rows);

/* Frees the slots. */
void	pidindex_release(struct pidindex *);

/* The row of a key, or -1. */
int	pidindex_get(const struct pidindex *, pid_t pid, uint64_t id);

/* Points a key at a row (the latest row of a key wins); pid > 0. */
void	pidindex_put(struct pidindex *, pid_t pid, uint64_t id, int row);

#endif
