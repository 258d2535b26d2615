#!/usr/bin/python3
"""Write the seed corpus of tests/fuzz/fuzz_xlsx.c to tests/fuzz/corpus_xlsx/.

Run once with Debian's python3 (openpyxl); the output is committed, the tests
do not need Python.  Seeds:
  witvliet_cut_64.xlsx, _4096, _15000: data/connectome/witvliet2021/
      witvliet_2020_1.xlsx cut after 64 bytes (inside the first local zip
      header), 4096 bytes (inside the first member) and 15000 bytes (all
      members started, no central directory): every one must be refused.
  tiny_witvliet.xlsx: a valid two-row workbook in the Witvliet 2021 layout
      (pre, post, type, synapses), which fuzz_xlsx reads end to end.
"""
import os
import sys

import openpyxl

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
out = os.path.join(here, "corpus_xlsx")
os.makedirs(out, exist_ok=True)

with open(os.path.join(root, "data/connectome/witvliet2021/witvliet_2020_1.xlsx"), "rb") as f:
    full = f.read()
for n in (64, 4096, 15000):
    assert n < len(full)
    with open(os.path.join(out, "witvliet_cut_%d.xlsx" % n), "wb") as f:
        f.write(full[:n])

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Dataset1"
ws.append(["pre", "post", "type", "synapses"])
ws.append(["ADAL", "AVAL", "chemical", 3])
ws.append(["AVAL", "AVAR", "electrical", 2])
wb.save(os.path.join(out, "tiny_witvliet.xlsx"))
sys.stdout.write("wrote %s\n" % ", ".join(sorted(os.listdir(out))))
