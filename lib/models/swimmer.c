/* swimmer.c — the dm_control N-link swimmer on MuJoCo 2.2.2 (swimmer.h).
 *
 * The MJCF text mirrors dm_control/suite/swimmer.xml and _make_model()
 * (data/models/dm_control_swimmer/, Apache-2.0, see data/SOURCES.md); it is
 * generated in memory and compiled through MuJoCo's virtual file system, so
 * the library needs no file at run time. */
#include "swimmer.h"

#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctome_features.h"
#include "error.h"
#include "rng.h"

#if CTOME_HAVE_MUJOCO
#include <mujoco/mujoco.h>

/* ---- MuJoCo error and warning hooks -------------------------------------
 * MuJoCo prints warnings and, without a user hook, exits on errors.  The
 * hooks keep the last message per thread; an error longjmps back to the
 * guarded call (only plain C engine code lies in between). */

static _Thread_local char mj_msg[512];
static _Thread_local jmp_buf *mj_jump;

static void hook_error(const char *msg)
{
    snprintf(mj_msg, sizeof mj_msg, "%s", msg);
    if (mj_jump)
        longjmp(*mj_jump, 1);
}

static void hook_warning(const char *msg) { snprintf(mj_msg, sizeof mj_msg, "%s", msg); }

static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;
static void hooks_install(void)
{
    mju_user_error = hook_error;
    mju_user_warning = hook_warning;
}

/* MuJoCo's XML compiler keeps global state (the last parsed model). */
static pthread_mutex_t compile_lock = PTHREAD_MUTEX_INITIALIZER;
#endif

/* ---- tasks --------------------------------------------------------------- */

int ctome_swim_task_parse(const char *name, ctome_swim_task *out)
{
    if (name && !strcmp(name, "swim")) {
        *out = CTOME_SWIM_TASK_SWIM;
        return CTOME_OK;
    }
    if (name && !strcmp(name, "navigate")) {
        *out = CTOME_SWIM_TASK_NAVIGATE;
        return CTOME_OK;
    }
    return ctome_error(CTOME_EINVAL, NULL, 0, "unknown swimmer task '%s' (expected swim or navigate)",
                       name ? name : "(null)");
}

const char *ctome_swim_task_name(ctome_swim_task t)
{
    return t == CTOME_SWIM_TASK_NAVIGATE ? "navigate" : "swim";
}

double ctome_swimmer_joint_limit(int n_joints) { return 2 * M_PI / (n_joints + 1); }

/* ---- MJCF generation ----------------------------------------------------- */

typedef struct {
    char *s;
    size_t len, cap;
    int failed;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = 1;
            return;
        }
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = 2 * b->cap + (size_t)n + 1;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->failed = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
}

/* swimmer.xml with common/visual.xml and common/materials.xml inlined.  The
 * checker texture of the ground and the skybox only matter for rendering and
 * cost ~12 MB per model, so they are left out (the ground keeps its material
 * without the texture). */
