//! Output: search results as terminal text, JSON (the stable contract in the README), or
//! a TREC run.

mod text;

use std::io::Write;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::index::Stats;
use crate::search::{ArticleHead, MatchMode, SearchResults, Similar, WholeArticle};
pub use text::{Layout, Marks};

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people: ranked hits with highlighted passages.
    Text,
    /// One JSON object per query, one per line.
    Json,
    /// A TREC run: `qid Q0 docid rank score kavosh`.
    Trec,
}

/// The run tag in TREC output.
const RUN_TAG: &str = "kavosh";

/// Writes results in one format to one sink.
pub struct Printer<W: Write> {
    format: Format,
    layout: Layout,
    out: W,
}

impl<W: Write> Printer<W> {
    pub fn new(format: Format, layout: Layout, out: W) -> Self {
        Printer {
            format,
            layout,
            out,
        }
    }

    /// Prints one whole article (`kavosh show`): as one JSON object, or for people its
    /// title, what is known of it and its paragraphs.
    pub fn print_article(&mut self, article: &WholeArticle) -> Result<()> {
        self.write_article(article).map_err(Error::Output)
    }

    fn write_article(&mut self, article: &WholeArticle) -> std::io::Result<()> {
        if self.format != Format::Text {
            return self.write_json(article);
        }
        let layout = self.layout;
        let head = &article.head;
        let mut text = layout.paragraph("", &head.title, &head.title_highlights);
        text += &layout.paragraph("", &About(head).to_string(), &[]);
        if let Some(url) = &head.url {
            text += &layout.paragraph("", url, &[]);
        }
        if !article.similar.is_empty() {
            let count = article.similar.len();
            text += &layout.paragraph("", &format!("the same story, {count} more:"), &[]);
            for mate in &article.similar {
                let about = [Some(&mate.id), mate.date.as_ref(), mate.source.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(" · ");
                text += &layout.paragraph("  ", &format!("{} ({about})", mate.title), &[]);
            }
        }
        let mut start = 0;
        for line in article.body.split('\n') {
            let length = line.chars().count();
            let end = start + length;
            if !line.trim().is_empty() {
                let highlights: Vec<[usize; 2]> = article
                    .body_highlights
                    .iter()
                    .filter(|[from, to]| *from >= start && *to <= end)
                    .map(|[from, to]| [from - start, to - start])
                    .collect();
                text.push('\n');
                text += &layout.paragraph("", line, &highlights);
            }
            start = end + 1;
        }
        self.out.write_all(text.as_bytes())?;
        self.out.flush()
    }

    /// One JSON object on a line of its own.
    fn write_json(&mut self, value: &impl Serialize) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.out, value)?;
        writeln!(self.out)?;
        self.out.flush()
    }

    /// Prints what an index holds: a few lines for people, or one JSON object.
    pub fn print_stats(&mut self, stats: &Stats) -> Result<()> {
        self.write_stats(stats).map_err(Error::Output)
    }

    fn write_stats(&mut self, stats: &Stats) -> std::io::Result<()> {
        if self.format != Format::Text {
            return self.write_json(stats);
        }
        let day = |seconds: Option<i64>| seconds.map_or_else(|| "-".to_string(), text::day_of);
        // (indent, text): a name's count is its indent, so a long name wraps beside it.
        let mut lines = vec![
            (String::new(), format!("{} articles", stats.articles)),
            (
                String::new(),
                format!(
                    "published {} to {} ({} articles dated)",
                    day(stats.first_published),
                    day(stats.last_published),
                    stats.dated_articles
                ),
            ),
        ];
        for (label, counts) in [
            ("sources", &stats.sources),
            ("categories", &stats.categories),
        ] {
            lines.push((String::new(), format!("{label}: {}", counts.len())));
            lines.extend(
                counts
                    .iter()
                    .map(|(name, count)| (format!("  {count:>7}  "), name.clone())),
            );
        }
        let stories = match stats.settings.stories {
            true => format!(
                "stories: {} (copies of one article count once); the largest has {} articles",
                stats.stories, stats.largest_story
            ),
            false => "stories: not found (indexed with --no-stories: every article is a story of its own)".to_string(),
        };
        lines.push((String::new(), stories));
        lines.push((String::new(), format!("analysis: {:?}", stats.settings)));
        lines.push((
            String::new(),
            format!("size on disk: {:.1} MB", stats.size_bytes as f64 / 1e6),
        ));
        for (indent, line) in lines {
            let text = self.layout.paragraph(&indent, &line, &[]);
            self.out.write_all(text.as_bytes())?;
        }
        self.out.flush()
    }

    /// Prints the answer to one query.
    pub fn print(&mut self, results: &SearchResults) -> Result<()> {
        self.write(results).map_err(Error::Output)
    }

    fn write(&mut self, results: &SearchResults) -> std::io::Result<()> {
        match self.format {
            Format::Json => return self.write_json(results),
            Format::Trec => {
                let qid = results.qid.as_deref().unwrap_or("1");
                for hit in &results.hits {
                    writeln!(
                        self.out,
                        "{qid} Q0 {} {} {:.4} {RUN_TAG}",
                        hit.head.id, hit.rank, hit.score
                    )?;
                }
            }
            Format::Text => self.write_text(results)?,
        }
        self.out.flush()
    }

    fn write_text(&mut self, results: &SearchResults) -> std::io::Result<()> {
        let layout = self.layout;
        let label = results
            .qid
            .as_ref()
            .map(|qid| format!("{qid}: "))
            .unwrap_or_default();
        let first = results.hits.first().map_or(0, |hit| hit.rank);
        let last = results.hits.last().map_or(0, |hit| hit.rank);
        let more_than = if results.total_is_lower_bound {
            "more than "
        } else {
            ""
        };
        let counted = match results.stories {
            Some(stories) if stories != results.total => format!(
                "{more_than}{stories} stories ({more_than}{} matching articles)",
                results.total
            ),
            _ => format!("{more_than}{} matching articles", results.total),
        };
        let mut notes = vec![format!(
            "{label}{} — {first}–{last} of {counted}",
            results.query
        )];
        if !results.only_common_words.is_empty() {
            notes.push(format!(
                "only common words: {}; add a word that names the subject",
                results.only_common_words.join("، ")
            ));
        }
        if results.nothing_to_search {
            notes.push(
                "nothing to search for: the query has no word; type a word, a \"phrase\" or a prefix*"
                    .to_string(),
            );
        }
        if let Some(undated) = results.undated_left_out.filter(|&undated| undated > 0) {
            notes.push(format!(
                "({undated} matching articles have no date and were left out by the date filter)"
            ));
        }
        if let Some(corrected) = &results.corrected_query {
            notes.push(format!("showing results for: {corrected}"));
        }
        if results.matched == MatchMode::Any && results.total > 0 {
            notes.push("(articles with any of the words)".to_string());
        }
        if let Some(suggestion) = &results.suggestion {
            let counts: Vec<String> = results
                .rare_words
                .iter()
                .map(|rare| {
                    format!(
                        " ({} is in {} articles, {} in {})",
                        rare.word, rare.articles, rare.instead, rare.instead_articles
                    )
                })
                .collect();
            notes.push(format!("did you mean: {suggestion}{}", counts.concat()));
        }
        let mut text: String = notes
            .iter()
            .map(|note| layout.paragraph("", note, &[]))
            .collect();
        const INDENT: &str = "     ";
        for hit in &results.hits {
            text.push('\n');
            let rank = format!("{:>3}. ", hit.rank);
            let head = &hit.head;
            text += &layout.paragraph(&rank, &head.title, &head.title_highlights);
            let about = format!("{} · score {:.2}", About(head), hit.score);
            text += &layout.paragraph(INDENT, &about, &[]);
            if let Some(url) = &head.url {
                text += &layout.paragraph(INDENT, url, &[]);
            }
            for passage in &hit.passages {
                // `…` where article text was left out, and only there.
                let before = usize::from(passage.cut_before);
                let shown = format!(
                    "{}{}{}",
                    if passage.cut_before { "…" } else { "" },
                    passage.text,
                    if passage.cut_after { "…" } else { "" },
                );
                let highlights: Vec<[usize; 2]> = passage
                    .highlights
                    .iter()
                    .map(|[from, to]| [from + before, to + before])
                    .collect();
                text += &layout.paragraph(INDENT, &shown, &highlights);
            }
            if !hit.similar.is_empty() {
                let more = format!("+{} more: {}", hit.similar.len(), outlets(&hit.similar));
                text += &layout.paragraph(INDENT, &more, &[]);
            }
        }
        text.push('\n');
        self.out.write_all(text.as_bytes())
    }
}

