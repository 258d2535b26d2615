/* swim_movie.c — the swimmer seen from above as an animated GIF (see
 * swim_movie.h).  Each frame is drawn with cairo on an RGB image, mapped to
 * the fixed 256-colour palette and written with giflib.  Colours drawn
 * straight from the palette (background, links, grid) map to themselves
 * exactly; the anti-aliased edges and text go to the nearest entry. */
#include "swim_movie.h"
#include "error.h"
#include "io.h"
#include "plot.h"
#include "plot_internal.h"

#if CTOME_HAVE_GIF
#include <cairo.h>
#include <gif_lib.h>
#endif
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W CTOME_SWIM_MOVIE_W
#define H CTOME_SWIM_MOVIE_HGT
#define NG CTOME_SWIM_MOVIE_GREYS
#define NL CTOME_SWIM_MOVIE_LEVELS
#define TRAIL_COLOUR 5    /* palette entries used for the furniture */
#define HEAD_COLOUR 8     /* the head link has no joint in front of it */
#define INK 15
#define TRAIL_SECONDS 3.0

void ctome_swim_movie_rgb(int i, unsigned char rgb[3])
{
    if (i < 0)
        i = 0;
    if (i > 255)
        i = 255;
    if (i == CTOME_SWIM_MOVIE_KEEP)
        i = 0;   /* never drawn: the "unchanged" pixels of frames after the first */
    if (i < NG) {
        unsigned char v = (unsigned char)lround(255.0 * (1.0 - (double)i / (NG - 1)));
        rgb[0] = rgb[1] = rgb[2] = v;
        return;
    }
    ctome_rgba c = ctome_colormap(CTOME_CMAP_DIVERGING, (double)(i - NG) / (NL - 1));
    rgb[0] = (unsigned char)lround(255.0 * c.r);
    rgb[1] = (unsigned char)lround(255.0 * c.g);
    rgb[2] = (unsigned char)lround(255.0 * c.b);
}

int ctome_swim_movie_index(double a)
{
    if (isnan(a))
        return HEAD_COLOUR;
    if (a < -1)
        a = -1;
    if (a > 1)
        a = 1;
    return NG + (int)lround((a + 1) / 2 * (NL - 1));
}

#if CTOME_HAVE_GIF
/* Pixel colour -> palette entry: the palette's own colours exactly (an open
 * hash of 1024 slots), anything else through a 15-bit nearest-colour table. */
typedef struct {
    uint32_t key[1024];
    int16_t val[1024];
    unsigned char lut[1 << 15];
    unsigned char pal[256][3];
} quantiser;

static unsigned hash32(uint32_t k) { return (k * 2654435761u) >> 22; }

static void quantiser_init(quantiser *q)
{
    for (int i = 0; i < 1024; i++)
        q->val[i] = -1;
    for (int i = 0; i < 256; i++)
        ctome_swim_movie_rgb(i, q->pal[i]);
    for (int i = 0; i < CTOME_SWIM_MOVIE_KEEP; i++) {
        uint32_t k = (uint32_t)q->pal[i][0] << 16 | (uint32_t)q->pal[i][1] << 8 | q->pal[i][2];
        unsigned h = hash32(k);
        while (q->val[h] >= 0 && q->key[h] != k)
            h = (h + 1) & 1023;
        if (q->val[h] < 0) {   /* first entry of a repeated colour wins */
            q->key[h] = k;
            q->val[h] = (int16_t)i;
        }
    }
    for (int c = 0; c < (1 << 15); c++) {
        int r = ((c >> 10) & 31) * 8 + 4, g = ((c >> 5) & 31) * 8 + 4, b = (c & 31) * 8 + 4;
        int best = 0;
        long bd = -1;
        for (int i = 0; i < CTOME_SWIM_MOVIE_KEEP; i++) {
            long dr = r - q->pal[i][0], dg = g - q->pal[i][1], db = b - q->pal[i][2];
            long d = dr * dr + dg * dg + db * db;
            if (bd < 0 || d < bd) {
                bd = d;
                best = i;
            }
        }
        q->lut[c] = (unsigned char)best;
    }
}

static unsigned char quantise(const quantiser *q, uint32_t px)
{
    uint32_t k = px & 0xffffff;
    unsigned h = hash32(k);
    while (q->val[h] >= 0) {
        if (q->key[h] == k)
            return (unsigned char)q->val[h];
        h = (h + 1) & 1023;
    }
    return q->lut[((k >> 19) & 31) << 10 | ((k >> 11) & 31) << 5 | ((k >> 3) & 31)];
}

