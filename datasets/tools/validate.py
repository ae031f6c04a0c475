"""Reference ontology validator for kgsh data (authoring tool, Python): the
kinds of problem the C validator must report, and the one-line format of
tests/data/validation/expected.txt.

Usage: validate.py FILE.trig|FILE.ttl ...  prints one line per problem:
    kind<TAB>subject<TAB>predicate<TAB>object   (N-Triples terms, "-" if none)

Kinds:
  unknown-term   a kg: property, or a kg: class used with rdf:type, that the
                 ontology does not define;
  domain         the subject of a kg: property is not (by its rdf:type and
                 rdfs:subClassOf) an instance of the property's rdfs:domain;
  range          an IRI object is described but not an instance of the range;
  datatype       a literal object whose datatype (or lexical form) does not
                 fit the range (kg:partialDate accepts xsd:date, gYearMonth,
                 gYear, gMonthDay, gMonth);
  missing-label  a kgr: node that is described (has triples as subject) but
                 has no rdfs:label (predicate column: rdfs:label);
  dangling       a kgr: IRI used as an object that has no triple as subject
                 anywhere; its range is not checked (nothing is known of it);
  no-status      a kg:Plan (or kg:Investment) without kg:status (predicate
                 column kg:status, object "-");
  no-holder      a kg:PostHolding without kg:holder (predicate kg:holder);
  duplicate-sanction  a kg:Sanction with the same kg:sanctions entity,
                 kg:authority, kg:programme and kg:startDate as another, on
                 every node but the first in IRI order (its kg:sanctions
                 triple).
Type checks are closed-world over the data given: rdf:type plus the
ontology's rdfs:subClassOf (and the types of the individuals the ontology
itself defines, such as kg:Current), no inference from domains or ranges.
"""

import re
import sys
from collections import defaultdict

from rdflib import ConjunctiveGraph, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

KG = Namespace("https://w3id.org/kgsh/ontology#")
KGR = "https://w3id.org/kgsh/id/"

# Lexical forms checked by regex (rdflib cannot parse xsd:gMonthDay or xsd:gMonth).
LEXICAL = {
    XSD.date: r"-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?",
    XSD.gYearMonth: r"-?\d{4,}-\d{2}(Z|[+-]\d{2}:\d{2})?",
    XSD.gYear: r"-?\d{4,}(Z|[+-]\d{2}:\d{2})?",
    XSD.gMonthDay: r"--\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?",
    XSD.gMonth: r"--\d{2}(Z|[+-]\d{2}:\d{2})?",
    XSD.decimal: r"[+-]?(\d+(\.\d*)?|\.\d+)",
    XSD.positiveInteger: r"\+?0*[1-9]\d*",
}

class Ontology:
    """What build checks need from ontology/kgsh.ttl: known kg: terms, class
    ancestry, and each property's domain and range."""

    def __init__(self, path):
        g = Graph()
        g.parse(path, format="turtle")
        self.terms = {s for s in g.subjects() if isinstance(s, URIRef)
                      and str(s).startswith(str(KG))}
        self.parents = defaultdict(set)
        for c, p in g.subject_objects(RDFS.subClassOf):
            self.parents[c].add(p)
        self.domain = dict(g.subject_objects(RDFS.domain))
        self.range = dict(g.subject_objects(RDFS.range))
        # individuals the ontology defines (kg:Current a kg:HoldingStatus)
        self.individuals = {s: o for s, o in g.subject_objects(RDF.type)
                            if str(s).startswith(str(KG)) and str(o).startswith(str(KG))
                            and (o, RDF.type, OWL.Class) in g}
        self.datatypes = {}
        for dt in g.subjects(RDF.type, RDFS.Datatype):
            for eq in g.objects(dt, OWL.equivalentClass):
                members = g.value(eq, OWL.unionOf)
                self.datatypes[dt] = set(g.items(members))

    def ancestors(self, cls):
        seen, todo = set(), [cls]
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(self.parents[c])
        return seen

    def literal_fits(self, lit, rng):
        dt = lit.datatype or (XSD.string if lit.language is None else RDF.langString)
        if rng in (RDFS.Literal, RDFS.Resource):
            return True
        allowed = self.datatypes.get(rng, {rng})
        if dt not in allowed:
            return False
        if dt in LEXICAL:
            return re.fullmatch(LEXICAL[dt], str(lit)) is not None
        return lit.value is not None or dt == XSD.string



def problems(onto, g):
    """Sorted list of (kind, subject, predicate, object) N-Triples strings."""
    out = set()
    types = defaultdict(set)
    for s, o in onto.individuals.items():
        types[s] |= onto.ancestors(o)
    for s, o in g.subject_objects(RDF.type):
        types[s] |= onto.ancestors(o)
    subjects = set(g.subjects())
    for s, p, o in g:
        row = (s.n3(), p.n3(), o.n3())
        if str(p).startswith(str(KG)) and p not in onto.terms:
            out.add(("unknown-term",) + row)
            continue
        if p == RDF.type and str(o).startswith(str(KG)) and o not in onto.terms:
            out.add(("unknown-term",) + row)
        if str(o).startswith(KGR) and o not in subjects:
            out.add(("dangling",) + row)
            continue
        if not str(p).startswith(str(KG)):
            continue
        dom, rng = onto.domain.get(p), onto.range.get(p)
        if dom not in (None, RDFS.Resource) and dom not in types[s]:
            out.add(("domain",) + row)
        if isinstance(o, Literal):
            if rng is not None and not onto.literal_fits(o, rng):
                out.add(("datatype",) + row)
        elif rng not in (None, RDFS.Resource) and rng not in types[o]:
            out.add(("range",) + row)
    for s in subjects:
        if str(s).startswith(KGR) and (s, RDFS.label, None) not in g:
            out.add(("missing-label", s.n3(), RDFS.label.n3(), "-"))
    out |= shape_problems(g, types, subjects)
    return sorted(out)


def shape_problems(g, types, subjects):
    """Plans need a status, post holdings a holder, a measure is one node."""
    out = set()
    first = {}
    for s in sorted(subjects, key=str):
        if KG.Plan in types[s] and g.value(s, KG.status) is None:
            out.add(("no-status", s.n3(), KG.status.n3(), "-"))
        if KG.PostHolding in types[s] and g.value(s, KG.holder) is None:
            out.add(("no-holder", s.n3(), KG.holder.n3(), "-"))
        if KG.Sanction not in types[s]:
            continue
        rest = tuple(g.value(s, p) for p in (KG.authority, KG.programme, KG.startDate))
        for entity in g.objects(s, KG.sanctions):
            key = (entity,) + rest
            if first.setdefault(key, s) != s:
                out.add(("duplicate-sanction", s.n3(), KG.sanctions.n3(), entity.n3()))
    return out


def main(argv):
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    onto = Ontology(os.path.join(here, "..", "..", "ontology", "kgsh.ttl"))
    found = False
    for path in argv:
        g = ConjunctiveGraph()
        g.parse(path, format="trig" if path.endswith(".trig") else "turtle")
        for p in problems(onto, g):
            print("\t".join(p))
            found = True
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
