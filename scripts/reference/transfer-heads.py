"""Writes crate/tests/fixtures/transfer_heads_sklearn.json: scikit-learn's linear SVM, softmax regression and
k-NN on the ImageNet classifier's features of Fashion-MNIST images, the outside oracle for the transfer lab's
heads (crate/src/heads, checked by crate/tests/transfer_heads.rs).

The features are the project's own (the CLI's `transfer --features-out`): the check is of the heads, not of
the network. Five classes that look alike in pairs (T-shirt, pullover, coat, sandal, sneaker), the first 60
test images of each; the CLI holds the last quarter of each class out for validation.

Needs scikit-learn beside it, which the project does not otherwise install, and ../shared beside the clone:
  python3 -m venv /tmp/sk && /tmp/sk/bin/pip install scikit-learn==1.9.1
  /tmp/sk/bin/python scripts/reference/transfer-heads.py
"""

import gzip
import json
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "fashion-mnist"
OUT = ROOT / "crate" / "tests" / "fixtures" / "transfer_heads_sklearn.json"
CLASSES = {0: "t-shirt", 2: "pullover", 4: "coat", 5: "sandal", 7: "sneaker"}
PER_CLASS = 60
C = 1.0
K = 3


def idx(name):
    data = gzip.decompress((DATA / name).read_bytes())
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4 : 4 + 4 * dims])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def png(path, pixels):
    """A greyscale PNG, written with the standard library."""
    height, width = pixels.shape
    rows = b"".join(b"\0" + pixels[y].tobytes() for y in range(height))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def main():
    images, labels = idx("t10k-images-idx3-ubyte.gz"), idx("t10k-labels-idx1-ubyte.gz")
    with tempfile.TemporaryDirectory() as tmp:
        folders = Path(tmp) / "classes"
        for label, name in CLASSES.items():
            folder = folders / name
            folder.mkdir(parents=True)
            for n, i in enumerate(np.flatnonzero(labels == label)[:PER_CLASS]):
                png(folder / f"{n:03}.png", images[i])
        features_file = Path(tmp) / "features.json"
        command = ["bash", "scripts/cli.sh", "transfer", "--classes", str(folders), "--features-out", str(features_file)]
        subprocess.run(command, cwd=ROOT, check=True)
        dump = json.loads(features_file.read_text())

    def split(validation):
        chosen = [e for e in dump["examples"] if e["validation"] == validation]
        return np.array([e["features"] for e in chosen], np.float32), np.array([e["label"] for e in chosen])

    (x_train, y_train), (x_val, y_val) = split(False), split(True)
    heads = {
        "svm": make_pipeline(StandardScaler(), LinearSVC(loss="hinge", C=C, max_iter=100_000)),
        "softmax": make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=100_000)),
        "knn": KNeighborsClassifier(n_neighbors=K, metric="cosine"),
    }
    accuracies = {name: float(head.fit(x_train, y_train).score(x_val, y_val)) for name, head in heads.items()}
    print(accuracies)

    def rounded(x):
        return [[float(f"{v:.5g}") for v in row] for row in x.tolist()]

    fixture = {
        "made_by": f"scripts/reference/transfer-heads.py with scikit-learn {sklearn.__version__}",
        "heads": {"svm": {"C": C}, "softmax": {"C": C}, "knn": {"k": K, "metric": "cosine"}},
        "cut": dump["cut"],
        "classes": dump["classes"],
        "train": {"features": rounded(x_train), "labels": y_train.tolist()},
        "validation": {"features": rounded(x_val), "labels": y_val.tolist()},
        "sklearn_validation_accuracy": accuracies,
    }
    OUT.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
