/* SPDX-License-Identifier: MIT */
/*
 * manifest-msgids.c: the human text of exercises/manifest.json (exercise titles, test
 * titles, hints) as a C file of N_("...") for xgettext, which cannot read JSON. The output
 * (po/manifest-msgids.h, committed, listed in po/POTFILES.in, never compiled) is rebuilt
 * by `make update-manifest-msgids`; tests/po.sh fails when it is stale. The grader looks
 * the same strings up with gettext where it shows them (manifest_text), so a changed
 * English text is a new msgid and its old translation turns fuzzy at update-po.
 *
 *	manifest-msgids MANIFEST > manifest-msgids.h
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* S as a C string literal (UTF-8 kept as it is). */
static void
put_literal(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", stdout);
		else if (ch == '\t')
			fputs("\\t", stdout);
		else if (ch < 0x20 || ch == 0x7f)
			printf("\\%03o", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

/* One msgid with its translator's comment; an empty or missing string is none. */
static void
put_msgid(json_t *v, int number, const char *name, const char *what)
{
	const char *s = json_string_value(v);

	if (s == NULL || s[0] == '\0')
		return;
	printf("/* TRANSLATORS: exercise %02d (%s), %s */\n/* xgettext:no-c-format */\nN_(",
	    number, name, what);
	put_literal(s);
	printf(")\n");
}

static int
put_exercise(json_t *e)
{
	json_t *tests = json_object_get(e, "tests"), *hints = json_object_get(e, "hints"), *v;
	const char *name = json_string_value(json_object_get(e, "name")), *test;
	int number = (int)json_integer_value(json_object_get(e, "number"));
	char what[128];
	size_t i;

	if (name == NULL || !json_is_array(tests))
		return -1;
	put_msgid(json_object_get(e, "title"), number, name, "the exercise's title");
	json_array_foreach(tests, i, v) {
		test = json_string_value(json_object_get(v, "name"));
		snprintf(what, sizeof what, "the title of test %s", test != NULL ? test : "?");
		put_msgid(json_object_get(v, "title"), number, name, what);
	}
	json_array_foreach(hints, i, v) {
		snprintf(what, sizeof what, "hint %zu of %zu", i + 1, json_array_size(hints));
		put_msgid(v, number, name, what);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	json_error_t err;
	json_t *root, *exs, *e;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: manifest-msgids MANIFEST > manifest-msgids.h\n");
		return 2;
	}
	if ((root = json_load_file(argv[1], 0, &err)) == NULL) {
		fprintf(stderr, "manifest-msgids: %s:%d: %s\n", argv[1], err.line, err.text);
		return 1;
	}
	exs = json_object_get(root, "exercises");
	printf("/* SPDX-License-Identifier: MIT */\n"
	    "/* Generated from exercises/manifest.json by po/manifest-msgids.c (make\n"
	    " * update-manifest-msgids): the manifest's human text, for xgettext only. */\n");
	json_array_foreach(exs, i, e)
		if (put_exercise(e) == -1) {
			fprintf(stderr, "manifest-msgids: %s: exercises[%zu] has no name or "
			    "tests\n", argv[1], i);
			return 1;
		}
	json_decref(root);
	return fflush(stdout) == 0 ? 0 : 1;
}
