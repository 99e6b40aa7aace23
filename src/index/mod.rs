//! The index: articles into tantivy, and the one place that opens an index.
//!
//! [`schema`] defines the fields once; [`KavoshIndex::open`] and [`KavoshIndex::create_or_open`]
//! register the Persian analyzer with the options the index was built with, so every command
//! analyzes text the same way.

mod head;
pub mod live;
mod manifest;
mod schema;
mod settings;
mod signature;
mod stats;
mod stories;
mod writer;

use std::path::{Path, PathBuf};

use tantivy::directory::MmapDirectory;
use tantivy::tokenizer::{RawTokenizer, TokenizerManager};
use tantivy::Index;

pub use head::{heads, Head, Heads};
pub use manifest::{Manifest, Stamp};
pub use schema::{Fields, PUBLISHED, TEXT_FIELDS};
pub use settings::{Settings, TokenizerKind};
pub use signature::{Signature, Signing};
pub use stats::Stats;
pub use stories::{story_key, Member, StoryTable, SAME_STORY, SAME_STORY_SECONDS, STORY_KEY};
pub(crate) use writer::lead;
pub use writer::Indexer;

use crate::analysis::{register, Analyzer};
use crate::error::{Error, Result};

/// What an `--index` path holds, as every command sees it.
#[derive(Debug, PartialEq, Eq)]
enum Location {
    /// A kavosh index (or what claims to be one: its settings are checked on opening).
    Index,
    /// Nothing yet: no such path, or a folder with nothing but hidden files (such as
    /// `.gitkeep`) or the leftovers of an interrupted creation, where an index may be
    /// created.
    Free,
}

impl Location {
    /// Refuses a file and a folder of other things, so an index is never written into a
    /// folder of someone's files, and a search names the mistake.
    fn of(path: &Path) -> Result<Location> {
        let not_an_index = |reason| Error::NotAnIndex {
            path: path.to_path_buf(),
            reason,
        };
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Location::Free)
            }
            Err(error) => return Err(io(error)),
        };
        if !metadata.is_dir() {
            return Err(not_an_index(
                "it is a file; give --index a folder (new or empty, or an index)",
            ));
        }
        if path.join("meta.json").is_file() {
            return Ok(Location::Index);
        }
        for entry in std::fs::read_dir(path).map_err(io)? {
            let name = entry.map_err(io)?.file_name();
            let name = name.to_string_lossy();
            // kavosh's own files without meta.json: a creation that was interrupted.
            let ours = [settings::FILE_NAME, manifest::FILE_NAME, stories::FILE_NAME]
                .contains(&name.as_ref());
            if !ours && !name.starts_with('.') {
                return Err(not_an_index(
                    "the folder holds other files; give --index a new or empty folder",
                ));
            }
        }
        Ok(Location::Free)
    }
}

/// The tokenizer of the gram field that indexes made before issue 10 still have in their
/// schema (the grams are now scored at search time). No article gives that field a value
/// any more, but tantivy's writer needs every text field's tokenizer to exist: without
/// this name, writing to such an index (even `--rebuild`) fails.
const RETIRED_GRAM_TOKENIZER: &str = "kavosh_grams";

/// An open kavosh index with its analyzer registered.
pub struct KavoshIndex {
    index: Index,
    fields: Fields,
    settings: Settings,
    analyzer: Analyzer,
    /// The same analysis for the query parser, as queries need it (whole words).
    query_tokenizers: TokenizerManager,
    path: PathBuf,
}

