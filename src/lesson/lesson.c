/*
 * lesson.c - one lesson file from text to model and back to nothing:
 * reading the file, CommonMark through libcmark, handing each top-level
 * block to the part that parses it (block.c for the fenced blocks, lint.c
 * for the prose), freeing the model, and the lookups the player needs.
 *
 * Every problem is recorded with the line and column where it is, and
 * parsing carries on, so an author sees all mistakes at once.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "lang.h"
#include "lesson/lesson.h"
#include "lesson/parse.h"
#include "util.h"

/* Lessons are small; anything bigger is a mistake, not a lesson. */
#define LESSON_MAX_BYTES (1024 * 1024)

/* Whether `s` is an id as lessons, demos and quizzes use them:
 * [a-z0-9-]+, at most LESSON_ID_MAX bytes. */
bool
lesson_id_valid(const char *s)
{
	size_t n = 0;

	if (s == NULL || *s == '\0')
		return false;
	for (; *s != '\0'; s++, n++)
		if (n == LESSON_ID_MAX || !((*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

/* Whether an HTML block is the pause marker `<!-- pause -->`. */
static bool
is_pause(const char *html)
{
	const char *p = html, *e;

	while (isspace((unsigned char)*p))
		p++;
	if (strncmp(p, "<!--", 4) != 0)
		return false;
	p += 4;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "pause", 5) != 0)
		return false;
	p += 5;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "-->", 3) != 0)
		return false;
	e = p + 3;
	while (isspace((unsigned char)*e))
		e++;
	return *e == '\0';
}

/*
 * A comment that is almost `<!-- pause -->` (another case, a letter off:
 * `<!-- PAUSE -->`, `<!-- paus -->`) would be ignored as any comment, and
 * the pause silently lost: an error. Other comments are left alone.
 */
static void
check_directive(struct lp_ctx *c, const char *html, int line, int col)
{
	const char *p = html + 4, *e;
	char word[16];
	size_t n = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	for (e = p; isalpha((unsigned char)*e) && n + 1 < sizeof word; e++)
		word[n++] = (char)tolower((unsigned char)*e);
	word[n] = '\0';
	while (*e == ' ' || *e == '\t')
		e++;
	if (n == 0 || strncmp(e, "-->", 3) != 0)
		return;
	if (edit_distance(word, "pause", 2) <= 1)
		lp_err(c, line, col, "'%.*s' is not a directive (did you mean "
		    "<!-- pause -->?)", (int)(e + 3 - html), html);
}

