//! `kavosh index`: bring an index up to date with folders of articles, reading only the
//! files that are new or changed since the last run and removing the articles of files
//! that are gone.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::sync::{Condvar, Mutex};
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::index::{Indexer, KavoshIndex, Manifest, Settings, Signature, Signing, Stamp};
use crate::ingest::{self, Article, Found, FoundFile, Problem};

/// Default memory for the index writer (split among its threads).
pub const DEFAULT_MEMORY_BUDGET_BYTES: usize = 256 * 1024 * 1024;

/// Files read but not yet written that may wait in memory.
const READ_AHEAD_FILES: usize = 256;

/// Bytes of files being read or read but not yet written: reading outruns indexing, so
/// without this bound a folder of large JSONL files would wait in memory whole (at 100
/// copies of the news set, 300 files of up to 26 MB: peak memory grew with the folder).
/// A file larger than this is still read, alone.
const READ_AHEAD_BYTES: u64 = 16 * 1024 * 1024;

/// What to index and how.
pub struct IndexRequest<'a> {
    pub paths: &'a [PathBuf],
    pub index_dir: &'a Path,
    /// Settings for a new index; an existing index must match them if given.
    pub settings: Option<Settings>,
    /// Start over: drop every article and read every file.
    pub rebuild: bool,
    pub memory_budget_bytes: usize,
}

/// What an index run did, for its summary line and exit code.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct IndexSummary {
    /// Files of a format kavosh reads, found under the paths.
    pub files_seen: usize,
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Files indexed before and gone now; their articles were removed.
    pub deleted: usize,
    /// Files of a format kavosh does not read.
    pub skipped: usize,
    /// Files (or places) with at least one error; some may still have given articles.
    pub failed: usize,
    /// Errors: records or files lost.
    pub problems: usize,
    /// Warnings: files read and kept, but not exactly as written.
    pub warnings: usize,
    pub articles: usize,
    pub bytes_read: u64,
}

/// What an index run tells about its progress as it reads files; the command line
/// shows it as a bar. Every method does nothing by default.
pub trait Progress {
    /// Reading starts, with this many files to read.
    fn start(&self, _files: u64) {}
    /// One more file was read.
    fn file_done(&self) {}
    /// Reading is over and the commit begins (it can take seconds on a large run).
    fn committing(&self) {}
    /// The run is over.
    fn finish(&self) {}
}

/// No progress shown: for tests, evaluations and library users.
pub struct Silent;

impl Progress for Silent {}

/// One file to read, and whether the index held it before.
struct ToRead {
    file: FoundFile,
    known: bool,
}

/// Where an index run writes its articles: the embedded index ([`Indexer`]) or an
/// OpenSearch index (`crate::engine::opensearch`). A run deletes a changed file's articles
/// before adding them again, and commits once at the end.
pub trait ArticleStore {
    /// How articles' bodies are signed to be added with them, `None` if the store finds no
    /// stories.
    fn signs(&self) -> Option<Signing>;
    /// Adds `article`, read from `file` (its absolute path), replacing any article with the
    /// same id, with `signature`, its body's, when the store [`signs`](Self::signs).
    fn add(&mut self, article: &Article, file: &Path, signature: Option<&Signature>) -> Result<()>;
    /// Removes every article read from `file`.
    fn delete_file(&mut self, file: &str) -> Result<()>;
    /// Removes every article, for a rebuild.
    fn delete_all(&mut self) -> Result<()>;
    /// Makes everything done so far durable and searchable, then records `manifest` (the
    /// files read) beside it.
    fn commit(&mut self, manifest: &mut Manifest) -> Result<()>;
}

/// The embedded index as an [`ArticleStore`], its manifest in its folder.
struct Embedded<'a> {
    /// Taken by the commit.
    indexer: Option<Indexer<'a>>,
    dir: &'a Path,
}

