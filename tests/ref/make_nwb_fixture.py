#!/usr/bin/python3
"""Write tests/fixtures/nwb/roi_response.nwb: a small NWB 2.x file in the
standard optophysiology layout, written with h5py alone (no pynwb here) and
following the NWB core schema (nwb.file, nwb.ophys) and hdmf-common
(table.yaml: DynamicTable, VectorData, DynamicTableRegion) as cached in the
bundled Scholz 2018 file under /specifications:

  /processing/ophys                          ProcessingModule
    ImageSegmentation/PlaneSegmentation      PlaneSegmentation (DynamicTable):
        id [5], ID_labels [5] (VectorData),  colnames, description,
        imaging_plane -> /general/optophysiology/ImagingPlane (soft link)
    Fluorescence/RoiResponseSeries           data float32 [50 x 5] (gzip), timestamps [50],
                                             rois [5] (DynamicTableRegion, attr table = ref)
    DfOverF/RoiResponseSeries                data float64 [40 x 3], conversion 0.5,
                                             starting_time 10.0 (rate 4 Hz), rois -> rows [3, 0, 4]
  /general/optophysiology/ImagingPlane       indicator "GCaMP6s"

Values (checked by tests/test_rec_readers.c):
  Fluorescence: data[t, i] = (10 t + i) / 8, except data[3, 1] = NaN;
                time t_k = 0.25 k + 0.0625 (k mod 3)
  DfOverF:      stored[t, j] = t + j / 4 (x conversion 0.5 on reading)
Labels: AVAL, AVAR, "" (unlabelled), RIML, DB1 (-> DB01).
Run: /usr/bin/python3 tests/ref/make_nwb_fixture.py
"""
import os
import uuid

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "nwb", "roi_response.nwb")
STR = h5py.string_dtype("utf-8")
LABELS = ["AVAL", "AVAR", "", "RIML", "DB1"]


