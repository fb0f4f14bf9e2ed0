//! Low rank: a weight matrix (a dense layer's [inputs, outputs], or a convolution's filters reshaped to
//! [kernel · kernel · inputs, outputs]) replaced by the product of two thin factors, from its singular value
//! decomposition truncated to rank r — by Eckart and Young the best rank-r approximation in the Frobenius
//! norm. r · (rows + columns) parameters instead of rows · columns: for a small or square matrix that can be
//! more, not less.
//!
//! The decomposition is one-sided Jacobi (Hestenes 1958): plane rotations of column pairs until every pair
//! is orthogonal. Slower than bidiagonalisation but short, and accurate to rounding.

/// Sweeps over all column pairs before giving up; weight matrices converge in well under twenty.
const MAX_SWEEPS: usize = 60;

/// A's singular value decomposition A = U · diag(s) · Vᵀ, singular values descending.
pub struct Svd {
    pub rows: usize,
    pub columns: usize,
    /// [rows, k] row-major, orthonormal columns (k = min(rows, columns)).
    pub u: Vec<f64>,
    pub s: Vec<f64>,
    /// [columns, k] row-major, orthonormal columns.
    pub v: Vec<f64>,
}

/// The SVD of `a`, [rows, columns] row-major.
pub fn svd(a: &[f32], rows: usize, columns: usize) -> Svd {
    assert_eq!(a.len(), rows * columns, "{rows} × {columns} values");
    // Work on the taller orientation, so the k = min(rows, columns) columns rotated are the short side.
    let transposed = columns > rows;
    let (m, n) = if transposed { (columns, rows) } else { (rows, columns) };
    let at = |i: usize, j: usize| f64::from(if transposed { a[j * columns + i] } else { a[i * columns + j] });
    // Columns of the working matrix, each contiguous.
    let mut w: Vec<Vec<f64>> = (0..n).map(|j| (0..m).map(|i| at(i, j)).collect()).collect();
    let mut v: Vec<Vec<f64>> = (0..n).map(|j| (0..n).map(|i| f64::from(u8::from(i == j))).collect()).collect();
    for _ in 0..MAX_SWEEPS {
        let mut rotated = false;
        for p in 0..n {
            for q in p + 1..n {
                let alpha: f64 = w[p].iter().map(|x| x * x).sum();
                let beta: f64 = w[q].iter().map(|x| x * x).sum();
                let gamma: f64 = w[p].iter().zip(&w[q]).map(|(x, y)| x * y).sum();
                if gamma.abs() <= 1e-15 * (alpha * beta).sqrt() || gamma == 0.0 {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let t = if zeta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                for columns in [&mut w, &mut v] {
                    let (left, right) = columns.split_at_mut(q);
                    for (x, y) in left[p].iter_mut().zip(right[0].iter_mut()) {
                        let (xp, yq) = (*x, *y);
                        *x = c * xp - s * yq;
                        *y = s * xp + c * yq;
                    }
                }
            }
        }
        if !rotated {
            break;
        }
    }
    let norms: Vec<f64> = w.iter().map(|c| c.iter().map(|x| x * x).sum::<f64>().sqrt()).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| norms[b].total_cmp(&norms[a]));
    let s: Vec<f64> = order.iter().map(|&j| norms[j]).collect();
    // Left vectors: the rotated columns normalised (a zero singular value leaves a zero column).
    let left = |k: usize, i: usize| if s[k] > 0.0 { w[order[k]][i] / s[k] } else { 0.0 };
    let right = |k: usize, i: usize| v[order[k]][i];
    let (long, short): (Vec<f64>, Vec<f64>) = (
        (0..m).flat_map(|i| (0..n).map(move |k| (i, k))).map(|(i, k)| left(k, i)).collect(),
        (0..n).flat_map(|i| (0..n).map(move |k| (i, k))).map(|(i, k)| right(k, i)).collect(),
    );
    let (u, v) = if transposed { (short, long) } else { (long, short) };
    Svd { rows, columns, u, s, v }
}

impl Svd {
    pub fn rank(&self) -> usize {
        self.s.len()
    }

    /// The two factors of the rank-r approximation: U_r · diag(s_r) ([rows, r]) and V_rᵀ ([r, columns]).
    pub fn factors(&self, r: usize) -> (Vec<f32>, Vec<f32>) {
        let (k, r) = (self.rank(), r.min(self.rank()));
        let left = (0..self.rows).flat_map(|i| (0..r).map(move |j| (i, j)));
        let left = left.map(|(i, j)| (self.u[i * k + j] * self.s[j]) as f32).collect();
        let right = (0..r).flat_map(|j| (0..self.columns).map(move |i| (j, i)));
        let right = right.map(|(j, i)| self.v[i * k + j] as f32).collect();
        (left, right)
    }
}

/// The product of the factors `factors` gives: [rows, columns] row-major.
pub fn product(left: &[f32], right: &[f32], rows: usize, r: usize, columns: usize) -> Vec<f32> {
    let mut out = vec![0f32; rows * columns];
    for i in 0..rows {
        for j in 0..r {
            let l = left[i * r + j];
            out[i * columns..(i + 1) * columns].iter_mut().zip(&right[j * columns..]).for_each(|(o, x)| *o += l * x);
        }
    }
    out
}