impl ArticleStore for Embedded<'_> {
    fn signs(&self) -> Option<Signing> {
        self.indexer().signs()
    }

    fn add(&mut self, article: &Article, file: &Path, signature: Option<&Signature>) -> Result<()> {
        self.indexer().add(article, file, signature)
    }

    fn delete_file(&mut self, file: &str) -> Result<()> {
        self.indexer().delete_file(file);
        Ok(())
    }

    fn delete_all(&mut self) -> Result<()> {
        self.indexer().delete_all()
    }

    fn commit(&mut self, manifest: &mut Manifest) -> Result<()> {
        let indexer = self.indexer.take().expect("a run commits once");
        manifest.opstamp = indexer.commit()?;
        manifest.save(self.dir)
    }
}

impl<'a> Embedded<'a> {
    fn indexer(&self) -> &Indexer<'a> {
        self.indexer
            .as_ref()
            .expect("nothing is written after the commit")
    }
}

/// A mistyped path is a mistake in the command, not a bad file: nothing is created.
pub fn check_paths_exist(paths: &[PathBuf]) -> Result<()> {
    match paths.iter().find(|path| !path.exists()) {
        Some(missing) => Err(Error::NoSuchInput {
            path: missing.clone(),
        }),
        None => Ok(()),
    }
}

/// Brings the index at `request.index_dir` up to date. Problems (errors and warnings) go to
/// `report` as they are found; `progress` counts files read. Nothing is visible until the
/// single commit at the end, so a run that is interrupted leaves the last index whole, and
/// the next run completes the work.
pub fn index(
    request: &IndexRequest,
    progress: &dyn Progress,
    report: impl FnMut(&Problem),
) -> Result<IndexSummary> {
    check_paths_exist(request.paths)?;
    let index = KavoshIndex::create_or_open(request.index_dir, request.settings)?;
    let indexer = Indexer::new(&index, request.memory_budget_bytes)?;
    let manifest = Manifest::load(request.index_dir)?;
    // A manifest older than the index (a run died between commit and manifest) cannot
    // vouch for any file: all are read again, which rewrites the same articles.
    let manifest_is_current = manifest.opstamp == index.committed_opstamp()?;
    let mut store = Embedded {
        indexer: Some(indexer),
        dir: request.index_dir,
    };
    let files = FilesRead {
        manifest,
        current: manifest_is_current,
    };
    let summary = index_into(
        &mut store,
        files,
        request.paths,
        request.rebuild,
        progress,
        report,
    )?;
    drop(store);
    release_freed_memory();
    // Also when nothing changed: a run that died after its commit left the stories of an
    // older one.
    index.update_stories()?;
    Ok(summary)
}

/// The record of the files a store holds, and whether it can vouch for them.
pub struct FilesRead {
    pub manifest: Manifest,
    /// Whether the record describes the store's last commit.
    pub current: bool,
}

