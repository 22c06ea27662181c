/*
 * check_coro.c - coroutines, the event loop, generators, and the
 * coroutine and burger scenarios, checked from what they record.
 *
 * Orders inside one event loop are exact here: one thread runs every
 * task, so the order is decided by the loop alone. Across threads (the
 * burger staff) only invariants of the trace are checked.
 */
#include <dirent.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/burgers.h"
#include "engine/coro.h"
#include "engine/gen.h"
#include "engine/loop.h"
#include "engine/work.h"
#include "i18n.h"
#include "lang.h"
#include "testutil.h"

#if defined(__SANITIZE_THREAD__)
#define SANITIZER_THREADS 1
#else
#define SANITIZER_THREADS 0
#endif

/* Coroutines. */

struct counter_arg {
	int	 steps;
	int	 seen;
};

static void
count_body(struct coro *co, void *arg)
{
	struct counter_arg *a = arg;
	int local = 100;	/* lives on the coroutine's own stack */

	for (int i = 0; i < a->steps; i++) {
		a->seen = local + i;
		coro_yield(co);
	}
	a->seen = -1;
}

START_TEST(coro_stops_at_each_yield_and_finishes)
{
	struct counter_arg a = { 3, 0 };
	char *cause = NULL;
	struct coro *co = coro_new(count_body, &a, 0, &cause);

	ck_assert_ptr_nonnull(co);
	ck_assert(!coro_finished(co));
	for (int i = 0; i < 3; i++) {
		ck_assert(coro_resume(co));
		ck_assert_int_eq(a.seen, 100 + i);
		ck_assert_ptr_null(coro_current());
	}
	ck_assert(!coro_resume(co));
	ck_assert_int_eq(a.seen, -1);
	ck_assert(coro_finished(co));
	coro_free(co);
}
END_TEST

struct nest_arg {
	struct coro	*inner;
	struct coro	*seen_outer, *seen_inner;
	char		 log[16];
	int		 n;
};

static void
inner_body(struct coro *co, void *arg)
{
	struct nest_arg *a = arg;

	a->seen_inner = coro_current();
	a->log[a->n++] = 'i';
	coro_yield(co);
	a->log[a->n++] = 'j';
}

static void
outer_body(struct coro *co, void *arg)
{
	struct nest_arg *a = arg;

	a->seen_outer = coro_current();
	a->log[a->n++] = 'o';
	coro_resume(a->inner);		/* back here when inner yields */
	ck_assert_ptr_eq(coro_current(), co);
	a->log[a->n++] = 'p';
	coro_yield(co);
	coro_resume(a->inner);		/* inner finishes */
	a->log[a->n++] = 'q';
}

START_TEST(coro_resumed_from_a_coroutine_returns_to_it)
{
	struct nest_arg a;
	char *cause = NULL;
	struct coro *outer;

	memset(&a, 0, sizeof a);
	a.inner = coro_new(inner_body, &a, 0, &cause);
	outer = coro_new(outer_body, &a, 64 * 1024, &cause);
	ck_assert_ptr_nonnull(a.inner);
	ck_assert_ptr_nonnull(outer);
	ck_assert(coro_resume(outer));
	ck_assert_str_eq(a.log, "oip");
	ck_assert(!coro_resume(outer));
	ck_assert_str_eq(a.log, "oipjq");
	ck_assert_ptr_eq(a.seen_outer, outer);
	ck_assert_ptr_eq(a.seen_inner, a.inner);
	ck_assert(coro_finished(a.inner));
	coro_free(a.inner);
	coro_free(outer);
}
END_TEST

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
/* Uses a kilobyte of stack per call and needs the callee's result. */
static uint64_t
deep(uint64_t n)
{
	unsigned char buf[1024];

	memset(buf, (int)(n & 0xff), sizeof buf);
	if (n == 0)
		return buf[n % sizeof buf];
	return deep(n - 1) + buf[(n * 7) % sizeof buf];
}

static void
overflow_body(struct coro *co, void *arg)
{
	(void)co;
	(void)arg;
	work_sink(deep(1u << 20));	/* 1 GiB of frames: far past 64 KiB */
}

