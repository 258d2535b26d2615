#!/usr/bin/python3
"""Reference values for tests/test_workbooks.c and tests/test_sheet.c.

Reads the bundled workbooks with openpyxl (.xlsx) and xlrd 1.2 (.xls), i.e.
with no ctome code, and prints for every reader and layer:
  raw listings and their total weight (what the reader appends), and
  edges and total weight after the merge rules of lib/data/connectome.h
  (directed: listings of a (pre, post) summed; undirected: summed per listed
  direction, then the larger direction per unordered pair).
Names are normalised as docs/methods.md section 1 says: strip white space and quotes,
upper-case, zero-pad AS/DA/DB/DD/VA/VB/VC/VD numbers to two digits.

Run:  /usr/bin/python3 tests/ref/workbooks_ref.py > tests/ref/workbooks_ref.txt
"""
import os
import re
import sys
from collections import defaultdict

import openpyxl
import xlrd

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "connectome")
PAD = re.compile(r"^(AS|DA|DB|DD|VA|VB|VC|VD)0*([0-9]+)$")
DIRECTED = {"chemical": True, "electrical": False, "contact": False}


def norm(name):
    s = str(name).strip().strip("'\"").strip().upper()
    m = PAD.match(s)
    return "%s%02d" % (m.group(1), int(m.group(2))) if m else s


def merged(listings, directed):
    per = defaultdict(float)
    for a, b, w in listings:
        per[(norm(a), norm(b))] += w
    if directed:
        return len(per), sum(per.values())
    pairs = {}
    for (a, b), w in per.items():
        k = (min(a, b), max(a, b))
        pairs[k] = max(pairs.get(k, 0.0), w)
    return len(pairs), sum(pairs.values())


def report(reader, layers):
    for layer in sorted(layers):
        # zero-weight listings are ignored by ctome_connectome_add (connectome.h);
        # NeuronConnect.xls has two such Sp rows (AVFL -> VB01, FLPR -> VB01)
        ls = [x for x in layers[layer] if x[2] != 0]
        n, w = merged(ls, DIRECTED[layer])
        print("%s\t%s\t%d\t%.15g\t%d\t%.15g" % (reader, layer, len(ls), sum(x[2] for x in ls), n, w))


def rows_of(path, sheet):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [list(r) for r in wb[sheet].iter_rows(values_only=True)]
    wb.close()
    return rows


def cell(rows, i, j):
    return rows[i][j] if i < len(rows) and j < len(rows[i]) else None


def matrix(rows, name_row, name_col, r0, c0):
    """Listings of a named matrix: names run right from (name_row, c0) and
    down from (r0, name_col) until the first empty cell."""
    cols = []
    while cell(rows, name_row, c0 + len(cols)) is not None:
        cols.append(cell(rows, name_row, c0 + len(cols)))
    out = []
    i = r0
    while cell(rows, i, name_col) is not None:
        for j, post in enumerate(cols):
            v = cell(rows, i, c0 + j)
            if v not in (None, 0):
                out.append((cell(rows, i, name_col), post, float(v)))
        i += 1
    return out


def cook(sex):
    path = os.path.join(DATA, "cook2019", "SI 5 Connectome adjacency matrices, corrected July 2020.xlsx")
    s = ["hermaphrodite", "male"][sex]
    report("cook_si5_%s" % s, {
        "chemical": matrix(rows_of(path, s + " chemical"), 2, 2, 3, 3),
        "electrical": matrix(rows_of(path, s + " gap jn symmetric"), 2, 2, 3, 3)})


def witvliet(n):
    path = os.path.join(DATA, "witvliet2021", "witvliet_2020_%d.xlsx" % n)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    h = [str(x).strip().lower() for x in rows[0]]
    ip, iq, it, iw = h.index("pre"), h.index("post"), h.index("type"), h.index("synapses")
    layers = defaultdict(list)
    for r in rows[1:]:
        if all(r[k] is None for k in (ip, iq, it, iw)):
            continue
        if r[iw]:
            layers[r[it].strip()].append((r[ip], r[iq], float(r[iw])))
    report("witvliet_%d" % n, layers)
    if n == 1:  # opts->layer = "chemical": every listing in one directed layer
        report("witvliet_1_layer_chemical", {"chemical": layers["chemical"] + layers["electrical"]})


def brittin():
    path = os.path.join(DATA, "brittin2021", "41586_2021_3284_MOESM5_ESM.xlsx")
    layers = {}
    for sheet, layer in (("M", "contact"), ("C", "chemical"), ("G", "electrical")):
        rows = rows_of(path, sheet)
        h = [str(x).strip().lower() for x in rows[0]]
        a, b, w = h.index("cell_1"), h.index("cell_2"), h.index("weight")
        layers[layer] = [(r[a], r[b], float(r[w])) for r in rows[1:]
                         if r[a] is not None and r[w]]
    report("brittin", layers)


