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
    const char *time;    /* the time as written with it, NULL when none */
    int64_t ms;
} label_case;

static const label_case labels[] = {
    /* alone on the line, ASCII and full-width colons, stray spaces */
    {"主持人:", "主持人", "主持人:", "", "", LABEL_COLON, NULL, 0},
    {"蔡崇信 :", "蔡崇信", "蔡崇信 :", "", "", LABEL_COLON, NULL, 0},
    {"  蔡崇信：  ", "蔡崇信", "蔡崇信：", "", "", LABEL_COLON, NULL, 0},
    {"蔡 崇 信：", "蔡崇信", "蔡 崇 信：", "", "", LABEL_COLON, NULL, 0},
    {"Joe Tsai:", "Joe Tsai", "Joe Tsai:", "", "", LABEL_COLON, NULL, 0},
    {"Kam  Shing Kwang :", "Kam Shing Kwang", "Kam  Shing Kwang :", "", "", LABEL_COLON, NULL, 0},
    {"史蒂夫·乔布斯：", "史蒂夫·乔布斯", "史蒂夫·乔布斯：", "", "", LABEL_COLON, NULL, 0},
    {"嘉宾A：", "嘉宾A", "嘉宾A：", "", "", LABEL_COLON, NULL, 0},
    {"Speaker 2:", "Speaker 2", "Speaker 2:", "", "", LABEL_COLON, NULL, 0},
    {"Dr. Li Feifei:", "Dr. Li Feifei", "Dr. Li Feifei:", "", "", LABEL_COLON, NULL, 0},
    {"Ursula von der Leyen:", "Ursula von der Leyen", "Ursula von der Leyen:", "", "", LABEL_COLON, NULL, 0},
    /* Q/A and 问/答 */
    {"Q: What comes next?", "Q", "Q:", "What comes next?", "", LABEL_COLON, NULL, 0},
    {"A:", "A", "A:", "", "", LABEL_COLON, NULL, 0},
    {"问：下一步是什么？", "问", "问：", "下一步是什么？", "", LABEL_COLON, NULL, 0},
    {"答:我们会继续投入。", "答", "答:", "我们会继续投入。", "", LABEL_COLON, NULL, 0},
    /* a short capital name may have its text glued to the colon */
    {"Q:What would you tell a founder?", "Q", "Q:", "What would you tell a founder?", "", LABEL_COLON, NULL, 0},
    {"HZ:No.", "HZ", "HZ:", "No.", "", LABEL_COLON, NULL, 0},
    /* inline: a label starting the line with the turn's text after it */
    {"Host: Welcome back to the show.", "Host", "Host:", "Welcome back to the show.", "", LABEL_COLON, NULL, 0},
    {"主持人：欢迎回来。", "主持人", "主持人：", "欢迎回来。", "", LABEL_COLON, NULL, 0},
    {"主持人:真的吗?很棒。", "主持人", "主持人:", "真的吗?很棒。", "", LABEL_COLON, NULL, 0},
    /* a parenthesised abbreviation or role */
    {"Lionel Barber (B): So tell me.", "Lionel Barber", "Lionel Barber (B):", "So tell me.", "B", LABEL_COLON, NULL, 0},
    {"蔡崇信（阿里巴巴集团主席）：", "蔡崇信", "蔡崇信（阿里巴巴集团主席）：", "", "阿里巴巴集团主席", LABEL_COLON, NULL, 0},
    {"Joe Tsai (Chairman, Alibaba):", "Joe Tsai", "Joe Tsai (Chairman, Alibaba):", "", "Chairman, Alibaba", LABEL_COLON, NULL, 0},
    /* a time in parentheses, as speech-to-text exports write it: the
     * label's time, not a role */
    {"Speaker 1 (00:01:02): Welcome.", "Speaker 1", "Speaker 1", "Welcome.", "", LABEL_COLON, "(00:01:02)", 62000},
    {"主持人（00:52）：", "主持人", "主持人", "", "", LABEL_COLON, "（00:52）", 52000},
    /* speech-to-text headers: a name and a time, no colon of their own */
    {"发言人 1 00:52", "发言人1", "发言人 1", "", "", LABEL_TIMED, "00:52", 52000},
    {"说话人1 00：52", "说话人1", "说话人1", "", "", LABEL_TIMED, "00：52", 52000},
    {"Speaker 1  0:05", "Speaker 1", "Speaker 1", "", "", LABEL_TIMED, "0:05", 5000},
    {"Unknown Speaker  2:56", "Unknown Speaker", "Unknown Speaker", "", "", LABEL_TIMED, "2:56", 176000},
    {"Host 00:01:23", "Host", "Host", "", "", LABEL_TIMED, "00:01:23", 83000},
    {"张三 00:00:05.300 ", "张三", "张三", "", "", LABEL_TIMED, "00:00:05.300", 5300},
    {"张三 (00:52)", "张三", "张三", "", "", LABEL_TIMED, "(00:52)", 52000},
    {"SPEAKER_01 1:02:03", "SPEAKER_01", "SPEAKER_01", "", "", LABEL_TIMED, "1:02:03", 3723000},
    {"00:52 张三", "张三", "张三", "", "", LABEL_TIMED, "00:52", 52000},
    /* a time before the label, or opening its text */
    {"[00:01:23] Host:", "Host", "Host:", "", "", LABEL_COLON, "[00:01:23]", 83000},
    {"[00:01:23] Host: Welcome back.", "Host", "Host:", "Welcome back.", "", LABEL_COLON, "[00:01:23]", 83000},
    {"(00:52) 张三：大家好。", "张三", "张三：", "大家好。", "", LABEL_COLON, "(00:52)", 52000},
    {"（00：52）张三：", "张三", "张三：", "", "", LABEL_COLON, "（00：52）", 52000},
    {"**[00:00:18]** SPEAKER A: Do you", "SPEAKER A", "SPEAKER A:", "Do you", "", LABEL_COLON, "**[00:00:18]**", 18000},
    {"[00:00:05 - 00:00:09] Speaker 2: Yes.", "Speaker 2", "Speaker 2:", "Yes.", "", LABEL_COLON, "[00:00:05 - 00:00:09]", 5000},
    {"Speaker 1: [00:00:05] Hello there.", "Speaker 1", "Speaker 1:", "Hello there.", "", LABEL_COLON, "[00:00:05]", 5000},
    {"[00:10] [Host] Hi.", "Host", "[Host]", "Hi.", "", LABEL_BRACKET, "[00:10]", 10000},
    /* numbering and quoting around a label */
    {"Q): What is it?", "Q", "Q):", "What is it?", "", LABEL_COLON, NULL, 0},
    {"A）：是这样。", "A", "A）：", "是这样。", "", LABEL_COLON, NULL, 0},
    {"问）：为什么？", "问", "问）：", "为什么？", "", LABEL_COLON, NULL, 0},
    {"> Host: Welcome.", "Host", "Host:", "Welcome.", "", LABEL_COLON, NULL, 0},
    {">> 主持人：欢迎。", "主持人", "主持人：", "欢迎。", "", LABEL_COLON, NULL, 0},
    {"▲【港报记者】请问？", "港报记者", "【港报记者】", "请问？", "", LABEL_BRACKET, NULL, 0},
    {"• Host: Hi.", "Host", "Host:", "Hi.", "", LABEL_COLON, NULL, 0},
    {"Q1：2023 年的目标是什么？", "Q1", "Q1：", "2023 年的目标是什么？", "", LABEL_COLON, NULL, 0},
    /* brackets and Markdown bold */
    {"【主持人】", "主持人", "【主持人】", "", "", LABEL_BRACKET, NULL, 0},
    {"【主持人】欢迎各位。", "主持人", "【主持人】", "欢迎各位。", "", LABEL_BRACKET, NULL, 0},
    {"[Host] Welcome.", "Host", "[Host]", "Welcome.", "", LABEL_BRACKET, NULL, 0},
    {"[Host]: Welcome.", "Host", "[Host]:", "Welcome.", "", LABEL_BRACKET, NULL, 0},
    {"**Host**: Welcome.", "Host", "**Host**:", "Welcome.", "", LABEL_BOLD, NULL, 0},
    {"**主持人：**欢迎。", "主持人", "**主持人：**", "欢迎。", "", LABEL_BOLD, NULL, 0},
    {"**Joe Tsai:** Thanks.", "Joe Tsai", "**Joe Tsai:**", "Thanks.", "", LABEL_BOLD, NULL, 0},
    {"**City planner:** From the city's side,", "City planner", "**City planner:**", "From the city's side,", "", LABEL_BOLD, NULL, 0},
    /* label-looking lines that are lexically labels (the reader decides) */
    {"系列其他文章:", "系列其他文章", "系列其他文章:", "", "", LABEL_COLON, NULL, 0},

    /* ---- not labels ---- */
    /* sentences with a colon */
    {"We said: yes, and they agreed.", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"Number one: we believe in AGI.", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"通过此次交流,蔡崇信表示:我们看到了阿里巴巴的决心。", NULL, NULL, NULL, NULL, 0, NULL, 0},
    /* the seed's marker line: too long to be a name */
    {"以下是讨论交流的翻译内容及原文第二部分(所有内容由通义听悟及通义千问进行转译):", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"以下是对话全文的中文翻译和英文原文，供读者参考：", NULL, NULL, NULL, NULL, 0, NULL, 0},
    /* times, ratios, URLs, glued words */
    {"10:30", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"10:30 Opening remarks", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"Session 2:30 pm", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"https://example.com/interview", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"Source:https://example.com", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"ISBN:9780000000000", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"URL:http://example.com", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"Q:1", NULL, NULL, NULL, NULL, 0, NULL, 0},
    /* a time's colon is never a label's */
    {"发言人 1 00：52 And now, friends", NULL, NULL, NULL, NULL, 0, NULL, 0}, /* only label_match_header */
    {"10:30 we met", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"10:30am: coffee", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"会议在 10：30 开始", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"00:52", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"[00:01:23]", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"[00:01:23] Welcome back, everyone.", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"Chapter 3:12", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"John 3:16", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"3:16 John", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"We met at 10:30", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"At 10:30 we met", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"1) First:", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"a): first", NULL, NULL, NULL, NULL, 0, NULL, 0},
    /* notes are never speakers (label_note_line tells them) */
    {"注：本文有删节。", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"译者注：这里指的是去年。", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"编者按：以下为对话实录。", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"【编者按】以下为对话实录。", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"来源：新华社", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"Note: the recording was cut.", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"NOTE: cut", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"PS: thanks.", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"Source: Reuters", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"**Note:** cut", NULL, NULL, NULL, NULL, 0, NULL, 0},
    /* no colon, empty name, punctuation only, Markdown link */
    {"主持人", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {":", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {" ：开头", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"---:", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"[laughter]", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"[1]", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"[OpenAI](https://openai.com) said", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"**Important** note", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"   ", NULL, NULL, NULL, NULL, 0, NULL, 0},
    /* an unclosed parenthesis hides the colon */
    {"Note (see below: it matters", NULL, NULL, NULL, NULL, 0, NULL, 0},
    /* names too long */
    {"The First Second Third Fourth Fifth Sixth: x", NULL, NULL, NULL, NULL, 0, NULL, 0},
    {"阿里巴巴集团董事会主席兼首席执行官先生：", NULL, NULL, NULL, NULL, 0, NULL, 0},
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
        assert_int_equal(m.time_ms, c->time ? c->ms : -1);
        if (c->time) {
            assert_int_equal(m.time_len, strlen(c->time));
            assert_memory_equal(c->line + m.time_start, c->time, m.time_len);
        }
    }
}

/* A header with the turn's text on the same line, as speech-to-text exports
 * write it: only label_match_header takes it. */
static void test_label_header(void **state)
{
    (void)state;
    static const struct {
        const char *line, *name, *text, *time;
    } cases[] = {
        {"发言人 1 00：52 And now, friends", "发言人1", "And now, friends", "00：52"},
        {"发言人2 01:10 So the editor", "发言人2", "So the editor", "01:10"},
        {"Speaker 1  0:05 Hi there.", "Speaker 1", "Hi there.", "0:05"},
        {"John 3:16 says it.", NULL, NULL, NULL},
        {"说话人1 00:01:10 开场白", "说话人1", "开场白", "00:01:10"},
        {"Host: Welcome.", "Host", "Welcome.", NULL}, /* the other shapes too */
        {"At 10:30 we met", "At", "we met", "10:30"}, /* why a reader must judge */
        {"We met at 10:30", NULL, NULL, NULL},
        {"注 00:52 删节", NULL, NULL, NULL},
        {"发言人 304：44now.", NULL, NULL, NULL}, /* glued: no header */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        label_match m;
        const char *line = cases[i].line;
        bool got = label_match_header(line, strlen(line), &m);
        if (got != (cases[i].name != NULL))
            print_error("case %zu \"%s\"\n", i, line);
        assert_int_equal(got, cases[i].name != NULL);
        if (!got)
            continue;
        assert_string_equal(m.name, cases[i].name);
        assert_string_equal(line + m.text, cases[i].text);
        if (cases[i].time)
            assert_memory_equal(line + m.time_start, cases[i].time, strlen(cases[i].time));
        else
            assert_int_equal(m.time_ms, -1);
    }
}

/* Notes that look like labels: their own words start after the label. */
static void test_label_note_line(void **state)
{
    (void)state;
    static const struct {
        const char *line, *text; /* NULL: not a note */
    } cases[] = {
        {"注：本文有删节。", "本文有删节。"},
        {"译注：这里指的是去年。", "这里指的是去年。"},
        {"译者注：这里指的是去年。", "这里指的是去年。"},
        {"编者按：以下为对话实录。", "以下为对话实录。"},
        {"【编者按】以下为对话实录。", "以下为对话实录。"},
        {"（译者注：这里指的是去年。）", "这里指的是去年。）"},
        {"来源：新华社", "新华社"},
        {"Note: the recording was cut.", "the recording was cut."},
        {"NOTE : cut", "cut"},
        {"Editor's note: This interview was edited.", "This interview was edited."},
        {"Translator\u2019s note: a pun.", "a pun."},
        {"PS: thanks.", "thanks."},
        {"P.S. : thanks.", "thanks."},
        {"Source: Reuters", "Reuters"},
        {"[Note: inaudible]", "inaudible]"},
        {"**Note:** cut", "cut"},
        {"> 注：删节。", "删节。"},
        {"注意：这是一句话。", NULL},      /* a word that begins like one */
        {"Notebook: mine", NULL},
        {"Host: Note that.", NULL},
        {"Source://example.com", NULL},
        {"我们注：", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t text = 0;
        const char *line = cases[i].line;
        bool got = label_note_line(line, strlen(line), &text);
        if (got != (cases[i].text != NULL))
            print_error("case %zu \"%s\"\n", i, line);
        assert_int_equal(got, cases[i].text != NULL);
        if (got)
            assert_string_equal(line + text, cases[i].text);
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
    assert_string_equal(label_shape_name(LABEL_TIMED), "timed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_label_table),
        cmocka_unit_test(test_label_header),
        cmocka_unit_test(test_label_note_line),
        cmocka_unit_test(test_label_long_line),
        cmocka_unit_test(test_label_invalid_bytes),
        cmocka_unit_test(test_label_shape_names),
    };
    return cmocka_run_group_tests_name("label", tests, NULL, NULL);
}
