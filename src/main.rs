//! The `kavosh` command: parses arguments, calls the library, turns errors into one
//! message and an exit code.
//!
//! Exit codes: 0 success (search: something found); 1 search found nothing, show found
//! no article with the id, or index finished but some files had problems; 2 error
//! (nothing was committed).

mod cli;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, Parser};

use cli::{Cli, ColorArg, Command, EngineArg, FormatArg, TextArgs};
use indicatif::{ProgressBar, ProgressState, ProgressStyle};
use kavosh::engine::opensearch::{self, ClusterSearcher, Layout};
use kavosh::eval::ranking_options;
use kavosh::index::{KavoshIndex, Settings};
use kavosh::ingest::Problem;
use kavosh::jobs;
use kavosh::jobs::{IndexRequest, IndexSummary, Progress};
use kavosh::output::Printer;
use kavosh::search::{read_queries, Filters, NamedQuery, Ranking, SearchOptions};
use kavosh::serve;
use kavosh::Error;

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(Error::Output(error)) if error.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("kavosh: {error}");
            // An id no article has is nothing found, like a search that finds nothing.
            match error {
                Error::UnknownArticle { .. } => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}

/// The library's index progress, shown as an indicatif bar.
struct Bar<'a>(&'a ProgressBar);

impl Progress for Bar<'_> {
    fn start(&self, files: u64) {
        self.0.set_length(files);
    }

    fn file_done(&self) {
        self.0.inc(1);
    }

    fn committing(&self) {
        let style = ProgressStyle::with_template("{spinner} committing {len} files ({elapsed})")
            .expect("the template is valid");
        self.0.set_style(style);
        // Shown at once: a short commit would otherwise end before the first tick.
        self.0.force_draw();
        self.0
            .enable_steady_tick(std::time::Duration::from_millis(100));
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// A progress bar on stderr when it is a terminal (and not `--quiet`), else hidden.
fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    let style = ProgressStyle::with_template(
        "reading {bar:40} {pos}/{len} files, {rate} files/s, {eta} left",
    )
    .expect("the template is valid")
    // Whole files a second: indicatif's {per_sec} prints 5.6506/s.
    .with_key(
        "rate",
        |state: &ProgressState, out: &mut dyn std::fmt::Write| {
            let _ = write!(out, "{:.0}", state.per_sec());
        },
    );
    bar.set_style(style);
    bar
}

