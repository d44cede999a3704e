/* encoding — which character encoding a transcript's bytes are in, and
 * their conversion to UTF-8 (glibc iconv).
 *
 * Everything after this module reads UTF-8. Detection, in order:
 *   - a byte-order mark: UTF-8, UTF-16LE/BE, UTF-32LE/BE;
 *   - valid UTF-8 (ASCII included);
 *   - GB18030 or Big5 when the bytes form valid multi-byte CJK text: they
 *     convert without error, and most of their two-byte characters fall in
 *     the encoding's common area (GB2312's punctuation and hanzi rows for
 *     GB18030, Big5's punctuation and frequent hanzi for Big5) — a Latin-1
 *     or Big5 file read as GB18030 lands in rare rows, kana and Greek, and
 *     the reverse likewise;
 *   - else UTF-8 after all, its invalid sequences shown as U+FFFD, with
 *     the count, so that a caller can say "another encoding? --encoding".
 * Any other encoding (Latin-1, Windows-1252, Shift_JIS, UTF-16 without a
 * mark …) is read only when named: a forced name applies as given, its
 * unconvertible bytes become U+FFFD.
 *
 * Decided on a sample (the first ENCODING_SAMPLE bytes), so a large file
 * is scanned once, by the conversion itself. Knows nothing of files or
 * documents.
 */
#ifndef DUET_ENCODING_H
#define DUET_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

#define ENCODING_NAME_MAX 32       /* with the NUL */
#define ENCODING_SAMPLE ((size_t)64 * 1024)

/* What encoding_to_utf8 found and did. */
typedef struct encoding_info {
    char name[ENCODING_NAME_MAX]; /* "UTF-8", "UTF-16LE", "GB18030", "BIG5",
                                     or a forced name, upper-cased */
    bool forced;          /* named by the caller, not detected */
    bool converted;       /* the bytes were rewritten from another encoding */
    size_t invalid;       /* UTF-8 read: invalid sequences (each will show
                             as one U+FFFD) in the first ENCODING_SAMPLE
                             bytes (text_decoded counts them all);
                             converted: bytes that did not convert and
                             became U+FFFD */
} encoding_info;

/* True when iconv can convert from `name` to UTF-8 (for --encoding). */
bool encoding_known(const char *name);

/* The encoding n bytes of s are in, by the rules above, as a static name:
 * "UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "GB18030" or
 * "BIG5". */
const char *encoding_detect(const char *s, size_t n);

/* True when the first bytes of s look like a binary file, not text in any
 * encoding duet reads: a known binary signature (PNG, ELF, gzip, zip, PDF
 * …), two NUL bytes or more among the first 512 where no UTF-16/32
 * mark explains them, or mostly bytes
 * that no supported encoding decodes. Control characters alone do not
 * make a file binary (they are shown visibly). A file whose encoding is
 * forced is only judged by its signature. */
bool encoding_looks_binary(const char *s, size_t n, bool forced);

/* Makes *bytes (malloc'd, *n bytes followed by a NUL) UTF-8: detected as
 * above, or converted from `forced` when it is not NULL. A conversion
 * replaces *bytes by a new malloc'd buffer (NUL-terminated) and frees the
 * old one; UTF-8 input stays where it is. ST_NO_MEMORY leaves *bytes as
 * it was; ST_USAGE when iconv does not know `forced`. *info says what was
 * read. */
status encoding_to_utf8(char **bytes, size_t *n, const char *forced, encoding_info *info);

/* What was read, in words, for --check and the status line: "GB18030",
 * "UTF-16LE", "UTF-8 (3 invalid sequences shown as U+FFFD; another
 * encoding? --encoding=NAME)", "BIG5 (2 bytes did not convert, shown as
 * U+FFFD)". A zeroed info reads "UTF-8". Returns buf. */
const char *encoding_describe(const encoding_info *info, char *buf, size_t cap);

/* True when what was read deserves a word on opening: another encoding
 * than UTF-8, or UTF-8 with invalid sequences. */
bool encoding_noteworthy(const encoding_info *info);

#endif
