/* pool.c: the request pool (see pool.h). */
#include "core/common.h"

#include <pthread.h>

#include "http/pool.h"

#define POOL_MAX 256

struct pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct pool_job *head, *tail;
    size_t queued;
    bool stopping;
    size_t n;
    pthread_t threads[];
};

static void *pool_main(void *arg)
{
    struct pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->head == NULL && !p->stopping)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->head == NULL) /* stopping and nothing left */
            break;
        struct pool_job *j = p->head;
        p->head = j->next;
        if (p->head == NULL)
            p->tail = NULL;
        p->queued--;
        pthread_mutex_unlock(&p->mu);
        j->run(j->ctx);
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int pool_start(size_t n, struct pool **out, struct err *e)
{
    if (n < 1 || n > POOL_MAX)
        return err_internal(e, ERR_INVAL, "pool size out of range");
    struct pool *p = calloc(1, sizeof(*p) + n * sizeof(pthread_t));
    if (p == NULL)
        return ERR_NOMEM;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    /* 2 MB stacks instead of 8 MB of address space each: a handler keeps its large buffers in
     * its arena; SQLite and the sanitizer build stay well within this. */
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 2u * 1024 * 1024);
    for (; p->n < n; p->n++) {
        if (pthread_create(&p->threads[p->n], &attr, pool_main, p) != 0) {
            pthread_attr_destroy(&attr);
            pool_free(p);
            return err_set(e, ERR_NOMEM, "kan de verzoekthreads niet starten");
        }
        pthread_setname_np(p->threads[p->n], "regie-pool");
    }
    pthread_attr_destroy(&attr);
    *out = p;
    return 0;
}

void pool_submit(struct pool *p, struct pool_job *job)
{
    job->next = NULL;
    pthread_mutex_lock(&p->mu);
    if (p->stopping) { /* after pool_stop: the caller's thread runs it (shutdown only) */
        pthread_mutex_unlock(&p->mu);
        job->run(job->ctx);
        return;
    }
    if (p->tail)
        p->tail->next = job;
    else
        p->head = job;
    p->tail = job;
    p->queued++;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

void pool_stop(struct pool *p)
{
    if (p == NULL)
        return;
    pthread_mutex_lock(&p->mu);
    bool joined = p->stopping;
    p->stopping = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    if (joined)
        return;
    for (size_t i = 0; i < p->n; i++)
        pthread_join(p->threads[i], NULL);
}

void pool_free(struct pool *p)
{
    if (p == NULL)
        return;
    pool_stop(p);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

size_t pool_queued(struct pool *p)
{
    pthread_mutex_lock(&p->mu);
    size_t n = p->queued;
    pthread_mutex_unlock(&p->mu);
    return n;
}
