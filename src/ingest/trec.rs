//! TREC and Hamshahri collections: many `<DOC>` elements per file, each with `<DOCID>` (or
//! `<DOCNO>`), `<DATE calender="Western">` and/or a Persian-calendar `<DATE>`, `<CAT>`,
//! `<TITLE>` and `<TEXT>` (often CDATA). A malformed document is reported with its line;
//! the documents around it are kept.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{Article, Origin, Problem};

/// The fields of the `<DOC>` being read.
#[derive(Default)]
struct Doc {
    id: Option<String>,
    western_date: Option<String>,
    other_date: Option<String>,
    category: Option<String>,
    title: String,
    text: String,
    start_line: usize,
}

/// Which field text goes to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    WesternDate,
    OtherDate,
    Category,
    Title,
    Text,
    Ignored,
}

pub(super) fn read(origin: &Origin, content: &str) -> (Vec<Article>, Vec<Problem>) {
    let mut reader = Reader::from_str(content);
    reader.config_mut().check_end_names = false;
    let line_at = |offset: u64| {
        content[..(offset as usize).min(content.len())]
            .matches('\n')
            .count()
            + 1
    };
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    let mut doc: Option<Doc> = None;
    let mut field = Field::Ignored;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                let line = line_at(reader.error_position());
                problems.push(origin.problem(Some(line), format!("malformed XML: {error}")));
                // Go on from the next <DOC>.
                let after = (reader.buffer_position() as usize).min(content.len());
                return match content[after..].find("<DOC>") {
                    Some(next) => finish(origin, content, after + next, articles, problems),
                    None => (articles, problems),
                };
            }
        };
        match event {
            Event::Start(start) => {
                let name = start.name();
                if name.as_ref().eq_ignore_ascii_case(b"DOC") {
                    doc = Some(Doc {
                        start_line: line_at(reader.buffer_position()),
                        ..Doc::default()
                    });
                } else {
                    field = field_of(&start);
                }
            }
            Event::Text(text) => append(&mut doc, field, &text.decode().unwrap_or_default()),
            Event::CData(data) => append(&mut doc, field, &data.decode().unwrap_or_default()),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => named_entity(&reference.decode().unwrap_or_default()).to_string(),
                };
                append(&mut doc, field, &resolved);
            }
            Event::End(end) => {
                if end.name().as_ref().eq_ignore_ascii_case(b"DOC") {
                    if let Some(finished) = doc.take() {
                        match to_article(origin, finished) {
                            Ok(article) => articles.push(article),
                            Err(problem) => problems.push(problem),
                        }
                    }
                }
                field = Field::Ignored;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(unfinished) = doc {
        problems.push(origin.problem(
            Some(unfinished.start_line),
            "<DOC> not closed before the end of the file",
        ));
    }
    (articles, problems)
}

/// Reads the rest of the file from `resume` (after a malformed document), adding its
/// articles and problems with lines counted from the file's start.
fn finish(
    origin: &Origin,
    content: &str,
    resume: usize,
    mut articles: Vec<Article>,
    mut problems: Vec<Problem>,
) -> (Vec<Article>, Vec<Problem>) {
    let lines_before = content[..resume].matches('\n').count();
    let (more_articles, more_problems) = read(origin, &content[resume..]);
    articles.extend(more_articles);
    problems.extend(more_problems.into_iter().map(|mut problem| {
        problem.line = problem.line.map(|line| line + lines_before);
        problem
    }));
    (articles, problems)
}

fn field_of(start: &BytesStart) -> Field {
    let name = start.name();
    let name = name.as_ref();
    let is = |tag: &str| name.eq_ignore_ascii_case(tag.as_bytes());
    if is("DOCID") || is("DOCNO") {
        Field::Id
    } else if is("DATE") {
        let calendar = start
            .attributes()
            .flatten()
            .find(|attribute| {
                attribute.key.as_ref().eq_ignore_ascii_case(b"calender")
                    || attribute.key.as_ref().eq_ignore_ascii_case(b"calendar")
            })
            .and_then(|attribute| {
                attribute
                    .unescape_value()
                    .ok()
                    .map(|value| value.to_ascii_lowercase())
            });
        match calendar.as_deref() {
            None | Some("western") | Some("gregorian") => Field::WesternDate,
            Some(_) => Field::OtherDate,
        }
    } else if is("CAT") {
        let english = start.attributes().flatten().any(|attribute| {
            attribute.key.as_ref() == b"xml:lang" && attribute.value.as_ref() == b"en"
        });
        if english {
            Field::Ignored
        } else {
            Field::Category
        }
    } else if is("TITLE") || is("HEADLINE") {
        Field::Title
    } else if is("TEXT") || is("BODY") {
        Field::Text
    } else {
        Field::Ignored
    }
}

