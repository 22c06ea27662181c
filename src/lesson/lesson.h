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

/* Ids of lessons, demos and quizzes: [a-z0-9-]+, at most this long. */
#define LESSON_ID_MAX		64

/*
 * How deep Markdown may nest: block quotes and lists within each other,
 * and emphasis, strong, links and images within each other, each counted
 * apart. Deeper is an error, so whatever draws a lesson that passed the
 * checker may rely on it.
 */
#define LESSON_NEST_MAX		32

enum lesson_block_kind {
	LESSON_PROSE = 0,	/* any CommonMark block: heading, list... */
	LESSON_DEMO,
	LESSON_QUIZ,
	LESSON_PREDICT,
	LESSON_NOTES,
	LESSON_PAUSE,
	LESSON_TRACE,		/* a real Python program, traced */
	LESSON_EXERCISE		/* the learner writes a program, graded */
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
	char			*recording;	/* demo: a recording to play
						   instead of running, as
						   written; NULL: none */
	char			*recording_path; /* ... found inside the
						   lessons tree, or NULL */
};

/*
 * A ```trace block: the chapter's own Python example, run with the
 * python3 found on PATH and traced from outside (sampler/tracer.h).
 */
struct lesson_trace {
	char			*id;
	char			*program;	/* as written: relative to the
						   lesson's folder */
	char			*path;		/* found inside the lessons tree,
						   or NULL when it is not */
	char			*caption;
	char			*shown;		/* the ```python block above it,
						   which the program must be;
						   NULL when there is none */
};

/*
 * What an exercise's condition compares: a figure of the graded run
 * (excond.c has the table), given as written.
 */
enum lesson_exop {
	LESSON_EX_LT = 0,
	LESSON_EX_LE,
	LESSON_EX_GT,
	LESSON_EX_GE,
	LESSON_EX_EQ,
	LESSON_EX_NE
};

/*
 * One condition of an exercise, `METRIC OP VALUE`, where VALUE is a
 * number, `K * starter.METRIC` (K defaults to 1), or for `output` a
 * quoted string or `starter.output`; and the words shown when it fails.
 */
struct lesson_excond {
	char		*text;		/* the condition as written */
	char		*metric;	/* "wall_ms", "output"... */
	enum lesson_exop op;
	double		 number;	/* the number, or the factor K */
	bool		 starter;	/* VALUE is K * starter.METRIC */
	char		*string;	/* output == "...": the text */
	char		*fail;		/* the words when it fails */
	int		 line, col;
};

/*
 * An ```exercise block: the learner edits a copy of `starter` until a
 * run of it meets every condition (`runs` runs in a row); `solution` is
 * a reference answer that `verify` proves passes.
 */
struct lesson_exercise {
	char			*id;
	char			*starter;	/* as written */
	char			*starter_path;	/* inside the tree, or NULL */
	char			*solution;
	char			*solution_path;
	char			*goal;
	struct lesson_excond	*conds;
	int			 nconds;
	int			 runs;		/* 1 when not given */
	double			 limit_s;	/* finishes_within_s's number,
						   or the default 20 */
	char			**hints;
	int			 nhints;
};

struct lesson_quiz {
	char			*id;
	char			*question;
	struct lesson_choice	*choices;
	int			 nchoices;
	struct lesson_demo	 demo;		/* prediction quizzes only */
	int			 expected;	/* predict: the choice `expect:`
						 * names; -1 only in a lesson
						 * parsed with errors */
};

struct lesson_block {
	enum lesson_block_kind	 kind;
	int			 line;		/* first line in the file */
	struct md_node		*md;		/* LESSON_PROSE: owned */
	struct lesson_demo	*demo;		/* LESSON_DEMO */
	struct lesson_trace	*trace;		/* LESSON_TRACE */
	struct lesson_quiz	*quiz;		/* LESSON_QUIZ, _PREDICT */
	struct lesson_exercise	*exercise;	/* LESSON_EXERCISE */
	char			*text;		/* LESSON_NOTES: raw Markdown */
};

/* A link to another lesson: `lesson:ID` or `lesson:ID#SECTION`. */
struct lesson_link {
	char	*target;	/* the ID */
	char	*anchor;	/* the SECTION, a slug; NULL when none */
	int	 line, col;
};

/*
 * Where a reference to another chapter points, counted from the lesson
 * it is in: "the next chapter", "el primer capítulo".
 */
