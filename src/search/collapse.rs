//! Collapsing hits by story (index/stories.rs): one hit per story, its best article in
//! the page's order, the story's other matching articles listed with it.
//!
//! By relevance and without facets, the best stories are found among the best hits
//! alone (block-max WAND skips the rest, as it does for every article its own hit), and
//! the matches are counted up to [`COUNTED_EXACTLY`] with their stories. Sorted by date
//! or with facets every match is visited anyway, and collected in that one pass. Either
//! way the other matching articles of the page's stories are then found by seeking the
//! query's matches to each story's articles, never by visiting every match.
//!
//! Each segment's stories are read once (a story per document, and the documents of
//! each story) from its `story_key` fast field and the story table, and kept while the
//! segment and the table live. The table is read again when the index's story file
//! changes, so a server that follows commits collapses by the stories of the last commit
//! soon after it.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::{
    DateTime, DocAddress, DocId, DocSet, Score, SegmentOrdinal, SegmentReader, TantivyDocument,
};

use super::collect::{count_up_to, Collected, Ranked, Total, COUNTED_EXACTLY};
use super::facets::{FacetCollector, Facets};
use super::parallel::{self, per_segment};
use super::union::SeekingUnion;
use super::{rerank, SearchOptions, Searcher, Similar, SortOrder};
use crate::error::Result;
use crate::index::{heads, Heads, KavoshIndex, StoryTable, PUBLISHED};

/// No story: the article is alone.
pub(super) const ALONE: u32 = u32::MAX;

/// The story table of an index and each segment's stories.
#[derive(Default)]
pub(super) struct Stories {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Whether the table was read, and the story file's modification time and length
    /// then (`None` for no file: an index made before stories, every article alone).
    loaded: bool,
    stamp: Option<(SystemTime, u64)>,
    table: Arc<StoryTable>,
    segments: HashMap<SegmentId, Arc<SegmentStories>>,
}

/// One segment's stories.
struct SegmentStories {
    /// Each document's story, [`ALONE`] for none.
    of_doc: Box<[u32]>,
    /// The documents in a story, by story then document.
    by_story: Box<[(u32, DocId)]>,
    /// Each document's head, `None` in an index made before heads.
    heads: Option<Heads>,
}

impl SegmentStories {
    fn read(segment: &SegmentReader, table: &StoryTable) -> Result<SegmentStories> {
        let docs = 0..segment.max_doc();
        let of_doc: Box<[u32]> = match segment.fast_fields().u64(crate::index::STORY_KEY) {
            Ok(keys) => docs
                .map(|doc| {
                    keys.first(doc)
                        .and_then(|key| table.story_of(key))
                        .unwrap_or(ALONE)
                })
                .collect(),
            // An index made before stories: every article is alone.
            Err(_) => docs.map(|_| ALONE).collect(),
        };
        let mut by_story: Vec<(u32, DocId)> = (0..)
            .zip(of_doc.iter())
            .filter(|(_, story)| **story != ALONE)
            .map(|(doc, story)| (*story, doc))
            .collect();
        by_story.sort_unstable();
        Ok(SegmentStories {
            of_doc,
            by_story: by_story.into(),
            heads: heads(segment)?,
        })
    }

    /// The segment's documents in `story`, ascending (deleted ones too).
    fn docs(&self, story: u32) -> impl Iterator<Item = DocId> + '_ {
        let start = self.by_story.partition_point(|(of, _)| *of < story);
        self.by_story[start..]
            .iter()
            .take_while(move |(of, _)| *of == story)
            .map(|(_, doc)| *doc)
    }
}

/// What a search collapsed by story keeps for its page's similar articles: the stories
/// it saw, and the weight of its query (scoring when ordered by relevance).
pub(super) struct Collapsed {
    snapshot: Snapshot,
    weight: Box<dyn Weight>,
    order: SortOrder,
}

/// The stories as one search sees them.
pub(super) struct Snapshot {
    table: Arc<StoryTable>,
    /// By segment ordinal.
    segments: Vec<Arc<SegmentStories>>,
}

impl Snapshot {
    fn story(&self, address: DocAddress) -> u32 {
        self.segments[address.segment_ord as usize].of_doc[address.doc_id as usize]
    }
}

