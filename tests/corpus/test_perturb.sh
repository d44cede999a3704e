#!/usr/bin/env bash
# The pairing under the changes publishers make: bench/perturb's small run
# (a few variants of each kind per keyed file: a one-language title, intro
# or footer added; a paragraph deleted, two merged, one split; the order
# flipped; labels removed or renamed) over tests/corpus, with the issue's
# targets over the files duet pairs exactly as written — at least 95% of
# beads exact over all variants, 99% with a title, intro or footer added
# (files of 5 pairs or more). The development set's variants are reported
# beside, when ../shared is there (never a failure: they are measured).
set -u
cd "$(dirname "$0")/../.." || exit 2
PERTURB=${BUILD:-build}/bench/perturb
unset DUET
command -v jq >/dev/null 2>&1 || { echo "perturb: jq is missing (make deps)"; exit 1; }
[ -x "$PERTURB" ] || { echo "perturb: no harness at $PERTURB (make $PERTURB)"; exit 1; }
"$PERTURB" --small --min 95 --ends-min 99 tests/corpus || exit 1
if [ -d ../shared/corpus/dev ]; then
    "$PERTURB" --small ../shared/corpus/dev
else
    echo "SKIP: the development set's variants (no ../shared)"
fi
