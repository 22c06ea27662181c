/*
 * proc.h - reading what Linux tells about another program's threads
 * without touching it: /proc/PID/task/TID/{stat,schedstat,syscall,
 * children,comm}, the task directories, and the process tree.
 *
 * A task kept under watch has its per-sample files opened once; each
 * sample re-reads them with pread at offset 0, which makes the kernel
 * format fresh contents, so a sample costs at most three system calls
 * per thread and no path lookups. stat and schedstat are needed; the
 * syscall file is not: the kernel lets only a tracer read it (another
 * user's process, or anything but our descendants under Yama's ptrace
 * restrictions), and a thread whose syscall file is denied is still
 * sampled, only without telling a lock wait from other sleep (it is
 * "partly visible"). Nothing here knows about lanes or traces: the
 * sampler (sampler.h) turns readings into states.
 *
 * The process tree is read from each thread's children file; kernels
 * built without CONFIG_PROC_CHILDREN have none, and there the parent of
 * every process is read from its stat file instead (see proc_tree).
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
	int	fd_syscall;	/* -1 once it proved unreadable */
	int	partial;	/* the syscall file is denied to us */
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
 * Opens the per-sample files of pid/tid. Returns 0 (with pt->partial set
 * when the syscall file is denied), or -1 when the thread is gone or its
 * stat or schedstat cannot be read, with everything closed.
 */
int	proc_task_open(struct proc_task *, pid_t pid, pid_t tid);

/* Closes what proc_task_open opened. */
void	proc_task_close(struct proc_task *);

/*
 * Reads stat and schedstat, and the syscall file when the thread is
 * blocked (state other than R) and the file is readable (s->nr is
 * PROC_UNREAD otherwise; a first denial sets pt->partial and closes the
 * file). Returns 0, or -1 when the thread has gone (the caller then
 * treats it as finished).
 */
int	proc_task_read(struct proc_task *, struct proc_sample *);

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

/* Reads a thread's name (its comm, without the newline the kernel ends
 * it with) into buf. Returns 0 or -1. */
int	proc_read_comm(pid_t pid, pid_t tid, char *buf, size_t size);

/* Where the children of a process are read from. */
enum proc_via {
	PROC_VIA_ANY = 0,	/* the children files, else the scan */
	PROC_VIA_FILES,		/* only the children file of each thread */
	PROC_VIA_SCAN		/* only the parent named in every stat */
};

/*
 * One look at the process tree. The children files are read where they
 * can be; where one is missing or unreadable while its thread is there,
 * the children are those processes whose stat names the process as
 * parent, from one scan of /proc made the first time it is needed and
 * kept until proc_tree_end (so a walk of many processes scans once).
 */
struct proc_tree {
	enum proc_via	 via;
	int		 scanned;	/* pairs holds the scan */
	int		 fell_back;	/* a children file failed us */
	pid_t		(*pairs)[2];	/* every process and its parent */
	int		 npairs, cap;
};

/* Starts a look at the tree, reading children as `via` says. */
void	proc_tree_begin(struct proc_tree *, enum proc_via via);

/*
 * Lists the child processes of pid (of any of its threads) into out, at
 * most max. Returns the count (0 when pid has gone).
 */
int	proc_tree_children(struct proc_tree *, pid_t pid, pid_t *out, int max);

/*
 * Lists every process below pid (children, theirs, and so on, breadth
 * first; pid itself never) into out, at most max. Returns the count.
 */
int	proc_tree_descendants(struct proc_tree *, pid_t pid, pid_t *out,
	    int max);

/* Frees what the look kept. */
void	proc_tree_end(struct proc_tree *);

/* proc_tree_descendants in a look of its own, children found either way. */
int	proc_descendants(pid_t pid, pid_t *out, int max);

/*
 * Reads every file from `root` instead of /proc (NULL: /proc again), so
 * tests can offer a tree shaped like /proc. Call before any reading.
 */
void	proc_set_root(const char *root);

#endif
