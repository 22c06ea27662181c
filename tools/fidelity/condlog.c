/*
 * condlog.c - an LD_PRELOAD library that logs every pthread condition
 * variable call of a program: the GIL of CPython and of timeslice's
 * models is a mutex and two condition variables, so this log shows who
 * waited, who timed out, who was woken and who took the GIL, in both,
 * the same way. Each call costs two clock reads (about 40 ns here).
 *
 *   cc -O2 -shared -fPIC -o /tmp/condlog.so tools/fidelity/condlog.c -ldl
 *   CONDLOG=/tmp/py.log LD_PRELOAD=/tmp/condlog.so python3 convoy.py 3 5
 *
 * One line per event at exit: monotonic ns, thread id, what (W: timed
 * wait begins, T: it timed out, S: it was woken; w/s: untimed wait
 * begins/ends; G: signal; B: broadcast), the condition variable, the CPU.
 * With CONDLOG_MUTEX=1 in the environment, mutexes too: L when a thread
 * calls pthread_mutex_lock, l when it has the mutex, and M (after each W)
 * for the mutex the timed wait releases; the address is then the
 * mutex's. tools/fidelity/handoffs.py reads it; mutex_reach.py reads the
 * mutex events.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define CONDLOG_MAX (1 << 20)

struct condlog_event {
	unsigned long long	 ns;
	void			*cond;
	int			 tid;
	int			 cpu;
	char			 what;
};

static struct condlog_event events[CONDLOG_MAX];
static atomic_int nevents;
static _Thread_local int my_tid;

/* Appends one event; past CONDLOG_MAX events are counted, not kept. */
static void
condlog_add(char what, void *cond)
{
	struct timespec ts;
	int i = atomic_fetch_add(&nevents, 1);

	if (i >= CONDLOG_MAX)
		return;
	if (my_tid == 0)
		my_tid = (int)syscall(SYS_gettid);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	events[i].ns = (unsigned long long)ts.tv_sec * 1000000000ull +
	    (unsigned long long)ts.tv_nsec;
	events[i].cond = cond;
	events[i].tid = my_tid;
	events[i].cpu = sched_getcpu();
	events[i].what = what;
}

/* Whether mutexes are logged too: 1 yes, 0 no, -1 not looked up yet. */
static atomic_int log_mutex = -1;

static int
condlog_mutexes(void)
{
	int on = atomic_load_explicit(&log_mutex, memory_order_relaxed);

	if (on < 0) {
		const char *v = getenv("CONDLOG_MUTEX");

		on = v != NULL && v[0] == '1';
		atomic_store(&log_mutex, on);
	}
	return on;
}

/* The real function behind a wrapper, looked up once. */
static void *
condlog_next(void **slot, const char *name)
{
	if (*slot == NULL)
		*slot = dlsym(RTLD_NEXT, name);
	return *slot;
}

int
pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
    const struct timespec *at)
{
	static void *real;
	int (*f)(pthread_cond_t *, pthread_mutex_t *, const struct timespec *);
	int rc;

	*(void **)&f = condlog_next(&real, "pthread_cond_timedwait");
	condlog_add('W', c);
	if (condlog_mutexes())
		condlog_add('M', m);
	rc = f(c, m, at);
	condlog_add(rc != 0 ? 'T' : 'S', c);
	return rc;
}

int
pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	static void *real;
	int (*f)(pthread_cond_t *, pthread_mutex_t *);
	int rc;

	*(void **)&f = condlog_next(&real, "pthread_cond_wait");
	condlog_add('w', c);
	rc = f(c, m);
	condlog_add('s', c);
	return rc;
}

int
pthread_cond_signal(pthread_cond_t *c)
{
	static void *real;
	int (*f)(pthread_cond_t *);

	*(void **)&f = condlog_next(&real, "pthread_cond_signal");
	condlog_add('G', c);
	return f(c);
}

int
pthread_cond_broadcast(pthread_cond_t *c)
{
	static void *real;
	int (*f)(pthread_cond_t *);

	*(void **)&f = condlog_next(&real, "pthread_cond_broadcast");
	condlog_add('B', c);
	return f(c);
}

int
pthread_mutex_lock(pthread_mutex_t *m)
{
	static void *real;
	int (*f)(pthread_mutex_t *);
	int rc, on = condlog_mutexes();

	*(void **)&f = condlog_next(&real, "pthread_mutex_lock");
	if (on)
		condlog_add('L', m);
	rc = f(m);
	if (on)
		condlog_add('l', m);
	return rc;
}

/* Writes the log to $CONDLOG when the program exits. */
__attribute__((destructor)) static void
condlog_write(void)
{
	const char *path = getenv("CONDLOG");
	int n = atomic_load(&nevents);
	FILE *fp;

	if (path == NULL || (fp = fopen(path, "w")) == NULL)
		return;
	if (n > CONDLOG_MAX)
		n = CONDLOG_MAX;
	for (int i = 0; i < n; i++)
		fprintf(fp, "%llu %d %c %p %d\n", events[i].ns, events[i].tid,
		    events[i].what, events[i].cond, events[i].cpu);
	fclose(fp);
}
