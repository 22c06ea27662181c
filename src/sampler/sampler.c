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
#include <unistd.h>

#include "sampler/proc.h"
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

/* Rounds between two discoveries of new threads and processes. */
#define DISCOVER_EVERY	4

struct sthread {
	struct proc_task pt;
	pid_t		 pid, tid;
	int		 proc;		/* index into procs */
	int		 lane;		/* -1 when no lane was left */
	int		 alive;
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
	int		 gil;		/* index of its busiest lock, or -1 */
	int		 holder;	/* thread recorded holding it, or -1 */
	int		 hold_lock;	/* the lock that hold is of */
	char		 comm[16];
};

struct slock {
	struct sampler_lock info;
	uint64_t	 lo, hi;	/* futex words seen */
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

/*
 * An index from (pid, id) to a row of one of the tables: open
 * addressing, linear probing, never shrinking (rows are never removed).
 * With at least twice the slots of rows, a look takes a probe or two
 * where a scan of the table took hundreds: discovery asks once for every
 * thread of every process, and the hook once per task event.
 */
struct index_slot {
	uint64_t	 id;		/* tid, task id, or 0 for a process */
	pid_t		 pid;		/* 0: the slot is free */
	int		 row;
};

struct index {
	struct index_slot *slot;
	uint32_t	 mask;		/* slots - 1, slots a power of two */
};

/* Slots for rows: the first power of two at least twice their count. */
static void
index_init(struct index *ix, uint32_t rows)
{
	uint32_t n = 16;

	while (n < 2 * rows)
		n *= 2;
	ix->slot = xcalloc(n, sizeof *ix->slot);
	ix->mask = n - 1;
}

/* The first slot to probe for a key. */
static uint32_t
index_hash(pid_t pid, uint64_t id)
{
	uint64_t h = ((uint64_t)(uint32_t)pid << 32 ^ id) *
	    0x9e3779b97f4a7c15ull;

	return (uint32_t)(h >> 32);
}

/* The slot of a key: the one holding it, or the free one it would take. */
static struct index_slot *
index_slot(const struct index *ix, pid_t pid, uint64_t id)
{
	uint32_t i = index_hash(pid, id) & ix->mask;

	while (ix->slot[i].pid != 0 && (ix->slot[i].pid != pid ||
	    ix->slot[i].id != id))
		i = (i + 1) & ix->mask;
	return &ix->slot[i];
}

/* The row of a key, or -1. */
static int
index_get(const struct index *ix, pid_t pid, uint64_t id)
{
	const struct index_slot *sl = index_slot(ix, pid, id);

	return sl->pid != 0 ? sl->row : -1;
}

/* Points a key at a row (the latest row of a key wins). */
static void
index_put(struct index *ix, pid_t pid, uint64_t id, int row)
{
	struct index_slot *sl;

	if (pid <= 0)		/* 0 marks a free slot; no process has it */
		return;
	sl = index_slot(ix, pid, id);
	sl->pid = pid;
	sl->id = id;
	sl->row = row;
}

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
	struct index	 proc_ix, thread_ix, task_ix;	/* rows by key */

	int		 finished;
	struct sampler_figures fig;
};

struct sampler *
sampler_new(struct trace *t, const struct sampler_opts *o)
{
	struct sampler *s = xcalloc(1, sizeof *s);

	s->trace = t;
	s->opts = *o;
	s->self = getpid();
	index_init(&s->proc_ix, SAMPLER_MAX_PROCS);
	index_init(&s->thread_ix, SAMPLER_MAX_THREADS);
	index_init(&s->task_ix, TRACE_MAX_LANES);
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
	free(s->proc_ix.slot);
	free(s->thread_ix.slot);
	free(s->task_ix.slot);
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
	int i = index_get(&s->proc_ix, pid, 0);

	return i >= 0 ? &s->procs[i] : NULL;
}

