//! "Did you mean" for a word that matches a few articles when a far commoner word lacks
//! only a long vowel it dropped (کرنا for کرونا); see `RARE_WORD_RATIO`.

use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::plan::Plan;
use super::ranking::{RARE_WORD_MAX_ARTICLES, RARE_WORD_MIN_CHARS, RARE_WORD_RATIO};
use super::{suggest, RareWord, Searcher};
use crate::error::Result;
use crate::index::live::live_doc_freq;

impl Searcher {
    /// The plain words of a plan that look like a typo of a far commoner word; none when
    /// the plan corrected a word already.
    pub(super) fn rare_words(
        &self,
        searcher: &tantivy::Searcher,
        plan: &Plan,
    ) -> Result<Vec<RareWord>> {
        if plan.corrected {
            return Ok(Vec::new());
        }
        let body = self.index.fields().body;
        let analyzer = self.index.query_analyzer();
        let mut rare = Vec::new();
        for word in plan.plain_words() {
            let Some(term) = analyzer.single_term(word) else {
                continue;
            };
            if term.chars().count() < RARE_WORD_MIN_CHARS
                || rare.iter().any(|seen: &RareWord| seen.word == word)
            {
                continue;
            }
            let articles = live_doc_freq(searcher, &Term::from_field_text(body, &term))?;
            if articles == 0 || articles > RARE_WORD_MAX_ARTICLES {
                continue;
            }
            let commonest = suggest::nearest_terms(searcher, body, &term, 1)?
                .into_iter()
                .filter(|near| {
                    near.articles >= RARE_WORD_RATIO * articles
                        && suggest::lacks_a_long_vowel(&term, &near.term)
                })
                .max_by_key(|near| near.articles);
            if let Some(near) = commonest {
                // Judged on the body (one term dictionary); told as a search counts.
                rare.push(RareWord {
                    articles: self.articles_with(searcher, &term)?,
                    instead_articles: self.articles_with(searcher, &near.term)?,
                    word: word.to_string(),
                    instead: near.term,
                });
            }
        }
        Ok(rare)
    }

    /// The query with each rare word replaced by its commoner neighbour wherever it
    /// stands alone; `None` without rare words.
    pub(super) fn rare_word_suggestion(&self, plan: &Plan, rare: &[RareWord]) -> Option<String> {
        if rare.is_empty() {
            return None;
        }
        let mut instead = |word: &str| {
            Ok(rare
                .iter()
                .find(|rare| rare.word == word)
                .map(|rare| rare.instead.clone()))
        };
        let suggested = plan.clone().correct(&mut instead).ok()?;
        Some(suggested.text())
    }

    /// Live articles with `term` in the title or the body.
    fn articles_with(&self, searcher: &tantivy::Searcher, term: &str) -> Result<u64> {
        let fields = self.index.fields();
        let either = BooleanQuery::union(
            [fields.title, fields.body]
                .into_iter()
                .map(|field| {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, term),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>
                })
                .collect(),
        );
        Ok(searcher.search(&either, &Count)? as u64)
    }
}
