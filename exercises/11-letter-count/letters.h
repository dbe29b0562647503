/* SPDX-License-Identifier: MIT */
/*
 * letters.h: count the letters of many files with several processes (exercise 11).
 *
 * The C version of the notebook's count_letters (notebook 003), where each
 * worker counts some of the files and the tables are merged into one:
 *
 *	frequency_table = {'a': 0, ...}         long counts[LETTERS];   counts[0] is 'a'
 *	for item in content:                    for each byte c read:
 *	    if item.lower() in table:               if c is a letter: counts[lower(c) - 'a']++
 *	        table[item.lower()] += 1
 *
 * Do not change this file: the tests call exactly this function.
 */
#ifndef LETTERS_H
#define LETTERS_H

#define LETTERS 26

/*
 * Counts the letters a..z, upper and lower case together, in the npaths files
 * named by paths, with nprocs child processes: every file is counted by exactly
 * one child, and the parent only merges the children's tables. On return
 * counts[i] holds how many times 'a' + i (or 'A' + i) occurs in all the files.
 * Other bytes (digits, punctuation, accented letters such as 'ç') are not counted.
 * Returns 0; -1 when a file cannot be opened or read or a call fails (after
 * printing "count_letters: CALL PATH: reason" on stderr, and after waiting for
 * every child); -1 with errno EINVAL, starting nothing, when npaths < 0 or nprocs < 1.
 */
int count_letters(const char *const paths[], int npaths, int nprocs, long counts[LETTERS]);

#endif
