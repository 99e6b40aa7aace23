//! Stories: articles that are copies of one another, word for word or lightly edited (a
//! changed headline, a paragraph dropped or added, another dateline, Arabic letters or
//! Persian, with a ZWNJ or without), found by kavosh itself.
//!
//! Each article's body gets a [`Signature`] when it is indexed: a one-permutation MinHash
//! of its letter shingles, read through kavosh's folding (so ي = ی, ۱ = 1) with every
//! space, ZWNJ, mark and punctuation left out, so that می‌رود, میرود and می رود give the
//! same shingles. After every commit the stories are found again from all the live
//! articles' signatures ([`StoryTable::build`]): candidate pairs by locality-sensitive
//! banding, kept when their estimated resemblance reaches [`SAME_STORY`], and a story is
//! a connected group of kept pairs. The table is a function of the live articles alone,
//! so an index brought up to date file by file has the stories of a rebuild: a new
//! article joins its story, a changed one may leave, a deleted one is in no story.
//!
//! The table lists only stories of two articles or more, by each article's key (a hash
//! of its id, the `story_key` fast field); an article in no story is a story of its own.
//! It is written beside the index (`kavosh-stories.bin`) with the opstamp of the commit
//! it describes.

use std::path::Path;

use kavosh_analysis::fold::{classify, CharClass};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use tantivy::{DocId, Searcher, TantivyError};

use super::PUBLISHED;
use crate::error::{Error, Result};

pub(super) const FILE_NAME: &str = "kavosh-stories.bin";

/// Bins of a signature: its resemblance estimate has a standard error of about
/// sqrt(J(1-J)/BINS), 0.044 at J = 0.5. On the 263 judged pairs at [`SAME_STORY`]
/// (precision / recall): 64: 0.931 / 0.893, **128**: 0.955 / 0.884, 256: 0.938 / 0.876 (at
/// 0.4: 0.902 / 0.917).
const BINS: usize = 128;
/// The bytes of a signature written before each bin was kept in 8 bits ([`kept`]): its
/// 16-bit minimums, read as today's.
const LEGACY_BYTES: usize = BINS * 2;
/// Letters per shingle (spaces and ZWNJs not counted): about four words, so that the
/// shingles two reports of one event share by their subject alone (names, places, the
/// agency's phrases) are few beside those a copy shares. On the 263 judged pairs (precision
/// / recall at the best thresholds): 8: 0.858 / 0.901 (0.55); 12: 0.917 / 0.909 (0.5),
/// 0.972 / 0.851 (0.55); **16**: 0.955 / 0.884 (0.45); 20: 0.963 / 0.860 (0.45), 0.918 /
/// 0.926 (0.35); 24: 0.962 / 0.843 (0.45). 16 and 20 are one within the sample; shorter
/// shingles join reports of one subject. The second set, the copies typed every way and the
/// two stories of one subject in tests/stories.rs, is told apart right by every length from
/// 8 to 24 at every threshold from 0.35 to 0.55; ParsiNLU has no copies.
const SHINGLE_LETTERS: usize = 16;
/// Banding for candidate pairs: a pair is a candidate when all `ROWS` bins of any of
/// `BANDS` bands agree, which a pair of resemblance 0.5 is with probability 0.87 and of
/// 0.6 with 0.99.
const BANDS: usize = 32;
const ROWS: usize = BINS / BANDS;

/// Bands bucketed in one pass over the articles, their buckets sorted on every core: a
/// few, for the memory of the buckets (16 bytes per article each).
const BANDS_PER_PASS: usize = 4;
const _: () = assert!(
    BANDS.is_multiple_of(BANDS_PER_PASS),
    "every pass takes whole bands"
);
/// A bin no shingle fell into: as a 16-bit minimum, and as kept.
const NO_SHINGLE: u16 = u16::MAX;
const EMPTY: u8 = u8::MAX;

