/*
 * check_scenario.c - the scenario registry is the one place that says what
 * a scenario is: the lesson format names exactly its scenarios, each row's
 * traits agree with its knobs and with what its engine records, the
 * metrics table lists exactly what each engine reports, and every knob of
 * the parameter table tells two experiments apart.
 */
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* Reads a file of the source tree (TIMESLICE_SRCDIR), failing if absent. */
static char *
source_file(const char *rel)
{
	const char *src = getenv("TIMESLICE_SRCDIR");
	char path[4096], *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof path, "%s/%s", src ? src : "..", rel);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot read %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

/* How many scenarios the registry has. */
static int
count_scenarios(void)
{
	int n = 0;

	while (scenario_all()[n] != NULL)
		n++;
	return n;
}

/*
 * Checks that `list` (names separated by blanks, commas and backquotes,
 * up to `end`) names every scenario of the registry exactly once and
 * nothing else. `where` says which document, for the message.
 */
static void
assert_names_the_registry(const char *list, const char *end,
    const char *where)
{
	int n = count_scenarios(), *seen = calloc((size_t)n, sizeof *seen);
	const char *p = list;

	ck_assert_ptr_nonnull(seen);
	while (p < end) {
		char word[64];
		size_t k;
		int i;

		while (p < end && (isspace((unsigned char)*p) || *p == ',' ||
		    *p == '`' || *p == '.'))
			p++;
		k = 0;
		while (p + k < end && !isspace((unsigned char)p[k]) &&
		    p[k] != ',' && p[k] != '`' && p[k] != '.')
			k++;
		if (k == 0)
			break;
		ck_assert_uint_lt(k, sizeof word);
		memcpy(word, p, k);
		word[k] = '\0';
		p += k;
		for (i = 0; i < n; i++)
			if (strcmp(scenario_all()[i]->name, word) == 0)
				break;
		ck_assert_msg(i < n, "%s names '%s', which is no scenario",
		    where, word);
		ck_assert_msg(seen[i] == 0, "%s names '%s' twice", where, word);
		seen[i] = 1;
	}
	for (int i = 0; i < n; i++)
		ck_assert_msg(seen[i], "%s does not name scenario '%s'", where,
		    scenario_all()[i]->name);
	free(seen);
}

START_TEST(the_lesson_format_lists_exactly_the_registry)
{
	char *doc = source_file("lessons/FORMAT.md");
	const char *lead = "`scenario` (required): one of `", *p, *end;

	p = strstr(doc, lead);
	ck_assert_msg(p != NULL, "FORMAT.md lost its scenario list");
	p += strlen(lead);
	end = strchr(p, '`');
	ck_assert_ptr_nonnull(end);
	assert_names_the_registry(p, end, "lessons/FORMAT.md");
	free(doc);
}
END_TEST

START_TEST(the_readme_lists_exactly_the_registry)
{
	char *doc = source_file("README.md");
	const char *p = strstr(doc, "\nScenarios: "), *end;

	ck_assert_msg(p != NULL, "README.md lost its scenario list");
	p += strlen("\nScenarios: ");
	end = strstr(p, "Options:");
	ck_assert_ptr_nonnull(end);
	assert_names_the_registry(p, end, "README.md");
	free(doc);
}
END_TEST

START_TEST(the_registry_is_one_stable_table)
{
	const struct scenario *const *all = scenario_all();
	int n = count_scenarios();

	ck_assert_int_gt(n, 0);
	ck_assert_ptr_eq(scenario_all(), all);
	for (int i = 0; i < n; i++) {
		ck_assert_ptr_eq(scenario_find(all[i]->name), all[i]);
		ck_assert_ptr_nonnull(all[i]->summary);
		ck_assert_ptr_nonnull(all[i]->models);
		ck_assert(all[i]->run != NULL);
		for (int j = 0; j < i; j++)
			ck_assert_str_ne(all[i]->name, all[j]->name);
	}
	ck_assert_ptr_null(scenario_find("gill"));
}
END_TEST

/*
 * Sets knob `spec` of `p` to a value other than the one it has: the
 * first of a few candidates params_set takes that changes `p`.
 */
static void
change_knob(struct params *p, const struct param_spec *spec)
{
	char lo[32], hi[32];
	const char *try[] = { "on", "off", "io", "cpu", "spawn", "fork", lo,
	    hi };
	struct params was = *p;

	snprintf(lo, sizeof lo, "%.17g", spec->min);
	snprintf(hi, sizeof hi, "%.17g", spec->max);
	for (size_t i = 0; i < sizeof try / sizeof try[0]; i++) {
		char *cause = NULL;

		if (params_set(p, spec, try[i], &cause) == 0 &&
		    memcmp(p, &was, sizeof was) != 0)
			return;
		free(cause);
		*p = was;
	}
	ck_abort_msg("no other value for --%s", spec->name);
}

