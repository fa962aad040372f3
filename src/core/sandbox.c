/* sandbox.c: no core dumps, privilege drop and the seccomp allow-list (see sandbox.h). */
#include "core/common.h"

#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sandbox.h"

void sandbox_no_dumps(void)
{
    struct rlimit rl = {0, 0};
    if (setrlimit(RLIMIT_CORE, &rl) != 0)
        fprintf(stderr, "regie: warning: could not set RLIMIT_CORE to 0\n");
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        fprintf(stderr, "regie: warning: could not make the process non-dumpable\n");
}

int sandbox_drop_user(const char *user, const char *data_dir, struct err *e)
{
    struct passwd pw, *res = NULL;
    char pwbuf[4096];
    if (getuid() != 0 || geteuid() != 0)
        return err_set(e, ERR_FORBIDDEN, "--user werkt alleen als regie als root wordt gestart");
    if (getpwnam_r(user, &pw, pwbuf, sizeof(pwbuf), &res) != 0 || res == NULL)
        return err_field(e, "user", "dit account bestaat niet");
    if (pw.pw_uid == 0 || pw.pw_gid == 0)
        return err_field(e, "user", "moet een ander account dan root zijn");
    struct stat st;
    if (stat(data_dir, &st) != 0 || st.st_uid != pw.pw_uid)
        return err_set(e, ERR_FORBIDDEN,
                       "de datamap moet van het service-account zijn (chown -R %s %s)", user,
                       data_dir);
    if (initgroups(pw.pw_name, pw.pw_gid) != 0 || setgid(pw.pw_gid) != 0 || setuid(pw.pw_uid) != 0)
        return err_set(e, ERR_IO, "kan de rechten niet afstaan aan %s", user);
    /* Verify: every id is the service user's, and neither root id can be taken back. */
    if (getuid() != pw.pw_uid || geteuid() != pw.pw_uid || getgid() != pw.pw_gid ||
        getegid() != pw.pw_gid || setuid(0) == 0 || seteuid(0) == 0 || setgid(0) == 0)
        return err_set(e, ERR_FORBIDDEN, "root kan na het afstaan nog worden teruggekregen");
    /* A change of credentials resets the dumpable flag to fs.suid_dumpable: set it again. */
    sandbox_no_dumps();
    return 0;
}

/* The allow-list: what serve needs (libmicrohttpd, SQLite, libsodium, threads, the SMTP client
 * of the digest, time zone files), checked by running every API suite, the crash harness, the
 * browser and the hostile-client suites with it on (the default) and reading the kernel's audit
 * log (type=1326) for kills; no ioctl was seen there, and no mapping both writable and
 * executable. Names unknown on this architecture are skipped. Deliberately absent: execve,
 * fork/vfork, clone without CLONE_THREAD, ptrace, mount, set*id, bpf, kexec, module loading,
 * keyctl, personality, process_vm_*, chroot (the sanitizer list below is for test builds only). */
/* clang-format off */
static const char *const allowed[] = {
    /* files and SQLite */
    "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev", "open",
    "openat", "close", "stat", "fstat", "lstat", "newfstatat", "statx", "lseek", "access",
    "faccessat", "faccessat2", "fcntl", "flock", "fsync", "fdatasync", "ftruncate", "unlink",
    "unlinkat", "rename", "renameat", "renameat2", "mkdir", "mkdirat", "fchmod", "fchown",
    "getcwd", "readlink", "readlinkat", "getdents64", "statfs", "fstatfs", "dup", "dup2", "dup3",
    "umask",
    /* memory (mmap and mprotect: see sandbox_seccomp) */
    "brk", "munmap", "mremap", "madvise", "msync", "mlock", "mlock2",
    "munlock", /* libsodium's guarded key memory */
    /* threads, signals, time (clone and clone3: see sandbox_seccomp) */
    "futex", "set_robust_list", "get_robust_list", "rseq", "set_tid_address",
    "exit", "exit_group", "gettid", "getpid", "getppid", "tgkill", "rt_sigaction",
    "rt_sigprocmask", "rt_sigreturn", "rt_sigtimedwait", "sigaltstack", "sched_yield",
    "sched_getaffinity", "nanosleep", "clock_nanosleep", "clock_gettime", "clock_getres",
    "gettimeofday", "time", "getrandom", "getuid", "geteuid", "getgid", "getegid", "getrlimit",
    "prlimit64", "getrusage", "sysinfo", "uname", "prctl", "membarrier", "restart_syscall",
    /* network: the listeners (libmicrohttpd) and the digest's SMTP client (socket: see
     * sandbox_seccomp) */
    "bind", "listen", "accept", "accept4", "connect", "getsockname", "getpeername",
    "setsockopt", "getsockopt", "shutdown", "sendto", "recvfrom", "sendmsg", "recvmsg", "sendfile",
    "poll", "ppoll", "select", "pselect6", "epoll_create", "epoll_create1", "epoll_ctl",
    "epoll_wait", "epoll_pwait", "eventfd", "eventfd2", "pipe", "pipe2",
};

/* Sanitizer builds only (meson sets REGIE_SANITIZED for any -Db_sanitize; gcc and clang also say
 * so themselves for ASan). Without these a sanitizer report dies of SIGSYS half-way, and a leak
 * at exit is not reported at all: found by running a leak, a heap overflow and a UB report under
 * the filter (audit log: `dmesg | grep type=1326`). A release build never allows them. */
