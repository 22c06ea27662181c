/*
 * report.c - the JSON object and the text summary of one experiment.
 *
 * The JSON keys are a contract (docs/ARCHITECTURE.md): scripts and tests read them, and its
 * numbers always have a decimal point. The text is for people: in their
 * language, with their decimal separator, each of the scenario's own
 * figures by its name rather than its JSON key.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/record.h"
#include "i18n.h"
#include "report.h"
#include "trace/export.h"
#include "util.h"

/*
 * The cycle the trace shows, as names: a thread, the lock it waits for,
 * the thread holding that lock, and so on round to the first. Then when
 * the cycle closed, from the start of the run.
 */
static void
deadlock_json(FILE *f, const struct experiment *ex)
{
	const struct waitfor_cycle *c = &ex->deadlock;
	char lock[32];

	if (!ex->has_deadlock) {
		fputs("null", f);
		return;
	}
	fputs("{\"cycle\":[", f);
	for (int i = 0; i < c->n; i++) {
		if (i)
			fputc(',', f);
		json_string(f, ex->trace->lanes[c->lanes[i]].name);
		fputc(',', f);
		json_string(f, waitfor_lock_name(lock, sizeof lock,
		    c->locks[i]));
	}
	fputs("],\"at_ms\":", f);
	json_number(f, c->ts_ns > ex->result.start_ns ?
	    (double)(c->ts_ns - ex->result.start_ns) / 1e6 : 0);
	fputc('}', f);
}

/* The same, as a sentence for the text report. */
static void
deadlock_text(FILE *f, const struct experiment *ex)
{
	const struct waitfor_cycle *c = &ex->deadlock;
	char lock[32], at[32], na[64], nb[64];

	if (!ex->has_deadlock) {
		if (ex->scenario->uses & (1u << PARAM_ORDERED))
			fputs(_("\ndeadlock: none\n"), f);
		return;
	}
	fprintf(f, _("\ndeadlock at %s ms:"), i18n_num(at, sizeof at,
	    c->ts_ns > ex->result.start_ns ? (double)(c->ts_ns -
	    ex->result.start_ns) / 1e6 : 0, 1));
	for (int i = 0; i < c->n; i++) {
		/* Names escaped as everywhere: they drive no terminal. */
		char *waiter = util_safe_str(i18n_lane_name(
		    ex->trace->lanes[c->lanes[i]].name, na, sizeof na));
		char *holder = util_safe_str(i18n_lane_name(
		    ex->trace->lanes[c->lanes[(i + 1) % c->n]].name, nb,
		    sizeof nb));

		fprintf(f, _("%s %s waits for %s, held by %s"), i ? ";" : "",
		    waiter, waitfor_lock_name(lock, sizeof lock, c->locks[i]),
		    holder);
		free(waiter);
		free(holder);
	}
	fputc('\n', f);
}

void
report_json(FILE *f, const struct experiment *ex)
{
	const struct params *p = &ex->params;

	fputs("{\"scenario\":", f);
	json_string(f, ex->scenario->name);
	fputs(",\"params\":", f);
	record_params_json(f, p, 3);
	fputs(",\"wall_ms\":", f);
	json_number(f, (double)ex->wall_ns / 1e6);
	fputs(",\"cpu_ms\":", f);
	json_number(f, (double)ex->cpu_ns / 1e6);
	fputs(",\"baseline_wall_ms\":", f);
	if (ex->has_baseline)
		json_number(f, (double)ex->baseline_wall_ns / 1e6);
	else
		fputs("null", f);
	fputs(",\"speedup\":", f);
	if (ex->has_baseline)
		json_number(f, ex->speedup);
	else
		fputs("null", f);
	fputs(",\"cores_free\":", f);
	if (ex->has_capacity && ex->cores_free >= 0)
		fprintf(f, "%.2f", ex->cores_free);
	else
		fputs("null", f);
	fprintf(f, ",\"interrupted\":%s", ex->interrupted ? "true" : "false");
	fputs(",\"workers\":", f);
	json_workers(f, &ex->log, ex->lanes);
	fputs(",\"lock\":", f);
	json_lock(f, &ex->lock, ex->has_lock);
	fputs(",\"deadlock\":", f);
	deadlock_json(f, ex);
	fputs(",\"metrics\":{", f);
	for (int i = 0; i < ex->result.nmetrics; i++) {
		if (i)
			fputc(',', f);
		json_string(f, ex->result.metrics[i].key);
		fputc(':', f);
		json_number(f, ex->result.metrics[i].value);
	}
	fprintf(f, "},\"events\":%llu,\"dropped_events\":%llu,"
	    "\"disordered_events\":%d}\n", (unsigned long long)ex->log.events,
	    (unsigned long long)ex->dropped, ex->log.disorder);
}

