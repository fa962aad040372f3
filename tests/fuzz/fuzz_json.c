/* fuzz_json.c: libFuzzer target for JSON body validation (http_json_parse): any byte string must
 * either parse into an object within the limits or fail cleanly, never crash or leak. */
#include "core/common.h"

#include "core/arena.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new(1u << 20);
    if (a == NULL)
        return 0;
    json_t *j = NULL;
    struct err e;
    err_clear(&e);
    int rc = http_json_parse(a, (struct str){(const char *)data, size}, &j, &e);
    if (rc == 0 && !json_is_object(j))
        __builtin_trap(); /* contract: success means an object */
    arena_free(a);
    return 0;
}
