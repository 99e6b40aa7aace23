//! The search page in a real browser: headless Chromium driven over WebDriver
//! (chromedriver) against a real `kavosh serve` process. It searches as a reader types,
//! narrows by a source and by a histogram bar, pages, opens an article and steps
//! through its matches, goes Back, checks that article markup stays text, and saves
//! screenshots at desktop and phone widths into `target/`. On a phone the filters fold
//! behind one toggle, so the first result shows on the first screen.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); where they
//! are missing it says so loudly and passes without testing.

mod common;

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

use common::{corpus, index_paths, start_server};

/// The longest any one thing may take to appear on the page: a bound against hanging,
/// not a measurement.
const PATIENCE: Duration = Duration::from_secs(30);

/// Talk of trade that names neither word of the query: it makes the test's articles as
/// long as news, so the user's article (two matches of each word) ranks above them.
const FILLER: &str = "بازرگانان و کارشناسان در نشستی در تهران از افزایش صادرات کالا به \
    کشورهای همسایه و گسترش بازارهای تازه خبر دادند. به گفتهٔ آنان هزینهٔ حمل بار در \
    سال گذشته کاهش یافته و شرکت‌های کوچک نیز سهم بیشتری از بازار یافته‌اند. نمایندگان \
    اتاق بازرگانی خواستار ساده شدن قانون‌های گمرکی و کوتاه شدن زمان ترخیص کالا شدند \
    و گفتند سرمایه‌گذاری در بندرها و راه‌آهن می‌تواند هزینه‌ها را باز هم پایین بیاورد.";

/// Articles written for this test: one phrase in three sources over twelve months, so
/// that a search has facets to narrow by and pages to turn; and one whose title and
/// body hold markup.
fn write_articles(folder: &Path) {
    let sources = ["خبرگزاری آزمون", "روزنامه نمونه", "پایگاه کاوش"];
    let filler = [FILLER; 3].join("\n");
    for n in 1..=30 {
        let source = sources[n % sources.len()];
        let month = n % 12 + 1;
        let article = format!(
            "---\nid: belt-{n:02}\nsource: {source}\ndate: 1402/{month:02}/10\n---\n\
             گزارش بازرگانی شمارهٔ {n}\n{filler}\n\
             یکی از آنان از طرح کمربند و جاده نیز یاد کرد.\n{filler}\n"
        );
        std::fs::write(folder.join(format!("belt-{n:02}.md")), article).unwrap();
    }
    std::fs::write(
        folder.join("hostile.md"),
        "---\nid: hostile\nsource: آزمون\ndate: 2024-01-10\nurl: javascript:window.pwned=3\n---\n\
         کمربند <script>window.pwned = 1</script>\n\
         متن کمربند با <img src=x onerror=\"window.pwned = 2\"> و <b>درشت</b>\n",
    )
    .unwrap();
}

/// A program on the PATH, if there is one.
fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// chromedriver, in a process group of its own with the browsers it starts, all killed
/// when the test ends: a failed test must not leave Chromium running.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.0.wait();
    }
}

/// chromedriver on a free port, once it answers: the process and its address.
fn start_driver(driver: &Path) -> (Driver, String) {
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + PATIENCE;
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver never listened");
        std::thread::sleep(Duration::from_millis(50));
    }
    (Driver(child), format!("http://127.0.0.1:{port}"))
}

/// Evaluates a JavaScript expression in the page.
async fn eval(client: &Client, expression: &str) -> Value {
    client
        .execute(&format!("return ({expression});"), Vec::new())
        .await
        .unwrap_or_else(|error| panic!("{expression}: {error}"))
}

