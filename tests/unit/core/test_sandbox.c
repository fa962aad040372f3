/* test_sandbox.c: the seccomp filter of core/sandbox.c in a child process: threads still start
 * (pthread_create through clone, since clone3 answers ENOSYS), and a clone that is not a thread
 * (a new process, what fork does) kills the process with SIGSYS. A sanitizer build allows such a
 * clone for LeakSanitizer's tracer; there only the first half holds and is checked. Sockets: the
 * families serve uses open, another (AF_ALG, the kernel's crypto sockets) kills the process.
 * ioctl: TCGETS passes, any other request answers ENOTTY. Memory: no mapping is made both
 * writable and executable and none is made executable later (EPERM); new read-write and
 * read-execute mappings pass. */
#include "core/common.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <termios.h>
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

/* Runs fn in a child process (the filter stays there); its wait status. */
static int in_child(int (*fn)(void))
{
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0)
        _exit(fn());
    int st = 0;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    return st;
}

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
    int st = in_child(child);
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
    int st = in_child(child_sockets);
    cr_expect(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS,
              "an AF_ALG socket was not killed, or a family serve uses was (status %d, exit %d)",
              st, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* Exit codes: 0 all as expected, 20.. the step that went wrong. */
static int child_ioctl_and_memory(void)
{
    struct err e;
    err_clear(&e);
    int p[2];
    int n = -1;
    if (pipe(p) != 0)
        return 20;
    if (ioctl(p[0], FIONREAD, &n) != 0 || n != 0)
        return 21; /* without the filter FIONREAD on a pipe works: the check below can fail */
    if (sandbox_seccomp(&e) != 0)
        return 22;
    errno = 0;
    if (ioctl(p[0], FIONREAD, &n) != -1 || errno != ENOTTY)
        return 23;
    struct termios t;
    int pt = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (pt >= 0) { /* a container without pseudo-terminals skips this part */
        if (ioctl(pt, TCGETS, &t) != 0)
            return 24;
        errno = 0;
        if (syscall(SYS_ioctl, pt, (1UL << 32) | TCGETS, &t) != -1 || errno != ENOTTY)
            return 25;
        close(pt);
    }
    long pg = sysconf(_SC_PAGESIZE);
    void *rw = mmap(NULL, (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (rw == MAP_FAILED)
        return 26;
    errno = 0;
    void *wx = mmap(NULL, (size_t)pg, PROT_READ | PROT_WRITE | PROT_EXEC,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (wx != MAP_FAILED || errno != EPERM)
        return 27;
    errno = 0;
    if (mprotect(rw, (size_t)pg, PROT_READ | PROT_WRITE | PROT_EXEC) != -1 || errno != EPERM)
        return 28;
    errno = 0;
    if (mprotect(rw, (size_t)pg, PROT_READ | PROT_EXEC) != -1 || errno != EPERM)
        return 29; /* written memory must not become code */
    void *rx = mmap(NULL, (size_t)pg, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (rx == MAP_FAILED || munmap(rx, (size_t)pg) != 0)
        return 31; /* a new read+execute mapping (the loader's) passes */
    if (mprotect(rw, (size_t)pg, PROT_READ) != 0 || munmap(rw, (size_t)pg) != 0)
        return 30;
    return 0;
}

Test(sandbox, ioctl_only_tcgets_and_no_writable_executable_memory)
{
    int st = in_child(child_ioctl_and_memory);
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %d, exit %d", st,
              WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}
