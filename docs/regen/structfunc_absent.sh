#!/bin/sh
# docs/structfunc_absent.tsv: the two readings of absent Randi atlas pairs
# quoted in docs/methods.md ("Structure and function"): cook2019-herm chemical
# vs randi2023-funconn, 1000 nulls, seed 1, --absent nan (the default) and
# zero.  The slice is the default reading's row (~5 s).
. docs/regen/common.sh "$@"
dir=${SLICE:-docs}
readings="nan zero"
[ -n "$SLICE" ] && readings=nan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for a in $readings; do
    run_to "$tmp/$a.txt" "$CTOME" structfunc cook2019-herm --functional randi2023-funconn --nulls 1000 --seed 1 \
        --absent $a --quiet
done
{
    printf 'absent\tn_pairs\tspearman_rho\tp\n'
    for a in $readings; do
        printf '%s\t%s\t%s\t%s\n' $a "$(awk -F'\t' '$1 == "n_pairs" {print $2}' "$tmp/$a.txt")" \
            "$(awk -F'\t' '$1 == "spearman_rho" {print $2}' "$tmp/$a.txt")" \
            "$(awk -F'\t' '$1 == "p" {print $2}' "$tmp/$a.txt")"
    done
} > "$dir/structfunc_absent.tsv"
