/*
 * export.h - writing a closed log out: Chrome Trace Event Format JSON (for
 * ui.perfetto.dev and chrome://tracing), a plain-text timeline and an SVG
 * picture for slides; and where export files go, created so that nothing
 * is ever overwritten by surprise or written through a symlink.
 *
 * Nothing here knows what an experiment is: the lines that describe a run
 * (title, parameters, figures) come in already written, as an
 * export_heading, and the Chrome trace's self-description as JSON text.
 */
#ifndef TIMESLICE_TRACE_EXPORT_H
#define TIMESLICE_TRACE_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "trace/log.h"

/*
 * Writes the log as a Trace Event Format object: process_name and
 * thread_name metadata for every lane, one complete ("X") slice per state
 * interval with ts/dur in microseconds from the first event, real pids and
 * tids, and the lock holds on a track of their own per lock. `title` names
 * the run (the scenario). Returns 0, or -1 if writing failed.
 */
int	export_chrome(FILE *, const struct log *, const char *title);

/*
 * The same, with `meta` (JSON object text, or NULL) stored after
 * "traceEvents" under the top-level key "timeslice", where viewers pass
 * over it (Perfetto reads no further than the events) and a replay reads
 * what the run measured.
 */
int	export_chrome_meta(FILE *, const struct log *, const char *title,
	    const char *meta);

/*
 * What a picture or a text export says above its timeline, in lines
 * already written for people; a NULL line is left out.
 */
struct export_heading {
	const char	*title;		/* scenario and what it shows */
	const char	*caption;	/* a lesson's caption */
	const char	*params;	/* the knobs of the run */
	const char	*figures;	/* wall, cpu, speedup, cores free */
	const char	*machine;	/* where it ran */
};

/* Writes the heading's lines, then a blank line. */
void	export_heading_text(FILE *, const struct export_heading *);

/*
 * Writes the log as an SVG picture `width` pixels wide: the heading, one
 * labelled row per lane with states told apart by colour and by pattern
 * (so it reads in black and white), a row per lock and per CPU coloured
 * by lane, a time axis and a legend. Returns 0, or -1 if writing failed.
 */
int	export_svg(FILE *, const struct log *, const struct export_heading *,
	    int width);

/*
 * Writes `s` as XML character data, fit for an attribute value too:
 * & < > and " escaped, control characters as spaces, and each byte that
 * begins no valid UTF-8 sequence as '?', so that a picture always parses.
 * For every SVG timeslice writes (the cheat sheet's too).
 */
void	svg_xml_text(FILE *, const char *s);

/*
 * Writes an ASCII timeline `width` columns wide: one row per lane, a row
 * per lock (who holds it) and a row per CPU (who ran there: only running
 * lanes, never one busy off the CPU), a time axis and a legend. Readable
 * without colour and in any font.
 */
void	export_text(FILE *, const struct log *, int width);

/* Writes s as a JSON string literal, quotes included. */
void	json_string(FILE *, const char *s);

/* A number JSON can hold (never nan or inf), to a thousandth. */
void	json_number(FILE *, double);

/* A measured figure in four significant digits, or null when there is
 * none (nan, or too large to be one). */
void	json_figure(FILE *, double);

/*
 * The "workers" array of `run --format json`: per lane its name, kind,
 * pid and tid, time in each state, CPU time, switches, CPUs, wait
 * percentiles and events, from the lanes' statistics `ls`.
 */
struct lane_stats;
struct lock_stats;
void	json_workers(FILE *, const struct log *, const struct lane_stats *ls);

/* The "lock" value: the lock's figures, or null when none was taken. */
void	json_lock(FILE *, const struct lock_stats *, bool has_lock);

/* A one-character id for lane i (1-9, a-z, A-Z, then *), used by the
 * text timeline and the live one for the lock and CPU rows. */
char	export_lane_char(int i);

/* The character the text timeline uses for a state. */
char	export_state_char(enum trace_state);

/*
 * The Chrome counter a shared counter (enum trace_counter) is written
 * as and read back from ("queue depth", "inside"), or NULL for none.
 */
const char *export_counter_name(int which);

/*
 * Where `e` in a demo writes: the folder set by export_set_dir, else
 * $TIMESLICE_EXPORT_DIR, else $XDG_DATA_HOME/timeslice/exports (with
 * ~/.local/share standing in for an unset XDG_DATA_HOME), else ".".
 */
const char *export_dir(void);

/* Sets the folder export_dir returns (`--export-dir`); NULL unsets it. */
void	export_set_dir(const char *dir);

/*
 * Creates `dir` (and its parents) if missing, then n new files
 * dir/STEM-K.EXT, one per extension and all with the same K, the
 * smallest K for which none exists. Each is opened with O_CREAT|O_EXCL|
 * O_NOFOLLOW, so no existing file is ever truncated and no symlink, even
 * a dangling one, is followed. Fills files[] and paths[] (allocated).
 * Returns 0, or -1 with *cause set and nothing left behind.
 */
int	export_create(const char *dir, const char *stem,
	    const char *const *exts, int n, FILE **files, char **paths,
	    char **cause);

/*
 * Finishes a file written by export_create or export_out_open: flushes
 * and closes it, checking every step, since a full disk shows up only
 * there. Returns 0, or -1 with *cause set (the file is then removed).
 */
int	export_finish(FILE *, const char *path, char **cause);

/*
 * An output file that appears whole or not at all: writing goes to a
 * temporary file in the same folder, renamed over `path` once complete.
 */
struct export_out {
	FILE	*f;
	char	*path;
	char	*tmp;
};

/*
 * Opens the temporary file for `path`. Refuses a path that is a symlink
 * (it would be replaced, not followed: the user surely meant its target)
 * or a directory. A character device or a pipe (/dev/null, a FIFO) has
 * nothing to replace and is written as it comes. Returns 0, or -1 with
 * *cause set.
 */
int	export_out_open(struct export_out *, const char *path, char **cause);

/*
 * Flushes, closes and renames the file into place. Returns 0, or -1 with
 * *cause set and the temporary file removed (`path` is untouched).
 */
int	export_out_commit(struct export_out *, char **cause);

/* Drops the temporary file (after a failed run). */
void	export_out_abort(struct export_out *);

#endif
