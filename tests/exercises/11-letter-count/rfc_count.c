/* SPDX-License-Identifier: MIT */
/*
 * rfc_count.c: a small caller of count_letters for tests/exercises/11-letter-count.sh:
 *	rfc_count NPROCS FILE...
 * counts the letters of the FILEs with NPROCS children and prints "letter count" lines,
 * a to z. Built with a solution's letters.c and the runtime (for lab_think), nothing
 * wrapped: the notebook's corpus (RFC 1000-1019) counted for real, outside the grader.
 */
#include <stdio.h>
#include <stdlib.h>

#include "letters.h"

int
main(int argc, char **argv)
{
	long counts[LETTERS];
	int nprocs;

	if (argc < 3 || (nprocs = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: rfc_count NPROCS FILE...\n");
		return 2;
	}
	if (count_letters((const char *const *)argv + 2, argc - 2, nprocs, counts) != 0)
		return 1;
	for (int i = 0; i < LETTERS; i++)
		printf("%c %ld\n", 'a' + i, counts[i]);
	return 0;
}
