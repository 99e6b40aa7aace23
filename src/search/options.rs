//! The search options, defined once: their names, defaults and the largest values the
//! server takes. The command line (`kavosh search`), the API (`/api/search`) and the
//! page (which the server hands the table as JSON) all take them from here.

use clap::ValueEnum;
use serde::Serialize;

use super::Filters;

/// Which words an article must contain.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// Every word (a journalist's search narrows); if no article has them all, any word.
    #[default]
    All,
    /// Any word, ranked by how many and how rare (for questions and TREC runs).
    Any,
}

/// The order of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Best first.
    #[default]
    Relevance,
    /// Newest first (articles without a date last).
    Date,
}

/// A whole-number option: its name (`--passage-chars` on the command line,
/// `passage_chars` in the API), its default, and the most one request to the server may
/// ask for (the command line takes any number).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct NumberOption {
    pub name: &'static str,
    pub default: usize,
    pub max: usize,
}

/// Hits per query.
pub const LIMIT: NumberOption = NumberOption {
    name: "limit",
    default: 10,
    max: 100,
};
/// Hits skipped first (for paging); the deepest page the server gives: beyond it, narrow
/// the search instead.
pub const OFFSET: NumberOption = NumberOption {
    name: "offset",
    default: 0,
    max: 10_000,
};
/// Highlighted passages per hit.
pub const PASSAGES: NumberOption = NumberOption {
    name: "passages",
    default: 1,
    max: 10,
};
/// Longest passage, in characters.
pub const PASSAGE_CHARS: NumberOption = NumberOption {
    name: "passage_chars",
    default: 200,
    max: 2000,
};

/// An option that is on or off: its name (`--expand` or `--expand false` on the command
/// line, `expand=true` in the API) and its default.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SwitchOption {
    pub name: &'static str,
    pub default: bool,
}

/// Expand the query with the words its best articles share (README: Evaluation, Query
/// expansion): re-orders the matches, never adds one, highlights only the query's words.
pub const EXPAND: SwitchOption = SwitchOption {
    name: "expand",
    default: false,
};
/// Rank higher the articles where the query's neighbouring words stand close together
/// (README: Evaluation, Proximity).
pub const PROXIMITY: SwitchOption = SwitchOption {
    name: "proximity",
    default: false,
};
/// One hit per story (its best article, the others in its `similar`), as a reader
/// wants: `collapse=false` in the API, `--no-collapse` on the command line.
pub const COLLAPSE: SwitchOption = SwitchOption {
    name: "collapse",
    default: true,
};

/// The longest query the server takes, in characters: longer text is no search a person
/// types.
pub const MAX_QUERY_CHARS: usize = 1000;

/// The options' names, defaults and limits, as the server hands them to the page.
#[derive(Debug, Serialize)]
pub struct OptionTable {
    pub numbers: [NumberOption; 4],
    pub switches: [SwitchOption; 2],
    pub match_modes: Vec<String>,
    pub sort_orders: Vec<String>,
    pub max_query_chars: usize,
}

impl Default for OptionTable {
    fn default() -> Self {
        OptionTable {
            numbers: [LIMIT, OFFSET, PASSAGES, PASSAGE_CHARS],
            switches: [EXPAND, PROXIMITY],
            match_modes: names(MatchMode::value_variants()),
            sort_orders: names(SortOrder::value_variants()),
            max_query_chars: MAX_QUERY_CHARS,
        }
    }
}

/// The names a command line and a request give the values of a choice.
pub fn names<T: ValueEnum>(values: &[T]) -> Vec<String> {
    values
        .iter()
        .filter_map(|value| Some(value.to_possible_value()?.get_name().to_string()))
        .collect()
}

/// How many hits and passages a search returns, and in what order.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub limit: usize,
    pub offset: usize,
    pub passages: usize,
    pub passage_chars: usize,
    pub match_mode: MatchMode,
    pub sort: SortOrder,
    pub filters: Filters,
    /// Also count the matching articles by source and by month.
    pub facets: bool,
    /// See [`EXPAND`].
    pub expand: bool,
    /// See [`PROXIMITY`].
    pub proximity: bool,
    /// See [`COLLAPSE`]; off for TREC runs and evaluation, which judge articles.
    pub collapse: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: LIMIT.default,
            offset: OFFSET.default,
            passages: PASSAGES.default,
            passage_chars: PASSAGE_CHARS.default,
            match_mode: MatchMode::default(),
            sort: SortOrder::default(),
            filters: Filters::default(),
            facets: false,
            expand: EXPAND.default,
            proximity: PROXIMITY.default,
            collapse: COLLAPSE.default,
        }
    }
}
