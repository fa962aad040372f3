/* fuzz_document.c: libFuzzer target for the upload content sniffer (document_sniff) and the
 * file-name cleaner: any byte string must give NULL or one of the accepted media types, never
 * read outside the input, crash or loop; a cleaned name is valid UTF-8 of at most
 * DOCUMENT_NAME_MAX bytes without a path separator or control character. */
#include "core/common.h"

#include "app/document.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy, so ASan sees any read past the end. */
    uint8_t *p = malloc(size ? size : 1);
    if (p == NULL)
        return 0;
    if (size)
        memcpy(p, data, size);
    const char *t = document_sniff(p, size);
    if (t != NULL && strchr(t, '/') == NULL)
        __builtin_trap(); /* contract: a media type */
    char name[DOCUMENT_NAME_MAX + 1];
    size_t n = document_filename_clean((struct str){(const char *)p, size}, name, sizeof(name));
    if (n > DOCUMENT_NAME_MAX || strlen(name) != n || memchr(name, '/', n) ||
        memchr(name, '\\', n) || !str_utf8_valid((struct str){name, n}, false))
        __builtin_trap();
    free(p);
    return 0;
}
