/*
 * record.c - writing a finished experiment out for class, and reading a
 * self-describing recording back into an experiment.
 *
 * What is stored is what a replay cannot work out from the slices: the
 * run's own span (its wall time starts before the first event), the CPU
 * time each worker reported, how many events each lane recorded and
 * dropped (a slice is the fold of several events), the baseline and the
 * measured capacity, and the scenario's metrics. Times are whole
 * nanoseconds and other numbers are written with 17 significant digits,
 * so every figure read back is the very double or integer written. What
 * the slices do tell (time per state, switches, waits, lock holds) is
 * derived again by the same code that derived it for the run.
 */
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "engine/capacity.h"
#include "engine/record.h"
#include "i18n.h"
#include "trace/load.h"
#include "util.h"

/* A double JSON can hold and give back bit for bit, or null. */
static void
exact(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.17g", v);
	else
		fputs("null", f);
}

void
record_params_json(FILE *f, const struct params *p, int digits)
{
	fprintf(f, "{\"workers\":%d,\"work\":\"%s\",\"units\":%d,"
	    "\"unit_ms\":", p->workers, work_kind_name(p->work), p->units);
	if (digits < 0)
		exact(f, p->unit_ms);
	else
		fprintf(f, "%.*f", digits, p->unit_ms);
	fputs(",\"switch_interval_ms\":", f);
	if (digits < 0)
		exact(f, p->switch_interval_ms);
	else
		fprintf(f, "%.*f", digits, p->switch_interval_ms);
	fprintf(f, ",\"old_gil\":%s,\"cores\":%d,\"seed\":%llu,"
	    "\"baseline\":%s,\"ordered\":%s,\"capacity\":%d,\"permits\":%d,"
	    "\"start\":\"%s\"}",
	    p->old_gil ? "true" : "false", p->cores,
	    (unsigned long long)p->seed, p->baseline ? "true" : "false",
	    p->ordered ? "true" : "false", p->capacity, p->permits,
	    start_method_name(p->start));
}

/* The machine a recording names: the one it was read from, or this one. */
static void
machine_of(const struct recording *rec, char *model, size_t len, int *cpus)
{
	struct capacity_machine m;

	if (rec != NULL && rec->described) {
		snprintf(model, len, "%s", rec->model);
		*cpus = rec->online_cpus;
		return;
	}
	capacity_machine(&m);
	snprintf(model, len, "%s", m.model);
	*cpus = m.cpus;
}

/* The "timeslice" object of a Chrome trace of `ex` (see the top). */
static void
meta_write(FILE *f, const struct experiment *ex, const char *caption,
    const struct recording *rec)
{
	const struct log *lg = &ex->log;
	const struct trace *t = ex->trace;
	int64_t base = (int64_t)log_first_ns(lg);
	char model[128];
	int cpus;

	machine_of(rec, model, sizeof model, &cpus);
	fprintf(f, "{\"version\":%d,\"scenario\":", RECORD_VERSION);
	json_string(f, ex->scenario->name);
	fputs(",\"summary\":", f);
	json_string(f, ex->scenario->summary);
	fputs(",\"models\":", f);
	json_string(f, ex->scenario->models);
	fputs(",\"caption\":", f);
	if (caption != NULL)
		json_string(f, caption);
	else
		fputs("null", f);
	fputs(",\"params\":", f);
	record_params_json(f, &ex->params, -1);
	fprintf(f, ",\n\"start_ns\":%lld,\"end_ns\":%lld,\"wall_ns\":%llu,"
	    "\"cpu_ns\":%llu", (long long)((int64_t)ex->result.start_ns - base),
	    (long long)((int64_t)ex->result.end_ns - base),
	    (unsigned long long)ex->wall_ns, (unsigned long long)ex->cpu_ns);
	if (ex->has_baseline) {
		fprintf(f, ",\"baseline_wall_ns\":%llu,\"speedup\":",
		    (unsigned long long)ex->baseline_wall_ns);
		exact(f, ex->speedup);
	} else
		fputs(",\"baseline_wall_ns\":null,\"speedup\":null", f);
	fputs(",\"cores_free\":", f);
	exact(f, ex->has_capacity && ex->cores_free >= 0 ? ex->cores_free :
	    NAN);
	fputs(",\"baseline_cores_free\":", f);
	exact(f, ex->has_capacity && ex->baseline_cores_free >= 0 ?
	    ex->baseline_cores_free : NAN);
	fputs(",\"baseline_cpu_share\":", f);
	exact(f, ex->has_capacity && ex->has_baseline ?
	    ex->baseline_cpu_share : NAN);
	fprintf(f, ",\"cpus\":%d,\"interrupted\":%s,\n\"metrics\":{",
	    ex->cpus, ex->interrupted ? "true" : "false");
	for (int i = 0; i < ex->result.nmetrics; i++) {
		if (i > 0)
			fputc(',', f);
		json_string(f, ex->result.metrics[i].key);
		fputc(':', f);
		exact(f, ex->result.metrics[i].value);
	}
	fprintf(f, "},\n\"machine\":{\"cpus\":%d,\"model\":", cpus);
	json_string(f, model);
	fprintf(f, "},\"events\":%llu,\"dropped_events\":%llu,"
	    "\"disordered_events\":%d,\n\"lanes\":[",
	    (unsigned long long)lg->events, (unsigned long long)ex->dropped,
	    lg->disorder);
	for (int i = 0; i < lg->nlanes; i++) {
		struct trace_lane *l = &((struct trace *)t)->lanes[i];

		fputs(i > 0 ? ",\n{\"name\":" : "{\"name\":", f);
		json_string(f, l->name);
		fprintf(f, ",\"cpu_ns\":%llu,\"events\":%llu,\"dropped\":%llu}",
		    (unsigned long long)atomic_load(&l->cpu_ns),
		    (unsigned long long)lg->lanes[i].events,
		    (unsigned long long)atomic_load(&l->ring.dropped));
	}
	fputs("]}", f);
}

