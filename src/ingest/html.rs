//! `.html`/`.htm` articles: the title from `<title>` (or the first `<h1>`), the text of
//! `<article>` or `<main>` (else `<body>`) without scripts, styles and navigation, the date
//! from `article:published_time` or the first `<time datetime>`.

use scraper::{ElementRef, Html, Node, Selector};

use super::{Article, Origin, Problem};

/// Elements whose text is never article text.
const BOILERPLATE: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "iframe", "svg",
];

/// Elements that end a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "blockquote",
    "article",
    "main",
    "pre",
    "table",
    "ul",
    "ol",
];

pub(super) fn read(origin: &Origin, content: &str) -> Result<Article, Problem> {
    let document = Html::parse_document(content);
    let first = |css: &str| {
        let selector = Selector::parse(css).expect("selectors here are valid");
        document.select(&selector).next()
    };
    let text_of = |element: ElementRef| normalize_space(&element.text().collect::<String>());
    let title = first("title")
        .map(text_of)
        .filter(|title| !title.is_empty())
        .or_else(|| first("h1").map(text_of))
        .unwrap_or_default();
    let container = first("article")
        .or_else(|| first("main"))
        .or_else(|| first("body"));
    let body = container.map(visible_text).unwrap_or_default();
    if title.is_empty() && body.is_empty() {
        return Err(origin.problem(None, "HTML without a title or text"));
    }
    let date = first("meta[property='article:published_time']")
        .and_then(|meta| meta.value().attr("content"))
        .or_else(|| first("time[datetime]").and_then(|time| time.value().attr("datetime")))
        .map(str::to_string);
    let attribute = |css: &str, name: &str| {
        first(css)
            .and_then(|e| e.value().attr(name))
            .map(str::to_string)
    };
    Ok(Article {
        id: origin.relative_id.clone(),
        title,
        body,
        date,
        source: attribute("meta[property='og:site_name']", "content"),
        url: attribute("link[rel='canonical']", "href"),
        category: None,
        path: origin.display_path(),
    })
}

/// The text under `root`, leaving out boilerplate elements, one line per block.
fn visible_text(root: ElementRef) -> String {
    let mut text = String::new();
    collect_text(root, &mut text);
    text.lines()
        .map(normalize_space)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn collect_text(element: ElementRef, out: &mut String) {
    for child in element.children() {
        if let Node::Text(text) = child.value() {
            out.push_str(text);
        }
        let Some(child) = ElementRef::wrap(child) else {
            continue;
        };
        let name = child.value().name();
        if BOILERPLATE.contains(&name) {
            continue;
        }
        let block = BLOCKS.contains(&name);
        if block {
            out.push('\n');
        }
        collect_text(child, out);
        if block {
            out.push('\n');
        }
    }
}

/// Runs of white space (NBSP too) as one space, trimmed.
fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn read_html(content: &str) -> Result<Article, Problem> {
        let origin = Origin {
            path: Path::new("site/news.html"),
            relative_id: "site/news".into(),
        };
        read(&origin, content)
    }

    #[test]
    fn title_text_and_date_come_from_the_article_without_boilerplate() {
        let page = r#"<!DOCTYPE html><html><head><title>خبر   مهم</title>
            <meta property="article:published_time" content="2024-05-10T08:00:00Z">
            <script>var x = "کد";</script><style>p { color: red }</style></head>
            <body><nav>خانه | ورزش</nav><header>سرصفحه</header>
            <article><h1>عنوان</h1><p>بند اول&nbsp;خبر.</p><p>بند <b>دوم</b>.</p>
            <aside>تبلیغ</aside></article><footer>حق نشر</footer></body></html>"#;
        let article = read_html(page).unwrap();
        assert_eq!(article.title, "خبر مهم");
        assert_eq!(article.body, "عنوان\nبند اول خبر.\nبند دوم.");
        assert_eq!(article.date.as_deref(), Some("2024-05-10T08:00:00Z"));
        for boilerplate in ["کد", "color", "خانه", "سرصفحه", "تبلیغ", "حق نشر"]
        {
            assert!(!article.body.contains(boilerplate), "{boilerplate}");
        }
    }

    #[test]
    fn first_h1_is_the_title_when_there_is_no_title_element() {
        let article = read_html("<body><h1>سرخط</h1><p>متن</p></body>").unwrap();
        assert_eq!(article.title, "سرخط");
        assert_eq!(article.body, "سرخط\nمتن");
    }

    #[test]
    fn a_page_without_text_is_a_problem() {
        assert!(read_html("<html><head><script>1</script></head><body></body></html>").is_err());
    }
}
