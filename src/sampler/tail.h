/*
 * tail.h - the last bytes of a program's output stream, kept while it
 * runs: what a capture pipe (spawn.h's out_fd, err_fd) is drained into.
 *
 * A chatty program is never blocked on a full pipe, since the reader
 * takes everything there is each time, and memory stays bounded, since
 * only the last `max` bytes are kept: a traceback, which comes last, is
 * always among them. Whether bytes were dropped from the front is said
 * (`cut`), so a reader can tell the output is not whole.
 *
 * The reader owns the tail: one thread fills and reads it.
 */
#ifndef TIMESLICE_SAMPLER_TAIL_H
#define TIMESLICE_SAMPLER_TAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How much of each stream a captured program keeps: its last 64 KiB. */
#define TAIL_MAX	(64 * 1024)

struct tail {
	char	*buf;		/* max + 1 bytes, NUL-ended at len */
	size_t	 len;
	size_t	 max;
	bool	 cut;		/* bytes were dropped from the front */
	uint64_t total;		/* bytes ever added: changes whenever the
				   tail does, for a reader that caches */
};

/* An empty tail that keeps at most `max` bytes. */
void	tail_init(struct tail *, size_t max);

/* Frees the buffer; the tail is empty and may be released again. */
void	tail_release(struct tail *);

/* Appends `n` bytes, keeping only the last `max`. */
void	tail_add(struct tail *, const char *s, size_t n);

/*
 * Reads what the non-blocking descriptor `fd` holds now into the tail.
 * Returns 0 while it may hold more later, -1 once it is at its end (or
 * fd is -1).
 */
int	tail_drain(struct tail *, int fd);

/* The bytes kept, NUL-ended (a stream with NULs in it shows up to the
 * first: use len to see them all). */
const char *tail_str(const struct tail *);

#endif
