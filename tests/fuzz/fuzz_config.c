/* fuzz_config.c: libFuzzer target for the configuration file reader (config_load_file): any
 * file content must load or be refused with an error, never crash, overrun or leak; a loaded
 * configuration prints back (config_print) and that printout loads again to the same values.
 * The input goes through a memfd so the real file-reading path is exercised. */
#include "core/common.h"

#include <sys/mman.h>
#include <unistd.h>

#include "core/config.h"
#include "core/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int load_from(const void *p, size_t n, struct config *c)
{
    int fd = memfd_create("regie-fuzz-config", MFD_CLOEXEC);
    if (fd < 0)
        return -1;
    if (n > 0 && write(fd, p, n) != (ssize_t)n) {
        close(fd);
        return -1;
    }
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    struct err e;
    err_clear(&e);
    config_defaults(c);
    int rc = config_load_file(c, path, &e);
    close(fd);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    static struct config c1, c2;
    if (load_from(data, size, &c1) != 0)
        return 0;
    /* Round trip: the effective values printed as a file load to a configuration that prints
     * the same, except config_file, which names the file it came from. */
    char *t1 = NULL, *t2 = NULL;
    size_t n1 = 0, n2 = 0;
    FILE *f = open_memstream(&t1, &n1);
    if (f == NULL)
        return 0;
    config_print(&c1, f);
    fclose(f);
    if (load_from(t1, n1, &c2) != 0)
        __builtin_trap();
    memset(c1.config_file, 0, sizeof(c1.config_file));
    memset(c2.config_file, 0, sizeof(c2.config_file));
    free(t1);
    t1 = NULL;
    FILE *f1 = open_memstream(&t1, &n1), *f2 = open_memstream(&t2, &n2);
    if (f1 == NULL || f2 == NULL)
        __builtin_trap();
    config_print(&c1, f1);
    config_print(&c2, f2);
    fclose(f1);
    fclose(f2);
    if (n1 != n2 || memcmp(t1, t2, n1) != 0)
        __builtin_trap();
    free(t1);
    free(t2);
    return 0;
}
