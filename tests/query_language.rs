//! End to end: the query language, typo tolerance, filters, order, paging and
//! malformed queries, through the real binary on the bundled corpus.

mod common;

use std::fs;

use common::{highlighted_words, hit, hit_ids, index_folder, kavosh, stderr, stdout, CorpusIndex};
use serde_json::Value;

const USER_ARTICLE: &str = "syria-china-phone-call";

#[test]
fn a_phrase_is_found_and_highlighted_where_it_occurs_as_a_phrase() {
    let index = CorpusIndex::build();
    let results = index.search_json("\"کمربند و جاده\"", &["--passages", "5"]);
    let user = hit(&results, USER_ARTICLE).expect("found");
    let words = highlighted_words(user);
    assert!(
        !words.is_empty() && words.iter().all(|w| w == "کمربند" || w == "جاده"),
        "{words:?}"
    );
    // جاده alone (not after کمربند و) is never highlighted by the phrase.
    let bare = index.search_json("\"جاده کمربند\"", &[]);
    assert!(hit(&bare, USER_ARTICLE).is_none());
}

#[test]
fn excluded_words_exclude_articles_and_are_never_highlighted() {
    let index = CorpusIndex::build();
    let with = index.search_json("چین", &["--limit", "50"]);
    assert!(hit(&with, USER_ARTICLE).is_some());
    for query in ["چین -سوریه", "چین NOT سوریه", "+چین -(سوریه OR زلزله)"]
    {
        let without = index.search_json(query, &["--limit", "50"]);
        assert!(hit(&without, USER_ARTICLE).is_none(), "{query}");
        for h in without["hits"].as_array().unwrap() {
            assert!(highlighted_words(h).iter().all(|w| w != "سوریه"), "{query}");
        }
    }
}

#[test]
fn boolean_operators_and_parentheses() {
    let index = CorpusIndex::build();
    let either = index.search_json("(والیبال OR کشتی) AND ایران", &[]);
    let mut found = hit_ids(&either);
    found.sort();
    assert_eq!(
        found,
        [
            "sport/volleyball-nations-league",
            "sport/wrestling-world-championship"
        ]
    );
    let both = index.search_json("والیبال AND کشتی", &["--match", "all"]);
    assert_eq!(both["total"], 0);
}

#[test]
fn field_queries_search_the_title_or_the_source() {
    let index = CorpusIndex::build();
    let titled = index.search_json("title:بورس", &[]);
    assert_eq!(hit_ids(&titled), ["economy/stock-market"]);
    assert_eq!(
        titled["hits"][0]["title_highlights"],
        serde_json::json!([[5, 9]])
    );
    let sourced = index.search_json("source:\"ورزش سه\"", &["--limit", "50"]);
    let mut found = hit_ids(&sourced);
    found.sort();
    assert_eq!(
        found,
        [
            "sport/football-league",
            "sport/wrestling-world-championship"
        ]
    );
}

#[test]
fn a_prefix_finds_and_highlights_the_words_it_begins() {
    let index = CorpusIndex::build();
    let results = index.search_json("اقتصا*", &["--limit", "50", "--passages", "3"]);
    assert!(results["total"].as_u64().unwrap() >= 3);
    let words: Vec<String> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(highlighted_words)
        .collect();
    assert!(
        words.iter().any(|w| w == "اقتصادی") && words.iter().any(|w| w == "اقتصاد"),
        "{words:?}"
    );
    assert!(words.iter().all(|w| w.starts_with("اقتصا")), "{words:?}");
}

#[test]
fn a_one_letter_typo_still_finds_and_highlights_the_article() {
    let index = CorpusIndex::build();
    for typo in ["کمربنذ", "کمبرند", "كمربنت"] {
        let results = index.search_json(typo, &[]);
        let user = hit(&results, USER_ARTICLE).unwrap_or_else(|| panic!("{typo}: {results}"));
        assert!(
            highlighted_words(user).iter().all(|w| w == "کمربند"),
            "{typo}"
        );
        assert_eq!(results["corrected_query"], "کمربند", "{typo}");
    }
}