static void source(cairo_t *cr, const quantiser *q, int i)
{
    cairo_set_source_rgb(cr, q->pal[i][0] / 255.0, q->pal[i][1] / 255.0, q->pal[i][2] / 255.0);
}

static int check(const ctome_swim_movie_spec *s, const char *path, size_t *frames, int *delay)
{
    if (!s || !path || !s->body)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim movie: no body positions or no file name");
    if (s->n_points < 3 || s->n_steps < 1 || s->stride < 1)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "swim movie: needs >= 3 body points, >= 1 step and a stride >= 1 (got %zu, %zu, %zu)",
                           s->n_points, s->n_steps, s->stride);
    if (!(s->dt > 0) || !isfinite(s->dt))
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim movie: step %g s is not a positive number", s->dt);
    if (!s->dorsal != !s->ventral)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim movie: give both dorsal and ventral activity, or neither");
    *frames = (s->n_steps - 1) / s->stride + 1;
    if (*frames > CTOME_SWIM_MOVIE_MAX_FRAMES)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim movie: %zu frames, more than %d; raise the stride",
                           *frames, CTOME_SWIM_MOVIE_MAX_FRAMES);
    double cs = (double)s->stride * s->dt * 100.0;
    if (cs > 65535.0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim movie: %g s per frame is above the GIF's 655.35 s",
                           cs / 100);
    *delay = cs < 1 ? 1 : (int)lround(cs);
    size_t np = s->n_points;
    for (size_t t = 0; t < s->n_steps; t++)
        for (size_t k = 0; k < 2 * np; k++)
            if (!isfinite(s->body[t * 2 * np + k]))
                return ctome_error(CTOME_EVALUE, NULL, 0, "swim movie: body coordinate %zu of step %zu is not finite",
                                   k, t);
    return CTOME_OK;
}

/* One frame, step t, on the RGB image behind cr. */
static void draw(cairo_t *cr, const quantiser *q, const ctome_swim_movie_spec *s, size_t t)
{
    size_t np = s->n_points, nj = np - 2;
    const double *p = s->body + t * 2 * np;
    double cx = 0, cy = 0, sc = W / CTOME_SWIM_MOVIE_SPAN;
    for (size_t k = 0; k < np; k++) {
        cx += p[2 * k] / (double)np;
        cy += p[2 * k + 1] / (double)np;
    }
#define X(x) (W / 2.0 + ((x) - cx) * sc)
#define Y(y) (H / 2.0 - ((y) - cy) * sc)
    source(cr, q, 0);
    cairo_paint(cr);
    /* a 0.1 m scale bar, bottom left */
    source(cr, q, INK);
    cairo_set_line_width(cr, 2);
    cairo_move_to(cr, 10, H - 14);
    cairo_line_to(cr, 10 + 0.1 * sc, H - 14);
    cairo_stroke(cr);
    plot_text(cr, "0.1 m", 10 + 0.05 * sc, H - 18, 9, 0, 0.5, 1, 0);
    /* the nose's path over the last TRAIL_SECONDS */
    size_t back = (size_t)(TRAIL_SECONDS / s->dt), t0 = t > back ? t - back : 0;
    source(cr, q, TRAIL_COLOUR);
    cairo_set_line_width(cr, 1.5);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (size_t u = t0; u <= t; u++) {
        const double *pu = s->body + u * 2 * np;
        if (u == t0)
            cairo_move_to(cr, X(pu[0]), Y(pu[1]));
        else
            cairo_line_to(cr, X(pu[0]), Y(pu[1]));
    }
    cairo_stroke(cr);
    /* the links: a dark outline, then link k (k >= 1, behind joint k - 1)
     * in the colour of that joint's b_d - b_v; the head link in grey */
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    source(cr, q, INK);
    cairo_set_line_width(cr, 12);
    cairo_move_to(cr, X(p[0]), Y(p[1]));
    for (size_t k = 1; k < np; k++)
        cairo_line_to(cr, X(p[2 * k]), Y(p[2 * k + 1]));
    cairo_stroke(cr);
    cairo_set_line_width(cr, 9);
    for (size_t k = 0; k + 1 < np; k++) {
        int c = HEAD_COLOUR;
        if (k >= 1 && s->dorsal)
            c = ctome_swim_movie_index(s->dorsal[t * nj + k - 1] - s->ventral[t * nj + k - 1]);
        source(cr, q, c);
        cairo_move_to(cr, X(p[2 * k]), Y(p[2 * k + 1]));
        cairo_line_to(cr, X(p[2 * k + 2]), Y(p[2 * k + 3]));
        cairo_stroke(cr);
    }
    source(cr, q, INK);
    cairo_arc(cr, X(p[0]), Y(p[1]), 4, 0, 2 * M_PI);   /* the nose */
    cairo_fill(cr);
#undef X
#undef Y
    /* text: title, clock, and the colour key */
    char buf[64];
    if (s->title)
        plot_text(cr, s->title, 6, 4, 11, 0, 0, 0, 0);
    snprintf(buf, sizeof buf, "t = %.1f s", (double)t * s->dt);
    plot_text(cr, buf, W - 6, 4, 11, 1, 1, 0, 0);
    if (s->dorsal) {
        double x0 = W / 2.0 - 60, y0 = H - 22;
        for (int i = 0; i < NL; i++) {
            source(cr, q, NG + i);
            cairo_rectangle(cr, x0 + i * 0.5, y0, 0.5 + 0.01, 8);
            cairo_fill(cr);
        }
        source(cr, q, INK);
        plot_text(cr, "ventral", x0 - 4, y0 + 4, 10, 0, 1, 0.5, 0);
        plot_text(cr, "dorsal", x0 + 124, y0 + 4, 10, 0, 0, 0.5, 0);
        plot_text(cr, "B-neurons: dorsal - ventral", W / 2.0, y0 + 10, 9, 0, 0.5, 0, 0);
    }
}