/// Brings `store` up to date with the files under `paths` (all of them again with
/// `rebuild`): reads new and changed files, drops the articles of deleted ones, commits.
pub fn index_into(
    store: &mut dyn ArticleStore,
    files: FilesRead,
    paths: &[PathBuf],
    rebuild: bool,
    progress: &dyn Progress,
    mut report: impl FnMut(&Problem),
) -> Result<IndexSummary> {
    let FilesRead {
        mut manifest,
        current: manifest_is_current,
    } = files;
    let mut summary = IndexSummary::default();
    let mut changed_anything = rebuild;
    if rebuild {
        store.delete_all()?;
        manifest.files.clear();
    }

    // The stamps of the last run, each moved back into the manifest as its file is
    // found: what is left at the end is gone (no second set of every key is kept).
    let mut before = std::mem::take(&mut manifest.files);
    let mut to_read: Vec<ToRead> = Vec::new();
    for root in paths {
        let mut skipped_here: Vec<PathBuf> = Vec::new();
        let files_before = summary.files_seen;
        ingest::discover(std::slice::from_ref(root), |found| match found {
            Found::Skipped { path } => {
                summary.skipped += 1;
                skipped_here.push(path);
            }
            Found::Problem(problem) => {
                summary.failed += 1;
                summary.problems += 1;
                report(&problem);
            }
            Found::File(file) => {
                summary.files_seen += 1;
                let stamp = before.remove(&file.key);
                if manifest_is_current && stamp == Some(Stamp::of(&file.metadata)) {
                    summary.unchanged += 1;
                    manifest.files.insert(file.key, Stamp::of(&file.metadata));
                } else {
                    to_read.push(ToRead {
                        known: stamp.is_some(),
                        file,
                    });
                }
            }
        });
        if summary.files_seen == files_before {
            summary.warnings += 1;
            report(&Problem::warning(
                root.clone(),
                None,
                nothing_to_read(&skipped_here),
            ));
        }
    }

    // Files of the last run not found under the paths are gone; those under other
    // paths stay as they were.
    let roots = ingest::root_keys(paths);
    let mut gone = Vec::new();
    for (key, stamp) in before {
        if roots.iter().any(|root| is_under(&key, root)) {
            gone.push(key);
        } else {
            manifest.files.insert(key, stamp);
        }
    }
    for key in &gone {
        store.delete_file(key)?;
    }
    summary.deleted = gone.len();
    changed_anything |= !gone.is_empty() || !to_read.is_empty();

    progress.start(to_read.len() as u64);
    let (sender, receiver) = sync_channel::<FileRead>(READ_AHEAD_FILES);
    let read_ahead = ReadAhead::default();
    let signs = store.signs();
    std::thread::scope(|scope| -> Result<()> {
        // Reading, decoding and parsing use every core; tantivy's own threads analyze.
        scope.spawn(|| {
            to_read
                .into_par_iter()
                .for_each_with(sender, |sender, item| {
                    read_ahead.take(item.file.metadata.len());
                    let (articles, problems) = ingest::read_file(&item.file.root, &item.file.path);
                    // Signed here, on every core, rather than where articles are added.
                    let articles = articles
                        .into_iter()
                        .map(|article| {
                            let signature =
                                signs.map(|signing| Signature::of(&article.body, signing));
                            (article, signature)
                        })
                        .collect();
                    // The receiver only goes away on an error, when the rest is not wanted.
                    let _ = sender.send((item, articles, problems));
                });
        });
        let written = write_all(
            receiver,
            &read_ahead,
            store,
            &mut manifest,
            &mut summary,
            progress,
            &mut report,
        );
        // Readers waiting for room must not wait for a writer that stopped on an error.
        read_ahead.close();
        written
    })?;
    if changed_anything {
        progress.committing();
        store.commit(&mut manifest)?;
    }
    progress.finish();
    Ok(summary)
}

/// A file read: its articles, each with its body's signature if the store signs, and its
/// problems.
type FileRead = (ToRead, Vec<(Article, Option<Signature>)>, Vec<Problem>);

/// Writes each file's articles as its readers send them, in the order they come, and
/// records the file in the manifest.
fn write_all(
    receiver: std::sync::mpsc::Receiver<FileRead>,
    read_ahead: &ReadAhead,
    store: &mut dyn ArticleStore,
    manifest: &mut Manifest,
    summary: &mut IndexSummary,
    progress: &dyn Progress,
    report: &mut impl FnMut(&Problem),
) -> Result<()> {
    for (item, articles, problems) in receiver {
        if item.known {
            summary.changed += 1;
        } else {
            summary.new += 1;
        }
        summary.bytes_read += item.file.metadata.len();
        let warnings = problems
            .iter()
            .filter(|problem| problem.is_warning())
            .count();
        let errors = problems.len() - warnings;
        summary.warnings += warnings;
        if errors > 0 {
            summary.failed += 1;
            summary.problems += errors;
        }
        problems.iter().for_each(&mut *report);
        store.delete_file(&item.file.key)?;
        let file_key = Path::new(&item.file.key);
        for (article, signature) in &articles {
            store.add(article, file_key, signature.as_ref())?;
        }
        summary.articles += articles.len();
        // A file none of whose records could be read is not recorded, so the next
        // run reports it again.
        if articles.is_empty() && errors > 0 {
            manifest.files.remove(&item.file.key);
        } else {
            manifest
                .files
                .insert(item.file.key.clone(), Stamp::of(&item.file.metadata));
        }
        progress.file_done();
        read_ahead.give_back(item.file.metadata.len());
    }
    Ok(())
}

