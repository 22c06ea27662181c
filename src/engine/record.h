/*
 * record.h - a finished experiment as files an instructor can take to
 * class: a self-describing Chrome trace that replays with the very
 * figures the run showed, an SVG picture and a titled text timeline.
 *
 * The Chrome trace keeps, beside its events, a top-level "timeslice"
 * object: the scenario, its parameters, the caption, the baseline and
 * speedup, cores free, the scenario's metrics, the machine, and per lane
 * the CPU time and events counted, which the slices alone cannot give
 * back. record_load reads it into an experiment that report_json prints
 * exactly as `run` printed the original. A trace without that object (an
 * older recording, another tool's) loads as before, with what its slices
 * tell.
 */
#ifndef TIMESLICE_ENGINE_RECORD_H
#define TIMESLICE_ENGINE_RECORD_H

#include <stdbool.h>
#include <stdio.h>

#include "engine/experiment.h"
#include "trace/export.h"

struct json_object;

#define RECORD_VERSION 1

/* A recording read back. */
struct recording {
	struct experiment	 ex;		/* trace, log and every figure */
	bool			 described;	/* it carried its metadata */
	char			*title;		/* what it says it is */
	char			*caption;	/* a lesson's caption, or NULL */
	char			 model[128];	/* the machine's CPU model, or "" */
	int			 online_cpus;	/* the machine's CPUs, or 0 */
	/* Stands in for a scenario this build does not know. */
	struct scenario		 stub;
	char			 stub_name[40];
	char			*summary, *models;	/* the stand-in's */
	char			 keys[RESULT_MAX_METRICS][40];
};

/*
 * Loads `path` (see trace/load.h for what is accepted). Returns 0, or -1
 * with *cause set ("path:line:col: message"). Release with
 * record_release.
 */
int	record_load(const char *path, struct recording *, char **cause);
void	record_release(struct recording *);

/*
 * The lines above a picture or text export of `ex`, written into `buf`
 * (which the heading's pointers then point into). `caption` may be NULL;
 * `model` and `online_cpus` describe the machine ("" and 0: this one).
 */
struct record_heading {
	struct export_heading	 h;
	char			 title[256], caption[256], params[256];
	char			 figures[256], machine[192];
};
void	record_heading(const struct experiment *, const char *caption,
	    const char *model, int online_cpus, struct record_heading *);

/*
 * The parameters as one JSON object, the one shape every writer uses
 * (report_json, recordings, reference runs): every knob, times with
 * `digits` decimals, or bit for bit when `digits` < 0.
 */
void	record_params_json(FILE *, const struct params *, int digits);

/*
 * Reads an object record_params_json wrote into `p`: the defaults, with
 * the members found over them (a key missing, of the wrong type or out
 * of bounds keeps its default, so files older than a knob still read).
 * Baseline is false unless stored. `o` may be NULL.
 */
void	record_params_read(struct json_object *o, struct params *p);

/*
 * Writes `ex` as a self-describing Chrome trace, an SVG picture or a
 * titled text timeline. `rec`, when not NULL, is the recording `ex` was
 * read from, whose machine and caption are kept. Return 0, or -1 when
 * writing failed.
 */
int	record_chrome(FILE *, const struct experiment *, const char *caption,
	    const struct recording *rec);
int	record_svg(FILE *, const struct experiment *, const char *caption,
	    const struct recording *rec);
int	record_text(FILE *, const struct experiment *, const char *caption,
	    const struct recording *rec, int width);

#endif