/// The outlets of a story's other articles, each once, in their order: the source, or
/// the id of an article without one.
fn outlets(similar: &[Similar]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for mate in similar {
        let name = mate.source.as_deref().unwrap_or(&mate.id);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.join(", ")
}

/// What is known of an article, on one line: `id · date · source · category · path`
/// (the path only when it is not the id).
struct About<'a>(&'a ArticleHead);

impl std::fmt::Display for About<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let head = self.0;
        let date = head.date.as_deref().map(text::day);
        let mut parts = vec![head.id.as_str()];
        parts.extend(date.as_deref());
        parts.extend(head.source.as_deref());
        parts.extend(head.category.as_deref());
        if head.path != head.id {
            parts.push(&head.path);
        }
        write!(f, "{}", parts.join(" · "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Hit;

    fn results() -> SearchResults {
        SearchResults {
            query: "كمربند".into(),
            qid: Some("q7".into()),
            total: 4,
            total_is_lower_bound: false,
            stories: Some(2),
            hits: vec![Hit {
                rank: 1,
                score: 3.5,
                head: ArticleHead {
                    id: "syria-china".into(),
                    title: "تماس تلفنی".into(),
                    title_highlights: vec![],
                    path: "corpus/syria-china.txt".into(),
                    date: None,
                    published: None,
                    source: None,
                    url: None,
                    category: None,
                },
                passages: vec![crate::search::Passage {
                    text: "ابتکار کمربند و جاده".into(),
                    highlights: vec![[7, 13]],
                    cut_before: true,
                    cut_after: true,
                }],
                similar: ["ایسنا", "ایرنا", "ایسنا"]
                    .into_iter()
                    .enumerate()
                    .map(|(at, source)| Similar {
                        id: format!("copy-{at}"),
                        title: "تماس تلفنی".into(),
                        source: Some(source.into()),
                        date: None,
                        url: None,
                    })
                    .collect(),
            }],
            corrected_query: None,
            suggestion: None,
            rare_words: Vec::new(),
            matched: MatchMode::All,
            only_common_words: Vec::new(),
            nothing_to_search: false,
            undated_left_out: None,
            facets: None,
        }
    }

    fn printed(format: Format) -> String {
        let mut out = Vec::new();
        let layout = Layout {
            marks: Marks::Plain,
            width: 80,
        };
        Printer::new(format, layout, &mut out)
            .print(&results())
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn text_marks_the_highlighted_word() {
        assert!(printed(Format::Text).contains("\u{200F}…ابتکار [کمربند] و جاده…\n"));
    }

    #[test]
    fn text_counts_stories_and_names_the_outlets_of_the_copies_once() {
        // Without the marks that keep numbers and Latin in order.
        let text: String = printed(Format::Text)
            .chars()
            .filter(|c| !matches!(c, '\u{2066}' | '\u{2069}' | '\u{200F}'))
            .collect();
        assert!(
            text.contains("of 2 stories (4 matching articles)"),
            "{text}"
        );
        assert!(text.contains("+3 more: ایسنا, ایرنا\n"), "{text}");
    }

    #[test]
    fn trec_lines_follow_the_standard_columns() {
        assert_eq!(printed(Format::Trec), "q7 Q0 syria-china 1 3.5000 kavosh\n");
    }

    #[test]
    fn json_follows_the_contract() {
        let json: serde_json::Value = serde_json::from_str(&printed(Format::Json)).unwrap();
        assert_eq!(json["qid"], "q7");
        assert_eq!(json["total"], 4);
        assert_eq!(json["stories"], 2);
        assert_eq!(
            json["hits"][0]["similar"][1],
            serde_json::json!({"id": "copy-1", "title": "تماس تلفنی", "source": "ایرنا", "date": null, "url": null})
        );
        assert_eq!(
            json["hits"][0]["passages"][0]["highlights"][0],
            serde_json::json!([7, 13])
        );
        assert_eq!(json["hits"][0]["date"], serde_json::Value::Null);
    }
}
