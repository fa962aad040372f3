/* main.c: process entry: initialise libsodium, hand over to the command line. */
#include "core/common.h"

#include "cli/cli.h"
#include "core/err.h"
#include "core/rand.h"
#include "core/sandbox.h"
#include "policy/policy.h"

int main(int argc, char **argv)
{
    /* No core dumps and no ptrace by peers: every command may hold keys and personal data. */
    sandbox_no_dumps();
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
