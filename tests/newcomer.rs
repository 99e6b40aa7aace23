//! End to end: what a newcomer's first commands trip over (issue 14) gets a clear answer
//! from the real binary. The findings, one by one:
//! 1. several query arguments: `several_query_words_may_be_given_as_several_arguments`
//! 2. passages: `passages_keep_the_articles_own_words_and_mark_only_real_cuts`
//! 3. only common words: `a_query_of_only_common_words_says_so_and_finds_nothing`
//! 4. a typo that matches a few articles:
//!    `a_typo_that_matches_a_few_articles_gets_the_far_commoner_word_with_both_counts`
//!    (and, on the shared news, `on_the_news_set_korna_points_to_corona`)
//! 5. dates: `dates_take_a_year_or_a_month_and_undated_articles_left_out_are_counted`
//! 6. an empty PATH: `a_path_without_article_files_is_reported_with_what_was_skipped`
//! 7. what an index holds: `stats_tell_what_an_index_holds_counting_live_articles_only`,
//!    `a_source_no_article_has_is_named_with_the_closest_ones`,
//!    `show_prints_one_whole_article_with_the_query_highlighted`
//! 8. text output, exit codes, progress and help:
//!    `text_output_shows_the_url_both_calendars_and_wraps_at_words_with_numbers_isolated`,
//!    `limit_zero_reports_found_with_exit_zero`,
//!    `the_progress_bar_counts_whole_files_and_says_when_it_commits`,
//!    `on_a_terminal_text_is_coloured_and_wrapped_to_its_width`,
//!    `help_is_a_reference_and_every_option_says_what_it_does`,
//!    `completions_and_man_pages_are_generated_from_the_same_definitions`

mod common;

use std::fs;

use common::{kavosh, stderr, stdout, CorpusIndex};

#[test]
fn several_query_words_may_be_given_as_several_arguments() {
    let index = CorpusIndex::build();
    let apart = kavosh(&[
        "search",
        "ایران",
        "چین",
        "--index",
        index.path(),
        "--format",
        "json",
    ]);
    let together = kavosh(&[
        "search",
        "ایران چین",
        "--index",
        index.path(),
        "--format",
        "json",
    ]);
    assert_eq!(apart.status.code(), Some(0), "{}", stderr(&apart));
    let parsed: serde_json::Value = serde_json::from_str(&stdout(&apart)).unwrap();
    assert_eq!(parsed["query"], "ایران چین");
    assert_eq!(stdout(&apart), stdout(&together));
}

#[test]
fn a_query_of_only_common_words_says_so_and_finds_nothing() {
    let index = CorpusIndex::build();
    let output = kavosh(&["search", "از به در و", "--index", index.path()]);
    assert_eq!(output.status.code(), Some(1));
    let text = common::text_stdout(&output);
    assert!(text.contains("of 0 matching articles"), "{text}");
    assert!(
        text.contains("only common words:") && text.contains("add a word that names the subject"),
        "{text}"
    );
    let json = index.search_json("از به در و", &[]);
    assert_eq!(json["total"], 0);
    assert_eq!(
        json["only_common_words"],
        serde_json::json!(["از", "به", "در", "و"])
    );
    // Quoted, common words are no more searchable: said so too.
    let quoted = kavosh(&["search", "\"به این\"", "--index", index.path()]);
    assert_eq!(quoted.status.code(), Some(1));
    assert!(common::text_stdout(&quoted).contains("only common words:"));
    // A common word beside a real one is no such query, nor a phrase that holds one,
    // which matches the common words by their positions.
    let json = index.search_json("از ایران", &[]);
    assert!(json["total"].as_u64().unwrap() > 0);
    assert!(json.get("only_common_words").is_none());
    let json = index.search_json("\"روابط با این کشور\"", &[]);
    assert_eq!(json["total"], 1);
    assert!(json.get("only_common_words").is_none());
}

