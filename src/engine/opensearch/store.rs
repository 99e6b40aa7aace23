//! Writing articles into an OpenSearch index: the index's mapping (kavosh's fields, the
//! plugin's tokenizers), the bulk API, and the record of the files read, kept in the
//! cluster beside the index so that the next run may come from another machine.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::Client;
use crate::error::Result;
use crate::index::{lead, Manifest, Signature, Signing};
use crate::ingest::{parse_date, Article, Problem};
use crate::jobs::{self, ArticleStore, FilesRead, IndexSummary, Progress};

/// The analyzers the mapping defines over the plugin's tokenizers.
pub const DOCUMENT_ANALYZER: &str = "kavosh";
pub const QUERY_ANALYZER: &str = "kavosh_query";

/// Bulk requests are sent when this many bytes are waiting: large enough that requests
/// are few, small enough for three 512 MB nodes.
pub const BULK_BYTES: usize = 8 * 1024 * 1024;

/// Files whose articles one search looks up, and ids one page of it gives: OpenSearch
/// takes at most 65,536 terms and 10,000 hits a request.
const FILES_PER_LOOKUP: usize = 1024;
const IDS_PER_PAGE: usize = 10_000;

/// Where an index's record of files lives: a document of its own small index.
const FILES_SUFFIX: &str = "-kavosh-files";
const FILES_DOCUMENT: &str = "/_doc/files";

/// One OpenSearch index of kavosh articles.
pub struct ClusterIndex {
    pub client: Client,
    pub name: String,
}

/// How a new index is spread over the cluster.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub shards: u32,
    pub replicas: u32,
}

impl ClusterIndex {
    /// The index `name` on the cluster at `url`, if the cluster is up and not red.
    pub fn connect(url: &str, name: &str) -> Result<Self> {
        let client = Client::new(url);
        client.check_health()?;
        Ok(ClusterIndex {
            client,
            name: name.to_string(),
        })
    }

    /// Fails with a clear error unless the index exists (for searches).
    pub fn check_exists(&self) -> Result<()> {
        match self.client.call("GET", &format!("/{}", self.name), None)? {
            Some(_) => Ok(()),
            None => Err(self.client.error(format!(
                "no index `{}` (make it with kavosh index PATH --engine opensearch --index {})",
                self.name, self.name
            ))),
        }
    }

    /// Creates the index with kavosh's mapping unless it exists.
    fn create_if_missing(&self, layout: Layout) -> Result<()> {
        if self
            .client
            .call("GET", &format!("/{}", self.name), None)?
            .is_some()
        {
            return Ok(());
        }
        self.client
            .expect("PUT", &format!("/{}", self.name), Some(&mapping(layout)))?;
        let files = json!({
            "settings": {"number_of_shards": 1, "number_of_replicas": layout.replicas},
            "mappings": {"dynamic": false, "properties": {}},
        });
        self.client
            .expect("PUT", &self.files_index(), Some(&files))?;
        Ok(())
    }

    fn files_index(&self) -> String {
        format!("/{}{FILES_SUFFIX}", self.name)
    }

    /// The record of files read into the index; empty before the first run.
    fn load_manifest(&self) -> Result<Manifest> {
        let path = format!("{}{FILES_DOCUMENT}", self.files_index());
        let Some(document) = self.client.call("GET", &path, None)? else {
            return Ok(Manifest::default());
        };
        let text = document["_source"]["manifest"].as_str().unwrap_or("{}");
        serde_json::from_str(text).map_err(|error| {
            self.client
                .error(format!("{path}: not a kavosh record of files: {error}"))
        })
    }

    /// Refreshes the index, then records `manifest`: it never vouches for articles not
    /// yet searchable.
    fn save_manifest(&self, manifest: &Manifest) -> Result<()> {
        self.client
            .expect("POST", &format!("/{}/_refresh", self.name), None)?;
        let text = serde_json::to_string(manifest).expect("a manifest serializes");
        let path = format!("{}{FILES_DOCUMENT}?refresh=true", self.files_index());
        self.client
            .expect("PUT", &path, Some(&json!({ "manifest": text })))?;
        Ok(())
    }
}

/// The index's settings and mapping: the analyzers over the plugin's tokenizers, and
/// kavosh's fields as its one schema (src/index/schema.rs) has them.
fn mapping(layout: Layout) -> Value {
    let text = json!({
        "type": "text",
        "analyzer": DOCUMENT_ANALYZER,
        "search_analyzer": QUERY_ANALYZER,
    });
    let keyword = json!({"type": "keyword"});
    json!({
        "settings": {
            "number_of_shards": layout.shards,
            "number_of_replicas": layout.replicas,
            // Field lengths count every token, a compound's stacked parts too, as tantivy
            // counts them (Lucene leaves tokens at one position out by default), so that
            // BM25 scores equal the embedded engine's.
            "similarity": {"default": {"type": "BM25", "discount_overlaps": false}},
            "analysis": {"analyzer": {
                DOCUMENT_ANALYZER: {"type": "custom", "tokenizer": "kavosh_persian"},
                QUERY_ANALYZER: {"type": "custom", "tokenizer": "kavosh_persian_query"},
            }},
        },
        "mappings": {
            "dynamic": "strict",
            // The lead is searched, never shown: it is not kept with the original.
            "_source": {"excludes": ["lead"]},
            "properties": {
                "id": keyword,
                "title": text,
                "body": text,
                "lead": text,
                "date": {"type": "keyword", "index": false},
                "published": {"type": "date", "format": "epoch_second"},
                "category": keyword,
                "source": keyword,
                "url": {"type": "keyword", "index": false},
                "path": keyword,
                "file": keyword,
            },
        },
    })
}

