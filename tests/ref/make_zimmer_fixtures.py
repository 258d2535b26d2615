#!/usr/bin/python3
"""Write the Zimmer-lab MATLAB fixtures under tests/fixtures/zimmer/.

No real Kato/Nichols/Skora/Kaplan/Uzel file is bundled (all > 4 MiB), so these
small files follow the published layouts (docs/recordings.md):

  WT_NoStim_v5.mat, WT_NoStim_v73.mat  Kato 2015 WT_NoStim.mat: a 1x2 struct
      array WT_NoStim with dataset, fps, tv, deltaFOverF, deltaFOverF_bc,
      derivs (struct: traces), NeuronNames (1xN cell: char, [] or a cell of
      candidate IDs), States (struct of 0/1 per-frame vectors).  Same values in
      MATLAB v5 (scipy.io.savemat) and v7.3 (h5py, written the way MATLAB
      writes it: 512-byte userblock header, MATLAB_class attributes, cells and
      struct-array fields as object references into /#refs#, char as uint16,
      matrices transposed).
  TS20140715e_wbdata.mat   Kato 2015 per-worm wbdata file (v5): scalar struct
      wbData with deltaFOverF_deriv, deltaFOverF_bc, tv, NeuronIds (1xN cell
      of 1xK cells, '---' = no ID), FlNm, deltaFOverF.
  NoStim_Data_fps.mat      the BunDLe-Net copy of WT_NoStim (v5): struct
      NoStim_Data with deltaFOverF_bc, derivs, NeuronNames, fps, States and no
      tv (time from fps).
  bad_no_traces.mat        WT_NoStim without any traces field.
  bad_tv_mismatch.mat      tv one sample shorter than the traces.

Trace values are exact binary fractions: worm w (0-based), ROI i, frame t:
  deltaFOverF_bc = 1000*w + 100*i + 0.25*t,  deltaFOverF = that + 0.5.
Run: /usr/bin/python3 tests/ref/make_zimmer_fixtures.py  (from the repo root)
"""
import os
import sys

import h5py
import numpy as np
import scipy.io

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'zimmer')
T, N = 50, 5
FPS = [2.85, 3.0]
EMPTY = ('empty',)          # MATLAB []

# Per worm: one ID entry per ROI: a name, EMPTY (unlabelled) or a list of
# candidates (ambiguous identification).
IDS = [
    ['AVAL', EMPTY, ['SMDVL', 'SMDVR'], 'AVAR', 'VB2'],
    ['RIML', ['AIBL', 'AIBR'], EMPTY, 'AVAL', 'AVAL'],
]
STATES = ['Dt', 'Fwd', 'Noise', 'Rev1', 'Rev2', 'Revsus', 'Slow', 'Vt']


def traces(w, off=0.0):
    t = np.arange(T)[:, None]
    i = np.arange(N)[None, :]
    return 1000.0 * w + 100.0 * i + 0.25 * t + off           # T x N (MATLAB orientation)


def tv(w):
    return (np.arange(T) / FPS[w]).reshape(T, 1)


