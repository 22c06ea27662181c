/*
 * burgers.c - the burger restaurant and the house cleaning: the course's
 * stories about concurrency and parallelism, run with real workers.
 *
 * Cooking and taking orders are real waits (the grill works, not the
 * CPU), so eight cooks on two cores are still eight cooks; cleaning is
 * real CPU work (bytecodes), so helpers there compete for the cores.
 *
 *   burgers-sequential  one cashier-cook thread serves each customer from
 *                       order to burger; customers are threads standing at
 *                       the counter the whole time. --workers = customers.
 *   burgers-concurrent  a cashier thread takes orders from the line and
 *                       hands numbered tickets to a cook thread through a
 *                       queue (mutex + condvar). Customers are coroutine
 *                       tasks on an event loop: once they have a ticket
 *                       they sit down and talk until the cook writes to
 *                       their buzzer (a pipe the loop polls).
 *                       --workers = customers.
 *   burgers-parallel    min(8, customers) cashier-cook threads; each takes
 *                       one customer's order and cooks it while the
 *                       customer (a thread) waits at the counter.
 *                       --workers = customers.
 *   cleaning            `units` rooms, each unit-ms of CPU work, cleaned
 *                       by --workers helper threads that share no lock (as
 *                       processes or free-threaded Python would); a helper
 *                       takes the next room as it finishes one.
 *
 * How the states read in these scenes:
 *   staff     TRACE_RUN   busy: taking an order or cooking
 *             TRACE_IDLE  nothing to do: no one in line, no ticket, or
 *                         every order done but customers still inside
 *             TRACE_DONE  the last customer left: the shop closed
 *   customer  TRACE_LOCK_WAIT  standing at the counter: in line, ordering,
 *                              or waiting there for the burger; they can
 *                              do nothing else
 *             TRACE_IO    sitting at a table waiting for their number;
 *                         free to do something else
 *             TRACE_RUN   talking (a BURGER_TALK mark each time)
 *             TRACE_READY wants to talk, waiting for the loop (a task)
 *             TRACE_DONE  left with the burger
 *   helper    TRACE_RUN cleaning a room, TRACE_READY wanting a core the
 *             OS gave to another helper, TRACE_DONE no rooms left
 * Marks are listed in burgers.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/burgers.h"
#include "engine/engines.h"
#include "engine/loop.h"
#include "engine/work.h"
#include "trace/stats.h"
#include "util.h"

/* How long a blocked worker sleeps before looking at the stop flag. */
#define BURGER_POLL_NS 20000000u
/* A customer says something every cook-ms / BURGER_TALK_DIV at the table. */
#define BURGER_TALK_DIV 5.0
/* Bytecodes between two looks for OS preemption while cleaning. */
#define CLEAN_PREEMPT_EVERY 4096
/* What saying something costs, in ms of CPU. */
#define BURGER_TALK_CPU_MS 0.05

struct customer {
	int		 lane;
	int		 index;		/* 0-based */
	int		 stage;		/* 0 waiting, 1 ordered, 2 served */
	int		 server;	/* 1-based staff that served */
	pthread_cond_t	 cv;		/* counter scenes: stage changes */
	int		 buzzer[2];	/* concurrent: pipe, cook writes */
	uint64_t	 arrive_ns, ordered_ns, served_ns;
	int		 talks;
	struct shop	*shop;
};

struct staff {
	int		 lane;
	int		 index;		/* 1-based */
	uint64_t	 idle_ns;
	struct shop	*shop;
};

/* A queue of customer indices; the shop's mutex guards it. */
struct queue {
	int		*v;
	int		 head, count, cap;
};

struct shop {
	pthread_mutex_t	 mu;
	pthread_cond_t	 line_cv;	/* someone joined the line */
	pthread_cond_t	 kitchen_cv;	/* a ticket reached the kitchen */
	struct queue	 line, kitchen;
	int		 taken;		/* orders taken so far */
	int		 cooked;
	int		 n;		/* customers */
	struct customer	*cust;
	struct trace	*trace;
	double		 order_ms, cook_ms;
	struct loop	*loop;		/* concurrent */
	int		 closed;	/* every customer has left */
	int		 ncv;		/* customer condvars initialised */
	bool		 synced;	/* mutex and shop condvars initialised */
};

