#!/usr/bin/python3
"""cellnames_scan.py — every distinct cell name in the bundled connectomes.

Run with Debian's interpreter (needs openpyxl, xlrd, h5py):
    /usr/bin/python3 tests/ref/cellnames_scan.py [DATA_DIR]

Reads every connectome file under data/connectome/ with a reader written for
its format (independently of the C readers), normalises each name the way
ctome_name_normalise does (trim white space and quotes, upper-case, pad the
ventral-cord motor neuron numbers to two digits), and classifies it with an
independent Python mirror of the registry rules of lib/data/registry.c:

    neuron    a registry neuron (wormwideweb neuron rows)
    muscle    ctome_registry_cell_kind() == 1
    endorgan  ctome_registry_cell_kind() == 2
    unplaced  none of these

Writes two files beside this script:
    cellnames_all.tsv     name <TAB> class <TAB> files (first 3) — every name
    unplaced_names.txt    the unplaced names with the files that use them

tests/test_registry.c reads cellnames_all.tsv and checks that the C registry
classifies every name the same way.
"""
import csv
import glob
import json
import os
import re
import sys
import warnings

import h5py
import openpyxl
import xlrd

warnings.simplefilter("ignore")  # openpyxl: "Unknown extension is not supported"

HERE = os.path.dirname(os.path.abspath(__file__))
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
DATA = ARGS[0] if ARGS else os.path.join(HERE, "..", "..", "data")
CONN = os.path.join(DATA, "connectome")


# ---------------------------------------------------------------- normaliser
def normalise(raw):
    s = str(raw).strip().strip("'\"").strip().upper()
    m = re.fullmatch(r"(AS|DA|DB|DD|VA|VB|VC|VD)0*([0-9]+)", s)
    if m and len(m.group(2)) <= 2:
        s = "%s%02d" % (m.group(1), int(m.group(2)))
    return s


# ---------------------------------------------------------------- readers
def names_csv_edges(path, delim=",", skip_comment=True, cols=(0, 1), header=True):
    out = []
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f, delimiter=delim))
    start = 1 if header else 0
    for r in rows[start:]:
        if not r or (skip_comment and r[0].startswith("#")):
            continue
        for c in cols:
            if c < len(r) and r[c].strip():
                out.append(r[c])
    return out


def names_matrix_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    out = [c for c in rows[0][1:] if c.strip()]
    out += [r[0] for r in rows[1:] if r and r[0].strip()]
    return out


def names_nemanode(path):
    out = []
    with open(path) as f:
        for e in json.load(f):
            out += [e["pre"], e["post"]]
    return out


def names_xlsx_edges(path, sheets=None, cols=(0, 1), header_rows=1):
    wb = openpyxl.load_workbook(path, read_only=True)
    out = []
    for ws in wb.worksheets:
        if sheets and ws.title not in sheets:
            continue
        for r in ws.iter_rows(min_row=header_rows + 1, values_only=True):
            for c in cols:
                if c < len(r) and r[c] is not None and str(r[c]).strip():
                    out.append(str(r[c]))
    return out


