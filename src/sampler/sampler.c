/*
 * sampler.c - turning looks at /proc into lanes, states and lock holds.
 *
 * Threads live in one fixed table, processes in another; neither shrinks
 * (a thread that ended keeps its row, so its lane's figures stay
 * reachable). Discovery walks every live process's task directory and
 * each thread's children file, so processes started by any thread of the
 * program are found, and so are orphans handed to us as subreaper.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sampler/proc.h"
#include "sampler/pidindex.h"
#include "sampler/sampler.h"
#include "trace/clock.h"
#include "trace/log.h"
#include "util.h"

/*
 * A thread on a CPU has its CPU time brought up to date at least once a
 * scheduler tick (4 ms at HZ=250), so a runnable thread that shows no
 * progress for longer than this is waiting for a CPU, not running.
 */
#define STALL_NS	5000000ull

/* Futex words this close belong to one lock object (a condition
 * variable's two sequence words and the mutex right after it). */
#define LOCK_SPAN	16

/*
 * The GIL of a Python process is the futex most often found in timed
 * waits by at least this many threads: CPython's take_gil waits on its
 * condition with a timeout (the switch interval) and every thread that
 * wants the GIL waits there, while a thread idle in queue.get(), a join
 * or Lock.acquire() waits untimed, each on its own lock's word.
 */
#define GIL_MIN_WAITERS	2

/*
 * Another lock takes the GIL's place only with this many times its
 * timed waits, so an early guess is corrected but a close race does not
 * flip the choice back and forth.
 */
#define GIL_SWITCH_FACTOR 4

/*
 * CPython keeps the GIL's condition and mutex and, after them, the
 * switch condition and mutex (FORCE_SWITCHING: a thread that was asked
 * to drop the GIL waits there, untimed, until another thread has taken
 * it, and then waits for the GIL again) in one structure. Futex words up
 * to this many bytes past the GIL's are that structure's: waiting there
 * is waiting for the GIL.
 */
#define GIL_STATE_SPAN	128

/*
 * Time between two discoveries of new threads and processes. A discovery
 * lists every process's tasks and reads every thread's children file
 * (an open per thread), which cost more than the looks themselves when
 * made every few rounds of a 1,000 Hz trace; a new thread is seen at most
 * this late (its CPU time counts from its start all the same).
 */
#define DISCOVER_NS	10000000ull

struct sthread {
	struct proc_task pt;
	pid_t		 pid, tid;
	int		 proc;		/* index into procs */
	int		 lane;		/* -1 when no lane was left */
	int		 alive;
	int		 gone;		/* found gone this round, not yet ended */
	int		 sampled;	/* looked at least once */
	int		 partial;	/* counted as partly visible */
	int		 state;		/* last state recorded */
	int		 cpu;
	int		 lock;		/* index of the lock waited on, or -1 */
	uint64_t	 exec0;		/* CPU time before we watched */
	uint64_t	 exec, delay;	/* last reading */
	uint64_t	 ts;		/* last look */
	uint64_t	 last_rec;	/* stamp of its last event */
	uint64_t	 progress_ts;	/* last look that found it moving */
};

struct sproc {
	pid_t		 pid;
	int		 alive;
	int		 python;
	int		 nthreads;	/* threads numbered so far */
	int		 gil;		/* index of its GIL (see choose_gil), or -1 */
	int		 holder;	/* thread recorded holding it, or -1 */
	int		 hold_lock;	/* the lock that hold is of */
	char		 comm[16];
	/* The process's CPU clock counts the threads that ended too: what
	 * it gained beyond its threads' readings is what an ended thread ran
	 * after its last look (see settle_gone). */
	clockid_t	 clock;
	int		 has_clock;
	int64_t		 read;		/* the sum of its threads' readings */
	int64_t		 unexplained;	/* clock - read, last round */
	int		 ngone;		/* threads found gone this round */
};

struct slock {
	struct sampler_lock info;
	uint64_t	 lo, hi;	/* futex words seen */
	uint64_t	 timed;		/* samples finding a timed wait on it */
	pid_t		 timed_tid[GIL_MIN_WAITERS];	/* first threads seen
					   in a timed wait on it */
	int		 ntimed_tids;
};

struct pending {
	pid_t		 pid, tid;	/* tid 0: the process's name */
	char		 name[TRACE_NAME_MAX];
};

struct stask {
	pid_t		 pid;
	uint64_t	 id;
	int		 lane;
	int		 done;
	uint64_t	 last_ts;
};

