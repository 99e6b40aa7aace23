//! End to end: one folder holding every format, encoding and bad case kavosh meets in
//! real archives. Every good article is searchable, every bad file is named with its
//! reason, and nothing panics. The fixtures are the team's own text, written here so
//! that each encoding's bytes are exact.

mod common;

use std::fs;
use std::path::Path;

use common::{index_folder, kavosh, search_json_in, stderr};
use encoding_rs::WINDOWS_1256;

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let units = text.encode_utf16();
    let (bom, bytes): ([u8; 2], Vec<u8>) = if little_endian {
        ([0xFF, 0xFE], units.flat_map(u16::to_le_bytes).collect())
    } else {
        ([0xFE, 0xFF], units.flat_map(u16::to_be_bytes).collect())
    };
    [bom.as_slice(), &bytes].concat()
}

fn write_fixtures(root: &Path) {
    let write = |name: &str, bytes: &[u8]| {
        let path = root.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    };
    write(
        "plain.txt",
        "بارش باران در گیلان\nباران سیل‌آسا در رشت جاری شد.\n".as_bytes(),
    );
    write(
        "bom.md",
        "\u{FEFF}# زلزله در کرمان\nزلزله‌ای به بزرگی ۵ ریشتر کرمان را لرزاند.\n".as_bytes(),
    );
    write(
        "utf16le.txt",
        &utf16("کنسرت در اصفهان\nارکستر سمفونیک در اصفهان نواخت.\n", true),
    );
    write(
        "utf16be.txt",
        &utf16(
            "نمایشگاه خودرو\nنمایشگاه خودرو در مشهد گشایش یافت.\n",
            false,
        ),
    );
    let (legacy, _, _) =
        WINDOWS_1256.encode("برداشت زعفران\nبرداشت زعفران در تربت حيدريه آغاز شد.\n");
    write("legacy/windows1256.txt", &legacy);
    write(
        "page.html",
        r#"<html><head><title>افتتاح کتابخانه</title><script>var tracker = "ردیاب";</script></head>
<body><nav>منوی سایت</nav><article><p>کتابخانه‌ای تازه در یزد افتتاح شد.</p>
<time datetime="2024-02-01">۱۲ بهمن</time></article></body></html>"#
            .as_bytes(),
    );
    write(
        "collection.xml",
        r#"<DOC>
<DOCID>HAM-001</DOCID>
<DATE calender="Western">2001-05-20</DATE>
<CAT xml:lang="fa">اقتصاد</CAT>
<TITLE>بورس تهران</TITLE>
<TEXT><![CDATA[شاخص بورس در بازار سرمایه بالا رفت.]]></TEXT>
</DOC>
<DOC>
<DOCNO>HAM-002</DOCNO>
<DATE calender="Persian">۱۳۸۰/۰۲/۳۱</DATE>
<TITLE>فوتبال</TITLE>
<TEXT>تیم استقلال به فینال رسید.</TEXT>
</DOC>
"#
        .as_bytes(),
    );
    write(
        "feed.jsonl",
        "{\"id\": \"f1\", \"title\": \"قیمت طلا\", \"text\": \"طلا ارزان شد\"}\n{oops\n{\"title\": \"قیمت نفت\", \"text\": \"نفت گران شد\", \"date\": \"1402-05-12\"}\n".as_bytes(),
    );
    // Bad files.
    write(
        "broken.json",
        b"{\"title\": \"\xd9\x86\xd8\xa7\xd9\x82\xd8\xb5\", \"body\": ",
    );
    write("empty.txt", b"");
    write("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    write("latin1.txt", b"caf\xe9 cr\xe8me");
    write("photo.jpg", b"\xff\xd8\xff");
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::os::unix::fs::symlink(root, root.join("loop")).unwrap();
        let name = std::ffi::OsStr::from_bytes(b"bad-\xff-name.txt");
        fs::write(root.join(name), "عنوان\nمتن").unwrap();
    }
}

fn search_ids(index: &str, query: &str) -> Vec<String> {
    let output = kavosh(&["search", query, "--index", index, "--format", "json"]);
    common::hit_ids(&serde_json::from_slice(&output.stdout).unwrap())
}

#[test]
fn every_format_and_encoding_is_read_and_every_bad_file_is_named() {
    let folder = tempfile::tempdir().unwrap();
    write_fixtures(folder.path());
    let (index, output) = index_folder(folder.path());
    let index_path = index.path().to_str().unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "some files are bad, the run finished"
    );
    let report = stderr(&output);

    for (query, id) in [
        ("گیلان", "plain"),
        ("کرمان", "bom"),
        ("اصفهان", "utf16le"),
        ("مشهد", "utf16be"),
        ("زعفران", "legacy/windows1256"),
        ("یزد", "page"),
        ("بورس", "HAM-001"),
        ("استقلال", "HAM-002"),
        ("طلا", "f1"),
        ("نفت", "feed#3"),
    ] {
        assert_eq!(search_ids(index_path, query), [id], "{query}\n{report}");
    }
    assert!(
        search_ids(index_path, "ردیاب").is_empty(),
        "scripts are not article text"
    );
    assert!(
        search_ids(index_path, "منوی").is_empty(),
        "navigation is not article text"
    );

    for expected in [
        "feed.jsonl:2: invalid JSON",
        "broken.json:1: invalid JSON",
        "empty.txt: empty file",
        "binary.txt: binary file",
        "latin1.txt: not valid UTF-8 (invalid byte 0xE9 at offset 3)",
        "symlink loop",
        "file name is not valid UTF-8",
    ] {
        assert!(
            report.contains(expected),
            "missing `{expected}` in:\n{report}"
        );
    }
    assert!(report.contains("1 skipped"), "{report}");
    assert!(report.contains("indexed 10 articles"), "{report}");
}