def names_cook_si5(path):
    """Adjacency sheets: names in row 3 (from column D) and column C (from row 4)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    out = []
    for ws in wb.worksheets:
        if ws.title == "TITLE AND LEGEND":
            continue
        for i, r in enumerate(ws.iter_rows(values_only=True), 1):
            if i == 3:
                out += [str(v) for v in r[3:] if v is not None and str(v).strip()]
            elif i > 3 and len(r) > 2 and r[2] is not None and str(r[2]).strip():
                out.append(str(r[2]))
    return out


def names_yim(path):
    """22 square sheets: column names in row 1 (from column B), row names in column A
    (from row 3).  Only the first sheet is read: the order is identical."""
    wb = openpyxl.load_workbook(path, read_only=True)
    out = []
    for ws in wb.worksheets:
        for i, r in enumerate(ws.iter_rows(values_only=True), 1):
            if i == 1:
                out += [str(v) for v in r[1:] if v is not None and str(v).strip()]
            elif i > 2 and r and r[0] is not None and str(r[0]).strip():
                out.append(str(r[0]))
    return out


def names_xls(path, sheet_cols):
    wb = xlrd.open_workbook(path)
    out = []
    for sh in wb.sheets():
        cols = sheet_cols.get(sh.name)
        if cols is None:
            continue
        for i in range(1, sh.nrows):
            for c in cols:
                if c < sh.ncols:
                    v = sh.cell_value(i, c)
                    if isinstance(v, str) and v.strip():
                        out.append(v)
    return out


def mat_strings(h, ds):
    """Cell array of char in a v7.3 .mat: object references to uint16 codes."""
    out = []
    for ref in ds[()].flat:
        obj = h[ref]
        if obj.dtype.kind == "O":
            out += mat_strings(h, obj)
        else:
            out.append("".join(chr(c) for c in obj[()].flatten()))
    return out


def names_mat(path, var):
    with h5py.File(path, "r") as h:
        return mat_strings(h, h[var])


def collect():
    files = {}
    j = os.path.join
    for p in sorted(glob.glob(j(CONN, "**", "*.json"), recursive=True)):
        if p.endswith("nemanode_connectome_datasets.json"):
            continue  # dataset index, no cell names
        files[p] = names_nemanode(p)
    files[j(CONN, "cook2019", "herm_full_edgelist.csv")] = names_csv_edges(
        j(CONN, "cook2019", "herm_full_edgelist.csv"))
    files[j(CONN, "cook2019", "SI 5 Connectome adjacency matrices, corrected July 2020.xlsx")] = \
        names_cook_si5(j(CONN, "cook2019", "SI 5 Connectome adjacency matrices, corrected July 2020.xlsx"))
    for p in sorted(glob.glob(j(CONN, "cook2020_pharynx", "*.csv"))):
        files[p] = names_csv_edges(p)
    for p in sorted(glob.glob(j(CONN, "white1986", "*.csv"))):
        files[p] = names_csv_edges(p, delim="\t")
    for p in sorted(glob.glob(j(CONN, "witvliet2021", "*.xlsx"))):
        files[p] = names_xlsx_edges(p)
    p = j(CONN, "brittin2021", "41586_2021_3284_MOESM5_ESM.xlsx")
    files[p] = names_xlsx_edges(p, sheets=("M", "C", "G")) + \
        names_xlsx_edges(p, sheets=("restricted_cells",), cols=(0,))
    p = j(CONN, "yim2024_dauer", "41467_2024_45943_MOESM6_ESM.xlsx")
    files[p] = names_yim(p)
    for p in sorted(glob.glob(j(CONN, "ripollsanchez2023_extrasynaptic", "*.csv"))):
        files[p] = names_matrix_csv(p)
    p = j(CONN, "ripollsanchez2023_extrasynaptic", "1-s2.0-S0896627323007560-mmc7.xlsx")
    files[p] = names_xlsx_edges(p, cols=(0,), header_rows=2)
    for p in sorted(glob.glob(j(CONN, "bentley2016_extrasynaptic", "*.csv"))):
        files[p] = names_csv_edges(p, header=False)
    for p in sorted(glob.glob(j(CONN, "randi2023_functional", "*.tsv"))):
        files[p] = names_csv_edges(p, delim="\t", header=False)
    v = j(CONN, "varshney2011")
    files[j(v, "NeuronConnectFormatted.xlsx")] = names_xlsx_edges(j(v, "NeuronConnectFormatted.xlsx"))
    files[j(v, "NeuronConnect.xls")] = names_xls(j(v, "NeuronConnect.xls"), {"NeuronConnect.csv": (0, 1)})
    files[j(v, "CElegansNeuronTables.xls")] = names_xls(
        j(v, "CElegansNeuronTables.xls"), {"Connectome": (0, 1), "NeuronsToMuscle": (0, 1), "Sensory": (0,)})
    files[j(v, "NeuronFixedPoints.xls")] = names_xls(j(v, "NeuronFixedPoints.xls"), {"NeuronFixedPoints.csv": (0,)})
    files[j(v, "NeuronType.xls")] = names_xls(j(v, "NeuronType.xls"), {"NeuronType.csv": (0,)})
    u = j(CONN, "uzel2022_varshney279")
    files[j(u, "Order279.mat")] = names_mat(j(u, "Order279.mat"), "Order279")
    # NeuronClasses: each cell holds a class name and its members; the members are cell names.
    files[j(u, "NeuronClasses.mat")] = names_mat(j(u, "NeuronClasses.mat"), "NeuronClasses")
    # newman_celegansneural/celegansneural.gml: node labels are numbers ("1", "51"), no names.
    return files


if __name__ == "__main__" and "--names-only" in sys.argv:
    for p, ns in collect().items():
        print(os.path.relpath(p, DATA), len(ns), len(set(ns)))
    sys.exit(0)

# ---------------------------------------------------------------- registry rules (mirror)
NEURON_TYPES = {"motorneuron", "sensory", "interneuron", "neuron", "sensory neuron"}
MUSCLE_TYPES = {"muscle", "sex muscle", "muscle (myoepithelium)"}
ORGAN_TYPES = {"endorgan", "excretory", "intestine", "hypodermis", "glial", "glial cell", "epithelium",
               "marginal cell", "head mesodermal cell", "basement membrane"}
PATTERNS = [
    (r"BWM-[DV][LR]\d\d?", "muscle"), (r"[DV]BWM[LR]\d\d?", "muscle"), (r"M[DV][LR]\d\d?", "muscle"),
    (r"PM[1-8][DV]?[LR]?", "muscle"), (r"PM\d_UNSPECIFIED", "muscle"), (r"[UV]M[12][AP]?[LR]?", "muscle"),
    (r"MU_INT[LR]?|MU_ANAL|MU_SPH|MU_SPHINCTER|INT[LR]|ANAL|SPH|MANAL|MVULVA|NMJ", "muscle"),
    (r"G[12]A?[LR]?|G1P|G\d_UNSPECIFIED", "endorgan"), (r"MC[123][DV]?[LR]?|MC\d_UNSPECIFIED", "endorgan"),
    (r"E[123][DV]?[LR]?", "endorgan"),
    (r"HYP|EXC_CELL|EXC_GL|EXCGL|INT|INTESTINE|HMC|BM|GONAD|PROCTODEUM", "endorgan"),
]


def load_rules():
    ww = list(csv.DictReader(open(os.path.join(DATA, "neurons", "wormwideweb_connectome_neurons.csv"),
                                  newline="")))
    neurons, cells = set(), {}
    for r in ww:
        n = normalise(r["name"])
        if r["type"] in NEURON_TYPES:
            neurons.add(n)
        elif r["type"] in MUSCLE_TYPES:
            cells[n] = "muscle"
        elif r["type"] in ORGAN_TYPES:
            cells[n] = "endorgan"
        else:
            raise SystemExit("unknown type %r" % r["type"])
    return neurons, cells


def classify(name, neurons, cells):
    if name in neurons:
        return "neuron"
    if name in cells:
        return cells[name]
    for pat, kind in PATTERNS:
        if re.fullmatch(pat, name):
            return kind
    return "unplaced"


def main():
    neurons, cells = load_rules()
    seen = {}
    for p, ns in collect().items():
        for n in ns:
            seen.setdefault(normalise(n), set()).add(os.path.relpath(p, DATA))
    with open(os.path.join(HERE, "cellnames_all.tsv"), "w") as out:
        out.write("# name\tclass\tfiles (first 3) -- written by cellnames_scan.py\n")
        for n in sorted(seen):
            out.write("%s\t%s\t%s\n" % (n, classify(n, neurons, cells), "; ".join(sorted(seen[n])[:3])))
    un = [n for n in sorted(seen) if classify(n, neurons, cells) == "unplaced"]
    with open(os.path.join(HERE, "unplaced_names.txt"), "w") as out:
        out.write("# Cell names of the bundled connectomes that are neither registry neurons nor\n"
                  "# classified non-neuronal cells (written by cellnames_scan.py; reasons in docs/registry.md)\n")
        for n in un:
            out.write("%s\t%s\n" % (n, "; ".join(sorted(seen[n]))))
    counts = {}
    for n in seen:
        k = classify(n, neurons, cells)
        counts[k] = counts.get(k, 0) + 1
    print("%d distinct names: %s" % (len(seen), ", ".join("%s %d" % kv for kv in sorted(counts.items()))))


if __name__ == "__main__" and "--raw-unknown" in sys.argv:
    ww = list(csv.DictReader(open(os.path.join(DATA, "neurons", "wormwideweb_connectome_neurons.csv"), newline="")))
    known = {normalise(r["name"]) for r in ww}
    seen = {}
    for p, ns in collect().items():
        for n in ns:
            seen.setdefault(normalise(n), set()).add(os.path.basename(p))
    for n in sorted(seen):
        if n not in known:
            print(repr(n), sorted(seen[n])[:3])
    sys.exit(0)

if __name__ == "__main__":
    main()
