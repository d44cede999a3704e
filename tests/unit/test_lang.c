/* lang: the language of real transcript lines, mixed scripts included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lang.h"

static const struct {
    const char *text;
    lang_id want;
} cases[] = {
    /* Chinese with Latin words inside (the seed's lines, shortened) */
    {"我们还打造了最大的开源AI社区ModelScope,该平台集聚了众多其他开源AI资源。", LANG_ZH},
    {"考虑到微软和OpenAI是两个分离的实体,它们目前维持着良好的合作关系。", LANG_ZH},
    {"AI与云计算的融合至关重要。为什么这么说?", LANG_ZH},
    {"很多人讨论着通用人工智能(AGI)的理想", LANG_ZH},
    {"无论是选择我们的开源版本还是通过API访问的专有版本", LANG_ZH},
    /* term-dense Chinese: as many CJK characters as Latin words */
    {"我们用了 ModelScope API 和 OpenAI GPT-4 Turbo", LANG_ZH},
    /* full-width punctuation and letters */
    {"主持人：你好，欢迎来到ＡＩ峰会！", LANG_ZH},
    /* English with Chinese names and a transliteration inside */
    {"Well, for me to sit here and talk about AI is like ban men Fu, you know.", LANG_EN},
    {"I met 蔡崇信 at the summit in Shanghai last week.", LANG_EN},
    {"Kai-Fu Lee (李开复) said that 创新工场 is doing very well these days.", LANG_EN},
    {"Alibaba has developed our proprietary large language model called Tong Yi Qianwen.", LANG_EN},
    {"It's what we don't know yet.", LANG_EN},
    /* Kana and Hangul count with the CJK side */
    {"これは日本語の文です。", LANG_ZH},
    {"한국어 문장입니다", LANG_ZH},
    /* neutral: digits, punctuation, symbols, nothing */
    {"2024-05-31 10:30", LANG_NONE},
    {"——", LANG_NONE},
    {"。，！？", LANG_NONE},
    {"", LANG_NONE},
    {"   ", LANG_NONE},
};

static void test_lang_detect_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lang_id got = lang_detect(cases[i].text, strlen(cases[i].text));
        if (got != cases[i].want)
            print_error("case %zu \"%s\": got %s, want %s\n", i, cases[i].text,
                        lang_code(got), lang_code(cases[i].want));
        assert_int_equal(got, cases[i].want);
    }
}

static void test_lang_counts_evidence(void **state)
{
    (void)state;
    lang_counts c = {0};
    /* "AI与云计算 2024" = A I (1 word, 2 letters), 4 Han, 4 digits */
    const char *s = "AI\xe4\xb8\x8e\xe4\xba\x91\xe8\xae\xa1\xe7\xae\x97 2024";
    lang_count(s, strlen(s), &c);
    assert_int_equal(c.latin, 2);
    assert_int_equal(c.latin_words, 1);
    assert_int_equal(c.cjk, 4);
    assert_int_equal(c.digits, 4);
    assert_int_equal(c.other, 0);
    /* apostrophes join a word; hyphens split it */
    lang_counts w = {0};
    lang_count("don\xe2\x80\x99t e-mail", strlen("don\xe2\x80\x99t e-mail"), &w);
    assert_int_equal(w.latin_words, 3);
    assert_int_equal(w.other, 2); /* the apostrophe and the hyphen */
}

static void test_lang_counts_accumulate(void **state)
{
    (void)state;
    /* counting in pieces adds up: a one-line label plus its text */
    lang_counts c = {0};
    lang_count("Host", 4, &c);
    lang_count("\xe4\xbd\xa0\xe5\xa5\xbd", 6, &c); /* 你好 */
    assert_int_equal(c.latin_words, 1);
    assert_int_equal(c.cjk, 2);
    assert_int_equal(lang_classify(&c), LANG_ZH);
}