/// Waits until a JavaScript expression is true in the page.
async fn wait_until(client: &Client, expression: &str) {
    let deadline = Instant::now() + PATIENCE;
    while eval(client, expression).await != Value::Bool(true) {
        assert!(
            Instant::now() < deadline,
            "never true: {expression}; the page says: {}",
            eval(client, "document.querySelector('main').innerText").await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Clicks what `selector` finds as a reader would, after scrolling it clear of the
/// sticky header.
async fn click(client: &Client, selector: &str) {
    let scroll =
        format!("document.querySelector('{selector}').scrollIntoView({{block: 'center'}})");
    eval(client, &scroll).await;
    element(client, selector).await.click().await.unwrap();
}

/// What `selector` finds; the test fails, naming it, if nothing.
async fn element(client: &Client, selector: &str) -> fantoccini::elements::Element {
    client
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|error| panic!("{selector}: {error}"))
}

/// The total the page shows, and the ids of its hits.
async fn results(client: &Client) -> (u64, Vec<String>) {
    let total = eval(
        client,
        "Number(document.getElementById('summary').dataset.total)",
    )
    .await;
    let ids = eval(
        client,
        "Array.from(document.querySelectorAll('#hits .hit')).map(hit => hit.dataset.id)",
    )
    .await;
    (
        total.as_u64().unwrap(),
        serde_json::from_value(ids).unwrap(),
    )
}

/// Whether what `selector` finds is shown on the page (WebDriver's "displayed").
async fn displayed(client: &Client, selector: &str) -> bool {
    element(client, selector)
        .await
        .is_displayed()
        .await
        .unwrap()
}

/// Where the first hit's title ends, from the top of the page, and the height of the
/// first screen.
async fn first_title_bottom(client: &Client) -> (f64, f64) {
    let bottom = eval(
        client,
        "document.querySelector('#hits .hit .title').getBoundingClientRect().bottom + window.scrollY",
    )
    .await;
    let screen = eval(client, "window.innerHeight").await;
    (bottom.as_f64().unwrap(), screen.as_f64().unwrap())
}

/// Clicks the facet of `source` and checks that the results narrow to its count, fewer
/// than `total`, every hit from that source. Returns that count.
async fn narrow_by_source(client: &Client, source: &str, total: u64) -> u64 {
    let facet = format!("#sources button[data-source=\"{source}\"]");
    let count = eval(
        client,
        &format!("Number(document.querySelector('{facet}').dataset.count)"),
    )
    .await;
    let count = count.as_u64().unwrap();
    assert!(count > 0 && count < total);
    click(client, &facet).await;
    wait_until(
        client,
        &format!("Number(document.getElementById('summary').dataset.total) === {count}"),
    )
    .await;
    let metas = eval(
        client,
        "Array.from(document.querySelectorAll('#hits .hit .meta')).map(meta => meta.textContent)",
    )
    .await;
    assert!(
        metas
            .as_array()
            .unwrap()
            .iter()
            .all(|meta| meta.as_str().unwrap().starts_with(source)),
        "{metas}"
    );
    count
}

async fn screenshot(client: &Client, width: u32, height: u32, name: &str) {
    client.set_window_size(width, height).await.unwrap();
    // Let the layout settle at the new width before the picture.
    wait_until(client, &format!("window.innerWidth <= {width}")).await;
    let png = client.screenshot().await.unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(name);
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_searches_narrows_pages_and_reads_in_chromium() {
    let (Some(driver), Some(chromium)) = (
        find_program(&["chromedriver"]),
        find_program(&["chromium", "chromium-browser", "google-chrome"]),
    ) else {
        eprintln!(
            "\n!!!!!!!! SKIPPED: the real-browser test of `kavosh serve` needs Chromium and \
             chromedriver (Debian: apt-get install chromium chromium-driver; .ci/run installs \
             them). The page was NOT tested in a browser. !!!!!!!!\n"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let extra = dir.path().join("extra");
    std::fs::create_dir(&extra).unwrap();
    write_articles(&extra);
    let index = dir.path().join("index");
    index_paths(&[&corpus(), &extra], &index);
    let (mut server, url) = start_server(&index);
    let (_driver, driver_url) = start_driver(&driver);
    let capabilities = json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=fa"],
        }
    });
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(serde_json::from_value(capabilities).unwrap())
        .connect(&driver_url)
        .await
        .expect("a Chromium session");

    // The front page, right to left, in Persian; `/` goes to the search box.
    client.goto(&url).await.unwrap();
    wait_until(&client, "!document.getElementById('welcome').hidden").await;
    assert_eq!(eval(&client, "document.documentElement.dir").await, "rtl");
    assert_eq!(eval(&client, "document.documentElement.lang").await, "fa");
    assert_eq!(
        eval(
            &client,
            "getComputedStyle(document.getElementById('hits')).direction"
        )
        .await,
        "rtl"
    );
    let body = element(&client, "body").await;
    body.send_keys("/").await.unwrap();
    assert_eq!(eval(&client, "document.activeElement.id").await, "q");

    // A query typed with an Arabic kaf finds the user's article, its own کمربند marked.
    client
        .active_element()
        .await
        .unwrap()
        .send_keys("كمربند و جاده\u{E007}")
        .await
        .unwrap();
    wait_until(
        &client,
        "document.querySelectorAll('#hits .hit').length > 0",
    )
    .await;
    let (total, first_page) = results(&client).await;
    assert!(total > 30, "{total}");
    let marks = eval(
        &client,
        "Array.from(document.querySelectorAll('#hits .hit[data-id=\"syria-china-phone-call\"] \
         .passage mark')).map(mark => mark.textContent)",
    )
    .await;
    assert!(
        marks
            .as_array()
            .unwrap()
            .iter()
            .any(|mark| mark == "کمربند"),
        "{marks} {first_page:?}"
    );
    // Numbers in Persian digits.
    let summary = eval(&client, "document.getElementById('summary').textContent").await;
    let summary = summary.as_str().unwrap();
    assert!(
        summary.chars().any(|c| ('۰'..='۹').contains(&c))
            && !summary.chars().any(|c| c.is_ascii_digit()),
        "{summary}"
    );
    // The same report the same day in one source (belt-01, belt-13, belt-25) is one
    // story: one hit, the others folded under it, opened to a link each.
    let folded = "#hits .hit .similar";
    assert_eq!(
        eval(&client, &format!("document.querySelector('{folded}').open")).await,
        false
    );
    let outlets = eval(
        &client,
        &format!("document.querySelector('{folded} summary').textContent"),
    )
    .await;
    assert!(outlets.as_str().unwrap().starts_with('+'), "{outlets}");
    let mate_link = format!("{folded} li a");
    assert!(!displayed(&client, &mate_link).await);
    click(&client, &format!("{folded} summary")).await;
    assert!(displayed(&client, &mate_link).await);
    let story = eval(
        &client,
        &format!(
            "(h => [h.dataset.id, ...Array.from(h.querySelectorAll('.similar li')).map(li => li.dataset.id)])\
             (document.querySelector('{folded}').closest('.hit'))"
        ),
    )
    .await;
    let story: Vec<String> = serde_json::from_value(story).unwrap();
    assert!(
        story.len() >= 2 && story.iter().all(|id| id.starts_with("belt-")),
        "{story:?}"
    );
    let months: std::collections::BTreeSet<u32> = story
        .iter()
        .map(|id| id[5..].parse::<u32>().unwrap() % 12)
        .collect();
    assert_eq!(months.len(), 1, "one month's reports: {story:?}");
    // Collapsed: no other hit of the page is one of them.
    assert!(
        first_page.iter().filter(|id| story.contains(id)).count() == 1,
        "{first_page:?}"
    );
    click(&client, &mate_link).await;
    wait_until(&client, "!document.getElementById('article-view').hidden").await;
    assert!(client
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains(&format!("article={}", story[1])));
    client.back().await.unwrap();
    wait_until(&client, "!document.getElementById('results-view').hidden").await;
    eval(&client, "document.activeElement.blur()").await;
    screenshot(&client, 1280, 900, "serve-desktop.png").await;
    screenshot(&client, 390, 844, "serve-phone.png").await;
    // Nothing runs off a phone's screen sideways.
    let overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth";
    assert_eq!(eval(&client, overflow).await, 0);

    // On a phone the filters fold behind one button, so the results start under the
    // search box: the first title is in the upper half of the first screen (with the
    // filters open it would be at its bottom).
    let source = "روزنامه نمونه";
    let toggle = "#filters-toggle";
    let expanded = format!("document.querySelector('{toggle}').getAttribute('aria-expanded')");
    assert_eq!(eval(&client, &expanded).await, "false");
    assert!(!displayed(&client, "#filter-panel").await);
    let (bottom, screen) = first_title_bottom(&client).await;
    assert!(bottom < screen / 2.0, "{bottom} of {screen}");
    // Opened (from the keyboard), a source narrows the results; closed again, its chip
    // and the count of active filters stay in sight above the results.
    element(&client, toggle)
        .await
        .send_keys("\u{E007}")
        .await
        .unwrap();
    assert_eq!(
        eval(&client, "document.activeElement.id").await,
        "filters-toggle"
    );
    assert_eq!(eval(&client, &expanded).await, "true");
    let facet = format!("#sources button[data-source=\"{source}\"]");
    assert!(displayed(&client, &facet).await);
    eval(&client, "window.scrollTo(0, 0)").await;
    screenshot(&client, 390, 844, "serve-phone-filters.png").await;
    narrow_by_source(&client, source, total).await;
    click(&client, toggle).await;
    assert_eq!(eval(&client, &expanded).await, "false");
    assert!(!displayed(&client, &facet).await);
    assert!(displayed(&client, "#chips .chip").await);
    assert_eq!(
        eval(
            &client,
            "document.getElementById('filter-count').textContent"
        )
        .await,
        "۱"
    );
    assert_eq!(
        eval(
            &client,
            "document.querySelector('#filters-toggle').getAttribute('aria-label')"
        )
        .await,
        "پالایش (۱ فعال)"
    );
    let (bottom, screen) = first_title_bottom(&client).await;
    assert!(bottom < screen / 2.0, "{bottom} of {screen}");
    client.back().await.unwrap();
    wait_until(
        &client,
        &format!("Number(document.getElementById('summary').dataset.total) === {total}"),
    )
    .await;
    client.set_window_size(1280, 900).await.unwrap();
    wait_until(&client, "window.innerWidth > 760").await;
    // On a desktop there is no toggle and the filters show, whatever the phone left.
    assert!(!displayed(&client, toggle).await);
    assert!(displayed(&client, &facet).await);

    // Page forward, and Back.
    click(&client, "#next-page").await;
    wait_until(&client, "document.getElementById('hits').start === 11").await;
    let (_, second_page) = results(&client).await;
    assert!(!second_page.is_empty());
    assert!(second_page.iter().all(|id| !first_page.contains(id)));
    assert!(client
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains("page=2"));
    client.back().await.unwrap();
    wait_until(&client, "document.getElementById('hits').start === 1").await;
    assert_eq!(results(&client).await.1, first_page);

    // A source facet narrows to its count, every hit from that source.
    let count = narrow_by_source(&client, source, total).await;

    // A histogram bar narrows to its month.
    let bar = "#histogram .bar[data-count]:not(.none)";
    let month = eval(
        &client,
        &format!("document.querySelector('{bar}').dataset.month"),
    )
    .await;
    let month = month.as_str().unwrap().to_string();
    let in_month = eval(
        &client,
        &format!("Number(document.querySelector('{bar}').dataset.count)"),
    )
    .await;
    let in_month = in_month.as_u64().unwrap();
    assert!(in_month < count, "{month}: {in_month} of {count}");
    click(&client, bar).await;
    wait_until(
        &client,
        &format!("Number(document.getElementById('summary').dataset.total) === {in_month}"),
    )
    .await;
    let url_now = client.current_url().await.unwrap();
    let pairs: Vec<(String, String)> = url_now.query_pairs().into_owned().collect();
    assert!(pairs.contains(&("from".into(), month.clone())), "{url_now}");
    assert!(
        pairs.contains(&("source".into(), source.into())),
        "{url_now}"
    );

    // An article, all its matches marked, stepped through; Back returns to the results.
    let results_url = client.current_url().await.unwrap();
    click(&client, "#hits .hit a.title").await;
    wait_until(&client, "!document.getElementById('article-view').hidden").await;
    let matches = eval(
        &client,
        "document.querySelectorAll('#article-body mark').length",
    )
    .await;
    let matches = matches.as_u64().unwrap();
    assert_eq!(matches, 2);
    let current = "Array.from(document.querySelectorAll('#article-body mark')).findIndex(mark => mark.classList.contains('current'))";
    assert_eq!(eval(&client, current).await, 0);
    click(&client, "#next-match").await;
    assert_eq!(eval(&client, current).await, 1);
    let position = "document.getElementById('match-position').textContent";
    assert_eq!(eval(&client, position).await, "۲ از ۲");
    // Past the last match is the first again, and before the first the last.
    click(&client, "#next-match").await;
    assert_eq!(eval(&client, current).await, 0);
    click(&client, "#prev-match").await;
    assert_eq!(eval(&client, current).await, 1);
    client.back().await.unwrap();
    wait_until(&client, "!document.getElementById('results-view').hidden").await;
    assert_eq!(client.current_url().await.unwrap(), results_url);
    assert_eq!(
        results(&client).await.0,
        in_month,
        "the narrowed results are back"
    );

    // Markup in an article is shown as text and never runs.
    client
        .goto(&format!(
            "{url}?q=%DA%A9%D9%85%D8%B1%D8%A8%D9%86%D8%AF&article=hostile"
        ))
        .await
        .unwrap();
    wait_until(&client, "!document.getElementById('article-view').hidden").await;
    let title = eval(
        &client,
        "document.getElementById('article-title').textContent",
    )
    .await;
    assert_eq!(title, "کمربند <script>window.pwned = 1</script>");
    let body_text = eval(
        &client,
        "document.getElementById('article-body').textContent",
    )
    .await;
    assert!(body_text
        .as_str()
        .unwrap()
        .contains("<img src=x onerror=\"window.pwned = 2\">"));
    assert_eq!(
        eval(&client, "document.querySelectorAll('#article-view script, #article-view img, #article-view b').length").await,
        0
    );
    assert_eq!(
        eval(
            &client,
            "document.querySelectorAll('#article-view a').length"
        )
        .await,
        0,
        "a javascript: url became a link"
    );
    assert_eq!(eval(&client, "window.pwned === undefined").await, true);

    client.close().await.unwrap();
    // SIGTERM: the server finishes and exits cleanly.
    let stopped = Command::new("kill")
        .args(["-TERM", &server.0.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    assert!(server.0.wait().unwrap().success());
}
