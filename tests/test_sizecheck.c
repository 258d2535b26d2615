/* test_sizecheck.c — checked sizes and the memory ceiling
 * (lib/core/sizecheck.c).  Expected values are worked by hand: bytes are
 * count x element size, shown in powers of 1024. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ctome.h"
#include "sizecheck.h"

static void test_mul_overflow(void **state)
{
    (void)state;
    size_t r = 7;
    assert_int_equal(ctome_size_mul_overflows(3, 5, &r), 0);
    assert_int_equal(r, 15);
    assert_int_equal(ctome_size_mul_overflows(SIZE_MAX / 2 + 1, 2, &r), 1);
    assert_int_equal(r, 15);   /* untouched on overflow */
    assert_int_equal(ctome_size_mul_overflows(0, SIZE_MAX, &r), 0);
    assert_int_equal(r, 0);
}

static void test_ceiling_env(void **state)
{
    (void)state;
    unsetenv("CTOME_MAX_MEMORY");
    assert_true(ctome_mem_ceiling() == (size_t)16 << 30);
    setenv("CTOME_MAX_MEMORY", "1M", 1);
    assert_true(ctome_mem_ceiling() == 1048576);
    setenv("CTOME_MAX_MEMORY", "2G", 1);
    assert_true(ctome_mem_ceiling() == (size_t)2 << 30);
    setenv("CTOME_MAX_MEMORY", "4096", 1);
    assert_true(ctome_mem_ceiling() == 4096);
    /* nonsense keeps the default instead of lifting the limit */
    setenv("CTOME_MAX_MEMORY", "lots", 1);
    assert_true(ctome_mem_ceiling() == (size_t)16 << 30);
    setenv("CTOME_MAX_MEMORY", "0", 1);
    assert_true(ctome_mem_ceiling() == (size_t)16 << 30);
    unsetenv("CTOME_MAX_MEMORY");
}

/* The crash of issue 12 item 5: 1e300 samples.  8e300 B / 2^40 = 7.3e288 TB. */
static void test_huge_count_named(void **state)
{
    (void)state;
    unsetenv("CTOME_MAX_MEMORY");
    size_t n = 99;
    assert_int_equal(ctome_size_check(1e300, 8, "--t-end 1e+300", "traces", "lower --t-end", &n), CTOME_EVALUE);
    assert_string_equal(ctome_error_message(),
                        "--t-end 1e+300 needs 7.3e+288 TB of traces (ceiling 16 GB, CTOME_MAX_MEMORY); "
                        "lower --t-end");
    assert_int_equal(n, 99);
    /* 2^64 one-byte elements: beyond size_t even under an enormous ceiling */
    setenv("CTOME_MAX_MEMORY", "1e30", 1);
    assert_int_equal(ctome_size_check(18446744073709551616.0, 1, "x", "bytes", NULL, &n), CTOME_EVALUE);
    unsetenv("CTOME_MAX_MEMORY");
    assert_int_equal(ctome_size_check(NAN, 8, "--dt nan", "samples", NULL, &n), CTOME_EVALUE);
    assert_string_equal(ctome_error_message(), "--dt nan gives nan samples, not a count");
    assert_int_equal(ctome_size_check(-1, 8, "-n -1", "nulls", NULL, &n), CTOME_EVALUE);
    ctome_error_clear();
}

/* At the ceiling is allowed, one element over is not. */
static void test_boundary(void **state)
{
    (void)state;
    setenv("CTOME_MAX_MEMORY", "1024", 1);
    size_t n = 0;
    assert_int_equal(ctome_size_check(128, 8, "a", "b", NULL, &n), CTOME_OK);
    assert_int_equal(n, 128);
    assert_int_equal(ctome_size_check(129, 8, "129 x 8", "b", NULL, &n), CTOME_EVALUE);
    assert_string_equal(ctome_error_message(), "129 x 8 needs 1.0 KB of b (ceiling 1.0 KB, CTOME_MAX_MEMORY)");
    assert_int_equal(ctome_size_check3(4, 4, 8, 1, "a", "b", NULL, &n), CTOME_OK);
    assert_int_equal(n, 128);
    assert_int_equal(ctome_size_check3(SIZE_MAX, SIZE_MAX, 2, 8, "a", "b", NULL, &n), CTOME_EVALUE);
    unsetenv("CTOME_MAX_MEMORY");
    ctome_error_clear();
}

static void test_format_bytes(void **state)
{
    (void)state;
    char b[64];
    ctome_format_bytes(512, b, sizeof b);
    assert_string_equal(b, "512 B");
    ctome_format_bytes(1536, b, sizeof b);
    assert_string_equal(b, "1.5 KB");
    ctome_format_bytes(2.4 * 1099511627776.0, b, sizeof b);
    assert_string_equal(b, "2.4 TB");
    ctome_format_bytes(300.0 * 1048576, b, sizeof b);
    assert_string_equal(b, "300 MB");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mul_overflow),
        cmocka_unit_test(test_ceiling_env),
        cmocka_unit_test(test_huge_count_named),
        cmocka_unit_test(test_boundary),
        cmocka_unit_test(test_format_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
