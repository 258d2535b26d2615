#!/bin/sh
# Output safety (docs/reliability.md, "Outputs"): a report never deletes or
# overwrites a user's file; -o through a symbolic link writes the target and
# keeps the link; "-o -" streams text; an interrupted run leaves no
# temporary; a failed standard output is exit 1 with the reason; every output
# path is checked before the work; numbers out of range are usage errors
# naming the option.
# optional features (tests/cli_common.sh): cairo freexl mujoco
CTOME_NEEDS="cairo freexl mujoco"
. "${CTOME_TESTS:?set CTOME_TESTS to the tests folder}/cli_common.sh"

# ---- report: a folder ctome did not write is refused, nothing in it touched
mkdir -p "$t/mydata/sub" && echo x > "$t/mydata/thesis.txt"
expect 1 "mydata: the folder holds 2 entries ctome did not write" -- "$bin" report -o "$t/mydata"
[ "$(cat "$t/mydata/thesis.txt")" = x ] && [ -d "$t/mydata/sub" ] && ok || bad "report touched the user's folder"
ls -d "$t"/mydata.tmp* >/dev/null 2>&1 && bad "report left a build folder" || ok
# --force never overwrites a user's file where the report writes its own
mkdir -p "$t/coll" && echo mine > "$t/coll/index.html"
expect 1 "index.html is not a file of an earlier report" -- "$bin" report -o "$t/coll" --force
[ "$(cat "$t/coll/index.html")" = mine ] && ok || bad "report --force overwrote the user's index.html"
# a marker that is not ctome's is the user's file
mkdir -p "$t/fake" && echo "my notes" > "$t/fake/.ctome-report"
expect 1 "did not write" -- "$bin" report -o "$t/fake"
echo y > "$t/plain"
expect 1 "plain: exists and is not a folder" -- "$bin" report -o "$t/plain"
expect 1 "folder $t/nodir does not exist" -- "$bin" report -o "$t/nodir/rep"

