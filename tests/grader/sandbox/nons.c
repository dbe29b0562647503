/* SPDX-License-Identifier: MIT */
/*
 * nons: runs a command on a machine that refuses namespaces, as Ubuntu 24.04's AppArmor
 * or Docker's default seccomp profile do: a seccomp filter (libseccomp) makes unshare(2)
 * and clone(2) with any CLONE_NEW* flag fail with EPERM, and clone3(2) with ENOSYS (so the
 * C library falls back to clone), for the command and everything it starts.
 *
 *	nons COMMAND [ARG]...
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const unsigned long new_flags[] = {
	CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID,
	CLONE_NEWNET,
};

int
main(int argc, char **argv)
{
	scmp_filter_ctx ctx;
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: nons COMMAND [ARG]...\n");
		return 2;
	}
	if ((ctx = seccomp_init(SCMP_ACT_ALLOW)) == NULL) {
		fprintf(stderr, "nons: seccomp_init: out of memory\n");
		return 1;
	}
	rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	/* one rule per flag: the rules of a call are alternatives */
	for (size_t i = 0; rc == 0 && i < sizeof new_flags / sizeof new_flags[0]; i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
		    SCMP_A0_64(SCMP_CMP_MASKED_EQ, new_flags[i], new_flags[i]));
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0) {
		fprintf(stderr, "nons: seccomp: %s\n", strerror(-rc));
		return 1;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "nons: %s: %s\n", argv[1], strerror(errno));
	return 127;
}
