/* swim_movie.h — an animated GIF of a swimmer episode seen from above, each
 * link coloured by the B-neuron activity of the joint in front of it
 * (NCAP: Bhattasali, Zador & Engel 2022).
 *
 * The file is a GIF89a written with giflib (5.2), looping forever, one
 * full frame per `stride` control steps, each frame shown for
 * stride x dt seconds (rounded to the GIF's 1/100 s; the rounding is
 * reported through *delay_cs), so the movie plays in real time when
 * stride x dt is a whole number of centiseconds.
 *
 * The palette is fixed, the same in every file (global colour table, 256
 * entries): 0..15 a grey ramp from white (0) to black (15) for background,
 * trail, outline and text; 16..254 the diverging map of ctome_colormap
 * (CTOME_CMAP_DIVERGING, blue - white - red) at 239 evenly spaced points of
 * a = b_d - b_v over the fixed range [-1, 1] (B-neurons are clipped to
 * [0, 1], so the range is the whole possible one): blue = the ventral
 * B-neuron is the more active, red = the dorsal one.  Entry 16 + k holds
 * a = -1 + 2 k / 238.  Entry 255 is never drawn: frames after the first
 * hold only the box of pixels that changed, with entry 255 as the
 * transparent "unchanged" colour (disposal: keep the previous frame).
 * The camera follows the body's mean point (a 0.1 m scale bar at the bottom
 * left); the nose's path of the last 3 s, fixed in the world, is drawn in
 * grey, so it shows the body moving through the water.
 *
 * The file carries a comment extension starting with CTOME_SWIM_MOVIE_TAG,
 * by which ctome_swim_movie_is_ours() recognises a movie it wrote.
 */
#ifndef CTOME_SWIM_MOVIE_H_INCLUDED
#define CTOME_SWIM_MOVIE_H_INCLUDED

#include <stddef.h>

#define CTOME_SWIM_MOVIE_TAG "ctome swim movie"
#define CTOME_SWIM_MOVIE_W 400           /* frame width, pixels */
#define CTOME_SWIM_MOVIE_HGT 300           /* frame height, pixels */
#define CTOME_SWIM_MOVIE_SPAN 1.2        /* metres across the frame width */
#define CTOME_SWIM_MOVIE_GREYS 16        /* palette entries 0..15: greys */
#define CTOME_SWIM_MOVIE_LEVELS 239      /* palette entries 16..254: activity */
#define CTOME_SWIM_MOVIE_KEEP 255        /* palette entry 255: "unchanged", never drawn */
#define CTOME_SWIM_MOVIE_MAX_FRAMES 20000

typedef struct {
    const double *body;      /* n_steps x n_points x 2: world x, y (m) of the
                              * body's centre line, head front first, then
                              * every joint, then the tail tip
                              * (ctome_swimmer_body_points) */
    size_t n_steps;
    size_t n_points;         /* n_joints + 2 */
    const double *dorsal;    /* n_steps x n_joints B-neuron activations (time
                              * major) or NULL: then every link is grey */
    const double *ventral;   /* idem, NULL exactly when dorsal is */
    double dt;               /* seconds per step, > 0 */
    size_t stride;           /* steps per frame, >= 1 */
    const char *title;       /* one line at the top; NULL for none */
} ctome_swim_movie_spec;

/* The palette entry that draws activity a = b_d - b_v (clamped to [-1, 1];
 * NaN -> grey entry 8; the head link's grey).  O(1). */
int ctome_swim_movie_index(double a);

/* The RGB of palette entry i (0..255) as 0..255 bytes.  O(1). */
void ctome_swim_movie_rgb(int i, unsigned char rgb[3]);

/* Write the movie to `path` (atomically: a temporary beside it renamed over
 * it; an error leaves no file).  Frames are the steps 0, stride, 2 stride,
 * ... < n_steps.  *n_frames and *delay_cs (may be NULL) receive the frame
 * count and each frame's delay in 1/100 s.
 * Errors: NULL arrays or path, n_points < 3, n_steps < 1, stride < 1,
 * dt <= 0 or not finite, only one of dorsal/ventral, more than
 * CTOME_SWIM_MOVIE_MAX_FRAMES frames, a frame delay above 655.35 s
 * (CTOME_EINVAL); a non-finite body coordinate (CTOME_EVALUE naming the step);
 * giflib or file errors (CTOME_EIO naming the path).
 * Cost: O(frames x W x H) time, O(W x H) memory besides the inputs. */
int ctome_swim_movie_gif(const ctome_swim_movie_spec *s, const char *path, size_t *n_frames, int *delay_cs);

/* 1 if `path` is a GIF whose first comment extension starts with
 * CTOME_SWIM_MOVIE_TAG (a movie ctome wrote), 0 if it is anything else
 * (another GIF, not a GIF, unreadable).  Reads the file's header and
 * extensions only (giflib DGifOpen, stops at the first image). */
int ctome_swim_movie_is_ours(const char *path);

#endif
