/* smtp_sink.h: an in-process SMTP sink for tests (tests/unit/core/test_smtp.c and
 * tests/api/test_digest.c): a thread listening on 127.0.0.1:0 that speaks enough SMTP (220
 * greeting, a multi-line EHLO reply, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and captures the
 * envelope and the raw DATA bytes (still dot-stuffed) of every message. Modes make it refuse
 * RCPT with 550, refuse EHLO with 502 (the client must fall back to HELO), or stay silent after
 * accepting the connection (the client must time out). Never prints what it captured. */
#ifndef REGIE_TESTS_SMTP_SINK_H
#define REGIE_TESTS_SMTP_SINK_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SINK_MSGS 32

enum sink_mode { SINK_OK = 0, SINK_REJECT_RCPT, SINK_NO_EHLO, SINK_SILENT };

struct sink_msg {
    char from[300];
    char to[300];
    char *data; /* malloc'd raw DATA bytes up to (not including) the final ".\r\n" */
    size_t len;
};

struct smtp_sink {
    int fd;
    uint16_t port;
    enum sink_mode mode;
    pthread_t th;
    pthread_mutex_t mu;
    volatile bool stop;
    bool bare_lf;   /* the client sent an LF without CR somewhere */
    bool helo_seen; /* the client fell back to HELO */
    int ehlo_lines; /* lines of the EHLO reply sent */
    size_t n_conns;
    size_t n_msgs;
    struct sink_msg msgs[SINK_MSGS];
    char relay[32]; /* "127.0.0.1:<port>" */
};

/* Starts the sink; false on failure. */
bool sink_start(struct smtp_sink *s, enum sink_mode mode);
/* Stops the thread, closes the socket and frees the captured data. */
void sink_stop(struct smtp_sink *s);
/* Number of messages captured so far (thread-safe). */
size_t sink_count(struct smtp_sink *s);

#endif
