/*
 * burgers.h - what the burger scenes mark in their traces, so that tests,
 * the lessons and the timeline can tell an order from a conversation.
 *
 * Every TRACE_EV_MARK a burger scene records carries
 * BURGER_MARK(kind, detail): the kind in the low 8 bits and a detail (a
 * customer number, a ticket or a staff number, 1-based) above them.
 */
#ifndef TIMESLICE_ENGINE_BURGERS_H
#define TIMESLICE_ENGINE_BURGERS_H

#include <stdint.h>

#include "engine/params.h"

enum burger_mark {
	BURGER_ARRIVE = 1,	/* customer: joined the line */
	BURGER_ORDERED,		/* customer: order taken; detail = staff */
	BURGER_TALK,		/* customer: said something at the table */
	BURGER_SERVED,		/* customer: got the burger; detail = staff */
	BURGER_TAKE_ORDER,	/* staff: began an order; detail = customer */
	BURGER_COOK,		/* staff: began cooking; detail = customer */
	BURGER_CLEAN_ROOM	/* helper: began a room; detail = room */
};

#define BURGER_MARK(kind, detail) \
	((uint32_t)(kind) | ((uint32_t)(detail) << 8))
#define BURGER_MARK_KIND(arg) ((enum burger_mark)((arg) & 0xff))
#define BURGER_MARK_DETAIL(arg) ((int)((arg) >> 8))

/* Cashier-cooks in burgers-parallel, as in the story. */
#define BURGER_PARALLEL_STAFF 8

/*
 * Taking an order and payment lasts unit-ms / BURGER_ORDER_DIV; cooking a
 * burger lasts unit-ms.
 */
#define BURGER_ORDER_DIV 5.0

/* The sequential run with the same work: one person does every burger. */
int	baseline_burgers(struct params *);

/* Cleaning alone: the same rooms, CPU-bound, one after another. */
int	baseline_cleaning(struct params *);

#endif