static void
queue_push(struct queue *q, int v)
{
	q->v[(q->head + q->count) % q->cap] = v;
	q->count++;
}

static int
queue_pop(struct queue *q)
{
	int v = q->v[q->head];

	q->head = (q->head + 1) % q->cap;
	q->count--;
	return v;
}

/* Waits on `cv` for at most BURGER_POLL_NS, so stop requests are seen. */
static void
cond_wait_a_while(pthread_cond_t *cv, pthread_mutex_t *mu)
{
	struct timespec ts;

	clock_deadline(&ts, BURGER_POLL_NS);
	pthread_cond_timedwait(cv, mu, &ts);
}

static int
shop_init(struct shop *s, const struct params *p, struct trace *t,
    char **cause)
{
	int err;

	memset(s, 0, sizeof *s);
	s->n = p->workers;
	s->trace = t;
	s->cook_ms = p->unit_ms;
	s->order_ms = p->unit_ms / BURGER_ORDER_DIV;
	s->line.cap = s->kitchen.cap = s->n;
	s->line.v = xcalloc((size_t)s->n, sizeof *s->line.v);
	s->kitchen.v = xcalloc((size_t)s->n, sizeof *s->kitchen.v);
	s->cust = xcalloc((size_t)s->n, sizeof *s->cust);
	if ((err = pthread_mutex_init(&s->mu, NULL)) != 0 ||
	    (err = clock_cond_init(&s->line_cv)) != 0 ||
	    (err = clock_cond_init(&s->kitchen_cv)) != 0) {
		/* Leaks what did get initialised: this never happens on Linux. */
		xasprintf(cause, "cannot set up the shop: %s", strerror(err));
		return -1;
	}
	s->synced = true;
	for (int i = 0; i < s->n; i++) {
		s->cust[i].index = i;
		s->cust[i].shop = s;
		s->cust[i].buzzer[0] = s->cust[i].buzzer[1] = -1;
		if ((err = clock_cond_init(&s->cust[i].cv)) != 0) {
			xasprintf(cause, "cannot set up customer %d: %s", i + 1,
			    strerror(err));
			return -1;
		}
		s->ncv++;
	}
	return 0;
}

/* Frees the shop, however far shop_init got. */
static void
shop_release(struct shop *s)
{
	for (int i = 0; i < s->n; i++) {
		if (i < s->ncv)
			pthread_cond_destroy(&s->cust[i].cv);
		if (s->cust[i].buzzer[0] >= 0) {
			close(s->cust[i].buzzer[0]);
			close(s->cust[i].buzzer[1]);
		}
	}
	if (s->synced) {
		pthread_cond_destroy(&s->line_cv);
		pthread_cond_destroy(&s->kitchen_cv);
		pthread_mutex_destroy(&s->mu);
	}
	free(s->line.v);
	free(s->kitchen.v);
	free(s->cust);
}

/* Adds lanes "customer i"; customers are threads or tasks. */
static int
add_customer_lanes(struct shop *s, enum trace_kind kind, int group,
    char **cause)
{
	for (int i = 0; i < s->n; i++) {
		char name[TRACE_NAME_MAX];

		snprintf(name, sizeof name, "customer %d", i + 1);
		s->cust[i].lane = trace_lane_add(s->trace, name, kind,
		    group < 0 ? 100 + i : group);
		if (s->cust[i].lane < 0) {
			xasprintf(cause, "too many lanes (at most %d)",
			    TRACE_MAX_LANES);
			return -1;
		}
	}
	return 0;
}

/*
 * Takes the next customer from `q`, waiting idle on `cv` (recorded, and
 * added to the staff's idle time) while it is empty, and counts the take
 * in *taken. Called with the mutex held; returns -1 once all n customers
 * have gone through `q`, or when the run is stopping.
 */
