//! The command line's arguments: what `kavosh --help` and each command's help say, and
//! how each argument maps onto the library's options. Part of the binary, not of the
//! library.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

use kavosh::jobs::DEFAULT_MEMORY_BUDGET_BYTES;
use kavosh::output::{Format, Layout, Marks};
use kavosh::search::{
    MatchMode, Ranking, SearchOptions, SortOrder, EXPAND, LIMIT, OFFSET, PASSAGES, PASSAGE_CHARS,
    PROXIMITY,
};
use kavosh::serve;

/// What `--help` says of exit codes, for the command and each subcommand.
macro_rules! exit_codes {
    () => {
        "Exit codes:
  0  success; for search: at least one matching article (even when --limit 0 shows none)
  1  search found nothing (a query of common words only, or with nothing to search for
     such as punctuation only, finds nothing and says so); show found no article with
     that id; index finished, but some files had problems (the good ones were indexed
     and committed)
  2  an error (no index, an index another run is writing, a bad option, a missing
     PATH, ...), said in one line on stderr; an index run that ends so committed nothing"
    };
}

/// What `--help` says of the environment.
macro_rules! environment {
    () => {
        "Environment:
  NO_COLOR  when set (to anything), --color auto does not colour highlighted words; they
            are wrapped in [ ] instead
  COLUMNS   the width text output wraps to (default: the terminal's, else 80)"
    };
}

/// Query syntax, for `search --help`.
macro_rules! query_syntax {
    () => {
        "Query syntax (words match however they are typed: ي/ی, ك/ک, ZWNJ, joined or spaced,
harakat, Persian, Arabic-Indic or ASCII digits):
  تحریم نفت               articles with both words (any of them, said so, if none has both)
  \"کمربند و جاده\"          the exact phrase
  +چین -سوریه             چین required, سوریه excluded
  (والیبال OR کشتی) AND ایران   boolean logic; NOT x is -x
  title:بورس               a word in the title
  source:\"ورزش سه\"         an exact source (or --source)
  اقتصا*                  words that begin so: اقتصاد, اقتصادی, ...
A word that matches nothing is corrected to the nearest word of the index (one edit,
first letter kept) wherever it stands alone (not in a phrase, a prefix, a field, after
-, or with punctuation on it), and said so; a query that finds nothing gets a \"did you
mean\". A query with no word (punctuation only) finds nothing and says there is nothing
to search for."
    };
}

#[derive(Parser)]
#[command(
    name = "kavosh",
    version,
    propagate_version = true,
    about = "Full-text search for Persian news (کاوش)",
    long_about = "Full-text search for Persian news (کاوش): index folders of articles, \
        then search them whichever way a word was typed, with the article's own words \
        highlighted.\n\nStart with `kavosh index FOLDER`, then `kavosh search WORDS`; \
        `kavosh help search` tells the query syntax.",
    after_help = "`kavosh --help` tells the exit codes and the environment.",
    after_long_help = concat!(exit_codes!(), "\n\n", environment!())
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// How results are printed.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// For people: ranked hits with highlighted passages.
    Text,
    /// One JSON object per query, one per line.
    Json,
    /// A TREC run: `qid Q0 docid rank score kavosh`.
    Trec,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Self {
        match arg {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Trec => Format::Trec,
        }
    }
}

/// How one article or an index's statistics are printed.
#[derive(Clone, Copy, ValueEnum)]
pub enum ReportFormatArg {
    /// For people.
    Text,
    /// One JSON object.
    Json,
}

impl From<ReportFormatArg> for Format {
    fn from(arg: ReportFormatArg) -> Self {
        match arg {
            ReportFormatArg::Text => Format::Text,
            ReportFormatArg::Json => Format::Json,
        }
    }
}

/// Whether highlighted words are coloured.
#[derive(Clone, Copy, ValueEnum)]
pub enum ColorArg {
    /// When printing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always (even into a pipe, and whatever NO_COLOR says).
    Always,
    /// Never: highlighted words are wrapped in [ ] instead.
    Never,
}

