/*
 * chref.c - references to chapters in a lesson's words, and the check
 * that each names a chapter there is, the chapter it means.
 *
 * Lessons point at each other as "chapter 3", "chapters 5 and 6",
 * "[chapter 4](lesson:coroutines)", "the [threads chapter](lesson:threads)",
 * "processes ([chapter 6](lesson:processes))", "[the next
 * chapter](lesson:processes)" and, in Spanish, "capítulo 3", "capítulos
 * 5 y 6", "el [capítulo de asyncio](lesson:asyncio)". A reference may
 * say which chapter it means in up to four ways, and every one it gives
 * must agree:
 *
 *   - its numbers, each a chapter of the lesson's language;
 *   - the lesson its link goes to (a lesson:ID link whose text holds
 *     the word), which must be one of those numbers;
 *   - a place counted from the lesson ("first", "next", "previous",
 *     "last"; "primer", "siguiente", "anterior", "último"), for a link;
 *   - a chapter's name quoted beside it: the words just before the word
 *     ("the threads chapter", "processes (chapter 6)"), a parenthesis
 *     right after the number ("chapter 5 (threads)") or, with no number,
 *     "de X" / "on X" after it. A name is a lesson's id, its title, or
 *     its title's words before a colon, without a leading article,
 *     compared as slugs (lesson_slug: no case, no accents). Words that
 *     name no chapter are only prose and say nothing.
 *
 * A number that is no chapter, and a link that goes elsewhere than its
 * number or place, are errors; a name beside a reference is read from
 * prose, so its disagreeing is a warning.
 *
 * The chapters are the `chapter:` numbers of the lessons in the same
 * language folder, the numbers the course map orders the lessons by
 * (course.c); a glossary's `chapter:` lines are checked against the
 * same. The reading is done once, at parse time, over the source text
 * (prose, quiz and exercise text, notes), leaving out code blocks; the
 * check, which needs the other lessons, is the course's.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lesson/chref.h"
#include "lesson/course.h"
#include "lesson/parse.h"
#include "util.h"

/* How far around a reference its link and its words are looked for. */
#define NEAR	120
#define WORDS	48

/* The words that make a chapter reference, each with its plural 's'. */
static const char *const chapter_words[] = {
	"chapter", "cap\xc3\xadtulo", "capitulo", NULL
};

/*
 * Places counted from the lesson, by the slug of their word, which may
 * stand before the chapter word or after it ("el capítulo siguiente").
 */
static const struct {
	const char		*slug;
	enum lesson_chrel	 rel;
} rel_words[] = {
	{ "first",	LESSON_CH_FIRST },
	{ "primer",	LESSON_CH_FIRST },
	{ "next",	LESSON_CH_NEXT },
	{ "siguiente",	LESSON_CH_NEXT },
	{ "previous",	LESSON_CH_PREVIOUS },
	{ "anterior",	LESSON_CH_PREVIOUS },
	{ "last",	LESSON_CH_LAST },
	{ "ultimo",	LESSON_CH_LAST },
	{ NULL,		LESSON_CH_NONE }
};

/* Words between a chapter word and the name after it ("capítulo de X"). */
static const char *const lead_words[] = {
	"de-", "del-", "sobre-", "on-", "about-", "the-", "el-", "la-",
	"los-", "las-", NULL
};

/* Articles before a title ("The GIL", "La hamburguesería"). */
static const char *const articles[] = {
	"the-", "a-", "el-", "la-", "los-", "las-", NULL
};

/* Whether byte `ch` is part of a word: a letter, digit or UTF-8 byte. */
static bool
wordy(unsigned char ch)
{
	return isalnum(ch) || ch >= 0x80 || ch == '_';
}

/* Whether `w` is at `s` (of `n` bytes), ASCII letters in any case. */
static bool
at_word(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	if (k > n)
		return false;
	for (size_t i = 0; i < k; i++)
		if (tolower((unsigned char)s[i]) != (unsigned char)w[i])
			return false;
	return true;
}

/* The slug of the `n` bytes at `s`. */
static char *
slug_of(const char *s, size_t n)
{
	char *t = xmalloc(n + 1), *slug;

	memcpy(t, s, n);
	t[n] = '\0';
	slug = lesson_slug(t);
	free(t);
	return slug;
}

