//! Converts a dataset's original gzip idx files (as in `../shared/data/<id>/`) into what the site serves,
//! `web/public/data/<id>/`: a test chunk and 10 000-image training chunks (see `image_set`), gzip
//! compressed with a fixed header so the conversion is reproducible byte for byte, a `manifest.json` the
//! page reads first, and a `PROVENANCE.md` with origin, licence and checksums. Also reads either form back
//! for the native CLI.

use super::image_set::ImageSet;
use super::DatasetInfo;
use flate2::read::GzDecoder;
use flate2::{Compression, GzBuilder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::Path;

pub const CHUNK: usize = 10_000;

#[derive(Serialize, Deserialize)]
pub struct ChunkEntry {
    pub file: String,
    pub count: usize,
    pub bytes: usize,
}

/// What the page fetches first: the chunks, their sizes and the class names.
#[derive(Serialize, Deserialize)]
pub struct Manifest {
    pub id: String,
    pub title: String,
    pub side: usize,
    pub classes: Vec<String>,
    pub test: ChunkEntry,
    pub train: Vec<ChunkEntry>,
    pub licence: String,
}

pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn gunzip(bytes: &[u8], what: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    GzDecoder::new(bytes).read_to_end(&mut out).map_err(|e| format!("{what}: not a valid gzip file ({e})"))?;
    Ok(out)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzBuilder::new().mtime(0).write(Vec::new(), Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The (train, test) sets in `dir`'s original gzip idx files, checked against its SHA256SUMS when present.
pub fn read_originals(dir: &Path) -> Result<(ImageSet, ImageSet), String> {
    let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap_or_default();
    let file = |name: &str| -> Result<Vec<u8>, String> {
        let packed = read(&dir.join(name))?;
        if let Some(expected) = sums.lines().find(|l| l.ends_with(name)).and_then(|l| l.split_whitespace().next()) {
            let actual = sha256(&packed);
            if actual != expected {
                return Err(format!("{name}: checksum {actual}, SHA256SUMS says {expected}"));
            }
        }
        gunzip(&packed, name)
    };
    let set = |prefix: &str| {
        let labels = file(&format!("{prefix}-labels-idx1-ubyte.gz"))?;
        let images = file(&format!("{prefix}-images-idx3-ubyte.gz"))?;
        ImageSet::from_idx(&labels, &images, prefix)
    };
    Ok((set("train")?, set("t10k")?))
}

/// Writes the served form of (train, test) into `out`.
pub fn write_served(
    info: &DatasetInfo,
    train: &ImageSet,
    test: &ImageSet,
    originals: &Path,
    out: &Path,
) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let save = |name: &str, bytes: &[u8]| std::fs::write(out.join(name), bytes).map_err(|e| format!("{name}: {e}"));
    let mut provenance = format!(
        "# {}\n\nOrigin: {}\nLicence: {}\n\nConverted by `npm run cli -- convert-data` (crate/src/data/convert.rs) from the \
         original gzip idx files, whose SHA-256 sums were:\n\n```\n{}```\n\nEach `*.chunk.gz` is gzip(labels idx1 ++ images idx3), \
         {CHUNK} images (the test set is one chunk). SHA-256 of the served files:\n\n```\n",
        info.title,
        info.origin,
        info.licence,
        std::fs::read_to_string(originals.join("SHA256SUMS")).unwrap_or_default()
    );
    let mut chunk = |name: String, set: &ImageSet, range: std::ops::Range<usize>| -> Result<ChunkEntry, String> {
        let packed = gzip(&set.chunk(range.clone()));
        let _ = writeln!(provenance, "{}  {name}", sha256(&packed));
        save(&name, &packed)?;
        Ok(ChunkEntry { file: name, count: range.len(), bytes: packed.len() })
    };
    let test_chunk = chunk("test.chunk.gz".into(), test, 0..test.len())?;
    let train_chunks = (0..train.len().div_ceil(CHUNK))
        .map(|i| chunk(format!("train-{i}.chunk.gz"), train, i * CHUNK..((i + 1) * CHUNK).min(train.len())))
        .collect::<Result<Vec<_>, _>>()?;
    provenance.push_str("```\n");
    let manifest = Manifest {
        id: info.id.into(),
        title: info.title.into(),
        side: train.side,
        classes: info.classes.iter().map(|c| c.to_string()).collect(),
        test: test_chunk,
        train: train_chunks,
        licence: info.licence.into(),
    };
    save("manifest.json", serde_json::to_string_pretty(&manifest).expect("plain data").as_bytes())?;
    save("PROVENANCE.md", provenance.as_bytes())
}

/// The (train, test) sets from their served form in `dir`.
pub fn read_served(dir: &Path) -> Result<(ImageSet, ImageSet), String> {
    let manifest: Manifest = serde_json::from_slice(&read(&dir.join("manifest.json"))?)
        .map_err(|e| format!("{}: {e}", dir.join("manifest.json").display()))?;
    let load = |entries: &[ChunkEntry]| -> Result<ImageSet, String> {
        let mut set = ImageSet::default();
        for entry in entries {
            set.append_chunk(&gunzip(&read(&dir.join(&entry.file))?, &entry.file)?, &entry.file)?;
        }
        Ok(set)
    };
    Ok((load(&manifest.train)?, load(std::slice::from_ref(&manifest.test))?))
}

/// Writes the labs' sample photos from `images` (the project's `../shared/fixtures/images/`) into `out`, with
/// one PROVENANCE.md: the augmentation lab's cat scaled to 160 pixels wide, the detection lab's photos as
/// they are.
pub fn write_sample_photos(images: &Path, out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let chelsea = images.join("chelsea.png");
    let image = image::open(&chelsea).map_err(|e| format!("{}: {e}", chelsea.display()))?.into_rgb8();
    let height = (image.height() * 160).div_ceil(image.width());
    let small = image::imageops::resize(&image, 160, height, image::imageops::FilterType::Triangle);
    small.save(out.join("chelsea.png")).map_err(|e| format!("chelsea.png: {e}"))?;
    let mut provenance = format!(
        "# Sample photos\n\nFrom the project's `../shared/fixtures/images/`, by `npm run cli -- convert-data` \
         (crate/src/data/convert.rs).\n\n- `chelsea.png`: a cat (Chelsea), CC0, from scikit-image's sample data; \
         scaled to 160 pixels wide. Original SHA-256: {}.\n",
        sha256(&read(&chelsea)?)
    );
    for (name, what) in [
        ("dog.jpg", "a dog, a bicycle and a car, from darknet's sample data, public domain"),
        ("astronaut.png", "astronaut Eileen Collins, NASA, public domain, from scikit-image's sample data"),
    ] {
        let bytes = read(&images.join(name))?;
        std::fs::write(out.join(name), &bytes).map_err(|e| format!("{name}: {e}"))?;
        let _ = writeln!(provenance, "- `{name}`: {what}; unchanged. SHA-256: {}.", sha256(&bytes));
    }
    std::fs::write(out.join("PROVENANCE.md"), provenance).map_err(|e| format!("PROVENANCE.md: {e}"))
}
