//! The same queries retyped the ways people type Persian, to show that analysis gives
//! each variant the same terms (and so the same scores) as the original.

use crate::analysis::affix::join_spaced_affixes;
use crate::analysis::script::{is_arabic_block, ZWNJ};

/// A way of retyping a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Original,
    /// Arabic ي and ك for Persian ی and ک.
    ArabicLetters,
    /// Every spaced or half-spaced affix written joined (کتاب ها, کتاب‌ها → کتابها).
    Joined,
    /// Every spaced affix written with a ZWNJ (کتاب ها → کتاب‌ها).
    Zwnj,
    /// Kashida and harakat sprinkled over the longer words (اقتـصادَ).
    DiacriticNoise,
}

impl Variant {
    pub const ALL: [Variant; 5] = [
        Variant::Original,
        Variant::ArabicLetters,
        Variant::Joined,
        Variant::Zwnj,
        Variant::DiacriticNoise,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Variant::Original => "original",
            Variant::ArabicLetters => "Arabic ي/ك",
            Variant::Joined => "affixes joined",
            Variant::Zwnj => "affixes with ZWNJ",
            Variant::DiacriticNoise => "harakat + tatweel",
        }
    }

    pub fn apply(self, query: &str) -> String {
        match self {
            Variant::Original => query.to_string(),
            Variant::ArabicLetters => query.replace('ی', "ي").replace('ک', "ك"),
            Variant::Joined => join_spaced_affixes(query).replace(ZWNJ, ""),
            Variant::Zwnj => join_spaced_affixes(query).into_owned(),
            Variant::DiacriticNoise => add_diacritic_noise(query),
        }
    }
}

fn is_persian_letter(c: char) -> bool {
    ('\u{0620}'..='\u{064A}').contains(&c) || "پچژکگی".contains(c)
}

/// Letters after which a tatweel can stretch the word (they join the next letter).
fn joins_left(c: char) -> bool {
    is_persian_letter(c) && !"اآأإدذرزژوؤةء".contains(c)
}

/// A tatweel after the second letter of each word of four or more letters (where the
/// letter joins), and a fatha on its last letter.
fn add_diacritic_noise(query: &str) -> String {
    let mut noisy = String::with_capacity(query.len() * 2);
    for (index, word) in query.split(' ').enumerate() {
        if index > 0 {
            noisy.push(' ');
        }
        let letters: Vec<char> = word.chars().collect();
        let persian = letters.iter().filter(|&&c| is_arabic_block(c)).count();
        if persian < 4 {
            noisy.push_str(word);
            continue;
        }
        for (position, &c) in letters.iter().enumerate() {
            noisy.push(c);
            if position == 1 && joins_left(c) {
                noisy.push('\u{0640}');
            }
        }
        if letters.last().copied().is_some_and(is_persian_letter) {
            noisy.push('\u{064E}');
        }
    }
    noisy
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_variant_retypes_as_people_do() {
        let query = "کتاب ها را چه کسی می کند؟";
        assert_eq!(
            Variant::ArabicLetters.apply(query),
            "كتاب ها را چه كسي مي كند؟"
        );
        assert_eq!(Variant::Joined.apply("کتاب ها و می‌کند"), "کتابها و میکند");
        assert_eq!(Variant::Zwnj.apply("کتاب ها"), "کتاب\u{200C}ها");
        assert_eq!(
            Variant::DiacriticNoise.apply("اقتصاد ایران"),
            "اقـتصادَ ایـرانَ"
        );
        assert_eq!(Variant::Original.apply(query), query);
    }
}