#define MAX_PENDING 64

struct sampler {
	struct trace	*trace;
	struct sampler_opts opts;
	pid_t		 self;

	struct sthread	 threads[SAMPLER_MAX_THREADS];
	int		 nthreads;
	struct sproc	 procs[SAMPLER_MAX_PROCS];
	int		 nprocs;
	struct slock	 locks[SAMPLER_MAX_LOCKS];
	int		 nlocks;
	struct pending	 pending[MAX_PENDING];
	int		 npending;
	struct stask	 tasks[TRACE_MAX_LANES];
	int		 ntasks;
	struct pidindex proc_ix, thread_ix, task_ix;	/* rows by key */
	struct pidindex left_ix;	/* what a cap left out, counted once */
	int		 nleft;
	pid_t		 tids[SAMPLER_MAX_LISTED];	/* discovery's listing */

	int		 finished;
	uint64_t	 discovered_ns;	/* when discover last ran */
	struct sampler_figures fig;
};

struct sampler *
sampler_new(struct trace *t, const struct sampler_opts *o)
{
	struct sampler *s = xcalloc(1, sizeof *s);

	s->trace = t;
	s->opts = *o;
	s->self = getpid();
	pidindex_init(&s->proc_ix, SAMPLER_MAX_PROCS);
	pidindex_init(&s->thread_ix, SAMPLER_MAX_THREADS);
	pidindex_init(&s->task_ix, TRACE_MAX_LANES);
	pidindex_init(&s->left_ix, SAMPLER_MAX_LEFT_OUT);
	return s;
}

void
sampler_free(struct sampler *s)
{
	if (s == NULL)
		return;
	for (int i = 0; i < s->nthreads; i++)
		if (s->threads[i].alive && s->threads[i].lane >= 0)
			proc_task_close(&s->threads[i].pt);
	pidindex_release(&s->proc_ix);
	pidindex_release(&s->thread_ix);
	pidindex_release(&s->task_ix);
	pidindex_release(&s->left_ix);
	free(s);
}

/* Pushes one event into a lane's ring, stamped ts and on `cpu`. */
static void
record(struct sampler *s, int lane, uint64_t ts, enum trace_event_type type,
    int state, uint32_t arg, int cpu)
{
	struct trace_event ev;

	ev.ts_ns = ts;
	ev.arg = arg;
	ev.type = (uint8_t)type;
	ev.state = (uint8_t)state;
	ev.cpu = (int16_t)cpu;
	trace_ring_push(&s->trace->lanes[lane].ring, &ev);
}

/* Records that t entered `state` at ts (never before its last event). */
static void
emit(struct sampler *s, struct sthread *t, uint64_t ts, int state, int cpu)
{
	if (state == t->state && (state != TRACE_RUN || cpu == t->cpu))
		return;
	if (ts < t->last_rec)
		ts = t->last_rec;
	record(s, t->lane, ts, TRACE_EV_STATE, state, 0, cpu);
	t->state = state;
	t->cpu = cpu;
	t->last_rec = ts;
}

/* Records that t took or let go of lock `id` at ts. */
static void
record_hold(struct sampler *s, struct sthread *t, uint64_t ts,
    enum trace_event_type type, uint32_t id)
{
	if (ts < t->last_rec)
		ts = t->last_rec;
	record(s, t->lane, ts, type, TRACE_NONE, id, t->cpu);
	t->last_rec = ts;
}

/* Takes (and forgets) a name the hook reported before the lane existed. */
static int
take_pending(struct sampler *s, pid_t pid, pid_t tid, char *name)
{
	for (int i = 0; i < s->npending; i++) {
		if (s->pending[i].pid != pid || s->pending[i].tid != tid)
			continue;
		memcpy(name, s->pending[i].name, TRACE_NAME_MAX);
		s->pending[i] = s->pending[--s->npending];
		return 1;
	}
	return 0;
}

/* Keeps a name for a thread or process not seen yet (the oldest goes). */
static void
add_pending(struct sampler *s, pid_t pid, pid_t tid, const char *name)
{
	struct pending *p;

	for (int i = 0; i < s->npending; i++)
		if (s->pending[i].pid == pid && s->pending[i].tid == tid) {
			snprintf(s->pending[i].name, TRACE_NAME_MAX, "%s", name);
			return;
		}
	if (s->npending == MAX_PENDING)
		memmove(&s->pending[0], &s->pending[1],
		    (MAX_PENDING - 1) * sizeof s->pending[0]);
	else
		s->npending++;
	p = &s->pending[s->npending - 1];
	p->pid = pid;
	p->tid = tid;
	snprintf(p->name, TRACE_NAME_MAX, "%s", name);
}