static int gif_write(GifFileType *g, const GifByteType *b, int n)
{
    return (int)fwrite(b, 1, (size_t)n, (FILE *)g->UserData);
}

static int put_header(GifFileType *g, const quantiser *q, const ctome_swim_movie_spec *s, int delay)
{
    GifColorType cols[256];
    for (int i = 0; i < 256; i++)
        cols[i] = (GifColorType){q->pal[i][0], q->pal[i][1], q->pal[i][2]};
    ColorMapObject *cm = GifMakeMapObject(256, cols);
    if (!cm)
        return GIF_ERROR;
    EGifSetGifVersion(g, true);
    int rc = EGifPutScreenDesc(g, W, H, 8, 0, cm);
    GifFreeMapObject(cm);
    char comment[200];
    snprintf(comment, sizeof comment, "%s: body from above, links coloured by B-neuron b_d - b_v in [-1, 1]; "
                                      "every %zu steps of %g s, %d/100 s per frame",
             CTOME_SWIM_MOVIE_TAG, s->stride, s->dt, delay);
    if (rc == GIF_OK)
        rc = EGifPutComment(g, comment);
    /* loop forever (the NETSCAPE2.0 application extension) */
    static const unsigned char loop[3] = {1, 0, 0};
    if (rc == GIF_OK)
        rc = EGifPutExtensionLeader(g, APPLICATION_EXT_FUNC_CODE);
    if (rc == GIF_OK)
        rc = EGifPutExtensionBlock(g, 11, "NETSCAPE2.0");
    if (rc == GIF_OK)
        rc = EGifPutExtensionBlock(g, 3, loop);
    if (rc == GIF_OK)
        rc = EGifPutExtensionTrailer(g);
    return rc;
}

