//! Incremental indexing against a model: random sequences of adding, changing, deleting,
//! renaming and touching article files (some articles with an id of their own in their
//! front matter, which a change may change), each followed by an incremental run, must
//! leave an index that answers every query path with the same articles as a fresh
//! `--rebuild` of the same folder (and as the model says, for plain words, phrases and
//! `--match any`), without panicking.
//!
//! The incremental index keeps deleted articles in its segments until tantivy merges them,
//! so its statistics (document count, document frequencies, average lengths) differ from
//! the fresh index's: scores may differ, the articles found may not. The paths that score
//! by hand (the re-ordering of the 20 best hits) are driven with a word every article has,
//! the case where deleted articles make a document frequency exceed the live count.
//!
//! `KAVOSH_MODEL_CASES=5000 cargo test --release --test incremental_model` runs longer.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};

use kavosh::analysis::Analyzer;
use kavosh::index::KavoshIndex;
use kavosh::jobs::IndexSummary;
use kavosh::search::{MatchMode, SearchOptions, SearchResults, Searcher, SortOrder};

/// Sequences run in CI (each of 9 to 14 index runs); `KAVOSH_MODEL_CASES` overrides.
const CI_CASES: u32 = 250;

/// Words the analyzer keeps as they are (no stem, affix or stopword rule touches them),
/// two words sharing a first letter at least two edits apart, so a one-letter typo has
/// one nearest word. The first is in every article's lead.
#[rustfmt::skip]
const VOCABULARY: [&str; 32] = [
    "ایران", "کتاب", "دریا", "کوه", "خورشید", "جنگل", "ماهواره", "زلزله", "کشاورز",
    "فوتبال", "مدرسه", "پزشک", "نفت", "بورس", "قطار", "هواپیما", "گندم", "سیل", "طلا",
    "دلار", "شطرنج", "فیلم", "کنسرت", "اتوبوس", "ورزشگاه", "پارک", "رود", "درخت", "ستاره",
    "خودرو", "انگور", "زیتون",
];
const EVERYWHERE: usize = 0;

/// More hits than this are not re-ordered by lead and grams; paging must cross it.
const RERANK_DEPTH: usize = 20;

/// What one article file says, as indexes into [`VOCABULARY`].
#[derive(Debug, Clone)]
struct Text {
    title: Vec<usize>,
    /// Sentences of the body; the first (the lead) starts with [`EVERYWHERE`].
    sentences: Vec<Vec<usize>>,
    /// Day of January 2023; few days, so sorting by date meets ties.
    day: Option<u8>,
    /// A version for an id of its own in the front matter (else the id is the path): a
    /// change of version changes the article's id, so only removing the file's old
    /// articles, not replacing by id, can drop the old one.
    version: Option<u8>,
}

impl Text {
    /// The file's text, with `id` in its front matter if given.
    fn render(&self, id: Option<&str>) -> String {
        let words = |indexes: &[usize]| {
            indexes
                .iter()
                .map(|&i| VOCABULARY[i])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut file = String::new();
        if self.day.is_some() || id.is_some() {
            file.push_str("---\n");
            if let Some(day) = self.day {
                file.push_str(&format!("date: 2023-01-{day:02}\n"));
            }
            if let Some(id) = id {
                file.push_str(&format!("id: {id}\n"));
            }
            file.push_str("---\n");
        }
        file.push_str(&words(&self.title));
        file.push('\n');
        let body: Vec<String> = self
            .sentences
            .iter()
            .map(|sentence| format!("{}.", words(sentence)))
            .collect();
        file.push_str(&body.join(" "));
        file.push('\n');
        file
    }

    /// The body's words in order (positions run on across sentences).
    fn body(&self) -> impl Iterator<Item = usize> + '_ {
        self.sentences.iter().flatten().copied()
    }

    fn has(&self, word: usize) -> bool {
        self.title.contains(&word) || self.body().any(|w| w == word)
    }

