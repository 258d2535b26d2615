/* rec_common.c — the steps every recording reader shares (rec_internal.h):
 * the table of known files, finishing a recording (source, provenance,
 * validation), unlabelling duplicate names and a file's stem.  Apart from
 * rec_detect.c, the dispatcher, so that the readers do not call back into it.
 */
#include "rec_internal.h"
#include "error.h"
#include "io.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const rec_known KNOWN[] = {
    {"c7ed6136f1635b43e37c9e466b18c6780268b8a0a9fd89d8d56c552d32fcccc6", "atanas2023-sample", "atanas2023",
     "2022-08-02-01"},
    {"ece2e33ba7bebf7ed51d538e968ec1d42f33f656e648046190b9625d90132ec1", "scholz2018-gfp", "scholz2018",
     "BrainScanner20180223_141721"},
};

const rec_known *rec_known_file(const char sha256[65])
{
    for (size_t i = 0; i < sizeof KNOWN / sizeof KNOWN[0]; i++)
        if (strcmp(KNOWN[i].sha256, sha256) == 0)
            return &KNOWN[i];
    return NULL;
}

int rec_finish(ctome_recording *r, const char *path, const char sha256[65], const char *format, json_t *extra)
{
    int rc = ctome_recording_set_string(&r->source_file, path);
    if (rc) {
        json_decref(extra);
        return rc;
    }
    memcpy(r->source_sha256, sha256, 65);
    json_t *o = json_object();
    int bad = !o || json_object_set_new(o, "step", json_string("read")) ||
              json_object_set_new(o, "format", json_string(format)) ||
              json_object_set_new(o, "file", json_string(path)) ||
              json_object_set_new(o, "sha256", json_string(sha256));
    if (!bad && extra)
        bad = json_object_update(o, extra);
    json_decref(extra);
    char *s = bad ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s)
        return ctome_error_nomem();
    rc = ctome_recording_add_step(r, s);
    free(s);
    return rc ? rc : ctome_recording_validate(r, path);
}

size_t rec_unlabel_duplicates(ctome_recording *r)
{
    size_t dups = 0;
    for (size_t i = 1; i < r->n_neurons; i++) {
        if (!r->labels[i][0])
            continue;
        for (size_t j = 0; j < i; j++)
            if (strcmp(r->labels[i], r->labels[j]) == 0) {
                r->labels[i][0] = '\0';
                r->reg[i] = -1;
                dups++;
                break;
            }
    }
    return dups;
}

char *rec_file_stem(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    char *s = ctome_strdup(b);
    if (!s)
        return NULL;
    char *dot = strrchr(s, '.');
    if (dot && dot != s)
        *dot = '\0';
    return s;
}
