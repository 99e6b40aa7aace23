//! Word segmentation with folding: original text in, folded words with the byte span
//! of their original characters out.

use std::ops::Range;

use super::fold::{classify, is_decimal_separator, is_thousands_separator, CharClass};
use super::script::{is_arabic_block, ZWNJ};

/// Splits text into words, one at a time, writing each folded word into a caller's buffer
/// so that no word allocates.
pub struct Segmenter<'a> {
    text: &'a str,
    cursor: usize,
}

impl<'a> Segmenter<'a> {
    /// A segmenter at the start of `text`.
    ///
    /// ```
    /// use kavosh_analysis::segment::Segmenter;
    ///
    /// let text = "مي‌كند ۶۵";
    /// let (mut segmenter, mut word) = (Segmenter::new(text), String::new());
    /// assert_eq!(segmenter.next_word(&mut word), Some(0.."مي‌كند".len()));
    /// assert_eq!(word, "میکند");
    /// segmenter.next_word(&mut word);
    /// assert_eq!(word, "65");
    /// ```
    pub fn new(text: &'a str) -> Self {
        Segmenter { text, cursor: 0 }
    }

    /// A segmenter at byte `offset` of `text` (a char boundary).
    pub fn starting_at(text: &'a str, offset: usize) -> Self {
        Segmenter {
            text,
            cursor: offset,
        }
    }

    /// Where the next word is looked for.
    pub(crate) fn cursor(&self) -> usize {
        self.cursor
    }

    /// Writes the next word's folded text into `out` (cleared first) and returns the byte
    /// span of the word in the original text, from its first letter to its last letter or
    /// mark. `None` at the end of the text.
    pub fn next_word(&mut self, out: &mut String) -> Option<Range<usize>> {
        self.next_word_with_marks(out, None)
    }

    /// [`Self::next_word`], also noting into `marks` (cleared first) what the folded word
    /// no longer shows: where a ZWNJ stood inside it (کتاب‌ها, رتبه‌بندی) and where its ی
    /// was written ئ (رئال).
    pub fn next_word_with_marks(
        &mut self,
        out: &mut String,
        mut marks: Option<&mut WordMarks>,
    ) -> Option<Range<usize>> {
        out.clear();
        if let Some(marks) = marks.as_deref_mut() {
            marks.clear();
        }
        let base = self.cursor;
        let mut chars = self.text[base..].char_indices().peekable();
        let mut span: Option<Range<usize>> = None;
        // Where the text ends if no separator ends the word first.
        self.cursor = self.text.len();
        while let Some((relative, c)) = chars.next() {
            let at = base + relative;
            let after = at + c.len_utf8();
            match classify(c) {
                CharClass::Letter(folded) => {
                    if SEATS.iter().any(|seat| seat.0 == c) {
                        if let Some(marks) = marks.as_deref_mut() {
                            marks.seats.push(out.len());
                        }
                    }
                    push_lowercase(out, folded);
                    extend(&mut span, at, after);
                }
                CharClass::Compat(c) => {
                    let seats = marks.as_deref_mut().map(|marks| &mut marks.seats);
                    if push_compat(out, c, seats) {
                        extend(&mut span, at, after);
                    } else if span.is_some() {
                        self.cursor = after;
                        break;
                    }
                }
                CharClass::Mark => {
                    if let Some(span) = span.as_mut() {
                        span.end = after;
                    }
                    // ی with a combining hamza above (یٔ) is a ئ too, ا with a madda آ.
                    if let Some(marks) = marks.as_deref_mut() {
                        note_combined_seat(out, c, &mut marks.seats);
                    }
                }
                CharClass::Joiner => {
                    if let Some(marks) = marks.as_deref_mut() {
                        if c == ZWNJ && !out.is_empty() {
                            marks.joints.push(Joint {
                                folded: out.len(),
                                original: at,
                                next: after,
                            });
                        }
                    }
                }
                CharClass::Separator => {
                    if span.is_none() {
                        continue;
                    }
                    let between_digits = out.ends_with(|d: char| d.is_ascii_digit())
                        && chars.peek().is_some_and(|&(_, next)| {
                            matches!(classify(next), CharClass::Letter(d) if d.is_ascii_digit())
                        });
                    if between_digits && is_decimal_separator(c) {
                        out.push('.');
                        continue;
                    }
                    if between_digits && is_thousands_separator(c) {
                        continue;
                    }
                    self.cursor = after;
                    break;
                }
            }
        }
        if let Some(marks) = marks {
            // A ZWNJ after the last letter joins nothing.
            marks.joints.retain(|joint| joint.folded < out.len());
        }
        span
    }
}