/* The line and column of byte `off` of the file. */
static void
place_of(const struct lp_ctx *c, size_t off, int *line, int *col)
{
	int lo = 0, hi = c->nlines - 1;

	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;

		if (c->lines[mid] <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	*line = lo + 1;
	*col = (int)(off - c->lines[lo]) + 1;
}

/*
 * A copy of the file with the lines of code blocks blanked: code is
 * shown as written and its words are no references.
 */
static char *
text_without_code(const struct lp_ctx *c)
{
	char *buf = xmalloc(c->len + 1);
	cmark_iter *it = cmark_iter_new(c->l->doc);
	cmark_event_type ev;

	memcpy(buf, c->text, c->len);
	buf[c->len] = '\0';
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *info;
		char word[32];
		int from, to;

		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(n) != CMARK_NODE_CODE_BLOCK)
			continue;
		info = cmark_node_get_fence_info(n);
		if (lp_block_type(info != NULL ? info : "", word,
		    sizeof word) != LP_NONE)
			continue;
		from = cmark_node_get_start_line(n);
		to = cmark_node_get_end_line(n);
		for (int ln = from; ln >= 1 && ln <= to && ln <= c->nlines;
		    ln++)
			for (size_t i = c->lines[ln - 1]; i < c->len &&
			    buf[i] != '\n'; i++)
				buf[i] = ' ';
	}
	cmark_iter_free(it);
	return buf;
}

/* Skips blanks, line breaks included, from `i`. */
static size_t
skip_blanks(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
	    s[i] == '\r'))
		i++;
	return i;
}

/* Reads a chapter number of up to 3 digits at `i`; -1 if none. */
static int
read_number(const char *s, size_t n, size_t *i)
{
	int v = 0, k = 0;

	while (*i < n && isdigit((unsigned char)s[*i]) && k < 3) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	if (k == 0 || (*i < n && wordy((unsigned char)s[*i])))
		return -1;
	return v;
}

/*
 * Reads the numbers after a chapter word from `i`: "3", "5 and 6",
 * "5, 6 y 7", "(5)". Sets *end past the last one; returns how many.
 */
static int
read_numbers(const char *s, size_t n, size_t i, int *nums, size_t *end)
{
	static const char *const joins[] = { "and", "or", "to", "y", "o",
	    "e", "a", NULL };
	size_t j = skip_blanks(s, n, i);
	int k = 0, v;

	*end = i;
	if (j < n && s[j] == '(') {
		size_t q = j + 1;

		if ((v = read_number(s, n, &q)) >= 0 && q < n && s[q] == ')') {
			nums[0] = v;
			*end = q + 1;
			return 1;
		}
		return 0;
	}
	while (k < LESSON_CHREF_NUMS && (v = read_number(s, n, &j)) >= 0) {
		size_t q;
		bool joined = false;

		nums[k++] = v;
		*end = j;
		q = j;
		while (q < n && s[q] == ' ')
			q++;
		if (q < n && (s[q] == ',' || s[q] == '&' || s[q] == '-')) {
			q++;
			joined = true;
		} else if (n - q >= 3 && memcmp(s + q, "\xe2\x80\x93", 3) == 0) {
			q += 3;
			joined = true;
		} else
			for (int w = 0; joins[w] != NULL && !joined; w++) {
				size_t wl = strlen(joins[w]);

				if (at_word(s + q, n - q, joins[w]) &&
				    q + wl < n && s[q + wl] == ' ') {
					q += wl;
					joined = true;
				}
			}
		if (!joined)
			break;
		j = skip_blanks(s, n, q);
		if (j >= n || !isdigit((unsigned char)s[j]))
			break;
	}
	return k;
}

/* The word ending at `end` (after skipping blanks and `[*_`), as a slug. */
static char *
word_before(const char *s, size_t end, size_t *start)
{
	size_t e = end, b;

	while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\n' ||
	    s[e - 1] == '[' || s[e - 1] == '*' || s[e - 1] == '_'))
		e--;
	b = e;
	while (b > 0 && wordy((unsigned char)s[b - 1]))
		b--;
	*start = b;
	return slug_of(s + b, e - b);
}