/* Appends a block of `kind` to the lesson's reading order. */
/* Whether line `n` of the source is blank (or outside the file). */
static bool
blank_line(const struct lp_ctx *c, int n)
{
	size_t len;
	const char *s = lp_src_line(c, n, &len);

	if (s == NULL)
		return true;
	for (size_t i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * A pause marker needs a blank line before and after it: glued under a
 * paragraph's last line it reads as a pause to the author and does not
 * stand where they meant, and a line glued under it joins the comment's
 * HTML block, which the player never shows.
 */
static void
check_pause_alone(struct lp_ctx *c, int line, int col)
{
	/* The marker is one line (is_pause); cmark's block may count the
	 * blank line after it, so the line after is read from the file. */
	if (line > 1 && !blank_line(c, line - 1))
		lp_err(c, line, col, "<!-- pause --> needs a blank line before "
		    "and after (line %d is text)", line - 1);
	else if (!blank_line(c, line + 1))
		lp_err(c, line, col, "<!-- pause --> needs a blank line before "
		    "and after (line %d is text)", line + 1);
}

static struct lesson_block *
add_block(struct lesson *l, enum lesson_block_kind kind, int line)
{
	struct lesson_block *b;

	l->blocks = xreallocarray(l->blocks, l->nblocks + 1, sizeof *l->blocks);
	b = &l->blocks[l->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->line = line;
	return b;
}

/* Turns each top-level CommonMark block into a lesson block. */
static void
walk_blocks(struct lp_ctx *c)
{
	struct lesson *l = c->l;
	cmark_node *n;
	bool have_meta = false, first = true;
	const char *shown = NULL;	/* the last ```python block's code */
	int shown_line = 0;

	for (n = cmark_node_first_child(l->doc); n != NULL;
	    n = cmark_node_next(n)) {
		cmark_node_type t = cmark_node_get_type(n);
		int line = cmark_node_get_start_line(n);
		int col = cmark_node_get_start_column(n);
		struct lesson_block *b;
		enum lp_block bt = LP_NONE;
		char word[32] = "";
		const char *info = NULL;

		if (t == CMARK_NODE_CODE_BLOCK)
			info = cmark_node_get_fence_info(n);
		if (info != NULL && *info != '\0')
			bt = lp_block_type(info, word, sizeof word);
		if (first && bt != LP_LESSON)
			lp_err(c, line, col, "the lesson must begin with a "
			    "```lesson metadata block");
		first = false;
		if (t == CMARK_NODE_CODE_BLOCK) {
			lp_check_closed(c, n, word);
			lp_check_swallowed(c, n, word);
		}
		switch (bt) {
		case LP_LESSON:
			if (have_meta) {
				lp_err(c, line, col, "a second ```lesson "
				    "block");
				continue;
			}
			if (n != cmark_node_first_child(l->doc))
				lp_err(c, line, col, "the ```lesson block "
				    "must be the first block of the file");
			have_meta = true;
			lp_parse_meta(c, n);
			continue;
		case LP_DEMO:
			b = add_block(l, LESSON_DEMO, line);
			b->demo = lp_parse_demo(c, n);
			continue;
		case LP_QUIZ:
		case LP_PREDICT:
			b = add_block(l, bt == LP_QUIZ ? LESSON_QUIZ :
			    LESSON_PREDICT, line);
			b->quiz = lp_parse_quiz(c, n, bt == LP_PREDICT);
			continue;
		case LP_TRACE:
			b = add_block(l, LESSON_TRACE, line);
			b->trace = lp_parse_trace(c, n);
			/* What it must still be when it runs. */
			if (shown != NULL)
				b->trace->shown = xstrdup(shown);
			lp_check_trace_code(c, b->trace, shown, shown_line, line,
			    col);
			continue;
		case LP_EXERCISE:
			b = add_block(l, LESSON_EXERCISE, line);
			b->exercise = lp_parse_exercise(c, n);
			continue;
		case LP_NOTES:
			b = add_block(l, LESSON_NOTES, line);
			b->text = xstrdup(cmark_node_get_literal(n) ?
			    cmark_node_get_literal(n) : "");
			continue;
		default:
			break;
		}
		if (info != NULL && *word != '\0')
			lp_check_block_name(c, word, line, col);
		if (info != NULL && strcmp(word, "python") == 0) {
			/* What a ```trace block below may run. */
			shown = cmark_node_get_literal(n);
			shown_line = line;
		}
		if (t == CMARK_NODE_HTML_BLOCK) {
			const char *h = cmark_node_get_literal(n);

			if (h != NULL && is_pause(h)) {
				check_pause_alone(c, line, col);
				add_block(l, LESSON_PAUSE, line);
				continue;
			}
			if (h != NULL && strncmp(h, "<!--", 4) == 0) {
				check_directive(c, h, line, col);
				continue;
			}
			lp_warn(c, line, col, "raw HTML is not shown by the "
			    "player");
			continue;
		}
		lp_lint_prose(c, n);
		b = add_block(l, LESSON_PROSE, line);
		b->md = md_from_cmark(n);
	}
	if (!have_meta && cmark_node_first_child(l->doc) == NULL)
		lp_err(c, 1, 1, "the lesson must begin with a ```lesson "
		    "metadata block");
}

/* Parses a lesson from memory; see lesson.h. */
struct lesson *
lesson_parse(const char *path, const char *text, size_t len, struct diags *d)
{
	struct lp_ctx c;
	char folder[LANG_CODE_MAX];

	/* A UTF-8 byte-order mark is no part of the lesson: without it,
	 * columns on the first line are the ones an editor shows. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	lp_init(&c, path, text, len, d, xcalloc(1, sizeof *c.l));
	c.l->path = xstrdup(path);
	c.folder = lang_of_path(path, folder);
	lp_check_utf8(&c);
	c.l->doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
	if (c.l->doc == NULL)
		fatal("out of memory");
	walk_blocks(&c);
	lp_collect_sections(&c);
	lp_collect_chrefs(&c);
	lp_lint_filename(&c);
	lp_lint_nesting(&c);
	lp_release(&c);
	return c.l;
}

/* Reads a lesson file whole (up to LESSON_MAX_BYTES) and parses it. */
struct lesson *
lesson_load(const char *path, struct diags *d)
{
	struct lesson *l;
	FILE *f;
	char *buf;
	size_t n;

	if ((f = fopen_regular(path, "rb", &buf)) == NULL) {
		diags_add(d, DIAG_ERROR, path, 0, 0, "cannot read: %s",
		    errno == EINVAL ? "not a regular file" : strerror(errno));
		free(buf);
		return NULL;
	}
	buf = xmalloc(LESSON_MAX_BYTES + 1);
	n = fread(buf, 1, LESSON_MAX_BYTES + 1, f);
	if (ferror(f)) {
		diags_add(d, DIAG_ERROR, path, 0, 0, "cannot read: %s",
		    strerror(errno));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	if (n > LESSON_MAX_BYTES) {
		diags_add(d, DIAG_ERROR, path, 0, 0, "file is larger than "
		    "%d bytes", LESSON_MAX_BYTES);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	l = lesson_parse(path, buf, n, d);
	free(buf);
	return l;
}

/* Frees what a demo owns (not the demo itself). */
static void
demo_release(struct lesson_demo *dm)
{
	free(dm->id);
	free(dm->caption);
	free(dm->models);
	free(dm->recording);
	free(dm->recording_path);
}

/* Frees an exercise block. */
static void
exercise_free(struct lesson_exercise *ex)
{
	free(ex->id);
	free(ex->starter);
	free(ex->starter_path);
	free(ex->solution);
	free(ex->solution_path);
	free(ex->goal);
	for (int i = 0; i < ex->nconds; i++)
		lp_excond_release(&ex->conds[i]);
	free(ex->conds);
	for (int i = 0; i < ex->nhints; i++)
		free(ex->hints[i]);
	free(ex->hints);
	free(ex);
}

const struct lesson_exercise *
lesson_find_exercise(const struct lesson *l, const char *id)
{
	for (size_t i = 0; i < l->nblocks; i++)
		if (l->blocks[i].kind == LESSON_EXERCISE &&
		    l->blocks[i].exercise->id != NULL &&
		    strcmp(l->blocks[i].exercise->id, id) == 0)
			return l->blocks[i].exercise;
	return NULL;
}

/* Frees a lesson, its blocks and its cmark tree. */
void
lesson_free(struct lesson *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->nblocks; i++) {
		struct lesson_block *b = &l->blocks[i];

		if (b->demo != NULL) {
			demo_release(b->demo);
			free(b->demo);
		}
		if (b->trace != NULL) {
			free(b->trace->id);
			free(b->trace->program);
			free(b->trace->path);
			free(b->trace->caption);
			free(b->trace->shown);
			free(b->trace);
		}
		if (b->exercise != NULL)
			exercise_free(b->exercise);
		if (b->quiz != NULL) {
			for (int k = 0; k < b->quiz->nchoices; k++) {
				free(b->quiz->choices[k].text);
				free(b->quiz->choices[k].why);
				free(b->quiz->choices[k].metric);
			}
			free(b->quiz->choices);
			free(b->quiz->id);
			free(b->quiz->question);
			demo_release(&b->quiz->demo);
			free(b->quiz);
		}
		free(b->text);
		md_free(b->md);
	}
	free(l->blocks);
	for (size_t i = 0; i < l->nlinks; i++) {
		free(l->links[i].target);
		free(l->links[i].anchor);
	}
	free(l->links);
	for (size_t i = 0; i < l->nsections; i++)
		free(l->sections[i].slug);
	free(l->sections);
	for (size_t i = 0; i < l->nchrefs; i++) {
		free(l->chrefs[i].text);
		free(l->chrefs[i].target);
		free(l->chrefs[i].before);
		free(l->chrefs[i].after);
	}
	free(l->chrefs);
	if (l->doc != NULL)
		cmark_node_free(l->doc);
	free(l->path);
	free(l->id);
	free(l->title);
	free(l->lang);
	free(l);
}

/* Finds a quiz or prediction quiz by id, and its block's index. */
const struct lesson_quiz *
lesson_find_quiz(const struct lesson *l, const char *id, int *block)
{
	for (size_t i = 0; i < l->nblocks; i++) {
		const struct lesson_quiz *q = l->blocks[i].quiz;

		if (q != NULL && q->id != NULL && strcmp(q->id, id) == 0) {
			if (block != NULL)
				*block = (int)i;
			return q;
		}
	}
	return NULL;
}

/* Counts the quizzes and prediction quizzes of a lesson. */
int
lesson_count_quizzes(const struct lesson *l)
{
	int n = 0;

	for (size_t i = 0; i < l->nblocks; i++)
		if (l->blocks[i].quiz != NULL)
			n++;
	return n;
}

/*
 * Accented Latin letters and their base letters, for slugs: U+00C0 to
 * U+00FF, then U+0100 to U+017F. '.' drops the letter ('x' and '/' are
 * signs), '*' is one of the letters that fold to two (see fold_pair).
 */
static const char latin1_fold[64] =
    "AAAAAA*CEEEEIIIIDNOOOOO.OUUUUY**aaaaaa*ceeeeiiiidnooooo.ouuuuy*y";
static const char latin_ext_a_fold[128] =
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLl"
    "LlNnNnNnnNnOoOoOo**RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

/* The two letters a ligature or sharp s folds to, or NULL. */
static const char *
fold_pair(unsigned cp)
{
	switch (cp) {
	case 0xc6: case 0xe6:
		return "ae";
	case 0xde: case 0xfe:
		return "th";
	case 0xdf:
		return "ss";
	case 0x152: case 0x153:
		return "oe";
	}
	return NULL;
}

/* Appends the slug form of code point `cp` to `out` (at *n). */
static void
slug_put(char *out, size_t *n, bool *dash, unsigned cp)
{
	const char *two = fold_pair(cp);
	char one[2] = "";

	if (cp < 0x80 && isalnum((int)cp))
		one[0] = (char)tolower((int)cp);
	else if (cp == ' ' || cp == '\t' || cp == '-' || cp == '_' ||
	    cp == '\n') {
		*dash = true;
		return;
	} else if (cp >= 0xc0 && cp <= 0xff && latin1_fold[cp - 0xc0] != '.' &&
	    two == NULL)
		one[0] = (char)tolower((unsigned char)latin1_fold[cp - 0xc0]);
	else if (cp >= 0x100 && cp <= 0x17f && two == NULL)
		one[0] = (char)tolower((unsigned char)
		    latin_ext_a_fold[cp - 0x100]);
	if (two == NULL && one[0] == '\0')
		return;
	if (*dash && *n > 0)
		out[(*n)++] = '-';
	*dash = false;
	for (const char *p = two != NULL ? two : one; *p != '\0'; p++)
		out[(*n)++] = *p;
}

/* The slug of a heading's text; see lesson.h for the rule. */
char *
lesson_slug(const char *title)
{
	const unsigned char *s = (const unsigned char *)title;
	char *out = xmalloc(2 * strlen(title) + 1);
	size_t n = 0;
	bool dash = false;

	while (*s != '\0') {
		unsigned cp = *s++;

		/* Two-byte sequences cover every letter that folds; longer
		 * ones (and bytes that are not UTF-8) are left out. */
		if (cp >= 0xc2 && cp <= 0xdf && (*s & 0xc0) == 0x80)
			cp = (cp & 0x1f) << 6 | (*s++ & 0x3f);
		else if (cp >= 0x80) {
			while ((*s & 0xc0) == 0x80)
				s++;
			continue;
		}
		slug_put(out, &n, &dash, cp);
	}
	out[n] = '\0';
	return out;
}

/* Finds a section by its slug; see lesson.h. */
int
lesson_find_section(const struct lesson *l, const char *anchor)
{
	for (size_t i = 0; i < l->nsections; i++)
		if (strcmp(l->sections[i].slug, anchor) == 0)
			return l->sections[i].block;
	return -1;
}
