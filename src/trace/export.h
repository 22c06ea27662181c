/*
 * export.h - writing a closed log out: Chrome Trace Event Format JSON (for
 * ui.perfetto.dev and chrome://tracing) and a plain-text timeline.
 */
#ifndef TIMESLICE_TRACE_EXPORT_H
#define TIMESLICE_TRACE_EXPORT_H

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
 * Writes an ASCII timeline `width` columns wide: one row per lane, a row
 * per lock (who holds it) and a row per CPU (who ran there: only running
 * lanes, never one busy off the CPU), a time axis and a legend. Readable
 * without colour and in any font.
 */
void	export_text(FILE *, const struct log *, int width);

/* Writes s as a JSON string literal, quotes included. */
void	json_string(FILE *, const char *s);

/* A one-character id for lane i (1-9, a-z, A-Z, then *), used by the
 * text timeline and the live one for the lock and CPU rows. */
char	export_lane_char(int i);

/* The character the text timeline uses for a state. */
char	export_state_char(enum trace_state);

#endif
