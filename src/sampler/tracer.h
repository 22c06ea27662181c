/*
 * tracer.h - a real program traced on a thread of its own while the
 * caller watches the trace fill, as runner.h runs a scenario.
 *
 * tracer_start starts the program (or attaches to a running one) on the
 * caller's thread, so a program that cannot start is an error right
 * away, and the kernel's "end it when we go" is tied to a thread that
 * lives as long as the program; then a thread of the tracer's own
 * samples it in rounds at the chosen rate (see sampler.h), reads what the
 * Python hook reports, and reaps children, until the program ends, a
 * time limit passes, or tracer_stop asks. The caller polls a log over
 * the same trace meanwhile: the terminal view draws it live, the
 * headless command waits for the end.
 *
 * Lane names change while a trace is taken (the hook names a thread
 * after the sampler has seen it), and the caller reads them to draw:
 * both do so under tracer_lock.
 *
 * tracer_join ends everything the program left running, closes the log,
 * labels the GIL and works out the figures, in `run`.
 */
#ifndef TIMESLICE_SAMPLER_TRACER_H
#define TIMESLICE_SAMPLER_TRACER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "engine/capacity.h"
#include "sampler/hook.h"
#include "sampler/spawn.h"
#include "sampler/summary.h"

#define TRACER_RATE_MIN		1.0
#define TRACER_RATE_MAX		5000.0
#define TRACER_RATE_DEFAULT	1000.0
/* Events per lane ring of a traced program. */
#define TRACER_RING		(1u << 16)

struct tracer_opts {
	char *const	*argv;		/* the program, unless pid is set */
	pid_t		 pid;		/* attach to this process instead */
	double		 rate;		/* samples per second */
	bool		 hook;		/* offer the Python hook */
	bool		 quiet;		/* the program's output goes nowhere (a
					   screen is being drawn) */
	bool		 stdout_to_stderr; /* our stdout carries a report */
	bool		 foreground;	/* the program gets the terminal (see
					   spawn.h); else its input is not the
					   terminal */
	bool		 capture;	/* the program's stdout and stderr into
					   pipes the caller drains:
					   spawn.out_fd, spawn.err_fd */
	bool		 shared;	/* other parts of this process have
					   children of their own: leave them be */
	uint64_t	 limit_ns;	/* end the program after this long (0:
					   no limit) */
	/*
	 * Run these bytes rather than a file: they are written to a
	 * private copy (a new 0700 folder of its own, removed once the
	 * program has ended) named `script_name`, whose path is added after
	 * argv. So what runs is what the caller checked, whatever happens
	 * to the file it was read from. NULL: argv alone.
	 */
	const char	*script;
	size_t		 script_len;
	const char	*script_name;	/* a plain file name ("prog.py") */
};

#define TRACER_COST_WINDOW 15

struct tracer {
	struct tracer_opts	 o;
	struct trace		*trace;
	struct sampler		*sampler;
	struct hook		 hook;
	const char		*steps;		/* the C step recorder offered,
						   or NULL */
	struct spawn		 spawn;
	struct capacity		 cap;
	char			**owned_argv;	/* read from /proc (attach) */
	char			*python;	/* the interpreter run for a
						   python wrapper script */
	char			*script_dir;	/* the script's private copy */
	char			*script_path;
	char			**script_argv;	/* argv and script_path */
	bool			 script_gone;	/* the copy was removed */
	pthread_t		 thread;
	pthread_mutex_t		 names;		/* lane names change under it */
	_Atomic int		 stop;		/* asked to end */
	_Atomic int		 done;		/* the rounds are over */
	bool			 joined;
	bool			 timed_out;	/* the limit ended it */
	uint64_t		 end_ns;
	uint64_t		 costs[TRACER_COST_WINDOW];
	struct tracerun		 run;		/* filled by tracer_join */
};

/*
 * Starts (or attaches to) the program and the sampling thread, recording
 * into `t`. Returns 0, or -1 with *cause set (nothing is left running).
 */
int	tracer_start(struct tracer *, struct trace *t,
	    const struct tracer_opts *, char **cause);

/* True once the rounds are over (the program ended, or stop or limit). */
bool	tracer_done(struct tracer *);

/* The signal that has stopped the program (state T), or 0. */
int	tracer_stopped(struct tracer *);

/* Asks the tracer to end the program (or stop watching); returns at once. */
void	tracer_stop(struct tracer *);

/* Lane names of the trace may be read between these two. */
void	tracer_lock(struct tracer *);
void	tracer_unlock(struct tracer *);

/*
 * Waits for the rounds to end, ends whatever the program left running,
 * drains the trace into `lg` (log_init'ed over the same trace), closes
 * it, labels the GIL and fills tr->run (which points at `lg`).
 */
void	tracer_join(struct tracer *, struct log *lg);

/* Frees what tracer_start made (after tracer_join); not the trace. */
void	tracer_release(struct tracer *);

/*
 * The program PATH gives for `name` (a python); when that is a wrapper
 * script (pyenv's shims), the interpreter it runs, as the interpreter
 * names its own executable, so the wrapper's shells do not crowd the
 * picture. NULL when PATH has none. A new string.
 */
char	*tracer_resolve_python(const char *name);

/*
 * tracer_resolve_python("python3"), looked up once; only one thread may
 * call it.
 */
const char *tracer_python(void);

/* The program's command line as traced (from /proc when attached). */
char *const *tracer_argv(const struct tracer *);

#endif