/* The latest process row with this pid, or NULL. */
static struct sproc *
find_proc(struct sampler *s, pid_t pid)
{
	int i = pidindex_get(&s->proc_ix, pid, 0);

	return i >= 0 ? &s->procs[i] : NULL;
}

/* The latest thread row with this pid and tid, or NULL. */
static struct sthread *
find_thread(struct sampler *s, pid_t pid, pid_t tid)
{
	int i = pidindex_get(&s->thread_ix, pid, (uint64_t)tid);

	return i >= 0 ? &s->threads[i] : NULL;
}

/* What a cap can leave out; the key spaces of the left-out index. */
enum left_kind { LEFT_THREAD, LEFT_PROC, LEFT_TASK };

/*
 * Counts something a cap left out, once however often discovery meets
 * it again: a thread (pid, tid), a process (pid) or a task (pid, id).
 */
static void
left_out(struct sampler *s, enum left_kind kind, pid_t pid, uint64_t id)
{
	/* Thread ids are never 0, so 0 keys a process; tasks get the top
	 * bit, which no thread id has. */
	uint64_t key = kind == LEFT_PROC ? 0 : kind == LEFT_TASK ?
	    id | 1ull << 63 : id;

	if (pidindex_get(&s->left_ix, pid, key) >= 0 ||
	    s->nleft == SAMPLER_MAX_LEFT_OUT)
		return;
	pidindex_put(&s->left_ix, pid, key, s->nleft++);
	if (kind == LEFT_THREAD)
		s->fig.unwatched_threads++;
	else if (kind == LEFT_PROC)
		s->fig.unwatched_procs++;
	else
		s->fig.unwatched_tasks++;
	s->fig.unwatched++;
}

/* Starts watching process pid (found as a child, or the program). */
static void
add_proc(struct sampler *s, pid_t pid)
{
	struct sproc *p;

	if (pid == s->self || find_proc(s, pid) != NULL)
		return;
	if (s->nprocs == SAMPLER_MAX_PROCS) {
		left_out(s, LEFT_PROC, pid, 0);
		return;
	}
	pidindex_put(&s->proc_ix, pid, 0, s->nprocs);
	p = &s->procs[s->nprocs++];
	memset(p, 0, sizeof *p);
	p->pid = pid;
	p->alive = 1;
	p->gil = p->holder = p->hold_lock = -1;
	if (proc_read_comm(pid, pid, p->comm, sizeof p->comm) != 0)
		snprintf(p->comm, sizeof p->comm, "?");
	p->has_clock = clock_getcpuclockid(pid, &p->clock) == 0;
	p->unexplained = -1;
	p->python = strncmp(p->comm, "python", 6) == 0 ||
	    (pid == s->opts.root && s->opts.python);
	s->fig.procs_seen++;
}

/* The lane name of a new thread when the program has not named it. */
static void
default_name(struct sampler *s, struct sproc *p, pid_t tid, char *name)
{
	char comm[16];

	/* The program may have exec'd since we first saw it (a launcher
	 * script, say), so its name is read again. */
	proc_read_comm(p->pid, p->pid, p->comm, sizeof p->comm);
	if (tid == p->pid) {
		if (p->pid == s->opts.root)
			snprintf(name, TRACE_NAME_MAX, "%s", p->comm);
		else
			snprintf(name, TRACE_NAME_MAX, "%s %d", p->comm,
			    (int)p->pid);
		return;
	}
	p->nthreads++;
	if (proc_read_comm(p->pid, tid, comm, sizeof comm) == 0 &&
	    strcmp(comm, p->comm) != 0)
		snprintf(name, TRACE_NAME_MAX, "%s", comm);
	else
		snprintf(name, TRACE_NAME_MAX, "thread %d", p->nthreads);
}

