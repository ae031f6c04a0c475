/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/api_test.c - the public API's versioning conventions
 * (graph/kg/CONVENTIONS.md): kg_version() agrees with kg/version.h and the
 * package version, every options struct made without its _INIT macro (version
 * 0) or by newer headers (a version this libkg does not know) is refused with
 * an error naming the macro, the _INIT value is accepted, and an endpoint
 * asks the application for credentials instead of reading the environment. */
#include "config.h"
#include "kg/kg.h"
#include "test.h"

static void version__matches_the_headers_and_the_package(void)
{
    int major = -1, minor = -1, patch = -1;
    const char *v = kg_version(&major, &minor, &patch);
    EXPECT_INT(KG_VERSION_MAJOR, major);
    EXPECT_INT(KG_VERSION_MINOR, minor);
    EXPECT_INT(KG_VERSION_PATCH, patch);
    EXPECT_STR(PACKAGE_VERSION, v);
    EXPECT_STR(v, kg_version(NULL, NULL, NULL));
    EXPECT(KG_VERSION >= KG_VERSION_NUMBER(0, 1, 0));
}

/* A refusal says what to do: use the struct's _INIT macro. */
static void expect_refused(kg_status st, const kg_error *err, const char *type, const char *macro)
{
    EXPECT_INT(KG_ERR_INVALID, st);
    EXPECT_CONTAINS(err->message, type);
    EXPECT_CONTAINS(err->message, macro);
}

static kg_store *memory_store(void)
{
    kg_store *store = NULL;
    kg_error err = {0};
    if (kg_store_open(&store, NULL, KG_STORE_MEMORY, &err) != KG_OK)
        printf("# cannot open a memory store: %s\n", err.message);
    return store;
}

static void options__load_and_export_check_their_version(void)
{
    kg_store *store = memory_store();
    REQUIRE(store);
    const char *ttl = "<http://e/s> <http://e/p> <http://e/o> .\n";
    kg_load_options lo = KG_LOAD_OPTIONS_INIT;
    lo.format = KG_FORMAT_TURTLE;
    EXPECT_INT(KG_OK, kg_load_string(store, ttl, strlen(ttl), "t.ttl", &lo, NULL));
    EXPECT_INT(KG_OK, kg_load_string(store, ttl, strlen(ttl), "t.ttl", NULL, NULL));
    unsigned bad[] = {0, KG_LOAD_OPTIONS_VERSION + 1};
    for (size_t i = 0; i < 2; i++) {
        lo.version = bad[i];
        expect_refused(kg_load_string(store, ttl, strlen(ttl), "t.ttl", &lo, NULL),
                       kg_store_error(store), "kg_load_options", "KG_LOAD_OPTIONS_INIT");
    }
    EXPECT_INT(1, kg_store_size(store));

    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    REQUIRE(out);
    kg_export_options eo = KG_EXPORT_OPTIONS_INIT;
    eo.format = KG_FORMAT_NTRIPLES;
    EXPECT_INT(KG_OK, kg_export_stream(store, out, &eo, NULL));
    eo.version = 0;
    expect_refused(kg_export_stream(store, out, &eo, NULL), kg_store_error(store),
                   "kg_export_options", "KG_EXPORT_OPTIONS_INIT");
    fclose(out);
    EXPECT_STR(ttl, text);
    free(text);
    kg_store_close(store);
}

static void options__query_checks_its_version(void)
{
    kg_store *store = memory_store();
    REQUIRE(store);
    const char *q = "ASK {}";
    kg_query_options qo = KG_QUERY_OPTIONS_INIT;
    kg_query *query = NULL;
    kg_error err = {0};
    EXPECT_INT(KG_OK, kg_query_prepare(&query, store, q, strlen(q), &qo, &err));
    kg_query_free(query);
    qo.version = KG_QUERY_OPTIONS_VERSION + 1;
    expect_refused(kg_query_prepare(&query, store, q, strlen(q), &qo, &err), &err,
                   "kg_query_options", "KG_QUERY_OPTIONS_INIT");
    EXPECT(query == NULL);
    kg_store_close(store);
}