static int
take_next(struct shop *s, struct staff *me, struct queue *q,
    pthread_cond_t *cv, int *taken)
{
	uint64_t t0 = 0;

	while (q->count == 0 && *taken < s->n && !trace_stopping(s->trace)) {
		if (t0 == 0) {
			t0 = clock_now_ns();
			trace_state(s->trace, me->lane, TRACE_IDLE);
		}
		cond_wait_a_while(cv, &s->mu);
	}
	if (t0 != 0)
		me->idle_ns += clock_now_ns() - t0;
	if (q->count == 0)
		return -1;
	(*taken)++;
	return queue_pop(q);
}

/*
 * Staff with no orders left stay idle at their post until the last
 * customer has left, so their idle time counts to the end of the scene.
 */
static void
wait_for_closing(struct shop *s, struct staff *me)
{
	uint64_t t0 = clock_now_ns();

	trace_state(s->trace, me->lane, TRACE_IDLE);
	pthread_mutex_lock(&s->mu);
	while (!s->closed && !trace_stopping(s->trace))
		cond_wait_a_while(&s->line_cv, &s->mu);
	pthread_mutex_unlock(&s->mu);
	me->idle_ns += clock_now_ns() - t0;
	trace_state(s->trace, me->lane, TRACE_DONE);
}

/* Every customer has left: lets the staff go home. */
static void
close_shop(struct shop *s)
{
	pthread_mutex_lock(&s->mu);
	s->closed = 1;
	pthread_cond_broadcast(&s->line_cv);
	pthread_mutex_unlock(&s->mu);
}

/* Summary figures every burger scene reports. */
static void
report_customers(struct shop *s, struct staff *st, int nstaff,
    struct result *r)
{
	double *wait = xcalloc((size_t)s->n + 1, sizeof *wait);
	double counter = 0, table = 0, idle = 0;
	int served = 0, talks = 0;

	for (int i = 0; i < s->n; i++) {
		struct customer *c = &s->cust[i];

		if (c->stage < 2)
			continue;
		wait[served++] = (double)(c->served_ns - c->arrive_ns) / 1e6;
		talks += c->talks;
		if (s->loop != NULL) {
			counter += (double)(c->ordered_ns - c->arrive_ns) / 1e6;
			table += (double)(c->served_ns - c->ordered_ns) / 1e6;
		} else
			counter += (double)(c->served_ns - c->arrive_ns) / 1e6;
	}
	for (int i = 0; i < nstaff; i++)
		idle += (double)st[i].idle_ns / 1e6;
	result_metric(r, "customers_served", served);
	result_metric(r, "customer_wait_p50_ms",
	    stats_percentile(wait, (size_t)served, 50));
	result_metric(r, "customer_wait_max_ms",
	    stats_percentile(wait, (size_t)served, 100));
	result_metric(r, "counter_ms_mean", served ? counter / served : 0);
	result_metric(r, "table_ms_mean", served ? table / served : 0);
	result_metric(r, "talks", talks);
	result_metric(r, "staff", nstaff);
	result_metric(r, "staff_idle_ms", idle);
	free(wait);
}

/*
 * Burgers at the counter (sequential and parallel scenes).
 */

/* A cashier-cook: takes an order, cooks it, hands it over; repeat. */
static void *
counter_staff_main(void *arg)
{
	struct staff *me = arg;
	struct shop *s = me->shop;
	int k;

	trace_lane_bind(s->trace, me->lane);
	for (;;) {
		struct customer *c;

		pthread_mutex_lock(&s->mu);
		k = take_next(s, me, &s->line, &s->line_cv, &s->taken);
		pthread_mutex_unlock(&s->mu);
		if (k < 0)
			break;
		c = &s->cust[k];
		trace_state(s->trace, me->lane, TRACE_RUN);
		trace_record(s->trace, me->lane, TRACE_EV_MARK, TRACE_NONE,
		    BURGER_MARK(BURGER_TAKE_ORDER, k + 1));
		work_io(s->order_ms);
		pthread_mutex_lock(&s->mu);
		c->stage = 1;
		c->server = me->index;
		pthread_cond_signal(&c->cv);
		pthread_mutex_unlock(&s->mu);
		trace_record(s->trace, me->lane, TRACE_EV_MARK, TRACE_NONE,
		    BURGER_MARK(BURGER_COOK, k + 1));
		work_io(s->cook_ms);
		pthread_mutex_lock(&s->mu);
		c->stage = 2;
		pthread_cond_signal(&c->cv);
		pthread_mutex_unlock(&s->mu);
	}
	wait_for_closing(s, me);
	trace_lane_finish(s->trace, me->lane);
	return NULL;
}

