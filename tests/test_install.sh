#!/bin/sh
# test_install.sh BUILD_DIR SANITIZE — the library as another program sees it
# (issue 13 §1, §6): `meson install` into a temporary folder, then
#  - the public headers sit in include/ctome/ (none directly in include/), the
#    internal ones (*_internal.h, h5util.h …) are not installed, ctome.h
#    includes every installed header, and each one compiles on its own;
#  - ctome.pc gives -I<includedir> only, so <ctome/ctome.h> and glibc's
#    <error.h> coexist in one program;
#  - examples/layer_summary.c builds with $(pkg-config --cflags --libs ctome)
#    against the installed shared library and prints the Cook 2019
#    hermaphrodite layer sizes of docs/datasets.md (chemical 302 neurons,
#    3671 edges, 20848 EM sections; electrical 298, 1091, 5744);
#  - the installed static libctome.a defines ctome_* globals only (nm; the
#    install step localises the rest, lib/localize_archive.sh), the example
#    links against it and prints the same, and a program with a function
#    named like one of the library's internal helpers links beside it.
set -u
build=${1:?build dir}
sanitize=${2:-none}
src=$(cd "$(dirname "$0")/.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
bad() { fail=1; echo "FAIL: $*"; }
cc=${CC:-cc}
command -v "$cc" >/dev/null 2>&1 || { echo "SKIP: no C compiler ($cc)"; exit 77; }
command -v pkg-config >/dev/null 2>&1 || { echo "SKIP: no pkg-config"; exit 77; }

meson install -C "$build" --no-rebuild --quiet --destdir "$t/root" > "$t/install.log" 2>&1 \
    || { cat "$t/install.log"; echo "FAIL: meson install"; exit 1; }
pc=$(find "$t/root" -name ctome.pc | head -1)
[ -n "$pc" ] || { echo "FAIL: no ctome.pc installed"; exit 1; }
# The staged tree lives under $t/root: point the .pc file's prefix there.
prefix=$(sed -n 's/^prefix=//p' "$pc")
sed -i "s|^prefix=.*|prefix=$t/root$prefix|" "$pc"
inc="$t/root$prefix/include"
libdir=$(dirname "$(dirname "$pc")")
datadir="$t/root$prefix/share/ctome"

# The report's seRNN figure reads the committed 100-seed table beside the
# installed data (tools/report_learning.c): installed, and the same bytes.
cmp -s "$datadir/results/sernn_matched100.tsv" "$src/docs/sernn_matched100.tsv" \
    || bad "share/ctome/results/sernn_matched100.tsv not installed or differs from docs/"

# Headers: namespaced, public only, all in the umbrella header.
[ -f "$inc/ctome/ctome.h" ] || bad "include/ctome/ctome.h not installed"
for h in error.h io.h rng.h plot.h ctome.h; do
    [ -e "$inc/$h" ] && bad "$h installed directly in include/ (shadows system headers)"
done
for h in plot_internal.h store_internal.h rsa_internal.h h5util.h textutil.h matval.h; do
    [ -e "$inc/ctome/$h" ] && bad "internal header $h installed"
done
n=0
for h in "$inc"/ctome/*.h; do
    b=$(basename "$h")
    n=$((n + 1))
    [ "$b" = ctome.h ] && continue
    grep -q "^#include \"$b\"" "$inc/ctome/ctome.h" || bad "ctome.h does not include $b"
    printf '#include <ctome/%s>\nint main(void) { return 0; }\n' "$b" > "$t/one.c"
    "$cc" -std=c11 -Wall -Wextra -Werror -pedantic -fsyntax-only -I"$inc" "$t/one.c" 2> "$t/one.err" \
        || bad "<ctome/$b> does not compile on its own: $(head -c 300 "$t/one.err")"
done
[ "$n" -ge 50 ] || bad "only $n public headers installed"

# pkg-config: -I<includedir>, never -I<includedir>/ctome.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
cflags=$(pkg-config --cflags ctome) || bad "pkg-config --cflags ctome failed"
libs=$(pkg-config --libs ctome) || bad "pkg-config --libs ctome failed"
case " $cflags " in *"-I$inc "*) ;; *) bad "Cflags lack -I$inc: $cflags" ;; esac
case " $cflags " in *"/include/ctome"*) bad "Cflags name include/ctome: $cflags" ;; esac

# The example, built as a user would, against the installed shared library.
san=""
[ "$sanitize" != none ] && san="-fsanitize=$sanitize"
# shellcheck disable=SC2086  # word splitting of the flags is intended
"$cc" -std=c11 -Wall -Wextra -Werror $san "$src/examples/layer_summary.c" $cflags $libs \
    -o "$t/layer_summary" 2> "$t/cc.err" || { cat "$t/cc.err"; bad "example does not build"; }
if [ -x "$t/layer_summary" ]; then
    # The example links the installed libctome.so, not the build tree's.
    LD_LIBRARY_PATH="$libdir" ldd "$t/layer_summary" | grep -q "$libdir/libctome.so" \
        || bad "example not linked against the installed libctome.so"
    LD_LIBRARY_PATH="$libdir" "$t/layer_summary" "$datadir" cook2019-herm > "$t/out" 2> "$t/err" \
        || bad "example failed: $(cat "$t/err")"
    printf 'chemical\t302\t3671\t20848\nelectrical\t298\t1091\t5744\n' > "$t/want"
    grep -v -e '^library' -e '^layer' "$t/out" | diff "$t/want" - > "$t/diff" || bad "example output: $(cat "$t/diff")"
    # A failure reaches the user as the library's message (via glibc's error()).
    LD_LIBRARY_PATH="$libdir" "$t/layer_summary" "$datadir" no-such-id > "$t/out" 2> "$t/err"
    rc=$?
    [ "$rc" -eq 1 ] && grep -q "no-such-id" "$t/err" || bad "unknown id: exit $rc, $(cat "$t/err")"
fi

# The static archive: ctome_* the only defined globals, the internal helpers
# still inside (local), and a program linked against it works.
ar="$libdir/libctome.a"
if [ ! -f "$ar" ]; then
    bad "libctome.a not installed"
elif ! command -v nm >/dev/null 2>&1; then
    echo "note: no nm, static archive not checked"
else
    nm -g --defined-only "$ar" | awk 'NF >= 3 && $2 ~ /^[TDBRVWiu]$/ { print $3 }' | sort -u > "$t/globals"
    stray=$(grep -v '^ctome_' "$t/globals")
    [ -z "$stray" ] || bad "installed libctome.a defines globals outside ctome_: $(echo "$stray" | head -20 | tr '\n' ' ')"
    n_ctome=$(grep -c '^ctome_' "$t/globals")
    [ "$n_ctome" -ge 300 ] || bad "installed libctome.a defines only $n_ctome ctome_* globals"
    for s in rsa_rank store_open_group; do
        nm --defined-only "$ar" | grep -q " t $s\$" || bad "self-check: internal helper $s not in libctome.a as a local"
    done
    printf 'chemical\t302\t3671\t20848\nelectrical\t298\t1091\t5744\n' > "$t/want"
    # The private libraries, linked as shared ones (igraph's .pc names static
    # dependencies Debian does not ship).
    req=$(pkg-config --print-requires-private ctome | awk '{ print $1 }')
    priv=$(sed -n 's/^Libs.private: //p' "$pc")
    # shellcheck disable=SC2086  # word splitting of the flags is intended
    slibs="$ar $priv $(pkg-config --libs $req)"
    # shellcheck disable=SC2086
    "$cc" -std=c11 -Wall -Wextra -Werror $san "$src/examples/layer_summary.c" $cflags $slibs \
        -o "$t/layer_summary_static" 2> "$t/cc.err" || bad "example does not build against libctome.a: $(head -c 500 "$t/cc.err")"
    if [ -x "$t/layer_summary_static" ]; then
        ldd "$t/layer_summary_static" | grep -q libctome && bad "static example linked libctome.so"
        "$t/layer_summary_static" "$datadir" cook2019-herm > "$t/out" 2> "$t/err" || bad "static example failed: $(cat "$t/err")"
        grep -v -e '^library' -e '^layer' "$t/out" | diff "$t/want" - > "$t/diff" || bad "static example output: $(cat "$t/diff")"
    fi
    # A user's function named like an internal helper links beside the archive,
    # in a program that pulls in the library's code using that helper
    # (ctome_rsa_rank calls rsa_rank): with the helper global, the link fails
    # with "multiple definition of rsa_rank".
    printf '%s\n' '#include <ctome/ctome.h>' '#include <stdio.h>' \
        'int rsa_rank(void) { return 7; }' \
        'int main(void) {' '    double x[3] = {30, 10, 20}, r[3];' \
        '    if (ctome_rsa_rank(3, x, r)) return 1;' \
        '    printf("%d %g %g %g\n", rsa_rank(), r[0], r[1], r[2]);' '    return 0;' '}' > "$t/clash.c"
    # shellcheck disable=SC2086
    "$cc" -std=c11 -Wall -Wextra -Werror $san "$t/clash.c" $cflags $slibs -o "$t/clash" 2> "$t/cc.err" \
        || bad "a program defining rsa_rank does not link with libctome.a: $(head -c 500 "$t/cc.err")"
    [ -x "$t/clash" ] && { [ "$("$t/clash")" = "7 3 1 2" ] || bad "clash program printed $("$t/clash")"; }
fi
[ "$fail" -eq 0 ] && echo "ok: $n public headers, example built with pkg-config and checked; static archive ctome_* only"
exit "$fail"