static void options__explore_validate_and_import_check_their_version(void)
{
    kg_store *store = memory_store();
    REQUIRE(store);
    kg_exposure_options xo = KG_EXPOSURE_OPTIONS_INIT;
    kg_exposure_list *list = NULL;
    EXPECT_INT(KG_OK, kg_exposure_find(&list, store, NULL, &xo));
    kg_exposure_list_free(list);
    xo.version = 0;
    expect_refused(kg_exposure_find(&list, store, NULL, &xo), kg_store_error(store),
                   "kg_exposure_options", "KG_EXPOSURE_OPTIONS_INIT");

    kg_validate_options vo = KG_VALIDATE_OPTIONS_INIT;
    /* an empty store has no ontology: the version is checked before that */
    EXPECT_INT(KG_ERR_NOT_FOUND, kg_validate(store, &vo, NULL, NULL, NULL));
    vo.version = 0;
    expect_refused(kg_validate(store, &vo, NULL, NULL, NULL), kg_store_error(store),
                   "kg_validate_options", "KG_VALIDATE_OPTIONS_INIT");

    kg_import_options io = KG_IMPORT_OPTIONS_INIT;
    io.name = "l";
    io.mapping_path = "/nonexistent/l.map";
    EXPECT_INT(KG_ERR_NOT_FOUND, kg_import_list(store, "/nonexistent/l.csv", &io, NULL));
    io.version = 0;
    expect_refused(kg_import_list(store, "/nonexistent/l.csv", &io, NULL), kg_store_error(store),
                   "kg_import_options", "KG_IMPORT_OPTIONS_INIT");
    expect_refused(kg_links_unlink(store, "l", "x", &io, NULL), kg_store_error(store),
                   "kg_import_options", "KG_IMPORT_OPTIONS_INIT");
    kg_store_close(store);
}

static void options__ingest_checks_its_version(void)
{
    kg_store *store = memory_store();
    REQUIRE(store);
    char rules[4200];
    snprintf(rules, sizeof rules, "%s/ontology/ingest-rules.txt", getenv("srcdir"));
    kg_ingest_options o = KG_INGEST_OPTIONS_INIT;
    o.rules_path = rules;
    o.dry_run = true;
    kg_ingest *ing = NULL;
    kg_error err = {0};
    EXPECT_INT(KG_OK, kg_ingest_text(&ing, store, "x", 1, &o, &err));
    kg_ingest_free(ing);
    o.version = 0;
    expect_refused(kg_ingest_text(&ing, store, "x", 1, &o, &err), &err, "kg_ingest_options",
                   "KG_INGEST_OPTIONS_INIT");
    EXPECT(ing == NULL);
    kg_store_close(store);
}

typedef struct asked {
    int calls;
    char url[256];
} asked;

static kg_status refuse_credentials(void *ctx, kg_credential *out, const char *url)
{
    asked *a = ctx;
    a->calls++;
    snprintf(a->url, sizeof a->url, "%s", url);
    EXPECT(out->user == NULL && out->password == NULL && out->netrc_path == NULL);
    return KG_ERR_DENIED;
}

/* The callback is asked before anything is sent, so its refusal ends the
 * request: nothing listens on the URL and none is needed. */
static void endpoint__asks_the_application_for_credentials(void)
{
    asked a = {0};
    kg_endpoint_options eo = KG_ENDPOINT_OPTIONS_INIT;
    eo.credential = refuse_credentials;
    eo.credential_ctx = &a;
    kg_endpoint *ep = NULL;
    kg_error err = {0};
    REQUIRE(kg_endpoint_open(&ep, "http://127.0.0.1:9/sparql", &eo, &err) == KG_OK);
    kg_results *res = NULL;
    EXPECT_INT(KG_ERR_DENIED, kg_endpoint_query(&res, ep, "ASK {}", 6));
    EXPECT(res == NULL);
    EXPECT_INT(1, a.calls);
    EXPECT_STR("http://127.0.0.1:9/sparql", a.url);
    EXPECT_CONTAINS(kg_endpoint_error(ep)->message, "no credentials");
    kg_endpoint_close(ep);

    eo.version = 0;
    expect_refused(kg_endpoint_open(&ep, "http://127.0.0.1:9/sparql", &eo, &err), &err,
                   "kg_endpoint_options", "KG_ENDPOINT_OPTIONS_INIT");
    EXPECT(ep == NULL);
}

static const kg_test_case cases[] = {
    TEST(version__matches_the_headers_and_the_package),
    TEST(options__load_and_export_check_their_version),
    TEST(options__query_checks_its_version),
    TEST(options__explore_validate_and_import_check_their_version),
    TEST(options__ingest_checks_its_version),
    TEST(endpoint__asks_the_application_for_credentials),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
