//! Character folding: every way Persian text spells one letter becomes one form.
//!
//! The rules are data (the tables below), read by [`classify`]. Folding is one char in,
//! zero or more chars out, so the segmenter can keep the byte span of the original text.

use std::sync::LazyLock;

use crate::script::{ARABIC_BLOCK, ZWNJ};

/// What one character of the original text contributes to a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// A letter or digit, written to the term as this char.
    Letter(char),
    /// A compatibility form (Arabic presentation forms, full-width Latin) that stands for
    /// several letters; each is folded again.
    Compat(char),
    /// Drawn as part of its word but not part of the term: harakat, tatweel, hamza.
    /// Kept inside the highlighted span.
    Mark,
    /// Invisible joiner or control (ZWNJ, ZWJ, bidi marks, BOM): joins the letters around
    /// it into one word, never shown in a highlight edge.
    Joiner,
    /// Ends a word: white space (NBSP too) and punctuation, Persian and Latin.
    Separator,
}

/// Letters folded to the Persian form (and the Arabic hamza carriers to their bare letter),
/// so كتاب = کتاب, ايران = ایران, مسأله = مساله, آمریکا = امریکا, خانۀ = خانه.
const LETTER_FOLDS: &[(char, char)] = &[
    ('\u{064A}', 'ی'), // ARABIC YEH
    ('\u{0649}', 'ی'), // ALEF MAKSURA
    ('\u{06CD}', 'ی'), // YEH WITH TAIL
    ('\u{06D0}', 'ی'), // E
    ('\u{06D2}', 'ی'), // YEH BARREE
    ('\u{0626}', 'ی'), // YEH WITH HAMZA ABOVE: رئیس = رییس
    ('\u{0643}', 'ک'), // ARABIC KAF
    ('\u{06AA}', 'ک'), // SWASH KAF
    ('\u{0629}', 'ه'), // TEH MARBUTA
    ('\u{06C0}', 'ه'), // HEH WITH YEH ABOVE: خانۀ
    ('\u{06C1}', 'ه'), // HEH GOAL
    ('\u{06BE}', 'ه'), // HEH DOACHASHMEE
    ('\u{06D5}', 'ه'), // AE
    ('\u{0622}', 'ا'), // ALEF WITH MADDA: آمریکا = امریکا
    ('\u{0623}', 'ا'), // ALEF WITH HAMZA ABOVE: تأثیر = تاثیر
    ('\u{0625}', 'ا'), // ALEF WITH HAMZA BELOW
    ('\u{0671}', 'ا'), // ALEF WASLA
    ('\u{0624}', 'و'), // WAW WITH HAMZA ABOVE
];

/// Invisible characters that join rather than split: a half-space inside a word joins it
/// (می‌کند = میکند), and direction marks or a stray BOM must not cut a word in two.
const JOINERS: &[char] = &[
    ZWNJ, '\u{200D}', // ZWJ
    '\u{200E}', // LRM
    '\u{200F}', // RLM
    '\u{061C}', // ARABIC LETTER MARK
    '\u{00AD}', // SOFT HYPHEN
    '\u{FEFF}', // BOM / ZWNBSP
];

/// Ranges of characters that are joiners too: bidi embeddings and isolates.
const JOINER_RANGES: &[(char, char)] = &[('\u{202A}', '\u{202E}'), ('\u{2066}', '\u{2069}')];

/// Ranges of marks drawn on a letter: harakat, superscript alef, Quranic marks, tatweel,
/// Latin combining accents.
const MARK_RANGES: &[(char, char)] = &[
    ('\u{0610}', '\u{061A}'),
    ('\u{064B}', '\u{065F}'),
    ('\u{0670}', '\u{0670}'),
    ('\u{06D6}', '\u{06ED}'),
    ('\u{0640}', '\u{0640}'), // TATWEEL (kashida): اقتـــصاد = اقتصاد
    ('\u{0621}', '\u{0621}'), // lone HAMZA: اجزاء = اجزا
    ('\u{0300}', '\u{036F}'),
];

/// Compatibility blocks whose characters decompose to ordinary letters (NFKC).
const COMPAT_RANGES: &[(char, char)] = &[
    ('\u{FB50}', '\u{FDFF}'), // Arabic presentation forms A
    ('\u{FE70}', '\u{FEFE}'), // Arabic presentation forms B (FEFF is the BOM, a joiner)
    ('\u{FF01}', '\u{FF5E}'), // full-width Latin and digits
];

/// Digits of the Persian (U+06F0) and Arabic-Indic (U+0660) blocks fold to ASCII.
const DIGIT_BLOCKS: &[char] = &['\u{06F0}', '\u{0660}'];

