/* test_h5guard.c — the damaged-file guard when another thread is inside
 * HDF5 (the report's parts run side by side): the forked child inherits
 * HDF5's global lock held by a thread it does not have.  Before the child
 * reported its first HDF5 call back, it blocked until the wall-clock limit
 * and the guard called a sound file "damaged" (seen as a 90 s stall of
 * `ctome report`). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <hdf5.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "h5guard.h"

static void make_file(const char *path)
{
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(f >= 0);
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "g%d", i);
        hid_t g = H5Gcreate2(f, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        assert_true(g >= 0);
        H5Gclose(g);
    }
    H5Fclose(f);
}

static volatile int stop;

/* Runs inside H5Literate, i.e. with HDF5's global lock held. */
static herr_t slow_link(hid_t g, const char *name, const H5L_info_t *info, void *op)
{
    (void)g, (void)name, (void)info, (void)op;
    usleep(5000);
    return 0;
}

/* Holds HDF5's lock ~15 ms per call, letting go only between calls: the
 * guard's own HDF5 call before its fork gets in between, and the fork then
 * usually finds this thread back inside HDF5. */
static void *hold_hdf5(void *path)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    while (!stop)
        H5Literate(f, H5_INDEX_NAME, H5_ITER_INC, NULL, slow_link, NULL);
    H5Fclose(f);
    return NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

enum { N_FILES = 6 };

static void test_other_thread_inside_hdf5(void **state)
{
    (void)state;
    char a[] = "/tmp/ctome_h5guard_a_XXXXXX";
    char b[N_FILES][32];
    int fa = mkstemp(a);
    assert_true(fa >= 0);
    close(fa);
    make_file(a);
    for (int i = 0; i < N_FILES; i++) {
        snprintf(b[i], sizeof b[i], "/tmp/ctome_h5guard_b%d_XXXXXX", i);
        int fb = mkstemp(b[i]);   /* one file each: a checked file is not checked again */
        assert_true(fb >= 0);
        close(fb);
        make_file(b[i]);
    }
    /* base 1 s: wall-clock limit 4 x 1 + 10 = 14 s, which a child blocked
     * on the inherited lock would run out ("damaged" before the fix). */
    ctome_h5_guard_set_seconds(1);
    stop = 0;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, hold_hdf5, a), 0);
    usleep(20000);
    int bad = 0;
    double worst = 0;
    for (int i = 0; i < N_FILES; i++) {
        double t0 = now();
        int rc = ctome_h5_guard(b[i]);
        double dt = now() - t0;
        worst = dt > worst ? dt : worst;
        if (rc) {
            print_message("guard %d: %s\n", i, ctome_error_message());
            bad++;
        }
    }
    stop = 1;
    pthread_join(t, NULL);
    ctome_h5_guard_set_seconds(-1);
    assert_int_equal(bad, 0);
    assert_true(worst < 10.0);
    unlink(a);
    for (int i = 0; i < N_FILES; i++)
        unlink(b[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_other_thread_inside_hdf5),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