int
record_chrome(FILE *f, const struct experiment *ex, const char *caption,
    const struct recording *rec)
{
	char *meta = NULL;
	size_t len = 0;
	FILE *m;
	int rc;

	if (caption == NULL && rec != NULL)
		caption = rec->caption;
	if ((m = open_memstream(&meta, &len)) == NULL)
		return -1;
	meta_write(m, ex, caption, rec);
	if (fclose(m) != 0) {
		free(meta);
		return -1;
	}
	rc = export_chrome_meta(f, &ex->log, ex->scenario->name, meta);
	free(meta);
	return rc;
}

/* Appends to buf[*n..len) and moves *n, never past the end. */
static void
add(char *buf, size_t len, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
add(char *buf, size_t len, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*n >= len)
		return;
	va_start(ap, fmt);
	w = vsnprintf(buf + *n, len - *n, fmt, ap);
	va_end(ap);
	if (w > 0)
		*n = *n + (size_t)w < len ? *n + (size_t)w : len - 1;
}

/* The knobs the scenario reads, for people. */
static void
params_line(const struct experiment *ex, char *buf, size_t len)
{
	const struct scenario *sc = ex->scenario;
	const struct params *p = &ex->params;
	size_t n = 0;
	char a[32];

	add(buf, len, &n, _("%d workers"), p->workers);
	if (scenario_uses(sc, PARAM_WORK))
		add(buf, len, &n, _(", work %s"), work_kind_name(p->work));
	if (scenario_uses(sc, PARAM_UNITS) && scenario_uses(sc, PARAM_UNIT_MS))
		add(buf, len, &n, _(", %d units of %s ms"), p->units,
		    i18n_numg(a, sizeof a, p->unit_ms, 6));
	else if (scenario_uses(sc, PARAM_UNITS))
		add(buf, len, &n, _(", %d units"), p->units);
	else if (scenario_uses(sc, PARAM_UNIT_MS))
		add(buf, len, &n, _(", %s ms per item"), i18n_numg(a,
		    sizeof a, p->unit_ms, 6));
	if (sc->traits & SCENARIO_GIL_LANE)
		add(buf, len, &n, _(", switch interval %s ms%s"),
		    i18n_numg(a, sizeof a, p->switch_interval_ms, 6),
		    p->old_gil ? _(" (old GIL)") : "");
	if (scenario_uses(sc, PARAM_START))
		add(buf, len, &n, _(", started by %s"),
		    start_method_name(p->start));
	if (p->cores > 0)
		add(buf, len, &n, _(", %d cores allowed"), p->cores);
	if (scenario_uses(sc, PARAM_SEED))
		add(buf, len, &n, _(", seed %llu"), (unsigned long long)p->seed);
	if (sc->models != NULL && *sc->models != '\0')
		add(buf, len, &n, _("; models %s"), _(sc->models));
}