/* Starts watching thread tid of process p, with a lane if one is left. */
static void
add_thread(struct sampler *s, struct sproc *p, pid_t tid)
{
	struct sthread *t;
	char name[TRACE_NAME_MAX];
	enum trace_kind kind;

	if (s->nthreads == SAMPLER_MAX_THREADS ||
	    trace_nlanes(s->trace) >= TRACE_MAX_LANES) {
		left_out(s, LEFT_THREAD, p->pid, (uint64_t)tid);
		return;
	}
	t = &s->threads[s->nthreads];
	memset(t, 0, sizeof *t);
	t->pid = p->pid;
	t->tid = tid;
	t->proc = (int)(p - s->procs);
	t->lane = -1;
	t->lock = -1;
	t->state = TRACE_NONE;
	if (proc_task_open(&t->pt, p->pid, tid) != 0)
		return;		/* gone already */
	/* A child process's main thread is named after its process. */
	if (tid == p->pid && p->pid != s->opts.root) {
		char ignored[TRACE_NAME_MAX];

		take_pending(s, p->pid, tid, ignored);
		if (!take_pending(s, p->pid, 0, name))
			default_name(s, p, tid, name);
	} else if (!take_pending(s, p->pid, tid, name) && (tid != p->pid ||
	    !take_pending(s, p->pid, 0, name)))
		default_name(s, p, tid, name);
	kind = tid == p->pid && p->pid != s->opts.root ? TRACE_KIND_PROCESS :
	    TRACE_KIND_THREAD;
	t->lane = trace_lane_add(s->trace, name, kind, (int)p->pid);
	if (t->lane < 0) {
		proc_task_close(&t->pt);
		left_out(s, LEFT_THREAD, p->pid, (uint64_t)tid);
		return;
	}
	atomic_store(&s->trace->lanes[t->lane].pid, (int)p->pid);
	atomic_store(&s->trace->lanes[t->lane].tid, (int)tid);
	t->alive = 1;
	pidindex_put(&s->thread_ix, p->pid, (uint64_t)tid, s->nthreads);
	s->nthreads++;
	s->fig.threads_seen++;
}

/* Whether thread tid of pid has a row (alive or ended). */
static int
known_thread(struct sampler *s, pid_t pid, pid_t tid)
{
	return find_thread(s, pid, tid) != NULL;
}

/*
 * Finds threads and processes that appeared since the last discovery:
 * the process table is the walk's queue, so the children of every
 * process watched (even one whose parent has gone) are looked for, in
 * one look at the tree.
 */
static void
discover(struct sampler *s)
{
	pid_t *tids = s->tids, kids[SAMPLER_MAX_CHILDREN];
	struct proc_tree tree;
	int n, k;

	proc_tree_begin(&tree, PROC_VIA_ANY);
	if (s->nprocs == 0)
		add_proc(s, s->opts.root);
	if (s->opts.scan_self) {
		k = proc_tree_children(&tree, s->self, kids,
		    SAMPLER_MAX_CHILDREN);
		for (int j = 0; j < k; j++)
			add_proc(s, kids[j]);
	}
	for (int i = 0; i < s->nprocs; i++) {
		struct sproc *p = &s->procs[i];

		if (!p->alive)
			continue;
		if ((n = proc_list_tasks(p->pid, tids,
		    SAMPLER_MAX_LISTED)) < 0) {
			p->alive = 0;
			continue;
		}
		/* The main thread first, so it gets the first lane. */
		if (!known_thread(s, p->pid, p->pid))
			add_thread(s, p, p->pid);
		for (int j = 0; j < n; j++)
			if (tids[j] != p->pid && !known_thread(s, p->pid, tids[j]))
				add_thread(s, p, tids[j]);
		k = proc_tree_children(&tree, p->pid, kids,
		    SAMPLER_MAX_CHILDREN);
		for (int c = 0; c < k; c++)
			add_proc(s, kids[c]);
	}
	proc_tree_end(&tree);
}

/* The lock of process `proc` whose words lie around addr; made if new. */
static int
lock_for(struct sampler *s, int proc, uint64_t addr)
{
	pid_t pid = s->procs[proc].pid;
	struct slock *l;

	for (int i = 0; i < s->nlocks; i++) {
		l = &s->locks[i];
		if (l->info.pid != pid || addr + LOCK_SPAN < l->lo ||
		    addr > l->hi + LOCK_SPAN)
			continue;
		if (addr < l->lo)
			l->lo = l->info.addr = addr;
		if (addr > l->hi)
			l->hi = addr;
		return i;
	}
	if (s->nlocks == SAMPLER_MAX_LOCKS)
		return -1;
	l = &s->locks[s->nlocks];
	memset(l, 0, sizeof *l);
	l->info.pid = pid;
	l->info.id = (uint32_t)s->nlocks + 1;	/* 0 is kept for the GIL */
	l->info.addr = l->lo = l->hi = addr;
	return s->nlocks++;
}

