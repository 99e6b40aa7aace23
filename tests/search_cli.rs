//! End to end: index the bundled corpus with the real binary, search it the ways people
//! type, and check that hits and highlights land on the article's own words.

mod common;

use common::{highlighted_words, hit, kavosh, stderr, stdout, CorpusIndex};

const USER_ARTICLE: &str = "syria-china-phone-call";

/// Searches the corpus and returns the words highlighted in the user's article.
fn highlights_in_user_article(index: &CorpusIndex, query: &str) -> Vec<String> {
    let results = index.search_json(query, &["--limit", "50", "--passages", "3"]);
    let hit = hit(&results, USER_ARTICLE)
        .unwrap_or_else(|| panic!("{query} does not find the user's article: {results}"));
    highlighted_words(hit)
}

#[test]
fn arabic_kaf_query_highlights_the_persian_word() {
    let index = CorpusIndex::build();
    let words = highlights_in_user_article(&index, "كمربند");
    assert!(!words.is_empty());
    assert!(words.iter().all(|w| w == "کمربند"), "{words:?}");
}

#[test]
fn zwnj_query_finds_the_joined_plural_and_its_other_forms() {
    let index = CorpusIndex::build();
    let mut words = highlights_in_user_article(&index, "تلاش‌ها");
    words.sort();
    assert_eq!(words, ["تلاش", "تلاشها", "تلاشهای"]);
}

#[test]
fn spaced_plural_query_finds_zwnj_and_joined_forms_and_highlights_spaced_ones() {
    let index = CorpusIndex::build();
    // culture/book-fair has کتاب‌ها, کتابهای and the spaced کتاب ها.
    let results = index.search_json("کتاب ها", &["--passages", "3", "--passage-chars", "400"]);
    let fair = hit(&results, "culture/book-fair").expect("found");
    let mut words = highlighted_words(fair);
    words.sort();
    assert_eq!(words, ["کتاب", "کتاب ها", "کتابهای", "کتاب\u{200C}ها"]);
}

#[test]
fn spaced_verb_query_finds_the_joined_verb_in_the_users_article() {
    let index = CorpusIndex::build();
    let words = highlights_in_user_article(&index, "می کند");
    assert!(
        !words.is_empty() && words.iter().all(|w| w == "میکند"),
        "{words:?}"
    );
}

#[test]
fn zwnj_verb_query_finds_the_joined_verb() {
    let index = CorpusIndex::build();
    let words = highlights_in_user_article(&index, "می‌کند");
    assert!(!words.is_empty());
    assert!(words.iter().all(|w| w == "میکند"), "{words:?}");
}

#[test]
fn ascii_and_arabic_indic_digits_find_persian_digits() {
    let index = CorpusIndex::build();
    assert_eq!(highlights_in_user_article(&index, "65"), ["۶۵"]);
    assert_eq!(highlights_in_user_article(&index, "٦٥"), ["۶۵"]);
}

#[test]
fn tatweel_and_harakat_in_the_query_are_ignored() {
    let index = CorpusIndex::build();
    for query in ["کمـــربند", "کَمَربَند", "\u{200F}کمربند"] {
        let words = highlights_in_user_article(&index, query);
        assert!(
            !words.is_empty() && words.iter().all(|w| w == "کمربند"),
            "{query}: {words:?}"
        );
    }
}

#[test]
fn persian_query_highlights_an_article_written_with_arabic_letters() {
    let index = CorpusIndex::build();
    let results = index.search_json("کارشناسان انرژی", &[]);
    let oil = hit(&results, "economy/oil-exports").expect("the oil article is found");
    assert_eq!(oil["rank"], 1);
    assert_eq!(highlighted_words(oil), ["كارشناسان", "انرژي"]);
}

