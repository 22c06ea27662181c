/*
 * lint.c - checks over the prose and over the lesson as a whole, beside
 * the block parsing: links to other lessons and their sections (collected
 * into the model, or reported when malformed, or when Markdown did not
 * take them as links), the sections headings make, images, tables and
 * blocks out of place in the prose; experiments that
 * work but are probably not what the author meant; the file name; and how
 * deep the Markdown nests.
 *
 * The nesting limit protects every reader of the tree after the parser:
 * a lesson that passes the checker nests no deeper than LESSON_NEST_MAX.
 * The walks here use cmark's iterator, never recursion, so a hostile file
 * cannot exhaust the stack while being checked.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/parse.h"
#include "lesson/placeholder.h"
#include "lesson/syntax.h"
#include "util.h"

/* Warnings about an experiment that is valid but probably not what was
 * meant; `what` names it ("demo", "prediction"). */
void
lp_lint_demo(struct lp_ctx *c, const struct lesson_demo *dm, int line,
    int col, const char *what)
{
	const struct param_spec *specs = params_specs();
	double work = dm->params.units * dm->params.unit_ms;

	/*
	 * units x unit-ms is the length of the work only where units are
	 * timed items; race counts thousands of increments instead, and the
	 * burger scenes have a fixed menu.
	 */
	if (work > 10000 && (dm->scenario == NULL ||
	    ((dm->scenario->uses & (1u << PARAM_UNITS)) &&
	    (dm->scenario->uses & (1u << PARAM_UNIT_MS)))))
		lp_warn(c, line, col, "%s runs %g ms of work (units x "
		    "unit-ms); keep it under 10000 ms", what, work);
	if (dm->scenario == NULL)
		return;
	/* units and unit-ms are left out: lessons written before this
	 * warning set unit-ms on race to meet the work budget. */
	for (int i = 0; i < PARAM_COUNT; i++)
		if ((dm->set & (1u << i)) &&
		    !(dm->scenario->uses & (1u << i)) &&
		    i != PARAM_UNITS && i != PARAM_UNIT_MS)
			lp_warn(c, line, col, "scenario '%s' does not use '%s'",
			    dm->scenario->name, specs[i].name);
}

/* Finds the `k`th "lesson:TARGET" in lines [from, to] for its column. */
static void
locate_link(struct lp_ctx *c, int from, int to, const char *url, int k,
    int *line, int *col)
{
	size_t ulen = strlen(url);

	*line = from;
	*col = 1;
	for (int n = from; n <= to && n <= c->nlines; n++) {
		size_t len;
		const char *s = lp_src_line(c, n, &len);

		for (size_t i = 0; ulen > 0 && i + ulen <= len; i++)
			if (memcmp(s + i, url, ulen) == 0 && k-- == 0) {
				*line = n;
				*col = (int)i + 1;
				return;
			}
	}
}

/* Which occurrence of `url` this is in the block, counting in `seen`. */
static int
link_occurrence(char **seen, int *counts, int *nseen, int cap,
    const char *url)
{
	for (int i = 0; i < *nseen; i++)
		if (strcmp(seen[i], url) == 0)
			return ++counts[i];
	if (*nseen < cap) {
		seen[*nseen] = xstrdup(url);
		counts[(*nseen)++] = 0;
	}
	return 0;
}

/*
 * Adds a `lesson:ID` or `lesson:ID#SECTION` link to the lesson's list, or
 * reports what is wrong with it. Whether ID and SECTION exist is for the
 * course checks, which know the other lessons.
 */
static void
take_link(struct lp_ctx *c, const char *url, int line, int col)
{
	const char *id = url + 7, *hash = strchr(id, '#');
	char *target = hash ? lp_trimdup(id, (size_t)(hash - id)) : NULL;
	struct lesson_link *lk;

	if (target == NULL)
		target = xstrdup(id);
	if (*target == '\0')
		lp_err(c, line, col, "lesson link '%s' has no id (expected "
		    "lesson:ID or lesson:ID#SECTION)", url);
	else if (!lesson_id_valid(target))
		lp_err(c, line, col, "malformed lesson link '%s' (expected "
		    "lesson:ID)", url);
	else if (hash != NULL && hash[1] == '\0')
		lp_err(c, line, col, "lesson link '%s' has an empty section "
		    "after '#'", url);
	else if (hash != NULL && !lesson_id_valid(hash + 1)) {
		char *slug = lesson_slug(hash + 1);

		if (*slug != '\0')
			lp_err(c, line, col, "malformed section '%s' in lesson "
			    "link '%s' (sections are slugs: did you mean "
			    "'#%s'?)", hash + 1, url, slug);
		else
			lp_err(c, line, col, "malformed section '%s' in lesson "
			    "link '%s' (sections are slugs: a-z, 0-9, '-')",
			    hash + 1, url);
		free(slug);
	} else {
		c->l->links = xreallocarray(c->l->links, c->l->nlinks + 1,
		    sizeof *c->l->links);
		lk = &c->l->links[c->l->nlinks++];
		lk->target = target;
		lk->anchor = hash != NULL ? xstrdup(hash + 1) : NULL;
		lk->line = line;
		lk->col = col;
		return;
	}
	free(target);
}

