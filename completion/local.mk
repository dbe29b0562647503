# SPDX-License-Identifier: MIT
# bash completion for proclab, installed where bash-completion loads it on demand
# (configure: --with-bash-completion-dir, default pkg-config's completionsdir).
bashcompletion_DATA = completion/proclab
EXTRA_DIST += completion/proclab
