#!/bin/sh
# lesson_search.sh - search finds a word further down the lesson, n goes
# on to the next match, and a missing word is reported.
. "$(dirname "$0")/lesson_lib.sh"

start basics
wait_for "Chapter 1 · Concurrency basics"
keys G
wait_for "The end of the lesson."
keys / zebra Enter
wait_for "The word zebra appears only here"
wait_gone "The end of the lesson."
keys / nonexistentword Enter
wait_for "not found: nonexistentword"
# Contents and help overlays open and close.
keys t
wait_for "Contents"
keys Escape
wait_gone "Contents"
keys '?'
wait_for "table of contents"
keys x
wait_gone "table of contents"
# The interface follows the language switch.
keys L
wait_for "Capítulo 1 · Conceptos de concurrencia"
keys / cebra Enter
wait_for "La palabra cebra solo aparece"
keys Q
expect_exit 0
echo "PASS"
