/*
 * burgers-parallel.c - parallel burgers: min(8, customers) cashier-cooks,
 * each taking one customer's order and cooking it while that customer
 * (a thread) waits at the counter.
 *
 * Everyone works at once, yet every customer still stands at the counter
 * from arrival to burger. --workers is the number of customers. The shop
 * and its counter service are in shop.c, shared with burgers-sequential.
 */
#include "engine/engines.h"
#include "engine/shop.h"

/* The scene: the counter service with one cashier-cook per customer, up
 * to BURGER_PARALLEL_STAFF. */
int
engine_burgers_parallel(const struct params *p, struct trace *t,
    struct result *r, char **cause)
{
	int n = p->workers < BURGER_PARALLEL_STAFF ? p->workers :
	    BURGER_PARALLEL_STAFF;

	return shop_counter_scene(p, t, r, n, cause);
}
