# duet — a terminal reader for bilingual interview transcripts.
#
#   make            the duet binary (build/duet)
#   make run        build and open the bundled sample
#   make check      every test: unit (cmocka), corpus and the pairing's perturbations,
#                   Unicode conformance, end-to-end (tmux); cases that need
#                   ../shared (the published seed) or sshd are skipped
#   make check-seed the cases that read ../shared, which must be beside the repository
#   make check-ssh  the end-to-end test over a real SSH link (installs openssh-server)
#   make asan       the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer
#   make fuzz       every libFuzzer target (fuzz/) for FUZZ_SECONDS each (clang)
#   make valgrind   the end-to-end and CLI suites with duet under valgrind
#   make check-slow the heavy hostile-input variants (huge files) too
#   make deps       list the Debian packages duet uses; install those of make run and make check
#   make install / uninstall   honour PREFIX, DESTDIR, MANPREFIX
#
# Sources are found by wildcard: a new module is a new src/NAME.c with its
# include/NAME.h, a new layout reader a new src/format/NAME.c, a new unit test
# a new tests/unit/test_NAME.c.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANPREFIX  ?= $(PREFIX)/share/man
COMPDIR    ?= $(PREFIX)/share/bash-completion/completions
BUILD      ?= build

PKG_CONFIG ?= pkg-config
PKGS       := ncursesw libutf8proc opencc
TEST_PKGS  := cmocka
UNICODE    ?= /usr/share/unicode

# Debian packages, by what needs them; tools/deps installs the missing ones
# of a list (apt-get, through sudo when not root) and says which and why.
# A new library joins RUN_DEBS, a new test tool TEST_DEBS.
# Building and running duet (`make run`): the compiler, pkg-config, the
# libraries' headers, and the Unicode data the width tables come from.
RUN_DEBS   := build-essential pkg-config libncurses-dev libutf8proc-dev \
              libunistring-dev libopencc-dev unicode-data
# What `make check` adds: cmocka (unit tests), tmux (end-to-end tests), jq
# (answer keys, JSON output), python3 (corpus tools), groff, mandoc and
# man-db (the man page lint). No system service.
TEST_DEBS  := libcmocka-dev tmux jq python3 groff-base mandoc man-db
# Only for their own targets, each installing its list when missing: an SSH
# server for the test over a real SSH link (`make check-ssh`, CI), clang and
# its sanitizer runtimes for libFuzzer (`make fuzz`), valgrind (`make
# valgrind`), a terminal emulator library and less to compare with (`make
# bench`).
SSH_DEBS   := openssh-server openssh-client procps
FUZZ_DEBS  := clang libclang-rt-14-dev
VALGRIND_DEBS := valgrind
BENCH_DEBS := libvterm-dev less

CFLAGS     ?= -O2 -g
WARNINGS   := -Wall -Wextra -Wpedantic -Wshadow -Werror
DUET_CPPFLAGS := -Iinclude -I$(BUILD)/gen -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
              -DDUET_VERSION='"$(VERSION)"'
DUET_CFLAGS   := -std=c11 $(WARNINGS) -MMD -MP

pkg_cflags  = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pkg_libs    = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null)

# ncursesw's own -D_XOPEN_SOURCE=600 is dropped: ours (700) is a superset.
ALL_CFLAGS  = $(DUET_CPPFLAGS) $(CPPFLAGS) $(DUET_CFLAGS) \
              $(filter-out -D_XOPEN_SOURCE=%,$(call pkg_cflags,$(PKGS))) $(SAN_FLAGS) $(CFLAGS)
CORE_LIBS   = $(call pkg_libs,libutf8proc opencc) -lunistring -lm -pthread
SCREEN_LIBS = $(call pkg_libs,ncursesw)
TEST_LIBS   = $(call pkg_libs,$(TEST_PKGS))

