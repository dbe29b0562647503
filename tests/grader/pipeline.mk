# (owned by its subsystem; see doc/HACKING.md)