/* Waits, holding the mutex, until the customer reaches `stage`. */
static int
await_stage(struct customer *c, int stage)
{
	struct shop *s = c->shop;

	while (c->stage < stage && !trace_stopping(s->trace))
		cond_wait_a_while(&c->cv, &s->mu);
	return c->stage >= stage ? 0 : -1;
}

/* A customer who stands at the counter from arrival to burger. */
static void *
counter_customer_main(void *arg)
{
	struct customer *c = arg;
	struct shop *s = c->shop;
	int server;

	trace_lane_bind(s->trace, c->lane);
	trace_state(s->trace, c->lane, TRACE_LOCK_WAIT);
	trace_record(s->trace, c->lane, TRACE_EV_MARK, TRACE_NONE,
	    BURGER_MARK(BURGER_ARRIVE, c->index + 1));
	pthread_mutex_lock(&s->mu);
	c->arrive_ns = clock_now_ns();
	queue_push(&s->line, c->index);
	pthread_cond_signal(&s->line_cv);
	if (await_stage(c, 1) == 0) {
		c->ordered_ns = clock_now_ns();
		server = c->server;
		pthread_mutex_unlock(&s->mu);
		trace_record(s->trace, c->lane, TRACE_EV_MARK, TRACE_NONE,
		    BURGER_MARK(BURGER_ORDERED, server));
		pthread_mutex_lock(&s->mu);
		if (await_stage(c, 2) == 0) {
			c->served_ns = clock_now_ns();
			pthread_mutex_unlock(&s->mu);
			trace_record(s->trace, c->lane, TRACE_EV_MARK,
			    TRACE_NONE, BURGER_MARK(BURGER_SERVED, server));
			pthread_mutex_lock(&s->mu);
		}
	}
	pthread_mutex_unlock(&s->mu);
	trace_state(s->trace, c->lane, TRACE_DONE);
	trace_lane_finish(s->trace, c->lane);
	return NULL;
}

/* The sequential and parallel scenes: `nstaff` cashier-cooks. */
static int
counter_scene(const struct params *p, struct trace *t, struct result *r,
    int nstaff, char **cause)
{
	struct shop s;
	struct staff *st = xcalloc((size_t)nstaff, sizeof *st);
	pthread_t *sth = xcalloc((size_t)nstaff, sizeof *sth);
	pthread_t *cth = xcalloc((size_t)p->workers, sizeof *cth);
	int nst = 0, ncu = 0, rc = -1;

	if (shop_init(&s, p, t, cause) != 0)
		goto out;
	for (int i = 0; i < nstaff; i++) {
		char name[TRACE_NAME_MAX];

		if (nstaff == 1)
			snprintf(name, sizeof name, "cashier-cook");
		else
			snprintf(name, sizeof name, "cashier-cook %d", i + 1);
		st[i].index = i + 1;
		st[i].shop = &s;
		if ((st[i].lane = trace_lane_add(t, name, TRACE_KIND_THREAD,
		    i + 1)) < 0) {
			xasprintf(cause, "too many lanes (at most %d)",
			    TRACE_MAX_LANES);
			goto out;
		}
	}
	if (add_customer_lanes(&s, TRACE_KIND_THREAD, -1, cause) != 0)
		goto out;
	r->start_ns = clock_now_ns();
	rc = 0;
	if (engine_start_threads(sth, nstaff, counter_staff_main, st,
	    sizeof *st, &nst, t, cause) != 0 ||
	    engine_start_threads(cth, s.n, counter_customer_main, s.cust,
	    sizeof *s.cust, &ncu, t, cause) != 0)
		rc = -1;
	engine_join_threads(cth, ncu);
	close_shop(&s);
	engine_join_threads(sth, nst);
	r->end_ns = clock_now_ns();
	report_customers(&s, st, nstaff, r);
out:
	shop_release(&s);
	free(st);
	free(sth);
	free(cth);
	return rc;
}

