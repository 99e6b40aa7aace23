//! `kavosh serve`'s JSON API, in-process (no socket): every endpoint and every error,
//! facets against filtered totals, an article with markup in its body, and commits by
//! another process showing up without a restart.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use axum::Router;
use kavosh::serve::{router, ServeOptions, DEFAULT_TIME_LIMIT};
use serde_json::Value;
use tower::ServiceExt;

use common::{corpus, encode, index_paths, kavosh, search_json_in, stdout};

/// An article whose body and title hold markup that must stay text.
const HOSTILE: &str = "---\nid: hostile\nsource: آزمون\ndate: 2024-01-10\n---\n\
    کمربند <script>alert(1)</script>\n\
    متن کمربند با <img src=x onerror=alert(2)> و <b>درشت</b>\n";

/// The bundled corpus and the hostile article, indexed, with a router over them.
struct Server {
    _dir: tempfile::TempDir,
    index: std::path::PathBuf,
    extra: std::path::PathBuf,
    app: Router,
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let extra = dir.path().join("extra");
        std::fs::create_dir(&extra).unwrap();
        std::fs::write(extra.join("hostile.md"), HOSTILE).unwrap();
        let index = dir.path().join("index");
        index_paths(&[&corpus(), &extra], &index);
        let app = app(&index, DEFAULT_TIME_LIMIT);
        Server {
            _dir: dir,
            index,
            extra,
            app,
        }
    }

    async fn get(&self, uri: &str) -> (StatusCode, Value) {
        get(&self.app, uri).await
    }
}

fn app(index: &Path, time_limit: Duration) -> Router {
    router(ServeOptions {
        cluster: None,
        index_dir: index.to_path_buf(),
        time_limit,
    })
}

async fn respond(app: &Router, request: axum::http::request::Builder) -> Response {
    let request = request.body(Body::empty()).unwrap();
    app.clone().oneshot(request).await.unwrap()
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let response = respond(app, Request::get(uri)).await;
    let status = response.status();
    assert_eq!(
        response.headers()["content-type"],
        "application/json",
        "{uri}"
    );
    if status == StatusCode::OK {
        assert_server_timing(&response, uri);
    }
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, serde_json::from_slice(&body).expect("a JSON body"))
}

/// Every answer says how long it waited for a thread and how long its work took, as
/// `Server-Timing: wait;dur=MS, work;dur=MS`.
fn assert_server_timing(response: &Response, uri: &str) {
    let timing = response.headers()["server-timing"].to_str().unwrap();
    let durations: Vec<(&str, f64)> = timing
        .split(", ")
        .map(|metric| {
            let (name, duration) = metric.split_once(";dur=").unwrap();
            (name, duration.parse().unwrap())
        })
        .collect();
    let names: Vec<&str> = durations.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["wait", "work"], "{uri}: {timing}");
    // Within the 10 s time limit, in milliseconds.
    assert!(
        durations.iter().all(|(_, ms)| (0.0..10_000.0).contains(ms)),
        "{uri}: {timing}"
    );
}

fn search_uri(q: &str, extra: &str) -> String {
    format!("/api/search?q={}{extra}", encode(q))
}

#[tokio::test]
async fn search_answers_as_the_command_line_does_plus_facets() {
    let server = Server::start();
    for (q, api_extra, cli_extra) in [
        ("كمربند و جاده", "", vec![]),
        (
            "ایران چین",
            "&match=any&sort=date&limit=3&offset=1&passages=2&passage_chars=80",
            vec![
                "--match",
                "any",
                "--sort",
                "date",
                "--limit",
                "3",
                "--offset",
                "1",
                "--passages",
                "2",
                "--passage-chars",
                "80",
            ],
        ),
        ("کمربنذ", "", vec![]),
    ] {
        let (status, mut answer) = server.get(&search_uri(q, api_extra)).await;
        assert_eq!(status, StatusCode::OK);
        let facets = answer.as_object_mut().unwrap().remove("facets");
        assert!(facets.is_some(), "{q}: facets");
        let mut args = vec!["search", q, "--index", server.index.to_str().unwrap()];
        args.extend(["--format", "json"]);
        args.extend(cli_extra);
        let cli: Value = serde_json::from_str(&stdout(&kavosh(&args))).unwrap();
        assert_eq!(answer, cli, "{q}");
    }
    let (_, answer) = server.get(&search_uri("كمربند", "")).await;
    let words = common::highlighted_words(&answer["hits"][0]);
    assert!(words.iter().all(|word| word == "کمربند"), "{words:?}");
}