#[test]
fn dates_as_written_and_categories_are_shown_with_hits() {
    let folder = tempfile::tempdir().unwrap();
    write_fixtures(folder.path());
    let (index, _) = index_folder(folder.path());
    let index_path = index.path().to_str().unwrap();
    let output = kavosh(&[
        "search",
        "استقلال",
        "--index",
        index_path,
        "--format",
        "json",
    ]);
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let hit = &results["hits"][0];
    assert_eq!(
        hit["date"], "۱۳۸۰/۰۲/۳۱",
        "the date as written is kept for display"
    );
    let output = kavosh(&["search", "بورس", "--index", index_path, "--format", "json"]);
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(results["hits"][0]["category"], "اقتصاد");
}

/// The text of the first passage of the one hit for `query`, failing unless exactly the
/// article `id` is found.
fn only_hit_passage(index: &Path, query: &str, id: &str) -> String {
    let results = search_json_in(index, query, &[]);
    let hits = results["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{query}: {results}");
    assert_eq!(hits[0]["id"], id, "{query}: {results}");
    hits[0]["passages"][0]["text"].as_str().unwrap().to_string()
}

#[test]
fn utf8_with_a_character_cut_mid_text_is_indexed_and_reported_as_a_warning() {
    // Issue 9: E2 80 is a ZWNJ (E2 80 8C) that lost its last byte.
    let folder = tempfile::tempdir().unwrap();
    let bytes = [
        "خبر\n".as_bytes(),
        "تیم ملی فوتبال ".as_bytes(),
        b"\xe2\x80",
        " پایان".as_bytes(),
    ]
    .concat();
    fs::write(folder.path().join("a.txt"), bytes).unwrap();
    let (index, output) = index_folder(folder.path());
    let report = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "a warning is no failure\n{report}"
    );
    let offset = "خبر\nتیم ملی فوتبال ".len();
    assert!(
        report.contains(&format!(
            "a.txt: warning: invalid UTF-8 at byte offset {offset} (1 invalid sequence in all)"
        )),
        "{report}"
    );
    assert!(
        report.contains("0 failed (0 problems), 1 warnings"),
        "{report}"
    );

    let passage = only_hit_passage(index.path(), "فوتبال", "a");
    assert!(passage.contains("تیم ملی فوتبال"), "{passage}");
    assert!(passage.contains("پایان"), "{passage}");

    // The file is recorded as read: the next run neither reads nor reports it again.
    let again = kavosh(&[
        "index",
        folder.path().to_str().unwrap(),
        "--index",
        index.path().to_str().unwrap(),
    ]);
    let report = stderr(&again);
    assert_eq!(again.status.code(), Some(0), "{report}");
    assert!(report.contains("1 unchanged"), "{report}");
    assert!(!report.contains("warning:"), "{report}");
}

#[test]
fn a_stray_byte_or_a_cut_last_character_loses_no_words() {
    let folder = tempfile::tempdir().unwrap();
    let stray = [
        "# لیگ برتر\nاستقلال ".as_bytes(),
        b"\x9f",
        " در ورزشگاه آزادی برد و پرسپولیس مساوی کرد.\n".as_bytes(),
    ]
    .concat();
    fs::write(folder.path().join("stray.md"), &stray).unwrap();
    let whole = "بازار ارز\nقیمت دلار در بازار آزاد کاهش یافت".as_bytes();
    // A truncating tool kept the first byte of the final ت (D8 AA).
    fs::write(folder.path().join("cut.txt"), &whole[..whole.len() - 1]).unwrap();
    let (index, output) = index_folder(folder.path());
    let report = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{report}");
    let stray_offset = "# لیگ برتر\nاستقلال ".len();
    assert!(
        report.contains(&format!(
            "stray.md: warning: invalid UTF-8 at byte offset {stray_offset}"
        )),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "cut.txt: warning: invalid UTF-8 at byte offset {}",
            whole.len() - 2
        )),
        "{report}"
    );
    assert!(report.contains("2 warnings"), "{report}");

    for (query, id, words) in [
        ("استقلال", "stray", "استقلال"),
        ("پرسپولیس", "stray", "ورزشگاه آزادی"),
        ("دلار", "cut", "قیمت دلار در بازار آزاد کاهش"),
    ] {
        let passage = only_hit_passage(index.path(), query, id);
        assert!(passage.contains(words), "{query}: {passage}");
    }
}

#[test]
fn windows_1256_persian_is_still_read_as_windows_1256() {
    let folder = tempfile::tempdir().unwrap();
    // Windows-1256 has no Persian yeh: legacy files wrote the Arabic one.
    let (legacy, _, unmappable) = WINDOWS_1256
        .encode("افتتاح نمايشگاه کتاب\nنمايشگاه بين‌المللي کتاب تهران با حضور ناشران گشايش يافت.\n");
    assert!(!unmappable);
    fs::write(folder.path().join("legacy.txt"), &legacy).unwrap();
    let (index, output) = index_folder(folder.path());
    let report = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert!(!report.contains("warning:"), "{report}");
    assert!(report.contains("0 warnings"), "{report}");
    let passage = only_hit_passage(index.path(), "ناشران", "legacy");
    assert!(passage.contains("کتاب تهران با حضور ناشران"), "{passage}");
}