int
engine_burgers_sequential(const struct params *p, struct trace *t,
    struct result *r, char **cause)
{
	return counter_scene(p, t, r, 1, cause);
}

int
engine_burgers_parallel(const struct params *p, struct trace *t,
    struct result *r, char **cause)
{
	int n = p->workers < BURGER_PARALLEL_STAFF ? p->workers :
	    BURGER_PARALLEL_STAFF;

	return counter_scene(p, t, r, n, cause);
}

/*
 * Concurrent burgers: cashier and cook threads, customers on a loop.
 */

/* Writes one byte to a customer's buzzer. */
static void
buzz(struct customer *c, char what)
{
	ssize_t n;

	do
		n = write(c->buzzer[1], &what, 1);
	while (n < 0 && errno == EINTR);
}

/* The cashier: takes orders from the line and passes tickets on. */
static void *
cashier_main(void *arg)
{
	struct staff *me = arg;
	struct shop *s = me->shop;
	int k;

	trace_lane_bind(s->trace, me->lane);
	for (;;) {
		pthread_mutex_lock(&s->mu);
		k = take_next(s, me, &s->line, &s->line_cv, &s->taken);
		pthread_mutex_unlock(&s->mu);
		if (k < 0)
			break;
		trace_state(s->trace, me->lane, TRACE_RUN);
		trace_record(s->trace, me->lane, TRACE_EV_MARK, TRACE_NONE,
		    BURGER_MARK(BURGER_TAKE_ORDER, k + 1));
		work_io(s->order_ms);
		pthread_mutex_lock(&s->mu);
		queue_push(&s->kitchen, k);
		pthread_cond_signal(&s->kitchen_cv);
		pthread_mutex_unlock(&s->mu);
		buzz(&s->cust[k], 't');		/* here is your ticket */
	}
	wait_for_closing(s, me);
	trace_lane_finish(s->trace, me->lane);
	return NULL;
}

/* The cook: cooks each ticket in turn and buzzes its customer. */
static void *
cook_main(void *arg)
{
	struct staff *me = arg;
	struct shop *s = me->shop;

	trace_lane_bind(s->trace, me->lane);
	for (;;) {
		int k;

		pthread_mutex_lock(&s->mu);
		k = take_next(s, me, &s->kitchen, &s->kitchen_cv, &s->cooked);
		pthread_mutex_unlock(&s->mu);
		if (k < 0)
			break;
		trace_state(s->trace, me->lane, TRACE_RUN);
		trace_record(s->trace, me->lane, TRACE_EV_MARK, TRACE_NONE,
		    BURGER_MARK(BURGER_COOK, k + 1));
		work_io(s->cook_ms);
		buzz(&s->cust[k], 'r');		/* number k, your burger */
	}
	wait_for_closing(s, me);
	trace_lane_finish(s->trace, me->lane);
	return NULL;
}

/* Reads one byte from the buzzer, or 0 if there is none yet. */
static char
read_buzzer(struct customer *c)
{
	char what = 0;

	if (read(c->buzzer[0], &what, 1) != 1)
		return 0;
	return what;
}

/*
 * A customer task: line up, get a ticket, then sit and talk until the
 * buzzer says the burger is ready.
 */
