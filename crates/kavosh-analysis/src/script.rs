//! The characters of Persian script that several steps of the analysis test for, named
//! once.

use std::ops::RangeInclusive;

/// ZERO WIDTH NON-JOINER, the half-space: joins an affix or compound part to its word
/// without joining the letters (کتاب‌ها, می‌کند).
pub const ZWNJ: char = '\u{200C}';

/// The Arabic block, which holds nearly every character of Persian text: letters,
/// harakat, Persian and Arabic-Indic digits, Arabic punctuation.
pub const ARABIC_BLOCK: RangeInclusive<char> = '\u{0600}'..='\u{06FF}';

/// True for a character of the [`ARABIC_BLOCK`].
#[inline]
pub fn is_arabic_block(c: char) -> bool {
    ARABIC_BLOCK.contains(&c)
}
