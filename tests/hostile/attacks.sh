# attacks.sh — the byte sequences a hostile transcript may hold to take over
# a terminal, and the checks that none of them got through. Sourced by the
# hostile-input suites.
#
# attacks: prints every attack once, separated by spaces (so that wrapping
# keeps each whole). `leaks FILE` prints each one that FILE (bytes a program
# wrote to a terminal) still holds raw, and nothing when FILE is clean.

attacks() {
    printf '%s ' \
        $'\e]52;c;SGFja2Vk\a' $'\e]52;c;SGFja2Vk\e\\' \
        $'\e]0;PWN-TITLE-0\a' $'\e]2;PWN-TITLE-2\a' \
        $'Z\e[2J' $'\e[3J' $'\e[99;199H' $'\e[123A' \
        $'\eP$qm\e\\' $'\eP+q544e\e\\' $'\e_APC\e\\' $'\e^PM\e\\' \
        $'\e[6n' $'\e[c' $'\e[>c' $'\e[5n' $'\ec' $'\e#8' \
        $'\x9b6n' $'\x9d0;PWN\a' $'\xc2\x9b6n' $'\xc2\x9d0;PWN\a' \
        $'DEL\x7f' $'A\bB' $'_\bX' $'\xe2\x80\xaeevil' $'\xe2\x81\xa6iso\xe2\x81\xa9'
}

# The raw forms a clean output must not hold. ncurses itself never writes
# OSC, DCS, APC, PM, SOS, RIS, DECALN, a query, ESC [ 3 J, a move to row 99
# or 123 rows up; it does write ESC [ 2 J (to clear), so that one is looked
# for right behind the Z that stands before it in the file.
LEAK_PATTERNS=(
    $'\e]' $'\eP' $'\e_' $'\e^' $'\eX' $'\ec' $'\e#8'
    $'\e[c' $'\e[>c' $'\e[5n' $'\e[3J' $'\e[99;199H' $'\e[123A' $'Z\e[2J'
    $'\x7f' $'A\bB' $'_\bX'
)

# leaks FILE [ALLOW_6N]: prints what leaked; ESC [ 6 n is allowed once when
# ALLOW_6N is given (duet's own question at start-up).
leaks() {
    local f=$1 p n
    for p in "${LEAK_PATTERNS[@]}"; do
        LC_ALL=C grep -aqF -- "$p" "$f" && printf 'raw %q\n' "$p"
    done
    n=$(LC_ALL=C grep -aoF $'\e[6n' "$f" | wc -l)
    [ "$n" -gt "${2:-0}" ] && echo "ESC [ 6 n written $n times"
    # 8-bit C1 bytes outside UTF-8 (0x9b, 0x9d alone) make it invalid UTF-8.
    iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 || echo "invalid UTF-8 (a lone C1 byte?)"
    LC_ALL=C.UTF-8 grep -aqP '[\x{80}-\x{9f}]' "$f" 2>/dev/null && echo "C1 control U+0080..U+009F"
    LC_ALL=C.UTF-8 grep -aqP '[\x{202a}-\x{202e}\x{2066}-\x{2069}]' "$f" 2>/dev/null && echo "bidi control"
    return 0
}
