#!/bin/sh
# ctome --scope and --layer a+b (node scope and layer unions): graphs whose
# nodes are not registry neurons are analysed whole and say so; nothing to
# analyse is exit 1 with a message naming dataset and layer; the union of
# Varshney 2011 chemical and electrical is Towlson 2013's 279 neurons and
# 2287 edges in every command that reads a layer.  Reference values:
# tests/ref/scope_ref.txt (networkx, tests/ref/scope_ref.py).
# optional features (tests/cli_common.sh): cairo freexl
CTOME_NEEDS="cairo freexl"
. "${CTOME_TESTS:?}/cli_common.sh"
fix=$CTOME_TESTS/fixtures/scope

# json_num FILE KEY: the first value of "KEY": in a JSON file
json_num() { sed -n "s/^ *\"$2\": \\([-0-9.eE+]*\\),*$/\\1/p" "$1" | head -n 1; }
# close A B TOL: |A - B| <= TOL
close() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }
# ref GRAPH KEY: the networkx value
ref() { sed -n "s/^$1 $2 //p" "$CTOME_TESTS/ref/scope_ref.txt"; }

# --- Watts & Strogatz network (numbered nodes): analysed whole ------------
expect 0 "node scope 'all'" -- "$bin" stats newman-celegans --nulls 2 --json
grep -q "297 node names are not registry neurons or known cells (1, 51, 72" "$t/err" && ok ||
    bad "stats does not report the unresolved names: $(cat "$t/err")"
cp "$t/out" "$t/newman.json"
for k in n_nodes transitivity average_clustering char_path_length global_efficiency; do
    r=$k
    [ "$k" = n_nodes ] && r=n
    got=$(json_num "$t/newman.json" "$k")
    close "$got" "$(ref newman "$r")" 1e-12 && ok || bad "newman-celegans $k = $got, networkx $(ref newman "$r")"
done
# the issue's numbers, as printed by Watts & Strogatz's own network
close "$(json_num "$t/newman.json" transitivity)" 0.1807 5e-5 && ok || bad "newman transitivity is not 0.1807"
close "$(json_num "$t/newman.json" average_clustering)" 0.2924 5e-5 && ok || bad "newman clustering is not 0.2924"
close "$(json_num "$t/newman.json" char_path_length)" 2.4553 5e-5 && ok || bad "newman path length is not 2.4553"
grep -q '"node_scope": "all"' "$t/newman.json" && grep -q '"node_scope_automatic": true' "$t/newman.json" &&
    ok || bad "stats --json does not record the automatic node scope"
expect 0 "	all	exact	0	" -- "$bin" stats newman-celegans --nulls 2 -q
head -n 1 "$t/out" | grep -q "	node_scope	path_estimate	" && ok || bad "stats TSV lacks the node_scope column"
expect 1 "newman-celegans: nothing to analyse (layer 'chemical': no edge between registry neurons (its edges involve other cells: try --scope all))" \
    -- "$bin" stats newman-celegans --nulls 2 --scope neurons
[ ! -s "$t/out" ] && ok || bad "stats printed output before failing"
expect 1 "newman-celegans: layer 'chemical' has nothing to analyse" \
    -- "$bin" stats newman-celegans --layer chemical --nulls 2 --scope neurons
expect 2 "--scope must be auto, neurons or all, not 'cells'" -- "$bin" stats newman-celegans --scope cells

# --- networkx's karate club: GraphML and an integer-id CSV edge list -------
for f in karate.graphml karate.csv; do
    expect 0 "" -- "$bin" stats "$fix/$f" --nulls 2 --json -q
    cp "$t/out" "$t/k.json"
    for k in n_nodes n_edges transitivity average_clustering char_path_length global_efficiency degree_assortativity; do
        r=$k
        [ "$k" = n_nodes ] && r=n
        [ "$k" = n_edges ] && r=m_und
        got=$(json_num "$t/k.json" "$k")
        close "$got" "$(ref karate "$r")" 1e-12 && ok || bad "$f $k = $got, networkx $(ref karate "$r")"
    done
done

# --- nothing to analyse: zero weights, self-loops only -------------------
printf 'source,target,weight\nAVAL,AVAR,0\nAVAL,AIYL,0\n' > "$t/zero.csv"
expect 1 "zero.csv: nothing to analyse: no edge at all (its listings all have weight 0" -- "$bin" stats "$t/zero.csv" --nulls 2
[ ! -s "$t/out" ] && ok || bad "stats printed output for an all-zero file"
printf 'source,target,weight\nAVAL,AVAL,3\n7,7,1\n' > "$t/loops.csv"
expect 1 "loops.csv: nothing to analyse (layer 'chemical': its 2 edges between nodes are self-loops)" \
    -- "$bin" stats "$t/loops.csv" --nulls 2