/// Where a ZWNJ stood inside a word, or (after [`crate::affix`] joined a spaced affix)
/// the white space between its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Joint {
    /// Byte offset in the folded word of the letter after the joint.
    pub folded: usize,
    /// Byte offset of the joint's first char in the original text.
    pub original: usize,
    /// Byte offset in the original text just after the joint.
    pub next: usize,
}

/// Letters folded to a bare letter whose place is noted, because a few words are told
/// apart by them alone (رئال is no ریال, آجر no اجر): (the letter, the bare letter it
/// folds to, the combining mark that writes it on the bare letter). Each is two bytes,
/// as its bare letter is, so an offset fits either spelling.
pub const SEATS: &[(char, char, char)] = &[
    ('\u{0626}', 'ی', '\u{0654}'), // YEH WITH HAMZA ABOVE; HAMZA ABOVE
    ('\u{0622}', 'ا', '\u{0653}'), // ALEF WITH MADDA ABOVE; MADDA ABOVE
];

/// Notes a seat written as its bare letter and a combining mark (یٔ, or ﺋ decomposed).
fn note_combined_seat(out: &str, mark: char, seats: &mut Vec<usize>) {
    for &(_, bare, combining) in SEATS {
        let at = out.len().wrapping_sub(bare.len_utf8());
        if mark == combining && out.ends_with(bare) && seats.last() != Some(&at) {
            seats.push(at);
        }
    }
}

/// What folding hid in one word: its joints, and the byte offsets in the folded word of
/// each letter written as a [`SEATS`] letter (ی as ئ, ا as آ).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordMarks {
    /// The word's joints, in order.
    pub joints: Vec<Joint>,
    /// Offsets of the letters written as a seat (ئ, آ).
    pub seats: Vec<usize>,
}

impl WordMarks {
    fn clear(&mut self) {
        self.joints.clear();
        self.seats.clear();
    }

    /// Appends the marks of a word joined after `offset` bytes of this one.
    pub fn append(&mut self, other: &WordMarks, offset: usize) {
        self.joints.extend(other.joints.iter().map(|joint| Joint {
            folded: joint.folded + offset,
            ..*joint
        }));
        self.seats.extend(other.seats.iter().map(|at| at + offset));
    }
}

fn extend(span: &mut Option<Range<usize>>, at: usize, after: usize) {
    match span {
        Some(span) => span.end = after,
        None => *span = Some(at..after),
    }
}

#[inline]
fn push_lowercase(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if is_arabic_block(c) {
        // The Arabic block, nearly all of Persian text, has no letter case.
        out.push(c);
    } else if c.is_uppercase() {
        out.extend(c.to_lowercase());
    } else {
        out.push(c);
    }
}

