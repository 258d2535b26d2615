#!/bin/sh
# The page `ctome report` writes, loaded in a real browser: Debian's Chromium,
# headless, driven over the DevTools protocol by tests/browser/check_report.mjs
# (puppeteer-core, installed by `npm ci` in tests/browser; it never downloads
# a browser).  Fails on a console error, an image that does not load, a
# table-of-contents link that names no element, or an element wider than the
# 1400 px viewport outside a scroll box.  Screenshots at 1400 and 900 px go to
# $CTOME_SHOTS (default: build/meson-logs/report-browser, printed below).
# Exit 77 (meson: skipped) only when Chromium, node or puppeteer-core is missing.
# optional features (tests/cli_common.sh): cairo freexl matio mujoco gif
CTOME_NEEDS="cairo freexl matio mujoco gif"
. "${CTOME_TESTS:?}/cli_common.sh"

chrome=${CHROMIUM:-/usr/bin/chromium}
browser_dir=$CTOME_TESTS/browser
if [ ! -x "$chrome" ]; then
    echo "SKIP: no Chromium at $chrome (apt-get install chromium; tests/deps.sh does)"; exit 77
fi
if ! command -v node >/dev/null 2>&1; then
    echo "SKIP: no node (apt-get install nodejs npm; tests/deps.sh does)"; exit 77
fi
if [ ! -f "$browser_dir/node_modules/puppeteer-core/package.json" ]; then
    echo "SKIP: puppeteer-core not installed (run: cd tests/browser && npm ci; tests/deps.sh does)"; exit 77
fi

shots=${CTOME_SHOTS:-${MESON_BUILD_ROOT:-$(dirname "$(dirname "$bin")")}/meson-logs/report-browser}
mkdir -p "$shots" || { echo "FAIL: cannot create $shots"; exit 1; }
echo "screenshots go to $shots"

start=$(date +%s)
if "$bin" report -o "$t/rep" > "$t/report.out" 2> "$t/report.err"; then ok; else
    bad "ctome report failed: $(tail -c 600 "$t/report.err")"; cli_done; exit 1
fi
echo "ctome report: $(( $(date +%s) - start )) s"
# What the page must hold before the browser looks at it: a contents entry and
# an anchor for every section and every dataset, and the footer.
page=$t/rep/index.html
for id in datasets sources adjacency topology activity model locomotion learning sernn richlazy dfc published \
          citations run ds-cook2019-herm ds-witvliet2021-8; do
    grep -q "href=\"#$id\"" "$page" && grep -q "id=\"$id\"" "$page" && ok || bad "page lacks the anchor or contents entry '$id'"
done
grep -q "<code>ctome report -o $t/rep</code>" "$page" && ok || bad "footer lacks the command line"
grep -q "git commit <code>[0-9a-f]\{7,\}\(-dirty\)\?</code>\|git commit <code>unknown</code>" "$page" &&
    ok || bad "footer lacks the git commit: $(grep -o 'git commit <code>[^<]*' "$page")"

# The checker itself must be able to fail: a page with a broken image, an
# unresolved anchor and an over-wide block is refused with each reason.
mkdir -p "$t/badpage"
cat > "$t/badpage/index.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>bad</title></head><body>
<nav><a href="#nowhere">missing</a></nav><img src="absent.png" alt="x">
<div style="width:2000px">wide</div></body></html>
HTML
node "$browser_dir/check_report.mjs" "$t/badpage/index.html" "$t/badpage" > "$t/bad.out" 2>&1
if [ $? -ne 1 ]; then bad "the checker passed a broken page: $(tail -c 600 "$t/bad.out")"
else
    for why in 'image did not load: absent.png' 'link #nowhere names no element' \
               'wider than the viewport outside a scroll box: div' 'request failed'; do
        if grep -q "$why" "$t/bad.out"; then ok; else bad "checker output lacks '$why': $(cat "$t/bad.out")"; fi
    done
fi

start=$(date +%s)
node "$browser_dir/check_report.mjs" "$t/rep/index.html" "$shots" > "$t/check.out" 2>&1
rc=$?
cat "$t/check.out"
echo "browser check: $(( $(date +%s) - start )) s"
if [ "$rc" -eq 0 ]; then ok; else bad "the report page fails the browser checks (above)"; fi
for w in 1400 900; do
    if [ -s "$shots/report_$w.png" ] && [ -s "$shots/report_${w}_full.png" ]; then ok; else bad "no screenshot at $w px"; fi
done
cli_done
