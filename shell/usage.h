/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/usage.h - every text that documents kgsh: --help, .help, .help
 * COMMAND and the man page (kgsh --man), generated from the command table
 * and the option table so that they cannot disagree. */
#ifndef KGSH_USAGE_H
#define KGSH_USAGE_H

#include <stdio.h>

#include "commands.h"

typedef struct kgsh_option {
    const char *long_name; /* without "--" */
    char short_name;       /* 0 when none */
    const char *arg;       /* NULL when the option takes none */
    const char *help;
    int id;                /* what getopt_long returns for it */
} kgsh_option;

/* The command-line options, ending with a NULL long_name. */
extern const kgsh_option kgsh_options[];

/* kgsh --help */
void kgsh_usage(FILE *out);
/* .help: the command list and the statement terminator rule. */
void kgsh_usage_commands(FILE *out);
/* .help COMMAND */
void kgsh_usage_command(FILE *out, const kgsh_command *c);
/* kgsh --man: the whole man page in troff. */
void kgsh_usage_man(FILE *out);

#endif
