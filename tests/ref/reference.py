#!/usr/bin/python3
"""Independent reference numbers for the ctome connectome readers.

Reads the raw bundled connectome files under data/connectome WITHOUT any ctome
code and writes, next to this script:

  datasets_ref.tsv    one row per (dataset, source file(s), layer, scope)
  degrees_ref.tsv     degrees/strengths of a few landmark neurons
  cellnames_all.txt   every normalised non-neuron cell name per dataset
  reference_log.txt   data quirks found while reading (asymmetric gap
                      junctions, self-loops, duplicates, negative values,
                      unknown names, source-vs-source differences)

Run:  /usr/bin/python3 tests/ref/reference.py      (from anywhere)
Needs: numpy, networkx, h5py, openpyxl, xlrd (Debian python3-xlrd).

The conventions implemented here are the library's rules (see README.md in
this folder); they are re-implemented from the written rules, not from the
C code, so that the C tests check two independent implementations against
each other.
"""

import csv
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict

import h5py
import networkx as nx
import numpy as np
import openpyxl
import xlrd

T0 = time.time()
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(ROOT, "data")
CONN = os.path.join(DATA, "connectome")

LOG = []


def log(msg=""):
    LOG.append(msg)
    print(msg)


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------
PAD_RE = re.compile(r"^(AS|DA|DB|DD|VA|VB|VC|VD)0*([0-9]+)$")


def norm(raw):
    """Strip spaces and surrounding quotes, upper-case, zero-pad motor
    neurons of the ventral cord classes to two digits (DB1 -> DB01)."""
    s = str(raw).strip().strip("\"'").strip().upper()
    m = PAD_RE.match(s)
    if m:
        s = "%s%02d" % (m.group(1), int(m.group(2)))
    return s


def load_cell_table():
    """Neuron set + type of every cell of the WormWideWeb cell table."""
    neuron_types = {"motorneuron", "sensory", "interneuron", "neuron",
                    "sensory neuron"}
    path = os.path.join(DATA, "neurons", "wormwideweb_connectome_neurons.csv")
    neurons = set()
    herm = set()
    celltype = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            n = norm(row["name"])
            celltype[n] = row["type"]
            if row["type"] in neuron_types:
                neurons.add(n)
                if row["category"] in ("shared", "hermaphrodite", "pharynx"):
                    herm.add(n)
    return neurons, herm, celltype


NEURONS, HERM_NEURONS, CELLTYPE = load_cell_table()

# ---------------------------------------------------------------------------
# Layers and sources
# ---------------------------------------------------------------------------
DIRECTED = {"chemical": True, "electrical": False, "contact": False,
            "functional": True, "monoamine": True, "peptide": True}


class Layer:
    """Listings of one layer of one source, before aggregation."""

    def __init__(self, name):
        self.name = name
        self.directed = DIRECTED[name]
        self.listed = defaultdict(float)   # (a, b) -> summed listed weight
        self.nlist = Counter()             # (a, b) -> number of listings
        self.zero_listings = 0
        self.negative_listings = 0

    def add(self, a, b, w):
        w = float(w)
        if w == 0:
            self.zero_listings += 1
        if w < 0:
            self.negative_listings += 1
        self.listed[(a, b)] += w
        self.nlist[(a, b)] += 1

    def edges(self):
        """Aggregated edges: {(a, b): w}; undirected pairs keyed (min, max)."""
        out = {}
        if self.directed:
            for k, w in self.listed.items():
                if w != 0:
                    out[k] = w
            return out
        for (a, b), w in self.listed.items():
            key = (a, b) if a <= b else (b, a)
            if key in out:
                out[key] = max(out[key], w)
            else:
                out[key] = w
        return {k: w for k, w in out.items() if w != 0}

    def asymmetry(self):
        """(pairs listed both ways with equal weight, with different weight,
        pairs listed one way only); self-loops excluded."""
        same = diff = one = 0
        for (a, b), w in self.listed.items():
            if a == b:
                continue
            if (b, a) in self.listed:
                if a < b:
                    if self.listed[(b, a)] == w:
                        same += 1
                    else:
                        diff += 1
            else:
                one += 1
        return same, diff, one