static void
table_customer(struct loop_task *task, void *arg)
{
	struct customer *c = arg;
	struct shop *s = c->shop;
	double talk_ms = s->cook_ms / BURGER_TALK_DIV;
	uint64_t x = (uint64_t)c->index + 1;
	char what = 0;

	trace_record(s->trace, c->lane, TRACE_EV_MARK, TRACE_NONE,
	    BURGER_MARK(BURGER_ARRIVE, c->index + 1));
	pthread_mutex_lock(&s->mu);
	c->arrive_ns = clock_now_ns();
	queue_push(&s->line, c->index);
	pthread_cond_signal(&s->line_cv);
	pthread_mutex_unlock(&s->mu);
	/*
	 * In line and ordering: standing at the counter. No timeout: a
	 * stopped loop abandons its tasks, it does not need them to wake.
	 */
	while (what != 't' && !trace_stopping(s->trace))
		if (loop_wait_fd(task, c->buzzer[0], POLLIN, -1,
		    TRACE_LOCK_WAIT) != 0)
			what = read_buzzer(c);
	if (what != 't')
		return;
	c->ordered_ns = clock_now_ns();
	c->stage = 1;
	trace_record(s->trace, c->lane, TRACE_EV_MARK, TRACE_NONE,
	    BURGER_MARK(BURGER_ORDERED, 1));
	/* At the table: wait for the number, talking meanwhile. */
	while (what != 'r' && !trace_stopping(s->trace)) {
		if (loop_wait_fd(task, c->buzzer[0], POLLIN, talk_ms,
		    TRACE_IO) != 0) {
			what = read_buzzer(c);
			continue;
		}
		trace_record(s->trace, c->lane, TRACE_EV_MARK, TRACE_NONE,
		    BURGER_MARK(BURGER_TALK, c->index + 1));
		x = loop_block_cpu(task, BURGER_TALK_CPU_MS, x);
		c->talks++;
	}
	work_sink(x);
	if (what != 'r')
		return;
	c->served_ns = clock_now_ns();
	c->stage = 2;
	trace_record(s->trace, c->lane, TRACE_EV_MARK, TRACE_NONE,
	    BURGER_MARK(BURGER_SERVED, 2));
}

int
engine_burgers_concurrent(const struct params *p, struct trace *t,
    struct result *r, char **cause)
{
	struct shop s;
	struct staff st[2];
	pthread_t th[2];
	int loop_lane, started = 0, rc = -1;

	memset(st, 0, sizeof st);
	/* Calibrate now: lazily, the first talk would pay for it. */
	work_calibrate();
	if (shop_init(&s, p, t, cause) != 0)
		goto out;
	st[0].index = 1;
	st[1].index = 2;
	st[0].shop = st[1].shop = &s;
	if ((st[0].lane = trace_lane_add(t, "cashier", TRACE_KIND_THREAD,
	    1)) < 0 ||
	    (st[1].lane = trace_lane_add(t, "cook", TRACE_KIND_THREAD, 2)) < 0 ||
	    (loop_lane = trace_lane_add(t, "loop", TRACE_KIND_THREAD, 0)) < 0) {
		xasprintf(cause, "too many lanes (at most %d)", TRACE_MAX_LANES);
		goto out;
	}
	if (add_customer_lanes(&s, TRACE_KIND_TASK, 0, cause) != 0)
		goto out;
	for (int i = 0; i < s.n; i++)
		if (pipe2(s.cust[i].buzzer, O_CLOEXEC | O_NONBLOCK) != 0) {
			xasprintf(cause, "cannot make a buzzer: %s",
			    strerror(errno));
			s.cust[i].buzzer[0] = s.cust[i].buzzer[1] = -1;
			goto out;
		}
	s.loop = loop_new(t, loop_lane);
	for (int i = 0; i < s.n; i++)
		if (loop_spawn(s.loop, table_customer, &s.cust[i],
		    s.cust[i].lane, cause) == NULL)
			goto out;
	r->start_ns = clock_now_ns();
	rc = 0;
	/* th[0] is the cashier (st[0]), th[1] the cook (st[1]). */
	if (engine_start_threads(th, 1, cashier_main, &st[0], sizeof st[0],
	    &started, t, cause) != 0 ||
	    engine_start_threads(th, 2, cook_main, &st[0], sizeof st[0],
	    &started, t, cause) != 0)
		rc = -1;
	if (rc == 0 && loop_run(s.loop, cause) != 0) {
		trace_request_stop(t);
		rc = -1;
	}
	close_shop(&s);
	engine_join_threads(th, started);
	r->end_ns = clock_now_ns();
	report_customers(&s, st, 2, r);
	result_metric(r, "cashier_idle_ms", (double)st[0].idle_ns / 1e6);
	result_metric(r, "cook_idle_ms", (double)st[1].idle_ns / 1e6);
out:
	loop_free(s.loop);
	shop_release(&s);
	return rc;
}