static const char XML_HEAD[] =
    "<mujoco model=\"swimmer\">\n"
    "  <visual>\n"
    "    <headlight ambient=\".4 .4 .4\" diffuse=\".8 .8 .8\" specular=\"0.1 0.1 0.1\"/>\n"
    "    <map znear=\".01\"/>\n"
    "    <quality shadowsize=\"2048\"/>\n"
    "  </visual>\n"
    "  <asset>\n"
    "    <material name=\"grid\" rgba=\".1 .2 .3 1\" reflectance=\".2\"/>\n"
    "    <material name=\"self\" rgba=\".7 .5 .3 1\"/>\n"
    "    <material name=\"self_default\" rgba=\".7 .5 .3 1\"/>\n"
    "    <material name=\"self_highlight\" rgba=\"0 .5 .3 1\"/>\n"
    "    <material name=\"effector\" rgba=\".7 .4 .2 1\"/>\n"
    "    <material name=\"effector_default\" rgba=\".7 .4 .2 1\"/>\n"
    "    <material name=\"effector_highlight\" rgba=\"0 .5 .3 1\"/>\n"
    "    <material name=\"decoration\" rgba=\".3 .5 .7 1\"/>\n"
    "    <material name=\"eye\" rgba=\"0 .2 1 1\"/>\n"
    "    <material name=\"target\" rgba=\".6 .3 .3 1\"/>\n"
    "    <material name=\"target_default\" rgba=\".6 .3 .3 1\"/>\n"
    "    <material name=\"target_highlight\" rgba=\".6 .3 .3 .4\"/>\n"
    "    <material name=\"site\" rgba=\".5 .5 .5 .3\"/>\n"
    "  </asset>\n"
    "  <option timestep=\"0.002\" density=\"3000\">\n"
    "    <flag contact=\"disable\"/>\n"
    "  </option>\n"
    "  <default>\n"
    "    <default class=\"swimmer\">\n"
    "      <joint type=\"hinge\" pos=\"0 -.05 0\" axis=\"0 0 1\" limited=\"true\" solreflimit=\".05 1\""
    " solimplimit=\"0 .8 .1\" armature=\"1e-6\"/>\n"
    "      <default class=\"inertial\">\n"
    "        <geom type=\"box\" size=\".001 .05 .01\" rgba=\"0 0 0 0\" mass=\".01\"/>\n"
    "      </default>\n"
    "      <default class=\"visual\">\n"
    "        <geom type=\"capsule\" size=\".01\" fromto=\"0 -.05 0 0 .05 0\" material=\"self\""
    " mass=\"0\"/>\n"
    "      </default>\n"
    "      <site size=\".01\" rgba=\"0 0 0 0\"/>\n"
    "    </default>\n"
    "    <default class=\"free\">\n"
    "      <joint limited=\"false\" stiffness=\"0\" armature=\"0\"/>\n"
    "    </default>\n"
    "    <motor gear=\"5e-4\" ctrllimited=\"true\" ctrlrange=\"-1 1\"/>\n"
    "  </default>\n"
    "  <worldbody>\n"
    "    <geom name=\"ground\" type=\"plane\" size=\"2 2 0.1\" material=\"grid\"/>\n"
    "    <body name=\"head\" pos=\"0 0 .05\" childclass=\"swimmer\">\n"
    "      <light name=\"light_1\" diffuse=\".8 .8 .8\" pos=\"0 0 1.5\"/>\n"
    "      <geom name=\"head\" type=\"ellipsoid\" size=\".02 .04 .017\" pos=\"0 -.022 0\""
    " material=\"self\" mass=\"0\"/>\n"
    "      <geom name=\"nose\" type=\"sphere\" pos=\"0 -.06 0\" size=\".004\" material=\"effector\""
    " mass=\"0\"/>\n"
    "      <geom name=\"eyes\" type=\"capsule\" fromto=\"-.006 -.054 .005 .006 -.054 .005\""
    " size=\".004\" material=\"eye\" mass=\"0\"/>\n";

/* The two tracking cameras, moved away by n_bodies / 6 as _make_model does. */
static void xml_cameras(sbuf *b, int n_bodies)
{
    double k = n_bodies / 6.0;
    sb_printf(b,
              "      <camera name=\"tracking1\" pos=\"%.17g %.17g %.17g\" xyaxes=\"1 0 0 0 1 1\""
              " mode=\"trackcom\" fovy=\"60\"/>\n",
              0 * k, -.2 * k, .5 * k);
    sb_printf(b,
              "      <camera name=\"tracking2\" pos=\"%.17g %.17g %.17g\" xyaxes=\"0 -1 0 .3 0 1\""
              " mode=\"trackcom\" fovy=\"60\"/>\n",
              -.9 * k, .5 * k, .15 * k);
    sb_printf(b, "      <camera name=\"eyes\" pos=\"0 -.058 .005\" xyaxes=\"-1 0 0 0 0 1\"/>\n");
}

static const char XML_HEAD_END[] =
    "      <joint name=\"rootx\" class=\"free\" type=\"slide\" axis=\"1 0 0\" pos=\"0 -.05 0\"/>\n"
    "      <joint name=\"rooty\" class=\"free\" type=\"slide\" axis=\"0 1 0\" pos=\"0 -.05 0\"/>\n"
    "      <joint name=\"rootz\" class=\"free\" type=\"hinge\" axis=\"0 0 1\" pos=\"0 -.05 0\"/>\n"
    "      <geom name=\"inertial\" class=\"inertial\"/>\n"
    "      <geom name=\"visual\" class=\"visual\"/>\n"
    "      <site name=\"head\"/>\n";