/* The latest thread row with this pid and tid, or NULL. */
static struct sthread *
find_thread(struct sampler *s, pid_t pid, pid_t tid)
{
	int i = index_get(&s->thread_ix, pid, (uint64_t)tid);

	return i >= 0 ? &s->threads[i] : NULL;
}

/* Starts watching process pid (found as a child, or the program). */
static void
add_proc(struct sampler *s, pid_t pid)
{
	struct sproc *p;

	if (pid == s->self || find_proc(s, pid) != NULL)
		return;
	if (s->nprocs == SAMPLER_MAX_PROCS) {
		s->fig.unwatched++;
		return;
	}
	index_put(&s->proc_ix, pid, 0, s->nprocs);
	p = &s->procs[s->nprocs++];
	memset(p, 0, sizeof *p);
	p->pid = pid;
	p->alive = 1;
	p->gil = p->holder = p->hold_lock = -1;
	if (proc_read_comm(pid, pid, p->comm, sizeof p->comm) != 0)
		snprintf(p->comm, sizeof p->comm, "?");
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
		s->fig.unwatched++;
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
		s->fig.unwatched++;
		return;
	}
	atomic_store(&s->trace->lanes[t->lane].pid, (int)p->pid);
	atomic_store(&s->trace->lanes[t->lane].tid, (int)tid);
	t->alive = 1;
	index_put(&s->thread_ix, p->pid, (uint64_t)tid, s->nthreads);
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
	pid_t tids[2 * SAMPLER_MAX_THREADS], kids[256];
	struct proc_tree tree;
	int n, k;

	proc_tree_begin(&tree, PROC_VIA_ANY);
	if (s->nprocs == 0)
		add_proc(s, s->opts.root);
	if (s->opts.scan_self) {
		k = proc_tree_children(&tree, s->self, kids, 256);
		for (int j = 0; j < k; j++)
			add_proc(s, kids[j]);
	}
	for (int i = 0; i < s->nprocs; i++) {
		struct sproc *p = &s->procs[i];

		if (!p->alive)
			continue;
		if ((n = proc_list_tasks(p->pid, tids,
		    2 * SAMPLER_MAX_THREADS)) < 0) {
			p->alive = 0;
			continue;
		}
		/* The main thread first, so it gets the first lane. */
		if (!known_thread(s, p->pid, p->pid))
			add_thread(s, p, p->pid);
		for (int j = 0; j < n; j++)
			if (tids[j] != p->pid && !known_thread(s, p->pid, tids[j]))
				add_thread(s, p, tids[j]);
		k = proc_tree_children(&tree, p->pid, kids, 256);
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

/* Ends a thread's lane at ts: its hold is released, then it is done. */
static void
end_thread(struct sampler *s, struct sthread *t, uint64_t ts)
{
	struct sproc *p = &s->procs[t->proc];

	if (ts < t->last_rec)
		ts = t->last_rec;
	if (p->holder == (int)(t - s->threads)) {
		record_hold(s, t, ts, TRACE_EV_RELEASE,
		    s->locks[p->hold_lock].info.id);
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

	s->fig.samples++;
	if (proc_task_read(&t->pt, &smp) != 0 || smp.state == 'Z' ||
	    smp.state == 'X') {
		end_thread(s, t, now);
		return;
	}
	note_partial(s, t);
	blocked = smp.state != 'R' && smp.nr != PROC_RUNNING;
	t->lock = -1;
	if (blocked && proc_is_lock_wait(&smp, &addr)) {
		sleep_state = TRACE_LOCK_WAIT;
		if ((t->lock = lock_for(s, t->proc, addr)) >= 0) {
			s->locks[t->lock].info.wait_samples++;
			if (t->state != TRACE_LOCK_WAIT || prev_lock != t->lock)
				s->locks[t->lock].info.waits++;
		}
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
		a = blocked && was_active ? lo : now - act;
		rd = dD < act ? dD : act;
		if (rd > 0)
			emit(s, t, a, TRACE_READY, smp.cpu);
		emit(s, t, a + rd, TRACE_RUN, smp.cpu);
		t->progress_ts = now;
		if (blocked)
			emit(s, t, a + act, sleep_state, smp.cpu);
	} else if (blocked)
		emit(s, t, was_active ? t->ts : now, sleep_state, smp.cpu);
	else if (t->state == TRACE_RUN && now - t->progress_ts < STALL_NS)
		emit(s, t, now, TRACE_RUN, smp.cpu);	/* only a CPU change */
	else
		emit(s, t, t->state == TRACE_RUN ? t->progress_ts : now,
		    TRACE_READY, smp.cpu);
done:
	t->exec = smp.exec_ns;
	t->delay = smp.delay_ns;
	t->ts = now;
	t->sampled = 1;
	trace_lane_set_cpu(s->trace, t->lane, smp.exec_ns - t->exec0);
}

/*
 * The GIL of each Python process: its busiest lock. While a thread waits
 * for it, the process's running thread holds it (a ready one, preempted
 * by the OS, if none runs); nobody is recorded holding it otherwise.
 */
static void
infer_holders(struct sampler *s, uint64_t ts)
{
	for (int i = 0; i < s->nprocs; i++) {
		struct sproc *p = &s->procs[i];
		int waiters = 0, holder = -1, ready = -1;

		if (!p->python)
			continue;
		for (int l = 0; l < s->nlocks; l++)
			if (s->locks[l].info.pid == p->pid && (p->gil < 0 ||
			    s->locks[l].info.waits >
			    s->locks[p->gil].info.waits))
				p->gil = l;
		for (int k = 0; k < s->nthreads && p->gil >= 0; k++) {
			struct sthread *t = &s->threads[k];

			if (t->proc != i || !t->alive)
				continue;
			if (t->state == TRACE_LOCK_WAIT && t->lock == p->gil)
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
			    TRACE_EV_RELEASE, s->locks[p->hold_lock].info.id);
		if (holder >= 0)
			record_hold(s, &s->threads[holder], ts,
			    TRACE_EV_ACQUIRE, s->locks[p->gil].info.id);
		p->holder = holder;
		p->hold_lock = p->gil;
	}
}

int
sampler_round(struct sampler *s, int force_discover)
{
	uint64_t t0 = clock_now_ns();
	int alive = 0;

	if (s->finished)
		return 0;
	if (force_discover || s->fig.rounds % DISCOVER_EVERY == 0)
		discover(s);
	for (int i = 0; i < s->nthreads; i++) {
		struct sthread *t = &s->threads[i];

		if (!t->alive)
			continue;
		sample_thread(s, t);
		alive += t->alive;
	}
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

/* The lock labelled GIL: the most waited-for lock of any Python process. */
static int
gil_lock(const struct sampler *s)
{
	int best = -1;

	for (int i = 0; i < s->nprocs; i++) {
		int g = s->procs[i].gil;

		if (g >= 0 && (best < 0 || s->locks[g].info.waits >
		    s->locks[best].info.waits))
			best = g;
	}
	return best;
}

void
sampler_label_gil(const struct sampler *s, struct log *lg)
{
	int g = gil_lock(s);

	if (g < 0)
		return;
	for (size_t i = 0; i < lg->nholds; i++)
		if (lg->holds[i].lock == s->locks[g].info.id)
			lg->holds[i].lock = 0;
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
	int i = index_get(&s->task_ix, pid, id);

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
			s->fig.unwatched++;
			return;
		}
		atomic_store(&s->trace->lanes[lane].pid, (int)pid);
		atomic_store(&s->trace->lanes[lane].tid, (int)tid);
		index_put(&s->task_ix, pid, id, s->ntasks);
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
	int g = gil_lock(s), i;

	for (i = 0; i < s->nlocks && i < max; i++) {
		out[i] = s->locks[i].info;
		out[i].gil = 0;
		for (int p = 0; p < s->nprocs; p++)
			if (s->procs[p].python && s->procs[p].gil == i)
				out[i].gil = 1;
		if (i == g)
			out[i].id = 0;
	}
	return i;
}