    fn has_phrase(&self, first: usize, second: usize) -> bool {
        let body: Vec<usize> = self.body().collect();
        [&self.title, &body]
            .iter()
            .any(|words| words.windows(2).any(|pair| pair == [first, second]))
    }

    fn words(&self) -> impl Iterator<Item = usize> + '_ {
        self.title.iter().copied().chain(self.body())
    }
}

/// A vocabulary index skewed towards the first words, so some words are in many articles
/// and some in one or none.
fn word() -> impl Strategy<Value = usize> + Clone {
    (1..VOCABULARY.len(), 1..VOCABULARY.len()).prop_map(|(a, b)| a.min(b))
}

fn text() -> impl Strategy<Value = Text> {
    let sentence = prop::collection::vec(word(), 1..6);
    (
        prop::collection::vec(word(), 1..4),
        sentence.clone(),
        prop::collection::vec(sentence, 0..4),
        prop::option::weighted(0.8, 1..6u8),
        prop::option::weighted(0.3, 0..3u8),
    )
        .prop_map(|(title, lead, rest, day, version)| {
            let mut first = vec![EVERYWHERE];
            first.extend(lead);
            let mut sentences = vec![first];
            sentences.extend(rest);
            Text {
                title,
                sentences,
                day,
                version,
            }
        })
}

/// One change to the folder; `Index`es pick among the files there at the time.
#[derive(Debug, Clone)]
enum Op {
    Add {
        text: Text,
        in_subfolder: bool,
    },
    Change {
        file: Index,
        text: Text,
    },
    Delete {
        file: Index,
    },
    Rename {
        file: Index,
    },
    /// A new modification time, the same content: read again, replacing the same article.
    Touch {
        file: Index,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (text(), any::<bool>()).prop_map(|(text, in_subfolder)| Op::Add { text, in_subfolder }),
        3 => (any::<Index>(), text()).prop_map(|(file, text)| Op::Change { file, text }),
        2 => any::<Index>().prop_map(|file| Op::Delete { file }),
        1 => any::<Index>().prop_map(|file| Op::Rename { file }),
        2 => any::<Index>().prop_map(|file| Op::Touch { file }),
    ]
}

/// Changes between two index runs, and the picks for the queries after it.
#[derive(Debug, Clone)]
struct Step {
    ops: Vec<Op>,
    picks: [Index; 4],
}

#[derive(Debug, Clone)]
struct Sequence {
    /// The first run: more than [`RERANK_DEPTH`] articles added, so paging crosses it.
    initial: Step,
    /// Each followed by an incremental run; enough runs for tantivy to merge segments.
    steps: Vec<Step>,
}

fn sequence() -> impl Strategy<Value = Sequence> {
    let step = (prop::collection::vec(op(), 1..4), any::<[Index; 4]>())
        .prop_map(|(ops, picks)| Step { ops, picks });
    let add =
        (text(), any::<bool>()).prop_map(|(text, in_subfolder)| Op::Add { text, in_subfolder });
    let initial = (
        prop::collection::vec(add, RERANK_DEPTH + 1..RERANK_DEPTH + 12),
        any::<[Index; 4]>(),
    )
        .prop_map(|(ops, picks)| Step { ops, picks });
    (initial, prop::collection::vec(step, 8..14))
        .prop_map(|(initial, steps)| Sequence { initial, steps })
}

/// A file of the folder as the model knows it.
#[derive(Debug, Clone)]
struct File {
    text: Text,
    /// The modification time set last, in seconds after an epoch of the test's own.
    modified: u64,
    /// Its article's id: the path without `.txt`, or the one its front matter gives.
    id: String,
}

/// The folder as it should be: its files by path relative to the folder.
struct Folder {
    root: PathBuf,
    files: BTreeMap<String, File>,
    clock: u64,
    names: usize,
}

impl Folder {
    fn new(root: &Path) -> Folder {
        Folder {
            root: root.to_path_buf(),
            files: BTreeMap::new(),
            clock: 0,
            names: 0,
        }
    }