#[test]
fn hits_carry_the_json_contract_fields() {
    let index = CorpusIndex::build();
    let results = index.search_json("پرسپولیس", &[]);
    assert_eq!(results["query"], "پرسپولیس");
    assert!(results["qid"].is_null());
    assert_eq!(results["total"], 1);
    let hit = &results["hits"][0];
    assert_eq!(hit["rank"], 1);
    assert_eq!(hit["id"], "sport/football-league");
    assert_eq!(hit["date"], "1402-09-10");
    assert_eq!(hit["source"], "ورزش سه");
    assert!(hit["url"].is_null());
    assert!(hit["path"]
        .as_str()
        .unwrap()
        .ends_with("corpus/sport/football-league.txt"));
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    assert_eq!(hit["title"], "صدرنشینی پرسپولیس در لیگ برتر");
}

#[test]
fn json_and_jsonl_records_are_searchable_with_their_ids() {
    let index = CorpusIndex::build();
    let results = index.search_json("ارومیه", &[]);
    assert_eq!(results["hits"][0]["id"], "environment-lake-urmia");
    let results = index.search_json("چالوس", &[]);
    assert_eq!(results["hits"][0]["id"], "economy/briefs#2");
    assert_eq!(results["hits"][0]["date"], "2024-01-20 08:00:00");
}

#[test]
fn passages_are_sized_in_characters() {
    let index = CorpusIndex::build();
    let results = index.search_json("سوریه", &["--passage-chars", "60", "--passages", "2"]);
    for hit in results["hits"].as_array().unwrap() {
        for passage in hit["passages"].as_array().unwrap() {
            let chars = passage["text"].as_str().unwrap().chars().count();
            assert!(chars <= 60, "{chars} chars: {passage}");
        }
    }
    let user = hit(&results, USER_ARTICLE).unwrap();
    assert_eq!(user["passages"].as_array().unwrap().len(), 2);
}

#[test]
fn text_output_marks_highlights_plainly_when_not_a_terminal() {
    let index = CorpusIndex::build();
    let output = kavosh(&["search", "كمربند", "--index", index.path()]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("[کمربند]"), "{text}");
    assert!(!text.contains('\x1b'), "no colour codes in a pipe");
}

#[test]
fn nothing_found_exits_1() {
    let index = CorpusIndex::build();
    let output = kavosh(&["search", "زیردریایی", "--index", index.path()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(common::text_stdout(&output).contains("0 of 0"));
}

#[test]
fn missing_index_is_a_one_line_error_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere");
    let output = kavosh(&["search", "چین", "--index", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains(missing.to_str().unwrap()) && message.contains("kavosh index"),
        "{message}"
    );
}

#[test]
fn batch_queries_print_a_trec_run() {
    let index = CorpusIndex::build();
    let output = index.batch(
        "q1\tكمربند\nq2\tپرسپولیس\n\nq3\tزیردریایی\n",
        &["--format", "trec", "--limit", "1"],
    );
    assert_eq!(output.status.code(), Some(0));
    let lines: Vec<Vec<String>> = stdout(&output)
        .lines()
        .map(|line| line.split(' ').map(str::to_string).collect())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0][..4], ["q1", "Q0", "china/belt-and-road-iran", "1"]);
    assert_eq!(lines[1][..4], ["q2", "Q0", "sport/football-league", "1"]);
    assert!(lines
        .iter()
        .all(|line| line.len() == 6 && line[5] == "kavosh"));
}

#[test]
fn batch_json_is_one_object_per_query() {
    let index = CorpusIndex::build();
    let output = index.batch("a\tچین\nb\tواکسن\n", &["--format", "json"]);
    let answers: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[0]["qid"], "a");
    assert_eq!(answers[1]["qid"], "b");
    assert!(answers[1]["total"].as_u64().unwrap() >= 2);
}

#[test]
fn a_bad_query_line_names_the_file_and_line() {
    let index = CorpusIndex::build();
    let output = index.batch("q1\tچین\nno tab here\n", &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("queries.tsv:2:"),
        "{}",
        stderr(&output)
    );
}

