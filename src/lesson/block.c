/*
 * block.c - the fenced blocks timeslice adds to CommonMark: ```lesson,
 * ```demo, ```quiz and ```predict (```notes is free text and needs no
 * parsing), read line by line.
 *
 * What each block may say is a table of its keys: a name, whether the key
 * is required, optional or repeatable, and the handler that stores its
 * value. One body parser reads every block against its table, so a
 * missing required key, a key given twice and an unknown key (with the
 * nearest known one) are found the same way in every block. Every fenced
 * block, code included, is checked for its closing fence, and info
 * strings that are almost a block name for the typo they are. The values
 * are only ever looked up in fixed tables (scenarios, parameters,
 * metrics), except two file names that files.c checks: a ```trace
 * block's Python program and a demo's recording, both of which must be
 * inside the lessons tree.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "lesson/block_int.h"
#include "lesson/parse.h"
#include "lesson/syntax.h"
#include "util.h"

/* Every parameter given must fit the `set` bits of a demo. */
_Static_assert(PARAM_COUNT <= sizeof(unsigned) * CHAR_BIT,
    "lesson_demo.set has a bit per parameter");

/* One line of a block body, split into what the format cares about. */
struct bline {
	const char	*s;		/* the line, not NUL-terminated */
	size_t		 len;
	int		 line;		/* in the file */
	int		 col0;		/* file column of s[0], 1-based */
};

enum key_flags {
	KEY_OPTIONAL = 0,
	KEY_REQUIRED = 1u << 0,		/* missing: an error at the fence */
	KEY_REPEATABLE = 1u << 1,	/* may appear more than once */
	KEY_PARAMS = 1u << 2		/* the row stands for every parameter
					 * of the registry, one key each */
};

/* A key a block may have. */
struct block_key {
	const char	*name;		/* NULL for the KEY_PARAMS row */
	unsigned	 flags;
	key_fn		*handler;
};

static key_fn key_lesson_id, key_chapter, key_title, key_lang, key_minutes;
static key_fn key_demo_id, key_scenario, key_caption, key_models, key_param;
static key_fn key_quiz_id, key_question, key_why, key_expect;
static key_fn key_recording, key_trace_id, key_program, key_trace_caption;

static const struct block_key lesson_keys[] = {
	{ "id",		KEY_REQUIRED,	key_lesson_id },
	{ "chapter",	KEY_REQUIRED,	key_chapter },
	{ "title",	KEY_REQUIRED,	key_title },
	{ "lang",	KEY_REQUIRED,	key_lang },
	{ "minutes",	KEY_OPTIONAL,	key_minutes },
};

static const struct block_key demo_keys[] = {
	{ "id",		KEY_OPTIONAL,	key_demo_id },
	{ "scenario",	KEY_REQUIRED,	key_scenario },
	{ "caption",	KEY_REQUIRED,	key_caption },
	{ "models",	KEY_REQUIRED,	key_models },
	{ "recording",	KEY_OPTIONAL,	key_recording },
	{ NULL,		KEY_PARAMS,	key_param },
};

static const struct block_key trace_keys[] = {
	{ "id",		KEY_OPTIONAL,	key_trace_id },
	{ "program",	KEY_REQUIRED,	key_program },
	{ "caption",	KEY_REQUIRED,	key_trace_caption },
};

static const struct block_key exercise_keys[] = {
	{ "id",		KEY_REQUIRED,	block_key_ex_id },
	{ "starter",	KEY_REQUIRED,	block_key_starter },
	{ "solution",	KEY_REQUIRED,	block_key_solution },
	{ "goal",	KEY_REQUIRED,	block_key_goal },
	{ "runs",	KEY_OPTIONAL,	block_key_runs },
	{ "hint",	KEY_REPEATABLE,	block_key_hint },
};

static const struct block_key quiz_keys[] = {
	{ "id",		KEY_REQUIRED,	key_quiz_id },
	{ "question",	KEY_REQUIRED,	key_question },
	{ "why",	KEY_REPEATABLE,	key_why },
};

static const struct block_key predict_keys[] = {
	{ "id",		KEY_REQUIRED,	key_quiz_id },
	{ "question",	KEY_REQUIRED,	key_question },
	{ "scenario",	KEY_REQUIRED,	key_scenario },
	{ "expect",	KEY_REQUIRED,	key_expect },
	{ "caption",	KEY_OPTIONAL,	key_caption },
	{ "models",	KEY_OPTIONAL,	key_models },
	{ NULL,		KEY_PARAMS,	key_param },
	{ "why",	KEY_REPEATABLE,	key_why },
};

