//! The query text parsed with tantivy's grammar (a bare `word*` taken as a prefix), for
//! the plan to read.

use tantivy::query_grammar::{self, UserInputAst};

/// Parses a query leniently (whatever the reader typed gives a query). A bare `word*` is
/// taken as the prefix `"word"*`, which is how tantivy's grammar spells one.
pub(super) fn parse(text: &str) -> UserInputAst {
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

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query_grammar::UserInputLeaf;

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