/// A bin's 16-bit minimum as the signature keeps it, in 8 bits (b-bit MinHash): two
/// bodies' bins then also agree by chance, once in 255, which adds (1 - J) / 255 to the
/// estimate (0.002 at [`SAME_STORY`]) and halves the column that indexing writes and the
/// story pass reads (128 bytes an article). On the 263 judged pairs precision and recall
/// are those of the 16 bits, 0.955 / 0.884, and the copies typed every way and the two
/// stories of one subject in tests/stories.rs are told apart alike (ParsiNLU has no
/// copies). The remainder by 255 leaves 255 for [`EMPTY`] and, with 65,535 minimums, is
/// uniform.
fn kept(minimum: u16) -> u8 {
    match minimum {
        NO_SHINGLE => EMPTY,
        _ => (minimum % 255) as u8,
    }
}

/// The estimated resemblance (Jaccard of the letter shingles) from which two articles
/// are one story, if published within [`SAME_STORY_SECONDS`] of each other. Chosen on 263
/// judged pairs of `../shared/data/news` across the range (`tests/eval/news/
/// story_pairs.tsv`, checked by tests/stories.rs; README: Stories): with the window,
/// precision 0.955 and recall 0.884 at 0.45, against 0.896 and 0.926 at 0.4 and 0.970
/// and 0.802 at 0.55. (ParsiNLU has no copies to judge: its passages are one per
/// article.)
pub const SAME_STORY: f64 = 0.45;

/// How far apart two dated articles of one story may be published. News republished
/// is republished within hours; the daily reports of one template (the coin price, the
/// day's infections, a car maker's sale of the week) share most of their text but not
/// their day: on the judged pairs, no window gives precision 0.786 at 0.45, two days
/// 0.902, one day 0.955 (recall 0.909, 0.909, 0.884).
pub const SAME_STORY_SECONDS: i64 = 24 * 60 * 60;

/// A one-permutation MinHash of an article's body: per bin, the least 16 bits of the
/// least shingle hash that fell into it, [`kept`] in 8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature([u8; BINS]);

impl Signature {
    /// The signature of `body`.
    pub fn of(body: &str) -> Signature {
        Signature(minimums(body).map(kept))
    }

    /// The estimated resemblance of two bodies, from 0 to 1: the share of bins that agree
    /// among those either body filled. A body shorter than a shingle resembles nothing.
    pub fn resemblance(&self, other: &Signature) -> f64 {
        let (mut agree, mut filled) = (0u32, 0u32);
        for (a, b) in self.0.iter().zip(&other.0) {
            if *a != EMPTY || *b != EMPTY {
                filled += 1;
                agree += u32::from(a == b);
            }
        }
        if filled == 0 {
            0.0
        } else {
            f64::from(agree) / f64::from(filled)
        }
    }

    /// As stored in the `signature` fast field.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_vec()
    }

    /// From the `signature` fast field, as written now or before bins were kept in 8 bits
    /// (so an index keeps its stories across the change); `None` if the bytes are not a
    /// signature.
    fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        match bytes.len() {
            BINS => Some(Signature(bytes.try_into().ok()?)),
            LEGACY_BYTES => {
                let mut bins = [EMPTY; BINS];
                for (bin, pair) in bins.iter_mut().zip(bytes.chunks_exact(2)) {
                    *bin = kept(u16::from_le_bytes([pair[0], pair[1]]));
                }
                Some(Signature(bins))
            }
            _ => None,
        }
    }

    /// The hash of one band, `None` when every bin of it is empty (short bodies would
    /// otherwise all be candidates of one another). A band with some empty bins still
    /// counts: a short body fills few, and its copies must still meet.
    fn band(&self, band: usize) -> Option<u64> {
        let rows = &self.0[band * ROWS..(band + 1) * ROWS];
        if rows.iter().all(|row| *row == EMPTY) {
            return None;
        }
        let packed = rows
            .iter()
            .fold(band as u64, |hash, row| (hash << 8) ^ u64::from(*row));
        Some(mix(packed))
    }
}

