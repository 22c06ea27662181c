#!/usr/bin/env python3
"""layers.py - layers point down: the modules below the course and the
screens never include from above them.

util, procfs, i18n, paths, lang, trace/, engine/ and store/ may not include
anything from lesson/, ui/, sampler/, nor the command line's files
(cmd.h, cmd_*, opts.h); lang, the bottom of the course, includes only
util.h (and its own header). Reads every `#include "..."` of those files
under SRC (the first argument) and prints each offending line as
file:line:col: message; exits 1 when there is one, 0 otherwise.
"""
import os
import re
import sys

# The low layers: top-level module stems, and whole folders.
LOW_STEMS = ("util", "procfs", "i18n", "paths", "lang")
LOW_DIRS = ("trace", "engine", "store")
# What they may not include: folders, and the command line's files.
HIGH_DIRS = ("lesson", "ui", "sampler")
# Leaves: what each may include at all.
LEAVES = {"lang": ("lang.h", "util.h")}
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def low_files(src):
    """The .c and .h files of the low layers, relative to src."""
    for name in sorted(os.listdir(src)):
        stem, ext = os.path.splitext(name)
        if ext in (".c", ".h") and stem in LOW_STEMS:
            yield name
    for d in LOW_DIRS:
        for root, _, files in os.walk(os.path.join(src, d)):
            for name in sorted(files):
                if name.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(root, name), src)


def is_high(target):
    """Whether an include path (relative to src) names an upper layer."""
    parts = target.split("/")
    base = parts[-1]
    return (parts[0] in HIGH_DIRS or base == "cmd.h" or
            base.startswith("cmd_") or base == "opts.h")


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "src"
    bad = 0
    for rel in low_files(src):
        with open(os.path.join(src, rel), encoding="utf-8",
                  errors="replace") as f:
            for n, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if m is None:
                    continue
                target = m.group(1)
                # "../ui/x.h" from engine/ is ui/x.h all the same.
                if target.startswith("."):
                    target = os.path.normpath(
                        os.path.join(os.path.dirname(rel), target))
                col = line.index('"') + 1
                if is_high(target):
                    print("src/%s:%d:%d: a low layer includes \"%s\" "
                          "(layers point down; see docs/ARCHITECTURE.md)"
                          % (rel, n, col, m.group(1)))
                    bad += 1
                leaf = os.path.splitext(rel)[0]
                if leaf in LEAVES and target not in LEAVES[leaf]:
                    print("src/%s:%d:%d: %s is a leaf and includes only "
                          "%s, not \"%s\"" % (rel, n, col, leaf,
                                               " and ".join(LEAVES[leaf]),
                                               m.group(1)))
                    bad += 1
    if bad == 0:
        print("layers point down: no low layer includes lesson/, ui/, "
              "sampler/ or the command line")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
