//! The JSON API: `/api/search`, `/api/articles/{id}`, `/api/stats` (README: Web page and
//! API). Every answer is JSON, errors included: 400 naming the parameter, 404, 503 when
//! the index is missing or unreadable or a request runs out of time.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use clap::ValueEnum;
use serde::Serialize;

use super::{Answerer, Live};
use crate::error::Error;
use crate::output::{Format, Layout, Marks, Printer};
use crate::search::{
    names, Filters, NumberOption, SearchOptions, SwitchOption, COLLAPSE, EXPAND, LIMIT,
    MAX_QUERY_CHARS, OFFSET, PASSAGES, PASSAGE_CHARS, PROXIMITY,
};

/// An error answer: `{"error": message, "parameter": name}` with its status.
#[derive(Debug)]
pub(super) struct ApiError {
    status: StatusCode,
    message: String,
    parameter: Option<&'static str>,
}

impl ApiError {
    fn bad(parameter: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            parameter: Some(parameter),
        }
    }

    fn status(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            parameter: None,
        }
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        let status = match &error {
            Error::NoIndex { .. }
            | Error::NotAnIndex { .. }
            | Error::OpenIndex { .. }
            | Error::IncompatibleIndex { .. }
            | Error::Io { .. } => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::status(status, error.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body {
            error: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            parameter: Option<&'static str>,
        }
        let body = Body {
            error: self.message,
            parameter: self.parameter,
        };
        (self.status, axum::Json(body)).into_response()
    }
}

/// A request's query parameters, each known to the endpoint and given once.
struct Params(Vec<(String, String)>);

impl Params {
    fn new(
        query: Result<Query<Vec<(String, String)>>, QueryRejection>,
        known: &[&'static str],
    ) -> Result<Params, ApiError> {
        let Query(pairs) = query.map_err(|rejection| {
            ApiError::status(StatusCode::BAD_REQUEST, rejection.body_text())
        })?;
        for (index, (name, _)) in pairs.iter().enumerate() {
            let Some(&known) = known.iter().find(|known| **known == name) else {
                return Err(ApiError::status(
                    StatusCode::BAD_REQUEST,
                    format!("unknown parameter `{name}` (known: {})", known.join(", ")),
                ));
            };
            if pairs[..index].iter().any(|(earlier, _)| earlier == name) {
                return Err(ApiError::bad(known, format!("`{name}` is given twice")));
            }
        }
        Ok(Params(pairs))
    }

    fn text(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(known, _)| known == name)
            .map(|(_, value)| value.as_str())
    }

    /// The text of `name`, when it is given and not blank.
    fn given(&self, name: &str) -> Option<&str> {
        self.text(name).filter(|text| !text.trim().is_empty())
    }

    /// The query text of `name`, at most `MAX_QUERY_CHARS` long.
    fn query(&self, name: &'static str) -> Result<Option<&str>, ApiError> {
        match self.given(name).map(str::trim) {
            Some(q) if q.chars().count() > MAX_QUERY_CHARS => Err(ApiError::bad(
                name,
                format!("`{name}` is longer than {MAX_QUERY_CHARS} characters"),
            )),
            q => Ok(q),
        }
    }

    /// The value of a whole-number option, its default when not given.
    fn number(&self, option: NumberOption) -> Result<usize, ApiError> {
        let NumberOption { name, default, max } = option;
        let Some(text) = self.text(name) else {
            return Ok(default);
        };
        match text.parse::<usize>() {
            Ok(number) if number <= max => Ok(number),
            _ => Err(ApiError::bad(
                name,
                format!("`{name}` must be a whole number from 0 to {max}, not `{text}`"),
            )),
        }
    }

    /// The value of an on-or-off option (`true` or `false`), its default when not given.
    fn switch(&self, option: SwitchOption) -> Result<bool, ApiError> {
        let SwitchOption { name, default } = option;
        match self.text(name) {
            None => Ok(default),
            Some("true") => Ok(true),
            Some("false") => Ok(false),
            Some(text) => Err(ApiError::bad(
                name,
                format!("`{name}` must be true or false, not `{text}`"),
            )),
        }
    }

    /// The value of a choice, named as the command line names it; `default` when not
    /// given.
    fn choice<T: ValueEnum + Copy>(&self, name: &'static str, default: T) -> Result<T, ApiError> {
        let Some(text) = self.text(name) else {
            return Ok(default);
        };
        T::from_str(text, false).map_err(|_| {
            let words = names(T::value_variants());
            ApiError::bad(
                name,
                format!("`{name}` must be one of {}, not `{text}`", words.join(", ")),
            )
        })
    }
}

