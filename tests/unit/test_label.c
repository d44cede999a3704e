/* label: what is and what is not a speaker label, as lines of real
 * transcripts write them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "label.h"

typedef struct {
    const char *line;
    const char *name;    /* NULL: not a label */
    const char *written; /* the label as written */
    const char *text;    /* what follows it ("" when alone) */
    const char *paren;
    label_shape shape;
} label_case;

static const label_case labels[] = {
    /* alone on the line, ASCII and full-width colons, stray spaces */
    {"主持人:", "主持人", "主持人:", "", "", LABEL_COLON},
    {"蔡崇信 :", "蔡崇信", "蔡崇信 :", "", "", LABEL_COLON},
    {"  蔡崇信：  ", "蔡崇信", "蔡崇信：", "", "", LABEL_COLON},
    {"蔡 崇 信：", "蔡崇信", "蔡 崇 信：", "", "", LABEL_COLON},
    {"Joe Tsai:", "Joe Tsai", "Joe Tsai:", "", "", LABEL_COLON},
    {"Kam  Shing Kwang :", "Kam Shing Kwang", "Kam  Shing Kwang :", "", "", LABEL_COLON},
    {"史蒂夫·乔布斯：", "史蒂夫·乔布斯", "史蒂夫·乔布斯：", "", "", LABEL_COLON},
    {"嘉宾A：", "嘉宾A", "嘉宾A：", "", "", LABEL_COLON},
    {"Speaker 2:", "Speaker 2", "Speaker 2:", "", "", LABEL_COLON},
    {"Dr. Li Feifei:", "Dr. Li Feifei", "Dr. Li Feifei:", "", "", LABEL_COLON},
    {"Ursula von der Leyen:", "Ursula von der Leyen", "Ursula von der Leyen:", "", "", LABEL_COLON},
    /* Q/A and 问/答 */
    {"Q: What comes next?", "Q", "Q:", "What comes next?", "", LABEL_COLON},
    {"A:", "A", "A:", "", "", LABEL_COLON},
    {"问：下一步是什么？", "问", "问：", "下一步是什么？", "", LABEL_COLON},
    {"答:我们会继续投入。", "答", "答:", "我们会继续投入。", "", LABEL_COLON},
    /* a short capital name may have its text glued to the colon */
    {"Q:What would you tell a founder?", "Q", "Q:", "What would you tell a founder?", "", LABEL_COLON},
    {"HZ:No.", "HZ", "HZ:", "No.", "", LABEL_COLON},
    /* inline: a label starting the line with the turn's text after it */
    {"Host: Welcome back to the show.", "Host", "Host:", "Welcome back to the show.", "", LABEL_COLON},
    {"主持人：欢迎回来。", "主持人", "主持人：", "欢迎回来。", "", LABEL_COLON},
    {"主持人:真的吗?很棒。", "主持人", "主持人:", "真的吗?很棒。", "", LABEL_COLON},
    /* a parenthesised abbreviation or role */
    {"Lionel Barber (B): So tell me.", "Lionel Barber", "Lionel Barber (B):", "So tell me.", "B", LABEL_COLON},
    {"蔡崇信（阿里巴巴集团主席）：", "蔡崇信", "蔡崇信（阿里巴巴集团主席）：", "", "阿里巴巴集团主席", LABEL_COLON},
    {"Joe Tsai (Chairman, Alibaba):", "Joe Tsai", "Joe Tsai (Chairman, Alibaba):", "", "Chairman, Alibaba", LABEL_COLON},
    /* a time in parentheses, as speech-to-text exports write it */
    {"Speaker 1 (00:01:02): Welcome.", "Speaker 1", "Speaker 1 (00:01:02):", "Welcome.", "00:01:02", LABEL_COLON},
    {"主持人（00:52）：", "主持人", "主持人（00:52）：", "", "00:52", LABEL_COLON},
    /* brackets and Markdown bold */
    {"【主持人】", "主持人", "【主持人】", "", "", LABEL_BRACKET},
    {"【主持人】欢迎各位。", "主持人", "【主持人】", "欢迎各位。", "", LABEL_BRACKET},
    {"[Host] Welcome.", "Host", "[Host]", "Welcome.", "", LABEL_BRACKET},
    {"[Host]: Welcome.", "Host", "[Host]:", "Welcome.", "", LABEL_BRACKET},
    {"**Host**: Welcome.", "Host", "**Host**:", "Welcome.", "", LABEL_BOLD},
    {"**主持人：**欢迎。", "主持人", "**主持人：**", "欢迎。", "", LABEL_BOLD},
    {"**Joe Tsai:** Thanks.", "Joe Tsai", "**Joe Tsai:**", "Thanks.", "", LABEL_BOLD},
    /* label-looking lines that are lexically labels (the reader decides) */
    {"系列其他文章:", "系列其他文章", "系列其他文章:", "", "", LABEL_COLON},

    /* ---- not labels ---- */
    /* sentences with a colon */
    {"We said: yes, and they agreed.", NULL, NULL, NULL, NULL, 0},
    {"Number one: we believe in AGI.", NULL, NULL, NULL, NULL, 0},
    {"通过此次交流,蔡崇信表示:我们看到了阿里巴巴的决心。", NULL, NULL, NULL, NULL, 0},
    /* the seed's marker line: too long to be a name */
    {"以下是讨论交流的翻译内容及原文第二部分(所有内容由通义听悟及通义千问进行转译):", NULL, NULL, NULL, NULL, 0},
    {"以下是对话全文的中文翻译和英文原文，供读者参考：", NULL, NULL, NULL, NULL, 0},
    /* times, ratios, URLs, glued words */
    {"10:30", NULL, NULL, NULL, NULL, 0},
    {"10:30 Opening remarks", NULL, NULL, NULL, NULL, 0},
    {"Session 2:30 pm", NULL, NULL, NULL, NULL, 0},
    {"https://example.com/interview", NULL, NULL, NULL, NULL, 0},
    {"Source:https://example.com", NULL, NULL, NULL, NULL, 0},
    {"ISBN:9780000000000", NULL, NULL, NULL, NULL, 0},
    {"URL:http://example.com", NULL, NULL, NULL, NULL, 0},
    {"Q:1", NULL, NULL, NULL, NULL, 0},
    /* no colon, empty name, punctuation only, Markdown link */
    {"主持人", NULL, NULL, NULL, NULL, 0},
    {":", NULL, NULL, NULL, NULL, 0},
    {" ：开头", NULL, NULL, NULL, NULL, 0},
    {"---:", NULL, NULL, NULL, NULL, 0},
    {"[laughter]", NULL, NULL, NULL, NULL, 0},
    {"[1]", NULL, NULL, NULL, NULL, 0},
    {"[OpenAI](https://openai.com) said", NULL, NULL, NULL, NULL, 0},
    {"**Important** note", NULL, NULL, NULL, NULL, 0},
    {"", NULL, NULL, NULL, NULL, 0},
    {"   ", NULL, NULL, NULL, NULL, 0},
    /* an unclosed parenthesis hides the colon */
    {"Note (see below: it matters", NULL, NULL, NULL, NULL, 0},
    /* names too long */
    {"The First Second Third Fourth Fifth Sixth: x", NULL, NULL, NULL, NULL, 0},
    {"阿里巴巴集团董事会主席兼首席执行官先生：", NULL, NULL, NULL, NULL, 0},
};