static const char XML_WORLD_END[] =
    "    <geom name=\"target\" type=\"sphere\" pos=\"1 1 .05\" size=\".1\" material=\"target\"/>\n"
    "    <light name=\"target_light\" diffuse=\"1 1 1\" pos=\"1 1 1.5\"/>\n"
    "  </worldbody>\n"
    "  <sensor>\n"
    "    <framepos name=\"nose_pos\" objtype=\"geom\" objname=\"nose\"/>\n"
    "    <framepos name=\"target_pos\" objtype=\"geom\" objname=\"target\"/>\n"
    "    <framexaxis name=\"head_xaxis\" objtype=\"xbody\" objname=\"head\"/>\n"
    "    <frameyaxis name=\"head_yaxis\" objtype=\"xbody\" objname=\"head\"/>\n"
    "    <velocimeter name=\"head_vel\" site=\"head\"/>\n"
    "    <gyro name=\"head_gyro\" site=\"head\"/>\n"
    "  </sensor>\n";

static int check_n_joints(int n_joints)
{
    if (n_joints < CTOME_SWIM_MIN_JOINTS)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "swimmer needs at least %d joints (%d bodies), got %d",
                           CTOME_SWIM_MIN_JOINTS, CTOME_SWIM_MIN_JOINTS + 1, n_joints);
    if (n_joints > CTOME_SWIM_MAX_JOINTS)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swimmer supports at most %d joints, got %d",
                           CTOME_SWIM_MAX_JOINTS, n_joints);
    return CTOME_OK;
}

int ctome_swimmer_xml(int n_joints, char **xml)
{
    *xml = NULL;
    int rc = check_n_joints(n_joints);
    if (rc)
        return rc;
    int n_bodies = n_joints + 1;
    double limit_deg = 360.0 / n_bodies;
    sbuf b = {0};
    sb_printf(&b, "%s", XML_HEAD);
    xml_cameras(&b, n_bodies);
    sb_printf(&b, "%s", XML_HEAD_END);
    /* Segment i nests in segment i-1 (the head for i = 0), 0.1 m behind it,
     * in the element order of _make_body plus site, joint. */
    for (int i = 0; i < n_joints; i++) {
        int ind = 6 + 2 * i;
        sb_printf(&b, "%*s<body name=\"segment_%d\" pos=\"0 .1 0\">\n", ind, "", i);
        sb_printf(&b, "%*s  <geom class=\"visual\" name=\"visual_%d\"/>\n", ind, "", i);
        sb_printf(&b, "%*s  <geom class=\"inertial\" name=\"inertial_%d\"/>\n", ind, "", i);
        sb_printf(&b, "%*s  <site name=\"site_%d\"/>\n", ind, "", i);
        sb_printf(&b, "%*s  <joint name=\"joint_%d\" range=\"%.17g %.17g\"/>\n", ind, "", i,
                  -limit_deg, limit_deg);
    }
    for (int i = n_joints - 1; i >= 0; i--)
        sb_printf(&b, "%*s</body>\n", 6 + 2 * i, "");
    sb_printf(&b, "    </body>\n%s", XML_WORLD_END);
    sb_printf(&b, "  <actuator>\n");
    for (int i = 0; i < n_joints; i++)
        sb_printf(&b, "    <motor name=\"motor_%d\" joint=\"joint_%d\"/>\n", i, i);
    sb_printf(&b, "  </actuator>\n  <sensor>\n");
    for (int i = 0; i < n_joints; i++) {
        sb_printf(&b, "    <velocimeter name=\"velocimeter_%d\" site=\"site_%d\"/>\n", i, i);
        sb_printf(&b, "    <gyro name=\"gyro_%d\" site=\"site_%d\"/>\n", i, i);
    }
    sb_printf(&b, "  </sensor>\n</mujoco>\n");
    if (b.failed) {
        free(b.s);
        return ctome_error_nomem();
    }
    *xml = b.s;
    return CTOME_OK;
}

#if CTOME_HAVE_MUJOCO
/* ---- the compiled model -------------------------------------------------- */