/// Runs `work` with the searcher on a thread of the pool, within the time limit, and
/// answers with the JSON it prints. A `Server-Timing` header says, in milliseconds, how
/// long the request waited for a thread (from its parameters being read) and how long
/// its work took on that thread (searching and printing the JSON); the rest of a
/// request's time is HTTP's and the hop back from the thread.
async fn answer_json(
    live: Arc<Live>,
    work: impl FnOnce(&Answerer) -> Result<Vec<u8>, ApiError> + Send + 'static,
) -> Result<Response, ApiError> {
    let limit = live.options.time_limit;
    let received = Instant::now();
    let deadline = tokio::time::Instant::from_std(received + limit);
    let (sender, answer) = tokio::sync::oneshot::channel();
    let job_live = live.clone();
    let job = move || {
        // A request answered already (out of time) or given up by its client wants no
        // work: after a burst, the threads go to the requests still waiting.
        if sender.is_closed() {
            return;
        }
        let started = Instant::now();
        let answer = job_live
            .searcher()
            .map_err(ApiError::from)
            .and_then(|searcher| {
                let body = work(&searcher)?;
                let timing = format!(
                    "wait;dur={:.3}, work;dur={:.3}",
                    milliseconds(started - received),
                    milliseconds(started.elapsed())
                );
                Ok((body, timing))
            });
        // A caller gone (out of time) no longer wants the answer.
        let _ = sender.send(answer);
    };
    live.pool.run(job).map_err(|error| {
        ApiError::status(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("no thread to search on: {error}"),
        )
    })?;
    let too_late = || {
        ApiError::status(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the request took longer than {:.1} s; narrow the query or try again",
                limit.as_secs_f64()
            ),
        )
    };
    let (body, timing) = match tokio::time::timeout_at(deadline, answer).await {
        // An answer ready only after the deadline (the timer ticks by milliseconds) is
        // late all the same.
        Ok(_) if tokio::time::Instant::now() > deadline => Err(too_late()),
        Ok(Ok(answer)) => answer,
        // The job ended without an answer: it panicked, or no thread could run it.
        Ok(Err(_)) => Err(ApiError::status(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the request failed inside the server",
        )),
        Err(_) => Err(too_late()),
    }?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (HeaderName::from_static("server-timing"), timing),
        ],
        body,
    )
        .into_response())
}

fn milliseconds(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// An answer printed as the command line's `--format json` prints it.
fn json(
    print: impl FnOnce(&mut Printer<&mut Vec<u8>>) -> crate::Result<()>,
) -> Result<Vec<u8>, ApiError> {
    let mut body = Vec::new();
    let layout = Layout {
        marks: Marks::Plain,
        width: 80,
    };
    print(&mut Printer::new(Format::Json, layout, &mut body))?;
    Ok(body)
}

/// `GET /api/search`: the answer of `kavosh search --format json`, with facets.
pub(super) async fn search(
    State(live): State<Arc<Live>>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let params = Params::new(
        query,
        &[
            "q",
            LIMIT.name,
            OFFSET.name,
            "match",
            "sort",
            "from",
            "to",
            "source",
            PASSAGES.name,
            PASSAGE_CHARS.name,
            EXPAND.name,
            PROXIMITY.name,
            COLLAPSE.name,
        ],
    )?;
    let q = params
        .query("q")?
        .ok_or_else(|| ApiError::bad("q", "give a query: `q` is missing or empty"))?
        .to_string();
    // One date at a time, so that an error names its parameter.
    let bad_date = |name| move |error: Error| ApiError::bad(name, error.to_string());
    let filters = Filters {
        from: Filters::parse(params.given("from"), None, None)
            .map_err(bad_date("from"))?
            .from,
        until: Filters::parse(None, params.given("to"), None)
            .map_err(bad_date("to"))?
            .until,
        source: params.given("source").map(str::to_string),
    };
    let defaults = SearchOptions::default();
    let options = SearchOptions {
        limit: params.number(LIMIT)?,
        offset: params.number(OFFSET)?,
        passages: params.number(PASSAGES)?,
        passage_chars: params.number(PASSAGE_CHARS)?,
        match_mode: params.choice("match", defaults.match_mode)?,
        sort: params.choice("sort", defaults.sort)?,
        filters,
        facets: true,
        expand: params.switch(EXPAND)?,
        proximity: params.switch(PROXIMITY)?,
        collapse: params.switch(COLLAPSE)?,
    };
    answer_json(live, move |searcher| {
        let results = searcher.search(&q, &options)?;
        if results.nothing_to_search {
            return Err(ApiError::bad(
                "q",
                "nothing to search for: the query has no word",
            ));
        }
        if results.total == 0 {
            // Only now, so that a search that finds something never pays for it.
            if let Some(source) = &options.filters.source {
                searcher
                    .check_source(source)
                    .map_err(|error| ApiError::bad("source", error.to_string()))?;
            }
        }
        json(|printer| printer.print(&results))
    })
    .await
}

/// `GET /api/articles/{id}?q=`: one whole article, the query's matches highlighted.
pub(super) async fn article(
    State(live): State<Arc<Live>>,
    Path(id): Path<String>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let params = Params::new(query, &["q"])?;
    let q = params.query("q")?.map(str::to_string);
    answer_json(live, move |searcher| {
        let article = searcher.article(&id, q.as_deref())?.ok_or_else(|| {
            ApiError::status(
                StatusCode::NOT_FOUND,
                format!("no article has the id `{id}`"),
            )
        })?;
        json(|printer| printer.print_article(&article))
    })
    .await
}

/// `GET /api/stats`: what the index holds, as `kavosh stats --format json`.
pub(super) async fn stats(
    State(live): State<Arc<Live>>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    Params::new(query, &[])?;
    answer_json(live, |searcher| {
        let stats = searcher.stats()?;
        json(|printer| printer.print_stats(&stats))
    })
    .await
}

pub(super) async fn not_found() -> ApiError {
    ApiError::status(StatusCode::NOT_FOUND, "no such page or endpoint")
}

pub(super) async fn method_not_allowed() -> ApiError {
    ApiError::status(
        StatusCode::METHOD_NOT_ALLOWED,
        "only GET: the server is read-only",
    )
}