/* A kind of fenced block: its info string and what its body may hold. */
struct block_def {
	const char		*name;
	const struct block_key	*keys;
	size_t			 nkeys;
	bool			 choices;	/* `- [...] text` lines */
};

#define KEYS(t) (t), sizeof (t) / sizeof (t)[0]
static const struct block_def block_defs[] = {
	[LP_LESSON] =	{ "lesson",	KEYS(lesson_keys),	false },
	[LP_DEMO] =	{ "demo",	KEYS(demo_keys),	false },
	[LP_QUIZ] =	{ "quiz",	KEYS(quiz_keys),	true },
	[LP_PREDICT] =	{ "predict",	KEYS(predict_keys),	true },
	[LP_NOTES] =	{ "notes",	NULL, 0,		false },
	[LP_TRACE] =	{ "trace",	KEYS(trace_keys),	false },
	[LP_EXERCISE] =	{ "exercise",	KEYS(exercise_keys),	true },
};
#undef KEYS

/* The block names, for "did you mean" (in enum order). */
static const char *const block_names[] = {
	"lesson", "demo", "quiz", "predict", "notes", "trace", "exercise",
	NULL
};

/* Which block an info string names (its first word, copied to `word`). */
enum lp_block
lp_block_type(const char *info, char *word, size_t wordlen)
{
	size_t n = 0;

	while (*info == ' ' || *info == '\t')
		info++;
	while (info[n] != '\0' && !isspace((unsigned char)info[n]))
		n++;
	if (n >= wordlen)
		n = wordlen - 1;
	memcpy(word, info, n);
	word[n] = '\0';
	for (int i = 0; i < LP_NONE; i++)
		if (strcmp(word, block_defs[i].name) == 0)
			return (enum lp_block)i;
	return LP_NONE;
}

/* Parses a whole decimal number in [lo, hi]; -1 when it is not one. */
int
block_parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* Checks an id's form; remembers it in `ids` and reports it, with where
 * the first one is, if a block of the lesson already has it. Returns
 * false if it is not valid. */
bool
block_claim_id(struct lp_ctx *c, struct lp_id **ids, size_t *n, const struct kv *kv,
    const char *what)
{
	if (strlen(kv->value) > LESSON_ID_MAX) {
		lp_err(c, kv->line, kv->vcol, "id '%.*s...' is longer than %d "
		    "characters", 16, kv->value, LESSON_ID_MAX);
		return false;
	}
	if (!lesson_id_valid(kv->value)) {
		lp_err(c, kv->line, kv->vcol, "invalid id '%s' (use a-z, 0-9 "
		    "and '-')", kv->value);
		return false;
	}
	if (ids == NULL)
		return true;
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*ids)[i].id, kv->value) == 0) {
			lp_err(c, kv->line, kv->vcol, "duplicate %s id '%s' "
			    "(first at %s:%d:%d)", what, kv->value, c->path,
			    (*ids)[i].line, (*ids)[i].col);
			return true;
		}
	*ids = xreallocarray(*ids, *n + 1, sizeof **ids);
	(*ids)[*n].id = xstrdup(kv->value);
	(*ids)[*n].line = kv->line;
	(*ids)[*n].col = kv->vcol;
	(*n)++;
	return true;
}

/* lesson `id:` */
static void
key_lesson_id(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	(void)bs;
	if (!block_claim_id(c, NULL, NULL, kv, "lesson"))
		return;
	c->l->id = xstrdup(kv->value);
	c->l->id_line = kv->line;
	c->l->id_col = kv->vcol;
}

/* lesson `chapter:` */
static void
key_chapter(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	(void)bs;
	if (block_parse_int(kv->value, 1, 99, &c->l->chapter) != 0) {
		lp_err(c, kv->line, kv->vcol, "chapter '%s' is not a whole "
		    "number from 1 to 99", kv->value);
		return;
	}
	c->l->chapter_line = kv->line;
	c->l->chapter_col = kv->vcol;
}

/* lesson `title:` */
static void
key_title(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	(void)bs;
	c->l->title = xstrdup(kv->value);
}

