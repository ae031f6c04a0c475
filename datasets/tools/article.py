"""Read a kgsh article file (header lines, blank line, body) and split its body
into numbered sentences.

This is the single definition of "sentence k of article N" that the mapped
TriG files use for provenance (kg:index k, kg:text exact sentence), so the
rule is kept deliberately simple and documented in datasets/README.md:

  * every non-empty body line is a paragraph; a sentence never spans lines;
  * inside a paragraph a sentence ends after '.', '?' or '!' (plus any closing
    quotes or brackets) when whitespace follows and the next character is an
    upper-case letter, a digit or an opening quote/bracket;
  * sentences are numbered from 1 in body order, counting every sentence
    (boilerplate included), so the numbers never depend on what was mapped.

Authoring tool only: kgsh never needs Python to build or run.
"""

import sys

HEADER_KEYS = ("Title", "Publisher", "Date", "Source")
CLOSERS = "”\"’)]"
OPENERS = "“\"‘(["


def read_article(path):
    """Return (headers dict, body lines) of an article file."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head, sep, body = text.partition("\n\n")
    if not sep:
        raise ValueError(f"{path}: no blank line after the headers")
    headers = {}
    for line in head.split("\n"):
        key, colon, value = line.partition(": ")
        if not colon or key not in HEADER_KEYS:
            raise ValueError(f"{path}: bad header line {line!r}")
        headers[key] = value
    return headers, body.rstrip("\n").split("\n")


def split_paragraph(par):
    """Split one paragraph into sentences by the rule in the module comment."""
    out, start, i, n = [], 0, 0, len(par)
    while i < n:
        if par[i] in ".?!":
            j = i + 1
            while j < n and par[j] in CLOSERS:
                j += 1
            k = j
            while k < n and par[k].isspace():
                k += 1
            if k > j and k < n and (par[k].isupper() or par[k].isdigit()
                                    or par[k] in OPENERS):
                out.append(par[start:j])
                start, i = k, k
                continue
        i += 1
    if start < n:
        out.append(par[start:].rstrip())
    return out


def sentences(body_lines):
    """All sentences of the body, in order (index 0 is sentence 1)."""
    result = []
    for line in body_lines:
        if line.strip():
            result.extend(split_paragraph(line.strip()))
    return result


if __name__ == "__main__":
    for path in sys.argv[1:]:
        hdr, body = read_article(path)
        print(f"== {path} {hdr}")
        for k, s in enumerate(sentences(body), 1):
            print(f"s{k}: {s}")
