#!/bin/sh
# check_exports.sh SHARED_LIB STATIC_LIB [PUBLIC_HEADER...] — the shared libctome exports the
# ctome_ namespace only (issue 13 §2; lib/libctome.map, and the hidden
# *_internal.h helpers).  `nm -D --defined-only` of the shared library must list
# ctome_* and nothing else.  So that the check itself cannot pass vacuously it
# also runs the same filter on the build tree's static archive, where the
# internal helpers (plot_px, store_open_group …) are still global and must be
# found (the installed archive has them local: tests/test_install.sh).  Every
# function the installed headers declare must be exported: a public function
# redeclared in a hidden internal header would otherwise vanish from the
# shared library (the linker keeps the most restrictive visibility).
set -u
so=${1:?shared library}
ar=${2:?static library}
shift 2
command -v nm >/dev/null 2>&1 || { echo "SKIP: no nm (binutils)"; exit 77; }
fail=0

# not_ctome FILE...: defined global symbols outside the ctome_ namespace
# (linker-made section markers such as _end are not the library's).
not_ctome() {
    awk 'NF >= 3 && $2 ~ /^[TDBRVWiu]$/ { print $3 }' \
        | grep -v -e '^ctome_' -e '^_end$' -e '^_edata$' -e '^__bss_start$' | sort -u
}

exported=$(nm -D --defined-only "$so" | awk 'NF >= 3 && $2 ~ /^[TDBRVWiu]$/ { print $3 }' | grep -c '^ctome_')
stray=$(nm -D --defined-only "$so" | not_ctome)
if [ "$exported" -lt 300 ]; then
    echo "FAIL: $so exports only $exported ctome_* symbols (the public API is missing)"; fail=1
fi
if [ -n "$stray" ]; then
    echo "FAIL: $so exports symbols outside ctome_:"; echo "$stray" | head -50; fail=1
fi
# The filter finds the internal helpers where they are not hidden (the archive).
inner=$(nm --defined-only "$ar" 2>/dev/null | not_ctome)
for s in plot_px store_open_group rsa_rank; do
    if ! echo "$inner" | grep -qx "$s"; then
        echo "FAIL: self-check: $s not found among the archive's non-ctome_ symbols"; fail=1
    fi
    if nm -D --defined-only "$so" | awk '{ print $3 }' | grep -qx "$s"; then
        echo "FAIL: internal helper $s is exported"; fail=1
    fi
done
# Functions declared in the public headers: `ctome_name(` outside comments.
if [ "$#" -gt 0 ]; then
    nm -D --defined-only "$so" | awk '{ print $3 }' | sort -u > "${TMPDIR:-/tmp}/exports.$$"
    declared=$(cat "$@" | perl -0777 -pe 's{/\*.*?\*/}{}gs; s{//[^\n]*}{}g' \
               | grep -v '^ *#' | grep -o '\bctome_[a-z0-9_]*(' | tr -d '(' | sort -u)
    n_declared=$(echo "$declared" | grep -c .)
    missing=$(echo "$declared" | comm -23 - "${TMPDIR:-/tmp}/exports.$$")
    rm -f "${TMPDIR:-/tmp}/exports.$$"
    if [ "$n_declared" -lt 300 ]; then
        echo "FAIL: only $n_declared functions found in $# public headers"; fail=1
    fi
    if [ -n "$missing" ]; then
        echo "FAIL: declared in a public header but not exported:"; echo "$missing" | head -50; fail=1
    fi
    [ "$fail" -eq 0 ] && echo "ok: all $n_declared functions of $# public headers are exported"
fi
[ "$fail" -eq 0 ] && echo "ok: $exported symbols exported, all ctome_*"
exit "$fail"