    /// A time no file has had: the manifest compares size and modification time, so
    /// every rewrite and touch must move the time for the file to be read again.
    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    fn set_modified(&self, relative: &str, modified: u64) {
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000 + modified);
        fs::File::options()
            .write(true)
            .open(self.root.join(relative))
            .unwrap()
            .set_modified(time)
            .unwrap();
    }

    fn write(&mut self, relative: String, text: Text) {
        let path = self.root.join(&relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let stem = relative.strip_suffix(".txt").unwrap();
        // File names are never used twice, so neither are ids made from them.
        let own_id = text.version.map(|version| format!("{stem}-v{version}"));
        fs::write(&path, text.render(own_id.as_deref())).unwrap();
        let id = own_id.unwrap_or_else(|| stem.to_string());
        let modified = self.tick();
        self.set_modified(&relative, modified);
        self.files.insert(relative, File { text, modified, id });
    }

    fn pick(&self, index: &Index) -> Option<String> {
        if self.files.is_empty() {
            return None;
        }
        self.files
            .keys()
            .nth(index.index(self.files.len()))
            .cloned()
    }

    fn fresh_name(&mut self, prefix: &str, in_subfolder: bool) -> String {
        self.names += 1;
        let folder = if in_subfolder { "sub/" } else { "" };
        format!("{folder}{prefix}{}.txt", self.names)
    }

    /// Applies `op`; the text it took out of the folder, if any.
    fn apply(&mut self, op: &Op) -> Option<Text> {
        match op {
            Op::Add { text, in_subfolder } => {
                let name = self.fresh_name("n", *in_subfolder);
                self.write(name, text.clone());
                None
            }
            Op::Change { file, text } => {
                let name = self.pick(file)?;
                let old = self.files[&name].text.clone();
                self.write(name, text.clone());
                Some(old)
            }
            Op::Delete { file } => {
                let name = self.pick(file)?;
                fs::remove_file(self.root.join(&name)).unwrap();
                Some(self.files.remove(&name).unwrap().text)
            }
            Op::Rename { file } => {
                let name = self.pick(file)?;
                let renamed = self.fresh_name("r", name.starts_with("sub/"));
                fs::rename(self.root.join(&name), self.root.join(&renamed)).unwrap();
                let mut moved = self.files.remove(&name).unwrap();
                // A rename keeps the file's time and its front matter's id; an id made
                // from the path changes with it.
                if moved.text.version.is_none() {
                    moved.id = renamed.strip_suffix(".txt").unwrap().to_string();
                }
                let old = moved.text.clone();
                self.files.insert(renamed, moved);
                Some(old)
            }
            Op::Touch { file } => {
                let name = self.pick(file)?;
                let modified = self.tick();
                self.set_modified(&name, modified);
                self.files.get_mut(&name).unwrap().modified = modified;
                None
            }
        }
    }

    /// The ids of the articles whose text `keep` keeps.
    fn ids_where(&self, keep: impl Fn(&Text) -> bool) -> BTreeSet<String> {
        self.files
            .values()
            .filter(|file| keep(&file.text))
            .map(|file| file.id.clone())
            .collect()
    }
}

/// What the incremental run should report, from the folder before and after.
fn expected_summary(
    before: &BTreeMap<String, File>,
    after: &BTreeMap<String, File>,
) -> (usize, usize, usize, usize) {
    let new = after.keys().filter(|k| !before.contains_key(*k)).count();
    let deleted = before.keys().filter(|k| !after.contains_key(*k)).count();
    let changed = after
        .iter()
        .filter(|(k, file)| {
            before
                .get(*k)
                .is_some_and(|old| old.modified != file.modified)
        })
        .count();
    (new, changed, after.len() - new - changed, deleted)
}

