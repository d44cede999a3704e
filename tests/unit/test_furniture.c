/* furniture: how source lines are cut into text, blank, markup and note
 * pieces. Each case is a source (its bytes in the string) and the pieces
 * the pass makes, written one a piece, blank lines left out:
 *
 *   LINE KIND[FLAGS] TEXT
 *
 * KIND: T text, M markup, N note (with its reason after a '/'); FLAGS:
 * g glued to the text before (an inline tag between), j joins the
 * paragraph before (inside a <p>, after a page break), c starts where a
 * line was cut, a a paragraph of its own (a title), b ends a paragraph,
 * s (blank lines) passed over — shown as "L s" when a blank line is. A
 * source where nothing is found is "whole". Then the pass's invariant:
 * the pieces hold every non-blank byte of every line once, in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/format/furniture.h"
#include "doc.h"
#include "text.h"

typedef struct furn_case {
    const char *name;
    const char *text;
    const char *want;
} furn_case;

static const furn_case cases[] = {
    {"plain lines: nothing found",
     "主持人：你好。\nHost: Hello.\n\n嘉宾：谢谢。\nGuest: Thanks.\n", "whole"},
    {"both languages on one line (9)",
     "We shipped it in May. 我们在五月发布了它。\n",
     "1 T We shipped it in May.\n1 T[c] 我们在五月发布了它。\n"},
    {"a gloss in brackets stays (9)",
     "我们需要更多算力（compute），也需要更多数据。\n", "whole"},
    {"a whole article on one line, labels inline (10)",
     "Host: Where were you born? 主持人：你在哪里出生？ Guest: In a port town. 嘉宾：一个港口小城。\n",
     "1 T Host: Where were you born?\n1 T[c] 主持人：你在哪里出生？\n"
     "1 T[c] Guest: In a port town.\n1 T[c] 嘉宾：一个港口小城。\n"},
    {"labels of one language inline, recurring (10)",
     "Host: Ready? Guest: Yes. Host: Then go. Guest: Going.\n",
     "1 T Host: Ready?\n1 T[c] Guest: Yes.\n1 T[c] Host: Then go.\n1 T[c] Guest: Going.\n"},
    {"front matter, YAML (1)",
     "---\ntitle: 一次谈话\ntags:\n  - 访谈\n---\n\n主持人：你好。\n",
     "1 N[b]/front matter ---\n2 N[b]/front matter title: 一次谈话\n3 N[b]/front matter tags:\n"
     "4 N[b]/front matter   - 访谈\n5 N[b]/front matter ---\n7 T 主持人：你好。\n"},
    {"front matter, TOML (1)",
     "+++\ntitle = \"A talk\"\n+++\nHost: Hi.\n",
     "1 N[b]/front matter +++\n2 N[b]/front matter title = \"A talk\"\n3 N[b]/front matter +++\n"
     "4 T Host: Hi.\n"},
    {"a rule at the top is no front matter without keys",
     "---\nWe talked for an hour.\n---\n",
     "1 N[b]/markup ---\n2 T We talked for an hour.\n3 N[b]/markup ---\n"},
    {"Markdown headings, image, link, contents (2)",
     "## 第一部分\n\n![](cover.png)\n\n- [Part one](#one)\n- [Part two](#two)\n\n"
     "[Read the original](https://example.org/a)\n\nHost: Hi.\n",
     "1 N[b]/heading ## 第一部分\n3 N[b]/image ![](cover.png)\n5 N[b]/link - [Part one](#one)\n"
     "6 N[b]/link - [Part two](#two)\n8 N[b]/link [Read the original](https://example.org/a)\n"
     "10 T Host: Hi.\n"},
    {"a heading in both languages is a title pair (2)",
     "# 芯片之路 / The Road to Chips\n",
     "1 M[b]/heading #\n1 T[a] 芯片之路\n1 M/heading /\n1 T[a] The Road to Chips\n"},
    {"two neighbouring headings in the two languages pair (2)",
     "# Listening to Ice\n# 倾听冰层\n",
     "1 M[b]/heading #\n1 T[a] Listening to Ice\n2 M[b]/heading #\n2 T[a] 倾听冰层\n"},
    {"HTML on one line: tags markup, toggle a note (3)",
     "中文段落。<details><summary>View original</summary><p class=\"en\">English paragraph.</p></details>\n",
     "1 T 中文段落。\n1 N[b]/toggle <details><summary>View original</summary><p class=\"en\">\n"
     "1 T English paragraph.\n1 N[b]/markup </p></details>\n"},
    {"HTML one tag a line, a <p> over two lines (3)",
     "<details>\n<summary>展开原文</summary>\n<p class=\"en\">First half of it\nand the rest.</p>\n</details>\n",
     "1 N[b]/markup <details>\n2 N[b]/toggle <summary>展开原文</summary>\n3 N[b]/markup <p class=\"en\">\n"
     "3 T First half of it\n4 T[j] and the rest.\n4 N[b]/markup </p>\n5 N[b]/markup </details>\n"},
    {"inline tags glue the text around them (3)",
     "This is <b>very</b> important.\n",
     "1 T This is\n1 M/markup <b>\n1 T[g] very\n1 M/markup </b>\n1 T[g] important.\n"},
    {"a span naming its language is a boundary (3)",
     "你好。<span lang=\"en\">Hello there, friend.</span>\n",
     "1 T 你好。\n1 N[b]/markup <span lang=\"en\">\n1 T Hello there, friend.\n1 M/markup </span>\n"},
    {"not tags: a < b, a VTT voice, an unknown element",
     "If a < b then <v Anna> says <foo>hi</foo>.\n", "whole"},
    {"shortcodes and containers (4)",
     "{{< en >}}\nHello.\n{{< /en >}}\n::: zh\n你好。\n:::\n",
     "1 N[b]/shortcode {{< en >}}\n2 T Hello.\n3 N[b]/shortcode {{< /en >}}\n"
     "4 N[b]/shortcode ::: zh\n5 T 你好。\n6 N[b]/shortcode :::\n"},
    {"bylines and credits at the ends (5)",
     "文/记者 王芳\n\n主持人：你好。\n\nHost: Hello.\n\n责任编辑：李明\n© 2024 某某网 All rights reserved\n",
     "1 N[b]/byline 文/记者 王芳\n3 T 主持人：你好。\n5 T Host: Hello.\n"
     "7 N[b]/credit 责任编辑：李明\n8 N[b]/credit © 2024 某某网 All rights reserved\n"},
    {"a photo credit, a lead, an editor's line and an end mark at the ends (5)",
     "Photo: Lin Yue for The Harbour Weekly\n\n导语：码头上的灯塔已经亮了六十年。\n\n"
     "主持人：你好。\n\nHost: Hello.\n\nThis interview has been condensed and edited.\n（完）\n",
     "1 N[b]/credit Photo: Lin Yue for The Harbour Weekly\n3 N[b]/lead 导语：码头上的灯塔已经亮了六十年。\n"
     "5 T 主持人：你好。\n7 T Host: Hello.\n9 N[b]/editor This interview has been condensed and edited.\n"
     "10 N[b]/end mark （完）\n"},
    {"a sentence about the interview that says nothing of editing, a bare 完: text",
     "主持人：你好。\n\nHost: Hello.\n\nThis interview was long.\n完\n",
     "whole"},
    {"a reporter's question is no byline",
     "记者：请问你们什么时候开始的？\n", "whole"},
    {"a page number in mid-sentence, blank lines around it (11)",
     "The harvest came late that year because the\n\n- 12 -\n\nrains did not stop until June.\n",
     "1 T The harvest came late that year because the\n2 s\n3 N/page furniture - 12 -\n4 s\n"
     "5 T[j] rains did not stop until June.\n"},
    {"page numbers in words: Page 3 of 12, 3/12, 第 3 页 共 12 页 (11)",
     "The harvest came late that year because the\nPage 3 of 12\n"
     "rains did not stop until the middle of June, and the\n- 4/12 -\n"
     "pickers waited in the village for the fields to dry.\n第 5 页 共 12 页\n"
     "That was the last year my father worked the terraces.\n",
     "1 T The harvest came late that year because the\n2 N/page furniture Page 3 of 12\n"
     "3 T[j] rains did not stop until the middle of June, and the\n4 N/page furniture - 4/12 -\n"
     "5 T[j] pickers waited in the village for the fields to dry.\n"
     "6 N/page furniture 第 5 页 共 12 页\n7 T That was the last year my father worked the terraces.\n"},
    {"a number in words that is no page: page 3 of the book",
     "Turn to page 3 of the book.\n", "whole"},
    {"a running header after a page number (11)",
     "茶树长在岩缝里，根扎进风化的\n- 2 -\n武夷茶人口述　黄启明\n石头里。\n",
     "1 T 茶树长在岩缝里，根扎进风化的\n2 N/page furniture - 2 -\n3 N/page furniture 武夷茶人口述　黄启明\n"
     "4 T[j] 石头里。\n"},
    {"a mail: headers, the reply, the quoted transcript (11)",
     "From: A <a@example.org>\nSubject: the interview\n\nHi all,\n\nOn Mon, 3 Jun 2024, B wrote:\n"
     "> 问：你好吗？\n> Q: How are you?\n> 答：很好。\n> A: Fine.\n",
     "1 N[b]/mail From: A <a@example.org>\n2 N[b]/mail Subject: the interview\n4 N[b]/mail Hi all,\n"
     "6 N[b]/mail On Mon, 3 Jun 2024, B wrote:\n7 M/markup > \n7 T 问：你好吗？\n8 M/markup > \n"
     "8 T Q: How are you?\n9 M/markup > \n9 T 答：很好。\n10 M/markup > \n10 T A: Fine.\n"},
    {"a table row keeps its languages in columns",
     "| Host | 你好。 | Hello there. |\n", "whole"},
};

static const char *kind_letter(uint8_t k)
{
    return k == FURN_TEXT ? "T" : k == FURN_MARKUP ? "M" : k == FURN_NOTE ? "N" : "?";
}

/* The pieces as the cases write them. */
static void render(const furn *f, const char *buf, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    if (f->whole) {
        snprintf(out, cap, "whole");
        return;
    }
    for (size_t i = 0; i < f->n && used < cap; i++) {
        const furn_piece *pc = &f->pieces[i];
        if (pc->kind == FURN_BLANK) {
            if (pc->flags & FURN_SKIP)
                used += (size_t)snprintf(out + used, cap - used, "%u s\n", (unsigned)pc->line);
            continue;
        }
        char flags[8];
        size_t k = 0;
        static const struct { uint8_t bit; char c; } names[] = {
            {FURN_GLUE, 'g'}, {FURN_JOIN, 'j'}, {FURN_CUT, 'c'}, {FURN_ALONE, 'a'}, {FURN_BREAK, 'b'}};
        for (size_t b = 0; b < sizeof names / sizeof *names; b++)
            if (pc->flags & names[b].bit)
                flags[k++] = names[b].c;
        flags[k] = '\0';
        used += (size_t)snprintf(out + used, cap - used, "%u %s%s%s%s", (unsigned)pc->line,
                                 kind_letter(pc->kind), k ? "[" : "", flags, k ? "]" : "");
        if (pc->kind != FURN_TEXT)
            used += (size_t)snprintf(out + used, cap - used, "/%s",
                                     doc_note_reason_name((doc_note_reason)pc->why));
        used += (size_t)snprintf(out + used, cap - used, " %.*s\n", (int)pc->len, buf + pc->start);
    }
}

