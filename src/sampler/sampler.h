/*
 * sampler.h - watching a real program's threads and processes through
 * /proc and recording what they do into a trace, as the engines record
 * their workers.
 *
 * Every round the sampler looks at each thread of the program and of its
 * descendants: running (it gained CPU time or sits on a CPU), ready
 * (runnable but not getting a CPU), waiting for a lock (asleep in a futex
 * wait: pthread mutexes, condition variables, semaphores and, in CPython,
 * the GIL) or in I/O (asleep in any other system call). A lane's state
 * event is recorded only when that answer changes, stamped with the time
 * of the look, so the log turns samples into the same intervals the
 * engines produce, and the exporters and statistics apply unchanged.
 *
 * Futex waits of one process on words a few bytes apart are waits on one
 * lock (a condition variable and its mutex sit side by side); in a Python
 * process the lock waited for most often is the GIL (a join is one long
 * wait, the GIL a wait every switch interval), and while someone waits for
 * it the thread of that process that runs holds it, which the sampler
 * records as holds of that lock. These are inferences from samples, at
 * the sampling period's resolution: docs/FIDELITY.md says how close they
 * come to what CPython does.
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

#define SAMPLER_MAX_THREADS	512	/* threads watched at once */
#define SAMPLER_MAX_PROCS	128	/* processes watched at once */
#define SAMPLER_MAX_LOCKS	128	/* futex clusters told apart */

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
	int		gil;		/* the busiest lock of a Python process */
};

/* Creates a sampler writing into `trace`. Never fails. */
struct sampler	*sampler_new(struct trace *, const struct sampler_opts *);

/* Closes every file and frees the sampler; the trace is untouched. */
void		 sampler_free(struct sampler *);

/*
 * One round: finds new threads and processes (every few rounds, or when
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
 * Relabels the holds of the busiest Python lock in `lg` as lock 0, the id
 * the exporters name "GIL". Call once, after the log has been closed.
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
	int		unwatched;	/* threads and tasks with no lane left */
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