#[tokio::test]
async fn facets_agree_with_the_totals_of_filtered_searches() {
    let server = Server::start();
    let q = "ایران چین سوریه کمربند";
    let (_, answer) = server.get(&search_uri(q, "&match=any")).await;
    let facets = &answer["facets"];
    let sources = facets["sources"].as_array().unwrap();
    let months = facets["months"].as_array().unwrap();
    assert!(sources.len() >= 3 && months.len() >= 3, "{facets}");
    let count = |entry: &Value| entry["count"].as_u64().unwrap();
    let total = answer["total"].as_u64().unwrap();
    let by_source: u64 = sources.iter().map(count).sum();
    assert_eq!(by_source + facets["no_source"].as_u64().unwrap(), total);
    let by_month: u64 = months.iter().map(count).sum();
    assert_eq!(by_month + facets["undated"].as_u64().unwrap(), total);
    for source in sources {
        let name = source["source"].as_str().unwrap();
        let extra = format!("&match=any&source={}", encode(name));
        let (_, filtered) = server.get(&search_uri(q, &extra)).await;
        assert_eq!(filtered["total"].as_u64(), Some(count(source)), "{name}");
        let cli = search_json_in(&server.index, q, &["--match", "any", "--source", name]);
        assert_eq!(cli["total"].as_u64(), Some(count(source)), "{name}");
    }
    for month in months {
        let jalali = format!("{}/{}", month["year"], month["month"]);
        let extra = format!("&match=any&from={jalali}&to={jalali}");
        let (_, filtered) = server.get(&search_uri(q, &extra)).await;
        assert_eq!(filtered["total"].as_u64(), Some(count(month)), "{jalali}");
        let cli = ["--match", "any", "--from", &jalali, "--to", &jalali];
        let cli = search_json_in(&server.index, q, &cli);
        assert_eq!(cli["total"].as_u64(), Some(count(month)), "{jalali}");
        // The Gregorian range names the same days.
        let extra = format!(
            "&match=any&from={}&to={}",
            month["from"].as_str().unwrap(),
            month["to"].as_str().unwrap()
        );
        let (_, filtered) = server.get(&search_uri(q, &extra)).await;
        assert_eq!(filtered["total"].as_u64(), Some(count(month)), "{month}");
    }
    // The article of 2023-08-22 falls in Mordad 1402, which ran from 07-23 to 08-22.
    let (_, answer) = server.get(&search_uri("کمربند و جاده", "")).await;
    let mordad = answer["facets"]["months"]
        .as_array()
        .unwrap()
        .iter()
        .find(|month| month["year"] == 1402 && month["month"] == 5)
        .cloned();
    assert_eq!(
        mordad.map(|month| (month["from"].clone(), month["to"].clone())),
        Some(("2023-07-23".into(), "2023-08-22".into()))
    );
}

#[tokio::test]
async fn an_article_comes_whole_with_every_match_highlighted() {
    let server = Server::start();
    for uri in [
        "/api/articles/china/belt-and-road-iran",
        "/api/articles/china%2Fbelt-and-road-iran",
    ] {
        let (status, article) = server.get(&format!("{uri}?q={}", encode("كمربند"))).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(article["id"], "china/belt-and-road-iran");
        assert_eq!(article["source"], "دیپلماسی ایرانی");
        let body: Vec<char> = article["body"].as_str().unwrap().chars().collect();
        let highlights = article["body_highlights"].as_array().unwrap();
        assert!(!highlights.is_empty());
        for range in highlights {
            let (from, to) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
            let word: String = body[from as usize..to as usize].iter().collect();
            assert_eq!(word, "کمربند");
        }
        assert_eq!(article["title_highlights"], serde_json::json!([[12, 18]]));
    }
    let (_, article) = server
        .get(&format!(
            "/api/articles/china/belt-and-road-iran?q={}",
            encode("كمربند")
        ))
        .await;
    let index = server.index.to_str().unwrap();
    let show = ["show", "china/belt-and-road-iran", "--query", "كمربند"];
    let cli = kavosh(&[&show[..], &["--index", index, "--format", "json"]].concat());
    assert_eq!(
        article,
        serde_json::from_str::<Value>(&stdout(&cli)).unwrap()
    );
    let (status, article) = server.get("/api/articles/china/belt-and-road-iran").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(article["body_highlights"], serde_json::json!([]));
}

