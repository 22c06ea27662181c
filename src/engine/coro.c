/*
 * coro.c - coroutines over makecontext/swapcontext, each on an mmap'ed
 * stack with a PROT_NONE guard page at its low end (stacks grow down).
 *
 * A switch is one swapcontext(): it saves the callee-saved registers and
 * the signal mask of the side that leaves and loads those of the side that
 * enters. The signal mask costs a system call per switch, which is why a
 * ucontext switch is a few hundred nanoseconds rather than a few dozen;
 * it is still far cheaper than waking another thread (see
 * bench_thread_handoff_ns in loop.h).
 *
 * Under AddressSanitizer and ThreadSanitizer the switches are announced to
 * the sanitizer (the fiber hooks), so they keep track of which stack is
 * live and do not report false errors.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "engine/coro.h"
#include "trace/clock.h"
#include "trace/stats.h"
#include "util.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define CORO_ASAN 1
#endif
#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define CORO_TSAN 1
#endif

enum coro_status {
	CORO_FRESH,		/* created, never resumed */
	CORO_SUSPENDED,		/* yielded */
	CORO_RUNNING,
	CORO_FINISHED
};

struct coro {
	ucontext_t	 ctx;		/* the coroutine's own context */
	ucontext_t	 caller;	/* whoever resumed it last */
	struct coro	*prev;		/* coro_current() of the resumer */
	coro_fn		 fn;
	void		*arg;
	enum coro_status status;
	void		*map;		/* guard page + stack */
	size_t		 map_size;
	char		*stack;		/* usable stack, above the guard */
	size_t		 stack_size;
#ifdef CORO_ASAN
	void		*fake_stack;	/* ASan's fake frames of the side left */
	const void	*caller_bottom;	/* the resumer's stack, for ASan */
	size_t		 caller_size;
#endif
#ifdef CORO_TSAN
	void		*tsan_fiber;
	void		*tsan_caller;
#endif
};

static _Thread_local struct coro *current;

/*
 * The first frame on a coroutine's stack. makecontext passes only ints,
 * so the pointer arrives split in two halves.
 */
static void
coro_trampoline(unsigned int hi, unsigned int lo)
{
	struct coro *co = (struct coro *)(((uintptr_t)hi << 32) | lo);

#ifdef CORO_ASAN
	__sanitizer_finish_switch_fiber(NULL, &co->caller_bottom,
	    &co->caller_size);
#endif
	co->fn(co, co->arg);
	co->status = CORO_FINISHED;
	current = co->prev;
#ifdef CORO_ASAN
	/* NULL: this stack is going away, ASan may forget its frames. */
	__sanitizer_start_switch_fiber(NULL, co->caller_bottom,
	    co->caller_size);
#endif
#ifdef CORO_TSAN
	__tsan_switch_to_fiber(co->tsan_caller, 0);
#endif
	/* Never returns: nobody resumes a finished coroutine. */
	setcontext(&co->caller);
	abort();
}