/// Runs `kavosh index` through the library, as a fresh rebuild if `rebuild`.
fn index(folder: &Path, index_dir: &Path, rebuild: bool) -> IndexSummary {
    let paths = [folder.to_path_buf()];
    let request = kavosh::jobs::IndexRequest {
        paths: &paths,
        index_dir,
        settings: None,
        rebuild,
        memory_budget_bytes: MEMORY_BUDGET_BYTES,
    };
    kavosh::jobs::index(&request, &kavosh::jobs::Silent, |problem| {
        panic!("{problem}")
    })
    .unwrap()
}

/// The least tantivy takes (one indexing thread): a writer zeroes its whole budget.
const MEMORY_BUDGET_BYTES: usize = 15_000_000;

/// How often the run met what it is meant to test, to check it really did.
#[derive(Default)]
struct Coverage {
    index_runs: AtomicUsize,
    merges: AtomicUsize,
    runs_with_deleted_docs: AtomicUsize,
    /// Words queried while only deleted or changed-away text held them.
    words_only_in_removed_text: AtomicUsize,
    corrected_typos: AtomicUsize,
}

fn search(searcher: &Searcher, query: &str, options: &SearchOptions) -> SearchResults {
    searcher
        .search(query, options)
        .unwrap_or_else(|error| panic!("{query}: {error}"))
}

fn options(limit: usize, offset: usize) -> SearchOptions {
    SearchOptions {
        limit,
        offset,
        passages: 0,
        // The model knows articles; stories are checked against a rebuild in
        // tests/stories.rs.
        collapse: false,
        ..SearchOptions::default()
    }
}

fn ids(results: &SearchResults) -> Vec<String> {
    results.hits.iter().map(|hit| hit.head.id.clone()).collect()
}

/// Every matching article, once each: the ids as a set, and the total.
fn all_ids(
    searcher: &Searcher,
    query: &str,
    options: &SearchOptions,
) -> Result<(BTreeSet<String>, usize), TestCaseError> {
    let all = SearchOptions {
        limit: 10_000,
        offset: 0,
        ..options.clone()
    };
    let results = search(searcher, query, &all);
    let list = ids(&results);
    let set: BTreeSet<String> = list.iter().cloned().collect();
    prop_assert_eq!(
        set.len(),
        list.len(),
        "duplicate ids for {}: {:?}",
        query,
        list
    );
    prop_assert_eq!(results.total, list.len(), "total of {}", query);
    Ok((set, results.total))
}

/// The same articles and total from the incremental and the fresh index, and, if the
/// model knows, the articles it says.
fn same_articles(
    incremental: &Searcher,
    fresh: &Searcher,
    query: &str,
    options: &SearchOptions,
    model: Option<&BTreeSet<String>>,
) -> Result<(), TestCaseError> {
    let (found, total) = all_ids(incremental, query, options)?;
    let (expected, expected_total) = all_ids(fresh, query, options)?;
    prop_assert_eq!(&found, &expected, "{} ({:?})", query, options.match_mode);
    prop_assert_eq!(total, expected_total);
    if let Some(model) = model {
        prop_assert_eq!(&found, model, "{} against the model", query);
    }
    Ok(())
}

/// Pages of `page` hits, walked to the end, give the hits of one big page in its order;
/// and so does a page straddling the re-ordering depth.
fn pages_agree(
    searcher: &Searcher,
    query: &str,
    options: &SearchOptions,
    page: usize,
) -> Result<(), TestCaseError> {
    let one = |limit, offset| {
        let asked = SearchOptions {
            limit,
            offset,
            ..options.clone()
        };
        search(searcher, query, &asked)
    };
    let whole = one(10_000, 0);
    let everything = ids(&whole);
    let mut walked = Vec::new();
    let mut offset = 0;
    while offset < whole.total {
        let results = one(page, offset);
        prop_assert_eq!(results.total, whole.total);
        for (i, hit) in results.hits.iter().enumerate() {
            prop_assert_eq!(hit.rank, offset + i + 1);
        }
        walked.extend(ids(&results));
        offset += page;
    }
    prop_assert_eq!(&walked, &everything, "{} by pages of {}", query, page);
    let straddling = ids(&one(10, RERANK_DEPTH - 5));
    let end = everything.len().min(RERANK_DEPTH + 5);
    let expected = everything.get(RERANK_DEPTH - 5..end).unwrap_or_default();
    prop_assert_eq!(
        &straddling[..],
        expected,
        "{} across the re-ordering",
        query
    );
    Ok(())
}

