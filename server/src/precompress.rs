//! `hourbank precompress DIR`: write a brotli (`.br`, quality 11) and a gzip (`.gz`, level 9)
//! copy beside each of the site's static files (`.wasm`, `.js`, `.css`), so the server sends
//! them compressed without compressing on every request (`scripts/run --release` runs it after
//! the build). A copy newer than its file is kept; a file not worth compressing (the copy would
//! not be smaller) gets none.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The files compressed: what the browser downloads from the site's package directory.
const EXTENSIONS: [&str; 3] = ["wasm", "js", "css"];

/// The largest file compressed (the release WASM is a few MB; a debug one about 25 MB).
const MAX_BYTES: u64 = 64 << 20;

pub fn main(dir: &Path) -> ExitCode {
    match run(dir) {
        Ok(lines) => {
            for l in lines {
                println!("{l}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("hourbank precompress: {e}");
            ExitCode::FAILURE
        }
    }
}

fn sources(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| EXTENSIONS.contains(&x))
        })
        .collect();
    out.sort();
    Ok(out)
}

/// Is `copy` there and at least as new as `source`?
fn fresh(source: &Path, copy: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(source), modified(copy)), (Some(s), Some(c)) if c >= s)
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        w.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    w.write_all(bytes).map_err(|e| e.to_string())?;
    w.finish().map_err(|e| e.to_string())
}

/// Each file's copies, written where missing or stale; a line per file saying its sizes.
pub fn run(dir: &Path) -> Result<Vec<String>, String> {
    let mut lines = Vec::new();
    for source in sources(dir)? {
        let size = fs::metadata(&source).map_err(|e| e.to_string())?.len();
        if size > MAX_BYTES {
            lines.push(format!(
                "{}: {size} bytes, too large; left as is",
                source.display()
            ));
            continue;
        }
        let mut sizes = vec![format!("{size} bytes")];
        for (suffix, compress) in [("br", brotli as fn(&[u8]) -> _), ("gz", gzip)] {
            let copy = PathBuf::from(format!("{}.{suffix}", source.display()));
            if fresh(&source, &copy) {
                sizes.push(format!("{suffix} kept"));
                continue;
            }
            let bytes = fs::read(&source).map_err(|e| format!("{}: {e}", source.display()))?;
            let packed = compress(&bytes).map_err(|e| format!("{}: {e}", source.display()))?;
            if packed.len() as u64 >= size {
                let _ = fs::remove_file(&copy);
                sizes.push(format!("{suffix} not smaller"));
                continue;
            }
            fs::write(&copy, &packed).map_err(|e| format!("{}: {e}", copy.display()))?;
            sizes.push(format!("{suffix} {}", packed.len()));
        }
        lines.push(format!("{}: {}", source.display(), sizes.join(", ")));
    }
    Ok(lines)
}