impl Stories {
    /// The stories of the segments `searcher` holds, the table read again if its file
    /// changed.
    pub(super) fn snapshot(
        &self,
        index: &KavoshIndex,
        searcher: &tantivy::Searcher,
    ) -> Result<Snapshot> {
        let mut state = self.state.lock().expect("not poisoned");
        let stamp = StoryTable::stamp(index.path());
        if !state.loaded || stamp != state.stamp {
            state.table = Arc::new(StoryTable::load(index.path())?);
            state.stamp = stamp;
            state.loaded = true;
            state.segments.clear();
        }
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        state.segments.retain(|id, _| live.contains(id));
        let mut segments = Vec::with_capacity(live.len());
        for segment in searcher.segment_readers() {
            let stories = match state.segments.get(&segment.segment_id()) {
                Some(stories) => stories.clone(),
                None => {
                    let stories = Arc::new(SegmentStories::read(segment, &state.table)?);
                    state.segments.insert(segment.segment_id(), stories.clone());
                    stories
                }
            };
            segments.push(stories);
        }
        Ok(Snapshot {
            table: state.table.clone(),
            segments,
        })
    }
}

/// One matching article: its rank key (the score, or the publication time when sorted
/// by date) and its address.
#[derive(Debug, Clone, Copy)]
struct Entry {
    rank: f64,
    address: DocAddress,
}

/// Best first: the higher rank, then the earlier address (as tantivy's top docs order
/// ties).
fn better(a: &Entry, b: &Entry) -> Ordering {
    b.rank
        .total_cmp(&a.rank)
        .then_with(|| a.address.cmp(&b.address))
}

/// The best stories of the matching articles (each story's best article, best first),
/// with the count of the matching articles and of their stories (both lower bounds when
/// counting stopped).
struct Best {
    stories: Vec<(Entry, u32)>,
    total: Total,
    story_count: usize,
    facets: Option<Facets>,
}

/// The best `keep` stories by score, each at its best article, best first.
///
/// Found in each segment as tantivy finds the best hits (block-max WAND: the postings of
/// articles that cannot beat the segment's `keep`-th best story are skipped), with one
/// slot per story: an article of a story already kept only raises that story's score.
/// The matches are counted one by one only when fewer than `keep` stories are kept in
/// all (then every match was met); past that, the matches and their stories are counted
/// up to [`COUNTED_EXACTLY`].
fn best_by_score(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    weight: &dyn Weight,
    snapshot: &Snapshot,
    keep: usize,
) -> Result<Best> {
    // Segments are searched in parallel, each for its own best, which the merge keeps
    // exact: a story among the best `keep` is among the best `keep` of the segment that
    // holds its best article. No score to beat is shared between segments: block-max
    // WAND sums a match's scores in an order that depends on what it skipped, so with a
    // shared one, ties between copies would fall by the threads' timing; without, the
    // answer is the same on any number of threads. At 1.15M sharing was no faster (p50
    // 9.40 against 9.44 ms).
    let found = per_segment(searcher, |ordinal, segment| {
        let mut best = BestStories::new(keep);
        let mut met = 0;
        let alive = segment.alive_bitset();
        let stories = &snapshot.segments[ordinal as usize];
        weight.for_each_pruning(Score::MIN, segment, &mut |doc, score| {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                met += 1;
                let address = DocAddress::new(ordinal, doc);
                let rank = f64::from(score);
                best.offer(Entry { rank, address }, stories.of_doc[doc as usize]);
            }
            best.threshold()
        })?;
        Ok((best, met))
    })?;
    let met = found.iter().map(|(_, met)| met).sum();
    let best = BestStories::merge(keep, found.into_iter().map(|(best, _)| best));
    // Fewer than `keep` stories in all: no segment kept `keep`, so none skipped a match.
    let (total, story_count) = match best.slots.len() < keep {
        true => (Total::exact(met), best.slots.len()),
        false => count_stories(searcher, query, snapshot)?,
    };
    Ok(Best {
        stories: best.slots,
        total,
        story_count,
        facets: None,
    })
}

/// The best stories met so far, best first, each at its best article.
struct BestStories {
    keep: usize,
    slots: Vec<(Entry, u32)>,
    /// The stories of `slots` (not those alone).
    kept: FxHashSet<u32>,
}

impl BestStories {
    fn new(keep: usize) -> Self {
        BestStories {
            keep,
            slots: Vec::with_capacity(keep + 1),
            kept: FxHashSet::default(),
        }
    }

    /// The score a match must beat to change the best: the last kept story's, once
    /// `keep` are kept.
    fn threshold(&self) -> Score {
        match self.slots.len() < self.keep {
            true => Score::MIN,
            false => self
                .slots
                .last()
                .map_or(Score::MIN, |(last, _)| last.rank as Score),
        }
    }

