/*
 * check_lesson.c - the lesson parser and checker: valid lessons give the
 * model the player needs, and each malformed lesson gives exactly the
 * `file:line:col: error: message` an author should see.
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/record.h"
#include "lesson/course.h"
#include "lesson/diag.h"
#include "lesson/lesson.h"
#include "lesson/placeholder.h"
#include "lesson/program.h"
#include "lesson/syntax.h"
#include "testutil.h"
#include "util.h"

#define PATH "lessons/en/01-t.md"
#define META "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: en\n```\n\n"
/* META takes lines 1-7; the block after it starts on line 8. */

#define DEMO_HEAD "```demo\ncaption: c\nmodels: m\n"
/* DEMO_HEAD after META: the fence on 8, its third key on 10. */

#define QUIZ2 "- [x] a\n  why: w\n- [ ] b\n  why: w\n"

/* Whether `want` is one of the formatted diagnostics of `d`. */
static int
has_diag(const struct diags *d, const char *want)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i]);
		int eq = strcmp(s, want) == 0;

		free(s);
		if (eq)
			return 1;
	}
	return 0;
}

/* Prints every diagnostic, to explain a failure. */
static void
dump(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i]);

		fprintf(stderr, "  got: %s\n", s);
		free(s);
	}
}

struct bad_case {
	const char	*path;		/* NULL: PATH */
	const char	*text;
	const char	*want;		/* without the "path:" prefix */
};