impl KavoshIndex {
    /// Opens an existing index; a clear error if there is none at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        match Location::of(path)? {
            Location::Index => {}
            Location::Free => {
                return Err(Error::NoIndex {
                    path: path.to_path_buf(),
                })
            }
        }
        let settings = Settings::load(path)?;
        let index = Index::open_in_dir(path).map_err(|source| Error::OpenIndex {
            path: path.to_path_buf(),
            source,
        })?;
        let fields =
            Fields::from_schema(&index.schema()).ok_or_else(|| Error::IncompatibleIndex {
                path: path.to_path_buf(),
                reason: "its fields are not kavosh's".into(),
            })?;
        Ok(Self::with_analyzer(index, fields, settings, path))
    }

    /// Opens the index at `path`, or creates it (and the folder) with `requested`
    /// settings (the defaults if `None`). An existing index keeps the settings it was
    /// built with; requesting others is an error, since its terms were made with them.
    pub fn create_or_open(path: &Path, requested: Option<Settings>) -> Result<Self> {
        if Location::of(path)? == Location::Index {
            let index = Self::open(path)?;
            // How bodies are signed is the index's own, not a choice to match.
            let requested = requested.map(|requested| Settings {
                signing: index.settings.signing,
                ..requested
            });
            return match requested {
                Some(requested) if requested != index.settings => Err(Error::IncompatibleIndex {
                    path: path.to_path_buf(),
                    reason: format!(
                        "it was built with {:?}, not the requested {:?}; index into a new folder instead",
                        index.settings, requested
                    ),
                }),
                _ => Ok(index),
            };
        }
        let settings = requested.unwrap_or_default();
        std::fs::create_dir_all(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let (schema, fields) =
            schema::build(settings.tokenizer.registered_name(), settings.stories);
        let directory = MmapDirectory::open(path).map_err(|error| Error::OpenIndex {
            path: path.to_path_buf(),
            source: error.into(),
        })?;
        settings.save(path)?;
        let index = Index::create(
            directory,
            schema,
            tantivy::IndexSettings {
                docstore_blocksize: 4096,
                ..Default::default()
            },
        )?;
        Ok(Self::with_analyzer(index, fields, settings, path))
    }

    /// Registers the analyzer under the names the schema uses: for documents with the
    /// index, for queries in the query parser's own manager.
    fn with_analyzer(index: Index, fields: Fields, settings: Settings, path: &Path) -> Self {
        let analyzer = Analyzer::new(settings.analysis);
        register(index.tokenizers(), analyzer);
        index
            .tokenizers()
            .register(RETIRED_GRAM_TOKENIZER, RawTokenizer::default());
        let query_tokenizers = TokenizerManager::default();
        register(&query_tokenizers, analyzer.for_queries());
        KavoshIndex {
            index,
            fields,
            settings,
            analyzer,
            query_tokenizers,
            path: path.to_path_buf(),
        }
    }

    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The analyzer this index was built with, as it analyzes documents.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The analyzer as it analyzes queries.
    pub fn query_analyzer(&self) -> Analyzer {
        self.analyzer.for_queries()
    }

    /// Tokenizers for a query parser over this index.
    pub fn query_tokenizers(&self) -> &TokenizerManager {
        &self.query_tokenizers
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The stories of the index as of its last commit, found again and written beside
    /// it unless the table there already describes that commit.
    pub fn update_stories(&self) -> Result<StoryTable> {
        let opstamp = self.committed_opstamp()?;
        let table = StoryTable::load(&self.path)?;
        if table.opstamp == opstamp {
            return Ok(table);
        }
        let table = StoryTable::build(&self.index.reader()?.searcher(), opstamp)?;
        table.save(&self.path)?;
        Ok(table)
    }

    /// The opstamp of the last commit, to tell whether the manifest describes it.
    pub fn committed_opstamp(&self) -> Result<u64> {
        Ok(self.index.load_metas()?.opstamp)
    }
}

/// A new index in a temporary folder and a writer of the least memory, for unit tests
/// that write articles by hand.
#[cfg(test)]
pub(crate) fn scratch_index() -> (tempfile::TempDir, KavoshIndex, tantivy::IndexWriter) {
    let dir = tempfile::tempdir().unwrap();
    let index = KavoshIndex::create_or_open(dir.path(), None).unwrap();
    let writer = index.tantivy().writer(15_000_000).unwrap();
    (dir, index, writer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Article;
    use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};

    /// An index as kavosh wrote it before issue 10: today's fields and a gram field.
    fn create_with_gram_field(path: &Path) {
        let (today, _) = schema::build(Settings::default().tokenizer.registered_name(), true);
        let mut builder = Schema::builder();
        for (_, entry) in today.fields() {
            builder.add_field(entry.clone());
        }
        builder.add_text_field(
            "grams",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(RETIRED_GRAM_TOKENIZER)
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        );
        Settings::default().save(path).unwrap();
        Index::create_in_dir(path, builder.build()).unwrap();
    }

    #[test]
    fn an_index_keeps_its_signing_when_opened_with_settings_and_refuses_other_choices() {
        let dir = tempfile::tempdir().unwrap();
        let polynomial = Settings {
            signing: Signing::Polynomial,
            ..Settings::default()
        };
        KavoshIndex::create_or_open(dir.path(), Some(polynomial)).unwrap();
        let reopened = KavoshIndex::create_or_open(dir.path(), Some(Settings::default())).unwrap();
        assert_eq!(reopened.settings().signing, Signing::Polynomial);
        let indexer = Indexer::new(&reopened, 15_000_000).unwrap();
        assert_eq!(indexer.signs(), Some(Signing::Polynomial));
        drop(indexer);
        let no_stories = Settings {
            stories: false,
            ..Settings::default()
        };
        let refused = KavoshIndex::create_or_open(dir.path(), Some(no_stories))
            .err()
            .unwrap();
        assert!(refused.to_string().contains("new folder"), "{refused}");
    }

    #[test]
    fn an_index_with_the_retired_gram_field_takes_new_articles() {
        let dir = tempfile::tempdir().unwrap();
        create_with_gram_field(dir.path());
        let index = KavoshIndex::open(dir.path()).unwrap();
        let indexer = Indexer::new(&index, 15_000_000).unwrap();
        let article = Article {
            id: "a".to_string(),
            title: "خبر".to_string(),
            body: "بازار سهام".to_string(),
            date: None,
            source: None,
            url: None,
            category: None,
            path: "a.txt".to_string(),
        };
        let signature = Signature::of(&article.body, Signing::Packed);
        indexer
            .add(&article, Path::new("/a.txt"), Some(&signature))
            .unwrap();
        indexer.commit().unwrap();
        let searcher = index.tantivy().reader().unwrap().searcher();
        assert_eq!(searcher.num_docs(), 1);
    }
}