/* Writes `ms` with one decimal in a field of `w`: "  1234,5". */
static void
ms_field(FILE *f, double ms, int w, int decimals)
{
	char n[48];

	i18n_fpad(f, i18n_num(n, sizeof n, ms, decimals), w, 1);
}

/* One figure of the summary: its label, a column, the value and unit. */
static void
figure(FILE *f, const char *label, double v, int decimals, const char *unit)
{
	i18n_fpad(f, label, 14, 0);
	ms_field(f, v, 10, decimals);
	fputs(unit, f);
}

/* The knobs of the run, as a sentence. */
static void
describe(FILE *f, const struct experiment *ex)
{
	const struct params *p = &ex->params;
	char a[32], b[32];

	fprintf(f, ngettext("%d worker", "%d workers", p->workers),
	    p->workers);
	if (ex->scenario->uses & (1u << PARAM_WORK))
		fprintf(f, _(", work %s"), _(work_kind_name(p->work)));
	switch (ex->scenario->uses & ((1u << PARAM_UNITS) |
	    (1u << PARAM_UNIT_MS))) {
	case (1u << PARAM_UNITS) | (1u << PARAM_UNIT_MS):
		fprintf(f, ngettext(", %d unit of %s ms", ", %d units of %s ms",
		    p->units), p->units, i18n_numg(a, sizeof a, p->unit_ms, 6));
		break;
	case 1u << PARAM_UNITS:
		fprintf(f, ngettext(", %d unit", ", %d units", p->units),
		    p->units);
		break;
	case 1u << PARAM_UNIT_MS:
		fprintf(f, _(", %s ms per item"), i18n_numg(a, sizeof a,
		    p->unit_ms, 6));
		break;
	}
	if (ex->scenario->traits & SCENARIO_GIL_LANE)
		fprintf(f, _(", switch interval %s ms%s"), i18n_numg(b, sizeof b,
		    p->switch_interval_ms, 6), p->old_gil ? _(" (old GIL)") : "");
	if (ex->scenario->uses & (1u << PARAM_START))
		fprintf(f, _(", started by %s"), start_method_name(p->start));
	if (p->cores > 0)
		fprintf(f, ngettext(", %d core", ", %d cores", p->cores),
		    p->cores);
	fputs(ex->interrupted ? _("  [interrupted]") : "", f);
	fputs("\n\n", f);
}