/*
 * Counts a sample of t waiting on its lock, and whether the wait was
 * timed and by which thread: the evidence choose_gil weighs.
 */
static void
note_wait(struct sampler *s, struct sthread *t, int timed)
{
	struct slock *l = &s->locks[t->lock];
	int known = 0;

	l->info.wait_samples++;
	if (!timed)
		return;
	l->timed++;
	for (int i = 0; i < l->ntimed_tids; i++)
		known |= l->timed_tid[i] == t->tid;
	if (!known && l->ntimed_tids < GIL_MIN_WAITERS)
		l->timed_tid[l->ntimed_tids++] = t->tid;
}

/*
 * Decides which lock of a Python process is its GIL: the one with the
 * most timed waits among those timed-waited for by GIL_MIN_WAITERS
 * threads or more. Until one qualifies the process has no GIL and its
 * waits are all "blocked"; once chosen it is kept unless another lock
 * gathers GIL_SWITCH_FACTOR times its timed waits.
 */
static void
choose_gil(struct sampler *s, struct sproc *p)
{
	int best = p->gil;

	for (int l = 0; l < s->nlocks; l++) {
		const struct slock *k = &s->locks[l];

		if (k->info.pid != p->pid || k->ntimed_tids < GIL_MIN_WAITERS)
			continue;
		if (best < 0 || (best == p->gil ? k->timed >
		    GIL_SWITCH_FACTOR * s->locks[best].timed : k->timed >
		    s->locks[best].timed))
			best = l;
	}
	p->gil = best;
}

/* Whether futex word addr is part of process p's GIL (GIL_STATE_SPAN). */
static int
gil_word(const struct sampler *s, const struct sproc *p, uint64_t addr)
{
	const struct slock *g;

	if (p->gil < 0)
		return 0;
	g = &s->locks[p->gil];
	return addr + LOCK_SPAN >= g->lo && addr <= g->hi + GIL_STATE_SPAN;
}

/* Ends a thread's lane at ts: its hold is released, then it is done. */
static void
end_thread(struct sampler *s, struct sthread *t, uint64_t ts)
{
	struct sproc *p = &s->procs[t->proc];

	if (ts < t->last_rec)
		ts = t->last_rec;
	if (p->holder == (int)(t - s->threads)) {
		record_hold(s, t, ts, TRACE_EV_RELEASE, 0);
		p->holder = -1;
	}
	emit(s, t, ts, TRACE_DONE, -1);
	t->alive = 0;
	t->lock = -1;
	proc_task_close(&t->pt);
}

/* Counts t as partly visible the first time a file of it is denied. */
static void
note_partial(struct sampler *s, struct sthread *t)
{
	if (t->pt.partial && !t->partial) {
		t->partial = 1;
		s->fig.partly_visible++;
	}
}

/*
 * Looks at one thread and records what it did since the last look.
 *
 * A look says where the thread is now: runnable (R) or asleep, and in
 * which system call. The counters say more: how much it ran (dE) and how
 * long it sat in a run queue (dD) since the last look. So an interval
 * with activity is placed inside the sampling period rather than at its
 * end: a thread that was asleep and is now running woke dE + dD ago, was
 * ready for dD and has run since; a thread that was running and is now
 * asleep ran dE more, then went to sleep (its CPU time is brought up to
 * date as it sleeps). A runnable thread whose counters do not move is
 * running if it was and still within a scheduler tick (its time is only
 * brought up to date at ticks), and ready otherwise.
 */
