/*
 * exblock.c - the keys of an ```exercise block (id, starter, solution,
 * goal, runs, hint) and its condition lines, `- [CONDITION] words shown
 * when it fails`. block.c reads the body against the block's key table
 * and hands each key and condition here.
 */
#include <stdlib.h>
#include <string.h>

#include "lesson/block_int.h"
#include "lesson/parse.h"
#include "util.h"

/* exercise `id:`, unique in the lesson (and the course: course.c), since
 * the learner's workspace file is named after it. */
void
block_key_ex_id(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	if (block_claim_id(c, &c->exercise_ids, &c->nexercise_ids, kv, "exercise"))
		bs->exercise->id = xstrdup(kv->value);
}

/* exercise `starter:`, a Python file inside the lessons tree */
void
block_key_starter(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	bs->exercise->starter = xstrdup(kv->value);
	bs->exercise->starter_path = lp_program_file(c, kv->value, kv->line,
	    kv->vcol);
}

/* exercise `solution:`, a Python file inside the lessons tree */
void
block_key_solution(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	bs->exercise->solution = xstrdup(kv->value);
	bs->exercise->solution_path = lp_program_file(c, kv->value, kv->line,
	    kv->vcol);
}

/* exercise `goal:`, one sentence */
void
block_key_goal(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	(void)c;
	bs->exercise->goal = xstrdup(kv->value);
}

/* exercise `runs:`, how many runs in a row must pass (races) */
void
block_key_runs(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	if (block_parse_int(kv->value, 1, LESSON_EXERCISE_RUNS_MAX,
	    &bs->exercise->runs) != 0)
		lp_err(c, kv->line, kv->vcol, "runs '%s' is not a whole number "
		    "from 1 to %d", kv->value, LESSON_EXERCISE_RUNS_MAX);
}

/* exercise `hint:`, one per line, revealed in order */
void
block_key_hint(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	struct lesson_exercise *ex = bs->exercise;

	(void)c;
	ex->hints = xreallocarray(ex->hints, (size_t)ex->nhints + 1,
	    sizeof *ex->hints);
	ex->hints[ex->nhints++] = xstrdup(kv->value);
}

void
block_take_excond(struct lp_ctx *c, struct bstate *bs, const struct parsed_line *pl,
    int line)
{
	struct lesson_exercise *ex = bs->exercise;
	struct lesson_excond x;

	bs->ex_lines++;
	memset(&x, 0, sizeof x);
	x.line = line;
	x.col = pl->mcol;
	if (*pl->mark == '\0') {
		lp_err(c, line, pl->mcol, "an exercise condition is empty (as "
		    "in '- [exit_status == 0] the program failed')");
		return;
	}
	if (*pl->value == '\0') {
		lp_err(c, line, pl->kcol, "condition '%s' has no words to show "
		    "when it fails", pl->mark);
		return;
	}
	if (lp_parse_excond(c, &x, pl->mark, line, pl->mcol) != 0) {
		lp_excond_release(&x);
		return;
	}
	x.text = xstrdup(pl->mark);
	x.fail = xstrdup(pl->value);
	if (strcmp(x.metric, "finishes_within_s") == 0) {
		if (ex->limit_s != LESSON_EXERCISE_LIMIT_S)
			lp_err(c, line, pl->mcol, "a second finishes_within_s "
			    "condition");
		else
			ex->limit_s = x.number;
	}
	ex->conds = xreallocarray(ex->conds, (size_t)ex->nconds + 1,
	    sizeof *ex->conds);
	ex->conds[ex->nconds++] = x;
}

