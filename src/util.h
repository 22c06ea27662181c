/*
 * util.h - allocation that cannot fail quietly, formatted strings, fatal
 * errors from any thread, the quit signals, and output that neither
 * fails silently nor lets data drive the terminal.
 *
 * Running out of memory is not a recoverable error for timeslice: the x*
 * functions call fatal(), which restores the terminal, prints a message
 * and exits, whichever thread or forked child ran out.
 */
#ifndef TIMESLICE_UTIL_H
#define TIMESLICE_UTIL_H

#include <stddef.h>
#include <stdio.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);

/* Allocates a formatted string into *out and returns its length. */
int	 xasprintf(char **out, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Prints "timeslice: message" and ends the program with status 1, safely
 * from any thread or forked child. Only the main thread may touch curses
 * or run exit handlers, so:
 *
 * - The main thread restores the terminal (if one is registered), prints
 *   and calls exit(1): atexit handlers run as on any exit.
 * - Another thread, with a terminal registered, leaves the message for the
 *   main thread, which finishes the job at its next fatal_poll() (the UI
 *   loop polls at least every quarter second). If the main thread does not
 *   poll within FATAL_WAIT_MS (it may be blocked, even joining this very
 *   thread), the thread restores the terminal itself with the registered
 *   async-signal-safe function, prints and calls _exit(1).
 * - Another thread with no terminal, or a forked child (which must never
 *   touch its parent's terminal, atexit handlers or stdio buffers), prints
 *   with write(2) and calls _exit(1).
 *
 * The first fatal error wins: a thread that fails while another is
 * already ending the program waits to be ended with it.
 */
_Noreturn void fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/* How long a thread's fatal error waits for the main thread. */
#define FATAL_WAIT_MS 2000

/*
 * Registers the terminal's two ways back, from the main thread, which
 * owns the terminal: `restore` (curses; main thread only) and
 * `restore_async` (async-signal-safe, callable from any thread; it must
 * do nothing if `restore` already ran). NULLs unregister.
 */
void	 fatal_set_terminal(void (*restore)(void),
	    void (*restore_async)(void));

/*
 * Called by the main thread's loop: if another thread hit a fatal error,
 * restores the terminal, prints the message and exits with status 1.
 */
void	 fatal_poll(void);

/*
 * Sends SIGINT, SIGTERM and SIGHUP to `fn` (which should only set a
 * flag). No SA_RESTART: a blocking call returns EINTR, so loops see the
 * flag at once. Installed before curses starts, they also keep curses
 * from installing handlers of its own for them.
 */
void	 catch_quit_signals(void (*fn)(int));

/*
 * Opens what stands in for a standard descriptor (0, 1 or 2) that the
 * caller left closed, as the first thing main does: otherwise the next
 * file opened (an --out file, a lesson) would take its number, and a
 * printf would write into it. Standard input reads nothing (/dev/null);
 * output goes to /dev/full, so a report that had nowhere to go is still
 * an error, and one that was not printed (--out) is not.
 */
void	 util_std_fds_open(void);

/*
 * Flushes and closes stdout, as the last thing main does. A full disk, a
 * closed pipe or /dev/full show up only here for buffered output: prints
 * "timeslice: cannot write the output: REASON" and returns -1 then.
 */
int	 util_close_stdout(void);

/*
 * Writes `s` to `f` with every control character shown instead of sent:
 * C0 controls (other than tab and, if `keep_newline`, newline), DEL and
 * the C1 controls U+0080..U+009F become "\xNN" (the C1 ones as "\u0080"),
 * bytes that are not UTF-8 become "\xNN". Used for every piece of data
 * (lane names, titles, ids, file names) that reaches a terminal.
 */
void	 util_fputs_safe(const char *s, FILE *f);
void	 util_fputs_safe_n(const char *s, size_t n, FILE *f, int keep_newline);

/*
 * Length of the well-formed UTF-8 sequence at s (of at most n bytes), or
 * 0 for a byte that starts none (stray, overlong, surrogate).
 */
size_t	 util_utf8_len(const char *s, size_t n);

/*
 * Copies `src` into `dst` (of `cap` bytes, at least 1) as valid UTF-8: a
 * byte that starts no well-formed sequence becomes '?', and a sequence
 * that would not fit whole is left out, so a cut never splits a
 * character. Used for names that come from outside (a thread's comm, a
 * hook's line, a recording) before any exporter writes them.
 */
void	 util_utf8_copy(char *dst, size_t cap, const char *src);

/* util_fputs_safe into a new string (free it), for width-padded output. */
char	*util_safe_str(const char *s);

/*
 * Opens `path` for reading only if it is a regular file: a FIFO, a
 * device or a folder is refused without blocking ("PATH: not a regular
 * file"), so a lesson, recording or state file can never hang a read.
 * O_CLOEXEC is added. Returns the descriptor, in blocking mode, or -1
 * with *cause set (allocated) and errno kept.
 */
int	 open_regular(const char *path, int flags, char **cause);

/* open_regular as a stdio stream opened with `mode`, or NULL. */
FILE	*fopen_regular(const char *path, const char *mode, char **cause);

/* Levenshtein distance, capped at `cap` (returns cap+1 beyond it). */
int	 edit_distance(const char *a, const char *b, int cap);

/*
 * The letter a reader types for the character at `s` (of `n` bytes):
 * lower case, and Latin accents folded away (á → a, Ñ → n, ü → u), so
 * "nucleo" finds "núcleo" and "NÚCLEO" finds "nucleo". Sets *len to the
 * character's bytes. Characters beyond Latin-1 stand for themselves
 * (values from 0x100 up: compare those byte by byte).
 */
unsigned util_fold_char(const char *s, size_t n, size_t *len);

/*
 * `s` folded as util_fold_char folds each character, as a new string
 * (free it): "Núcleo" → "nucleo". Characters it does not fold to ASCII
 * keep their bytes.
 */
char	*util_fold(const char *s);

#endif