/// The word's last letter replaced by one no word of the vocabulary has: one edit away
/// from it, and from no other word.
fn typo(word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    *chars.last_mut().unwrap() = 'ژ';
    chars.into_iter().collect()
}

/// A temporary folder, in memory where the system has one: every index run syncs its
/// files, and on a disk the syncs would take most of the test's time.
fn scratch() -> tempfile::TempDir {
    let memory = Path::new("/dev/shm");
    if memory.is_dir() {
        if let Ok(dir) = tempfile::tempdir_in(memory) {
            return dir;
        }
    }
    tempfile::tempdir().unwrap()
}

/// Runs one sequence, checking both indexes after every run.
fn run_sequence(sequence: &Sequence, coverage: &Coverage) -> Result<(), TestCaseError> {
    let folder_dir = scratch();
    let incremental_dir = scratch();
    let mut folder = Folder::new(folder_dir.path());
    let query_analyzer = Analyzer::new(Default::default()).for_queries();

    let mut segments: HashSet<String> = HashSet::new();
    for step in std::iter::once(&sequence.initial).chain(&sequence.steps) {
        let before = folder.files.clone();
        let removed: Vec<Text> = step.ops.iter().filter_map(|op| folder.apply(op)).collect();

        let summary = index(folder.root.as_path(), incremental_dir.path(), false);
        let (new, changed, unchanged, deleted) = expected_summary(&before, &folder.files);
        prop_assert_eq!(
            (
                summary.new,
                summary.changed,
                summary.unchanged,
                summary.deleted
            ),
            (new, changed, unchanged, deleted),
            "the run's summary"
        );
        coverage.index_runs.fetch_add(1, Ordering::Relaxed);
        note_segments(
            incremental_dir.path(),
            &mut segments,
            summary.articles,
            coverage,
        );

        let fresh_dir = scratch();
        index(folder.root.as_path(), fresh_dir.path(), true);
        let incremental =
            Searcher::new(KavoshIndex::open(incremental_dir.path()).unwrap()).unwrap();
        let fresh = Searcher::new(KavoshIndex::open(fresh_dir.path()).unwrap()).unwrap();
        check_queries(
            &folder,
            step,
            &removed,
            &incremental,
            &fresh,
            &query_analyzer,
            coverage,
        )?;
    }
    Ok(())
}

/// Counts merges and runs that left deleted documents, from the segments' metas: a run
/// adds segments holding exactly the articles it wrote, so new segments holding more
/// were merged.
fn note_segments(
    index_dir: &Path,
    known: &mut HashSet<String>,
    articles_written: usize,
    coverage: &Coverage,
) {
    let index = KavoshIndex::open(index_dir).unwrap();
    let metas = index.tantivy().searchable_segment_metas().unwrap();
    let mut in_new_segments = 0;
    let mut deleted = 0;
    let mut now = HashSet::new();
    for meta in &metas {
        let id = meta.id().uuid_string();
        if !known.contains(&id) {
            in_new_segments += meta.max_doc() as usize;
        }
        deleted += meta.num_deleted_docs();
        now.insert(id);
    }
    if in_new_segments != articles_written {
        coverage.merges.fetch_add(1, Ordering::Relaxed);
    }
    if deleted > 0 {
        coverage
            .runs_with_deleted_docs
            .fetch_add(1, Ordering::Relaxed);
    }
    *known = now;
}

