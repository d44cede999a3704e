/* encoding — see encoding.h. */
#include "encoding.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "grow.h"

/* ---- what the bytes look like ------------------------------------------- */

typedef struct encoding_bom {
    const char *bytes;
    size_t len;
    const char *name;
    size_t unit; /* bytes of one code unit: what a bad sequence skips */
} encoding_bom;

/* Longest first: UTF-32LE's mark starts with UTF-16LE's. */
static const encoding_bom encoding_boms[] = {
    {"\xff\xfe\0\0", 4, "UTF-32LE", 4},
    {"\0\0\xfe\xff", 4, "UTF-32BE", 4},
    {"\xef\xbb\xbf", 3, "UTF-8", 1},
    {"\xff\xfe", 2, "UTF-16LE", 2},
    {"\xfe\xff", 2, "UTF-16BE", 2},
};

static const encoding_bom *encoding_bom_of(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof encoding_boms / sizeof encoding_boms[0]; k++)
        if (n >= encoding_boms[k].len && memcmp(s, encoding_boms[k].bytes, encoding_boms[k].len) == 0)
            return &encoding_boms[k];
    return NULL;
}

/* The signatures of files that are certainly not text. */
static bool encoding_binary_magic(const char *s, size_t n)
{
    static const struct {
        const char *magic;
        size_t len;
    } magics[] = {
        {"\x89PNG\r\n\x1a\n", 8}, {"\x7f" "ELF", 4},    {"\x1f\x8b", 2},
        {"PK\x03\x04", 4},        {"\xfd" "7zXZ\0", 6}, {"\x28\xb5\x2f\xfd", 4},
        {"GIF8", 4},              {"\xff\xd8\xff", 3},  {"%PDF-", 5},
        {"BZh", 3},               {"7z\xbc\xaf\x27\x1c", 6},
    };
    for (size_t k = 0; k < sizeof magics / sizeof magics[0]; k++)
        if (n >= magics[k].len && memcmp(s, magics[k].magic, magics[k].len) == 0)
            return true;
    return false;
}

/* How n bytes read as UTF-8: multi-byte sequences that are valid, and bytes
 * inside invalid ones. A sequence cut by the end of a sample (`cut`) is
 * not counted against it. */
typedef struct encoding_utf8_counts {
    size_t multibyte, invalid, invalid_bytes, nuls;
} encoding_utf8_counts;

static encoding_utf8_counts encoding_count_utf8(const char *s, size_t n, bool cut)
{
    encoding_utf8_counts c = {0, 0, 0, 0};
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            c.nuls += p[i] == 0;
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k > 0) {
            c.multibyte++;
            i += (size_t)k;
            continue;
        }
        /* how far the broken sequence reaches: its lead and continuations */
        size_t j = i + 1;
        while (j < n && j < i + 4 && (p[j] & 0xC0) == 0x80)
            j++;
        if (cut && j == n && n - i < 4)
            break; /* cut by the sample's end, not broken */
        c.invalid++;
        c.invalid_bytes += j - i;
        i = j;
    }
    return c;
}

/* How n bytes read in a double-byte CJK encoding: its characters, of which
 * in the encoding's common area; false when a lead byte has no valid trail
 * (not this encoding). A pair cut by the sample's end is not counted. */
typedef struct encoding_dbcs_counts {
    size_t chars, common;
} encoding_dbcs_counts;

typedef bool (*encoding_pair_test)(unsigned lead, unsigned trail, bool *common);

/* GB18030: lead 81–FE; trail 40–7E or 80–FE (two bytes) or, with a digit
 * second, four bytes. Common: GB2312's punctuation rows (A1–A3) and hanzi
 * rows (B0–F7) with a GB2312 trail (A1–FE). */
static bool encoding_gb_pair(unsigned lead, unsigned trail, bool *common)
{
    if (lead < 0x81 || lead > 0xFE || trail < 0x40 || trail == 0x7F || trail > 0xFE)
        return false;
    *common = trail >= 0xA1 && ((lead >= 0xA1 && lead <= 0xA3) || (lead >= 0xB0 && lead <= 0xF7));
    return true;
}

/* Big5 (with the HKSCS extension's leads from 87): trail 40–7E or A1–FE.
 * Common: the punctuation (A140–A3BF) and the frequent hanzi (A440–C67E). */
static bool encoding_big5_pair(unsigned lead, unsigned trail, bool *common)
{
    if (lead < 0x87 || lead > 0xFE || trail < 0x40 || (trail > 0x7E && trail < 0xA1) || trail > 0xFE)
        return false;
    unsigned code = lead << 8 | trail;
    *common = (code >= 0xA140 && code <= 0xA3BF) || (code >= 0xA440 && code <= 0xC67E);
    return true;
}