/// How text output is laid out.
#[derive(Args)]
pub struct TextArgs {
    /// Colour highlighted words (else they are wrapped in [ ]).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

impl TextArgs {
    /// Colour as asked; lines wrapped to $COLUMNS, else the terminal's width, else 80.
    pub fn layout(&self) -> Layout {
        let stdout = std::io::stdout();
        let colored = match self.color {
            ColorArg::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            ColorArg::Always => true,
            ColorArg::Never => false,
        };
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|columns| columns.parse().ok())
            .or_else(|| {
                let (_rows, columns) = console::Term::stdout().size_checked()?;
                Some(usize::from(columns))
            })
            .unwrap_or(DEFAULT_WIDTH);
        Layout {
            marks: if colored { Marks::Color } else { Marks::Plain },
            width,
        }
    }
}

/// Columns text is wrapped to when it goes to no terminal and COLUMNS is not set.
const DEFAULT_WIDTH: usize = 80;

/// The ranking options a reader may turn on or off, for `search` and `eval` alike.
#[derive(Args)]
pub struct RankingSwitches {
    /// Expand the query with the words its best articles share: re-orders the matching
    /// articles (never adds one); only the query's own words are highlighted.
    #[arg(long, action = ArgAction::Set, num_args = 0..=1, default_missing_value = "true",
          default_value_t = EXPAND.default)]
    expand: bool,
    /// Rank higher the articles where the query's neighbouring words stand close.
    #[arg(long, action = ArgAction::Set, num_args = 0..=1, default_missing_value = "true",
          default_value_t = PROXIMITY.default)]
    proximity: bool,
}

impl RankingSwitches {
    /// `options` with these switches set.
    pub fn apply(&self, options: SearchOptions) -> SearchOptions {
        SearchOptions {
            expand: self.expand,
            proximity: self.proximity,
            ..options
        }
    }
}

/// Ranking weights other than the defaults, for evaluations and pooling runs.
#[derive(Args)]
pub struct RankingArgs {
    /// Weight of a title word against a body word.
    #[arg(long, hide = true)]
    title_weight: Option<f32>,
    /// Weight of a lead word when re-ordering the best hits (0: none).
    #[arg(long, hide = true)]
    lead_weight: Option<f32>,
    /// Weight of the 3-gram evidence when re-ordering the best hits (0: none).
    #[arg(long, hide = true)]
    grams_weight: Option<f32>,
    /// How many of the best hits are re-ordered.
    #[arg(long, hide = true)]
    rerank_depth: Option<usize>,
    /// Weight of the query's neighbouring words standing close in an article (0: none).
    #[arg(long, hide = true)]
    proximity_weight: Option<f32>,
    /// Words apart that still count as close.
    #[arg(long, hide = true)]
    proximity_slop: Option<u32>,
    /// Weight of the words taken from the best articles (0: no expansion).
    #[arg(long, hide = true)]
    expansion_weight: Option<f32>,
    /// How many of the best articles give words.
    #[arg(long, hide = true)]
    feedback_docs: Option<usize>,
    /// How many words they give.
    #[arg(long, hide = true)]
    feedback_terms: Option<usize>,
    /// How many of the best hits the expansion re-orders.
    #[arg(long, hide = true)]
    expansion_depth: Option<usize>,
}

impl RankingArgs {
    pub fn ranking(&self) -> Ranking {
        let default = Ranking::default();
        Ranking {
            title: self.title_weight.unwrap_or(default.title),
            lead: self.lead_weight.unwrap_or(default.lead),
            grams: self.grams_weight.unwrap_or(default.grams),
            depth: self.rerank_depth.unwrap_or(default.depth),
            proximity: self.proximity_weight.unwrap_or(default.proximity),
            proximity_slop: self.proximity_slop.unwrap_or(default.proximity_slop),
            expansion: self.expansion_weight.unwrap_or(default.expansion),
            feedback_docs: self.feedback_docs.unwrap_or(default.feedback_docs),
            feedback_terms: self.feedback_terms.unwrap_or(default.feedback_terms),
            expansion_depth: self.expansion_depth.unwrap_or(default.expansion_depth),
        }
    }
}

/// Which engine holds the articles.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// kavosh's own index, in the folder --index names.
    Embedded,
    /// An OpenSearch 2.19 cluster with the kavosh plugin, at --url; --index names the
    /// OpenSearch index (README: Past one machine).
    Opensearch,
}

