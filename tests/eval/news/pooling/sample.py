# Seeded blind sample of articles for topics n77+ (no search engine involved).
import json, random, sys
random.seed(2026)
D = '/work/shared/data/news/'
seeds = {l.split('\t')[1] for l in open('/work/main/tests/eval/news/topics-notes.tsv', encoding='utf-8') if l.strip()}
out = []
for f, n in [('ir_news_2020.jsonl', 60), ('fars_varzesh3.jsonl', 40), ('rss_2020.jsonl', 30)]:
    recs = [json.loads(l) for l in open(D + f, encoding='utf-8')]
    recs = [r for r in recs if r['id'] not in seeds]
    for r in random.sample(recs, n):
        out.append(r)
with open('sample.txt', 'w', encoding='utf-8') as w:
    for i, r in enumerate(out):
        w.write(f"### {i} {r['id']} | {r.get('date','')} | {r.get('category','')}\nTITLE: {r['title']}\n{r['text'][:900]}\n\n")
print(len(out))
