/* colormap.c — sequential (viridis) and diverging (RdBu reversed) colour maps.
 *
 * 17 stops t = k/16 taken from matplotlib 3.6.3 by tests/ref/plot_colormaps.py
 * (output in tests/ref/plot_colormaps.txt); linear interpolation between
 * stops stays within 0.021 (viridis) and 0.029 (RdBu) of the full 256-entry
 * tables per channel.  Viridis: van der Walt & Smith 2015, perceptually
 * uniform and colour-blind safe.  RdBu: Brewer 2003 (ColorBrewer).
 */
#include "plot_internal.h"

#include <math.h>

#define NSTOP 17

static const double viridis[NSTOP][3] = {
    {0.267004, 0.004874, 0.329415},
    {0.282327, 0.094955, 0.417331},
    {0.278826, 0.175490, 0.483397},
    {0.258965, 0.251537, 0.524736},
    {0.229739, 0.322361, 0.545706},
    {0.199430, 0.387607, 0.554642},
    {0.172719, 0.448791, 0.557885},
    {0.149039, 0.508051, 0.557250},
    {0.127568, 0.566949, 0.550556},
    {0.120638, 0.625828, 0.533488},
    {0.157851, 0.683765, 0.501686},
    {0.246070, 0.738910, 0.452024},
    {0.369214, 0.788888, 0.382914},
    {0.515992, 0.831158, 0.294279},
    {0.678489, 0.863742, 0.189503},
    {0.845561, 0.887322, 0.099702},
    {0.993248, 0.906157, 0.143936},
};

static const double rdbu_r[NSTOP][3] = {
    {0.019608, 0.188235, 0.380392},
    {0.088504, 0.321107, 0.564937},
    {0.163399, 0.444983, 0.697501},
    {0.247059, 0.555709, 0.754095},
    {0.420684, 0.676432, 0.818685},
    {0.606459, 0.789773, 0.880277},
    {0.761476, 0.868512, 0.924567},
    {0.878047, 0.925721, 0.951942},
    {0.969089, 0.966474, 0.964937},
    {0.983852, 0.897578, 0.846828},
    {0.982468, 0.800692, 0.706113},
    {0.960323, 0.667820, 0.536332},
    {0.894579, 0.503806, 0.399769},
    {0.817070, 0.332180, 0.281046},
    {0.728489, 0.155017, 0.197386},
    {0.576932, 0.055363, 0.149250},
    {0.403922, 0.000000, 0.121569},
};

ctome_rgba ctome_colormap(ctome_cmap cmap, double t)
{
    if (isnan(t))
        return (ctome_rgba){0.85, 0.85, 0.85, 1};
    const double(*tab)[3] = cmap == CTOME_CMAP_DIVERGING ? rdbu_r : viridis;
    if (t < 0)
        t = 0;
    if (t > 1)
        t = 1;
    double u = t * (NSTOP - 1);
    int k = (int)floor(u);
    if (k >= NSTOP - 1)
        k = NSTOP - 2;
    double f = u - k;
    ctome_rgba c = {0, 0, 0, 1};
    c.r = tab[k][0] + f * (tab[k + 1][0] - tab[k][0]);
    c.g = tab[k][1] + f * (tab[k + 1][1] - tab[k][1]);
    c.b = tab[k][2] + f * (tab[k + 1][2] - tab[k][2]);
    return c;
}