#[test]
fn a_correction_replaces_the_word_wherever_it_stands_alone_and_nowhere_else() {
    let index = CorpusIndex::build();
    // The phrase is left as typed; the word alone is corrected where it stands.
    let results = index.search_json("\"سوریخ چین\" سوریخ", &[]);
    assert_eq!(results["corrected_query"], "\"سوریخ چین\" سوریه");
    assert!(hit(&results, USER_ARTICLE).is_some(), "{results}");
    // Every occurrence standing alone is corrected, not just the first.
    let twice = index.search_json("سوریخ OR (چین AND سوریخ)", &[]);
    assert_eq!(twice["corrected_query"], "سوریه OR (چین AND سوریه)");
    assert!(hit(&twice, USER_ARTICLE).is_some(), "{twice}");
    let output = kavosh(&["search", "\"سوریخ چین\" سوریخ", "--index", index.path()]);
    let text = common::text_stdout(&output);
    assert!(
        text.contains("showing results for: \"سوریخ چین\" سوریه"),
        "{text}"
    );
}

#[test]
fn a_query_of_punctuation_only_says_there_is_nothing_to_search_for() {
    let index = CorpusIndex::build();
    for query in ["\"\"\"((((", "؟ ! )", "\"\""] {
        let results = index.search_json(query, &[]);
        assert_eq!(results["total"], 0, "{query}: {results}");
        assert_eq!(results["hits"], serde_json::json!([]), "{query}");
        assert_eq!(results["nothing_to_search"], true, "{query}");
    }
    let output = kavosh(&["search", "\"\"\"((((", "--index", index.path()]);
    assert_eq!(output.status.code(), Some(1), "found nothing");
    let text = common::text_stdout(&output);
    assert!(text.contains("nothing to search for"), "{text}");
    // A real query never says so.
    assert!(index
        .search_json("چین", &[])
        .get("nothing_to_search")
        .is_none());
}

#[test]
fn a_query_that_finds_nothing_gets_a_suggestion_from_the_vocabulary() {
    let index = CorpusIndex::build();
    let output = kavosh(&["search", "پرسپلیسس", "--index", index.path()]);
    assert_eq!(output.status.code(), Some(1));
    let text = common::text_stdout(&output);
    assert!(text.contains("did you mean: پرسپولیس"), "{text}");
}

#[test]
fn all_words_by_default_any_word_when_no_article_has_all() {
    let index = CorpusIndex::build();
    let all = index.search_json("چین والیبال", &[]);
    assert_eq!(hit_ids(&all), ["sport/volleyball-nations-league"]);
    assert_eq!(all["matched"], "all");
    let any = index.search_json("چین والیبال", &["--match", "any"]);
    assert!(any["total"].as_u64().unwrap() > 5);
    let fallback = index.search_json("والیبال پرسپولیس", &[]);
    assert_eq!(fallback["matched"], "any");
    assert_eq!(fallback["total"], 2);
}

