/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/remote_limits_test.c - a SPARQL server that never stops
 * answering: a process on loopback that sends a results header and then
 * bytes until the client hangs up. kg_endpoint_query must stop at the
 * answer-size cap with KG_ERR_LIMIT instead of growing without bound. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "kg/kg.h"
#include "test.h"

/* Listens on a free loopback port; the socket, its port in *port. */
static int listen_loopback(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 4) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0)
        return -1;
    *port = ntohs(a.sin_port);
    return fd;
}

/* The server: one connection, an endless body. Runs in a child process. */
static void serve_endlessly(int fd)
{
    signal(SIGPIPE, SIG_IGN);
    int c = accept(fd, NULL, NULL);
    char request[4096];
    if (c < 0 || read(c, request, sizeof request) <= 0)
        _exit(1);
    static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                               "Connection: close\r\n\r\n{\"head\": {\"vars\": [\"x\"]}, \"results\": "
                               "{\"bindings\": [";
    char chunk[65536];
    memset(chunk, ' ', sizeof chunk);
    if (write(c, head, sizeof head - 1) < 0)
        _exit(1);
    while (write(c, chunk, sizeof chunk) > 0)
        ;
    _exit(0);
}

static void endpoint__endless_answer_stops_at_the_size_cap(void)
{
    int port;
    int fd = listen_loopback(&port);
    REQUIRE(fd >= 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0)
        serve_endlessly(fd);
    close(fd);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/sparql", port);
    kg_endpoint_options opts = KG_ENDPOINT_OPTIONS_INIT;
    opts.timeout_seconds = 600;
    opts.max_response_bytes = (size_t)4 << 20;
    kg_endpoint *ep = NULL;
    kg_error err = {0};
    REQUIRE(kg_endpoint_open(&ep, url, &opts, &err) == KG_OK);
    kg_results *r = NULL;
    kg_status st = kg_endpoint_query(&r, ep, "SELECT * { ?s ?p ?o }", 21);
    if (st != KG_ERR_LIMIT)
        TEST_FAIL_AT("expected KG_ERR_LIMIT, got %s (%s)", kg_strerror(st),
                     kg_endpoint_error(ep)->message);
    EXPECT_CONTAINS(kg_endpoint_error(ep)->message, "longer than 4194304 bytes");
    EXPECT(r == NULL);
    kg_results_free(r);
    kg_endpoint_close(ep);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

static const kg_test_case cases[] = {
    TEST(endpoint__endless_answer_stops_at_the_size_cap),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
