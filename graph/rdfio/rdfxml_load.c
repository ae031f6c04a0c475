/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rdfio/rdfxml_load.c - RDF/XML through raptor, closed to the outside.
 *
 * raptor fetches external entities and DTDs through libxml2 unless told
 * not to, and its noNet/noFile options do not cover everything: libxml2's
 * external entity loader is replaced by one that refuses every request, and
 * raptor is told to deny network and file access as well. The input is fed
 * in chunks so an interrupt is noticed between them, and each chunk passes
 * the entity guard (xml_guard.h) before the parser sees it. */
#include <libxml/parser.h>
#include <raptor2.h>
#include <string.h>

#include "rdfio/load_impl.h"
#include "rdfio/xml_guard.h"

static xmlParserInputPtr deny_external_entity(const char *url, const char *id,
                                              xmlParserCtxtPtr ctxt)
{
    (void)url, (void)id, (void)ctxt;
    return NULL;
}

typedef struct rdfxml_load {
    kg_loader *ld;
    raptor_world *world;
    raptor_parser *parser;
} rdfxml_load;

static void take_position(rdfxml_load *rl, raptor_locator *at)
{
    if (!at)
        return;
    rl->ld->line = at->line > 0 ? (unsigned long)at->line : 0;
    rl->ld->column = at->column > 0 ? (unsigned long)at->column : 0;
}

static void on_log(void *user_data, raptor_log_message *message)
{
    rdfxml_load *rl = user_data;
    if (message->level < RAPTOR_LOG_LEVEL_ERROR)
        return; /* warnings are raptor's chatter, not the user's problem */
    take_position(rl, message->locator);
    char text[400];
    snprintf(text, sizeof text, "%s", message->text ? message->text : "RDF/XML error");
    text[strcspn(text, "\n")] = '\0';
    kg_loader_fail(rl->ld, KG_ERR_SYNTAX, "%s", text);
}

static bool to_term(raptor_term *rt, kg_term *out)
{
    memset(out, 0, sizeof *out);
    size_t len = 0;
    switch (rt->type) {
    case RAPTOR_TERM_TYPE_URI:
        out->kind = KG_TERM_IRI;
        out->value = (const char *)raptor_uri_as_counted_string(rt->value.uri, &len);
        out->value_len = len;
        return true;
    case RAPTOR_TERM_TYPE_BLANK:
        out->kind = KG_TERM_BLANK;
        out->value = (const char *)rt->value.blank.string;
        out->value_len = rt->value.blank.string_len;
        return true;
    case RAPTOR_TERM_TYPE_LITERAL:
        out->kind = KG_TERM_LITERAL;
        out->value = (const char *)rt->value.literal.string;
        out->value_len = rt->value.literal.string_len;
        if (rt->value.literal.datatype)
            out->datatype = (const char *)raptor_uri_as_string(rt->value.literal.datatype);
        if (rt->value.literal.language && rt->value.literal.language_len)
            out->lang = (const char *)rt->value.literal.language;
        return true;
    default:
        return false;
    }
}

static void on_statement(void *user_data, raptor_statement *st)
{
    rdfxml_load *rl = user_data;
    if (rl->ld->failed)
        return;
    kg_term spo[3];
    kg_term *s = &spo[0], *p = &spo[1], *o = &spo[2];
    char labels[2][512];
    if (!to_term(st->subject, s) || !to_term(st->predicate, p) || !to_term(st->object, o)) {
        kg_loader_fail(rl->ld, KG_ERR_SYNTAX, "unexpected term in RDF/XML");
        return;
    }
    /* raptor passes on whatever an rdf:about, a namespace or an entity
     * expansion spelled ("-->", "http~://"); the store refuses IRIs no
     * export could write back, and the error points here */
    take_position(rl, raptor_parser_get_locator(rl->parser));
    /* raptor names blank nodes per parse: prefix them like serd does */
    kg_term *blanks[2] = {s, o};
    for (int i = 0; i < 2; i++) {
        if (blanks[i]->kind != KG_TERM_BLANK)
            continue;
        int n = snprintf(labels[i], sizeof labels[i], "%s%s", rl->ld->blank_prefix,
                         blanks[i]->value);
        blanks[i]->value = labels[i];
        blanks[i]->value_len = n > 0 && (size_t)n < sizeof labels[i] ? (size_t)n : 0;
    }
    kg_loader_add(rl->ld, s, p, o, NULL);
}

kg_status kg_load_rdfxml(kg_loader *ld, FILE *in)
{
    xmlSetExternalEntityLoader(deny_external_entity);
    rdfxml_load rl = {ld, raptor_new_world(), NULL};
    if (!rl.world || raptor_world_open(rl.world) != 0) {
        raptor_free_world(rl.world);
        return kg_loader_fail(ld, KG_ERR_NOMEM, "cannot start the RDF/XML parser");
    }
    raptor_world_set_log_handler(rl.world, &rl, on_log);
    raptor_parser *parser = raptor_new_parser(rl.world, "rdfxml");
    rl.parser = parser;
    raptor_uri *base = raptor_new_uri(rl.world, (const unsigned char *)ld->base_iri);
    kg_xml_guard *guard = kg_xml_guard_new();
    if (!parser || !base || !guard) {
        kg_xml_guard_free(guard);
        if (base)
            raptor_free_uri(base);
        raptor_free_parser(parser);
        raptor_free_world(rl.world);
        return kg_loader_fail(ld, KG_ERR_NOMEM, "cannot start the RDF/XML parser");
    }
    raptor_parser_set_option(parser, RAPTOR_OPTION_NO_NET, NULL, 1);
    raptor_parser_set_option(parser, RAPTOR_OPTION_NO_FILE, NULL, 1);
    raptor_parser_set_option(parser, RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES, NULL, 0);
    raptor_parser_set_statement_handler(parser, &rl, on_statement);
    if (raptor_parser_parse_start(parser, base) != 0)
        kg_loader_fail(ld, KG_ERR_SYNTAX, "cannot start parsing RDF/XML");
    unsigned char buf[65536];
    size_t n;
    char why[256];
    kg_status guarded;
    while (!ld->failed && !kg_loader_interrupted(ld) && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        ld->bytes_read += n;
        if ((guarded = kg_xml_guard_scan(guard, buf, n, why, sizeof why)) != KG_OK)
            kg_loader_fail(ld, guarded, "%s", why);
        else if (raptor_parser_parse_chunk(parser, buf, n, 0) != 0)
            kg_loader_fail(ld, KG_ERR_SYNTAX, "malformed RDF/XML");
    }
    if (!ld->failed && ferror(in))
        kg_loader_fail(ld, KG_ERR_IO, "read error");
    if (!ld->failed && raptor_parser_parse_chunk(parser, NULL, 0, 1) != 0)
        kg_loader_fail(ld, KG_ERR_SYNTAX, "malformed RDF/XML");
    kg_xml_guard_free(guard);
    raptor_free_uri(base);
    raptor_free_parser(parser);
    raptor_free_world(rl.world);
    return ld->failed ? ld->status : KG_OK;
}
