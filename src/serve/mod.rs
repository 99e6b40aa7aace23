//! `kavosh serve`: the search page and the JSON API over HTTP.
//!
//! One process answers many searches at once from one index, on tokio and axum. tantivy
//! is synchronous, so each request's work runs on a thread of the server's own pool
//! (`pool`), under a time limit. The searcher follows the index's commits (another process's `kavosh
//! index` included), and is opened on the first request that finds an index: a server
//! started before its index answers 503 until the index exists.

mod api;
mod page;
mod pool;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::http::{header, HeaderValue, Response};
use axum::routing::get;
use axum::serve::ListenerExt;
use axum::Router;

use crate::engine::opensearch::ClusterSearcher;
use crate::error::{Error, Result};
use crate::index::{KavoshIndex, Stats};
use crate::search::{Ranking, SearchOptions, SearchResults, Searcher, WholeArticle};
use pool::Pool;

/// Where `kavosh serve` listens unless told otherwise: this machine only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7700";

/// How long one request may take before it is answered 503.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(10);

/// What a server serves and how.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The embedded index's folder, or with `cluster` the OpenSearch index's name.
    pub index_dir: PathBuf,
    /// The URL of an OpenSearch cluster to answer from instead of an embedded index.
    pub cluster: Option<String>,
    /// The longest a request may take (its wait for a thread included).
    pub time_limit: Duration,
}

/// What a server answers from: the embedded index, or an index on an OpenSearch cluster.
pub(crate) enum Answerer {
    /// Boxed: a searcher is large beside the cluster's.
    Embedded(Box<Searcher>),
    Cluster(ClusterSearcher),
}

impl Answerer {
    fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        match self {
            Answerer::Embedded(searcher) => searcher.search(query, options),
            Answerer::Cluster(searcher) => searcher.search(query, options),
        }
    }

    fn article(&self, id: &str, query: Option<&str>) -> Result<Option<WholeArticle>> {
        match self {
            Answerer::Embedded(searcher) => searcher.article(id, query),
            Answerer::Cluster(searcher) => searcher.article(id, query),
        }
    }

    fn stats(&self) -> Result<Stats> {
        match self {
            Answerer::Embedded(searcher) => searcher.index().stats(),
            Answerer::Cluster(searcher) => searcher.stats(),
        }
    }

    /// An error naming the closest sources when no article has `source`; the cluster's
    /// sources are not checked.
    fn check_source(&self, source: &str) -> Result<()> {
        match self {
            Answerer::Embedded(searcher) => crate::jobs::check_source(searcher.index(), source),
            Answerer::Cluster(_) => Ok(()),
        }
    }
}

/// The index a server answers from, opened when first needed, and the threads that
/// search it.
pub(crate) struct Live {
    options: ServeOptions,
    searcher: RwLock<Option<Arc<Answerer>>>,
    pool: Pool,
}

impl Live {
    /// The searcher, opening the index if it is not open yet. Blocking: call it on a
    /// thread of the pool.
    fn searcher(&self) -> Result<Arc<Answerer>> {
        if let Some(searcher) = self.searcher.read().expect("not poisoned").as_ref() {
            return Ok(searcher.clone());
        }
        let mut slot = self.searcher.write().expect("not poisoned");
        if let Some(searcher) = slot.as_ref() {
            return Ok(searcher.clone());
        }
        let searcher = Arc::new(match &self.options.cluster {
            None => {
                let index = KavoshIndex::open(&self.options.index_dir)?;
                Answerer::Embedded(Box::new(Searcher::following_commits(index)?))
            }
            Some(url) => Answerer::Cluster(ClusterSearcher::connect(
                url,
                &self.options.index_dir.to_string_lossy(),
                Ranking::default(),
            )?),
        });
        *slot = Some(searcher.clone());
        Ok(searcher)
    }
}

/// The whole application: the page, the API, and JSON for every other path.
pub fn router(options: ServeOptions) -> Router {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let live = Arc::new(Live {
        options,
        searcher: RwLock::new(None),
        // Searches beyond a few per core only queue for the CPU; waiting for a thread
        // counts in the time limit, so a flood is answered 503, not with more threads
        // (and requests answered so are not searched after all).
        pool: Pool::new(4 * cores),
    });
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/api/search", get(api::search))
        .route("/api/articles/{*id}", get(api::article))
        .route("/api/stats", get(api::stats))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(axum::middleware::map_response(security_headers))
        .with_state(live)
}

/// Headers that keep a browser from running anything but the page's own script, even if
/// some article text were ever inserted as markup.
async fn security_headers<B>(mut response: Response<B>) -> Response<B> {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// Serves until SIGINT or SIGTERM, then finishes the requests under way. `ready` is
/// told the address listened on (the port chosen, for `:0`).
pub fn serve(
    options: ServeOptions,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| Error::Listen { addr, source })?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Listen { addr, source })?;
        let bound = listener
            .local_addr()
            .map_err(|source| Error::Listen { addr, source })?;
        ready(bound);
        // Answers go out at once, not held back to fill a packet (Nagle).
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(listener, router(options))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .map_err(|source| Error::Listen { addr, source })
    })
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        // Without a handler, the default action (ending the process) stays.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
