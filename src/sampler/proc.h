/*
 * proc.h - reading what Linux tells about another program's threads
 * without touching it: /proc/PID/task/TID/{stat,schedstat,syscall,
 * children,comm} and the task directories.
 *
 * A task kept under watch has its three per-sample files opened once;
 * each sample re-reads them with pread at offset 0, which makes the
 * kernel format fresh contents, so a sample costs three system calls
 * per thread and no path lookups. Nothing here knows about lanes or
 * traces: the sampler (sampler.h) turns readings into states.
 */
#ifndef TIMESLICE_SAMPLER_PROC_H
#define TIMESLICE_SAMPLER_PROC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The per-sample files of one thread, open for re-reading. */
struct proc_task {
	pid_t	pid, tid;
	int	fd_stat;
	int	fd_schedstat;
	int	fd_syscall;
};

/* One look at a thread. */
struct proc_sample {
	char		state;		/* R S D Z X T t I ... from stat */
	int		cpu;		/* the CPU it last ran on */
	uint64_t	exec_ns;	/* time spent on a CPU, ever */
	uint64_t	delay_ns;	/* time spent runnable in a run queue */
	/* From the syscall file, read only when the thread is not R: */
	long		nr;		/* syscall number; PROC_RUNNING, PROC_NO_SYSCALL */
	uint64_t	arg0, arg1;	/* its first two arguments */
};

#define PROC_RUNNING	(-2)	/* "running": it woke before we looked */
#define PROC_NO_SYSCALL	(-1)	/* blocked outside a syscall (page fault) */
#define PROC_UNREAD	(-3)	/* the syscall file was not read */

/*
 * Opens the per-sample files of pid/tid. Returns 0, or -1 (the thread
 * is gone or not ours to read) with everything closed.
 */
int	proc_task_open(struct proc_task *, pid_t pid, pid_t tid);

/* Closes what proc_task_open opened. */
void	proc_task_close(struct proc_task *);

/*
 * Reads stat and schedstat, and the syscall file when the thread is
 * blocked (state other than R). Returns 0, or -1 when the thread has
 * gone (the caller then treats it as finished).
 */
int	proc_task_read(const struct proc_task *, struct proc_sample *);

/* Parses the text of a stat file (state and CPU). Returns 0 or -1. */
int	proc_parse_stat(const char *text, char *state, int *cpu);

/* Parses the text of a syscall file. Returns 0 or -1. */
int	proc_parse_syscall(const char *text, long *nr, uint64_t *arg0,
	    uint64_t *arg1);

/*
 * Is the syscall a futex wait, that is, a thread waiting for a lock or
 * a condition (pthread mutexes, condition variables, semaphores and so
 * CPython's GIL)? *addr receives the futex word's address.
 */
int	proc_is_lock_wait(const struct proc_sample *, uint64_t *addr);

/* Lists the thread ids of pid into out (at most max). Returns the count,
 * or -1 when the process has gone. */
int	proc_list_tasks(pid_t pid, pid_t *out, int max);

/* Lists the children of thread pid/tid into out (at most max). Returns
 * the count (0 when the thread has gone). */
int	proc_list_children(pid_t pid, pid_t tid, pid_t *out, int max);

/* Reads a thread's name (its comm) into buf. Returns 0 or -1. */
int	proc_read_comm(pid_t pid, pid_t tid, char *buf, size_t size);

/*
 * Reads up to size - 1 bytes of a small file (a /proc file: one read
 * gives it whole) into buf, NUL-terminated. Returns the bytes read, or
 * -1 when it cannot be read.
 */
ssize_t	proc_read_file(const char *path, char *buf, size_t size);

#endif