# The core library is everything but the screen and main: tests, fuzzers and
# benchmarks link it without curses.
SCREEN_SRC  := src/screen.c src/main.c
CORE_SRC    := $(filter-out $(SCREEN_SRC),$(wildcard src/*.c)) $(wildcard src/format/*.c)
GEN_SRC     := $(BUILD)/gen/eaw_ambiguous.c
CORE_OBJ    := $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/eaw_ambiguous.o
APP_OBJ     := $(foreach f,$(SCREEN_SRC),$(if $(wildcard $(f)),$(f:%.c=$(BUILD)/%.o)))
CORE_LIB    := $(BUILD)/libduet.a
BIN         := $(BUILD)/duet

UNIT_SRC    := $(wildcard tests/unit/test_*.c)
UNIT_BIN    := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_SUPPORT_SRC := $(filter-out $(UNIT_SRC),$(wildcard tests/unit/*.c))
TEST_SUPPORT_OBJ := $(TEST_SUPPORT_SRC:%.c=$(BUILD)/%.o)

# Helpers of the end-to-end tests (tests/e2e/*.c), built beside the unit tests.
E2E_TOOLS   := $(patsubst tests/e2e/%.c,$(BUILD)/tests/e2e/%,$(wildcard tests/e2e/*.c))

# Fuzz targets (fuzz/fuzz_NAME.c): built with libFuzzer by `make fuzz`, and
# with the replay driver (fuzz/replay.c) into every build so that `make
# check` runs the regression corpus fuzz/regress/NAME/ and the seeds.
FUZZ_SRC    := $(wildcard fuzz/fuzz_*.c)
FUZZ_NAMES  := $(FUZZ_SRC:fuzz/fuzz_%.c=%)
FUZZ_SUPPORT := fuzz/check.c
REPLAY_BIN  := $(FUZZ_NAMES:%=$(BUILD)/fuzz/replay_%)
FUZZ_BIN    := $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)
FUZZ_SECONDS ?= 60
FUZZ_BUILD  ?= build-fuzz

BENCH_SRC   := $(wildcard bench/*.c)
BENCH_BIN   := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

SAMPLE      := samples/sectioned-interview.txt

.PHONY: all run check check-only check-seed check-ssh test-unit test-e2e asan deps \
        ensure-deps ensure-test-deps install uninstall clean bench bench-only man-lint \
        fuzz fuzzers valgrind valgrind-only check-slow

all: $(BIN)

$(BIN): $(APP_OBJ) $(CORE_LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $(APP_OBJ) $(CORE_LIB) $(SCREEN_LIBS) $(CORE_LIBS) $(LDFLAGS)

$(CORE_LIB): $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# East Asian Width "A" (ambiguous) ranges, generated from Unicode's own data
# file (Debian's unicode-data): utf8proc 2.8 does not expose this property.
$(GEN_SRC): tools/gen-eaw.awk
	@mkdir -p $(dir $@)
	@test -r $(UNICODE)/EastAsianWidth.txt || { echo "missing $(UNICODE)/EastAsianWidth.txt: run 'make deps'" >&2; exit 1; }
	awk -f tools/gen-eaw.awk $(UNICODE)/EastAsianWidth.txt > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/eaw_ambiguous.o: $(GEN_SRC)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(CORE_LIB) $(TEST_SUPPORT_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(call pkg_cflags,$(TEST_PKGS)) -o $@ $< $(TEST_SUPPORT_OBJ) $(CORE_LIB) $(TEST_LIBS) $(CORE_LIBS) $(LDFLAGS)

$(BUILD)/tests/e2e/%: tests/e2e/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LDFLAGS)

$(BUILD)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay.c $(FUZZ_SUPPORT) fuzz/check.h $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Ifuzz -o $@ $< fuzz/replay.c $(FUZZ_SUPPORT) $(CORE_LIB) $(CORE_LIBS) $(LDFLAGS)

$(BUILD)/fuzz/fuzz_%: fuzz/fuzz_%.c $(FUZZ_SUPPORT) fuzz/check.h $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Ifuzz -o $@ $< $(FUZZ_SUPPORT) $(CORE_LIB) $(CORE_LIBS) $(LDFLAGS)

$(BUILD)/bench/%: bench/%.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(CORE_LIB) $(CORE_LIBS) $(LDFLAGS)

# The pseudo-terminal driver: no core, a terminal emulator (libvterm).
$(BUILD)/bench/tty: bench/tty.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(call pkg_cflags,vterm) -o $@ $< $(call pkg_libs,vterm) -lutil $(LDFLAGS)

# --- running and testing ----------------------------------------------------

run: ensure-deps
	@$(MAKE) --no-print-directory all
	$(BIN) $(SAMPLE)

check: ensure-test-deps
	@$(MAKE) --no-print-directory check-only

# The whole suite against whatever BUILD holds; tests/run prints the summary
# and fails when any test program fails.
check-only: $(BIN) $(UNIT_BIN) $(E2E_TOOLS) $(REPLAY_BIN) $(BUILD)/bench/perturb man-lint
	@DUET_BIN=$(abspath $(BIN)) BUILD=$(abspath $(BUILD)) UNICODE=$(UNICODE) tests/run $(UNIT_BIN)

# The test programs that read ../shared (the published seed and the
# development set, beside the repository in our CI and never copied in):
# `make check` skips those cases where it is absent; here they must run.
SHARED      := ../shared
SEED_TESTS  := $(sort $(basename $(notdir $(shell grep -l -e testload_shared -e have_shared \
                   tests/unit/test_*.c tests/*/test_*.sh 2>/dev/null))))
