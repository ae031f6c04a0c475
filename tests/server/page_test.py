#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/server/page_test.py - the analysts' pages of `kgsh serve` in a
real browser (headless Chromium, Debian package chromium): / has a search
form; submitting it for "iflytek" (the form's GET request) lists iFLYTEK
with a link to its page; the entity page shows an evidence sentence from
the article, the neighbourhood picture as SVG whose nodes link to their
pages, and a literal holding <script> as text (no script element in the
page, the title untouched); the path page shows a path. Screenshots of the
entity page and the path page are kept in $KEEP_PNG (a directory) when set.
Fails when chromium is missing."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import (TOKEN, Server, bundled_store, curl, need, stop_checked, summary, tap,
                       workdir)

EVIDENCE = "In October 2019, the company was added to the Entity List"
HOSTILE = "<script>document.title='pwned'</script><b>bold?</b>"


def chromium(tmp, name, *args):
    profile = os.path.join(tmp, "profile-" + name)
    p = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                        "--user-data-dir=" + profile] + list(args),
                       capture_output=True, text=True, timeout=180)
    return p


def dom(tmp, name, url):
    p = chromium(tmp, name, "--dump-dom", url)
    return p.stdout, p.stderr


def screenshot(tmp, name, url):
    png = os.path.join(tmp, name + ".png")
    p = chromium(tmp, name + "-shot", "--screenshot=" + png, "--window-size=1366,1800", url)
    ok = os.path.exists(png) and open(png, "rb").read(8)[1:4] == b"PNG" and \
        os.path.getsize(png) > 30000
    keep = os.environ.get("KEEP_PNG")
    if ok and keep:
        os.makedirs(keep, exist_ok=True)
        shutil.copy(png, os.path.join(keep, name + ".png"))
    return ok, p.stderr


def main():
    need("chromium", "chromium")
    print("1..13")
    work = workdir("page")
    tmp = tempfile.mkdtemp(prefix="kgserve-chromium.")
    store = bundled_store(work)
    s = Server(store, env={"KGSH_SERVE_TOKEN": TOKEN})
    try:
        lit = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
        a = curl(s.sparql, "-H", "Authorization: Bearer " + TOKEN, "--data-urlencode",
                 'update=INSERT DATA { GRAPH <urn:test:hostile> { '
                 '<https://w3id.org/kgsh/id/iflytek> <https://example.org/note> "%s" } }' % lit)
        tap(a.status == 200, "a literal holding <script> is added through the protocol", a)

        home, err = dom(tmp, "home", s.base + "/")
        form = re.search(r'<form action="(/search)" method="get"><input type="text" name="(q)"',
                         home)
        tap(form is not None, "/ has a search form (GET /search, field q)", home[:2000] + err)

        url = "%s%s?%s=iflytek" % (s.base, form.group(1) if form else "/search",
                                   form.group(2) if form else "q")
        found, err = dom(tmp, "search", url)
        link = re.search(r'<a href="(/entity\?iri=[^"]+)">iFLYTEK</a>', found)
        tap(link is not None and "SANCTIONED" in found,
            "searching \"iflytek\" lists iFLYTEK, sanctioned, with a link to its page",
            found[-3000:] + err)

        page_url = s.base + (link.group(1).replace("&amp;", "&") if link else
                             "/entity?iri=" + urllib.parse.quote(
                                 "https://w3id.org/kgsh/id/iflytek", safe=""))
        page, err = dom(tmp, "entity", page_url)
        tap(EVIDENCE in page and "000-seventeen-companies-sign-oases-deal" in page,
            "the entity page shows the evidence sentence and its article", page[-3000:] + err)
        tap(re.search(r'iFLYTEK plan to establish a headquarters in Hong Kong</a>[^\n]*'
                      r'<span class="modality">\(announced it would\)</span>', page),
            "the entity page shows a plan with its status, not as a bare fact", page[-3000:])
        tap("<svg" in page and re.search(r'<a xlink:href="/entity\?iri=https%3A%2F%2Fw3id.org'
                                         r'%2Fkgsh%2Fid%2Fxunfei-healthcare"', page),
            "the entity page has the neighbourhood picture (SVG) with nodes linking to pages",
            page[:3000])
        title = re.search(r"<title>(.*?)</title>", page)
        tap("&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;b&gt;bold?&lt;/b&gt;" in page
            and "<script" not in page and "<b>bold?</b>" not in page and title and
            "pwned" not in title.group(1),
            "the literal holding <script> is shown as text, not run or parsed",
            (title.group(0) if title else "no title") + "\n" +
            "\n".join(l for l in page.splitlines() if "pwned" in l)[:2000])

        ok, err = screenshot(tmp, "entity", page_url)
        tap(ok, "a screenshot of the entity page", err)
        path_url = s.base + "/path?a=" + urllib.parse.quote("Paul Chan") + "&b=iFLYTEK"
        path, err = dom(tmp, "path", path_url)
        tap("Path 1" in path and "Paul Chan" in path and "announced by" in path,
            "the path page shows a path from Paul Chan to iFLYTEK", path[-3000:] + err)
        ok, err = screenshot(tmp, "path", path_url)
        tap(ok, "a screenshot of the path page", err)
        exposure, err = dom(tmp, "exposure", s.base + "/exposure")
        tap("Xunfei Healthcare" in exposure and "Exposed through ownership to" in exposure,
            "the exposure page shows a company exposed through its owner", exposure[-3000:] + err)
        text = "SELECT ?name WHERE { <https://w3id.org/kgsh/id/iflytek> rdfs:label ?name }"
        box, err = dom(tmp, "query", s.base + "/query?query=" + urllib.parse.quote(text))
        link = re.search(r'<a href="(/sparql\?format=csv&amp;query=[^"]+)">csv</a>', box)
        got = curl(s.base + link.group(1).replace("&amp;", "&")) if link else None
        tap("<td>iFLYTEK</td>" in box and got is not None and got.status == 200 and
            got.text == "name\r\niFLYTEK\r\n",
            "the SPARQL box shows a results table and its CSV download link gives the rows",
            box[-3000:] + err + repr(got))
    finally:
        stop_checked(s)
        shutil.rmtree(tmp, ignore_errors=True)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
