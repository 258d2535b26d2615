#!/usr/bin/python3
"""registry_ref.py — an independent computation of the neuron registry.

    /usr/bin/python3 tests/ref/registry_ref.py [DATA_DIR]

Re-derives, with openpyxl and the csv module (no ctome code), every field of
ctome_registry for every neuron by the rules of docs/registry.md, and writes
tests/ref/registry_ref.tsv, which tests/test_registry.c compares field by field.
It also prints the cross-checks quoted in docs/registry.md: counts, neurons
whose WormAtlas classification disagrees with the WormWideWeb type, and
neurons whose Wang 2024 transmitters differ from the WormAtlas table.
"""
import csv
import os
import re
import sys
import warnings

import openpyxl

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "data")
NEU = os.path.join(DATA, "neurons")
ORDER = ["acetylcholine", "glutamate", "GABA", "serotonin", "dopamine", "octopamine", "tyramine"]


def normalise(raw):
    s = str(raw).strip().strip("'\"").strip().upper()
    m = re.fullmatch(r"(AS|DA|DB|DD|VA|VB|VC|VD)0*([0-9]+)", s)
    if m and len(m.group(2)) <= 2:
        s = "%s%02d" % (m.group(1), int(m.group(2)))
    return s


def wormatlas_type(text):
    t = text.lower()
    hits = [(t.find(k), v) for k, v in (("sensory", "sensory"), ("motor", "motor"),
                                         ("interneuron", "interneuron")) if k in t]
    return min(hits)[1] if hits else "unknown"


def wang_call(cell):
    """The transmitter of one 'Neurotransmitter(s)' cell, or None (rule of docs/registry.md)."""
    s = str(cell).strip().lstrip("*").strip().lower()
    if not s or s.startswith("male") or s.startswith("5-htp"):
        return None
    if any(w in s for w in ("unknown", "orphan", "betaine", "peoh", "alternative")):
        return None
    if "uptake" in s and "synthesis" not in s:
        return None
    head = "5-ht" if s.startswith("5-ht") else re.split(r"[ (\-]", s)[0]
    table = {"ach": "acetylcholine", "glu": "glutamate", "gaba": "GABA", "5-ht": "serotonin",
             "da": "dopamine", "octopamine": "octopamine", "tyramine": "tyramine"}
    if head not in table:
        raise SystemExit("unknown call %r" % cell)
    return table[head]


