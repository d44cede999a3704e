/* grow — see grow.h. */
#include "grow.h"

#include <stdint.h>
#include <stdlib.h>

bool grow_to(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    if (elem == 0 || need > SIZE_MAX / elem)
        return false;
    size_t ncap = *cap ? *cap : need > 16 ? need : 16; /* a first size is exact */
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    if (ncap > SIZE_MAX / elem)
        ncap = need; /* doubling would overflow where need does not */
    void *p = realloc(*arr, ncap * elem);
    if (!p)
        return false;
    *arr = p;
    *cap = ncap;
    return true;
}

void grow_fit(void **arr, size_t *cap, size_t n, size_t elem)
{
    if (n == 0 || n >= *cap)
        return;
    void *p = realloc(*arr, n * elem);
    if (!p)
        return;
    *arr = p;
    *cap = n;
}
