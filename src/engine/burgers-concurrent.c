/*
 * burgers-concurrent.c - concurrent burgers: a cashier thread takes
 * orders from the line and hands numbered tickets to a cook thread
 * through the kitchen queue (mutex + condvar).
 *
 * The customers are coroutine tasks on an event loop. Once they have a
 * ticket they sit down and talk until the cook writes to their buzzer (a
 * pipe the loop polls): waiting no longer keeps them at the counter.
 * --workers is the number of customers. The shop is in shop.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "engine/engines.h"
#include "engine/loop.h"
#include "engine/shop.h"
#include "engine/work.h"
#include "i18n.h"
#include "util.h"

/* A customer says something every cook-ms / BURGER_TALK_DIV at the table. */
#define BURGER_TALK_DIV 5.0
/* What saying something costs, in ms of CPU. */
#define BURGER_TALK_CPU_MS 0.05

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
	while ((k = shop_take(s, me, &s->line, &s->line_cv, &s->taken,
	    BURGER_TAKE_ORDER)) >= 0) {
		work_io(s->trace, s->order_ms);
		pthread_mutex_lock(&s->mu);
		shop_queue_push(&s->kitchen, k);
		pthread_cond_signal(&s->kitchen_cv);
		pthread_mutex_unlock(&s->mu);
		buzz(&s->cust[k], 't');		/* here is your ticket */
	}
	shop_wait_for_closing(s, me);
	trace_lane_finish(s->trace, me->lane);
	return NULL;
}

/* The cook: cooks each ticket in turn and buzzes its customer. */
static void *
cook_main(void *arg)
{
	struct staff *me = arg;
	struct shop *s = me->shop;
	int k;

	trace_lane_bind(s->trace, me->lane);
	while ((k = shop_take(s, me, &s->kitchen, &s->kitchen_cv, &s->cooked,
	    BURGER_COOK)) >= 0) {
		work_io(s->trace, s->cook_ms);
		buzz(&s->cust[k], 'r');		/* number k, your burger */
	}
	shop_wait_for_closing(s, me);
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

	loop_mark(task, BURGER_MARK(BURGER_ARRIVE, c->index + 1));
	pthread_mutex_lock(&s->mu);
	c->arrive_ns = clock_now_ns();
	shop_queue_push(&s->line, c->index);
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
	loop_mark(task, BURGER_MARK(BURGER_ORDERED, 1));
	/* At the table: wait for the number, talking meanwhile. */
	while (what != 'r' && !trace_stopping(s->trace)) {
		if (loop_wait_fd(task, c->buzzer[0], POLLIN, talk_ms,
		    TRACE_IO) != 0) {
			what = read_buzzer(c);
			continue;
		}
		loop_mark(task, BURGER_MARK(BURGER_TALK, c->index + 1));
		x = loop_block_cpu(task, BURGER_TALK_CPU_MS, x);
		c->talks++;
	}
	work_sink(x);
	if (what != 'r')
		return;
	c->served_ns = clock_now_ns();
	c->stage = 2;
	loop_mark(task, BURGER_MARK(BURGER_SERVED, 2));
}

/* The scene: the two staff threads, and the customers on a loop here. */
int
engine_burgers_concurrent(const struct params *p, struct trace *t,
    struct result *r, char **cause)
{
	struct shop s;
	struct staff st[2];
	struct loop *loop = NULL;
	pthread_t th[2];
	int loop_lane, started = 0, rc = -1;

	memset(st, 0, sizeof st);
	/* Calibrate now: lazily, the first talk would pay for it. */
	work_calibrate();
	if (shop_init(&s, p, t, cause) != 0)
		goto out;
	s.at_tables = true;
	st[0].index = 1;
	st[1].index = 2;
	st[0].shop = st[1].shop = &s;
	if ((st[0].lane = engine_lane_add(t, TRACE_KIND_THREAD, 1, cause,
	    "%s", NC_("lane", "cashier"))) < 0 ||
	    (st[1].lane = engine_lane_add(t, TRACE_KIND_THREAD, 2, cause,
	    "%s", NC_("lane", "cook"))) < 0 ||
	    (loop_lane = engine_lane_add(t, TRACE_KIND_THREAD, 0, cause,
	    "%s", NC_("lane", "loop"))) < 0)
		goto out;
	if (shop_add_customers(&s, TRACE_KIND_TASK, 0, cause) != 0)
		goto out;
	for (int i = 0; i < s.n; i++)
		if (pipe2(s.cust[i].buzzer, O_CLOEXEC | O_NONBLOCK) != 0) {
			xasprintf(cause, "cannot make a buzzer: %s",
			    strerror(errno));
			s.cust[i].buzzer[0] = s.cust[i].buzzer[1] = -1;
			goto out;
		}
	loop = loop_new(t, loop_lane);
	for (int i = 0; i < s.n; i++)
		if (loop_spawn(loop, table_customer, &s.cust[i],
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
	if (rc == 0 && loop_run(loop, cause) != 0) {
		trace_request_stop(t);
		rc = -1;
	}
	shop_close(&s);
	engine_join_threads(th, started);
	r->end_ns = clock_now_ns();
	shop_report(&s, st, 2, r);
	result_metric(r, "cashier_idle_ms", (double)st[0].idle_ns / 1e6);
	result_metric(r, "cook_idle_ms", (double)st[1].idle_ns / 1e6);
out:
	loop_free(loop);
	shop_release(&s);
	return rc;
}