fn append(doc: &mut Option<Doc>, field: Field, text: &str) {
    let Some(doc) = doc.as_mut() else { return };
    let target = match field {
        Field::Id => doc.id.get_or_insert_with(String::new),
        Field::WesternDate => doc.western_date.get_or_insert_with(String::new),
        Field::OtherDate => doc.other_date.get_or_insert_with(String::new),
        Field::Category => doc.category.get_or_insert_with(String::new),
        Field::Title => &mut doc.title,
        Field::Text => &mut doc.text,
        Field::Ignored => return,
    };
    target.push_str(text);
}

fn named_entity(name: &str) -> &str {
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{00A0}",
        _ => "",
    }
}

fn to_article(origin: &Origin, doc: Doc) -> Result<Article, Problem> {
    let Some(id) = doc
        .id
        .map(|id| id.trim().to_string())
        .filter(|id| !id.is_empty())
    else {
        return Err(origin.problem(Some(doc.start_line), "<DOC> without <DOCID> or <DOCNO>"));
    };
    let title = doc.title.trim().to_string();
    let body = doc.text.trim().to_string();
    if title.is_empty() && body.is_empty() {
        return Err(origin.problem(
            Some(doc.start_line),
            format!("<DOC> {id} has no <TITLE> or <TEXT>"),
        ));
    }
    let trimmed = |value: Option<String>| {
        value
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    Ok(Article {
        id,
        title,
        body,
        date: trimmed(doc.western_date).or_else(|| trimmed(doc.other_date)),
        source: None,
        url: None,
        category: trimmed(doc.category),
        path: origin.display_path(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn read_trec(content: &str) -> (Vec<Article>, Vec<Problem>) {
        let origin = Origin {
            path: Path::new("hamshahri/1375.xml"),
            relative_id: "hamshahri/1375".into(),
        };
        read(&origin, content)
    }

    const TWO_DOCS: &str = r#"<DOC>
<DOCID>HAM2-750101-001</DOCID>
<DATE calender="Western">1996-03-20</DATE>
<DATE calender="Persian">1375/01/01</DATE>
<CAT xml:lang="fa">ورزشی</CAT>
<CAT xml:lang="en">Sport</CAT>
<TITLE>پیروزی تیم ملی</TITLE>
<TEXT><![CDATA[تیم ملی فوتبال & هواداران <شاد> شدند.]]></TEXT>
</DOC>
<DOC>
<DOCNO>HAM2-750101-002</DOCNO>
<DATE calender="Persian">۱۳۷۵/۰۱/۰۲</DATE>
<TITLE>بازار &amp; قیمت</TITLE>
<TEXT>قیمت&#x200C;ها ثابت ماند.</TEXT>
</DOC>
"#;

    #[test]
    fn every_doc_becomes_an_article() {
        let (articles, problems) = read_trec(TWO_DOCS);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(articles.len(), 2);
        let first = &articles[0];
        assert_eq!(first.id, "HAM2-750101-001");
        assert_eq!(first.date.as_deref(), Some("1996-03-20"));
        assert_eq!(first.category.as_deref(), Some("ورزشی"));
        assert_eq!(first.title, "پیروزی تیم ملی");
        assert_eq!(first.body, "تیم ملی فوتبال & هواداران <شاد> شدند.");
        let second = &articles[1];
        assert_eq!(second.id, "HAM2-750101-002");
        assert_eq!(second.date.as_deref(), Some("۱۳۷۵/۰۱/۰۲"));
        assert_eq!(second.title, "بازار & قیمت");
        assert_eq!(second.body, "قیمت\u{200C}ها ثابت ماند.");
    }

    #[test]
    fn a_bad_doc_is_named_by_line_and_its_neighbours_are_kept() {
        let content = format!("{TWO_DOCS}<DOC>\n<TITLE>بی‌شناسه</TITLE>\n</DOC>\n<DOC><DOCID>x</DOCID><TEXT><!oops></TEXT></DOC>\n{TWO_DOCS}<DOC><DOCID>open</DOCID>");
        let (articles, problems) = read_trec(&content);
        assert_eq!(articles.len(), 4, "{problems:?}");
        let lines: Vec<(Option<usize>, &str)> = problems
            .iter()
            .map(|p| (p.line, p.reason.as_str()))
            .collect();
        assert_eq!(lines[0], (Some(16), "<DOC> without <DOCID> or <DOCNO>"));
        assert_eq!(lines[1].0, Some(19));
        assert!(lines[1].1.starts_with("malformed XML"), "{lines:?}");
        assert_eq!(
            lines[2],
            (Some(35), "<DOC> not closed before the end of the file")
        );
    }
}
