/*
 * shop.c - the burger shop: opening and closing it, the line and the
 * kitchen, staff waiting for work, the figures every burger scene
 * reports, and the counter service of burgers-sequential and
 * burgers-parallel (see shop.h for what the states mean).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/engines.h"
#include "engine/shop.h"
#include "engine/work.h"
#include "i18n.h"
#include "trace/stats.h"
#include "util.h"

/* How long a blocked worker sleeps before looking at the stop flag. */
#define SHOP_POLL_NS 20000000u

/* Joins the queue's end; its capacity is every customer, so it fits. */
void
shop_queue_push(struct shop_queue *q, int v)
{
	q->v[(q->head + q->count) % q->cap] = v;
	q->count++;
}

/* Leaves the queue's head; the caller knows it is not empty. */
static int
queue_pop(struct shop_queue *q)
{
	int v = q->v[q->head];

	q->head = (q->head + 1) % q->cap;
	q->count--;
	return v;
}

/* Waits on `cv` for at most SHOP_POLL_NS, so stop requests are seen. */
static void
cond_wait_a_while(pthread_cond_t *cv, pthread_mutex_t *mu)
{
	struct timespec ts;

	clock_deadline(&ts, SHOP_POLL_NS);
	pthread_cond_timedwait(cv, mu, &ts);
}

/* Opens the shop: the queues, the locks and every customer. */
int
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
	/* No buzzers yet, so that shop_release closes none by mistake. */
	for (int i = 0; i < s->n; i++) {
		s->cust[i].index = i;
		s->cust[i].shop = s;
		s->cust[i].buzzer[0] = s->cust[i].buzzer[1] = -1;
	}
	if ((err = pthread_mutex_init(&s->mu, NULL)) != 0 ||
	    (err = clock_cond_init(&s->line_cv)) != 0 ||
	    (err = clock_cond_init(&s->kitchen_cv)) != 0) {
		/* Leaks what did get initialised: this never happens on Linux. */
		xasprintf(cause, "cannot set up the shop: %s", strerror(err));
		return -1;
	}
	s->synced = true;
	for (; s->ncv < s->n; s->ncv++)
		if ((err = clock_cond_init(&s->cust[s->ncv].cv)) != 0) {
			xasprintf(cause, "cannot set up customer %d: %s",
			    s->ncv + 1, strerror(err));
			return -1;
		}
	return 0;
}

/* Frees the shop, however far shop_init got. */
void
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
int
shop_add_customers(struct shop *s, enum trace_kind kind, int group,
    char **cause)
{
	for (int i = 0; i < s->n; i++) {
		s->cust[i].lane = engine_lane_add(s->trace, kind,
		    group < 0 ? 100 + i : group, cause, "%s %d", NC_("lane", "customer"),
		    i + 1);
		if (s->cust[i].lane < 0)
			return -1;
	}
	return 0;
}

/*
 * Takes the next customer from `q` as shop_take does, with the mutex
 * held.
 */
static int
take_locked(struct shop *s, struct staff *me, struct shop_queue *q,
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

/* Staff take the next job and get to work on it, or learn there is none. */
int
shop_take(struct shop *s, struct staff *me, struct shop_queue *q,
    pthread_cond_t *cv, int *taken, enum burger_mark job)
{
	int k;

	pthread_mutex_lock(&s->mu);
	k = take_locked(s, me, q, cv, taken);
	pthread_mutex_unlock(&s->mu);
	if (k >= 0) {
		trace_state(s->trace, me->lane, TRACE_BUSY);
		trace_record(s->trace, me->lane, TRACE_EV_MARK, TRACE_NONE,
		    BURGER_MARK(job, k + 1));
	}
	return k;
}

/*
 * Staff with no orders left stay idle at their post until the last
 * customer has left, so their idle time counts to the end of the scene.
 */
void
shop_wait_for_closing(struct shop *s, struct staff *me)
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
void
shop_close(struct shop *s)
{
	pthread_mutex_lock(&s->mu);
	s->closed = 1;
	pthread_cond_broadcast(&s->line_cv);
	pthread_mutex_unlock(&s->mu);
}

/* Summary figures every burger scene reports. */
void
shop_report(struct shop *s, struct staff *st, int nstaff,
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
		if (s->at_tables) {
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
 * The counter service (burgers-sequential and burgers-parallel).
 */

/* A cashier-cook: takes an order, cooks it, hands it over; repeat. */
static void *
counter_staff_main(void *arg)
{
	struct staff *me = arg;
	struct shop *s = me->shop;
	int k;

	trace_lane_bind(s->trace, me->lane);
	while ((k = shop_take(s, me, &s->line, &s->line_cv, &s->taken,
	    BURGER_TAKE_ORDER)) >= 0) {
		struct customer *c = &s->cust[k];

		work_io(s->trace, s->order_ms);
		pthread_mutex_lock(&s->mu);
		c->stage = 1;
		c->server = me->index;
		pthread_cond_signal(&c->cv);
		pthread_mutex_unlock(&s->mu);
		trace_record(s->trace, me->lane, TRACE_EV_MARK, TRACE_NONE,
		    BURGER_MARK(BURGER_COOK, k + 1));
		work_io(s->trace, s->cook_ms);
		pthread_mutex_lock(&s->mu);
		c->stage = 2;
		pthread_cond_signal(&c->cv);
		pthread_mutex_unlock(&s->mu);
	}
	shop_wait_for_closing(s, me);
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
	shop_queue_push(&s->line, c->index);
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
int
shop_counter_scene(const struct params *p, struct trace *t,
    struct result *r, int nstaff, char **cause)
{
	struct shop s;
	struct staff *st = xcalloc((size_t)nstaff, sizeof *st);
	pthread_t *sth = xcalloc((size_t)nstaff, sizeof *sth);
	pthread_t *cth = xcalloc((size_t)p->workers, sizeof *cth);
	int nst = 0, ncu = 0, rc = -1;

	if (shop_init(&s, p, t, cause) != 0)
		goto out;
	for (int i = 0; i < nstaff; i++) {
		st[i].index = i + 1;
		st[i].shop = &s;
		if (nstaff == 1)
			st[i].lane = engine_lane_add(t, TRACE_KIND_THREAD, i + 1,
			    cause, "%s", NC_("lane", "cashier-cook"));
		else
			st[i].lane = engine_lane_add(t, TRACE_KIND_THREAD, i + 1,
			    cause, "%s %d", NC_("lane", "cashier-cook"), i + 1);
		if (st[i].lane < 0)
			goto out;
	}
	if (shop_add_customers(&s, TRACE_KIND_THREAD, -1, cause) != 0)
		goto out;
	r->start_ns = clock_now_ns();
	rc = 0;
	if (engine_start_threads(sth, nstaff, counter_staff_main, st,
	    sizeof *st, &nst, t, cause) != 0 ||
	    engine_start_threads(cth, s.n, counter_customer_main, s.cust,
	    sizeof *s.cust, &ncu, t, cause) != 0)
		rc = -1;
	engine_join_threads(cth, ncu);
	shop_close(&s);
	engine_join_threads(sth, nst);
	r->end_ns = clock_now_ns();
	shop_report(&s, st, nstaff, r);
out:
	shop_release(&s);
	free(st);
	free(sth);
	free(cth);
	return rc;
}

/* One person does every burger, order and cooking, one after another. */
int
baseline_burgers(struct params *p)
{
	p->units = p->workers;
	p->workers = 1;
	p->work = WORK_IO;
	p->unit_ms = p->unit_ms + p->unit_ms / BURGER_ORDER_DIV;
	return 0;
}
