//! `kavosh-files.json` beside the index: the files an index holds, with the size and
//! modification time each had when read, so a re-run reads only what changed.
//!
//! It records the opstamp of the commit it describes and is replaced atomically (written
//! aside, then renamed) after that commit. If a run dies between the two, the manifest is
//! older than the index: every file then counts as changed and is read again, which
//! replaces its articles with the same ones; nothing is lost or duplicated.

use std::collections::HashMap;
use std::path::Path;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub(super) const FILE_NAME: &str = "kavosh-files.json";

/// What a file looked like when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    pub modified_ns: u128,
}

impl Stamp {
    pub fn of(metadata: &std::fs::Metadata) -> Stamp {
        let modified_ns = metadata
            .modified()
            .ok()
            .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |since| since.as_nanos());
        Stamp {
            size: metadata.len(),
            modified_ns,
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// The opstamp of the commit this manifest describes.
    pub opstamp: u64,
    /// File key (absolute path) → stamp.
    pub files: HashMap<String, Stamp>,
}

impl Manifest {
    /// The manifest of the index at `dir`; empty if there is none.
    pub fn load(dir: &Path) -> Result<Manifest> {
        let path = dir.join(FILE_NAME);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|error| Error::IncompatibleIndex {
                path: dir.to_path_buf(),
                reason: format!("{}: {error}", path.display()),
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
            Err(source) => Err(Error::Io { path, source }),
        }
    }

    /// Replaces the manifest at `dir` atomically.
    pub fn save(&self, dir: &Path) -> Result<()> {
        let path = dir.join(FILE_NAME);
        let aside = dir.join(format!("{FILE_NAME}.tmp"));
        let json = serde_json::to_vec(self).expect("the manifest serializes");
        std::fs::write(&aside, json).map_err(|source| Error::Io {
            path: aside.clone(),
            source,
        })?;
        std::fs::rename(&aside, &path).map_err(|source| Error::Io { path, source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_manifest_loads_back_and_a_missing_one_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Manifest::load(dir.path()).unwrap().files.is_empty());
        let mut manifest = Manifest {
            opstamp: 7,
            ..Manifest::default()
        };
        let stamp = Stamp {
            size: 10,
            modified_ns: 123,
        };
        manifest.files.insert("/news/a.txt".into(), stamp);
        manifest.save(dir.path()).unwrap();
        let loaded = Manifest::load(dir.path()).unwrap();
        assert_eq!(loaded.opstamp, 7);
        assert_eq!(loaded.files["/news/a.txt"], stamp);
    }
}
