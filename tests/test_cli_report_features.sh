#!/bin/sh
# `ctome report` in a build without some optional feature (issue 13 §3; the
# minimal build of tests/run.sh --minimal): it writes every part it can and
# replaces each dataset, section and figure that needs a missing feature by
# a visible note naming the feature and its meson option, with one line on
# stderr per skipped dataset and section; it exits 0.  Skipped (exit 77) in
# a build that has every feature the report uses: tests/test_cli_report.sh
# covers that build.  Needs CTOME_BIN.
CTOME_NEEDS=""
. "${CTOME_TESTS:?set CTOME_TESTS to the tests folder}/cli_common.sh"
"$bin" version --json > "$t/v.json" || { echo "FAIL: ctome version --json"; exit 1; }
on() { grep -q "\"$1\": true" "$t/v.json"; }
if on cairo && on freexl && on matio && on mujoco && on gif; then
    echo "skipped: this ctome has every feature the report uses (tests/test_cli_report.sh tests that report)"
    exit 77
fi

expect 0 "report written to $t/rep/index.html" -- "$bin" report -o "$t/rep" --json
cp "$t/out" "$t/summary.json"; cp "$t/err" "$t/stderr"
h="$t/rep/index.html"
[ -s "$h" ] && [ -s "$t/rep/store.h5" ] && ok || bad "report is missing index.html or store.h5"
grep -q "</body></html>" "$h" && ok || bad "the page is not complete"
# The core sections are there with their tables, whatever the build lacks.
for sec in datasets sources adjacency topology activity model locomotion sernn richlazy dfc published citations; do
    grep -q "id=\"$sec\"" "$h" && ok || bad "report lacks the section $sec"
done
grep -q "<tr><td>cook2019-herm</td><td>chemical</td><td class=\"n\">302</td><td class=\"n\">3671</td>" "$h" && ok ||
    bad "the topology table lacks its cook2019-herm chemical row"
grep -q "<td>witvliet2021-1</td><td>witvliet2021-2</td>" "$h" && ok || bad "the development table is missing"
# ctome reads its own store back
expect 0 "cook2019-herm" -- "$bin" info "$t/rep/store.h5:cook2019-herm"
nskip=0   # the stderr lines expected

if ! on mujoco; then
    grep -qF '<p class="note"><b>Skipped:</b> Locomotion (NCAP swimmer) needs ctome built with MuJoCo (meson -Dmujoco=enabled).</p>' "$h" &&
        ok || bad "the locomotion section has no Skipped note"
    grep -qx "ctome report: skipped: Locomotion (NCAP swimmer) needs ctome built with MuJoCo (meson -Dmujoco=enabled)" \
        "$t/stderr" && ok || bad "stderr does not say the locomotion section was skipped"
    nskip=$((nskip + 1))
    ls "$t/rep/fig/" | grep -q "^swim" && bad "a swimmer figure without MuJoCo" || ok
fi
if ! on cairo; then
    grep -qF '<p class="note"><b>Skipped:</b> The adjacency figures needs ctome built with cairo (meson -Dcairo=enabled).</p>' "$h" &&
        ok || bad "the adjacency section has no Skipped note"
    grep -qx "ctome report: skipped: The adjacency figures needs ctome built with cairo (meson -Dcairo=enabled)" \
        "$t/stderr" && ok || bad "stderr does not say the figures were skipped"
    nskip=$((nskip + 1))
    # each figure's place says so, the tables around it stay
    for what in "The topology figure" "The development figure" "The sweep figure" "The curves figure"; do
        grep -qF "<b>Skipped:</b> $what needs ctome built with cairo (meson -Dcairo=enabled).</p>" "$h" && ok ||
            bad "no Skipped note in place of '$what'"
    done
    grep -q "<img" "$h" && bad "the page shows an image without cairo" || ok
    [ -z "$(ls -A "$t/rep/fig")" ] && ok || bad "figures written without cairo: $(ls "$t/rep/fig")"
    grep -q '"figures": \[\]' "$t/summary.json" && ok || bad "report --json lists figures: $(head -c 300 "$t/summary.json")"
fi
if ! on freexl; then
    grep -q '<tr id="ds-varshney2011"><td><b>varshney2011</b></td>.*<b>Skipped:</b> .*NeuronConnect.xls: reading a legacy .xls workbook needs FreeXL: this ctome was built without FreeXL (meson -Dfreexl=enabled)</td></tr>' \
        "$h" && ok || bad "the datasets table has no Skipped row for varshney2011"
    grep -q "^ctome report: skipped: dataset varshney2011: .*needs FreeXL: this ctome was built without FreeXL (meson -Dfreexl=enabled)$" \
        "$t/stderr" && ok || bad "stderr does not say varshney2011 was skipped"
    nskip=$((nskip + 1))
    expect 1 "no connectome 'varshney2011' in the store" -- "$bin" info "$t/rep/store.h5:varshney2011"
    # varshney2011's published claims: SKIPPED, not DIFFERS (no verdict on the paper)
    grep -q "<td>varshney2011</td><td>neurons with a synapse or gap junction</td>.*SKIPPED</b>.*needs FreeXL" "$h" && ok ||
        bad "varshney2011's claims are not SKIPPED"
    awk '/<td>varshney2011<\/td><td>neurons with/ { on = 1 } on && /DIFFERS/ { bad = 1 } on && /<td>towlson2013<\/td>/ { on = 0 }
         END { exit bad }' "$h" && ok || bad "a varshney2011 claim is DIFFERS in a build without FreeXL"
    grep -q 'class="reading">Reading: .* more claims were SKIPPED: this ctome was built without a feature' "$h" && ok ||
        bad "the published-results reading does not count the SKIPPED claims"
fi
# one line per skipped dataset and section, no more
[ "$(grep -c "^ctome report: skipped: " "$t/stderr")" -eq "$nskip" ] && ok ||
    bad "want $nskip 'skipped' lines on stderr, got: $(grep "skipped" "$t/stderr")"
cli_done