expect 1 "loops.csv: layer 'chemical' has nothing to analyse: its 2 edges between nodes are self-loops" \
    -- "$bin" export "$t/loops.csv" --layer chemical -f edgelist -o "$t/loops.tsv"
no_file "$t/loops.tsv"

# --- layer union chemical+electrical (Towlson 2013: 279 neurons, 2287 edges)
expect 0 "layer union 'chemical+electrical': one undirected simple graph" \
    -- "$bin" stats varshney2011 --layer chemical+electrical --nulls 2 --json
grep -q '"n_nodes": 279,' "$t/out" && grep -q '"n_edges": 2287,' "$t/out" && grep -q '"directed": false' "$t/out" &&
    ok || bad "varshney2011 chemical+electrical is not 279 neurons, 2287 undirected edges"
grep -q '"layer_union": "one undirected simple graph' "$t/out" && ok || bad "stats --json lacks the union rule"
expect 0 "^varshney2011	electrical+chemical	279	2287	" \
    -- "$bin" stats varshney2011 --layer electrical+chemical --nulls 2 -q
expect 1 "varshney2011: no layer 'contact' (layers: chemical, electrical)" \
    -- "$bin" stats varshney2011 --layer chemical+contact --nulls 2
expect 1 "layer union 'chemical+chemical': layer 'chemical' named twice" \
    -- "$bin" stats varshney2011 --layer chemical+chemical --nulls 2
expect 0 "" -- "$bin" export varshney2011 --layer chemical+electrical -f graphml -o "$t/u.graphml"
expect 0 "^u.graphml	chemical+electrical	false	279	2287	" -- "$bin" info "$t/u.graphml"
expect 0 "^varshney2011	witvliet2021-8	" -- "$bin" compare varshney2011 witvliet2021-8 --layer chemical+electrical
grep -q "compare: note: chemical+electrical layer, node scope neurons" "$t/err" && ok || bad "compare does not name the union and scope"
expect 0 "2287 edges" -- "$bin" nulls varshney2011 --layer chemical+electrical -n 2 -o "$t/n.h5"
expect 0 "" -- "$bin" rank varshney2011 --layer chemical+electrical --json
grep -q '"rows": 279' "$t/out" && ok || bad "rank of the union is not 279 x 279: $(head -c 300 "$t/out")"

# --- every analysis command follows the scope rule -----------------------
expect 0 "node scope 'all'" -- "$bin" communicability "$fix/karate.graphml" --layer electrical -o "$t/g.csv"
[ "$(head -n 1 "$t/g.csv" | tr ',' '\n' | wc -l)" -eq 35 ] && ok || bad "communicability of the karate club is not 34 x 34"
expect 0 "node scope 'all'" -- "$bin" rank "$fix/karate.csv"
expect 0 "node scope 'all'" -- "$bin" plot adjacency "$fix/karate.graphml" --layer electrical -o "$t/k.png"
expect 0 "node scope 'all'" -- "$bin" export "$fix/karate.csv" --layer chemical -f edgelist -o "$t/k.tsv"
[ "$(wc -l < "$t/k.tsv")" -eq 79 ] && ok || bad "export of the karate CSV is not 78 edges"
expect 0 "node scope 'all'" -- "$bin" nulls "$fix/karate.csv" -n 2 -o "$t/kn.h5"
expect 1 "karate.csv: layer 'chemical' has nothing to analyse: no edge between registry neurons" \
    -- "$bin" communicability "$fix/karate.csv" --scope neurons -o "$t/none.csv"
no_file "$t/none.csv"
expect 2 "--scope must be auto, neurons or all, not 'x'" -- "$bin" compare varshney2011 witvliet2021-8 --scope x

# --- a graph of integer ids: 30 unplaced names, the first 20 shown --------
awk 'BEGIN { for (i = 0; i < 29; i++) printf "%d\t%d\n", i + 100, i + 101 }' > "$t/ids.tsv"
expect 0 "# 30 names are neither registry neurons nor known cells: 100 101 " -- "$bin" info "$t/ids.tsv"
grep -q " 118 119 ... (10 more; 'ctome info --json' lists them all)$" "$t/err" && ok ||
    bad "info does not stop after 20 unplaced names: $(grep names "$t/err" | head -c 300)"
grep -q " 120 " "$t/err" && bad "info prints the 21st unplaced name" || ok
expect 0 "" -- "$bin" info "$t/ids.tsv" --json
[ "$(grep -c '^ *"1[0-2][0-9]",\{0,1\}$' "$t/out")" -eq 30 ] && ok || bad "info --json does not list all 30 names"
expect 0 "30 node names are not registry neurons or known cells (100, 101, 102, 103, 104, 105, 106, 107, ...; 'ctome info --json' lists them all)" \
    -- "$bin" stats "$t/ids.tsv" --nulls 2

cli_done
