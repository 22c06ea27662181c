/*
 * parse.h - what the parts of the lesson parser share and nothing outside
 * src/lesson includes: the parse context of one file, how a problem is
 * recorded at its place, and the entry points of each part.
 *
 *   lesson.c  the lifecycle: parse, load, free, lookups; the walk over the
 *             top-level blocks that hands each one to the part it needs
 *   parse.c   the context: lines of the file, messages, small helpers
 *   block.c   the fenced blocks and their key tables
 *   cond.c    prediction conditions `METRIC OP NUMBER`, metrics, and
 *             the choices of a prediction as a whole
 *   excond.c  exercise conditions and the figures they may name
 *   lint.c    checks over the prose and the whole lesson; sections
 *   chref.c   references to chapters in the lesson's words
 *
 * Every name declared here starts with lp_ (lesson parser).
 */
#ifndef TIMESLICE_LESSON_PARSE_H
#define TIMESLICE_LESSON_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include <cmark.h>

#include "lesson/lesson.h"

/* An id a block of the lesson has claimed, and where. */
struct lp_id {
	char		*id;
	int		 line, col;
};

/* One lesson file being parsed. */
struct lp_ctx {
	const char	*path;
	const char	*text;
	size_t		 len;
	size_t		*lines;		/* offset of each line's start */
	int		 nlines;
	struct diags	*d;
	struct lesson	*l;
	const char	*folder;	/* language folder the file is in */
	struct lp_id	*demo_ids;
	size_t		 ndemo_ids;
	struct lp_id	*quiz_ids;
	size_t		 nquiz_ids;
	struct lp_id	*exercise_ids;
	size_t		 nexercise_ids;
};

/* The fenced blocks timeslice adds to CommonMark, by info string. */
enum lp_block {
	LP_LESSON = 0,
	LP_DEMO,
	LP_QUIZ,
	LP_PREDICT,
	LP_NOTES,
	LP_TRACE,
	LP_EXERCISE,
	LP_NONE
};

/* parse.c */
void		 lp_init(struct lp_ctx *, const char *path, const char *text,
		    size_t len, struct diags *, struct lesson *);
void		 lp_release(struct lp_ctx *);
void		 lp_err(struct lp_ctx *, int line, int col, const char *fmt,
		    ...) __attribute__((format(printf, 4, 5)));
void		 lp_warn(struct lp_ctx *, int line, int col, const char *fmt,
		    ...) __attribute__((format(printf, 4, 5)));
void		 lp_err_msg(struct lp_ctx *, int line, int col,
		    const char *msg);
const char	*lp_src_line(const struct lp_ctx *, int n, size_t *len);
char		*lp_trimdup(const char *s, size_t n);
const char	*lp_suggest(const char *name, const char *const *cand);
void		 lp_check_utf8(struct lp_ctx *);

/* block.c */
enum lp_block	 lp_block_type(const char *info, char *word, size_t wordlen);
void		 lp_check_block_name(struct lp_ctx *, const char *word,
		    int line, int col);
void		 lp_check_closed(struct lp_ctx *, cmark_node *,
		    const char *name);
void		 lp_parse_meta(struct lp_ctx *, cmark_node *);
struct lesson_demo *lp_parse_demo(struct lp_ctx *, cmark_node *);
struct lesson_quiz *lp_parse_quiz(struct lp_ctx *, cmark_node *,
		    bool predict);
struct lesson_trace *lp_parse_trace(struct lp_ctx *, cmark_node *);
struct lesson_exercise *lp_parse_exercise(struct lp_ctx *, cmark_node *);

/* files.c */
char		*lp_lesson_file(struct lp_ctx *, const char *name, int line,
		    int col, const char *ext, long max);
char		*lp_program_file(struct lp_ctx *, const char *name, int line,
		    int col);
char		*lp_recording_file(struct lp_ctx *, const struct lesson_demo *,
		    const char *name, int line, int col);
void		 lp_check_trace_code(struct lp_ctx *,
		    const struct lesson_trace *, const char *shown,
		    int shown_line, int line, int col);

/* cond.c */
int		 lp_parse_condition(struct lp_ctx *, const struct lesson_demo *,
		    struct lesson_choice *, const char *s, int line, int col);
bool		 lp_condition_same(const struct lesson_choice *,
		    const struct lesson_choice *);
void		 lp_check_choices(struct lp_ctx *, const struct lesson_quiz *,
		    const bool *ok);

/* excond.c */
int		 lp_parse_excond(struct lp_ctx *, struct lesson_excond *,
		    const char *s, int line, int col);
void		 lp_excond_release(struct lesson_excond *);

/* lint.c */
void		 lp_lint_demo(struct lp_ctx *, const struct lesson_demo *,
		    int line, int col, const char *what);
void		 lp_lint_prose(struct lp_ctx *, cmark_node *);
void		 lp_lint_filename(struct lp_ctx *);
void		 lp_lint_nesting(struct lp_ctx *);
void		 lp_check_swallowed(struct lp_ctx *, cmark_node *,
		    const char *name);
void		 lp_collect_sections(struct lp_ctx *);

/* chref.c */
void		 lp_collect_chrefs(struct lp_ctx *);

#endif