/// 1 when some files had problems (the good ones were indexed), else 0.
fn exit_code(summary: &IndexSummary) -> ExitCode {
    if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run(cli: Cli) -> kavosh::Result<ExitCode> {
    match cli.command {
        Command::Index {
            paths,
            index,
            rebuild,
            quiet,
            memory_mb,
            no_stem,
            no_stopwords,
            no_stories,
            baseline_tokenizer,
            engine,
            shards,
            replicas,
        } => {
            let started = Instant::now();
            let progress = progress_bar(quiet);
            let report = |problem: &Problem| progress.suspend(|| eprintln!("kavosh: {problem}"));
            if engine.engine == EngineArg::Opensearch {
                // The plugin's analysis is the default one: the switches that change it
                // apply to the embedded index only.
                if no_stem || no_stopwords || no_stories || baseline_tokenizer {
                    eprintln!("kavosh: --no-stem, --no-stopwords, --no-stories and --baseline-tokenizer apply to the embedded index only");
                    return Ok(ExitCode::from(2));
                }
                let layout = Layout { shards, replicas };
                let name = index.to_string_lossy();
                let summary = opensearch::index(
                    &engine.url,
                    &name,
                    layout,
                    &paths,
                    rebuild,
                    &Bar(&progress),
                    report,
                )?;
                if !quiet {
                    let target = PathBuf::from(format!("{}/{name}", engine.url));
                    jobs::print_index_summary(&summary, &target, started, &mut std::io::stderr());
                }
                return Ok(exit_code(&summary));
            }
            // Switches choose the analysis of a new index and whether it finds stories;
            // without them an existing index keeps its own.
            let settings =
                (no_stem || no_stopwords || no_stories || baseline_tokenizer).then(|| {
                    let mut settings = Settings::baseline();
                    if !baseline_tokenizer {
                        settings = Settings::default();
                        settings.analysis.stem = !no_stem;
                        settings.analysis.stopwords = !no_stopwords;
                    }
                    settings.stories = !no_stories;
                    settings
                });
            let request = IndexRequest {
                paths: &paths,
                index_dir: &index,
                settings,
                rebuild,
                memory_budget_bytes: usize::from(memory_mb) * 1024 * 1024,
            };
            let summary = jobs::index(&request, &Bar(&progress), report)?;
            if !quiet {
                jobs::print_index_summary(&summary, &index, started, &mut std::io::stderr());
            }
            Ok(exit_code(&summary))
        }
        Command::Search {
            query,
            queries,
            index,
            engine,
            limit,
            offset,
            match_mode,
            sort,
            from,
            to,
            source,
            format,
            passages,
            passage_chars,
            no_collapse,
            collapse,
            text,
            switches,
            ranking,
        } => {
            let queries = match queries {
                Some(file) => read_queries(&file)?,
                None => vec![NamedQuery {
                    qid: None,
                    text: query.join(" "),
                }],
            };
            let options = switches.apply(SearchOptions {
                limit,
                offset,
                passages,
                passage_chars,
                match_mode,
                sort,
                filters: Filters::parse(from.as_deref(), to.as_deref(), source)?,
                collapse: collapse || !(no_collapse || format == FormatArg::Trec),
                ..SearchOptions::default()
            });
            let stdout = std::io::stdout();
            let mut printer = Printer::new(format.into(), text.layout(), stdout.lock());
            let answered = match engine.engine {
                EngineArg::Embedded => {
                    jobs::search(&index, &queries, &options, ranking.ranking(), &mut printer)?
                }
                EngineArg::Opensearch => jobs::search_cluster(
                    &engine.url,
                    &index.to_string_lossy(),
                    &queries,
                    &options,
                    ranking.ranking(),
                    &mut printer,
                )?,
            };
            Ok(if answered > 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Stats {
            index,
            engine,
            format,
        } => {
            let stats = match engine.engine {
                EngineArg::Embedded => KavoshIndex::open(&index)?.stats()?,
                EngineArg::Opensearch => ClusterSearcher::connect(
                    &engine.url,
                    &index.to_string_lossy(),
                    Ranking::default(),
                )?
                .stats()?,
            };
            // Nothing is highlighted in statistics.
            let plain = TextArgs {
                color: ColorArg::Never,
            };
            Printer::new(format.into(), plain.layout(), std::io::stdout().lock())
                .print_stats(&stats)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Show {
            id,
            query,
            index,
            engine,
            format,
            text,
        } => {
            let article = match engine.engine {
                EngineArg::Embedded => jobs::show(&index, &id, query.as_deref())?,
                EngineArg::Opensearch => jobs::show_cluster(
                    &engine.url,
                    &index.to_string_lossy(),
                    &id,
                    query.as_deref(),
                )?,
            };
            Printer::new(format.into(), text.layout(), std::io::stdout().lock())
                .print_article(&article)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "kavosh", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { command } => {
            let mut kavosh = Cli::command();
            // Gives each command the version, for its page's header.
            kavosh.build();
            let page = match &command {
                None => kavosh,
                Some(name) => {
                    let Some(found) = kavosh.find_subcommand(name) else {
                        let names: Vec<&str> =
                            kavosh.get_subcommands().map(|sub| sub.get_name()).collect();
                        eprintln!(
                            "kavosh: no command `{name}`; the commands: {}",
                            names.join(", ")
                        );
                        return Ok(ExitCode::from(2));
                    };
                    // Named as git names its pages (git-log), for `man kavosh-search`.
                    found.clone().name(format!("kavosh-{name}"))
                }
            };
            clap_mangen::Man::new(page)
                .render(&mut std::io::stdout().lock())
                .map_err(Error::Output)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            index,
            engine,
            addr,
        } => {
            let options = serve::ServeOptions {
                index_dir: index.clone(),
                cluster: (engine.engine == EngineArg::Opensearch).then_some(engine.url),
                time_limit: serve::DEFAULT_TIME_LIMIT,
            };
            serve::serve(options, addr, |bound| {
                eprintln!(
                    "kavosh: serving {} at http://{bound}/ (Ctrl-C stops)",
                    index.display()
                )
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            queries,
            qrels,
            index,
            variants,
            ablation,
            switches,
            ranking,
        } => {
            let request = jobs::EvalRequest {
                queries: &queries,
                qrels: &qrels,
                index: &index,
                variants,
                ablation: &ablation,
                ranking: ranking.ranking(),
                options: ranking_options(&switches.apply(SearchOptions::default())),
            };
            let rows = jobs::eval(&request, |problem| eprintln!("kavosh: {problem}"))?;
            jobs::print_eval_table(&rows, &mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