int
baseline_burgers(struct params *p)
{
	p->units = p->workers;
	p->workers = 1;
	p->work = WORK_IO;
	p->unit_ms = p->unit_ms + p->unit_ms / BURGER_ORDER_DIV;
	return 0;
}

/*
 * Cleaning the house.
 */

struct house {
	struct trace		*trace;
	const struct params	*params;
	_Atomic int		 next_room;
	uint64_t		 per_room;	/* bytecodes */
};

struct helper {
	struct house	*house;
	int		 lane;
	int		 rooms;
	uint64_t	 end_ns;
};

/* A helper: takes the next dirty room until none is left. */
static void *
helper_main(void *arg)
{
	struct helper *me = arg;
	struct house *h = me->house;
	uint64_t x = (uint64_t)me->lane * 0x9E3779B97F4A7C15ULL + 1;
	struct preempt pp;
	int room;

	work_worker_begin(h->params->cores);
	trace_lane_bind(h->trace, me->lane);
	trace_state(h->trace, me->lane, TRACE_RUN);
	work_preempt_start(&pp);
	while (!trace_stopping(h->trace) &&
	    (room = atomic_fetch_add(&h->next_room, 1)) < h->params->units) {
		int cpu = -1;

		trace_record(h->trace, me->lane, TRACE_EV_MARK, TRACE_NONE,
		    BURGER_MARK(BURGER_CLEAN_ROOM, room + 1));
		for (uint64_t i = 0; i < h->per_room; i++) {
			x = work_bytecode(x);
			if (i % 64 == 0) {
				if (trace_stopping(h->trace))
					break;
				/* More helpers than cores: show time-slicing. */
				if (i % CLEAN_PREEMPT_EVERY == 0)
					work_preempt_check(&pp, h->trace, me->lane);
				if (trace_cpu() != cpu) {
					cpu = trace_cpu();
					trace_record(h->trace, me->lane,
					    TRACE_EV_CPU, TRACE_NONE, 0);
				}
			}
		}
		me->rooms++;
	}
	me->end_ns = clock_now_ns();
	trace_state(h->trace, me->lane, TRACE_DONE);
	work_sink(x);
	trace_lane_finish(h->trace, me->lane);
	return NULL;
}

int
engine_cleaning(const struct params *p, struct trace *t, struct result *r,
    char **cause)
{
	struct house h;
	struct helper *hs = xcalloc((size_t)p->workers, sizeof *hs);
	double idle = 0;
	int rc, rooms = 0, most = 0;

	h.trace = t;
	h.params = p;
	atomic_init(&h.next_room, 0);
	h.per_room = work_bytecodes_for_ms(p->unit_ms);
	for (int i = 0; i < p->workers; i++) {
		char name[TRACE_NAME_MAX];

		snprintf(name, sizeof name, "helper %d", i + 1);
		hs[i].house = &h;
		if ((hs[i].lane = trace_lane_add(t, name, TRACE_KIND_THREAD,
		    i + 1)) < 0) {
			xasprintf(cause, "too many lanes (at most %d)",
			    TRACE_MAX_LANES);
			free(hs);
			return -1;
		}
	}
	r->start_ns = clock_now_ns();
	rc = engine_run_threads(p->workers, helper_main, hs, sizeof *hs, t,
	    cause);
	r->end_ns = clock_now_ns();
	for (int i = 0; i < p->workers; i++) {
		rooms += hs[i].rooms;
		if (hs[i].rooms > most)
			most = hs[i].rooms;
		if (hs[i].end_ns != 0)
			idle += (double)(r->end_ns - hs[i].end_ns) / 1e6;
	}
	result_metric(r, "rooms_cleaned", rooms);
	result_metric(r, "helpers", p->workers);
	result_metric(r, "rooms_max_per_helper", most);
	result_metric(r, "helper_idle_ms", idle);
	free(hs);
	return rc;
}

int
baseline_cleaning(struct params *p)
{
	p->work = WORK_CPU;
	return 0;
}
