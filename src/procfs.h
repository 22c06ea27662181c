/*
 * procfs.h - reading the small text files of /proc whole.
 *
 * Everything timeslice learns from the kernel about CPUs and threads
 * comes from files of /proc that are generated afresh on each read. One
 * read usually gives such a file whole, but not always: a signal may
 * interrupt the read (EINTR) and a large file comes in pieces. These two
 * readers deal with both, so no caller has to; they sit at the bottom of
 * the layers (beside util) so the engines' capacity figures and the
 * sampler share them.
 */
#ifndef TIMESLICE_PROCFS_H
#define TIMESLICE_PROCFS_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Reads the file at `path` whole, up to size - 1 bytes, into buf,
 * NUL-terminated: reads until end of file (or the buffer is full),
 * retrying a read a signal interrupted. Returns the bytes read, or -1
 * with errno set when the file cannot be opened or read.
 */
ssize_t	procfs_read(const char *path, char *buf, size_t size);

/*
 * Reads a one-line file already open as `fd` afresh, from offset 0, into
 * buf (up to size - 1 bytes, NUL-terminated). A line is whole once its
 * newline arrives, so the usual look costs one pread; a short or
 * interrupted read is continued. Returns the bytes read (0 for an empty
 * file), or -1 with errno set.
 */
ssize_t	procfs_reread(int fd, char *buf, size_t size);

#endif