static void test_lang_invalid_bytes(void **state)
{
    (void)state;
    lang_counts c = {0};
    lang_count("\xff\xfe" "abc", 5, &c);
    assert_int_equal(c.other, 2);
    assert_int_equal(c.latin_words, 1);
    /* a truncated sequence at the end does not read past n */
    assert_int_equal(lang_detect("\xe4\xbd", 2), LANG_NONE);
}

/* Every code point counts once, on the side lang_is_cjk / lang_is_latin
 * put it (the ASCII and three-byte fast paths agree with them). */
static void test_lang_every_code_point(void **state)
{
    (void)state;
    for (uint32_t cp = 1; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char b[4];
        size_t n;
        if (cp < 0x80) {
            b[0] = (char)cp, n = 1;
        } else if (cp < 0x800) {
            b[0] = (char)(0xC0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
        } else if (cp < 0x10000) {
            b[0] = (char)(0xE0 | cp >> 12), b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
        } else {
            b[0] = (char)(0xF0 | cp >> 18), b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
            b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
        }
        lang_counts c = {0};
        lang_count(b, n, &c);
        uint32_t total = c.cjk + c.latin + c.digits + c.other;
        if (total > 1 || c.cjk != lang_is_cjk(cp) || c.latin != lang_is_latin(cp) ||
            c.latin_words != c.latin)
            fail_msg("U+%04X counted cjk %u latin %u digits %u other %u", cp, c.cjk, c.latin,
                     c.digits, c.other);
    }
    /* Han, Latin, neither */
    assert_true(lang_is_cjk(0x4E00) && lang_is_cjk(0x9FFF) && lang_is_cjk(0x20000));
    assert_false(lang_is_cjk(0x4DC0)); /* a Yijing hexagram, not a letter */
    assert_false(lang_is_cjk(0x3002)); /* 。 is neutral */
    assert_true(lang_is_latin('a') && lang_is_latin(0xE9) && lang_is_latin(0xFF21));
    assert_false(lang_is_latin(0xD7)); /* × */
}

/* Surrogates and overlong forms are invalid: one `other` per bad byte. */
static void test_lang_bad_three_byte_forms(void **state)
{
    (void)state;
    lang_counts c = {0};
    lang_count("\xed\xa0\x80", 3, &c); /* U+D800 */
    assert_int_equal(c.cjk + c.latin, 0);
    assert_int_equal(c.other, 3);
    lang_counts o = {0};
    lang_count("\xe0\x81\x81", 3, &o); /* overlong 'A' */
    assert_int_equal(o.latin, 0);
}

static void test_lang_code(void **state)
{
    (void)state;
    assert_string_equal(lang_code(LANG_ZH), "zh");
    assert_string_equal(lang_code(LANG_EN), "en");
    assert_string_equal(lang_code(LANG_NONE), "none");
}

/* Where a line changes language: each case is a line and the text of
 * each stretch lang_cuts leaves, '|' between them. */
static const struct {
    const char *line;
    bool anywhere;
    const char *want;
} cut_cases[] = {
    /* both languages on one line, either order, with or without a space */
    {"We shipped it in May. 我们在五月发布了它。", false,
     "We shipped it in May. |我们在五月发布了它。"},
    {"我们在五月发布了它。We shipped it in May.", false,
     "我们在五月发布了它。|We shipped it in May."},
    {"Host: How did it start? 主持人：一开始是怎样的？ Guest: By accident. 嘉宾：纯属偶然。", false,
     "Host: How did it start? |主持人：一开始是怎样的？ |Guest: By accident. |嘉宾：纯属偶然。"},
    /* an announcing colon ends a sentence too */
    {"以下为这次谈话的记录: On Monday we met the team that built it.", false,
     "以下为这次谈话的记录: |On Monday we met the team that built it."},
    /* opening quotes go with the new stretch; closing ones stay */
    {"He said it would take a year. “我们只用了三个月。”", false,
     "He said it would take a year. |“我们只用了三个月。”"},
    /* glosses in brackets stay where they are, in either language */
    {"我们需要更多算力（compute），也需要更多数据。", false, "我们需要更多算力（compute），也需要更多数据。"},
    {"The signature dish is the omelette (料理, cuisine), served hot.", false,
     "The signature dish is the omelette (料理, cuisine), served hot."},
    {"I always tell them fish and chips.(薯片和鱼,布丁是英国的国菜) Maybe more.", false,
     "I always tell them fish and chips.(薯片和鱼,布丁是英国的国菜) Maybe more."},
    /* a gloss in brackets just before the sentence end hides no change */
    {"They call it \"the ninety-nine\" (九十九级). 他们叫它“九十九级”（the ninety-nine）。", false,
     "They call it \"the ninety-nine\" (九十九级). |他们叫它“九十九级”（the ninety-nine）。"},
    /* a quotation inside a sentence is not a stretch of its own */
    {"他说：“We will win.”然后离开了。", false, "他说：“We will win.”然后离开了。"},
    /* Latin words inside Chinese after a sentence end: still Chinese */
    {"这是第一步。OpenAI后来也这么做了，效果很好。", false, "这是第一步。OpenAI后来也这么做了，效果很好。"},
    /* too small to be a sentence: one word, a word and a character */
    {"好的。OK.", false, "好的。OK."},
    {"我们已经讨论了很多开源模型的问题.🙂OpenAI之?", false, "我们已经讨论了很多开源模型的问题.🙂OpenAI之?"},
    /* no sentence end: no cut, unless anywhere (a heading) */
    {"芯片之路 The Road to Chips", false, "芯片之路 The Road to Chips"},
    {"芯片之路 / The Road to Chips", true, "芯片之路 / |The Road to Chips"},
    /* symbols are not English: a control shown visibly is no stretch */
    {"我们今天谈谈终端安全。^[]52;c;SGFja2Vk^G ^[]0;PWN^G 这是第一段。", false,
     "我们今天谈谈终端安全。^[]52;c;SGFja2Vk^G ^[]0;PWN^G 这是第一段。"},
    /* "3.5" and "e.g." end no sentence */
    {"版本3.5很快。e.g.这个词", false, "版本3.5很快。e.g.这个词"},
};

static void test_lang_cuts_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cut_cases / sizeof *cut_cases; i++) {
        const char *s = cut_cases[i].line;
        size_t n = strlen(s);
        uint32_t cuts[16];
        size_t m = lang_cuts(s, n, cut_cases[i].anywhere, cuts, 16);
        char got[512];
        size_t used = 0, from = 0;
        for (size_t k = 0; k <= m; k++) {
            size_t to = k < m ? cuts[k] : n;
            used += (size_t)snprintf(got + used, sizeof got - used, "%s%.*s", k ? "|" : "",
                                     (int)(to - from), s + from);
            from = to;
        }
        if (strcmp(got, cut_cases[i].want) != 0)
            print_error("case %zu: got [%s]\n want [%s]\n", i, got, cut_cases[i].want);
        assert_string_equal(got, cut_cases[i].want);
        /* the quick count says no exactly where there is no cut */
        lang_counts c = {0};
        lang_count(s, n, &c);
        if (!cut_cases[i].anywhere && m)
            assert_true(c.switches > 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lang_detect_table),
        cmocka_unit_test(test_lang_counts_evidence),
        cmocka_unit_test(test_lang_counts_accumulate),
        cmocka_unit_test(test_lang_invalid_bytes),
        cmocka_unit_test(test_lang_every_code_point),
        cmocka_unit_test(test_lang_bad_three_byte_forms),
        cmocka_unit_test(test_lang_code),
        cmocka_unit_test(test_lang_cuts_table),
    };
    return cmocka_run_group_tests_name("lang", tests, NULL, NULL);
}