struct ctome_swimmer_model {
    mjModel *m;
    int n_joints;
    int qpos_root;        /* qpos address of rootx (rooty, rootz follow) */
    int *qpos_joint;      /* [n_joints] */
    int *dof_joint;       /* [n_joints] */
    int *body;            /* [n_joints + 1] body ids, head first */
    int *sens_vel;        /* [n_joints + 1] velocimeter sensordata address, head first */
    int *sens_gyro;       /* [n_joints + 1] gyro sensordata address */
    int nose_geom;
    double joint_lo, joint_hi;   /* radians */
};

static int name_id(const mjModel *m, int type, const char *name, int *id)
{
    *id = mj_name2id(m, type, name);
    if (*id < 0)
        return ctome_error(CTOME_ELIB, NULL, 0, "swimmer model lacks '%s'", name);
    return CTOME_OK;
}

static int sensor_adr(const mjModel *m, const char *name, int *adr)
{
    int id;
    int rc = name_id(m, mjOBJ_SENSOR, name, &id);
    if (!rc)
        *adr = m->sensor_adr[id];
    return rc;
}

/* Look up every address the environment reads, by name. */
static int model_index(ctome_swimmer_model *sm)
{
    const mjModel *m = sm->m;
    int n = sm->n_joints;
    sm->qpos_joint = malloc((size_t)n * sizeof(int));
    sm->dof_joint = malloc((size_t)n * sizeof(int));
    sm->body = malloc((size_t)(n + 1) * sizeof(int));
    sm->sens_vel = malloc((size_t)(n + 1) * sizeof(int));
    sm->sens_gyro = malloc((size_t)(n + 1) * sizeof(int));
    if (!sm->qpos_joint || !sm->dof_joint || !sm->body || !sm->sens_vel || !sm->sens_gyro)
        return ctome_error_nomem();
    int id, rc;
    if ((rc = name_id(m, mjOBJ_JOINT, "rootx", &id)))
        return rc;
    sm->qpos_root = m->jnt_qposadr[id];
    if ((rc = name_id(m, mjOBJ_GEOM, "nose", &sm->nose_geom)) ||
        (rc = name_id(m, mjOBJ_BODY, "head", &sm->body[0])) ||
        (rc = sensor_adr(m, "head_vel", &sm->sens_vel[0])) ||
        (rc = sensor_adr(m, "head_gyro", &sm->sens_gyro[0])))
        return rc;
    char name[64];
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "joint_%d", i);
        if ((rc = name_id(m, mjOBJ_JOINT, name, &id)))
            return rc;
        sm->qpos_joint[i] = m->jnt_qposadr[id];
        sm->dof_joint[i] = m->jnt_dofadr[id];
        if (i == 0) {
            sm->joint_lo = m->jnt_range[2 * id];
            sm->joint_hi = m->jnt_range[2 * id + 1];
        }
        snprintf(name, sizeof name, "segment_%d", i);
        if ((rc = name_id(m, mjOBJ_BODY, name, &sm->body[i + 1])))
            return rc;
        snprintf(name, sizeof name, "velocimeter_%d", i);
        if ((rc = sensor_adr(m, name, &sm->sens_vel[i + 1])))
            return rc;
        snprintf(name, sizeof name, "gyro_%d", i);
        if ((rc = sensor_adr(m, name, &sm->sens_gyro[i + 1])))
            return rc;
    }
    return CTOME_OK;
}

/* MuJoCo's compile messages span several lines; error messages are one. */
static void one_line(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        char c = *r == '\n' || *r == '\r' || *r == '\t' ? ' ' : *r;
        if (c == ' ' && (w == s || w[-1] == ' '))
            continue;
        *w++ = c;
    }
    while (w > s && w[-1] == ' ')
        w--;
    *w = '\0';
}

/* Compile an MJCF string held in memory through a heap-allocated VFS (the
 * struct is ~2 MB, too big for a thread's stack). */