/*
 * Text that reads `](lesson:` is a link CommonMark did not take: most
 * often a space in the target (`[the GIL](lesson: gil)`), which makes the
 * whole thing plain text in every viewer. `text` is what a run of text
 * nodes of the block says; `seen` and `counts` tell apart repeats of one
 * mistake in the block, to find each in the source.
 */
static void
check_text_links(struct lp_ctx *c, const char *text, int from, int to,
    char **seen, int *counts, int *nseen)
{
	for (const char *p = strstr(text, "](lesson:"); p != NULL;
	    p = strstr(p + 1, "](lesson:")) {
		const char *e = strchr(p, ')');
		size_t len = e ? (size_t)(e - p) + 1 : strcspn(p, " \n");
		char *what = lp_trimdup(p + 1, len - 1), *needle, *nl;
		int k, line, col;

		if ((nl = strchr(what, '\n')) != NULL)
			*nl = ' ';
		xasprintf(&needle, "]%.*s", (int)strcspn(p + 1, "\n"), p + 1);
		if (strlen(needle) > len)
			needle[len] = '\0';
		k = link_occurrence(seen, counts, nseen, 64, needle);
		locate_link(c, from, to, needle, k, &line, &col);
		lp_err(c, line, col + 1, "malformed lesson link '%s' is shown "
		    "as text (no spaces: lesson:ID or lesson:ID#SECTION)",
		    what);
		free(needle);
		free(what);
	}
}

/* Looks through a prose block for links, images and misplaced blocks. */
static void
scan_inlines(struct lp_ctx *c, cmark_node *top)
{
	cmark_iter *it = cmark_iter_new(top);
	cmark_event_type ev;
	int from = cmark_node_get_start_line(top);
	int to = cmark_node_get_end_line(top);
	char *seen[64], *run = NULL;
	int counts[64], nseen = 0;
	size_t nrun = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);

		/* Runs of text, which cmark may split at brackets. */
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_SOFTBREAK) {
			const char *lit = t == CMARK_NODE_TEXT ?
			    cmark_node_get_literal(n) : "\n";
			size_t k = lit ? strlen(lit) : 0;

			run = xrealloc(run, nrun + k + 1);
			memcpy(run + nrun, lit ? lit : "", k);
			nrun += k;
			run[nrun] = '\0';
			continue;
		}
		if (nrun > 0) {
			check_text_links(c, run, from, to, seen, counts, &nseen);
			nrun = 0;
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_LINK) {
			const char *url = cmark_node_get_url(n);
			int k, line, col;

			if (url == NULL || strncmp(url, "lesson:", 7) != 0)
				continue;
			k = link_occurrence(seen, counts, &nseen, 64, url);
			locate_link(c, from, to, url, k, &line, &col);
			take_link(c, url, line, col);
		} else if (t == CMARK_NODE_IMAGE) {
			lp_warn(c, from, 1, "images are not shown in the "
			    "terminal; describe it in words");
		} else if (t == CMARK_NODE_CODE_BLOCK && n != top &&
		    cmark_node_get_fence_info(n) != NULL) {
			char word[32];
			enum lp_block bt = lp_block_type(
			    cmark_node_get_fence_info(n), word, sizeof word);

			lp_check_closed(c, n, word);
			lp_check_swallowed(c, n, word);
			if (bt != LP_NONE)
				lp_err(c, cmark_node_get_start_line(n),
				    cmark_node_get_start_column(n),
				    "a ```%s block must be at the top level, "
				    "not inside a list or quote", word);
		}
	}
	if (nrun > 0)
		check_text_links(c, run, from, to, seen, counts, &nseen);
	free(run);
	for (int i = 0; i < nseen; i++)
		free(seen[i]);
	cmark_iter_free(it);
}

/* A paragraph that looks like a pipe table: authors expect one. */
static void
check_table(struct lp_ctx *c, cmark_node *node)
{
	int line = cmark_node_get_start_line(node);
	size_t len, len2;
	const char *s = lp_src_line(c, line, &len);
	const char *t = lp_src_line(c, line + 1, &len2);

	while (len > 0 && *s == ' ')
		s++, len--;
	if (len == 0 || *s != '|' || len2 == 0 || memchr(t, '|', len2) == NULL
	    || memchr(t, '-', len2) == NULL)
		return;
	lp_warn(c, line, cmark_node_get_start_column(node), "tables are not "
	    "CommonMark and show as plain text; use a list");
}