def typed(obj, ntype, ns="core"):
    obj.attrs["namespace"] = ns
    obj.attrs["neurodata_type"] = ntype
    # Deterministic object ids so that the committed fixture is reproducible.
    obj.attrs["object_id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, "ctome-fixture" + obj.name))


def sdata(g, name, value):
    g.create_dataset(name, data=value, dtype=STR)


def main():
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with h5py.File(OUT, "w", track_order=False) as f:
        typed(f, "NWBFile")
        f.attrs["nwb_version"] = "2.5.0"
        sdata(f, "identifier", "ctome-fixture-roi")
        sdata(f, "session_description", "ctome test fixture: standard NWB RoiResponseSeries layout")
        sdata(f, "session_start_time", "2020-01-01T00:00:00+00:00")
        sdata(f, "timestamps_reference_time", "2020-01-01T00:00:00+00:00")
        f.create_dataset("file_create_date", data=["2020-01-01T00:00:00+00:00"], dtype=STR)
        for g in ["acquisition", "analysis", "stimulus/presentation", "stimulus/templates"]:
            f.require_group(g)
        gen = f.create_group("general")
        dev = gen.create_group("devices/Microscope")
        typed(dev, "Device")
        subj = gen.create_group("subject")
        typed(subj, "Subject")
        sdata(subj, "species", "Caenorhabditis elegans")
        sdata(subj, "strain", "AML32")
        plane = gen.create_group("optophysiology/ImagingPlane")
        typed(plane, "ImagingPlane")
        sdata(plane, "description", "head ganglia")
        plane.create_dataset("excitation_lambda", data=np.float32(488.0))
        plane.create_dataset("imaging_rate", data=np.float32(4.0))
        sdata(plane, "indicator", "GCaMP6s")
        sdata(plane, "location", "head")
        plane["device"] = h5py.SoftLink("/general/devices/Microscope")
        oc = plane.create_group("OpticalChannel")
        typed(oc, "OpticalChannel")
        sdata(oc, "description", "green")
        oc.create_dataset("emission_lambda", data=np.float32(520.0))

        ophys = f.create_group("processing/ophys")
        typed(ophys, "ProcessingModule")
        ophys.attrs["description"] = "optical physiology"
        iseg = ophys.create_group("ImageSegmentation")
        typed(iseg, "ImageSegmentation")
        ps = iseg.create_group("PlaneSegmentation")
        typed(ps, "PlaneSegmentation")
        ps.attrs["description"] = "segmented neurons"
        ps.attrs.create("colnames", data=["ID_labels"], dtype=STR)
        ids = ps.create_dataset("id", data=np.arange(5, dtype=np.int64))
        typed(ids, "ElementIdentifiers", "hdmf-common")
        lab = ps.create_dataset("ID_labels", data=LABELS, dtype=STR)
        typed(lab, "VectorData", "hdmf-common")
        lab.attrs["description"] = "NeuroPAL identity of each ROI ('' = not identified)"
        ps["imaging_plane"] = h5py.SoftLink("/general/optophysiology/ImagingPlane")

        def series(container, ctype, data, rows, time=None, start=None, rate=None, conversion=1.0, gzip=False):
            c = ophys.create_group(container)
            typed(c, ctype)
            s = c.create_group("RoiResponseSeries")
            typed(s, "RoiResponseSeries")
            s.attrs["description"] = f"{container} of the segmented neurons"
            s.attrs["comments"] = "no comments"
            kw = dict(chunks=(data.shape[0], 1), compression="gzip") if gzip else {}
            d = s.create_dataset("data", data=data, **kw)
            d.attrs["conversion"] = np.float32(conversion)
            d.attrs["resolution"] = np.float32(-1.0)
            d.attrs["unit"] = "a.u."
            if time is not None:
                ts = s.create_dataset("timestamps", data=time)
                ts.attrs["interval"] = np.int32(1)
                ts.attrs["unit"] = "seconds"
            else:
                st = s.create_dataset("starting_time", data=np.float64(start))
                st.attrs["rate"] = np.float32(rate)
                st.attrs["unit"] = "seconds"
            r = s.create_dataset("rois", data=np.array(rows, dtype=np.int64))
            typed(r, "DynamicTableRegion", "hdmf-common")
            r.attrs["description"] = "the ROIs of this series"
            r.attrs.create("table", data=ps.ref, dtype=h5py.ref_dtype)

        t = np.arange(50)
        fl = ((10.0 * t[:, None] + np.arange(5)[None, :]) / 8.0).astype(np.float32)
        fl[3, 1] = np.nan
        series("Fluorescence", "Fluorescence", fl, [0, 1, 2, 3, 4],
               time=0.25 * t + 0.0625 * (t % 3), gzip=True)
        t2 = np.arange(40)
        dff = (t2[:, None] + np.arange(3)[None, :] / 4.0).astype(np.float64)
        series("DfOverF", "DfOverF", dff, [3, 0, 4], start=10.0, rate=4.0, conversion=0.5)


if __name__ == "__main__":
    main()


def per_neuron(path, lengths, shift_second=False):
    """A bad file in the one-TimeSeries-per-neuron layout (Scholz 2018):
    /acquisition/Activity_000i with data and timestamps of the given lengths;
    shift_second moves the second neuron's timestamps by 0.5 s."""
    with h5py.File(path, "w") as f:
        typed(f, "NWBFile")
        f.attrs["nwb_version"] = "2.1.0"
        sdata(f, "identifier", os.path.basename(path))
        sdata(f, "session_description", "ctome bad-input fixture")
        for i, n in enumerate(lengths):
            g = f.create_group(f"acquisition/Activity_{i:04d}")
            typed(g, "TimeSeries")
            g.attrs["description"] = f"Neuron: {i}"
            g.create_dataset("data", data=np.arange(n, dtype=np.float64), chunks=(n,), compression="gzip")
            ts = np.arange(n, dtype=np.float64) / 6.0 + (0.5 if shift_second and i == 1 else 0.0)
            g.create_dataset("timestamps", data=ts)


if __name__ == "__main__":
    d = os.path.dirname(OUT)
    per_neuron(os.path.join(d, "bad_lengths.nwb"), [20, 19])
    per_neuron(os.path.join(d, "bad_timestamps.nwb"), [20, 20], shift_second=True)
