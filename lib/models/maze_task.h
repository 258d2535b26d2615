/* maze_task.h — the one-step inference maze task of the seRNN study.
 *
 * Achterberg, Akarca et al. 2023 (Nat Mach Intell 5:1369), after the
 * authors' generator (mazeGeneratorI / OneStepInference v1.2.0): an agent in
 * a small grid maze must take the first step towards a goal.  Each trial:
 *
 *   steps  0 .. 19  goal presentation: one of 4 goal locations, one-hot on
 *                   inputs 0-3 (maze cells 7, 9, 17, 19 in that order);
 *   steps 20 .. 29  delay: all inputs 0;
 *   steps 30 .. 49  choice options: the two directions open at the start,
 *                   two-hot on inputs 4-7 (left, up, right, down);
 *   target          the direction of the first step towards the goal, one of
 *                   4 classes (0 left, 1 up, 2 right, 3 down).
 *
 * The authors' table has exactly 8 problems (their MazeMetadata rows with
 * Nsteps = 2, ChoiceNo = ChoiceI); the answer is always one of the two
 * offered options, so chance is 50%.  The loss covers the choice period
 * (loss_steps = 20, the default: the mean cross-entropy over its 20 steps);
 * loss_steps = 1 is the authors' Keras SimpleRNN (return_sequences = False),
 * loss on the final step only.  With the final step only and their 10 epochs
 * at lr 1e-3 our networks mostly stay at the 62.5% that the offered options
 * alone give (5 of 8 problems); over the choice period they reach 100%
 * (docs/sernn.md).
 * Input noise (Keras GaussianNoise, sd 0.05) is the trainer's sigma_in
 * (train.h), not part of the generator, so the batches are noise-free.
 */
#ifndef CTOME_MAZE_TASK_H
#define CTOME_MAZE_TASK_H

#include <stddef.h>
#include <stdint.h>

#include "rnn.h"

enum {
    CTOME_MAZE_N_IN = 8,
    CTOME_MAZE_N_OUT = 4,
    CTOME_MAZE_PROBLEMS = 8,
    CTOME_MAZE_GOALS = 4,
};

typedef struct {
    size_t goal_steps;      /* default 20 */
    size_t delay_steps;     /* default 10 */
    size_t choice_steps;    /* default 20 */
    size_t loss_steps;      /* last steps carrying the loss; default 20 (the choice period) */
} ctome_maze_opts;

void ctome_maze_opts_default(ctome_maze_opts *o);

/* T = goal + delay + choice steps. */
size_t ctome_maze_steps(const ctome_maze_opts *o);

/* Problem p (0..7): goal index (0..3, cells 7/9/17/19), the two offered
 * directions and the answer (0 left, 1 up, 2 right, 3 down).  CTOME_EINVAL for
 * p >= 8. */
int ctome_maze_problem(size_t p, int *goal, int choices[2], int *answer);

/* Fill sequence b of bt with problem p (inputs, target and mask of every
 * step).  bt: CE, n_in 8, n_out 4, T = ctome_maze_steps(o).  Errors: a batch
 * of another shape, loss_steps 0 or > T (CTOME_EINVAL naming the field). */
int ctome_maze_fill(ctome_rnn_batch *bt, size_t b, size_t p, const ctome_maze_opts *o);

/* The task generator for train.h (ctx: const ctome_maze_opts *, or NULL for
 * the defaults): sequence b of batch `index` is problem
 * ctome_rng_below(8) of ctome_rng stream (seed, index), drawn in order b =
 * 0 .. B-1 (the authors draw problems uniformly, numpy randint(0, 8)). */
int ctome_maze_task(ctome_rnn_batch *bt, uint64_t seed, uint64_t index, void *ctx);

/* An evaluation batch: sequence b is problem b % 8 (so B = 8 k covers each
 * problem k times; add noise through the forward pass). */
int ctome_maze_fill_all(ctome_rnn_batch *bt, const ctome_maze_opts *o);

#endif