/// Where the articles are: the embedded index or an OpenSearch cluster.
#[derive(Args)]
pub struct EngineArgs {
    /// The engine: kavosh's own index, or an OpenSearch cluster.
    #[arg(long, value_enum, default_value_t = EngineArg::Embedded)]
    pub engine: EngineArg,
    /// The URL of any node of the OpenSearch cluster (with --engine opensearch).
    #[arg(long, default_value = "http://127.0.0.1:9200")]
    pub url: String,
}

#[derive(Subcommand)]
pub enum Command {
    /// Index folders or files of articles (.txt, .md, .json, .jsonl, .html, TREC .xml).
    /// A re-run reads only new and changed files and drops the articles of deleted ones.
    Index {
        /// Files or folders to index, recursively.
        #[arg(default_value = "corpus")]
        paths: Vec<PathBuf>,
        /// The folder the index lives in (created if need be; never a folder of other
        /// files).
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Start over: drop every article and read every file again.
        #[arg(long)]
        rebuild: bool,
        /// No progress bar and no summary; problems are still reported.
        #[arg(long, short)]
        quiet: bool,
        /// Memory for the index writer, in MB (15 to 4000: tantivy needs 15 MB per writer
        /// thread and takes at most 4 GB per thread).
        #[arg(long, default_value_t = (DEFAULT_MEMORY_BUDGET_BYTES / (1024 * 1024)) as u16,
              value_parser = clap::value_parser!(u16).range(15..=4000))]
        memory_mb: u16,
        /// Match words only as written (after folding): no plural, comparative or ی
        /// stripping. Applies when the index is created; it is recorded with it.
        #[arg(long)]
        no_stem: bool,
        /// Index function words (و, در, از, ...) too. Applies when the index is created.
        #[arg(long)]
        no_stopwords: bool,
        /// Find no stories: every article is a hit of its own, even a copy of another,
        /// and indexing does without the signatures and heads that stories need (about a
        /// tenth of its time; README: Stories). Applies when the index is created.
        #[arg(long)]
        no_stories: bool,
        /// Use tantivy's default tokenizer instead of kavosh's analysis: the baseline
        /// that benchmarks and evaluations compare against.
        #[arg(long, hide = true)]
        baseline_tokenizer: bool,
        #[command(flatten)]
        engine: EngineArgs,
        /// Primary shards of a new OpenSearch index (with --engine opensearch).
        #[arg(long, default_value_t = 1)]
        shards: u32,
        /// Copies of each shard on other nodes of a new OpenSearch index (with --engine
        /// opensearch): with 1, a node can be lost without losing an article.
        #[arg(long, default_value_t = 1)]
        replicas: u32,
    },
    /// Search the index and show highlighted passages.
    #[command(
        after_help = "`kavosh search --help` tells the query syntax, exit codes and environment.",
        after_long_help = concat!(query_syntax!(), "\n\n", exit_codes!(), "\n\n", environment!())
    )]
    Search {
        /// The query (several words may be given as several arguments); or give --queries.
        #[arg(required_unless_present = "queries", conflicts_with = "queries", num_args = 1..)]
        query: Vec<String>,
        /// A file of `id<TAB>query` lines, answered one after another.
        #[arg(long)]
        queries: Option<PathBuf>,
        /// The folder of the index to search (made by `kavosh index`); with --engine
        /// opensearch, the OpenSearch index's name.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        #[command(flatten)]
        engine: EngineArgs,
        /// Hits per query.
        #[arg(long, default_value_t = LIMIT.default)]
        limit: usize,
        /// Skip this many hits first (for paging).
        #[arg(long, default_value_t = OFFSET.default)]
        offset: usize,
        /// Whether an article must have all the words (falling back to any when none
        /// has them all) or any of them.
        #[arg(long = "match", value_enum, default_value_t = MatchMode::default())]
        match_mode: MatchMode,
        /// Order of hits.
        #[arg(long, value_enum, default_value_t = SortOrder::default())]
        sort: SortOrder,
        /// Only articles published on or after this date: a day, a month or a year,
        /// Gregorian or Jalali, in any digits (2024-03-20, 2024-03, 2024, ۱۴۰۳/۰۱/۰۱,
        /// ۱۴۰۳/۰۱, 1403). Undated articles are left out, and counted.
        #[arg(long)]
        from: Option<String>,
        /// Only articles published on or before this date (all of the month or year it
        /// names).
        #[arg(long)]
        to: Option<String>,
        /// Only articles from this source, exactly as the articles name it.
        #[arg(long)]
        source: Option<String>,
        /// How results are printed.
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
        /// Highlighted passages per hit.
        #[arg(long, default_value_t = PASSAGES.default)]
        passages: usize,
        /// Longest passage, in characters.
        #[arg(long, default_value_t = PASSAGE_CHARS.default)]
        passage_chars: usize,
        /// One hit per article: copies of one story (republished word for word or lightly
        /// edited) each get their own hit, rather than one hit listing the others.
        #[arg(long)]
        no_collapse: bool,
        /// One hit per story in a TREC run too (TREC runs are judged by article, so by
        /// default they show every article).
        #[arg(long, conflicts_with = "no_collapse")]
        collapse: bool,
        #[command(flatten)]
        text: TextArgs,
        #[command(flatten)]
        switches: RankingSwitches,
        #[command(flatten)]
        ranking: RankingArgs,
    },
    /// What an index holds: articles, sources and categories with their counts, the
    /// publication dates, the analysis settings and the size on disk.
    #[command(after_long_help = exit_codes!())]
    Stats {
        /// The folder of the index; with --engine opensearch, the OpenSearch index's name.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        #[command(flatten)]
        engine: EngineArgs,
        /// A few lines for people, or one JSON object.
        #[arg(long, value_enum, default_value_t = ReportFormatArg::Text)]
        format: ReportFormatArg,
    },
    /// Print one whole article, with the words of a query highlighted as search does.
    #[command(after_long_help = concat!(exit_codes!(), "\n\n", environment!()))]
    Show {
        /// The article's id (the first thing under a hit's title in `kavosh search`).
        id: String,
        /// Highlight the words of this query.
        #[arg(long)]
        query: Option<String>,
        /// The folder of the index; with --engine opensearch, the OpenSearch index's name.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        #[command(flatten)]
        engine: EngineArgs,
        /// The article for people, or one JSON object with character ranges of the
        /// highlighted words.
        #[arg(long, value_enum, default_value_t = ReportFormatArg::Text)]
        format: ReportFormatArg,
        #[command(flatten)]
        text: TextArgs,
    },
    /// Serve the search page and the JSON API over HTTP (read-only). New commits to the
    /// index show up without a restart; Ctrl-C or SIGTERM stops it.
    Serve {
        /// The folder of the index; with --engine opensearch, the OpenSearch index's name.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        #[command(flatten)]
        engine: EngineArgs,
        /// Where to listen: this machine only unless another address is given.
        #[arg(long, default_value = serve::DEFAULT_ADDR)]
        addr: SocketAddr,
    },
    /// Score retrieval on judged queries: MAP, P@10, nDCG@10, MRR@10, R@1000.
    Eval {
        /// `id<TAB>query` lines.
        #[arg(long)]
        queries: PathBuf,
        /// TREC qrels: `qid 0 docid grade`.
        #[arg(long)]
        qrels: PathBuf,
        /// The index to score (ignored with --ablation).
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Also score the queries retyped: Arabic letters, affixes joined, ZWNJ, harakat.
        #[arg(long)]
        variants: bool,
        /// Build a throwaway index of these files per analysis stage and score each.
        #[arg(long, num_args = 1..)]
        ablation: Vec<PathBuf>,
        #[command(flatten)]
        switches: RankingSwitches,
        #[command(flatten)]
        ranking: RankingArgs,
    },
    /// Print a shell completion script: `kavosh completions bash >
    /// ~/.local/share/bash-completion/completions/kavosh`.
    Completions {
        /// The shell the script is for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) of kavosh or of one command: `kavosh man > kavosh.1`.
    Man {
        /// The command whose page is printed (all of kavosh if none).
        command: Option<String>,
    },
}
