#!/bin/sh
exec sh "$top_srcdir/tests/exercises/run-exercise.sh" 11-letter-count
