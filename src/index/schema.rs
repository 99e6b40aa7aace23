//! The one schema definition.

use super::head::HEAD;
use super::stories::{SIGNATURE, STORY_KEY};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

/// The fields of a kavosh index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Article id, indexed whole so an article can be replaced by id.
    pub id: Field,
    /// Analyzed (the Persian analyzer unless a baseline), with positions for phrases.
    pub title: Field,
    pub body: Field,
    /// The body's first sentence (not stored): news puts what a story is about in its
    /// lead, so words there count for a little more.
    pub lead: Field,
    /// The date as the article wrote it, for display.
    pub date: Field,
    /// The same date as a point in time (ISO or Jalali parsed), for filters and sorting.
    pub published: Field,
    pub category: Field,
    pub source: Field,
    pub url: Field,
    pub path: Field,
    /// The absolute path of the file an article came from (not stored): articles of a
    /// changed or deleted file are removed by it.
    pub file: Field,
    /// The hash of the id (a fast field) by which the story table names an article;
    /// `None` in an index made before stories (issue 24) or without them, whose articles
    /// are each alone.
    pub story_key: Option<Field>,
    /// The body's [`Signature`](super::Signature) (a bytes fast field), read after each
    /// commit to find the stories again.
    pub signature: Option<Field>,
    /// The article's [`Head`](super::Head) (a bytes fast field), for the hits that list
    /// it as another article of their story; `None` in an index made before heads.
    pub head: Option<Field>,
}

const ID: &str = "id";
const TITLE: &str = "title";
const BODY: &str = "body";
/// The fields a query's plain words search, by name (for the query parser's field
/// lists and the highlighter).
pub const TEXT_FIELDS: [&str; 2] = [TITLE, BODY];
const LEAD: &str = "lead";
const DATE: &str = "date";
/// The publication time, a fast field that dates are sorted by.
pub const PUBLISHED: &str = "published";
const CATEGORY: &str = "category";
const SOURCE: &str = "source";
const URL: &str = "url";
const PATH: &str = "path";
const FILE: &str = "file";

/// The schema, with `tokenizer` (a registered name) for the title and body, and the
/// fields of stories when the index finds them.
pub(super) fn build(tokenizer: &str, stories: bool) -> (Schema, Fields) {
    let analyzed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let mut builder = Schema::builder();
    builder.add_text_field(ID, STRING | STORED);
    builder.add_text_field(TITLE, analyzed.clone().set_stored());
    builder.add_text_field(BODY, analyzed.clone().set_stored());
    builder.add_text_field(LEAD, analyzed);
    builder.add_text_field(DATE, STRING | STORED);
    builder.add_date_field(PUBLISHED, INDEXED | FAST | STORED);
    builder.add_text_field(CATEGORY, STRING | STORED);
    builder.add_text_field(SOURCE, STRING | STORED);
    builder.add_text_field(URL, STORED);
    builder.add_text_field(PATH, STRING | STORED);
    builder.add_text_field(FILE, STRING);
    if stories {
        // Read as a fast field only: no article is looked up by its key.
        builder.add_u64_field(STORY_KEY, FAST);
        builder.add_bytes_field(SIGNATURE, FAST);
        builder.add_bytes_field(HEAD, FAST);
    }
    let schema = builder.build();
    let fields = Fields::from_schema(&schema).expect("the schema just built has every field");
    (schema, fields)
}

impl Fields {
    /// The fields of `schema`, or `None` if it is not a kavosh schema.
    pub(super) fn from_schema(schema: &Schema) -> Option<Fields> {
        let field = |name| schema.get_field(name).ok();
        Some(Fields {
            id: field(ID)?,
            title: field(TITLE)?,
            body: field(BODY)?,
            lead: field(LEAD)?,
            date: field(DATE)?,
            published: field(PUBLISHED)?,
            category: field(CATEGORY)?,
            source: field(SOURCE)?,
            url: field(URL)?,
            path: field(PATH)?,
            file: field(FILE)?,
            story_key: field(STORY_KEY),
            signature: field(SIGNATURE),
            head: field(HEAD),
        })
    }
}
