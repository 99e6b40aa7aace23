//! `kavosh.json` beside the index files: how the index analyzes text, so that every later
//! command analyzes queries and passages the way the documents were indexed.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Signing;
use crate::analysis::tantivy_adapter::TOKENIZER_NAME;
use crate::analysis::AnalyzerOptions;
use crate::error::{Error, Result};

pub(super) const FILE_NAME: &str = "kavosh.json";

/// The index format: bumped whenever the schema or the terms analysis produces change,
/// so an old index is never read with the wrong fields or queried with another analyzer.
/// 6: the packed signing, so that a kavosh from before it, which would sign new articles
/// the polynomial way, refuses the index rather than lose its stories.
const FORMAT_VERSION: u32 = 6;
/// Formats this kavosh reads: 5, the one before the packed signing, whose indexes go on
/// signing the polynomial way (`signing` absent, or packed in an index made on the day
/// the packed signing came, before the format was bumped).
const READS_FORMATS: [u32; 2] = [5, FORMAT_VERSION];

/// Which tokenizer the text fields use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenizerKind {
    /// kavosh's Persian analyzer.
    #[default]
    Persian,
    /// tantivy's `default` tokenizer (split on non-alphanumerics, lowercase): the
    /// baseline kavosh is measured against.
    TantivyDefault,
}

impl TokenizerKind {
    pub(super) fn registered_name(self) -> &'static str {
        match self {
            TokenizerKind::Persian => TOKENIZER_NAME,
            TokenizerKind::TantivyDefault => "default",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub tokenizer: TokenizerKind,
    pub analysis: AnalyzerOptions,
    /// Whether the index finds stories (index/stories.rs): each article keeps its body's
    /// signature and its head. Without, every article is a story of its own. Absent in
    /// files written before it was a choice, when every index found them.
    #[serde(default = "finds_stories")]
    pub stories: bool,
    /// How its articles' bodies are signed, kept for its life. Absent in files written
    /// before there was a choice, whose indexes sign the polynomial way.
    #[serde(default = "signs_the_first_way")]
    pub signing: Signing,
}

fn finds_stories() -> bool {
    true
}

fn signs_the_first_way() -> Signing {
    Signing::Polynomial
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            tokenizer: TokenizerKind::Persian,
            analysis: AnalyzerOptions::default(),
            stories: true,
            signing: Signing::Packed,
        }
    }
}

impl Settings {
    /// tantivy's default tokenizer and nothing else: the baseline kavosh is measured
    /// against.
    pub fn baseline() -> Self {
        Settings {
            tokenizer: TokenizerKind::TantivyDefault,
            analysis: AnalyzerOptions::fold_only(),
            ..Settings::default()
        }
    }

    /// Whether queries get their spaced affixes joined before parsing, as the documents'
    /// were when indexed.
    pub fn joins_spaced_affixes(&self) -> bool {
        self.tokenizer == TokenizerKind::Persian && self.analysis.join_affixes
    }

    /// Whether words are stemmed, and so read by their endings: a query word typed
    /// joined that reads two ways is then offered both ways.
    pub fn stems(&self) -> bool {
        self.tokenizer == TokenizerKind::Persian && self.analysis.stem
    }
}

#[derive(Serialize, Deserialize)]
struct OnDisk {
    /// Absent in files of kavosh versions before it was named so: format 0.
    #[serde(default)]
    format_version: u32,
    #[serde(flatten)]
    settings: Settings,
}

impl Settings {
    pub fn load(index_dir: &Path) -> Result<Settings> {
        let path = index_dir.join(FILE_NAME);
        let incompatible = |reason: String| Error::IncompatibleIndex {
            path: index_dir.to_path_buf(),
            reason,
        };
        let bytes = std::fs::read(&path)
            .map_err(|error| incompatible(format!("cannot read {}: {error}", path.display())))?;
        let on_disk: OnDisk = serde_json::from_slice(&bytes)
            .map_err(|error| incompatible(format!("{}: {error}", path.display())))?;
        if !READS_FORMATS.contains(&on_disk.format_version) {
            return Err(incompatible(format!(
                "built in format {}, this kavosh writes format {FORMAT_VERSION}; delete the folder and index again",
                on_disk.format_version
            )));
        }
        Ok(on_disk.settings)
    }

    pub fn save(&self, index_dir: &Path) -> Result<()> {
        let path = index_dir.join(FILE_NAME);
        let on_disk = OnDisk {
            format_version: FORMAT_VERSION,
            settings: *self,
        };
        let json = serde_json::to_vec_pretty(&on_disk).expect("settings serialize");
        std::fs::write(&path, json).map_err(|source| Error::Io { path, source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_survive_a_round_trip_and_a_version_change_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings {
            stories: false,
            ..Settings::baseline()
        };
        settings.save(dir.path()).unwrap();
        assert_eq!(Settings::load(dir.path()).unwrap(), settings);
        let file = dir.path().join(FILE_NAME);
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(
            &file,
            text.replace(
                &format!("\"format_version\": {FORMAT_VERSION}"),
                "\"format_version\": 1",
            ),
        )
        .unwrap();
        let error = Settings::load(dir.path()).unwrap_err().to_string();
        assert!(error.contains("index again"), "{error}");
    }

    #[test]
    fn an_index_recorded_before_stories_and_signing_were_choices_finds_them_the_first_way() {
        let dir = tempfile::tempdir().unwrap();
        Settings::default().save(dir.path()).unwrap();
        let file = dir.path().join(FILE_NAME);
        let mut on_disk: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        for name in ["stories", "signing"] {
            on_disk.as_object_mut().unwrap().remove(name).unwrap();
        }
        std::fs::write(&file, on_disk.to_string()).unwrap();
        let settings = Settings::load(dir.path()).unwrap();
        assert!(settings.stories);
        assert_eq!(settings.signing, Signing::Polynomial);
        assert_eq!(Settings::default().signing, Signing::Packed);
        // As the format before the packed signing wrote it.
        on_disk["format_version"] = 5.into();
        std::fs::write(&file, on_disk.to_string()).unwrap();
        assert_eq!(
            Settings::load(dir.path()).unwrap().signing,
            Signing::Polynomial
        );
    }
}