static bool encoding_count_dbcs(const char *s, size_t n, encoding_pair_test pair, bool four_byte,
                                encoding_dbcs_counts *c)
{
    const unsigned char *p = (const unsigned char *)s;
    c->chars = c->common = 0;
    for (size_t i = 0; i < n;) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        if (i + 1 >= n)
            break; /* cut */
        if (four_byte && p[i + 1] >= 0x30 && p[i + 1] <= 0x39) {
            if (i + 3 >= n)
                break;
            if (p[i] < 0x81 || p[i + 2] < 0x81 || p[i + 2] > 0xFE || p[i + 3] < 0x30 || p[i + 3] > 0x39)
                return false;
            c->chars++; /* a four-byte character: never common */
            i += 4;
            continue;
        }
        bool common = false;
        if (!pair(p[i], p[i + 1], &common))
            return false;
        c->chars++;
        c->common += common;
        i += 2;
    }
    return true;
}

/* The share of common characters below which a double-byte reading is
 * implausible: real text keeps well above it (GB2312 covers 99.75% of
 * simplified usage, Big5's frequent block most of traditional), while a
 * file in the other encoding, or Latin-1 read as one, falls far below. */
#define ENCODING_COMMON_SHARE 0.7

/* The share of common characters of a plausible reading, else -1. */
static double encoding_dbcs_share(const char *s, size_t n, encoding_pair_test pair, bool four_byte)
{
    encoding_dbcs_counts c;
    if (!encoding_count_dbcs(s, n, pair, four_byte, &c) || c.chars < 2)
        return -1;
    double share = (double)c.common / (double)c.chars;
    return share >= ENCODING_COMMON_SHARE ? share : -1;
}

const char *encoding_detect(const char *s, size_t n)
{
    const encoding_bom *bom = encoding_bom_of(s, n);
    if (bom)
        return bom->name;
    size_t m = n < ENCODING_SAMPLE ? n : ENCODING_SAMPLE;
    encoding_utf8_counts u = encoding_count_utf8(s, m, m < n);
    /* A stray bad byte in a UTF-8 file is not another encoding. */
    if (u.invalid == 0 || u.invalid * 20 < u.multibyte)
        return "UTF-8";
    double gb = encoding_dbcs_share(s, m, encoding_gb_pair, true);
    double big5 = encoding_dbcs_share(s, m, encoding_big5_pair, false);
    if (gb < 0 && big5 < 0)
        return "UTF-8";
    return big5 > gb ? "BIG5" : "GB18030";
}

/* Two NULs or more among a file's first ENCODING_NUL_SNIFF bytes make it
 * binary (executables and images have them from the start); a stray one,
 * or NULs further on, are flaws of a text, shown as ^@ (a NUL must not
 * truncate a transcript). */
#define ENCODING_MAX_NULS 1
#define ENCODING_NUL_SNIFF ((size_t)512)
#define ENCODING_BINARY_SNIFF ((size_t)4096)

bool encoding_looks_binary(const char *s, size_t n, bool forced)
{
    if (encoding_binary_magic(s, n))
        return true;
    if (forced)
        return false;
    const encoding_bom *bom = encoding_bom_of(s, n);
    if (bom && bom->unit > 1)
        return false; /* UTF-16/32: NULs are half its ASCII */
    size_t head = n < ENCODING_NUL_SNIFF ? n : ENCODING_NUL_SNIFF;
    if (encoding_count_utf8(s, head, head < n).nuls > ENCODING_MAX_NULS)
        return true;
    size_t m = n < ENCODING_BINARY_SNIFF ? n : ENCODING_BINARY_SNIFF;
    encoding_utf8_counts u = encoding_count_utf8(s, m, m < n);
    if (u.invalid_bytes * 10 <= m * 3)
        return false; /* at most 30% undecodable as UTF-8: text */
    return encoding_dbcs_share(s, m, encoding_gb_pair, true) < 0 &&
           encoding_dbcs_share(s, m, encoding_big5_pair, false) < 0;
}

/* ---- conversion ------------------------------------------------------------ */

bool encoding_known(const char *name)
{
    if (!name || !*name)
        return false;
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return false;
    iconv_close(cd);
    return true;
}

/* Bytes one bad sequence of `name` skips: its code unit. */
static size_t encoding_unit(const char *name)
{
    if (strncmp(name, "UTF-16", 6) == 0 || strncmp(name, "UCS-2", 5) == 0)
        return 2;
    if (strncmp(name, "UTF-32", 6) == 0 || strncmp(name, "UCS-4", 5) == 0)
        return 4;
    return 1;
}

/* Converts n bytes of src from `from` to UTF-8 into a new malloc'd buffer
 * (*out, *outn bytes, NUL-terminated); bytes that do not convert become
 * one U+FFFD per code unit, counted in *invalid. */
