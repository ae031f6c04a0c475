# SPDX-License-Identifier: LGPL-2.1-or-later
"""Regenerate ontology/README.md (term table) and ontology/kgsh.dot (diagram)
from ontology/kgsh.ttl, and check that every term is documented and aligned.

Usage: python3 ontology/gen_docs.py && dot -Tsvg ontology/kgsh.dot -o ontology/kgsh.svg
       python3 ontology/gen_docs.py --check   (exit 1 if a term lacks a label,
                                                comment, domain/range or an
                                                external alignment, or if the
                                                committed files are stale)

Needs python3-rdflib (Debian). Only for the docs: kgsh never needs Python.
"""

import os
import sys

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

HERE = os.path.dirname(os.path.abspath(__file__))
KG = "https://w3id.org/kgsh/ontology#"

PREFIXES = {
    "kg": KG, "owl": str(OWL), "rdf": str(RDF), "rdfs": str(RDFS),
    "skos": str(SKOS), "xsd": "http://www.w3.org/2001/XMLSchema#",
    "schema": "http://schema.org/", "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#", "dcterms": "http://purl.org/dc/terms/",
    "ftm": "https://schema.followthemoney.tech/#",
    "wd": "http://www.wikidata.org/entity/", "wdt": "http://www.wikidata.org/prop/direct/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "time": "http://www.w3.org/2006/time#",
}
ALIGN = [(RDFS.subClassOf, "subClassOf"), (RDFS.subPropertyOf, "subPropertyOf"),
         (OWL.equivalentClass, "equivalentClass"), (OWL.equivalentProperty, "equivalentProperty"),
         (OWL.inverseOf, "inverseOf"), (SKOS.closeMatch, "closeMatch")]
KINDS = [(OWL.Class, "class"), (RDFS.Datatype, "datatype"),
         (OWL.ObjectProperty, "object property"), (OWL.DatatypeProperty, "datatype property")]

INTRO = """# kgsh ontology

`ontology/kgsh.ttl` (namespace `https://w3id.org/kgsh/ontology#`, prefix `kg:`,
version 0.2.0) is the small OWL/RDFS vocabulary the article graphs in
`datasets/` are written in. It answers: who is connected to whom (companies,
government agencies, officials, places), who is under which sanction, which
subsidiaries and partners that exposure reaches, what each organization plans
in which place, and which sentence of which article says so.

Design choices:

* **Sanctions are nodes** (`kg:Sanction` and four subclasses for the kinds
  that differ: export-control listing, designation, procurement ban, asset
  freeze), so one entity can carry several measures, each with its authority,
  list (`kg:SanctionsProgramme`), dates, reason and source. The data states
  `sanction kg:sanctions entity`; `kg:subjectOf` is its inverse and
  `kg:sanctionedBy` the shortcut entity → authority, derived by the rule.
* **Posts are nodes** (`kg:Post`, W3C ORG's `org:Post`): a person
  `kg:holdsPost` a post, the post is `kg:postIn` an agency or company.
* **Plans and investments are nodes** (`kg:Plan`, `kg:Investment`): who
  `kg:plansTo` it, `kg:planLocation`, `kg:objective` (close to the article's
  words), `kg:amount` (xsd:decimal) with `kg:currency` (ISO 4217), `kg:horizon`,
  `kg:announcedBy`, `kg:announcedAt`.
* **Dates are as precise as the source**: `kg:partialDate` is the union of
  xsd:date, xsd:gYearMonth, xsd:gYear, xsd:gMonthDay and xsd:gMonth. Events
  and agreements have `kg:date`; sanctions, post holdings and plans (and
  events lasting days) `kg:startDate`/`kg:endDate`; plans `kg:announcedDate`
  and `kg:dueDate` (beside the free-text `kg:horizon`). All have the abstract
  class `kg:Interval` (FollowTheMoney's Interval) as domain. A weekday or
  "today" becomes a date only when the article's date makes it certain.
* **Posts in time are nodes** (`kg:PostHolding`, W3C ORG's `org:Membership`):
  `kg:holder`, `kg:post`, `kg:startDate`, `kg:endDate`, `kg:holdingStatus`
  (`kg:Current`, `kg:Former`, `kg:Elect`, `kg:Acting`, as of the article).
  `kg:holdsPost`/`kg:formerlyHeldPost` are kept as shortcuts for current and
  former holdings.
* **Plans are not facts**: every `kg:Plan`/`kg:Investment` has `kg:status`, a
  `kg:Modality` (`kg:Planned`, `kg:Intended`, `kg:Hoped`, `kg:Expected`,
  `kg:Announced`, `kg:Pledged`, `kg:Completed`) whose `rdfs:label` is the verb
  phrase to print ("plans to", "hopes to", "did"). A fact predicate such as
  `kg:investsIn` is stated only for what is done.
* **One sanction, one node**: every sentence about a measure is evidence of
  its one `kg:Sanction` node; `kg:sanctionedBy` is derived from it by the
  chain `kg:subjectOf` then `kg:authority` (`owl:propertyChainAxiom`).
* **Places nest** with `kg:locatedIn` (transitive): Shenzhen → Guangdong →
  mainland China → China; Hong Kong is a `kg:SpecialAdministrativeRegion`
  located in China but not in mainland China.
* **Provenance is RDF reification** (librdf has no RDF-star): each domain
  triple has an `rdf:Statement` node with `kg:statedIn` → `kg:Sentence`
  (`kg:text`, `kg:index`, `kg:inArticle`); see `datasets/README.md`.
* `kg:subsidiaryOf`/`kg:parentOf` (inverse, both transitive) and
  `kg:locatedIn` (transitive) are declared so a reasoner or a property path
  (`kg:subsidiaryOf+`) can follow chains; the data states only direct links,
  in one direction (`kg:subsidiaryOf`, `kg:holdsPost`, `kg:sanctions`).
* Domain and range checks follow `rdfs:subClassOf`: `kg:Agent` is the
  superclass of `kg:Person` and `kg:Organization` for properties either may
  take.

Alignments: `rdfs:subClassOf`/`rdfs:subPropertyOf` where every instance of
the kg: term is one of the other; `owl:equivalentClass`/`owl:equivalentProperty`
where the meaning is the same (W3C ORG posts); `skos:closeMatch` where the
meaning is close but not formally the same (schema.org, FollowTheMoney as used
by OpenSanctions, Wikidata properties). FollowTheMoney IRIs follow its RDF
export: `https://schema.followthemoney.tech/#Schema` for schemata and
`#Schema:property` for properties.

Diagram: `kgsh.svg` (source `kgsh.dot`). Solid arrows are object properties
from domain to range, hollow arrows subclass links; datatype properties are
listed inside their domain class. Regenerate the table and the diagram with

    python3 ontology/gen_docs.py && dot -Tsvg ontology/kgsh.dot -o ontology/kgsh.svg

![kgsh ontology](kgsh.svg)

## Terms
"""