static int compile_xml(const char *xml, mjModel **out)
{
    *out = NULL;
    mjVFS *vfs = malloc(sizeof *vfs);
    if (!vfs)
        return ctome_error_nomem();
    mj_defaultVFS(vfs);
    const char *fname = "swimmer.xml";
    int len = (int)strlen(xml);
    if (mj_makeEmptyFileVFS(vfs, fname, len) != 0) {
        free(vfs);
        return ctome_error(CTOME_ELIB, NULL, 0, "MuJoCo: cannot create the in-memory model file");
    }
    memcpy(vfs->filedata[mj_findFileVFS(vfs, fname)], xml, (size_t)len);
    char err[1000] = "";
    pthread_mutex_lock(&compile_lock);
    mjModel *m = mj_loadXML(fname, vfs, err, sizeof err);
    pthread_mutex_unlock(&compile_lock);
    mj_deleteVFS(vfs);
    free(vfs);
    one_line(err);
    if (!m)
        return ctome_error(CTOME_ELIB, NULL, 0, "MuJoCo cannot compile the swimmer model: %s",
                           err[0] ? err : mj_msg);
    *out = m;
    return CTOME_OK;
}

int ctome_swimmer_model_create_xml(ctome_swimmer_model **out, int n_joints, const char *xml)
{
    *out = NULL;
    int rc = check_n_joints(n_joints);
    if (rc)
        return rc;
    pthread_once(&hooks_once, hooks_install);
    ctome_swimmer_model *sm = calloc(1, sizeof *sm);
    if (!sm)
        return ctome_error_nomem();
    sm->n_joints = n_joints;
    rc = compile_xml(xml, &sm->m);
    if (!rc && sm->m->nu != n_joints)
        rc = ctome_error(CTOME_EINVAL, NULL, 0, "swimmer model has %d motors for %d joints",
                         sm->m->nu, n_joints);
    if (!rc)
        rc = model_index(sm);
    if (rc) {
        ctome_swimmer_model_free(sm);
        return rc;
    }
    *out = sm;
    return CTOME_OK;
}

int ctome_swimmer_model_create(ctome_swimmer_model **out, int n_joints)
{
    *out = NULL;
    char *xml;
    int rc = ctome_swimmer_xml(n_joints, &xml);
    if (rc)
        return rc;
    rc = ctome_swimmer_model_create_xml(out, n_joints, xml);
    free(xml);
    return rc;
}

void ctome_swimmer_model_free(ctome_swimmer_model *sm)
{
    if (!sm)
        return;
    if (sm->m)
        mj_deleteModel(sm->m);
    free(sm->qpos_joint);
    free(sm->dof_joint);
    free(sm->body);
    free(sm->sens_vel);
    free(sm->sens_gyro);
    free(sm);
}

int ctome_swimmer_model_n_joints(const ctome_swimmer_model *sm) { return sm->n_joints; }

void ctome_swimmer_model_counts(const ctome_swimmer_model *sm, int *njnt, int *nu, int *nsensor,
                                int *nbody)
{
    if (njnt)
        *njnt = sm->m->njnt;
    if (nu)
        *nu = sm->m->nu;
    if (nsensor)
        *nsensor = sm->m->nsensor;
    if (nbody)
        *nbody = sm->m->nbody;
}

#endif

/* ---- observations -------------------------------------------------------- */

void ctome_swim_obs_layout_get(int n_joints, ctome_swim_obs_layout *L)
{
    size_t n = (size_t)n_joints;
    L->joints = 0;
    L->joint_vel = n;
    L->to_target = 2 * n;
    L->body_vel = 2 * n + 2;
    L->nose = L->body_vel + 3 * (n + 1);
    L->size = L->nose + 2;
}

#if CTOME_HAVE_MUJOCO
/* ---- one environment ------------------------------------------------------ */

struct ctome_swimmer {
    const ctome_swimmer_model *sm;
    mjData *d;
    ctome_swim_task task;
    int n_steps;
    int t;            /* control steps since the reset */
    int ready;        /* reset and not broken by an error */
    double target[2]; /* world x, y of the target (z = .05 like the geom) */
};

int ctome_swimmer_create(ctome_swimmer **out, const ctome_swimmer_model *sm, ctome_swim_task task,
                         int n_steps)
{
    *out = NULL;
    if (task != CTOME_SWIM_TASK_SWIM && task != CTOME_SWIM_TASK_NAVIGATE)
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown swimmer task %d", (int)task);
    if (n_steps < 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "episode length must be >= 0 steps, got %d",
                           n_steps);
    ctome_swimmer *s = calloc(1, sizeof *s);
    if (!s)
        return ctome_error_nomem();
    s->sm = sm;
    s->task = task;
    s->n_steps = n_steps ? n_steps : CTOME_SWIM_STEPS;
    jmp_buf jb;
    mj_jump = &jb;
    if (setjmp(jb)) {
        mj_jump = NULL;
        free(s);
        return ctome_error(CTOME_ELIB, NULL, 0, "MuJoCo cannot allocate the simulation state: %s",
                           mj_msg);
    }
    s->d = mj_makeData(sm->m);
    mj_jump = NULL;
    if (!s->d) {
        free(s);
        return ctome_error_nomem();
    }
    *out = s;
    return CTOME_OK;
}