/* lesson `lang:`, which must be the folder's when the folder is one. */
static void
key_lang(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	(void)bs;
	if (!lang_is_code(kv->value, strlen(kv->value))) {
		lp_err(c, kv->line, kv->vcol, "'%s' is not a language code "
		    "(two or three lowercase letters, as the folder: en, es)",
		    kv->value);
		return;
	}
	if (c->folder != NULL && strcmp(c->folder, kv->value) != 0)
		lp_err(c, kv->line, kv->vcol, "lang '%s' does not match the "
		    "folder '%s'", kv->value, c->folder);
	c->l->lang = xstrdup(kv->value);
}

/* lesson `minutes:` */
static void
key_minutes(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	(void)bs;
	if (block_parse_int(kv->value, 1, 120, &c->l->minutes) != 0)
		lp_err(c, kv->line, kv->vcol, "minutes '%s' is not a whole "
		    "number from 1 to 120", kv->value);
}

/* demo `id:`, unique among the demos of the lesson. */
static void
key_demo_id(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	if (block_claim_id(c, &c->demo_ids, &c->ndemo_ids, kv, "demo"))
		bs->demo->id = xstrdup(kv->value);
}

/* demo and predict `scenario:`, a name from the registry. */
static void
key_scenario(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	const struct scenario *const *all = scenario_all();
	char low[64];
	const char *sug;
	size_t i;

	bs->demo->scenario = scenario_find(kv->value);
	if (bs->demo->scenario != NULL)
		return;
	/* Names are lowercase: 'GIL' is a case away from 'gil'. */
	for (i = 0; kv->value[i] != '\0' && i + 1 < sizeof low; i++)
		low[i] = (char)tolower((unsigned char)kv->value[i]);
	low[i] = '\0';
	for (; *all != NULL; all++)
		if (strcmp((*all)->name, low) == 0) {
			lp_err(c, kv->line, kv->vcol, "unknown scenario '%s' (did "
			    "you mean '%s'? scenario names are lowercase)",
			    kv->value, (*all)->name);
			return;
		}
	if ((sug = scenario_suggest(low)) != NULL)
		lp_err(c, kv->line, kv->vcol, "unknown scenario '%s' (did you "
		    "mean '%s'?)", kv->value, sug);
	else
		lp_err(c, kv->line, kv->vcol, "unknown scenario '%s' (see "
		    "'timeslice --help' for the list)", kv->value);
}

/* demo and predict `caption:` */
static void
key_caption(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	(void)c;
	bs->demo->caption = xstrdup(kv->value);
}

/* demo `recording:` (found once the scenario is known) */
static void
key_recording(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	(void)c;
	bs->demo->recording = xstrdup(kv->value);
	bs->file_line = kv->line;
	bs->file_col = kv->vcol;
}

/* trace `id:`, unique among the demos and traces of the lesson. */
static void
key_trace_id(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	if (block_claim_id(c, &c->demo_ids, &c->ndemo_ids, kv, "demo"))
		bs->trace->id = xstrdup(kv->value);
}

/* trace `program:`, a Python file inside the lessons tree */
static void
key_program(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	bs->trace->program = xstrdup(kv->value);
	bs->trace->path = lp_program_file(c, kv->value, kv->line, kv->vcol);
}

/* trace `caption:` */
static void
key_trace_caption(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	(void)c;
	bs->trace->caption = xstrdup(kv->value);
}

/* demo and predict `models:` */
static void
key_models(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	(void)c;
	bs->demo->models = xstrdup(kv->value);
}

/* A parameter of the registry (`workers:`, `unit-ms:`...), in bounds. */
static void
key_param(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	char *cause = NULL;
	const char *m;

	if (params_set(&bs->demo->params, kv->param, kv->value, &cause) ==
	    0) {
		bs->demo->set |= 1u << kv->param->id;
		return;
	}
	/* The registry speaks of command-line options. */
	m = cause;
	if (strncmp(m, "--", 2) == 0)
		m += 2;
	lp_err_msg(c, kv->line, kv->vcol, m);
	free(cause);
}

/* quiz and predict `id:`, unique among the quizzes of the lesson, since
 * progress is saved under it. */
static void
key_quiz_id(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	if (block_claim_id(c, &c->quiz_ids, &c->nquiz_ids, kv, "quiz"))
		bs->quiz->id = xstrdup(kv->value);
}

/* quiz and predict `question:` */
static void
key_question(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	(void)c;
	bs->quiz->question = xstrdup(kv->value);
}

