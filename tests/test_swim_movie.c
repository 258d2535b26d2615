/* test_swim_movie.c — the swimmer movie (lib/plot/swim_movie.h), read back
 * with giflib's DGifSlurp: frame count ((n_steps - 1) / stride + 1), size,
 * delay (stride x dt in 1/100 s), the fixed palette (greys, the diverging
 * map's ends), and what frame 0 draws: a straight body along x whose links
 * take, pixel for pixel, the palette entry of the joint in front of them
 * (dorsal-only joint: entry 254 = a = +1; ventral-only: entry 16 = a = -1;
 * the head link grey entry 8).  Positions derived by hand: the camera centre
 * is the mean body point, 400 px span 1.2 m, so x -> 200 + (x - cx) 1000/3.
 * Later frames hold only the changed box, unchanged pixels transparent
 * (entry 255); compositing them keeps the links.  Bad input leaves no file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <gif_lib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include "ctome.h"
#include "plot.h"
#include "swim_movie.h"
#include "testutil.h"

static char *TMP;

static int setup(void **state)
{
    (void)state;
    return tu_plot_setup("swimmovie", 0, &TMP);
}

static int teardown(void **state)
{
    (void)state;
    return tu_plot_teardown(TMP);
}

enum { NJ = 4, NP = NJ + 2, T = 10 };

/* A straight body along the x axis, head front at x = 0, links of 0.1 m;
 * joint j dorsal (b_d = 1, b_v = 0) when j is even, ventral when odd. */
static void straight(double *body, double *d, double *v)
{
    for (size_t t = 0; t < T; t++) {
        for (size_t k = 0; k < NP; k++) {
            body[(t * NP + k) * 2] = -0.1 * (double)k;
            body[(t * NP + k) * 2 + 1] = 0;
        }
        for (size_t j = 0; j < NJ; j++) {
            d[t * NJ + j] = j % 2 == 0 ? 1 : 0;
            v[t * NJ + j] = j % 2 == 0 ? 0 : 1;
        }
    }
}

static int px_of(double x, double cx) { return (int)floor(CTOME_SWIM_MOVIE_W / 2.0 + (x - cx) * CTOME_SWIM_MOVIE_W / CTOME_SWIM_MOVIE_SPAN); }

static void test_palette_and_index(void **state)
{
    (void)state;
    assert_int_equal(ctome_swim_movie_index(-1), 16);
    assert_int_equal(ctome_swim_movie_index(1), 254);
    assert_int_equal(ctome_swim_movie_index(-7), 16);   /* clamped */
    assert_int_equal(ctome_swim_movie_index(0), 16 + 119);
    assert_int_equal(ctome_swim_movie_index(NAN), 8);
    unsigned char c[3];
    ctome_swim_movie_rgb(0, c);
    assert_true(c[0] == 255 && c[1] == 255 && c[2] == 255);
    ctome_swim_movie_rgb(15, c);
    assert_true(c[0] == 0 && c[1] == 0 && c[2] == 0);
    /* the ends of the diverging map: blue (ventral) and red (dorsal) */
    ctome_rgba lo = ctome_colormap(CTOME_CMAP_DIVERGING, 0), hi = ctome_colormap(CTOME_CMAP_DIVERGING, 1);
    ctome_swim_movie_rgb(16, c);
    assert_int_equal(c[0], (int)lround(255 * lo.r));
    assert_int_equal(c[2], (int)lround(255 * lo.b));
    assert_true(c[2] > c[0]);
    ctome_swim_movie_rgb(254, c);
    assert_int_equal(c[0], (int)lround(255 * hi.r));
    assert_true(c[0] > c[2]);
}

