#!/usr/bin/env bash
# Corpus test: duet reads every transcript of tests/corpus/ with no flags, and
# what `duet --export=json` and `duet --check` say is compared with the
# file's answer key (tests/corpus/README.md). check.py does the work and
# prints, per file and in total, how each file was read and how it was
# paired; known-failures.txt lists the files today's duet still gets wrong.
# With ../shared beside the repository the published seed (exact) and the
# development set (reported only) are run too; without it, a SKIP line each.
set -u
cd "$(dirname "$0")/../.." || exit 2
# duet reads $DUET as default options: the binary's path comes in $DUET_BIN.
export DUET_BIN=${DUET_BIN:-build/duet}
unset DUET
command -v python3 >/dev/null 2>&1 || { echo "corpus: python3 is missing (make deps)"; exit 1; }
exec python3 tests/corpus/check.py "$@"
