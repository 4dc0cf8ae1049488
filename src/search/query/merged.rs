//! An index read into memory with its parts merged into one.
//!
//! `build` indexes on every core, and each core's documents make a part (a
//! tantivy segment) of their own. A query looks each of its words up, and
//! scores it, in every part, so an index in one part answers faster: on the
//! 10,000-page corpus of `scripts/bench`, 4.5% fewer instructions for the same
//! 30,000 new queries (callgrind), and about 6% less server CPU a request
//! (docs/performance.md). Merging in the build would make every build wait for
//! it, so the server does it, in memory, when it opens a build's index: the
//! folder `build` wrote is left as it was.

use std::path::Path;

use tantivy::directory::{Directory, MmapDirectory, RamDirectory};
use tantivy::{Index, IndexWriter};

/// The name of tantivy's list of the index's parts.
const META_FILE: &str = "meta.json";

/// The memory the writer that merges may use, tantivy's least.
const MERGE_BUDGET: usize = 15_000_000;

/// Opens the index in `dir` read into memory, its parts merged into one. An
/// index already in one part is opened where it is.
pub(super) fn in_memory(dir: &Path) -> tantivy::Result<Index> {
    let disk = MmapDirectory::open(dir)?;
    let on_disk = Index::open(disk.clone())?;
    let parts = on_disk.searchable_segment_ids()?;
    if parts.len() < 2 {
        return Ok(on_disk);
    }
    let names: Vec<String> = parts.iter().map(|id| id.uuid_string()).collect();
    let memory = RamDirectory::create();
    // The parts' files, then the list of parts, so that the copy never lists
    // a part it does not hold.
    for entry in std::fs::read_dir(dir)? {
        let file = entry?.file_name();
        let Some(name) = file.to_str() else { continue };
        let part = name.split('.').next().unwrap_or_default();
        if names.iter().any(|n| n == part) {
            copy(&disk, &memory, Path::new(name))?;
        }
    }
    copy(&disk, &memory, Path::new(META_FILE))?;
    let index = Index::open(memory)?;
    super::schema::register_tokenizers(&index);
    let mut writer: IndexWriter = index.writer_with_num_threads(1, MERGE_BUDGET)?;
    writer.merge(&index.searchable_segment_ids()?).wait()?;
    writer.wait_merging_threads()?;
    Ok(index)
}

fn copy(from: &MmapDirectory, to: &RamDirectory, path: &Path) -> tantivy::Result<()> {
    let bytes = from.open_read(path)?.read_bytes()?;
    to.atomic_write(path, bytes.as_slice())?;
    Ok(())
}
