//! The one place a plan becomes OpenSearch's query DSL, node for node as `search/compile.rs`
//! gives it to tantivy: a clause without an occur takes the match mode's, a word of the
//! title and body fields is searched in both with the title's weight, its words analyzed
//! by the index's query analyzer (the plugin's `kavosh_persian_query`), several words of
//! one leaf as a phrase, as tantivy's parser takes them.

use serde_json::{json, Value};

use crate::analysis::Analyzer;
use crate::index::TEXT_FIELDS;
use crate::search::{Bound, Filters, Leaf, MatchMode, Node, Occur, Plan, Words};

/// The fields a `field:` names that are searched as whole values, not analyzed text.
const TEXT_FIELD_NAMES: [&str; 3] = ["title", "body", "lead"];

/// Compiles plans for one index.
pub struct Compiler {
    pub title_weight: f32,
    /// The query analyzer: a prefix is matched on its analyzed term.
    pub analyzer: Analyzer,
}

impl Compiler {
    /// The query of `plan` under `mode`, restricted by `filters`.
    pub fn compile(&self, plan: &Plan, mode: MatchMode, filters: &Filters) -> Value {
        let mut filter = Vec::new();
        if filters.from.is_some() || filters.until.is_some() {
            let mut range = json!({"format": "epoch_second"});
            if let Some(from) = filters.from {
                range["gte"] = json!(from);
            }
            if let Some(until) = filters.until {
                range["lt"] = json!(until);
            }
            filter.push(json!({"range": {"published": range}}));
        }
        if let Some(source) = &filters.source {
            filter.push(json!({"term": {"source": source}}));
        }
        // A plan of words without a term matches nothing, as in the embedded engine.
        let root = self
            .node(&plan.root, mode)
            .unwrap_or_else(|| json!({"match_none": {}}));
        json!({"bool": {"must": [root], "filter": filter}})
    }

    /// The query of `node`, or `None` when it names no term (only function words, which
    /// the index leaves out): it is left out of its clauses, as tantivy's parser leaves
    /// it, rather than matching nothing as an empty phrase does in OpenSearch.
    fn node(&self, node: &Node, mode: MatchMode) -> Option<Value> {
        Some(match node {
            Node::Clauses(clauses) => {
                let (mut must, mut should, mut must_not) = (Vec::new(), Vec::new(), Vec::new());
                for (occur, clause) in clauses {
                    let Some(compiled) = self.node(clause, mode) else {
                        continue;
                    };
                    match occur.unwrap_or(match mode {
                        MatchMode::All => Occur::Must,
                        MatchMode::Any => Occur::Should,
                    }) {
                        Occur::Must => must.push(compiled),
                        Occur::Should => should.push(compiled),
                        Occur::MustNot => must_not.push(compiled),
                    }
                }
                if must.is_empty() && should.is_empty() && must_not.is_empty() {
                    return None;
                }
                json!({"bool": {"must": must, "should": should, "must_not": must_not}})
            }
            Node::Boost(inner, boost) => {
                json!({"bool": {"must": [self.node(inner, mode)?], "boost": boost}})
            }
            Node::Alternatives(typed, others) => {
                let any: Vec<Value> = std::iter::once(typed.as_ref())
                    .chain(others)
                    .filter_map(|node| self.node(node, mode))
                    .collect();
                if any.is_empty() {
                    return None;
                }
                json!({"bool": {"should": any}})
            }
            Node::Leaf(leaf) => self.leaf(leaf)?,
        })
    }

    fn leaf(&self, leaf: &Leaf) -> Option<Value> {
        Some(match leaf {
            Leaf::Words(words) => self.words(words)?,
            Leaf::All => json!({"match_all": {}}),
            Leaf::Range {
                field,
                lower,
                upper,
            } => {
                let mut range = json!({});
                match lower {
                    Bound::Inclusive(value) => range["gte"] = json!(value),
                    Bound::Exclusive(value) => range["gt"] = json!(value),
                    Bound::Unbounded => {}
                }
                match upper {
                    Bound::Inclusive(value) => range["lte"] = json!(value),
                    Bound::Exclusive(value) => range["lt"] = json!(value),
                    Bound::Unbounded => {}
                }
                any_field(field, |field| json!({"range": {field: range}}))
            }
            Leaf::Set { field, elements } => {
                any_field(field, |field| json!({"terms": {field: elements}}))
            }
            Leaf::Regex { field, pattern } => any_field(
                field,
                |field| json!({"regexp": {field: {"value": pattern}}}),
            ),
        })
    }

    /// Words in the fields they name: analyzed in a text field (as a phrase when several,
    /// as a prefix of its analyzed term when `prefix*`), the exact value elsewhere.
    fn words(&self, words: &Words) -> Option<Value> {
        if words.in_text() && self.analyzer.terms(&words.text).is_empty() {
            return None;
        }
        let fields: Vec<&str> = match &words.field {
            None => TEXT_FIELDS.to_vec(),
            Some(field) => vec![field.as_str()],
        };
        let clauses: Vec<Value> = fields
            .into_iter()
            .map(|field| {
                let boost = if field == "title" && words.field.is_none() {
                    self.title_weight
                } else {
                    1.0
                };
                if !TEXT_FIELD_NAMES.contains(&field) {
                    return json!({"term": {field: {"value": words.text, "boost": boost}}});
                }
                if words.prefix {
                    if let Some(term) = self.analyzer.single_term(&words.text) {
                        return json!({"prefix": {field: {"value": term, "boost": boost}}});
                    }
                    return json!({"match_phrase_prefix": {field: {
                        "query": words.text, "slop": words.slop, "boost": boost,
                    }}});
                }
                json!({"match_phrase": {field: {
                    "query": words.text, "slop": words.slop, "boost": boost,
                }}})
            })
            .collect();
        Some(json!({"bool": {"should": clauses}}))
    }
}

/// A leaf over the field it names, or over the title and body.
fn any_field(field: &Option<String>, leaf: impl Fn(&str) -> Value) -> Value {
    match field {
        Some(field) => leaf(field),
        None => json!({"bool": {"should": TEXT_FIELDS.map(leaf)}}),
    }
}
