//! Passages: the best stretches of an article around its matched words, sized in
//! characters (not bytes), cut at the article's own word or sentence boundaries (every
//! word between them kept, common words too), with the highlighted words as character
//! ranges into the passage.

use std::ops::Range;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::highlight::Matches;

/// A highlighted stretch of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Passage {
    pub text: String,
    /// Character (Unicode scalar) ranges into `text`, end exclusive, each exactly one
    /// word of the article as written.
    pub highlights: Vec<[usize; 2]>,
    /// Whether article text before the passage was left out (where a reader sees `…`).
    pub cut_before: bool,
    /// Whether article text after the passage was left out.
    pub cut_after: bool,
}

/// Up to `count` passages of at most `max_chars` characters from `text`, best first,
/// with the highlights of `matches` (found in this same text). With no highlight, the
/// text's opening.
pub fn passages(text: &str, matches: &Matches, count: usize, max_chars: usize) -> Vec<Passage> {
    if count == 0 || max_chars == 0 || text.trim().is_empty() {
        return Vec::new();
    }
    let spans: Vec<Range<usize>> = matches
        .highlights
        .iter()
        .map(|(span, _)| span.clone())
        .collect();
    let groups: Vec<usize> = matches.highlights.iter().map(|(_, group)| *group).collect();
    if spans.is_empty() {
        let start = text.len() - text.trim_start().len();
        let end = cut_end(text, start, max_chars);
        return vec![render(text, start..end, &[])];
    }
    let mut chosen: Vec<Range<usize>> = Vec::new();
    let mut windows = candidate_windows(text, &spans, &groups, max_chars);
    while chosen.len() < count {
        let free = |window: &&Window| {
            let core = spans[window.first].start..spans[window.last].end;
            chosen.iter().all(|taken| !overlaps(taken, &core))
        };
        let Some(best) = windows
            .iter()
            .filter(free)
            .max_by(|a, b| a.score.cmp(&b.score).then(b.first.cmp(&a.first)))
            .cloned()
        else {
            break;
        };
        let core = spans[best.first].start..spans[best.last].end;
        chosen.push(expand(text, core, max_chars));
        windows.retain(|window| window.first != best.first);
    }
    chosen
        .into_iter()
        .map(|range| {
            let inside: Vec<Range<usize>> = spans
                .iter()
                .filter(|span| span.start >= range.start && span.end <= range.end)
                .cloned()
                .collect();
            render(text, range, &inside)
        })
        .collect()
}

/// The character ranges of `spans` (byte ranges, in order) in `text`.
pub fn char_ranges(text: &str, spans: &[Range<usize>]) -> Vec<[usize; 2]> {
    let mut ranges = Vec::with_capacity(spans.len());
    let mut chars_before = 0;
    let mut counted_to = 0;
    for span in spans {
        chars_before += char_count(&text[counted_to..span.start]);
        let length = char_count(&text[span.clone()]);
        ranges.push([chars_before, chars_before + length]);
        chars_before += length;
        counted_to = span.end;
    }
    ranges
}

/// A run of consecutive matches that fits in one passage.
#[derive(Debug, Clone)]
struct Window {
    first: usize,
    last: usize,
    /// Distinct terms first, then matches: a passage with both query words beats one
    /// that repeats one of them.
    score: (usize, usize),
}

fn candidate_windows(
    text: &str,
    spans: &[Range<usize>],
    groups: &[usize],
    max_chars: usize,
) -> Vec<Window> {
    let mut windows = Vec::with_capacity(spans.len());
    // The window in which each group was last seen, to count a window's distinct groups
    // with no set per window.
    let mut seen_in = vec![usize::MAX; groups.iter().max().map_or(0, |most| most + 1)];
    for first in 0..spans.len() {
        let mut last = first;
        let mut chars = char_count(&text[spans[first].clone()]);
        seen_in[groups[first]] = first;
        let mut distinct = 1;
        while last + 1 < spans.len() {
            let extended = chars + char_count(&text[spans[last].end..spans[last + 1].end]);
            if extended > max_chars {
                break;
            }
            last += 1;
            chars = extended;
            if seen_in[groups[last]] != first {
                seen_in[groups[last]] = first;
                distinct += 1;
            }
        }
        windows.push(Window {
            first,
            last,
            score: (distinct, last - first + 1),
        });
    }
    windows
}

