/*
 * handoff.c - what it costs to pass control from one thread to another:
 * the figure a coroutine switch (coro.h) is compared with.
 *
 * Two threads share a mutex, a condition variable and a `turn` flag; each
 * waits for its turn, passes it to the other and signals. A hand-off is
 * one thread giving the turn and the other waking up with it, so one round
 * trip is two hand-offs. Each of them costs a futex wake, a sleep and a
 * trip through the kernel scheduler, which a coroutine switch never pays.
 */
#include <pthread.h>
#include <stdlib.h>

#include "engine/loop.h"
#include "trace/clock.h"
#include "trace/stats.h"
#include "util.h"

#define HANDOFF_ROUNDS 5

struct handoff {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	int		 turn;		/* 0: the pinger's, 1: the ponger's */
	int		 quit;
};

/* The other side: waits for its turn, gives it straight back. */
static void *
ponger(void *arg)
{
	struct handoff *h = arg;

	pthread_mutex_lock(&h->mu);
	for (;;) {
		while (h->turn != 1 && !h->quit)
			pthread_cond_wait(&h->cv, &h->mu);
		if (h->quit)
			break;
		h->turn = 0;
		pthread_cond_signal(&h->cv);
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

/* Runs `n` round trips from the calling thread; returns ns per hand-off. */
static double
ping(struct handoff *h, int n)
{
	uint64_t t0 = clock_now_ns();

	pthread_mutex_lock(&h->mu);
	for (int i = 0; i < n; i++) {
		h->turn = 1;
		pthread_cond_signal(&h->cv);
		while (h->turn != 0)
			pthread_cond_wait(&h->cv, &h->mu);
	}
	pthread_mutex_unlock(&h->mu);
	return (double)(clock_now_ns() - t0) / (2.0 * n);
}

double
bench_thread_handoff_ns(int iterations)
{
	struct handoff h;
	double per[HANDOFF_ROUNDS];
	pthread_t th;
	int err;

	if (iterations < 1)
		iterations = 1;
	h.turn = 0;
	h.quit = 0;
	if ((err = pthread_mutex_init(&h.mu, NULL)) != 0)
		return -1;
	if ((err = pthread_cond_init(&h.cv, NULL)) != 0) {
		pthread_mutex_destroy(&h.mu);
		return -1;
	}
	if ((err = pthread_create(&th, NULL, ponger, &h)) != 0) {
		pthread_cond_destroy(&h.cv);
		pthread_mutex_destroy(&h.mu);
		return -1;
	}
	ping(&h, iterations / 10 + 1);	/* warm up */
	for (int r = 0; r < HANDOFF_ROUNDS; r++)
		per[r] = ping(&h, iterations);
	pthread_mutex_lock(&h.mu);
	h.quit = 1;
	pthread_cond_signal(&h.cv);
	pthread_mutex_unlock(&h.mu);
	if ((err = pthread_join(th, NULL)) != 0)
		fatal("cannot join the hand-off thread: %d", err);
	pthread_cond_destroy(&h.cv);
	pthread_mutex_destroy(&h.mu);
	return stats_percentile(per, HANDOFF_ROUNDS, 50);
}