void
record_heading(const struct experiment *ex, const char *caption,
    const char *model, int online_cpus, struct record_heading *rh)
{
	const struct scenario *sc = ex->scenario;
	double cpu_ms = (double)ex->cpu_ns / 1e6;
	size_t n = 0;
	char a[32], b[32];

	memset(rh, 0, sizeof *rh);
	if (sc->summary != NULL && *sc->summary != '\0')
		snprintf(rh->title, sizeof rh->title, "%s: %s", sc->name,
		    _(sc->summary));
	else
		snprintf(rh->title, sizeof rh->title, "%s", sc->name);
	rh->h.title = rh->title;
	if (caption != NULL && *caption != '\0') {
		snprintf(rh->caption, sizeof rh->caption, "%s", caption);
		rh->h.caption = rh->caption;
	}
	if (sc->uses != 0) {
		params_line(ex, rh->params, sizeof rh->params);
		rh->h.params = rh->params;
	}
	/* Figures for people: in the language's decimal separator. */
	add(rh->figures, sizeof rh->figures, &n, _("wall %s ms, cpu "),
	    i18n_num(a, sizeof a, (double)ex->wall_ns / 1e6, 1));
	if (ex->cpu_ns > 0)
		add(rh->figures, sizeof rh->figures, &n, "%s ms",
		    i18n_num(a, sizeof a, cpu_ms, 1));
	else
		add(rh->figures, sizeof rh->figures, &n, _("n/a"));
	if (ex->has_baseline)
		add(rh->figures, sizeof rh->figures, &n,
		    _(", speedup %sx (sequential %s ms)"), i18n_num(a,
		    sizeof a, ex->speedup, 2), i18n_num(b, sizeof b,
		    (double)ex->baseline_wall_ns / 1e6, 1));
	else
		add(rh->figures, sizeof rh->figures, &n,
		    _(", speedup n/a (no baseline)"));
	if (ex->has_capacity && ex->cores_free >= 0)
		add(rh->figures, sizeof rh->figures, &n,
		    _(", cores free %s of %d"), i18n_num(a, sizeof a,
		    ex->cores_free, 2), ex->cpus);
	else
		add(rh->figures, sizeof rh->figures, &n,
		    _(", cores free not measured"));
	if (ex->interrupted)
		add(rh->figures, sizeof rh->figures, &n, _(" [interrupted]"));
	rh->h.figures = rh->figures;
	if (model != NULL && *model != '\0' && online_cpus > 0) {
		snprintf(rh->machine, sizeof rh->machine,
		    _("on %d CPUs, %s"), online_cpus, model);
		rh->h.machine = rh->machine;
	}
}

/* The heading of `ex` with the recording's caption and machine. */
static void
heading_of(const struct experiment *ex, const char *caption,
    const struct recording *rec, struct record_heading *rh)
{
	char model[128];
	int cpus;

	if (caption == NULL && rec != NULL)
		caption = rec->caption;
	if (rec != NULL && !rec->described) {
		record_heading(ex, caption, NULL, 0, rh);
		return;
	}
	machine_of(rec, model, sizeof model, &cpus);
	record_heading(ex, caption, model, cpus, rh);
}

int
record_svg(FILE *f, const struct experiment *ex, const char *caption,
    const struct recording *rec)
{
	struct record_heading rh;

	heading_of(ex, caption, rec, &rh);
	return export_svg(f, &ex->log, &rh.h, 1200);
}

int
record_text(FILE *f, const struct experiment *ex, const char *caption,
    const struct recording *rec, int width)
{
	struct record_heading rh;

	heading_of(ex, caption, rec, &rh);
	export_heading_text(f, &rh.h);
	export_text(f, &ex->log, width);
	return ferror(f) ? -1 : 0;
}

/* Members of a recording's metadata, each of the type asked or absent. */
static json_object *
member(json_object *o, const char *k, json_type type)
{
	json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, k, &v) ||
	    !json_object_is_type(v, type))
		return NULL;
	return v;
}

/* A whole number >= 0 at key k. */
static bool
get_u64(json_object *o, const char *k, uint64_t *out)
{
	json_object *v = member(o, k, json_type_int);

	if (v == NULL || json_object_get_int64(v) < 0)
		return false;
	*out = json_object_get_uint64(v);
	return true;
}

/* A whole number at key k. */
static bool
get_i64(json_object *o, const char *k, int64_t *out)
{
	json_object *v = member(o, k, json_type_int);

	if (v == NULL)
		return false;
	*out = json_object_get_int64(v);
	return true;
}

/* A finite number at key k. */
static bool
get_double(json_object *o, const char *k, double *out)
{
	json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, k, &v) ||
	    !(json_object_is_type(v, json_type_double) ||
	    json_object_is_type(v, json_type_int)))
		return false;
	*out = json_object_get_double(v);
	return isfinite(*out);
}

