/*
 * spawn.h - starting the program `timeslice trace` watches, and making
 * sure nothing of it outlives the trace.
 *
 * The program runs in a process group of its own, dies with timeslice
 * (the kernel sends it SIGKILL if timeslice goes), and timeslice is a
 * child subreaper: every process the program leaves behind is handed to
 * timeslice rather than to init, so it can be found, ended and reaped.
 *
 * The terminal: when asked (a headless trace), the program's group is
 * made the terminal's foreground job, as a shell would make it, so it
 * reads the terminal and gets Ctrl-C and Ctrl-Z as it would untraced;
 * timeslice takes the terminal back when the program ends (SIGTTOU is
 * ignored meanwhile, so timeslice itself is never stopped for using it
 * from the background). Otherwise a terminal on standard input is
 * replaced by /dev/null: the terminal belongs to timeslice's screen.
 * A stopped program (state T) is noticed (waitpid's WUNTRACED), so the
 * caller can say so instead of waiting in silence.
 */
#ifndef TIMESLICE_SAMPLER_SPAWN_H
#define TIMESLICE_SAMPLER_SPAWN_H

#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

struct spawn_opts {
	const char	*file;		/* what to exec; NULL: argv[0] in PATH */
	const char	*pydir;		/* put the hook on PYTHONPATH, or NULL */
	const char	*steps;		/* the hook's C step recorder, or NULL */
	int		 stdout_to_stderr; /* our stdout carries the report */
	int		 quiet;		/* stdout and stderr to /dev/null */
	int		 foreground;	/* give it the terminal, when ours */
	int		 capture;	/* stdout and stderr into two pipes
					   whose read ends the caller drains
					   (spawn.out_fd, err_fd) */
	int		 shared;	/* this process has children of its own
					   (a live demo's): reap and end only
					   processes outside our own group */
};

struct spawn {
	pid_t		 pid;		/* the program (its process group too) */
	int		 hook_fd;	/* read end of the hook pipe, or -1 */
	int		 out_fd, err_fd; /* capture: read ends (non-blocking),
					   or -1; spawn_release closes them */
	int		 exited;	/* reaped */
	int		 status;	/* its wait status once reaped */
	uint64_t	 start_ns;	/* when exec succeeded */
	uint64_t	 end_ns;	/* when it was found to have exited */
	int		 shared;	/* from spawn_opts */
	int		 tty;		/* the terminal it was given, or -1 */
	_Atomic int	 stopped;	/* the signal that stopped it, or 0 */
	_Atomic int	 was_stopped;	/* it was seen stopped at least once */
};

/*
 * Makes the caller a child subreaper and starts argv[0] (looked up in
 * PATH) with the environment changed for the child only. Returns 0 once
 * exec has succeeded, or -1 with *cause set (a missing program, say).
 */
int	spawn_start(struct spawn *, char *const argv[],
	    const struct spawn_opts *, char **cause);

/*
 * The file exec should run: argv0 itself when it names a path, else the
 * first executable of that name in PATH. Returns a new string, or NULL
 * with errno set (ENOENT, EACCES).
 */
char	*spawn_find_program(const char *argv0);

/*
 * Reaps every child that has ended (the program and orphans handed to
 * us; when shared, only those outside our own process group, which the
 * engines' children share), without waiting. Returns 1 once the program itself has exited.
 */
int	spawn_reap(struct spawn *);

/* The signal that has stopped the program (state T), or 0. */
int	spawn_stopped(struct spawn *);

/*
 * The terminal the program was given goes back to timeslice's own group
 * (spawn_tty_take), or to the program's again, which is then continued
 * (spawn_tty_give): job control for a program stopped by Ctrl-Z. Both do
 * nothing when the program was given no terminal.
 */
void	spawn_tty_take(struct spawn *);
void	spawn_tty_give(struct spawn *);

/*
 * Ends the program and every descendant: SIGTERM to its process group
 * and to each process found under us, then, after grace_ms, SIGKILL to
 * whatever is still there; reaps them all before returning. When shared,
 * "found under us" leaves out our own process group (a live demo's
 * children).
 */
void	spawn_kill_tree(struct spawn *, int grace_ms);

/* Closes the capture pipes' read ends, if any. */
void	spawn_release(struct spawn *);

/*
 * Lists into out (at most max) every process below `pid`: children of
 * each of its threads, recursively (proc_descendants). Returns the count.
 */
int	spawn_descendants(pid_t pid, pid_t *out, int max);

#endif
