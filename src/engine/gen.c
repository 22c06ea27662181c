/*
 * gen.c - the generator protocol (priming, send, close) and the family of
 * Donald written as a stackless state machine.
 *
 * A Python generator keeps its frame alive between sends; here the frame
 * is the struct and the instruction pointer is `pc`. The step function is
 * a switch on `pc` whose cases are the points just after each `yield`:
 * that is all a compiler does to turn a generator into a state machine.
 */
#include <string.h>

#include "engine/gen.h"
#include "i18n.h"
#include "util.h"

/* Resume points of the family of Donald. */
enum family_pc {
	FAMILY_START = 0,	/* before the first line */
	FAMILY_ASKED		/* at `name = yield answer` */
};

/* Prepares a generator around a step function (`g = fn()`). */
static void
gen_init(struct gen *g, const char *name, gen_step_fn step)
{
	g->state = GEN_CREATED;
	g->pc = 0;
	g->step = step;
	g->name = name;
}

struct gen_value
gen_none(void)
{
	struct gen_value v = { GEN_NONE, 0, NULL };

	return v;
}

struct gen_value
gen_str(const char *s)
{
	struct gen_value v = { GEN_STR, 0, s };

	return v;
}

enum gen_result
gen_send(struct gen *g, struct gen_value in, struct gen_value *out,
    char **cause)
{
	enum gen_result r;

	*out = gen_none();
	switch (g->state) {
	case GEN_CLOSED:
		xasprintf(cause, "generator '%s' is closed", g->name);
		return GEN_ERROR;
	case GEN_RUNNING:
		xasprintf(cause, "generator '%s' is already running", g->name);
		return GEN_ERROR;
	case GEN_CREATED:
		if (in.kind != GEN_NONE) {
			xasprintf(cause, "can't send a value to the just-started "
			    "generator '%s': prime it with send(None)", g->name);
			return GEN_ERROR;
		}
		break;
	case GEN_SUSPENDED:
		break;
	}
	g->state = GEN_RUNNING;
	r = g->step(g, in, false, out);
	g->state = r == GEN_YIELDED ? GEN_SUSPENDED : GEN_CLOSED;
	return r;
}

enum gen_result
gen_next(struct gen *g, struct gen_value *out, char **cause)
{
	return gen_send(g, gen_none(), out, cause);
}

/*
 * A generator never primed has no yield to raise GeneratorExit at, so it
 * just closes; a suspended one gets to run its exit path.
 */
void
gen_close(struct gen *g)
{
	struct gen_value out;

	if (g->state == GEN_SUSPENDED) {
		g->state = GEN_RUNNING;
		g->step(g, gen_none(), true, &out);
	}
	g->state = GEN_CLOSED;
}

const char *
gen_state_name(enum gen_state s)
{
	switch (s) {
	case GEN_CREATED:
		return "created";
	case GEN_SUSPENDED:
		return "suspended";
	case GEN_RUNNING:
		return "running";
	case GEN_CLOSED:
		return "closed";
	}
	return "unknown";
}

/*
 * The family of Donald, as the lesson writes it in Python:
 *
 *	def family(nephews):
 *	    answer = None
 *	    while True:
 *	        name = yield answer      # GeneratorExit here ends it
 *	        answer = name in nephews
 */
static enum gen_result
family_step(struct gen *g, struct gen_value in, bool closing,
    struct gen_value *out)
{
	struct gen_family *f = (struct gen_family *)g;

	switch ((enum family_pc)g->pc) {
	case FAMILY_START:
		/* answer = None; first `yield answer`. */
		g->pc = FAMILY_ASKED;
		*out = gen_none();
		return GEN_YIELDED;
	case FAMILY_ASKED:
		if (closing)
			return GEN_STOPPED;
		f->asked++;
		out->kind = GEN_BOOL;
		out->i = 0;
		out->s = NULL;
		for (int i = 0; i < 3; i++)
			if (in.kind == GEN_STR && in.s != NULL &&
			    strcmp(in.s, f->nephews[i]) == 0)
				out->i = 1;
		f->found += (int)out->i;
		/* Back round the while loop, to the same yield. */
		return GEN_YIELDED;
	}
	return GEN_STOPPED;
}

void
gen_family_init(struct gen_family *f)
{
	gen_init(&f->gen, "family", family_step);
	/*
	 * TRANSLATORS: Donald's nephews, by the names the story has in your
	 * language (in Spanish Hugo, Paco and Luis).
	 */
	f->nephews[0] = C_("nephew", "Huey");
	f->nephews[1] = C_("nephew", "Dewey");
	f->nephews[2] = C_("nephew", "Louie");
	f->asked = 0;
	f->found = 0;
}
