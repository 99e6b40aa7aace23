#!/usr/bin/env bash
# Scale benchmark (issue 25), run by hand: ../shared/data/news materialized COPIES times
# over as JSONL files (one per copy and source file, ids suffixed, so 100 copies are 300
# files and ~1.15M articles), and for each size, in one run:
#   - kavosh: first index (seconds, MB/s, articles/s, peak RSS, index size against the
#     input), an unchanged re-run, adding 1% new articles (one more file), deleting them
#     again (1%);
#   - plain tantivy on the same files (examples/plain_tantivy.rs);
#   - search latency over the 2,739 queries of ../shared/data/queries, kavosh beside
#     plain tantivy (benches/search.rs).
# One file per article (as a user's folder is) is benches/ingest.sh, at 10 and 30 copies.
#
# Usage: bash benches/scale.sh [COPIES...]   (default 1 10 100; work folder:
# $KAVOSH_BENCH_DIR or /tmp/kavosh-bench, data under scale/; KEEP=1 keeps the data)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${KAVOSH_BENCH_DIR:-/tmp/kavosh-bench}/scale
news=../shared/data/news
[ -d "$news" ] || { echo "skipped: $news not found"; exit 0; }
[ $# -gt 0 ] || set -- 1 10 100
mkdir -p "$work"
cargo build --release -q --bin kavosh --example plain_tantivy
kavosh=target/release/kavosh
plain=target/release/examples/plain_tantivy

materialize() { # copies, folder: the copies as JSONL, then one more file of 1% new articles
  python3 - "$news" "$2" "$1" <<'PY'
import json, os, sys
news, out, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
names = sorted(n for n in os.listdir(news) if n.endswith(".jsonl"))
originals = [[line for line in open(os.path.join(news, n), encoding="utf-8")] for n in names]
os.makedirs(os.path.join(out, "articles"), exist_ok=True)
n = 0
for copy in range(copies):
    for name, lines in zip(names, originals):
        with open(os.path.join(out, "articles", f"copy{copy:03d}-{name}"), "w", encoding="utf-8") as f:
            for line in lines:
                article = json.loads(line)
                article["id"] = f"{article['id']}-c{copy}"
                f.write(json.dumps(article, ensure_ascii=False) + "\n")
                n += 1
# 1% more: the first articles of each source again, under new ids, kept aside.
extra = []
per_file = max(1, n // 100 // len(names))
for lines in originals:
    for i, line in enumerate(lines[:per_file]):
        article = json.loads(line)
        article["id"] = f"{article['id']}-added{i}"
        extra.append(json.dumps(article, ensure_ascii=False) + "\n")
with open(os.path.join(out, "added.jsonl"), "w", encoding="utf-8") as f:
    f.writelines(extra)
print(f"materialized {n} articles, {len(extra)} to add")
PY
}

measure() { # label, articles, megabytes read, index dir, command...: one table row
  local label=$1 articles=$2 mb=$3 dir=$4; shift 4
  local input=${input_mb:-$mb}
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log"; exit 1; }
  read -r seconds user system peak_kb < <(tail -n 1 "$work/time")
  local size; size=$(du -sm "$dir" | cut -f1)
  awk -v label="$label" -v s="$seconds" -v cpu="$(echo "$user + $system" | bc)" -v n="$articles" \
    -v mb="$mb" -v peak="$((peak_kb / 1024))" -v size="$size" -v input="$input" \
    'BEGIN { printf "| %-34s | %7.1f | %7.1f | %8.0f | %6.1f | %6s | %6s | %4.2f |\n", label, s, cpu, n / s, mb / s, peak, size, size / input }'
}

for copies in "$@"; do
  data="$work/news-jsonl-x$copies"
  if [ ! -f "$data/.complete" ]; then
    rm -rf "$data"
    materialize "$copies" "$data"
    touch "$data/.complete"
  fi
  corpus="$data/articles"
  articles=$(cat "$corpus"/*.jsonl | wc -l)
  added=$(wc -l <"$data/added.jsonl")
  mb=$(du -sm --apparent-size "$corpus" | cut -f1)
  input_mb=$mb
  echo
  echo "## $copies copies: $articles articles in $(ls "$corpus" | wc -l) JSONL files, $mb MB; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| run | seconds | CPU s | articles/s | MB/s | peak RSS MB | index MB | index / input |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  rm -rf "$work/index-kavosh" "$work/index-plain" "$corpus/added.jsonl"
  measure "plain tantivy, title + body" "$articles" "$mb" "$work/index-plain" \
    "$plain" "$corpus" "$work/index-plain"
  measure "kavosh, first index" "$articles" "$mb" "$work/index-kavosh" \
    "$kavosh" index "$corpus" --index "$work/index-kavosh" --quiet
  measure "kavosh, unchanged re-run" "$articles" "$mb" "$work/index-kavosh" \
    "$kavosh" index "$corpus" --index "$work/index-kavosh" --quiet
  cp "$data/added.jsonl" "$corpus/added.jsonl"
  added_mb=$(du -m --apparent-size "$corpus/added.jsonl" | cut -f1)
  measure "kavosh, adding 1% ($added)" "$added" "$added_mb" "$work/index-kavosh" \
    "$kavosh" index "$corpus" --index "$work/index-kavosh" --quiet
  rm "$corpus/added.jsonl"
  measure "kavosh, deleting 1% ($added)" "$added" "$added_mb" "$work/index-kavosh" \
    "$kavosh" index "$corpus" --index "$work/index-kavosh" --quiet
  echo
  KAVOSH_BENCH_INDEX="$work/index-kavosh" KAVOSH_BENCH_PLAIN_INDEX="$work/index-plain" \
    cargo bench -q --bench search 2>/dev/null
done
