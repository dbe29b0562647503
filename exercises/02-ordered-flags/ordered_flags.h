/* SPDX-License-Identifier: MIT */
/*
 * ordered_flags.h: exercise 02, ordered flags. Do not change this file: the tests
 * use the struct and call the functions exactly as declared here.
 */
#ifndef ORDERED_FLAGS_H
#define ORDERED_FLAGS_H

#include <semaphore.h>
#include <stdbool.h>

/*
 * The state both processes share (the notebook's Value("i", 100) and
 * Value(ctypes.c_bool, False)). The tests put it in shared memory.
 */
struct flags {
	int	valor;
	bool	status;
	sem_t	funcao1_done;   /* how funcao2 learns that funcao1 has finished */
};

/*
 * valor = 100, status = false, and set up funcao1_done for use between processes.
 * Returns 0, or -1 with errno set if a call failed.
 */
int flags_init(struct flags *f);

/*
 * The notebook's funcao1 and funcao2 (notebook 000, In [5]) on the shared state:
 * each computes its result, prints "O resultado da funcaoN é: RES" and returns RES.
 * The tests run them in two processes started in either order; funcao1 must always
 * go first, so the results are always 120 and then 230.
 */
int funcao1(struct flags *f);
int funcao2(struct flags *f);

/* Release what flags_init set up. Returns 0, or -1 with errno set. */
int flags_destroy(struct flags *f);

#endif
