/*
 * load.h - reading a recorded run back from a Chrome trace JSON file, so
 * a class can replay exactly what was recorded.
 *
 * The file is untrusted: it is parsed with json-c, checked event by
 * event, and every problem is reported with where it is (file:line:col
 * for syntax errors, the event's index otherwise); nothing in it can make
 * the loader crash, hang or allocate without bound.
 */
#ifndef TIMESLICE_TRACE_LOAD_H
#define TIMESLICE_TRACE_LOAD_H

#include "trace/log.h"

/* Largest trace file we agree to read. */
#define LOAD_MAX_BYTES (256u << 20)

/*
 * Loads `path` into a new trace (*tp, free with trace_free) and a log
 * over it (initialised, filled and closed; release with log_release).
 * Returns 0, or -1 with *cause set ("path:line:col: message").
 */
int	load_chrome(const char *path, struct trace **tp, struct log *lg,
	    char **title, char **cause);

#endif
