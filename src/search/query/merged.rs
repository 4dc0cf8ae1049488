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

/// The largest index read into memory. While the parts are merged, memory
/// holds them and the merged part, beside the index being replaced: about
/// three times this, which the deploy's 1 GiB cap (docs/deploy.md) allows.
/// The 10,000-page corpus of `scripts/bench` makes a 24 MB index; a larger
/// one is searched where it is, in its parts.
const MOST_IN_MEMORY: u64 = 128 * 1024 * 1024;

/// Opens the index in `dir` read into memory, its parts merged into one. An
/// index already in one part, or larger than [`MOST_IN_MEMORY`], is opened
/// where it is.
pub(super) fn in_memory(dir: &Path) -> tantivy::Result<Index> {
    let disk = MmapDirectory::open(dir)?;
    let on_disk = Index::open(disk.clone())?;
    let parts = on_disk.searchable_segment_ids()?;
    if parts.len() < 2 {
        return Ok(on_disk);
    }
    let names: Vec<String> = parts.iter().map(|id| id.uuid_string()).collect();
    let mut files = Vec::new();
    let mut size = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let file = entry.file_name();
        let Some(name) = file.to_str() else { continue };
        let part = name.split('.').next().unwrap_or_default();
        if names.iter().any(|n| n == part) {
            size += entry.metadata()?.len();
            files.push(name.to_owned());
        }
    }
    if size > MOST_IN_MEMORY {
        return Ok(on_disk);
    }
    let memory = RamDirectory::create();
    // The parts' files, then the list of parts, so that the copy never lists
    // a part it does not hold.
    for name in &files {
        copy(&disk, &memory, Path::new(name))?;
    }
    copy(&disk, &memory, Path::new(META_FILE))?;
    // Merging copies the parts' terms as they are: no tokenizer is needed
    // (`SearchIndex::open_in_memory` registers them for the queries).
    let index = Index::open(memory)?;
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
