/*
 * pidindex.c - the sampler's (pid, id) index: see pidindex.h. With at
 * least twice the slots of rows, a look takes a probe or two.
 */
#include <stdlib.h>

#include "sampler/pidindex.h"
#include "util.h"

void
pidindex_init(struct pidindex *ix, uint32_t rows)
{
	uint32_t n = 16;

	while (n < 2 * rows)
		n *= 2;
	ix->slot = xcalloc(n, sizeof *ix->slot);
	ix->mask = n - 1;
}

/* The first slot to probe for a key. */
static uint32_t
pidindex_hash(pid_t pid, uint64_t id)
{
	uint64_t h = ((uint64_t)(uint32_t)pid << 32 ^ id) *
	    0x9e3779b97f4a7c15ull;

	return (uint32_t)(h >> 32);
}

/* The slot of a key: the one holding it, or the free one it would take. */
static struct pidindex_slot *
pidindex_slot(const struct pidindex *ix, pid_t pid, uint64_t id)
{
	uint32_t i = pidindex_hash(pid, id) & ix->mask;

	while (ix->slot[i].pid != 0 && (ix->slot[i].pid != pid ||
	    ix->slot[i].id != id))
		i = (i + 1) & ix->mask;
	return &ix->slot[i];
}

int
pidindex_get(const struct pidindex *ix, pid_t pid, uint64_t id)
{
	const struct pidindex_slot *sl = pidindex_slot(ix, pid, id);

	return sl->pid != 0 ? sl->row : -1;
}

void
pidindex_put(struct pidindex *ix, pid_t pid, uint64_t id, int row)
{
	struct pidindex_slot *sl;

	if (pid <= 0)		/* 0 marks a free slot; no process has it */
		return;
	sl = pidindex_slot(ix, pid, id);
	sl->pid = pid;
	sl->id = id;
	sl->row = row;
}


void
pidindex_release(struct pidindex *ix)
{
	free(ix->slot);
	ix->slot = NULL;
}