/* `why:` explains the choice above it; one per choice. */
static void
key_why(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	if (bs->cur == NULL)
		lp_err(c, kv->line, kv->kcol, "'why:' comes before any choice");
	else if (bs->cur->why != NULL)
		lp_err(c, kv->line, kv->kcol, "this choice already has a "
		    "'why:' line");
	else {
		size_t len;
		const char *s = lp_src_line(c, kv->line, &len);
		int at = bs->cur->col - 1;

		/* As FORMAT.md says: two spaces under its choice's '-'. */
		if (s == NULL || kv->kcol != bs->cur->col + 2 || at < 0 ||
		    (size_t)at + 2 > len || s[at] != ' ' || s[at + 1] != ' ')
			lp_err(c, kv->line, kv->kcol, "'why:' must be indented "
			    "by two spaces under its choice (line %d), not by "
			    "a tab or nothing", bs->cur->line);
		bs->cur->why = xstrdup(kv->value);
	}
}

/* predict `expect:`, matched against the choices once all are read. */
static void
key_expect(struct lp_ctx *c, struct bstate *bs, const struct kv *kv)
{
	(void)c;
	bs->expect = xstrdup(kv->value);
	bs->expect_line = kv->line;
	bs->expect_col = kv->vcol;
}

/* Splits one body line into a key and value, or a choice. */
static void
split_line(const struct bline *b, struct parsed_line *pl)
{
	const char *s = b->s, *e = b->s + b->len, *p, *colon;
	size_t ws = 0;

	memset(pl, 0, sizeof *pl);
	while (s + ws < e && (s[ws] == ' ' || s[ws] == '\t'))
		ws++;
	p = s + ws;
	if (p == e || *p == '#') {
		pl->kind = BL_SKIP;
		return;
	}
	pl->kcol = b->col0 + (int)ws;
	if (e - p >= 3 && p[0] == '-' && p[1] == ' ' && p[2] == '[') {
		const char *close = memchr(p + 3, ']', (size_t)(e - p - 3));

		if (close == NULL) {
			pl->kind = BL_BAD;
			return;
		}
		pl->kind = BL_CHOICE;
		pl->mark = lp_trimdup(p + 3, (size_t)(close - p - 3));
		pl->mcol = b->col0 + (int)(p + 3 - s);
		pl->value = lp_trimdup(close + 1, (size_t)(e - close - 1));
		pl->vcol = b->col0 + (int)(close + 1 - s);
		while (pl->vcol - b->col0 < (int)b->len &&
		    s[pl->vcol - b->col0] == ' ')
			pl->vcol++;
		return;
	}
	colon = memchr(p, ':', (size_t)(e - p));
	if (colon == NULL || colon == p) {
		pl->kind = BL_BAD;
		return;
	}
	pl->key = lp_trimdup(p, (size_t)(colon - p));
	pl->value = lp_trimdup(colon + 1, (size_t)(e - colon - 1));
	p = colon + 1;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	pl->vcol = b->col0 + (int)(p - s);
	pl->kind = BL_KEY;
}

/* Frees what split_line() allocated. */
static void
parsed_line_release(struct parsed_line *pl)
{
	free(pl->key);
	free(pl->value);
	free(pl->mark);
}

/* Lists a block body's lines with their file positions. */
static struct bline *
body_lines(cmark_node *node, size_t *count)
{
	const char *lit = cmark_node_get_literal(node);
	int line = cmark_node_get_start_line(node) + 1;
	int col = cmark_node_get_start_column(node);
	struct bline *v = NULL;
	size_t n = 0;

	if (lit == NULL)
		lit = "";
	if (col < 1)
		col = 1;
	while (*lit != '\0') {
		size_t k = strcspn(lit, "\n");

		v = xreallocarray(v, n + 1, sizeof *v);
		v[n].s = lit;
		v[n].len = k;
		if (k > 0 && lit[k - 1] == '\r')
			v[n].len--;
		v[n].line = line++;
		v[n].col0 = col;
		n++;
		lit += k;
		if (*lit == '\n')
			lit++;
	}
	*count = n;
	return v;
}

/*
 * Checks that a fenced code block, any block (```python as much as
 * ```notes), has its closing fence: a run of the opening fence's
 * character at least as long, alone on the block's last line (after the
 * `>` and spaces of the quote or list it may be in). Without one,
 * CommonMark runs the block on to the end of the file or of its
 * container, and everything after it silently becomes part of it.
 * Indented code blocks have no fence and are left alone.
 */
