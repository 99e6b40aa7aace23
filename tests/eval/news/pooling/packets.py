# Judging packets: per topic the query, the written need, and per pooled article
# (in id order, no system, no rank) its title, first 500 characters and up to three
# 300-character windows around the query's words further in.
# Also writes a compact view (title, first 200 chars, one 170-char window,
# counts of the query's words) used by the judge to move fast; the full packet is
# consulted for any article the compact view does not settle.
import json, collections, os, re
D = '/work/shared/data/news/'
docs = {}
for f in ['ir_news_2020.jsonl', 'fars_varzesh3.jsonl', 'rss_2020.jsonl']:
    for l in open(D + f, encoding='utf-8'):
        r = json.loads(l); docs[r['id']] = r
topics = dict(l.rstrip('\n').split('\t') for l in open('topics.tsv', encoding='utf-8') if l.strip())
needs = {l.split('\t')[0]: l.rstrip('\n').split('\t')[4] for l in open('topics-notes.tsv', encoding='utf-8') if l.strip()}
pool = collections.defaultdict(list)
for l in open('pool.tsv', encoding='utf-8'):
    q, d, _ = l.rstrip('\n').split('\t'); pool[q].append(d)
STOP = set('و از به در با برای آیا چه کدام را که می شود است امسال چقدر سال درباره'.split())
def fold(s):
    return s.replace('ي', 'ی').replace('ك', 'ک').replace('ى', 'ی').replace('ة', 'ه').replace('أ', 'ا').replace('إ', 'ا')
def squash(s):
    """text without spaces/ZWNJ, with a map back to positions in s"""
    out, pos = [], []
    for i, c in enumerate(s):
        if c in ' \u200c\u200f\u200e\n\t':
            continue
        out.append(c); pos.append(i)
    return ''.join(out), pos
def terms(q):
    t = [fold(w).replace('\u200c', '').strip('؟?') for w in q.split()]
    t = [w for w in t if w and w not in STOP]
    if 'احمدی' in t and 'نژاد' in t: pass
    return t
def hits(text, ts):
    sq, pos = squash(fold(text))
    found = []
    for t in ts:
        for m in re.finditer(re.escape(t), sq):
            found.append((pos[m.start()], t))
    return sorted(found)
def windows(text, found, start, n, width):
    out, last = [], -10**9
    for p, t in found:
        if p < start or p < last + width: continue
        a = max(start, p - width // 2); out.append(text[a:a + width].replace('\n', ' ')); last = p
        if len(out) == n: break
    return out
os.makedirs('packets/full', exist_ok=True); os.makedirs('packets/compact', exist_ok=True)
for q in topics:
    ts = terms(topics[q])
    full = [f"TOPIC {q}\nQUERY: {topics[q]}\nNEED: {needs[q]}\nGrades: 2 = about the topic, 1 = substantially mentions it, 0 = not.\n"]
    comp = [f"TOPIC {q} | QUERY: {topics[q]} | terms {ts}\nNEED: {needs[q]}\n"]
    for d in sorted(pool[q]):
        r = docs[d]; text = str(r['text']); title = str(r['title'])
        found = hits(text, ts)
        cnt = collections.Counter(t for _, t in found)
        full.append(f"--- {d}\nTITLE: {title}\nSTART: {text[:500]}")
        for w in windows(text, found, 500, 3, 300): full.append(f"  ...{w}...")
        full.append('')
        tc = collections.Counter(t for _, t in hits(title, ts))
        comp.append(f"--- {d} | len {len(text)} | body {dict(cnt)} | title {dict(tc)}\nT: {title}\nS: {text[:200]}".replace('\n\n', '\n'))
        for w in windows(text, found, 200, 1, 170): comp.append(f"  ..{w}..")
    open(f'packets/full/{q}.txt', 'w', encoding='utf-8').write('\n'.join(full) + '\n')
    open(f'packets/compact/{q}.txt', 'w', encoding='utf-8').write('\n'.join(comp) + '\n')
print('ok', sum(len(v) for v in pool.values()))