void ctome_swimmer_free(ctome_swimmer *s)
{
    if (!s)
        return;
    if (s->d)
        mj_deleteData(s->d);
    free(s);
}

const ctome_swimmer_model *ctome_swimmer_model_of(const ctome_swimmer *s) { return s->sm; }
int ctome_swimmer_n_joints(const ctome_swimmer *s) { return s->sm->n_joints; }
ctome_swim_task ctome_swimmer_task(const ctome_swimmer *s) { return s->task; }
int ctome_swimmer_n_steps(const ctome_swimmer *s) { return s->n_steps; }
int ctome_swimmer_done(const ctome_swimmer *s) { return s->t >= s->n_steps; }
int ctome_swimmer_step_count(const ctome_swimmer *s) { return s->t; }

/* numpy's uniform(lo, hi) = lo + (hi - lo) u. */
static double uniform(ctome_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * ctome_rng_uniform(r);
}

int ctome_swimmer_reset(ctome_swimmer *s, uint64_t seed)
{
    const ctome_swimmer_model *sm = s->sm;
    const mjModel *m = sm->m;
    mjData *d = s->d;
    mj_resetData(m, d);
    ctome_rng r;
    ctome_rng_seed(&r, seed, 0);
    /* randomize_limited_and_rotational_joints in joint order: the unlimited
     * slides stay at 0, the unlimited root hinge is uniform in [-pi, pi),
     * each limited hinge uniform in its range. */
    d->qpos[sm->qpos_root + 2] = uniform(&r, -M_PI, M_PI);
    for (int i = 0; i < sm->n_joints; i++)
        d->qpos[sm->qpos_joint[i]] = uniform(&r, sm->joint_lo, sm->joint_hi);
    /* initialize_episode's target: close (20%) or anywhere in the arena. */
    double box = ctome_rng_uniform(&r) < .2 ? .3 : 2;
    s->target[0] = uniform(&r, -box, box);
    s->target[1] = uniform(&r, -box, box);
    s->t = 0;
    s->ready = 0;
    jmp_buf jb;
    mj_jump = &jb;
    if (setjmp(jb)) {
        mj_jump = NULL;
        return ctome_error(CTOME_ELIB, NULL, 0, "MuJoCo error at reset: %s", mj_msg);
    }
    mj_forward(m, d);
    mj_jump = NULL;
    s->ready = 1;
    return CTOME_OK;
}

/* Any MuJoCo warning counter raised (bad qacc after a blow-up, ...). */
static int warned(const mjData *d)
{
    for (int i = 0; i < mjNWARNING; i++)
        if (d->warning[i].number)
            return 1;
    return 0;
}

int ctome_swimmer_step(ctome_swimmer *s, const double *torques, double *reward)
{
    if (!s->ready)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swimmer stepped before reset (or after an error)");
    if (s->t >= s->n_steps)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swimmer episode is over after %d steps",
                           s->n_steps);
    const ctome_swimmer_model *sm = s->sm;
    const mjModel *m = sm->m;
    mjData *d = s->d;
    for (int i = 0; i < sm->n_joints; i++) {
        double u = torques[i];
        if (isnan(u))
            return ctome_error(CTOME_EVALUE, NULL, 0, "torque of joint %d is NaN at step %d", i,
                               s->t);
        d->ctrl[i] = u < -1 ? -1 : u > 1 ? 1 : u;
    }
    jmp_buf jb;
    mj_jump = &jb;
    if (setjmp(jb)) {
        mj_jump = NULL;
        s->ready = 0;
        return ctome_error(CTOME_ELIB, NULL, 0, "MuJoCo error at step %d: %s", s->t, mj_msg);
    }
    /* dm_control's legacy stepping: finish the step (mj_step2) then update
     * positions, velocities and sensors of the new state (mj_step1), so the
     * observation and reward read after the step are those of the new state. */
    for (int k = 0; k < CTOME_SWIM_SUBSTEPS; k++) {
        mj_step2(m, d);
        mj_step1(m, d);
    }
    mj_jump = NULL;
    if (warned(d)) {
        s->ready = 0;
        return ctome_error(CTOME_ELIB, NULL, 0, "MuJoCo: the swimmer simulation became unstable at "
                           "step %d: %s", s->t, mj_msg);
    }
    s->t++;
    if (reward)
        *reward = ctome_swimmer_reward(s);
    return CTOME_OK;
}