/* The table of workers: a heading, then one line per lane. */
static void
workers_table(FILE *f, const struct experiment *ex)
{
	/* TRANSLATORS: headings of the workers table, each at most 9 wide. */
	const char *head[] = { N_("run ms"), N_("wait ms"), N_("io ms"),
	    N_("ready ms"), N_("switches"), N_("wait p50") };
	const int w[] = { 9, 9, 9, 9, 8, 9 };

	i18n_fpad(f, _("worker"), 16, 0);
	for (size_t k = 0; k < sizeof head / sizeof head[0]; k++) {
		fputc(' ', f);
		i18n_fpad(f, _(head[k]), w[k], 1);
	}
	fprintf(f, "  %s\n", _("cpus"));
	for (int i = 0; i < ex->log.nlanes; i++) {
		const struct lane_stats *s = &ex->lanes[i];
		char cpus[64] = "", nb[64], *name;
		size_t n = 0;

		/* Blanks between CPUs: "0,1" would read as a decimal. */
		for (int c = 0; c < s->ncpus && n + 8 < sizeof cpus; c++)
			n += (size_t)snprintf(cpus + n, sizeof cpus - n,
			    c ? " %d" : "%d", s->cpus[c]);
		/* The translated name, escaped: a name drives no terminal. */
		name = util_safe_str(i18n_lane_name(ex->trace->lanes[i].name,
		    nb, sizeof nb));
		i18n_fpad(f, name, 16, 0);
		free(name);
		fputc(' ', f);
		ms_field(f, (double)s->state_ns[TRACE_RUN] / 1e6, 9, 1);
		fputc(' ', f);
		ms_field(f, (double)s->state_ns[TRACE_LOCK_WAIT] / 1e6, 9, 1);
		fputc(' ', f);
		ms_field(f, (double)s->state_ns[TRACE_IO] / 1e6, 9, 1);
		fputc(' ', f);
		ms_field(f, (double)s->state_ns[TRACE_READY] / 1e6, 9, 1);
		fprintf(f, " %8llu ", (unsigned long long)s->switches);
		ms_field(f, s->wait_p50_ms, 9, 2);
		fprintf(f, "  %s\n", cpus);
	}
}

void
report_text(FILE *f, const struct experiment *ex, int width)
{
	char a[32], b[32], *shown;

	/* A replayed run's scenario comes from its file: shown, not obeyed. */
	util_fputs_safe(ex->scenario->name, f);
	fputs(": ", f);
	util_fputs_safe(_(ex->scenario->summary), f);
	fputc('\n', f);
	shown = util_safe_str(_(ex->scenario->models));
	fprintf(f, _("models: %s\n"), shown);
	free(shown);
	describe(f, ex);

	export_text(f, &ex->log, width);
	fputc('\n', f);
	/* TRANSLATORS: the figures' labels, each at most 13 wide. */
	figure(f, _("wall time"), (double)ex->wall_ns / 1e6, 1, " ms\n");
	figure(f, _("cpu time"), (double)ex->cpu_ns / 1e6, 1, " ms\n");
	if (ex->has_baseline) {
		figure(f, _("sequential"), (double)ex->baseline_wall_ns / 1e6,
		    1, " ms  ");
		fprintf(f, "%s\n", _("(same work, one thread)"));
		figure(f, _("speedup"), ex->speedup, 2, "x\n");
	}
	if (ex->has_capacity && ex->cores_free >= 0) {
		figure(f, _("cores free"), ex->cores_free, 2, "  ");
		fprintf(f, _("of %d, measured during the run\n"), ex->cpus);
	}
	fputc('\n', f);
	workers_table(f, ex);
	if (ex->has_lock)
		fprintf(f, _("\nlock: %llu holds, %llu hand-offs, wait p50 %s "
		    "ms, p99 %s ms\n"), (unsigned long long)ex->lock.holds,
		    (unsigned long long)ex->lock.holder_changes,
		    i18n_num(a, sizeof a, ex->lock.wait_p50_ms, 2),
		    i18n_num(b, sizeof b, ex->lock.wait_p99_ms, 2));
	deadlock_text(f, ex);
	if (ex->result.nmetrics > 0)
		fputc('\n', f);
	for (int i = 0; i < ex->result.nmetrics; i++) {
		const struct metric *mt = &ex->result.metrics[i];
		const struct scenario_metric *m;
		char value[48];

		/* The figure by its name for people; JSON keeps the key. */
		m = scenario_metric_find(ex->scenario, mt->key);
		scenario_metric_format(m, mt->value, value, sizeof value);
		i18n_fpad(f, m != NULL ? _(m->label) : mt->key, 24, 0);
		i18n_fpad(f, value, 14, 1);
		fputc('\n', f);
	}
	fprintf(f, _("\nevents %llu, dropped %llu\n"),
	    (unsigned long long)ex->log.events,
	    (unsigned long long)ex->dropped);
}
