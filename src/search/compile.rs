//! The one place a plan becomes a tantivy query: its tree is handed to tantivy's query
//! parser as a parse tree (so words are analyzed and scored as tantivy's parser does,
//! with the title's weight), and the filters are added.

use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, QueryParser};
use tantivy::query_grammar::{
    Delimiter, Occur as UserOccur, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::Term;

use super::filters::Filters;
use super::parse::regex_escape;
use super::plan::{Bound, Leaf, Node, Occur as PlanOccur, Plan, Quotes, Words};
use super::union::SeekingUnion;
use super::MatchMode;
use crate::analysis::Analyzer;
use crate::index::{Fields, KavoshIndex, TEXT_FIELDS};

/// Compiles plans for one index: one parser per match mode (the default operator
/// differs), both with the title's weight.
pub(super) struct Compiler {
    all: QueryParser,
    any: QueryParser,
    analyzer: Analyzer,
    fields: Fields,
}

impl Compiler {
    pub(super) fn new(index: &KavoshIndex, title_weight: f32) -> Self {
        let fields = index.fields();
        let parser = || {
            let mut parser = QueryParser::new(
                index.tantivy().schema(),
                vec![fields.title, fields.body],
                index.query_tokenizers().clone(),
            );
            parser.set_field_boost(fields.title, title_weight);
            parser.allow_regexes();
            parser
        };
        let mut all = parser();
        all.set_conjunction_by_default();
        Compiler {
            all,
            any: parser(),
            analyzer: index.query_analyzer(),
            fields: *fields,
        }
    }

    /// The tantivy query of `plan` under `mode`, restricted by `filters`.
    pub(super) fn compile(
        &self,
        plan: &Plan,
        mode: MatchMode,
        filters: &Filters,
    ) -> Box<dyn Query> {
        let parser = match mode {
            MatchMode::All => &self.all,
            MatchMode::Any => &self.any,
        };
        let ast = to_ast(&plan.root, &mut |leaf| self.leaf(leaf));
        let (parsed, _errors) = parser.build_query_from_user_input_ast_lenient(ast);
        let mut clauses = vec![(Occur::Must, SeekingUnion::under(flattened(parsed)))];
        clauses.extend(filters.clauses(&self.fields));
        if clauses.len() == 1 {
            clauses.pop().expect("one clause").1
        } else {
            Box::new(BooleanQuery::new(clauses))
        }
    }

    /// The query `compile` gives, with `boosts` added to the score of the articles it
    /// matches: they re-order the matches and never match an article by themselves.
    pub(super) fn compile_ranked(
        &self,
        plan: &Plan,
        mode: MatchMode,
        filters: &Filters,
        boosts: &Boosts,
    ) -> Box<dyn Query> {
        let matching = self.compile(plan, mode, filters);
        if boosts.pairs.is_empty() {
            return matching;
        }
        let mut clauses = vec![(Occur::Must, matching)];
        for (pair, weight) in &boosts.pairs {
            let mut query = PhraseQuery::new(pair.to_vec());
            query.set_slop(boosts.slop);
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(query), *weight)),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// One leaf as tantivy's parser runs it as the reader meant it. The parser takes a
    /// prefix only after another word (`"big bad wo"*`), so a one-word prefix becomes an
    /// anchored regex on the analyzed word (`اقتصا.*`) over the fields it names, which
    /// the term dictionary answers directly.
    fn leaf(&self, leaf: &Leaf) -> UserInputAst {
        let leaf = match leaf {
            Leaf::Words(words) => match self.one_word_prefix(words) {
                Some(regexes) => return regexes,
                None => UserInputLeaf::Literal(literal(words)),
            },
            Leaf::All => UserInputLeaf::All,
            Leaf::Range {
                field,
                lower,
                upper,
            } => UserInputLeaf::Range {
                field: field.clone(),
                lower: lower.into(),
                upper: upper.into(),
            },
            Leaf::Set { field, elements } => UserInputLeaf::Set {
                field: field.clone(),
                elements: elements.clone(),
            },
            Leaf::Regex { field, pattern } => UserInputLeaf::Regex {
                field: field.clone(),
                pattern: pattern.clone(),
            },
        };
        UserInputAst::Leaf(Box::new(leaf))
    }

    fn one_word_prefix(&self, words: &Words) -> Option<UserInputAst> {
        if !words.prefix {
            return None;
        }
        let term = self.analyzer.single_term(&words.text)?;
        let pattern = format!("{}.*", regex_escape(&term));
        let fields = match &words.field {
            Some(field) => vec![field.clone()],
            None => TEXT_FIELDS.map(str::to_string).to_vec(),
        };
        let regexes = fields.into_iter().map(|field| {
            let regex = UserInputLeaf::Regex {
                field: Some(field),
                pattern: pattern.clone(),
            };
            (Some(UserOccur::Should), UserInputAst::Leaf(Box::new(regex)))
        });
        Some(UserInputAst::Clause(regexes.collect()))
    }
}

/// Evidence added to the score of the articles a query matches: two terms of one field
/// standing within `slop` words of each other, in order, each pair with its weight
/// (proximity).
#[derive(Debug, Default)]
pub(super) struct Boosts {
    pub pairs: Vec<([Term; 2], f32)>,
    pub slop: u32,
}

/// `query` with each union of unions made one union (`(a_title a_body) (b_title b_body)`
/// → `a_title a_body b_title b_body`, as the parser builds any-word queries over two
/// fields) and each boolean of one must or should clause made that clause: the same
/// articles with the same scores (a sum of sums), but over a union of plain terms
/// tantivy skips the blocks of postings that cannot reach the best hits (block-max WAND)
/// instead of scoring every match, so its cost grows with the hits, not the matches.
fn flattened(query: Box<dyn Query>) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    if let [(Occur::Must | Occur::Should, only)] = boolean.clauses() {
        return flattened(only.box_clone());
    }
    let is_union = |boolean: &BooleanQuery| {
        boolean.get_minimum_number_should_match() <= 1
            && boolean
                .clauses()
                .iter()
                .all(|(occur, _)| *occur == Occur::Should)
    };
    let mut clauses = Vec::new();
    for (occur, clause) in boolean.clauses() {
        let clause = flattened(clause.box_clone());
        match clause.downcast_ref::<BooleanQuery>() {
            Some(inner) if is_union(boolean) && is_union(inner) => clauses.extend(
                inner
                    .clauses()
                    .iter()
                    .map(|(occur, query)| (*occur, query.box_clone())),
            ),
            _ => clauses.push((*occur, clause)),
        }
    }
    Box::new(BooleanQuery::with_minimum_required_clauses(
        clauses,
        boolean.get_minimum_number_should_match(),
    ))
}