/* The link around [from, to): the lesson id, or NULL; *open its '['. */
static char *
link_around(const char *s, size_t n, size_t from, size_t to, size_t *open)
{
	size_t a = from, z = to, lim;

	*open = from;
	for (lim = 0; a > 0 && lim < NEAR; a--, lim++) {
		if (s[a - 1] == ']' || s[a - 1] == ')' ||
		    (s[a - 1] == '\n' && a >= 2 && s[a - 2] == '\n'))
			return NULL;
		if (s[a - 1] == '[')
			break;
	}
	if (a == 0 || s[a - 1] != '[')
		return NULL;
	for (lim = 0; z < n && lim < NEAR && s[z] != ']'; z++, lim++)
		if (s[z] == '[' || (s[z] == '\n' && z + 1 < n &&
		    s[z + 1] == '\n'))
			return NULL;
	if (z >= n || s[z] != ']' || strncmp(s + z, "](lesson:", 9) != 0)
		return NULL;
	*open = a - 1;
	z += 9;
	a = z;
	while (z < n && (islower((unsigned char)s[z]) ||
	    isdigit((unsigned char)s[z]) || s[z] == '-'))
		z++;
	return z > a ? slug_of(s + a, z - a) : NULL;
}

/*
 * The slug of the words before `end` back to the clause they are in (up
 * to WORDS bytes, after the last of `.;:!?,)]` or a blank line).
 */
static char *
words_before(const char *s, size_t end)
{
	size_t b = end > WORDS ? end - WORDS : 0;

	for (size_t i = end; i > b; i--)
		if (strchr(".;:!?,)]", s[i - 1]) != NULL ||
		    (s[i - 1] == '\n' && i >= 2 && s[i - 2] == '\n')) {
			b = i;
			break;
		}
	/* Never start inside a word the window cut. */
	while (b > 0 && b < end && wordy((unsigned char)s[b - 1]) &&
	    wordy((unsigned char)s[b]))
		b++;
	return slug_of(s + b, end - b);
}

/* Strips the leading words of `list` from a slug, in place, repeatedly. */
static void
strip_leads(char *slug, const char *const *list)
{
	bool again = true;

	while (again) {
		again = false;
		for (int i = 0; list[i] != NULL; i++) {
			size_t k = strlen(list[i]);

			if (strncmp(slug, list[i], k) == 0) {
				memmove(slug, slug + k, strlen(slug + k) + 1);
				again = true;
			}
		}
	}
}

/*
 * The slug of a phrase after a reference that may name a chapter: a
 * parenthesis right after its number, or (without a number) words after
 * a "de" or "on", up to WORDS bytes of one clause. NULL when none.
 */
static char *
words_after(const char *s, size_t n, size_t i, bool numbered)
{
	size_t j = i, e;
	char *slug;

	while (j < n && s[j] == ' ')
		j++;
	if (numbered) {
		if (j >= n || s[j] != '(')
			return NULL;
		for (e = ++j; e < n && e - j < WORDS && s[e] != ')'; e++)
			;
		if (e >= n || s[e] != ')')
			return NULL;
		slug = slug_of(s + j, e - j);
		strip_leads(slug, articles);
		return slug;
	}
	for (e = j; e < n && e - j < WORDS && strchr(".;:!?,()]\n",
	    s[e]) == NULL; e++)
		;
	while (e > j && e < n && ((unsigned char)s[e] & 0xc0) == 0x80)
		e--;
	slug = slug_of(s + j, e - j);
	if (!(strncmp(slug, "de-", 3) == 0 || strncmp(slug, "del-", 4) == 0 ||
	    strncmp(slug, "sobre-", 6) == 0 || strncmp(slug, "on-", 3) == 0 ||
	    strncmp(slug, "about-", 6) == 0)) {
		free(slug);
		return NULL;
	}
	strip_leads(slug, lead_words);
	return slug;
}

