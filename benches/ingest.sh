#!/usr/bin/env bash
# Indexing benchmark (issue 4): materializes ../shared/data/news ten times over as a
# folder of one file per article (~115k files, ~400 MB), then indexes it with kavosh's
# Persian analysis and, on the same files and schema, with tantivy's default tokenizer;
# then re-runs kavosh on the unchanged folder. Prints docs/s, MB/s, peak RSS, index size.
#
# Usage: bash benches/ingest.sh [COPIES]   (work folder: $KAVOSH_BENCH_DIR or /tmp/kavosh-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-10}
work=${KAVOSH_BENCH_DIR:-/tmp/kavosh-bench}
news=../shared/data/news
[ -d "$news" ] || { echo "skipped: $news not found"; exit 0; }
cargo build --release -q
kavosh=target/release/kavosh
corpus="$work/news-x$copies"
if [ ! -f "$corpus/.complete" ]; then
  rm -rf "$corpus"; mkdir -p "$corpus"
  python3 - "$news" "$corpus" "$copies" <<'PY'
import json, os, sys
news, out, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = 0
for copy in range(copies):
    for name in sorted(os.listdir(news)):
        if not name.endswith(".jsonl"):
            continue
        folder = os.path.join(out, f"copy{copy:02d}", name[:-6])
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(news, name), encoding="utf-8") as lines:
            for i, line in enumerate(lines):
                article = json.loads(line)
                article["id"] = f"{article['id']}-c{copy}"
                with open(os.path.join(folder, f"{i:05d}.json"), "w", encoding="utf-8") as f:
                    json.dump(article, f, ensure_ascii=False)
                n += 1
print(f"materialized {n} articles")
PY
  touch "$corpus/.complete"
fi
files=$(find "$corpus" -name '*.json' | wc -l)
megabytes=$(du -sm --apparent-size "$corpus" | cut -f1)
echo "corpus: $files files, $megabytes MB, $(nproc) cores"

run() { # label, index dir, extra args
  local label=$1 dir=$2; shift 2
  local log="$work/$label.log"
  local started=$(date +%s.%N)
  "$kavosh" index "$corpus" --index "$dir" "$@" 2>"$log" || true
  local seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
  local peak=$(grep -o 'peak memory [0-9]* MB' "$log" | grep -o '[0-9]*')
  local size=$(du -sm "$dir" | cut -f1)
  awk -v label="$label" -v s="$seconds" -v f="$files" -v mb="$megabytes" -v peak="$peak" -v size="$size" \
    'BEGIN { printf "| %-26s | %7.1f | %8.0f | %6.1f | %6s | %6s |\n", label, s, f / s, mb / s, peak, size }'
}
echo "| run | seconds | docs/s | MB/s | peak RSS MB | index MB |"
echo "|---|---:|---:|---:|---:|---:|"
rm -rf "$work/index-baseline" "$work/index-kavosh"
run "tantivy default tokenizer" "$work/index-baseline" --baseline-tokenizer
run "kavosh" "$work/index-kavosh"
run "kavosh, unchanged re-run" "$work/index-kavosh"
