/* swimmer.h — the DeepMind Control Suite planar swimmer in MuJoCo.
 *
 * A chain of n_joints + 1 rigid bodies (the head, then segment_0 ..
 * segment_{n_joints-1}) floating in a viscous-free dense fluid (MuJoCo's
 * inertia-box fluid model, density 3000), built exactly the way
 * dm_control/suite/swimmer.py (_make_model) builds it from swimmer.xml
 * (Tassa et al. 2018, arXiv:1801.00690; MuJoCo: Todorov, Erez & Tassa 2012,
 * IROS): every segment is 0.1 m behind its parent, hinge joint_i (between
 * the head side and segment_i) has range +-360/(n_joints+1) degrees, motor_i
 * drives joint_i (gear 5e-4, control in [-1, 1]), and every segment carries
 * a velocimeter and a gyro.  The nose (the head's front tip) points to the
 * head body's local -y axis, so "forward" is -y in the head frame.
 *
 * Units: metres, seconds, radians.  Physics step 0.002 s (Euler), one
 * control step = 15 physics steps = 0.03 s, an episode = 1000 control
 * steps (30 s of simulated time) unless the caller asks for another length.
 *
 * Joint sign: positive joint angle = dorsal bending (the NCAP convention;
 * ncap.h), and a positive control on motor_i pushes joint_i towards
 * positive angles.
 *
 * Tasks (reward per control step, computed on the state after the step):
 *   SWIM      clip(v_forward / 0.1, 0, 1) with v_forward = -(head velocimeter
 *             y), the head's forward speed in its own frame (the NCAP paper's
 *             swim task: dm_control's tolerance(v, bounds=(0.1, inf),
 *             margin=0.1, sigmoid='linear', value_at_margin=0)).
 *   NAVIGATE  dm_control's swimmer reward: tolerance(d, bounds=(0, 0.1),
 *             margin=0.5, sigmoid='long_tail') = 1 / (1 + (3 (d - 0.1)/0.5)^2)
 *             for d > 0.1 and 1 inside the target; d = nose-to-target distance.
 *
 * Start state (ctome_swimmer_reset, as dm_control's initialize_episode and
 * randomizers.randomize_limited_and_rotational_joints): the heading (root
 * hinge) uniform in [-pi, pi), every joint uniform in its range, root
 * position 0, all velocities 0; then the target: with probability 0.2 a
 * "close" target uniform in [-0.3, 0.3]^2, otherwise uniform in [-2, 2]^2.
 * The same draws are made for both tasks, so a seed gives the same body
 * start whatever the task.  The target is kept in the per-worker state (not
 * in the shared mjModel), so several workers can share one model.
 *
 * Threads: a ctome_swimmer_model (the compiled mjModel) is read-only after
 * creation and may be shared by any number of threads; each thread uses its
 * own ctome_swimmer (its own mjData).  Model creation is serialised
 * internally (MuJoCo's XML compiler is not re-entrant).  Create the models
 * before starting worker threads: while it compiles, MuJoCo 2.2.2 swaps the
 * process-wide error handler for its own, which would misroute an engine
 * error raised meanwhile in another thread.
 *
 * Errors: MuJoCo's compile errors, its warnings (e.g. an unstable simulation
 * that MuJoCo resets) and its fatal errors are turned into ctome_error
 * messages; nothing is printed.  Cost: one control step is 15 mj_step calls,
 * O(n_joints) each (a chain; no contacts).
 */
#ifndef CTOME_SWIMMER_H
#define CTOME_SWIMMER_H

#include <stddef.h>
#include <stdint.h>

#define CTOME_SWIM_MIN_JOINTS 2      /* dm_control needs >= 3 bodies */
#define CTOME_SWIM_MAX_JOINTS 100    /* bounds the generated XML; no physical reason */
#define CTOME_SWIM_STEPS 1000        /* control steps per episode (30 s) */
#define CTOME_SWIM_SUBSTEPS 15       /* physics steps per control step */
#define CTOME_SWIM_DT 0.03           /* control step, s */
#define CTOME_SWIM_PHYSICS_DT 0.002  /* physics step, s */
#define CTOME_SWIM_TARGET_SPEED 0.1  /* m/s giving reward 1 in the swim task */

typedef enum {
    CTOME_SWIM_TASK_SWIM = 0,    /* forward head speed */
    CTOME_SWIM_TASK_NAVIGATE     /* reach the target (dm_control swimmer) */
} ctome_swim_task;

/* "swim" / "navigate" -> task.  Unknown name: CTOME_EINVAL naming it. */
int ctome_swim_task_parse(const char *name, ctome_swim_task *out);
const char *ctome_swim_task_name(ctome_swim_task t);

/* ---- the model (shared, read-only) ------------------------------------ */

typedef struct ctome_swimmer_model ctome_swimmer_model;

/* The MJCF text of the n_joints swimmer (NUL-terminated, caller frees):
 * swimmer.xml of dm_control with its includes inlined (materials only; the
 * skybox and checker textures, which only rendering uses, are dropped) and
 * the segments, joints, motors and sensors appended.  n_joints outside
 * [CTOME_SWIM_MIN_JOINTS, CTOME_SWIM_MAX_JOINTS]: CTOME_EINVAL. */
int ctome_swimmer_xml(int n_joints, char **xml);