/* The text of [a, z) as one line, for messages. */
static char *
one_line(const char *s, size_t a, size_t z)
{
	char *t = xmalloc(z - a + 1);
	size_t k = 0;

	for (size_t i = a; i < z; i++) {
		char ch = s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ?
		    ' ' : s[i];

		if (ch == ' ' && k > 0 && t[k - 1] == ' ')
			continue;
		if (ch == '[' || ch == ']' || ch == '*')
			continue;
		t[k++] = ch;
	}
	t[k] = '\0';
	return t;
}

/* The chapter word at `i` of `s`: its length with a plural 's', or 0. */
static size_t
chapter_word_at(const char *s, size_t n, size_t i)
{
	if (i > 0 && wordy((unsigned char)s[i - 1]))
		return 0;
	for (int w = 0; chapter_words[w] != NULL; w++) {
		size_t k = strlen(chapter_words[w]);

		if (!at_word(s + i, n - i, chapter_words[w]))
			continue;
		if (i + k < n && s[i + k] == 's')
			k++;
		if (i + k < n && wordy((unsigned char)s[i + k]))
			return 0;
		return k;
	}
	return 0;
}

/* Reads the reference whose chapter word is at `i` (`k` bytes) into *r. */
static bool
read_ref(struct lp_ctx *c, const char *s, size_t n, size_t i, size_t k,
    struct lesson_chref *r)
{
	size_t start = i, end, wstart, open;
	char *w = word_before(s, i, &wstart);

	memset(r, 0, sizeof *r);
	r->nnums = read_numbers(s, n, i + k, r->nums, &end);
	for (int j = 0; rel_words[j].slug != NULL; j++)
		if (strcmp(w, rel_words[j].slug) == 0) {
			r->rel = rel_words[j].rel;
			start = wstart;
		}
	free(w);
	if (r->nnums == 0 && r->rel == LESSON_CH_NONE) {
		size_t a = skip_blanks(s, n, i + k), b = a;

		while (b < n && wordy((unsigned char)s[b]))
			b++;
		w = slug_of(s + a, b - a);
		for (int j = 0; rel_words[j].slug != NULL; j++)
			if (strcmp(w, rel_words[j].slug) == 0) {
				r->rel = rel_words[j].rel;
				end = b;
			}
		free(w);
	}
	r->target = link_around(s, n, start, end, &open);
	if (r->nnums == 0 && r->target == NULL)
		return false;
	r->text = one_line(s, start, end);
	/* Inside a link, the words before are the link's own; a link that
	 * starts with the reference has the words before it. */
	if (r->target != NULL && open + 1 < start)
		r->before = slug_of(s + open + 1, start - open - 1);
	else
		r->before = words_before(s, r->target != NULL ? open : start);
	r->after = words_after(s, n, r->nnums > 0 ? end : i + k,
	    r->nnums > 0);
	place_of(c, start, &r->line, &r->col);
	return true;
}

/* Collects the lesson's chapter references, in reading order. */
void
lp_collect_chrefs(struct lp_ctx *c)
{
	char *s = text_without_code(c);
	size_t n = c->len;

	for (size_t i = 0; i < n; i++) {
		struct lesson_chref r;
		size_t k = chapter_word_at(s, n, i);

		if (k == 0 || !read_ref(c, s, n, i, k, &r))
			continue;
		c->l->chrefs = xreallocarray(c->l->chrefs, c->l->nchrefs + 1,
		    sizeof *c->l->chrefs);
		c->l->chrefs[c->l->nchrefs++] = r;
		i += k - 1;
	}
	free(s);
}

/* The chapters of one language: the lesson of each number there is. */
struct chapters {
	const struct lesson	*at[100];
	int			 max;
	int			 n;		/* lessons counted */
};

/* The language of a lesson: its folder's, or its own `lang:`. */
static const char *
lang_of(const struct lesson *l, char *buf)
{
	const char *f = lang_of_path(l->path, buf);

	return f != NULL ? f : l->lang;
}

/* Fills `ch` with the chapters of language `lang` among `all`. */
static void
chapters_of(struct chapters *ch, const char *lang, struct lesson *const *all,
    size_t nall)
{
	memset(ch, 0, sizeof *ch);
	for (size_t i = 0; i < nall; i++) {
		char b[LANG_CODE_MAX];
		const char *ll = lang_of(all[i], b);
		int k = all[i]->chapter;

		if (ll == NULL || strcmp(ll, lang) != 0 || k < 1 || k > 99)
			continue;
		ch->n++;
		if (ch->at[k] == NULL)
			ch->at[k] = all[i];
		if (k > ch->max)
			ch->max = k;
	}
}