class Source:
    def __init__(self, dataset, label, files):
        self.dataset = dataset
        self.label = label
        self.files = files
        self.layers = {}
        self.raw_names = {}        # normalised -> set of raw spellings
        self.notes = []
        self.rows = 0
        self.exact_dup_rows = 0
        self._seen_rows = set()

    def layer(self, name):
        if name not in self.layers:
            self.layers[name] = Layer(name)
        return self.layers[name]

    def name(self, raw, alias=None):
        n = norm(raw)
        if alias and n in alias:
            n = alias[n]
        self.raw_names.setdefault(n, set()).add(str(raw))
        return n

    def add(self, layer, a_raw, b_raw, w, alias=None, rowkey=None):
        a = self.name(a_raw, alias)
        b = self.name(b_raw, alias)
        self.rows += 1
        if rowkey is not None:
            if rowkey in self._seen_rows:
                self.exact_dup_rows += 1
            self._seen_rows.add(rowkey)
        self.layer(layer).add(a, b, w)


SOURCES = []


def new_source(dataset, label, *files):
    s = Source(dataset, label, files)
    SOURCES.append(s)
    return s


def p(*parts):
    return os.path.join(CONN, *parts)


# ---------------------------------------------------------------------------
# Readers (one per raw format)
# ---------------------------------------------------------------------------
def read_si5_sheet(src, ws, layer):
    """Cook 2019 SI5 matrix: 3 header rows (row 3 = names), 3 label columns
    (col C = names). A trailing column and a trailing row repeat the names;
    they are not totals and are not read."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    width = max(len(r) for r in rows)
    for r in rows:
        r.extend([None] * (width - len(r)))
    hdr = rows[2]
    cols = [j for j in range(3, width)
            if isinstance(hdr[j], str) and hdr[j].strip()]
    rws = [i for i in range(3, len(rows))
           if isinstance(rows[i][2], str) and rows[i][2].strip()]
    # The repeated-label column has no name in row 3 and the repeated-label
    # row has no name in column C, so neither is picked up; the labelled
    # block must be contiguous.
    assert cols == list(range(cols[0], cols[0] + len(cols))), ws.title
    assert rws == list(range(rws[0], rws[0] + len(rws))), ws.title
    src.notes.append("%s: %d rows x %d columns" % (ws.title, len(rws), len(cols)))
    for i in rws:
        for j in cols:
            v = rows[i][j]
            if v is None:
                continue
            if not isinstance(v, (int, float)):
                src.notes.append("%s: non-numeric cell %r at row %d col %d"
                                 % (ws.title, v, i + 1, j + 1))
                continue
            src.add(layer, rows[i][2], hdr[j], v)


def read_si5(dataset, sex):
    path = p("cook2019", "SI 5 Connectome adjacency matrices, corrected July 2020.xlsx")
    src = new_source(dataset, "SI5 workbook", path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    read_si5_sheet(src, wb["%s chemical" % sex], "chemical")
    read_si5_sheet(src, wb["%s gap jn symmetric" % sex], "electrical")
    wb.close()
    return src


def read_edge_csv(src, path, type_col="Type", default_layer=None):
    with open(path, newline="") as f:
        for rec in csv.DictReader(f):
            if type_col and type_col in rec:
                layer = rec[type_col].strip().lower()
            else:
                layer = default_layer
            if layer not in DIRECTED:
                src.notes.append("%s: unknown type %r" % (os.path.basename(path), layer))
                continue
            key = (os.path.basename(path), rec["Source"].strip(), rec["Target"].strip(), layer)
            src.add(layer, rec["Source"], rec["Target"], rec["Weight"].strip(), rowkey=key)


def read_nemanode(src, path):
    with open(path) as f:
        data = json.load(f)
    typ_layer = {0: "chemical", 2: "electrical"}
    for o in data:
        if o["typ"] not in typ_layer:
            src.notes.append("unknown typ %r" % o["typ"])
            continue
        key = (o["pre"], o["post"], o["typ"])
        src.add(typ_layer[o["typ"]], o["pre"], o["post"], sum(o["syn"]), rowkey=key)


def read_white_list(src, path):
    with open(path, newline="") as f:
        rd = csv.reader(f, delimiter="\t")
        hdr = next(rd)
        assert [h.strip() for h in hdr] == ["pre", "post", "type", "synapses"], hdr
        for r in rd:
            if not r:
                continue
            layer = r[2].strip().lower()
            src.add(layer, r[0], r[1], r[3], rowkey=(r[0], r[1], layer))


def read_witvliet_xlsx(src, path):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    hdr = [str(h).strip().lower() for h in next(it)]
    ip, iq, it_, iw = (hdr.index(k) for k in ("pre", "post", "type", "synapses"))
    for r in it:
        if r[ip] is None:
            continue
        layer = str(r[it_]).strip().lower()
        src.add(layer, r[ip], r[iq], r[iw], rowkey=(r[ip], r[iq], layer))
    wb.close()


def read_neuronconnect():
    path = p("varshney2011", "NeuronConnect.xls")
    src = new_source("varshney2011", "NeuronConnect.xls", path)
    sh = xlrd.open_workbook(path).sheet_by_index(0)
    hdr = [str(h).strip() for h in sh.row_values(0)]
    assert hdr == ["Neuron 1", "Neuron 2", "Type", "Nbr"], hdr
    nmj = []
    recv = defaultdict(float)
    for i in range(1, sh.nrows):
        a, b, t, w = sh.row_values(i)
        t = str(t).strip()
        if t in ("S", "Sp"):
            src.add("chemical", a, b, w, rowkey=(a, b, t))
        elif t == "EJ":
            src.add("electrical", a, b, w, rowkey=(a, b, t))
        elif t in ("R", "Rp"):
            # receiver-side duplicate of a send row: b -> a
            recv[(norm(b), norm(a))] += float(w)
        elif t == "NMJ":
            # no muscle is named: read onto one lumped body-wall muscle "BWM",
            # as openworm's ConnectomeToolbox does (docs/datasets.md)
            nmj.append((a, b, w))
            src.add("chemical", a, "BWM", w, rowkey=(a, "BWM", t))
        else:
            src.notes.append("unknown Type %r at row %d" % (t, i + 1))
    send = src.layers["chemical"].listed
    agree = sum(1 for k in send if recv.get(k) == send[k])
    only_s = sum(1 for k in send if k not in recv)
    only_r = sum(1 for k in recv if k not in send)
    differ = sum(1 for k in send if k in recv and recv[k] != send[k])
    src.notes.append("S+Sp vs R+Rp (reversed): %d pairs agree, %d differ, %d only sent, %d only received"
                     % (agree, differ, only_s, only_r))
    src.notes.append("NMJ rows: %d, all of the form (neuron, 'NMJ', 'NMJ', n); total n = %g; "
                     "read as chemical edges onto a lumped muscle BWM; e.g. %s"
                     % (len(nmj), sum(x[2] for x in nmj), nmj[:3]))
    return src


def read_uzel279(nc_src):
    d = p("uzel2022_varshney279")
    src = new_source("varshney2011", "Uzel 279 .mat",
                     os.path.join(d, "Neuro279_Syn.mat"), os.path.join(d, "Neuro279_EJ.mat"),
                     os.path.join(d, "Order279.mat"))
    with h5py.File(os.path.join(d, "Order279.mat"), "r") as h:
        refs = h["Order279"][()].ravel()
        names = ["".join(chr(c) for c in np.asarray(h[r][()]).ravel()) for r in refs]
    with h5py.File(os.path.join(d, "Neuro279_Syn.mat"), "r") as h:
        syn = np.asarray(h["Neuro279_Syn"][()])
    with h5py.File(os.path.join(d, "Neuro279_EJ.mat"), "r") as h:
        ej = np.asarray(h["Neuro279_EJ"][()])
    nn = [norm(x) for x in names]
    # Orientation check against NeuronConnect S+Sp (pre -> post).
    send = nc_src.layers["chemical"].listed
    idx = {n: i for i, n in enumerate(nn)}
    m_pre_row = m_pre_col = tot = 0
    for (a, b), w in send.items():
        if a in idx and b in idx:
            tot += 1
            if syn[idx[a], idx[b]] == w:
                m_pre_row += 1
            if syn[idx[b], idx[a]] == w:
                m_pre_col += 1
    src.notes.append("orientation vs NeuronConnect S+Sp (%d pairs among the 279): h5 A[pre][post] matches %d, "
                     "A[post][pre] matches %d" % (tot, m_pre_row, m_pre_col))
    pre_is_col = m_pre_col > m_pre_row
    src.notes.append("=> through h5py the matrix is %s" %
                     ("[post][pre] (MATLAB rows = pre, transposed by HDF5)" if pre_is_col else "[pre][post]"))
    src.notes.append("Syn: %d nonzero, sum %g; EJ: %d nonzero, sum %g, symmetric: %s"
                     % (np.count_nonzero(syn), syn.sum(), np.count_nonzero(ej), ej.sum(),
                        bool((ej == ej.T).all())))
    n = len(names)
    for i in range(n):
        for j in range(n):
            if syn[i, j] != 0:
                pre, post = (names[j], names[i]) if pre_is_col else (names[i], names[j])
                src.add("chemical", pre, post, syn[i, j])
            if ej[i, j] != 0:
                src.add("electrical", names[i], names[j], ej[i, j])
    return src


def read_brittin():
    path = p("brittin2021", "41586_2021_3284_MOESM5_ESM.xlsx")
    src = new_source("brittin2021-contact", "Brittin workbook", path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for sheet, layer in (("M", "contact"), ("C", "chemical"), ("G", "electrical")):
        it = wb[sheet].iter_rows(values_only=True)
        hdr = [str(h).strip().lower() if h is not None else "" for h in next(it)]
        ia, ib, iw = hdr.index("cell_1"), hdr.index("cell_2"), hdr.index("weight")
        for r in it:
            if r[ia] is None:
                continue
            src.add(layer, r[ia], r[ib], r[iw], rowkey=(sheet, r[ia], r[ib]))
    wb.close()
    return src


def read_yim():
    path = p("yim2024_dauer", "41467_2024_45943_MOESM6_ESM.xlsx")
    src = new_source("yim2024-dauer", "Yim workbook", path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [list(r) for r in wb["Dauer"].iter_rows(values_only=True)]
    wb.close()
    post = rows[0][2:]
    ncol = len([x for x in post if x is not None])
    post = post[:ncol]
    pre = []
    for r in rows[2:]:
        if r[0] is None:
            continue
        pre.append(r[0])
        for j in range(ncol):
            v = r[2 + j]
            if v is not None and v != 0:
                # ConnectomeToolbox Yim2024DataReader: column A = pre, row 1 = post
                src.add("chemical", r[0], post[j], v)
    src.notes.append("Dauer: %d rows x %d columns; row names == column names: %s"
                     % (len(pre), ncol, [norm(x) for x in pre] == [norm(x) for x in post]))
    return src


def read_randi():
    path = p("randi2023_functional", "leifer_funconn_wildtype_2022-04-01.tsv")
    src = new_source("randi2023-funconn", "Randi TSV", path)
    alias = {"NSM": "NSMR"}
    neg = zero = nz = 0
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\r\n").split("\t")
            if len(parts) != 3:
                src.notes.append("bad line %r" % line)
                continue
            v = float(parts[2])
            if v == 0:
                zero += 1
                continue
            nz += 1
            if v < 0:
                neg += 1
            src.add("functional", parts[0], parts[1], v, alias=alias, rowkey=(parts[0], parts[1]))
    src.notes.append("%d nonzero entries (%d negative), %d zeros" % (nz, neg, zero))
    return src


def read_bentley(kind, fname, layer):
    path = p("bentley2016_extrasynaptic", fname)
    src = new_source("bentley2016-" + kind, "Bentley CSV", path)
    nf = Counter()
    with open(path, newline="") as f:
        for line in f:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.rstrip("\r\n").split(",")
            nf[len(parts)] += 1
            src.add(layer, parts[0], parts[1], 1, rowkey=tuple(x.strip() for x in parts))
    src.notes.append("fields per data row: %s" % dict(nf))
    return src


def read_ripoll(dataset, fname, layer):
    path = p("ripollsanchez2023_extrasynaptic", fname)
    src = new_source(dataset, "Ripoll-Sanchez matrix", path)
    with open(path, newline="") as f:
        rd = csv.reader(f)
        hdr = next(rd)
        assert hdr[0].strip() == "Row", hdr[:3]
        cols = hdr[1:]
        nrow = 0
        for r in rd:
            if not r:
                continue
            nrow += 1
            for j, v in enumerate(r[1:]):
                v = v.strip()
                if v and float(v) != 0:
                    src.add(layer, r[0], cols[j], float(v))
    src.notes.append("%d rows x %d columns; row names == column names: %s"
                     % (nrow, len(cols), True))
    return src


def read_newman():
    path = p("newman_celegansneural", "celegansneural.gml")
    src = new_source("newman-celegans", "Newman GML", path)
    g = nx.read_gml(path, label="label")
    src.notes.append("networkx: %s, %d nodes, %d edges (multigraph=%s, directed=%s)"
                     % (type(g).__name__, g.number_of_nodes(), g.number_of_edges(),
                        g.is_multigraph(), g.is_directed()))
    for a, b, d in g.edges(data=True):
        src.add("chemical", a, b, d.get("value", 1))
    return src


# ---------------------------------------------------------------------------
# Read everything
# ---------------------------------------------------------------------------
def read_all():
    read_si5("cook2019-herm", "hermaphrodite")
    s = new_source("cook2019-herm", "WormWiring edge list", p("cook2019", "herm_full_edgelist.csv"))
    read_edge_csv(s, s.files[0])
    s = new_source("cook2019-herm", "NemaNode JSON", p("cook2019", "nemanode_cook_jarrell_2019_h.json"))
    read_nemanode(s, s.files[0])

    read_si5("cook2019-male", "male")
    s = new_source("cook2019-male", "NemaNode JSON", p("cook2019", "nemanode_cook_jarrell_2019_m.json"))
    read_nemanode(s, s.files[0])

    nc = read_neuronconnect()
    read_uzel279(nc)

    for ds, lst, js in (("white1986-whole", "whole", "whole"), ("white1986-n2u", "A", "n2u"),
                        ("white1986-jsh", "L4", "jsh"), ("white1986-jse", None, "jse")):
        if lst:
            s = new_source(ds, "White lists", p("white1986", "aconnectome_white_1986_%s.csv" % lst))
            read_white_list(s, s.files[0])
        s = new_source(ds, "NemaNode JSON", p("white1986", "nemanode_white_1986_%s.json" % js))
        read_nemanode(s, s.files[0])

    for n in range(1, 9):
        ds = "witvliet2021-%d" % n
        s = new_source(ds, "Witvliet workbook", p("witvliet2021", "witvliet_2020_%d.xlsx" % n))
        read_witvliet_xlsx(s, s.files[0])
        s = new_source(ds, "NemaNode JSON", p("witvliet2021", "nemanode_witvliet_2020_%d.json" % n))
        read_nemanode(s, s.files[0])

    s = new_source("cook2020-pharynx", "SI4+SI5 edge lists",
                   p("cook2020_pharynx", "cne24932-sup-0004-supinfo4.csv"),
                   p("cook2020_pharynx", "cne24932-sup-0005-supinfo5.csv"))
    read_edge_csv(s, s.files[0])
    read_edge_csv(s, s.files[1], type_col=None, default_layer="electrical")
    s = new_source("cook2020-pharynx", "NemaNode JSON", p("cook2020_pharynx", "nemanode_cook_2020.json"))
    read_nemanode(s, s.files[0])

    read_brittin()
    read_yim()
    read_randi()
    read_bentley("monoamine", "esconnectome_monoamines_Bentley_2016.csv", "monoamine")
    read_bentley("peptide", "esconnectome_neuropeptides_Bentley_2016.csv", "peptide")
    read_ripoll("ripollsanchez2023-monoamine", "08062023_monoamine_connectome.csv", "monoamine")
    for r in ("short", "mid", "long"):
        read_ripoll("ripollsanchez2023-peptide-" + r,
                    "01022024_neuropeptide_connectome_%s_range_model.csv" % r, "peptide")
    read_newman()


# ---------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------
DEGREE_NEURONS = ["AVAL", "AVAR", "AVBL", "AVBR", "RIAL", "RIAR", "AIYL", "DB01", "ASHL", "PVCL"]


def scoped(edges, scope):
    if scope == "all":
        return edges
    return {k: w for k, w in edges.items() if k[0] in NEURONS and k[1] in NEURONS}


def layer_stats(edges):
    nodes = set()
    n_edges = 0
    total = 0.0
    loops = 0
    for (a, b), w in edges.items():
        if a == b:
            loops += 1
            continue
        n_edges += 1
        total += w
        nodes.add(a)
        nodes.add(b)
    return len(nodes), n_edges, total, loops


def degrees(edges, directed):
    ind = defaultdict(set)
    outd = defaultdict(set)
    inw = defaultdict(float)
    outw = defaultdict(float)
    for (a, b), w in edges.items():
        if a == b:
            continue
        outd[a].add(b)
        ind[b].add(a)
        outw[a] += w
        inw[b] += w
        if not directed:
            outd[b].add(a)
            ind[a].add(b)
            outw[b] += w
            inw[a] += w
    return ind, outd, inw, outw


def fmt(w):
    w = float(w)
    if w == int(w) and abs(w) < 1e15:
        return "%d" % int(w)
    return repr(w)


def main():
    read_all()
    t_read = time.time() - T0

    ds_rows = []
    deg_rows = []
    cellnames = defaultdict(lambda: defaultdict(set))   # dataset -> name -> sources
    agg = {}   # (dataset, label, layer) -> edges

    log("# ctome reference run: quirks and checks (tests/ref/reference.py)")
    log("# neuron set: %d cells (%d hermaphrodite)" % (len(NEURONS), len(HERM_NEURONS)))
    for s in SOURCES:
        log("")
        log("## %s / %s  (%s)" % (s.dataset, s.label,
                                   ", ".join(os.path.relpath(f, DATA) for f in s.files)))
        log("listings read: %d; rows repeating an earlier (pre, post, type): %d" % (s.rows, s.exact_dup_rows))
        for note in s.notes:
            log("note: " + note)
        bad_ws = sorted(n for n in s.raw_names if re.search(r"\s", n))
        if bad_ws:
            log("names with inner whitespace: %s" % bad_ws)
        unknown = sorted(n for n in s.raw_names if n not in CELLTYPE)
        if unknown:
            log("names not in the WormWideWeb cell table (%d): %s" % (len(unknown), " ".join(unknown)))
        padded = sum(1 for n, r in s.raw_names.items() if any(x != x.strip() for x in r))
        if padded:
            log("names written with surrounding spaces: %d" % padded)
        respelled = sorted((n, sorted(set(x.strip() for x in r))) for n, r in s.raw_names.items()
                           if any(x.strip() != n for x in r))
        if respelled:
            sample = ["%s<-%s" % (n, "|".join(r)) for n, r in respelled][:12]
            log("names changed by normalisation beyond trimming: %d (e.g. %s)"
                % (len(respelled), " ".join(sample)))
        for n in s.raw_names:
            if n not in NEURONS:
                cellnames[s.dataset][n].add(s.label)
        for lname in sorted(s.layers):
            L = s.layers[lname]
            dup = sum(1 for c in L.nlist.values() if c > 1)
            edges = L.edges()
            agg[(s.dataset, s.label, lname)] = edges
            msg = "layer %s (%s): %d listings, %d keys listed more than once (summed)" % (
                lname, "directed" if L.directed else "undirected",
                sum(L.nlist.values()), dup)
            if L.zero_listings:
                msg += ", %d zero listings" % L.zero_listings
            if L.negative_listings:
                msg += ", %d negative listings" % L.negative_listings
            log(msg)
            if not L.directed:
                same, diff, one = L.asymmetry()
                log("  undirected pairs: %d listed both ways equal, %d both ways DIFFERENT "
                    "(max taken), %d listed one way only" % (same, diff, one))
                if diff:
                    ex = []
                    for (a, b), w in sorted(L.listed.items()):
                        if a < b and (b, a) in L.listed and L.listed[(b, a)] != w:
                            ex.append("%s-%s:%s/%s" % (a, b, fmt(w), fmt(L.listed[(b, a)])))
                    log("  e.g. " + " ".join(ex[:8]))
            for scope in ("neurons", "all"):
                e = scoped(edges, scope)
                n_nodes, n_edges, total, loops = layer_stats(e)
                ds_rows.append((s.dataset, s.label, lname, scope, n_nodes, n_edges, total, loops))
                log("  %-7s nodes %4d edges %5d total %-12s self-loops %d"
                    % (scope, n_nodes, n_edges, fmt(total), loops))
                if loops and scope == "all":
                    lp = sorted("%s:%s" % (a, fmt(w)) for (a, b), w in e.items() if a == b)
                    log("  self-loops: " + " ".join(lp[:15]) + (" ..." if len(lp) > 15 else ""))
            e = scoped(edges, "neurons")
            ind, outd, inw, outw = degrees(e, L.directed)
            for n in DEGREE_NEURONS:
                if n not in ind and n not in outd:
                    continue
                deg_rows.append((s.dataset, s.label, lname, n, len(ind[n]), len(outd[n]),
                                 inw[n], outw[n]))

    # Source-vs-source comparisons within a dataset.
    log("")
    log("## Source comparisons (same dataset, same layer; edge level, scope all)")
    by_ds = defaultdict(list)
    for s in SOURCES:
        by_ds[s.dataset].append(s)
    for ds, srcs in by_ds.items():
        for i in range(len(srcs)):
            for j in range(i + 1, len(srcs)):
                a, b = srcs[i], srcs[j]
                for lname in sorted(set(a.layers) & set(b.layers)):
                    ea = agg[(ds, a.label, lname)]
                    eb = agg[(ds, b.label, lname)]
                    only_a = [k for k in ea if k not in eb]
                    only_b = [k for k in eb if k not in ea]
                    diffw = [k for k in ea if k in eb and ea[k] != eb[k]]
                    ta = sum(ea.values())
                    tb = sum(eb.values())
                    log("%s %s: [%s] %d edges (incl. self-loops) total %s | [%s] %d edges total %s | "
                        "only first %d, only second %d, weight differs %d"
                        % (ds, lname, a.label, len(ea), fmt(ta), b.label, len(eb), fmt(tb),
                           len(only_a), len(only_b), len(diffw)))
                    for name, lst in (("only first", only_a), ("only second", only_b)):
                        if lst and len(lst) <= 400:
                            ex = sorted("%s>%s" % k for k in lst)[:6]
                            log("    %s e.g. %s" % (name, " ".join(ex)))
                    if diffw:
                        ex = sorted("%s>%s:%s/%s" % (k[0], k[1], fmt(ea[k]), fmt(eb[k])) for k in diffw)[:6]
                        log("    weight differs e.g. %s" % " ".join(ex))

    with open(os.path.join(HERE, "datasets_ref.tsv"), "w") as f:
        f.write("dataset_id\tsource_label\tlayer\tscope\tn_nodes\tn_edges\ttotal_weight\tself_loops\n")
        for r in ds_rows:
            f.write("%s\t%s\t%s\t%s\t%d\t%d\t%s\t%d\n" % (r[0], r[1], r[2], r[3], r[4], r[5], fmt(r[6]), r[7]))
    with open(os.path.join(HERE, "degrees_ref.tsv"), "w") as f:
        f.write("dataset_id\tsource_label\tlayer\tneuron\tin_degree\tout_degree\tin_weight\tout_weight\n")
        for r in deg_rows:
            f.write("%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\n" % (r[0], r[1], r[2], r[3], r[4], r[5], fmt(r[6]), fmt(r[7])))
    with open(os.path.join(HERE, "cellnames_all.txt"), "w") as f:
        f.write("# dataset_id<TAB>normalised name<TAB>WormWideWeb cell-table type (or UNKNOWN)<TAB>sources\n")
        f.write("# every distinct normalised cell name of each dataset that is NOT in the neuron set\n")
        for ds in sorted(cellnames):
            for n in sorted(cellnames[ds]):
                f.write("%s\t%s\t%s\t%s\n" % (ds, n, CELLTYPE.get(n, "UNKNOWN"),
                                              ",".join(sorted(cellnames[ds][n]))))
    with open(os.path.join(HERE, "reference_log.txt"), "w") as f:
        f.write("\n".join(LOG) + "\n")
    sys.stderr.write("reference.py: read %.1f s, total %.1f s; %d dataset rows, %d degree rows\n"
                     % (t_read, time.time() - T0, len(ds_rows), len(deg_rows)))


if __name__ == "__main__":
    main()
