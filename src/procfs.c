/*
 * procfs.c - the readers of small /proc files: whole, however the kernel
 * splits the reads, and whatever signal interrupts them.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "procfs.h"

ssize_t
procfs_read(const char *path, char *buf, size_t size)
{
	size_t have = 0;
	ssize_t n;
	int fd, err;

	if (size == 0) {
		errno = EINVAL;
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	while (have < size - 1) {
		n = read(fd, buf + have, size - 1 - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			close(fd);
			errno = err;
			return -1;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	close(fd);
	buf[have] = '\0';
	return (ssize_t)have;
}

ssize_t
procfs_reread(int fd, char *buf, size_t size)
{
	size_t have = 0;
	ssize_t n;

	if (size == 0) {
		errno = EINVAL;
		return -1;
	}
	while (have < size - 1) {
		n = pread(fd, buf + have, size - 1 - have, (off_t)have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		have += (size_t)n;
		/* The line's newline: the kernel gave all there is. */
		if (buf[have - 1] == '\n')
			break;
	}
	buf[have] = '\0';
	return (ssize_t)have;
}
