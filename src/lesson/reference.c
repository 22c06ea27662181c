/*
 * reference.c - reading a prediction's reference run (see reference.h).
 * The file is untrusted like any input: members that are missing or of
 * the wrong type are skipped, and parameters that differ from the
 * prediction's make the whole file count as missing.
 */
#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/record.h"
#include "i18n.h"
#include "lesson/reference.h"
#include "trace/export.h"
#include "util.h"

char *
reference_path(const char *dir, const struct lesson *l,
    const struct lesson_quiz *q)
{
	char *root = NULL, *path;

	if (dir == NULL) {
		root = lesson_root(l->path);
		xasprintf(&path, "%s/reference/%s.%s.%s.json", root,
		    l->lang ? l->lang : "xx", l->id ? l->id : "lesson",
		    q->id ? q->id : "quiz");
		free(root);
		return path;
	}
	xasprintf(&path, "%s/%s.%s.%s.json", dir, l->lang ? l->lang : "xx",
	    l->id ? l->id : "lesson", q->id ? q->id : "quiz");
	return path;
}

/* Number member `k` of `o` into *out; false if missing or not a number. */
static bool
get_num(json_object *o, const char *k, double *out)
{
	json_object *v;

	if (!json_object_object_get_ex(o, k, &v) ||
	    !(json_object_is_type(v, json_type_int) ||
	    json_object_is_type(v, json_type_double)))
		return false;
	*out = json_object_get_double(v);
	return true;
}

/* String member `k` of `o`, or "". */
static const char *
get_str(json_object *o, const char *k)
{
	json_object *v;

	if (!json_object_object_get_ex(o, k, &v) ||
	    !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

/*
 * Whether the recorded parameters are the ones the lesson asks for now:
 * every knob, read as record_params_read reads any recording's (a knob
 * older files lack stands at its default), times within a millionth of
 * a millisecond: they went through decimal text.
 */
static bool
same_params(json_object *o, const struct lesson_demo *dm)
{
	const struct params *p = &dm->params;
	struct params r;
	json_object *pr;

	if (strcmp(get_str(o, "scenario"), dm->scenario->name) != 0 ||
	    !json_object_object_get_ex(o, "params", &pr) ||
	    !json_object_is_type(pr, json_type_object))
		return false;
	record_params_read(pr, &r);
	return params_same(&r, p, 1e-6);
}

int
reference_read(const struct lesson *l, const struct lesson_quiz *q,
    struct reference *out, const char **why)
{
	char *path = reference_path(NULL, l, q);
	json_object *o, *figs, *m;
	double v;

	memset(out, 0, sizeof *out);
	experiment_series_init(&out->series, q->demo.scenario,
	    &q->demo.params);
	if (q->demo.scenario == NULL || q->id == NULL) {
		free(path);
		*why = N_("the prediction has errors");
		return -1;
	}
	o = json_object_from_file(path);
	free(path);
	if (o == NULL) {
		*why = N_("no reference recording (tools/make-references "
		    "makes them)");
		return -1;
	}
	if (!same_params(o, &q->demo)) {
		json_object_put(o);
		*why = N_("the reference recording was made with other "
		    "parameters (tools/make-references makes it again)");
		return -1;
	}
	if (get_num(o, "runs", &v))
		out->series.runs = (int)v;
	if (get_num(o, "cpus", &v))
		out->series.cpus = (int)v;
	if (get_num(o, "threads", &v))
		out->series.threads = (int)v;
	if (json_object_object_get_ex(o, "figures", &figs) &&
	    json_object_is_type(figs, json_type_object)) {
		json_object_object_foreach(figs, key, arr) {
			size_t n;

			if (!json_object_is_type(arr, json_type_array))
				continue;
			n = json_object_array_length(arr);
			for (size_t i = 0; i < n; i++) {
				json_object *x = json_object_array_get_idx(arr,
				    i);

				if (json_object_is_type(x, json_type_int) ||
				    json_object_is_type(x, json_type_double))
					experiment_series_put(&out->series, key,
					    json_object_get_double(x));
			}
		}
	}
	if (json_object_object_get_ex(o, "machine", &m)) {
		out->machine_known = true;
		if (get_num(m, "cpus", &v))
			out->machine.cpus = (int)v;
		snprintf(out->machine.model, sizeof out->machine.model,
		    "%s", get_str(m, "model"));
		snprintf(out->machine.kernel, sizeof out->machine.kernel,
		    "%s", get_str(m, "kernel"));
	}
	json_object_put(o);
	return 0;
}

void
reference_json_machine(FILE *f, const struct capacity_machine *m)
{
	fprintf(f, "{\"cpus\":%d,\"model\":", m->cpus);
	json_string(f, m->model);
	fputs(",\"kernel\":", f);
	json_string(f, m->kernel);
	fputc('}', f);
}

int
reference_write(const char *dir, const struct lesson *l,
    const struct lesson_quiz *q, const struct experiment_series *s,
    bool busy, const struct capacity_machine *m, char **cause)
{
	const struct params *pp = &q->demo.params;
	const struct experiment_figure *cf;
	char *path = reference_path(dir, l, q), *tmp;
	double load[3];
	FILE *f;

	xasprintf(&tmp, "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL) {
		xasprintf(cause, "cannot write '%s': %s", tmp, strerror(errno));
		free(tmp);
		free(path);
		return -1;
	}
	fputs("{\"lesson\":", f);
	json_string(f, l->id);
	fputs(",\"lang\":", f);
	json_string(f, l->lang);
	fputs(",\"quiz\":", f);
	json_string(f, q->id);
	fputs(",\"scenario\":", f);
	json_string(f, s->scenario->name);
	fputs(",\"params\":", f);
	record_params_json(f, pp, -1);
	fprintf(f, ",\n\"runs\":%d,\"cpus\":%d,\"threads\":%d,\"cores_free\":",
	    s->runs, s->cpus, s->threads);
	cf = experiment_series_figure(s, "cores_free");
	json_figure(f, cf ? cf->median : NAN);
	fputs(",\"cores_free_min\":", f);
	json_figure(f, cf ? cf->min : NAN);
	/* What else the machine was doing: a reference must be quiet. */
	fprintf(f, ",\"busy\":%s,\"load\":", busy ? "true" : "false");
	if (getloadavg(load, 3) == 3)
		fprintf(f, "[%.2f,%.2f,%.2f]", load[0], load[1], load[2]);
	else
		fputs("null", f);
	fputs(",\n\"measured\":{", f);
	for (int i = 0; i < s->nfigures; i++) {
		fputs(i ? "," : "", f);
		json_string(f, s->figures[i].name);
		fputc(':', f);
		json_figure(f, s->figures[i].median);
	}
	fputs("},\n\"figures\":{", f);
	for (int i = 0; i < s->nfigures; i++) {
		fputs(i ? ",\n" : "\n", f);
		json_string(f, s->figures[i].name);
		fputs(":[", f);
		for (int r = 0; r < s->figures[i].n; r++) {
			fputs(r ? "," : "", f);
			json_figure(f, s->figures[i].v[r]);
		}
		fputc(']', f);
	}
	fputs("},\n\"machine\":", f);
	reference_json_machine(f, m);
	fputs("}\n", f);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		xasprintf(cause, "cannot write '%s': %s", path, strerror(errno));
		free(tmp);
		free(path);
		return -1;
	}
	free(tmp);
	free(path);
	return 0;
}