#[test]
fn limit_zero_reports_found_with_exit_zero() {
    let index = CorpusIndex::build();
    let output = kavosh(&["search", "ایران", "--index", index.path(), "--limit", "0"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("of 7 matching articles"));
    let nothing = kavosh(&["search", "زرافه", "--index", index.path(), "--limit", "0"]);
    assert_eq!(nothing.status.code(), Some(1));
}

#[test]
fn a_path_without_article_files_is_reported_with_what_was_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let (empty, others) = (dir.path().join("empty"), dir.path().join("others"));
    fs::create_dir(&empty).unwrap();
    fs::create_dir(&others).unwrap();
    fs::write(others.join("report.pdf"), "%PDF").unwrap();
    fs::write(others.join("notes.docx"), "PK").unwrap();
    let output = kavosh(&[
        "index",
        empty.to_str().unwrap(),
        others.to_str().unwrap(),
        "--index",
        dir.path().join("index").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let report = stderr(&output);
    assert!(
        report.contains(&format!("{}: warning: no files here", empty.display())),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "{}: warning: no article files here: 2 skipped (.docx, .pdf); kavosh reads .txt",
            others.display()
        )),
        "{report}"
    );
}

#[test]
fn dates_take_a_year_or_a_month_and_undated_articles_left_out_are_counted() {
    let folder = tempfile::tempdir().unwrap();
    let article = |name: &str, date: Option<&str>| {
        let front = date
            .map(|date| format!("---\ndate: {date}\n---\n"))
            .unwrap_or_default();
        fs::write(
            folder.path().join(name),
            format!("{front}خبر {name}\nبارش برف در شهر\n"),
        )
        .unwrap();
    };
    article("dey.txt", Some("2019-12-25"));
    article("spring.txt", Some("2020-05-01"));
    article("undated.txt", None);
    let (index, _) = common::index_folder(folder.path());
    let search = |extra: &[&str]| common::search_json_in(index.path(), "برف", extra);
    let ids = |results: &serde_json::Value| -> Vec<String> {
        let mut ids = common::hit_ids(results);
        ids.sort();
        ids
    };
    // Dey 1398 is 2019-12-22 to 2020-01-20.
    let dey = search(&["--from", "۱۳۹۸/۱۰", "--to", "1398/10"]);
    assert_eq!(ids(&dey), ["dey"]);
    assert_eq!(dey["undated_left_out"], 1);
    assert_eq!(ids(&search(&["--from", "2020"])), ["spring"]);
    assert_eq!(ids(&search(&["--to", "2020-04"])), ["dey"]);
    assert_eq!(
        ids(&search(&["--from", "1398", "--to", "1399"])),
        ["dey", "spring"]
    );
    let all = search(&[]);
    assert_eq!(all["total"], 3);
    assert!(all.get("undated_left_out").is_none());
    let text = kavosh(&[
        "search",
        "برف",
        "--index",
        index.path().to_str().unwrap(),
        "--from",
        "2020",
    ]);
    let text = common::text_stdout(&text);
    assert!(
        text.contains("(1 matching articles have no date and were left out by the date filter)"),
        "{text}"
    );

    // Every article dated: none left out, whether the undated one was deleted (its
    // segment holds it until a merge) or never there.
    fs::remove_file(folder.path().join("undated.txt")).unwrap();
    common::index_paths(&[folder.path()], index.path());
    let dey = search(&["--from", "1398/10", "--to", "1398/10"]);
    assert_eq!(
        (ids(&dey), &dey["undated_left_out"]),
        (vec!["dey".into()], &0.into())
    );
    let (dated, _) = common::index_folder(folder.path());
    let spring = common::search_json_in(dated.path(), "برف", &["--from", "2020"]);
    assert_eq!(
        (ids(&spring), &spring["undated_left_out"]),
        (vec!["spring".into()], &0.into())
    );
}

