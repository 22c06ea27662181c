/*
 * progress.h - what a learner has done, kept across runs: the place they
 * were reading in each lesson, their quiz answers and which lesson they
 * were in last, plus the interface language they chose.
 *
 * The file is $XDG_STATE_HOME/timeslice/progress (default
 * ~/.local/state/timeslice/progress), plain text a person can read:
 *
 *	# timeslice progress
 *	version 1
 *	lang es
 *	last gil
 *	place gil 12 3
 *	done gil
 *	quiz gil gil-what 1 right
 *	quiz gil gil-speedup 0 undecided
 *	exercise threads-downloads 3 1 done
 *
 * (an exercise's line: attempts graded, hints revealed, and "done" once
 * it passed or "open" before; exercise ids are the same in every
 * language, so the record is too)
 *
 * It is written whole to a temporary file, fsync'ed and renamed over the
 * old one, so a crash leaves either the old or the new file, never half of
 * one. Several timeslice instances may share the file: a save holds an
 * exclusive lock (progress.lock beside it), reads the file again and
 * applies only what this instance changed since it last read or wrote it,
 * so each instance's answers are kept. A file that cannot be understood is moved aside (progress.corrupt-
 * <time>) with a warning, what could be read of it is kept, and the
 * program carries on.
 */
#ifndef TIMESLICE_STORE_PROGRESS_H
#define TIMESLICE_STORE_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * An index from id to position in an array of records whose first member
 * is their `char *id` (lessons, and each lesson's quizzes): open
 * addressing, so finding or adding a record costs the same with ten
 * records or a hundred thousand. It is rebuilt whenever the array's
 * length is not the one it indexed.
 */
struct progress_index {
	size_t	*slots;		/* position + 1; 0 is empty */
	size_t	 cap;		/* a power of two, or 0 */
	size_t	 n;		/* records indexed */
};

struct progress_quiz {
	char	*id;
	int	 choice;	/* index of the answer given */
	bool	 right;
	bool	 undecided;	/* a prediction the machine could not
				 * decide: answered, neither right nor
				 * wrong (right is false) */
};

struct progress_lesson {
	char			*id;
	int			 block;		/* reading place: block index */
	int			 offset;	/* and line within the block */
	bool			 done;		/* read to the end */
	struct progress_quiz	*quizzes;
	size_t			 nquizzes;
	struct progress_index	 qindex;	/* of quizzes */
};

/* An exercise the learner has graded at least once. */
struct progress_exercise {
	char	*id;
	int	 attempts;	/* runs graded */
	int	 hints;		/* hints revealed, the most seen */
	bool	 done;		/* passed once */
};

struct progress {
	char			*path;		/* the file */
	char			*last;		/* lesson id read last */
	char			*lang;		/* chosen in the app */
	struct progress_lesson	*v;
	size_t			 n;
	struct progress_index	 index;		/* of v */
	struct progress		*base;		/* as last read or written */
	struct progress_exercise *ex;		/* exercises graded */
	size_t			 nex;
	struct progress_index	 exindex;	/* of ex */
};

/* The progress file's path under $XDG_STATE_HOME (allocated). */
char	*progress_default_path(void);

/*
 * Loads `path` (NULL: the default) into `p`. Only a regular file is read.
 * Temporary files a killed save left in its folder for more than a
 * minute are removed. A missing file is an empty
 * progress. A corrupt or unreadable file is moved aside and *warning set
 * (allocated). Always returns 0 with `p` usable, except -1 when `path` is
 * NULL and no home directory is known.
 */
int	progress_load(struct progress *p, const char *path, char **warning);

/* Parses progress text (used by load, and by tests). Returns the number
 * of lines it could not understand. */
int	progress_parse(struct progress *p, const char *text);

/*
 * Writes atomically under the lock, over what other instances saved
 * meanwhile (see above); creates the directory. -1 with *cause on
 * failure. `p` itself is not changed, only its record of what was saved.
 */
int	progress_save(const struct progress *p, char **cause);

void	progress_release(struct progress *p);

/* The record of lesson `id`, created when `create` and missing. */
struct progress_lesson *progress_lesson(struct progress *p, const char *id,
	    bool create);

void	progress_set_place(struct progress *p, const char *lesson, int block,
	    int offset);
void	progress_set_last(struct progress *p, const char *lesson);
void	progress_set_lang(struct progress *p, const char *lang);
void	progress_set_quiz(struct progress *p, const char *lesson,
	    const char *quiz, int choice, bool right);

/*
 * Records a prediction answered with choice `choice` that the machine was
 * too busy to decide: answered, not wrong. A decided answer of the same
 * choice stays as it is (running it again can only decide it).
 */
void	progress_set_quiz_undecided(struct progress *p, const char *lesson,
	    const char *quiz, int choice);

/* Of the quizzes answered in a lesson, how many are undecided. */
int	progress_undecided(const struct progress *p, const char *lesson);

/* The answer recorded for a quiz, or NULL. */
const struct progress_quiz *progress_quiz(const struct progress *p,
	    const char *lesson, const char *quiz);

/* Quizzes answered right in a lesson, and answered at all. */
void	progress_score(const struct progress *p, const char *lesson,
	    int *right, int *answered);

/*
 * Forgets what was recorded for lesson `lesson` (its place, answers and
 * "last read"), or for every lesson when NULL; the language stays.
 * Returns the number of lesson records dropped.
 */
int	progress_forget(struct progress *p, const char *lesson);

/*
 * Records one graded attempt at exercise `id`: one more attempt, `hints`
 * revealed so far (the count never goes down), done once it passed.
 */
void	progress_exercise_attempt(struct progress *p, const char *id,
	    bool passed, int hints);

/* The record of exercise `id`, or NULL when never graded. */
const struct progress_exercise *progress_exercise(const struct progress *p,
	    const char *id);

/* Forgets exercise `id`, or every exercise when NULL; true when there
 * was a record. */
bool	progress_forget_exercise(struct progress *p, const char *id);

#endif
