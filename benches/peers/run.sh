#!/usr/bin/env bash
# The peer comparison: vitae writing N-Triples against rdflib (and pyld) converting vitae's own
# JSON-LD to N-Triples, for the same CVs, on this machine. Prints the median of several runs
# and the ratio per size.
#
#   benches/peers/run.sh [SIZE...]      sizes in works; default: 100 1000 10000
#
# Environment: RUNS (runs per measurement, default 5), PEERS (default "rdflib pyld"),
# PEERS_DIR (work directory with the virtual environment and inputs, default target/peers),
# SHARED (default ../shared: the schema.org context is read from
# $SHARED/vocab/schemaorgcontext.jsonld, never fetched).
#
# Needs python3 (with venv) and cargo. The only network access is pip installing rdflib and
# pyld from PyPI into the virtual environment; the Python side refuses any other connection.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
work=${PEERS_DIR:-$target/peers}
shared=${SHARED:-$root/../shared}
context=$shared/vocab/schemaorgcontext.jsonld
if [ ! -f "$context" ]; then
    echo "needs the schema.org context at $context (set SHARED)" >&2
    exit 1
fi
mkdir -p "$work"

venv=$work/venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "rdflib>=7,<8" "pyld>=2,<3"

(cd "$root" && cargo build --release --quiet --bin vitae --example synthetic --example peer_timing)

exec "$venv/bin/python" "$root/benches/peers/peers.py" \
    --bin "$target/release" \
    --work "$work" \
    --context "$context" \
    --reference "$root/examples/lapuschkin.yaml" \
    --runs "${RUNS:-5}" \
    --peers "${PEERS:-rdflib pyld}" \
    "$@"
