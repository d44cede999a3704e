#!/usr/bin/env bash
# Corpus test: every transcript with an answer key is read by duet with no
# flags, and what `duet --export json` says is compared with the key.
#
# Keys: the seed's gold file (../shared/corpus/*.gold.json) and every
# tests/corpus/*.key.json. A key names its transcript(s) relative to itself:
# "file": "x.txt", or "files": ["zh.txt", "en.txt"] for layouts read from two
# files. It gives "layout" (its first word is the layout duet must detect),
# "notes" {kind: [lines]}, "speakers" [{name, labels}], "zh_units" and
# "en_units" [{line | lines, speaker, label_line}], and
# "segments_zh_lines_to_en_lines" [[zh lines], [en lines]].
#
# Accuracy is the share of key segments reproduced exactly (both line lists
# equal). Targets: the seed matches its key in everything (segments, units,
# speakers with their labels, notes); the rest of the corpus reaches 95% of
# segments overall; every file's layout is detected. Per-file and per-layout
# figures are printed either way. `duet --check` must exit 0 on every file
# (a transcript, every non-blank line accounted for).
set -u
cd "$(dirname "$0")/../.." || exit 2
# duet reads $DUET as default options: the binary's path moves out of it.
BIN=${DUET_BIN:-build/duet}
unset DUET
command -v jq >/dev/null 2>&1 || { echo "corpus: jq is missing (make deps)"; exit 1; }
[ -x "$BIN" ] || { echo "corpus: no duet binary at $BIN"; exit 1; }

