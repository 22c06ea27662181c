/*
 * exercise.h - the headless core of exercises: run a learner's Python
 * file under the tracer, measure what it did, and grade it against an
 * ```exercise block's conditions, with the starter's own run on the same
 * machine as the baseline.
 *
 *   run.c        one run of a file: python3 -P FILE under the tracer, a
 *                time limit, the last 64 KiB of its output, the figures
 *   judge.c      a run's conditions graded (holds / fails / undecided,
 *                through lesson/grade.c, so a busy machine is never
 *                blamed on the learner), and `runs` runs in a row
 *   workspace.c  where the learner's copy lives, and the starter's
 *                baseline cached per starter text and machine
 *   live.c       a run's trace and log shown to another thread while
 *                the run goes, and kept once it is over
 *
 * Nothing here draws or reads keys: the command line and the lesson's
 * live screen call the same functions (the screen watching each run
 * through an exercise_live). The caller's `stop` flag, when not NULL,
 * ends a run early (the program and everything it started are ended).
 */
#ifndef TIMESLICE_EXERCISE_EXERCISE_H
#define TIMESLICE_EXERCISE_EXERCISE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lesson/grade.h"
#include "lesson/lesson.h"

/* How much of each output stream a run keeps: its last bytes. */
#define EXERCISE_TAIL_MAX	(64 * 1024)

/* What one run of a program did. */
struct exercise_run {
	bool		 timed_out;	/* ended at the time limit */
	bool		 interrupted;	/* ended by the caller's stop */
	double		 limit_s;	/* the limit it ran under */
	int		 exit_status;	/* 128+N for signal N; -1 unknown */
	double		 wall_ms, cpu_ms, cores_used, cores_free, blocked_ms;
	double		 ready_ms;	/* lanes' time runnable but not given
					   a CPU, summed: what a busy machine
					   cost it */
	int		 threads, processes, tasks;	/* lanes seen */
	int		 cpus;		/* CPUs this process may use */
	char		*out;		/* last bytes of stdout, NUL-ended */
	char		*err;		/* ... of stderr */
	bool		 out_cut, err_cut;	/* more came before */
};

/*
 * A run watched from another thread while it goes (the exercise screen
 * draws the program's lanes live). Each run given one publishes its
 * trace and log here as it starts, replacing (and freeing) the ones of
 * the run before, and polls the log only while holding `lock`; once the
 * run is over they stay, closed, until the next run, so its picture
 * stays in view beside the verdict. The watcher reads them only between
 * exercise_live_trylock and exercise_live_unlock, which also hold the
 * tracer's lock on lane names while the program runs. The run side may
 * hold `lock` for as long as ending the program takes (a few hundred
 * milliseconds), so the watcher never waits for it: it tries, and
 * shows what it drew last when the lock is taken.
 */
struct trace;
struct log;
struct tracer;
struct exercise_live {
	pthread_mutex_t	 lock;
	struct trace	*trace;		/* of the newest run, or NULL */
	struct log	*log;		/* its log (closed once it is over) */
	struct tracer	*tracer;	/* while the program runs, else NULL */
	uint64_t	 start_ns;	/* when the newest run started */
	uint64_t	 end_ns;	/* when it ended; 0 while it runs */
	unsigned	 runs;		/* runs published so far */
};

void	 exercise_live_init(struct exercise_live *);

/* Frees the trace and log kept; no run may be using it any more. */
void	 exercise_live_release(struct exercise_live *);

/*
 * The watcher's side: true when the lock (and the lane names) are held
 * now and the fields may be read until exercise_live_unlock; false, at
 * once, when a run holds it.
 */
bool	 exercise_live_trylock(struct exercise_live *);
void	 exercise_live_unlock(struct exercise_live *);

/*
 * Runs `file` with the python3 on PATH (`python3 -P FILE`: the file's
 * folder is not put on the module path, so no file beside it shadows a
 * module) under the tracer, for at most limit_s seconds, shown to `live`
 * as it goes when that is not NULL. Returns 0 and fills *r, or -1 with
 * *cause when it could not start.
 */
int	 exercise_run_file(const char *file, double limit_s,
	    const _Atomic int *stop, struct exercise_live *live,
	    struct exercise_run *r, char **cause);

