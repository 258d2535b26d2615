#include "names.h"
#include "error.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Ventral-cord motor neuron classes whose members are numbered; sources
 * disagree on zero padding (DB1 vs DB01), Cook 2019 pads to two digits. */
static const char *const padded_classes[] = {"AS", "DA", "DB", "DD", "VA", "VB", "VC", "VD"};

static void pad_motor_number(char *s, size_t sz)
{
    if (strlen(s) < 3)
        return;
    int known = 0;
    for (size_t i = 0; i < sizeof padded_classes / sizeof *padded_classes; i++)
        if (strncmp(s, padded_classes[i], 2) == 0)
            known = 1;
    if (!known)
        return;
    const char *d = s + 2;
    for (const char *p = d; *p; p++)
        if (!isdigit((unsigned char)*p))
            return;
    while (*d == '0' && d[1])
        d++;
    char digits[8];
    size_t nd = strlen(d);
    if (nd > 2 || nd == 0)
        return;   /* no class has more than 13 members; leave odd names alone */
    snprintf(digits, sizeof digits, "%02d", (d[0] - '0') * (nd == 2 ? 10 : 1) + (nd == 2 ? d[1] - '0' : 0));
    snprintf(s + 2, sz - 2, "%s", digits);
}

int ctome_name_normalise(const char *raw, char *out, size_t outsz)
{
    if (!raw)
        raw = "";
    const char *b = raw, *e = raw + strlen(raw);
    /* Trim white space and quotes together: sources wrap names as 'ADAL' or "ADAL ". */
    while (b < e && (isspace((unsigned char)*b) || *b == '"' || *b == '\''))
        b++;
    while (e > b && (isspace((unsigned char)e[-1]) || e[-1] == '"' || e[-1] == '\''))
        e--;
    size_t n = (size_t)(e - b);
    if (n == 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "empty cell name '%s'", raw);
    if (n + 1 > outsz)
        return ctome_error(CTOME_EVALUE, NULL, 0, "cell name too long: '%.*s'", (int)n, b);
    for (size_t i = 0; i < n; i++)
        out[i] = (char)toupper((unsigned char)b[i]);
    out[n] = '\0';
    pad_motor_number(out, outsz);
    return CTOME_OK;
}

void ctome_name_alias(char *name, size_t sz, const ctome_alias *aliases)
{
    if (!aliases)
        return;
    for (const ctome_alias *a = aliases; a->from; a++)
        if (strcmp(name, a->from) == 0) {
            snprintf(name, sz, "%s", a->to);
            return;
        }
}
