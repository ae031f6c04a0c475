/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/security_test.c - libkg is closed by default: queries cannot
 * read local files or reach the network (FROM, FROM NAMED, SERVICE, LOAD),
 * and RDF/XML cannot pull in external entities or DTDs, nor explode
 * internal entities, unless access is turned on.
 *
 * Network attempts are caught by a listener on a loopback port that each
 * attack names: after the attack, the test checks that nothing connected.
 * File reads are caught by looking for the file's content in the store. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "kg/kg.h"
#include "limits_support.h"
#include "test.h"

/* ------------------------------------------------------------ helpers */

typedef struct listener {
    int fd;
    int port;
} listener;

static listener listen_loopback(void)
{
    listener l = {socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), 0};
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (l.fd < 0 || bind(l.fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(l.fd, 16) != 0 ||
        getsockname(l.fd, (struct sockaddr *)&a, &len) != 0) {
        TEST_FAIL_AT("cannot listen on a loopback port");
        return l;
    }
    l.port = ntohs(a.sin_port);
    return l;
}

/* True when something connected (the kernel queues a completed
 * handshake even if nobody accepts it). Closes the listener. */
static bool was_contacted(listener *l)
{
    struct pollfd p = {l->fd, POLLIN, 0};
    bool contacted = poll(&p, 1, 100) > 0 && (p.revents & POLLIN);
    close(l->fd);
    l->fd = -1;
    return contacted;
}

static kg_store *memory_store(void)
{
    kg_store *store = NULL;
    kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL);
    return store;
}

/* Prepares and executes text with the given access; the status of the
 * first step that failed, or KG_OK. The message goes to msg. */
static kg_status run_query(kg_store *store, const char *text, unsigned access, const char *dir,
                           char *msg, size_t size)
{
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    opts.access = access;
    opts.allowed_dir = dir;
    kg_error err = {0};
    kg_status st = limits_prepare_and_run(store, text, strlen(text), &opts, &err);
    snprintf(msg, size, "%s", err.message);
    return st;
}

/* A query that must be refused with KG_ERR_DENIED without contacting the
 * listener; %d in text is the listener's port. */
static void expect_denied(const char *text_fmt, unsigned access)
{
    listener l = listen_loopback();
    char text[1024], msg[600];
    snprintf(text, sizeof text, text_fmt, l.port);
    kg_store *store = memory_store();
    REQUIRE(store);
    kg_status st = run_query(store, text, access, NULL, msg, sizeof msg);
    if (st != KG_ERR_DENIED)
        TEST_FAIL_AT("%s: expected KG_ERR_DENIED, got %s (%s)", text, kg_strerror(st), msg);
    EXPECT(kg_store_size(store) == 0);
    if (was_contacted(&l))
        TEST_FAIL_AT("%s: a connection was made to 127.0.0.1:%d", text, l.port);
    kg_store_close(store);
}

/* True when any literal or IRI in the store contains needle. */
static bool store_mentions(kg_store *store, const char *needle)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    kg_export_options eo = KG_EXPORT_OPTIONS_INIT;
    eo.format = KG_FORMAT_NQUADS;
    kg_export_stream(store, out, &eo, NULL);
    fclose(out);
    bool found = text && strstr(text, needle);
    free(text);
    return found;
}

static const char RDF_OPEN[] =
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
    "xmlns:ex=\"http://example.org/\"><rdf:Description rdf:about=\"http://example.org/a\">";
static const char RDF_CLOSE[] = "</rdf:Description></rdf:RDF>\n";

