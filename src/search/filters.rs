//! Restrictions on which articles count: a publication date range (ISO or Jalali) and a
//! source.

use std::ops::Bound;

use tantivy::query::{Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, Term};

use crate::error::{Error, Result};
use crate::index::Fields;
use crate::ingest::parse_period;

/// Restrictions on which articles count.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Published at or after (seconds since 1970).
    pub from: Option<i64>,
    /// Published before (seconds since 1970).
    pub until: Option<i64>,
    /// Exactly this source.
    pub source: Option<String>,
}

impl Filters {
    /// The same filters without their date range, if they have one: for counting the
    /// undated articles it leaves out.
    pub fn without_dates(&self) -> Option<Filters> {
        (self.from.is_some() || self.until.is_some()).then(|| Filters {
            from: None,
            until: None,
            source: self.source.clone(),
        })
    }

    /// Filters from command-line values: dates ISO or Jalali, in any digits, naming a
    /// day, a month or a year (`from` takes its start, `until` includes all of it), or a
    /// moment.
    pub fn parse(
        from: Option<&str>,
        until: Option<&str>,
        source: Option<String>,
    ) -> Result<Filters> {
        let period = |text: &str| {
            parse_period(text).ok_or_else(|| Error::BadDate {
                value: text.to_string(),
            })
        };
        let from = from.map(period).transpose()?.map(|(start, _)| start);
        let until = until.map(period).transpose()?.map(|(_, end)| end);
        Ok(Filters {
            from,
            until,
            source,
        })
    }

    /// The clauses an article must also match: the date range and the source.
    pub(super) fn clauses(&self, fields: &Fields) -> Vec<(Occur, Box<dyn Query>)> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if self.from.is_some() || self.until.is_some() {
            let bound = |seconds: Option<i64>, inclusive: bool| match seconds {
                None => Bound::Unbounded,
                Some(seconds) => {
                    let term = Term::from_field_date(
                        fields.published,
                        DateTime::from_timestamp_secs(seconds),
                    );
                    if inclusive {
                        Bound::Included(term)
                    } else {
                        Bound::Excluded(term)
                    }
                }
            };
            let range = RangeQuery::new(bound(self.from, true), bound(self.until, false));
            clauses.push((Occur::Must, Box::new(range)));
        }
        if let Some(source) = &self.source {
            let term = Term::from_field_text(fields.source, source);
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        clauses
    }
}
