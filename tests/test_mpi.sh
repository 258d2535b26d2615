#!/bin/sh
# The population split across MPI ranks (tools/mpi_jobs.c) gives results
# identical to one process: tests/mpi_es_check prints ES, CMA-ES and a short
# NCAP training run as hexadecimal floats; one process and `mpirun -np 2`
# must print the same bytes.  Skipped (exit 77) without mpirun.
set -u
CHECK="$1"
MPIRUN=$(command -v mpirun || true)
[ -n "$MPIRUN" ] || { echo "no mpirun: skipped"; exit 77; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ctome_mpi_XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# Open MPI refuses root without these; its plugins leak at exit (so LeakSanitizer is off here).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
export OMP_NUM_THREADS=1
"$CHECK" > "$TMP/one.txt" 2> "$TMP/one.err" || { echo "FAIL: single process run"; exit 1; }
"$MPIRUN" -np 2 --oversubscribe "$CHECK" --mpi > "$TMP/two.txt" 2> "$TMP/two.err" || {
    echo "FAIL: mpirun -np 2"; cat "$TMP/two.err"; exit 1; }
grep -q '^ranks 2$' "$TMP/two.err" || { echo "FAIL: mpirun did not give 2 ranks"; cat "$TMP/two.err"; exit 1; }
lines=$(wc -l < "$TMP/one.txt")
[ "$lines" -eq 29 ] || { echo "FAIL: $lines lines of output, expected 29"; exit 1; }
if ! cmp -s "$TMP/one.txt" "$TMP/two.txt"; then
    echo "FAIL: 2 ranks differ from 1 process"; diff "$TMP/one.txt" "$TMP/two.txt" | head -20; exit 1
fi
# with 2 threads per rank as well
OMP_NUM_THREADS=2 "$MPIRUN" -np 2 --oversubscribe "$CHECK" --mpi > "$TMP/two2.txt" 2>/dev/null || {
    echo "FAIL: mpirun -np 2 with 2 threads"; exit 1; }
cmp -s "$TMP/one.txt" "$TMP/two2.txt" || { echo "FAIL: 2 ranks x 2 threads differ"; exit 1; }
echo "ok: $lines lines identical on 1 process, 2 ranks, 2 ranks x 2 threads"