# ---- symbolic links: the target is written, the link stays
echo old > "$t/real.tsv"
ln -s real.tsv "$t/link.tsv"
expect 0 "" -- "$bin" export white1986-whole --layer chemical --format edgelist -o "$t/link.tsv"
[ -L "$t/link.tsv" ] && ok || bad "-o replaced the symbolic link"
head -1 "$t/real.tsv" | grep -q "^source	target	weight" && ok || bad "the link's target was not written"
ln -s "$t/new.h5" "$t/dangling.h5"
expect 0 "" -- "$bin" ingest white1986-whole -o "$t/dangling.h5"
[ -L "$t/dangling.h5" ] && [ -f "$t/new.h5" ] && ok || bad "a store through a dangling link"
"$bin" info "$t/dangling.h5" > /dev/null 2>&1 && ok || bad "the store written through a link does not read back"
ls "$t"/*.tmp* >/dev/null 2>&1 && bad "temporaries left beside the targets" || ok

# ---- "-o -" streams text; a binary store to a stream is refused
expect 0 "^ADAL	AIBL	1	chemical$" -- "$bin" export white1986-whole --layer chemical --format edgelist -o -
expect 1 "cannot be written to standard output" -- "$bin" ingest white1986-whole -o -
expect 1 "cannot be written to standard output" -- "$bin" ingest white1986-whole -o /dev/stdout
expect 2 "a figure needs a file name ending in .png" -- "$bin" plot adjacency white1986-whole -o -

# ---- standard output that cannot be written: exit 1 with the reason
if [ -w /dev/full ]; then
    "$bin" datasets > /dev/full 2> "$t/err"
    rc=$?
    [ "$rc" -eq 1 ] && grep -q "writing standard output: No space left on device" "$t/err" && ok ||
        bad "datasets > /dev/full -> exit $rc: $(cat "$t/err")"
    "$bin" stats white1986-whole --nulls 2 -q > /dev/full 2> "$t/err"
    rc=$?
    [ "$rc" -eq 1 ] && grep -q "writing standard output: No space left on device" "$t/err" && ok ||
        bad "stats > /dev/full -> exit $rc: $(cat "$t/err")"
fi

# a device given by name is written directly (never replaced), and its errors count
if [ -w /dev/full ]; then
    expect 1 "/dev/full: write failed: No space left on device" -- \
        "$bin" export white1986-whole --layer chemical --format edgelist -o /dev/full
    [ -c /dev/full ] && ok || bad "-o /dev/full replaced the device"
fi
expect 0 "^ADAL	AIBL	1	chemical$" -- "$bin" export white1986-whole --layer chemical --format edgelist -o /dev/stdout
[ -L /dev/stdout ] || [ -c /dev/stdout ] && ok || bad "-o /dev/stdout replaced /dev/stdout"

# ---- SIGTERM: the live temporaries go with the process
# interrupt KILLCMD... after the temporary PATTERN appeared; skipped (counted
# as passed) when the command finished before it could be interrupted.
interrupt() {
    pat=$1
    shift
    "$@" > /dev/null 2>&1 &
    pid=$!
    i=0
    while [ $i -lt 100 ] && ! ls -d $pat >/dev/null 2>&1 && kill -0 $pid 2>/dev/null; do
        sleep 0.05
        i=$((i + 1))
    done
    if ls -d $pat >/dev/null 2>&1 && kill -TERM $pid 2>/dev/null; then
        wait $pid
        rc=$?
        [ "$rc" -eq 143 ] || bad "$* after SIGTERM -> exit $rc, want 143 (killed by SIGTERM)"
        ls -d $pat >/dev/null 2>&1 && bad "$* left $pat after SIGTERM" || ok
    else
        wait $pid
        echo "note: $* finished before SIGTERM; interrupt check skipped"
        ok
    fi
}
interrupt "$t/sig.h5.tmp*" "$bin" ingest all -o "$t/sig.h5"
interrupt "$t/sigrep.tmp*" "$bin" report -o "$t/sigrep"
[ -e "$t/sigrep" ] && bad "an interrupted report left its folder" || ok

# ---- every output path is checked before the work
expect 1 "--plot nodir/x.png: folder nodir does not exist" -- "$bin" stats white1986-whole --plot nodir/x.png
[ -s "$t/out" ] && bad "stats printed results before refusing its --plot path" || ok
grep -q "nulls, seed" "$t/err" && bad "stats started before refusing its --plot path" || ok
expect 2 "--plot x.gif: unknown figure format" -- "$bin" stats white1986-whole --plot x.gif
expect 1 "--output /nonexist/c.h5: folder /nonexist does not exist" -- \
    "$bin" swim train -o /nonexist/c.h5 --budget 100000000
expect 1 "--output $t: is a folder" -- "$bin" nulls white1986-whole -n 5 -o "$t"
expect 1 "--plot-dir $t/no/pd: folder $t/no does not exist" -- \
    "$bin" sernn sweep --gammas 0.1 --seeds 1 --epochs 1 -o "$t/sw.tsv" --plot-dir "$t/no/pd"
no_file "$t/sw.tsv"
# --plot-dir is made up front, and removed again when the command fails before writing into it
expect 1 "--output $t/nodir/sw.tsv: folder" -- \
    "$bin" sernn sweep --gammas 0.1 --seeds 1 --epochs 1 -o "$t/nodir/sw.tsv" --plot-dir "$t/pd"
[ -e "$t/pd" ] && bad "a refused sweep left its --plot-dir" || ok
expect 1 "--plot $t/nodir/f.png: folder" -- "$bin" sim varshney2011 --plot "$t/nodir/f.png"
expect 1 "--output $t/nodir/a.h5: folder" -- "$bin" activity atanas2023-sample -o "$t/nodir/a.h5"

# ---- numbers out of range: usage errors naming the option
expect 2 "--seed 18446744073709551616: out of range (a whole number in 0..18446744073709551615)" -- \
    "$bin" stats white1986-whole --seed 18446744073709551616
expect 2 "--nulls 99999999999: out of range (a whole number in 0..1000000)" -- \
    "$bin" stats white1986-whole --nulls 99999999999
expect 2 "--nulls 1e9: not a whole number" -- "$bin" structfunc varshney2011 --functional uzel2022-fc --nulls 1e9
expect 2 "--threads 0: out of range" -- "$bin" nulls white1986-whole -n 2 -o "$t/n.h5" --threads 0
expect 2 "--seed -1: not a whole number" -- "$bin" rsa atanas2023-sample --seed -1
expect 2 "--nulls 99999999999999999999: out of range" -- \
    "$bin" rsa atanas2023-sample --compare atanas2023-sample --nulls 99999999999999999999
expect 2 "--seed 18446744073709551616: out of range" -- "$bin" sim varshney2011 --seed 18446744073709551616
expect 2 "--random-signs 18446744073709551616: out of range" -- \
    "$bin" perturb cook2019-herm --random-signs 18446744073709551616
expect 2 "--seed 99999999999999999999: out of range" -- "$bin" swim run --seed 99999999999999999999
expect 2 "--seed 99999999999999999999: out of range" -- "$bin" sernn train --seed 99999999999999999999 -o "$t/s.h5"
expect 2 "--limit 99999999999999999999: out of range" -- "$bin" compare-sources cook2019-herm --limit 99999999999999999999
expect 2 "--min-length 99999999999999999999999: out of range" -- \
    "$bin" activity atanas2023-sample -o "$t/a.h5" --min-length 99999999999999999999999
expect 2 "--swaps inf: not a finite number" -- "$bin" nulls white1986-whole -n 2 -o "$t/n.h5" --swaps inf
expect 2 "--seed 18446744073709551616: out of range" -- "$bin" richlazy --seed 18446744073709551616

cli_done
