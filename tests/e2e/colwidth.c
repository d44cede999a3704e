/* colwidth — for each line of standard input (a captured screen row),
 * prints "WIDTH DIVIDER": its display width and the display column of its
 * first U+2502 (or '|' when none; -1 when neither), counted with the C
 * library's wcwidth per code point, as the terminal (tmux) counts cells for
 * what duet draws. A code point wcwidth does not know makes WIDTH -1: duet
 * must never hand the terminal one. Used by the end-to-end tests. */
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

int main(int argc, char **argv)
{
    (void)argv;
    if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, ""))
        return 2;
    char line[1 << 16];
    wchar_t divider = argc > 1 ? L'|' : 0x2502;
    while (fgets(line, sizeof line, stdin)) {
        size_t n = strcspn(line, "\n");
        mbstate_t st;
        memset(&st, 0, sizeof st);
        int col = 0, div = -1;
        for (size_t i = 0; i < n;) {
            wchar_t wc;
            size_t k = mbrtowc(&wc, line + i, n - i, &st);
            if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
                col = -1;
                break;
            }
            int w = wcwidth(wc);
            if (w < 0) {
                col = -1;
                break;
            }
            if (wc == divider && div < 0)
                div = col;
            col += w;
            i += k;
        }
        printf("%d %d\n", col, div);
    }
    return 0;
}
