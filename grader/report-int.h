/* SPDX-License-Identifier: MIT */
/*
 * report-int.h: what the report writers (report-*.c) share; not part of grader.h.
 */
#ifndef PROCLAB_REPORT_INT_H
#define PROCLAB_REPORT_INT_H

#include "grader.h"

#include <jansson.h>

/* report.c: the sentences every format shows. A hidden test's name, title and message are
 * shown only to instructors (rep_shown). The char * ones are malloc'd, NULL for nothing. */
bool report_internal(const struct report *r);
bool rep_shown(const struct report *r, const struct test_spec *t);
char *rep_test_title(const struct report *r, const struct case_result *t, size_t i);
char *rep_test_name(const struct report *r, const struct case_result *t, size_t i);
char *rep_test_feedback(const struct report *r, const struct exercise_result *er,
    const struct case_result *t);
char *rep_hygiene_feedback(const struct exercise_result *er);
char *rep_compile_feedback(const struct exercise_result *er);
const char *rep_isolation_warning(const struct report *r);
const char *rep_protections(const struct report *r);

/* report-json.c: a JSON string of S sanitized (null for NULL); set K of O to V. */
json_t *rep_jstr(const char *s);
void rep_jset(json_t *o, const char *k, json_t *v);
/* Dumps ROOT indented (and frees it); -1 on a write error. */
int rep_json_dump(FILE *, json_t *root);

/* One writer per format. */
int write_text(FILE *, const struct report *);
int write_json(FILE *, const struct report *);
int write_gradescope(FILE *, const struct report *);
int write_junit(FILE *, const struct report *);
int write_tap(FILE *, const struct report *);
/* report-platforms.c */
int write_autolab(FILE *, const struct report *);
int write_prairielearn(FILE *, const struct report *);
int write_vpl(FILE *, const struct report *);

#endif /* PROCLAB_REPORT_INT_H */
