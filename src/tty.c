/* SPDX-License-Identifier: MIT */
/*
 * tty.c: the terminal as it was before curses, kept so that a crash of a curses screen
 * (proclab watch, proclab trace --step) gives it back. A signal handler cannot ask curses,
 * so the settings and the escape sequences that end curses' screen are saved beforehand
 * and put back with async-signal-safe calls only.
 */
#include "watch.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_tty;
static bool have_saved_tty;
static char restore_seq[256];
static size_t restore_len;

/* Before newterm(): the terminal's settings as they are. */
void
tty_save(void)
{
	have_saved_tty = tcgetattr(STDIN_FILENO, &saved_tty) == 0;
}

/* After newterm(): what puts the screen back (attributes, cursor, main screen, keypad). */
void
tty_keep_restore(void)
{
	const char	*caps[] = { "sgr0", "cnorm", "rmcup", "rmkx" };
	char		*s;
	size_t		 l;

	restore_len = 0;
	for (size_t i = 0; i < nitems(caps); i++) {
		s = tigetstr(caps[i]);
		if (s == NULL || s == (char *)-1 || (l = strlen(s)) >= sizeof restore_seq -
		    restore_len)
			continue;
		memcpy(restore_seq + restore_len, s, l);
		restore_len += l;
	}
}

/* In a crash's handler: the terminal as it was. Async-signal-safe. */
void
tty_restore_in_crash(void)
{
	if (have_saved_tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
	if (restore_len > 0)
		(void)!write(STDOUT_FILENO, restore_seq, restore_len);
}
