//! Output: search results as terminal text, JSON (the stable contract in the README), or
//! a TREC run.

use std::io::Write;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::index::Stats;
use crate::search::{Hit, MatchMode, SearchResults, WholeArticle};

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
}

/// The run tag in TREC output.
const RUN_TAG: &str = "kavosh";

/// Writes results in one format to one sink.
pub struct Printer<W: Write> {
    format: Format,
    marks: Marks,
    out: W,
}

#[derive(Serialize)]
struct JsonAnswer<'a> {
    query: &'a str,
    qid: Option<&'a str>,
    total: usize,
    hits: &'a [Hit],
    corrected_query: Option<&'a str>,
    suggestion: Option<&'a str>,
    matched: MatchMode,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    only_common_words: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    undated_left_out: Option<usize>,
}

/// Starts a line of mostly right-to-left text with RIGHT-TO-LEFT MARK, so that terminals
/// that do bidi lay the line out right to left (ellipses and brackets on the right side).
fn rtl_line(text: &str) -> String {
    let letters = text.chars().filter(|c| c.is_alphabetic());
    let (rtl, all) = letters.fold((0, 0), |(rtl, all), c| {
        (
            rtl + usize::from(('\u{0590}'..='\u{08FF}').contains(&c)),
            all + 1,
        )
    });
    if rtl * 2 > all {
        format!("\u{200F}{text}")
    } else {
        text.to_string()
    }
}

impl<W: Write> Printer<W> {
    pub fn new(format: Format, marks: Marks, out: W) -> Self {
        Printer { format, marks, out }
    }

    /// Prints one whole article (`kavosh show`): as one JSON object, or for people its
    /// title, what is known of it and its paragraphs.
    pub fn print_article(&mut self, article: &WholeArticle) -> Result<()> {
        self.write_article(article).map_err(Error::Output)
    }

    fn write_article(&mut self, article: &WholeArticle) -> std::io::Result<()> {
        if self.format != Format::Text {
            serde_json::to_writer(&mut self.out, article)?;
            writeln!(self.out)?;
            return self.out.flush();
        }
        let title = self.marked(&article.title, &article.title_highlights);
        writeln!(self.out, "{}", rtl_line(&title))?;
        let mut about = vec![article.id.as_str()];
        about.extend(article.date.as_deref());
        about.extend(article.source.as_deref());
        about.extend(article.category.as_deref());
        if article.path != article.id {
            about.push(&article.path);
        }
        writeln!(self.out, "{}", about.join(" · "))?;
        if let Some(url) = &article.url {
            writeln!(self.out, "{url}")?;
        }
        let body = self.marked(&article.body, &article.body_highlights);
        for paragraph in body.lines().map(str::trim).filter(|line| !line.is_empty()) {
            writeln!(self.out)?;
            writeln!(self.out, "{}", rtl_line(paragraph))?;
        }
        self.out.flush()
    }

    /// Prints the answer to one query; `qid` names it in batch mode.
    pub fn print(&mut self, results: &SearchResults, qid: Option<&str>) -> Result<()> {
        self.write(results, qid).map_err(Error::Output)
    }

    fn write(&mut self, results: &SearchResults, qid: Option<&str>) -> std::io::Result<()> {
        match self.format {
            Format::Json => {
                let answer = JsonAnswer {
                    query: &results.query,
                    qid,
                    total: results.total,
                    hits: &results.hits,
                    corrected_query: results.corrected_query.as_deref(),
                    suggestion: results.suggestion.as_deref(),
                    matched: results.matched,
                    only_common_words: &results.only_common_words,
                    undated_left_out: results.undated_left_out,
                };
                serde_json::to_writer(&mut self.out, &answer)?;
                writeln!(self.out)?;
            }
            Format::Trec => {
                let qid = qid.unwrap_or("1");
                for hit in &results.hits {
                    writeln!(
                        self.out,
                        "{qid} Q0 {} {} {:.4} {RUN_TAG}",
                        hit.id, hit.rank, hit.score
                    )?;
                }
            }
            Format::Text => self.write_text(results, qid)?,
        }
        self.out.flush()
    }