/* Whether slug `s` ends with the words of slug `name`. */
static bool
ends_with_name(const char *s, const char *name)
{
	size_t a = strlen(s), b = strlen(name);

	return b > 0 && a >= b && strcmp(s + a - b, name) == 0 &&
	    (a == b || s[a - b - 1] == '-');
}

/* Whether slug `s` begins with the words of slug `name`. */
static bool
starts_with_name(const char *s, const char *name)
{
	size_t b = strlen(name);

	return b > 0 && strncmp(s, name, b) == 0 &&
	    (s[b] == '\0' || s[b] == '-');
}

/*
 * The names of a lesson as slugs: its id, its title and the title's
 * words before a colon, each without a leading article. Returns how many
 * were written to `out` (allocated).
 */
static int
names_of(const struct lesson *l, char *out[4])
{
	int k = 0;

	if (l->id != NULL)
		out[k++] = xstrdup(l->id);
	if (l->title != NULL) {
		const char *colon = strchr(l->title, ':');

		out[k++] = lesson_slug(l->title);
		if (colon != NULL)
			out[k++] = slug_of(l->title, (size_t)(colon -
			    l->title));
	}
	for (int i = 0; i < k; i++)
		strip_leads(out[i], articles);
	return k;
}

/*
 * The chapter the words beside a reference name, and that name (into
 * `name`, `len` bytes); 0 when they name none. The longest name wins.
 */
static int
chapter_named(const struct chapters *ch, const struct lesson_chref *r,
    char *name, size_t len)
{
	size_t best = 0;
	int found = 0;

	for (int k = 1; k <= ch->max; k++) {
		char *names[4];
		int nn;

		if (ch->at[k] == NULL)
			continue;
		nn = names_of(ch->at[k], names);
		for (int i = 0; i < nn; i++) {
			size_t sl = strlen(names[i]);

			if (sl > best && ((r->before != NULL &&
			    ends_with_name(r->before, names[i])) ||
			    (r->after != NULL &&
			    starts_with_name(r->after, names[i])))) {
				best = sl;
				found = k;
				snprintf(name, len, "%s", names[i]);
			}
			free(names[i]);
		}
	}
	return found;
}

/* The lesson `id` of language `lang` among `all`, else of any; or NULL. */
static const struct lesson *
find_lesson(const char *id, const char *lang, struct lesson *const *all,
    size_t nall)
{
	const struct lesson *any = NULL;

	for (size_t i = 0; i < nall; i++) {
		char b[LANG_CODE_MAX];
		const char *ll = lang_of(all[i], b);

		if (all[i]->id == NULL || strcmp(all[i]->id, id) != 0)
			continue;
		if (ll != NULL && strcmp(ll, lang) == 0)
			return all[i];
		if (any == NULL)
			any = all[i];
	}
	return any;
}

/* Whether `k` is one of the reference's numbers. */
static bool
names_number(const struct lesson_chref *r, int k)
{
	for (int i = 0; i < r->nnums; i++)
		if (r->nums[i] == k)
			return true;
	return false;
}

/* The chapter a place counted from lesson `l` is, or 0. */
static int
rel_chapter(const struct lesson *l, const struct chapters *ch,
    enum lesson_chrel rel)
{
	switch (rel) {
	case LESSON_CH_FIRST:
		return 1;
	case LESSON_CH_PREVIOUS:
		return l->chapter > 1 ? l->chapter - 1 : 0;
	case LESSON_CH_NEXT:
		return l->chapter > 0 ? l->chapter + 1 : 0;
	case LESSON_CH_LAST:
		return ch->max;
	default:
		return 0;
	}
}

