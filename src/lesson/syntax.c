/*
 * syntax.c - a small lexer per language for colouring code in lessons.
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "lesson/syntax.h"

static const char *const py_keywords[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield", "print", "self", NULL
};

static const char *const c_keywords[] = {
	"auto", "break", "case", "char", "const", "continue", "default", "do",
	"double", "else", "enum", "extern", "float", "for", "goto", "if",
	"int", "long", "register", "return", "short", "signed", "sizeof",
	"static", "struct", "switch", "typedef", "union", "unsigned", "void",
	"volatile", "while", "bool", "size_t", "pthread_t", "_Atomic",
	"#include", "#define", "#ifdef", "#ifndef", "#endif", "#if", NULL
};

/* Carried states. */
#define ST_NONE		0
#define ST_C_COMMENT	1
#define ST_PY_TRIPLE1	2	/* inside ''' */
#define ST_PY_TRIPLE2	3	/* inside """ */

enum syntax_lang
syntax_lang(const char *info)
{
	char word[16];
	size_t n = 0;

	if (info == NULL)
		return SYNTAX_NONE;
	while (*info == ' ')
		info++;
	while (info[n] != '\0' && !isspace((unsigned char)info[n]) &&
	    n + 1 < sizeof word) {
		word[n] = (char)tolower((unsigned char)info[n]);
		n++;
	}
	word[n] = '\0';
	if (strcmp(word, "python") == 0 || strcmp(word, "py") == 0 ||
	    strcmp(word, "python3") == 0 || strcmp(word, "pycon") == 0)
		return SYNTAX_PYTHON;
	if (strcmp(word, "c") == 0 || strcmp(word, "h") == 0)
		return SYNTAX_C;
	if (strcmp(word, "console") == 0 || strcmp(word, "sh") == 0 ||
	    strcmp(word, "shell") == 0 || strcmp(word, "bash") == 0)
		return SYNTAX_CONSOLE;
	return SYNTAX_NONE;
}

static bool
is_word(const char *s, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && memcmp(*list, s, n) == 0)
			return true;
	return false;
}

static bool
ident_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

/* Marks a string starting at s[i] (quote q); returns the index after it. */
static size_t
string_end(const char *s, size_t len, size_t i)
{
	char q = s[i];

	for (i++; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len)
			i++;
		else if (s[i] == q)
			return i + 1;
	}
	return len;
}

static void
fill(uint8_t *cls, size_t from, size_t to, uint8_t c)
{
	for (size_t i = from; i < to; i++)
		cls[i] = c;
}

/* Python and C share most of the lexing. */
static void
code_line(enum syntax_lang lang, const char *s, size_t len, uint8_t *cls,
    int *state)
{
	const char *const *kw = lang == SYNTAX_C ? c_keywords : py_keywords;
	size_t i = 0;

	fill(cls, 0, len, SX_PLAIN);
	while (i < len) {
		size_t j;

		if (*state == ST_C_COMMENT) {
			for (j = i; j + 1 < len &&
			    !(s[j] == '*' && s[j + 1] == '/'); j++)
				;
			if (j + 1 < len) {
				fill(cls, i, j + 2, SX_COMMENT);
				i = j + 2;
				*state = ST_NONE;
			} else {
				fill(cls, i, len, SX_COMMENT);
				return;
			}
			continue;
		}
		if (*state == ST_PY_TRIPLE1 || *state == ST_PY_TRIPLE2) {
			char q = *state == ST_PY_TRIPLE1 ? '\'' : '"';

			for (j = i; j + 2 < len && !(s[j] == q &&
			    s[j + 1] == q && s[j + 2] == q); j++)
				;
			if (j + 2 < len) {
				fill(cls, i, j + 3, SX_STRING);
				i = j + 3;
				*state = ST_NONE;
			} else {
				fill(cls, i, len, SX_STRING);
				return;
			}
			continue;
		}
		if (lang == SYNTAX_PYTHON && s[i] == '#') {
			fill(cls, i, len, SX_COMMENT);
			return;
		}
		if (lang == SYNTAX_C && i + 1 < len && s[i] == '/' &&
		    s[i + 1] == '/') {
			fill(cls, i, len, SX_COMMENT);
			return;
		}
		if (lang == SYNTAX_C && i + 1 < len && s[i] == '/' &&
		    s[i + 1] == '*') {
			*state = ST_C_COMMENT;
			fill(cls, i, i + 2, SX_COMMENT);
			i += 2;
			continue;
		}
		if (lang == SYNTAX_PYTHON && i + 2 < len &&
		    (s[i] == '"' || s[i] == '\'') && s[i + 1] == s[i] &&
		    s[i + 2] == s[i]) {
			*state = s[i] == '\'' ? ST_PY_TRIPLE1 : ST_PY_TRIPLE2;
			fill(cls, i, i + 3, SX_STRING);
			i += 3;
			continue;
		}
		if (s[i] == '"' || s[i] == '\'') {
			j = string_end(s, len, i);
			fill(cls, i, j, SX_STRING);
			i = j;
			continue;
		}
		if (isdigit((unsigned char)s[i]) && (i == 0 ||
		    !ident_char(s[i - 1]))) {
			for (j = i; j < len &&
			    (ident_char(s[j]) || s[j] == '.'); j++)
				;
			fill(cls, i, j, SX_NUMBER);
			i = j;
			continue;
		}
		if (ident_char(s[i]) || (lang == SYNTAX_C && s[i] == '#')) {
			for (j = i + 1; j < len && ident_char(s[j]); j++)
				;
			if (is_word(s + i, j - i, kw))
				fill(cls, i, j, SX_KEYWORD);
			i = j;
			continue;
		}
		i++;
	}
}

void
syntax_line(enum syntax_lang lang, const char *s, size_t len, uint8_t *cls,
    int *state)
{
	size_t i = 0;

	switch (lang) {
	case SYNTAX_PYTHON:
	case SYNTAX_C:
		code_line(lang, s, len, cls, state);
		return;
	case SYNTAX_CONSOLE:
		fill(cls, 0, len, SX_PLAIN);
		if (len > 0 && (s[0] == '$' || s[0] == '#')) {
			cls[0] = SX_PROMPT;
			return;
		}
		if (len >= 4 && memcmp(s, ">>> ", 4) == 0) {
			fill(cls, 0, 3, SX_PROMPT);
			i = 4;
			code_line(SYNTAX_PYTHON, s + i, len - i, cls + i,
			    state);
			return;
		}
		/* Output lines are dimmed as comments. */
		fill(cls, 0, len, SX_COMMENT);
		return;
	case SYNTAX_NONE:
		break;
	}
	fill(cls, 0, len, SX_PLAIN);
}