fn check_queries(
    folder: &Folder,
    step: &Step,
    removed: &[Text],
    incremental: &Searcher,
    fresh: &Searcher,
    query_analyzer: &Analyzer,
    coverage: &Coverage,
) -> Result<(), TestCaseError> {
    let relevance = options(10, 0);

    // Every word, alone: the live articles holding it, whether or not deleted or
    // changed-away text still holds it in the incremental index's segments.
    for (word_index, word) in VOCABULARY.iter().enumerate() {
        let holders = folder.ids_where(|text| text.has(word_index));
        if holders.is_empty() && removed.iter().any(|text| text.has(word_index)) {
            coverage
                .words_only_in_removed_text
                .fetch_add(1, Ordering::Relaxed);
        }
        same_articles(incremental, fresh, word, &relevance, Some(&holders))?;
    }

    // The word every article holds: the best 20 are re-ordered by scores added by hand,
    // where the incremental index's deleted articles count in the statistics. Pages
    // walked through (crossing the re-ordering depth) give the same order as one page.
    let everywhere = VOCABULARY[EVERYWHERE];
    let top = search(incremental, everywhere, &relevance);
    prop_assert_eq!(top.total, folder.files.len());
    search(fresh, everywhere, &relevance);
    for searcher in [incremental, fresh] {
        pages_agree(searcher, everywhere, &relevance, 7)?;
    }

    // Words picked from the folder's text and from the text just taken out of it.
    let present: Vec<usize> = folder
        .files
        .values()
        .flat_map(|file| file.text.words())
        .collect();
    let gone: Vec<usize> = removed.iter().flat_map(|text| text.words()).collect();
    let pick = |words: &[usize], which: &Index| -> usize {
        if words.is_empty() {
            which.index(VOCABULARY.len())
        } else {
            words[which.index(words.len())]
        }
    };
    let first = pick(&present, &step.picks[0]);
    let second = pick(
        if gone.is_empty() { &present } else { &gone },
        &step.picks[1],
    );

    // --match any with two words.
    let any = SearchOptions {
        match_mode: MatchMode::Any,
        ..relevance.clone()
    };
    let either = format!("{} {}", VOCABULARY[first], VOCABULARY[second]);
    let holders = folder.ids_where(|text| text.has(first) || text.has(second));
    same_articles(incremental, fresh, &either, &any, Some(&holders))?;
    pages_agree(incremental, &either, &any, 6)?;

    // A phrase: two neighbouring words of an article now there, or of one taken out.
    let sources: Vec<&Text> = folder
        .files
        .values()
        .map(|file| &file.text)
        .chain(removed)
        .collect();
    if !sources.is_empty() {
        let source = sources[step.picks[2].index(sources.len())];
        let body: Vec<usize> = source.body().collect();
        let at = step.picks[3]
            .index(body.len() - 1)
            .min(body.len().saturating_sub(2));
        if body.len() >= 2 {
            let (a, b) = (body[at], body[at + 1]);
            let phrase = format!("\"{} {}\"", VOCABULARY[a], VOCABULARY[b]);
            let holders = folder.ids_where(|text| text.has_phrase(a, b));
            same_articles(incremental, fresh, &phrase, &relevance, Some(&holders))?;
        }
    }

    // A prefix: the model knows its articles when the prefix is a plain query term.
    let word = VOCABULARY[second];
    let prefix: String = word.chars().take(3).collect();
    let prefix_query = format!("{prefix}*");
    let model = (query_analyzer.single_term(&prefix).as_deref() == Some(prefix.as_str()))
        .then(|| folder.ids_where(|text| text.words().any(|w| VOCABULARY[w].starts_with(&prefix))));
    same_articles(
        incremental,
        fresh,
        &prefix_query,
        &relevance,
        model.as_ref(),
    )?;

    // A one-letter typo is corrected to the nearest word of the bodies' vocabulary.
    let misspelt = typo(VOCABULARY[first]);
    let in_a_body = folder
        .files
        .values()
        .any(|file| file.text.body().any(|w| w == first));
    let holders = if in_a_body {
        folder.ids_where(|text| text.has(first))
    } else {
        BTreeSet::new()
    };
    let corrected = search(fresh, &misspelt, &relevance)
        .corrected_query
        .is_some();
    prop_assert_eq!(corrected, in_a_body, "{} corrected", misspelt);
    if corrected {
        coverage.corrected_typos.fetch_add(1, Ordering::Relaxed);
    }
    // Live articles only decide: deleted articles' terms, still in the dictionary until a
    // merge, neither block a correction nor offer one, nor a suggestion.
    same_articles(incremental, fresh, &misspelt, &relevance, Some(&holders))?;
    let (found, expected) = (
        search(incremental, &misspelt, &relevance),
        search(fresh, &misspelt, &relevance),
    );
    prop_assert_eq!(found.corrected_query, expected.corrected_query);
    prop_assert_eq!(found.suggestion, expected.suggestion);

    // Newest first, ties and undated articles included, page by page.
    let by_date = SearchOptions {
        sort: SortOrder::Date,
        ..relevance.clone()
    };
    same_articles(incremental, fresh, everywhere, &by_date, None)?;
    pages_agree(incremental, everywhere, &by_date, 7)?;
    let dates: Vec<Option<String>> = search(incremental, everywhere, &options_all(&by_date))
        .hits
        .into_iter()
        .map(|hit| hit.head.date)
        .collect();
    let mut sorted = dates.clone();
    // Newest first, undated last: Option orders None first, so reverse.
    sorted.sort_by(|a, b| b.cmp(a));
    prop_assert_eq!(dates, sorted, "newest first");
    Ok(())
}