/// Each bin's least 16-bit shingle hash ([`NO_SHINGLE`] for none): a one-permutation
/// MinHash of the body's letter shingles.
fn minimums(body: &str) -> [u16; BINS] {
    let mut bins = [NO_SHINGLE; BINS];
    // A rolling polynomial hash of the last SHINGLE_LETTERS letters.
    let mut window = [0u32; SHINGLE_LETTERS];
    let mut letters = 0usize;
    let mut rolling: u64 = 0;
    let base_to_k = BASE.wrapping_pow(SHINGLE_LETTERS as u32);
    for c in body.chars() {
        let CharClass::Letter(folded) = classify(c) else {
            continue;
        };
        let code = u32::from(folded.to_ascii_lowercase());
        let slot = letters % SHINGLE_LETTERS;
        rolling = rolling
            .wrapping_mul(BASE)
            .wrapping_add(u64::from(code))
            .wrapping_sub(u64::from(window[slot]).wrapping_mul(base_to_k));
        window[slot] = code;
        letters += 1;
        if letters >= SHINGLE_LETTERS {
            let hash = mix(rolling);
            let bin = (hash >> (64 - BINS.trailing_zeros())) as usize;
            // Never NO_SHINGLE: an empty bin must not agree with a full one.
            let value = (hash as u16).min(NO_SHINGLE - 1);
            bins[bin] = bins[bin].min(value);
        }
    }
    bins
}

const BASE: u64 = 0x100_0000_01b3;

/// splitmix64's finalizer: spreads every input bit over the whole word.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// An article's key, the hash of its id (FNV-1a, mixed): fixed across runs and versions,
/// so a story table written by one process is read by another.
pub fn story_key(id: &str) -> u64 {
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(BASE)
    });
    mix(hash)
}

/// What the stories are found from: one article's key, publication time and signature.
#[derive(Debug, Clone)]
pub struct Member {
    pub key: u64,
    /// Seconds since 1970.
    pub published: Option<i64>,
    pub signature: Signature,
}

impl Member {
    /// Whether two articles are one story: their bodies resemble each other enough and,
    /// when both are dated, they were published close enough together.
    pub fn same_story(&self, other: &Member) -> bool {
        let close = match (self.published, other.published) {
            (Some(a), Some(b)) => a.abs_diff(b) <= SAME_STORY_SECONDS as u64,
            _ => true,
        };
        close && self.signature.resemblance(&other.signature) >= SAME_STORY
    }
}

/// The stories of an index: groups of two articles or more, by key.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StoryTable {
    /// The opstamp of the commit the table describes.
    pub opstamp: u64,
    /// Each story's keys, ascending; stories in the order of their first key.
    stories: Vec<Vec<u64>>,
    /// Key → its story's index in `stories`.
    of_key: FxHashMap<u64, u32>,
}

