#!/bin/sh
# Regenerate every table of docs/ that comes from a committed command (the
# list and the audit of the rest: docs/regen/README.md).  Run from the
# repository root after building: `sh docs/regen.sh` (CTOME=path/to/ctome to
# use another binary).  Each script prints the commands it runs.
set -eu
for s in docs/regen/*.sh; do
    [ "$(basename "$s")" = common.sh ] && continue
    echo "== $s" >&2
    sh "$s"
done
