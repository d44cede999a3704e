/* ttyin — the bytes a terminal sends, decoded into events: keys, the mouse,
 * pastes and the terminal's answers.
 *
 * duet reads the terminal itself and decodes here, with bounds everywhere,
 * rather than through curses: ncurses 6.4 decodes an SGR mouse report of 34
 * or more parameters into a fixed array on the stack and overflows it
 * (pasting such text is enough to crash a program that has the mouse on).
 * Any bytes are input: nothing here can grow past its bounds, and whatever
 * does not parse is dropped whole, never read as keys.
 *
 * What it decodes:
 *   - characters: UTF-8, also split across reads (a Chinese character
 *     typed over SSH can come in two packets); invalid bytes are dropped;
 *     control characters are keys of their own (Ctrl-C is 3);
 *   - keys that send sequences: CSI (ESC [ or U+009B) and SS3 (ESC O)
 *     sequences, matched first against the terminal's own strings (terminfo's
 *     key capabilities, handed in as bindings), then by their standard
 *     meaning (arrows, Home, End, pages, Delete, F1, the keypad in
 *     application mode; modifiers ignored); the Linux console's F1 (ESC [ [ A);
 *   - Esc: an ESC with nothing after it within esc_ms (ttyin_wait_ms,
 *     ttyin_timeout); an ESC followed by a byte that starts no sequence is
 *     Esc, then that byte (Alt-x is Esc then x);
 *   - the mouse: SGR reports (ESC [ < b ; x ; y M, or m for a release)
 *     with exactly three numbers of at most TTYIN_NUMBER_MAX, and X10
 *     reports (ESC [ M and three bytes); a malformed or overlong report is
 *     dropped;
 *   - bracketed paste (ESC [ 200 ~ … ESC [ 201 ~): the text between, as one
 *     event, at most TTYIN_PASTE_MAX bytes of it kept (the rest dropped);
 *     a paste whose end does not come within TTYIN_PASTE_MS ends there;
 *   - the terminal's answers: a cursor position report (ESC [ row ; col R)
 *     is an event; device attributes (ESC [ ? … c, ESC [ > … c), other CSI
 *     sequences with private parameters, and strings (OSC, DCS, APC, PM,
 *     SOS: up to BEL or ST, at most TTYIN_STRING_MAX bytes) are dropped.
 * A sequence longer than TTYIN_SEQ_MAX bytes is dropped to its final byte;
 * a sequence cut by a control character or ESC is dropped and the byte
 * read afresh; one left incomplete for ttyin_wait_ms is dropped
 * (ttyin_timeout). Feeding the same bytes in any pieces gives the same
 * events, as long as no timeout falls between them.
 *
 * Pure: bytes in, events out; no terminal, no curses, no clock (the caller
 * waits and says when the wait ran out).
 */
#ifndef DUET_TTYIN_H
#define DUET_TTYIN_H

#include <stdbool.h>
#include <stddef.h>

#define TTYIN_SEQ_MAX 32              /* bytes of a CSI or SS3 sequence kept */
#define TTYIN_STRING_MAX 4096         /* bytes of a string (OSC …) read at most */
#define TTYIN_PASTE_MAX (64 * 1024)   /* bytes of a paste kept */
#define TTYIN_NUMBER_MAX 65535        /* largest number in a mouse report */
#define TTYIN_SEQ_MS 100              /* the rest of a sequence or character may take */
#define TTYIN_PASTE_MS 2000           /* the end of a paste may take */
#define TTYIN_ESC_MS 25               /* a lone ESC waits, by default (ESCDELAY) */

typedef enum {
    TTYIN_KEY,    /* key: a code point or an ACTION_KEY_* code (action.h) */
    TTYIN_MOUSE,  /* x, y, button, release */
    TTYIN_PASTE,  /* text, len */
    TTYIN_CURSOR  /* row, col: a cursor position report */
} ttyin_kind;

typedef struct ttyin_event {
    ttyin_kind kind;
    int key;
    int x, y;         /* the mouse: the cell, 0-based */
    int button;       /* the report's button number: 0 left, 1 middle, 2
                         right, 64 wheel up, 65 wheel down; +4 Shift, +8
                         Alt, +16 Ctrl, +32 motion */
    bool release;     /* a button let go (SGR's m, X10's button 3) */
    int row, col;     /* the cursor position report, 1-based */
    const char *text; /* the paste: len bytes as the terminal sent them (any
                         bytes: the receiver decides what to keep); valid
                         until the next call on the decoder */
    size_t len;
} ttyin_event;

/* A string a key sends (terminfo's kcuu1, kbs …) and the key it means. */
typedef struct ttyin_binding {
    const char *seq; /* borrowed; NULL or "" is skipped */
    int key;
} ttyin_binding;

typedef struct ttyin ttyin;

/* A decoder that knows the n bindings (copied; a binding of more than
 * TTYIN_SEQ_MAX bytes is skipped) and waits esc_ms (< 0: TTYIN_ESC_MS) for
 * what follows an ESC. NULL when memory runs out. */
ttyin *ttyin_new(const ttyin_binding *b, size_t n, int esc_ms);

/* Frees the decoder; NULL is fine. */
void ttyin_free(ttyin *t);

/* Takes n more bytes; call it once ttyin_next has returned false (the
 * bytes held are then at most one read's). False when memory runs out
 * (the bytes are dropped). */
bool ttyin_feed(ttyin *t, const void *bytes, size_t n);

/* The next complete event from the bytes fed, into *ev; false when the
 * bytes held make none (yet). */
bool ttyin_next(ttyin *t, ttyin_event *ev);

/* Milliseconds to wait for more bytes before calling ttyin_timeout: what
 * was read so far may be the start of something longer (an ESC, part of a
 * character or sequence, a paste); -1 when nothing waits. */
int ttyin_wait_ms(const ttyin *t);

/* The wait ran out with no byte: a lone ESC becomes Esc, a paste ends
 * with what came, anything else incomplete is dropped. Then ttyin_next
 * gives what that made. */
void ttyin_timeout(ttyin *t);

#endif