/// Grows the matched core to `max_chars` with context: up to half the room before it,
/// starting at the text's start or a sentence start where one is in reach, else at a
/// word; the rest after it, ending at the text's end, a sentence end or a word end.
fn expand(text: &str, core: Range<usize>, max_chars: usize) -> Range<usize> {
    let room = max_chars.saturating_sub(char_count(&text[core.clone()]));
    let reach = back_by_chars(text, core.start, room / 2);
    let start = if text[..reach].trim().is_empty() {
        text.len() - text.trim_start().len()
    } else {
        let region = &text[reach..core.start];
        let sentence_start = region
            .split_sentence_bound_indices()
            .map(|(offset, _)| reach + offset)
            .find(|&offset| offset > reach);
        sentence_start.unwrap_or_else(|| {
            words_near(text, reach..core.start)
                .map(|word| word.start)
                .find(|&start| start >= reach)
                .unwrap_or(core.start)
                .min(core.start)
        })
    };
    let used = char_count(&text[start..core.end]);
    let end = cut_end(text, core.end, max_chars.saturating_sub(used)).max(core.end);
    start..end
}

/// Where a passage that may run `room` characters after `from` ends: the text's end if
/// it is in reach; else the last sentence end in reach, if that leaves at least half the
/// room used (a passage is not halved for a full stop); else the end of the last word in
/// reach.
fn cut_end(text: &str, from: usize, room: usize) -> usize {
    let limit = forward_by_chars(text, from, room);
    if text[limit..].trim().is_empty() {
        return text.trim_end().len();
    }
    let region = &text[from..limit];
    let sentence_end = region
        .split_sentence_bound_indices()
        .map(|(offset, _)| region[..offset].trim_end().len())
        .filter(|&end| end > 0)
        .last()
        .filter(|&end| char_count(&region[..end]) * 2 >= room)
        .map(|end| from + end);
    sentence_end.unwrap_or_else(|| {
        words_near(text, from..limit)
            .map(|word| word.end)
            .take_while(|&end| end <= limit)
            .filter(|&end| end >= from)
            .last()
            .unwrap_or(from)
    })
}

/// Characters of context segmented on each side of a region, so that a word the
/// region's edge cuts is seen whole.
const WORD_MARGIN_CHARS: usize = 32;

/// The text's own words (Unicode word bounds) in and around `region`: not the analyzer's
/// tokens, which leave out common words (آیا, و), so a passage cut at them would drop
/// words the article has. Only where a passage may start or end is segmented, not the
/// whole article: a word cut by the margin's edge yields a false bound only outside
/// `region`.
fn words_near(text: &str, region: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let from = back_by_chars(text, region.start, WORD_MARGIN_CHARS);
    let to = forward_by_chars(text, region.end, WORD_MARGIN_CHARS);
    text[from..to]
        .unicode_word_indices()
        .map(move |(start, word)| from + start..from + start + word.len())
}

