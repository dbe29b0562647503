# The exercise runtime: linked into every graded exercise (student code + harness).
# (owned by the runtime; see doc/HACKING.md)
