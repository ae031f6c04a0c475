"""Make the clean article copies datasets/articles/NNN-<slug>.txt from the
project seed files (one-off authoring step; the seeds are not in the repo).

Usage: clean_seeds.py SEED_DIR OUT_DIR

Every repair is listed here and in datasets/README.md; the text is otherwise
kept as it is:
  * mojibake: the bytes of U+200B ZERO WIDTH SPACE read as cp1252 and saved
    again as UTF-8 ("â€‹", here flattened to "â€<") are removed, and the usual
    "â€™"-style sequences are mapped back (none of those occur in these seeds);
  * the title (and publisher) lines at the top of a seed become header lines;
    HTML <u> tags in a title are dropped;
  * trailing spaces, and blank lines at the start and end, are dropped;
  * a sentence broken across paragraphs by the copy ("...technology" /
    "development.") is joined again.
Headers the text does not give (title, publisher, date) are left out.
"""

import os
import re
import sys

# mojibake sequence -> repaired text (UTF-8 read as cp1252, saved again)
MOJIBAKE = {
    "â€<": "",   # U+200B zero width space, its 0x8B byte shown as "<"
    "â€‹": "",   # the same with the byte kept as "‹"
    "â€™": "’", "â€˜": "‘", "â€œ": "“", "â€\x9d": "”",
    "â€“": "–", "â€”": "—", "â€¦": "…",
}

# seed, slug, header values, how many top lines hold title/publisher, joins
ARTICLES = [
    ("000_86fcbc62223184a3.txt", "000-seventeen-companies-sign-oases-deal",
     {"Title": None, "Publisher": None}, 2, []),
    ("001_e8791593fb7c51e6.txt", "001-hong-kong-shenzhen-tech-team-up",
     {"Title": None}, 1, []),
    ("002_896f924bebae05f7.txt", "002-oases-director-general-visit",
     {"Title": None, "Date": "February 26"}, 1,
     [("Hangzhou's technology", "development.")]),
    ("003_d9f4c47138700047.txt", "003-hong-kong-hub-for-ai-start-ups",
     {"Publisher": "South China Morning Post"}, 0, []),
    ("004_cb20fafd2a2c538d.txt", "004-hong-kong-smart-city-space-hub",
     {}, 0, []),
]


def repair(text):
    for bad, good in MOJIBAKE.items():
        text = text.replace(bad, good)
    return text


def join_broken(lines, joins):
    """Join paragraph pairs (end of one, start of the next) split by the copy."""
    for tail, head in joins:
        for i, line in enumerate(lines):
            if line.endswith(tail):
                nxt = next(j for j in range(i + 1, len(lines)) if lines[j])
                if not lines[nxt].startswith(head):
                    raise ValueError(f"join {tail!r} + {head!r} not found")
                lines[i] = line + " " + lines[nxt]
                del lines[i + 1:nxt + 1]
                break
        else:
            raise ValueError(f"join tail {tail!r} not found")
    return lines


def clean(seed_dir, out_dir, seed, slug, headers, top, joins):
    with open(os.path.join(seed_dir, seed), encoding="utf-8") as f:
        lines = [repair(l.rstrip()) for l in f.read().split("\n")]
    while lines and not lines[0]:
        del lines[0]
    fields = dict(headers)
    top_lines = [l for l in lines[:top * 2] if l][:top]
    if top >= 1:
        fields["Title"] = re.sub(r"</?u>", "", top_lines[0])
        fields["Title"] = re.sub(r"\s+", " ", fields["Title"]).strip()
    if top >= 2:
        fields["Publisher"] = top_lines[1]
    body = lines[lines.index(top_lines[-1]) + 1:] if top else lines
    body = join_broken(body, joins)
    while body and not body[0]:
        del body[0]
    while body and not body[-1]:
        del body[-1]
    fields["Source"] = seed
    head = [f"{k}: {fields[k]}" for k in ("Title", "Publisher", "Date", "Source")
            if fields.get(k)]
    with open(os.path.join(out_dir, slug + ".txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(head) + "\n\n" + "\n".join(body) + "\n")


if __name__ == "__main__":
    for art in ARTICLES:
        clean(sys.argv[1], sys.argv[2], *art)
