#!/bin/sh
# CLI tests of defaults that could flip a conclusion (issue 11): one reading
# of absent atlas pairs for structfunc and perturb, printed with the result.
. "${CTOME_TESTS:?}/cli_common.sh"

# --- absent atlas pairs: one default (nan) for structfunc and perturb ------
# 1687 = the ordered cook2019-herm chemical pairs with a non-zero Randi value;
# with absent pairs read as 0 every ordered pair of shared neurons counts (21462).
expect 0 "^pairs	1687$" -- "$bin" structfunc cook2019-herm --functional randi2023-funconn --nulls 5 --quiet
grep -q "^absent_pairs	nan	" "$t/out" && ok || bad "structfunc does not print the absent reading"
grep -q "note: pairs absent from randi2023-funconn are read as not measured and left out (default; --absent zero" \
    "$t/err" && ok || bad "structfunc default absent note missing on stderr"
expect 0 "^pairs	21462$" -- "$bin" structfunc cook2019-herm --functional randi2023-funconn --nulls 5 --quiet \
    --absent zero
grep -q "^absent_pairs	zero	" "$t/out" && ok || bad "structfunc --absent zero not printed"
[ -s "$t/err" ] && bad "structfunc --absent zero given: no default note wanted" || ok
expect 0 '"absent_pairs": "nan"' -- "$bin" structfunc cook2019-herm --functional randi2023-funconn --nulls 5 \
    --quiet --json
expect 0 '"absent_pairs": null' -- "$bin" structfunc varshney2011 --functional uzel2022-fc --nulls 5 --quiet --json
expect 0 '"absent_pairs": "nan"' -- "$bin" perturb cook2019-herm --stim-list AVA --quiet --json
expect 2 "absent is nan or zero, not 'none'" -- "$bin" structfunc cook2019-herm \
    --functional randi2023-funconn --absent none
expect 2 "absent is nan or zero, not 'none'" -- "$bin" perturb cook2019-herm --absent none

cli_done