/* A string at key k, or NULL. */
static const char *
get_string(json_object *o, const char *k)
{
	json_object *v = member(o, k, json_type_string);

	return v != NULL ? json_object_get_string(v) : NULL;
}

/* A number parameter, taken only within its bounds. */
static void
param_num(json_object *o, const char *key, const char *spec, double *out)
{
	const struct param_spec *ps = params_find(spec);
	double v;

	if (get_double(o, key, &v) && ps != NULL && v >= ps->min &&
	    v <= ps->max)
		*out = v;
}

void
record_params_read(json_object *o, struct params *p)
{
	json_object *v;
	const char *s;
	double d;
	uint64_t u;

	params_defaults(p);
	p->baseline = false;
	if (o == NULL)
		return;
	/* Coroutine tasks go past the table's --workers bound. */
	if (get_double(o, "workers", &d) && d >= 1 && d <= SCENARIO_MAX_TASKS)
		p->workers = (int)d;
	if ((s = get_string(o, "work")) != NULL)
		work_kind_parse(s, &p->work);
	if ((s = get_string(o, "start")) != NULL)
		start_method_parse(s, &p->start);
	d = p->units;
	param_num(o, "units", "units", &d);
	p->units = (int)d;
	param_num(o, "unit_ms", "unit-ms", &p->unit_ms);
	param_num(o, "switch_interval_ms", "switch-interval",
	    &p->switch_interval_ms);
	d = p->cores;
	param_num(o, "cores", "cores", &d);
	p->cores = (int)d;
	d = p->capacity;
	param_num(o, "capacity", "capacity", &d);
	p->capacity = (int)d;
	d = p->permits;
	param_num(o, "permits", "permits", &d);
	p->permits = (int)d;
	if ((v = member(o, "old_gil", json_type_boolean)) != NULL)
		p->old_gil = json_object_get_boolean(v);
	if ((v = member(o, "ordered", json_type_boolean)) != NULL)
		p->ordered = json_object_get_boolean(v);
	if ((v = member(o, "baseline", json_type_boolean)) != NULL)
		p->baseline = json_object_get_boolean(v);
	if (get_u64(o, "seed", &u))
		p->seed = u;
}

/* Copies a string of the metadata into the recording (or NULL). */
static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* The lane figures stored, when they are of these very lanes. */
static void
lanes_read(struct recording *rec, json_object *arr)
{
	struct experiment *ex = &rec->ex;
	struct log *lg = &ex->log;
	size_t n = arr != NULL ? json_object_array_length(arr) : 0;

	if (arr == NULL || n != (size_t)lg->nlanes)
		return;
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(arr, i);
		const char *name = get_string(o, "name");

		if (name == NULL || strcmp(name, ex->trace->lanes[i].name) != 0)
			return;
	}
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(arr, i);
		struct trace_lane *l = &ex->trace->lanes[i];
		uint64_t v;

		if (get_u64(o, "cpu_ns", &v))
			atomic_store(&l->cpu_ns, v);
		if (get_u64(o, "events", &v))
			lg->lanes[i].events = v;
		if (get_u64(o, "dropped", &v))
			atomic_store(&l->ring.dropped, v);
	}
}

/* The scenario of the recording: the registry's, or a stand-in. */
static const struct scenario *
scenario_of(struct recording *rec, const char *name, const char *summary,
    const char *models, bool registry)
{
	const struct scenario *sc = name != NULL && registry ?
	    scenario_find(name) : NULL;

	if (sc != NULL)
		return sc;
	snprintf(rec->stub_name, sizeof rec->stub_name, "%s",
	    name != NULL ? name : rec->title);
	rec->stub.name = rec->stub_name;
	rec->summary = dup_or_null(summary);
	rec->models = dup_or_null(models);
	rec->stub.summary = rec->summary != NULL ? rec->summary :
	    N_("a recorded run");
	rec->stub.models = rec->models != NULL ? rec->models :
	    N_("exactly what was recorded");
	return &rec->stub;
}

/* The scenario's metrics, with keys that outlive the metadata. */
static void
metrics_read(struct recording *rec, json_object *o)
{
	struct result *r = &rec->ex.result;

	if (o == NULL)
		return;
	json_object_object_foreach(o, key, val) {
		const struct scenario_metric *m;
		struct metric *mt;

		if (r->nmetrics == RESULT_MAX_METRICS ||
		    !(json_object_is_type(val, json_type_double) ||
		    json_object_is_type(val, json_type_int)))
			continue;
		mt = &r->metrics[r->nmetrics];
		m = scenario_metric_find(rec->ex.scenario, key);
		if (m != NULL)
			mt->key = m->key;
		else {
			snprintf(rec->keys[r->nmetrics], sizeof rec->keys[0],
			    "%s", key);
			mt->key = rec->keys[r->nmetrics];
		}
		mt->value = json_object_get_double(val);
		r->nmetrics++;
	}
}

