/* outputs.c — output-path checks, output folders, signal cleanup and the
 * final check of standard output (see outputs.h). */
#define _GNU_SOURCE
#include "outputs.h"
#include "cli.h"
#include "ctome_features.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Output folders created by cli_output_dir, removed (rmdir: only if empty)
 * on failure or a signal.  Fixed storage: the signal handler reads it. */
#define MAX_MADE 8
static char made[MAX_MADE][PATH_MAX];
static volatile sig_atomic_t n_made;

static void on_signal(int sig)
{
    ctome_tmp_cleanup();
    for (int i = 0; i < n_made; i++)
        rmdir(made[i]);
    /* SA_RESETHAND restored the default action: die of the same signal once
     * this handler returns and the signal is unblocked. */
    raise(sig);
}

/* Standard output goes through this writer so that the reason of the first
 * failed write (a full disk, a closed pipe) is kept for the final message:
 * stdio's own error flag does not say why, and errno is long overwritten by
 * the time main returns. */
static int stdout_errno;

static ssize_t stdout_write(void *cookie, const char *buf, size_t n)
{
    (void)cookie;
    size_t done = 0;
    while (done < n) {
        ssize_t k = write(STDOUT_FILENO, buf + done, n - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (!stdout_errno)
                stdout_errno = k < 0 ? errno : EIO;
            return done ? (ssize_t)done : -1;
        }
        done += (size_t)k;
    }
    return (ssize_t)n;
}

static int stdout_close(void *cookie)
{
    (void)cookie;
    if (close(STDOUT_FILENO) != 0 && errno != EBADF) {
        if (!stdout_errno)
            stdout_errno = errno;
        return -1;
    }
    return 0;
}

static void wrap_stdout(void)
{
    cookie_io_functions_t io = {NULL, stdout_write, NULL, stdout_close};
    FILE *f = fopencookie(NULL, "w", io);
    if (!f)
        return;   /* keep stdio's stdout: the final check then says "I/O error" */
    setvbuf(f, NULL, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, BUFSIZ);
    stdout = f;
}

void cli_outputs_init(void)
{
    wrap_stdout();
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa, old;
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;   /* e.g. nohup: keep ignoring */
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        sigaction(sigs[i], &sa, NULL);
    }
}

/* The folder part of `path` ("." when none), new string. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

static int check_folder(const char *opt, const char *path, const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0)
        return cli_failf("%s %s: folder %s does not exist", opt, path, dir);
    if (!S_ISDIR(st.st_mode))
        return cli_failf("%s %s: %s is not a folder", opt, path, dir);
    if (access(dir, W_OK | X_OK) != 0)
        return cli_failf("%s %s: cannot write in folder %s: %s", opt, path, dir, strerror(errno));
    return CLI_OK;
}

int cli_output_check(const char *cmd, const char *opt, const char *path, cli_out_kind kind)
{
    if (!path)
        return CLI_OK;
    if (!*path)
        return cli_usage_error(cmd, "%s: empty file name", opt);
    if (kind == CLI_OUT_FIGURE && !CTOME_HAVE_CAIRO)
        return cli_feature_missing(cmd, opt, "cairo", "cairo");
    int stream = ctome_output_stream(path);
    if (kind == CLI_OUT_FIGURE && ctome_plot_format_check(path))
        return cli_usage_error(cmd, "%s %s: %s", opt, path,
                               stream ? "a figure needs a file name ending in .png, .svg or .pdf"
                                      : "unknown figure format (use .png, .svg or .pdf)");
    if (stream && kind == CLI_OUT_STORE)
        return cli_failf("%s %s: an HDF5 file cannot be written to standard output, a pipe or a device; "
                         "give a file name", opt, path);
    if (stream)
        return CLI_OK;
    char *target = NULL;
    if (ctome_output_resolve(path, &target))
        return cli_fail();
    struct stat st;
    int rc = CLI_OK;
    if (stat(target, &st) == 0 && S_ISDIR(st.st_mode))
        rc = cli_failf("%s %s: is a folder; give a file name", opt, path);
    char *dir = rc ? NULL : folder_of(target);
    if (!rc && !dir)
        rc = cli_failf("out of memory");
    if (!rc)
        rc = check_folder(opt, path, dir);
    free(dir);
    free(target);
    return rc;
}

int cli_feature_missing(const char *cmd, const char *opt, const char *feature, const char *option)
{
    return cli_usage_error(cmd, "%s: this ctome was built without %s (meson -D%s=enabled)", opt, feature,
                           option);
}

int cli_output_dir(const char *cmd, const char *opt, const char *dir)
{
    if (!dir)
        return CLI_OK;
    if (!*dir)
        return cli_usage_error(cmd, "%s: empty folder name", opt);
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return cli_failf("%s %s: exists and is not a folder", opt, dir);
        if (access(dir, W_OK | X_OK) != 0)
            return cli_failf("%s %s: cannot write in this folder: %s", opt, dir, strerror(errno));
        return CLI_OK;
    }
    char *parent = folder_of(dir);
    if (!parent)
        return cli_failf("out of memory");
    int rc = check_folder(opt, dir, parent);
    free(parent);
    if (rc)
        return rc;
    if (mkdir(dir, 0777) != 0) {
        if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
            return CLI_OK;   /* made meanwhile (another MPI rank) */
        return cli_failf("%s %s: cannot create the folder: %s", opt, dir, strerror(errno));
    }
    if (n_made < MAX_MADE && strlen(dir) < PATH_MAX) {
        strcpy(made[n_made], dir);
        n_made = n_made + 1;
    }
    return CLI_OK;
}

int cli_outputs_finish(int rc)
{
    if (rc != CLI_OK)
        for (int i = 0; i < n_made; i++)
            rmdir(made[i]);   /* only if empty: never what the command wrote before failing */
    errno = 0;
    int bad = fflush(stdout) != 0;
    int e = stdout_errno ? stdout_errno : errno;
    if (ferror(stdout))
        bad = 1;
    if (fclose(stdout) != 0 && !bad) {
        bad = 1;
        e = stdout_errno ? stdout_errno : errno;
    }
    if (bad) {
        fprintf(stderr, "ctome: error: writing standard output: %s\n", e ? strerror(e) : "I/O error");
        return rc ? rc : CLI_FAIL;
    }
    return rc;
}
