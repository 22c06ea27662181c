/*
 * syntax.h - colouring code blocks of lessons: Python, C and console
 * sessions, one line at a time, into classes the player maps to styles.
 *
 * It is a lexer, not a parser: keywords, strings, comments, numbers and
 * prompts. State carried between lines covers C block comments and Python
 * triple-quoted strings.
 */
#ifndef TIMESLICE_LESSON_SYNTAX_H
#define TIMESLICE_LESSON_SYNTAX_H

#include <stddef.h>
#include <stdint.h>

enum syntax_lang {
	SYNTAX_NONE = 0,
	SYNTAX_PYTHON,
	SYNTAX_C,
	SYNTAX_CONSOLE
};

enum syntax_class {
	SX_PLAIN = 0,
	SX_KEYWORD,
	SX_STRING,
	SX_COMMENT,
	SX_NUMBER,
	SX_PROMPT
};

/* The language an info string names (python, py, c, h, console, sh...). */
enum syntax_lang syntax_lang(const char *info);

/*
 * Classifies each byte of line[0..len) into cls[0..len). *state starts at
 * 0 for the first line of a block and is carried to the next line.
 */
void	syntax_line(enum syntax_lang, const char *line, size_t len,
	    uint8_t *cls, int *state);

#endif
