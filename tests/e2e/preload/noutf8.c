/* noutf8 — an LD_PRELOAD shim for tests: a system with no UTF-8 locale.
 * setlocale() refuses every UTF-8 locale name, and "" (the environment's
 * locale) becomes "C", so a program sees what it would on a machine where
 * C.UTF-8 and the rest were never installed. Built by the test that uses
 * it (tests/e2e/test_locale.sh), not by the Makefile: it is no program. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <locale.h>
#include <string.h>

typedef char *(*setlocale_fn)(int, const char *);

char *setlocale(int category, const char *name)
{
    static setlocale_fn real;
    if (!real) {
        void *p = dlsym(RTLD_NEXT, "setlocale");
        memcpy(&real, &p, sizeof real);
    }
    if (name && (strcasestr(name, "utf-8") || strcasestr(name, "utf8")))
        return NULL;
    if (name && !*name)
        name = "C";
    return real(category, name);
}