static void
sample_thread(struct sampler *s, struct sthread *t)
{
	struct proc_sample smp;
	uint64_t now = clock_now_ns(), addr = 0, lo, dE, dD, act, a, rd;
	int blocked, was_active, sleep_state = TRACE_IO, prev_lock = t->lock;
	int prev_state = t->state, preempted;

	s->fig.samples++;
	if (proc_task_read(&t->pt, &smp) != 0 || smp.state == 'Z' ||
	    smp.state == 'X') {
		t->gone = 1;	/* ended after the round: settle_gone */
		s->procs[t->proc].ngone++;
		return;
	}
	note_partial(s, t);
	blocked = smp.state != 'R' && smp.nr != PROC_RUNNING;
	t->lock = -1;
	if (blocked && proc_is_lock_wait(&smp, &addr)) {
		struct sproc *p = &s->procs[t->proc];

		if ((t->lock = lock_for(s, t->proc, addr)) >= 0) {
			note_wait(s, t, proc_lock_wait_timed(&smp));
			if (prev_lock != t->lock || (prev_state !=
			    TRACE_LOCK_WAIT && prev_state != TRACE_BLOCKED))
				s->locks[t->lock].info.waits++;
		}
		/* Only the GIL's waits are lock waits; any other futex is
		 * a thread blocked until another thread acts. */
		sleep_state = p->python && gil_word(s, p, addr) ?
		    TRACE_LOCK_WAIT : TRACE_BLOCKED;
	}
	if (!t->sampled) {
		t->exec0 = s->opts.attached ? smp.exec_ns : 0;
		t->progress_ts = now;
		emit(s, t, now, blocked ? sleep_state : TRACE_RUN, smp.cpu);
		goto done;
	}
	dE = smp.exec_ns - t->exec;
	dD = smp.delay_ns - t->delay;
	was_active = t->state == TRACE_RUN || t->state == TRACE_READY;
	if (dE + dD > 0) {
		lo = was_active ? t->progress_ts : t->ts;
		if (lo < t->last_rec)
			lo = t->last_rec;
		act = dE + dD < now - lo ? dE + dD : now - lo;
		/*
		 * A thread active before and runnable now whose counters
		 * explain less than the interval by more than a tick was
		 * preempted after it ran, and waits for a CPU still (a
		 * wait is counted in dD only once it ends): its activity
		 * goes first, and the rest is ready, not running.
		 */
		preempted = !blocked && was_active && now - lo - act > STALL_NS;
		a = (blocked || preempted) && was_active ? lo : now - act;
		rd = dD < act ? dD : act;
		if (rd > 0)
			emit(s, t, a, TRACE_READY, smp.cpu);
		emit(s, t, a + rd, TRACE_RUN, smp.cpu);
		t->progress_ts = now;
		if (blocked)
			emit(s, t, a + act, sleep_state, smp.cpu);
		else if (preempted)
			emit(s, t, a + act, TRACE_READY, smp.cpu);
	} else if (blocked)
		emit(s, t, was_active ? t->ts : now, sleep_state, smp.cpu);
	else if (t->state == TRACE_RUN && now - t->progress_ts < STALL_NS)
		emit(s, t, now, TRACE_RUN, smp.cpu);	/* only a CPU change */
	else
		emit(s, t, t->state == TRACE_RUN ? t->progress_ts : now,
		    TRACE_READY, smp.cpu);
done:
	s->procs[t->proc].read += (int64_t)(smp.exec_ns - t->exec);
	t->exec = smp.exec_ns;
	t->delay = smp.delay_ns;
	t->ts = now;
	t->sampled = 1;
	trace_lane_set_cpu(s->trace, t->lane, smp.exec_ns - t->exec0);
}

/*
 * The GIL of each Python process (choose_gil). While a thread waits for
 * it, the process's running thread holds it (a ready one, preempted by
 * the OS, if none runs); nobody is recorded holding it otherwise. Holds
 * are recorded as lock 0, the id every output names "GIL", from the
 * first, so the holder row's name never depends on when it is read.
 */
static void
infer_holders(struct sampler *s, uint64_t ts)
{
	for (int i = 0; i < s->nprocs; i++) {
		struct sproc *p = &s->procs[i];
		int waiters = 0, holder = -1, ready = -1;

		if (!p->python)
			continue;
		choose_gil(s, p);
		for (int k = 0; k < s->nthreads && p->gil >= 0; k++) {
			struct sthread *t = &s->threads[k];

			if (t->proc != i || !t->alive)
				continue;
			if (t->state == TRACE_LOCK_WAIT)	/* the GIL's */
				waiters++;
			else if (t->state == TRACE_RUN && holder < 0)
				holder = k;
			else if (t->state == TRACE_READY && ready < 0)
				ready = k;
		}
		if (waiters == 0)
			holder = -1;
		else {
			int h = p->holder;

			if (h >= 0 && p->hold_lock == p->gil &&
			    s->threads[h].alive && (s->threads[h].state ==
			    TRACE_RUN || s->threads[h].state == TRACE_READY))
				holder = h;
			else if (holder < 0)
				holder = ready;
		}
		if (holder == p->holder && (holder < 0 ||
		    p->hold_lock == p->gil))
			continue;
		if (p->holder >= 0)
			record_hold(s, &s->threads[p->holder], ts,
			    TRACE_EV_RELEASE, 0);
		if (holder >= 0)
			record_hold(s, &s->threads[holder], ts,
			    TRACE_EV_ACQUIRE, 0);
		p->holder = holder;
		p->hold_lock = p->gil;
	}
}

