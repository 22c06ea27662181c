/*
 * burgers-sequential.c - sequential burgers: one cashier-cook serves each
 * customer from order to burger before looking at the next.
 *
 * The customers are threads standing at the counter the whole time: in
 * line, ordering, then waiting there while their burger cooks, unable to
 * do anything else. --workers is the number of customers. The shop and
 * its counter service are in shop.c, shared with burgers-parallel.
 */
#include "engine/engines.h"
#include "engine/shop.h"

/* The scene: the counter service with one cashier-cook. */
int
engine_burgers_sequential(const struct params *p, struct trace *t,
    struct result *r, char **cause)
{
	return shop_counter_scene(p, t, r, 1, cause);
}
