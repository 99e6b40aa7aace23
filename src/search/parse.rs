//! The query text parsed with tantivy's grammar (a bare `word*` taken as a prefix) into
//! the plan's tree.

use tantivy::query_grammar::{
    self, Delimiter, Occur as UserOccur, UserInputAst, UserInputBound, UserInputLeaf,
};

use super::plan::{Bound, Leaf, Node, Occur, Quotes, Words};

/// Parses a query leniently (whatever the reader typed gives a tree). A bare `word*` is
/// taken as the prefix `"word"*`, which is how tantivy's grammar spells one.
pub(super) fn parse(text: &str) -> Node {
    Node::from_ast(parse_ast(text))
}

fn parse_ast(text: &str) -> UserInputAst {
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

impl Node {
    fn from_ast(ast: UserInputAst) -> Node {
        match ast {
            UserInputAst::Clause(clauses) => Node::Clauses(
                clauses
                    .into_iter()
                    .map(|(occur, clause)| (occur.map(Occur::from), Node::from_ast(clause)))
                    .collect(),
            ),
            UserInputAst::Boost(inner, boost) => {
                Node::Boost(Box::new(Node::from_ast(*inner)), boost.into_inner())
            }
            UserInputAst::Leaf(leaf) => Node::Leaf(Leaf::from_ast(*leaf)),
        }
    }
}

impl Leaf {
    fn from_ast(leaf: UserInputLeaf) -> Leaf {
        match leaf {
            UserInputLeaf::Literal(literal) => Leaf::Words(Words {
                field: literal.field_name,
                text: literal.phrase,
                quotes: match literal.delimiter {
                    Delimiter::None => Quotes::None,
                    Delimiter::SingleQuotes => Quotes::Single,
                    Delimiter::DoubleQuotes => Quotes::Double,
                },
                slop: literal.slop,
                prefix: literal.prefix,
                span: None,
                repeats: Vec::new(),
            }),
            UserInputLeaf::All | UserInputLeaf::Exists { .. } => Leaf::All,
            UserInputLeaf::Range {
                field,
                lower,
                upper,
            } => Leaf::Range {
                field,
                lower: lower.into(),
                upper: upper.into(),
            },
            UserInputLeaf::Set { field, elements } => Leaf::Set { field, elements },
            UserInputLeaf::Regex { field, pattern } => Leaf::Regex { field, pattern },
        }
    }
}

impl From<UserOccur> for Occur {
    fn from(occur: UserOccur) -> Self {
        match occur {
            UserOccur::Must => Occur::Must,
            UserOccur::Should => Occur::Should,
            UserOccur::MustNot => Occur::MustNot,
        }
    }
}

impl From<UserInputBound> for Bound {
    fn from(bound: UserInputBound) -> Self {
        match bound {
            UserInputBound::Inclusive(value) => Bound::Inclusive(value),
            UserInputBound::Exclusive(value) => Bound::Exclusive(value),
            UserInputBound::Unbounded => Bound::Unbounded,
        }
    }
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
        let prefix_of = |query: &str| match parse_ast(query) {
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
