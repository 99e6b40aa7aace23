//! The query text: parsed with tantivy's grammar (a bare `word*` taken as a prefix), its
//! plain words found, and words replaced in it.

use crate::analysis::script::ZWNJ;
use tantivy::query_grammar::{
    self, Delimiter, Occur as UserOccur, UserInputAst, UserInputLeaf, UserInputLiteral,
};

/// Parses a query leniently (whatever the reader typed gives a query). A bare `word*` is
/// taken as the prefix `"word"*`, which is how tantivy's grammar spells one.
pub fn parse(text: &str) -> UserInputAst {
    let mut spelled = String::with_capacity(text.len() + 8);
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end();
        match quoted_prefix(word) {
            Some(quoted) => spelled.push_str(&quoted),
            None => spelled.push_str(word),
        }
        spelled.push_str(&piece[word.len()..]);
    }
    query_grammar::parse_query_lenient(&spelled).0
}

/// `+field:"stem"*` for a bare `+field:stem*` (operators and field name optional).
fn quoted_prefix(word: &str) -> Option<String> {
    let rest = word.strip_suffix('*')?;
    let operators_end = rest
        .find(|c| !matches!(c, '+' | '-' | '('))
        .unwrap_or(rest.len());
    let (operators, rest) = rest.split_at(operators_end);
    let (field, stem) = match rest.split_once(':') {
        Some((field, stem)) => (&rest[..=field.len()], stem),
        None => ("", rest),
    };
    if stem.is_empty() || stem.contains(['"', '*', '(', ')', ':']) {
        return None;
    }
    Some(format!("{operators}{field}\"{stem}\"*"))
}

/// The plain words of a query (not negated, not phrases, not prefixes, no field): the
/// ones a typo correction may replace.
pub(super) fn plain_words(ast: &UserInputAst) -> Vec<String> {
    let mut words = Vec::new();
    collect_plain_words(ast, &mut words);
    words
}

fn collect_plain_words(ast: &UserInputAst, words: &mut Vec<String>) {
    match ast {
        UserInputAst::Clause(clauses) => {
            for (occur, clause) in clauses {
                if *occur != Some(UserOccur::MustNot) {
                    collect_plain_words(clause, words);
                }
            }
        }
        UserInputAst::Boost(inner, _) => collect_plain_words(inner, words),
        UserInputAst::Leaf(_) => {
            if let Some(literal) = plain_literal(ast) {
                words.push(literal.phrase.clone());
            }
        }
    }
}

/// The words and quoted phrases of a query made of nothing else (no operator, prefix or
/// field); `None` for any other query.
pub(super) fn only_words_and_phrases(ast: &UserInputAst) -> Option<Vec<String>> {
    match ast {
        UserInputAst::Clause(clauses) => {
            let mut words = Vec::new();
            for (occur, clause) in clauses {
                if occur.is_some() {
                    return None;
                }
                words.extend(only_words_and_phrases(clause)?);
            }
            Some(words)
        }
        UserInputAst::Boost(..) => None,
        UserInputAst::Leaf(leaf) => match leaf.as_ref() {
            UserInputLeaf::Literal(literal) if literal.field_name.is_none() && !literal.prefix => {
                Some(vec![literal.phrase.clone()])
            }
            _ => None,
        },
    }
}

/// `ast` if it is a plain word or words: no field, no quotes, no prefix.
pub(super) fn plain_literal(ast: &UserInputAst) -> Option<&UserInputLiteral> {
    let UserInputAst::Leaf(leaf) = ast else {
        return None;
    };
    match leaf.as_ref() {
        UserInputLeaf::Literal(literal)
            if literal.field_name.is_none()
                && !literal.prefix
                && literal.delimiter == Delimiter::None =>
        {
            Some(literal)
        }
        _ => None,
    }
}

/// `text` with every regex metacharacter escaped.
pub(super) fn regex_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~\"<>@".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// `text` with the first white-space-delimited occurrence of `word` replaced.
pub(super) fn replace_word(text: &str, word: &str, replacement: &str) -> String {
    let mut offset = 0;
    for piece in text.split_inclusive(char::is_whitespace) {
        let bare = piece.trim_end();
        let core = bare.trim_matches(|c: char| !c.is_alphanumeric() && c != ZWNJ);
        if core == word {
            let start = offset + bare.find(word).unwrap_or(0);
            return format!(
                "{}{replacement}{}",
                &text[..start],
                &text[start + word.len()..]
            );
        }
        offset += piece.len();
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_a_word_leaves_the_rest_of_the_query_as_it_was() {
        assert_eq!(replace_word("سوریخ و چین", "سوریخ", "سوریه"), "سوریه و چین");
        assert_eq!(
            replace_word("(چین OR سوریخ؟)", "سوریخ", "سوریه"),
            "(چین OR سوریه؟)"
        );
        assert_eq!(replace_word("چین", "سوریخ", "سوریه"), "چین");
    }

    #[test]
    fn plain_words_leave_out_phrases_prefixes_fields_and_negations() {
        let ast = parse("چین \"کمربند جاده\" اقتصا* title:سوریه -روسیه +ایران");
        assert_eq!(plain_words(&ast), ["چین", "ایران"]);
    }

    #[test]
    fn a_bare_trailing_star_is_a_prefix() {
        let prefix_of = |query: &str| match parse(query) {
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(literal) => {
                    (literal.field_name, literal.phrase, literal.prefix)
                }
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        };
        assert_eq!(prefix_of("اقتصا*"), (None, "اقتصا".to_string(), true));
        assert_eq!(
            prefix_of("title:اقتصا*"),
            (Some("title".to_string()), "اقتصا".to_string(), true)
        );
        assert_eq!(
            prefix_of("\"بازار سر\"*"),
            (None, "بازار سر".to_string(), true)
        );
    }
}