/* Compile the swimmer with n_joints joints (n_joints + 1 bodies) through
 * MuJoCo's virtual file system.  Errors: n_joints out of range (CTOME_EINVAL,
 * "swimmer needs at least 2 joints (3 bodies), got 1"), a MuJoCo compile
 * error (CTOME_ELIB with MuJoCo's message), no memory. */
int ctome_swimmer_model_create(ctome_swimmer_model **out, int n_joints);
/* Compile caller-edited MJCF text (e.g. ctome_swimmer_xml's output with
 * another density or viscosity) for an n_joints swimmer.  It must keep the
 * names the environment reads (head, nose, rootx, joint_i, segment_i,
 * head_vel, head_gyro, velocimeter_i, gyro_i).  Errors: MuJoCo's compile
 * message (CTOME_ELIB), a missing name (CTOME_ELIB naming it), n_joints out
 * of range, or nu != n_joints (CTOME_EINVAL). */
int ctome_swimmer_model_create_xml(ctome_swimmer_model **out, int n_joints, const char *xml);
void ctome_swimmer_model_free(ctome_swimmer_model *m);

int ctome_swimmer_model_n_joints(const ctome_swimmer_model *m);
/* Counts read back from the compiled mjModel (tests check them against
 * n_joints): joints (3 root + n_joints hinges), actuators (n_joints),
 * sensors (6 + 2 n_joints), bodies (world + n_joints + 1). */
void ctome_swimmer_model_counts(const ctome_swimmer_model *m, int *njnt, int *nu, int *nsensor,
                                int *nbody);
/* Joint limit in radians: 2 pi / (n_joints + 1). */
double ctome_swimmer_joint_limit(int n_joints);

/* ---- observations ------------------------------------------------------ */

/* Layout of the observation vector (ctome_swimmer_observe), offsets into it.
 * Everything the MLP baseline sees; NCAP reads only `joints`. */
typedef struct {
    size_t joints;      /* n_joints joint angles, rad (dm_control "joints") */
    size_t joint_vel;   /* n_joints joint angular velocities, rad/s */
    size_t to_target;   /* 2: nose-to-target vector in the head frame, m
                         * (dm_control "to_target"); zeros in the swim task */
    size_t body_vel;    /* 3 (n_joints + 1): per body, head first, the local
                         * vx, vy (m/s) and wz (rad/s) (dm_control
                         * "body_velocities"); the first triple is the head
                         * velocity, forward speed = -vy */
    size_t nose;        /* 2: nose position x, y in the world frame, m */
    size_t size;        /* total: 5 n_joints + 7 */
} ctome_swim_obs_layout;

void ctome_swim_obs_layout_get(int n_joints, ctome_swim_obs_layout *L);

/* ---- one worker's environment ------------------------------------------ */

typedef struct ctome_swimmer ctome_swimmer;

/* A new environment on model m (borrowed; must outlive it) for `task`, with
 * episodes of n_steps control steps (0 = CTOME_SWIM_STEPS).  It must be reset
 * before the first step.  Errors: n_steps < 0, a bad task (CTOME_EINVAL). */
int ctome_swimmer_create(ctome_swimmer **out, const ctome_swimmer_model *m, ctome_swim_task task,
                         int n_steps);
void ctome_swimmer_free(ctome_swimmer *s);

const ctome_swimmer_model *ctome_swimmer_model_of(const ctome_swimmer *s);
int ctome_swimmer_n_joints(const ctome_swimmer *s);
ctome_swim_task ctome_swimmer_task(const ctome_swimmer *s);
int ctome_swimmer_n_steps(const ctome_swimmer *s);

/* Start a new episode from the seeded dm_control start state (see top).  The
 * same seed gives the same start (and, with a deterministic policy, the same
 * episode bit for bit).  Uses ctome_rng stream 0 of `seed`. */
int ctome_swimmer_reset(ctome_swimmer *s, uint64_t seed);

/* One control step: torques (n_joints values) clipped to [-1, 1] into the
 * motors, 15 physics steps, then the reward of the new state into *reward
 * (may be NULL).  Errors: not reset, episode already done (CTOME_EINVAL); a
 * NaN torque (CTOME_EVALUE naming the joint); MuJoCo instability or a
 * MuJoCo error (CTOME_ELIB with its message and the step number). */
int ctome_swimmer_step(ctome_swimmer *s, const double *torques, double *reward);

/* 1 when n_steps control steps have been taken since the reset. */
int ctome_swimmer_done(const ctome_swimmer *s);
/* Control steps taken since the reset. */
int ctome_swimmer_step_count(const ctome_swimmer *s);

/* The full observation (layout above) of the current state. */
void ctome_swimmer_observe(const ctome_swimmer *s, double *obs);

/* Pieces of the state (all of the current state): */
void ctome_swimmer_joints(const ctome_swimmer *s, double *q);          /* n_joints, rad */
double ctome_swimmer_forward_velocity(const ctome_swimmer *s);         /* m/s, head frame */
void ctome_swimmer_nose(const ctome_swimmer *s, double xy[2]);         /* world, m */
void ctome_swimmer_target(const ctome_swimmer *s, double xy[2]);       /* world, m */
double ctome_swimmer_nose_to_target(const ctome_swimmer *s);           /* distance, m */
/* The body's centre line for drawing: n_joints + 2 world points (x, y),
 * the front end of the head's capsule, every joint, the tail tip. */
void ctome_swimmer_body_points(const ctome_swimmer *s, double *xy);
/* Reward of the current state for the environment's task. */
double ctome_swimmer_reward(const ctome_swimmer *s);

#endif
