/* SPDX-License-Identifier: MIT */
/*
 * lab.h: the one call proclab's exercises ask of your code.
 *
 * lab_think() is the notebook's "heavy computation" (time.sleep) between reading
 * shared state and writing it back. Call it exactly where your task says.
 * On its own it sleeps PROCLAB_THINK_US microseconds (default 1000); under
 * `proclab check` the grader makes it sleep or yield for random, seeded lengths,
 * so a race in your code shows up on every grading run, not by luck.
 */
#ifndef PROCLAB_LAB_H
#define PROCLAB_LAB_H

void lab_think(void);

#endif
