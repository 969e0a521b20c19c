"""The peer comparison, run by run.sh inside its virtual environment.

For the reference CV and synthetic CVs of each size: vitae's JSON-LD of the CV is written once
(by the release binary); then the median time of
  - vitae: the CV, already read, to N-Triples (in-process, examples/peer_timing), and
  - rdflib: JSON-LD text -> Graph -> N-Triples text,
  - pyld: JSON-LD text -> N-Quads text (jsonld.to_rdf),
with the schema.org context supplied from the local file (rdflib: put in place of the
"https://schema.org" reference; pyld: a document loader). Prints a Markdown table.
"""

import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path


def no_network(*_args, **_kwargs):
    raise OSError("peers.py: no network access (the schema.org context is local)")


socket.socket.connect = no_network  # type: ignore[method-assign]
socket.create_connection = no_network  # type: ignore[assignment]

SCHEMA_URLS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}


def median_ms(runs, f):
    f()  # warm-up
    times = []
    result = None
    for _ in range(runs):
        t = time.perf_counter()
        result = f()
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times), result


def rdflib_convert(text):
    import rdflib

    g = rdflib.Graph()
    g.parse(data=text, format="json-ld")
    return g, g.serialize(format="nt")


def pyld_convert(text, loader):
    from pyld import jsonld

    doc = json.loads(text)
    return jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": loader})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True, type=Path)
    ap.add_argument("--work", required=True, type=Path)
    ap.add_argument("--context", required=True, type=Path)
    ap.add_argument("--reference", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--peers", default="rdflib pyld")
    ap.add_argument("sizes", nargs="*", type=int)
    a = ap.parse_args()
    sizes = a.sizes or [100, 1000, 10000]
    peers = a.peers.split()
    context_doc = json.loads(a.context.read_text(encoding="utf-8"))

    def loader(url, _options=None):
        if url.rstrip("/") in {u.rstrip("/") for u in SCHEMA_URLS}:
            return {"contentType": "application/ld+json", "contextUrl": None,
                    "documentUrl": url, "document": context_doc}
        raise OSError(f"peers.py: refusing to load {url}")

    inputs = []
    if a.reference and a.reference.exists():
        inputs.append(("reference-cv", a.reference))
    for n in sizes:
        p = a.work / f"works-{n}.yaml"
        with open(p, "w", encoding="utf-8") as f:
            subprocess.run([a.bin / "examples" / "synthetic", str(n)], stdout=f, check=True)
        inputs.append((f"works-{n}", p))

    rows = []
    for name, yaml in inputs:
        jsonld_path = a.work / f"{name}.jsonld"
        subprocess.run([a.bin / "vitae", "export", yaml, "--to", "jsonld", "-o", jsonld_path], check=True)
        text = jsonld_path.read_text(encoding="utf-8")
        out = subprocess.run([a.bin / "examples" / "peer_timing", str(a.runs), yaml],
                             check=True, capture_output=True, text=True).stdout
        v = json.loads(out.splitlines()[-1])
        row = {"name": name, "works": v["works"], "triples": v["triples"],
               "vitae_ms": v["ntriples_ms"], "vitae_read_ms": v["read_ms"]}
        if "rdflib" in peers:
            doc = json.loads(text)
            ctx = doc["@context"]
            ctx = [context_doc["@context"] if isinstance(c, str) and c in SCHEMA_URLS else c
                   for c in (ctx if isinstance(ctx, list) else [ctx])]
            doc["@context"] = ctx
            local_text = json.dumps(doc)
            ms, (g, _nt) = median_ms(a.runs, lambda: rdflib_convert(local_text))
            row["rdflib_ms"] = ms
            row["rdflib_triples"] = len(g)
        if "pyld" in peers:
            ms, nq = median_ms(a.runs, lambda: pyld_convert(text, loader))
            row["pyld_ms"] = ms
            row["pyld_triples"] = len(set(l for l in nq.splitlines() if l.strip()))
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)

    print(f"\nMedian of {a.runs} runs (ms); ratio = peer ÷ vitae N-Triples (the CV already read).")
    print("`vitae read` is reading the YAML into a checked CV, for scale.\n")
    head = ["input", "works", "triples", "vitae N-Triples", "vitae read"]
    for p in peers:
        head += [f"{p} JSON-LD → N-Triples", f"{p} ÷ vitae", f"{p} triples"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        cells = [r["name"], str(r["works"]), str(r["triples"]), f"{r['vitae_ms']:.2f}", f"{r['vitae_read_ms']:.2f}"]
        for p in peers:
            ms = r[f"{p}_ms"]
            cells += [f"{ms:.0f}", f"{ms / r['vitae_ms']:.0f}×", str(r[f"{p}_triples"])]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
