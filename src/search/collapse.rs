//! Collapsing hits by story (index/stories.rs): one hit per story, its best article in
//! the page's order, the story's other matching articles listed with it. The matching
//! articles are collected in one pass with their count, their number of stories and
//! their facets (which count articles).
//!
//! Each segment's stories are read once into a column (a story per document) from its
//! `story_key` fast field and the story table, and kept while the segment and the table
//! live. The table is read again when the index's story file changes, so a server that
//! follows commits collapses by the stories of the last commit soon after it.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use rustc_hash::FxHashMap;
use tantivy::collector::TopDocs;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::query::{Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    DateTime, DocAddress, DocId, Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term,
};

use super::collect::{Collected, Ranked, Total};
use super::facets::FacetCollector;
use super::{rerank, SearchOptions, Searcher, SortOrder};
use crate::error::Result;
use crate::index::{story_key, KavoshIndex, StoryTable, PUBLISHED};

/// No story: the article is alone.
const ALONE: u32 = u32::MAX;

/// The story table of an index and each segment's column of stories.
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
    columns: HashMap<SegmentId, Arc<[u32]>>,
}

/// The stories as one search sees them.
pub(super) struct Snapshot {
    pub table: Arc<StoryTable>,
    /// By segment ordinal: each document's story, [`ALONE`] for none.
    columns: Vec<Arc<[u32]>>,
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
            state.columns.clear();
        }
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        state.columns.retain(|id, _| live.contains(id));
        let mut columns = Vec::with_capacity(live.len());
        for segment in searcher.segment_readers() {
            let column = match state.columns.get(&segment.segment_id()) {
                Some(column) => column.clone(),
                None => {
                    let column = story_column(segment, &state.table)?;
                    state.columns.insert(segment.segment_id(), column.clone());
                    column
                }
            };
            columns.push(column);
        }
        Ok(Snapshot {
            table: state.table.clone(),
            columns,
        })
    }
}