int ctome_swim_movie_gif(const ctome_swim_movie_spec *s, const char *path, size_t *n_frames, int *delay_cs)
{
    size_t frames = 0;
    int delay = 0;
    int rc = check(s, path, &frames, &delay);
    if (rc)
        return rc;
    quantiser *q = malloc(sizeof *q);
    unsigned char *row = malloc(W), *cur = malloc((size_t)W * H), *prev = malloc((size_t)W * H);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    if (!q || !row || !cur || !prev || cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        free(q);
        free(row);
        free(cur);
        free(prev);
        cairo_surface_destroy(img);
        return ctome_error_nomem();
    }
    quantiser_init(q);
    cairo_t *cr = cairo_create(img);
    ctome_outfile of = {0};
    rc = ctome_outfile_open(&of, path);
    GifFileType *g = NULL;
    int gerr = 0;
    if (!rc && !(g = EGifOpen(of.fp, gif_write, &gerr)))
        rc = ctome_error(CTOME_EIO, path, 0, "cannot start the GIF: %s", GifErrorString(gerr));
    if (!rc && put_header(g, q, s, delay) != GIF_OK)
        rc = ctome_error(CTOME_EIO, path, 0, "cannot write the GIF header: %s", GifErrorString(g->Error));
    int stride = cairo_image_surface_get_stride(img);
    for (size_t f = 0; !rc && f < frames; f++) {
        draw(cr, q, s, f * s->stride);
        cairo_surface_flush(img);
        const unsigned char *data = cairo_image_surface_get_data(img);
        for (int y = 0; y < H; y++) {
            const uint32_t *px = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
            for (int x = 0; x < W; x++)
                cur[y * W + x] = quantise(q, px[x]);
        }
        /* Frames after the first hold only the box of pixels that changed,
         * unchanged ones inside it transparent (entry KEEP): the previous
         * frame stays (DISPOSE_DO_NOT) and shows through. */
        int x0 = 0, y0 = 0, x1 = W - 1, y1 = H - 1;
        if (f > 0) {
            x0 = W, y0 = H, x1 = -1, y1 = -1;
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++)
                    if (cur[y * W + x] != prev[y * W + x]) {
                        x0 = x < x0 ? x : x0;
                        x1 = x > x1 ? x : x1;
                        y0 = y < y0 ? y : y0;
                        y1 = y > y1 ? y : y1;
                    }
            if (x1 < 0)
                x0 = y0 = x1 = y1 = 0;   /* nothing changed: one transparent pixel */
        }
        GraphicsControlBlock gcb = {DISPOSE_DO_NOT, false, delay, f > 0 ? CTOME_SWIM_MOVIE_KEEP : NO_TRANSPARENT_COLOR};
        GifByteType ext[4];
        size_t ne = EGifGCBToExtension(&gcb, ext);
        int grc = EGifPutExtension(g, GRAPHICS_EXT_FUNC_CODE, (int)ne, ext);
        if (grc == GIF_OK)
            grc = EGifPutImageDesc(g, x0, y0, x1 - x0 + 1, y1 - y0 + 1, false, NULL);
        for (int y = y0; grc == GIF_OK && y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                unsigned char c = cur[y * W + x];
                row[x - x0] = f > 0 && c == prev[y * W + x] ? CTOME_SWIM_MOVIE_KEEP : c;
            }
            grc = EGifPutLine(g, row, x1 - x0 + 1);
        }
        if (grc != GIF_OK)
            rc = ctome_error(CTOME_EIO, path, 0, "cannot write frame %zu of the GIF: %s", f, GifErrorString(g->Error));
        unsigned char *t = prev;
        prev = cur;
        cur = t;
    }
    if (g && EGifCloseFile(g, &gerr) != GIF_OK && !rc)
        rc = ctome_error(CTOME_EIO, path, 0, "cannot finish the GIF: %s", GifErrorString(gerr));
    if (!rc)
        rc = ctome_outfile_commit(&of);
    else if (of.fp)
        ctome_outfile_abort(&of);
    cairo_destroy(cr);
    cairo_surface_destroy(img);
    free(row);
    free(cur);
    free(prev);
    free(q);
    if (!rc) {
        if (n_frames)
            *n_frames = frames;
        if (delay_cs)
            *delay_cs = delay;
    }
    return rc;
}

static int gif_read(GifFileType *g, GifByteType *b, int n)
{
    return (int)fread(b, 1, (size_t)n, (FILE *)g->UserData);
}

int ctome_swim_movie_is_ours(const char *path)
{
    FILE *fp = path ? fopen(path, "rb") : NULL;
    if (!fp)
        return 0;
    int err = 0, ours = 0, done = 0;
    GifFileType *g = DGifOpen(fp, gif_read, &err);
    while (g && !done) {
        GifRecordType rt;
        if (DGifGetRecordType(g, &rt) != GIF_OK || rt != EXTENSION_RECORD_TYPE)
            break;
        int code = 0;
        GifByteType *ext = NULL;
        if (DGifGetExtension(g, &code, &ext) != GIF_OK)
            break;
        if (code == COMMENT_EXT_FUNC_CODE && ext) {
            size_t L = sizeof CTOME_SWIM_MOVIE_TAG - 1;
            ours = ext[0] >= L && memcmp(ext + 1, CTOME_SWIM_MOVIE_TAG, L) == 0;
            done = 1;   /* the first comment decides */
        }
        while (!done && ext)
            if (DGifGetExtensionNext(g, &ext) != GIF_OK)
                done = 1;
    }
    if (g)
        DGifCloseFile(g, &err);
    fclose(fp);
    return ours;
}

#else /* !CTOME_HAVE_GIF */

int ctome_swim_movie_gif(const ctome_swim_movie_spec *s, const char *path, size_t *n_frames, int *delay_cs)
{
    (void)s;
    (void)n_frames;
    (void)delay_cs;
    return ctome_error_feature(path, "the swimmer movie", "giflib", "gif");
}

/* No build without giflib ever wrote a movie, and none can be read. */
int ctome_swim_movie_is_ours(const char *path)
{
    (void)path;
    return 0;
}

#endif /* CTOME_HAVE_GIF */
