#!/bin/sh
exec sh "$top_srcdir/tests/exercises/run-exercise.sh" 05-locked-counter