fn render(text: &str, range: Range<usize>, highlights: &[Range<usize>]) -> Passage {
    let passage = &text[range.clone()];
    let relative: Vec<Range<usize>> = highlights
        .iter()
        .map(|span| span.start - range.start..span.end - range.start)
        .collect();
    Passage {
        // One char for one char, so the highlight ranges stay true.
        text: passage.replace(['\n', '\r', '\t'], " "),
        highlights: char_ranges(passage, &relative),
        cut_before: !text[..range.start].trim().is_empty(),
        cut_after: !text[range.end..].trim().is_empty(),
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn char_count(text: &str) -> usize {
    text.chars().count()
}

fn back_by_chars(text: &str, from: usize, chars: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .take(chars)
        .last()
        .map_or(from, |(offset, _)| offset)
}

fn forward_by_chars(text: &str, from: usize, chars: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(offset, _)| from + offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;
    use crate::search::highlight::Highlighter;
    use crate::search::plan::Plan;

    fn find(text: &str, query: &str, count: usize, max_chars: usize) -> Vec<Passage> {
        let analyzer = Analyzer::default();
        let plan = Plan::parse(query);
        let matches = Highlighter::from_plan(&plan, &analyzer).find(text, &analyzer);
        passages(text, &matches, count, max_chars)
    }

    fn highlighted(passage: &Passage) -> Vec<String> {
        passage
            .highlights
            .iter()
            .map(|[from, to]| passage.text.chars().skip(*from).take(to - from).collect())
            .collect()
    }

    #[test]
    fn highlights_are_the_articles_own_words_in_chars() {
        let text = "بشار اسد از ابتکار کمربند و جاده استقبال میکند.";
        let found = find(text, "كمربند می‌کند", 1, 200);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, text);
        assert_eq!(highlighted(&found[0]), ["کمربند", "میکند"]);
    }

    #[test]
    fn passages_are_sized_in_characters_and_cut_at_words() {
        let sentence = "روابط دو کشور در طول سالها گسترش یافته است. ";
        let text = format!(
            "{}چین و سوریه همکاری میکنند. {}",
            sentence.repeat(6),
            sentence.repeat(6)
        );
        let found = find(&text, "سوریه", 1, 80);
        let passage = &found[0];
        assert!(passage.text.chars().count() <= 80, "{}", passage.text);
        assert!(passage.text.chars().count() >= 60, "{}", passage.text);
        assert_eq!(highlighted(passage), ["سوریه"]);
        assert!(text.contains(&passage.text));
        let before = &text[..text.find(&passage.text).unwrap()];
        assert!(before.ends_with(' '), "starts mid-word: {}", passage.text);
    }

    #[test]
    fn the_passage_with_most_distinct_query_words_comes_first() {
        let filler = "متن بی ربط ".repeat(30);
        let text = format!("چین {filler} چین {filler} چین و سوریه {filler}");
        let found = find(&text, "چین سوریه", 2, 60);
        assert_eq!(found.len(), 2);
        assert_eq!(highlighted(&found[0]), ["چین", "سوریه"]);
        assert_eq!(highlighted(&found[1]), ["چین"]);
    }

    #[test]
    fn without_a_match_the_opening_is_shown() {
        let found = find("خبر کوتاه درباره هوا", "چین", 1, 10);
        assert_eq!(
            found,
            [Passage {
                text: "خبر کوتاه".into(),
                highlights: vec![],
                cut_before: false,
                cut_after: true,
            }]
        );
    }

    #[test]
    fn passages_keep_common_words_and_start_at_the_texts_start() {
        let text = "آیا ترور سردار سلیمانی قانونی بود؟ کارشناسان حقوق بین‌الملل پاسخ می‌دهند.";
        let found = find(text, "سلیمانی", 1, 40);
        let passage = &found[0];
        assert!(passage.text.starts_with("آیا ترور"), "{}", passage.text);
        assert_eq!(passage.text, "آیا ترور سردار سلیمانی قانونی بود؟");
        assert!(!passage.cut_before && passage.cut_after);
        assert_eq!(highlighted(passage), ["سلیمانی"]);
    }

    #[test]
    fn a_whole_short_text_is_not_cut() {
        let found = find("  چین و سوریه.\n", "سوریه", 1, 200);
        assert_eq!(found[0].text, "چین و سوریه.");
        assert!(!found[0].cut_before && !found[0].cut_after);
        assert_eq!(highlighted(&found[0]), ["سوریه"]);
    }

    #[test]
    fn a_cut_passage_ends_on_a_sentence_end_in_reach_else_a_word_end() {
        let text = "چین و سوریه گفت‌وگو کردند. روابط دو کشور در طول سالها گسترش یافته است";
        let found = find(text, "چین", 1, 40);
        assert_eq!(found[0].text, "چین و سوریه گفت‌وگو کردند.");
        assert!(found[0].cut_after);
        let found = find(text, "چین", 1, 16);
        assert_eq!(found[0].text, "چین و سوریه");
    }

    #[test]
    fn newlines_become_spaces_without_moving_highlights() {
        let found = find("خط اول\nچین", "چین", 1, 100);
        assert_eq!(found[0].text, "خط اول چین");
        assert_eq!(found[0].highlights, [[7, 10]]);
    }
}
