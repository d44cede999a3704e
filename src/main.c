/* main — options, locale, opening files, wiring, exit codes.
 * (Foundation placeholder: the CLI lands with the reading issue.) */
#include <stdio.h>

#include "status.h"

int main(int argc, char **argv)
{
    (void)argv;
    if (argc < 2) {
        fprintf(stderr, "usage: duet [OPTIONS] FILE\n");
        return status_exit_code(ST_USAGE);
    }
    printf("duet %s\n", DUET_VERSION);
    return 0;
}
