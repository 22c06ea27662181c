/*
 * search.h - searching a laid-out lesson: the prompt the reader types a
 * query into, the next or previous row that matches, and the matches
 * highlighted when a span is drawn. Matching ignores ASCII case.
 */
#ifndef TIMESLICE_UI_SEARCH_H
#define TIMESLICE_UI_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/canvas.h"
#include "ui/rows.h"

struct search {
	bool	 typing;	/* the prompt is open */
	char	 query[128];	/* what is typed, UTF-8 */
	size_t	 qlen;
	char	*last;		/* the query searched for, or NULL */
};

/* What a key typed at the prompt did. */
enum search_typed {
	SEARCH_EDITED = 0,	/* the prompt changed, or stays */
	SEARCH_CLOSED,		/* escape, or enter on nothing */
	SEARCH_GO		/* enter: `last` is the query; find it */
};

/* Opens an empty prompt. */
/*
 * Where `needle` starts in `hay`, ignoring case and Latin accents in both
 * ("nucleo" finds "Núcleo"), or NULL; *len (if not NULL) is how many
 * bytes of `hay` the match covers.
 */
const char *search_find(const char *hay, const char *needle, size_t *len);

void	search_open(struct search *);

/* A key typed at the prompt: characters, backspace, enter, escape. */
enum search_typed search_type(struct search *, int key);

/* Forgets the last query (matches are no longer highlighted). */
void	search_clear(struct search *);

/*
 * The next row after `from` (dir 1), or before it (dir -1), that holds
 * the last query, going round the end; -1 if none does.
 */
int	search_next(const struct search *, const struct rows *, int from,
	    int dir);

/*
 * Draws span `s` at (x, y) in `style`, at most `maxw` columns, with the
 * matches of the last query highlighted. Returns the columns drawn.
 */
int	search_draw_span(const struct search *, struct canvas *, int x, int y,
	    int maxw, const struct row_span *s, uint8_t style);

#endif