void
lp_check_closed(struct lp_ctx *c, cmark_node *node, const char *name)
{
	int start = cmark_node_get_start_line(node);
	int end = cmark_node_get_end_line(node);
	int col = cmark_node_get_start_column(node);
	const char *lit = cmark_node_get_literal(node);
	size_t flen, len, i = col > 0 ? (size_t)col - 1 : 0, fl = 0, n = 0;
	const char *f = lp_src_line(c, start, &flen), *s;
	bool closed = false;
	char ch;

	if (i >= flen || (f[i] != '`' && f[i] != '~'))
		return;
	/* An indented block starts with its own first line, not a fence. */
	if (lit != NULL && strcspn(lit, "\n") == flen - i &&
	    memcmp(lit, f + i, flen - i) == 0)
		return;
	ch = f[i];
	while (i + fl < flen && f[i + fl] == ch)
		fl++;
	if (fl < 3)
		return;
	if (end > start) {
		size_t j = 0;

		s = lp_src_line(c, end, &len);
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		while (n < len && s[len - 1 - n] == ch)
			n++;
		while (j < len - n && (s[j] == ' ' || s[j] == '\t' ||
		    s[j] == '>'))
			j++;
		closed = n >= fl && j == len - n;
	}
	if (closed)
		return;
	if (cmark_node_parent(node) != NULL &&
	    cmark_node_get_type(cmark_node_parent(node)) != CMARK_NODE_DOCUMENT)
		lp_err(c, start, col, "unclosed %.*s%s block (it runs to the end "
		    "of its list item or quote)", (int)fl, f + i, name);
	else
		lp_err(c, start, col, "unclosed %.*s%s block (it runs to the end "
		    "of the file)", (int)fl, f + i, name);
}

/*
 * Reports an info string that is probably a misspelt block name: the
 * block would silently be shown as code. One letter away (```quizz,
 * ```note), two in a long name (```predcit), or another case (```Quiz) is
 * an error; a looser likeness only a warning, since it may be a language
 * of its own. Names of the languages timeslice colours are never either.
 */
void
lp_check_block_name(struct lp_ctx *c, const char *word, int line, int col)
{
	char low[32];
	const char *sug;
	size_t n = strlen(word);
	int d;

	if (n == 0 || n >= sizeof low || syntax_lang(word) != SYNTAX_NONE)
		return;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)word[i]);
	for (int i = 0; block_names[i] != NULL; i++)
		if (strcmp(low, block_names[i]) == 0) {
			lp_err(c, line, col, "unknown block '%s' (did you mean "
			    "'%s'? block names are lowercase)", word,
			    block_names[i]);
			return;
		}
	/*
	 * A block name with words around it (speaker-notes, pop-quiz).
	 * Only the blocks no code listing is named like: a "stack-trace" or
	 * "demo-output" listing is shown as code, as its author meant.
	 */
	for (int i = LP_QUIZ; i <= LP_NOTES; i++) {
		size_t bn = strlen(block_names[i]);

		for (const char *p = strstr(low, block_names[i]); p != NULL;
		    p = strstr(p + 1, block_names[i]))
			if ((p == low || strchr("-_.", p[-1]) != NULL) &&
			    (p[bn] == '\0' || strchr("-_.", p[bn]) != NULL)) {
				lp_err(c, line, col, "unknown block '%s' (did "
				    "you mean '%s'?)", word, block_names[i]);
				return;
			}
	}
	if ((sug = lp_suggest(low, block_names)) == NULL)
		return;
	d = edit_distance(low, sug, 8);
	if (d <= 1 || (d <= 2 && n >= 6))
		lp_err(c, line, col, "unknown block '%s' (did you mean '%s'?)",
		    word, sug);
	else
		lp_warn(c, line, col, "unknown block '%s' is shown as code "
		    "(did you mean '%s'?)", word, sug);
}

/* How many keys a row stands for: one, or every parameter. */
static size_t
row_slots(const struct block_key *k)
{
	return (k->flags & KEY_PARAMS) ? PARAM_COUNT : 1;
}

/* How many seen-slots a key table needs: one a key it accepts. */
static size_t
key_slots(const struct block_def *bd)
{
	size_t n = 0;

	for (size_t i = 0; i < bd->nkeys; i++)
		n += row_slots(&bd->keys[i]);
	return n;
}

