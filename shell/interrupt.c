/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/interrupt.c - the SIGINT handler: a flag, kg_store_interrupt and
 * kg_endpoint_interrupt; and SIGHUP/SIGTERM, which do the same and also end
 * the session the ordinary way (so an .output file is completed, not left
 * under its temporary name when the terminal closes). */
#include "interrupt.h"

#include <signal.h>
#include <stddef.h>
#include <string.h>

static volatile sig_atomic_t caught;
static volatile sig_atomic_t hung_up; /* SIGHUP or SIGTERM: never cleared */
static kg_store *volatile target;
static kg_endpoint *volatile remote;
static bool keep;

static void on_sigint(int sig)
{
    if (sig != SIGINT)
        hung_up = 1;
    caught = 1;
    kg_store *store = target;
    if (store)
        kg_store_interrupt(store);
    kg_endpoint *ep = remote;
    if (ep)
        kg_endpoint_interrupt(ep);
}

void kgsh_interrupt_install(bool sticky)
{
    keep = sticky;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: blocking reads must return */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

void kgsh_interrupt_set_store(kg_store *store) { target = store; }

void kgsh_interrupt_set_endpoint(kg_endpoint *ep) { remote = ep; }

bool kgsh_interrupted(void) { return caught != 0 || hung_up != 0; }

bool kgsh_hung_up(void) { return hung_up != 0; }

void kgsh_interrupt_clear(void)
{
    if (!keep)
        caught = 0;
}