def short(node):
    s = str(node)
    for name, ns in PREFIXES.items():
        if s.startswith(ns):
            return f"{name}:{s[len(ns):]}"
    return f"<{s}>"


def terms(g):
    found = []
    for kind_iri, kind in KINDS:
        for t in sorted(set(g.subjects(RDF.type, kind_iri)), key=str):
            if isinstance(t, URIRef) and str(t).startswith(KG):
                found.append((t, kind))
    return found


def alignment(g, t):
    items = []
    for pred, name in ALIGN:
        for o in sorted(g.objects(t, pred), key=str):
            if isinstance(o, URIRef):
                items.append(f"{name} {short(o)}")
    return items


def problems(g):
    out = []
    for t, kind in terms(g):
        for p in (RDFS.label, RDFS.comment):
            if g.value(t, p) is None:
                out.append(f"{short(t)}: no {short(p)}")
        if kind.endswith("property"):
            for p in (RDFS.domain, RDFS.range):
                if g.value(t, p) is None:
                    out.append(f"{short(t)}: no {short(p)}")
        external = [a for a in alignment(g, t) if " kg:" not in a]
        if not external:
            out.append(f"{short(t)}: no alignment outside kg:")
    return out


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def readme(g):
    rows = ["| term | kind | label | comment | domain | range | alignment |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for t, kind in terms(g):
        dom = g.value(t, RDFS.domain)
        rng = g.value(t, RDFS.range)
        flags = [short(c)[4:] for c in (OWL.TransitiveProperty, OWL.SymmetricProperty)
                 if (t, RDF.type, c) in g]
        rows.append("| " + " | ".join([
            f"`{short(t)}`", kind + (f" ({', '.join(flags).lower()})" if flags else ""),
            cell(g.value(t, RDFS.label)), cell(g.value(t, RDFS.comment)),
            f"`{short(dom)}`" if dom else "", f"`{short(rng)}`" if rng else "",
            "<br>".join(f"`{a}`" for a in alignment(g, t))]) + " |")
    return INTRO + "\n" + "\n".join(rows) + "\n"


def html(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def dot(g):
    classes = [t for t, k in terms(g) if k == "class"]
    lines = ["// kgsh ontology diagram, generated by ontology/gen_docs.py from kgsh.ttl.",
             "digraph kgsh {", '  graph [rankdir=LR, fontname="Helvetica", nodesep=0.3, ranksep=0.6];',
             '  node [shape=plain, fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=9, color="#444444"];']
    datatype_props = [t for t, k in terms(g) if k == "datatype property"]
    external = set()
    for c in classes:
        attrs = [p for p in datatype_props if g.value(p, RDFS.domain) == c]
        body = "".join(f'<tr><td align="left"><font point-size="9">{html(short(a))} : '
                       f'{html(short(g.value(a, RDFS.range)))}</font></td></tr>' for a in attrs)
        lines.append(f'  "{short(c)}" [label=<<table border="1" cellborder="0" cellspacing="0" bgcolor="#eef3fb">'
                     f'<tr><td><b>{short(c)}</b></td></tr>{body}</table>>];')
    for c in classes:
        for sup in g.objects(c, RDFS.subClassOf):
            if sup in classes:
                lines.append(f'  "{short(c)}" -> "{short(sup)}" [arrowhead=empty, style=dashed];')
    for p, k in terms(g):
        if k != "object property":
            continue
        dom, rng = g.value(p, RDFS.domain), g.value(p, RDFS.range)
        for end in (dom, rng):
            if end not in classes:
                external.add(end)
        lines.append(f'  "{short(dom)}" -> "{short(rng)}" [label="{short(p)}"];')
    for e in sorted(external, key=str):
        lines.append(f'  "{short(e)}" [shape=box, style=rounded, color="#999999", fontcolor="#666666", label="{short(e)}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv):
    g = Graph()
    g.parse(os.path.join(HERE, "kgsh.ttl"), format="turtle")
    errs = problems(g)
    for e in errs:
        print(e, file=sys.stderr)
    outputs = {"README.md": readme(g), "kgsh.dot": dot(g)}
    for name, text in outputs.items():
        path = os.path.join(HERE, name)
        if "--check" in argv:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    errs.append(f"{name} is out of date")
                    print(errs[-1], file=sys.stderr)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    print(f"{len(terms(g))} terms, {len(errs)} problems")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