static void test_read_back(void **state)
{
    (void)state;
    double body[T * NP * 2], d[T * NJ], v[T * NJ];
    straight(body, d, v);
    const char *path = tu_tmp_path(TMP, "m.gif");
    ctome_swim_movie_spec s = {body, T, NP, d, v, 0.03, 3, "test"};
    size_t frames = 0;
    int delay = 0;
    assert_int_equal(ctome_swim_movie_gif(&s, path, &frames, &delay), CTOME_OK);
    assert_int_equal(frames, 4);   /* steps 0, 3, 6, 9 */
    assert_int_equal(delay, 9);    /* 3 x 0.03 s */
    assert_true(ctome_swim_movie_is_ours(path));

    int err = 0;
    GifFileType *g = DGifOpenFileName(path, &err);
    assert_non_null(g);
    assert_int_equal(DGifSlurp(g), GIF_OK);
    assert_int_equal(g->ImageCount, 4);
    assert_int_equal(g->SWidth, CTOME_SWIM_MOVIE_W);
    assert_int_equal(g->SHeight, CTOME_SWIM_MOVIE_HGT);
    assert_non_null(g->SColorMap);
    assert_int_equal(g->SColorMap->ColorCount, 256);
    unsigned char c[3];
    for (int i = 0; i < 256; i++) {
        ctome_swim_movie_rgb(i, c);
        GifColorType k = g->SColorMap->Colors[i];
        assert_true(k.Red == c[0] && k.Green == c[1] && k.Blue == c[2]);
    }
    for (int f = 0; f < g->ImageCount; f++) {
        GraphicsControlBlock gcb;
        assert_int_equal(DGifSavedExtensionToGCB(g, f, &gcb), GIF_OK);
        assert_int_equal(gcb.DelayTime, 9);
        assert_int_equal(gcb.TransparentColor, f == 0 ? NO_TRANSPARENT_COLOR : CTOME_SWIM_MOVIE_KEEP);
    }
    /* frame 0: the whole picture */
    const SavedImage *im = &g->SavedImages[0];
    assert_int_equal(im->ImageDesc.Width, CTOME_SWIM_MOVIE_W);
    assert_int_equal(im->ImageDesc.Height, CTOME_SWIM_MOVIE_HGT);
    int W = CTOME_SWIM_MOVIE_W, yc = CTOME_SWIM_MOVIE_HGT / 2;
    double cx = -0.25;   /* mean of x = 0, -0.1, ..., -0.5 */
    unsigned char *screen = malloc((size_t)W * CTOME_SWIM_MOVIE_HGT);
    assert_non_null(screen);
    memcpy(screen, im->RasterBits, (size_t)W * CTOME_SWIM_MOVIE_HGT);
    /* composite the later frames: transparent pixels keep what is below */
    for (int f = 1; f < g->ImageCount; f++) {
        const GifImageDesc *dsc = &g->SavedImages[f].ImageDesc;
        assert_true(dsc->Left + dsc->Width <= W && dsc->Top + dsc->Height <= CTOME_SWIM_MOVIE_HGT);
        assert_true(dsc->Width * dsc->Height < W * CTOME_SWIM_MOVIE_HGT / 4);   /* only the clock changed */
        for (int y = 0; y < dsc->Height; y++)
            for (int x = 0; x < dsc->Width; x++) {
                unsigned char b = g->SavedImages[f].RasterBits[y * dsc->Width + x];
                if (b != CTOME_SWIM_MOVIE_KEEP)
                    screen[(dsc->Top + y) * W + dsc->Left + x] = b;
            }
    }
    for (int pass = 0; pass < 2; pass++) {
        const unsigned char *r = pass == 0 ? im->RasterBits : screen;
        for (int k = 0; k < NP - 1; k++) {
            double mid = -0.1 * k - 0.05;
            int want = k == 0 ? 8 : ctome_swim_movie_index((k - 1) % 2 == 0 ? 1 : -1);
            for (int dy = -2; dy <= 2; dy++)
                assert_int_equal(r[(yc + dy) * W + px_of(mid, cx)], want);
        }
        assert_int_equal(r[10 * W + W / 2], 0);   /* white background away from the body */
    }
    free(screen);
    DGifCloseFile(g, &err);
}

static void test_is_ours(void **state)
{
    (void)state;
    const char *txt = tu_tmp_path(TMP, "note.gif");
    tu_write(txt, "GIF89a not really", 17);
    assert_false(ctome_swim_movie_is_ours(txt));
    assert_false(ctome_swim_movie_is_ours(tu_tmp_path(TMP, "missing.gif")));
    /* a real GIF written by someone else: no ctome comment */
    const char *other = tu_tmp_path(TMP, "other.gif");
    int err = 0;
    GifFileType *g = EGifOpenFileName(other, false, &err);
    assert_non_null(g);
    GifColorType cols[2] = {{0, 0, 0}, {255, 255, 255}};
    ColorMapObject *cm = GifMakeMapObject(2, cols);
    GifByteType line[4] = {0, 1, 0, 1};
    assert_int_equal(EGifPutScreenDesc(g, 4, 1, 1, 0, cm), GIF_OK);
    assert_int_equal(EGifPutComment(g, "made elsewhere"), GIF_OK);
    assert_int_equal(EGifPutImageDesc(g, 0, 0, 4, 1, false, NULL), GIF_OK);
    assert_int_equal(EGifPutLine(g, line, 4), GIF_OK);
    assert_int_equal(EGifCloseFile(g, &err), GIF_OK);
    GifFreeMapObject(cm);
    assert_false(ctome_swim_movie_is_ours(other));
}

static void test_errors(void **state)
{
    (void)state;
    double body[T * NP * 2], d[T * NJ], v[T * NJ];
    straight(body, d, v);
    const char *path = tu_tmp_path(TMP, "bad.gif");
    ctome_swim_movie_spec s = {body, T, NP, d, v, 0.03, 0, NULL};
    assert_int_equal(ctome_swim_movie_gif(&s, path, NULL, NULL), CTOME_EINVAL);   /* stride 0 */
    s.stride = 1;
    s.ventral = NULL;
    assert_int_equal(ctome_swim_movie_gif(&s, path, NULL, NULL), CTOME_EINVAL);   /* half the activity */
    s.ventral = v;
    s.dt = 0;
    assert_int_equal(ctome_swim_movie_gif(&s, path, NULL, NULL), CTOME_EINVAL);
    s.dt = 0.03;
    body[(5 * NP + 2) * 2 + 1] = NAN;
    assert_int_equal(ctome_swim_movie_gif(&s, path, NULL, NULL), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "step 5"));
    ctome_error_clear();
    assert_int_equal(access(path, F_OK), -1);   /* no file, no temporary */
    DIR *dir = opendir(TMP);
    assert_non_null(dir);
    for (struct dirent *e; (e = readdir(dir));)
        assert_null(strstr(e->d_name, "bad.gif"));
    closedir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_palette_and_index),
        cmocka_unit_test(test_read_back),
        cmocka_unit_test(test_is_ours),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
