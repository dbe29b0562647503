/* SPDX-License-Identifier: MIT */
/*
 * cmd-man.c: proclab man [CALL]: the reference card of a call that the lessons and
 * exercises use, or the list of the cards (cards.c), through the pager on a terminal
 * (pager.c). The whole text is made first, so that a pager that cannot be run costs
 * nothing: it is then printed as it is.
 */
#include "proclab.h"

#include <stdlib.h>
#include <string.h>

#define LIST_WIDTH	78      /* the columns of the list of cards */
#define LIST_INDENT	"              "
#define CLOSEST_MAX	3       /* the cards an unknown name's message names */

static struct card_index *
index_or_die(void)
{
	struct card_index	*ix;
	char			*cause = NULL;

	if ((ix = cards_load(cards_dir(), &cause)) == NULL)
		fatalx(_("the reference cards cannot be read: %s"), cause);
	return ix;
}

static char *
text_or_die(const struct card *c, const char *lang)
{
	char	*text, *cause = NULL;

	if ((text = card_text(cards_dir(), c, lang, &cause)) == NULL)
		fatalx(_("the card '%s' cannot be read: %s"), c->names[0], cause);
	return text;
}

/* The names that find C besides its own, on lines of at most LIST_WIDTH columns. */
static void
list_names(FILE *f, const struct card *c)
{
	size_t	col = 0, len;

	for (size_t j = 1; j < c->nnames; j++) {
		if (strcmp(c->names[j], c->names[0]) == 0)
			continue;
		len = strlen(c->names[j]);
		if (col == 0) {
			fputs(LIST_INDENT, f);
			col = strlen(LIST_INDENT);
		} else if (col + 2 + len > LIST_WIDTH) {
			fputs(",\n" LIST_INDENT, f);
			col = strlen(LIST_INDENT);
		} else {
			fputs(", ", f);
			col += 2;
		}
		fputs(c->names[j], f);
		col += len;
	}
	if (col > 0)
		fputc('\n', f);
}

static void
list_cards(FILE *f, const struct card_index *ix, const char *lang)
{
	char	*text, *title;

	fprintf(f, _("The reference cards: '%s man NAME' shows one. The names under a card\n"
	    "find it too.\n\n"), progname);
	for (size_t i = 0; i < ix->ncards; i++) {
		text = text_or_die(&ix->cards[i], lang);
		title = card_title(&ix->cards[i], text);
		fprintf(f, "  %-10s  %s\n", ix->cards[i].names[0], title);
		list_names(f, &ix->cards[i]);
		free(title);
		free(text);
	}
}

static ATTR_NORETURN void
unknown_card(const struct card_index *ix, const char *name)
{
	const struct card	*near[CLOSEST_MAX];
	const char		*matched[CLOSEST_MAX];
	char			*list = xstrdup(""), *t;
	size_t			 n;

	n = cards_closest(ix, name, near, matched, CLOSEST_MAX);
	/* the closest name of each card: any of them is something to type */
	for (size_t i = 0; i < n; i++) {
		xasprintf(&t, "%s%s%s", list, i > 0 ? ", " : "", matched[i]);
		free(list);
		list = t;
	}
	/* TRANSLATORS: the second %s is a list of names, e.g. "pthread_mutex_lock, poll"; the
	 * last %s is "proclab". */
	usage_error("man", _("no card for '%s' (the closest names: %s); '%s man' lists the cards"),
	    name, list, progname);
}

static int
cmd_man_exec(struct cmd_ctx *ctx)
{
	struct card_index	*ix = index_or_die();
	const struct card	*c = NULL;
	enum pager_kind		 kind;
	char			*lang, *text, *buf = NULL;
	size_t			 len;
	FILE			*f;

	if (ctx->argc == 1 && (c = cards_find(ix, ctx->argv[0])) == NULL)
		unknown_card(ix, ctx->argv[0]);
	kind = pager_choose();
	lang = messages_language();
	if ((f = open_memstream(&buf, &len)) == NULL)
		xalloc_die("open_memstream");
	if (c == NULL) {
		list_cards(f, ix, lang);
	} else {
		text = text_or_die(c, lang);
		/* colors only where they are known to show: a terminal, or our own less -R */
		card_render(f, text, kind != PAGER_USER && use_color(stdout));
		free(text);
	}
	if (fclose(f) != 0)
		xalloc_die("open_memstream");
	pager_show(kind, buf, len);
	free(buf);
	free(lang);
	cards_free(ix);
	return EXIT_OK;
}

const struct cmd_entry cmd_man_entry = {
	.name = "man",
	.help = N_("usage: proclab man [CALL]\n"
"\n"
"The reference card of CALL, a system call or library function that the lessons\n"
"and exercises use: its signature, headers and link flags, what it returns and\n"
"how it fails (errno), the pitfalls met in this lab, the lessons and exercises\n"
"that use it, and which of the system's own manual pages exist. CALL is a\n"
"function, a macro or a card's name: proclab man pthread_cond_wait, proclab man\n"
"WIFEXITED, proclab man mutex. With no CALL, the list of the cards.\n"
"The cards are in the language of the messages (LANGUAGE=pt_BR: Brazilian\n"
"Portuguese). On a terminal a card goes through $PAGER (less -R when PAGER is\n"
"unset; PAGER=cat for none); elsewhere it is printed as it is.\n"
"A CALL with no card is a usage error (exit status 2) that names the closest\n"
"cards.\n"),
	.args_min = 0, .args_max = 1,
	.args_extra = N_("one call at a time, not also '%s'"),
	.exec = cmd_man_exec,
};
