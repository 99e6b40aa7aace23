//! A query word typed joined that reads two ways (نامهای: نامه‌ای or نام‌های; the
//! analysis's `readings` table) asks for either: its words get the alternatives of their
//! spellings, each with a ZWNJ where its reading ends, so a phrase keeps its words in
//! order under either reading. Typed with a ZWNJ, a word asks for its own reading only.

use super::plan::{Leaf, Node, Plan, Words};
use crate::analysis::readings::spelled_readings;

/// `plan` with every words node holding such a word given the spellings of its readings
/// as alternatives.
pub(crate) fn offer_readings(mut plan: Plan) -> Plan {
    plan.root = offer(plan.root);
    plan
}

fn offer(node: Node) -> Node {
    match node {
        Node::Clauses(clauses) => Node::Clauses(
            clauses
                .into_iter()
                .map(|(occur, clause)| (occur, offer(clause)))
                .collect(),
        ),
        Node::Boost(inner, boost) => Node::Boost(Box::new(offer(*inner)), boost),
        Node::Alternatives(typed, others) => Node::Alternatives(
            Box::new(offer(*typed)),
            others.into_iter().map(offer).collect(),
        ),
        Node::Leaf(Leaf::Words(words)) if !words.prefix => match spelled_readings(&words.text) {
            Some(spellings) => {
                let readings = spellings
                    .into_iter()
                    .map(|text| {
                        Node::Leaf(Leaf::Words(Words {
                            text,
                            span: None,
                            repeats: Vec::new(),
                            ..words.clone()
                        }))
                    })
                    .collect();
                Node::Alternatives(Box::new(Node::Leaf(Leaf::Words(words))), readings)
            }
            None => Node::Leaf(Leaf::Words(words)),
        },
        leaf => leaf,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts of the alternatives of each words node with any, in order.
    fn alternatives(node: &Node, found: &mut Vec<Vec<String>>) {
        match node {
            Node::Clauses(clauses) => clauses.iter().for_each(|(_, c)| alternatives(c, found)),
            Node::Boost(inner, _) => alternatives(inner, found),
            Node::Alternatives(_, others) => found.push(
                others
                    .iter()
                    .filter_map(|other| match other {
                        Node::Leaf(Leaf::Words(words)) => Some(words.text.clone()),
                        _ => None,
                    })
                    .collect(),
            ),
            Node::Leaf(_) => {}
        }
    }

    #[test]
    fn a_word_that_reads_both_ways_gets_either_spelling_where_it_stands() {
        let plan = offer_readings(Plan::parse("-نامهای \"نامهای رسمی\" کتاب نامه‌ای"));
        let mut found = Vec::new();
        alternatives(&plan.root, &mut found);
        assert_eq!(
            found,
            [
                vec!["نامه\u{200C}ای".to_string(), "نام\u{200C}های".to_string()],
                vec![
                    "نامه\u{200C}ای رسمی".to_string(),
                    "نام\u{200C}های رسمی".to_string()
                ],
            ]
        );
        // What the user typed is unchanged.
        assert_eq!(plan.text(), "-نامهای \"نامهای رسمی\" کتاب نامه‌ای");
    }
}
