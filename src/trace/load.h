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

/*
 * Where time zero of a loaded file lands on the trace's clock: the
 * first slice of a file timeslice wrote starts at LOAD_BASE_NS.
 */
#define LOAD_BASE_NS 1000000000ULL

/* Largest trace file we agree to read. */
#define LOAD_MAX_BYTES (256u << 20)

/*
 * Loads `path` into a new trace (*tp, free with trace_free) and a log
 * over it (initialised, filled and closed; release with log_release).
 * Returns 0, or -1 with *cause set ("path:line:col: message").
 */
int	load_chrome(const char *path, struct trace **tp, struct log *lg,
	    char **title, char **cause);

/*
 * The same, and if the file describes itself (the top-level "timeslice"
 * object that export_chrome_meta writes), a new reference to that object
 * in *meta, for the caller to read and json_object_put; else NULL. Lanes
 * get back their real thread ids from their metadata.
 */
struct json_object;
int	load_chrome_meta(const char *path, struct trace **tp, struct log *lg,
	    char **title, struct json_object **meta, char **cause);

#endif