/*
 * Two experiments that differ in one knob, any knob of the table, are
 * not the same: the demo starts a new series, a reference made with the
 * other value does not count. Only that knob tells them apart.
 */
START_TEST(every_knob_tells_experiments_apart)
{
	const struct param_spec *specs = params_specs();
	struct params a, b;

	params_defaults(&a);
	ck_assert(params_same(&a, &a, 0));
	for (int i = 0; i < PARAM_COUNT; i++) {
		ck_assert_int_eq(specs[i].id, i);
		b = a;
		change_knob(&b, &specs[i]);
		ck_assert_msg(!params_same(&a, &b, 0), "--%s", specs[i].name);
		ck_assert_msg(!params_same(&b, &a, 1e-6), "--%s",
		    specs[i].name);
		for (int j = 0; j < PARAM_COUNT; j++)
			ck_assert_msg(params_knob_same(&a, &b, specs[j].id, 0) ==
			    (j != i), "--%s changed, --%s compared",
			    specs[i].name, specs[j].name);
	}
	/* Times within the tolerance are the same time. */
	b = a;
	b.unit_ms += 1e-9;
	ck_assert(!params_same(&a, &b, 0));
	ck_assert(params_same(&a, &b, 1e-6));
	/* Whether a baseline runs too is no knob. */
	b = a;
	b.baseline = !a.baseline;
	ck_assert(params_same(&a, &b, 0));
}
END_TEST

START_TEST(traits_agree_with_the_knobs)
{
	const struct scenario *const *all = scenario_all();
	int twins = 0;

	for (int i = 0; all[i] != NULL; i++) {
		const struct scenario *sc = all[i], *tw = sc->gil_twin;
		bool gil = (sc->traits & SCENARIO_GIL_LANE) != 0;

		/* A GIL has a switch interval, an old form, a holder lane. */
		ck_assert_msg(gil == scenario_uses(sc, PARAM_SWITCH_INTERVAL),
		    "%s: GIL lane and switch interval disagree", sc->name);
		ck_assert_msg(gil == scenario_uses(sc, PARAM_OLD_GIL),
		    "%s: GIL lane and old GIL disagree", sc->name);
		if (gil)
			ck_assert_msg(sc->traits & SCENARIO_LOCK_LANE,
			    "%s: a GIL without a lock lane", sc->name);
		if (tw == NULL)
			continue;
		twins++;
		ck_assert_msg(tw->gil_twin == sc, "%s and %s are not each "
		    "other's twin", sc->name, tw->name);
		ck_assert_msg(gil != ((tw->traits & SCENARIO_GIL_LANE) != 0),
		    "%s and its twin %s both have or lack a GIL", sc->name,
		    tw->name);
	}
	ck_assert_int_gt(twins, 0);
	ck_assert_ptr_eq(scenario_find("threads")->gil_twin,
	    scenario_find("gil"));
}
END_TEST

START_TEST(metric_find_knows_only_what_a_scenario_measures)
{
	const struct scenario *race = scenario_find("race");
	const struct scenario_metric *m;

	m = scenario_metric_find(race, "lost_updates");
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->key, "lost_updates");
	ck_assert_int_eq(m->unit, METRIC_COUNT);
	ck_assert_ptr_nonnull(m->label);
	ck_assert_ptr_null(scenario_metric_find(race, "lost_update"));
	ck_assert_ptr_null(scenario_metric_find(race, "io_ops"));
	ck_assert_ptr_null(scenario_metric_find(scenario_find("gil"),
	    "lost_updates"));
	ck_assert_ptr_null(scenario_metric_find(race, NULL));
	ck_assert_ptr_null(scenario_metric_find(NULL, "lost_updates"));
	m = scenario_metric_find(scenario_find("convoy"), "io_wait_p50_ms");
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->unit, METRIC_MS);
}
END_TEST