static const struct bad_case bad[] = {
	/* metadata */
	{ NULL, "# Hello\n",
	    "1:1: error: the lesson must begin with a ```lesson metadata "
	    "block" },
	{ NULL, "",
	    "1:1: error: the lesson must begin with a ```lesson metadata "
	    "block" },
	{ NULL, "```lesson\nid: Gil\nchapter: 1\ntitle: T\nlang: en\n```\n",
	    "2:5: error: invalid id 'Gil' (use a-z, 0-9 and '-')" },
	{ NULL, "```lesson\nid: t\nchapter: 0\ntitle: T\nlang: en\n```\n",
	    "3:10: error: chapter '0' is not a whole number from 1 to 99" },
	{ NULL, "```lesson\nid: t\nchapter: three\ntitle: T\nlang: en\n```\n",
	    "3:10: error: chapter 'three' is not a whole number from 1 to 99" },
	{ NULL, "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: French\n```\n",
	    "5:7: error: 'French' is not a language code (two or three "
	    "lowercase letters, as the folder: en, es)" },
	{ NULL, "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: fr\n```\n",
	    "5:7: error: lang 'fr' does not match the folder 'en'" },
	{ NULL, "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: es\n```\n",
	    "5:7: error: lang 'es' does not match the folder 'en'" },
	{ NULL, "```lesson\nid: t\nchapter: 1\nlang: en\n```\n",
	    "1:1: error: lesson block has no 'title'" },
	{ NULL, "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: en\n"
	    "minutes: 500\n```\n",
	    "6:10: error: minutes '500' is not a whole number from 1 to 120" },
	{ NULL, "```lesson\nid: t\nchaptr: 1\ntitle: T\nlang: en\n```\n",
	    "3:1: error: unknown key 'chaptr' in lesson block (did you mean "
	    "'chapter'?)" },
	{ NULL, "```lesson\nid: t\nid: u\nchapter: 1\ntitle: T\n"
	    "lang: en\n```\n",
	    "3:1: error: duplicate key 'id'" },
	{ NULL, "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: en\n"
	    "hello\n```\n",
	    "6:1: error: expected 'key: value'" },
	{ NULL, "```lesson\nid: t\nchapter: 1\ntitle:\nlang: en\n```\n",
	    "4:1: error: 'title' has no value" },
	{ NULL, "# Hi\n\n" META,
	    "3:1: error: the ```lesson block must be the first block of the "
	    "file" },
	{ NULL, META "```lesson\nid: u\n```\n",
	    "8:1: error: a second ```lesson block" },
	/* demos */
	{ NULL, META DEMO_HEAD "scenario: gill\n```\n",
	    "11:11: error: unknown scenario 'gill' (did you mean 'gil'?)" },
	{ NULL, META DEMO_HEAD "scenario: quantum-annealing\n```\n",
	    "11:11: error: unknown scenario 'quantum-annealing' (see "
	    "'timeslice --help' for the list)" },
	{ NULL, META DEMO_HEAD "scenario: gil\nworker: 4\n```\n",
	    "12:1: error: unknown key 'worker' in demo block (did you mean "
	    "'workers'?)" },
	{ NULL, META DEMO_HEAD "scenario: gil\nworkers: 100\n```\n",
	    "12:10: error: workers: 100 is out of range (allowed: 1 to 64)" },
	{ NULL, META DEMO_HEAD "scenario: gil\nwork: gpu\n```\n",
	    "12:7: error: work: 'gpu' is not a kind of work (allowed: cpu, io, "
	    "mixed)" },
	{ NULL, META DEMO_HEAD "scenario: gil\nunit-ms: abc\n```\n",
	    "12:10: error: unit-ms: 'abc' is not a number (allowed: 0.01 to "
	    "1000)" },
	{ NULL, META DEMO_HEAD "scenario: gil\nold-gil: maybe\n```\n",
	    "12:10: error: old-gil: 'maybe' is not a switch (allowed: on, "
	    "off)" },
	{ NULL, META DEMO_HEAD "scenario: gil\nunits: 2.5\n```\n",
	    "12:8: error: units: '2.5' is not a whole number (allowed: 1 to "
	    "100000)" },
	{ NULL, META "```demo\nscenario: gil\nmodels: m\n```\n",
	    "8:1: error: demo block has no 'caption'" },
	{ NULL, META "```demo\nscenario: gil\ncaption: c\n```\n",
	    "8:1: error: demo block has no 'models'" },
	{ NULL, META DEMO_HEAD "```\n",
	    "8:1: error: demo block has no 'scenario'" },
	{ NULL, META DEMO_HEAD "scenario: gil\n- [x] yes\n```\n",
	    "12:1: error: a demo block has no choices (did you mean a ```quiz "
	    "block?)" },
	{ NULL, META DEMO_HEAD "scenario: gil\nid: d\n```\n\n"
	    DEMO_HEAD "scenario: gil\nid: d\n```\n",
	    "19:5: error: duplicate demo id 'd' (first at " PATH ":12:5)" },
	{ NULL, META DEMO_HEAD "scenario: gil\n",
	    "8:1: error: unclosed ```demo block (it runs to the end of the "
	    "file)" },
	{ NULL, META "  ```demo\n  caption: c\n  models: m\n  scenario: gill\n"
	    "  ```\n",
	    "11:13: error: unknown scenario 'gill' (did you mean 'gil'?)" },
	/* quizzes */
	{ NULL, META "```quiz\nquestion: q?\n" QUIZ2 "```\n",
	    "8:1: error: quiz block has no 'id'" },
	{ NULL, META "```quiz\nid: q\n" QUIZ2 "```\n",
	    "8:1: error: quiz block has no 'question'" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n- [x] a\n  why: w\n```\n",
	    "8:1: error: quiz has 1 choice (it needs 2 to 6)" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n" QUIZ2 QUIZ2 QUIZ2
	    QUIZ2 "```\n",
	    "8:1: error: quiz has 8 choices (it needs 2 to 6)" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n- [ ] a\n  why: w\n"
	    "- [ ] b\n  why: w\n```\n",
	    "8:1: error: quiz has no correct choice (mark one with '[x]')" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n- [x] a\n- [ ] b\n"
	    "  why: w\n```\n",
	    "11:1: error: choice has no 'why:' line" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\nwhy: early\n" QUIZ2 "```\n",
	    "11:1: error: 'why:' comes before any choice" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n- [y] a\n  why: w\n"
	    "- [x] b\n  why: w\n```\n",
	    "11:4: error: choice mark '[y]' must be '[ ]' or '[x]'" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n- [x] a\n  why: w\n"
	    "  why: again\n- [ ] b\n  why: w\n```\n",
	    "13:3: error: this choice already has a 'why:' line" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n- [x]\n  why: w\n"
	    "- [ ] b\n  why: w\n```\n",
	    "11:1: error: choice has no text" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n- [x a\n" QUIZ2 "```\n",
	    "11:1: error: malformed choice (expected '- [ ] text')" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n- [speedup < 2] a\n"
	    "  why: w\n- [x] b\n  why: w\n```\n",
	    "11:4: error: choice mark '[speedup < 2]' must be '[ ]' or '[x]' "
	    "(conditions belong in a ```predict block)" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n" QUIZ2 "```\n\n"
	    "```quiz\nid: q\nquestion: r?\n" QUIZ2 "```\n",
	    "18:5: error: duplicate quiz id 'q' (first at " PATH ":9:5)" },
	/* prediction quizzes */
	{ NULL, META "```predict\nid: p\nscenario: race\nquestion: q?\n"
	    "- [lost_update > 0] a\n  why: w\n- [lost_updates <= 0] b\n"
	    "  why: w\n```\n",
	    "12:4: error: unknown metric 'lost_update' (did you mean "
	    "'lost_updates'?)" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "- [lost_updates > 0] a\n  why: w\n- [speedup <= 0] b\n"
	    "  why: w\n```\n",
	    "12:4: error: unknown metric 'lost_updates' for scenario 'gil'" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect: speedup < 2\n- [speedup < 1.3] a\n  why: w\n"
	    "- [speedup >= 1.3] b\n  why: w\n```\n",
	    "12:9: error: expect: 'speedup < 2' is not one of the block's "
	    "conditions" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect: speedups < 1.3\n- [speedup < 1.3] a\n  why: w\n"
	    "- [speedup >= 1.3] b\n  why: w\n```\n",
	    "12:9: error: unknown metric 'speedups' (did you mean "
	    "'speedup'?)" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "- [speedup << 3] a\n  why: w\n- [speedup > 3] b\n  why: w\n```\n",
	    "12:4: error: malformed condition 'speedup << 3' (expected METRIC "
	    "OP NUMBER, as in 'speedup < 1.3')" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "- [x] a\n  why: w\n- [speedup > 3] b\n  why: w\n```\n",
	    "12:4: error: a prediction choice needs a condition, as in '- "
	    "[speedup < 1.3] text'" },
	{ NULL, META "```predict\nid: p\nquestion: q?\n"
	    "- [speedup < 1] a\n  why: w\n- [speedup >= 1] b\n  why: w\n```\n",
	    "8:1: error: predict block has no 'scenario'" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "- [speedup < 1] a\n  why: w\n- [speedup >= 1] b\n  why: w\n```\n",
	    "8:1: error: predict block has no 'expect'" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect:\n- [speedup < 1] a\n  why: w\n- [speedup >= 1] b\n"
	    "  why: w\n```\n",
	    "12:1: error: 'expect' has no value" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect: speedup < 1\nexpect: speedup >= 1\n- [speedup < 1] a\n"
	    "  why: w\n- [speedup >= 1] b\n  why: w\n```\n",
	    "13:1: error: duplicate key 'expect'" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect: speedup = 1\n- [speedup < 1] a\n  why: w\n"
	    "- [speedup >= 1] b\n  why: w\n```\n",
	    "12:9: error: malformed condition 'speedup = 1' (expected METRIC "
	    "OP NUMBER, as in 'speedup < 1.3')" },
	/* A number is finite and ends the condition. */
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "- [speedup < inf] a\n  why: w\n- [speedup >= 1] b\n  why: w\n```\n",
	    "12:4: error: malformed condition 'speedup < inf' (expected METRIC "
	    "OP NUMBER, as in 'speedup < 1.3')" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "- [speedup >= nan] a\n  why: w\n- [speedup < 1] b\n  why: w\n```\n",
	    "12:4: error: malformed condition 'speedup >= nan' (expected METRIC "
	    "OP NUMBER, as in 'speedup < 1.3')" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "- [speedup < 1.3x] a\n  why: w\n- [speedup >= 1.3] b\n"
	    "  why: w\n```\n",
	    "12:4: error: malformed condition 'speedup < 1.3x' (expected METRIC "
	    "OP NUMBER, as in 'speedup < 1.3')" },
	/* The scenario may come after the conditions that depend on it. */
	{ NULL, META "```predict\nid: p\nquestion: q?\nexpect: speedup < 1\n"
	    "- [lost_updates < 1] a\n  why: w\n- [speedup < 1] b\n  why: w\n"
	    "scenario: gil\n```\n",
	    "12:4: error: unknown metric 'lost_updates' for scenario 'gil'" },
	/* Every key of the table is told apart, parameters included. */
	{ NULL, META DEMO_HEAD "scenario: gil\nseed: 2\ncores: 1\nseed: 3\n"
	    "```\n",
	    "14:1: error: duplicate key 'seed'" },
	{ NULL, META DEMO_HEAD "scenario: gil\nwhy: w\n```\n",
	    "12:1: error: unknown key 'why' in demo block" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\nexpect: x\n" QUIZ2 "```\n",
	    "11:1: error: unknown key 'expect' in quiz block" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expects: speedup < 1\n- [speedup < 1] a\n  why: w\n"
	    "- [speedup >= 1] b\n  why: w\n```\n",
	    "12:1: error: unknown key 'expects' in predict block (did you mean "
	    "'expect'?)" },
	{ NULL, META "```demo\nid: " "abcdefghijabcdefghijabcdefghijabcdefghij"
	    "abcdefghijabcdefghijabcde\nscenario: gil\ncaption: c\nmodels: m\n"
	    "```\n",
	    "9:5: error: id 'abcdefghijabcdef...' is longer than 64 characters" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "workers: 0\n- [speedup < 1] a\n  why: w\n- [speedup >= 1] b\n"
	    "  why: w\n```\n",
	    "12:10: error: workers: 0 is out of range (allowed: 1 to 64)" },
	/* links and placement */
	{ NULL, META "See [this](lesson:Bad!) now.\n",
	    "8:12: error: malformed lesson link 'lesson:Bad!' (expected "
	    "lesson:ID)" },
	{ NULL, META "> ```quiz\n> id: z\n> ```\n",
	    "8:3: error: a ```quiz block must be at the top level, not inside "
	    "a list or quote" },
	/* unclosed fences, of any block */
	{ NULL, META "```notes\nAsk the room.\n\n## Next section\n\nText.\n",
	    "8:1: error: unclosed ```notes block (it runs to the end of the "
	    "file)" },
	{ NULL, META "```python\nx = 1\n",
	    "8:1: error: unclosed ```python block (it runs to the end of the "
	    "file)" },
	{ NULL, META "````text\nshort fence\n```\n",
	    "8:1: error: unclosed ````text block (it runs to the end of the "
	    "file)" },
	{ NULL, META "~~~\nplain\n```\n",
	    "8:1: error: unclosed ~~~ block (it runs to the end of the file)" },
	{ NULL, META "- item\n\n  ```c\n  int x;\n",
	    "10:3: error: unclosed ```c block (it runs to the end of its list "
	    "item or quote)" },
	/* bytes that are not UTF-8: the first one, and how many lines more */
	{ NULL, META "Latin-1 com\xf3n here.\n",
	    "8:12: error: byte 0xf3 is not UTF-8 (save the file as UTF-8)" },
	{ NULL, META "Overlong \xc0\xaf, then \xe9\n\nand \xed\xa0\x80.\n",
	    "8:10: error: byte 0xc0 is not UTF-8, nor are bytes on 1 more line "
	    "(save the file as UTF-8)" },
	/* a metric the scenario does not measure */
	{ NULL, META "```predict\nid: p\nscenario: processes\nquestion: q?\n"
	    "expect: lock_wait_p50_ms < 1\n- [lock_wait_p50_ms < 1] a\n"
	    "  why: w\n- [lock_wait_p50_ms >= 1] b\n  why: w\n```\n",
	    "13:4: error: scenario 'processes' does not measure "
	    "'lock_wait_p50_ms' (it has no GIL or lock whose waits are timed)" },
	{ NULL, META "```predict\nid: p\nscenario: race\nquestion: q?\n"
	    "expect: speedup < 1\n- [speedup < 1] a\n  why: w\n"
	    "- [speedup >= 1] b\n  why: w\n```\n",
	    "13:4: error: scenario 'race' does not measure 'speedup' (it has no "
	    "sequential run to compare with)" },
	/* choices that overlap or leave a gap */
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect: speedup < 1.2\n- [speedup < 1.2] a\n  why: w\n"
	    "- [speedup >= 1.5] b\n  why: w\n```\n",
	    "15:1: error: condition 'speedup >= 1.5' leaves a gap after "
	    "'speedup < 1.2' (at " PATH ":13:1): no choice holds when "
	    "1.2 <= speedup < 1.5" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect: speedup >= 1.2\n- [speedup >= 1.2] a\n  why: w\n"
	    "- [speedup < 1.5] b\n  why: w\n```\n",
	    "13:1: error: condition 'speedup >= 1.2' overlaps 'speedup < 1.5' "
	    "(at " PATH ":15:1): both hold when 1.2 <= speedup < 1.5" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect: speedup <= 1.3\n- [speedup <= 1.3] a\n  why: w\n"
	    "- [speedup >= 1.3] b\n  why: w\n```\n",
	    "15:1: error: condition 'speedup >= 1.3' overlaps 'speedup <= 1.3' "
	    "(at " PATH ":13:1): both hold when speedup = 1.3" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect: speedup < 1.3\n- [speedup < 1.3] a\n  why: w\n"
	    "- [speedup > 1.3] b\n  why: w\n```\n",
	    "15:1: error: condition 'speedup > 1.3' leaves a gap after "
	    "'speedup < 1.3' (at " PATH ":13:1): no choice holds when "
	    "speedup = 1.3" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect: speedup < 1\n- [speedup < 1] a\n  why: w\n"
	    "- [speedup <= 2] b\n  why: w\n```\n",
	    "15:1: error: no choice holds when speedup > 2 (the choices must "
	    "cover every value from 0 up)" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect: speedup > 0.5\n- [speedup > 0.5] a\n  why: w\n"
	    "- [speedup >= 2] b\n  why: w\n```\n",
	    "13:1: error: no choice holds when 0 <= speedup <= 0.5 (the choices "
	    "must cover every value from 0 up)" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect: speedup > 0\n- [speedup > 0] a\n  why: w\n"
	    "- [speedup >= 2] b\n  why: w\n```\n",
	    "13:1: error: no choice holds when speedup = 0 (the choices must "
	    "cover every value from 0 up)" },
	/* unknown block names */
	{ NULL, META "```Quiz\nid: q\n```\n",
	    "8:1: error: unknown block 'Quiz' (did you mean 'quiz'? block names "
	    "are lowercase)" },
	{ NULL, META "```note\nAsk the room.\n```\n",
	    "8:1: error: unknown block 'note' (did you mean 'notes'?)" },
	{ NULL, META "```predcit\nid: p\n```\n",
	    "8:1: error: unknown block 'predcit' (did you mean 'predict'?)" },
	{ NULL, META "```speaker-notes\nAsk the room.\n```\n",
	    "8:1: error: unknown block 'speaker-notes' (did you mean "
	    "'notes'?)" },
	{ NULL, META "```Demo\nscenario: gil\n```\n",
	    "8:1: error: unknown block 'Demo' (did you mean 'demo'? block names "
	    "are lowercase)" },
	/* a block left open swallows the next one */
	{ NULL, META "```notes\nAsk the room.\n\n## Next\n\n```predict\n"
	    "id: p\n```\n",
	    "8:1: error: the notes block opened at 8:1 is never closed; "
	    "```predict at 13:1 is read as its text" },
	{ NULL, META "```\nplain\n```python\nx = 1\n```\n",
	    "8:1: error: the code block opened at 8:1 is never closed; "
	    "```python at 10:1 is read as its text" },
	/* a pause glued to the text around it */
	{ NULL, META "Text.\n<!-- pause -->\n\nMore.\n",
	    "9:1: error: <!-- pause --> needs a blank line before and after "
	    "(line 8 is text)" },
	{ NULL, META "Text.\n\n<!-- pause -->\nMore.\n",
	    "10:1: error: <!-- pause --> needs a blank line before and after "
	    "(line 11 is text)" },
	/* quiz marks and why: lines as FORMAT.md writes them */
	{ NULL, META "```quiz\nid: q\nquestion: Q?\n- [X] a\n  why: w\n"
	    "- [ ] b\n  why: w\n```\n",
	    "11:4: error: choice mark '[X]' must be '[ ]' or '[x]' (a "
	    "lowercase x)" },
	{ NULL, META "```quiz\nid: q\nquestion: Q?\n- [x] a\nwhy: w\n"
	    "- [ ] b\n  why: w\n```\n",
	    "12:1: error: 'why:' must be indented by two spaces under its "
	    "choice (line 11), not by a tab or nothing" },
	{ NULL, META "```quiz\nid: q\nquestion: Q?\n- [x] a\n  why: w\n"
	    "- [ ] b\n\twhy: w\n```\n",
	    "14:2: error: 'why:' must be indented by two spaces under its "
	    "choice (line 13), not by a tab or nothing" },
	/* malformed links */
	{ NULL, META "See [the GIL](lesson: gil) now.\n",
	    "8:14: error: malformed lesson link '(lesson: gil)' is shown as "
	    "text (no spaces: lesson:ID or lesson:ID#SECTION)" },
	{ NULL, META "See [a](lesson:t) and\n[the GIL](lesson: gil).\n",
	    "9:10: error: malformed lesson link '(lesson: gil)' is shown as "
	    "text (no spaces: lesson:ID or lesson:ID#SECTION)" },
	{ NULL, META "See [x](lesson:) now.\n",
	    "8:9: error: lesson link 'lesson:' has no id (expected lesson:ID or "
	    "lesson:ID#SECTION)" },
	{ NULL, META "See [x](lesson:#intro) now.\n",
	    "8:9: error: lesson link 'lesson:#intro' has no id (expected "
	    "lesson:ID or lesson:ID#SECTION)" },
	{ NULL, META "See [x](lesson:t#) now.\n",
	    "8:9: error: lesson link 'lesson:t#' has an empty section after "
	    "'#'" },
	{ NULL, META "See [x](lesson:t#The_Intro) now.\n",
	    "8:9: error: malformed section 'The_Intro' in lesson link "
	    "'lesson:t#The_Intro' (sections are slugs: did you mean "
	    "'#the-intro'?)" },
	/* directives in the wrong case */
	{ NULL, META "<!-- PAUSE -->\n",
	    "8:1: error: '<!-- PAUSE -->' is not a directive (did you mean "
	    "<!-- pause -->?)" },
	{ NULL, META "Text.\n\n<!--paus-->\n",
	    "10:1: error: '<!--paus-->' is not a directive (did you mean "
	    "<!-- pause -->?)" },
	/* scenario names in another case or misspelt */
	{ NULL, META DEMO_HEAD "scenario: GIL\n```\n",
	    "11:11: error: unknown scenario 'GIL' (did you mean 'gil'? scenario "
	    "names are lowercase)" },
	{ NULL, META DEMO_HEAD "scenario: Proceses\n```\n",
	    "11:11: error: unknown scenario 'Proceses' (did you mean "
	    "'processes'?)" },
	/* warnings */
	{ NULL, META DEMO_HEAD "scenario: gil\nunits: 100\nunit-ms: 200\n```\n",
	    "8:1: warning: demo runs 20000 ms of work (units x unit-ms); keep "
	    "it under 10000 ms" },
	{ NULL, META DEMO_HEAD "scenario: threads\nswitch-interval: 1\n```\n",
	    "8:1: warning: scenario 'threads' does not use 'switch-interval'" },
	{ NULL, META "```quizz\nid: q\n```\n",
	    "8:1: error: unknown block 'quizz' (did you mean 'quiz'?)" },
	{ NULL, META "<div>hi</div>\n",
	    "8:1: warning: raw HTML is not shown by the player" },
	{ NULL, META "| a | b |\n|---|---|\n| 1 | 2 |\n",
	    "8:1: warning: tables are not CommonMark and show as plain text; "
	    "use a list" },
	{ "lessons/en/04-t.md", META,
	    "3:10: warning: chapter 1 does not match the file name, which "
	    "starts with 4" },
	/* placeholders for facts about the reader's machine */
	{ NULL, META "This machine has {{cpu}} CPUs.\n",
	    "8:18: error: unknown placeholder '{{cpu}}' (did you mean "
	    "'{{cpus}}'?)" },
	{ NULL, META "Text.\n\n- a list with {{ cores_free }} in it\n",
	    "10:15: error: unknown placeholder '{{cores_free}}' (known: "
	    "{{cpus}})" },
};

