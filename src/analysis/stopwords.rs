//! Stopwords: only words that carry no content of their own (prepositions, conjunctions,
//! particles). Unlike Lucene's Persian list, no noun, adjective, number or verb:
//! مردم, امروز, میلیون, خدمات, راه, جدید all stay searchable.

/// Folded forms (Persian ی/ک, no ZWNJ).
const STOPWORDS: &[&str] = &[
    "و",
    "در",
    "به",
    "از",
    "که",
    "را",
    "با",
    "این",
    "ان",
    "برای",
    "تا",
    "بر",
    "یا",
    "هم",
    "نیز",
    "اما",
    "ولی",
    "اگر",
    "چون",
    "زیرا",
    "پس",
    "سپس",
    "یک",
    "همین",
    "همان",
    "ای",
    "دیگر",
    "باید",
    "شاید",
    "بی",
    "نه",
    "هر",
    "چه",
    "چرا",
    "کجا",
    "کی",
    "ایا",
    "بین",
    "روی",
    "زیر",
    "نزد",
    "درباره",
    "بدون",
    "طی",
    "توسط",
    "وی",
    "او",
    "ما",
    "شما",
    "انها",
    "اینها",
    "خود",
    "من",
    "تو",
    "است",
    "بود",
    "شد",
    "شود",
    "می",
    "نمی",
];

pub fn is_stopword(term: &str) -> bool {
    STOPWORDS.contains(&term)
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
