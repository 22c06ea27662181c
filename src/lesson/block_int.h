/*
 * block_int.h - what block.c shares with the files that hold one block's
 * keys (exblock.c: the ```exercise block): a body line as it was split,
 * a key's line, the block being built, and the helpers every block's keys
 * use. Private to src/lesson/.
 */
#ifndef TIMESLICE_LESSON_BLOCK_INT_H
#define TIMESLICE_LESSON_BLOCK_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson/parse.h"

/* What one body line of a block is. */
enum bline_kind {
	BL_SKIP = 0,	/* blank or comment */
	BL_KEY,		/* key: value */
	BL_CHOICE,	/* - [...] text */
	BL_BAD
};

struct parsed_line {
	enum bline_kind	 kind;
	char		*key;		/* BL_KEY */
	char		*value;		/* BL_KEY, BL_CHOICE text */
	char		*mark;		/* BL_CHOICE: inside the brackets */
	int		 kcol, vcol, mcol;
};

/* What a key handler is given: the key's line, already split. */
struct kv {
	const char			*key;
	const char			*value;		/* never empty */
	const struct param_spec		*param;		/* KEY_PARAMS rows */
	int				 line, kcol, vcol;
};

/* A prediction choice's condition, read once the scenario is known. */
struct cond_src {
	char		*text;		/* NULL: the choice had none */
	int		 line, col;
};

/* The block being built while its body is read. */
struct bstate {
	struct lesson_demo	*demo;		/* a demo, or a prediction's */
	struct lesson_trace	*trace;		/* a trace block */
	struct lesson_exercise	*exercise;	/* an exercise block */
	int			 ex_lines;	/* its condition lines, good
						   or not */
	int			 file_line, file_col;	/* its file's value */
	struct lesson_quiz	*quiz;		/* quiz and predict */
	struct lesson_choice	*cur;		/* the choice a why: is for */
	int			 correct;	/* choices marked [x] */
	struct cond_src		*conds;		/* predict: one a choice */
	char			*expect;	/* predict: the expect: value */
	int			 expect_line, expect_col;
};

typedef void key_fn(struct lp_ctx *, struct bstate *, const struct kv *);

/* Parses a whole decimal number in [lo, hi]; -1 when it is not one. */
int	block_parse_int(const char *s, int lo, int hi, int *out);

/* Checks an id's form; remembers it in `ids` and reports it, with where
 * the first one is, if a block of the lesson already has it. Returns
 * false if it is not valid. */
bool	block_claim_id(struct lp_ctx *c, struct lp_id **ids, size_t *n,
	    const struct kv *kv, const char *what);

/* The ```exercise block's keys (exblock.c). */
key_fn	block_key_ex_id, block_key_starter, block_key_solution,
	block_key_goal, block_key_runs, block_key_hint;

/*
 * Adds a `- [CONDITION] words` line to an exercise: a claim on the graded
 * run and what the learner reads when it fails (exblock.c).
 */
void	block_take_excond(struct lp_ctx *c, struct bstate *bs,
	    const struct parsed_line *pl, int line);

#endif
