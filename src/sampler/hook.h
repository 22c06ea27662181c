/*
 * hook.h - what a traced Python program tells about itself.
 *
 * /proc shows threads as numbers. The module timeslice puts on a traced
 * CPython's path (assets/python/sitecustomize.py) reports, over a pipe,
 * each thread's name with its native id, each process's
 * multiprocessing name, and every asyncio task's life: created, each
 * step's start and end, done. One line per fact, fields separated by one
 * space, the name last (it may hold spaces):
 *
 *	T pid tid name		thread tid of pid is called name
 *	P pid name		process pid is called name
 *	C pid tid id ts name	task id created on thread tid at ts
 *	S pid id ts		a step of task id starts
 *	W pid id ts		the step ends awaiting something
 *	Y pid id ts		the step ends ready again (a bare yield)
 *	D pid id ts		task id is done
 *	N pid id name		task id is renamed
 *	B pid count		count binary step records follow
 *
 * Steps come in bulk, as "B" lines: the line is followed by `count`
 * records of HOOK_STEP_SIZE bytes, three little-endian 64-bit integers
 * each: the task id shifted left by two with how the step ended in the
 * low bits (0 ready again, 1 awaiting, 2 done), the step's start, its
 * end. A "B" line and its records are
 * written at once, at most PIPE_BUF bytes, so they are never split by
 * another process's writes. Packing them costs the traced program far
 * less than formatting a line per step (S, W, Y and D, still understood).
 *
 * ts is CLOCK_MONOTONIC in nanoseconds (Python's time.monotonic_ns), the
 * clock the trace is stamped with. A hook reader belongs to the
 * sampler's thread and feeds that sampler.
 */
#ifndef TIMESLICE_SAMPLER_HOOK_H
#define TIMESLICE_SAMPLER_HOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sampler/sampler.h"

/* The environment variable holding the pipe's write end, in the child. */
#define HOOK_ENV_FD		"TIMESLICE_TRACE_FD"
/* The user's PYTHONPATH, for the hook to put back (absent when it was
 * unset; empty when it was set empty). */
#define HOOK_ENV_PYTHONPATH	"TIMESLICE_TRACE_PYTHONPATH"
/* The path of the hook's step recorder in C, when there is one. */
#define HOOK_ENV_STEPS		"TIMESLICE_TRACE_STEPS"
/* Bytes of one binary step record, and the most a "B" line announces. */
#define HOOK_STEP_SIZE		24
#define HOOK_STEPS_MAX		(4096 / HOOK_STEP_SIZE)

/*
 * What one drain (one sampling round) reads of the pipe at the most: up
 * to HOOK_ROUND_PARSE bytes are read and applied; past them, up to
 * HOOK_ROUND_DISCARD more are read and thrown away, their lines counted
 * as dropped. Whatever is left waits in the pipe for the next round. A
 * program that floods the pipe therefore costs the sampler a bounded
 * amount per round, and never stops it sampling.
 */
#define HOOK_ROUND_PARSE	(64 * 1024)
#define HOOK_ROUND_DISCARD	(1024 * 1024)

struct hook {
	int		 fd;		/* read end, non-blocking; -1 when shut */
	char		 buf[8192];
	size_t		 len;		/* bytes of an unfinished line */
	uint64_t	 lines;		/* lines understood */
	uint64_t	 bad;		/* lines not understood */
	uint64_t	 dropped;	/* lines read past a round's budget */
	bool		 resync;	/* drop up to the next newline: a line
					   was cut by dropping */
	uint64_t	 t0;		/* no timestamp of the program is
					   older (the trace's start; 0 until
					   the owner sets it) */
	uint64_t	 now;		/* the drain's time: none is newer */
};

/* Prepares a reader of fd (made non-blocking). */
void	hook_init(struct hook *, int fd);

/* Closes the read end. */
void	hook_release(struct hook *);

/*
 * Reads whatever the program has written and hands every complete line
 * to the sampler. Returns the number of lines, or -1 once every writer
 * has closed the pipe.
 */
int	hook_drain(struct hook *, struct sampler *);

/* Applies one line (without its newline). Returns 0, or -1 when the
 * line says nothing this reader knows. */
int	hook_line(struct hook *, struct sampler *, char *line);

/*
 * The folder holding sitecustomize.py: $TIMESLICE_PYDIR if set, else the
 * source tree's assets/python when it is there (a build tree), else the
 * installed copy. NULL when none has the module.
 */
const char *hook_python_dir(void);

/*
 * The hook's asyncio step recorder in C (src/pystep): $TIMESLICE_STEPS if
 * set (empty: none, and the hook records steps in Python), else the
 * build's own when it is there, else the installed one. NULL when there
 * is none.
 */
const char *hook_steps_module(void);

/* Is argv0 a Python interpreter (its basename starts with "python")? */
int	hook_is_python(const char *argv0);

/*
 * Can the hook load in the Python that argv starts? Not when its options
 * (those before the script, -c or -m) include -I, -E or -S: Python then
 * ignores PYTHONPATH or never imports sitecustomize, and the program is
 * traced without the hook, so that no variable of timeslice's reaches it.
 */
int	hook_python_can_load(char *const argv[]);

#endif
