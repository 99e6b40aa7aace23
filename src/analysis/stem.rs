//! A light, conservative stemmer for the suffixes that float between joined, half-spaced
//! and spaced forms: plural ها/های and their clitics, comparative تر/ترین, and the
//! animate plural گان (نمایندگان → نماینده).
//!
//! Deliberately left alone, because stripping them damages common words (measured on
//! hazm's lexicon, see the README): plural ان/ات (ایران, تهران, زمان, میان, ثبات),
//! ی/ای (علی, بازی, زندگی), bare clitics م/ت/ش (مردم, دولت, دانش).

/// Plural suffixes, longest first so the longest matching one is stripped.
const PLURAL_SUFFIXES: &[&str] = &[
    "هایشان",
    "هایتان",
    "هایمان",
    "هایش",
    "هایت",
    "هایم",
    "هایی",
    "های",
    "ها",
];

/// Words that end like a suffix but are whole words, and comparatives whose stem would
/// fall together with an unrelated word (بهتر → به, برتر → بر).
const PROTECTED: &[&str] = &[
    // ها
    "تنها",
    "تنهایی",
    "منها",
    "انتها",
    "منتها",
    "اشتها",
    "اژدها",
    "بها",
    "رها",
    "رهایی",
    // تر
    "دفتر",
    "دکتر",
    "دختر",
    "اختر",
    "بستر",
    "تیتر",
    "مستتر",
    "انگشتر",
    "کبوتر",
    "استر",
    "نیشتر",
    "خاکستر",
    "شوشتر",
    "اشتر",
    "کلانتر",
    "تواتر",
    "باختر",
    "شبستر",
    "ولتر",
    "ابتر",
    "ساتر",
    "چتر",
    "شتر",
    "فیلتر",
    "پوستر",
    "کامپیوتر",
    "توییتر",
    "هلیکوپتر",
    "اکتر",
    "منچستر",
    "دفاتر",
    "سردفتر",
    "همبستر",
    "متواتر",
    "بهتر",
    "برتر",
    "مهتر",
    "کهتر",
    "متر",
    // گان
    "رایگان",
    "هرمزگان",
    "بازرگان",
    "ناوگان",
    "بایگان",
    "مهرگان",
    "پادگان",
    "گروگان",
    "یگان",
    "گلپایگان",
    "شایگان",
    "چوگان",
    "سمنگان",
    "همگان",
    "ارگان",
    "مژگان",
    "گرگان",
];

/// Word endings that are never a comparative: units, -گستر compounds, تئاتر (folded).
const PROTECTED_ENDINGS: &[&str] = &[
    "کیلومتر",
    "سانتیمتر",
    "میلیمتر",
    "میکرومتر",
    "نانومتر",
    "لیتر",
    "گستر",
    "تیاتر",
];

/// Shortest stem (in chars) left after stripping.
const MIN_STEM_CHARS: usize = 2;

/// Stems `word` (a folded, joined word) in place.
pub fn stem(word: &mut String) {
    if PROTECTED.contains(&word.as_str()) {
        return;
    }
    if let Some(stem_len) = plural_stem(word) {
        word.truncate(stem_len);
        return;
    }
    if let Some(stem_len) = comparative_stem(word) {
        word.truncate(stem_len);
        return;
    }
    if let Some(stem_len) = strip(word, "گان", 3) {
        word.truncate(stem_len);
        word.push('ه');
    }
}

fn plural_stem(word: &str) -> Option<usize> {
    PLURAL_SUFFIXES
        .iter()
        .find_map(|suffix| strip(word, suffix, MIN_STEM_CHARS))
}

fn comparative_stem(word: &str) -> Option<usize> {
    if PROTECTED_ENDINGS
        .iter()
        .any(|ending| word.ends_with(ending))
    {
        return None;
    }
    if let Some(comparative) = word.strip_suffix("ین").filter(|w| w.ends_with("تر")) {
        // The superlative of a protected comparative keeps the comparative: برترین → برتر.
        if PROTECTED.contains(&comparative) {
            return Some(comparative.len());
        }
    }
    strip(word, "ترین", MIN_STEM_CHARS).or_else(|| strip(word, "تر", MIN_STEM_CHARS))
}

/// The byte length of `word` without `suffix`, if it ends with it and at least
/// `min_stem_chars` chars are left.
fn strip(word: &str, suffix: &str, min_stem_chars: usize) -> Option<usize> {
    let stem = word.strip_suffix(suffix)?;
    (stem.chars().count() >= min_stem_chars).then_some(stem.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stemmed(word: &str) -> String {
        let mut word = word.to_string();
        stem(&mut word);
        word
    }

    #[test]
    fn plurals_lose_their_suffix() {
        assert_eq!(stemmed("کتابها"), "کتاب");
        assert_eq!(stemmed("کتابهای"), "کتاب");
        assert_eq!(stemmed("کتابهایی"), "کتاب");
        assert_eq!(stemmed("کتابهایشان"), "کتاب");
        assert_eq!(stemmed("جنبههای"), "جنبه");
        assert_eq!(stemmed("راههای"), "راه");
        assert_eq!(stemmed("تلاشها"), "تلاش");
    }

    #[test]
    fn comparatives_and_superlatives_lose_their_suffix() {
        assert_eq!(stemmed("بزرگتر"), "بزرگ");
        assert_eq!(stemmed("بزرگترین"), "بزرگ");
        assert_eq!(stemmed("محکمتر"), "محکم");
        assert_eq!(stemmed("بیشترین"), "بیش");
    }

    #[test]
    fn animate_plural_gan_becomes_heh() {
        assert_eq!(stemmed("نمایندگان"), "نماینده");
        assert_eq!(stemmed("رزمندگان"), "رزمنده");
    }

    #[test]
    fn words_that_only_look_inflected_stay_whole() {
        for word in [
            "ایران",
            "تهران",
            "زمان",
            "میان",
            "علی",
            "مردم",
            "دولت",
            "دختر",
            "دفتر",
            "کیلومتر",
            "تنها",
            "تنهایی",
            "رایگان",
            "گرگان",
            "بهتر",
            "برتر",
            "ثبات",
            "بازی",
            "دانش",
            "جهان",
            "سازمان",
            "پایان",
            "متر",
            "ها",
        ] {
            assert_eq!(stemmed(word), word);
        }
        assert_eq!(stemmed("برترین"), "برتر");
        assert_eq!(stemmed("بهترین"), "بهتر");
        assert_eq!(stemmed("صفرکیلومتر"), "صفرکیلومتر");
        assert_eq!(stemmed("تیاتر"), "تیاتر");
        assert_eq!(stemmed("بالاتر"), "بالا");
    }
}
