//! Stories: articles that are copies of one another, word for word or lightly edited (a
//! changed headline, a paragraph dropped or added, another dateline, Arabic letters or
//! Persian, with a ZWNJ or without), found by kavosh itself.
//!
//! Each article's body gets a [`Signature`] when it is indexed (signature.rs). After every
//! commit the stories are found again from all the live articles' signatures
//! ([`StoryTable::build`]): candidate pairs by locality-sensitive banding, kept when their
//! estimated resemblance reaches [`SAME_STORY`], and a story is a connected group of kept
//! pairs. The table is a function of the live articles alone, so an index brought up to
//! date file by file has the stories of a rebuild: a new article joins its story, a
//! changed one may leave, a deleted one is in no story.
//!
//! The table lists only stories of two articles or more, by each article's key (a hash
//! of its id, the `story_key` fast field); an article in no story is a story of its own.
//! It is written beside the index (`kavosh-stories.bin`) with the opstamp of the commit
//! it describes.

use std::path::Path;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use tantivy::{DocId, Searcher, TantivyError};

use super::signature::{mix, Signature, BASE, BINS, EMPTY};
use super::PUBLISHED;
use crate::error::{Error, Result};

pub(super) const FILE_NAME: &str = "kavosh-stories.bin";

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

/// The hash of one band of `signature`, `None` when every bin of it is empty (short bodies
/// would otherwise all be candidates of one another). A band with some empty bins still
/// counts: a short body fills few, and its copies must still meet.
fn band_hash(signature: &Signature, band: usize) -> Option<u64> {
    let rows = &signature.bins()[band * ROWS..(band + 1) * ROWS];
    if rows.iter().all(|row| *row == EMPTY) {
        return None;
    }
    let packed = rows
        .iter()
        .fold(band as u64, |hash, row| (hash << 8) ^ u64::from(*row));
    Some(mix(packed))
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
                    if let Some(hash) = band_hash(&member.signature, band) {
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
    use super::super::signature::tests::{OTHER, STORY};
    use super::super::Signing;
    use super::*;

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
        let texts = [
            STORY.to_string(),
            STORY.replace("به گزارش خبرگزاری فارس، ", "به گزارش ایسنا، "),
            STORY.replace(" و موانع گمرکی برداشته شود", ""),
            OTHER.to_string(),
        ];
        let mut articles = Vec::new();
        for (key, day) in (0..60u64).zip([0i64, 1, 2, 4, 5, 9].iter().cycle()) {
            articles.push(Member {
                key,
                published: (key != 40).then_some(day * SAME_STORY_SECONDS),
                signature: Signature::of(&texts[key as usize % texts.len()], Signing::Packed),
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
    fn copies_of_a_short_text_meet_though_most_bins_are_empty() {
        let short = "قیمت هر قطعه سکه امروز به شش میلیون تومان رسید.";
        let member = |key| Member {
            key,
            published: None,
            signature: Signature::of(short, Signing::Packed),
        };
        let table = StoryTable::cluster(1, &[member(1), member(2)]);
        assert_eq!(table.stories, vec![vec![1, 2]]);
    }

    #[test]
    fn stories_are_connected_groups_whatever_the_order() {
        let edited = STORY.replace("به گزارش خبرگزاری فارس، ", "به گزارش ایسنا، ");
        let member = |key, published, body: &str| Member {
            key,
            published,
            signature: Signature::of(body, Signing::Packed),
        };
        let day = SAME_STORY_SECONDS;
        let mut articles = vec![
            member(1, Some(10 * day), STORY),
            member(2, None, OTHER),
            member(3, Some(11 * day), &edited),
            member(4, Some(day), OTHER),
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