/* The row of `bd` that `key` names and its seen-slot; NULL if none. */
static const struct block_key *
find_key(const struct block_def *bd, const char *key, size_t *slot,
    const struct param_spec **param)
{
	size_t base = 0;

	*param = NULL;
	for (size_t i = 0; i < bd->nkeys; i++) {
		const struct block_key *k = &bd->keys[i];

		if (k->flags & KEY_PARAMS) {
			if ((*param = params_find(key)) != NULL) {
				*slot = base + (size_t)(*param)->id;
				return k;
			}
		} else if (strcmp(k->name, key) == 0) {
			*slot = base;
			return k;
		}
		base += row_slots(k);
	}
	return NULL;
}

/* The key of `bd` closest to `key`; NULL if none is close. Parameters
 * are tried first, so they win a tie ('nis' is more likely 'units' than
 * 'id'). */
static const char *
suggest_key(const struct block_def *bd, const char *key)
{
	const struct param_spec *specs = params_specs();
	const char *best = NULL;
	int bestd = (int)strlen(key) / 3 + 1;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < bd->nkeys; i++) {
			const struct block_key *k = &bd->keys[i];
			bool params = (k->flags & KEY_PARAMS) != 0;

			if (params != (pass == 0))
				continue;
			for (size_t j = 0; j < row_slots(k); j++) {
				const char *name = params ? specs[j].name :
				    k->name;
				int d = edit_distance(key, name, bestd);

				if (d <= bestd && (best == NULL || d < bestd)) {
					best = name;
					bestd = d;
				}
			}
		}
	return best;
}

/* Reports a key that no row of the table names. */
static void
unknown_key(struct lp_ctx *c, const struct block_def *bd, const char *key,
    int line, int col)
{
	const char *sug = suggest_key(bd, key);

	if (sug != NULL)
		lp_err(c, line, col, "unknown key '%s' in %s block (did you "
		    "mean '%s'?)", key, bd->name, sug);
	else
		lp_err(c, line, col, "unknown key '%s' in %s block", key,
		    bd->name);
}

/* A `key: value` line: looked up in the table, counted, handled. */
static void
take_key(struct lp_ctx *c, const struct block_def *bd, bool *seen,
    struct bstate *bs, const struct parsed_line *pl, int line)
{
	const struct block_key *k;
	struct kv kv;
	size_t slot = 0;

	memset(&kv, 0, sizeof kv);
	if ((k = find_key(bd, pl->key, &slot, &kv.param)) == NULL) {
		unknown_key(c, bd, pl->key, line, pl->kcol);
		return;
	}
	if (seen[slot] && !(k->flags & KEY_REPEATABLE)) {
		lp_err(c, line, pl->kcol, "duplicate key '%s'", pl->key);
		return;
	}
	seen[slot] = true;
	if (*pl->value == '\0') {
		lp_err(c, line, pl->kcol, "'%s' has no value", pl->key);
		return;
	}
	kv.key = pl->key;
	kv.value = pl->value;
	kv.line = line;
	kv.kcol = pl->kcol;
	kv.vcol = pl->vcol;
	k->handler(c, bs, &kv);
}

/* Says what is wrong with a line that is neither a key nor a choice. */
static void
bad_line(struct lp_ctx *c, const struct block_def *bd, const struct bline *b,
    const struct parsed_line *pl)
{
	int at = pl->kcol - b->col0;
	const char *mark = bd == &block_defs[LP_PREDICT] ||
	    bd == &block_defs[LP_EXERCISE] ? "CONDITION" : " ";

	if (!bd->choices)
		lp_err(c, b->line, pl->kcol, "expected 'key: value'");
	else if (memchr(b->s, '[', b->len) != NULL && at < (int)b->len &&
	    b->s[at] == '-')
		lp_err(c, b->line, pl->kcol, "malformed choice (expected "
		    "'- [%s] text')", mark);
	else
		lp_err(c, b->line, pl->kcol, "expected 'key: value' or a "
		    "choice '- [%s] text'", mark);
}

/*
 * Adds a `- [...] text` line to the quiz: for a quiz the mark says
 * whether it is correct; for a prediction it is a condition, kept in
 * bs->conds until the scenario is known.
 */