void	 exercise_run_release(struct exercise_run *);

/*
 * A figure of a run by its condition name (lesson/excond.c's table);
 * false when `name` is no number figure.
 */
bool	 exercise_run_value(const struct exercise_run *, const char *name,
	    double *v);

/* The run's output as conditions compare it: stdout, trailing blank
 * lines and spaces left out. A new string. */
char	*exercise_run_output(const struct exercise_run *);

enum exercise_verdict {
	EXERCISE_PASSES = 0,
	EXERCISE_FAILS,
	EXERCISE_UNDECIDED
};

/* One condition on one run. */
struct exercise_cond_result {
	enum grade_verdict	 verdict;
	bool			 measured;
	bool			 text;		/* output: value_text */
	double			 value;		/* the measured figure */
	double			 want;		/* what it was compared with */
	char			*value_text;	/* output, as measured */
	char			 reason[1024];	/* the block's words and the
						   figures, when not held */
};

struct exercise_result {
	enum exercise_verdict		 verdict;
	char				 reason[1024];
	int				 nconds;
	struct exercise_cond_result	*conds;	/* of the run reported */
	struct exercise_run		 run;	/* the run reported */
	int				 runs;	/* runs made */
	bool				 have_starter;
	double				 starter_wall_ms;
};

/*
 * Grades one run against every condition of `ex`; `starter` (NULL when
 * no condition needs it) is the starter's baseline run. Fills res->conds
 * (allocated) and res->verdict and reason, not res->run.
 */
void	 exercise_grade(const struct lesson_exercise *ex,
	    const struct exercise_run *run, const struct exercise_run *starter,
	    struct exercise_result *res);

/*
 * Grades `file`: ex->runs runs, each graded (and each shown to `live`,
 * when not NULL); every run must pass. A run that fails ends the series
 * and is the one reported, so the last run `live` was shown is always
 * the one reported. Returns 0 and fills *res, or -1 with *cause.
 */
int	 exercise_check(const struct lesson_exercise *ex, const char *file,
	    const struct exercise_run *starter, const _Atomic int *stop,
	    struct exercise_live *live, struct exercise_result *res,
	    char **cause);

void	 exercise_result_release(struct exercise_result *);

/* Whether a condition of `ex` compares with the starter's run. */
bool	 exercise_needs_starter(const struct lesson_exercise *ex);

/* "passes", "fails", "undecided" (stable: JSON uses them). */
const char *exercise_verdict_name(enum exercise_verdict);

/*
 * The starter's run on this machine: read from the cache
 * ($XDG_CACHE_HOME/timeslice/exercises/, keyed by the starter's text and
 * the machine) when it is there and less than a day old, else measured
 * (shown to `live`, when not NULL) and cached (unless the machine was
 * too busy for a fair baseline: less than 0.9 of a core free). *cached
 * says which. Returns 0 or -1.
 */
int	 exercise_starter_run(const struct lesson_exercise *ex,
	    const _Atomic int *stop, struct exercise_live *live,
	    struct exercise_run *r, bool *cached, char **cause);

/*
 * The learner's copy of exercise `id` in language `lang`:
 * $XDG_DATA_HOME/timeslice/exercises/LANG/ID.py. NULL when no data
 * folder is usable. A new string.
 */
char	*exercise_workspace(const char *lang, const char *id);

/*
 * Copies the starter to `path` unless a file is there already (it is
 * never overwritten). *created says whether it was. Returns 0 or -1.
 */
int	 exercise_workspace_create(const char *path, const char *starter,
	    bool *created, char **cause);

/*
 * Puts the starter back at `path`, over the learner's file (atomically:
 * the old text or the new, never half). Returns 0 or -1 with *cause.
 */
int	 exercise_workspace_restore(const char *path, const char *starter,
	    char **cause);

/*
 * Records one graded attempt at exercise `id` in the learner's progress
 * (done when `passed`; `hints` revealed so far). Returns 0, or -1 with
 * *cause when it could not be saved (the grade stands either way).
 */
int	 exercise_record_attempt(const char *id, bool passed, int hints,
	    char **cause);

#endif