/* ---- state read-outs ------------------------------------------------------ */

void ctome_swimmer_joints(const ctome_swimmer *s, double *q)
{
    for (int i = 0; i < s->sm->n_joints; i++)
        q[i] = s->d->qpos[s->sm->qpos_joint[i]];
}

double ctome_swimmer_forward_velocity(const ctome_swimmer *s)
{
    /* The nose lies on the head's -y axis. */
    return -s->d->sensordata[s->sm->sens_vel[0] + 1];
}

void ctome_swimmer_nose(const ctome_swimmer *s, double xy[2])
{
    const double *p = s->d->geom_xpos + 3 * s->sm->nose_geom;
    xy[0] = p[0];
    xy[1] = p[1];
}

void ctome_swimmer_target(const ctome_swimmer *s, double xy[2])
{
    xy[0] = s->target[0];
    xy[1] = s->target[1];
}

/* dm_control's nose_to_target: (target - nose) . xmat_head, first two. */
static void nose_to_target_local(const ctome_swimmer *s, double v[2])
{
    const double *p = s->d->geom_xpos + 3 * s->sm->nose_geom;
    const double *R = s->d->xmat + 9 * s->sm->body[0];
    double w[3] = {s->target[0] - p[0], s->target[1] - p[1], .05 - p[2]};
    for (int j = 0; j < 2; j++)
        v[j] = w[0] * R[j] + w[1] * R[3 + j] + w[2] * R[6 + j];
}

double ctome_swimmer_nose_to_target(const ctome_swimmer *s)
{
    double v[2];
    nose_to_target_local(s, v);
    return hypot(v[0], v[1]);
}

/* Point at local (0, y, 0) of body b in world x, y. */
static void body_point(const mjData *d, int b, double y, double *xy)
{
    const double *p = d->xpos + 3 * b, *R = d->xmat + 9 * b;
    xy[0] = p[0] + R[1] * y;
    xy[1] = p[1] + R[4] * y;
}

void ctome_swimmer_body_points(const ctome_swimmer *s, double *xy)
{
    const ctome_swimmer_model *sm = s->sm;
    int n = sm->n_joints;
    /* Each body's capsule spans local y in [-.05, .05]; the joint of segment i
     * sits at its front end (y = -.05). */
    for (int b = 0; b <= n; b++)
        body_point(s->d, sm->body[b], -.05, xy + 2 * b);
    body_point(s->d, sm->body[n], .05, xy + 2 * (n + 1));
}

double ctome_swimmer_reward(const ctome_swimmer *s)
{
    if (s->task == CTOME_SWIM_TASK_SWIM) {
        double r = ctome_swimmer_forward_velocity(s) / CTOME_SWIM_TARGET_SPEED;
        return r < 0 ? 0 : r > 1 ? 1 : r;
    }
    /* rewards.tolerance(d, bounds=(0, size), margin=5 size, sigmoid='long_tail',
     * value_at_margin=0.1): 1 / ((x scale)^2 + 1), scale = sqrt(1/0.1 - 1) = 3. */
    const double size = .1, margin = 5 * size;
    double dist = ctome_swimmer_nose_to_target(s);
    if (dist <= size)
        return 1;
    double x = (dist - size) / margin * 3;
    return 1 / (x * x + 1);
}