static status encoding_convert(const char *src, size_t n, const char *from, char **out,
                               size_t *outn, size_t *invalid)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return errno == EINVAL ? ST_USAGE : ST_NO_MEMORY;
    size_t unit = encoding_unit(from);
    size_t cap = 0, len = 0;
    char *buf = NULL;
    status st = ST_OK;
    char *in = (char *)src; /* iconv's prototype; it does not write there */
    size_t inleft = n;
    *invalid = 0;
    if (!GROW(buf, cap, n + n / 2 + 16)) {
        iconv_close(cd);
        return ST_NO_MEMORY;
    }
    while (st == ST_OK && inleft > 0) {
        char *o = buf + len;
        size_t oleft = cap - len - 1; /* room for the NUL */
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        int err = errno;
        len = (size_t)(o - buf);
        if (r != (size_t)-1)
            continue;
        if (err == E2BIG || cap - len - 1 < 3) {
            if (!GROW(buf, cap, cap + cap / 2 + 16))
                st = ST_NO_MEMORY;
            continue;
        }
        /* EILSEQ (a bad sequence) or EINVAL (one cut by the end): one
         * U+FFFD for one code unit, and on from the initial state */
        size_t skip = inleft < unit ? inleft : unit;
        memcpy(buf + len, "\xef\xbf\xbd", 3);
        len += 3;
        in += skip;
        inleft -= skip;
        (*invalid)++;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    /* a stateful encoding's shift back to the initial state */
    while (st == ST_OK) {
        char *o = buf + len;
        size_t oleft = cap - len - 1;
        size_t r = iconv(cd, NULL, NULL, &o, &oleft);
        len = (size_t)(o - buf);
        if (r != (size_t)-1 || errno != E2BIG)
            break;
        if (!GROW(buf, cap, cap + cap / 2 + 16))
            st = ST_NO_MEMORY;
    }
    iconv_close(cd);
    if (st != ST_OK) {
        free(buf);
        return st;
    }
    GROW_FIT(buf, cap, len + 1);
    buf[len] = '\0';
    *out = buf;
    *outn = len;
    return ST_OK;
}

static void encoding_set_name(encoding_info *info, const char *name)
{
    size_t k = 0;
    for (; name[k] && k + 1 < sizeof info->name; k++)
        info->name[k] = (char)toupper((unsigned char)name[k]);
    info->name[k] = '\0';
}

status encoding_to_utf8(char **bytes, size_t *n, const char *forced, encoding_info *info)
{
    memset(info, 0, sizeof *info);
    const char *name = forced && *forced ? forced : encoding_detect(*bytes, *n);
    info->forced = forced && *forced;
    encoding_set_name(info, name);
    if (strcmp(info->name, "UTF-8") == 0 || strcmp(info->name, "UTF8") == 0) {
        /* The decoder shows bad sequences as U+FFFD itself, and counts
         * them all; here only the sample's, so that a large file is not
         * scanned twice before its first screen. */
        size_t m = *n < ENCODING_SAMPLE ? *n : ENCODING_SAMPLE;
        info->invalid = encoding_count_utf8(*bytes, m, m < *n).invalid;
        return ST_OK;
    }
    char *out = NULL;
    size_t outn = 0, invalid = 0;
    status st = encoding_convert(*bytes, *n, name, &out, &outn, &invalid);
    /* Big5 files from Hong Kong use HKSCS characters plain Big5 lacks. */
    if (st == ST_OK && invalid && !info->forced && strcmp(name, "BIG5") == 0) {
        char *hk = NULL;
        size_t hkn = 0, hkinvalid = 0;
        if (encoding_convert(*bytes, *n, "BIG5-HKSCS", &hk, &hkn, &hkinvalid) == ST_OK) {
            if (hkinvalid < invalid) {
                free(out);
                out = hk, outn = hkn, invalid = hkinvalid;
                encoding_set_name(info, "BIG5-HKSCS");
            } else {
                free(hk);
            }
        }
    }
    if (st != ST_OK)
        return st;
    free(*bytes);
    *bytes = out;
    *n = outn;
    info->converted = true;
    info->invalid = invalid;
    return ST_OK;
}

const char *encoding_describe(const encoding_info *info, char *buf, size_t cap)
{
    const char *name = info->name[0] ? info->name : "UTF-8";
    if (info->converted && info->invalid)
        snprintf(buf, cap, "%s (%zu bad %s shown as U+FFFD)", name, info->invalid,
                 info->invalid == 1 ? "sequence" : "sequences");
    else if (info->invalid)
        snprintf(buf, cap, "%s (%zu invalid %s shown as U+FFFD; another encoding? --encoding=NAME)",
                 name, info->invalid, info->invalid == 1 ? "sequence" : "sequences");
    else
        snprintf(buf, cap, "%s", name);
    return buf;
}

bool encoding_noteworthy(const encoding_info *info)
{
    return info->converted || info->invalid;
}
