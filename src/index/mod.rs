//! The index: articles into tantivy, and the one place that opens an index.
//!
//! [`schema`] defines the fields once; [`KavoshIndex::open`] and [`KavoshIndex::create_or_open`]
//! register the Persian analyzer with the options the index was built with, so every command
//! analyzes text the same way.

mod manifest;
mod schema;
mod settings;
mod writer;

use std::path::{Path, PathBuf};

use tantivy::directory::MmapDirectory;
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};
use tantivy::Index;

pub use manifest::{Manifest, Stamp};
pub use schema::Fields;
pub use settings::{Settings, TokenizerKind};
pub use writer::Indexer;

use crate::analysis::tantivy_adapter::{
    PersianGramTokenizer, PersianTokenizer, GRAM_TOKENIZER_NAME, TOKENIZER_NAME,
};
use crate::analysis::Analyzer;
use crate::error::{Error, Result};

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
        if !path.join("meta.json").is_file() {
            return Err(Error::NoIndex {
                path: path.to_path_buf(),
            });
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
        if path.join("meta.json").is_file() {
            let index = Self::open(path)?;
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
        let (schema, fields) = schema::build(settings.tokenizer.registered_name());
        let directory = MmapDirectory::open(path).map_err(|error| Error::OpenIndex {
            path: path.to_path_buf(),
            source: error.into(),
        })?;
        settings.save(path)?;
        let index = Index::create(directory, schema, Default::default())?;
        Ok(Self::with_analyzer(index, fields, settings, path))
    }

    /// Registers the analyzer under the names the schema uses: for documents with the
    /// index, for queries in the query parser's own manager.
    fn with_analyzer(index: Index, fields: Fields, settings: Settings, path: &Path) -> Self {
        let analyzer = Analyzer::new(settings.analysis);
        let register = |tokenizers: &TokenizerManager, analyzer: Analyzer| {
            tokenizers.register(
                TOKENIZER_NAME,
                TextAnalyzer::from(PersianTokenizer::new(analyzer)),
            );
            tokenizers.register(
                GRAM_TOKENIZER_NAME,
                TextAnalyzer::from(PersianGramTokenizer::new(analyzer)),
            );
        };
        register(index.tokenizers(), analyzer);
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

    /// The opstamp of the last commit, to tell whether the manifest describes it.
    pub fn committed_opstamp(&self) -> Result<u64> {
        Ok(self.index.load_metas()?.opstamp)
    }
}