void ctome_swimmer_observe(const ctome_swimmer *s, double *obs)
{
    const ctome_swimmer_model *sm = s->sm;
    const mjData *d = s->d;
    int n = sm->n_joints;
    ctome_swim_obs_layout L;
    ctome_swim_obs_layout_get(n, &L);
    for (int i = 0; i < n; i++) {
        obs[L.joints + (size_t)i] = d->qpos[sm->qpos_joint[i]];
        obs[L.joint_vel + (size_t)i] = d->qvel[sm->dof_joint[i]];
    }
    if (s->task == CTOME_SWIM_TASK_NAVIGATE)
        nose_to_target_local(s, obs + L.to_target);
    else
        obs[L.to_target] = obs[L.to_target + 1] = 0;
    for (int b = 0; b <= n; b++) {
        const double *v = d->sensordata + sm->sens_vel[b], *w = d->sensordata + sm->sens_gyro[b];
        double *o = obs + L.body_vel + 3 * (size_t)b;
        o[0] = v[0];
        o[1] = v[1];
        o[2] = w[2];
    }
    ctome_swimmer_nose(s, obs + L.nose);
}

#else /* !CTOME_HAVE_MUJOCO: no body to simulate; nothing can be created. */

struct ctome_swimmer_model {
    int n_joints;
};
struct ctome_swimmer {
    int n_joints;
};

static int no_mujoco(void) { return ctome_error_feature(NULL, "the swimmer body", "MuJoCo", "mujoco"); }

int ctome_swimmer_model_create_xml(ctome_swimmer_model **out, int n_joints, const char *xml)
{
    (void)n_joints;
    (void)xml;
    *out = NULL;
    return no_mujoco();
}
int ctome_swimmer_model_create(ctome_swimmer_model **out, int n_joints)
{
    return ctome_swimmer_model_create_xml(out, n_joints, NULL);
}
void ctome_swimmer_model_free(ctome_swimmer_model *sm) { free(sm); }
int ctome_swimmer_model_n_joints(const ctome_swimmer_model *sm) { return sm->n_joints; }
void ctome_swimmer_model_counts(const ctome_swimmer_model *sm, int *njnt, int *nu, int *nsensor,
                                int *nbody)
{
    (void)sm;
    int *v[] = {njnt, nu, nsensor, nbody};
    for (int k = 0; k < 4; k++)
        if (v[k])
            *v[k] = 0;
}
int ctome_swimmer_create(ctome_swimmer **out, const ctome_swimmer_model *sm, ctome_swim_task task,
                         int n_steps)
{
    (void)sm;
    (void)task;
    (void)n_steps;
    *out = NULL;
    return no_mujoco();
}
/* The rest takes a swimmer, which this build never makes. */
void ctome_swimmer_free(ctome_swimmer *s) { free(s); }
const ctome_swimmer_model *ctome_swimmer_model_of(const ctome_swimmer *s) { (void)s; return NULL; }
int ctome_swimmer_n_joints(const ctome_swimmer *s) { return s->n_joints; }
ctome_swim_task ctome_swimmer_task(const ctome_swimmer *s) { (void)s; return CTOME_SWIM_TASK_SWIM; }
int ctome_swimmer_n_steps(const ctome_swimmer *s) { (void)s; return 0; }
int ctome_swimmer_done(const ctome_swimmer *s) { (void)s; return 1; }
int ctome_swimmer_step_count(const ctome_swimmer *s) { (void)s; return 0; }
int ctome_swimmer_reset(ctome_swimmer *s, uint64_t seed) { (void)s; (void)seed; return no_mujoco(); }
int ctome_swimmer_step(ctome_swimmer *s, const double *torques, double *reward)
{
    (void)s;
    (void)torques;
    (void)reward;
    return no_mujoco();
}
void ctome_swimmer_observe(const ctome_swimmer *s, double *obs) { (void)s; (void)obs; }
void ctome_swimmer_joints(const ctome_swimmer *s, double *q) { (void)s; (void)q; }
double ctome_swimmer_forward_velocity(const ctome_swimmer *s) { (void)s; return 0; }
void ctome_swimmer_nose(const ctome_swimmer *s, double xy[2]) { (void)s; xy[0] = xy[1] = 0; }
void ctome_swimmer_target(const ctome_swimmer *s, double xy[2]) { (void)s; xy[0] = xy[1] = 0; }
double ctome_swimmer_nose_to_target(const ctome_swimmer *s) { (void)s; return 0; }
void ctome_swimmer_body_points(const ctome_swimmer *s, double *xy) { (void)s; (void)xy; }
double ctome_swimmer_reward(const ctome_swimmer *s) { (void)s; return 0; }

#endif /* CTOME_HAVE_MUJOCO */
