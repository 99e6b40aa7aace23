//! "Did you mean" for a word that matches a few articles when a far commoner word lacks
//! only a long vowel it dropped (کرنا for کرونا); see `RARE_WORD_RATIO`.

use super::plan::Plan;
use super::ranking::{RARE_WORD_MAX_ARTICLES, RARE_WORD_MIN_CHARS, RARE_WORD_RATIO};
use super::suggest;
use super::vocabulary::{TextField, Vocabulary};
use super::RareWord;
use crate::analysis::Analyzer;
use crate::error::Result;

/// The plain words of a plan that look like a typo of a far commoner word in
/// `vocabulary` (`analyzer` its query analyzer); none when the plan corrected a word
/// already.
pub(crate) fn rare_words(
    vocabulary: &dyn Vocabulary,
    analyzer: &Analyzer,
    plan: &Plan,
) -> Result<Vec<RareWord>> {
    if plan.corrected {
        return Ok(Vec::new());
    }
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
        let articles = vocabulary.frequency(TextField::Body, &term)?;
        if articles == 0 || articles > RARE_WORD_MAX_ARTICLES {
            continue;
        }
        let commonest = vocabulary
            .nearest(&term, 1)?
            .into_iter()
            .filter(|near| {
                near.articles >= RARE_WORD_RATIO * articles
                    && suggest::lacks_a_long_vowel(&term, &near.term)
            })
            .max_by_key(|near| near.articles);
        if let Some(near) = commonest {
            // Judged on the body (one term dictionary); told as a search counts.
            rare.push(RareWord {
                articles: vocabulary.articles(&term)?,
                instead_articles: vocabulary.articles(&near.term)?,
                word: word.to_string(),
                instead: near.term,
            });
        }
    }
    Ok(rare)
}

/// The query with each rare word replaced by its commoner neighbour wherever it stands
/// alone; `None` without rare words.
pub(crate) fn rare_word_suggestion(plan: &Plan, rare: &[RareWord]) -> Option<String> {
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