START_TEST(malformed_lesson_reports_exact_place)
{
	const struct bad_case *bc = &bad[_i];
	const char *path = bc->path ? bc->path : PATH;
	struct diags d;
	struct lesson *l;
	char *want;

	diags_init(&d);
	l = lesson_parse(path, bc->text, strlen(bc->text), &d);
	ck_assert_ptr_nonnull(l);
	if (asprintf(&want, "%s:%s", path, bc->want) < 0)
		ck_abort();
	if (!has_diag(&d, want)) {
		fprintf(stderr, "case %d: want %s\n", _i, want);
		dump(&d);
		ck_abort_msg("case %d: missing diagnostic %s", _i, want);
	}
	/* An error case must count as one; a warning case must not. */
	if (strstr(bc->want, ": error: ") != NULL)
		ck_assert_int_gt(d.errors, 0);
	else
		ck_assert_int_eq(d.errors, 0);
	free(want);
	lesson_free(l);
	diags_release(&d);
}
END_TEST

/* Loads a lesson of the test course under tests/lessons. */
static struct lesson *
load_test_lesson(const char *rel, struct diags *d)
{
	const char *src = getenv("TIMESLICE_SRCDIR");
	char path[4096];

	snprintf(path, sizeof path, "%s/tests/lessons/%s", src ? src : ".",
	    rel);
	return lesson_load(path, d);
}

/*
 * {{cpus}} passes the checker and is filled in; placeholders in code
 * are code, not checked; an unknown one is left as written.
 */
START_TEST(placeholders_are_checked_and_filled)
{
	const char *text = META "It has {{cpus}} CPUs, `{{x}}` is code.\n\n"
	    "```python\nprint('{{y}}')\n```\n";
	struct placeholder_facts f = { 7 };
	struct diags d;
	struct lesson *l;
	char *s;

	diags_init(&d);
	l = lesson_parse(PATH, text, strlen(text), &d);
	if (d.n > 0)
		dump(&d);
	ck_assert_int_eq((int)d.n, 0);
	lesson_free(l);
	diags_release(&d);
	s = placeholder_expand("has {{cpus}} and {{ cpus }}, {{nope}} {{", &f);
	ck_assert_str_eq(s, "has 7 and 7, {{nope}} {{");
	free(s);
	s = placeholder_expand("none", &f);
	ck_assert_str_eq(s, "none");
	free(s);
}
END_TEST

START_TEST(valid_lesson_builds_model)
{
	struct diags d;
	struct lesson *l;
	int kinds[6] = { 0 };

	diags_init(&d);
	l = load_test_lesson("en/01-basics.md", &d);
	ck_assert_ptr_nonnull(l);
	if (d.n > 0)
		dump(&d);
	ck_assert_int_eq((int)d.n, 0);
	ck_assert_str_eq(l->id, "basics");
	ck_assert_str_eq(l->lang, "en");
	ck_assert_str_eq(l->title, "Concurrency basics");
	ck_assert_int_eq(l->chapter, 1);
	ck_assert_int_eq(l->minutes, 5);
	for (size_t i = 0; i < l->nblocks; i++)
		kinds[l->blocks[i].kind]++;
	ck_assert_int_eq(kinds[LESSON_DEMO], 1);
	ck_assert_int_eq(kinds[LESSON_QUIZ], 1);
	ck_assert_int_eq(kinds[LESSON_NOTES], 1);
	ck_assert_int_eq(kinds[LESSON_PAUSE], 1);
	ck_assert_int_gt(kinds[LESSON_PROSE], 4);
	for (size_t i = 0; i < l->nblocks; i++) {
		const struct lesson_block *b = &l->blocks[i];

		if (b->kind == LESSON_DEMO) {
			ck_assert_str_eq(b->demo->scenario->name, "threads");
			ck_assert_int_eq(b->demo->params.workers, 2);
			ck_assert_int_eq(b->demo->params.units, 4);
			ck_assert_double_eq(b->demo->params.unit_ms, 10);
			ck_assert_str_eq(b->demo->id, "two-threads");
		}
		if (b->kind == LESSON_QUIZ) {
			ck_assert_int_eq(b->quiz->nchoices, 2);
			ck_assert(b->quiz->choices[0].correct);
			ck_assert(!b->quiz->choices[1].correct);
			ck_assert_ptr_nonnull(b->quiz->choices[1].why);
		}
	}
	ck_assert_int_eq((int)l->nlinks, 1);
	ck_assert_str_eq(l->links[0].target, "gil");
	ck_assert_int_eq(lesson_count_quizzes(l), 1);
	ck_assert_ptr_nonnull(lesson_find_quiz(l, "basics-parallel", NULL));
	ck_assert_ptr_null(lesson_find_quiz(l, "nope", NULL));
	lesson_free(l);
	diags_release(&d);
}
END_TEST

START_TEST(prediction_conditions_evaluate)
{
	struct diags d;
	struct lesson *l;
	const struct lesson_quiz *q;

	diags_init(&d);
	l = load_test_lesson("en/02-gil.md", &d);
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(d.errors, 0);
	q = lesson_find_quiz(l, "gil-speedup", NULL);
	ck_assert_ptr_nonnull(q);
	ck_assert_int_eq(q->nchoices, 2);
	ck_assert_str_eq(q->demo.scenario->name, "gil");
	ck_assert_str_eq(q->choices[0].metric, "speedup");
	ck_assert_int_eq(q->choices[0].op, LESSON_LT);
	ck_assert_double_eq(q->choices[0].number, 1.3);
	ck_assert_int_eq(q->choices[1].op, LESSON_GE);
	ck_assert(lesson_condition_holds(&q->choices[0], 1.0));
	ck_assert(!lesson_condition_holds(&q->choices[0], 1.3));
	ck_assert(lesson_condition_holds(&q->choices[1], 1.3));
	ck_assert(!lesson_condition_holds(&q->choices[1], 1.29));
	ck_assert(lesson_metric_known(scenario_find("race"), "lost_updates"));
	ck_assert(!lesson_metric_known(scenario_find("gil"), "lost_updates"));
	ck_assert(lesson_metric_known(scenario_find("gil"), "holder_changes"));
	lesson_free(l);
	diags_release(&d);
}
END_TEST

START_TEST(test_course_is_clean)
{
	struct course c;
	struct diags d;
	const char *src = getenv("TIMESLICE_SRCDIR");
	char root[4096];

	snprintf(root, sizeof root, "%s/tests/lessons", src ? src : ".");
	diags_init(&d);
	ck_assert_int_eq(course_load(&c, root, &d), 0);
	if (d.n > 0)
		dump(&d);
	ck_assert_int_eq((int)d.n, 0);
	ck_assert_int_eq((int)c.n, 4);
	/* Sorted by language, then chapter. */
	ck_assert_str_eq(c.v[0]->lang, "en");
	ck_assert_int_eq(c.v[0]->chapter, 1);
	ck_assert_str_eq(c.v[3]->lang, "es");
	ck_assert_int_eq(c.v[3]->chapter, 2);
	ck_assert_ptr_nonnull(course_find(&c, "gil", "es"));
	ck_assert_ptr_null(course_find(&c, "gil", "fr"));
	course_release(&c);
	diags_release(&d);
}
END_TEST

/* Parses a lesson from text under a path, for the cross-file checks. */
static struct lesson *
mk(const char *path, const char *id, int chapter, const char *extra,
    struct diags *d)
{
	char *text;
	struct lesson *l;
	const char *lang = strstr(path, "/es/") ? "es" :
	    strstr(path, "/fr/") ? "fr" : "en";

