//! Facets: how the whole result set of a query divides by source and by Jalali month,
//! counted by a collector in the same pass that ranks the hits (no article is read).
//!
//! The date comes from the `published` fast column. `source` is an indexed string
//! without a fast column, so each segment's sources are read once from the source
//! field's postings into a column (a source per document) and kept for as long as the
//! segment lives: segments never change, and deletions only hide documents, which the
//! collector never sees.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    DateTime, DocId, DocSet, Score, SegmentOrdinal, SegmentReader, TantivyError, TERMINATED,
};

use crate::index::PUBLISHED;
use crate::ingest::{days_from_jalali, iso_day, jalali_from_days, SECONDS_PER_DAY};

/// Counts of the matching articles by source and by month.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facets {
    /// Each source with its matching articles, most first.
    pub sources: Vec<SourceCount>,
    /// Each Jalali month with matching articles, oldest first.
    pub months: Vec<MonthCount>,
    /// Matching articles without a source, and without a date.
    pub no_source: u64,
    pub undated: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceCount {
    pub source: String,
    pub count: u64,
}

/// One Jalali month: `from` and `to` are its first and last Gregorian days (ISO).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthCount {
    pub year: i64,
    pub month: i64,
    pub from: String,
    pub to: String,
    pub count: u64,
}

/// Each segment's column of sources, built on first use.
#[derive(Default)]
pub(super) struct SourceColumns {
    columns: Mutex<HashMap<SegmentId, Arc<SourceColumn>>>,
}

/// One segment's sources: `names[ordinals[doc] - 1]`, 0 for no source.
struct SourceColumn {
    names: Vec<String>,
    ordinals: Vec<u32>,
}

impl SourceColumns {
    fn column(&self, segment: &SegmentReader, field: Field) -> tantivy::Result<Arc<SourceColumn>> {
        let id = segment.segment_id();
        if let Some(column) = self.columns.lock().expect("not poisoned").get(&id) {
            return Ok(column.clone());
        }
        let column = Arc::new(SourceColumn::read(segment, field)?);
        self.columns
            .lock()
            .expect("not poisoned")
            .insert(id, column.clone());
        Ok(column)
    }

    /// Forgets the segments `searcher` no longer has (merged away or deleted).
    pub(super) fn keep_only(&self, searcher: &tantivy::Searcher) {
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        self.columns
            .lock()
            .expect("not poisoned")
            .retain(|id, _| live.contains(id));
    }
}

impl SourceColumn {
    fn read(segment: &SegmentReader, field: Field) -> tantivy::Result<SourceColumn> {
        let inverted = segment.inverted_index(field)?;
        let mut terms = inverted.terms().stream()?;
        let mut column = SourceColumn {
            names: Vec::new(),
            ordinals: vec![0; segment.max_doc() as usize],
        };
        while terms.advance() {
            let name = String::from_utf8_lossy(terms.key()).into_owned();
            column.names.push(name);
            let ordinal = column.names.len() as u32;
            let mut postings =
                inverted.read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
            while postings.doc() != TERMINATED {
                column.ordinals[postings.doc() as usize] = ordinal;
                postings.advance();
            }
        }
        Ok(column)
    }
}

/// Counts matching articles by source and by day.
pub(super) struct FacetCollector<'a> {
    pub(super) sources: &'a SourceColumns,
    pub(super) source_field: Field,
}

pub(super) struct SegmentFacets {
    sources: Arc<SourceColumn>,
    by_source: Vec<u64>,
    dates: Column<DateTime>,
    /// Day of the segment's first date: `by_day[0]`.
    first_day: i64,
    by_day: Vec<u64>,
    undated: u64,
}

/// One segment's counts, by name and by day.
pub(super) struct SegmentCounts {
    by_source: Vec<(String, u64)>,
    no_source: u64,
    by_day: Vec<(i64, u64)>,
    undated: u64,
}

fn day_of(date: DateTime) -> i64 {
    date.into_timestamp_secs().div_euclid(SECONDS_PER_DAY)
}

impl Collector for FacetCollector<'_> {
    type Fruit = Facets;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment_ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let sources = self.sources.column(segment, self.source_field)?;
        let dates = segment.fast_fields().date(PUBLISHED)?;
        let (first_day, days) = if dates.values.num_vals() == 0 {
            (0, 0)
        } else {
            let (first, last) = (day_of(dates.min_value()), day_of(dates.max_value()));
            let days = usize::try_from(last - first + 1).map_err(|_| {
                TantivyError::InternalError("the date column's range is reversed".into())
            })?;
            (first, days)
        };
        Ok(SegmentFacets {
            by_source: vec![0; sources.names.len() + 1],
            sources,
            dates,
            first_day,
            by_day: vec![0; days],
            undated: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentCounts>) -> tantivy::Result<Facets> {
        Ok(Facets::from_counts(
            segments
                .iter()
                .flat_map(|segment| segment.by_source.iter().cloned()),
            segments
                .iter()
                .flat_map(|segment| segment.by_day.iter().copied()),
            segments.iter().map(|segment| segment.no_source).sum(),
            segments.iter().map(|segment| segment.undated).sum(),
        ))
    }
}

impl Facets {
    /// The facets of counts by source and by day (days since 1970), given in any order and
    /// any number of times (a count per segment, or per shard), with the articles without
    /// a source and without a date.
    pub fn from_counts(
        by_source: impl IntoIterator<Item = (String, u64)>,
        by_day: impl IntoIterator<Item = (i64, u64)>,
        no_source: u64,
        undated: u64,
    ) -> Facets {
        let mut sources: HashMap<String, u64> = HashMap::new();
        for (name, count) in by_source {
            *sources.entry(name).or_default() += count;
        }
        let mut months: BTreeMap<(i64, i64), u64> = BTreeMap::new();
        for (day, count) in by_day {
            let (year, month, _) = jalali_from_days(day);
            *months.entry((year, month)).or_default() += count;
        }
        let mut sources: Vec<SourceCount> = sources
            .into_iter()
            .map(|(source, count)| SourceCount { source, count })
            .collect();
        sources.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.source.cmp(&b.source)));
        Facets {
            sources,
            months: months
                .into_iter()
                .map(|((year, month), count)| month_count(year, month, count))
                .collect(),
            no_source,
            undated,
        }
    }
}

/// A Jalali month with its Gregorian first and last days.
fn month_count(year: i64, month: i64, count: u64) -> MonthCount {
    let iso = |days: i64| iso_day(days * SECONDS_PER_DAY);
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    MonthCount {
        year,
        month,
        from: iso(days_from_jalali(year, month, 1)),
        to: iso(days_from_jalali(next_year, next_month, 1) - 1),
        count,
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.by_source[self.sources.ordinals[doc as usize] as usize] += 1;
        match self.dates.first(doc) {
            Some(date) => self.by_day[(day_of(date) - self.first_day) as usize] += 1,
            None => self.undated += 1,
        }
    }

    fn harvest(self) -> SegmentCounts {
        let by_source = self.sources.names.iter().zip(&self.by_source[1..]);
        SegmentCounts {
            by_source: by_source
                .filter(|(_, count)| **count > 0)
                .map(|(name, count)| (name.clone(), *count))
                .collect(),
            no_source: self.by_source[0],
            by_day: (self.first_day..)
                .zip(self.by_day)
                .filter(|(_, count)| *count > 0)
                .collect(),
            undated: self.undated,
        }
    }
}
