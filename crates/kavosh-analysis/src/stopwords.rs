//! Stopwords: only words that carry no content of their own (prepositions, conjunctions,
//! particles). Unlike Lucene's Persian list, no noun, adjective, number or verb:
//! مردم, امروز, میلیون, خدمات, راه, جدید all stay searchable.

use std::sync::LazyLock;

// Looked up for every word indexed: a fast hash for these few short keys.
use rustc_hash::FxHashSet;

/// Folded forms (Persian ی/ک, آ as ا, no ZWNJ), as written: matched before stemming.
#[rustfmt::skip]
const STOPWORDS: &[&str] = &[
    // prepositions, conjunctions, particles
    "و", "در", "به", "از", "که", "را", "با", "برای", "تا", "بر", "یا", "هم", "نیز", "اما",
    "ولی", "اگر", "چون", "زیرا", "پس", "سپس", "نه", "بی", "بین", "روی", "زیر", "نزد",
    "درباره", "بدون", "طی", "توسط", "باید", "شاید", "ای", "می", "نمی",
    // demonstratives, pronouns, determiners
    "این", "ان", "اینها", "انها", "همین", "همان", "دیگر", "هر", "یک", "خود", "وی", "او",
    "من", "تو", "ما", "شما",
    // interrogatives and indefinite pronouns: in a question they ask, they are not what
    // is asked about
    "چه", "چرا", "کجا", "کی", "ایا", "کدام", "چیست", "کیست", "چگونه", "چطور", "چقدر",
    "چند", "چیزی", "کسی", "کسانی",
    // the copula and the passive auxiliary
    "است", "هست", "هستند", "نیست", "بود", "بودند", "باشد", "شد", "شده", "شدند", "شود",
    "میشود", "میشوند",
];

static STOPWORD_SET: LazyLock<FxHashSet<&str>> =
    LazyLock::new(|| STOPWORDS.iter().copied().collect());

/// Whether `term`, folded and not yet stemmed, is a function word.
///
/// ```
/// use kavosh_analysis::stopwords::is_stopword;
///
/// assert!(is_stopword("برای"));
/// assert!(!is_stopword("مردم"));
/// ```
pub fn is_stopword(term: &str) -> bool {
    STOPWORD_SET.contains(term)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_stopwords() {
        for word in ["و", "در", "به", "از", "که", "را", "است"] {
            assert!(is_stopword(word), "{word}");
        }
    }

    #[test]
    fn content_words_that_lucene_drops_are_kept() {
        for word in [
            "مردم",
            "امروز",
            "میلیون",
            "خدمات",
            "راه",
            "جدید",
            "ایران",
            "کشور",
        ] {
            assert!(!is_stopword(word), "{word}");
        }
    }
}