def yim(sheet):
    path = os.path.join(DATA, "yim2024_dauer", "41467_2024_45943_MOESM6_ESM.xlsx")
    report("yim_" + sheet, {"chemical": matrix(rows_of(path, sheet), 0, 0, 2, 2)})


def varshney():
    path = os.path.join(DATA, "varshney2011", "NeuronConnect.xls")
    s = xlrd.open_workbook(path).sheet_by_index(0)
    layers = defaultdict(list)
    for i in range(1, s.nrows):
        a, b, t, w = (s.cell_value(i, k) for k in range(4))
        t = t.strip()
        if t in ("S", "Sp"):
            layers["chemical"].append((a, b, w))
        elif t == "NMJ":
            layers["chemical"].append((a, "BWM", w))
        elif t == "EJ":
            layers["electrical"].append((a, b, w))
    report("varshney", layers)
    nmj = [s.cell_value(i, 3) for i in range(1, s.nrows) if s.cell_value(i, 2).strip() == "NMJ"]
    print("varshney_nmj\trows %d\tweight %.15g\tneuron2 %r" % (
        len(nmj), sum(nmj), sorted(set(s.cell_value(i, 1) for i in range(1, s.nrows)
                                       if s.cell_value(i, 2).strip() == "NMJ"))))


def cells():
    """Single cell values pinned in tests/test_sheet.c."""
    cookp = os.path.join(DATA, "cook2019", "SI 5 Connectome adjacency matrices, corrected July 2020.xlsx")
    wb = openpyxl.load_workbook(cookp, read_only=True, data_only=True)
    ws = wb["hermaphrodite chemical"]
    for ref in ("D1", "C4", "D3", "F4", "H4", "QO3", "QP4", "AV1", "B24", "AB2"):
        print("cell\tcook\thermaphrodite chemical\t%s\t%r" % (ref, ws[ref].value))
    print("cell\tcook\tTITLE AND LEGEND\tA1[:40]\t%r" % wb["TITLE AND LEGEND"]["A1"].value[:40])
    wb.close()
    yp = os.path.join(DATA, "yim2024_dauer", "41467_2024_45943_MOESM6_ESM.xlsx")
    wb = openpyxl.load_workbook(yp, read_only=True, data_only=True)
    ws = wb["Dauer"]
    for ref in ("C1", "C2", "A3", "B3", "HP1", "A224"):
        print("cell\tyim\tDauer\t%s\t%r" % (ref, ws[ref].value))
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    names = rows[0]
    i, j = names.index("ASHL"), names.index("AVAL")
    print("cell\tyim\tDauer\tASHL->AVAL (row %d col %d)\t%r" % (i + 1, j + 1, rows[i][j]))
    wb.close()
    bp = os.path.join(DATA, "brittin2021", "41586_2021_3284_MOESM5_ESM.xlsx")
    wb = openpyxl.load_workbook(bp, read_only=True, data_only=True)
    for sheet, ref in (("M", "C2"), ("C", "C4"), ("M", "A2956"), ("M", "C2956")):
        print("cell\tbrittin\t%s\t%s\t%r" % (sheet, ref, wb[sheet][ref].value))
    wb.close()
    s = xlrd.open_workbook(os.path.join(DATA, "varshney2011", "NeuronType.xls")).sheet_by_index(0)
    print("cell\tNeuronType.xls\t%s\tsize\t%d x %d" % (s.name, s.nrows, s.ncols))
    for r, c in ((0, 3), (1, 0), (1, 1), (279, 0), (279, 1)):
        print("cell\tNeuronType.xls\t%s\t%s\t%r" % (s.name, xlrd.cellname(r, c), s.cell_value(r, c)))
    s = xlrd.open_workbook(os.path.join(DATA, "varshney2011", "NeuronConnect.xls")).sheet_by_index(0)
    print("cell\tNeuronConnect.xls\t%s\tsize\t%d x %d" % (s.name, s.nrows, s.ncols))
    for r, c in ((1, 0), (1, 2), (1, 3), (6417, 0), (6417, 1), (6417, 3)):
        print("cell\tNeuronConnect.xls\t%s\t%s\t%r" % (s.name, xlrd.cellname(r, c), s.cell_value(r, c)))


def main():
    print("# reader\tlayer\traw_listings\traw_weight\tedges_after_finalise\tweight_after_finalise")
    cook(0)
    cook(1)
    for n in range(1, 9):
        witvliet(n)
    brittin()
    yim("Dauer")
    yim("Adult_3")
    varshney()
    cells()


if __name__ == "__main__":
    sys.exit(main())