static void
take_choice(struct lp_ctx *c, const struct block_def *bd, struct bstate *bs,
    const struct parsed_line *pl, int line)
{
	struct lesson_quiz *q = bs->quiz;
	struct lesson_choice *ch;
	bool x = strcmp(pl->mark, "x") == 0 || strcmp(pl->mark, "X") == 0;
	bool predict = bd == &block_defs[LP_PREDICT];

	if (!bd->choices) {
		lp_err(c, line, pl->kcol, "a %s block has no choices (did you "
		    "mean a ```quiz block?)", bd->name);
		return;
	}
	if (bs->exercise != NULL) {
		block_take_excond(c, bs, pl, line);
		return;
	}
	q->choices = xreallocarray(q->choices, (size_t)q->nchoices + 1,
	    sizeof *q->choices);
	bs->conds = xreallocarray(bs->conds, (size_t)q->nchoices + 1,
	    sizeof *bs->conds);
	memset(&bs->conds[q->nchoices], 0, sizeof *bs->conds);
	ch = bs->cur = &q->choices[q->nchoices++];
	memset(ch, 0, sizeof *ch);
	ch->line = line;
	ch->col = pl->kcol;
	if (*pl->value == '\0')
		lp_err(c, line, pl->kcol, "choice has no text");
	ch->text = xstrdup(pl->value);
	if (predict) {
		if (*pl->mark == '\0' || x)
			lp_err(c, line, pl->mcol, "a prediction choice needs a "
			    "condition, as in '- [speedup < 1.3] text'");
		else {
			bs->conds[q->nchoices - 1].text = xstrdup(pl->mark);
			bs->conds[q->nchoices - 1].line = line;
			bs->conds[q->nchoices - 1].col = pl->mcol;
		}
	} else if (x) {
		/* Counted as meant, so that no second error follows. */
		if (*pl->mark == 'X')
			lp_err(c, line, pl->mcol, "choice mark '[X]' must be "
			    "'[ ]' or '[x]' (a lowercase x)");
		ch->correct = true;
		bs->correct++;
	} else if (*pl->mark != '\0')
		lp_err(c, line, pl->mcol, "choice mark '[%s]' must be '[ ]' or "
		    "'[x]'%s", pl->mark, strpbrk(pl->mark, "<>") ?
		    " (conditions belong in a ```predict block)" : "");
}

/*
 * Reads the body of a block against its key table, then reports every
 * required key that was not given, at the opening fence.
 */
static void
parse_body(struct lp_ctx *c, cmark_node *node, enum lp_block type,
    struct bstate *bs)
{
	const struct block_def *bd = &block_defs[type];
	bool *seen = xcalloc(key_slots(bd) + 1, sizeof *seen); /* never 0 */
	struct bline *bl;
	size_t n, slot = 0;

	bl = body_lines(node, &n);
	for (size_t i = 0; i < n; i++) {
		struct parsed_line pl;

		split_line(&bl[i], &pl);
		if (pl.kind == BL_KEY)
			take_key(c, bd, seen, bs, &pl, bl[i].line);
		else if (pl.kind == BL_CHOICE)
			take_choice(c, bd, bs, &pl, bl[i].line);
		else if (pl.kind == BL_BAD)
			bad_line(c, bd, &bl[i], &pl);
		parsed_line_release(&pl);
	}
	free(bl);
	for (size_t i = 0; i < bd->nkeys; i++) {
		const struct block_key *k = &bd->keys[i];

		if ((k->flags & KEY_REQUIRED) && !seen[slot])
			lp_err(c, cmark_node_get_start_line(node),
			    cmark_node_get_start_column(node), "%s block has "
			    "no '%s'", bd->name, k->name);
		slot += row_slots(k);
	}
	free(seen);
}

/* The metadata block: id, chapter, title, lang, minutes. */
void
lp_parse_meta(struct lp_ctx *c, cmark_node *node)
{
	struct bstate bs;

	memset(&bs, 0, sizeof bs);
	parse_body(c, node, LP_LESSON, &bs);
}

/* A ```demo block. */
struct lesson_demo *
lp_parse_demo(struct lp_ctx *c, cmark_node *node)
{
	struct lesson_demo *dm = xcalloc(1, sizeof *dm);
	struct bstate bs;

	memset(&bs, 0, sizeof bs);
	bs.demo = dm;
	params_defaults(&dm->params);
	parse_body(c, node, LP_DEMO, &bs);
	lp_lint_demo(c, dm, cmark_node_get_start_line(node),
	    cmark_node_get_start_column(node), "demo");
	if (dm->recording != NULL && dm->scenario != NULL)
		dm->recording_path = lp_recording_file(c, dm, dm->recording,
		    bs.file_line, bs.file_col);
	return dm;
}

