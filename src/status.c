/* status — one table of outcomes, their messages and exit codes. */
#include "status.h"

static const struct {
    const char *message;
    int exit_code;
} status_info[] = {
#define STATUS_INFO(name, code, msg) [name] = {msg, code},
    STATUS_TABLE(STATUS_INFO)
#undef STATUS_INFO
};

const char *status_message(status s)
{
    return (s >= 0 && s < ST_COUNT) ? status_info[s].message : "unknown error";
}

int status_exit_code(status s)
{
    return (s >= 0 && s < ST_COUNT) ? status_info[s].exit_code : 1;
}