/* Every non-blank byte of every line lies in exactly one piece, the pieces
 * in byte order, each inside its line. */
static void check_tiling(const furn *f, const text_decoded *t)
{
    if (f->whole)
        return;
    size_t at = 0;
    for (size_t i = 0; i < f->n; i++) {
        const furn_piece *pc = &f->pieces[i];
        assert_true(pc->line >= 1 && pc->line <= t->nlines);
        const text_line *tl = &t->lines[pc->line - 1];
        assert_true(pc->start >= tl->start && pc->start + pc->len <= tl->start + tl->len);
        assert_true(pc->start >= at);
        for (size_t k = at; k < pc->start; k++) /* between pieces: spaces and line ends */
            assert_true(t->buf[k] == ' ' || t->buf[k] == '\t' || t->buf[k] == '\n' ||
                        (unsigned char)t->buf[k] >= 0x80);
        at = pc->start + pc->len;
    }
    /* and every line has a piece */
    for (size_t l = 1; l <= t->nlines; l++) {
        bool seen = false;
        for (size_t i = 0; i < f->n && !seen; i++)
            seen = f->pieces[i].line == l;
        assert_true(seen);
    }
}

static void test_furniture_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        text_decoded t;
        assert_true(text_decode(cases[i].text, strlen(cases[i].text), &t));
        furn f;
        assert_int_equal(furn_make(t.buf, t.lines, t.nlines, &f), ST_OK);
        char got[4096];
        render(&f, t.buf, got, sizeof got);
        if (strcmp(got, cases[i].want) != 0)
            print_error("case %zu (%s):\ngot:\n%swant:\n%s\n", i, cases[i].name, got, cases[i].want);
        assert_string_equal(got, cases[i].want);
        check_tiling(&f, &t);
        furn_free(&f);
        text_decoded_free(&t);
    }
}

