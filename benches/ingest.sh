#!/usr/bin/env bash
# Indexing benchmark (issues 4, 10): materializes ../shared/data/news ten times over as a
# folder of one .txt file per article, as a user's folder is (~115k files, title on the
# first line), then indexes it in one run with what a user would pick instead (plain
# tantivy, default tokenizer, title + body, no extras: examples/plain_tantivy.rs), with
# kavosh's default analysis, plain tantivy again (the machine's drift shows in the two
# plain runs), and kavosh again on the unchanged folder. Prints wall seconds, CPU seconds, docs/s, MB/s, peak RSS and index size.
# Then what stories cost (issue 24): the same binary with them (the default) and with
# --no-stories, back to back in each of $STORY_ROUNDS rounds (default 5; 0 skips them),
# each first in every other round, and the median of the rounds' ratios.
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
  local cpu=$(echo "$user + $system" | bc)
  echo "$label|$seconds|$cpu|$size" >>"$work/runs"
  awk -v label="$label" -v s="$seconds" -v cpu="$cpu" -v f="$files" \
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

rounds=${STORY_ROUNDS:-5}
[ "$rounds" -gt 0 ] || exit 0
: >"$work/runs"
with_stories() { rm -rf "$work/index-stories"; run "kavosh, round $1" "$work/index-stories" "$kavosh" index "$corpus" --index "$work/index-stories"; }
without() { rm -rf "$work/index-no-stories"; run "kavosh --no-stories, round $1" "$work/index-no-stories" "$kavosh" index "$corpus" --index "$work/index-no-stories" --no-stories; }
for round in $(seq "$rounds"); do
  # Each goes first in every other round: the first of two runs may find a colder cache.
  if [ $((round % 2)) -eq 1 ]; then with_stories "$round"; without "$round"; else without "$round"; with_stories "$round"; fi
done
python3 - "$work/runs" <<'PY'
import re, statistics, sys
rows = [line.rstrip("\n").split("|") for line in open(sys.argv[1], encoding="utf-8")]
def by_round(prefix, column):
    return {int(re.search(r"round (\d+)", row[0]).group(1)): float(row[column])
            for row in rows if row[0].startswith(prefix + ", round")}
# Each round's two runs are back to back, so their ratio is free of the machine's drift
# between rounds (its speed has wandered by 15% from one minute to the next).
for name, column in (("seconds", 1), ("CPU s", 2), ("index MB", 3)):
    on, off = by_round("kavosh", column), by_round("kavosh --no-stories", column)
    ratios = [on[r] / off[r] for r in sorted(on)]
    listed = ", ".join(f"{ratio:.3f}" for ratio in ratios)
    print(f"stories' cost, median of {len(ratios)} rounds' ratios: {name} {statistics.median(ratios) - 1:+.1%} ({listed})")
PY
