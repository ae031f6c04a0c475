/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/gen.c - a deterministic generator of a synthetic news knowledge
 * graph under the kgsh ontology, for the benchmark (bench/run.sh).
 *
 * The same seed and size always give the same bytes. The graph has the
 * shapes of the TriG files in datasets/articles/ at scale: cities, countries, agencies
 * and sanctions programmes in the default graph; then one named graph per
 * article holding the article node, the companies it introduces (labels,
 * skos:altLabel aliases, kg:headquarteredIn, kg:subsidiaryOf chains of
 * depth up to 10 with a few cycles), the official and post it names, a
 * sanction now and then (kg:sanctions, kg:authority, kg:programme,
 * kg:startDate), kg:mentionedIn links to earlier companies, and sentence
 * provenance (kg:Sentence nodes and rdf:Statement reifications with
 * kg:statedIn). Output stops at exactly the requested number of triples.
 *
 * Fixed anchors the reference queries (bench/queries/) rely on at every
 * size: companies 0-9 form a chain (company-9 subsidiaryOf company-8 ...
 * company-0), companies 10-19 a chain closed into a cycle, and city-0 is
 * the most common headquarters.
 *
 * Usage: gen -n TRIPLES [-s SEED] [-q OUT.nq] [-t OUT.trig] [-d GRAPH_IRI]
 * -d writes the default graph's triples into the named graph GRAPH_IRI in
 * the N-Quads output: the copy for Jena TDB2, whose union default graph
 * (the only way it reads every graph at once) leaves the default graph out.
 * This program is not part of libkg: it prints and exits freely. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- terms ---- */

enum ns { NS_KG, NS_KGR, NS_RDF, NS_RDFS, NS_SKOS, NS_XSD, NS_ART, NS_COUNT };
static const char *const ns_prefix[NS_COUNT] = {"kg", "kgr", "rdf", "rdfs", "skos", "xsd", "art"};
static const char *const ns_iri[NS_COUNT] = {
    "https://w3id.org/kgsh/ontology#",
    "https://w3id.org/kgsh/id/",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/2001/XMLSchema#",
    "https://w3id.org/kgsh/article/",
};

/* An IRI is a namespace plus a local name (written prefixed in TriG when
 * the local name is a plain PN_LOCAL, in full otherwise); a literal is a
 * lexical form with an optional datatype (namespace XSD) or language. */
typedef struct term {
    bool literal;
    enum ns ns;
    char text[192];      /* local name or lexical form */
    const char *dt;      /* literal datatype local name in xsd:, or NULL */
    const char *lang;    /* literal language, or NULL */
    bool full;           /* IRI whose local name is not a PN_LOCAL */
} term;

static term iri(enum ns ns, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static term iri(enum ns ns, const char *fmt, ...)
{
    term t = {.ns = ns};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t.text, sizeof t.text, fmt, ap);
    va_end(ap);
    t.full = strpbrk(t.text, "#/") != NULL;
    return t;
}

static term lit(const char *dt, const char *lang, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static term lit(const char *dt, const char *lang, const char *fmt, ...)
{
    term t = {.literal = true, .dt = dt, .lang = lang};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t.text, sizeof t.text, fmt, ap);
    va_end(ap);
    return t;
}

/* ---- output ---- */

typedef struct out {
    FILE *nq, *trig;
    uint64_t count, limit;
    term graph;          /* current graph; graph.text[0] == 0: default */
    const char *default_graph; /* -d: N-Quads graph IRI of the default graph, or NULL */
    bool in_graph;       /* TriG: inside a graph block */
    term last_s;         /* TriG: subject of the open statement group */
    bool open_group;
} out;

static void write_nt(FILE *f, const term *t)
{
    if (!t->literal) {
        fprintf(f, "<%s%s>", ns_iri[t->ns], t->text);
        return;
    }
    fprintf(f, "\"%s\"", t->text); /* generated text never needs escapes */
    if (t->lang)
        fprintf(f, "@%s", t->lang);
    else if (t->dt)
        fprintf(f, "^^<%s%s>", ns_iri[NS_XSD], t->dt);
}

static void write_ttl(FILE *f, const term *t)
{
    if (!t->literal && t->full) {
        write_nt(f, t);
    } else if (!t->literal) {
        fprintf(f, "%s:%s", ns_prefix[t->ns], t->text);
    } else {
        fprintf(f, "\"%s\"", t->text);
        if (t->lang)
            fprintf(f, "@%s", t->lang);
        else if (t->dt)
            fprintf(f, "^^xsd:%s", t->dt);
    }
}

