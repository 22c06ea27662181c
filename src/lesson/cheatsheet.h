/*
 * cheatsheet.h - the cheat sheet: threads, processes and asyncio
 * compared, and the questions that choose between them, each pointing to
 * its chapter, in the interface language.
 */
#ifndef TIMESLICE_LESSON_CHEATSHEET_H
#define TIMESLICE_LESSON_CHEATSHEET_H

#include <stdio.h>

/* Columns the text sheet never goes past. */
#define CHEATSHEET_WIDTH 80

/* Writes the sheet as text, within CHEATSHEET_WIDTH columns. */
void	cheatsheet_text(FILE *);

/* Writes the sheet as one SVG page for printing. */
void	cheatsheet_svg(FILE *);

#endif
