//! Articles still in the index. A term dictionary's document frequency also counts
//! deleted articles until a merge drops them, so a decision made on it (is this word a
//! typo? which split of a compound? how many articles has this source?) would differ
//! between an index that was edited and one rebuilt from the same files.

use tantivy::postings::TermInfo;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, SegmentReader, TantivyError, Term, TERMINATED};

use crate::error::Result;

/// How many live articles hold `term`.
pub fn live_doc_freq(searcher: &Searcher, term: &Term) -> Result<u64> {
    count_live(searcher, term, u64::MAX)
}

/// Whether any live article holds `term`: stops at the first one found.
pub fn has_live_doc(searcher: &Searcher, term: &Term) -> Result<bool> {
    Ok(count_live(searcher, term, 1)? > 0)
}

/// The live articles holding `term`, counted up to `limit`.
fn count_live(searcher: &Searcher, term: &Term, limit: u64) -> Result<u64> {
    let mut live = 0;
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(term.field())?;
        if let Some(info) = inverted.get_term_info(term).map_err(TantivyError::from)? {
            live += live_in_segment(segment, term.field(), &info, limit - live)?;
            if live >= limit {
                break;
            }
        }
    }
    Ok(live)
}

/// The live articles of one segment among the `info.doc_freq` that hold a term, counted
/// up to `limit`: read from its postings only when the segment has deletions.
pub fn live_in_segment(
    segment: &SegmentReader,
    field: Field,
    info: &TermInfo,
    limit: u64,
) -> Result<u64> {
    let Some(alive) = segment.alive_bitset() else {
        return Ok(u64::from(info.doc_freq).min(limit));
    };
    let mut postings = segment
        .inverted_index(field)?
        .read_postings_from_terminfo(info, IndexRecordOption::Basic)
        .map_err(TantivyError::from)?;
    let mut live = 0;
    while postings.doc() != TERMINATED && live < limit {
        live += u64::from(alive.is_alive(postings.doc()));
        postings.advance();
    }
    Ok(live)
}
