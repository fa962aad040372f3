/* sandbox.h: process hardening (docs/operations.md "Sandbox"): no core dumps, dropping root to a
 * service user after start-up, and a seccomp allow-list (libseccomp) that kills the process on
 * any other system call. Linux only. None of these logs anything personal. */
#ifndef REGIE_CORE_SANDBOX_H
#define REGIE_CORE_SANDBOX_H

#include "core/common.h"
#include "core/err.h"

/* Makes the process non-dumpable (prctl PR_SET_DUMPABLE 0: no core file, no ptrace attach by
 * other processes of the same user, /proc/<pid>/ files owned by root) and sets RLIMIT_CORE to 0.
 * Call first thing in main: the process will hold keys and personal data. Cannot fail in a way
 * the caller could act on; a failure is reported on stderr. */
void sandbox_no_dumps(void);

/* Drops root to the account `user` (setgroups to its groups, setgid, setuid) and checks that root
 * cannot be regained (setuid(0) and setgid(0) must fail). Refused unless the process runs as root
 * and data_dir is owned by that account (the server keeps opening database files as it runs).
 * Errors: ERR_INVAL (no such account, or the account is root), ERR_FORBIDDEN (not root, data dir
 * of another owner, or root could be regained), ERR_IO (a set*id call failed). Call before any
 * thread is started that must keep root (none does); glibc applies the change to every thread. */
int sandbox_drop_user(const char *user, const char *data_dir, struct err *e) WUR;

/* Installs the seccomp allow-list on every thread of the process (TSYNC, no_new_privs); any
 * system call outside it kills the whole process (SCMP_ACT_KILL_PROCESS). Irreversible. Errors:
 * ERR_IO (the kernel refused the filter). */
int sandbox_seccomp(struct err *e) WUR;

#endif
