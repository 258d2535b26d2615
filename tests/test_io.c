/* test_io.c — the atomic output writer (lib/core/io.c) and the registry of
 * live temporaries (lib/core/tmpreg.c): links are written through, streams
 * are recognised, a committed file leaves no temporary, an aborted one
 * leaves nothing, and the signal-time cleanup removes registered files and
 * whole folders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctome.h"
#include "testutil.h"

/* Entries of dir other than . and .. */
static int n_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

static void test_resolve_chain(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp("io"), a[512], b[512], c[512], sub[512];
    tu_path(sub, sizeof sub, dir, "sub");
    assert_int_equal(mkdir(sub, 0777), 0);
    tu_path(a, sizeof a, dir, "a");
    tu_path(b, sizeof b, dir, "sub/b");
    /* a -> sub/b (relative to a's folder) -> ../real (relative to b's folder) */
    assert_int_equal(symlink("sub/b", a), 0);
    assert_int_equal(symlink("../real", b), 0);
    char *t = NULL;
    assert_int_equal(ctome_output_resolve(a, &t), CTOME_OK);
    tu_path(c, sizeof c, dir, "sub/../real");
    assert_string_equal(t, c);
    free(t);
    /* a loop is an error naming the path */
    tu_path(c, sizeof c, dir, "loop");
    assert_int_equal(symlink("loop", c), 0);
    assert_int_equal(ctome_output_resolve(c, &t), CTOME_EIO);
    assert_non_null(strstr(ctome_error_message(), "loop"));
    ctome_error_clear();
    /* writing through the chain: the target gets the bytes, the links stay */
    ctome_outfile of;
    assert_int_equal(ctome_outfile_open(&of, a), CTOME_OK);
    fputs("hello\n", of.fp);
    assert_int_equal(ctome_outfile_commit(&of), CTOME_OK);
    struct stat st;
    assert_int_equal(lstat(a, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(lstat(b, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    tu_path(c, sizeof c, dir, "real");
    char *got = tu_slurp(c, NULL);
    assert_string_equal(got, "hello\n");
    free(got);
    assert_int_equal(n_entries(dir), 4);   /* a, sub, loop, real: no temporary */
    assert_int_equal(tu_rmtree(dir), 0);
}

static void test_streams(void **state)
{
    (void)state;
    assert_int_equal(ctome_output_stream("-"), 1);
    assert_int_equal(ctome_output_stream("/dev/stdout"), 1);
    assert_int_equal(ctome_output_stream("/dev/stderr"), 2);
    assert_int_equal(ctome_output_stream("/dev/null"), 2);
    assert_int_equal(ctome_output_stream("/proc/self/fd/2"), 2);
    assert_int_equal(ctome_output_stream("some/file.tsv"), 0);
    /* a file written by name cannot go to a stream */
    ctome_outfile of;
    assert_int_equal(ctome_outfile_reserve(&of, "-"), CTOME_EIO);
    assert_non_null(strstr(ctome_error_message(), "give a file name"));
    ctome_error_clear();
    /* a device is written directly and left a device */
    assert_int_equal(ctome_outfile_open(&of, "/dev/null"), CTOME_OK);
    assert_null(of.tmp);
    fputs("x", of.fp);
    assert_int_equal(ctome_outfile_commit(&of), CTOME_OK);
    struct stat st;
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
}

static void test_abort_leaves_nothing(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp("io"), p[512];
    tu_path(p, sizeof p, dir, "out.tsv");
    tu_write(p, "old\n", 4);
    ctome_outfile of;
    assert_int_equal(ctome_outfile_open(&of, p), CTOME_OK);
    fputs("partial", of.fp);
    ctome_outfile_abort(&of);
    char *got = tu_slurp(p, NULL);
    assert_string_equal(got, "old\n");   /* the earlier file is untouched */
    free(got);
    assert_int_equal(n_entries(dir), 1);
    assert_int_equal(tu_rmtree(dir), 0);
}

/* What a SIGTERM handler does: every registered temporary (a file being
 * written, a folder being built with files and a sub-folder) is removed;
 * unregistered files beside them stay. */
static void test_tmp_cleanup(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp("io"), p[512], f[512], keep[512];
    tu_path(p, sizeof p, dir, "out.h5");
    ctome_outfile of;
    assert_int_equal(ctome_outfile_reserve(&of, p), CTOME_OK);
    assert_int_equal(access(of.tmp, F_OK), 0);
    tu_path(f, sizeof f, dir, "build.tmp");
    assert_int_equal(mkdir(f, 0777), 0);
    ctome_tmp_register(f, 1);
    free(tu_write_in(f, "index.html", "<html>"));
    char sub[512];
    tu_path(sub, sizeof sub, f, "fig");
    assert_int_equal(mkdir(sub, 0777), 0);
    free(tu_write_in(sub, "a.png", "png"));
    tu_path(keep, sizeof keep, dir, "user.txt");
    tu_write(keep, "mine", 4);
    ctome_tmp_cleanup();
    assert_int_equal(access(of.tmp, F_OK), -1);
    assert_int_equal(access(f, F_OK), -1);
    assert_int_equal(access(keep, F_OK), 0);
    assert_int_equal(n_entries(dir), 1);
    ctome_tmp_unregister(f);
    ctome_outfile_abort(&of);   /* the temporary is gone already: only frees */
    /* after unregistering, cleanup leaves a file alone */
    assert_int_equal(ctome_outfile_open(&of, p), CTOME_OK);
    fputs("done", of.fp);
    assert_int_equal(ctome_outfile_commit(&of), CTOME_OK);
    ctome_tmp_cleanup();
    assert_int_equal(access(p, F_OK), 0);
    assert_int_equal(tu_rmtree(dir), 0);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve_chain),
        cmocka_unit_test(test_streams),
        cmocka_unit_test(test_abort_leaves_nothing),
        cmocka_unit_test(test_tmp_cleanup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
