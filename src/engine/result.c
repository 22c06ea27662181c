/*
 * result.c - adding a scenario's own figures to the result of a run.
 */
#include <string.h>

#include "engine/result.h"

void
result_metric(struct result *r, const char *key, double value)
{
	for (int i = 0; i < r->nmetrics; i++)
		if (strcmp(r->metrics[i].key, key) == 0) {
			r->metrics[i].value = value;
			return;
		}
	if (r->nmetrics < RESULT_MAX_METRICS) {
		r->metrics[r->nmetrics].key = key;
		r->metrics[r->nmetrics].value = value;
		r->nmetrics++;
	}
}
