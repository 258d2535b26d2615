#!/bin/sh
# check_file_cycles.sh LIBCTOME_A — no two files of the library call into
# each other (issue 13 §5): when a.c uses a function defined in b.c, b.c
# uses none defined in a.c.  Such a pair is a helper living in a dispatcher
# file (it goes into a small file of its own: es_common.c, rec_format.c,
# plot/coords.c).  Read from the static archive's symbol table (nm -A), so
# calls through internal headers count as well as calls through public
# ones.  The self-check first proves a made-up pair is found.
set -u
lib=${1:?path to libctome.a}

# nm -A lines -> "a.o b.o sym_ab sym_ba" for every mutual pair
pairs() {
    awk '{
        split($1, p, ":"); o = p[2]
        if ($2 == "U") { n_use++; use_o[n_use] = o; use_s[n_use] = $3 }
        else if (NF == 3 && $2 ~ /^[TDBR]$/) def[$3] = o
    } END {
        for (i = 1; i <= n_use; i++) {
            d = def[use_s[i]]
            if (d != "" && d != use_o[i] && !((use_o[i], d) in edge)) edge[use_o[i], d] = use_s[i]
        }
        for (k in edge) {
            split(k, ab, SUBSEP)
            if (ab[1] < ab[2] && ((ab[2], ab[1]) in edge))
                print ab[1], ab[2], edge[ab[1], ab[2]], edge[ab[2], ab[1]]
        }
    }'
}

fail=0
selfcheck=$(printf '%s\n' \
    'x.a:a.c.o:0000000000000000 T f_a' 'x.a:a.c.o:                 U f_b' \
    'x.a:b.c.o:0000000000000000 T f_b' 'x.a:b.c.o:                 U f_a' \
    'x.a:c.c.o:                 U f_a' | pairs)
if [ "$selfcheck" != "a.c.o b.c.o f_b f_a" ]; then
    echo "FAIL: the self-check did not find the made-up pair a.c <-> b.c (got '$selfcheck')"
    fail=1
fi

found=$(nm -A "$lib" 2>/dev/null | pairs | sort)
if [ -n "$found" ]; then
    echo "$found" | while read -r a b ab ba; do
        echo "FAIL: $a and $b call into each other ($a uses $ab, $b uses $ba)"
    done
    fail=1
fi
n=$(nm -A "$lib" 2>/dev/null | awk -F: '{print $2}' | sort -u | wc -l)
[ "$n" -gt 50 ] || { echo "FAIL: read only $n objects from $lib"; fail=1; }
[ "$fail" -eq 0 ] && echo "no pair of files calls into each other ($n objects)"
exit "$fail"