fn in_ranges(c: char, ranges: &[(char, char)]) -> bool {
    ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

/// The Arabic block holds nearly every char of Persian text, so its classes are
/// computed once from the tables and then looked up.
static ARABIC_BLOCK_CLASSES: LazyLock<[CharClass; 256]> = LazyLock::new(|| {
    std::array::from_fn(|i| {
        char::from_u32(*ARABIC_BLOCK.start() as u32 + i as u32)
            .map_or(CharClass::Separator, classify_by_rules)
    })
});

/// Classifies one character of original text and gives its folded form.
///
/// Latin letters are returned as they are; the segmenter lowercases them, because
/// lowercasing may yield several chars.
#[inline]
pub fn classify(c: char) -> CharClass {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            CharClass::Letter(c)
        } else {
            CharClass::Separator
        };
    }
    let offset = (c as u32).wrapping_sub(*ARABIC_BLOCK.start() as u32);
    if offset < 256 {
        return ARABIC_BLOCK_CLASSES[offset as usize];
    }
    classify_by_rules(c)
}

/// The rules themselves, for any non-ASCII char.
fn classify_by_rules(c: char) -> CharClass {
    if let Some(&(_, folded)) = LETTER_FOLDS.iter().find(|&&(from, _)| from == c) {
        return CharClass::Letter(folded);
    }
    for &zero in DIGIT_BLOCKS {
        let offset = (c as u32).wrapping_sub(zero as u32);
        if offset < 10 {
            return CharClass::Letter(char::from(b'0' + offset as u8));
        }
    }
    if JOINERS.contains(&c) || in_ranges(c, JOINER_RANGES) {
        return CharClass::Joiner;
    }
    if in_ranges(c, MARK_RANGES) {
        return CharClass::Mark;
    }
    if in_ranges(c, COMPAT_RANGES) {
        return CharClass::Compat(c);
    }
    if c.is_alphanumeric() {
        CharClass::Letter(c)
    } else {
        CharClass::Separator
    }
}

/// True for the decimal separators that keep a number whole between two digits:
/// `3.5` and `۳٫۵` are one term, `3.5`.
#[inline]
pub fn is_decimal_separator(c: char) -> bool {
    c == '.' || c == '\u{066B}'
}

/// True for the Arabic thousands separator, dropped between digits: `۱٬۰۰۰` = `1000`.
#[inline]
pub fn is_thousands_separator(c: char) -> bool {
    c == '\u{066C}'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(c: char) -> char {
        match classify(c) {
            CharClass::Letter(folded) => folded,
            other => panic!("{c:?} is {other:?}, not a letter"),
        }
    }

    #[test]
    fn arabic_yeh_and_kaf_fold_to_persian() {
        assert_eq!(letter('ي'), 'ی');
        assert_eq!(letter('ى'), 'ی');
        assert_eq!(letter('ك'), 'ک');
        assert_eq!(letter('ی'), 'ی');
        assert_eq!(letter('ک'), 'ک');
    }

    #[test]
    fn hamza_carriers_and_heh_forms_fold_to_bare_letters() {
        assert_eq!(letter('أ'), 'ا');
        assert_eq!(letter('إ'), 'ا');
        assert_eq!(letter('آ'), 'ا');
        assert_eq!(letter('ؤ'), 'و');
        assert_eq!(letter('ئ'), 'ی');
        assert_eq!(letter('ۀ'), 'ه');
        assert_eq!(letter('ة'), 'ه');
    }

    #[test]
    fn persian_and_arabic_indic_digits_fold_to_ascii() {
        for (i, (persian, arabic)) in "۰۱۲۳۴۵۶۷۸۹".chars().zip("٠١٢٣٤٥٦٧٨٩".chars()).enumerate()
        {
            let ascii = char::from(b'0' + i as u8);
            assert_eq!(letter(persian), ascii);
            assert_eq!(letter(arabic), ascii);
        }
    }

    #[test]
    fn harakat_tatweel_and_hamza_are_marks() {
        for c in [
            '\u{064E}', '\u{0650}', '\u{064B}', '\u{0651}', '\u{0670}', 'ـ', 'ء',
        ] {
            assert_eq!(classify(c), CharClass::Mark, "{c:?}");
        }
    }

    #[test]
    fn invisible_characters_join() {
        for c in [
            '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202B}', '\u{2067}', '\u{FEFF}',
        ] {
            assert_eq!(classify(c), CharClass::Joiner, "{c:?}");
        }
    }

    #[test]
    fn spaces_and_persian_punctuation_separate() {
        for c in [
            ' ', '\u{00A0}', '\u{2009}', '\u{200B}', '\n', '،', '؛', '؟', '«', '»', '٪', '.', '(',
            '-',
        ] {
            assert_eq!(classify(c), CharClass::Separator, "{c:?}");
        }
    }

    #[test]
    fn presentation_forms_are_compatibility_chars() {
        assert_eq!(classify('\u{FEEE}'), CharClass::Compat('\u{FEEE}'));
        assert_eq!(classify('\u{FB8F}'), CharClass::Compat('\u{FB8F}'));
        assert_eq!(classify('\u{FF21}'), CharClass::Compat('\u{FF21}'));
    }
}