/// Pushes the folded letters a compatibility char stands for (ﻙ → ک, ﻻ → لا, Ａ → a),
/// noting in `seats` where a seat (ﺋ, ﺁ) was written. Returns false when it stands for no
/// letter (an ornate parenthesis, a spacing form of a haraka), which then acts as a
/// separator or a mark.
fn push_compat(out: &mut String, c: char, mut seats: Option<&mut Vec<usize>>) -> bool {
    let mut pushed = false;
    unicode_normalization::char::decompose_compatible(c, |part| {
        // ﺋ decomposes to ي and a hamza above, ﺁ to ا and a madda.
        if let Some(seats) = seats.as_deref_mut() {
            note_combined_seat(out, part, seats);
        }
        if let CharClass::Letter(folded) = classify(part) {
            push_lowercase(out, folded);
            pushed = true;
        }
    });
    pushed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (folded word, original text of its span) for every word.
    fn words(text: &str) -> Vec<(String, &str)> {
        let mut segmenter = Segmenter::new(text);
        let mut out = String::new();
        let mut words = Vec::new();
        while let Some(span) = segmenter.next_word(&mut out) {
            words.push((out.clone(), &text[span]));
        }
        words
    }

    fn folded(text: &str) -> Vec<String> {
        words(text).into_iter().map(|(word, _)| word).collect()
    }

    #[test]
    fn zwnj_inside_a_word_joins_it() {
        assert_eq!(folded("می‌کند"), ["میکند"]);
        assert_eq!(folded("کتاب‌ها"), ["کتابها"]);
        assert_eq!(words("تلاش‌ها"), [("تلاشها".to_string(), "تلاش‌ها")]);
    }

    #[test]
    fn arabic_letters_fold_inside_words() {
        assert_eq!(folded("كمربند ايران مي‌كند"), ["کمربند", "ایران", "میکند"]);
    }

    #[test]
    fn harakat_and_tatweel_vanish_but_stay_in_the_span() {
        assert_eq!(words("عَلِيّ"), [("علی".to_string(), "عَلِيّ")]);
        assert_eq!(words("اقتـــصاد"), [("اقتصاد".to_string(), "اقتـــصاد")]);
    }

    #[test]
    fn nbsp_and_persian_punctuation_split_words() {
        assert_eq!(folded("مي\u{00A0}شود"), ["می", "شود"]);
        assert_eq!(folded("«سوریه»،چین؛روسیه؟"), ["سوریه", "چین", "روسیه"]);
    }

    #[test]
    fn digits_of_every_script_fold_to_ascii() {
        assert_eq!(folded("۱۴۰۲ ١٤٠٢ 1402"), ["1402", "1402", "1402"]);
        assert_eq!(
            words("۶۵ سال"),
            [("65".to_string(), "۶۵"), ("سال".to_string(), "سال")]
        );
    }

    #[test]
    fn decimals_stay_one_term() {
        assert_eq!(folded("۳٫۵ 3.5 ٣٫٥"), ["3.5", "3.5", "3.5"]);
        assert_eq!(folded("۱٬۰۰۰"), ["1000"]);
        assert_eq!(folded("سال 1402. بعد"), ["سال", "1402", "بعد"]);
    }

    #[test]
    fn invisible_marks_neither_split_nor_show_at_the_edges() {
        assert_eq!(
            words("\u{200F}ایران\u{200E} چین"),
            [("ایران".to_string(), "ایران"), ("چین".to_string(), "چین"),]
        );
        assert_eq!(folded("ای\u{200D}ران\u{FEFF}"), ["ایران"]);
    }

    #[test]
    fn latin_is_lowercased() {
        assert_eq!(folded("HDR iPhone ÉCOLE"), ["hdr", "iphone", "école"]);
    }

    #[test]
    fn presentation_forms_fold_to_letters() {
        // ﻛﺘﺎﺏ is کتاب in presentation forms B, ﻻ the lam-alef ligature.
        assert_eq!(
            folded("\u{FEDB}\u{FE98}\u{FE8E}\u{FE8F} \u{FEFB}"),
            ["کتاب", "لا"]
        );
        assert_eq!(folded("ＡＢＣ"), ["abc"]);
    }

    #[test]
    fn text_of_only_marks_and_separators_has_no_words() {
        assert!(folded("ـــ ، \u{064E} \u{200C}").is_empty());
        assert!(folded("").is_empty());
    }
}