/* A ```trace block. */
struct lesson_trace *
lp_parse_trace(struct lp_ctx *c, cmark_node *node)
{
	struct lesson_trace *tr = xcalloc(1, sizeof *tr);
	struct bstate bs;

	memset(&bs, 0, sizeof bs);
	bs.trace = tr;
	parse_body(c, node, LP_TRACE, &bs);
	return tr;
}

/* An ```exercise block. */
struct lesson_exercise *
lp_parse_exercise(struct lp_ctx *c, cmark_node *node)
{
	struct lesson_exercise *ex = xcalloc(1, sizeof *ex);
	int line = cmark_node_get_start_line(node);
	int col = cmark_node_get_start_column(node);
	struct bstate bs;

	memset(&bs, 0, sizeof bs);
	bs.exercise = ex;
	ex->runs = 1;
	ex->limit_s = LESSON_EXERCISE_LIMIT_S;
	parse_body(c, node, LP_EXERCISE, &bs);
	if (bs.ex_lines == 0)
		lp_err(c, line, col, "exercise has no conditions (add lines "
		    "'- [CONDITION] words shown when it fails')");
	if (ex->starter_path != NULL && ex->solution_path != NULL &&
	    strcmp(ex->starter_path, ex->solution_path) == 0)
		lp_err(c, line, col, "exercise: the starter and the solution "
		    "are the same file");
	return ex;
}

/*
 * Parses the conditions of a prediction's choices, now that the scenario
 * is known, then finds the one `expect:` names: the outcome the lesson
 * teaches, which the course tests check against a real run.
 */
static void
finish_predict(struct lp_ctx *c, struct bstate *bs)
{
	struct lesson_quiz *q = bs->quiz;
	struct lesson_choice want;
	bool *ok = xcalloc((size_t)q->nchoices + 1, sizeof *ok);

	for (int i = 0; i < q->nchoices; i++)
		if (bs->conds[i].text != NULL)
			ok[i] = lp_parse_condition(c, &q->demo, &q->choices[i],
			    bs->conds[i].text, bs->conds[i].line,
			    bs->conds[i].col) == 0;
	lp_check_choices(c, q, ok);
	free(ok);
	if (bs->expect == NULL)
		return;		/* reported as a missing required key */
	memset(&want, 0, sizeof want);
	if (lp_parse_condition(c, &q->demo, &want, bs->expect,
	    bs->expect_line, bs->expect_col) == 0) {
		for (int i = 0; i < q->nchoices && q->expected < 0; i++)
			if (lp_condition_same(&q->choices[i], &want))
				q->expected = i;
		if (q->expected < 0)
			lp_err(c, bs->expect_line, bs->expect_col, "expect: "
			    "'%s' is not one of the block's conditions",
			    bs->expect);
	}
	free(want.metric);
}

/* A ```quiz or ```predict block. */
struct lesson_quiz *
lp_parse_quiz(struct lp_ctx *c, cmark_node *node, bool predict)
{
	struct lesson_quiz *q = xcalloc(1, sizeof *q);
	const char *what = predict ? "predict" : "quiz";
	int line = cmark_node_get_start_line(node);
	int col = cmark_node_get_start_column(node);
	struct bstate bs;

	memset(&bs, 0, sizeof bs);
	bs.quiz = q;
	bs.demo = &q->demo;
	q->expected = -1;
	params_defaults(&q->demo.params);
	parse_body(c, node, predict ? LP_PREDICT : LP_QUIZ, &bs);
	if (q->nchoices < 2 || q->nchoices > 6)
		lp_err(c, line, col, "%s has %d choice%s (it needs 2 to 6)",
		    what, q->nchoices, q->nchoices == 1 ? "" : "s");
	if (!predict && q->nchoices > 0 && bs.correct == 0)
		lp_err(c, line, col, "quiz has no correct choice (mark one "
		    "with '[x]')");
	for (int i = 0; i < q->nchoices; i++)
		if (q->choices[i].why == NULL)
			lp_err(c, q->choices[i].line, q->choices[i].col,
			    "choice has no 'why:' line");
	if (predict) {
		finish_predict(c, &bs);
		lp_lint_demo(c, &q->demo, line, col, "prediction");
	}
	for (int i = 0; i < q->nchoices; i++)
		free(bs.conds[i].text);
	free(bs.conds);
	free(bs.expect);
	return q;
}
