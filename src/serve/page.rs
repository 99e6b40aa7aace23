//! The search page: three files embedded in the binary, so it works offline and needs no
//! build step. The script inserts every article field as text, never as markup.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::IntoResponse;

use crate::search::OptionTable;

/// The page, with the search options' table (`search/options.rs`) in it as JSON for the
/// script to read its limits from.
pub(super) async fn index() -> impl IntoResponse {
    static PAGE: OnceLock<String> = OnceLock::new();
    let page = PAGE.get_or_init(|| {
        let options = serde_json::to_string(&OptionTable::default()).expect("a table serializes");
        include_str!("page/index.html").replace("{{options}}", &options)
    });
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page.as_str(),
    )
}

pub(super) async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("page/app.js"),
    )
}

pub(super) async fn style() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("page/style.css"),
    )
}
