#!/bin/sh
# Pooling runs for topics n77+ (run after topics.tsv was saved).
# Binary: copy of /work/main/target/release/kavosh (commit in pool-info.txt).
set -e
cd /tmp/fairset
K=./kavosh
DATA=/work/shared/data/news
# three indexes: runs (a) and (b) share the default index
[ -d idx-default ]  || $K index $DATA --index idx-default -q
[ -d idx-nostem ]   || $K index $DATA --index idx-nostem --no-stem --no-stopwords -q
[ -d idx-baseline ] || $K index $DATA --index idx-baseline --baseline-tokenizer -q
S="search --queries topics.tsv --match any --format trec --limit 20"
$K $S --index idx-default                                   > run-a-default.trec
$K $S --index idx-default --grams-weight 0 --lead-weight 0  > run-b-nograms-nolead.trec
$K $S --index idx-nostem                                    > run-c-nostem-nostop.trec
$K $S --index idx-baseline                                  > run-d-tantivy-baseline.trec
python3 - <<'PY'
import collections
runs=[('a','run-a-default.trec'),('b','run-b-nograms-nolead.trec'),('c','run-c-nostem-nostop.trec'),('d','run-d-tantivy-baseline.trec')]
pool=collections.defaultdict(set)
order=[l.split('\t')[0] for l in open('topics.tsv',encoding='utf-8') if l.strip()]
for tag,f in runs:
    n=collections.Counter()
    for l in open(f,encoding='utf-8'):
        p=l.split()
        if len(p)>=3: pool[(p[0],p[2])].add(tag); n[p[0]]+=1
    print(f, sum(n.values()), 'rows;', 'topics with <20:', [q for q in order if n[q]<20])
key=lambda k:(order.index(k[0]),k[1])
with open('pool.tsv','w',encoding='utf-8') as w:
    for k in sorted(pool,key=key): w.write(f"{k[0]}\t{k[1]}\t{''.join(sorted(pool[k]))}\n")
print('pooled', len(pool), 'per topic', round(len(pool)/len(order),1))
PY
