/* Tests of the ingest check point (lib/data/validate.c, docs/reliability.md
 * "Damaged input") and of the MATLAB v5 completeness check (matv5.c):
 * byte sequences classified by hand from RFC 3629 and the Unicode control
 * ranges; weight sums at the edge of the double range. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <float.h>
#include <stdio.h>
#include <string.h>

#include "ctome.h"
#include "validate.h"

static void name_ok(const char *s)
{
    assert_int_equal(ctome_validate_name(s, "f.csv", 3), CTOME_OK);
}

static void name_bad(const char *s, const char *msg)
{
    assert_int_equal(ctome_validate_name(s, "f.csv", 3), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), msg));
    assert_non_null(strstr(ctome_error_message(), "f.csv:3: "));
}

static void test_names(void **state)
{
    (void)state;
    name_ok("AVAL");
    name_ok("NEUR\xC3\x93N");               /* U+00D3, 2 bytes */
    name_ok("\xE2\x82\xAC");                /* U+20AC, 3 bytes */
    name_ok("\xF0\x9F\x90\x9B");            /* U+1F41B, 4 bytes */
    name_ok("\xF4\x8F\xBF\xBF");            /* U+10FFFF, the last code point */
    name_bad("AD\tL", "control character U+0009 at offset 2");
    name_bad("A\nB", "control character U+000A at offset 1");
    name_bad("A\x7F", "control character U+007F at offset 1");
    name_bad("A\xC2\x85", "control character U+0085 at offset 1");   /* NEL (C1) */
    name_bad("AD\xFFL", "not valid UTF-8 (byte 0xFF at offset 2)");
    name_bad("A\xC0\xAF", "not valid UTF-8 (byte 0xC0 at offset 1)");  /* overlong '/' */
    name_bad("\xE0\x80\xAF", "not valid UTF-8 (byte 0xE0 at offset 0)"); /* overlong, 3 bytes */
    name_bad("B\xED\xA0\x80", "not valid UTF-8 (byte 0xED at offset 1)"); /* surrogate U+D800 */
    name_bad("\xF4\x90\x80\x80", "not valid UTF-8");                    /* U+110000 */
    name_bad("AB\xC3", "not valid UTF-8 (byte 0xC3 at offset 2)");      /* cut sequence */
    name_bad("\x80", "not valid UTF-8");                                 /* lone continuation */
    /* the message shows the name escaped: no raw newline, no invalid byte */
    name_bad("X\nY\xFF", "bad cell name \"X\\nY\\xFF\"");
}

static void test_weight_sum(void **state)
{
    (void)state;
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new("t", NULL, &c), CTOME_OK);
    int a, b;
    assert_int_equal(ctome_connectome_node(c, "ADAL", "f", 1, &a), CTOME_OK);
    assert_int_equal(ctome_connectome_node(c, "ADAR", "f", 1, &b), CTOME_OK);
    /* DBL_MAX / 2 twice is exactly DBL_MAX: still finite, accepted */
    assert_int_equal(ctome_connectome_add(c, "chemical", a, b, DBL_MAX / 2, "f", 2), CTOME_OK);
    assert_int_equal(ctome_connectome_add(c, "chemical", b, a, DBL_MAX / 2, "f", 3), CTOME_OK);
    /* 1e300 more overflows the sum: refused with file and line */
    assert_int_equal(ctome_connectome_add(c, "chemical", a, b, 1e300, "f", 4), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "f:4: weight 1e+300 in layer 'chemical'"));
    /* another layer has its own sum; signed layers count |w| */
    assert_int_equal(ctome_connectome_add(c, "functional", a, b, -1e308, "f", 5), CTOME_OK);
    assert_int_equal(ctome_connectome_add(c, "functional", a, b, 1e308, "f", 6), CTOME_EVALUE);
    /* names pass the same check point */
    int x;
    assert_int_equal(ctome_connectome_node(c, "A\tB", "f", 7, &x), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "f:7: bad cell name \"A\\tB\""));
    ctome_connectome_free(c);
}

int main(void)
{
    ctome_error_handlers_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_weight_sum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
