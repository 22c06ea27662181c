/*
 * coro.h - stackful coroutines: a function that can stop halfway, hand
 * control back to whoever resumed it, and later carry on from that point.
 *
 * This is what a Python coroutine is underneath `await`, done the C way:
 * each coroutine gets a stack of its own (mmap'ed, with a guard page below
 * it so an overflow faults instead of corrupting a neighbour) and a saved
 * register context; coro_resume() switches onto that stack and
 * coro_yield() switches back. Nothing here knows about time, tasks or
 * events: the event loop (loop.h) builds those on top.
 *
 * A coroutine is resumed only by one thread at a time and is not thread
 * safe; it may be resumed from inside another coroutine (nesting works
 * because each coroutine remembers who resumed it).
 */
#ifndef TIMESLICE_ENGINE_CORO_H
#define TIMESLICE_ENGINE_CORO_H

#include <stdbool.h>
#include <stddef.h>

struct coro;

/* The body of a coroutine; returning from it finishes the coroutine. */
typedef void	(*coro_fn)(struct coro *, void *arg);

/* Stack size used when coro_new is given 0. */
#define CORO_STACK_DEFAULT (256u * 1024u)

/*
 * Creates a coroutine that will run fn(co, arg) on its own stack of
 * `stack_size` bytes (0: CORO_STACK_DEFAULT) when first resumed. Returns
 * NULL and sets *cause when the stack cannot be mapped.
 */
struct coro	*coro_new(coro_fn fn, void *arg, size_t stack_size,
		    char **cause);

/*
 * Frees a coroutine and unmaps its stack. A coroutine that has not
 * finished is simply abandoned: its stack frames are discarded, so it must
 * not own anything that needs releasing.
 */
void		 coro_free(struct coro *);

/*
 * Runs `co` until it yields or finishes. Returns true if it yielded (and
 * can be resumed again), false once it has finished. Resuming a finished
 * coroutine, or one that is running, is a bug and aborts.
 */
bool		 coro_resume(struct coro *co);

/* Called by the running coroutine `co`: goes back to its resumer. */
void		 coro_yield(struct coro *co);

/* True once the body has returned. */
bool		 coro_finished(const struct coro *);

/* The coroutine the calling thread is running, or NULL on a plain stack. */
struct coro	*coro_current(void);

/*
 * Measures the cost of one switch (a resume or a yield) as the median of
 * several rounds of `iterations` resume/yield pairs. Nanoseconds.
 */
double		 coro_bench_switch_ns(int iterations);

#endif