/* CPU time of process p's every thread, ended ones too; -1 if unknown. */
static int64_t
proc_cpu_ns(const struct sproc *p)
{
	struct timespec ts;

	if (!p->has_clock || clock_gettime(p->clock, &ts) != 0)
		return -1;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * Ends the threads of process p found gone this round, with what they
 * ran after their last look. A thread's files vanish as it exits, so its
 * last counters are never read; but the process's CPU clock keeps the
 * time of its ended threads, so what the clock gained beyond every
 * reading since the last round (`unexplained`) is what the gone threads
 * ran (shared equally, each at most the time since its last look). An
 * active thread is then running for that long after its last look; one
 * that slept woke to run it just before it ended. Under load, when looks
 * come late, this is most of a short thread's last slice.
 */
static void
settle_gone(struct sampler *s, int proc, uint64_t now)
{
	struct sproc *p = &s->procs[proc];
	int64_t cpu = proc_cpu_ns(p), extra_all = 0;
	int ngone = p->ngone;

	if (cpu >= 0 && p->unexplained >= 0 && cpu - p->read > p->unexplained)
		extra_all = cpu - p->read - p->unexplained;
	for (int i = 0; i < s->nthreads && p->ngone > 0; i++) {
		struct sthread *t = &s->threads[i];
		uint64_t extra = (uint64_t)extra_all / (uint64_t)ngone, end;
		int active = t->state == TRACE_RUN || t->state == TRACE_READY;

		if (t->proc != proc || !t->alive || !t->gone)
			continue;
		if (extra > now - t->ts)
			extra = now - t->ts;
		if (!t->sampled)
			extra = 0;
		end = active ? t->ts + extra : now;
		if (extra > 0) {
			emit(s, t, end - extra, TRACE_RUN, t->cpu);
			t->exec += extra;
			p->read += (int64_t)extra;
			trace_lane_set_cpu(s->trace, t->lane, t->exec -
			    t->exec0);
		}
		end_thread(s, t, end);
		t->gone = 0;
		p->ngone--;
	}
	if (cpu >= 0)
		p->unexplained = cpu - p->read;
}

int
sampler_round(struct sampler *s, int force_discover)
{
	uint64_t t0 = clock_now_ns();
	int alive = 0;

	if (s->finished)
		return 0;
	if (force_discover || s->fig.rounds == 0 ||
	    t0 - s->discovered_ns >= DISCOVER_NS) {
		discover(s);
		s->discovered_ns = t0;
	}
	for (int i = 0; i < s->nthreads; i++) {
		struct sthread *t = &s->threads[i];

		if (!t->alive)
			continue;
		sample_thread(s, t);
		alive += t->alive && !t->gone;
	}
	for (int i = 0; i < s->nprocs; i++)
		if (s->procs[i].alive || s->procs[i].ngone > 0)
			settle_gone(s, i, clock_now_ns());
	infer_holders(s, clock_now_ns());
	if (s->fig.rounds == 0)
		s->fig.first_ns = t0;
	s->fig.last_ns = clock_now_ns();
	s->fig.sample_ns += s->fig.last_ns - t0;
	s->fig.rounds++;
	return alive;
}

void
sampler_finish(struct sampler *s, uint64_t end_ns)
{
	if (s->finished)
		return;
	for (int i = 0; i < s->nthreads; i++)
		if (s->threads[i].alive)
			end_thread(s, &s->threads[i], end_ns);
	for (int i = 0; i < s->ntasks; i++) {
		struct stask *k = &s->tasks[i];

		if (!k->done)
			record(s, k->lane, end_ns > k->last_ts ? end_ns :
			    k->last_ts, TRACE_EV_STATE, TRACE_DONE, 0, -1);
		k->done = 1;
	}
	s->finished = 1;
}

/* Whether lock i is the GIL of a Python process. */
static int
is_gil(const struct sampler *s, int i)
{
	for (int p = 0; p < s->nprocs; p++)
		if (s->procs[p].python && s->procs[p].gil == i)
			return 1;
	return 0;
}

void
sampler_label_gil(const struct sampler *s, struct log *lg)
{
	/* Holds are recorded as lock 0 from the start (infer_holders). */
	(void)s;
	(void)lg;
}

/* Renames lane i; the sampler's thread is the only one that reads
 * names while a trace is being taken. */
static void
rename_lane(struct sampler *s, int lane, const char *name)
{
	util_utf8_copy(s->trace->lanes[lane].name, TRACE_NAME_MAX, name);
}

void
sampler_name_thread(struct sampler *s, pid_t pid, pid_t tid, const char *name)
{
	struct sthread *t = find_thread(s, pid, tid);
	struct sproc *p = find_proc(s, pid);

	if (p != NULL)
		p->python = 1;
	if (t == NULL) {
		if (tid != pid || pid == s->opts.root)
			add_pending(s, pid, tid, name);
		return;
	}
	/* A child process's main thread keeps its process name. */
	if (t->lane >= 0 && (tid != pid || pid == s->opts.root))
		rename_lane(s, t->lane, name);
}

void
sampler_name_process(struct sampler *s, pid_t pid, const char *name)
{
	struct sthread *t = find_thread(s, pid, pid);
	struct sproc *p = find_proc(s, pid);

	if (p != NULL)
		p->python = 1;
	if (t == NULL || t->lane < 0) {
		add_pending(s, pid, 0, name);
		return;
	}
	rename_lane(s, t->lane, name);
}

/* The task lane of task id in process pid, or NULL. */
static struct stask *
find_task(struct sampler *s, pid_t pid, uint64_t id)
{
	int i = pidindex_get(&s->task_ix, pid, id);

	return i >= 0 ? &s->tasks[i] : NULL;
}

void
sampler_task(struct sampler *s, pid_t pid, pid_t tid, uint64_t id,
    enum sampler_task_event ev, uint64_t ts, const char *name)
{
	static const int states[] = {
		[SAMPLER_TASK_CREATED] = TRACE_READY,
		[SAMPLER_TASK_STEP] = TRACE_RUN,
		[SAMPLER_TASK_WAIT] = TRACE_IO,
		[SAMPLER_TASK_YIELD] = TRACE_READY,
		[SAMPLER_TASK_DONE] = TRACE_DONE,
	};
	struct stask *k;

	if (s->finished)
		return;
	if (ev == SAMPLER_TASK_CREATED) {
		int lane;

		s->fig.tasks_seen++;
		if (s->ntasks == TRACE_MAX_LANES ||
		    (lane = trace_lane_add(s->trace, name, TRACE_KIND_TASK,
		    (int)pid)) < 0) {
			left_out(s, LEFT_TASK, pid, id);
			return;
		}
		atomic_store(&s->trace->lanes[lane].pid, (int)pid);
		atomic_store(&s->trace->lanes[lane].tid, (int)tid);
		pidindex_put(&s->task_ix, pid, id, s->ntasks);
		k = &s->tasks[s->ntasks++];
		k->pid = pid;
		k->id = id;
		k->lane = lane;
		k->done = 0;
		k->last_ts = 0;
	} else if ((k = find_task(s, pid, id)) == NULL || k->done)
		return;
	if (ts < k->last_ts)
		ts = k->last_ts;
	k->last_ts = ts;
	record(s, k->lane, ts, TRACE_EV_STATE, states[ev], 0, -1);
	if (ev == SAMPLER_TASK_DONE)
		k->done = 1;
}

void
sampler_name_task(struct sampler *s, pid_t pid, uint64_t id, const char *name)
{
	struct stask *k = find_task(s, pid, id);

	if (k != NULL)
		rename_lane(s, k->lane, name);
}

void
sampler_figures(const struct sampler *s, struct sampler_figures *f)
{
	*f = s->fig;
	f->cpu_ns = 0;
	for (int i = 0; i < s->nthreads; i++)
		if (s->threads[i].lane >= 0)
			f->cpu_ns += atomic_load(
			    &s->trace->lanes[s->threads[i].lane].cpu_ns);
}

int
sampler_locks(const struct sampler *s, struct sampler_lock *out, int max)
{
	int i;

	for (i = 0; i < s->nlocks && i < max; i++) {
		out[i] = s->locks[i].info;
		out[i].gil = is_gil(s, i);
		if (out[i].gil)
			out[i].id = 0;
	}
	return i;
}