struct coro *
coro_new(coro_fn fn, void *arg, size_t stack_size, char **cause)
{
	struct coro *co;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uintptr_t p;

	if (stack_size == 0)
		stack_size = CORO_STACK_DEFAULT;
	stack_size = (stack_size + page - 1) / page * page;
	co = xcalloc(1, sizeof *co);
	co->fn = fn;
	co->arg = arg;
	co->status = CORO_FRESH;
	co->map_size = stack_size + page;
	co->map = mmap(NULL, co->map_size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (co->map == MAP_FAILED) {
		xasprintf(cause, "cannot map a coroutine stack of %zu bytes: %s",
		    stack_size, strerror(errno));
		free(co);
		return NULL;
	}
	if (mprotect(co->map, page, PROT_NONE) != 0) {
		xasprintf(cause, "cannot protect a coroutine guard page: %s",
		    strerror(errno));
		munmap(co->map, co->map_size);
		free(co);
		return NULL;
	}
	co->stack = (char *)co->map + page;
	co->stack_size = stack_size;
	if (getcontext(&co->ctx) != 0) {
		xasprintf(cause, "getcontext: %s", strerror(errno));
		munmap(co->map, co->map_size);
		free(co);
		return NULL;
	}
	co->ctx.uc_stack.ss_sp = co->stack;
	co->ctx.uc_stack.ss_size = co->stack_size;
	co->ctx.uc_link = NULL;
	p = (uintptr_t)co;
	makecontext(&co->ctx, (void (*)(void))coro_trampoline, 2,
	    (unsigned int)(p >> 32), (unsigned int)(p & 0xffffffffu));
#ifdef CORO_TSAN
	co->tsan_fiber = __tsan_create_fiber(0);
#endif
	return co;
}

void
coro_free(struct coro *co)
{
	if (co == NULL)
		return;
	if (co->status == CORO_RUNNING)
		fatal("coroutine freed while running");
#ifdef CORO_TSAN
	__tsan_destroy_fiber(co->tsan_fiber);
#endif
	munmap(co->map, co->map_size);
	free(co);
}

bool
coro_resume(struct coro *co)
{
	if (co->status == CORO_FINISHED || co->status == CORO_RUNNING)
		fatal("resuming a coroutine that is %s",
		    co->status == CORO_RUNNING ? "running" : "finished");
	co->status = CORO_RUNNING;
	co->prev = current;
	current = co;
#ifdef CORO_ASAN
	__sanitizer_start_switch_fiber(&co->fake_stack, co->stack,
	    co->stack_size);
#endif
#ifdef CORO_TSAN
	co->tsan_caller = __tsan_get_current_fiber();
	__tsan_switch_to_fiber(co->tsan_fiber, 0);
#endif
	if (swapcontext(&co->caller, &co->ctx) != 0)
		fatal("swapcontext: %s", strerror(errno));
	/* Back here when the coroutine yielded or finished. */
#ifdef CORO_ASAN
	__sanitizer_finish_switch_fiber(co->fake_stack, NULL, NULL);
#endif
	return co->status != CORO_FINISHED;
}

void
coro_yield(struct coro *co)
{
	if (co != current || co->status != CORO_RUNNING)
		fatal("coro_yield outside its own coroutine");
	co->status = CORO_SUSPENDED;
	current = co->prev;
#ifdef CORO_ASAN
	__sanitizer_start_switch_fiber(&co->fake_stack, co->caller_bottom,
	    co->caller_size);
#endif
#ifdef CORO_TSAN
	__tsan_switch_to_fiber(co->tsan_caller, 0);
#endif
	if (swapcontext(&co->ctx, &co->caller) != 0)
		fatal("swapcontext: %s", strerror(errno));
	/* Resumed: coro_resume has already marked us running. */
#ifdef CORO_ASAN
	__sanitizer_finish_switch_fiber(co->fake_stack, &co->caller_bottom,
	    &co->caller_size);
#endif
}

bool
coro_finished(const struct coro *co)
{
	return co->status == CORO_FINISHED;
}

struct coro *
coro_current(void)
{
	return current;
}

/* A coroutine that only ever yields, for the benchmark. */
static void
bench_body(struct coro *co, void *arg)
{
	const int *stop = arg;

	while (!*stop)
		coro_yield(co);
}

double
coro_bench_switch_ns(int iterations)
{
	enum { ROUNDS = 7 };
	double per[ROUNDS];
	struct coro *co;
	char *cause = NULL;
	int stop = 0;

	if (iterations < 1)
		iterations = 1;
	if ((co = coro_new(bench_body, &stop, 0, &cause)) == NULL) {
		free(cause);
		return -1;
	}
	coro_resume(co);	/* warm up: first entry, page faults */
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = clock_now_ns();

		for (int i = 0; i < iterations; i++)
			coro_resume(co);
		/* Each resume is two switches: in, and back out on yield. */
		per[r] = (double)(clock_now_ns() - t0) / (2.0 * iterations);
	}
	stop = 1;
	coro_resume(co);
	coro_free(co);
	return stats_percentile(per, ROUNDS, 50);
}
