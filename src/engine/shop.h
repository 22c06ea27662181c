/*
 * shop.h - the burger shop the three burger scenes share: its customers,
 * its staff, the line and the kitchen, closing time, the summary figures,
 * and the counter service that burgers-sequential and burgers-parallel
 * both run with a different number of cashier-cooks.
 *
 * Cooking and taking orders are real waits (the grill works, not the
 * CPU), so eight cooks on two cores are still eight cooks. Staff are
 * therefore never shown running: their work is busy off the CPU.
 *
 * How the states read in a shop:
 *   staff     TRACE_BUSY  busy off the CPU: taking an order or cooking
 *             TRACE_IDLE  nothing to do: no one in line, no ticket, or
 *                         every order done but customers still inside
 *             TRACE_DONE  the last customer left: the shop closed
 *   customer  TRACE_LOCK_WAIT  standing at the counter: in line, ordering,
 *                              or waiting there for the burger; they can
 *                              do nothing else
 *             TRACE_IO    sitting at a table waiting for their number;
 *                         free to do something else
 *             TRACE_RUN   talking (a BURGER_TALK mark each time): a
 *                         moment of real CPU work in the loop
 *             TRACE_READY wants to talk, waiting for the loop (a task)
 *             TRACE_DONE  left with the burger
 * Marks are listed in burgers.h.
 *
 * The shop's mutex guards the queues, the counts and every customer's
 * stage; nobody waits on a condition variable for long without looking
 * at the trace's stop flag.
 */
#ifndef TIMESLICE_ENGINE_SHOP_H
#define TIMESLICE_ENGINE_SHOP_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/burgers.h"
#include "trace/trace.h"

struct shop;

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
struct shop_queue {
	int		*v;
	int		 head, count, cap;
};

struct shop {
	pthread_mutex_t	 mu;
	pthread_cond_t	 line_cv;	/* someone joined the line */
	pthread_cond_t	 kitchen_cv;	/* a ticket reached the kitchen */
	struct shop_queue line, kitchen;
	int		 taken;		/* orders taken so far */
	int		 cooked;
	int		 n;		/* customers */
	struct customer	*cust;
	struct trace	*trace;
	double		 order_ms, cook_ms;
	bool		 at_tables;	/* customers sit down once they order */
	int		 closed;	/* every customer has left */
	int		 ncv;		/* customer condvars initialised */
	bool		 synced;	/* mutex and shop condvars initialised */
};

/* Opens a shop for p->workers customers. Returns 0, or -1 and *cause. */
int	shop_init(struct shop *, const struct params *, struct trace *,
	    char **cause);

/* Frees the shop, however far shop_init got. */
void	shop_release(struct shop *);

/*
 * Adds lanes "customer i" of `kind`, all in `group`, or (group < 0) each
 * in its own. Returns 0, or -1 and *cause when the trace is full.
 */
int	shop_add_customers(struct shop *, enum trace_kind kind, int group,
	    char **cause);

/* Puts customer `k` at the end of `q`. Called with the mutex held. */
void	shop_queue_push(struct shop_queue *q, int k);

/*
 * Takes the next customer from `q` for `me`, who waits idle (recorded,
 * and added to me->idle_ns) on `cv` while the queue is empty, and counts
 * the take in `*taken`; then `me` is busy, with a `job` mark naming the
 * customer. Called without the mutex; returns the customer's index, or
 * -1 once all n customers have gone through `q` or on a stop request.
 */
int	shop_take(struct shop *, struct staff *me, struct shop_queue *q,
	    pthread_cond_t *cv, int *taken, enum burger_mark job);

/*
 * Staff with no orders left stay idle at their post until the last
 * customer has left, so their idle time counts to the end of the scene;
 * then they are done.
 */
void	shop_wait_for_closing(struct shop *, struct staff *me);

/* Every customer has left: lets the staff go home. */
void	shop_close(struct shop *);

/* The summary figures every burger scene reports. */
void	shop_report(struct shop *, struct staff *st, int nstaff,
	    struct result *);

/*
 * The counter service: `nstaff` cashier-cook threads each take an order
 * and cook it while its customer (a thread) waits at the counter.
 */
int	shop_counter_scene(const struct params *, struct trace *,
	    struct result *, int nstaff, char **cause);

#endif