check-seed: ensure-test-deps
	@test -r $(SHARED)/corpus/seed-sectioned-zh-en.txt || \
	    { echo "check-seed: no $(SHARED)/corpus/seed-sectioned-zh-en.txt beside the repository" >&2; exit 1; }
	@$(MAKE) --no-print-directory check-only TESTS='$(SEED_TESTS)' DUET_NO_SKIP=1

# The end-to-end test over a real SSH link: sshd on a loopback port.
check-ssh: ensure-test-deps
	@tools/deps "make check-ssh (an SSH server and client for the test over SSH)" $(SSH_DEBS)
	@$(MAKE) --no-print-directory check-only TESTS=test_ssh DUET_NO_SKIP=1

asan: ensure-test-deps
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS='-O1 -g -fno-omit-frame-pointer' \
	    SAN_FLAGS='-fsanitize=address,undefined -fno-sanitize-recover=all' check-only

# libFuzzer needs clang; the core is built with coverage, ASan and UBSan in
# $(FUZZ_BUILD). fuzz/run seeds each corpus and fails on any finding.
fuzzers: ensure-deps
	@tools/deps "make fuzz (clang and its sanitizer runtimes for libFuzzer)" $(FUZZ_DEBS)
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang CFLAGS='-O1 -g -fno-omit-frame-pointer' \
	    SAN_FLAGS='-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all' \
	    $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz/fuzz_%)

fuzz: fuzzers
	@FUZZ_BUILD=$(abspath $(FUZZ_BUILD)) fuzz/run $(FUZZ_SECONDS) $(FUZZ_NAMES)

# The terminal-facing suites with every duet run under valgrind (memcheck:
# leaks and invalid accesses are errors). tests/e2e/lib.sh and the CLI suite
# honour DUET_WRAP.
VALGRIND_DIR = $(abspath $(BUILD))/valgrind
valgrind: ensure-test-deps
	@tools/deps "make valgrind" $(VALGRIND_DEBS)
	@$(MAKE) --no-print-directory valgrind-only

valgrind-only: $(BIN) $(E2E_TOOLS) $(REPLAY_BIN)
	@rm -rf $(VALGRIND_DIR) && mkdir -p $(VALGRIND_DIR)
	@printf '#!/bin/sh\nexec valgrind -q --suppressions=$(abspath tests/valgrind.supp) --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --log-file=$(VALGRIND_DIR)/log.%%p "%s" "$$@"\n' \
	    "$(abspath $(BIN))" >$(VALGRIND_DIR)/duet && chmod +x $(VALGRIND_DIR)/duet
	@DUET_BIN=$(VALGRIND_DIR)/duet BUILD=$(abspath $(BUILD)) UNICODE=$(UNICODE) \
	    DUET_VALGRIND=1 E2E_TIMEOUT=60 tests/run; rc=$$?; \
	runs=$$(ls $(VALGRIND_DIR)/log.* 2>/dev/null | wc -l); bad=""; \
	for f in $(VALGRIND_DIR)/log.*; do [ -s "$$f" ] && bad="$$bad $$f"; done; \
	if [ -n "$$bad" ]; then for f in $$bad; do echo "== $$f"; head -n 60 "$$f"; done; \
	    echo "valgrind: errors or leaks in$$bad"; exit 1; fi; \
	echo "valgrind: $$runs runs of duet, no invalid access, no leak"; exit $$rc