/* Fills the experiment from the metadata and the loaded log. */
static void
meta_read(struct recording *rec, json_object *meta)
{
	struct experiment *ex = &rec->ex;
	json_object *o;
	int64_t off;
	uint64_t v;
	double d;
	const char *s;

	rec->described = true;
	ex->scenario = scenario_of(rec, get_string(meta, "scenario"),
	    get_string(meta, "summary"), get_string(meta, "models"), true);
	record_params_read(member(meta, "params", json_type_object),
	    &ex->params);
	rec->caption = dup_or_null(get_string(meta, "caption"));
	if ((o = member(meta, "machine", json_type_object)) != NULL) {
		json_object *c = member(o, "cpus", json_type_int);

		if ((s = get_string(o, "model")) != NULL)
			snprintf(rec->model, sizeof rec->model, "%s", s);
		if (c != NULL && json_object_get_int(c) > 0)
			rec->online_cpus = json_object_get_int(c);
	}
	lanes_read(rec, member(meta, "lanes", json_type_array));
	metrics_read(rec, member(meta, "metrics", json_type_object));

	/* The run's span, on the loaded clock (time zero at LOAD_BASE_NS). */
	ex->result.start_ns = log_first_ns(&ex->log);
	ex->result.end_ns = log_last_ns(&ex->log);
	if (get_i64(meta, "start_ns", &off) && off > -(int64_t)LOAD_BASE_NS &&
	    off < (int64_t)1e13)
		ex->result.start_ns = (uint64_t)((int64_t)LOAD_BASE_NS + off);
	if (get_i64(meta, "end_ns", &off) && off > -(int64_t)LOAD_BASE_NS &&
	    off < (int64_t)1e13 &&
	    (uint64_t)((int64_t)LOAD_BASE_NS + off) >= ex->result.start_ns)
		ex->result.end_ns = (uint64_t)((int64_t)LOAD_BASE_NS + off);
	if (get_u64(meta, "baseline_wall_ns", &v)) {
		ex->has_baseline = true;
		ex->baseline_wall_ns = v;
	}
	experiment_finish(ex);

	/* What experiment_finish does not derive. */
	if (get_u64(meta, "events", &v))
		ex->log.events = v;
	if (get_i64(meta, "disordered_events", &off) && off >= 0 &&
	    off < (1 << 30))
		ex->log.disorder = (int)off;
	ex->cores_free = ex->baseline_cores_free = -1;
	if (get_double(meta, "cores_free", &d)) {
		ex->has_capacity = true;
		ex->cores_free = d;
	}
	if (get_double(meta, "baseline_cores_free", &d))
		ex->baseline_cores_free = d;
	if (get_double(meta, "baseline_cpu_share", &d))
		ex->baseline_cpu_share = d;
	if ((o = member(meta, "cpus", json_type_int)) != NULL)
		ex->cpus = json_object_get_int(o);
	if ((o = member(meta, "interrupted", json_type_boolean)) != NULL)
		ex->interrupted = json_object_get_boolean(o);
}

int
record_load(const char *path, struct recording *rec, char **cause)
{
	struct experiment *ex = &rec->ex;
	json_object *meta = NULL;
	struct trace *t;

	memset(rec, 0, sizeof *rec);
	if (load_chrome_meta(path, &t, &ex->log, &rec->title, &meta,
	    cause) != 0)
		return -1;
	ex->trace = t;
	params_defaults(&ex->params);
	ex->params.baseline = false;
	ex->cores_free = ex->baseline_cores_free = -1;
	if (meta != NULL) {
		meta_read(rec, meta);
		json_object_put(meta);
		return 0;
	}
	/* A recording that says nothing of itself: what its slices tell. */
	ex->scenario = scenario_of(rec, rec->title, NULL, NULL, false);
	ex->result.start_ns = log_first_ns(&ex->log);
	ex->result.end_ns = log_last_ns(&ex->log);
	experiment_finish(ex);
	return 0;
}

void
record_release(struct recording *rec)
{
	experiment_release(&rec->ex);
	free(rec->title);
	free(rec->caption);
	free(rec->summary);
	free(rec->models);
	memset(rec, 0, sizeof *rec);
}
