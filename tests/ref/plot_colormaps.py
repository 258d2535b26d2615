#!/usr/bin/python3
"""Reference colormap tables for lib/plot/colormap.c (run with Debian's /usr/bin/python3).

Prints 17 evenly spaced stops (t = k/16) of matplotlib's viridis (van der Walt & Smith 2015)
and RdBu_r (ColorBrewer RdBu, Brewer 2003, reversed: blue = low, red = high), and the largest
error (per channel, 0..1 scale) of linear interpolation between the stops against matplotlib's
full 256-entry tables.  Output committed as tests/ref/plot_colormaps.txt.
"""
import matplotlib
import matplotlib.cm as cm
import numpy as np

print("# matplotlib", matplotlib.__version__)
for name in ["viridis", "RdBu_r"]:
    c = cm.get_cmap(name)
    ts = np.linspace(0, 1, 17)
    stops = np.array([c(t)[:3] for t in ts])
    print(name)
    for t, s in zip(ts, stops):
        print("%.4f %.6f %.6f %.6f" % (t, *s))
    full = np.array([c(i)[:3] for i in range(256)])
    tt = np.arange(256) / 255.0
    interp = np.stack([np.interp(tt, ts, stops[:, k]) for k in range(3)], axis=1)
    print("# max interpolation error %.4f" % np.abs(interp - full).max())
    print("# %s(0.3) = %.6f %.6f %.6f" % (name, *c(0.3)[:3]))
