#!/bin/sh
# Install what ctome needs to build, run and test on Debian 12 (as root).
# The python3-* packages are the peers the export/store checks load ctome's
# output with; the C build does not need them.
set -e
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    gcc pkg-config meson ninja-build \
    libigraph-dev libgsl-dev libopenblas-dev liblapacke-dev \
    libhdf5-dev hdf5-tools libcmocka-dev libcairo2-dev libfontconfig-dev \
    libmatio-dev libjansson-dev libfreexl-dev libexpat1-dev zlib1g-dev \
    libmujoco-dev libgif-dev libopenmpi-dev openmpi-bin libsleef-dev \
    python3 python3-networkx python3-igraph python3-h5py python3-numpy \
    fonts-dejavu-core chromium >/dev/null
# node + npm for the browser test (tests/test_report_browser.sh): Debian's,
# unless a node with npm is already installed (NodeSource's nodejs ships npm
# and conflicts with Debian's npm package).
command -v npm >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
# puppeteer-core at the version package-lock.json pins; it downloads no browser.
(cd "$(dirname "$0")/browser" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