def main():
    rows = list(csv.DictReader(open(os.path.join(NEU, "wormwideweb_connectome_neurons.csv"), newline="")))
    atlas = {}
    for line in open(os.path.join(NEU, "wormatlas_IndividualNeurons.csv")):
        if line.startswith("#") or not line.strip():
            continue
        f = [x.strip() for x in line.rstrip("\r\n").split(";")]
        atlas[normalise(f[0])] = f[-1]
    reg = {}
    order = []
    types = {"sensory": "sensory", "sensory neuron": "sensory", "interneuron": "interneuron",
             "motorneuron": "motor"}
    for r in rows:
        if r["type"] not in ("motorneuron", "sensory", "interneuron", "neuron", "sensory neuron"):
            continue
        n = normalise(r["name"])
        if r["category"] == "pharynx":
            t = "pharyngeal"
        elif r["type"] == "neuron":
            t = wormatlas_type(atlas.get(n, ""))
        else:
            t = types[r["type"]]
        sex = {"male": "male", "hermaphrodite": "hermaphrodite"}.get(r["category"], "both")
        reg[n] = dict(cls=r["class"].strip(), type=t, sex=sex, nt=set(), src="", pos=None)
        order.append(n)

    def targets(name):
        name = str(name).strip()
        if "/" in name:
            stem = re.match(r"[A-Za-z]*", name).group(0)
            out = []
            for num in name[len(stem):].split("/"):
                out += targets(stem + num.strip())
            return out
        n = normalise(name)
        if n in reg:
            return [n]
        m = re.fullmatch(r"([A-Z]+)(\d)", n)
        if m and m.group(1) + "0" + m.group(2) in reg:
            return [m.group(1) + "0" + m.group(2)]
        return [k for k in order if reg[k]["cls"] == n]

    for fn, sheet in (("elife-95402-supp2-v1.xlsx", "Supp File 2"), ("elife-95402-supp3-v1.xlsx", "Supp File 3")):
        ws = openpyxl.load_workbook(os.path.join(NEU, "wang2024_neurotransmitter", fn))[sheet]
        grid = [list(r) for r in ws.iter_rows(values_only=True)]
        hdr = [str(v).strip() if v is not None else "" for v in grid[3]]   # header on row 4
        cn, cl, c0, c1 = hdr.index("Neuron"), hdr.index("Lineage"), hdr.index("Neurotransmitter(s)"), \
            hdr.index("Comments")
        for r in grid[4:]:
            if r[cl] is None or not str(r[cl]).strip():
                continue
            calls = {wang_call(v) for v in r[c0:c1] if v is not None} - {None}
            tg = targets(r[cn])
            assert tg, r[cn]
            for n in tg:
                reg[n]["nt"] |= calls
                reg[n]["src"] = "Wang2024"
    # WormAtlas fallback (and the comparison table)
    wa = {}
    names = {"Acetylcholine": "acetylcholine", "Glutamate": "glutamate", "GABA": "GABA",
             "Serotonin": "serotonin", "Dopamine": "dopamine", "Octopamine": "octopamine", "Tyramine": "tyramine"}
    for r in csv.DictReader(open(os.path.join(NEU, "owmeta_Modified_celegans_db_dump.csv"), newline="")):
        if r["Relationship"] == "Neurotransmitter":
            wa.setdefault(normalise(r["Entity1"]), set()).add(names[r["Entity2"].strip()])
    for n in order:
        if not reg[n]["src"] and n in wa:
            reg[n]["nt"] = set(wa[n])
            reg[n]["src"] = "WormAtlas"
    for line in open(os.path.join(NEU, "positions", "skuhersky2022_LowResAtlasWithHighResHeadsAndTails.csv")):
        if line.strip():
            f = line.strip().split(",")
            reg[normalise(f[0])]["pos"] = tuple(float(x) for x in f[1:4])

    def sign(nt):
        if nt & {"acetylcholine", "glutamate"}:
            return "excitatory"
        if "GABA" in nt:
            return "inhibitory"
        return "modulatory" if nt else "unknown"

    with open(os.path.join(HERE, "registry_ref.tsv"), "w") as out:
        out.write("# name\tclass\ttype\tsex\tnt\tnt_source\tsign\thas_pos\tx\ty\tz\tpartner"
                  " -- written by registry_ref.py\n")
        for n in order:
            d = reg[n]
            partner = "-"
            if n.endswith("L") and n[:-1] + "R" in reg and reg[n[:-1] + "R"]["cls"] == d["cls"]:
                partner = n[:-1] + "R"
            if n.endswith("R") and n[:-1] + "L" in reg and reg[n[:-1] + "L"]["cls"] == d["cls"]:
                partner = n[:-1] + "L"
            pos = d["pos"] or (0.0, 0.0, 0.0)
            out.write("\t".join([n, d["cls"], d["type"], d["sex"], "+".join(t for t in ORDER if t in d["nt"]),
                                 d["src"], sign(d["nt"]), "1" if d["pos"] else "0"] +
                                ["%.6g" % x for x in pos] + [partner]) + "\n")

    # ---- cross-checks for docs/registry.md
    herm = [n for n in order if reg[n]["sex"] != "male"]
    print("neurons %d, hermaphrodite %d, male-specific %d" % (len(order), len(herm), len(order) - len(herm)))
    print("without position:", [n for n in order if not reg[n]["pos"]])
    print("\nWormAtlas classification vs WormWideWeb type (where WormAtlas names a role):")
    for n in order:
        d = reg[n]
        if d["type"] == "pharyngeal" or n not in atlas:
            continue
        w = wormatlas_type(atlas[n])
        if w != d["type"] and w != "unknown":   # a text naming no role is no disagreement
            print("  %-6s table %-11s WormAtlas %-11s (%s)" % (n, d["type"], w, atlas[n]))
    print("\nWang 2024 vs WormAtlas transmitters (hermaphrodite neurons):")
    for n in herm:
        a = wa.get(n, set())
        if a != reg[n]["nt"]:
            print("  %-6s Wang %-28s WormAtlas %s" % (n, "+".join(t for t in ORDER if t in reg[n]["nt"]) or "-",
                                                     "+".join(t for t in ORDER if t in a) or "-"))


if __name__ == "__main__":
    main()
