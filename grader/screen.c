/* SPDX-License-Identifier: MIT */
/*
 * screen.c: the student's object files, read with elfutils' libelf before they are linked
 * with the harness and the runtime. A test passes when the harness process writes
 * "status passed"; code that runs before main (a constructor), after it (an exit handler),
 * instead of it (its own main or lab_main) or inside the runtime (a definition of one of its
 * names, a wrapper, a reference to its state) could write that line itself. Such objects
 * are refused with a sentence that names the symbol or section and says why.
 *
 * What a student may define: any other global name (the header's functions, their own
 * helpers and variables); static names never matter. What they may call: anything but the
 * runtime's internals (lab_think is theirs) and the exercise's forbidden list.
 */
#include "grader.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OBJECT_MAX	(64 * 1024 * 1024)

/* Sections whose contents run before or after main. */
static const char *const run_sections[] = {
	".init_array", ".fini_array", ".preinit_array", ".ctors", ".dtors", ".init", ".fini"
};

static bool
has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* NAME is SECTION or SECTION.SUFFIX (".init_array.00101": a constructor with a priority). */
static bool
section_is(const char *name, const char *section)
{
	size_t	len = strlen(section);

	return strncmp(name, section, len) == 0 && (name[len] == '\0' || name[len] == '.');
}

static int
screen_section(const char *file, const char *name, const GElf_Shdr *sh, char **cause)
{
	for (size_t i = 0; i < nitems(run_sections); i++) {
		if (section_is(name, run_sections[i]))
			goto refuse;
	}
	if (sh->sh_type == SHT_INIT_ARRAY || sh->sh_type == SHT_PREINIT_ARRAY)
		goto refuse;
	if (sh->sh_type == SHT_FINI_ARRAY) {
		cause_set(cause, _("%s has a destructor (%s): code that runs after main is not "
		    "allowed in an exercise"), file, name);
		return -1;
	}
	return 0;
refuse:
	if (has_prefix(name, ".fini") || has_prefix(name, ".dtors"))
		cause_set(cause, _("%s has a destructor (%s): code that runs after main is not "
		    "allowed in an exercise"), file, name);
	else
		cause_set(cause, _("%s has a constructor (%s): code that runs before main is not "
		    "allowed in an exercise"), file, name);
	return -1;
}

/* A global or weak symbol FILE defines. */
static int
screen_definition(const char *file, const char *name, const GElf_Sym *sym, char **cause)
{
	if (strcmp(name, "main") == 0) {
		cause_set(cause, _("%s defines 'main': the lab's test harness has the program's "
		    "main, your file only the functions of the exercise"), file);
		return -1;
	}
	if (has_prefix(name, "lab_")) {
		cause_set(cause, _("%s defines '%s', a name of the lab's runtime: rename it"),
		    file, name);
		return -1;
	}
	if (has_prefix(name, "__wrap_") || has_prefix(name, "__real_")) {
		cause_set(cause, _("%s defines '%s', a name of the lab's call wrappers: rename "
		    "it"), file, name);
		return -1;
	}
	if (GELF_ST_TYPE(sym->st_info) == STT_GNU_IFUNC) {
		cause_set(cause, _("%s defines '%s' as an indirect function (ifunc): its resolver "
		    "runs before main, which is not allowed in an exercise"), file, name);
		return -1;
	}
	return 0;
}

/* A symbol FILE uses but does not define. */
static int
screen_reference(const char *file, const char *name, const struct exercise *ex, char **cause)
{
	if ((has_prefix(name, "lab_") && strcmp(name, "lab_think") != 0) ||
	    has_prefix(name, "__wrap_") || has_prefix(name, "__real_")) {
		cause_set(cause, _("%s uses '%s', a part of the lab's runtime that is not for "
		    "exercises: lab_think() is the only call lab.h gives you"), file, name);
		return -1;
	}
	for (size_t i = 0; i < ex->nforbidden; i++) {
		if (strcmp(name, ex->forbidden[i]) == 0) {
			cause_set(cause, _("%s calls %s(), which this exercise does not allow"),
			    file, name);
			return -1;
		}
	}
	return 0;
}

static int
screen_symbols(Elf *e, Elf_Scn *scn, const GElf_Shdr *sh, const char *file,
    const struct exercise *ex, char **cause)
{
	Elf_Data	*data = elf_getdata(scn, NULL);
	GElf_Sym	 sym;
	const char	*name;
	size_t		 n;

	if (data == NULL || sh->sh_entsize == 0) {
		cause_set(cause, _("%s: its object file cannot be read: %s"), file,
		    elf_errmsg(-1));
		return -1;
	}
	n = sh->sh_size / sh->sh_entsize;
	for (size_t i = 1; i < n; i++) {
		if (gelf_getsym(data, (int)i, &sym) == NULL)
			break;
		if (GELF_ST_BIND(sym.st_info) == STB_LOCAL)
			continue;
		if ((name = elf_strptr(e, sh->sh_link, sym.st_name)) == NULL || *name == '\0')
			continue;
		if (sym.st_shndx == SHN_UNDEF) {
			if (screen_reference(file, name, ex, cause) == -1)
				return -1;
		} else if (screen_definition(file, name, &sym, cause) == -1)
			return -1;
	}
	return 0;
}

static int
screen_elf(Elf *e, const char *file, const struct exercise *ex, char **cause)
{
	Elf_Scn		*scn = NULL;
	GElf_Ehdr	 eh;
	GElf_Shdr	 sh;
	const char	*name;
	size_t		 shstrndx;

	if (elf_kind(e) != ELF_K_ELF || gelf_getehdr(e, &eh) == NULL || eh.e_type != ET_REL ||
	    elf_getshdrstrndx(e, &shstrndx) != 0) {
		cause_set(cause, _("%s: its object file cannot be read: %s"), file,
		    elf_errno() != 0 ? elf_errmsg(-1) : _("not a relocatable ELF object"));
		return -1;
	}
	while ((scn = elf_nextscn(e, scn)) != NULL) {
		if (gelf_getshdr(scn, &sh) == NULL ||
		    (name = elf_strptr(e, shstrndx, sh.sh_name)) == NULL) {
			cause_set(cause, _("%s: its object file cannot be read: %s"), file,
			    elf_errmsg(-1));
			return -1;
		}
		if (screen_section(file, name, &sh, cause) == -1)
			return -1;
		if (sh.sh_type == SHT_SYMTAB &&
		    screen_symbols(e, scn, &sh, file, ex, cause) == -1)
			return -1;
	}
	return 0;
}

int
screen_object(const char *path, const char *file, const struct exercise *ex, char **cause)
{
	struct stat	 st;
	Elf		*e;
	int		 fd, rc = -1;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		cause_set(cause, _("%s: its object file cannot be read: %s"), file,
		    elf_errmsg(-1));
		return -1;
	}
	/* written by the sandboxed compiler: a regular file of ours, never a link */
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		cause_errno(cause, "%s", path);
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_size > OBJECT_MAX) {
		cause_set(cause, _("%s: its object file cannot be read: %s"), file,
		    _("not a regular file of a sensible size"));
		goto out;
	}
	if ((e = elf_begin(fd, ELF_C_READ, NULL)) == NULL) {
		cause_set(cause, _("%s: its object file cannot be read: %s"), file,
		    elf_errmsg(-1));
		goto out;
	}
	rc = screen_elf(e, file, ex, cause);
	elf_end(e);
out:
	close(fd);
	return rc;
}
