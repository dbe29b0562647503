/* SPDX-License-Identifier: MIT */
/*
 * sandbox-seccomp.c: a system-call filter (libseccomp) on every run. In every mode it
 * refuses ptrace and the reading or writing of other processes' memory
 * (process_vm_readv/writev); in the fallback, where no PID namespace contains a run, it
 * also refuses kill(-1, ...), a signal to every process the run may signal (the grader
 * and every process of the user). A signal to a process or a group stays allowed: that is
 * how a parent stops its children, and a manager its own group (Landlock ABI 6 keeps
 * those inside the run). It refuses socket(AF_UNIX) there too (the machine's unix
 * sockets); socketpair is allowed. Refused calls fail with EPERM, as the kernel's own do.
 *
 * libseccomp allocates, and the child may not: the filter is built and exported as BPF in
 * the caller (sb_seccomp_prepare) into the context, and the main child loads it with one
 * prctl (sb_seccomp_apply). PROCLAB_SANDBOX=no-seccomp leaves it out.
 */
#include "sandbox-int.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* The rules of mode NS (true: namespaces) into CTX; -errno when libseccomp refused. */
static int
add_rules(scmp_filter_ctx ctx, bool ns)
{
	static const int nothing_of_others[] = {
		SCMP_SYS(ptrace), SCMP_SYS(process_vm_readv), SCMP_SYS(process_vm_writev),
	};
	int rc = 0;

	for (size_t i = 0; i < sizeof nothing_of_others / sizeof nothing_of_others[0] && rc == 0;
	    i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nothing_of_others[i], 0);
	if (ns || rc != 0)
		return rc;
	/* kill(-1, ...): every process the run may signal. A group (-pgid) stays allowed: a
	 * manager that ends its own group is correct, and which group is the run's cannot be
	 * told here (Landlock's signal scope refuses the others). pid_t is an int: its low
	 * 32 bits. */
	rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(kill), 1,
	    SCMP_A0_32(SCMP_CMP_EQ, 0xffffffffu));
	/* a unix socket of one's own: the machine's (a database, D-Bus, Docker's) are a
	 * connect() away, and neither Landlock nor a mount hides them here. socketpair stays:
	 * a pair reaches nothing outside the run. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1,
		    SCMP_A0_32(SCMP_CMP_EQ, AF_UNIX));
	return rc;
}

/* Caller side: the filter for this run into r->seccomp; -1 with *r->cause. */
int
sb_seccomp_prepare(struct sb_run *r)
{
	scmp_filter_ctx ctx;
	int rc, fd = -1;
	off_t len;

	r->seccomp.len = 0;
	if (sb_env_has("no-seccomp"))
		return 0;
	if ((ctx = seccomp_init(SCMP_ACT_ALLOW)) == NULL) {
		cause_set(r->cause, "seccomp_init: out of memory");
		return -1;
	}
	/* the filter must not refuse what the kernel would allow the run otherwise */
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if ((rc = add_rules(ctx, r->ns.on)) != 0) {
		errno = -rc;
		cause_errno(r->cause, "seccomp_rule_add");
		goto out_release;
	}
	if ((fd = memfd_create("seccomp", MFD_CLOEXEC)) == -1) {
		cause_errno(r->cause, "memfd_create");
		goto out_release;
	}
	if ((rc = seccomp_export_bpf(ctx, fd)) != 0 || (len = lseek(fd, 0, SEEK_END)) <= 0 ||
	    (size_t)len > sizeof r->seccomp.bpf || len % sizeof(struct sock_filter) != 0 ||
	    pread(fd, r->seccomp.bpf, (size_t)len, 0) != len) {
		cause_set(r->cause, "seccomp_export_bpf: %s", rc != 0 ? strerror(-rc) :
		    "the filter does not fit");
		goto out_close;
	}
	r->seccomp.len = (unsigned short)(len / sizeof(struct sock_filter));
	close(fd);
	seccomp_release(ctx);
	return 0;
out_close:
	close(fd);
out_release:
	seccomp_release(ctx);
	return -1;
}

/* Child side (after PR_SET_NO_NEW_PRIVS): NULL, or the call that failed. */
const char *
sb_seccomp_apply(struct sb_run *r)
{
	struct sock_fprog prog = { .len = r->seccomp.len, .filter = (void *)r->seccomp.bpf };

	if (r->seccomp.len == 0)
		return NULL;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1)
		return "prctl PR_SET_SECCOMP";
	return NULL;
}
