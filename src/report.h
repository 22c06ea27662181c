/*
 * report.h - printing a finished experiment: the JSON object of the
 * command-line contract and the human summary with its ASCII timeline.
 */
#ifndef TIMESLICE_REPORT_H
#define TIMESLICE_REPORT_H

#include <stdio.h>

#include "engine/experiment.h"

void	report_json(FILE *, const struct experiment *);
void	report_text(FILE *, const struct experiment *, int width);

#endif
