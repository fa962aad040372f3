/* main.c: process entry: initialise libsodium, hand over to the command line. */
#include "core/common.h"

#include <sys/resource.h>

#include "cli/cli.h"
#include "core/err.h"
#include "core/rand.h"
#include "policy/policy.h"

int main(int argc, char **argv)
{
    /* No core dumps: the process holds keys and personal data in memory. */
    struct rlimit rl = {0, 0};
    setrlimit(RLIMIT_CORE, &rl);
    if (core_init() != 0) {
        fprintf(stderr, "regie: libsodium could not be initialised\n");
        return 1;
    }
    struct err e;
    err_clear(&e);
    if (policy_init(&e) != 0) {
        fprintf(stderr, "regie: the built-in policy table is invalid: %s\n", e.detail);
        return 1;
    }
    int code = cli_main(argc, argv);
    policy_cleanup();
    return code;
}
