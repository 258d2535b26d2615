/* test_parerr.c — the first error of a parallel loop (lib/core/parerr.c):
 * the lowest failing index wins whatever the thread that hit it, its own
 * message is kept, and the loop sees the stop flag. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "ctome.h"
#include "parerr.h"

/* Items 7 and 3 of 10 fail with their own messages, on 2 threads. */
static void test_lowest_index_wins(void **state)
{
    (void)state;
    ctome_parerr e;
    ctome_parerr_init(&e);
    assert_int_equal(ctome_parerr_stopped(&e), 0);
#pragma omp parallel for num_threads(2) schedule(static, 1)
    for (size_t i = 0; i < 10; i++)
        if (i == 7 || i == 3)
            ctome_parerr_set(&e, i, ctome_error(i == 3 ? CTOME_EVALUE : CTOME_EIO, NULL, 0, "item %zu broke", i));
    assert_int_equal(ctome_parerr_stopped(&e), 1);
    assert_int_equal(e.index, 3);
    assert_int_equal(ctome_parerr_report(&e, "replicate", 10), CTOME_EVALUE);
    assert_string_equal(ctome_error_message(), "replicate 4 of 10: item 3 broke");
    assert_int_equal(ctome_parerr_report(&e, NULL, 10), CTOME_EVALUE);
    assert_string_equal(ctome_error_message(), "item 3 broke");
    ctome_error_clear();
}

static void test_no_error(void **state)
{
    (void)state;
    ctome_parerr e;
    ctome_parerr_init(&e);
    assert_int_equal(ctome_parerr_report(&e, "null", 5), CTOME_OK);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lowest_index_wins),
        cmocka_unit_test(test_no_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
