/* test_init.c — ctome_init() keeps a host program's error handlers (issue 13
 * §4): a program that set its own GSL, igraph and HDF5 handlers still has
 * them after ctome_init, and they still run; the libraries' abort/print
 * defaults are replaced.  Each case runs in its own process state order:
 * host handlers first, then the defaults (reset by hand). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <hdf5.h>
#include <igraph.h>

#include "error.h"
#include "version.h"

static int gsl_calls;
static char gsl_reason[256];
static void host_gsl_handler(const char *reason, const char *file, int line, int gsl_errno)
{
    (void)file, (void)line, (void)gsl_errno;
    gsl_calls++;
    snprintf(gsl_reason, sizeof gsl_reason, "%s", reason);
}

static int igraph_calls;
static void host_igraph_handler(const char *reason, const char *file, int line, igraph_error_t e)
{
    (void)reason, (void)file, (void)line, (void)e;
    igraph_calls++;
    IGRAPH_FINALLY_FREE();
}

static void host_igraph_warning(const char *reason, const char *file, int line) { (void)reason, (void)file, (void)line; }

static herr_t host_h5_auto(hid_t stack, void *data)
{
    (void)stack;
    ++*(int *)data;
    return 0;
}

/* A GSL error: copying a 1 x 1 matrix into a 2 x 2 one (GSL_EBADLEN). */
static int copy_mismatched(void)
{
    gsl_matrix *a = gsl_matrix_calloc(2, 2), *b = gsl_matrix_calloc(1, 1);
    assert_non_null(a);
    assert_non_null(b);
    int rc = gsl_matrix_memcpy(a, b);
    gsl_matrix_free(a);
    gsl_matrix_free(b);
    return rc;
}

/* The host's handlers survive ctome_init and are the ones called. */
static void test_host_handlers_kept(void **state)
{
    (void)state;
    gsl_set_error_handler(host_gsl_handler);
    igraph_set_error_handler(host_igraph_handler);
    igraph_set_warning_handler(host_igraph_warning);
    int h5_calls = 0;
    H5Eset_auto2(H5E_DEFAULT, host_h5_auto, &h5_calls);

    ctome_init();

    assert_ptr_equal(gsl_set_error_handler(host_gsl_handler), host_gsl_handler);
    assert_ptr_equal(igraph_set_error_handler(host_igraph_handler), host_igraph_handler);
    assert_ptr_equal(igraph_set_warning_handler(host_igraph_warning), host_igraph_warning);
    H5E_auto2_t f = NULL;
    void *d = NULL;
    assert_true(H5Eget_auto2(H5E_DEFAULT, &f, &d) >= 0);
    assert_ptr_equal(f, host_h5_auto);
    assert_ptr_equal(d, &h5_calls);

    /* and they run: a GSL error (mismatched sizes), an igraph error (a vertex
     * id out of range) and an HDF5 error (a file that does not exist) */
    gsl_calls = 0;
    assert_int_equal(copy_mismatched(), GSL_EBADLEN);
    assert_int_equal(gsl_calls, 1);
    assert_non_null(strstr(gsl_reason, "sizes are different"));

    igraph_calls = 0;
    igraph_t g;
    assert_int_equal(igraph_empty(&g, 2, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
    igraph_vector_int_t nb;
    igraph_vector_int_init(&nb, 0);
    assert_int_not_equal(igraph_neighbors(&g, &nb, 5, IGRAPH_ALL), IGRAPH_SUCCESS);
    assert_int_equal(igraph_calls, 1);
    igraph_vector_int_destroy(&nb);
    igraph_destroy(&g);

    assert_true(H5Fopen("/nonexistent/ctome_test_init.h5", H5F_ACC_RDONLY, H5P_DEFAULT) < 0);
    assert_true(h5_calls >= 1);
}

/* The libraries' defaults (abort, print) are replaced: the same errors come
 * back as return codes and the test process lives on. */
static void test_defaults_replaced(void **state)
{
    (void)state;
    gsl_set_error_handler(NULL);                           /* GSL's default: abort */
    igraph_set_error_handler(igraph_error_handler_abort);  /* igraph's default */
    igraph_set_warning_handler(igraph_warning_handler_print);
    H5Eset_auto2(H5E_DEFAULT, (H5E_auto2_t)H5Eprint2, stderr);

    ctome_init();

    gsl_error_handler_t *ge = gsl_set_error_handler(NULL);
    assert_non_null(ge);                   /* not the aborting default */
    gsl_set_error_handler(ge);
    assert_int_equal(copy_mismatched(), GSL_EBADLEN);   /* returns instead of aborting */

    igraph_error_handler_t *ie = igraph_set_error_handler(igraph_error_handler_ignore);
    assert_ptr_equal(ie, igraph_error_handler_ignore);
    assert_ptr_equal(igraph_set_warning_handler(igraph_warning_handler_ignore), igraph_warning_handler_ignore);
    H5E_auto2_t f = (H5E_auto2_t)H5Eprint2;
    void *d = NULL;
    assert_true(H5Eget_auto2(H5E_DEFAULT, &f, &d) >= 0);
    assert_null(f);
}

/* ctome_error_handlers_off() still turns every handler off, the host's too. */
static void test_handlers_off_forces(void **state)
{
    (void)state;
    gsl_set_error_handler(host_gsl_handler);
    igraph_set_error_handler(host_igraph_handler);
    ctome_error_handlers_off();
    assert_ptr_not_equal(gsl_set_error_handler(NULL), host_gsl_handler);
    gsl_set_error_handler_off();
    assert_ptr_equal(igraph_set_error_handler(igraph_error_handler_ignore), igraph_error_handler_ignore);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_host_handlers_kept),
        cmocka_unit_test(test_defaults_replaced),
        cmocka_unit_test(test_handlers_off_forces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
