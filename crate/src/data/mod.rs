//! Datasets the labs train on: the idx format, labelled image sets, the chunked form the site serves and,
//! natively, the tool that converts the original files into that form.

#[cfg(not(target_arch = "wasm32"))]
pub mod convert;
pub mod drawing;
pub mod idx;
pub mod image_set;

/// A dataset the site serves: where its originals came from and what its classes are called.
pub struct DatasetInfo {
    /// Folder name, under `../shared/data/` and under the site's `data/`.
    pub id: &'static str,
    pub title: &'static str,
    pub classes: [&'static str; 10],
    pub licence: &'static str,
    pub origin: &'static str,
}

pub const DATASETS: [DatasetInfo; 2] = [
    DatasetInfo {
        id: "mnist",
        title: "MNIST",
        classes: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
        licence: "CC BY-SA 3.0 (Yann LeCun, Corinna Cortes)",
        origin: "http://yann.lecun.com/exdb/mnist/ — the four standard idx files",
    },
    DatasetInfo {
        id: "fashion-mnist",
        title: "Fashion-MNIST",
        classes: [
            "T-shirt/top",
            "Trouser",
            "Pullover",
            "Dress",
            "Coat",
            "Sandal",
            "Shirt",
            "Sneaker",
            "Bag",
            "Ankle boot",
        ],
        licence: "MIT (Zalando Research)",
        origin: "https://github.com/zalandoresearch/fashion-mnist — the four idx files",
    },
];

pub fn dataset(id: &str) -> Result<&'static DatasetInfo, String> {
    DATASETS.iter().find(|d| d.id == id).ok_or_else(|| format!("unknown dataset {id}: mnist or fashion-mnist"))
}