fn options_all(options: &SearchOptions) -> SearchOptions {
    SearchOptions {
        limit: 10_000,
        ..options.clone()
    }
}

#[test]
fn incremental_index_answers_like_a_fresh_rebuild() {
    let cases = std::env::var("KAVOSH_MODEL_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(CI_CASES);
    let config = Config {
        cases,
        source_file: Some(file!()),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Config::default()
    };
    let coverage = Coverage::default();
    let started = std::time::Instant::now();
    let mut runner = TestRunner::new(config);
    let outcome = runner.run(&sequence(), |sequence| run_sequence(&sequence, &coverage));
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    let count = |counter: &AtomicUsize| counter.load(Ordering::Relaxed);
    eprintln!(
        "{cases} sequences passed in {:.1} s: {} index runs, {} with merges, {} leaving deleted \
         documents; {} words queried that only removed text held; {} typos corrected",
        started.elapsed().as_secs_f64(),
        count(&coverage.index_runs),
        count(&coverage.merges),
        count(&coverage.runs_with_deleted_docs),
        count(&coverage.words_only_in_removed_text),
        count(&coverage.corrected_typos),
    );
    assert!(count(&coverage.merges) > 0, "no run merged segments");
    assert!(count(&coverage.runs_with_deleted_docs) > 0);
    assert!(count(&coverage.words_only_in_removed_text) > 0);
    assert!(count(&coverage.corrected_typos) > 0);
}

/// Writes `count` small articles into `root`, each with the word every article has.
fn small_folder(root: &Path, count: usize) {
    for i in 0..count {
        let title = VOCABULARY[1 + i % 10];
        let body = format!(
            "{} {}. {}",
            VOCABULARY[EVERYWHERE],
            VOCABULARY[1 + i % 31],
            i
        );
        fs::write(root.join(format!("{i}.txt")), format!("{title}\n{body}\n")).unwrap();
    }
}

/// Sets a new modification time on each of `files`, so the next run reads them again.
fn touch(files: &[PathBuf], round: u64) {
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + round);
    for file in files {
        fs::File::options()
            .write(true)
            .open(file)
            .unwrap()
            .set_modified(time)
            .unwrap();
    }
}