    /// The best `keep` stories of several segments' best, each at its best article.
    fn merge(keep: usize, parts: impl Iterator<Item = BestStories>) -> BestStories {
        let mut best = BestStories::new(keep);
        for part in parts {
            for (entry, story) in part.slots {
                best.offer(entry, story);
            }
        }
        best
    }

    /// Offers a matching article of `story` (scoring above the threshold).
    fn offer(&mut self, entry: Entry, story: u32) {
        if story != ALONE && !self.kept.insert(story) {
            let at = self
                .slots
                .iter()
                .position(|(_, of)| *of == story)
                .expect("a kept story has a slot");
            if better(&entry, &self.slots[at].0) != Ordering::Less {
                return;
            }
            self.slots.remove(at);
        }
        let at = self
            .slots
            .partition_point(|(kept, _)| better(kept, &entry) == Ordering::Less);
        self.slots.insert(at, (entry, story));
        if self.slots.len() > self.keep {
            if let Some((_, story)) = self.slots.pop() {
                self.kept.remove(&story);
            }
        }
    }
}

/// The matching articles and their stories, counted up to [`COUNTED_EXACTLY`] articles.
fn count_stories(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    snapshot: &Snapshot,
) -> Result<(Total, usize)> {
    let mut seen = vec![false; snapshot.table.len()];
    let mut alone = 0;
    let total = count_up_to(
        searcher,
        query,
        COUNTED_EXACTLY,
        |segment, doc| match snapshot.segments[segment as usize].of_doc[doc as usize] {
            ALONE => alone += 1,
            story => seen[story as usize] = true,
        },
    )?;
    let stories = alone + seen.iter().filter(|seen| **seen).count();
    Ok((total, stories))
}

/// Collects every matching article: the best `keep` articles alone, and every article of
/// a story.
struct StoryCollector<'a> {
    snapshot: &'a Snapshot,
    order: SortOrder,
    keep: usize,
}

/// One segment's matches: the best articles alone, and every article of a story.
#[derive(Default)]
struct Matches {
    articles: usize,
    /// Articles in no story that matched, and the best `keep` of them.
    alone_count: usize,
    alone: Vec<Entry>,
    /// Every article of a story that matched, with its story: pushed, never looked up,
    /// so that a segment whose articles are all in stories costs little more.
    in_stories: Vec<(u32, Entry)>,
}

struct SegmentMatches {
    stories: Arc<SegmentStories>,
    segment: SegmentOrdinal,
    dates: Option<Column<DateTime>>,
    keep: usize,
    matches: Matches,
}

/// The column of publication times of `segment` when sorted by date: the rank of a match.
fn date_column(
    order: SortOrder,
    segment: &SegmentReader,
) -> tantivy::Result<Option<Column<DateTime>>> {
    Ok(match order {
        SortOrder::Relevance => None,
        SortOrder::Date => Some(segment.fast_fields().date(PUBLISHED)?),
    })
}

/// The rank of a match: its score, or its publication time (undated articles last, as
/// tantivy orders them).
fn rank(dates: Option<&Column<DateTime>>, doc: DocId, score: Score) -> f64 {
    match dates {
        None => f64::from(score),
        Some(dates) => dates
            .first(doc)
            .map_or(f64::MIN, |date| date.into_timestamp_secs() as f64),
    }
}