static void test_label_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        const label_case *c = &labels[i];
        label_match m;
        size_t n = strlen(c->line);
        bool got = label_match_line(c->line, n, &m);
        if (got != (c->name != NULL))
            print_error("case %zu \"%s\": %s\n", i, c->line,
                        got ? "taken for a label" : "not recognised");
        assert_int_equal(got, c->name != NULL);
        if (!got)
            continue;
        assert_string_equal(m.name, c->name);
        assert_string_equal(m.paren, c->paren);
        assert_int_equal(m.shape, c->shape);
        assert_int_equal(m.len, strlen(c->written));
        assert_memory_equal(c->line + m.start, c->written, m.len);
        assert_string_equal(c->line + m.text, c->text);
        assert_int_equal(m.alone, c->text[0] == '\0');
    }
}

/* A long line with a colon far in is not scanned to its end. */
static void test_label_long_line(void **state)
{
    (void)state;
    static char line[100000];
    memset(line, 'x', sizeof line - 3);
    line[0] = 'X';
    memcpy(line + sizeof line - 3, ":", 2);
    label_match m;
    assert_false(label_match_line(line, strlen(line), &m));
}

/* Invalid bytes (tests feed raw bytes) never make a name. */
static void test_label_invalid_bytes(void **state)
{
    (void)state;
    label_match m;
    assert_false(label_match_line("\xff\xfe:", 3, &m));
    assert_false(label_match_line("Host\xe4:", 6, &m));
}

static void test_label_shape_names(void **state)
{
    (void)state;
    assert_string_equal(label_shape_name(LABEL_COLON), "colon");
    assert_string_equal(label_shape_name(LABEL_BRACKET), "bracket");
    assert_string_equal(label_shape_name(LABEL_BOLD), "bold");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_label_table),
        cmocka_unit_test(test_label_long_line),
        cmocka_unit_test(test_label_invalid_bytes),
        cmocka_unit_test(test_label_shape_names),
    };
    return cmocka_run_group_tests_name("label", tests, NULL, NULL);
}