/*
 * Placeholders (`{{cpus}}`) in the source lines of a prose block, but not
 * in code, which is shown as written: code blocks are skipped by their
 * lines, code spans by the backquotes before the placeholder on its line.
 */
static void
check_placeholders(struct lp_ctx *c, cmark_node *top)
{
	cmark_iter *it;
	cmark_event_type ev;
	int from = cmark_node_get_start_line(top);
	int to = cmark_node_get_end_line(top);
	int code[32][2], ncode = 0;

	if (cmark_node_get_type(top) == CMARK_NODE_CODE_BLOCK ||
	    cmark_node_get_type(top) == CMARK_NODE_HTML_BLOCK)
		return;
	it = cmark_iter_new(top);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && ncode < 32) {
		cmark_node *n = cmark_iter_get_node(it);

		if (ev == CMARK_EVENT_ENTER &&
		    cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK) {
			code[ncode][0] = cmark_node_get_start_line(n);
			code[ncode][1] = cmark_node_get_end_line(n);
			ncode++;
		}
	}
	cmark_iter_free(it);
	for (int line = from; line <= to; line++) {
		const char *src, *at, *name, *p;
		size_t len, nlen, plen;
		bool skip = false;
		char *text;

		for (int i = 0; i < ncode; i++)
			skip |= line >= code[i][0] && line <= code[i][1];
		if (skip || (src = lp_src_line(c, line, &len)) == NULL)
			continue;
		text = xmalloc(len + 1);
		memcpy(text, src, len);
		text[len] = '\0';
		for (p = text; (at = placeholder_next(p, &name, &nlen,
		    &plen)) != NULL; p = at + plen) {
			int ticks = 0;
			char *want;
			const char *hint;

			for (const char *q = text; q < at; q++)
				ticks += *q == '`';
			if (ticks % 2 == 1 ||
			    placeholder_find(name, nlen) >= 0)
				continue;
			want = lp_trimdup(name, nlen);
			hint = lp_suggest(want, placeholder_names());
			if (hint != NULL)
				lp_err(c, line, (int)(at - text) + 1,
				    "unknown placeholder '{{%s}}' (did you "
				    "mean '{{%s}}'?)", want, hint);
			else
				lp_err(c, line, (int)(at - text) + 1,
				    "unknown placeholder '{{%s}}' (known: "
				    "{{%s}})", want, placeholder_names()[0]);
			free(want);
		}
		free(text);
	}
}

/* The checks on one top-level prose block. */
void
lp_lint_prose(struct lp_ctx *c, cmark_node *node)
{
	if (cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH)
		check_table(c, node);
	scan_inlines(c, node);
	check_placeholders(c, node);
}

/* Warns when the file name's number is not the chapter. */
void
lp_lint_filename(struct lp_ctx *c)
{
	const char *base = strrchr(c->path, '/');
	int n = 0;

	base = base ? base + 1 : c->path;
	if (!isdigit((unsigned char)*base) || c->l->chapter == 0)
		return;
	while (isdigit((unsigned char)*base) && n < 1000)
		n = n * 10 + (*base++ - '0');
	if (n != c->l->chapter)
		lp_warn(c, c->l->chapter_line, c->l->chapter_col, "chapter %d "
		    "does not match the file name, which starts with %d",
		    c->l->chapter, n);
}

/* The two ways Markdown nests, each with its own depth. */
enum nest {
	NEST_NONE = -1,
	NEST_BLOCK = 0,		/* block quotes and lists */
	NEST_INLINE		/* emphasis, strong, links and images */
};

static const char *const nest_what[] = {
	"block quotes and lists", "emphasis and links"
};

/* Which depth a node adds to (list items add nothing: their list does). */
static enum nest
nest_kind(cmark_node_type t)
{
	switch (t) {
	case CMARK_NODE_BLOCK_QUOTE:
	case CMARK_NODE_LIST:
		return NEST_BLOCK;
	case CMARK_NODE_EMPH:
	case CMARK_NODE_STRONG:
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		return NEST_INLINE;
	default:
		return NEST_NONE;
	}
}

/* Where a node starts; nodes without a place borrow their parent's. */
static void
node_place(cmark_node *n, int *line, int *col)
{
	while (n != NULL && cmark_node_get_start_line(n) <= 0)
		n = cmark_node_parent(n);
	*line = n != NULL ? cmark_node_get_start_line(n) : 1;
	*col = n != NULL ? cmark_node_get_start_column(n) : 1;
}

/*
 * Reports Markdown that nests deeper than LESSON_NEST_MAX: once per
 * top-level block and kind of nesting, at the first node too deep.
 */