impl Collector for StoryCollector<'_> {
    type Fruit = Matches;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        Ok(SegmentMatches {
            stories: self.snapshot.segments[segment_ord as usize].clone(),
            segment: segment_ord,
            dates: date_column(self.order, segment)?,
            keep: self.keep,
            matches: Matches::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.order == SortOrder::Relevance
    }

    fn merge_fruits(&self, segments: Vec<Matches>) -> tantivy::Result<Matches> {
        let mut all = Matches::default();
        for segment in segments {
            all.articles += segment.articles;
            all.alone_count += segment.alone_count;
            all.alone.extend(segment.alone);
            all.in_stories.extend(segment.in_stories);
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Matches;

    fn collect(&mut self, doc: DocId, score: Score) {
        let entry = Entry {
            rank: rank(self.dates.as_ref(), doc, score),
            address: DocAddress::new(self.segment, doc),
        };
        let matches = &mut self.matches;
        matches.articles += 1;
        match self.stories.of_doc[doc as usize] {
            ALONE => {
                matches.alone_count += 1;
                matches.alone.push(entry);
                // Cut back now and then, so that keeping the best costs no sort per doc.
                if matches.alone.len() >= 2 * self.keep.max(8) {
                    keep_best(&mut matches.alone, self.keep, |entry| entry);
                }
            }
            story => matches.in_stories.push((story, entry)),
        }
    }

    fn harvest(mut self) -> Matches {
        keep_best(&mut self.matches.alone, self.keep, |entry| entry);
        self.matches
    }
}

/// The best `keep` of `entries`, in no order.
fn keep_best<T>(entries: &mut Vec<T>, keep: usize, entry: impl Fn(&T) -> &Entry) {
    if entries.len() > keep {
        if keep > 0 {
            entries.select_nth_unstable_by(keep - 1, |a, b| better(entry(a), entry(b)));
        }
        entries.truncate(keep);
    }
}

/// The best `keep` stories of every match, visited in one pass with the facets.
fn best_of_every_match(
    searcher: &tantivy::Searcher,
    weight: &dyn Weight,
    snapshot: &Snapshot,
    order: SortOrder,
    keep: usize,
    facets: Option<FacetCollector>,
) -> Result<Best> {
    let collector = (
        StoryCollector {
            snapshot,
            order,
            keep,
        },
        facets,
    );
    let fruits = per_segment(searcher, |ordinal, segment| {
        Ok(collector.collect_segment(weight, ordinal, segment)?)
    })?;
    let (matches, facets) = collector.merge_fruits(fruits)?;
    // Each story's best article, in an array over the table's stories.
    let mut best_of: Vec<Option<Entry>> = vec![None; snapshot.table.len()];
    for (story, entry) in &matches.in_stories {
        let best = &mut best_of[*story as usize];
        if best.is_none_or(|best| better(entry, &best) == Ordering::Less) {
            *best = Some(*entry);
        }
    }
    let story_count = matches.alone_count + best_of.iter().flatten().count();
    let mut stories: Vec<(Entry, u32)> = matches
        .alone
        .into_iter()
        .map(|entry| (entry, ALONE))
        .chain(
            (0u32..)
                .zip(&best_of)
                .filter_map(|(story, best)| Some(((*best)?, story))),
        )
        .collect();
    keep_best(&mut stories, keep, |(entry, _)| entry);
    stories.sort_unstable_by(|a, b| better(&a.0, &b.0));
    Ok(Best {
        stories,
        total: Total::exact(matches.articles),
        story_count,
        facets,
    })
}

impl Searcher {
    /// The best stories `options` asks for: the best `wanted` stories collected, the
    /// best of them re-ordered with `evidence` when the order is by relevance.
    pub(super) fn top_stories(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        evidence: &rerank::Evidence,
        options: &SearchOptions,
        wanted: usize,
        facets: Option<FacetCollector>,
    ) -> Result<Collected> {
        let snapshot = self.stories.snapshot(&self.index, searcher)?;
        let articles = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let (keep, scoring) = match options.sort {
            SortOrder::Relevance => (
                wanted.max(self.ranking.depth.min(articles)),
                EnableScoring::enabled_from_searcher(searcher),
            ),
            SortOrder::Date => (wanted, EnableScoring::disabled_from_searcher(searcher)),
        };
        // The page's stories are sought for their other articles with this weight: the
        // query's own union seeks too (it walks as tantivy's does).
        let weight = SeekingUnion::at_root(query).weight(scoring)?;
        let best = match (options.sort, facets) {
            (SortOrder::Relevance, None) => {
                best_by_score(searcher, query, weight.as_ref(), &snapshot, keep)?
            }
            (order, facets) => {
                best_of_every_match(searcher, weight.as_ref(), &snapshot, order, keep, facets)?
            }
        };
        let mut top: Vec<Ranked> = best
            .stories
            .into_iter()
            .map(|(entry, story)| {
                let score = match options.sort {
                    SortOrder::Relevance => entry.rank as f32,
                    SortOrder::Date => 0.0,
                };
                Ranked::new((score, entry.address)).in_story(story)
            })
            .collect();
        if options.sort == SortOrder::Relevance {
            self.rerank_best(searcher, evidence, &mut top)?;
        }
        let mut collected = Collected::of(
            top,
            best.total,
            Some(best.story_count),
            best.facets,
            options.match_mode,
        );
        collected.collapsed = Some(Collapsed {
            snapshot,
            weight,
            order: options.sort,
        });
        Ok(collected)
    }

    /// Lists in each hit of `page` the other articles of its story that match the query,
    /// best first: the query's matches sought at each story's articles.
    pub(super) fn add_similar(
        &self,
        searcher: &tantivy::Searcher,
        collapsed: &Collapsed,
        page: &mut [Ranked],
    ) -> Result<()> {
        let Collapsed {
            snapshot,
            weight,
            order,
        } = collapsed;
        let order = *order;
        let kept: FxHashMap<u32, usize> = (0..)
            .zip(page.iter())
            .filter(|(_, ranked)| ranked.story != ALONE)
            .map(|(at, ranked)| (ranked.story, at))
            .collect();
        if kept.is_empty() {
            return Ok(());
        }
        // Each segment is sought on its own: in parallel.
        let found = per_segment(searcher, |ordinal, segment| {
            let stories = &snapshot.segments[ordinal as usize];
            let mut docs: Vec<(DocId, usize)> = kept
                .iter()
                .flat_map(|(story, at)| stories.docs(*story).map(|doc| (doc, *at)))
                .collect();
            let mut found = Vec::new();
            if docs.is_empty() {
                return Ok(found);
            }
            docs.sort_unstable();
            let alive = segment.alive_bitset();
            let dates = date_column(order, segment)?;
            let mut matches = weight.scorer(segment, 1.0)?;
            for (doc, at) in docs {
                if matches.doc() < doc {
                    matches.seek(doc);
                }
                let address = DocAddress::new(ordinal, doc);
                if matches.doc() == doc
                    && alive.is_none_or(|alive| alive.is_alive(doc))
                    && address != page[at].address
                {
                    let rank = rank(dates.as_ref(), doc, matches.score());
                    found.push((at, Entry { rank, address }));
                }
            }
            Ok(found)
        })?;
        let mut mates: Vec<Vec<Entry>> = vec![Vec::new(); page.len()];
        for (at, entry) in found.into_iter().flatten() {
            mates[at].push(entry);
        }
        let similar: Vec<Vec<Similar>> = parallel::map(mates, |mut mates| {
            mates.sort_unstable_by(better);
            let addresses: Vec<DocAddress> = mates.iter().map(|mate| mate.address).collect();
            self.heads(searcher, snapshot, &addresses)
        })?;
        for (ranked, similar) in page.iter_mut().zip(similar) {
            ranked.similar = similar;
        }
        Ok(())
    }

    /// The heads of the articles at `addresses`, read from the document store only in an
    /// index made before heads.
    fn heads(
        &self,
        searcher: &tantivy::Searcher,
        snapshot: &Snapshot,
        addresses: &[DocAddress],
    ) -> Result<Vec<Similar>> {
        let mut read: Vec<Option<Similar>> = vec![None; addresses.len()];
        let mut by_segment: Vec<(u32, usize)> = (addresses.iter().enumerate())
            .map(|(at, address)| (address.segment_ord, at))
            .collect();
        by_segment.sort_unstable();
        for run in by_segment.chunk_by(|a, b| a.0 == b.0) {
            let Some(heads) = &snapshot.segments[run[0].0 as usize].heads else {
                continue;
            };
            let docs: Vec<DocId> = run.iter().map(|(_, at)| addresses[*at].doc_id).collect();
            for ((_, at), head) in run.iter().zip(heads.read(&docs)?) {
                read[*at] = head;
            }
        }
        (read.into_iter().zip(addresses))
            .map(|(head, address)| match head {
                Some(head) => Ok(head),
                None => {
                    let document: TantivyDocument = searcher.doc(*address)?;
                    Ok(self.stored(&document).into_similar())
                }
            })
            .collect()
    }

    /// The other live articles of the story of the article at `address` (`kavosh show`),
    /// in the index's order.
    pub(super) fn mates(
        &self,
        searcher: &tantivy::Searcher,
        address: DocAddress,
    ) -> Result<Vec<Similar>> {
        let snapshot = self.stories.snapshot(&self.index, searcher)?;
        let story = snapshot.story(address);
        if story == ALONE {
            return Ok(Vec::new());
        }
        let mut mates = Vec::new();
        for (ordinal, segment) in (0..).zip(searcher.segment_readers()) {
            let alive = segment.alive_bitset();
            mates.extend(
                snapshot.segments[ordinal as usize]
                    .docs(story)
                    .filter(|doc| alive.is_none_or(|alive| alive.is_alive(*doc)))
                    .map(|doc| DocAddress::new(ordinal, doc))
                    .filter(|mate| *mate != address),
            );
        }
        self.heads(searcher, &snapshot, &mates)
    }
}