    fn write_text(&mut self, results: &SearchResults, qid: Option<&str>) -> std::io::Result<()> {
        let label = qid.map(|qid| format!("{qid}: ")).unwrap_or_default();
        let first = results.hits.first().map_or(0, |hit| hit.rank);
        let last = results.hits.last().map_or(0, |hit| hit.rank);
        writeln!(
            self.out,
            "{label}{} — {first}–{last} of {} matching articles",
            rtl_line(&results.query),
            results.total
        )?;
        if !results.only_common_words.is_empty() {
            let words = results.only_common_words.join("، ");
            writeln!(
                self.out,
                "only common words: {}; add a word that names the subject",
                rtl_line(&words)
            )?;
        }
        if let Some(undated) = results.undated_left_out.filter(|&undated| undated > 0) {
            writeln!(
                self.out,
                "({undated} matching articles have no date and were left out by the date filter)"
            )?;
        }
        if let Some(corrected) = &results.corrected_query {
            writeln!(self.out, "showing results for: {}", rtl_line(corrected))?;
        }
        if results.matched == MatchMode::Any && results.total > 0 {
            writeln!(self.out, "(articles with any of the words)")?;
        }
        if let Some(suggestion) = &results.suggestion {
            writeln!(self.out, "did you mean: {}", rtl_line(suggestion))?;
        }
        for hit in &results.hits {
            writeln!(self.out)?;
            let title = self.marked(&hit.title, &hit.title_highlights);
            writeln!(self.out, "{:>3}. {}", hit.rank, rtl_line(&title))?;
            let mut about = vec![hit.id.as_str()];
            about.extend(hit.date.as_deref());
            about.extend(hit.source.as_deref());
            if hit.path != hit.id {
                about.push(&hit.path);
            }
            writeln!(
                self.out,
                "     {} · score {:.2}",
                about.join(" · "),
                hit.score
            )?;
            for passage in &hit.passages {
                let marked = self.marked(&passage.text, &passage.highlights);
                let ellipsis = |cut: bool| if cut { "…" } else { "" };
                writeln!(
                    self.out,
                    "     {}",
                    rtl_line(&format!(
                        "{}{}{}",
                        ellipsis(passage.cut_before),
                        marked.trim(),
                        ellipsis(passage.cut_after)
                    ))
                )?;
            }
        }
        writeln!(self.out)
    }

    /// `text` with the character ranges `highlights` wrapped in marks.
    fn marked(&self, text: &str, highlights: &[[usize; 2]]) -> String {
        let (open, close) = self.marks.wrap();
        let mut marked = String::with_capacity(text.len() + 16 * highlights.len());
        let mut highlights = highlights.iter().peekable();
        for (index, c) in text.chars().enumerate() {
            if highlights.peek().is_some_and(|[from, _]| *from == index) {
                marked.push_str(open);
            }
            marked.push(c);
            if let Some([_, to]) = highlights.peek() {
                if *to == index + 1 {
                    marked.push_str(close);
                    highlights.next();
                }
            }
        }
        marked
    }
}

/// Prints what an index holds: a few lines for people, or one JSON object.
pub fn print_stats(stats: &Stats, format: Format, out: &mut impl Write) -> Result<()> {
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        if format != Format::Text {
            serde_json::to_writer(&mut *out, stats)?;
            return writeln!(out);
        }
        let day = |seconds: Option<i64>| {
            seconds.map_or_else(
                || "-".to_string(),
                |seconds| {
                    let date = tantivy::DateTime::from_timestamp_secs(seconds).into_utc();
                    date.date().to_string()
                },
            )
        };
        writeln!(out, "{} articles", stats.articles)?;
        writeln!(
            out,
            "published {} to {} ({} articles dated)",
            day(stats.first_published),
            day(stats.last_published),
            stats.dated_articles
        )?;
        for (label, counts) in [
            ("sources", &stats.sources),
            ("categories", &stats.categories),
        ] {
            writeln!(out, "{label}: {}", counts.len())?;
            for (name, count) in counts {
                writeln!(out, "  {count:>7}  {}", rtl_line(name))?;
            }
        }
        writeln!(out, "analysis: {:?}", stats.settings)?;
        writeln!(out, "size on disk: {:.1} MB", stats.size_bytes as f64 / 1e6)?;
        Ok(())
    };
    write(out).map_err(Error::Output)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results() -> SearchResults {
        SearchResults {
            query: "كمربند".into(),
            total: 1,
            hits: vec![Hit {
                rank: 1,
                id: "syria-china".into(),
                score: 3.5,
                title: "تماس تلفنی".into(),
                title_highlights: vec![],
                path: "corpus/syria-china.txt".into(),
                date: None,
                source: None,
                url: None,
                category: None,
                passages: vec![crate::search::Passage {
                    text: "ابتکار کمربند و جاده".into(),
                    highlights: vec![[7, 13]],
                    cut_before: true,
                    cut_after: true,
                }],
            }],
            corrected_query: None,
            suggestion: None,
            matched: MatchMode::All,
            only_common_words: Vec::new(),
            undated_left_out: None,
        }
    }

    fn printed(format: Format, qid: Option<&str>) -> String {
        let mut out = Vec::new();
        Printer::new(format, Marks::Plain, &mut out)
            .print(&results(), qid)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn text_marks_the_highlighted_word() {
        assert!(printed(Format::Text, None).contains("\u{200F}…ابتکار [کمربند] و جاده…"));
    }

    #[test]
    fn trec_lines_follow_the_standard_columns() {
        assert_eq!(
            printed(Format::Trec, Some("q7")),
            "q7 Q0 syria-china 1 3.5000 kavosh\n"
        );
    }

    #[test]
    fn json_follows_the_contract() {
        let json: serde_json::Value =
            serde_json::from_str(&printed(Format::Json, Some("q7"))).unwrap();
        assert_eq!(json["qid"], "q7");
        assert_eq!(json["total"], 1);
        assert_eq!(
            json["hits"][0]["passages"][0]["highlights"][0],
            serde_json::json!([7, 13])
        );
        assert_eq!(json["hits"][0]["date"], serde_json::Value::Null);
    }
}