START_TEST(metric_keys_are_snake_case_with_labels)
{
	const struct scenario *const *all = scenario_all();

	for (int i = 0; all[i] != NULL; i++) {
		const struct scenario *sc = all[i];
		int n = 0;

		if (sc->measures == NULL)
			continue;
		for (const struct scenario_metric *m = sc->measures;
		    m->key != NULL; m++, n++) {
			size_t k = strlen(m->key);

			ck_assert_int_gt((int)k, 0);
			for (size_t j = 0; j < k; j++)
				ck_assert_msg(islower((unsigned char)m->key[j]) ||
				    isdigit((unsigned char)m->key[j]) ||
				    m->key[j] == '_', "%s: metric key '%s' is "
				    "not snake_case", sc->name, m->key);
			ck_assert_int_gt((int)strlen(m->label), 0);
			ck_assert_ptr_eq(scenario_metric_find(sc, m->key), m);
		}
		ck_assert_int_gt(n, 0);
	}
}
END_TEST

START_TEST(metrics_read_as_their_unit_says)
{
	const struct scenario_metric count = { "n", "n", METRIC_COUNT };
	const struct scenario_metric ms = { "t_ms", "t", METRIC_MS };
	const struct scenario_metric rate = { "r_per_s", "r", METRIC_PER_S };
	char buf[32];

	scenario_metric_format(&count, 12, buf, sizeof buf);
	ck_assert_str_eq(buf, "12");
	scenario_metric_format(&ms, 5.204, buf, sizeof buf);
	ck_assert_str_eq(buf, "5.20 ms");
	scenario_metric_format(&rate, 812.44, buf, sizeof buf);
	ck_assert_str_eq(buf, "812.4/s");
	scenario_metric_format(NULL, 0.5, buf, sizeof buf);
	ck_assert_str_eq(buf, "0.5");
}
END_TEST

/*
 * Each scenario, run small: the metrics it reports are exactly those of
 * its table, and it records lock holds exactly when its row says it has
 * a lock lane.
 */
START_TEST(each_engine_reports_what_its_row_says)
{
	const struct scenario *sc = scenario_all()[_i];
	struct experiment ex;
	int n = 0;

	tu_run(&ex, sc->name, "workers=2 units=2 unit-ms=2");
	for (int i = 0; i < ex.result.nmetrics; i++)
		ck_assert_msg(scenario_metric_find(sc,
		    ex.result.metrics[i].key) != NULL, "%s reports %s, which "
		    "its row does not list", sc->name,
		    ex.result.metrics[i].key);
	for (const struct scenario_metric *m = sc->measures;
	    m != NULL && m->key != NULL; m++)
		n++;
	ck_assert_msg(n == ex.result.nmetrics, "%s lists %d metrics, reports "
	    "%d", sc->name, n, ex.result.nmetrics);
	ck_assert_msg(ex.has_lock == ((sc->traits & SCENARIO_LOCK_LANE) != 0),
	    "%s: %s lock holds, but its row says %s", sc->name,
	    ex.has_lock ? "records" : "records no",
	    (sc->traits & SCENARIO_LOCK_LANE) ? "it has a lock lane" :
	    "it has none");
	experiment_release(&ex);
}
END_TEST

/* Checks a == b * times, give or take a microsecond of rounding. */
static void
assert_times(uint64_t a, uint64_t b, int times)
{
	double d = (double)a - (double)b * times;

	ck_assert_msg(d > -1000 && d < 1000, "%llu is not %d x %llu",
	    (unsigned long long)a, times, (unsigned long long)b);
}

START_TEST(estimates_follow_the_shape_of_the_scenario)
{
	struct params p;
	uint64_t seq, thr, gil, one_core;

	params_defaults(&p);
	p.workers = 4;
	p.work = WORK_CPU;
	seq = scenario_estimate_ns(scenario_find("sequential"), &p, 2);
	thr = scenario_estimate_ns(scenario_find("threads"), &p, 2);
	gil = scenario_estimate_ns(scenario_find("gil"), &p, 2);
	ck_assert_uint_gt(seq, 0);
	/* CPU work: threads share two CPUs, the GIL lets one run. */
	assert_times(seq, thr, 2);
	assert_times(seq, gil, 1);
	p.cores = 1;
	one_core = scenario_estimate_ns(scenario_find("threads"), &p, 2);
	assert_times(seq, one_core, 1);
	/* I/O work overlaps on every worker, GIL or not. */
	p.cores = 0;
	p.work = WORK_IO;
	assert_times(scenario_estimate_ns(scenario_find("sequential"), &p, 2),
	    scenario_estimate_ns(scenario_find("gil"), &p, 2), 4);
	/* The race's units are increments, not timed items: no estimate. */
	ck_assert_uint_eq(scenario_estimate_ns(scenario_find("race"), &p, 2),
	    0);
}
END_TEST

