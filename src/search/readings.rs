//! A query word typed joined that reads two ways (نامهای: نامه‌ای or نام‌های; the
//! analysis's `readings` table) asks for either: its literal becomes the alternatives of
//! its spellings, each with a ZWNJ where its reading ends, so a phrase keeps its words in
//! order under either reading. Typed with a ZWNJ, a word asks for its own reading only.

use tantivy::query_grammar::{Occur, UserInputAst, UserInputLeaf, UserInputLiteral};

use crate::analysis::readings::spelled_readings;

/// `ast` with every literal holding such a word replaced by `(reading OR reading)`.
pub(super) fn offer_readings(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, clause)| (occur, offer_readings(clause)))
                .collect(),
        ),
        UserInputAst::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(offer_readings(*inner)), boost)
        }
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal) if !literal.prefix => {
                match spelled_readings(&literal.phrase) {
                    Some(spellings) => UserInputAst::Clause(
                        spellings
                            .into_iter()
                            .map(|phrase| (Some(Occur::Should), literal_of(&literal, phrase)))
                            .collect(),
                    ),
                    None => literal_of(&literal, literal.phrase.clone()),
                }
            }
            other => UserInputAst::Leaf(Box::new(other)),
        },
    }
}

/// `literal` with another text.
fn literal_of(literal: &UserInputLiteral, phrase: String) -> UserInputAst {
    UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(UserInputLiteral {
        phrase,
        ..literal.clone()
    })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::parse::parse;

    #[test]
    fn a_word_that_reads_both_ways_becomes_either_spelling_where_it_stands() {
        let ast = offer_readings(parse("-نامهای \"نامهای رسمی\" کتاب"));
        let text = format!("{ast:?}");
        assert!(text.contains("نامه\u{200C}ای رسمی") && text.contains("نام\u{200C}های رسمی"));
        let UserInputAst::Clause(clauses) = ast else {
            panic!("a clause: {text}");
        };
        // The excluded word excludes both readings; the plain word is left alone.
        assert_eq!(clauses[0].0, Some(Occur::MustNot));
        assert!(matches!(&clauses[0].1, UserInputAst::Clause(either) if either.len() == 2));
        assert!(matches!(&clauses[2].1, UserInputAst::Leaf(_)));
    }
}