#if defined(REGIE_SANITIZED) || defined(__SANITIZE_ADDRESS__)
#define SANDBOX_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_SANITIZER 1
#endif
#endif
#ifdef SANDBOX_SANITIZER
static const char *const allowed_sanitizer[] = {
    /* LeakSanitizer at exit: a tracer (a clone, not a thread) lists the threads (getdents on
     * /proc/self/task), attaches to each with ptrace and waits for it (wait4); without these
     * the tracer dies and the leak check hangs or the report is lost */
    "ptrace", "wait4", "getdents",
    /* the symbolizer of every ASan, LSan and UBSan report: fork + execve of llvm-symbolizer
     * (its pipes and dup2 are in the list above); the child inherits the filter, and its
     * dynamic loader needs arch_prctl */
    "fork", "execve", "arch_prctl",
};
#endif
/* clang-format on */

static int allow(scmp_filter_ctx ctx, const char *const *names, size_t n, struct err *e)
{
    for (size_t i = 0; i < n; i++) {
        int nr = seccomp_syscall_resolve_name(names[i]);
        if (nr == __NR_SCMP_ERROR)
            continue; /* not a system call on this architecture */
        if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0) != 0)
            return err_set(e, ERR_IO, "seccomp: regel voor %s geweigerd", names[i]);
    }
    return 0;
}

int sandbox_seccomp(struct err *e)
{
    int rc = 0;
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
    if (ctx == NULL)
        return err_set(e, ERR_IO, "seccomp: kan het filter niet maken");
    if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1) != 0 ||
        seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1) != 0) {
        rc = err_set(e, ERR_IO, "seccomp: kan de filterattributen niet zetten");
        goto out;
    }
    rc = allow(ctx, allowed, ARRAY_LEN(allowed), e);
#ifdef SANDBOX_SANITIZER
    if (rc == 0)
        rc = allow(ctx, allowed_sanitizer, ARRAY_LEN(allowed_sanitizer), e);
    /* LeakSanitizer's tracer is a clone that is not a thread */
    if (rc == 0 && seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 0) != 0)
        rc = err_set(e, ERR_IO, "seccomp: regel voor clone geweigerd");
#else
    /* Threads only: clone with CLONE_THREAD. A clone without it is a new process (what fork
     * does), and the filter kills it. */
    if (rc == 0 && seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
                                    SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD)) != 0)
        rc = err_set(e, ERR_IO, "seccomp: regel voor clone geweigerd");
#endif
    /* Sockets of the families serve uses only: local (libpq, syslog), IPv4 and IPv6 (the
     * listeners, the SMTP relay, PostgreSQL, peers) and netlink (glibc's getaddrinfo asks it
     * which address families the host has). Any other family (packet, AF_ALG, vsock, ...) is
     * kernel code serve never needs: the call kills the process. */
    static const int families[] = {AF_UNIX, AF_INET, AF_INET6, AF_NETLINK};
    for (size_t i = 0; rc == 0 && i < ARRAY_LEN(families); i++)
        if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
                             SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)families[i], 0)) != 0)
            rc = err_set(e, ERR_IO, "seccomp: regel voor socket geweigerd");
    /* ioctl reaches every driver's own code. Only TCGETS passes (glibc's isatty, when stdio
     * first writes to a terminal or /dev/null); any other request (TIOCSTI, which types into
     * a terminal; device and file-system requests) answers ENOTTY without reaching a driver.
     * The comparison is on all 64 bits: a request with upper bits set is not TCGETS here,
     * though the kernel would read only the lower 32, so it too answers ENOTTY. */
    if (rc == 0 && (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
                                     SCMP_A1(SCMP_CMP_EQ, TCGETS, 0)) != 0 ||
                    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOTTY), SCMP_SYS(ioctl), 1,
                                     SCMP_A1(SCMP_CMP_NE, TCGETS, 0)) != 0))
        rc = err_set(e, ERR_IO, "seccomp: regel voor ioctl geweigerd");
    /* W^X, as systemd's MemoryDenyWriteExecute (dist/regie.service) but also when serve runs
     * without it: no mapping is made both writable and executable, and no existing mapping is
     * made executable (mprotect with PROT_EXEC: written code could otherwise be turned into
     * running code); both answer EPERM, which a library takes as "not here". A new read+execute
     * mapping of a file (the dynamic loader, for an NSS module) passes. */
    const scmp_datum_t wx = PROT_WRITE | PROT_EXEC;
    if (rc == 0 && (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
                                     SCMP_A2(SCMP_CMP_MASKED_EQ, wx, 0)) != 0 ||
                    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
                                     SCMP_A2(SCMP_CMP_MASKED_EQ, wx, PROT_WRITE)) != 0 ||
                    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
                                     SCMP_A2(SCMP_CMP_MASKED_EQ, wx, PROT_EXEC)) != 0 ||
                    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(mmap), 1,
                                     SCMP_A2(SCMP_CMP_MASKED_EQ, wx, wx)) != 0 ||
                    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
                                     SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0)) != 0 ||
                    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(mprotect), 1,
                                     SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC)) != 0))
        rc = err_set(e, ERR_IO, "seccomp: regel voor mmap of mprotect geweigerd");
    /* clone3 passes its flags in memory, which a filter cannot read: it answers ENOSYS, and
     * glibc's pthread_create then uses clone (above). */
    if (rc == 0 && seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0) != 0)
        rc = err_set(e, ERR_IO, "seccomp: regel voor clone3 geweigerd");
    if (rc != 0)
        goto out;
    if (seccomp_load(ctx) != 0)
        rc = err_set(e, ERR_IO, "seccomp: de kernel weigert het filter");
out:
    seccomp_release(ctx);
    return rc;
}