/// Joins the articles of one band's bucket (`run`) that tell one story. They are taken
/// one by one against the groups of those before them that are joined already: against a
/// group only until one of its articles is the same story (or already in its story), so
/// that the copies of an article cost one check each, not one per pair (100 copies of
/// the news set: 10 s after each commit otherwise). Every pair of two groups still
/// apart is checked, so the stories are those of checking every pair.
fn join_run(run: &[(u64, u32)], articles: &[Member], components: &mut UnionFind) {
    // Most runs after the first bands are of one story already.
    let first = components.find(run[0].1 as usize);
    if run
        .iter()
        .all(|&(_, b)| components.find(b as usize) == first)
    {
        return;
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &(_, b) in run {
        let b = b as usize;
        let mut home: Option<usize> = None;
        let mut at = 0;
        while at < groups.len() {
            let joins = components.find(groups[at][0]) == components.find(b)
                || groups[at]
                    .iter()
                    .any(|&a| articles[a].same_story(&articles[b]));
            if !joins {
                at += 1;
                continue;
            }
            components.union(groups[at][0], b);
            match home {
                None => {
                    home = Some(at);
                    at += 1;
                }
                Some(first) => {
                    let merged = groups.swap_remove(at);
                    groups[first].extend(merged);
                }
            }
        }
        match home {
            Some(first) => groups[first].push(b),
            None => groups.push(vec![b]),
        }
    }
}

impl StoryTable {
    fn new(opstamp: u64, mut stories: Vec<Vec<u64>>) -> StoryTable {
        for story in &mut stories {
            story.sort_unstable();
        }
        stories.sort_unstable();
        let mut of_key = FxHashMap::default();
        for (index, story) in stories.iter().enumerate() {
            for key in story {
                of_key.insert(*key, index as u32);
            }
        }
        StoryTable {
            opstamp,
            stories,
            of_key,
        }
    }

    /// The stories of `articles`.
    pub fn cluster(opstamp: u64, articles: &[Member]) -> StoryTable {
        let mut components = UnionFind::new(articles.len());
        let mut buckets: Vec<Vec<(u64, u32)>> = (0..BANDS_PER_PASS)
            .map(|_| Vec::with_capacity(articles.len()))
            .collect();
        for first in (0..BANDS).step_by(BANDS_PER_PASS) {
            for (at, member) in articles.iter().enumerate() {
                for (band, bucket) in (first..).zip(&mut buckets) {
                    if let Some(hash) = member.signature.band(band) {
                        bucket.push((hash, at as u32));
                    }
                }
            }
            buckets
                .par_iter_mut()
                .for_each(|bucket| bucket.sort_unstable());
            for bucket in &mut buckets {
                // An article alone in its bucket meets no one there.
                for run in bucket
                    .chunk_by(|a, b| a.0 == b.0)
                    .filter(|run| run.len() > 1)
                {
                    join_run(run, articles, &mut components);
                }
                bucket.clear();
            }
        }
        let mut groups: FxHashMap<usize, Vec<u64>> = FxHashMap::default();
        for (at, member) in articles.iter().enumerate() {
            groups
                .entry(components.find(at))
                .or_default()
                .push(member.key);
        }
        let stories = groups
            .into_values()
            .filter(|story| story.len() > 1)
            .collect();
        StoryTable::new(opstamp, stories)
    }

    /// The stories of every live article `searcher` sees, as of commit `opstamp`.
    pub(super) fn build(searcher: &Searcher, opstamp: u64) -> Result<StoryTable> {
        let mut articles = Vec::with_capacity(searcher.num_docs() as usize);
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let (Some(keys), Some(signatures)) = (
                fast.u64(STORY_KEY).ok(),
                fast.bytes(SIGNATURE).ok().flatten(),
            ) else {
                continue;
            };
            let dates = fast.date(PUBLISHED)?;
            // The signatures are read in the order of the column's dictionary, one pass
            // over it rather than a lookup per article.
            let mut wanted: Vec<(u64, DocId)> = segment
                .doc_ids_alive()
                .filter_map(|doc| Some((signatures.term_ords(doc).next()?, doc)))
                .collect();
            wanted.sort_unstable();
            let mut wanted = wanted.into_iter().peekable();
            let mut stream = signatures
                .dictionary()
                .stream()
                .map_err(TantivyError::from)?;
            while let Some(&(next, _)) = wanted.peek() {
                if !stream.advance() {
                    break;
                }
                let ord = stream.term_ord();
                // Entries only deleted articles hold are passed over unread.
                if ord != next {
                    continue;
                }
                let signature = Signature::from_bytes(stream.key());
                while let Some((_, doc)) = wanted.next_if(|(wanted, _)| *wanted == ord) {
                    if let (Some(signature), Some(key)) = (&signature, keys.first(doc)) {
                        articles.push(Member {
                            key,
                            published: dates.first(doc).map(|date| date.into_timestamp_secs()),
                            signature: signature.clone(),
                        });
                    }
                }
            }
        }
        Ok(StoryTable::cluster(opstamp, &articles))
    }

    /// The index of the story of the article with `key`, `None` for an article alone.
    pub fn story_of(&self, key: u64) -> Option<u32> {
        self.of_key.get(&key).copied()
    }

    /// The keys of story `index`.
    pub fn members(&self, index: u32) -> &[u64] {
        &self.stories[index as usize]
    }

    /// Stories of two articles or more.
    pub fn len(&self) -> usize {
        self.stories.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }

    /// Articles in stories of two or more.
    pub fn articles_in_stories(&self) -> usize {
        self.of_key.len()
    }

    /// The size of the largest story (1 when no two articles are copies).
    pub fn largest(&self) -> usize {
        self.stories.iter().map(Vec::len).max().unwrap_or(1)
    }

    /// The table beside the index at `dir`; empty (every article alone) if there is none.
    pub fn load(dir: &Path) -> Result<StoryTable> {
        let path = dir.join(FILE_NAME);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(StoryTable::default())
            }
            Err(source) => return Err(Error::Io { path, source }),
        };
        let damaged = || Error::IncompatibleIndex {
            path: dir.to_path_buf(),
            reason: format!("{} is damaged; index again to rewrite it", path.display()),
        };
        let words: Vec<u64> = bytes
            .strip_prefix(MAGIC)
            .filter(|rest| rest.len() % 8 == 0)
            .ok_or_else(damaged)?
            .chunks_exact(8)
            .map(|word| u64::from_le_bytes(word.try_into().expect("8 bytes")))
            .collect();
        let (&opstamp, mut rest) = words.split_first().ok_or_else(damaged)?;
        let mut stories = Vec::new();
        while let Some((&len, after)) = rest.split_first() {
            let len = usize::try_from(len).map_err(|_| damaged())?;
            if len > after.len() {
                return Err(damaged());
            }
            stories.push(after[..len].to_vec());
            rest = &after[len..];
        }
        Ok(StoryTable::new(opstamp, stories))
    }

    /// The modification time and length of the table file at `dir`, to tell when it
    /// changes; `None` if there is none.
    pub fn stamp(dir: &Path) -> Option<(std::time::SystemTime, u64)> {
        let metadata = std::fs::metadata(dir.join(FILE_NAME)).ok()?;
        Some((metadata.modified().ok()?, metadata.len()))
    }

    /// Replaces the table at `dir` atomically.
    pub(super) fn save(&self, dir: &Path) -> Result<()> {
        let mut bytes = MAGIC.to_vec();
        bytes.extend(self.opstamp.to_le_bytes());
        for story in &self.stories {
            bytes.extend((story.len() as u64).to_le_bytes());
            for key in story {
                bytes.extend(key.to_le_bytes());
            }
        }
        let path = dir.join(FILE_NAME);
        let aside = dir.join(format!("{FILE_NAME}.tmp"));
        std::fs::write(&aside, bytes).map_err(|source| Error::Io {
            path: aside.clone(),
            source,
        })?;
        std::fs::rename(&aside, &path).map_err(|source| Error::Io { path, source })
    }
}

