#!/bin/sh
# SPDX-License-Identifier: MIT
exec sh "$top_srcdir/tests/exercises/run-exercise.sh" 02-ordered-flags