#[test]
fn stats_tell_what_an_index_holds_counting_live_articles_only() {
    let index = CorpusIndex::build();
    let output = kavosh(&["stats", "--index", index.path()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = common::text_stdout(&output);
    assert!(text.starts_with("21 articles\n"), "{text}");
    assert!(
        text.contains("published ۱۳۹۸/۰۳/۲۱ (2019-06-11) to ۱۴۰۳/۰۶/۱۳ (2024-09-03)"),
        "{text}"
    );
    assert!(text.contains("دیپلماسی ایرانی"), "{text}");
    let json = kavosh(&["stats", "--index", index.path(), "--format", "json"]);
    let stats: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(stats["articles"], 21);
    assert_eq!(stats["sources"].as_array().unwrap().len(), 14);
    assert_eq!(stats["dated_articles"], 20);
    assert_eq!(stats["settings"]["analysis"]["stem"], true);
    // After a file is deleted and the folder indexed again, its articles no longer count
    // (though they stay in the segments until a merge).
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("a.txt"), "خبر\nمتن\n").unwrap();
    fs::write(
        folder.path().join("b.md"),
        "---\nsource: منبع ب\n---\nخبر ب\nمتن\n",
    )
    .unwrap();
    let index_dir = tempfile::tempdir().unwrap();
    common::index_into(folder.path(), index_dir.path());
    fs::remove_file(folder.path().join("b.md")).unwrap();
    common::index_into(folder.path(), index_dir.path());
    let json = kavosh(&[
        "stats",
        "--index",
        index_dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    let stats: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(stats["articles"], 1);
    assert_eq!(stats["sources"], serde_json::json!([]));
}

#[test]
fn a_source_no_article_has_is_named_with_the_closest_ones() {
    let index = CorpusIndex::build();
    let output = kavosh(&[
        "search",
        "ایران",
        "--index",
        index.path(),
        "--source",
        "ایرتا",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("no article has the source `ایرتا`; the closest: ایرنا (2)"),
        "{message}"
    );
    let known = kavosh(&[
        "search",
        "خبر",
        "--index",
        index.path(),
        "--source",
        "ایرنا",
    ]);
    assert_ne!(known.status.code(), Some(2), "{}", stderr(&known));
}

#[test]
fn passages_keep_the_articles_own_words_and_mark_only_real_cuts() {
    let folder = tempfile::tempdir().unwrap();
    let body = "آیا ترور سردار قاسم سلیمانی با قوانین بین‌المللی سازگار بود؟ \
                حقوقدانان در این باره دو دیدگاه دارند. \
                گروهی آن را دفاع مشروع می‌دانند و گروهی دیگر نقض حاکمیت عراق.";
    fs::write(
        folder.path().join("question.txt"),
        format!("پرسشی حقوقی\n{body}\n"),
    )
    .unwrap();
    let (index, _) = common::index_folder(folder.path());
    let search = |query: &str, chars: &str| {
        let results = common::search_json_in(index.path(), query, &["--passage-chars", chars]);
        results["hits"][0]["passages"][0].clone()
    };
    // The question's first word is a common word the index leaves out; it stays.
    let opening = search("سلیمانی", "80");
    let text = opening["text"].as_str().unwrap();
    assert_eq!(
        text,
        "آیا ترور سردار قاسم سلیمانی با قوانین بین‌المللی سازگار بود؟"
    );
    assert_eq!(opening["cut_before"], false);
    assert_eq!(opening["cut_after"], true);
    let hit = serde_json::json!({ "passages": [opening] });
    assert_eq!(common::highlighted_words(&hit), ["سلیمانی"]);
    // The whole article fits: nothing was cut.
    let whole = search("سلیمانی", "500");
    assert_eq!(whole["text"], body);
    assert_eq!(whole["cut_before"], false);
    assert_eq!(whole["cut_after"], false);
    // A passage from the middle starts at a sentence start and keeps every word.
    let middle = search("حاکمیت", "120");
    let text = middle["text"].as_str().unwrap();
    assert!(text.starts_with("گروهی آن را"), "{text}");
    assert!(body.contains(text), "{text}");
    assert_eq!(middle["cut_before"], true);
    // Text output shows `…` exactly where text was left out.
    let printed = |chars: &str| {
        let output = kavosh(&[
            "search",
            "سلیمانی",
            "--index",
            index.path().to_str().unwrap(),
            "--passage-chars",
            chars,
        ]);
        stdout(&output)
    };
    assert!(
        printed("80")
            .contains("\u{200F}آیا ترور سردار قاسم [سلیمانی] با قوانین بین‌المللی سازگار بود؟…\n"),
        "{}",
        printed("80")
    );
    assert!(!printed("500").contains('…'), "{}", printed("500"));
}

#[test]
fn show_prints_one_whole_article_with_the_query_highlighted() {
    let index = CorpusIndex::build();
    let show = |extra: &[&str]| {
        let mut args = vec!["show", "china/belt-and-road-iran", "--index", index.path()];
        args.extend(extra);
        kavosh(&args)
    };
    let json = show(&["--query", "كمربند", "--format", "json"]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let article: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(article["id"], "china/belt-and-road-iran");
    let body = article["body"].as_str().unwrap();
    assert!(body.starts_with("مقام‌های ایران و چین") && body.ends_with("تاکید کردند."));
    let marked = |text: &str, ranges: &serde_json::Value| -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        ranges
            .as_array()
            .unwrap()
            .iter()
            .map(|range| {
                let (from, to) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
                chars[from as usize..to as usize].iter().collect()
            })
            .collect()
    };
    assert_eq!(marked(body, &article["body_highlights"]), ["کمربند"]);
    assert_eq!(
        marked(
            article["title"].as_str().unwrap(),
            &article["title_highlights"]
        ),
        ["کمربند"]
    );
    let text = stdout(&show(&["--query", "كمربند"]));
    assert!(
        text.starts_with("\u{200F}ایران و طرح [کمربند] و جاده\n"),
        "{text}"
    );
    assert!(text.contains("دیپلماسی ایرانی"), "{text}");
    assert!(text.contains("تاکید کردند."), "{text}");
    let plain = stdout(&show(&[]));
    assert!(!plain.contains('['), "{plain}");
    // An id no article has: nothing found, said so.
    let unknown = kavosh(&["show", "china/no-such-article", "--index", index.path()]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("no article has the id `china/no-such-article`"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn text_output_shows_the_url_both_calendars_and_wraps_at_words_with_numbers_isolated() {
    let folder = tempfile::tempdir().unwrap();
    let sentence = "شورای شهر تهران طرح تازه حمل و نقل عمومی را برای 14 منطقه تصویب کرد. ";
    let body = sentence.repeat(4);
    fs::write(
        folder.path().join("metro.md"),
        format!(
            "---\ndate: ۱۴۰۲/۰۵/۱۲\nurl: https://example.com/news/metro\n---\n# مترو تهران\n{body}\n"
        ),
    )
    .unwrap();
    let (index, _) = common::index_folder(folder.path());
    let index = index.path().to_str().unwrap();
    let search = |extra: &[&str], env: &[(&str, &str)]| {
        let mut args = vec!["search", "تصویب", "--index", index];
        args.extend(extra);
        let output = common::kavosh_with_env(&args, env);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        stdout(&output)
    };
    let text = search(&[], &[("COLUMNS", "60")]);
    assert!(text.contains("https://example.com/news/metro"), "{text}");
    assert!(text.contains("۱۴۰۲/۰۵/۱۲ (2023-08-03\u{2069})"), "{text}");
    // The header's numbers stay in order under bidi.
    assert!(
        text.contains("\u{2066}1–1 of 1 matching articles\u{2069}"),
        "{text}"
    );
    assert!(text.contains("\u{2066}14\u{2069}"), "{text}");
    for line in text.lines() {
        let columns = unicode_width::UnicodeWidthStr::width(line);
        assert!(columns <= 60, "{columns} columns: {line}");
    }
    // The passage's lines put back together are the article's own words, none broken.
    let passage: Vec<&str> = text
        .lines()
        .skip_while(|line| !line.contains("https://"))
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .map(|line| line.trim().trim_start_matches('\u{200F}'))
        .collect();
    assert!(passage.len() > 2, "{text}");
    let rejoined = passage
        .join(" ")
        .replace(['\u{2066}', '\u{2069}', '[', ']', '…'], "");
    assert!(body.contains(&rejoined), "{rejoined}");
    // Colour like ripgrep: `always` even into a pipe, `never`, and NO_COLOR for `auto`.
    assert!(search(&["--color", "always"], &[("NO_COLOR", "1")]).contains("\x1b[1;31mتصویب"));
    assert!(search(&["--color", "never"], &[]).contains("[تصویب]"));
    let auto = search(&[], &[("NO_COLOR", "1")]);
    assert!(auto.contains("[تصویب]") && !auto.contains('\x1b'), "{auto}");
}

#[test]
fn help_is_a_reference_and_every_option_says_what_it_does() {
    let help = stdout(&kavosh(&["--help"]));
    for needed in ["Exit codes:", "NO_COLOR", "COLUMNS", "completions", "man"] {
        assert!(help.contains(needed), "{needed}: {help}");
    }
    let search = stdout(&kavosh(&["search", "--help"]));
    for needed in [
        "Query syntax",
        "\"کمربند و جاده\"",
        "اقتصا*",
        "Exit codes:",
        "NO_COLOR",
        "--color",
    ] {
        assert!(search.contains(needed), "{needed}: {search}");
    }
    for command in [
        "index",
        "search",
        "stats",
        "show",
        "eval",
        "completions",
        "man",
    ] {
        let help = stdout(&kavosh(&[command, "--help"]));
        let lines: Vec<&str> = help.lines().collect();
        for (at, line) in lines.iter().enumerate() {
            let option = line.trim_start();
            if !(option.starts_with("--") || option.starts_with("-h") || option.starts_with('<'))
                || !line.starts_with("  ")
            {
                continue;
            }
            // Said beside the option (short layout) or on the next line (long layout).
            let says = |text: &str| {
                !text.is_empty() && !text.starts_with("[default") && text != "Possible values:"
            };
            let beside = option.split_once("  ").map_or("", |(_, rest)| rest.trim());
            let next = lines.get(at + 1).map_or("", |next| next.trim());
            assert!(
                says(beside) || says(next),
                "`kavosh {command} --help`: {option} says nothing of itself"
            );
        }
    }
}

#[test]
fn completions_and_man_pages_are_generated_from_the_same_definitions() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = kavosh(&["completions", shell]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{shell}: {}",
            stderr(&output)
        );
        let script = stdout(&output);
        for command in ["index", "search", "stats", "show", "passage-chars"] {
            assert!(script.contains(command), "{shell} lacks {command}");
        }
    }
    let page = stdout(&kavosh(&["man"]));
    assert!(
        page.starts_with(".ie") || page.contains(".TH kavosh 1"),
        "{page}"
    );
    for command in [
        "kavosh\\-index",
        "kavosh\\-search",
        "kavosh\\-stats",
        "kavosh\\-show",
    ] {
        assert!(page.contains(command), "{command}: {page}");
    }
    assert!(
        page.contains("Exit codes:") && page.contains("NO_COLOR"),
        "{page}"
    );
    let search = stdout(&kavosh(&["man", "search"]));
    assert!(search.contains(".TH kavosh-search 1"), "{search}");
    assert!(search.contains("\\-\\-passage\\-chars") && search.contains("Query syntax"));
    let unknown = kavosh(&["man", "serch"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("no command `serch`"));
}

#[test]
fn a_typo_that_matches_a_few_articles_gets_the_far_commoner_word_with_both_counts() {
    let folder = tempfile::tempdir().unwrap();
    for n in 0..100 {
        fs::write(
            folder.path().join(format!("corona-{n}.txt")),
            format!("خبر {n}\nشمار بیماران کرونا در استان {n} و کمک به درمان\n"),
        )
        .unwrap();
    }
    // One article with the typo, one with a real rare word one letter from a common one.
    fs::write(
        folder.path().join("typo.txt"),
        "خبر نادرست\nواکسن کرنا رسید\n",
    )
    .unwrap();
    fs::write(
        folder.path().join("comic.txt"),
        "خبر کتاب\nکتاب کمیک تازه\n",
    )
    .unwrap();
    let (index, _) = common::index_folder(folder.path());
    let typo = common::search_json_in(index.path(), "کرنا", &[]);
    assert_eq!(typo["total"], 1);
    assert_eq!(typo["suggestion"], "کرونا");
    assert_eq!(
        typo["rare_words"],
        serde_json::json!([{"word": "کرنا", "articles": 1, "instead": "کرونا", "instead_articles": 100}])
    );
    let text = kavosh(&["search", "کرنا", "--index", index.path().to_str().unwrap()]);
    let text = common::text_stdout(&text);
    assert!(
        text.contains("did you mean: کرونا (کرنا is in 1 articles, کرونا in 100)"),
        "{text}"
    );
    // کمیک is کمک with a letter more, but not a long vowel dropped: no suggestion.
    let comic = common::search_json_in(index.path(), "کمیک", &[]);
    assert_eq!(comic["total"], 1);
    assert!(
        comic["suggestion"].is_null() && comic.get("rare_words").is_none(),
        "{comic}"
    );
}

#[test]
#[ignore = "needs ../shared/data: cargo test --release -- --ignored"]
fn on_the_news_set_korna_points_to_corona() {
    let Some(news) = common::shared_data("news") else {
        return;
    };
    let index = tempfile::tempdir().unwrap();
    common::index_into(&news, index.path());
    let results = common::search_json_in(index.path(), "کرنا", &[]);
    assert_eq!(results["total"], 5);
    assert_eq!(results["suggestion"], "کرونا");
    assert_eq!(results["rare_words"][0]["instead_articles"], 2335);
}

#[test]
fn the_progress_bar_counts_whole_files_and_says_when_it_commits() {
    // A terminal is needed for the bar: util-linux `script` gives the binary one.
    let Some(script) = which_script() else {
        eprintln!("skipped: no `script` to run kavosh on a terminal");
        return;
    };
    let index = tempfile::tempdir().unwrap();
    let command = format!(
        "'{}' index '{}' --index '{}'",
        env!("CARGO_BIN_EXE_kavosh"),
        common::corpus().display(),
        index.path().display()
    );
    let output = std::process::Command::new(script)
        .args(["-qfec", &command, "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(screen.contains("committing 18 files"), "{screen}");
    assert!(screen.contains("files/s"), "{screen}");
    // Whole files a second, never `5.6506/s`.
    let fractional_rate = screen.split("reading ").skip(1).any(|bar| {
        let rate = bar.split(" files/s").next().unwrap_or("");
        rate.rsplit(' ').next().unwrap_or("").contains('.')
    });
    assert!(!fractional_rate, "{screen}");
    assert!(screen.contains("indexed 21 articles"), "{screen}");
}

#[test]
fn on_a_terminal_text_is_coloured_and_wrapped_to_its_width() {
    let Some(script) = which_script() else {
        eprintln!("skipped: no `script` to run kavosh on a terminal");
        return;
    };
    let index = CorpusIndex::build();
    let search = format!(
        "'{}' search كمربند --index '{}'",
        env!("CARGO_BIN_EXE_kavosh"),
        index.path()
    );
    let on_terminal = |setup: &str| {
        let command = format!("stty rows 24 cols 50; {setup} {search}");
        let output = std::process::Command::new(script)
            .args(["-qfec", &command, "/dev/null"])
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS")
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let screen = on_terminal("");
    assert!(screen.contains("\x1b[1;31mکمربند\x1b[0m"), "{screen}");
    for line in screen.lines() {
        let shown: String =
            line.split('\x1b')
                .enumerate()
                .fold(String::new(), |shown, (at, piece)| {
                    // Leave out the escape codes (`[1;31m`, `[0m`) the colour adds.
                    let piece = if at == 0 {
                        piece
                    } else {
                        piece.split_once('m').map_or("", |(_, rest)| rest)
                    };
                    shown + piece
                });
        let columns = unicode_width::UnicodeWidthStr::width(shown.trim_end_matches('\r'));
        // A word longer than a line (a path) gets a line of its own, unbroken.
        let one_word = shown.split_whitespace().count() == 1;
        assert!(columns <= 50 || one_word, "{columns} columns: {shown}");
    }
    let no_color = on_terminal("NO_COLOR=1");
    assert!(
        no_color.contains("[کمربند]") && !no_color.contains('\x1b'),
        "{no_color}"
    );
}

/// util-linux `script`, if this machine has it.
fn which_script() -> Option<&'static str> {
    ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .find(|path| std::path::Path::new(path).exists())
}
