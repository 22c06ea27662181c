/*
 * lesson.h - one lesson file in memory: its metadata, its blocks in reading
 * order (prose, live demos, quizzes, prediction quizzes, notes, pauses) and
 * the links it makes to other lessons.
 *
 * lesson_parse() never stops at the first mistake: it records every problem
 * it sees in a diags list (see lessons/FORMAT.md for the format) and still
 * returns the best lesson it could build, so the player can show a lesson
 * with errors beside the list of what is wrong. A lesson only ever names
 * built-in scenarios with parameters inside their bounds; nothing here runs
 * a command or opens any file but the lesson itself.
 *
 * Prose blocks hold the lesson's own Markdown tree (lesson/md.h), so that
 * what draws a lesson never sees libcmark.
 */
#ifndef TIMESLICE_LESSON_LESSON_H
#define TIMESLICE_LESSON_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/scenario.h"
#include "lesson/diag.h"
#include "lesson/md.h"

struct cmark_node;

enum lesson_block_kind {
	LESSON_PROSE = 0,	/* any CommonMark block: heading, list... */
	LESSON_DEMO,
	LESSON_QUIZ,
	LESSON_PREDICT,
	LESSON_NOTES,
	LESSON_PAUSE
};

/* A comparison in a prediction choice: METRIC OP NUMBER. */
enum lesson_op {
	LESSON_LT = 0,
	LESSON_LE,
	LESSON_GT,
	LESSON_GE
};

struct lesson_choice {
	char		*text;
	char		*why;
	bool		 correct;	/* quiz: marked [x] */
	char		*metric;	/* predict: the condition */
	enum lesson_op	 op;
	double		 number;
	int		 line, col;
};

/* The experiment a demo or prediction quiz runs. */
struct lesson_demo {
	char			*id;		/* may be NULL for a demo */
	const struct scenario	*scenario;	/* NULL if unknown */
	struct params		 params;	/* defaults + given keys */
	unsigned		 set;		/* bit per parameter given */
	char			*caption;
	char			*models;
};

struct lesson_quiz {
	char			*id;
	char			*question;
	struct lesson_choice	*choices;
	int			 nchoices;
	struct lesson_demo	 demo;		/* prediction quizzes only */
	int			 expected;	/* predict: the choice the lesson
						 * says will be measured, or -1 */
};

struct lesson_block {
	enum lesson_block_kind	 kind;
	int			 line;		/* first line in the file */
	struct md_node		*md;		/* LESSON_PROSE: owned */
	struct lesson_demo	*demo;		/* LESSON_DEMO */
	struct lesson_quiz	*quiz;		/* LESSON_QUIZ, _PREDICT */
	char			*text;		/* LESSON_NOTES: raw Markdown */
};

struct lesson_link {
	char	*target;	/* the ID of `lesson:ID` */
	int	 line, col;
};

struct lesson {
	char			*path;
	char			*id;
	char			*title;
	char			*lang;		/* "en", "es" */
	int			 chapter;	/* 0 when missing */
	int			 minutes;	/* 0 when not given */
	int			 id_line, id_col;	/* where `id:` is */
	int			 chapter_line, chapter_col;

	struct cmark_node	*doc;
	struct lesson_block	*blocks;
	size_t			 nblocks;
	struct lesson_link	*links;
	size_t			 nlinks;
	int			 errors;	/* errors found while parsing */
};

/*
 * Parses `len` bytes of `text` as the lesson at `path` (used for messages
 * and for the language folder check). Every problem goes to `d`. Never
 * returns NULL.
 */
struct lesson	*lesson_parse(const char *path, const char *text, size_t len,
		    struct diags *d);

/* Reads and parses the file at `path`; NULL (and a diagnostic) if it
 * cannot be read. */
struct lesson	*lesson_load(const char *path, struct diags *d);

void		 lesson_free(struct lesson *);

/* The quiz (or prediction quiz) whose id is `id`, or NULL. */
const struct lesson_quiz *lesson_find_quiz(const struct lesson *,
		    const char *id, int *block);

/* Number of quizzes and prediction quizzes in the lesson. */
int		 lesson_count_quizzes(const struct lesson *);

/*
 * Evaluates a prediction choice's condition against a measured value.
 */
bool		 lesson_condition_holds(const struct lesson_choice *,
		    double value);

/* Whether `name` is a metric a prediction about `sc` may use. */
bool		 lesson_metric_known(const struct scenario *sc,
		    const char *name);

#endif