#[test]
fn date_filters_take_iso_and_jalali_dates_and_sort_by_date_puts_newest_first() {
    let index = CorpusIndex::build();
    let search = |extra: &[&str]| {
        index.search_json(
            "ایران",
            &[&["--match", "any", "--limit", "50"], extra].concat(),
        )
    };
    let all = search(&[]);
    // 2024-01-01 is 1402/10/11.
    let iso = search(&["--from", "2024-01-01"]);
    let jalali = search(&["--from", "۱۴۰۲/۱۰/۱۱"]);
    assert_eq!(hit_ids(&iso), hit_ids(&jalali));
    assert!(iso["total"].as_u64() < all["total"].as_u64());
    for h in iso["hits"].as_array().unwrap() {
        let date = h["date"].as_str().unwrap();
        let year: u32 = date[..4].parse().unwrap();
        assert!(year >= 2024 || (1402..1500).contains(&year), "{date}");
    }
    let until = search(&["--to", "2023-08-22"]);
    assert!(
        hit_ids(&until).contains(&"china/belt-and-road-iran".to_string()),
        "--to includes its whole day"
    );
    let by_date = search(&["--sort", "date"]);
    let dates: Vec<&str> = by_date["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["date"].as_str())
        .collect();
    assert!(dates.len() > 3);
    assert_eq!(
        by_date["hits"][0]["id"], "economy/briefs#3",
        "2024-09-03 is the newest"
    );
    let output = kavosh(&[
        "search",
        "ایران",
        "--index",
        index.path(),
        "--from",
        "دیروز",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("is not a date"));
}

#[test]
fn source_filter_keeps_one_source() {
    let index = CorpusIndex::build();
    let results = index.search_json(
        "ایران",
        &["--match", "any", "--source", "ورزش سه", "--limit", "50"],
    );
    assert!(results["total"].as_u64().unwrap() >= 1);
    assert!(results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["source"] == "ورزش سه"));
}

#[test]
fn paging_is_consistent() {
    let folder = tempfile::tempdir().unwrap();
    // Every article has the word once in a body of the same length, so the words tie;
    // odd ones have it in their first sentence (the lead), which re-ordering rewards. A
    // page that re-ordered more than the 20 best by words would pull odd articles from
    // beyond them.
    for i in 1..=30 {
        let body = if i % 2 == 1 {
            "بازار امروز شلوغ بود. متن خبر درباره روز"
        } else {
            "امروز شلوغ بود. متن خبر درباره بازار روز"
        };
        let article = format!("گزارش {i}\n{body}\n");
        fs::write(folder.path().join(format!("{i:02}.txt")), article).unwrap();
    }
    let (index, _) = index_folder(folder.path());
    let index_path = index.path().to_str().unwrap();
    let search = |extra: &[&str]| {
        let output = kavosh(
            &[
                // Every article: collapsed, the two texts are two stories.
                &[
                    "search",
                    "بازار",
                    "--index",
                    index_path,
                    "--format",
                    "json",
                    "--no-collapse",
                ],
                extra,
            ]
            .concat(),
        );
        serde_json::from_slice::<Value>(&output.stdout).unwrap()
    };
    // The 20 best hits by words are re-ordered: pages must cross that boundary too.
    let all = search(&["--limit", "30"]);
    assert_eq!(all["total"], 30);
    let all_ids = hit_ids(&all);
    assert_eq!(all_ids.len(), 30);
    let mut paged = Vec::new();
    for offset in (0..30).step_by(7) {
        let offset = offset.to_string();
        let page = search(&["--limit", "7", "--offset", &offset]);
        assert_eq!(page["total"], 30);
        let ranks: Vec<u64> = page["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["rank"].as_u64().unwrap())
            .collect();
        let first = offset.parse::<u64>().unwrap() + 1;
        assert_eq!(
            ranks,
            (first..first + ranks.len() as u64).collect::<Vec<_>>()
        );
        paged.extend(hit_ids(&page));
    }
    assert_eq!(
        paged, all_ids,
        "pages of 7 put together are the one page of 30"
    );
    let across = search(&["--limit", "10", "--offset", "15"]);
    assert_eq!(hit_ids(&across), all_ids[15..25]);
}

#[test]
fn malformed_queries_get_results_or_a_clear_answer_never_a_crash() {
    let index = CorpusIndex::build();
    let long = "کمربند ".repeat(1500);
    for query in [
        "\"کمربند",
        "کمربند\"",
        "AND",
        "OR OR",
        "NOT",
        "-",
        "+",
        "()",
        "((کمربند",
        "title:",
        ":کمربند",
        "و در از",
        "*",
        "~",
        "^2",
        "[a TO",
        "\\",
        long.as_str(),
    ] {
        let output = kavosh(&["search", query, "--index", index.path(), "--format", "json"]);
        let code = output.status.code();
        assert!(
            code == Some(0) || code == Some(1),
            "{query:?}: {code:?} {}",
            stderr(&output)
        );
        let results: Value =
            serde_json::from_str(&stdout(&output)).unwrap_or_else(|e| panic!("{query:?}: {e}"));
        assert!(results["total"].is_u64(), "{query:?}");
    }
}
