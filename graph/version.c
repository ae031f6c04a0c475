/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* version.c - kg_version(): the version libkg was built as, from the
 * numbers in kg/version.h. */
#include "kg/version.h"

#define KG_STR_(x) #x
#define KG_STR(x) KG_STR_(x)

const char *kg_version(int *major, int *minor, int *patch)
{
    if (major)
        *major = KG_VERSION_MAJOR;
    if (minor)
        *minor = KG_VERSION_MINOR;
    if (patch)
        *patch = KG_VERSION_PATCH;
    return KG_STR(KG_VERSION_MAJOR) "." KG_STR(KG_VERSION_MINOR) "." KG_STR(KG_VERSION_PATCH);
}
