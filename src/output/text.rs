//! Text for a terminal: highlighted words marked, lines wrapped at word boundaries to
//! the terminal's width, and bidi made explicit so that terminals that lay out right to
//! left keep numbers and Latin in order (`1–3 of 139` must not come out as `3–1`).

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use crate::ingest::{civil_from_days, jalali_from_days, parse_date, SECONDS_PER_DAY};

/// How highlighted words are marked in text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marks {
    /// ANSI colour, for a terminal.
    Color,
    /// `[` and `]`, for pipes, files and NO_COLOR.
    Plain,
}

impl Marks {
    fn wrap(self) -> (&'static str, &'static str) {
        match self {
            Marks::Color => ("\x1b[1;31m", "\x1b[0m"),
            Marks::Plain => ("[", "]"),
        }
    }

    /// Columns a mark takes on screen (escape codes take none).
    fn columns(self) -> usize {
        match self {
            Marks::Color => 0,
            Marks::Plain => 1,
        }
    }
}

/// Starts a line of mostly right-to-left text with it, so that terminals that do bidi
/// lay the line out right to left (ellipses and brackets on the right side).
const RIGHT_TO_LEFT_MARK: char = '\u{200F}';
/// LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE: a run of Latin and numbers between
/// them is laid out left to right as one block, whatever surrounds it.
const LTR_ISOLATE: char = '\u{2066}';
const POP_ISOLATE: char = '\u{2069}';

/// The narrowest a wrapped line gets, however deep its indent or narrow the terminal.
const MIN_COLUMNS: usize = 20;

/// How text is laid out: marks for highlights and the width lines are wrapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub marks: Marks,
    /// Columns of the terminal (80 when it is no terminal).
    pub width: usize,
}

impl Layout {
    /// `text`, its character ranges `highlights` marked, as lines of at most `width`
    /// columns broken between words (a word longer than a line gets a line of its own),
    /// each ending with a newline: the first starts with `prefix`, the others are
    /// indented as deep. Each line of mostly right-to-left text starts with
    /// RIGHT-TO-LEFT MARK, and its runs of Latin and digits are isolated.
    pub fn paragraph(&self, prefix: &str, text: &str, highlights: &[[usize; 2]]) -> String {
        let chars: Vec<char> = text.chars().collect();
        let indent = columns(prefix.chars());
        let room = self.width.saturating_sub(indent).max(MIN_COLUMNS);
        let mut out = String::new();
        for (index, line) in wrap(&chars, highlights, room, self.marks.columns())
            .into_iter()
            .enumerate()
        {
            if index == 0 {
                out.push_str(prefix);
            } else {
                out.extend(std::iter::repeat_n(' ', indent));
            }
            let local: Vec<[usize; 2]> = highlights
                .iter()
                .filter(|[from, to]| *from < line.end && *to > line.start)
                .map(|[from, to]| {
                    [
                        from.max(&line.start) - line.start,
                        to.min(&line.end) - line.start,
                    ]
                })
                .collect();
            out.push_str(&self.line(&chars[line], &local));
            out.push('\n');
        }
        out
    }

    /// One screen line: highlights marked, Latin runs isolated, a right-to-left mark
    /// first if most of its letters are right to left.
    fn line(&self, chars: &[char], highlights: &[[usize; 2]]) -> String {
        let (open, close) = self.marks.wrap();
        let runs = latin_runs(chars);
        let mut out = String::with_capacity(chars.len() * 2 + 16 * highlights.len());
        let letters = chars.iter().filter(|c| c.is_alphabetic());
        let (rtl, all) = letters.fold((0, 0), |(rtl, all), &c| {
            (rtl + usize::from(is_rtl_letter(c)), all + 1)
        });
        if rtl * 2 > all {
            out.push(RIGHT_TO_LEFT_MARK);
        }
        for index in 0..=chars.len() {
            if highlights.iter().any(|[_, to]| *to == index) {
                out.push_str(close);
            }
            if runs.iter().any(|run| run.end == index) {
                out.push(POP_ISOLATE);
            }
            let Some(&c) = chars.get(index) else {
                break;
            };
            if runs.iter().any(|run| run.start == index) {
                out.push(LTR_ISOLATE);
            }
            if highlights.iter().any(|[from, _]| *from == index) {
                out.push_str(open);
            }
            out.push(c);
        }
        out
    }
}

/// A day in both calendars, Jalali in Persian digits first: `۱۴۰۲/۰۵/۱۲ (2023-08-03)`.
pub fn day_of(seconds: i64) -> String {
    let days = seconds.div_euclid(SECONDS_PER_DAY);
    let (year, month, day) = jalali_from_days(days);
    let jalali: String = format!("{year:04}/{month:02}/{day:02}")
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(digit) => char::from_u32('۰' as u32 + digit).unwrap_or(c),
            None => c,
        })
        .collect();
    let (year, month, day) = civil_from_days(days);
    format!("{jalali} ({year:04}-{month:02}-{day:02})")
}

/// A date as an article wrote it, in both calendars when it is a date kavosh reads.
pub fn day(written: &str) -> String {
    parse_date(written).map_or_else(|| written.to_string(), day_of)
}

/// Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, ... and their
/// presentation forms); not their digits and punctuation, which bidi lays out by their
/// neighbours.
fn is_rtl_letter(c: char) -> bool {
    c.is_alphabetic()
        && matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// A character that starts or ends a left-to-right run: an ASCII digit or a Latin letter.
fn is_latin(c: char) -> bool {
    c.is_ascii_digit() || (c.is_alphabetic() && c < '\u{0250}')
}

/// The runs from a Latin letter or digit (and what is stuck to its front, as the `/` of
/// `/tmp`, but not a bracket, which bidi pairs with its other half) to the last one before the next right-to-left letter: what a bidi
/// terminal must keep left to right, in order.
fn latin_runs(chars: &[char]) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut open: Option<Range<usize>> = None;
    for (index, &c) in chars.iter().enumerate() {
        if is_latin(c) {
            match &mut open {
                Some(run) => run.end = index + 1,
                None => {
                    let floor = runs.last().map_or(0, |run| run.end);
                    let mut start = index;
                    while start > floor && {
                        let before = chars[start - 1];
                        !before.is_whitespace()
                            && !is_rtl_letter(before)
                            && !"()[]{}<>«»".contains(before)
                    } {
                        start -= 1;
                    }
                    open = Some(start..index + 1);
                }
            }
        } else if is_rtl_letter(c) {
            runs.extend(open.take());
        }
    }
    runs.extend(open);
    runs
}

/// Columns `chars` take on screen.
fn columns(chars: impl IntoIterator<Item = char>) -> usize {
    chars.into_iter().map(|c| c.width().unwrap_or(0)).sum()
}

/// Lines of at most `room` columns, as character ranges of `chars` from a word's start to
/// a word's end, breaking only at white space; each highlight boundary in a word takes
/// `mark_columns` more.
fn wrap(
    chars: &[char],
    highlights: &[[usize; 2]],
    room: usize,
    mark_columns: usize,
) -> Vec<Range<usize>> {
    let mut words: Vec<Range<usize>> = Vec::new();
    for (index, c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            continue;
        }
        match words.last_mut() {
            Some(word) if word.end == index => word.end = index + 1,
            _ => words.push(index..index + 1),
        }
    }
    let width = |word: &Range<usize>| {
        let marks = highlights
            .iter()
            .map(|[from, to]| {
                usize::from(word.contains(from)) + usize::from(*to > word.start && *to <= word.end)
            })
            .sum::<usize>();
        columns(chars[word.clone()].iter().copied()) + marks * mark_columns
    };
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut used = 0;
    for word in words {
        let needed = width(&word);
        match lines.last_mut() {
            Some(line) if used + 1 + needed <= room => {
                line.end = word.end;
                used += 1 + needed;
            }
            _ => {
                lines.push(word);
                used = needed;
            }
        }
    }
    if lines.is_empty() {
        lines.push(0..0);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(width: usize) -> Layout {
        Layout {
            marks: Marks::Plain,
            width,
        }
    }

    #[test]
    fn lines_break_between_words_within_the_width() {
        let text = "روابط دو کشور در طول سالها گسترش یافته است";
        let laid = plain(24).paragraph("  ", text, &[]);
        let lines: Vec<&str> = laid.lines().collect();
        assert_eq!(
            lines,
            [
                "  \u{200F}روابط دو کشور در طول",
                "  \u{200F}سالها گسترش یافته است",
            ]
        );
        for line in &lines {
            assert!(columns(line.chars()) <= 24, "{line}");
        }
        let rejoined: Vec<&str> = lines
            .iter()
            .map(|line| line.trim_start().trim_start_matches('\u{200F}'))
            .collect();
        assert_eq!(rejoined.join(" "), text);
    }

    #[test]
    fn a_word_longer_than_a_line_is_not_broken() {
        let url = "https://example.com/a/very/long/path/that/does/not/fit";
        assert_eq!(
            plain(20).paragraph("", url, &[]),
            format!("\u{2066}{url}\u{2069}\n")
        );
    }

    #[test]
    fn highlights_are_marked_on_the_lines_they_fall_on() {
        let laid = plain(80).paragraph("", "ابتکار کمربند و جاده", &[[7, 13]]);
        assert_eq!(laid, "\u{200F}ابتکار [کمربند] و جاده\n");
        // A highlight across a line break is marked on each line, so that no line leaves
        // a colour open.
        let laid = plain(20).paragraph("", "کتاب ها و کتاب‌های تازه‌ی امسال", &[[0, 7]]);
        assert!(laid.starts_with("\u{200F}[کتاب ها]"), "{laid}");
        let laid = plain(20).paragraph("", "خبر خبر خبر کتاب ها", &[[12, 19]]);
        assert_eq!(laid, "\u{200F}خبر خبر خبر [کتاب]\n\u{200F}[ها]\n");
    }

    #[test]
    fn days_are_shown_in_both_calendars() {
        assert_eq!(day("2023-08-03"), "۱۴۰۲/۰۵/۱۲ (2023-08-03)");
        assert_eq!(day("۱۴۰۲/۰۵/۱۲"), "۱۴۰۲/۰۵/۱۲ (2023-08-03)");
        assert_eq!(day("1403/01/01"), "۱۴۰۳/۰۱/۰۱ (2024-03-20)");
        assert_eq!(day("2024-07-01T10:30:00Z"), "۱۴۰۳/۰۴/۱۱ (2024-07-01)");
        assert_eq!(day("دیروز"), "دیروز");
    }

    #[test]
    fn numbers_and_latin_runs_are_isolated() {
        let laid = plain(80).paragraph("", "ایران — 1–3 of 139 matching articles", &[]);
        assert_eq!(
            laid,
            "ایران — \u{2066}1–3 of 139 matching articles\u{2069}\n"
        );
        let laid = plain(80).paragraph("", "پس از 14 روز به تهران رسید.", &[]);
        assert_eq!(
            laid,
            "\u{200F}پس از \u{2066}14\u{2069} روز به تهران رسید.\n"
        );
        // Persian digits are laid out right by bidi as they are.
        let laid = plain(80).paragraph("", "پس از ۱۴ روز", &[]);
        assert_eq!(laid, "\u{200F}پس از ۱۴ روز\n");
    }
}