/* The notes the pieces make: runs of note pieces with nothing between are
 * one, with the strongest reason; front matter runs over its lines. */
static void test_furniture_notes(void **state)
{
    (void)state;
    static const char src[] = "---\ntitle: x\n---\n\n<details>\n<summary>View original</summary>\n"
                              "<p class=\"en\">Text.</p>\n</details>\n";
    text_decoded t;
    assert_true(text_decode(src, strlen(src), &t));
    furn f;
    assert_int_equal(furn_make(t.buf, t.lines, t.nlines, &f), ST_OK);
    assert_int_equal(f.nnotes, 3);
    assert_int_equal(f.notes[0].why, DOC_WHY_FRONT_MATTER); /* lines 1-3 */
    assert_int_equal(f.pieces[f.notes[0].first].line, 1);
    assert_int_equal(f.pieces[f.notes[0].last].line, 3);
    assert_int_equal(f.notes[1].why, DOC_WHY_TOGGLE);       /* <details> … <p class="en"> */
    assert_int_equal(f.pieces[f.notes[1].first].line, 5);
    assert_int_equal(f.pieces[f.notes[1].last].line, 7);
    assert_int_equal(f.notes[2].why, DOC_WHY_MARKUP);       /* </p> </details> */
    char ev[256];
    furn_evidence(&f, ev, sizeof ev);
    assert_non_null(strstr(ev, "front matter lines 1-3"));
    assert_non_null(strstr(ev, "1 toggle label"));
    furn_free(&f);
    text_decoded_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_furniture_cases),
        cmocka_unit_test(test_furniture_notes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