TARGET=95
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# jq: the comparison of one output ($out) with one key ($key); prints one
# JSON object of counts and the differences found.
read -r -d '' COMPARE <<'JQ'
def key_units($side):
  ($key[$side + "_units"] // [])
  | map({lines: (.lines // [.line]), speaker, label_line});
def out_units($side):
  [$out.segments[] as $s | ($s[$side].paragraphs // [])[]
   | {lines, speaker: (.speaker // $s.speaker), label_line: (.label_line // null)}];
def key_notes:
  ($key.notes // {}) | to_entries
  | map({kind: (if .key == "section_marker" then "marker" else .key end), lines: .value})
  | group_by(.kind) | map({kind: .[0].kind, lines: (map(.lines[]) | unique)});
def out_notes:
  ($out.notes // []) | group_by(.kind) | map({kind: .[0].kind, lines: (map(.lines[]) | unique)});
def speakers($x): ($x.speakers // []) | map({name, labels: (.labels | sort)}) | sort;
def out_segs: [$out.segments[] | [(.zh.lines // []), (.en.lines // [])]];
def key_segs: ($key.segments_zh_lines_to_en_lines // []);
def count_in($want; $have): [$want[] | select(. as $w | $have | index([$w]) != null)] | length;

(key_segs) as $ks | (out_segs) as $os
| (key_units("zh") + key_units("en")) as $ku
| (out_units("zh") + out_units("en")) as $ou
| {
    layout_want: ($key.layout | split(":")[0] | gsub("^ +| +$"; "")),
    layout_got: ($out.layout // ""),
    segs: ($ks | length),
    segs_ok: count_in($ks; $os),
    segs_out: ($os | length),
    units: ($ku | length),
    units_ok: count_in($ku; $ou),
    units_out: ($ou | length),
    notes_ok: (key_notes == out_notes),
    speakers_ok: (speakers($key) == speakers($out)),
    missed_segs: [$ks[] | select(. as $w | $os | index([$w]) == null)][:4],
    extra_segs: [$os[] | select(. as $w | $ks | index([$w]) == null)][:4],
    missed_units: [$ku[] | select(. as $w | $ou | index([$w]) == null)][:3],
    notes_want: key_notes, notes_got: out_notes,
    speakers_want: speakers($key), speakers_got: speakers($out)
  }
JQ

keys=()
for k in ../shared/corpus/*.gold.json tests/corpus/*.key.json; do
    [ -e "$k" ] && keys+=("$k")
done
[ ${#keys[@]} -gt 0 ] || { echo "corpus: no answer keys found"; exit 1; }

failed=0 passed=0
declare -A lay_ok lay_all lay_files
corpus_ok=0 corpus_all=0
for key in "${keys[@]}"; do
    dir=$(dirname "$key")
    mapfile -t rel < <(jq -r '(.files // [.file])[]' "$key")
    files=()
    for r in "${rel[@]}"; do files+=("$dir/$r"); done
    name=$(basename "${rel[0]}")
    # keys of version 2 name units by their text, not their lines: the
    # corpus test that reads them (tests/corpus/check.py) comes with them
    if [ "$(jq -r '.version // 1' "$key")" = 2 ]; then
        echo "v2   $name: a version-2 key, read by tests/corpus/check.py"
        continue
    fi
    seed=0
    case "$key" in ../shared/*) seed=1 ;; esac
    out="$tmp/out.json"
    if ! "$BIN" --export json "${files[@]}" >"$out" 2>"$tmp/err"; then
        echo "FAIL $name: duet exited non-zero: $(head -c 300 "$tmp/err")"
        failed=$((failed + 1))
        want=$(jq -r '.layout | split(":")[0]' "$key")
        n=$(jq '.segments_zh_lines_to_en_lines | length' "$key")
        lay_all[$want]=$(( ${lay_all[$want]:-0} + n )); lay_files[$want]=$(( ${lay_files[$want]:-0} + 1 ))
        [ $seed = 1 ] || corpus_all=$((corpus_all + n))
        continue
    fi
    # --check must call it a transcript with every line accounted for
    if ! "$BIN" --check "${files[@]}" >"$tmp/check" 2>&1; then
        echo "FAIL $name: duet --check exited non-zero: $(tail -n 3 "$tmp/check")"
        failed=$((failed + 1))
        continue
    fi
    # … and say so for every file it read: zero unaccounted lines (or
    # ranges of them) and bytes
    if [ "$(grep -cE '^  text .* unaccounted 0 = ' "$tmp/check")" -ne "${#files[@]}" ] ||
        [ "$(grep -cE '^  bytes: .* unaccounted 0 = ' "$tmp/check")" -ne "${#files[@]}" ]; then
        echo "FAIL $name: a file has unaccounted lines: $(grep 'unaccounted' "$tmp/check" | head -2)"
        failed=$((failed + 1))
        continue
    fi
    if ! r=$(jq -n --slurpfile k "$key" --slurpfile o "$out" '$k[0] as $key | $o[0] as $out | '"$COMPARE" 2>"$tmp/err"); then
        echo "FAIL $name: output is not the JSON expected: $(head -c 300 "$tmp/err")"
        failed=$((failed + 1))
        continue
    fi
    get() { jq -r "$1" <<<"$r"; }
    want=$(get .layout_want) got=$(get .layout_got)
    segs=$(get .segs) segs_ok=$(get .segs_ok) units=$(get .units) units_ok=$(get .units_ok)
    notes_ok=$(get .notes_ok) speakers_ok=$(get .speakers_ok)
    pct=$(awk -v a="$segs_ok" -v b="$segs" 'BEGIN { printf "%.1f", b ? 100 * a / b : 100 }')
    lay_ok[$want]=$(( ${lay_ok[$want]:-0} + segs_ok ))
    lay_all[$want]=$(( ${lay_all[$want]:-0} + segs ))
    lay_files[$want]=$(( ${lay_files[$want]:-0} + 1 ))
    [ $seed = 1 ] || { corpus_ok=$((corpus_ok + segs_ok)); corpus_all=$((corpus_all + segs)); }

    problems=()
    [ "$want" = "$got" ] || problems+=("layout: found '$got', want '$want'")
    if [ $seed = 1 ]; then
        [ "$segs_ok" = "$segs" ] && [ "$(get .segs_out)" = "$segs" ] || problems+=("segments differ")
        [ "$units_ok" = "$units" ] && [ "$(get .units_out)" = "$units" ] || problems+=("units differ")
        [ "$notes_ok" = true ] || problems+=("notes differ")
        [ "$speakers_ok" = true ] || problems+=("speakers differ")
    fi
    status=ok
    [ ${#problems[@]} -eq 0 ] || status=FAIL
    printf '%-4s %-34s %-10s segments %3s/%-3s (%5s%%)  units %s/%s  notes %s  speakers %s\n' \
        "$status" "$name" "$want" "$segs_ok" "$segs" "$pct" "$units_ok" "$units" \
        "$([ "$notes_ok" = true ] && echo ok || echo differ)" \
        "$([ "$speakers_ok" = true ] && echo ok || echo differ)"
    for p in "${problems[@]}"; do echo "       $p"; done
    if [ "$segs_ok" != "$segs" ] || [ "$units_ok" != "$units" ]; then
        echo "       missed segments: $(jq -c .missed_segs <<<"$r")"
        echo "       got instead:     $(jq -c .extra_segs <<<"$r")"
        [ "$units_ok" = "$units" ] || echo "       missed units:    $(jq -c .missed_units <<<"$r")"
    fi
    [ "$notes_ok" = true ] || echo "       notes: want $(jq -c .notes_want <<<"$r") got $(jq -c .notes_got <<<"$r")"
    [ "$speakers_ok" = true ] || echo "       speakers: want $(jq -c .speakers_want <<<"$r") got $(jq -c .speakers_got <<<"$r")"
    if [ "$status" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done

echo
for l in "${!lay_all[@]}"; do
    awk -v l="$l" -v f="${lay_files[$l]}" -v a="${lay_ok[$l]:-0}" -v b="${lay_all[$l]}" \
        'BEGIN { printf "layout %-12s %2d files  segments %d/%d (%.1f%%)\n", l, f, a, b, b ? 100 * a / b : 100 }'
done | sort
overall=$(awk -v a="$corpus_ok" -v b="$corpus_all" 'BEGIN { printf "%.1f", b ? 100 * a / b : 100 }')
echo "corpus without the seed: segments $corpus_ok/$corpus_all ($overall%), target $TARGET%"
if awk -v a="$corpus_ok" -v b="$corpus_all" -v t="$TARGET" 'BEGIN { exit !(b && 100 * a < t * b) }'; then
    echo "FAIL corpus accuracy below $TARGET%"
    failed=$((failed + 1))
fi
echo "corpus: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