/// One segment's stories, a story per document.
fn story_column(segment: &SegmentReader, table: &StoryTable) -> Result<Arc<[u32]>> {
    let stories = 0..segment.max_doc();
    let Ok(keys) = segment.fast_fields().u64(crate::index::STORY_KEY) else {
        // An index made before stories: every article is alone.
        return Ok(stories.map(|_| ALONE).collect());
    };
    Ok(stories
        .map(|doc| {
            keys.first(doc)
                .and_then(|key| table.story_of(key))
                .unwrap_or(ALONE)
        })
        .collect())
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

/// Collects the best `keep` stories of the matching articles.
struct StoryCollector<'a> {
    columns: &'a [Arc<[u32]>],
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

struct SegmentStories {
    column: Arc<[u32]>,
    segment: SegmentOrdinal,
    dates: Option<Column<DateTime>>,
    keep: usize,
    matches: Matches,
}

impl Collector for StoryCollector<'_> {
    type Fruit = Matches;
    type Child = SegmentStories;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentStories> {
        let dates = match self.order {
            SortOrder::Relevance => None,
            SortOrder::Date => Some(segment.fast_fields().date(PUBLISHED)?),
        };
        Ok(SegmentStories {
            column: self.columns[segment_ord as usize].clone(),
            segment: segment_ord,
            dates,
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

impl SegmentCollector for SegmentStories {
    type Fruit = Matches;

    fn collect(&mut self, doc: DocId, score: Score) {
        let rank = match &self.dates {
            None => f64::from(score),
            // Undated articles last, as tantivy orders them.
            Some(dates) => dates
                .first(doc)
                .map_or(f64::MIN, |date| date.into_timestamp_secs() as f64),
        };
        let entry = Entry {
            rank,
            address: DocAddress::new(self.segment, doc),
        };
        let matches = &mut self.matches;
        matches.articles += 1;
        match self.column[doc as usize] {
            ALONE => {
                matches.alone_count += 1;
                matches.alone.push(entry);
                // Cut back now and then, so that keeping the best costs no sort per doc.
                if matches.alone.len() >= 2 * self.keep.max(8) {
                    keep_best(&mut matches.alone, self.keep);
                }
            }
            story => matches.in_stories.push((story, entry)),
        }
    }

    fn harvest(mut self) -> Matches {
        keep_best(&mut self.matches.alone, self.keep);
        self.matches
    }
}

/// The best `keep` of `entries`, in no order.
fn keep_best(entries: &mut Vec<Entry>, keep: usize) {
    if entries.len() > keep {
        if keep > 0 {
            entries.select_nth_unstable_by(keep - 1, better);
        }
        entries.truncate(keep);
    }
}

impl Searcher {
    /// The page of stories `options` asks for: the best `wanted` stories collected, the
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
        let keep = match options.sort {
            SortOrder::Relevance => wanted.max(self.ranking.depth.min(articles)),
            SortOrder::Date => wanted,
        };
        let collector = StoryCollector {
            columns: &snapshot.columns,
            order: options.sort,
            keep,
        };
        let (matches, facets) = searcher.search(query, &(collector, facets))?;
        // Each story's best article, in an array over the table's stories.
        let mut best_of: Vec<Option<Entry>> = vec![None; snapshot.table.len()];
        for (story, entry) in &matches.in_stories {
            let best = &mut best_of[*story as usize];
            if best.is_none_or(|best| better(entry, &best) == Ordering::Less) {
                *best = Some(*entry);
            }
        }
        let story_count = matches.alone_count + best_of.iter().flatten().count();
        let mut best: Vec<(Entry, u32)> = matches
            .alone
            .into_iter()
            .map(|entry| (entry, ALONE))
            .chain(
                (0u32..)
                    .zip(&best_of)
                    .filter_map(|(story, best)| Some(((*best)?, story))),
            )
            .collect();
        if best.len() > keep {
            best.select_nth_unstable_by(keep - 1, |a, b| better(&a.0, &b.0));
            best.truncate(keep);
        }
        best.sort_unstable_by(|a, b| better(&a.0, &b.0));
        // The other matching articles of the stories kept, best first.
        let mut others: FxHashMap<u32, Vec<Entry>> = best
            .iter()
            .filter(|(_, story)| *story != ALONE)
            .map(|(_, story)| (*story, Vec::new()))
            .collect();
        for (story, entry) in &matches.in_stories {
            if let Some(mates) = others.get_mut(story) {
                mates.push(*entry);
            }
        }
        let mut top: Vec<Ranked> = best
            .into_iter()
            .map(|(best, story)| {
                let score = match options.sort {
                    SortOrder::Relevance => best.rank as f32,
                    SortOrder::Date => 0.0,
                };
                let mut ranked = Ranked::new((score, best.address));
                if let Some(mut mates) = others.remove(&story) {
                    mates.retain(|mate| mate.address != best.address);
                    mates.sort_unstable_by(better);
                    ranked.similar = mates.iter().map(|mate| mate.address).collect();
                }
                ranked
            })
            .collect();
        if options.sort == SortOrder::Relevance {
            self.rerank_best(searcher, evidence, &mut top)?;
        }
        Ok(Collected::of(
            top,
            Total::exact(matches.articles),
            Some(story_count),
            facets,
            options.match_mode,
        ))
    }
}

impl Searcher {
    /// The other live articles of the story of `document` (`kavosh show`), in the order
    /// of their keys.
    pub(super) fn mates(
        &self,
        searcher: &tantivy::Searcher,
        document: &TantivyDocument,
    ) -> Result<Vec<DocAddress>> {
        let fields = self.index.fields();
        let Some(field) = fields.story_key else {
            return Ok(Vec::new());
        };
        // The key is not stored: it is the id's.
        let Some(id) = document
            .get_first(fields.id)
            .and_then(|value| value.as_str())
        else {
            return Ok(Vec::new());
        };
        let key = story_key(id);
        let snapshot = self.stories.snapshot(&self.index, searcher)?;
        let Some(story) = snapshot.table.story_of(key) else {
            return Ok(Vec::new());
        };
        let mut mates = Vec::new();
        for &mate in snapshot.table.members(story) {
            if mate == key {
                continue;
            }
            let by_key =
                TermQuery::new(Term::from_field_u64(field, mate), IndexRecordOption::Basic);
            // A member deleted since the table was written is just left out.
            let found = searcher.search(&by_key, &TopDocs::with_limit(1).order_by_score())?;
            mates.extend(found.into_iter().map(|(_, address)| address));
        }
        Ok(mates)
    }
}