/* Checks one reference of `l` against the chapters `ch` of `lang`. */
static void
check_ref(const struct lesson *l, const struct lesson_chref *r,
    const char *lang, const struct chapters *ch, struct lesson *const *all,
    size_t nall, struct diags *d)
{
	const struct lesson *t = NULL;
	int meant = 0, named;
	char name[128];

	for (int i = 0; i < r->nnums; i++)
		if (r->nums[i] < 1 || r->nums[i] > 99 ||
		    ch->at[r->nums[i]] == NULL) {
			diags_add(d, DIAG_ERROR, l->path, r->line, r->col,
			    "'%s': there is no chapter %d in the '%s' lessons "
			    "(the last is chapter %d)", r->text, r->nums[i],
			    lang, ch->max);
			return;
		}
	if (r->nnums == 1)
		meant = r->nums[0];
	else if (r->rel != LESSON_CH_NONE)
		meant = rel_chapter(l, ch, r->rel);
	if (r->target != NULL)
		t = find_lesson(r->target, lang, all, nall);
	if (t != NULL && t->chapter > 0) {
		/* An unknown lesson is check_links' to report. */
		if ((r->nnums > 0 && !names_number(r, t->chapter)) ||
		    (r->nnums == 0 && meant > 0 && meant != t->chapter)) {
			diags_add(d, DIAG_ERROR, l->path, r->line, r->col,
			    "'%s' links to lesson '%s', which is chapter %d",
			    r->text, r->target, t->chapter);
			return;
		}
		if (meant == 0)
			meant = t->chapter;
	}
	named = chapter_named(ch, r, name, sizeof name);
	if (named == 0 || (r->nnums > 1 ? names_number(r, named) :
	    meant == 0 || named == meant))
		return;
	diags_add(d, DIAG_WARNING, l->path, r->line, r->col, "'%s' stands "
	    "beside '%s', the name of chapter %d", r->text, name, named);
}

/* See chref.h: each reference of `l` against its language's chapters. */
void
chref_check(const struct lesson *l, struct lesson *const *all, size_t nall,
    struct lesson *const *targets, size_t ntargets, struct diags *d)
{
	struct chapters ch;
	char b[LANG_CODE_MAX];
	const char *lang = lang_of(l, b);

	if (lang == NULL || l->nchrefs == 0)
		return;
	chapters_of(&ch, lang, all, nall);
	/* A draft alone in its folder will sit beside the other course. */
	if (ch.n <= 1)
		chapters_of(&ch, lang, targets, ntargets);
	/* No chapters in this language: nothing to compare with. */
	if (ch.max == 0)
		return;
	for (size_t i = 0; i < l->nchrefs; i++)
		check_ref(l, &l->chrefs[i], lang, &ch, targets, ntargets, d);
}

/* See chref.h: every `chapter:` of a glossary must be a chapter. */
void
chref_check_glossary(const struct glossary *g, const char *path,
    const char *lang, struct lesson *const *all, size_t nall,
    struct diags *d)
{
	struct chapters ch;

	chapters_of(&ch, lang, all, nall);
	if (ch.max == 0)
		return;
	for (size_t i = 0; i < g->n; i++) {
		const struct glossary_entry *e = &g->v[i];

		if (e->chapter >= 1 && e->chapter <= 99 &&
		    ch.at[e->chapter] != NULL)
			continue;
		diags_add(d, DIAG_ERROR, path, e->chapter_line, e->chapter_col,
		    "'%s' is taught in chapter %d, but no '%s' lesson is "
		    "chapter %d (the last is chapter %d)", e->term,
		    e->chapter, lang, e->chapter, ch.max);
	}
}

/* See chref.h: a root's glossary of `lang`, against that root's lessons. */
void
chref_check_root_glossary(const char *root, const char *lang,
    struct diags *d)
{
	struct glossary g;
	struct course c;
	struct diags scratch;
	char *path = glossary_path(root, lang);

	diags_init(&scratch);
	/* The files' own problems were reported by whoever read them. */
	if (access(path, F_OK) == 0 && course_is_root(root)) {
		if (course_load(&c, root, &scratch) == 0) {
			glossary_load(&g, path, &scratch);
			chref_check_glossary(&g, path, lang, c.v, c.n, d);
			glossary_release(&g);
		}
		course_release(&c);
	}
	diags_release(&scratch);
	free(path);
}