#[tokio::test]
async fn markup_in_an_article_is_data_never_markup() {
    let server = Server::start();
    let response = respond(&server.app, Request::get("/api/articles/hostile")).await;
    let headers = response.headers();
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let policy = headers["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let article: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(article["title"], "کمربند <script>alert(1)</script>");
    let text = article["body"].as_str().unwrap();
    assert!(text.contains("<img src=x onerror=alert(2)>"), "{text}");
    let (_, answer) = server
        .get(&search_uri(
            "کمربند",
            "&source=%D8%A2%D8%B2%D9%85%D9%88%D9%86",
        ))
        .await;
    assert_eq!(
        answer["hits"][0]["title"],
        "کمربند <script>alert(1)</script>"
    );
    let page = respond(&server.app, Request::get("/")).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'none'"));
    // The page's script never hands article data to the HTML parser.
    let script = include_str!("../src/serve/page/app.js");
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
    ] {
        assert!(!script.contains(sink), "app.js uses {sink}");
    }
}

#[tokio::test]
async fn stats_are_those_of_the_command_line() {
    let server = Server::start();
    let (status, stats) = server.get("/api/stats").await;
    assert_eq!(status, StatusCode::OK);
    let cli = kavosh(&[
        "stats",
        "--index",
        server.index.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let cli: Value = serde_json::from_str(&stdout(&cli)).unwrap();
    assert_eq!(stats, cli);
    assert_eq!(stats["articles"], 22);
}

#[tokio::test]
async fn bad_requests_are_400_naming_the_parameter() {
    let server = Server::start();
    let long = "کتاب ".repeat(201);
    for (uri, parameter) in [
        ("/api/search".to_string(), Some("q")),
        ("/api/search?q=".to_string(), Some("q")),
        (search_uri(&long, ""), Some("q")),
        // Nothing to search for: not every article.
        (search_uri("\"\"\"((((", ""), Some("q")),
        (search_uri("ایران", "&limit=101"), Some("limit")),
        (search_uri("ایران", "&limit=-1"), Some("limit")),
        (search_uri("ایران", "&offset=10001"), Some("offset")),
        (
            search_uri("ایران", "&offset=99999999999999999999999"),
            Some("offset"),
        ),
        (search_uri("ایران", "&passages=11"), Some("passages")),
        (
            search_uri("ایران", "&passage_chars=x"),
            Some("passage_chars"),
        ),
        (search_uri("ایران", "&match=some"), Some("match")),
        (search_uri("ایران", "&sort=title"), Some("sort")),
        (search_uri("ایران", "&expand=maybe"), Some("expand")),
        (search_uri("ایران", "&proximity=1"), Some("proximity")),
        (search_uri("ایران", "&from=dey"), Some("from")),
        (search_uri("ایران", "&to=1402/13"), Some("to")),
        (search_uri("ایران", "&source=Irna"), Some("source")),
        (search_uri("ایران", "&limit=1&limit=2"), Some("limit")),
        (search_uri("ایران", "&lmit=1"), None),
        (format!("/api/articles/x?q={}", encode(&long)), Some("q")),
        ("/api/stats?verbose=1".to_string(), None),
    ] {
        let (status, error) = server.get(&uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(
            error["error"].as_str().is_some_and(|text| !text.is_empty()),
            "{uri}"
        );
        assert_eq!(error["parameter"].as_str(), parameter, "{uri}: {error}");
    }
    // A source no article has names the closest ones.
    let (_, error) = server
        .get(&search_uri("ایران", "&source=%D8%A7%DB%8C%D8%B1%D9%86"))
        .await;
    assert!(
        error["error"].as_str().unwrap().contains("ایرنا"),
        "{error}"
    );
}

#[tokio::test]
async fn the_option_limits_the_page_reads_are_those_the_api_keeps() {
    let server = Server::start();
    let page = respond(&server.app, Request::get("/")).await;
    let html = axum::body::to_bytes(page.into_body(), usize::MAX)
        .await
        .unwrap();
    let html = String::from_utf8(html.to_vec()).unwrap();
    let (_, table) = html
        .split_once(r#"<script id="options" type="application/json">"#)
        .unwrap();
    let (table, _) = table.split_once("</script>").unwrap();
    let options: Value = serde_json::from_str(table).unwrap();
    let numbers = options["numbers"].as_array().unwrap();
    let names: Vec<&str> = numbers
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["limit", "offset", "passages", "passage_chars"]);
    for number in numbers {
        let (name, max) = (
            number["name"].as_str().unwrap(),
            number["max"].as_u64().unwrap(),
        );
        let (status, _) = server
            .get(&search_uri("ایران", &format!("&{name}={max}")))
            .await;
        assert_eq!(status, StatusCode::OK, "{name}={max}");
        let over = max + 1;
        let (status, _) = server
            .get(&search_uri("ایران", &format!("&{name}={over}")))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{name}={over}");
    }
    assert_eq!(options["match_modes"], serde_json::json!(["all", "any"]));
    assert_eq!(
        options["sort_orders"],
        serde_json::json!(["relevance", "date"])
    );
}

#[tokio::test]
async fn unknown_things_are_404_and_writes_405() {
    let server = Server::start();
    for uri in [
        "/api/articles/no-such-article",
        "/api/nothing",
        "/index.php",
    ] {
        let (status, error) = server.get(uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(error["error"].is_string());
    }
    let response = respond(&server.app, Request::post("/api/search?q=x")).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn a_missing_index_is_503_until_it_exists() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let app = app(&index, DEFAULT_TIME_LIMIT);
    for uri in ["/api/stats", "/api/search?q=x", "/api/articles/x"] {
        let (status, error) = get(&app, uri).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{uri}");
        assert!(
            error["error"].as_str().unwrap().contains("no kavosh index"),
            "{error}"
        );
    }
    let not_an_index = dir.path().join("file");
    std::fs::write(&not_an_index, "").unwrap();
    let (status, _) = get(&self::app(&not_an_index, DEFAULT_TIME_LIMIT), "/api/stats").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    index_paths(&[&corpus()], &index);
    let (status, stats) = get(&app, "/api/stats").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stats["articles"], 21);
}

#[tokio::test]
async fn a_request_over_the_time_limit_is_503() {
    let server = Server::start();
    let app = app(&server.index, Duration::ZERO);
    let (status, error) = get(&app, &search_uri("ایران", "")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        error["error"].as_str().unwrap().contains("took longer"),
        "{error}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_process_commits_show_up_without_a_restart() {
    let server = Server::start();
    let q = search_uri("زیردریایی", "");
    let (_, before) = server.get(&q).await;
    assert_eq!(before["total"], 0);
    std::fs::write(
        server.extra.join("submarine.txt"),
        "زیردریایی تازه\nیک زیردریایی تازه به آب انداخته شد.\n",
    )
    .unwrap();
    let indexing = {
        let (extra, index) = (server.extra.clone(), server.index.clone());
        std::thread::spawn(move || index_paths(&[&extra], &index))
    };
    // Searches go on while the other process writes and commits; none may fail.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (status, answer) = server.get(&q).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        if answer["total"] == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "the new article never showed up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    indexing.join().unwrap();
    let (_, stats) = server.get("/api/stats").await;
    assert_eq!(stats["articles"], 23);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_searches_at_once_all_get_the_same_answer() {
    let server = Server::start();
    let uri = search_uri("كمربند و جاده", "&passages=3");
    let (_, alone) = server.get(&uri).await;
    let requests: Vec<_> = (0..32)
        .map(|_| {
            let (app, uri) = (server.app.clone(), uri.clone());
            tokio::spawn(async move { get(&app, &uri).await })
        })
        .collect();
    for request in requests {
        let (status, answer) = request.await.unwrap();
        assert_eq!(status, StatusCode::OK);
        assert_eq!(answer, alone);
    }
}
