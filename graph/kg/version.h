/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kg/version.h - the version of libkg's public API.
 *
 * This header is the one place the version is written: configure.ac reads
 * the three numbers from it (AC_INIT), so the package, kg-0.pc and
 * kg_version() can never disagree. MAJOR changes when a public signature or
 * struct layout changes incompatibly (the pkg-config name kg-MAJOR and the
 * include directory follow it); MINOR when something is added; PATCH for
 * fixes only. */
#ifndef KG_VERSION_H
#define KG_VERSION_H

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KG_VERSION_MAJOR 0
#define KG_VERSION_MINOR 1
#define KG_VERSION_PATCH 0

/* One number that orders versions: compare with KG_VERSION_NUMBER(0, 2, 0)
 * in #if to use something added in 0.2.0. */
#define KG_VERSION_NUMBER(major, minor, patch) ((major) * 10000 + (minor) * 100 + (patch))
#define KG_VERSION KG_VERSION_NUMBER(KG_VERSION_MAJOR, KG_VERSION_MINOR, KG_VERSION_PATCH)

/* The version of the library actually linked (the macros above are that of
 * the headers compiled against): "MAJOR.MINOR.PATCH", static. Each of
 * major, minor and patch receives its number when not NULL. */
KG_EXTERN const char *kg_version(int *major, int *minor, int *patch);

#ifdef __cplusplus
}
#endif
#endif
