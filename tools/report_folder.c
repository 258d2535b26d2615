/* report_folder.c — the report folder's marker and its safe replacement
 * (see report_folder.h). */
#define _XOPEN_SOURCE 700
#include "report_folder.h"
#include "cli.h"
#include "outputs.h"

#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char marker_head[] = "ctome report folder: the entries below were written by ctome";

/* The entries of a tree, relative to its root, parents before children,
 * folders with a trailing '/'.  nftw takes no user pointer: one walk at a time. */
typedef struct {
    char **v;
    size_t n, cap, root_len;
    int rc;
} listing;
static listing *walk;

static int list_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    if (ftw->level == 0)
        return 0;
    const char *rel = path + walk->root_len + 1;
    size_t k = strlen(rel);
    char *e = malloc(k + 2);
    if (!e || (walk->n == walk->cap && !(walk->v = realloc(walk->v, (walk->cap = 2 * walk->cap + 16) * sizeof *walk->v)))) {
        free(e);
        walk->rc = ctome_error_nomem();
        return 1;
    }
    memcpy(e, rel, k);
    if (flag == FTW_D || flag == FTW_DNR)
        e[k++] = '/';
    e[k] = '\0';
    walk->v[walk->n++] = e;
    return 0;
}

static void listing_free(listing *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int list_tree(const char *root, listing *l)
{
    memset(l, 0, sizeof *l);
    l->root_len = strlen(root);
    while (l->root_len > 1 && root[l->root_len - 1] == '/')
        l->root_len--;
    walk = l;
    if (nftw(root, list_entry, 16, FTW_PHYS) != 0 && !l->rc)
        l->rc = ctome_error(CTOME_EIO, root, 0, "cannot list the folder: %s", strerror(errno));
    walk = NULL;
    return l->rc;
}

/* The marker's entries, if DIR has a valid marker. */
static int read_marker(report_folder *rf)
{
    char *path = ctome_path_join(rf->dir, REPORT_MARKER), *buf = NULL;
    if (!path)
        return CTOME_ENOMEM;
    struct stat st;
    int rc = CTOME_OK;
    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && ctome_file_read(path, &buf, NULL) == CTOME_OK &&
        strncmp(buf, marker_head, sizeof marker_head - 1) == 0) {
        char *save = NULL;
        strtok_r(buf, "\n", &save);   /* the heading line */
        for (char *ln = strtok_r(NULL, "\n", &save); ln && !rc; ln = strtok_r(NULL, "\n", &save)) {
            char **v = realloc(rf->old, (rf->n_old + 1) * sizeof *v);
            char *e = ctome_strdup(ln);
            if (!v || !e) {
                free(e);
                if (v)
                    rf->old = v;
                rc = ctome_error_nomem();
                break;
            }
            rf->old = v;
            rf->old[rf->n_old++] = e;
            rc = ctome_strmap_put(rf->ours, e, 1);
        }
        if (!rc)
            rc = ctome_strmap_put(rf->ours, REPORT_MARKER, 1);
    }
    ctome_error_clear();
    free(buf);
    free(path);
    return rc;
}

int report_folder_check(const char *out, int force, report_folder *rf)
{
    memset(rf, 0, sizeof *rf);
    if (!*out)
        return cli_usage_error("report", "-o: empty folder name");
    if (ctome_output_resolve(out, &rf->dir) || !(rf->ours = ctome_strmap_new()))
        return cli_fail();
    struct stat st;
    if (stat(rf->dir, &st) != 0)   /* a new folder: its parent must take it */
        return cli_output_check("report", "-o", out, CLI_OUT_TEXT);
    if (!S_ISDIR(st.st_mode))
        return cli_failf("-o %s: exists and is not a folder", out);
    if (access(rf->dir, W_OK | X_OK) != 0)
        return cli_failf("-o %s: cannot write in this folder: %s", out, strerror(errno));
    rf->exists = 1;
    if (read_marker(rf))
        return cli_fail();
    listing l;
    if (list_tree(rf->dir, &l))
        return cli_fail();
    rf->nonempty = l.n > 0;
    size_t n_user = 0;
    const char *first = NULL;
    for (size_t i = 0; i < l.n; i++)
        if (ctome_strmap_get(rf->ours, l.v[i]) < 0 && !n_user++)
            first = l.v[i];
    int rc = CLI_OK;
    if (n_user && !force) {
        rc = cli_failf("-o %s: the folder holds %zu entr%s ctome did not write (%s%s); give a new or empty "
                       "folder, or add --force to write the report beside them (ctome never deletes or "
                       "overwrites a file it did not write)",
                       out, n_user, n_user == 1 ? "y" : "ies", first, n_user > 1 ? ", ..." : "");
    } else if (n_user) {
        static const char *const mine[] = {"index.html", "store.h5", REPORT_MARKER, "fig"};
        for (size_t i = 0; i < 4 && !rc; i++) {
            char *p = ctome_path_join(rf->dir, mine[i]);
            if (!p) {
                rc = cli_failf("out of memory");
                break;
            }
            int there = lstat(p, &st) == 0, is_dir = there && S_ISDIR(st.st_mode);
            if (there && ctome_strmap_get(rf->ours, mine[i]) < 0 && !(i == 3 && is_dir))
                rc = cli_failf("-o %s: %s is not a file of an earlier report, and the report writes its own "
                               "there; move it away first (--force never overwrites your files)",
                               out, p);
            free(p);
        }
    }
    listing_free(&l);
    return rc;
}