START_TEST(the_baseline_is_sequential_or_none)
{
	struct params p, bp;

	params_defaults(&p);
	p.workers = 3;
	ck_assert_ptr_eq(scenario_baseline(scenario_find("gil"), &p, &bp),
	    scenario_find("sequential"));
	ck_assert_int_eq(bp.units, p.units);
	ck_assert_ptr_null(scenario_baseline(scenario_find("race"), &p, &bp));
	ck_assert_ptr_eq(scenario_baseline(scenario_find("burgers-parallel"),
	    &p, &bp), scenario_find("sequential"));
	ck_assert_int_eq(bp.workers, 1);
	ck_assert_int_eq(bp.units, 3);	/* one item per customer */
}
END_TEST

START_TEST(ceilings_follow_what_can_run_at_once)
{
	struct params p;
	double at_once;

	params_defaults(&p);
	p.workers = 4;
	p.units = 8;
	p.work = WORK_CPU;
	/* The GIL and the event loop compute one item at a time. */
	ck_assert_double_eq_tol(scenario_speedup_ceiling(scenario_find("gil"),
	    &p, 2, &at_once), 1, 1e-9);
	ck_assert_double_eq_tol(at_once, 1, 1e-9);
	ck_assert(!scenario_figure_needs_parallel(scenario_find("gil"), &p, 2,
	    "speedup"));
	ck_assert_double_eq_tol(scenario_speedup_ceiling(
	    scenario_find("coroutines"), &p, 2, NULL), 1, 1e-9);
	/* Without a shared lock: min(workers, cores allowed, CPUs). */
	ck_assert_double_eq_tol(scenario_speedup_ceiling(
	    scenario_find("processes"), &p, 2, &at_once), 2, 1e-9);
	ck_assert(scenario_figure_needs_parallel(scenario_find("processes"),
	    &p, 2, "speedup"));
	ck_assert_double_eq_tol(scenario_speedup_ceiling(
	    scenario_find("cleaning"), &p, 8, NULL), 4, 1e-9);
	p.workers = 8;
	p.units = 16;
	p.cores = 2;
	ck_assert_double_eq_tol(scenario_speedup_ceiling(
	    scenario_find("processes"), &p, 8, NULL), 2, 1e-9);
	/* Waits overlap on every worker, as many as there are items. */
	p.cores = 0;
	p.work = WORK_IO;
	ck_assert_double_eq_tol(scenario_speedup_ceiling(scenario_find("gil"),
	    &p, 2, NULL), 8, 1e-9);
	p.units = 3;
	ck_assert_double_eq_tol(scenario_speedup_ceiling(
	    scenario_find("coroutines"), &p, 2, NULL), 3, 1e-9);
	/* No baseline, no ceiling; lost updates need two at once. */
	ck_assert_double_eq_tol(scenario_speedup_ceiling(scenario_find("race"),
	    &p, 2, NULL), 0, 1e-9);
	ck_assert(scenario_figure_needs_parallel(scenario_find("race"), &p, 2,
	    "lost_updates"));
	ck_assert(!scenario_figure_needs_parallel(scenario_find("race"), &p, 2,
	    "locked_lost_updates"));
	p.workers = 1;
	ck_assert(!scenario_figure_needs_parallel(scenario_find("race"), &p, 2,
	    "lost_updates"));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("scenario");
	TCase *tc = tcase_create("registry");
	TCase *runs = tcase_create("runs");

	tcase_add_test(tc, the_lesson_format_lists_exactly_the_registry);
	tcase_add_test(tc, the_readme_lists_exactly_the_registry);
	tcase_add_test(tc, the_registry_is_one_stable_table);
	tcase_add_test(tc, traits_agree_with_the_knobs);
	tcase_add_test(tc, every_knob_tells_experiments_apart);
	tcase_add_test(tc, metric_find_knows_only_what_a_scenario_measures);
	tcase_add_test(tc, metric_keys_are_snake_case_with_labels);
	tcase_add_test(tc, metrics_read_as_their_unit_says);
	tcase_add_test(tc, estimates_follow_the_shape_of_the_scenario);
	tcase_add_test(tc, the_baseline_is_sequential_or_none);
	tcase_add_test(tc, ceilings_follow_what_can_run_at_once);
	suite_add_tcase(s, tc);
	tcase_set_timeout(runs, 120);
	tcase_add_loop_test(runs, each_engine_reports_what_its_row_says, 0,
	    count_scenarios());
	suite_add_tcase(s, runs);
	return tu_main(s);
}
