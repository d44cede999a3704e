/* loader — a load in a thread of its own (see loader.h). */
#include "loader.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct loader {
    char *names[2];
    input in[2];
    size_t n;
    const format *forced;
    pthread_t thread;
    int pipe[2];          /* the thread writes a byte to [1] when done */
    /* the result, valid once done is set */
    doc *d;
    status st;
    format_report rep;
    pthread_mutex_t lock; /* guards go, done and abandoned */
    pthread_cond_t wake;  /* signalled on go and abandoned */
    bool go, done, abandoned;
};

/* Abandoned loaders still running: kept reachable, so that a leak check at
 * exit sees what their threads hold as in use, not lost. */
static loader *loader_abandoned_list[8];
static pthread_mutex_t loader_list_lock = PTHREAD_MUTEX_INITIALIZER;

static void loader_free(loader *l)
{
    for (size_t i = 0; i < 2; i++) {
        free(l->names[i]);
        input_free(&l->in[i]);
    }
    for (int i = 0; i < 2; i++)
        if (l->pipe[i] >= 0)
            close(l->pipe[i]);
    pthread_cond_destroy(&l->wake);
    pthread_mutex_destroy(&l->lock);
    free(l);
}

static void loader_forget(loader *l)
{
    pthread_mutex_lock(&loader_list_lock);
    for (size_t i = 0; i < sizeof loader_abandoned_list / sizeof *loader_abandoned_list; i++)
        if (loader_abandoned_list[i] == l)
            loader_abandoned_list[i] = NULL;
    pthread_mutex_unlock(&loader_list_lock);
}

static void *loader_thread(void *arg)
{
    loader *l = arg;
    pthread_mutex_lock(&l->lock); /* the first screen comes first */
    while (!l->go && !l->abandoned)
        pthread_cond_wait(&l->wake, &l->lock);
    bool given_up = l->abandoned;
    pthread_mutex_unlock(&l->lock);
    if (given_up) {
        loader_forget(l);
        loader_free(l);
        return NULL;
    }
    const char *names[2] = {l->names[0], l->names[1]};
    doc *d = NULL; /* (the doc takes the bytes over: a file is held once) */
    status st = format_load_inputs(names, l->in, l->n, l->forced, &d, &l->rep);
    pthread_mutex_lock(&l->lock);
    l->d = d;
    l->st = st;
    l->done = true;
    bool abandoned = l->abandoned;
    pthread_mutex_unlock(&l->lock);
    if (abandoned) { /* nobody waits: clean up after ourselves */
        doc_free(d);
        loader_forget(l);
        loader_free(l);
        return NULL;
    }
    if (l->pipe[1] >= 0 && write(l->pipe[1], "d", 1) < 0) {
        /* the reader polls loader_done as well */
    }
    return NULL;
}

loader *loader_start(const char *const *names, input *in, size_t n, const format *forced)
{
    if (n == 0 || n > 2)
        return NULL;
    loader *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->pipe[0] = l->pipe[1] = -1;
    l->n = n;
    l->forced = forced;
    pthread_mutex_init(&l->lock, NULL);
    pthread_cond_init(&l->wake, NULL);
    for (size_t i = 0; i < n; i++)
        if (!(l->names[i] = strdup(names[i] ? names[i] : "-"))) {
            loader_free(l);
            return NULL;
        }
    if (pipe(l->pipe) == 0) {
        for (int i = 0; i < 2; i++) {
            fcntl(l->pipe[i], F_SETFL, fcntl(l->pipe[i], F_GETFL) | O_NONBLOCK);
            fcntl(l->pipe[i], F_SETFD, FD_CLOEXEC);
        }
    } else {
        l->pipe[0] = l->pipe[1] = -1;
    }
    for (size_t i = 0; i < n; i++)
        l->in[i] = in[i];
    /* The thread takes no signals: SIGINT, SIGTERM, SIGHUP and SIGWINCH
     * must reach the thread that waits for keys, to wake it. Faults are
     * its own and stay unblocked, so that the screen's handler gives the
     * terminal back should one happen here. */
    sigset_t all, old;
    sigfillset(&all);
    static const int faults[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS};
    for (size_t i = 0; i < sizeof faults / sizeof *faults; i++)
        sigdelset(&all, faults[i]);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int err = pthread_create(&l->thread, NULL, loader_thread, l);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (err != 0) {
        for (size_t i = 0; i < n; i++)
            memset(&l->in[i], 0, sizeof l->in[i]); /* still the caller's */
        loader_free(l);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        memset(&in[i], 0, sizeof in[i]);
    return l;
}

void loader_go(loader *l)
{
    pthread_mutex_lock(&l->lock);
    l->go = true;
    pthread_cond_signal(&l->wake);
    pthread_mutex_unlock(&l->lock);
}

int loader_fd(const loader *l)
{
    return l ? l->pipe[0] : -1;
}

bool loader_done(loader *l)
{
    pthread_mutex_lock(&l->lock);
    bool done = l->done;
    pthread_mutex_unlock(&l->lock);
    return done;
}

status loader_finish(loader *l, doc **out, format_report *rep, const char *const *names)
{
    pthread_join(l->thread, NULL);
    *out = l->d;
    if (rep) {
        *rep = l->rep;
        rep->failed_path = NULL; /* it pointed at our copies of the names */
        for (size_t i = 0; i < l->n; i++)
            if (l->rep.failed_path == l->names[i])
                rep->failed_path = names[i];
    }
    status st = l->st;
    loader_free(l);
    return st;
}

void loader_abandon(loader *l)
{
    if (!l)
        return;
    pthread_mutex_lock(&l->lock);
    bool done = l->done;
    if (!done) {
        l->abandoned = true;
        pthread_cond_signal(&l->wake);
        pthread_mutex_lock(&loader_list_lock);
        for (size_t i = 0; i < sizeof loader_abandoned_list / sizeof *loader_abandoned_list; i++)
            if (!loader_abandoned_list[i]) {
                loader_abandoned_list[i] = l;
                break;
            }
        pthread_mutex_unlock(&loader_list_lock);
    }
    pthread_t thread = l->thread; /* l may be gone once unlocked */
    pthread_mutex_unlock(&l->lock);
    if (done) { /* it ended meanwhile: an ordinary finish */
        doc *d;
        loader_finish(l, &d, NULL, NULL);
        doc_free(d);
    } else {
        pthread_detach(thread);
    }
}
