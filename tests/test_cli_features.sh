#!/bin/sh
# The optional features (meson_options.txt, issue 13 §3): `ctome version`
# lists them; what needs a feature this build lacks is refused with the
# feature's name and the meson option (exit 1 for a command or a file, 2 for
# an option), before any output; and what needs none works in every build,
# the minimal one included (tests/run.sh --minimal).  Needs CTOME_BIN.
CTOME_NEEDS=""
. "${CTOME_TESTS:?set CTOME_TESTS to the tests folder}/cli_common.sh"
fx="${CTOME_TESTS}/fixtures"

# --- ctome version ---------------------------------------------------------
"$bin" version --json > "$t/v.json" 2> "$t/err" && ok || bad "version --json failed"
for f in mujoco cairo gif mpi matio freexl sleef; do
    grep -q "\"$f\": \(true\|false\)" "$t/v.json" && ok || bad "version --json lacks $f: $(cat "$t/v.json")"
done
expect 0 "^ctome [0-9]" -- "$bin" version
expect 2 "unknown option '--bogus'" -- "$bin" version --bogus
on() { grep -q "\"$1\": true" "$t/v.json"; }
# the text form says the same as the JSON
for f in mujoco cairo gif mpi matio freexl sleef; do
    if on $f; then want=yes; else want=no; fi
    "$bin" version | grep -q "^$f  *$want " && ok || bad "ctome version: $f is not '$want'"
done

# --- what every build has: ingest, stats, RSA, the rate model -------------
expect 0 "^white1986-whole	chemical	299	2266	" -- "$bin" stats white1986-whole --layer chemical --nulls 2
expect 0 "^c1	0	2.098753766	2.081906386" -- "$bin" rsa "$fx/rsa/folds.csv"
printf 'source,target,weight\nAVAL,AVBL,10\nAVBL,AVAL,10\n' > "$t/toy.csv"
# x1(2) = 1 - e^-1 + (1 - e^-3)/3 (tests/test_cli_sim.sh derives it)
expect 0 "^AVAL	0.948858	2	0.948858$" -- "$bin" sim "$t/toy.csv" --chem-scale 0.05 --transfer linear \
    --input AVAL=1 --t-end 2 --neurons AVAL,AVBL
expect 0 "" -- "$bin" ingest white1986-whole -o "$t/w.h5"
expect 0 "white1986-whole" -- "$bin" info "$t/w.h5:white1986-whole"
# a MATLAB v7.3 file is HDF5: read without matio
expect 0 "279 neurons" -- "$bin" info "$CTOME_DATA/connectome/uzel2022_varshney279/Neuro279_Syn.mat"

# --- MuJoCo: the swim command ----------------------------------------------
if on mujoco; then
    expect 0 "NCAP" -- "$bin" help swim
else
    expect 1 "^ctome swim: this ctome was built without MuJoCo (meson -Dmujoco=enabled)$" -- "$bin" swim run -o "$t/s.h5"
    no_file "$t/s.h5"
    expect 0 "Usage: ctome swim" -- "$bin" swim --help
fi

# --- cairo: every figure option, and the report ----------------------------
if on cairo; then
    expect 0 "" -- "$bin" stats white1986-whole --layer chemical --nulls 2 --plot "$t/f.svg"
    [ -s "$t/f.svg" ] && ok || bad "stats --plot wrote no figure"
else
    expect 2 "ctome stats: --plot: this ctome was built without cairo (meson -Dcairo=enabled)" -- \
        "$bin" stats white1986-whole --layer chemical --nulls 2 --plot "$t/f.svg"
    no_file "$t/f.svg"
    expect 2 "ctome rank: --plot: this ctome was built without cairo" -- "$bin" rank white1986-whole --plot "$t/r.png"
    no_file "$t/r.png"
    # the report runs without cairo: tests/test_cli_report_features.sh
fi

# --- FreeXL: .xls; the bundled dataset that needs it says so --------------
if on freexl; then
    expect 0 "^varshney2011	hermaphrodite	adult	chemical	" -- "$bin" datasets
else
    expect 1 "NeuronConnect.xls: reading a legacy .xls workbook needs FreeXL: this ctome was built without FreeXL (meson -Dfreexl=enabled)" \
        -- "$bin" info varshney2011
    expect 0 "^varshney2011	hermaphrodite	adult	NA	" -- "$bin" datasets
    grep -q "^ctome datasets: varshney2011: .*needs FreeXL" "$t/err" && ok || bad "datasets does not say why varshney2011 is missing"
    grep -q "^white1986-whole	" "$t/out" && ok || bad "datasets lost the other rows"
    # reproduce: a claim this build cannot compute is SKIPPED, not DIFFERS, and said so
    expect 0 "^varshney2011	neurons	.*	SKIPPED	loading varshney2011 skipped: .*needs FreeXL: this ctome was built without FreeXL (meson -Dfreexl=enabled)	" \
        -- "$bin" reproduce varshney2011
    grep -q "	DIFFERS	" "$t/out" && bad "reproduce varshney2011 without FreeXL says DIFFERS" || ok
    grep -q "^ctome reproduce: varshney2011: 0 REPRODUCED, 0 DIFFERS " "$t/err" &&
        grep -q "^ctome reproduce: varshney2011: 7 claims SKIPPED: this ctome lacks a feature they need" "$t/err" && ok ||
        bad "reproduce does not count the SKIPPED claims on stderr: $(cat "$t/err")"
    expect 0 '"skipped": 7' -- "$bin" reproduce varshney2011 --json
fi

# --- matio: MATLAB v5 files --------------------------------------------------
if on matio; then
    expect 0 "2194" -- "$bin" info "$fx/matlab/v5/Neuro279_Syn.mat"
else
    expect 1 "Neuro279_Syn.mat: reading a MATLAB v5 .mat file (this one is not v7.3/HDF5) needs matio: this ctome was built without matio (meson -Dmatio=enabled)" \
        -- "$bin" info "$fx/matlab/v5/Neuro279_Syn.mat"
fi

# --- MPI: --mpi -------------------------------------------------------------
if ! on mpi; then
    expect 1 "this ctome was built without MPI (meson -Dmpi=enabled)" -- "$bin" stats white1986-whole --nulls 2 --mpi
fi

cli_done