	if (asprintf(&text, "```lesson\nid: %s\nchapter: %d\ntitle: T\n"
	    "lang: %s\n```\n\n%s", id, chapter, lang, extra) < 0)
		ck_abort();
	l = lesson_parse(path, text, strlen(text), d);
	free(text);
	return l;
}

START_TEST(template_passes_the_checker)
{
	const char *src = getenv("TIMESLICE_SRCDIR");
	char path[4096];
	struct diags d;
	struct lesson *l;

	snprintf(path, sizeof path, "%s/lessons/TEMPLATE.md", src ? src : ".");
	diags_init(&d);
	l = lesson_load(path, &d);
	ck_assert_ptr_nonnull(l);
	course_check_context(&l, 1, &d);
	if (d.n > 0)
		dump(&d);
	ck_assert_int_eq((int)d.n, 0);
	ck_assert_int_eq(lesson_count_quizzes(l), 2);
	lesson_free(l);
	diags_release(&d);
}
END_TEST

/* Writes `text` to a new file under a temporary lessons root. */
static void
write_lesson(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(check_command_reports_and_exits)
{
	char dir[] = "/tmp/ts-check-XXXXXX", en[64], es[64], a[96], b[96];
	char out[4096], err[8192], cmd[128];
	char *argv[] = { "timeslice", "check", dir, NULL };
	const char *p, *q;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(en, sizeof en, "%s/en", dir);
	snprintf(es, sizeof es, "%s/es", dir);
	ck_assert_int_eq(mkdir(en, 0700), 0);
	ck_assert_int_eq(mkdir(es, 0700), 0);
	snprintf(a, sizeof a, "%s/01-t.md", en);
	snprintf(b, sizeof b, "%s/01-t.md", es);
	write_lesson(a, META "```demo\ncaption: c\nmodels: m\n"
	    "scenario: gill\nworkers: 65\n```\n");
	write_lesson(b, "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: es\n"
	    "```\n");
	/* Both mistakes at once, in file order, and exit status 1. */
	ck_assert_int_eq(tu_exec(argv, out, sizeof out, err, sizeof err), 1);
	p = strstr(err, "/en/01-t.md:11:11: error: unknown scenario 'gill' "
	    "(did you mean 'gil'?)");
	q = strstr(err, "/en/01-t.md:12:10: error: workers: 65 is out of "
	    "range (allowed: 1 to 64)");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(q);
	ck_assert(p < q);
	/* Fixed: exit status 0. */
	write_lesson(a, META "```demo\ncaption: c\nmodels: m\n"
	    "scenario: gil\nworkers: 64\n```\n");
	ck_assert_int_eq(tu_exec(argv, out, sizeof out, err, sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(out, "no problems"));
	/* Only a warning: still 0. */
	write_lesson(a, META "<div>hi</div>\n");
	ck_assert_int_eq(tu_exec(argv, out, sizeof out, err, sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(err, "warning: raw HTML"));
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(cross_file_checks)
{
	struct diags d;
	struct lesson *v[5];

	diags_init(&d);
	v[0] = mk("c/en/01-a.md", "a", 1, "See [b](lesson:gil).\n", &d);
	v[1] = mk("c/es/01-a.md", "a", 1, "", &d);
	v[2] = mk("c/en/03-b.md", "b", 3, "", &d);
	v[3] = mk("c/en/03-c.md", "b", 3, "", &d);
	v[4] = mk("c/es/03-b.md", "b", 2, "", &d);
	ck_assert_int_eq(d.errors, 0);
	course_check(v, 5, v, 5, &d);
	ck_assert(has_diag(&d, "c/en/01-a.md:8:9: error: link to unknown "
	    "lesson 'gil'"));
	ck_assert(has_diag(&d, "c/en/03-b.md:2:5: error: duplicate lesson id "
	    "'b' (also at c/en/03-c.md:2:5)"));
	ck_assert(has_diag(&d, "c/en/03-c.md:2:5: error: duplicate lesson id "
	    "'b' (first at c/en/03-b.md:2:5)"));
	ck_assert(has_diag(&d, "c/es/03-b.md:3:10: warning: chapter 2 differs "
	    "from the 'en' version's 3"));
	ck_assert(has_diag(&d, "c/en/03-b.md:3:10: warning: no 'en' lesson has "
	    "chapter 2 (chapters should run 1, 2, 3...)"));
	for (int i = 0; i < 5; i++)
		lesson_free(v[i]);
	diags_release(&d);

	diags_init(&d);
	v[0] = mk("c/en/01-a.md", "a", 1, "See [b](lesson:b).\n", &d);
	v[1] = mk("c/en/02-b.md", "b", 2, "And [a](lesson:aa).\n", &d);
	/* The course's languages are the folders its lessons are in. */
	v[2] = mk("c/es/02-b.md", "b", 2, "", &d);
	course_check(v, 3, v, 3, &d);
	/* es/ has fewer lessons than en/: a translation under way. */
	ck_assert(has_diag(&d, "c/en/01-a.md:2:5: warning: lesson 'a' is not "
	    "translated to 'es' yet (es/ is a partial translation: 1 of 2 "
	    "lessons)"));
	ck_assert(!has_diag(&d, "c/en/02-b.md:2:5: warning: lesson 'b' is not "
	    "translated to 'es' yet (es/ is a partial translation: 1 of 2 "
	    "lessons)"));
	ck_assert(has_diag(&d, "c/en/02-b.md:8:9: error: link to unknown "
	    "lesson 'aa' (did you mean 'a'?)"));
	ck_assert(!has_diag(&d, "c/en/01-a.md:8:9: error: link to unknown "
	    "lesson 'b'"));
	lesson_free(v[0]);
	lesson_free(v[1]);
	lesson_free(v[2]);
	diags_release(&d);

	/* Exercise ids: one lesson each in a language, in every language. */
#define EXB(id) "```exercise\nid: " id "\nstarter: s.py\nsolution: t.py\n" \
	"goal: g\n- [threads >= 1] w\n```\n\n"
	diags_init(&d);
	v[0] = mk("c/en/01-a.md", "a", 1, EXB("x") EXB("y"), &d);
	v[1] = mk("c/es/01-a.md", "a", 1, EXB("x"), &d);
	v[2] = mk("c/en/02-b.md", "b", 2, EXB("x"), &d);
	v[3] = mk("c/es/02-b.md", "b", 2, "", &d);
#undef EXB
	course_check(v, 4, v, 4, &d);
	ck_assert(has_diag(&d, "c/en/01-a.md:16:1: error: exercise 'y' has no "
	    "'es' version (the es/ lesson 'a' has no exercise with this id)"));
	ck_assert(!has_diag(&d, "c/en/01-a.md:8:1: error: exercise 'x' has no "
	    "'es' version (the es/ lesson 'a' has no exercise with this id)"));
	ck_assert(has_diag(&d, "c/en/02-b.md:8:1: error: exercise id 'x' is "
	    "also in lesson 'a' (c/en/01-a.md): exercise ids are unique in a "
	    "course"));
	ck_assert(has_diag(&d, "c/en/01-a.md:8:1: error: exercise id 'x' is "
	    "also in lesson 'b' (c/en/02-b.md): exercise ids are unique in a "
	    "course"));
	ck_assert(!has_diag(&d, "c/es/01-a.md:8:1: error: exercise id 'x' is "
	    "also in lesson 'b' (c/en/02-b.md): exercise ids are unique in a "
	    "course"));
	for (int i = 0; i < 4; i++)
		lesson_free(v[i]);
	diags_release(&d);
}
END_TEST

/*
 * A language folder with fewer lessons than English is a partial
 * translation: each lesson it lacks is one warning, said by the English
 * lesson only; a full language still must have every lesson, and a
 * lesson no English version has is an error whatever its language.
 */
START_TEST(partial_translation_lacks_lessons_with_warnings)
{
	struct diags d;
	struct lesson *v[6];

	diags_init(&d);
	v[0] = mk("c/en/01-a.md", "a", 1, "", &d);
	v[1] = mk("c/en/02-b.md", "b", 2, "", &d);
	v[2] = mk("c/es/01-a.md", "a", 1, "", &d);
	v[3] = mk("c/es/02-b.md", "b", 2, "", &d);
	v[4] = mk("c/fr/01-a.md", "a", 1, "", &d);
	v[5] = mk("c/fr/02-z.md", "z", 2, "", &d);
	ck_assert_int_eq(d.errors, 0);
	course_check(v, 6, v, 6, &d);
	ck_assert(has_diag(&d, "c/en/02-b.md:2:5: warning: lesson 'b' is not "
	    "translated to 'fr' yet (fr/ is a partial translation: 2 of 2 "
	    "lessons)") == 0);
	if (d.warnings != 0 || d.errors != 3)
		dump(&d);
	/* fr/ has two lessons, as many as en/: not partial, so z is an
	 * error (no en, no es), and b's absence too. */
	ck_assert(has_diag(&d, "c/en/02-b.md:2:5: error: lesson 'b' has no "
	    "'fr' version (expected in the fr/ folder)"));
	ck_assert(has_diag(&d, "c/fr/02-z.md:2:5: error: lesson 'z' has no "
	    "'en' version (expected in the en/ folder)"));
	for (int i = 0; i < 6; i++)
		lesson_free(v[i]);
	diags_release(&d);

	diags_init(&d);
	v[0] = mk("c/en/01-a.md", "a", 1, "", &d);
	v[1] = mk("c/en/02-b.md", "b", 2, "", &d);
	v[2] = mk("c/es/01-a.md", "a", 1, "", &d);
	v[3] = mk("c/es/02-b.md", "b", 2, "", &d);
	v[4] = mk("c/fr/01-a.md", "a", 1, "", &d);
	course_check(v, 5, v, 5, &d);
	if (d.warnings != 1 || d.errors != 0)
		dump(&d);
	ck_assert(has_diag(&d, "c/en/02-b.md:2:5: warning: lesson 'b' is not "
	    "translated to 'fr' yet (fr/ is a partial translation: 1 of 2 "
	    "lessons)"));
	ck_assert_int_eq(d.warnings, 1);
	ck_assert_int_eq(d.errors, 0);
	for (int i = 0; i < 5; i++)
		lesson_free(v[i]);
	diags_release(&d);
}
END_TEST

START_TEST(every_problem_reported_at_once)
{
	const char *text = "```lesson\nid: Bad\nchapter: 0\ntitle: x\n"
	    "lang: fr\n```\n\n```demo\nscenario: gill\nworkers: 99\n```\n";
	struct diags d;
	struct lesson *l;

	diags_init(&d);
	l = lesson_parse(PATH, text, strlen(text), &d);
	/* id, chapter, lang, scenario, workers, caption, models */
	ck_assert_int_eq(d.errors, 7);
	diags_sort(&d);
	ck_assert_int_eq(d.v[0].line, 2);
	ck_assert_int_eq(d.v[d.n - 1].line, 10);
	lesson_free(l);
	diags_release(&d);
}
END_TEST

START_TEST(race_units_are_not_a_work_budget)
{
	const char *text = META DEMO_HEAD "scenario: race\nunits: 2000\n```\n";
	struct diags d;
	struct lesson *l;

	diags_init(&d);
	l = lesson_parse(PATH, text, strlen(text), &d);
	if (d.n > 0)
		dump(&d);
	ck_assert_int_eq((int)d.n, 0);
	lesson_free(l);
	diags_release(&d);
}
END_TEST

START_TEST(binary_garbage_does_not_crash)
{
	char buf[512];
	struct diags d;
	struct lesson *l;

	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (char)((i * 7919u) % 256);
	memcpy(buf, "```predict\n- [", 14);
	diags_init(&d);
	l = lesson_parse(PATH, buf, sizeof buf, &d);
	ck_assert_ptr_nonnull(l);
	ck_assert_int_gt(d.errors, 0);
	lesson_free(l);
	diags_release(&d);
}
END_TEST

/* A UTF-8 byte-order mark is accepted silently, and the places after it
 * are the ones an editor shows. */
START_TEST(byte_order_mark_is_accepted)
{
	const char *clean = "\xef\xbb\xbf" META "Text.\n";
	const char *bad = "\xef\xbb\xbf" META DEMO_HEAD "scenario: gill\n"
	    "```\n";
	struct diags d;
	struct lesson *l;

	diags_init(&d);
	l = lesson_parse(PATH, clean, strlen(clean), &d);
	if (d.n > 0)
		dump(&d);
	ck_assert_int_eq((int)d.n, 0);
	ck_assert_str_eq(l->id, "t");
	ck_assert_int_eq(l->id_line, 2);
	ck_assert_int_eq(l->id_col, 5);
	lesson_free(l);
	diags_release(&d);

	diags_init(&d);
	l = lesson_parse(PATH, bad, strlen(bad), &d);
	ck_assert_int_eq(d.errors, 1);
	ck_assert(has_diag(&d, PATH ":11:11: error: unknown scenario 'gill' "
	    "(did you mean 'gil'?)"));
	lesson_free(l);
	diags_release(&d);
}
END_TEST

START_TEST(slugs_fold_headings_into_anchors)
{
	static const char *const cases[][2] = {
		{ "The GIL", "the-gil" },
		{ "The GIL's convoy effect", "the-gils-convoy-effect" },
		{ "  Qu\xc3\xa9 es el GIL?  ", "que-es-el-gil" },
		{ "Stra\xc3\x9f" "e \xc5\x81\xc3\xb3" "d\xc5\xba", "strasse-lodz" },
		{ "a -- b __ c", "a-b-c" },
		{ "`asyncio.gather()` 101", "asynciogather-101" },
		{ "\xe2\x9c\x93 ok \xf0\x9f\x99\x82", "ok" },
		{ "?!", "" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = lesson_slug(cases[i][0]);

		ck_assert_msg(strcmp(s, cases[i][1]) == 0, "slug of '%s' is "
		    "'%s', want '%s'", cases[i][0], s, cases[i][1]);
		ck_assert(*s == '\0' || lesson_id_valid(s));
		free(s);
	}
}
END_TEST

/* lesson:ID#SECTION names a heading of the lesson by its slug. */
START_TEST(links_name_sections_that_exist)
{
	struct diags d;
	struct lesson *v[3];
	int b;

	diags_init(&d);
	v[0] = mk("c/01-a.md", "a", 1, "# A\n\nText.\n\n"
	    "## The GIL's `convoy` effect\n\nMore.\n", &d);
	v[1] = mk("c/02-b.md", "b", 2, "See [it](lesson:a#the-gils-convoy-"
	    "effect), [top](lesson:a#a),\n[this](lesson:a#the-gil-convoy-"
	    "effect) and <lesson:a#convoy>.\n", &d);
	v[2] = mk("c/es/01-a.md", "a", 1, "# Otro\n\n## Convoy\n", &d);
	ck_assert_int_eq(d.errors, 0);
	ck_assert_int_eq((int)v[0]->nsections, 2);
	ck_assert_str_eq(v[0]->sections[1].slug, "the-gils-convoy-effect");
	ck_assert_int_eq(v[0]->sections[1].level, 2);
	ck_assert_int_eq(v[0]->sections[1].line, 12);
	b = lesson_find_section(v[0], "the-gils-convoy-effect");
	ck_assert_int_ge(b, 0);
	ck_assert_int_eq(v[0]->blocks[b].kind, LESSON_PROSE);
	ck_assert_int_eq(v[0]->blocks[b].line, 12);
	ck_assert_int_eq(lesson_find_section(v[0], "a"), 0);
	ck_assert_int_eq(lesson_find_section(v[0], "convoy"), -1);
	ck_assert_int_eq((int)v[1]->nlinks, 4);
	ck_assert_str_eq(v[1]->links[0].target, "a");
	ck_assert_str_eq(v[1]->links[0].anchor, "the-gils-convoy-effect");
	course_check(v, 3, v, 3, &d);
	if (d.errors != 2)
		dump(&d);
	ck_assert_int_eq(d.errors, 2);
	ck_assert(has_diag(&d, "c/02-b.md:9:8: error: lesson 'a' has no "
	    "section '#the-gil-convoy-effect' (did you mean "
	    "'#the-gils-convoy-effect'?)"));
	/* The section must be in the lesson of the linking language. */
	ck_assert(has_diag(&d, "c/02-b.md:9:45: error: lesson 'a' has no "
	    "section '#convoy' (a section's anchor is its heading as a "
	    "slug)"));
	for (int i = 0; i < 3; i++)
		lesson_free(v[i]);
	diags_release(&d);
}
END_TEST

/* A temporary folder for lessons run through the real binary. */
static void
tmp_dir(char *dir)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
rm_dir(const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Writes `text` to dir/name. */
static void
put_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * Parses `body` (after META) as dir/en/01-t.md; returns the errors and,
 * when `want` is not NULL, checks that one message contains it.
 */
static int
files_case(const char *dir, const char *body, const char *want)
{
	char path[256], *text;
	struct diags d;
	struct lesson *l;
	int errors, found = want == NULL;

	snprintf(path, sizeof path, "%s/en/01-t.md", dir);
	xasprintf(&text, META "%s", body);
	diags_init(&d);
	l = lesson_parse(path, text, strlen(text), &d);
	for (size_t i = 0; i < d.n && !found; i++)
		found = strstr(d.v[i].msg, want) != NULL;
	if (!found) {
		fprintf(stderr, "want '%s' for:\n%s\n", want, body);
		dump(&d);
	}
	ck_assert(found);
	errors = d.errors;
	lesson_free(l);
	diags_release(&d);
	free(text);
	return errors;
}

#define PROG "import threading\nprint('hi')\n"
#define SHOWN "```python\n" PROG "```\n\n"
#define TRACE(p) "```trace\nprogram: " p "\ncaption: c\n```\n"

/*
 * More ways out of the course than trace_programs_and_recordings_are_
 * checked tries: a missing file, `..` past the root, a name that only
 * ends like a folder, a block with no program, a recording that is not
 * JSON. Each is an error at the value.
 */
START_TEST(lesson_files_stay_inside_the_course)
{
	char dir[64] = "/tmp/ts-files-XXXXXX", sub[128], outside[160];
	char *body;
	FILE *f;

	tmp_dir(dir);
	snprintf(sub, sizeof sub, "%s/en", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(sub, sizeof sub, "%s/en/py", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	put_file(dir, "en/py/ok.py", PROG);
	/* A file beside the course, reached with `..`. */
	snprintf(outside, sizeof outside, "%s-outside.py", dir);
	ck_assert_ptr_nonnull(f = fopen(outside, "w"));
	fputs(PROG, f);
	fclose(f);

	ck_assert_int_eq(files_case(dir, SHOWN TRACE("py/ok.py"), NULL), 0);
	ck_assert_int_eq(files_case(dir, SHOWN TRACE("../../outside.py"),
	    "No such file"), 1);
	xasprintf(&body, SHOWN TRACE("../../%s"), strrchr(outside, '/') + 1);
	ck_assert_int_eq(files_case(dir, body, "is outside the lessons "
	    "folder"), 1);
	free(body);
	ck_assert_int_eq(files_case(dir, SHOWN TRACE("py"),
	    "is not a .py file"), 1);
	ck_assert_int_eq(files_case(dir, "```trace\ncaption: c\n```\n",
	    "trace block has no 'program'"), 1);
	put_file(dir, "en/bad.json", "{ not json");
	ck_assert_int_eq(files_case(dir, DEMO_HEAD "scenario: gil\n"
	    "recording: bad.json\n```\n", "recording 'bad.json'"), 1);
	unlink(outside);
	rm_dir(dir);
}
END_TEST

/*
 * A lesson drafted outside the course links into the course timeslice
 * shows (here the test course, through TIMESLICE_LESSONS), and a folder
 * with one chapter says nothing about the chapters it does not have.
 */
START_TEST(lesson_outside_the_course_checks_cleanly)
{
	char dir[] = "/tmp/ts-draft-XXXXXX", en[64], a[96], b[96], root[4096];
	char out[4096], err[8192];
	char *argv[] = { "timeslice", "check", a, NULL };
	char *argv2[] = { "timeslice", "check", b, NULL };
	const char *src = getenv("TIMESLICE_SRCDIR");
	const char *text = "```lesson\nid: draft\nchapter: 10\ntitle: T\n"
	    "lang: en\n```\n\nSee [the GIL](lesson:gil) and [two threads]"
	    "(lesson:basics#watch-two-threads).\n";

	snprintf(root, sizeof root, "%s/tests/lessons", src ? src : ".");
	ck_assert_int_eq(setenv("TIMESLICE_LESSONS", root, 1), 0);
	tmp_dir(dir);
	snprintf(en, sizeof en, "%s/en", dir);
	ck_assert_int_eq(mkdir(en, 0700), 0);
	snprintf(a, sizeof a, "%s/10-draft.md", en);
	snprintf(b, sizeof b, "%s/drafts", dir);
	ck_assert_int_eq(mkdir(b, 0700), 0);
	snprintf(b, sizeof b, "%s/drafts/draft.md", dir);
	write_lesson(a, text);
	write_lesson(b, text);
	ck_assert_int_eq(tu_exec(argv, out, sizeof out, err, sizeof err), 0);
	if (*err != '\0')
		fprintf(stderr, "%s", err);
	ck_assert_str_eq(err, "");
	ck_assert_ptr_nonnull(strstr(out, "1 lesson file(s) checked: no "
	    "problems"));
	ck_assert_int_eq(tu_exec(argv2, out, sizeof out, err, sizeof err), 0);
	ck_assert_str_eq(err, "");
	/* A link the course cannot resolve is still one. */
	write_lesson(a, "```lesson\nid: draft\nchapter: 10\ntitle: T\n"
	    "lang: en\n```\n\nSee [x](lesson:basics#nowhere).\n");
	ck_assert_int_eq(tu_exec(argv, out, sizeof out, err, sizeof err), 1);
	ck_assert_ptr_nonnull(strstr(err, "/en/10-draft.md:8:9: error: lesson "
	    "'basics' has no section '#nowhere'"));
	unsetenv("TIMESLICE_LESSONS");
	rm_dir(dir);
}
END_TEST

/* --strict makes warnings fail; --format json prints JSON Lines. */
START_TEST(check_strict_and_json)
{
	char dir[] = "/tmp/ts-strict-XXXXXX", path[96];
	char out[8192], err[8192];
	char *plain[] = { "timeslice", "check", path, NULL };
	char *strict[] = { "timeslice", "check", "--strict", path, NULL };
	char *json[] = { "timeslice", "check", "--format", "json", path,
	    NULL };
	char *bad[] = { "timeslice", "check", "--format=xml", path, NULL };
	const char *l1, *l2;

	tmp_dir(dir);
	snprintf(path, sizeof path, "%s/01-t.md", dir);
	write_lesson(path, META "<div>hi</div>\n");
	ck_assert_int_eq(tu_exec(plain, out, sizeof out, err, sizeof err), 0);
	ck_assert_int_eq(tu_exec(strict, out, sizeof out, err, sizeof err), 1);
	ck_assert_ptr_nonnull(strstr(err, "/01-t.md:8:1: warning: raw HTML"));
	ck_assert_ptr_nonnull(strstr(err, "(--strict: warnings fail)"));
	ck_assert_int_eq(tu_exec(bad, out, sizeof out, err, sizeof err), 2);

	/* An error, a warning and a message that needs escaping. */
	write_lesson(path, META "<div>hi</div>\n\n```demo\ncaption: c\n"
	    "models: m\nscenario: \"gill\"\n```\n");
	ck_assert_int_eq(tu_exec(json, out, sizeof out, err, sizeof err), 1);
	ck_assert_str_eq(err, "");
	l1 = strstr(out, "{\"file\":\"");
	ck_assert_ptr_nonnull(l1);
	ck_assert_ptr_nonnull(strstr(l1, "/01-t.md\",\"line\":8,\"col\":1,"
	    "\"severity\":\"warning\",\"message\":\"raw HTML is not shown by "
	    "the player\"}\n"));
	l2 = strstr(out, "\"line\":13,\"col\":11,\"severity\":\"error\","
	    "\"message\":\"unknown scenario '\\\"gill\\\"'");
	ck_assert_ptr_nonnull(l2);
	ck_assert_ptr_null(strstr(out, "no problems"));
	/* One object a line, and nothing else. */
	{
		int lines = 0;

		for (const char *p = out; *p != '\0'; p++)
			lines += *p == '\n';
		ck_assert_int_eq(lines, 2);
		ck_assert_int_eq(out[0], '{');
	}
	rm_dir(dir);
}
END_TEST

/* META then one line: `open` n times, `mid`, then `close` n times. */
static char *
nested(const char *open, const char *mid, const char *close, int n)
{
	size_t lo = strlen(open), lc = strlen(close), k = strlen(META);
	char *s = malloc(k + (lo + lc) * (size_t)n + strlen(mid) + 2);

	ck_assert_ptr_nonnull(s);
	memcpy(s, META, k);
	for (int i = 0; i < n; i++, k += lo)
		memcpy(s + k, open, lo);
	memcpy(s + k, mid, strlen(mid));
	k += strlen(mid);
	for (int i = 0; i < n; i++, k += lc)
		memcpy(s + k, close, lc);
	s[k++] = '\n';
	s[k] = '\0';
	return s;
}

/* Parses a nested line of depth n; returns the nesting errors, and the
 * formatted first one in `first` (if any). */
static int
nesting_errors(const char *open, const char *mid, const char *close, int n,
    char *first, size_t len)
{
	char *text = nested(open, mid, close, n);
	struct diags d;
	struct lesson *l;
	int found = 0;

	diags_init(&d);
	l = lesson_parse(PATH, text, strlen(text), &d);
	ck_assert_ptr_nonnull(l);
	*first = '\0';
	for (size_t i = 0; i < d.n; i++) {
		char *f = diag_format(&d.v[i]);

		if (strstr(f, " deep here") != NULL && found++ == 0)
			snprintf(first, len, "%s", f);
		free(f);
	}
	lesson_free(l);
	diags_release(&d);
	free(text);
	return found;
}

START_TEST(nesting_beyond_the_limit_is_an_error_at_its_place)
{
	char first[256];

	/* Quotes and lists count together; 32 is allowed, 33 is not. */
	ck_assert_int_eq(nesting_errors(">", " x", "", LESSON_NEST_MAX,
	    first, sizeof first), 0);
	ck_assert_int_eq(nesting_errors(">", " x", "", LESSON_NEST_MAX + 1,
	    first, sizeof first), 1);
	ck_assert_str_eq(first, PATH ":8:33: error: block quotes and lists "
	    "nest more than 32 deep here (flatten them)");
	ck_assert_int_eq(nesting_errors("> - ", "x", "", LESSON_NEST_MAX / 2,
	    first, sizeof first), 0);
	ck_assert_int_eq(nesting_errors("> - ", "x", "", LESSON_NEST_MAX / 2 +
	    1, first, sizeof first), 1);
	ck_assert_str_eq(first, PATH ":8:65: error: block quotes and lists "
	    "nest more than 32 deep here (flatten them)");
	/* Images and emphasis, in a paragraph. */
	ck_assert_int_eq(nesting_errors("![", "x", "](u)", LESSON_NEST_MAX,
	    first, sizeof first), 0);
	ck_assert_int_eq(nesting_errors("![", "x", "](u)", LESSON_NEST_MAX + 1,
	    first, sizeof first), 1);
	ck_assert_str_eq(first, PATH ":8:65: error: emphasis and links nest "
	    "more than 32 deep here (flatten them)");
	ck_assert_int_eq(nesting_errors("*a _a ", "x", " a_ a*",
	    LESSON_NEST_MAX / 2, first, sizeof first), 0);
	ck_assert_int_eq(nesting_errors("*a _a ", "x", " a_ a*",
	    LESSON_NEST_MAX / 2 + 1, first, sizeof first), 1);
	ck_assert_str_eq(first, PATH ":8:97: error: emphasis and links nest "
	    "more than 32 deep here (flatten them)");
}
END_TEST

/* The deepest nesting a lesson file can hold: one error, no recursion. */
START_TEST(hundred_thousand_quotes_are_reported_not_a_crash)
{
	char dir[] = "/tmp/ts-nest-XXXXXX", path[64], cmd[64];
	char out[4096], err[8192];
	char *argv[] = { "timeslice", "check", path, NULL };
	char *text = nested(">", " x", "", 100000);
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/01-t.md", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	free(text);
	ck_assert_int_eq(tu_exec(argv, out, sizeof out, err, sizeof err), 1);
	ck_assert_ptr_nonnull(strstr(err, "/01-t.md:8:33: error: block quotes "
	    "and lists nest more than 32 deep here (flatten them)"));
	ck_assert_ptr_nonnull(strstr(err, "1 error(s)"));
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/*
 * The checker's promise the course tests rely on: a prediction parsed
 * without errors names, with `expect:`, one of its own choices.
 */
START_TEST(clean_prediction_expects_one_of_its_choices)
{
	static const char *const expects[] = {
		"", "expect: speedup < 1\n", "expect: speedup >= 1\n",
		"expect: speedup > 1\n", "expect: wall_ms < 1\n",
		"expect: speedup < 1\nexpect: speedup >= 1\n",
	};
	int clean = 0;

	for (size_t i = 0; i < sizeof expects / sizeof expects[0]; i++) {
		struct diags d;
		struct lesson *l;
		const struct lesson_quiz *q;
		char *text;

		if (asprintf(&text, META "```predict\nid: p\nscenario: gil\n"
		    "question: q?\n%s- [speedup < 1] a\n  why: w\n"
		    "- [speedup >= 1] b\n  why: w\n```\n", expects[i]) < 0)
			ck_abort();
		diags_init(&d);
		l = lesson_parse(PATH, text, strlen(text), &d);
		q = lesson_find_quiz(l, "p", NULL);
		ck_assert_ptr_nonnull(q);
		if (d.errors == 0) {
			clean++;
			ck_assert_int_ge(q->expected, 0);
			ck_assert_int_lt(q->expected, q->nchoices);
		}
		lesson_free(l);
		diags_release(&d);
		free(text);
	}
	ck_assert_int_eq(clean, 2);
}
END_TEST

START_TEST(ids_are_short_lowercase_words)
{
	char longest[LESSON_ID_MAX + 2];

	ck_assert(lesson_id_valid("gil"));
	ck_assert(lesson_id_valid("03-gil-speedup"));
	ck_assert(!lesson_id_valid(""));
	ck_assert(!lesson_id_valid(NULL));
	ck_assert(!lesson_id_valid("Gil"));
	ck_assert(!lesson_id_valid("gil speedup"));
	ck_assert(!lesson_id_valid("g\xc3\xadl"));
	ck_assert(!lesson_id_valid("../gil"));
	memset(longest, 'a', sizeof longest - 1);
	longest[LESSON_ID_MAX] = '\0';
	ck_assert(lesson_id_valid(longest));
	longest[LESSON_ID_MAX] = 'a';
	longest[LESSON_ID_MAX + 1] = '\0';
	ck_assert(!lesson_id_valid(longest));
}
END_TEST

/* The classes of a line as letters: . k s c n p. */
static void
classes(enum syntax_lang lang, const char *line, int *state, char *out)
{
	uint8_t cls[256];
	size_t n = strlen(line);

	syntax_line(lang, line, n, cls, state);
	for (size_t i = 0; i < n; i++)
		out[i] = ".kscnp"[cls[i]];
	out[n] = '\0';
}

START_TEST(code_is_coloured_by_language)
{
	char out[256];
	int st = 0;

	ck_assert_int_eq(syntax_lang("python"), SYNTAX_PYTHON);
	ck_assert_int_eq(syntax_lang("c"), SYNTAX_C);
	ck_assert_int_eq(syntax_lang("console"), SYNTAX_CONSOLE);
	ck_assert_int_eq(syntax_lang("text"), SYNTAX_NONE);
	classes(SYNTAX_PYTHON, "def f(x): return 'a#b' # 42", &st, out);
	ck_assert_str_eq(out, "kkk.......kkkkkk.sssss.cccc");
	classes(SYNTAX_PYTHON, "x = 10 + y2", &st, out);
	ck_assert_str_eq(out, "....nn.....");
	/* A triple-quoted string runs on to the next line. */
	classes(SYNTAX_PYTHON, "s = \"\"\"doc", &st, out);
	ck_assert_str_eq(out, "....ssssss");
	classes(SYNTAX_PYTHON, "end\"\"\" if", &st, out);
	ck_assert_str_eq(out, "ssssss.kk");
	ck_assert_int_eq(st, 0);
	classes(SYNTAX_C, "int n; /* a", &st, out);
	ck_assert_str_eq(out, "kkk....cccc");
	classes(SYNTAX_C, "b */ return 0;", &st, out);
	ck_assert_str_eq(out, "cccc.kkkkkk.n.");
	classes(SYNTAX_CONSOLE, "$ python3 gil.py", &st, out);
	ck_assert_int_eq(out[0], 'p');
}
END_TEST

/* Formats into `buf` and checks that it is one of the diagnostics. */
static void
assert_diag(const struct diags *d, const char *fmt, const char *a,
    const char *b)
{
	char want[1024];

	snprintf(want, sizeof want, fmt, a, b);
	if (!has_diag(d, want)) {
		dump(d);
		ck_abort_msg("missing: %s", want);
	}
}

/*
 * The only files a lesson may name: a trace block's program, which must
 * be relative, a .py file inside the lessons tree, and the text of the
 * ```python block above it; a demo's recording, a run of its scenario.
 */
START_TEST(trace_programs_and_recordings_are_checked)
{
	char dir[] = "/tmp/ts-lessonfiles-XXXXXX", away[] = "/tmp/ts-lessonaway-XXXXXX";
	char p[256], q[256], cmd[1024], root[PATH_MAX];
	const char *bin = getenv("TIMESLICE_BIN");
	struct diags d;
	struct lesson *l;
	int demos = 0, traces = 0;

	ck_assert_ptr_nonnull(bin);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_ptr_nonnull(mkdtemp(away));
	ck_assert_ptr_nonnull(realpath(dir, root));
	snprintf(p, sizeof p, "%s/en", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/en/py", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/en/rec", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/en/py/a.py", dir);
	write_lesson(p, "print(\"hi\")\n\n\n");
	/* A program that is a link out of the lessons tree. */
	snprintf(q, sizeof q, "%s/x.py", away);
	write_lesson(q, "print(\"hi\")\n");
	snprintf(p, sizeof p, "%s/en/py/out.py", dir);
	ck_assert_int_eq(symlink(q, p), 0);
	snprintf(cmd, sizeof cmd, "'%s' run gil --workers 2 --units 2 "
	    "--unit-ms 1 --format chrome > %s/en/rec/gil.json", bin, dir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(p, sizeof p, "%s/en/01-t.md", dir);
	write_lesson(p, META
	    "```python\nprint(\"hi\")\n```\n\n"			/* 8 */
	    "```trace\nid: t1\nprogram: py/a.py\ncaption: c\n```\n\n"	/* 12 */
	    "```trace\nprogram: /etc/x.py\ncaption: c\n```\n\n"	/* 18 */
	    "```trace\nprogram: py/a.txt\ncaption: c\n```\n\n"		/* 23 */
	    "```trace\nprogram: py/out.py\ncaption: c\n```\n\n"	/* 28 */
	    "```python\nprint(\"ho\")\n```\n\n"			/* 33 */
	    "```trace\nprogram: py/a.py\ncaption: c\n```\n\n"		/* 37 */
	    "```demo\ncaption: c\nmodels: m\nscenario: gil\n"		/* 42 */
	    "recording: rec/gil.json\n```\n\n"
	    "```demo\ncaption: c\nmodels: m\nscenario: processes\n"	/* 49 */
	    "recording: rec/gil.json\n```\n");
	diags_init(&d);
	l = lesson_load(p, &d);
	ck_assert_ptr_nonnull(l);
	assert_diag(&d, "%s:19:10: error: '/etc/x.py': give a path relative "
	    "to the lesson's folder%s", p, "");
	assert_diag(&d, "%s:24:10: error: 'py/a.txt' is not a .py file%s", p,
	    "");
	assert_diag(&d, "%s:29:10: error: 'py/out.py' is outside the lessons "
	    "folder (%s)", p, root);
	assert_diag(&d, "%s:34:1: error: trace block at line 37: 'py/a.py' "
	    "differs from the ```python block here: its line 1 is "
	    "'print(\"ho\")' in the block and 'print(\"hi\")' in the file; "
	    "the lesson must show the code it runs%s", p, "");
	assert_diag(&d, "%s:53:12: error: recording 'rec/gil.json' is not a "
	    "run of scenario 'processes' (make one with e in `timeslice demo "
	    "processes`)%s", p, "");
	if (d.errors != 5)
		dump(&d);
	ck_assert_int_eq((int)d.errors, 5);
	/* The good ones are found, in the tree. */
	for (size_t i = 0; i < l->nblocks; i++) {
		const struct lesson_block *b = &l->blocks[i];

		if (b->kind == LESSON_TRACE && b->trace->id != NULL) {
			ck_assert_str_eq(b->trace->id, "t1");
			ck_assert_ptr_nonnull(b->trace->path);
			ck_assert(strncmp(b->trace->path, root,
			    strlen(root)) == 0);
			traces++;
		}
		if (b->kind == LESSON_DEMO && b->demo->scenario != NULL &&
		    strcmp(b->demo->scenario->name, "gil") == 0) {
			ck_assert_ptr_nonnull(b->demo->recording_path);
			demos++;
		}
	}
	ck_assert_int_eq(traces, 1);
	ck_assert_int_eq(demos, 1);
	lesson_free(l);
	diags_release(&d);

	/* A program with no code shown above it. */
	snprintf(p, sizeof p, "%s/en/02-u.md", dir);
	write_lesson(p, "```lesson\nid: u\nchapter: 2\ntitle: U\nlang: en\n"
	    "```\n\n```trace\nprogram: py/a.py\ncaption: c\n```\n");
	diags_init(&d);
	l = lesson_load(p, &d);
	ck_assert_ptr_nonnull(l);
	assert_diag(&d, "%s:8:1: error: trace block: no ```python block above "
	    "it shows the program 'py/a.py'%s", p, "");
	ck_assert_int_eq((int)d.errors, 1);
	lesson_free(l);
	diags_release(&d);
	snprintf(cmd, sizeof cmd, "rm -rf %s %s", dir, away);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* Whether `d` has an error about `file` (whole file) whose text has `want`. */
static bool
file_error(const struct diags *d, const char *file, const char *want)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].level == DIAG_ERROR && d->v[i].line == 0 &&
		    strcmp(d->v[i].file, file) == 0 &&
		    strstr(d->v[i].msg, want) != NULL)
			return true;
	return false;
}

/*
 * The downloaded-lesson attack, as the checker sees it: a program folder
 * holds only the programs trace blocks name. A hidden json package (it
 * would shadow the standard library's), a module nobody runs, a .pth
 * file are errors at their own path; a data folder, __pycache__ and the
 * named program itself are not.
 */
START_TEST(program_folders_hold_only_named_programs)
{
	char dir[64] = "/tmp/ts-pyfolder-XXXXXX", sub[160], file[200];
	struct lesson *l;
	struct diags d;

	tmp_dir(dir);
	snprintf(sub, sizeof sub, "%s/en", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(sub, sizeof sub, "%s/en/py", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(sub, sizeof sub, "%s/en/py/json", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(sub, sizeof sub, "%s/en/py/data", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(sub, sizeof sub, "%s/en/py/__pycache__", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	put_file(dir, "en/py/friendly.py", PROG);
	put_file(dir, "en/py/json/__init__.py", "open('/tmp/x', 'w')\n");
	put_file(dir, "en/py/helper.py", "x = 1\n");
	put_file(dir, "en/py/evil.pth", "import os\n");
	put_file(dir, "en/py/data/notes.txt", "not Python\n");
	put_file(dir, "en/py/__pycache__/friendly.cpython-311.pyc", "x");
	put_file(dir, "en/01-t.md", META SHOWN TRACE("py/friendly.py"));
	snprintf(file, sizeof file, "%s/en/01-t.md", dir);
	diags_init(&d);
	ck_assert_ptr_nonnull(l = lesson_load(file, &d));
	ck_assert_int_eq(d.errors, 0);
	course_check_files(&l, 1, 0, &d);
	snprintf(file, sizeof file, "%s/en/py/json", dir);
	ck_assert_msg(file_error(&d, file, "Python package that no ```trace "
	    "or ```exercise block names") && file_error(&d, file, "shadows the standard "
	    "library's 'json'"), "the hidden json package was not reported");
	snprintf(file, sizeof file, "%s/en/py/helper.py", dir);
	ck_assert_msg(file_error(&d, file, "Python module that no ```trace "
	    "or ```exercise block names"), "the unnamed module was not reported");
	snprintf(file, sizeof file, "%s/en/py/evil.pth", dir);
	ck_assert_msg(file_error(&d, file, ".pth file"),
	    "the .pth file was not reported");
	if (d.errors != 3)
		dump(&d);
	ck_assert_int_eq(d.errors, 3);
	lesson_free(l);
	diags_release(&d);
	rm_dir(dir);
}
END_TEST

/*
 * A program named after a standard-library module (py/json.py) is an
 * error at its name, even when a trace block names it; the table it is
 * looked up in is sorted and matches whole names only.
 */
START_TEST(program_may_not_shadow_a_standard_module)
{
	char dir[64] = "/tmp/ts-shadow-XXXXXX", sub[160];

	for (size_t i = 1; i < lesson_stdlib_nmodules; i++)
		ck_assert_msg(strcmp(lesson_stdlib_modules[i - 1],
		    lesson_stdlib_modules[i]) < 0, "not sorted at %s",
		    lesson_stdlib_modules[i]);
	ck_assert(lesson_stdlib_module("json", 4));
	ck_assert(lesson_stdlib_module("threading", 9));
	ck_assert(lesson_stdlib_module("asyncio", 7));
	ck_assert(lesson_stdlib_module("__future__", 10));
	ck_assert(lesson_stdlib_module("zoneinfo", 8));
	ck_assert(lesson_stdlib_module("_thread", 7));
	ck_assert(!lesson_stdlib_module("jso", 3));
	ck_assert(!lesson_stdlib_module("jsonx", 5));
	ck_assert(!lesson_stdlib_module("friendly", 8));
	ck_assert(!lesson_stdlib_module("gil_threads", 11));

	tmp_dir(dir);
	snprintf(sub, sizeof sub, "%s/en", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(sub, sizeof sub, "%s/en/py", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	put_file(dir, "en/py/json.py", PROG);
	put_file(dir, "en/py/threading.py", PROG);
	put_file(dir, "en/py/fine.py", PROG);
	ck_assert_int_eq(files_case(dir, SHOWN TRACE("py/json.py"),
	    "'py/json.py' shadows the standard library's module 'json'"), 1);
	ck_assert_int_eq(files_case(dir, SHOWN TRACE("py/threading.py"),
	    "shadows the standard library's module 'threading'"), 1);
	ck_assert_int_eq(files_case(dir, SHOWN TRACE("py/fine.py"), NULL), 0);
	rm_dir(dir);
}
END_TEST

/* The body of a good exercise block, lines 9 to 13 after META. */
#define EX_BODY "id: e\nstarter: py/s.py\nsolution: py/t.py\ngoal: g\n"
#define EX_COND "- [exit_status == 0] w\n"

/*
 * Writes an exercise lesson with `body` into the root `dir` and returns
 * whether its only error is `want` (after the path).
 */
static int
exercise_case(const char *dir, const char *body, const char *want)
{
	char p[256], *text, full[1024];
	struct diags d;
	struct lesson *l;
	int ok;

	snprintf(p, sizeof p, "%s/en/01-t.md", dir);
	xasprintf(&text, META "```exercise\n%s```\n", body);
	write_lesson(p, text);
	free(text);
	diags_init(&d);
	l = lesson_load(p, &d);
	snprintf(full, sizeof full, "%s:%s", p, want);
	ok = has_diag(&d, full) && d.errors == 1;
	if (!ok) {
		fprintf(stderr, "want: %s\n", full);
		dump(&d);
	}
	lesson_free(l);
	diags_release(&d);
	return ok;
}

/* Each mistake in an exercise block, with the words an author reads. */
static const struct {
	const char	*body;
	const char	*want;
} exercise_bad[] = {
	{ "starter: py/s.py\nsolution: py/t.py\ngoal: g\n" EX_COND,
	    "8:1: error: exercise block has no 'id'" },
	{ "id: e\nsolution: py/t.py\ngoal: g\n" EX_COND,
	    "8:1: error: exercise block has no 'starter'" },
	{ EX_BODY, "8:1: error: exercise has no conditions (add lines "
	    "'- [CONDITION] words shown when it fails')" },
	{ "id: e\nstarter: py/s.py\nsolution: py/s.py\ngoal: g\n" EX_COND,
	    "8:1: error: exercise: the starter and the solution are the same "
	    "file" },
	{ "id: e\nstarter: py/nope.py\nsolution: py/t.py\ngoal: g\n" EX_COND,
	    "10:10: error: 'py/nope.py': No such file or directory" },
	{ "id: e\nstarter: py/s.txt\nsolution: py/t.py\ngoal: g\n" EX_COND,
	    "10:10: error: 'py/s.txt' is not a .py file" },
	{ EX_BODY "goals: g\n" EX_COND, "13:1: error: unknown key 'goals' in "
	    "exercise block (did you mean 'goal'?)" },
	{ EX_BODY "runs: 11\n" EX_COND, "13:7: error: runs '11' is not a "
	    "whole number from 1 to 10" },
	{ EX_BODY "- [wal_ms < 5] w\n", "13:4: error: unknown exercise metric "
	    "'wal_ms' (did you mean 'wall_ms'?)" },
	{ EX_BODY "- [output < \"x\"] w\n", "13:4: error: condition 'output < "
	    "\"x\"': output is text: compare it with '==' or '!='" },
	{ EX_BODY "- [output == hi] w\n", "13:4: error: condition 'output == "
	    "hi': output is compared with a quoted string or starter.output" },
	{ EX_BODY "- [output == \"hi] w\n", "13:4: error: malformed condition "
	    "'output == \"hi' (expected METRIC OP VALUE, as in 'wall_ms <= 0.4 "
	    "* starter.wall_ms' or 'output == \"sum: 140\"')" },
	{ EX_BODY "- [threads == \"x\"] w\n", "13:4: error: condition 'threads "
	    "== \"x\"': threads is a number, not text" },
	{ EX_BODY "- [wall_ms <= 0.4 * starter.threads] w\n", "13:29: error: "
	    "'wall_ms' is compared with starter.threads: compare a figure "
	    "with the starter's same figure" },
	{ EX_BODY "- [wall_ms <= 0.4 * starter.walls] w\n", "13:29: error: "
	    "unknown exercise metric 'walls' (did you mean 'wall_ms'?)" },
	{ EX_BODY "- [threads >= -1] w\n", "13:4: error: condition 'threads "
	    ">= -1': the figures are never negative" },
	{ EX_BODY "- [threads >= 0] w\n", "13:4: error: condition 'threads >= "
	    "0' holds whatever the program does" },
	{ EX_BODY "- [finishes_within_s >= 5] w\n", "13:4: error: condition "
	    "'finishes_within_s >= 5': finishes_within_s takes '<=' or '<' and "
	    "a number of seconds" },
	{ EX_BODY "- [finishes_within_s <= 500] w\n", "13:4: error: condition "
	    "'finishes_within_s <= 500': finishes_within_s must be more than 0 "
	    "and at most 300 seconds" },
	{ EX_BODY "- [finishes_within_s <= 5] w\n- [finishes_within_s <= 6] "
	    "w\n", "14:4: error: a second finishes_within_s condition" },
	{ EX_BODY "- [threads 4] w\n", "13:4: error: malformed condition "
	    "'threads 4' (expected METRIC OP VALUE, as in 'wall_ms <= 0.4 * "
	    "starter.wall_ms' or 'output == \"sum: 140\"')" },
	{ EX_BODY "- [threads >= 2]\n", "13:1: error: condition 'threads >= "
	    "2' has no words to show when it fails" },
	{ EX_BODY "- [] w\n", "13:4: error: an exercise condition is empty (as "
	    "in '- [exit_status == 0] the program failed')" },
	{ EX_BODY "threads >= 2\n" EX_COND, "13:1: error: expected 'key: value' or a "
	    "choice '- [CONDITION] text'" },
};

/* An exercise block is read into its model, and every mistake in one is
 * reported where it is. */
START_TEST(exercise_blocks_are_checked)
{
	char dir[] = "/tmp/ts-exercise-XXXXXX", p[256], cmd[300];
	const struct lesson_exercise *ex;
	struct diags d;
	struct lesson *l;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(p, sizeof p, "%s/en", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/en/py", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/en/py/s.py", dir);
	write_lesson(p, "print('s')\n");
	snprintf(p, sizeof p, "%s/en/py/t.py", dir);
	write_lesson(p, "print('t')\n");
	for (size_t i = 0; i < sizeof exercise_bad / sizeof exercise_bad[0];
	    i++)
		ck_assert_msg(exercise_case(dir, exercise_bad[i].body,
		    exercise_bad[i].want), "case %zu", i);

	/* A good one, and a second block with its id. */
	snprintf(p, sizeof p, "%s/en/01-t.md", dir);
	write_lesson(p, META "```exercise\n" EX_BODY "runs: 3\n"
	    "- [output == \"a \\\"b\\\"\\nc\"] wrong output\n"
	    "- [wall_ms <= 0.4 * starter.wall_ms] too slow\n"
	    "- [output == starter.output] changed\n"
	    "- [finishes_within_s <= 7.5] never ended\n"
	    "hint: one\nhint: two\n```\n\n"
	    "```exercise\n" EX_BODY EX_COND "```\n");
	diags_init(&d);
	l = lesson_load(p, &d);
	ck_assert_ptr_nonnull(l);
	assert_diag(&d, "%s:23:5: error: duplicate exercise id 'e' (first at "
	    "%s:9:5)", p, p);
	ck_assert_int_eq(d.errors, 1);
	ex = lesson_find_exercise(l, "e");
	ck_assert_ptr_nonnull(ex);
	ck_assert_str_eq(ex->goal, "g");
	ck_assert_ptr_nonnull(ex->starter_path);
	ck_assert_ptr_nonnull(ex->solution_path);
	ck_assert_int_eq(ex->runs, 3);
	ck_assert_int_eq(ex->nconds, 4);
	ck_assert_str_eq(ex->conds[0].metric, "output");
	ck_assert_str_eq(ex->conds[0].string, "a \"b\"\nc");
	ck_assert_str_eq(ex->conds[0].fail, "wrong output");
	ck_assert(ex->conds[1].starter);
	ck_assert(ex->conds[1].op == LESSON_EX_LE);
	ck_assert(ex->conds[1].number == 0.4);
	ck_assert(ex->conds[2].starter && ex->conds[2].string == NULL);
	ck_assert(ex->limit_s == 7.5);
	ck_assert_int_eq(ex->nhints, 2);
	ck_assert_str_eq(ex->hints[1], "two");
	lesson_free(l);
	diags_release(&d);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *
lesson_suite(void)
{
	Suite *s = suite_create("lesson");
	TCase *tc;

	tc = tcase_create("malformed");
	tcase_add_loop_test(tc, malformed_lesson_reports_exact_place, 0,
	    (int)(sizeof bad / sizeof bad[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("valid");
	tcase_add_test(tc, valid_lesson_builds_model);
	tcase_add_test(tc, placeholders_are_checked_and_filled);
	tcase_add_test(tc, prediction_conditions_evaluate);
	tcase_add_test(tc, test_course_is_clean);
	tcase_add_test(tc, template_passes_the_checker);
	tcase_add_test(tc, check_command_reports_and_exits);
	tcase_add_test(tc, trace_programs_and_recordings_are_checked);
	tcase_add_test(tc, exercise_blocks_are_checked);
	suite_add_tcase(s, tc);
	tc = tcase_create("course");
	tcase_add_test(tc, cross_file_checks);
	tcase_add_test(tc, partial_translation_lacks_lessons_with_warnings);
	tcase_add_test(tc, every_problem_reported_at_once);
	tcase_add_test(tc, binary_garbage_does_not_crash);
	tcase_add_test(tc, race_units_are_not_a_work_budget);
	tcase_add_test(tc, nesting_beyond_the_limit_is_an_error_at_its_place);
	tcase_add_test(tc, hundred_thousand_quotes_are_reported_not_a_crash);
	tcase_add_test(tc, clean_prediction_expects_one_of_its_choices);
	tcase_add_test(tc, ids_are_short_lowercase_words);
	tcase_add_test(tc, code_is_coloured_by_language);
	tcase_add_test(tc, byte_order_mark_is_accepted);
	tcase_add_test(tc, slugs_fold_headings_into_anchors);
	tcase_add_test(tc, links_name_sections_that_exist);
	tcase_add_test(tc, lesson_files_stay_inside_the_course);
	tcase_add_test(tc, program_folders_hold_only_named_programs);
	tcase_add_test(tc, program_may_not_shadow_a_standard_module);
	tcase_add_test(tc, lesson_outside_the_course_checks_cleanly);
	tcase_add_test(tc, check_strict_and_json);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_main(lesson_suite());
}