/// The bytes of files being read or waiting to be written, held under
/// [`READ_AHEAD_BYTES`]: a reader waits for room before it reads.
#[derive(Default)]
struct ReadAhead {
    /// Bytes taken, and whether the writer stopped (then nobody waits).
    state: Mutex<(u64, bool)>,
    room: Condvar,
}

impl ReadAhead {
    /// Waits until `bytes` more fit (or nothing else is taken), then takes them.
    fn take(&self, bytes: u64) {
        let mut state = self.state.lock().expect("not poisoned");
        while !state.1 && state.0 > 0 && state.0 + bytes > READ_AHEAD_BYTES {
            state = self.room.wait(state).expect("not poisoned");
        }
        state.0 += bytes;
    }

    fn give_back(&self, bytes: u64) {
        let mut state = self.state.lock().expect("not poisoned");
        state.0 = state.0.saturating_sub(bytes);
        self.room.notify_all();
    }

    /// The writer stopped: no reader waits any more.
    fn close(&self) {
        self.state.lock().expect("not poisoned").1 = true;
        self.room.notify_all();
    }
}

/// Why a PATH gave no article: empty, or only files of formats kavosh does not read
/// (with their kinds).
fn nothing_to_read(skipped: &[PathBuf]) -> String {
    const READ: &str = "kavosh reads .txt, .md, .json, .jsonl, .html and TREC .xml";
    if skipped.is_empty() {
        return format!("no files here; {READ}");
    }
    let mut kinds: Vec<String> = skipped
        .iter()
        .map(|path| match path.extension() {
            Some(extension) => format!(".{}", extension.to_string_lossy()),
            None => "no extension".to_string(),
        })
        .collect();
    kinds.sort();
    kinds.dedup();
    format!(
        "no article files here: {} skipped ({}); {READ}",
        skipped.len(),
        kinds.join(", ")
    )
}

/// True if the file key `key` lies under the root key `root`.
fn is_under(key: &str, root: &str) -> bool {
    key == root
        || key
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with(std::path::MAIN_SEPARATOR))
}

/// Prints the summary of an index run.
pub fn print_index_summary(
    summary: &IndexSummary,
    index_dir: &Path,
    started: Instant,
    out: &mut impl Write,
) {
    let seconds = started.elapsed().as_secs_f64();
    let megabytes = summary.bytes_read as f64 / 1e6;
    let peak = peak_memory_megabytes()
        .map(|mb| format!(", peak memory {mb} MB"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} files: {} new, {} changed, {} unchanged, {} deleted; {} skipped (not a supported format), {} failed ({} problems), {} warnings\n\
         indexed {} articles ({megabytes:.1} MB read) into {} in {seconds:.2} s ({:.1} files/s, {:.1} MB/s{peak})",
        summary.files_seen,
        summary.new,
        summary.changed,
        summary.unchanged,
        summary.deleted,
        summary.skipped,
        summary.failed,
        summary.problems,
        summary.warnings,
        summary.articles,
        index_dir.display(),
        (summary.new + summary.changed) as f64 / seconds,
        megabytes / seconds,
    );
}

/// Gives the memory the writer's threads freed back to the system before the stories'
/// pass reads every signature: glibc keeps freed memory in each thread's arena, so at
/// 1.15M articles the pass's 370 MB came on top of the writer's 680 MB still resident
/// (`benches/scale.sh 100`: peak 1,098 MB).
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system; no live allocation moves.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The process's peak resident memory (Linux), for the summary and the benchmark.
fn peak_memory_megabytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes / 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_under_their_root_only() {
        assert!(is_under("/news/a/b.txt", "/news/a"));
        assert!(is_under("/news/a.txt", "/news/a.txt"));
        assert!(!is_under("/news/ab/c.txt", "/news/a"));
        assert!(!is_under("/other/x.txt", "/news"));
    }
}
