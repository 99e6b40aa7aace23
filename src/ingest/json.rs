//! `.json` (one article object or an array of them) and `.jsonl` (one object per line).
//!
//! Fields: `id`, `title`, `body` or `text`, `date`, `source`, `url`; others are ignored.
//! Without an `id`, an article of a JSONL file is `path#LINE`, of a JSON array `path#N`.

use serde_json::{Map, Value};

use super::{Article, Origin, Problem};

/// Parses JSON, also accepting the bare `NaN` and `Infinity` that Python's `json.dump`
/// writes for missing numbers (read as null) when strict parsing fails.
fn parse_lenient(text: &str) -> serde_json::Result<Value> {
    serde_json::from_str(text).or_else(|error| {
        let repaired = python_literals_to_null(text).ok_or(error)?;
        serde_json::from_str(&repaired)
    })
}

/// `text` with every bare `NaN`, `Infinity` or `-Infinity` outside strings replaced by
/// `null`; `None` if there is none.
fn python_literals_to_null(text: &str) -> Option<String> {
    const LITERALS: [&str; 3] = ["-Infinity", "Infinity", "NaN"];
    let mut repaired = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut replaced = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if !in_string {
            if let Some(literal) = LITERALS.iter().find(|literal| rest.starts_with(**literal)) {
                repaired.push_str("null");
                rest = &rest[literal.len()..];
                replaced = true;
                continue;
            }
        }
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            _ => {}
        }
        repaired.push(c);
        rest = &rest[c.len_utf8()..];
    }
    replaced.then_some(repaired)
}

pub(super) fn read_document(origin: &Origin, content: &str) -> (Vec<Article>, Vec<Problem>) {
    let value: Value = match parse_lenient(content) {
        Ok(value) => value,
        Err(error) => {
            let problem = origin.problem(Some(error.line()), format!("invalid JSON: {error}"));
            return (Vec::new(), vec![problem]);
        }
    };
    match value {
        Value::Object(object) => {
            collect(origin, [(None, object_to_article(origin, &object, None))])
        }
        Value::Array(items) => collect(
            origin,
            items.iter().enumerate().map(|(index, item)| {
                let number = index + 1;
                let article = match item {
                    Value::Object(object) => object_to_article(origin, object, Some(number)),
                    _ => Err(format!("item {number} is not an object")),
                };
                (None, article)
            }),
        ),
        _ => (
            Vec::new(),
            vec![origin.problem(None, "expected an article object or an array of them")],
        ),
    }
}

pub(super) fn read_lines(origin: &Origin, content: &str) -> (Vec<Article>, Vec<Problem>) {
    let records = content
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty());
    let (articles, problems) = collect(
        origin,
        records.map(|(index, line)| {
            let number = index + 1;
            let article = match parse_lenient(line) {
                Ok(Value::Object(object)) => object_to_article(origin, &object, Some(number)),
                Ok(_) => Err("not a JSON object".to_string()),
                Err(error) => Err(format!("invalid JSON: {error}")),
            };
            (Some(number), article)
        }),
    );
    if articles.is_empty() && problems.is_empty() {
        return (
            articles,
            vec![origin.problem(None, "empty file: no records")],
        );
    }
    (articles, problems)
}

/// Splits record results into articles and problems, naming the line of each problem.
fn collect(
    origin: &Origin,
    records: impl IntoIterator<Item = (Option<usize>, Result<Article, String>)>,
) -> (Vec<Article>, Vec<Problem>) {
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    for (line, record) in records {
        match record {
            Ok(article) => articles.push(article),
            Err(reason) => problems.push(origin.problem(line, reason)),
        }
    }
    (articles, problems)
}

/// One article from a JSON object; `number` is its line or array position, used for the
/// default id.
fn object_to_article(
    origin: &Origin,
    object: &Map<String, Value>,
    number: Option<usize>,
) -> Result<Article, String> {
    let text = |key: &str| -> Result<Option<String>, String> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(format!("field `{key}` is not a string")),
        }
    };
    let title = text("title")?.unwrap_or_default();
    let body = match text("body")? {
        Some(body) => body,
        None => text("text")?.unwrap_or_default(),
    };
    if title.is_empty() && body.is_empty() {
        return Err("no `title`, `body` or `text`".to_string());
    }
    let id = match (text("id")?, number) {
        (Some(id), _) => id,
        (None, Some(number)) => format!("{}#{number}", origin.relative_id),
        (None, None) => origin.relative_id.clone(),
    };
    Ok(Article {
        id,
        title,
        body,
        date: text("date")?,
        source: text("source")?,
        url: text("url")?,
        category: text("category")?,
        path: origin.display_path(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn origin() -> Origin<'static> {
        Origin {
            path: Path::new("corpus/feed.jsonl"),
            relative_id: "feed".into(),
        }
    }

    #[test]
    fn jsonl_keeps_good_lines_and_names_bad_ones() {
        let content = "{\"id\": \"a\", \"title\": \"چین\", \"text\": \"متن\"}\n{\"title\": \n\n{\"title\": \"سوریه\", \"body\": \"بدنه\", \"extra\": 1}\n";
        let (articles, problems) = read_lines(&origin(), content);
        assert_eq!(articles.len(), 2);
        assert_eq!(articles[0].id, "a");
        assert_eq!(articles[0].body, "متن");
        assert_eq!(articles[1].id, "feed#4");
        assert_eq!(articles[1].body, "بدنه");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(2));
        assert!(problems[0]
            .to_string()
            .starts_with("corpus/feed.jsonl:2: invalid JSON"));
    }

    #[test]
    fn python_nan_and_infinity_outside_strings_read_as_null() {
        let line = r#"{"title": "NaN در متن", "url": NaN, "x": -Infinity, "text": "a \" NaN"}"#;
        let (articles, problems) = read_lines(&origin(), line);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(articles[0].title, "NaN در متن");
        assert_eq!(articles[0].body, "a \" NaN");
        assert_eq!(articles[0].url, None);
    }

    #[test]
    fn json_object_or_array() {
        let (one, _) = read_document(
            &origin(),
            r#"{"title": "t", "date": "2021-11-05", "id": 7}"#,
        );
        assert_eq!(one[0].id, "7");
        assert_eq!(one[0].date.as_deref(), Some("2021-11-05"));
        let (many, problems) = read_document(&origin(), r#"[{"title": "t"}, 3, {"text": "b"}]"#);
        assert_eq!(
            many.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            ["feed#1", "feed#3"]
        );
        assert_eq!(problems[0].reason, "item 2 is not an object");
    }

    #[test]
    fn records_without_text_or_with_wrong_types_are_problems() {
        let (articles, problems) = read_lines(&origin(), "{\"id\": \"x\"}\n{\"title\": [1]}\n[]\n");
        assert!(articles.is_empty());
        let reasons: Vec<&str> = problems.iter().map(|p| p.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "no `title`, `body` or `text`",
                "field `title` is not a string",
                "not a JSON object"
            ]
        );
        let (_, problems) = read_lines(&origin(), "\n");
        assert_eq!(problems[0].reason, "empty file: no records");
    }
}