def states(w):
    s = {}
    for k, name in enumerate(STATES):
        s[name] = ((np.arange(T) // 7) % len(STATES) == k).astype(np.uint8).reshape(1, T)
    return s


def kato_worm(w, with_tv=True):
    d = {
        'dataset': 'TS2014071%d_fixture' % (5 + w),
        'fps': FPS[w],
        'tv': tv(w),
        'deltaFOverF': traces(w, 0.5),
        'deltaFOverF_bc': traces(w),
        'derivs': {'traces': np.gradient(traces(w), axis=0)},
        'NeuronNames': IDS[w],
        'States': states(w),
    }
    if not with_tv:
        del d['tv']
    return d


# ---- MATLAB v5 through scipy.io.savemat ----

def v5(x):
    """Python model -> what savemat writes as the MATLAB value."""
    if x is EMPTY:
        return np.zeros((0, 0))
    if isinstance(x, str):
        return x
    if isinstance(x, list):                       # cell, 1 x n
        c = np.empty((1, len(x)), dtype=object)
        for j, e in enumerate(x):
            c[0, j] = v5(e)
        return c
    if isinstance(x, dict):                       # scalar struct
        s = np.empty((1, 1), dtype=[(k, object) for k in x])
        for k, e in x.items():
            s[0, 0][k] = v5(e)
        return s
    return np.asarray(x, dtype=np.float64) if not (isinstance(x, np.ndarray) and x.dtype == np.uint8) else x


def v5_struct_array(worms):
    keys = list(worms[0])
    s = np.empty((1, len(worms)), dtype=[(k, object) for k in keys])
    for j, wd in enumerate(worms):
        for k in keys:
            s[0, j][k] = v5(wd[k])
    return s


def save_v5(name, variables):
    scipy.io.savemat(os.path.join(OUT, name), variables, format='5', oned_as='column')


# ---- MATLAB v7.3 through h5py, as MATLAB writes it ----

def mat_str(obj, name, value):
    """A string attribute as MATLAB writes it: fixed length = strlen, STRPAD
    NULLTERM, the bytes without a terminator (h5py's default NULLPAD makes
    libmatio drop the last character)."""
    tid = h5py.h5t.C_S1.copy()
    tid.set_size(len(value))
    tid.set_strpad(h5py.h5t.STR_NULLTERM)
    if name in obj.attrs:
        del obj.attrs[name]
    aid = h5py.h5a.create(obj.id, name.encode(), tid, h5py.h5s.create(h5py.h5s.SCALAR))
    aid.write(np.array(value.encode('ascii'), dtype='S%d' % len(value)), mtype=tid)   # raw bytes, no NUL


class V73:
    def __init__(self, path):
        self.path = path
        self.f = h5py.File(path, 'w', userblock_size=512, libver='earliest')
        self.refs = self.f.create_group('#refs#')
        self.count = 0
        # MATLAB's canonical empty placeholder /#refs#/a
        self._new_ref_name()
        a = self.refs.create_dataset('a', data=np.array([0, 0], dtype=np.uint64))
        mat_str(a, 'MATLAB_class', 'canonical empty')
        a.attrs['MATLAB_empty'] = np.uint8(1)

    def _new_ref_name(self):
        alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
        n, s = self.count, ''
        while True:
            s = alphabet[n % len(alphabet)] + s
            n = n // len(alphabet) - 1
            if n < 0:
                break
        self.count += 1
        return s

    @staticmethod
    def _cls(obj, cls):
        mat_str(obj, 'MATLAB_class', cls)

    def write(self, parent, name, x):
        """Write value x as parent/name; returns the HDF5 object."""
        if x is EMPTY:
            d = parent.create_dataset(name, data=np.array([0, 0], dtype=np.uint64))
            self._cls(d, 'double')
            d.attrs['MATLAB_empty'] = np.uint8(1)
        elif isinstance(x, str):
            codes = np.array([ord(ch) for ch in x], dtype=np.uint16).reshape(len(x), 1)  # 1xL -> (L,1)
            d = parent.create_dataset(name, data=codes)
            self._cls(d, 'char')
            d.attrs['MATLAB_int_decode'] = np.int32(2)
        elif isinstance(x, list):                 # 1 x n cell -> (n,1) references
            refs = [self.ref(e) for e in x]
            d = parent.create_dataset(name, data=np.array(refs, dtype=h5py.ref_dtype).reshape(len(x), 1))
            self._cls(d, 'cell')
        elif isinstance(x, dict):                 # scalar struct: a group of fields
            d = parent.create_group(name)
            self._cls(d, 'struct')
            self._fields(d, list(x))
            for k, e in x.items():
                self.write(d, k, e)
        else:
            a = np.asarray(x)
            cls = 'logical' if a.dtype == np.uint8 else 'double'
            if cls == 'double':
                a = a.astype(np.float64)
            a = np.atleast_2d(a)
            d = parent.create_dataset(name, data=a.T)          # MATLAB dims reversed
            self._cls(d, cls)
        if parent.name != '/':
            mat_str(d, 'H5PATH', parent.name if parent.name != '/#refs#' else d.name)
        return d

    def ref(self, x):
        obj = self.write(self.refs, self._new_ref_name(), x)
        return obj.ref

    @staticmethod
    def _fields(g, names):
        vl = h5py.vlen_dtype(np.dtype('S1'))
        arr = np.empty(len(names), dtype=object)
        for j, n in enumerate(names):
            arr[j] = np.array([c.encode() for c in n], dtype='S1')
        g.attrs.create('MATLAB_fields', arr, dtype=vl)

    def struct_array(self, name, worms):
        """1 x n struct array: every field is an (n,1) dataset of references
        without MATLAB_class (that is what marks a struct array)."""
        g = self.f.create_group(name)
        self._cls(g, 'struct')
        keys = list(worms[0])
        self._fields(g, keys)
        for k in keys:
            refs = [self.ref(wd[k]) for wd in worms]
            d = g.create_dataset(k, data=np.array(refs, dtype=h5py.ref_dtype).reshape(len(worms), 1))
            mat_str(d, 'H5PATH', g.name)

    def close(self):
        self.f.close()
        head = ('MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Sat Nov 22 05:34:00 2026 '
                'HDF5 schema 1.00 .').ljust(116).encode('ascii')
        head += b'\x00' * 8 + b'\x00\x02' + b'IM'
        with open(self.path, 'r+b') as fh:
            fh.write(head.ljust(512, b'\x00'))


def main():
    os.makedirs(OUT, exist_ok=True)
    worms = [kato_worm(0), kato_worm(1)]
    save_v5('WT_NoStim_v5.mat', {'WT_NoStim': v5_struct_array(worms)})
    m = V73(os.path.join(OUT, 'WT_NoStim_v73.mat'))
    m.struct_array('WT_NoStim', worms)
    m.close()

    # Kato 2015 per-worm wbdata file.
    nids = [['---'] if e is EMPTY else ([e] if isinstance(e, str) else e) for e in IDS[0]]
    wb = {
        'deltaFOverF_deriv': np.gradient(traces(0), axis=0),
        'deltaFOverF_bc': traces(0),
        'tv': tv(0),
        'NeuronIds': nids,
        'FlNm': 'TS20140715e_lite-1_punc-31_NLS3_2eggs_56um_1mMTet_basal_1080s',
        'deltaFOverF': traces(0, 0.5),
    }
    save_v5('TS20140715e_wbdata.mat', {'wbData': v5(wb)})

    # BunDLe-Net's NoStim_Data: no tv, time from fps.
    nd = [{k: wd[k] for k in ('deltaFOverF_bc', 'derivs', 'NeuronNames', 'fps', 'States')}
          for wd in (kato_worm(0, False), kato_worm(1, False))]
    save_v5('NoStim_Data_fps.mat', {'NoStim_Data': v5_struct_array(nd)})

    # Bad inputs.
    bad = [{k: wd[k] for k in ('NeuronNames', 'fps', 'tv')} for wd in worms]
    save_v5('bad_no_traces.mat', {'WT_NoStim': v5_struct_array(bad)})
    short = [{k: wd[k] for k in ('deltaFOverF_bc', 'NeuronNames', 'fps', 'tv')} for wd in worms]
    short[1]['tv'] = tv(1)[:-1]
    save_v5('bad_tv_mismatch.mat', {'WT_NoStim': v5_struct_array(short)})

    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print('wrote %s (%d bytes)' % (OUT, total), file=sys.stderr)


if __name__ == '__main__':
    main()
