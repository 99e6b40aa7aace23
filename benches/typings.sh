#!/usr/bin/env bash
# Ranking under every typing (issue 10): the news collection's articles retyped three ways
# (Arabic ي/ك; every ZWNJ dropped, so affixes and compounds are joined; every ZWNJ made a
# space) besides as published, each indexed, and the topics scored on each with every
# query typing (`kavosh eval --variants`). Prints one table per document typing.
#
# Usage: bash benches/typings.sh   (work folder: $KAVOSH_BENCH_DIR or /tmp/kavosh-typings)
set -euo pipefail
cd "$(dirname "$0")/.."
news=../shared/data/news
[ -d "$news" ] || { echo "skipped: $news not found"; exit 0; }
work=${KAVOSH_BENCH_DIR:-/tmp/kavosh-typings}
cargo build --release -q
kavosh=$PWD/target/release/kavosh
mkdir -p "$work"
python3 - "$news" "$work" <<'PY'
import json, os, sys
news, work = sys.argv[1], sys.argv[2]
typings = {
    "published": lambda s: s,
    "arabic-letters": lambda s: s.replace("ی", "ي").replace("ک", "ك"),
    "zwnj-joined": lambda s: s.replace("\u200c", ""),
    "zwnj-spaced": lambda s: s.replace("\u200c", " "),
}
for name, retype in typings.items():
    folder = os.path.join(work, "docs", name)
    os.makedirs(folder, exist_ok=True)
    for file in sorted(os.listdir(news)):
        if not file.endswith(".jsonl"):
            continue
        with open(os.path.join(news, file), encoding="utf-8") as src, \
             open(os.path.join(folder, file), "w", encoding="utf-8") as out:
            for line in src:
                article = json.loads(line)
                article["title"] = retype(article["title"])
                article["text"] = retype(article["text"])
                out.write(json.dumps(article, ensure_ascii=False) + "\n")
PY
for typing in published arabic-letters zwnj-joined zwnj-spaced; do
  index="$work/index-$typing"
  rm -rf "$index"
  "$kavosh" index "$work/docs/$typing" --index "$index" --quiet
  echo "documents: $typing"
  "$kavosh" eval --queries tests/eval/news/topics.tsv --qrels tests/eval/news/qrels.trec \
    --index "$index" --variants
done