START_TEST(coro_stack_overflow_hits_the_guard_page)
{
	char *cause = NULL;
	struct coro *co = coro_new(overflow_body, NULL, 64 * 1024, &cause);

	ck_assert_ptr_nonnull(co);
	coro_resume(co);	/* must die of SIGSEGV, not scribble on */
	ck_abort_msg("the coroutine overflowed its stack unnoticed");
}
END_TEST
#endif

START_TEST(coro_benchmarks_give_positive_figures)
{
	ck_assert(coro_bench_switch_ns(1000) > 0);
	ck_assert(bench_thread_handoff_ns(200) > 0);
}
END_TEST

/* The event loop. */

struct order_log {
	char	 s[64];
	struct loop *loop;
};

static void
append(struct order_log *o, const char *what)
{
	strcat(o->s, what);
	strcat(o->s, " ");
}

struct step_arg {
	struct order_log *log;
	const char	 *name;
	int		  zeros;	/* sleep(0)s between the two steps */
};

static void
two_steps(struct loop_task *t, void *arg)
{
	struct step_arg *a = arg;
	char buf[8];

	snprintf(buf, sizeof buf, "%s1", a->name);
	append(a->log, buf);
	for (int i = 0; i < a->zeros; i++)
		loop_sleep(t, 0);
	snprintf(buf, sizeof buf, "%s2", a->name);
	append(a->log, buf);
}

START_TEST(sleep_zero_gives_up_exactly_one_iteration)
{
	struct order_log o;
	struct step_arg a = { &o, "a", 1 }, b = { &o, "b", 2 },
	    c = { &o, "c", 0 }, d = { &o, "d", 3 };
	struct loop_stats st;
	char *cause = NULL;

	memset(&o, 0, sizeof o);
	o.loop = loop_new(NULL, -1);
	ck_assert_ptr_nonnull(loop_spawn(o.loop, two_steps, &a, -1, &cause));
	ck_assert_ptr_nonnull(loop_spawn(o.loop, two_steps, &b, -1, &cause));
	ck_assert_ptr_nonnull(loop_spawn(o.loop, two_steps, &c, -1, &cause));
	ck_assert_ptr_nonnull(loop_spawn(o.loop, two_steps, &d, -1, &cause));
	ck_assert_int_eq(loop_run(o.loop, &cause), 0);
	/*
	 * Iteration 1 runs a, b, c, d once each (c finishes); 2 runs a
	 * (finishes), b, d; 3 runs b (finishes), d; 4 runs d.
	 */
	ck_assert_str_eq(o.s, "a1 b1 c1 c2 d1 a2 b2 d2 ");
	loop_stats(o.loop, &st);
	ck_assert_uint_eq(st.iterations, 4);
	ck_assert_uint_eq(st.tasks_done, 4);
	ck_assert_uint_eq(st.polls, 0);
	loop_free(o.loop);
}
END_TEST

struct spawner_arg {
	struct order_log *log;
	struct step_arg	  child;
};

/* Spawns a child mid-iteration: it runs in the next iteration. */
static void
spawner(struct loop_task *t, void *arg)
{
	struct spawner_arg *a = arg;
	char *cause = NULL;

	append(a->log, "s1");
	ck_assert_ptr_nonnull(loop_spawn(a->log->loop, two_steps, &a->child,
	    -1, &cause));
	loop_sleep(t, 0);
	append(a->log, "s2");
}

START_TEST(tasks_spawned_while_running_wait_for_the_next_iteration)
{
	struct order_log o;
	struct spawner_arg s;
	struct step_arg b = { &o, "b", 1 };
	char *cause = NULL;

	memset(&o, 0, sizeof o);
	s.log = &o;
	s.child.log = &o;
	s.child.name = "k";
	s.child.zeros = 0;
	o.loop = loop_new(NULL, -1);
	loop_spawn(o.loop, spawner, &s, -1, &cause);
	loop_spawn(o.loop, two_steps, &b, -1, &cause);
	ck_assert_int_eq(loop_run(o.loop, &cause), 0);
	/* The child was queued after b but before s's sleep(0) returned. */
	ck_assert_str_eq(o.s, "s1 b1 k1 k2 s2 b2 ");
	loop_free(o.loop);
}
END_TEST

struct sleeper_arg {
	struct order_log *log;
	const char	 *name;
	double		  ms;
};

