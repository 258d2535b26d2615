/* maze_task.c — the seRNN one-step inference maze task (see maze_task.h). */
#include "maze_task.h"

#include <string.h>

#include "error.h"
#include "rng.h"

enum { LEFT = 0, UP = 1, RIGHT = 2, DOWN = 3 };

/* The authors' table (OneStepInference.import_maze_dic): goal cell, offered
 * directions, first step.  Goal cells 7, 9, 17, 19 are goal indices 0..3. */
static const struct {
    int goal, c0, c1, answer;
} PROBLEMS[CTOME_MAZE_PROBLEMS] = {
    {1, UP, LEFT, UP},       /* goal 9,  'ul', 'u' */
    {1, RIGHT, DOWN, RIGHT}, /* goal 9,  'rd', 'r' */
    {3, LEFT, DOWN, DOWN},   /* goal 19, 'ld', 'd' */
    {2, RIGHT, DOWN, DOWN},  /* goal 17, 'rd', 'd' */
    {2, UP, LEFT, LEFT},     /* goal 17, 'ul', 'l' */
    {0, UP, RIGHT, UP},      /* goal 7,  'ur', 'u' */
    {3, LEFT, RIGHT, RIGHT}, /* goal 19, 'lr', 'r' */
    {0, LEFT, RIGHT, LEFT},  /* goal 7,  'lr', 'l' */
};

void ctome_maze_opts_default(ctome_maze_opts *o)
{
    o->goal_steps = 20;
    o->delay_steps = 10;
    o->choice_steps = 20;
    o->loss_steps = 20;
}

size_t ctome_maze_steps(const ctome_maze_opts *o)
{
    return o->goal_steps + o->delay_steps + o->choice_steps;
}

int ctome_maze_problem(size_t p, int *goal, int choices[2], int *answer)
{
    if (p >= CTOME_MAZE_PROBLEMS)
        return ctome_error(CTOME_EINVAL, NULL, 0, "maze task: problem %zu (there are 8)", p);
    if (goal)
        *goal = PROBLEMS[p].goal;
    if (choices) {
        choices[0] = PROBLEMS[p].c0;
        choices[1] = PROBLEMS[p].c1;
    }
    if (answer)
        *answer = PROBLEMS[p].answer;
    return CTOME_OK;
}

static int check(const ctome_rnn_batch *bt, const ctome_maze_opts *o)
{
    size_t T = ctome_maze_steps(o);
    if (bt->n_in != CTOME_MAZE_N_IN || bt->n_out != CTOME_MAZE_N_OUT || bt->T != T ||
        bt->loss != CTOME_RNN_LOSS_CE || !bt->target)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "maze task: batch is T %zu, %zu inputs, %zu outputs; the task needs T %zu, "
                           "8 inputs, 4 outputs and cross-entropy",
                           bt->T, bt->n_in, bt->n_out, T);
    if (o->loss_steps == 0 || o->loss_steps > T)
        return ctome_error(CTOME_EINVAL, NULL, 0, "maze task: loss_steps %zu outside 1..%zu",
                           o->loss_steps, T);
    return CTOME_OK;
}

static void fill(ctome_rnn_batch *bt, size_t b, size_t p, const ctome_maze_opts *o)
{
    size_t T = bt->T, B = bt->B, t1 = o->goal_steps, t2 = t1 + o->delay_steps;
    for (size_t t = 0; t < T; t++) {
        float *x = bt->x + (t * B + b) * CTOME_MAZE_N_IN;
        memset(x, 0, CTOME_MAZE_N_IN * sizeof *x);
        if (t < t1)
            x[PROBLEMS[p].goal] = 1;
        else if (t >= t2) {
            x[4 + PROBLEMS[p].c0] = 1;
            x[4 + PROBLEMS[p].c1] = 1;
        }
        int on = t + o->loss_steps >= T;
        bt->target[t * B + b] = on ? PROBLEMS[p].answer : -1;
        bt->mask[t * B + b] = on ? 1.0f : 0.0f;
    }
}

int ctome_maze_fill(ctome_rnn_batch *bt, size_t b, size_t p, const ctome_maze_opts *o)
{
    ctome_maze_opts def;
    if (!o) {
        ctome_maze_opts_default(&def);
        o = &def;
    }
    int rc = check(bt, o);
    if (rc)
        return rc;
    if (b >= bt->B || p >= CTOME_MAZE_PROBLEMS)
        return ctome_error(CTOME_EINVAL, NULL, 0, "maze task: sequence %zu of %zu, problem %zu of 8",
                           b, bt->B, p);
    fill(bt, b, p, o);
    return CTOME_OK;
}

int ctome_maze_task(ctome_rnn_batch *bt, uint64_t seed, uint64_t index, void *ctx)
{
    ctome_maze_opts def;
    const ctome_maze_opts *o = ctx;
    if (!o) {
        ctome_maze_opts_default(&def);
        o = &def;
    }
    int rc = check(bt, o);
    if (rc)
        return rc;
    ctome_rng r;
    ctome_rng_seed(&r, seed, index);
    for (size_t b = 0; b < bt->B; b++)
        fill(bt, b, (size_t)ctome_rng_below(&r, CTOME_MAZE_PROBLEMS), o);
    return CTOME_OK;
}

int ctome_maze_fill_all(ctome_rnn_batch *bt, const ctome_maze_opts *o)
{
    ctome_maze_opts def;
    if (!o) {
        ctome_maze_opts_default(&def);
        o = &def;
    }
    int rc = check(bt, o);
    if (rc)
        return rc;
    for (size_t b = 0; b < bt->B; b++)
        fill(bt, b, b % CTOME_MAZE_PROBLEMS, o);
    return CTOME_OK;
}