fn search_index(index: &std::path::Path, query: &str) -> serde_json::Value {
    common::search_json_in(index, query, &[])
}

#[test]
fn compounds_match_by_their_parts_and_by_their_joined_spelling() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("zwnj.txt"),
        "خبر دانشگاه\n\nدانشگاه‌ها در رتبه‌بندی جهانی بالا رفتند.\n",
    )
    .unwrap();
    std::fs::write(
        folder.path().join("joined.txt"),
        "خبر تازه\n\nرتبهبندی تازه منتشر شد.\n",
    )
    .unwrap();
    std::fs::write(folder.path().join("name.txt"), "خبر\n\nبهروز آمد.\n").unwrap();
    let (index, output) = common::index_folder(folder.path());
    assert!(output.status.success(), "{}", stderr(&output));

    let results = search_index(index.path(), "رتبه");
    let compound = hit(&results, "zwnj").expect("the part finds the ZWNJ compound");
    assert_eq!(highlighted_words(compound), ["رتبه"]);

    // The whole word, typed joined, with a ZWNJ or spaced, finds both spellings and
    // highlights them whole.
    for query in ["رتبه‌بندی", "رتبهبندی", "رتبه بندی"] {
        let results = search_index(index.path(), query);
        let zwnj = hit(&results, "zwnj").unwrap_or_else(|| panic!("{query}: {results}"));
        let joined = hit(&results, "joined").unwrap_or_else(|| panic!("{query}: {results}"));
        assert_eq!(highlighted_words(zwnj), ["رتبه\u{200C}بندی"], "{query}");
        assert_eq!(highlighted_words(joined), ["رتبهبندی"], "{query}");
    }
    // Words that join only by accident do not: به is a stopword, بهروز a name.
    let results = search_index(index.path(), "به روز");
    assert!(hit(&results, "name").is_none(), "{results}");
}

#[test]
fn past_ten_thousand_matches_the_total_says_more_than() {
    let folder = tempfile::tempdir().unwrap();
    let lines: String = (0..10_005)
        .map(|n| {
            format!(
                "{{\"id\": \"a{n}\", \"title\": \"خبر {n}\", \"text\": \"بازار سهام امروز\", \"date\": \"2020-01-01\"}}\n"
            )
        })
        .collect();
    std::fs::write(folder.path().join("many.jsonl"), lines).unwrap();
    let index = tempfile::tempdir().unwrap();
    common::index_paths(&[folder.path()], index.path());
    let results = common::search_json_in(index.path(), "بازار", &["--no-collapse"]);
    assert_eq!(results["total"], 10_000, "{results}");
    assert_eq!(results["total_is_lower_bound"], true);
    assert_eq!(results["hits"].as_array().unwrap().len(), 10);
    // Collapsed by story, the stories are counted among the articles counted.
    let collapsed = common::search_json_in(index.path(), "بازار", &[]);
    assert_eq!(collapsed["total"], 10_000, "{collapsed}");
    assert_eq!(collapsed["stories"], 10_000);
    assert_eq!(collapsed["total_is_lower_bound"], true);
    assert_eq!(collapsed["hits"].as_array().unwrap().len(), 10);
    // Counted whole where every match is visited anyway (the order by date, and with
    // facets), and exact below the bound.
    let by_date = common::search_json_in(index.path(), "بازار", &["--sort", "date"]);
    assert_eq!(by_date["total"], 10_005);
    assert!(by_date.get("total_is_lower_bound").is_none());
    let few = common::search_json_in(index.path(), "\"خبر 17\"", &[]);
    assert_eq!(few["total"], 1);
    assert!(few.get("total_is_lower_bound").is_none());
    let text = stdout(&kavosh(&[
        "search",
        "بازار",
        "--index",
        index.path().to_str().unwrap(),
        "--color",
        "never",
        "--no-collapse",
    ]));
    assert!(
        text.contains("of more than 10000 matching articles"),
        "{text}"
    );
}
