#!/usr/bin/env bash
# Every input a fuzzer ever found (fuzz/regress/NAME/) and every seed, run
# through each fuzz target's entry point and its invariants (fuzz/check.h)
# by the replay driver, built with the rest of the suite (so `make asan`
# replays them under the sanitizers too). A finding fixed once stays fixed.
set -u
. "$(dirname "$0")/../suite.sh"
: "${BUILD:?BUILD must name the build directory}"
# The published seed too, when ../shared is beside the repository.
shared=()
if have_shared; then shared=("$SHARED/corpus"); else skip_case "replaying the published seed through every target"; fi
passed=0 failed=0
for bin in "$BUILD"/fuzz/replay_*; do
    [ -x "$bin" ] || continue
    name=${bin##*/replay_}
    dirs=(samples tests/corpus "${shared[@]}")
    [ -d "fuzz/regress/$name" ] && dirs+=("fuzz/regress/$name")
    if out=$("$bin" "${dirs[@]}" 2>&1); then
        passed=$((passed + 1)); echo "ok - $name: $out"
    else
        failed=$((failed + 1)); echo "not ok - $name"; printf '%s\n' "$out" | tail -n 20 | sed 's/^/#   /'
    fi
done
[ $((passed + failed)) -gt 0 ] || { echo "no replay programs in $BUILD/fuzz: run make"; exit 1; }
echo "test_fuzz_regress: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