static void
sleeper(struct loop_task *t, void *arg)
{
	struct sleeper_arg *a = arg;

	loop_sleep(t, a->ms);
	append(a->log, a->name);
}

struct gather_arg {
	struct order_log	*log;
	struct sleeper_arg	 kids[3];
};

static void
gatherer(struct loop_task *t, void *arg)
{
	struct gather_arg *g = arg;
	struct loop_task *kids[3];
	char *cause = NULL;

	for (int i = 0; i < 3; i++)
		kids[i] = loop_spawn(g->log->loop, sleeper, &g->kids[i], -1,
		    &cause);
	loop_gather(t, kids, 3);
	for (int i = 0; i < 3; i++)
		ck_assert(loop_task_done(kids[i]));
	append(g->log, "gathered");
}

START_TEST(gather_waits_for_every_task_and_timers_fire_by_deadline)
{
	struct order_log o;
	struct gather_arg g = { &o, {
	    { &o, "slow", 30 }, { &o, "fast", 10 }, { &o, "mid", 20 } } };
	struct loop_stats st;
	char *cause = NULL;

	memset(&o, 0, sizeof o);
	o.loop = loop_new(NULL, -1);
	loop_spawn(o.loop, gatherer, &g, -1, &cause);
	ck_assert_int_eq(loop_run(o.loop, &cause), 0);
	ck_assert_str_eq(o.s, "fast mid slow gathered ");
	loop_stats(o.loop, &st);
	ck_assert_uint_eq(st.tasks_done, 4);
	ck_assert(st.polls >= 1);	/* it slept: nothing was ready */
	loop_free(o.loop);
}
END_TEST

struct fd_arg {
	int	 pipe[2];
	short	 first, second;
};

static void
fd_reader(struct loop_task *t, void *arg)
{
	struct fd_arg *a = arg;

	a->first = loop_wait_fd(t, a->pipe[0], POLLIN, 5, TRACE_IO);
	a->second = loop_wait_fd(t, a->pipe[0], POLLIN, -1, TRACE_IO);
}

static void
fd_writer(struct loop_task *t, void *arg)
{
	struct fd_arg *a = arg;

	loop_sleep(t, 15);
	ck_assert_int_eq(write(a->pipe[1], "x", 1), 1);
}

START_TEST(wait_fd_wakes_on_readiness_and_times_out)
{
	struct fd_arg a;
	struct loop *l = loop_new(NULL, -1);
	char *cause = NULL;

	memset(&a, 0, sizeof a);
	ck_assert_int_eq(pipe(a.pipe), 0);
	loop_spawn(l, fd_reader, &a, -1, &cause);
	loop_spawn(l, fd_writer, &a, -1, &cause);
	ck_assert_int_eq(loop_run(l, &cause), 0);
	ck_assert_int_eq(a.first, 0);
	ck_assert(a.second & POLLIN);
	loop_free(l);
	close(a.pipe[0]);
	close(a.pipe[1]);
}
END_TEST

struct cycle_arg {
	struct loop_task *other;
};

static void
await_other(struct loop_task *t, void *arg)
{
	struct cycle_arg *a = arg;

	loop_gather(t, &a->other, 1);
}