static int write_marker(const char *tmp, const listing *l)
{
    char *path = ctome_path_join(tmp, REPORT_MARKER);
    if (!path)
        return CTOME_ENOMEM;
    ctome_outfile of;
    int rc = ctome_outfile_open(&of, path);
    if (!rc) {
        fprintf(of.fp, "%s; the next `ctome report -o` here replaces exactly these, and nothing else.\n",
                marker_head);
        for (size_t i = 0; i < l->n; i++)
            fprintf(of.fp, "%s\n", l->v[i]);
        rc = ctome_outfile_commit(&of);
    }
    free(path);
    return rc;
}

/* Move each new entry over the old report's, parents first. */
static int merge(report_folder *rf, const char *tmp, const listing *l)
{
    struct stat st;
    int rc = CTOME_OK;
    /* Refuse before anything moves: a user's file (or a file where a folder
     * goes) at a name the new report uses. */
    for (size_t i = 0; i < l->n && !rc; i++) {
        char *dst = ctome_path_join(rf->dir, l->v[i]);
        size_t k = strlen(l->v[i]);
        int is_dir = l->v[i][k - 1] == '/';
        if (!dst)
            return CTOME_ENOMEM;
        if (lstat(dst, &st) == 0 && ctome_strmap_get(rf->ours, l->v[i]) < 0 && !(is_dir && S_ISDIR(st.st_mode)))
            rc = ctome_error(CTOME_EIO, dst, 0, "not written by ctome and in the way of the report's own; "
                                                "nothing was replaced");
        free(dst);
    }
    for (size_t i = 0; i < l->n && !rc; i++) {
        char *src = ctome_path_join(tmp, l->v[i]), *dst = ctome_path_join(rf->dir, l->v[i]);
        size_t k = strlen(l->v[i]);
        if (!src || !dst)
            rc = ctome_error_nomem();
        else if (l->v[i][k - 1] == '/') {
            if (mkdir(dst, 0777) != 0 && !(errno == EEXIST && stat(dst, &st) == 0 && S_ISDIR(st.st_mode)))
                rc = ctome_error(CTOME_EIO, dst, 0, "cannot create the folder: %s", strerror(errno));
        } else if (rename(src, dst) != 0) {
            rc = ctome_error(CTOME_EIO, dst, 0, "cannot move into place: %s", strerror(errno));
        }
        free(src);
        free(dst);
    }
    if (rc)
        return rc;
    /* The earlier report's entries the new one lacks: files first (the
     * marker lists parents first, so walk it backwards), folders only when
     * empty. */
    ctome_strmap *now = ctome_strmap_new();
    if (!now)
        return ctome_error_nomem();
    for (size_t i = 0; i < l->n && !rc; i++)
        rc = ctome_strmap_put(now, l->v[i], 1);
    for (size_t i = rf->n_old; i-- > 0 && !rc;) {
        if (ctome_strmap_get(now, rf->old[i]) >= 0)
            continue;
        char *p = ctome_path_join(rf->dir, rf->old[i]);
        if (!p) {
            rc = ctome_error_nomem();
            break;
        }
        size_t k = strlen(p);
        if (p[k - 1] == '/') {
            p[k - 1] = '\0';
            rmdir(p);   /* kept if the user put something in it */
        } else if (lstat(p, &st) == 0 && S_ISREG(st.st_mode)) {
            unlink(p);
        }
        free(p);
    }
    ctome_strmap_free(now);
    if (rc)
        return rc;
    char *src = ctome_path_join(tmp, REPORT_MARKER), *dst = ctome_path_join(rf->dir, REPORT_MARKER);
    if (!src || !dst)
        rc = ctome_error_nomem();
    else if (rename(src, dst) != 0)
        rc = ctome_error(CTOME_EIO, dst, 0, "cannot move into place: %s", strerror(errno));
    free(src);
    free(dst);
    return rc;
}

int report_folder_install(report_folder *rf, const char *tmp)
{
    listing l;
    int rc = list_tree(tmp, &l);
    if (!rc)
        rc = write_marker(tmp, &l);
    if (!rc && rf->exists && !rf->nonempty && rmdir(rf->dir) != 0 && errno != ENOENT)
        rc = ctome_error(CTOME_EIO, rf->dir, 0, "cannot replace the empty folder: %s", strerror(errno));
    if (!rc && (!rf->exists || !rf->nonempty)) {
        if (rename(tmp, rf->dir) != 0)
            rc = ctome_error(CTOME_EIO, rf->dir, 0, "cannot write: %s", strerror(errno));
    } else if (!rc) {
        rc = merge(rf, tmp, &l);
    }
    listing_free(&l);
    return rc;
}

void report_folder_free(report_folder *rf)
{
    free(rf->dir);
    ctome_strmap_free(rf->ours);
    for (size_t i = 0; i < rf->n_old; i++)
        free(rf->old[i]);
    free(rf->old);
    memset(rf, 0, sizeof *rf);
}