void
lp_lint_nesting(struct lp_ctx *c)
{
	cmark_iter *it = cmark_iter_new(c->l->doc);
	cmark_event_type ev;
	int depth[2] = { 0, 0 };
	bool said[2] = { false, false };

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		enum nest k = nest_kind(cmark_node_get_type(n));
		int line, col;

		if (ev == CMARK_EVENT_ENTER &&
		    cmark_node_parent(n) == c->l->doc)
			said[NEST_BLOCK] = said[NEST_INLINE] = false;
		if (k == NEST_NONE)
			continue;
		if (ev == CMARK_EVENT_EXIT) {
			depth[k]--;
			continue;
		}
		if (++depth[k] <= LESSON_NEST_MAX || said[k])
			continue;
		said[k] = true;
		node_place(n, &line, &col);
		lp_err(c, line, col, "%s nest more than %d deep here (flatten "
		    "them)", nest_what[k], LESSON_NEST_MAX);
	}
	cmark_iter_free(it);
}

/* Appends the text of a heading's inlines to `buf` (at *n, growing). */
static void
heading_text(cmark_node *h, char **buf, size_t *n)
{
	cmark_iter *it = cmark_iter_new(h);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *k = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(k);
		const char *lit = NULL;
		size_t len;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
			lit = cmark_node_get_literal(k);
		else if (t == CMARK_NODE_SOFTBREAK)
			lit = " ";
		if (lit == NULL)
			continue;
		len = strlen(lit);
		*buf = xrealloc(*buf, *n + len + 1);
		memcpy(*buf + *n, lit, len + 1);
		*n += len;
	}
	cmark_iter_free(it);
}

/*
 * Lists the lesson's top-level headings with their slugs, the anchors
 * that `lesson:ID#SECTION` links name, and the prose block each one is.
 */
void
lp_collect_sections(struct lp_ctx *c)
{
	struct lesson *l = c->l;

	for (cmark_node *n = cmark_node_first_child(l->doc); n != NULL;
	    n = cmark_node_next(n)) {
		struct lesson_section *sec;
		int line = cmark_node_get_start_line(n), block = -1;
		char *text;
		size_t len = 0;

		if (cmark_node_get_type(n) != CMARK_NODE_HEADING)
			continue;
		text = xstrdup("");
		for (size_t i = 0; i < l->nblocks && block < 0; i++)
			if (l->blocks[i].kind == LESSON_PROSE &&
			    l->blocks[i].line == line)
				block = (int)i;
		heading_text(n, &text, &len);
		l->sections = xreallocarray(l->sections, l->nsections + 1,
		    sizeof *l->sections);
		sec = &l->sections[l->nsections++];
		sec->slug = lesson_slug(text);
		sec->level = cmark_node_get_heading_level(n);
		sec->line = line;
		sec->col = cmark_node_get_start_column(n);
		sec->block = block;
		free(text);
	}
}

/*
 * A fenced block that a later block's fence closed: its text holds a
 * line that would have closed it (the same character, at least as long)
 * but for the info string after it (```predict), so the block runs on
 * over what the author meant as the next block, and CommonMark takes
 * that block's closing fence as this one's. Every heading, quiz and
 * prediction in between silently becomes the block's text (a notes
 * block's: speaker notes), so it is an error naming both lines.
 */
void
lp_check_swallowed(struct lp_ctx *c, cmark_node *node, const char *name)
{
	int start = cmark_node_get_start_line(node);
	int end = cmark_node_get_end_line(node);
	int col = cmark_node_get_start_column(node);
	size_t flen, fl = 0, i = col > 0 ? (size_t)col - 1 : 0;
	const char *f = lp_src_line(c, start, &flen);
	char ch;

	if (f == NULL || i >= flen || (f[i] != '`' && f[i] != '~'))
		return;
	ch = f[i];
	while (i + fl < flen && f[i + fl] == ch)
		fl++;
	if (fl < 3)
		return;
	for (int ln = start + 1; ln < end; ln++) {
		size_t len, j = 0, n = 0;
		const char *s = lp_src_line(c, ln, &len);
		char word[32], info[64];
		enum lp_block bt;

		if (s == NULL)
			continue;
		while (j < len && j < 3 && s[j] == ' ')
			j++;
		while (j + n < len && s[j + n] == ch)
			n++;
		if (n < fl)
			continue;
		/* The info string's first word: a block or a language. */
		snprintf(info, sizeof info, "%.*s", (int)(len - j - n),
		    s + j + n);
		bt = lp_block_type(info, word, sizeof word);
		if (*word == '\0' || (bt == LP_NONE &&
		    syntax_lang(word) == SYNTAX_NONE))
			continue;
		lp_err(c, start, col, "the %s block opened at %d:%d is never "
		    "closed; %.*s%s at %d:%zu is read as its text",
		    *name != '\0' ? name : "code", start, col, (int)n, s + j,
		    word, ln, j + 1);
		return;
	}
}