/// tantivy's parse tree of `node`, as its query parser takes it, each leaf made by `leaf`.
fn to_ast(node: &Node, leaf: &mut impl FnMut(&Leaf) -> UserInputAst) -> UserInputAst {
    match node {
        Node::Clauses(clauses) => UserInputAst::Clause(
            clauses
                .iter()
                .map(|(occur, clause)| (occur.map(UserOccur::from), to_ast(clause, leaf)))
                .collect(),
        ),
        Node::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(to_ast(inner, leaf)), (*boost).into())
        }
        Node::Alternatives(typed, others) => UserInputAst::Clause(
            std::iter::once(typed.as_ref())
                .chain(others)
                .map(|node| (Some(UserOccur::Should), to_ast(node, leaf)))
                .collect(),
        ),
        Node::Leaf(words) => leaf(words),
    }
}

fn literal(words: &Words) -> UserInputLiteral {
    UserInputLiteral {
        field_name: words.field.clone(),
        phrase: words.text.clone(),
        delimiter: match words.quotes {
            Quotes::None => Delimiter::None,
            Quotes::Single => Delimiter::SingleQuotes,
            Quotes::Double => Delimiter::DoubleQuotes,
        },
        slop: words.slop,
        prefix: words.prefix,
    }
}

impl From<PlanOccur> for UserOccur {
    fn from(occur: PlanOccur) -> Self {
        match occur {
            PlanOccur::Must => UserOccur::Must,
            PlanOccur::Should => UserOccur::Should,
            PlanOccur::MustNot => UserOccur::MustNot,
        }
    }
}

impl From<&Bound> for UserInputBound {
    fn from(bound: &Bound) -> Self {
        match bound {
            Bound::Inclusive(value) => UserInputBound::Inclusive(value.clone()),
            Bound::Exclusive(value) => UserInputBound::Exclusive(value.clone()),
            Bound::Unbounded => UserInputBound::Unbounded,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::plan::Plan;
    use tantivy::collector::TopDocs;
    use tantivy::doc;

    #[test]
    fn a_flattened_any_word_query_is_one_union_of_terms_with_the_same_scores() {
        let (_dir, index, mut writer) = crate::index::scratch_index();
        let fields = *index.fields();
        let bodies = [
            "بازار سهام تهران",
            "بازار",
            "سهام و بورس",
            "تهران",
            "بورس بازار",
        ];
        for (id, body) in bodies.iter().enumerate() {
            writer
                .add_document(doc!(
                    fields.id => id.to_string(),
                    fields.title => if id % 2 == 0 { "بازار" } else { "خبر" },
                    fields.body => *body,
                ))
                .unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.tantivy().reader().unwrap().searcher();
        let compiler = Compiler::new(&index, 2.0);
        let plan = Plan::parse("بازار سهام بورس");
        let ast = to_ast(&plan.root, &mut |leaf| compiler.leaf(leaf));
        let (nested, _) = compiler.any.build_query_from_user_input_ast_lenient(ast);
        let flat = flattened(nested.box_clone());
        let union = flat
            .downcast_ref::<BooleanQuery>()
            .expect("a boolean query");
        assert_eq!(union.clauses().len(), 6, "three words in two fields");
        assert!(union
            .clauses()
            .iter()
            .all(|(occur, clause)| *occur == Occur::Should
                && clause.downcast_ref::<BooleanQuery>().is_none()));
        let top = |query: &dyn Query| {
            searcher
                .search(query, &TopDocs::with_limit(10).order_by_score())
                .unwrap()
        };
        let (before, after) = (top(nested.as_ref()), top(flat.as_ref()));
        assert_eq!(before.len(), 4);
        assert_eq!(before.len(), after.len());
        for ((a, doc_a), (b, doc_b)) in before.iter().zip(&after) {
            assert_eq!(doc_a, doc_b);
            assert!((a - b).abs() < 1e-5, "{a} vs {b}");
        }
    }
}
