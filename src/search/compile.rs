//! The one place a plan becomes a tantivy query: its tree is handed to tantivy's query
//! parser as a parse tree (so words are analyzed and scored as tantivy's parser does,
//! with the title's weight), and the filters are added.

use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, QueryParser, TermQuery};
use tantivy::query_grammar::{
    Delimiter, Occur as UserOccur, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::filters::Filters;
use super::parse::regex_escape;
use super::plan::{Bound, Leaf, Node, Occur as PlanOccur, Plan, Quotes, Words};
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
        let mut clauses = vec![(Occur::Must, parsed)];
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
        if boosts.is_empty() {
            return matching;
        }
        let mut clauses = vec![(Occur::Must, matching)];
        for (term, weight) in &boosts.terms {
            let query = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(query), *weight)),
            ));
        }
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

/// Evidence added to the score of the articles a query matches.
#[derive(Debug, Default)]
pub(super) struct Boosts {
    /// Terms, each with its weight (query expansion).
    pub terms: Vec<(Term, f32)>,
    /// Two terms of one field standing within `slop` words of each other, in order,
    /// each pair with its weight (proximity).
    pub pairs: Vec<([Term; 2], f32)>,
    pub slop: u32,
}

impl Boosts {
    fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.pairs.is_empty()
    }
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
