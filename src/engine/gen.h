/*
 * gen.h - generators as coroutines, the way Python 2.5+ has them: a
 * function suspended at `x = yield y` that the caller drives with send().
 *
 * This is the stackless form, for the generator lesson: the generator's
 * "frame" is a small struct that keeps its locals and a resume point, and
 * each send() calls a step function that carries on from that point to the
 * next yield. The rules are Python's:
 *
 *   - a new generator must be primed: the first send must carry None
 *     (next(g) or g.send(None)), which runs it up to its first yield;
 *     sending anything else first is an error;
 *   - send(v) resumes it with `v` as the value of the yield expression and
 *     returns what it yields next (or reports that it stopped);
 *   - close() raises GeneratorExit at the yield: the generator finishes;
 *   - send() on a closed or finished generator is an error
 *     (StopIteration in Python).
 *
 * The course's example is the "family of Donald": it answers, for every
 * name sent to it, whether that is one of Donald's nephews (Huey, Dewey
 * and Louie, by the names the interface language gives them).
 */
#ifndef TIMESLICE_ENGINE_GEN_H
#define TIMESLICE_ENGINE_GEN_H

#include <stdbool.h>

/* A value passed in or out of a generator. */
enum gen_kind {
	GEN_NONE = 0,		/* Python's None */
	GEN_BOOL,
	GEN_INT,
	GEN_STR
};

struct gen_value {
	enum gen_kind	 kind;
	long		 i;		/* GEN_BOOL, GEN_INT */
	const char	*s;		/* GEN_STR, borrowed */
};

/* Where a generator is in its life (inspect.getgeneratorstate). */
enum gen_state {
	GEN_CREATED = 0,	/* not primed yet */
	GEN_SUSPENDED,		/* stopped at a yield */
	GEN_RUNNING,		/* inside send() */
	GEN_CLOSED		/* finished or closed */
};

/* What a send returned. */
enum gen_result {
	GEN_YIELDED = 0,	/* *out holds the yielded value */
	GEN_STOPPED,		/* the body returned: StopIteration */
	GEN_ERROR		/* misuse; *cause says which */
};

struct gen;

/*
 * A step: runs the body from resume point g->pc with `in` as the value of
 * the yield it stopped at (or GeneratorExit when `closing`), up to the
 * next yield, storing the yielded value in *out and the new resume point
 * in g->pc. Returns GEN_YIELDED, or GEN_STOPPED when the body ends.
 */
typedef enum gen_result (*gen_step_fn)(struct gen *g, struct gen_value in,
		    bool closing, struct gen_value *out);

struct gen {
	enum gen_state	 state;
	int		 pc;		/* resume point, 0 = the start */
	gen_step_fn	 step;
	const char	*name;		/* for messages */
};

/*
 * g.send(in). Returns GEN_YIELDED with *out set, GEN_STOPPED when the
 * generator finished (after which it is closed), or GEN_ERROR with *cause
 * set (allocated) when the generator is not primed with None, already
 * closed, or running.
 */
enum gen_result	 gen_send(struct gen *, struct gen_value in,
		    struct gen_value *out, char **cause);

/* next(g): gen_send with None. */
enum gen_result	 gen_next(struct gen *, struct gen_value *out, char **cause);

/* g.close(): finishes the generator; closing twice is harmless. */
void		 gen_close(struct gen *);

/* "created", "suspended", "running", "closed". */
const char	*gen_state_name(enum gen_state);

/* Value constructors. */
struct gen_value gen_none(void);
struct gen_value gen_str(const char *);

/* The family of Donald. */
struct gen_family {
	struct gen	 gen;		/* first, so a gen_family is a gen */
	const char	*nephews[3];
	int		 asked;		/* names answered so far (a local) */
	int		 found;		/* of which nephews */
};

/*
 * Prepares the family-of-Donald generator, with the nephews' names in
 * the interface language (i18n.h): the catalogue translates them, so a
 * language needs no change here. Once primed it yields None; then every
 * name sent yields a GEN_BOOL: is it a nephew?
 */
void		 gen_family_init(struct gen_family *);

#endif
