/* loader — a load in a thread of its own (see loader.h). */
#include "loader.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct loader {
    char *names[2];
    input in[2];
    size_t n;
    const format *forced;
    pthread_t thread;
    int pipe[2];          /* the thread writes a byte to [1] when done, and
                             when a stream's document of what came is ready */
    input_stream *stream; /* read as it comes (loader_stream), else NULL */
    doc *partial;         /* the stream's newest document, not taken yet */
    bool reading;         /* the stream has not ended */
    /* the result, valid once done is set */
    doc *d;
    status st;
    format_report rep;
    pthread_mutex_t lock; /* guards go, done, abandoned, partial, reading */
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
    input_stream_free(l->stream);
    doc_free(l->partial);
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

/* Wakes whoever polls loader_fd. */
static void loader_wake(loader *l)
{
    if (l->pipe[1] >= 0 && write(l->pipe[1], "d", 1) < 0) {
        /* full: a wake-up is pending anyway; the reader polls loader_done as well */
    }
}

static long loader_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* A document of what the stream has had so far, handed over (replacing
 * one not taken yet); nothing when none can be made of it yet. */
static void loader_partial(loader *l)
{
    input in;
    doc *d = NULL;
    const char *names[1] = {l->names[0]};
    if (input_stream_snapshot(l->stream, &in) != ST_OK)
        return;
    status st = format_load_inputs(names, &in, 1, l->forced, &d, NULL);
    input_free(&in);
    if (st != ST_OK)
        return;
    pthread_mutex_lock(&l->lock);
    doc *old = l->partial;
    l->partial = d;
    pthread_mutex_unlock(&l->lock);
    doc_free(old);
    loader_wake(l);
}

static bool loader_given_up(loader *l)
{
    pthread_mutex_lock(&l->lock);
    bool given_up = l->abandoned;
    pthread_mutex_unlock(&l->lock);
    return given_up;
}

/* Reads the stream to its end, making documents of what has come on the
 * way, then leaves the whole in l->in[0]. */
static status loader_read_stream(loader *l)
{
    size_t shown = 0; /* bytes the last document was made of */
    long next = 0;    /* when the next may be made */
    for (;;) {
        if (loader_given_up(l))
            return ST_IO;
        size_t n = input_stream_size(l->stream);
        int wait = -1;
        if (n > shown) {
            long now = loader_now_ms();
            if (now >= next) {
                loader_partial(l);
                shown = n;
                long took = loader_now_ms() - now;
                next = now + (4 * took > LOADER_PARTIAL_MS ? 4 * took : LOADER_PARTIAL_MS);
                continue;
            }
            wait = (int)(next - now);
        }
        struct pollfd p = {input_stream_fd(l->stream), POLLIN, 0};
        int r = poll(&p, 1, wait);
        if (r <= 0)
            continue; /* the time for the next document */
        bool eof;
        status st = input_stream_read(l->stream, &eof);
        if (st == ST_OK && eof) {
            st = input_stream_finish(l->stream, &l->in[0]);
            pthread_mutex_lock(&l->lock);
            l->reading = false;
            pthread_mutex_unlock(&l->lock);
        }
        if (st != ST_OK || eof)
            return st;
    }
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
    status st = l->stream ? loader_read_stream(l) : ST_OK;
    if (st == ST_OK)
        st = format_load_inputs(names, l->in, l->n, l->forced, &d, &l->rep);
    else
        l->rep.failed_path = l->names[0];
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
    loader_wake(l);
    return NULL;
}

/* The loader of loader_start and loader_stream: its thread started on the
 * n inputs in[] (taken over on success) or the stream s. */
static loader *loader_make(const char *const *names, input *in, size_t n, input_stream *s,
                           const format *forced)
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
    l->stream = s;
    l->reading = s != NULL;
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
        l->stream = NULL;
        loader_free(l);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        memset(&in[i], 0, sizeof in[i]);
    return l;
}

loader *loader_start(const char *const *names, input *in, size_t n, const format *forced)
{
    return loader_make(names, in, n, NULL, forced);
}

loader *loader_stream(const char *name, input_stream *s, const format *forced)
{
    input none = {0};
    return loader_make(&name, &none, 1, s, forced);
}

doc *loader_take_partial(loader *l)
{
    char buf[64];
    if (l->pipe[0] >= 0) /* first, so that a wake-up after it is not lost */
        while (read(l->pipe[0], buf, sizeof buf) > 0) {
        }
    pthread_mutex_lock(&l->lock);
    doc *d = l->partial;
    l->partial = NULL;
    pthread_mutex_unlock(&l->lock);
    return d;
}

bool loader_reading(loader *l)
{
    pthread_mutex_lock(&l->lock);
    bool reading = l->reading;
    pthread_mutex_unlock(&l->lock);
    return reading;
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