static bool same_term(const term *a, const term *b)
{
    return a->literal == b->literal && a->ns == b->ns && strcmp(a->text, b->text) == 0;
}

static void trig_close_group(out *o)
{
    if (o->trig && o->open_group)
        fputs(" .\n", o->trig);
    o->open_group = false;
}

static void trig_close_graph(out *o)
{
    trig_close_group(o);
    if (o->trig && o->in_graph)
        fputs("}\n\n", o->trig);
    o->in_graph = false;
}

/* Starts a new graph: an article's, or the default graph when g is NULL. */
static void begin_graph(out *o, const term *g)
{
    trig_close_graph(o);
    if (g)
        o->graph = *g;
    else
        memset(&o->graph, 0, sizeof o->graph);
}

static bool full(const out *o)
{
    return o->count >= o->limit;
}

static void emit(out *o, const term *s, const term *p, const term *obj)
{
    if (full(o))
        return;
    o->count++;
    bool named = o->graph.text[0] != 0;
    if (o->nq) {
        write_nt(o->nq, s);
        fputc(' ', o->nq);
        write_nt(o->nq, p);
        fputc(' ', o->nq);
        write_nt(o->nq, obj);
        if (named) {
            fputc(' ', o->nq);
            write_nt(o->nq, &o->graph);
        } else if (o->default_graph) {
            fprintf(o->nq, " <%s>", o->default_graph);
        }
        fputs(" .\n", o->nq);
    }
    if (!o->trig)
        return;
    if (named && !o->in_graph) {
        write_ttl(o->trig, &o->graph);
        fputs(" {\n", o->trig);
        o->in_graph = true;
    }
    const char *indent = o->in_graph ? "    " : "";
    if (o->open_group && same_term(&o->last_s, s)) {
        fprintf(o->trig, " ;\n%s    ", indent);
    } else {
        trig_close_group(o);
        fputs(indent, o->trig);
        write_ttl(o->trig, s);
        fputc(' ', o->trig);
        o->last_s = *s;
        o->open_group = true;
    }
    if (!p->literal && p->ns == NS_RDF && strcmp(p->text, "type") == 0)
        fputc('a', o->trig);
    else
        write_ttl(o->trig, p);
    fputc(' ', o->trig);
    write_ttl(o->trig, obj);
}

/* ---- deterministic randomness (splitmix64) ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t below(uint64_t n)
{
    return n ? rnd() % n : 0;
}

static double unit(void)
{
    return (double)(rnd() >> 11) / 9007199254740992.0;
}

/* ---- names and text ---- */

static const char *const syllables[] = {
    "an", "bei", "cor", "da", "el", "fu", "gal", "hua", "in", "jin", "ka", "lu", "mer",
    "no", "or", "pan", "qi", "ra", "sen", "ta", "un", "vo", "wei", "xin", "yo", "zen",
};
static const char *const company_kinds[] = {"Holdings", "Technologies", "Robotics", "Semiconductor",
                                            "Group", "Capital", "Logistics", "Biotech"};
static const char *const industries[] = {
    "artificial intelligence", "robotics", "semiconductors", "telecommunications", "batteries",
    "surveillance equipment", "drug discovery", "cloud computing", "logistics", "finance"};
static const char *const words[] = {
    "the", "company", "said", "on", "its", "plan", "to", "expand", "in", "a", "new",
    "office", "officials", "announced", "investment", "after", "sanctions", "were",
    "imposed", "by", "authorities", "over", "concerns", "about", "exports", "of",
    "technology", "and", "partners", "region", "market", "growth"};