# The heavy hostile inputs (hundreds of megabytes) on top of make check.
check-slow: check
	@echo "=== tests/hostile/slow_huge.sh"
	@DUET_BIN=$(abspath $(BIN)) BUILD=$(abspath $(BUILD)) tests/hostile/slow_huge.sh

bench: ensure-deps
	@tools/deps "make bench (a terminal emulator library, and less to compare with)" $(BENCH_DEBS)
	@$(MAKE) --no-print-directory bench-only

bench-only: $(BIN) $(BENCH_BIN)
	@BUILD=$(abspath $(BUILD)) DUET_BIN=$(abspath $(BIN)) bench/run

# The man page (with its tbl table) must pass both linters without a
# warning; `make check` runs this, and installs both tools first.
# groff renders it as man(1) shows it on a terminal: one continuous page
# (a tbl row meeting a paper page's foot is a warning about pages a
# terminal never has).
man-lint:
	@if ! command -v groff >/dev/null 2>&1; then echo "man-lint: no groff (make deps): skipped"; \
	else out=$$(printf '.pl 100000v\n' | cat - man/duet.1 | groff -t -man -Tutf8 -ww -z 2>&1); \
	    if [ -n "$$out" ]; then echo "$$out"; echo "man-lint: groff warnings in man/duet.1"; exit 1; fi; fi
	@if ! command -v mandoc >/dev/null 2>&1; then echo "man-lint: no mandoc (make deps): skipped"; \
	else out=$$(mandoc -T lint -W warning man/duet.1 2>&1); \
	    if [ -n "$$out" ]; then echo "$$out"; echo "man-lint: mandoc warnings in man/duet.1"; exit 1; fi; fi

# --- dependencies -----------------------------------------------------------

# Says what duet uses and why, and installs what building, running and
# testing need (tools/deps: apt-get, sudo when not root, or the command to
# run as root).
deps:
	@echo "deps: Debian packages duet uses:"
	@echo "  to build and run it (make run):  $(RUN_DEBS)"
	@echo "  to test it (make check adds):    $(TEST_DEBS)"
	@echo "  only for their own targets:      make check-ssh: $(SSH_DEBS);"
	@echo "                                   make fuzz: $(FUZZ_DEBS); make valgrind: $(VALGRIND_DEBS);"
	@echo "                                   make bench: $(BENCH_DEBS)"
	@tools/deps "make deps (building, running and testing duet)" $(RUN_DEBS) $(TEST_DEBS)
	@echo "deps: those of make run and make check are installed"

# `make run` calls ensure-deps first, `make check` ensure-test-deps: each
# installs (when missing) only its own lists, or says how.
ensure-deps:
	@tools/deps "make run (building and running duet)" $(RUN_DEBS)

ensure-test-deps:
	@tools/deps "make check (building duet and running its tests)" $(RUN_DEBS) $(TEST_DEBS)

# --- installing -------------------------------------------------------------

# The binary, the man page where `man duet` finds it (MANPATH or man's
# default PREFIX/share/man), and the bash completion (bash-completion loads
# COMPDIR/duet on demand).
install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(COMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/duet
	install -m 644 man/duet.1 $(DESTDIR)$(MANPREFIX)/man1/duet.1
	install -m 644 completion/duet $(DESTDIR)$(COMPDIR)/duet

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/duet $(DESTDIR)$(MANPREFIX)/man1/duet.1 $(DESTDIR)$(COMPDIR)/duet

clean:
	rm -rf build build-asan build-clang $(FUZZ_BUILD)

-include $(CORE_OBJ:.o=.d) $(APP_OBJ:.o=.d) $(TEST_SUPPORT_OBJ:.o=.d)