enum lesson_chrel {
	LESSON_CH_NONE = 0,
	LESSON_CH_FIRST,
	LESSON_CH_PREVIOUS,
	LESSON_CH_NEXT,
	LESSON_CH_LAST
};

/* The most chapter numbers one reference lists ("chapters 5, 6 and 7"). */
#define LESSON_CHREF_NUMS	8

/*
 * A reference to a chapter in the lesson's words, prose or block text
 * ("chapter 3", "[the threads chapter](lesson:threads)", "capítulos 5 y
 * 6"), with what says which chapter it means: its numbers, its link,
 * where it counts from, and the words beside it that may name a chapter
 * (course checks compare each with the chapters there are; chref.c).
 */
struct lesson_chref {
	char			*text;		/* as written, for messages */
	int			 nums[LESSON_CHREF_NUMS];
	int			 nnums;
	enum lesson_chrel	 rel;
	char			*target;	/* the lesson:ID it links to */
	char			*before;	/* slug of the words before it */
	char			*after;		/* slug of a phrase after it */
	int			 line, col;
};

/*
 * A heading of the lesson, which links may point at by its slug
 * (lesson_slug() of the heading's text).
 */
struct lesson_section {
	char	*slug;		/* "" when the title has no letter or digit */
	int	 level;		/* 1 for #, 2 for ##... */
	int	 line, col;
	int	 block;		/* index of its prose block in blocks */
};

struct lesson {
	char			*path;
	char			*id;
	char			*title;
	char			*lang;		/* a language code (lang.h) */
	int			 chapter;	/* 0 when missing */
	int			 minutes;	/* 0 when not given */
	int			 id_line, id_col;	/* where `id:` is */
	int			 chapter_line, chapter_col;

	struct cmark_node	*doc;
	struct lesson_block	*blocks;
	size_t			 nblocks;
	struct lesson_link	*links;
	size_t			 nlinks;
	struct lesson_section	*sections;	/* in reading order */
	size_t			 nsections;
	struct lesson_chref	*chrefs;	/* in reading order */
	size_t			 nchrefs;
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

/*
 * The folder whose files a lesson may name (a ```trace block's program,
 * a demo's recording): the lessons root above the lesson's language
 * folder, or the lesson's own folder when it is in none. A new string.
 */
char		*lesson_root(const char *path);

/* Whether `id` is a valid lesson, demo or quiz id (see LESSON_ID_MAX). */
bool		 lesson_id_valid(const char *id);

/* The quiz (or prediction quiz) whose id is `id`, or NULL. */
const struct lesson_quiz *lesson_find_quiz(const struct lesson *,
		    const char *id, int *block);

/*
 * The anchor of a section titled `title` (allocated): lowercase ASCII
 * letters and digits, accented Latin letters folded to their base letter
 * ("Qué" -> "que", "ß" -> "ss"), each run of spaces, '-' and '_' made
 * one '-', everything else left out, no '-' at either end. "The GIL's
 * convoy effect" -> "the-gils-convoy-effect". May be "".
 */
char		*lesson_slug(const char *title);

/*
 * The block index of the section whose slug is `anchor` (the first, if
 * two headings share it), or -1.
 */
int		 lesson_find_section(const struct lesson *, const char *anchor);

/* Number of quizzes and prediction quizzes in the lesson. */
int		 lesson_count_quizzes(const struct lesson *);

/*
 * Evaluates a prediction choice's condition against a measured value.
 */
bool		 lesson_condition_holds(const struct lesson_choice *,
		    double value);

/* The exercise whose id is `id`, or NULL. */
const struct lesson_exercise *lesson_find_exercise(const struct lesson *,
		    const char *id);

/* What a figure of an exercise's graded run is. */
enum lesson_exkind {
	LESSON_EXM_NUMBER = 0,
	LESSON_EXM_TEXT		/* output */
};

struct lesson_exmetric {
	const char		*name;
	enum lesson_exkind	 kind;
};

/* The figure of an exercise's run called `name`, or NULL. */
const struct lesson_exmetric *lesson_exmetric_find(const char *name);

/* How long an exercise's program may run when no condition says. */
#define LESSON_EXERCISE_LIMIT_S	20.0
/* The most runs an exercise may ask for. */
#define LESSON_EXERCISE_RUNS_MAX	10

/* Whether `name` is a metric a prediction about `sc` may use. */
bool		 lesson_metric_known(const struct scenario *sc,
		    const char *name);

#endif
