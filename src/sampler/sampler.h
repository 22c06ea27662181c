/*
 * sampler.h - watching a real program's threads and processes through
 * /proc and recording what they do into a trace, as the engines record
 * their workers.
 *
 * Every round the sampler looks at each thread of the program and of its
 * descendants: running (it gained CPU time or sits on a CPU), ready
 * (runnable but not getting a CPU), waiting for the GIL, blocked waiting
 * for another thread (asleep in any other futex wait: a lock, a
 * condition, a queue, an event, a join) or in I/O (asleep in any other
 * system call). A lane's state event is recorded only when that answer
 * changes, stamped with the time of the look, so the log turns samples
 * into the same intervals the engines produce, and the exporters and
 * statistics apply unchanged.
 *
 * Futex waits of one process on words a few bytes apart are waits on one
 * lock (a condition variable and its mutex sit side by side). A Python
 * process's GIL is the lock found most often in *timed* waits by two
 * threads or more (CPython's take_gil waits with the switch interval as
 * timeout; queue.get(), joins and Lock.acquire() without a timeout wait
 * untimed), chosen from that evidence, not from how busy a lock is; while
 * someone waits for it the thread of that process that runs holds it,
 * which the sampler records as holds of lock 0, the GIL. These are
 * inferences from samples, at the sampling period's resolution:
 * docs/FIDELITY.md says how close they come to what CPython does.
 *
 * The sampler is single-threaded: one thread calls every function, and is
 * the one producer of every lane it adds (the Python hook's events reach
 * it through the same thread, see hook.h).
 */
#ifndef TIMESLICE_SAMPLER_SAMPLER_H
#define TIMESLICE_SAMPLER_SAMPLER_H

#include <stdint.h>
#include <sys/types.h>

#include "trace/trace.h"

/*
 * The caps. Whatever one of them leaves out is counted, by kind, in the
 * figures' unwatched_* (and shown on screen and in every report); nothing
 * is left out silently.
 *
 * SAMPLER_MAX_THREADS   threads given a row over the whole trace (rows
 *                       are never reused, so an ended thread's figures
 *                       stay), in all processes together; at least 1,024
 *                       for one process, as the issue of 600-thread
 *                       programs asked
 * SAMPLER_MAX_LISTED    threads listed at one look in one process: any
 *                       beyond are neither watched nor counted, which is
 *                       why it is far above SAMPLER_MAX_THREADS
 * SAMPLER_MAX_PROCS     processes watched over the whole trace
 * SAMPLER_MAX_CHILDREN  children listed at one look of one process
 * SAMPLER_MAX_LEFT_OUT  distinct threads, processes and tasks counted as
 *                       left out; past it the counts stop growing (they
 *                       then read "at least")
 * TRACE_MAX_LANES       lanes, so coroutine tasks (trace.h)
 * SAMPLER_MAX_LOCKS     futex clusters told apart (a wait on one more is
 *                       still "blocked", only not listed in `locks`)
 */
#define SAMPLER_MAX_THREADS	4096
#define SAMPLER_MAX_LISTED	16384
#define SAMPLER_MAX_PROCS	128
#define SAMPLER_MAX_CHILDREN	512
#define SAMPLER_MAX_LEFT_OUT	16384
#define SAMPLER_MAX_LOCKS	128

struct sampler;

struct sampler_opts {
	pid_t	root;		/* the program */
	int	scan_self;	/* also adopt our own children (orphans
				   reparented to us as subreaper) */
	int	python;		/* the program is CPython */
	int	attached;	/* --pid: count CPU time from now on */
};

/* What the sampler learnt about one lock, for reports. */
struct sampler_lock {
	pid_t		pid;
	uint32_t	id;		/* as in the log's holds */
	uint64_t	addr;		/* lowest futex word seen */
	uint64_t	wait_samples;	/* samples that found a thread waiting */
	uint64_t	waits;		/* times a thread began waiting for it */
	int		gil;		/* the GIL of a Python process */
};

/* Creates a sampler writing into `trace`. Never fails. */
struct sampler	*sampler_new(struct trace *, const struct sampler_opts *);

/* Closes every file and frees the sampler; the trace is untouched. */
void		 sampler_free(struct sampler *);

/*
 * One round: finds new threads and processes (every 10 ms, or when
 * `discover` is set) and samples every watched thread. Returns how many
 * watched threads are still alive.
 */
int		 sampler_round(struct sampler *, int discover);

/*
 * Ends every lane still open at `end_ns` (released holds, then done) and
 * closes the per-thread files. Later rounds find nothing.
 */
void		 sampler_finish(struct sampler *, uint64_t end_ns);

/*
 * Kept for callers: the GIL's holds are recorded as lock 0, the id the
 * exporters name "GIL", as they happen, so nothing is left to relabel.
 */
struct log;
void		 sampler_label_gil(const struct sampler *, struct log *);

/* Names reported by the program itself (the Python hook). A name for a
 * thread not seen yet is kept until it appears. */
void		 sampler_name_thread(struct sampler *, pid_t pid, pid_t tid,
		     const char *name);
void		 sampler_name_process(struct sampler *, pid_t pid,
		     const char *name);

/* What a coroutine task did, reported by the Python hook. */
enum sampler_task_event {
	SAMPLER_TASK_CREATED,	/* scheduled to run: ready */
	SAMPLER_TASK_STEP,	/* a step (send/throw) started: running */
	SAMPLER_TASK_WAIT,	/* the step ended awaiting something: I/O */
	SAMPLER_TASK_YIELD,	/* the step ended with a bare yield: ready */
	SAMPLER_TASK_DONE	/* finished */
};

/*
 * Records a task event of task `id` of process pid, run by thread tid,
 * at ts_ns. CREATED takes the task's name and adds its lane (while lanes
 * are left); the other events find the lane by pid and id.
 */
void		 sampler_task(struct sampler *, pid_t pid, pid_t tid,
		     uint64_t id, enum sampler_task_event, uint64_t ts_ns,
		     const char *name);

/* Renames a task's lane. */
void		 sampler_name_task(struct sampler *, pid_t pid, uint64_t id,
		     const char *name);

/* Figures for reports. */
struct sampler_figures {
	uint64_t	rounds;
	uint64_t	samples;	/* thread looks */
	uint64_t	sample_ns;	/* time spent looking */
	uint64_t	first_ns, last_ns;	/* first and last round */
	int		threads_seen;
	int		procs_seen;
	int		tasks_seen;
	int		unwatched;	/* the three below together */
	int		unwatched_threads;	/* left out by a cap, each */
	int		unwatched_procs;	/* counted once (see the caps) */
	int		unwatched_tasks;
	int		partly_visible;	/* threads watched without their
					   syscall file (denied to us): no
					   lock waits told from other sleep */
	uint64_t	cpu_ns;		/* CPU time of every watched thread */
};

void		 sampler_figures(const struct sampler *,
		     struct sampler_figures *);

/* Copies up to max of the locks told apart so far into out (the GIL with
 * id 0, as after sampler_label_gil). Returns how many. */
int		 sampler_locks(const struct sampler *, struct sampler_lock *out,
		     int max);

#endif
