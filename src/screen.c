/* screen — the full-screen reader on a terminal; the only file that
 * includes curses. (The reader itself arrives with issue 4; until then this
 * file holds what main needs from curses.) */
#include "screen.h"

#include <curses.h>

const char *screen_curses_version(void)
{
    return curses_version();
}