static long peak_rss_mb(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

/* Loads an RDF/XML document made of a prolog, a body and the wrapper
 * above; returns the status, with the memory it took checked (the bound
 * on work: an entity blow-up would need gigabytes). No time is measured. */
static kg_status load_rdfxml(kg_store *store, const char *prolog, const char *body)
{
    size_t cap = strlen(prolog) + strlen(body) + sizeof RDF_OPEN + sizeof RDF_CLOSE + 64;
    char *doc = malloc(cap);
    snprintf(doc, cap, "%s%s<ex:p>%s</ex:p>%s", prolog, RDF_OPEN, body, RDF_CLOSE);
    kg_load_options opts = KG_LOAD_OPTIONS_INIT;
    opts.format = KG_FORMAT_RDFXML;
    long rss = peak_rss_mb();
    kg_status st = kg_load_string(store, doc, strlen(doc), "attack.rdf", &opts, NULL);
    if (peak_rss_mb() - rss > 300)
        TEST_FAIL_AT("the load grew the peak memory by %ld MB; expected a bounded amount",
                     peak_rss_mb() - rss);
    free(doc);
    return st;
}

/* ---------------------------------------------------- queries: FROM */

static void query_from__local_file_is_denied(void)
{
    expect_denied("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o } #%d", 0);
}

static void query_from_named__local_file_is_denied(void)
{
    expect_denied("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } } #%d",
                  0);
}

static void query_from__http_is_denied_without_connecting(void)
{
    expect_denied("SELECT * FROM <http://127.0.0.1:%d/x> WHERE { ?s ?p ?o }", 0);
}

static void query_from__http_is_denied_even_with_file_access(void)
{
    expect_denied("SELECT * FROM <http://127.0.0.1:%d/x> WHERE { ?s ?p ?o }", KG_ACCESS_FILE);
}

static void query_from__file_access_turned_on_is_no_longer_denied(void)
{
    kg_store *store = memory_store();
    REQUIRE(store);
    char msg[600];
    kg_status st = run_query(store, "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
                             KG_ACCESS_FILE, "/etc", msg, sizeof msg);
    if (st == KG_ERR_DENIED)
        TEST_FAIL_AT("with KG_ACCESS_FILE the query was still denied: %s", msg);
    kg_store_close(store);
}

/* ------------------------------------------------- queries: SERVICE */

static void query_service__is_denied_without_connecting(void)
{
    expect_denied("SELECT * WHERE { SERVICE <http://127.0.0.1:%d/sparql> { ?s ?p ?o } }", 0);
}

static void query_service__inside_optional_is_denied_without_connecting(void)
{
    expect_denied("SELECT * WHERE { OPTIONAL { SERVICE <http://127.0.0.1:%d/sparql> "
                  "{ ?s ?p ?o } } }",
                  0);
}

static void query_service_silent__answers_without_connecting(void)
{
    listener l = listen_loopback();
    char text[300], msg[600];
    snprintf(text, sizeof text,
             "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:%d/sparql> { ?s ?p ?o } }",
             l.port);
    kg_store *store = memory_store();
    REQUIRE(store);
    kg_status st = run_query(store, text, 0, NULL, msg, sizeof msg);
    EXPECT_INT(KG_OK, st);
    EXPECT(!was_contacted(&l));
    kg_store_close(store);
}

/* --------------------------------------------------- updates: LOAD */

static void update_load__local_file_is_denied(void)
{
    expect_denied("LOAD <file:///etc/passwd> #%d", 0);
}

static void update_load__local_file_into_graph_is_denied(void)
{
    expect_denied("LOAD <file:///etc/passwd> INTO GRAPH <http://example.org/g> #%d", 0);
}

static void update_load__http_is_denied_without_connecting(void)
{
    expect_denied("LOAD <http://127.0.0.1:%d/data.ttl>", 0);
}

static void update_load__http_is_denied_even_with_file_access(void)
{
    expect_denied("LOAD <http://127.0.0.1:%d/data.ttl>", KG_ACCESS_FILE);
}

static void update_load__file_outside_the_allowed_dir_is_denied(void)
{
    kg_store *store = memory_store();
    REQUIRE(store);
    char msg[600];
    kg_status st = run_query(store, "LOAD <file:///etc/passwd>", KG_ACCESS_FILE, kg_test_tmpdir(),
                             msg, sizeof msg);
    if (st != KG_ERR_DENIED)
        TEST_FAIL_AT("expected KG_ERR_DENIED, got %s (%s)", kg_strerror(st), msg);
    EXPECT(kg_store_size(store) == 0);
    kg_store_close(store);
}

static void update_load__file_inside_the_allowed_dir_loads(void)
{
    const char *dir = kg_test_tmpdir();
    char path[4200], text[4400], msg[600];
    snprintf(path, sizeof path, "%s/ok.ttl", dir);
    FILE *f = fopen(path, "w");
    REQUIRE(f);
    fputs("<http://example.org/a> <http://example.org/p> \"allowed\" .\n", f);
    fclose(f);
    snprintf(text, sizeof text, "LOAD <file://%s>", path);
    kg_store *store = memory_store();
    REQUIRE(store);
    kg_status st = run_query(store, text, KG_ACCESS_FILE, dir, msg, sizeof msg);
    if (st != KG_OK)
        TEST_FAIL_AT("expected the allowed LOAD to work, got %s (%s)", kg_strerror(st), msg);
    EXPECT_INT(1, kg_store_size(store));
    kg_store_close(store);
}

/* ------------------------------------------------------------ RDF/XML */

static void rdfxml_external_entity__file_is_not_read(void)
{
    kg_store *store = memory_store();
    REQUIRE(store);
    kg_status st = load_rdfxml(
        store, "<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [<!ENTITY s SYSTEM \"file:///etc/passwd\">]>\n",
        "&s;");
    EXPECT_INT(KG_ERR_DENIED, st);
    EXPECT_CONTAINS(kg_store_error(store)->message, "external entity");
    EXPECT(!store_mentions(store, "root:"));
    EXPECT_INT(0, kg_store_size(store));
    kg_store_close(store);
}

/* Loads RDF/XML whose prolog names a resource on a listener's port
 * (between before and after); true when the listener was contacted.
 * *st is the load's status. */
static bool fetches(const char *before, const char *after, const char *body, kg_status *st)
{
    listener l = listen_loopback();
    char prolog[300];
    snprintf(prolog, sizeof prolog, "%s%d%s", before, l.port, after);
    kg_store *store = memory_store();
    *st = store ? load_rdfxml(store, prolog, body) : KG_ERR_NOMEM;
    bool contacted = was_contacted(&l);
    kg_store_close(store);
    return contacted;
}

static void rdfxml_external_entity__http_is_not_fetched(void)
{
    kg_status st;
    EXPECT(!fetches("<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [<!ENTITY s SYSTEM \"http://127.0.0.1:",
                    "/x\">]>\n", "&s;", &st));
    EXPECT_INT(KG_ERR_DENIED, st);
}

static void rdfxml_external_entity__public_id_is_not_fetched(void)
{
    kg_status st;
    EXPECT(!fetches("<!DOCTYPE rdf:RDF [<!ENTITY s PUBLIC \"-//X//Y\" \"http://127.0.0.1:", "/x\">]>\n",
                    "&s;", &st));
    EXPECT_INT(KG_ERR_DENIED, st);
}

static void rdfxml_external_dtd__is_not_fetched(void)
{
    /* No entity is declared here, so the guard lets it through: what stops
     * the fetch is the external entity loader libkg gives libxml2. */
    kg_status st;
    EXPECT(!fetches("<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF SYSTEM \"http://127.0.0.1:",
                    "/rdf.dtd\">\n", "plain", &st));
}

static void rdfxml_parameter_entity__is_refused_without_fetching(void)
{
    listener l = listen_loopback();
    char prolog[300];
    snprintf(prolog, sizeof prolog,
             "<!DOCTYPE rdf:RDF [<!ENTITY %% pe SYSTEM \"http://127.0.0.1:%d/pe.dtd\"> %%pe;]>\n",
             l.port);
    kg_store *store = memory_store();
    REQUIRE(store);
    kg_status st = load_rdfxml(store, prolog, "x");
    EXPECT(st != KG_OK);
    EXPECT_CONTAINS(kg_store_error(store)->message, "parameter entities");
    EXPECT(!was_contacted(&l));
    kg_store_close(store);
}

static void rdfxml_parameter_entity__internal_is_refused(void)
{
    kg_store *store = memory_store();
    REQUIRE(store);
    kg_status st = load_rdfxml(
        store, "<!DOCTYPE rdf:RDF [<!ENTITY % pe \"<!ENTITY x 'boom'>\"> %pe;]>\n", "&x;");
    EXPECT(st != KG_OK);
    EXPECT_INT(0, kg_store_size(store));
    kg_store_close(store);
}

static void rdfxml_billion_laughs__is_refused_quickly(void)
{
    char prolog[4096] = "<!DOCTYPE rdf:RDF [<!ENTITY l0 \"lol\">";
    for (int i = 1; i <= 9; i++) {
        char decl[256];
        snprintf(decl, sizeof decl, "<!ENTITY l%d \"&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;\">",
                 i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
        strcat(prolog, decl);
    }
    strcat(prolog, "]>\n");
    kg_store *store = memory_store();
    REQUIRE(store);
    EXPECT(load_rdfxml(store, prolog, "&l9;") != KG_OK);
    EXPECT_INT(0, kg_store_size(store));
    kg_store_close(store);
}

/* Loads RDF/XML whose DTD declares a 50 kB entity a (then extra) and whose
 * body is ref 20,000 times: 1 GB of text once expanded, which libxml2's
 * own loop detection lets through. */
static kg_status load_blowup(kg_store *store, const char *extra, const char *ref)
{
    size_t big = 50000, refs = 20000, len = strlen(ref);
    char *prolog = malloc(big + strlen(extra) + 64), *body = malloc(refs * len + 1);
    kg_status st = KG_ERR_NOMEM;
    if (prolog && body) {
        int n = sprintf(prolog, "<!DOCTYPE rdf:RDF [<!ENTITY a \"");
        memset(prolog + n, 'x', big);
        sprintf(prolog + n + big, "\">%s]>\n", extra);
        for (size_t i = 0; i < refs; i++)
            memcpy(body + len * i, ref, len);
        body[len * refs] = '\0';
        st = load_rdfxml(store, prolog, body);
    }
    free(prolog);
    free(body);
    return st;
}

static void rdfxml_quadratic_blowup__is_refused_quickly(void)
{
    kg_store *store = memory_store();
    REQUIRE(store);
    EXPECT_INT(KG_ERR_LIMIT, load_blowup(store, "", "&a;"));
    EXPECT_CONTAINS(kg_store_error(store)->message, "expand");
    EXPECT_INT(0, kg_store_size(store));
    kg_store_close(store);
}

static void rdfxml_char_ref_smuggled_reference__counts_toward_the_budget(void)
{
    /* "&#38;a;" in an entity value becomes a reference to a once the
     * value is expanded: it must be counted like "&a;". */
    kg_store *store = memory_store();
    REQUIRE(store);
    EXPECT_INT(KG_ERR_LIMIT, load_blowup(store, "<!ENTITY b \"&#38;a;\">", "&b;"));
    EXPECT_INT(0, kg_store_size(store));
    kg_store_close(store);
}

static void rdfxml_utf16__is_refused_as_unreadable_to_the_guard(void)
{
    /* In UTF-16 the guard would see no markup at all. */
    static const char doc[] = "\xff\xfe<\0?\0x\0m\0l\0";
    kg_store *store = memory_store();
    REQUIRE(store);
    kg_load_options opts = KG_LOAD_OPTIONS_INIT;
    opts.format = KG_FORMAT_RDFXML;
    EXPECT_INT(KG_ERR_UNSUPPORTED, kg_load_string(store, doc, sizeof doc - 1, "u16.rdf", &opts, NULL));
    kg_store_close(store);
}

static void rdfxml_ebcdic__is_refused_as_unreadable_to_the_guard(void)
{
    kg_store *store = memory_store();
    REQUIRE(store);
    EXPECT_INT(KG_ERR_UNSUPPORTED,
               load_rdfxml(store, "<?xml version=\"1.0\" encoding=\"IBM037\"?>\n", "x"));
    kg_store_close(store);
}

static void rdfxml_internal_entities__ordinary_use_still_loads(void)
{
    kg_store *store = memory_store();
    REQUIRE(store);
    kg_status st = load_rdfxml(
        store,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE rdf:RDF [\n"
        "  <!ENTITY xsd \"http://www.w3.org/2001/XMLSchema#\">\n  <!-- a comment -->\n"
        "  <!ENTITY greeting \"hello &amp; welcome\">\n]>\n",
        "&greeting;, &greeting;");
    if (st != KG_OK)
        TEST_FAIL_AT("expected KG_OK, got %s (%s)", kg_strerror(st), kg_store_error(store)->message);
    EXPECT_INT(1, kg_store_size(store));
    EXPECT(store_mentions(store, "hello & welcome, hello & welcome"));
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(query_from__local_file_is_denied),
    TEST(query_from_named__local_file_is_denied),
    TEST(query_from__http_is_denied_without_connecting),
    TEST(query_from__http_is_denied_even_with_file_access),
    TEST(query_from__file_access_turned_on_is_no_longer_denied),
    TEST(query_service__is_denied_without_connecting),
    TEST(query_service__inside_optional_is_denied_without_connecting),
    TEST(query_service_silent__answers_without_connecting),
    TEST(update_load__local_file_is_denied),
    TEST(update_load__local_file_into_graph_is_denied),
    TEST(update_load__http_is_denied_without_connecting),
    TEST(update_load__http_is_denied_even_with_file_access),
    TEST(update_load__file_outside_the_allowed_dir_is_denied),
    TEST(update_load__file_inside_the_allowed_dir_loads),
    TEST(rdfxml_external_entity__file_is_not_read),
    TEST(rdfxml_external_entity__http_is_not_fetched),
    TEST(rdfxml_external_entity__public_id_is_not_fetched),
    TEST(rdfxml_external_dtd__is_not_fetched),
    TEST(rdfxml_parameter_entity__is_refused_without_fetching),
    TEST(rdfxml_parameter_entity__internal_is_refused),
    TEST(rdfxml_billion_laughs__is_refused_quickly),
    TEST(rdfxml_quadratic_blowup__is_refused_quickly),
    TEST(rdfxml_char_ref_smuggled_reference__counts_toward_the_budget),
    TEST(rdfxml_utf16__is_refused_as_unreadable_to_the_guard),
    TEST(rdfxml_ebcdic__is_refused_as_unreadable_to_the_guard),
    TEST(rdfxml_internal_entities__ordinary_use_still_loads),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