/// An index run's writes, sent in bulk: a changed file's articles are deleted (by its
/// path, before any bulk that could hold its new articles), then added again.
struct ClusterStore<'a> {
    index: &'a ClusterIndex,
    /// Bulk actions waiting, as newline-delimited JSON.
    bulk: String,
    /// Files whose articles are to be deleted before the next bulk.
    deletes: Vec<String>,
    /// How a new index is spread, for a rebuild.
    layout: Layout,
}

impl ClusterStore<'_> {
    /// Sends the bulk actions waiting, after deleting the articles of the files to delete
    /// (in the same request, so in order: a delete of an id comes before its new article).
    fn flush(&mut self) -> Result<()> {
        let mut deletes = String::new();
        for files in self.deletes.chunks(FILES_PER_LOOKUP) {
            for id in self.index.ids_of_files(files)? {
                let action = json!({"delete": {"_index": self.index.name, "_id": id}});
                let _ = writeln!(deletes, "{action}");
            }
        }
        self.deletes.clear();
        if deletes.is_empty() && self.bulk.is_empty() {
            return Ok(());
        }
        deletes.push_str(&self.bulk);
        self.bulk.clear();
        let answer = self.index.client.ndjson("/_bulk", &deletes)?;
        if answer["errors"].as_bool() == Some(true) {
            let failed = answer["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|item| item.as_object()?.values().next())
                .find_map(|result| result["error"].as_object().cloned());
            return Err(self.index.client.error(format!(
                "an article was refused: {}",
                Value::from(failed.unwrap_or_default())
            )));
        }
        Ok(())
    }
}

impl ClusterIndex {
    /// The ids of the articles read from `files`, page by page in id order. (The
    /// integ-test distribution has no delete-by-query: it is a module it leaves out.)
    fn ids_of_files(&self, files: &[String]) -> Result<Vec<String>> {
        let mut ids = Vec::new();
        let mut after: Option<Value> = None;
        loop {
            let mut query = json!({
                "query": {"terms": {"file": files}},
                "_source": false,
                "size": IDS_PER_PAGE,
                "sort": [{"id": "asc"}],
            });
            if let Some(after) = after.take() {
                query["search_after"] = after;
            }
            let path = format!("/{}/_search", self.name);
            let answer = self.client.expect("POST", &path, Some(&query))?;
            let hits = answer["hits"]["hits"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            ids.extend(
                hits.iter()
                    .filter_map(|hit| hit["_id"].as_str().map(str::to_string)),
            );
            match hits.last() {
                Some(last) if hits.len() == IDS_PER_PAGE => after = Some(last["sort"].clone()),
                _ => return Ok(ids),
            }
        }
    }
}

impl ArticleStore for ClusterStore<'_> {
    /// The cluster keeps no stories yet: no body is signed.
    fn signs(&self) -> Option<Signing> {
        None
    }

    fn add(&mut self, article: &Article, file: &Path, _: Option<&Signature>) -> Result<()> {
        let action = json!({"index": {"_index": self.index.name, "_id": article.id}});
        let document = json!({
            "id": article.id,
            "title": article.title,
            "body": article.body,
            "lead": lead(&article.body),
            "date": article.date,
            "published": article.date.as_deref().and_then(parse_date),
            "category": article.category,
            "source": article.source,
            "url": article.url,
            "path": article.path,
            "file": file.to_string_lossy(),
        });
        let _ = writeln!(self.bulk, "{action}\n{document}");
        if self.bulk.len() >= BULK_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    fn delete_file(&mut self, file: &str) -> Result<()> {
        self.deletes.push(file.to_string());
        Ok(())
    }

    /// Drops the index and its record of files, and makes them anew.
    fn delete_all(&mut self) -> Result<()> {
        for index in [format!("/{}", self.index.name), self.index.files_index()] {
            self.index.client.call("DELETE", &index, None)?;
        }
        self.index.create_if_missing(self.layout)
    }

    fn commit(&mut self, manifest: &mut Manifest) -> Result<()> {
        self.flush()?;
        self.index.save_manifest(manifest)
    }
}

/// `kavosh index PATHS --engine opensearch`: brings the index `name` on the cluster at
/// `url` up to date with the files under `paths`, as [`jobs::index`] does the embedded
/// index (creating it with `layout` if need be).
pub fn index(
    url: &str,
    name: &str,
    layout: Layout,
    paths: &[PathBuf],
    rebuild: bool,
    progress: &dyn Progress,
    report: impl FnMut(&Problem),
) -> Result<IndexSummary> {
    jobs::check_paths_exist(paths)?;
    let index = ClusterIndex::connect(url, name)?;
    index.create_if_missing(layout)?;
    let manifest = index.load_manifest()?;
    let mut store = ClusterStore {
        index: &index,
        bulk: String::new(),
        deletes: Vec::new(),
        layout,
    };
    // The record is written after the articles are searchable, so it always describes
    // what the index holds (or less, after a run that died: those files are read again).
    let files = FilesRead {
        manifest,
        current: true,
    };
    jobs::index_into(&mut store, files, paths, rebuild, progress, report)
}
