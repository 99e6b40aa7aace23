#!/usr/bin/env bash
# Indexing benchmark (issues 4, 10): materializes ../shared/data/news ten times over as a
# folder of one .txt file per article, as a user's folder is (~115k files, title on the
# first line), then indexes it in one run with what a user would pick instead (plain
# tantivy, default tokenizer, title + body, no extras: examples/plain_tantivy.rs), with
# kavosh's default analysis, plain tantivy again (the machine's drift shows in the two
# plain runs), and kavosh again on the unchanged folder. Prints wall seconds, CPU seconds, docs/s, MB/s, peak RSS and index size.
#
# Usage: bash benches/ingest.sh [COPIES]   (work folder: $KAVOSH_BENCH_DIR or /tmp/kavosh-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-10}
work=${KAVOSH_BENCH_DIR:-/tmp/kavosh-bench}
news=../shared/data/news
[ -d "$news" ] || { echo "skipped: $news not found"; exit 0; }
cargo build --release -q --bin kavosh --example plain_tantivy
kavosh=target/release/kavosh
plain=target/release/examples/plain_tantivy
corpus="$work/news-txt-x$copies"
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
                title = " ".join(article["title"].split())
                with open(os.path.join(folder, f"{i:05d}.txt"), "w", encoding="utf-8") as f:
                    f.write(f"{title}\n{article['text']}\n")
                n += 1
print(f"materialized {n} articles")
PY
  touch "$corpus/.complete"
fi
files=$(find "$corpus" -name '*.txt' | wc -l)
megabytes=$(du -sm --apparent-size "$corpus" | cut -f1)
echo "corpus: $files files, $megabytes MB, $(nproc) cores"

run() { # label, index dir, command...
  local label=$1 dir=$2; shift 2
  local log="$work/$label.log"
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" 2>"$log" || true
  read -r seconds user system peak_kb < <(tail -n 1 "$work/time")
  local size=$(du -sm "$dir" | cut -f1)
  awk -v label="$label" -v s="$seconds" -v cpu="$(echo "$user + $system" | bc)" -v f="$files" \
    -v mb="$megabytes" -v peak="$((peak_kb / 1024))" -v size="$size" \
    'BEGIN { printf "| %-30s | %7.1f | %7.1f | %8.0f | %6.1f | %6s | %6s |\n", label, s, cpu, f / s, mb / s, peak, size }'
}
echo "| run | seconds | CPU s | docs/s | MB/s | peak RSS MB | index MB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
rm -rf "$work/index-plain" "$work/index-kavosh" "$work/index-plain-2"
run "plain tantivy, title + body" "$work/index-plain" "$plain" "$corpus" "$work/index-plain"
run "kavosh (default)" "$work/index-kavosh" "$kavosh" index "$corpus" --index "$work/index-kavosh"
run "plain tantivy, again" "$work/index-plain-2" "$plain" "$corpus" "$work/index-plain-2"
run "kavosh, unchanged re-run" "$work/index-kavosh" "$kavosh" index "$corpus" --index "$work/index-kavosh"