/// The first bytes of the table file, with its format's version.
const MAGIC: &[u8] = b"kavosh-stories-1";

/// The fast fields the stories are read from (schema.rs defines them).
pub const STORY_KEY: &str = "story_key";
pub(super) const SIGNATURE: &str = "signature";

/// Disjoint sets with path halving.
struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn new(len: usize) -> Self {
        UnionFind {
            parent: (0..len as u32).collect(),
        }
    }

    fn find(&mut self, mut at: usize) -> usize {
        while self.parent[at] as usize != at {
            let grandparent = self.parent[self.parent[at] as usize];
            self.parent[at] = grandparent;
            at = grandparent as usize;
        }
        at
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        let (low, high) = (a.min(b), a.max(b));
        self.parent[high] = low as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "به گزارش خبرگزاری فارس، وزیر امور خارجه کشورمان امروز در دیدار با همتای \
        ترکیه‌ای خود در تهران درباره گسترش روابط اقتصادی دو کشور و همکاری‌های منطقه‌ای گفت‌وگو کرد. \
        وی افزود که حجم مبادلات تجاری دو کشور باید در سال آینده به سی میلیارد دلار برسد و موانع \
        گمرکی برداشته شود. همتای ترکیه‌ای او نیز از آمادگی کشورش برای سرمایه‌گذاری در بخش انرژی \
        و حمل‌ونقل خبر داد و گفت که دو طرف درباره خط لوله گاز نیز به توافق رسیده‌اند.";

    /// A way to join the articles of one bucket.
    type JoinRun = fn(&[(u64, u32)], &[Member], &mut UnionFind);

    /// Every pair of a bucket checked, as the grouping in `join_run` must equal.
    fn join_every_pair(run: &[(u64, u32)], articles: &[Member], components: &mut UnionFind) {
        for (i, &(_, a)) in run.iter().enumerate() {
            for &(_, b) in &run[i + 1..] {
                if articles[a as usize].same_story(&articles[b as usize]) {
                    components.union(a as usize, b as usize);
                }
            }
        }
    }

    #[test]
    fn grouping_a_bucket_joins_what_checking_every_pair_joins() {
        // Copies and light edits of one story and copies of another, dated days apart so
        // that copies chain through the day window (day 0 ~ day 1 ~ day 2, not 0 ~ 2)
        // and some never meet: the joins are not transitive, and one undated copy, met
        // late, joins groups met apart before.
        let other = "تیم ملی فوتبال ایران امشب در ورزشگاه آزادی به مصاف تیم ملی عراق می‌رود و \
            سرمربی تیم گفت که بازیکنانش برای پیروزی آماده‌اند و هواداران را به ورزشگاه دعوت کرد.";
        let texts = [
            STORY.to_string(),
            STORY.replace("به گزارش خبرگزاری فارس، ", "به گزارش ایسنا، "),
            STORY.replace(" و موانع گمرکی برداشته شود", ""),
            other.to_string(),
        ];
        let mut articles = Vec::new();
        for (key, day) in (0..60u64).zip([0i64, 1, 2, 4, 5, 9].iter().cycle()) {
            articles.push(Member {
                key,
                published: (key != 40).then_some(day * SAME_STORY_SECONDS),
                signature: Signature::of(&texts[key as usize % texts.len()]),
            });
        }
        let run: Vec<(u64, u32)> = (0..articles.len() as u32).map(|at| (0, at)).collect();
        let components = |join: JoinRun| {
            let mut components = UnionFind::new(articles.len());
            join(&run, &articles, &mut components);
            (0..articles.len())
                .map(|at| components.find(at))
                .collect::<Vec<_>>()
        };
        let grouped = components(join_run);
        assert_eq!(grouped, components(join_every_pair));
        // Neither all one story nor all apart.
        let distinct: std::collections::BTreeSet<_> = grouped.iter().collect();
        assert!(
            distinct.len() > 1 && distinct.len() < articles.len(),
            "{distinct:?}"
        );
    }

    #[test]
    fn typings_of_one_text_have_one_signature() {
        let arabic = STORY.replace('ی', "ي").replace('ک', "ك");
        let no_zwnj = STORY.replace('\u{200C}', "");
        let spaced = STORY.replace('\u{200C}', " ");
        let persian_digits = STORY.replace("سی", "۳۰");
        let one = Signature::of(STORY);
        for other in [&arabic, &no_zwnj, &spaced] {
            assert_eq!(Signature::of(other), one);
        }
        assert!(Signature::of(&persian_digits).resemblance(&one) > 0.8);
    }

    #[test]
    fn a_light_edit_resembles_and_another_text_does_not() {
        let one = Signature::of(STORY);
        let edited = STORY
            .replace("به گزارش خبرگزاری فارس، ", "به گزارش ایسنا، ")
            .replace(" و موانع گمرکی برداشته شود", "");
        assert!(one.resemblance(&Signature::of(&edited)) >= SAME_STORY);
        let other = "تیم ملی فوتبال ایران امشب در ورزشگاه آزادی به مصاف تیم ملی عراق می‌رود و \
            سرمربی تیم گفت که بازیکنانش برای پیروزی آماده‌اند و هواداران را به ورزشگاه دعوت کرد.";
        assert!(one.resemblance(&Signature::of(other)) < 0.1);
        assert_eq!(
            Signature::of("کوتاه").resemblance(&Signature::of("کوتاه")),
            0.0
        );
    }

    #[test]
    fn copies_of_a_short_text_meet_though_most_bins_are_empty() {
        let short = "قیمت هر قطعه سکه امروز به شش میلیون تومان رسید.";
        let member = |key| Member {
            key,
            published: None,
            signature: Signature::of(short),
        };
        let table = StoryTable::cluster(1, &[member(1), member(2)]);
        assert_eq!(table.stories, vec![vec![1, 2]]);
    }

    #[test]
    fn signatures_survive_their_bytes() {
        let one = Signature::of(STORY);
        assert_eq!(Signature::from_bytes(&one.to_bytes()), Some(one.clone()));
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
        // As an index wrote them before bins were kept in 8 bits: read as today's.
        let legacy: Vec<u8> = minimums(STORY)
            .iter()
            .flat_map(|minimum| minimum.to_le_bytes())
            .collect();
        assert_eq!(Signature::from_bytes(&legacy), Some(one));
    }

    #[test]
    fn a_kept_bin_is_empty_only_when_no_shingle_fell_into_it_and_is_uniform_else() {
        assert_eq!(kept(NO_SHINGLE), EMPTY);
        let mut seen = [0u32; 256];
        for minimum in 0..NO_SHINGLE {
            seen[usize::from(kept(minimum))] += 1;
        }
        assert_eq!(seen[usize::from(EMPTY)], 0);
        assert!(seen[..255].iter().all(|count| *count == 257), "{seen:?}");
    }

    #[test]
    fn stories_are_connected_groups_whatever_the_order() {
        let edited = STORY.replace("به گزارش خبرگزاری فارس، ", "به گزارش ایسنا، ");
        let other = "تیم ملی فوتبال ایران امشب در ورزشگاه آزادی به مصاف تیم ملی عراق می‌رود و \
            سرمربی تیم گفت که بازیکنانش برای پیروزی آماده‌اند و هواداران را به ورزشگاه دعوت کرد.";
        let member = |key, published, body: &str| Member {
            key,
            published,
            signature: Signature::of(body),
        };
        let day = SAME_STORY_SECONDS;
        let mut articles = vec![
            member(1, Some(10 * day), STORY),
            member(2, None, other),
            member(3, Some(11 * day), &edited),
            member(4, Some(day), other),
            member(5, None, ""),
            // The same text a week later: another day's report.
            member(6, Some(17 * day), STORY),
        ];
        let table = StoryTable::cluster(9, &articles);
        assert_eq!(table.stories, vec![vec![1, 3], vec![2, 4]]);
        assert_eq!(table.story_of(3), table.story_of(1));
        assert_eq!(table.story_of(5), None);
        assert_eq!(table.largest(), 2);
        articles.reverse();
        assert_eq!(StoryTable::cluster(9, &articles), table);
    }

    #[test]
    fn a_saved_table_loads_back_and_a_missing_one_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert!(StoryTable::load(dir.path()).unwrap().is_empty());
        let table = StoryTable::new(7, vec![vec![5, 3], vec![1, 2, 9]]);
        table.save(dir.path()).unwrap();
        assert_eq!(StoryTable::load(dir.path()).unwrap(), table);
        std::fs::write(dir.path().join(FILE_NAME), b"kavosh-stories-1\x01").unwrap();
        assert!(StoryTable::load(dir.path()).is_err());
    }

    #[test]
    fn keys_are_fixed() {
        assert_eq!(story_key("a"), story_key("a"));
        assert_ne!(story_key("a"), story_key("b"));
    }
}
