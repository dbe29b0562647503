#!/bin/sh
exec sh "$top_srcdir/tests/exercises/run-exercise.sh" 09-barrier
