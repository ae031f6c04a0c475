"""Build datasets/articles/NNN-<slug>.trig from the hand-written mapping of
that article, the entity catalog and the article text, and check the result
against the ontology.

Usage: build.py [--check] [NNN-<slug> ...]   (default: every mapped article)
  --check  rebuild in memory and fail if a committed .trig file differs.

Inputs (all under datasets/):
  articles/NNN-<slug>.txt        the clean article (headers, blank line, body)
  mapping/entities.ttl           types and names of every real-world thing
  mapping/NNN-<slug>.map.trig    the careful reading of the article:
      m:sK { ... }     triples stated by body sentence K (a triple in several
                       sentence graphs is stated by all of them);
      m:nodes { ... }  types and labels of nodes that only this article needs
                       (plans, investments, agreements);
      m:notes { ... }  m:sK kg:correction / kg:note "..." about sentence K;
      m:aliases { ... }  short names this article uses for a catalog entry
                       (kgr:paul-chan m:alias "Chan"), for finding mentions;
      m:boilerplate { m:article m:sentence K ... }  sentences that are site
                       furniture, not article text (never searched for mentions).

The output graph holds: the article node; descriptions (rdf:type, rdfs:label,
skos:altLabel, skos:hiddenLabel) of every node used; the domain triples; one
kg:mentionedIn triple per catalog entry named in a non-boilerplate sentence;
one kg:Sentence node per sentence used; one rdf:Statement node per domain
triple (including kg:mentionedIn) with kg:statedIn for each sentence; and the
catalog's kg:locatedIn chain (general geography) of every place used.

Authoring tool only: kgsh never needs Python to build or run.
"""

import os
import re
import sys
from collections import defaultdict

from rdflib import ConjunctiveGraph, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from article import read_article, sentences  # noqa: E402
from validate import Ontology, problems  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATASETS = os.path.dirname(HERE)
ONTOLOGY = os.path.join(os.path.dirname(DATASETS), "ontology", "kgsh.ttl")

KG = Namespace("https://w3id.org/kgsh/ontology#")
KGR = Namespace("https://w3id.org/kgsh/id/")
ART = "https://w3id.org/kgsh/article/"
M = Namespace("urn:kgsh:map:")

DESCRIPTIVE = {RDF.type, RDFS.label, SKOS.altLabel, SKOS.hiddenLabel}
# Kinds of catalog entry reported by kg:mentionedIn (posts, sanctions and
# programmes are things the article states, not things it names).
MENTIONABLE = {KG.Agent, KG.Place, KG.Event}

PREFIXES = [
    ("kg", str(KG)), ("kgr", str(KGR)), ("rdf", str(RDF)), ("rdfs", str(RDFS)),
    ("skos", str(SKOS)), ("xsd", str(XSD)),
]

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]


