/*
 * layout.h - a whole lesson laid out for one width: the checker's
 * findings first when asked, then every block in reading order (prose,
 * live demos with room for their animation, quizzes as answered so far),
 * stopping at a pause when the lesson is revealed step by step.
 *
 * A pure function of its input: the pager lays the lesson out again
 * whenever the width, an answer or the reveal changes, and tests call it
 * directly.
 */
#ifndef TIMESLICE_UI_LAYOUT_H
#define TIMESLICE_UI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson/diag.h"
#include "lesson/lesson.h"
#include "store/progress.h"
#include "ui/quiz.h"
#include "ui/rows.h"

/* Rows a demo's animation takes inside a lesson. */
#define LAYOUT_DEMO_ROWS	18

struct layout_in {
	const struct lesson	*lesson;
	int			 width;		/* columns; no row is wider */
	bool			 unicode;	/* glyphs beyond ASCII */
	const struct diags	*problems;	/* shown first; NULL: none */
	const struct glossary	*glossary;	/* the lesson's language's: its
						 * terms in bold are links; or
						 * NULL */
	const struct quiz_state	*quiz;		/* per block; NULL: no answer */
	const struct progress	*progress;	/* answers given before, or
						 * NULL */
	int			 reveal;	/* pauses to go past, or -1 for
						 * the whole lesson */
	/*
	 * The keys line under a lesson's live demo, recorded demo and
	 * traced program (the pager writes them from its key tables), or
	 * NULL for none.
	 */
	const char		*keys_live;
	const char		*keys_recorded;
	const char		*keys_traced;
};

/*
 * The one rule for a label cut to `w` columns (a lane's name, a figure's
 * label, a title): whole when it fits; else cut and marked with an
 * ellipsis ("…", "~" without Unicode). A label that ends in a number
 * ("calculador-3", "python3 822") keeps that ending after the ellipsis,
 * so labels cut to the same prefix stay distinct. Returns `label` or
 * `buf`; never more than `w` columns (nothing when `w` is under 1).
 */
const char *layout_label(const char *label, int w, bool unicode, char *buf,
	    size_t len);

/*
 * Lays the lesson out into `out` (emptied first). Returns true when a
 * pause hides the rest of the lesson.
 */
bool	layout_lesson(struct rows *out, const struct layout_in *in);

#endif
