//! `kavosh.json` beside the index files: the analysis options the index was built with.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::analysis::AnalyzerOptions;
use crate::error::{Error, Result};

const FILE_NAME: &str = "kavosh.json";

/// A format version, bumped whenever analysis changes the terms it produces, so an old
/// index is never queried with a different analyzer.
const ANALYSIS_VERSION: u32 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub analysis: AnalyzerOptions,
}

#[derive(Serialize, Deserialize)]
struct OnDisk {
    analysis_version: u32,
    analysis: AnalyzerOptions,
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
        if on_disk.analysis_version != ANALYSIS_VERSION {
            return Err(incompatible(format!(
                "built with analysis version {}, this kavosh has {ANALYSIS_VERSION}; rebuild it",
                on_disk.analysis_version
            )));
        }
        Ok(Settings {
            analysis: on_disk.analysis,
        })
    }

    pub fn save(&self, index_dir: &Path) -> Result<()> {
        let path = index_dir.join(FILE_NAME);
        let on_disk = OnDisk {
            analysis_version: ANALYSIS_VERSION,
            analysis: self.analysis,
        };
        let json = serde_json::to_vec_pretty(&on_disk).expect("settings serialize");
        std::fs::write(&path, json).map_err(|source| Error::Io { path, source })
    }
}