def parse_date(text):
    """Article header date -> typed literal, as precise as the text."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        return Literal(text, datatype=XSD.date)
    m = re.fullmatch(r"([A-Z][a-z]+) (\d{1,2})", text)
    if m and m.group(1) in MONTHS:
        month = MONTHS.index(m.group(1)) + 1
        return Literal(f"--{month:02d}-{int(m.group(2)):02d}", datatype=XSD.gMonthDay)
    raise ValueError(f"cannot read date {text!r}")


def find_mentions(sentence, names):
    """Entities named in a sentence. names: list of (text, entity). Longest
    names win where matches overlap ("Xunfei Healthcare" over "Xunfei"); a
    name directly followed by "$" is a currency sign ("US$129 million")."""
    found = []
    for text, ent in names:
        for m in re.finditer(r"(?<!\w)" + re.escape(text) + r"(?![\w$])", sentence):
            found.append((m.start(), m.end(), ent))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    taken, result = [], set()
    for start, end, ent in found:
        if all(end <= a or start >= b for a, b in taken):
            taken.append((start, end))
            result.add(ent)
    return result


class Builder:
    def __init__(self, slug, onto, catalog):
        self.slug = slug
        self.onto = onto
        self.catalog = catalog
        self.iri = URIRef(ART + slug)
        self.local = Namespace(ART + slug + "#")
        self.errors = []
        self.headers, body = read_article(os.path.join(DATASETS, "articles", slug + ".txt"))
        self.sentences = sentences(body)
        self.map = ConjunctiveGraph()
        self.map.parse(os.path.join(DATASETS, "mapping", slug + ".map.trig"), format="trig")

    def graph(self, name):
        return self.map.get_context(M[name])

    def sentence_no(self, node):
        m = re.fullmatch(re.escape(str(M)) + r"s(\d+)", str(node))
        if not m or not 1 <= int(m.group(1)) <= len(self.sentences):
            self.errors.append(f"no sentence {node}")
            return None
        return int(m.group(1))

    def run(self):
        stated = defaultdict(set)          # domain triple -> sentence numbers
        described = Graph()                # descriptive triples
        for ctx in self.map.contexts():
            name = ctx.identifier
            if not str(name).startswith(str(M) + "s"):
                continue
            k = self.sentence_no(name)
            for t in ctx:
                if t[1] in DESCRIPTIVE:
                    described.add(t)
                else:
                    stated[t].add(k)
        for t in self.graph("nodes"):
            described.add(t)
        for s, p in self.mentions().items():
            stated[(s, KG.mentionedIn, self.iri)] = p
        notes = [(self.sentence_no(s), p, o) for s, p, o in self.graph("notes")]
        used = {k for ks in stated.values() for k in ks} | {k for k, _, _ in notes}
        out = Graph()
        self.article_node(out)
        for t in stated:
            out.add(t)
        self.describe(out, described)
        for k in sorted(used):
            self.sentence_node(out, k)
        for k, p, o in notes:
            out.add((self.local[f"s{k}"], p, o))
        order = sorted(stated, key=lambda t: (min(stated[t]), t[0], t[1], t[2]))
        for n, t in enumerate(order, 1):
            st = self.local[f"st{n}"]
            out.add((st, RDF.type, RDF.Statement))
            out.add((st, RDF.subject, t[0]))
            out.add((st, RDF.predicate, t[1]))
            out.add((st, RDF.object, t[2]))
            for k in sorted(stated[t]):
                out.add((st, KG.statedIn, self.local[f"s{k}"]))
        self.errors += ["\t".join(p) for p in problems(self.onto, out)]
        return out, len(order)

    def mentions(self):
        boiler = {self.sentence_no(k) for k in self.graph("boilerplate").objects(M.article, M.sentence)}
        names = []
        for ent in set(self.catalog.subjects(RDF.type, None)):
            kinds = set().union(*(self.onto.ancestors(c) for c in self.catalog.objects(ent, RDF.type)))
            if not kinds & MENTIONABLE:
                continue
            for p in (RDFS.label, SKOS.altLabel, SKOS.hiddenLabel):
                names += [(str(o), ent) for o in self.catalog.objects(ent, p)]
        names += [(str(o), s) for s, o in self.graph("aliases").subject_objects(M.alias)]
        found = defaultdict(set)
        for k, text in enumerate(self.sentences, 1):
            if k not in boiler:
                for ent in find_mentions(text, names):
                    found[ent].add(k)
        return found

    def article_node(self, out):
        a, h = self.iri, self.headers
        out.add((a, RDF.type, KG.Article))
        out.add((a, RDFS.label, Literal(h.get("Title") or f"Article {self.slug[:3]} (the seed text has no title)")))
        if "Title" in h:
            out.add((a, KG["title"], Literal(h["Title"])))
        if "Publisher" in h:
            pubs = list(self.catalog.subjects(RDFS.label, Literal(h["Publisher"])))
            if len(pubs) != 1:
                self.errors.append(f"publisher {h['Publisher']!r} not in the catalog")
            else:
                out.add((a, KG.publisher, pubs[0]))
        if "Date" in h:
            out.add((a, KG.datePublished, parse_date(h["Date"])))
        out.add((a, KG.source, Literal(h["Source"])))

    def sentence_node(self, out, k):
        s = self.local[f"s{k}"]
        out.add((s, RDF.type, KG.Sentence))
        out.add((s, KG.text, Literal(self.sentences[k - 1])))
        out.add((s, KG["index"], Literal(k, datatype=XSD.positiveInteger)))
        out.add((s, KG.inArticle, self.iri))

    def describe(self, out, local):
        """Copy the description of every kgr: node used in the graph, and
        the catalog's kg:locatedIn chain of every place among them (general
        geography no sentence states, so not reified)."""
        nodes = {n for t in list(out) + list(local) for n in (t[0], t[2])
                 if isinstance(n, URIRef) and str(n).startswith(str(KGR))}
        todo = list(nodes)
        while todo:
            n = todo.pop()
            for o in self.catalog.objects(n, KG.locatedIn):
                out.add((n, KG.locatedIn, o))
                if o not in nodes:
                    nodes.add(o)
                    todo.append(o)
        for n in nodes:
            for src in (self.catalog, local):
                for p, o in src.predicate_objects(n):
                    if p in DESCRIPTIVE:
                        out.add((n, p, o))

def term(node, prefixes):
    """Turtle form of a term, with a prefixed name where one is safe."""
    if isinstance(node, Literal):
        text = str(node).replace("\\", "\\\\").replace('"', '\\"')
        text = text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        if node.datatype is not None and node.datatype != XSD.string:
            return f'"{text}"^^{term(node.datatype, prefixes)}'
        return f'"{text}"' + (f"@{node.language}" if node.language else "")
    s = str(node)
    for name, ns in prefixes:
        local = s[len(ns):]
        if s.startswith(ns) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", local):
            return f"{name}:{local}"
    return f"<{s}>"


def serialize(b, g):
    """TriG text of one article graph in a fixed, readable order."""
    prefixes = PREFIXES + [("a", str(b.local))]
    def group(subject_filter):
        subjects = sorted({s for s in g.subjects() if subject_filter(s)},
                          key=lambda s: sentence_key(s))
        blocks = []
        for s in subjects:
            preds = sorted(set(g.predicates(s)), key=lambda p: (p != RDF.type, str(p)))
            lines = []
            for p in preds:
                objs = sorted(g.objects(s, p), key=lambda o: (str(o)))
                pred = "a" if p == RDF.type else term(p, prefixes)
                lines.append(f"{pred} " + " , ".join(term(o, prefixes) for o in objs))
            blocks.append(f"    {term(s, prefixes)}\n        " + " ;\n        ".join(lines) + " .")
        return blocks
    loc = str(b.local)
    sections = [
        ("The article", lambda s: s == b.iri),
        ("Descriptions and domain statements", lambda s: not str(s).startswith(loc) and s != b.iri),
        ("Sentences used", lambda s: re.fullmatch(re.escape(loc) + r"s\d+", str(s))),
        ("Statements (RDF reification: which sentence states which triple)",
         lambda s: re.fullmatch(re.escape(loc) + r"st\d+", str(s))),
    ]
    out = [f"# Generated by datasets/tools/build.py from datasets/mapping/{b.slug}.map.trig,",
           "# datasets/mapping/entities.ttl and the article text. Edit those, not this file.", ""]
    out += [f"@prefix {n}: <{ns}> ." for n, ns in prefixes] + ["", f"<{b.iri}> {{", ""]
    for title, flt in sections:
        out.append(f"    # --- {title}")
        out.append("\n\n".join(group(flt)))
        out.append("")
    out.append("}")
    return "\n".join(out) + "\n"


def sentence_key(s):
    m = re.search(r"#st?(\d+)$", str(s))
    return (str(s)[:m.start()], int(m.group(1))) if m else (str(s), 0)


def main(argv):
    check_only = "--check" in argv
    slugs = [a for a in argv if not a.startswith("--")] or sorted(
        f[:-len(".map.trig")] for f in os.listdir(os.path.join(DATASETS, "mapping"))
        if f.endswith(".map.trig"))
    onto = Ontology(ONTOLOGY)
    catalog = Graph()
    catalog.parse(os.path.join(DATASETS, "mapping", "entities.ttl"), format="turtle")
    failed = False
    for slug in slugs:
        b = Builder(slug, onto, catalog)
        g, n = b.run()
        text = serialize(b, g)
        path = os.path.join(DATASETS, "articles", slug + ".trig")
        for e in sorted(set(b.errors)):
            print(f"{slug}: {e}", file=sys.stderr)
        failed |= bool(b.errors)
        if check_only:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    print(f"{slug}: {path} is out of date", file=sys.stderr)
                    failed = True
        elif not b.errors:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        print(f"{slug}: {len(g)} triples, {n} statements"
              + (" (errors, not written)" if b.errors and not check_only else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