START_TEST(tasks_awaiting_each_other_are_reported)
{
	struct cycle_arg a, b;
	struct loop *l = loop_new(NULL, -1);
	struct loop_task *ta, *tb;
	char *cause = NULL;

	ta = loop_spawn(l, await_other, &a, -1, &cause);
	tb = loop_spawn(l, await_other, &b, -1, &cause);
	a.other = tb;
	b.other = ta;
	ck_assert_int_eq(loop_run(l, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_ptr_nonnull(strstr(cause, "wait for each other"));
	free(cause);
	loop_free(l);
}
END_TEST

/* Generators. */

START_TEST(generator_must_be_primed_with_none)
{
	struct gen_family f;
	struct gen_value out;
	char *cause = NULL;

	gen_family_init(&f);
	ck_assert_int_eq(f.gen.state, GEN_CREATED);
	ck_assert_int_eq(gen_send(&f.gen, gen_str("Huey"), &out, &cause),
	    GEN_ERROR);
	ck_assert_ptr_nonnull(strstr(cause, "send(None)"));
	free(cause);
	cause = NULL;
	ck_assert_int_eq(f.gen.state, GEN_CREATED);
	ck_assert_int_eq(gen_next(&f.gen, &out, &cause), GEN_YIELDED);
	ck_assert_int_eq(out.kind, GEN_NONE);
	ck_assert_int_eq(f.gen.state, GEN_SUSPENDED);
	ck_assert_int_eq(f.asked, 0);
}
END_TEST

/* Sends `name` and returns the yielded answer (0 or 1). */
static int
ask(struct gen_family *f, const char *name)
{
	struct gen_value out;
	char *cause = NULL;

	ck_assert_int_eq(gen_send(&f->gen, gen_str(name), &out, &cause),
	    GEN_YIELDED);
	ck_assert_int_eq(out.kind, GEN_BOOL);
	return (int)out.i;
}

START_TEST(generator_answers_each_name_sent)
{
	struct gen_family en, es;
	struct gen_value out;
	char *cause = NULL;

	/* The names are the interface language's. */
	gen_family_init(&en);
	i18n_init("es", NULL);
	gen_family_init(&es);
	i18n_set_lang(LANG_SOURCE);
	gen_next(&en.gen, &out, &cause);
	gen_send(&es.gen, gen_none(), &out, &cause);
	ck_assert_int_eq(ask(&en, "Huey"), 1);
	ck_assert_int_eq(ask(&en, "Donald"), 0);
	ck_assert_int_eq(ask(&en, "Dewey"), 1);
	ck_assert_int_eq(ask(&en, "Louie"), 1);
	ck_assert_int_eq(ask(&en, "Hugo"), 0);
	ck_assert_int_eq(en.asked, 5);
	ck_assert_int_eq(en.found, 3);
	ck_assert_int_eq(ask(&es, "Hugo"), 1);
	ck_assert_int_eq(ask(&es, "Paco"), 1);
	ck_assert_int_eq(ask(&es, "Luis"), 1);
	ck_assert_int_eq(ask(&es, "Daisy"), 0);
	ck_assert_int_eq(ask(&es, "Huey"), 0);
	/* Sending None is a name that is nobody. */
	ck_assert_int_eq(gen_send(&es.gen, gen_none(), &out, &cause),
	    GEN_YIELDED);
	ck_assert_int_eq(out.i, 0);
	ck_assert_int_eq(es.found, 3);
}
END_TEST

START_TEST(generator_send_after_close_is_an_error)
{
	struct gen_family f, g;
	struct gen_value out;
	char *cause = NULL;

	gen_family_init(&f);
	gen_next(&f.gen, &out, &cause);
	ck_assert_int_eq(ask(&f, "Huey"), 1);
	gen_close(&f.gen);
	ck_assert_int_eq(f.gen.state, GEN_CLOSED);
	ck_assert_str_eq(gen_state_name(f.gen.state), "closed");
	ck_assert_int_eq(gen_send(&f.gen, gen_str("Dewey"), &out, &cause),
	    GEN_ERROR);
	ck_assert_ptr_nonnull(strstr(cause, "closed"));
	free(cause);
	cause = NULL;
	ck_assert_int_eq(f.asked, 1);
	gen_close(&f.gen);		/* closing twice is harmless */
	ck_assert_int_eq(gen_next(&f.gen, &out, &cause), GEN_ERROR);
	free(cause);
	cause = NULL;
	/* Closing one never primed: nothing runs, and it is closed. */
	gen_family_init(&g);
	gen_close(&g.gen);
	ck_assert_int_eq(g.gen.state, GEN_CLOSED);
	ck_assert_int_eq(gen_next(&g.gen, &out, &cause), GEN_ERROR);
	free(cause);
}
END_TEST

/* Scenarios, from their traces. */

static int
lane_named(const struct experiment *ex, const char *name)
{
	for (int i = 0; i < ex->trace->nlanes; i++)
		if (strcmp(ex->trace->lanes[i].name, name) == 0)
			return i;
	ck_abort_msg("no lane %s", name);
	return -1;
}

static int
lane_is(const struct experiment *ex, int lane, const char *prefix)
{
	return strncmp(ex->trace->lanes[lane].name, prefix,
	    strlen(prefix)) == 0;
}

/* Nanoseconds during which lanes a and b were both in `state`. */
static uint64_t
overlap_ns(const struct log *lg, int a, enum trace_state sa, int b,
    enum trace_state sb)
{
	const struct log_lane *la = &lg->lanes[a], *lb = &lg->lanes[b];
	uint64_t sum = 0;

	for (size_t i = 0; i < la->niv; i++) {
		if (la->iv[i].state != sa)
			continue;
		for (size_t j = 0; j < lb->niv; j++) {
			uint64_t s, e;

			if (lb->iv[j].state != sb)
				continue;
			s = la->iv[i].start_ns > lb->iv[j].start_ns ?
			    la->iv[i].start_ns : lb->iv[j].start_ns;
			e = la->iv[i].end_ns < lb->iv[j].end_ns ?
			    la->iv[i].end_ns : lb->iv[j].end_ns;
			if (e > s)
				sum += e - s;
		}
	}
	return sum;
}

struct sampler {
	pthread_t	 th;
	_Atomic int	 stop;
	int		 max;		/* most threads seen in this process */
};

/* Threads in this process now (sanitizers may add their own). */
static int
count_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *de;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* Counts the threads every half millisecond until told to stop. */
static void *
sample_threads(void *arg)
{
	struct sampler *s = arg;

	while (!atomic_load(&s->stop)) {
		int n = count_threads();

		if (n > s->max)
			s->max = n;
		usleep(500);
	}
	return NULL;
}

START_TEST(coroutines_run_every_task_on_one_os_thread)
{
	struct experiment ex;
	struct sampler s;
	int loop, before = count_threads();

	memset(&s, 0, sizeof s);
	ck_assert_int_eq(pthread_create(&s.th, NULL, sample_threads, &s), 0);
	tu_run(&ex, "coroutines", "workers=8 work=io units=16 unit-ms=10");
	atomic_store(&s.stop, 1);
	ck_assert_int_eq(pthread_join(s.th, NULL), 0);
	/*
	 * Those before, the sampler, and the runner that ran the loop. In a
	 * forked test ThreadSanitizer starts its background thread lazily.
	 */
	ck_assert_int_le(s.max, before + 2 + SANITIZER_THREADS);
	ck_assert_int_ge(s.max, before + 1);
	tu_check_invariants(&ex, 0);
	loop = lane_named(&ex, "loop");
	ck_assert_int_eq(ex.trace->nlanes, 9);
	for (int i = 0; i < ex.trace->nlanes; i++) {
		const struct trace_lane *tl = &ex.trace->lanes[i];

		ck_assert_int_eq(atomic_load(&tl->pid),
		    atomic_load(&ex.trace->lanes[loop].pid));
		ck_assert_int_eq(atomic_load(&tl->tid),
		    atomic_load(&ex.trace->lanes[loop].tid));
		if (i != loop) {
			ck_assert_int_eq(tl->kind, TRACE_KIND_TASK);
			ck_assert_uint_gt(ex.lanes[i].state_ns[TRACE_IO], 0);
			ck_assert_uint_gt(ex.log.lanes[i].events, 0);
		}
	}
	ck_assert_int_ne(atomic_load(&ex.trace->lanes[loop].tid),
	    (int)gettid());
	experiment_release(&ex);
}
END_TEST

START_TEST(coroutines_never_run_two_tasks_at_once)
{
	struct experiment ex;
	uint64_t ready = 0;
	int loop;

	tu_run(&ex, "coroutines", "workers=4 work=mixed units=8 unit-ms=4");
	tu_check_invariants(&ex, 0);
	loop = lane_named(&ex, "loop");
	for (int a = 0; a < ex.log.nlanes; a++) {
		if (a == loop)
			continue;
		ready += ex.lanes[a].state_ns[TRACE_READY];
		/* A task runs only while the loop's thread runs. */
		ck_assert_uint_eq(overlap_ns(&ex.log, a, TRACE_RUN, loop,
		    TRACE_IO), 0);
		for (int b = a + 1; b < ex.log.nlanes; b++)
			if (b != loop)
				ck_assert_uint_eq(overlap_ns(&ex.log, a, TRACE_RUN,
				    b, TRACE_RUN), 0);
	}
	/* CPU chunks held the loop: other tasks waited, ready. */
	ck_assert_uint_gt(ready, 0);
	experiment_release(&ex);
}
END_TEST

/* The first mark of `kind` on `lane` (its time), or 0. */
static uint64_t
mark_at(const struct experiment *ex, int lane, enum burger_mark kind)
{
	for (size_t i = 0; i < ex->log.npoints; i++) {
		const struct log_point *pt = &ex->log.points[i];

		if (pt->lane == lane && pt->type == TRACE_EV_MARK &&
		    BURGER_MARK_KIND(pt->arg) == kind)
			return pt->ts_ns;
	}
	return 0;
}

static double
metric(const struct experiment *ex, const char *key)
{
	double v = -1;

	ck_assert_msg(experiment_value(ex, key, &v) == 0, "no metric %s", key);
	return v;
}

/* When `lane` (a member of staff) last stopped being busy. */
static uint64_t
last_busy_end(const struct log *lg, int lane)
{
	uint64_t end = 0;

	for (size_t i = 0; i < lg->lanes[lane].niv; i++)
		if (lg->lanes[lane].iv[i].state == TRACE_BUSY)
			end = lg->lanes[lane].iv[i].end_ns;
	return end;
}

START_TEST(concurrent_cashier_takes_orders_while_the_cook_cooks)
{
	struct experiment ex;
	int cashier, cook, n = 5, during = 0, orders = 0;

	tu_run(&ex, "burgers-concurrent", "workers=5 unit-ms=20");
	tu_check_invariants(&ex, 0);
	cashier = lane_named(&ex, "cashier");
	cook = lane_named(&ex, "cook");
	ck_assert_int_eq((int)metric(&ex, "customers_served"), n);
	/*
	 * Orders are taken while a burger cooks: with one order lasting a
	 * fifth of a cooking, all but the first few fall inside one (even if
	 * a loaded machine wakes the cook late).
	 */
	for (size_t i = 0; i < ex.log.npoints; i++) {
		const struct log_point *pt = &ex.log.points[i];

		if (pt->lane != cashier || pt->type != TRACE_EV_MARK ||
		    BURGER_MARK_KIND(pt->arg) != BURGER_TAKE_ORDER)
			continue;
		orders++;
		if (log_at(&ex.log, cook, pt->ts_ns) != NULL &&
		    log_at(&ex.log, cook, pt->ts_ns)->state == TRACE_BUSY)
			during++;
	}
	ck_assert_int_eq(orders, n);
	ck_assert_msg(during >= 1, "no order was taken while the cook cooked");
	ck_assert_uint_gt(overlap_ns(&ex.log, cashier, TRACE_BUSY, cook,
	    TRACE_BUSY), 0);
	/* The cashier has taken every order long before the cook is done. */
	ck_assert_uint_lt(last_busy_end(&ex.log, cashier),
	    last_busy_end(&ex.log, cook));
	ck_assert(metric(&ex, "cashier_idle_ms") > 0);
	experiment_release(&ex);
}
END_TEST

START_TEST(concurrent_customers_talk_at_the_table_while_they_wait)
{
	struct experiment ex;
	int customers = 0, loop;

	tu_run(&ex, "burgers-concurrent", "workers=5 unit-ms=20");
	tu_check_invariants(&ex, 0);
	loop = lane_named(&ex, "loop");
	for (int c = 0; c < ex.log.nlanes; c++) {
		uint64_t ordered, served;
		int talks = 0;

		if (!lane_is(&ex, c, "customer"))
			continue;
		customers++;
		ck_assert_int_eq(ex.trace->lanes[c].kind, TRACE_KIND_TASK);
		ck_assert_int_eq(atomic_load(&ex.trace->lanes[c].tid),
		    atomic_load(&ex.trace->lanes[loop].tid));
		ordered = mark_at(&ex, c, BURGER_ORDERED);
		served = mark_at(&ex, c, BURGER_SERVED);
		ck_assert_uint_gt(ordered, 0);
		ck_assert_uint_gt(served, ordered);
		for (size_t i = 0; i < ex.log.npoints; i++) {
			const struct log_point *pt = &ex.log.points[i];

			if (pt->lane == c && pt->type == TRACE_EV_MARK &&
			    BURGER_MARK_KIND(pt->arg) == BURGER_TALK &&
			    pt->ts_ns > ordered && pt->ts_ns < served)
				talks++;
		}
		ck_assert_msg(talks >= 1, "customer lane %d never talked", c);
		/* Seated, never standing at the counter, until served. */
		for (size_t i = 0; i < ex.log.lanes[c].niv; i++) {
			const struct log_interval *iv = &ex.log.lanes[c].iv[i];

			if (iv->start_ns >= ordered && iv->start_ns < served)
				ck_assert_int_ne(iv->state, TRACE_LOCK_WAIT);
		}
		ck_assert_uint_gt(ex.lanes[c].state_ns[TRACE_IO], 0);
	}
	ck_assert_int_eq(customers, 5);
	ck_assert(metric(&ex, "talks") >= 5);
	ck_assert(metric(&ex, "table_ms_mean") > 0);
	experiment_release(&ex);
}
END_TEST

START_TEST(parallel_customers_wait_at_the_counter_while_staff_cook)
{
	struct experiment ex;
	int n = 10, cooks = 0;
	double cook_ms = 20;

	tu_run(&ex, "burgers-parallel", "workers=10 unit-ms=20");
	tu_check_invariants(&ex, 0);
	ck_assert_int_eq((int)metric(&ex, "customers_served"), n);
	ck_assert_int_eq((int)metric(&ex, "staff"), BURGER_PARALLEL_STAFF);
	/* A customer only ever stands at the counter, then leaves. */
	for (int c = 0; c < ex.log.nlanes; c++) {
		const struct log_lane *ll = &ex.log.lanes[c];

		if (!lane_is(&ex, c, "customer"))
			continue;
		ck_assert_int_eq(ll->niv, 2);
		ck_assert_int_eq(ll->iv[0].state, TRACE_LOCK_WAIT);
		ck_assert_int_eq(ll->iv[1].state, TRACE_DONE);
	}
	/*
	 * For every burger: from the moment its cook starts until nearly the
	 * end of the cooking time, the cook is busy off the CPU (one busy
	 * interval: cooking is not processor work) and the customer is
	 * still waiting at the counter.
	 */
	for (size_t i = 0; i < ex.log.npoints; i++) {
		const struct log_point *pt = &ex.log.points[i];
		const struct log_interval *a, *b, *cu;
		uint64_t late;
		int cust;

		if (pt->type != TRACE_EV_MARK ||
		    BURGER_MARK_KIND(pt->arg) != BURGER_COOK)
			continue;
		cooks++;
		{
			char name[TRACE_NAME_MAX];

			snprintf(name, sizeof name, "customer %d",
			    BURGER_MARK_DETAIL(pt->arg));
			cust = lane_named(&ex, name);
		}
		late = pt->ts_ns + (uint64_t)(cook_ms * 0.9e6);
		a = log_at(&ex.log, pt->lane, pt->ts_ns);
		b = log_at(&ex.log, pt->lane, late);
		ck_assert_ptr_nonnull(a);
		ck_assert_ptr_eq(a, b);
		ck_assert_int_eq(a->state, TRACE_BUSY);
		cu = log_at(&ex.log, cust, late);
		ck_assert_ptr_nonnull(cu);
		ck_assert_int_eq(cu->state, TRACE_LOCK_WAIT);
		ck_assert_uint_gt(mark_at(&ex, cust, BURGER_SERVED), late);
	}
	ck_assert_int_eq(cooks, n);
	experiment_release(&ex);
}
END_TEST

/*
 * One cashier-cook: its marks go order, cook, order, cook..., each pair
 * for one customer, every customer once; the customer's own marks follow.
 */
START_TEST(sequential_serves_one_customer_at_a_time)
{
	struct experiment ex;
	int staff, seen[3] = { 0, 0, 0 }, last = 0, pairs = 0;

	tu_run(&ex, "burgers-sequential", "workers=3 unit-ms=10");
	tu_check_invariants(&ex, 0);
	ck_assert_int_eq((int)metric(&ex, "customers_served"), 3);
	ck_assert_int_eq((int)metric(&ex, "staff"), 1);
	staff = lane_named(&ex, "cashier-cook");
	for (size_t i = 0; i < ex.log.npoints; i++) {
		const struct log_point *pt = &ex.log.points[i];
		enum burger_mark k = BURGER_MARK_KIND(pt->arg);
		int who = BURGER_MARK_DETAIL(pt->arg);
		char name[TRACE_NAME_MAX];

		if (pt->lane != staff || pt->type != TRACE_EV_MARK)
			continue;
		ck_assert(who >= 1 && who <= 3);
		if (k == BURGER_TAKE_ORDER) {
			ck_assert_int_eq(last, 0);	/* nobody half-served */
			ck_assert_int_eq(seen[who - 1]++, 0);
			last = who;
			snprintf(name, sizeof name, "customer %d", who);
			ck_assert_uint_gt(mark_at(&ex, lane_named(&ex, name),
			    BURGER_ORDERED), pt->ts_ns);
		} else {
			ck_assert_int_eq(k, BURGER_COOK);
			ck_assert_int_eq(who, last);
			last = 0;
			pairs++;
		}
	}
	ck_assert_int_eq(pairs, 3);
	experiment_release(&ex);
}
END_TEST

START_TEST(cleaning_cleans_every_room_exactly_once)
{
	struct experiment ex;
	int seen[12];

	memset(seen, 0, sizeof seen);
	tu_run(&ex, "cleaning", "workers=3 units=12 unit-ms=2");
	tu_check_invariants(&ex, 0);
	ck_assert_int_eq((int)metric(&ex, "rooms_cleaned"), 12);
	for (size_t i = 0; i < ex.log.npoints; i++) {
		const struct log_point *pt = &ex.log.points[i];
		int room = BURGER_MARK_DETAIL(pt->arg);

		if (pt->type != TRACE_EV_MARK)
			continue;
		ck_assert_int_eq(BURGER_MARK_KIND(pt->arg), BURGER_CLEAN_ROOM);
		ck_assert(room >= 1 && room <= 12);
		seen[room - 1]++;
	}
	for (int i = 0; i < 12; i++)
		ck_assert_int_eq(seen[i], 1);
	experiment_release(&ex);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("coro");
	TCase *co = tcase_create("coro");
	TCase *lo = tcase_create("loop");
	TCase *ge = tcase_create("generator");
	TCase *sc = tcase_create("scenarios");

	tcase_add_test(co, coro_stops_at_each_yield_and_finishes);
	tcase_add_test(co, coro_resumed_from_a_coroutine_returns_to_it);
	tcase_add_test(co, coro_benchmarks_give_positive_figures);
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
	/* Sanitizers catch the fault themselves and exit instead. */
	tcase_add_test_raise_signal(co, coro_stack_overflow_hits_the_guard_page,
	    SIGSEGV);
#endif
	tcase_add_test(lo, sleep_zero_gives_up_exactly_one_iteration);
	tcase_add_test(lo,
	    tasks_spawned_while_running_wait_for_the_next_iteration);
	tcase_add_test(lo,
	    gather_waits_for_every_task_and_timers_fire_by_deadline);
	tcase_add_test(lo, wait_fd_wakes_on_readiness_and_times_out);
	tcase_add_test(lo, tasks_awaiting_each_other_are_reported);
	tcase_add_test(ge, generator_must_be_primed_with_none);
	tcase_add_test(ge, generator_answers_each_name_sent);
	tcase_add_test(ge, generator_send_after_close_is_an_error);
	tcase_set_timeout(sc, 300);
	tcase_add_test(sc, coroutines_run_every_task_on_one_os_thread);
	tcase_add_test(sc, coroutines_never_run_two_tasks_at_once);
	tcase_add_test(sc, concurrent_cashier_takes_orders_while_the_cook_cooks);
	tcase_add_test(sc, concurrent_customers_talk_at_the_table_while_they_wait);
	tcase_add_test(sc, parallel_customers_wait_at_the_counter_while_staff_cook);
	tcase_add_test(sc, sequential_serves_one_customer_at_a_time);
	tcase_add_test(sc, cleaning_cleans_every_room_exactly_once);
	suite_add_tcase(s, co);
	suite_add_tcase(s, lo);
	suite_add_tcase(s, ge);
	suite_add_tcase(s, sc);
	return tu_main(s);
}
