/* test_sandbox.c: the seccomp filter of core/sandbox.c in a child process: threads still start
 * (pthread_create through clone, since clone3 answers ENOSYS), and a clone that is not a thread
 * (a new process, what fork does) kills the process with SIGSYS. A sanitizer build allows such a
 * clone for LeakSanitizer's tracer; there only the first half holds and is checked. Sockets: the
 * families serve uses open, another (AF_ALG, the kernel's crypto sockets) kills the process. */
#include "core/common.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/sandbox.h"

#if defined(REGIE_SANITIZED) || defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#else
#define SANITIZED 0
#endif

#ifndef SYS_clone3
#define SYS_clone3 435 /* x86_64 and aarch64 */
#endif

static void *mark(void *arg)
{
    *(int *)arg = 1;
    return NULL;
}

/* Exit codes of the child: 0 all as expected, 10.. the step that went wrong. */
static int child(void)
{
    struct err e;
    err_clear(&e);
    if (sandbox_seccomp(&e) != 0)
        return 10;
    long r = syscall(SYS_clone3, NULL, (size_t)0);
    if (r != -1 || errno != ENOSYS)
        return 11;
    pthread_t t;
    int ran = 0;
    if (pthread_create(&t, NULL, mark, &ran) != 0 || pthread_join(t, NULL) != 0 || ran != 1)
        return 12;
    if (SANITIZED)
        return 0;
    /* a new process: the filter must kill us here */
    r = syscall(SYS_clone, (unsigned long)SIGCHLD, 0UL, 0UL, 0UL, 0UL);
    if (r == 0)
        _exit(0); /* the new process, had it been allowed */
    return 13;
}

Test(sandbox, threads_start_but_no_new_process)
{
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0)
        _exit(child());
    int st = 0;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    if (SANITIZED) {
        cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "sanitizer build: status %d", st);
        return;
    }
    cr_expect(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS,
              "a clone without CLONE_THREAD was not killed (status %d, exit %d)", st,
              WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* The families serve uses open under the filter; then AF_ALG must kill the child. */
static int child_sockets(void)
{
    struct err e;
    err_clear(&e);
    if (sandbox_seccomp(&e) != 0)
        return 10;
    static const int ok[] = {AF_UNIX, AF_INET, AF_INET6};
    for (size_t i = 0; i < ARRAY_LEN(ok); i++) {
        int fd = socket(ok[i], SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 && errno != EAFNOSUPPORT) /* a host without IPv6 */
            return 11 + (int)i;
        if (fd >= 0)
            close(fd);
    }
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0); /* NETLINK_ROUTE, as getaddrinfo */
    if (fd < 0)
        return 14;
    close(fd);
    fd = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    (void)fd;
    return 15; /* still alive */
}

Test(sandbox, sockets_only_of_the_families_serve_uses)
{
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0)
        _exit(child_sockets());
    int st = 0;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_expect(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS,
              "an AF_ALG socket was not killed, or a family serve uses was (status %d, exit %d)",
              st, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}