/// Documents in the index's segments, deleted ones included, and live documents.
/// The files of `folder`, by name.
fn sorted_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

fn max_and_live_docs(index_dir: &Path) -> (u32, u32) {
    let index = KavoshIndex::open(index_dir).unwrap();
    let metas = index.tantivy().searchable_segment_metas().unwrap();
    let max_doc = metas.iter().map(|meta| meta.max_doc()).sum();
    let live = metas.iter().map(|meta| meta.num_docs()).sum();
    (max_doc, live)
}

#[test]
fn reindexing_every_file_leaves_no_deleted_articles_behind() {
    let folder = scratch();
    let index_dir = scratch();
    small_folder(folder.path(), 40);
    let files = sorted_files(folder.path());
    index(folder.path(), index_dir.path(), false);
    for round in 1..=10 {
        touch(&files, round);
        let summary = index(folder.path(), index_dir.path(), false);
        assert_eq!(summary.changed, 40);
        // Every old article is deleted, so its segments hold nothing live and go.
        assert_eq!(
            max_and_live_docs(index_dir.path()),
            (40, 40),
            "round {round}"
        );
    }
}

#[test]
fn reindexing_a_third_of_the_files_each_round_keeps_deleted_articles_bounded() {
    let folder = scratch();
    let index_dir = scratch();
    small_folder(folder.path(), 42);
    let files = sorted_files(folder.path());
    index(folder.path(), index_dir.path(), false);
    let mut merged_away = 0;
    for round in 1..=20 {
        let third = (round as usize % 3) * 14;
        touch(&files[third..third + 14], round);
        index(folder.path(), index_dir.path(), false);
        let (max_doc, live) = max_and_live_docs(index_dir.path());
        assert_eq!(live, 42);
        // Tantivy merges once 8 segments of a size exist, dropping the deleted articles:
        // at most the first run's 42 and 7 runs of 14 before that.
        assert!(max_doc <= 42 + 7 * 14, "round {round}: {max_doc} documents");
        if max_doc == live {
            merged_away += 1;
        }
    }
    assert!(merged_away > 0, "no merge dropped the deleted articles");
}

/// Typo correction and suggestions count live articles only: the term dictionary still
/// holds the terms of deleted articles until a merge, and a correction made from it
/// would find, in an edited index, articles that hold the word only in their title while
/// a fresh index corrects nothing, or suggest a word no article holds any more.
#[test]
fn a_typo_is_not_corrected_to_a_word_only_deleted_articles_hold() {
    let folder = scratch();
    let incremental_dir = scratch();
    let root = folder.path();
    fs::write(root.join("title.txt"), "زیتون\nایران کتاب.\n").unwrap();
    fs::write(root.join("body.txt"), "کتاب\nایران زیتون.\n").unwrap();
    fs::write(root.join("gone.txt"), "کتاب\nایران شطرنج.\n").unwrap();
    index(root, incremental_dir.path(), false);
    fs::remove_file(root.join("body.txt")).unwrap();
    fs::remove_file(root.join("gone.txt")).unwrap();
    index(root, incremental_dir.path(), false);
    let fresh_dir = scratch();
    index(root, fresh_dir.path(), true);
    let incremental = Searcher::new(KavoshIndex::open(incremental_dir.path()).unwrap()).unwrap();
    let fresh = Searcher::new(KavoshIndex::open(fresh_dir.path()).unwrap()).unwrap();
    for misspelt in [typo("زیتون"), "شطرنژ".to_string(), "شطژژج".to_string()] {
        let (found, expected) = (
            search(&incremental, &misspelt, &options(10, 0)),
            search(&fresh, &misspelt, &options(10, 0)),
        );
        assert_eq!(ids(&found), ids(&expected), "{misspelt}");
        assert_eq!(
            found.corrected_query, expected.corrected_query,
            "{misspelt}"
        );
        assert_eq!(found.suggestion, expected.suggestion, "{misspelt}");
    }
}
