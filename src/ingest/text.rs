//! `.txt` and `.md` articles: an optional front-matter block, then the title on the first
//! non-empty line and the body after it.
//!
//! Front matter is the common Markdown convention: a first line `---`, then `key: value`
//! lines (`id`, `title`, `date`, `source`, `url`), then `---`.

use super::{Article, Origin, Problem};

pub(super) fn read(origin: &Origin, content: &str) -> Result<Article, Problem> {
    let (front, rest) = split_front_matter(content);
    let mut lines = rest.lines();
    let first_line = lines.by_ref().map(str::trim).find(|line| !line.is_empty());
    let field = |key: &str| {
        front
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(key))
            .map(|(_, value)| value.to_string())
    };
    let (title, body) = match (field("title"), first_line) {
        (Some(title), Some(first)) => (title, join_body(first, lines)),
        (Some(title), None) => (title, String::new()),
        (None, Some(first)) => (
            first.trim_start_matches('#').trim().to_string(),
            join_body("", lines),
        ),
        (None, None) => return Err(origin.problem(None, "empty file: no title or text")),
    };
    Ok(Article {
        id: field("id").unwrap_or_else(|| origin.relative_id.clone()),
        title,
        body,
        date: field("date"),
        source: field("source"),
        url: field("url"),
        category: field("category"),
        path: origin.display_path(),
    })
}

fn join_body<'a>(first: &str, rest: impl Iterator<Item = &'a str>) -> String {
    let mut body = first.to_string();
    for line in rest {
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(line.trim_end());
    }
    body.trim().to_string()
}

/// Splits `---` front matter off the top; returns its non-empty `key: value` pairs.
fn split_front_matter(content: &str) -> (Vec<(&str, &str)>, &str) {
    let Some(after_open) = content
        .strip_prefix("---\n")
        .or_else(|| content.strip_prefix("---\r\n"))
    else {
        return (Vec::new(), content);
    };
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let block = &after_open[..offset];
            let pairs = block
                .lines()
                .filter_map(|line| line.split_once(':'))
                .map(|(key, value)| (key.trim(), value.trim().trim_matches('"')))
                .filter(|(_, value)| !value.is_empty())
                .collect();
            return (pairs, &after_open[offset + line.len()..]);
        }
        offset += line.len();
    }
    (Vec::new(), content)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn read_text(content: &str) -> Result<Article, Problem> {
        let origin = Origin {
            path: Path::new("corpus/economy/bourse.md"),
            relative_id: "economy/bourse".into(),
        };
        read(&origin, content)
    }

    #[test]
    fn title_is_the_first_non_empty_line() {
        let article = read_text("\n\n# بورس تهران\n\nشاخص کل بالا رفت.\nخط دوم.\n").unwrap();
        assert_eq!(article.title, "بورس تهران");
        assert_eq!(article.body, "شاخص کل بالا رفت.\nخط دوم.");
        assert_eq!(article.id, "economy/bourse");
        assert_eq!(article.path, "corpus/economy/bourse.md");
        assert_eq!(article.date, None);
    }

    #[test]
    fn front_matter_gives_date_source_and_id() {
        let article =
            read_text("---\ndate: 1402-05-12\nsource: خبرگزاری\nid: b-1\n---\nعنوان\nمتن\n")
                .unwrap();
        assert_eq!(article.id, "b-1");
        assert_eq!(article.date.as_deref(), Some("1402-05-12"));
        assert_eq!(article.source.as_deref(), Some("خبرگزاری"));
        assert_eq!(article.title, "عنوان");
        assert_eq!(article.body, "متن");
    }

    #[test]
    fn empty_file_is_a_problem() {
        let problem = read_text(" \n\n").unwrap_err();
        assert!(problem.reason.contains("empty"));
        assert!(problem
            .to_string()
            .starts_with("corpus/economy/bourse.md: "));
    }
}