static const char *const sanction_classes[] = {"ExportControlListing", "Designation",
                                               "AssetFreeze", "ProcurementBan"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A pronounceable name made from the number n (distinct n, distinct name). */
static void name_of(char *buf, size_t size, uint64_t n, int min_syllables)
{
    size_t len = 0;
    int k = 0;
    do {
        const char *syl = syllables[n % COUNT(syllables)];
        n /= COUNT(syllables);
        len += (size_t)snprintf(buf + len, size > len ? size - len : 0, "%s", syl);
        k++;
    } while ((n > 0 || k < min_syllables) && len + 4 < size);
    buf[0] = (char)(buf[0] - 'a' + 'A');
}

static void sentence_text(char *buf, size_t size, int words_wanted)
{
    size_t len = 0;
    for (int i = 0; i < words_wanted && len + 16 < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? " " : "",
                                words[below(COUNT(words))]);
    snprintf(buf + len, size - len, ".");
    buf[0] = (char)(buf[0] - 'a' + 'A');
}

static term date_lit(int year_from, int years)
{
    return lit("date", NULL, "%04d-%02d-%02d", year_from + (int)below((uint64_t)years),
               1 + (int)below(12), 1 + (int)below(28));
}

/* ---- the world ---- */

typedef struct world {
    uint64_t cities, countries, agencies, programmes;
    uint64_t companies;      /* companies introduced so far */
    uint64_t family_root;    /* first company of the current family */
    uint64_t family_left;    /* members of the current family still to come */
    bool family_cycle;       /* close the current family into a cycle */
    uint64_t families;
} world;

static const term *rdf_type(void)
{
    static term t;
    if (!t.text[0])
        t = iri(NS_RDF, "type");
    return &t;
}

static void emit_reference_data(out *o, const world *w)
{
    term p_label = iri(NS_RDFS, "label"), p_loc = iri(NS_KG, "locatedIn");
    term p_based = iri(NS_KG, "basedIn");
    char name[64];
    for (uint64_t i = 0; i < w->countries; i++) {
        term c = iri(NS_KGR, "country-%" PRIu64, i), cls = iri(NS_KG, "Country");
        name_of(name, sizeof name, i * 7 + 3, 2);
        term l = lit(NULL, "en", "%sland", name);
        emit(o, &c, rdf_type(), &cls);
        emit(o, &c, &p_label, &l);
    }
    for (uint64_t i = 0; i < w->cities; i++) {
        term c = iri(NS_KGR, "city-%" PRIu64, i), cls = iri(NS_KG, "City");
        term country = iri(NS_KGR, "country-%" PRIu64, i % w->countries);
        name_of(name, sizeof name, i * 13 + 5, 2);
        term l = lit(NULL, "en", "%s City", name);
        emit(o, &c, rdf_type(), &cls);
        emit(o, &c, &p_label, &l);
        emit(o, &c, &p_loc, &country);
    }
    for (uint64_t i = 0; i < w->agencies; i++) {
        term a = iri(NS_KGR, "agency-%" PRIu64, i), cls = iri(NS_KG, "GovernmentAgency");
        term city = iri(NS_KGR, "city-%" PRIu64, i % w->cities);
        name_of(name, sizeof name, i * 17 + 11, 2);
        term l = lit(NULL, NULL, "%s Trade Bureau", name);
        emit(o, &a, rdf_type(), &cls);
        emit(o, &a, &p_label, &l);
        emit(o, &a, &p_based, &city);
    }
    for (uint64_t i = 0; i < w->programmes; i++) {
        term pr = iri(NS_KGR, "programme-%" PRIu64, i), cls = iri(NS_KG, "SanctionsProgramme");
        name_of(name, sizeof name, i * 19 + 2, 2);
        term l = lit(NULL, NULL, "%s List", name);
        emit(o, &pr, rdf_type(), &cls);
        emit(o, &pr, &p_label, &l);
    }
}

/* Cities are skewed: low numbers are far more common, as big cities are. */
static uint64_t pick_city(const world *w)
{
    double u = unit();
    return (uint64_t)(u * u * (double)w->cities);
}

static void next_family(world *w)
{
    w->family_root = w->companies;
    if (w->families < 2) { /* the anchors: a chain of 10 and a cycle of 10 */
        w->family_left = 10;
        w->family_cycle = w->families == 1;
    } else {
        w->family_left = 1 + below(10);
        w->family_cycle = w->family_left >= 2 && below(100) < 5;
    }
    w->families++;
}

/* Introduces one company in the current article; returns its number. */
static uint64_t emit_company(out *o, world *w, const term *article)
{
    if (w->family_left == 0)
        next_family(w);
    uint64_t n = w->companies++;
    w->family_left--;
    term c = iri(NS_KGR, "company-%" PRIu64, n), cls = iri(NS_KG, "Company");
    char name[64];
    name_of(name, sizeof name, n * 2654435761u % 1000003u + n, 2);
    term label = lit(NULL, NULL, "%s %s", name, company_kinds[n % COUNT(company_kinds)]);
    term p_label = iri(NS_RDFS, "label"), p_alt = iri(NS_SKOS, "altLabel");
    emit(o, &c, rdf_type(), &cls);
    emit(o, &c, &p_label, &label);
    uint64_t aliases = below(3);
    for (uint64_t a = 0; a < aliases; a++) {
        term alias = a == 0 ? lit(NULL, NULL, "%s", name) : lit(NULL, NULL, "%s Co", name);
        emit(o, &c, &p_alt, &alias);
    }
    term p_hq = iri(NS_KG, "headquarteredIn");
    term city = iri(NS_KGR, "city-%" PRIu64, n < 20 ? 0 : pick_city(w));
    emit(o, &c, &p_hq, &city);
    term p_ind = iri(NS_KG, "industry");
    term ind = lit(NULL, NULL, "%s", industries[below(COUNT(industries))]);
    emit(o, &c, &p_ind, &ind);
    term p_found = iri(NS_KG, "foundingDate"), founded = date_lit(1950, 70);
    emit(o, &c, &p_found, &founded);
    term p_ment = iri(NS_KG, "mentionedIn");
    emit(o, &c, &p_ment, article);
    term p_sub = iri(NS_KG, "subsidiaryOf");
    if (n != w->family_root) {
        term parent = iri(NS_KGR, "company-%" PRIu64, n - 1);
        emit(o, &c, &p_sub, &parent);
    }
    if (w->family_left == 0 && w->family_cycle) {
        term root = iri(NS_KGR, "company-%" PRIu64, w->family_root);
        emit(o, &root, &p_sub, &c);
    }
    return n;
}

static void emit_article(out *o, world *w, uint64_t k)
{
    term art = iri(NS_ART, "gen-%06" PRIu64, k);
    begin_graph(o, &art);
    term cls = iri(NS_KG, "Article"), p_label = iri(NS_RDFS, "label");
    term p_title = iri(NS_KG, "title"), p_pub = iri(NS_KG, "datePublished");
    term p_src = iri(NS_KG, "source");
    char text[192];
    sentence_text(text, sizeof text, 8);
    term title = lit(NULL, NULL, "%s", text);
    emit(o, &art, rdf_type(), &cls);
    emit(o, &art, &p_label, &title);
    emit(o, &art, &p_title, &title);
    term published = date_lit(2015, 10), src = lit(NULL, NULL, "gen_%06" PRIu64 ".txt", k);
    emit(o, &art, &p_pub, &published);
    emit(o, &art, &p_src, &src);

    uint64_t first = emit_company(o, w, &art);
    emit_company(o, w, &art);

    /* Two distinct companies from earlier articles are mentioned again. */
    term p_ment = iri(NS_KG, "mentionedIn");
    if (first >= 2) {
        uint64_t a = below(first), b = (a + 1 + below(first - 1)) % first;
        term ca = iri(NS_KGR, "company-%" PRIu64, a), cb = iri(NS_KGR, "company-%" PRIu64, b);
        emit(o, &ca, &p_ment, &art);
        emit(o, &cb, &p_ment, &art);
    }

    /* An official holding a post in an agency or a company. */
    term person = iri(NS_KGR, "person-%" PRIu64, k), post = iri(NS_KGR, "post-%" PRIu64, k);
    term c_off = iri(NS_KG, "Official"), c_per = iri(NS_KG, "Person"), c_post = iri(NS_KG, "Post");
    char name[64];
    name_of(name, sizeof name, k * 40503u + 7, 3);
    term pname = lit(NULL, NULL, "%s", name);
    term p_holds = iri(NS_KG, "holdsPost"), p_in = iri(NS_KG, "postIn");
    emit(o, &person, rdf_type(), &c_off);
    emit(o, &person, rdf_type(), &c_per);
    emit(o, &person, &p_label, &pname);
    emit(o, &person, &p_holds, &post);
    emit(o, &person, &p_ment, &art);
    bool in_agency = below(2) == 0;
    term org = in_agency ? iri(NS_KGR, "agency-%" PRIu64, below(w->agencies))
                         : iri(NS_KGR, "company-%" PRIu64, first);
    term post_label = lit(NULL, NULL, "%s of %s", in_agency ? "Director" : "Chief Executive",
                          org.text);
    emit(o, &post, rdf_type(), &c_post);
    emit(o, &post, &p_label, &post_label);
    emit(o, &post, &p_in, &org);

    /* A sanction in about three articles of ten. */
    term sanctioned = iri(NS_KGR, "company-%" PRIu64, below(w->companies));
    if (below(10) < 3) {
        term sanc = iri(NS_KGR, "sanction-%" PRIu64, k);
        term sc = iri(NS_KG, "%s", sanction_classes[below(COUNT(sanction_classes))]);
        term slabel = lit(NULL, NULL, "Listing of %s", sanctioned.text);
        term p_sanc = iri(NS_KG, "sanctions"), p_auth = iri(NS_KG, "authority");
        term p_prog = iri(NS_KG, "programme"), p_start = iri(NS_KG, "startDate");
        term p_reason = iri(NS_KG, "reason");
        term auth = iri(NS_KGR, "agency-%" PRIu64, below(w->agencies));
        term prog = iri(NS_KGR, "programme-%" PRIu64, below(w->programmes));
        term start = date_lit(2010, 15);
        sentence_text(text, sizeof text, 10);
        term reason = lit(NULL, NULL, "%s", text);
        emit(o, &sanc, rdf_type(), &sc);
        emit(o, &sanc, &p_label, &slabel);
        emit(o, &sanc, &p_sanc, &sanctioned);
        emit(o, &sanc, &p_auth, &auth);
        emit(o, &sanc, &p_prog, &prog);
        emit(o, &sanc, &p_start, &start);
        emit(o, &sanc, &p_reason, &reason);
    }

    /* Sentences, and which sentence states which statement. */
    term c_sent = iri(NS_KG, "Sentence"), p_inart = iri(NS_KG, "inArticle");
    term p_index = iri(NS_KG, "index"), p_text = iri(NS_KG, "text");
    for (int s = 1; s <= 3; s++) {
        term sent = iri(NS_ART, "gen-%06" PRIu64 "#s%d", k, s);
        sentence_text(text, sizeof text, 12 + (int)below(12));
        term idx = lit("positiveInteger", NULL, "%d", s), txt = lit(NULL, NULL, "%s", text);
        emit(o, &sent, rdf_type(), &c_sent);
        emit(o, &sent, &p_inart, &art);
        emit(o, &sent, &p_index, &idx);
        emit(o, &sent, &p_text, &txt);
    }
    term c_stmt = iri(NS_RDF, "Statement"), p_subj = iri(NS_RDF, "subject");
    term p_pred = iri(NS_RDF, "predicate"), p_obj = iri(NS_RDF, "object");
    term p_stated = iri(NS_KG, "statedIn");
    for (int s = 1; s <= 2; s++) {
        term st = iri(NS_ART, "gen-%06" PRIu64 "#st%d", k, s);
        term subj = iri(NS_KGR, "company-%" PRIu64, first + (uint64_t)s - 1);
        term sent = iri(NS_ART, "gen-%06" PRIu64 "#s%d", k, s);
        emit(o, &st, rdf_type(), &c_stmt);
        emit(o, &st, &p_subj, &subj);
        emit(o, &st, &p_pred, &p_ment);
        emit(o, &st, &p_obj, &art);
        emit(o, &st, &p_stated, &sent);
    }
}

static void write_prefixes(FILE *f)
{
    fputs("# Synthetic news graph written by bench/gen.c (kgsh benchmark data).\n", f);
    for (int i = 0; i < NS_COUNT; i++)
        fprintf(f, "@prefix %s: <%s> .\n", ns_prefix[i], ns_iri[i]);
    fputc('\n', f);
}

static FILE *open_out(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    static char bufs[2][1 << 20];
    static int used;
    setvbuf(f, bufs[used++ % 2], _IOFBF, sizeof bufs[0]);
    return f;
}

static void usage(void)
{
    fputs("usage: gen -n TRIPLES [-s SEED] [-q OUT.nq] [-t OUT.trig] [-d GRAPH_IRI]\n", stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    uint64_t triples = 0, seed = 1;
    const char *nq_path = NULL, *trig_path = NULL, *default_graph = NULL;
    int opt;
    while ((opt = getopt(argc, argv, "n:s:q:t:d:")) != -1) {
        switch (opt) {
        case 'n': triples = strtoull(optarg, NULL, 10); break;
        case 's': seed = strtoull(optarg, NULL, 10); break;
        case 'q': nq_path = optarg; break;
        case 't': trig_path = optarg; break;
        case 'd': default_graph = optarg; break;
        default: usage();
        }
    }
    if (triples == 0 || (!nq_path && !trig_path))
        usage();
    rng_state = seed;

    out o = {.limit = triples, .default_graph = default_graph};
    if (nq_path)
        o.nq = open_out(nq_path);
    if (trig_path) {
        o.trig = open_out(trig_path);
        write_prefixes(o.trig);
    }
    world w = {
        .cities = 50 + triples / 20000,
        .countries = 10,
        .agencies = 20 + triples / 50000,
        .programmes = 8,
    };
    emit_reference_data(&o, &w);
    for (uint64_t k = 0; !full(&o); k++)
        emit_article(&o, &w, k);
    trig_close_graph(&o);

    int rc = 0;
    if (o.nq && fclose(o.nq) != 0)
        rc = 1, perror(nq_path);
    if (o.trig && fclose(o.trig) != 0)
        rc = 1, perror(trig_path);
    fprintf(stderr, "gen: %" PRIu64 " triples, %" PRIu64 " companies, %" PRIu64 " families\n",
            o.count, w.companies, w.families);
    return rc;
}
