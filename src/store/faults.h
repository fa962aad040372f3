/* faults.h: the record layout of the power-loss undo log that a test-hooks build writes
 * (src/store/faults.c, REGIE_TEST_POWERLOSS_LOG) and the crash harness reads back
 * (tests/crash/crash.c). Native byte order; each record is followed by path_len bytes of the
 * file's path and data_len bytes of what the file held before the operation. */
#ifndef REGIE_STORE_FAULTS_H
#define REGIE_STORE_FAULTS_H

#include <stdint.h>

#define PL_MAGIC 0x31524c50u /* "PLR1" */

enum pl_kind {
    PL_OPEN = 1,     /* size: the file's size when opened (its state to start from) */
    PL_WRITE = 2,    /* off: where; size: the file's size before; data: the bytes it held */
    PL_TRUNCATE = 3, /* off: the new size; size: the size before; data: the bytes cut off */
    PL_SYNC = 4,     /* off: the log's size when the sync began (records below it are durable);
                        size: the file's size after it */
};

struct pl_rec {
    uint32_t magic;
    uint32_t kind;
    int64_t off;
    int64_t size;
    int64_t len; /* PL_WRITE: the write's length (data_len may be shorter: past the end) */
    uint32_t path_len;
    uint32_t data_len;
};

#endif
