//! Recurrent layers over whole sequences (`ops::Recurrent`): the time loop and the cells' arithmetic,
//! with the matrix products left to the backend (`Product`): plain loops here, the SIMD GEMM there.
//!
//! Forward, per step t: z = pre[t] + h[t−1] · W (no product at t = 0: the state starts at zero), then the
//! cell. Backward through time, from the last step down: ∂L/∂h[t] is the loss's own gradient at step t
//! plus dz[t+1] · Wᵀ; the LSTM's ∂L/∂c[t] adds ∂L/∂c[t+1] · f[t+1]; dz[t] follows from the cell's
//! derivatives. The weight's gradient is Σ over sequences and steps of h[t−1]ᵀ · dz[t].

use crate::engine::ops::{Cell, Recurrent};

/// A strided matrix in a buffer: element (r, c) is at `offset + r · row_stride + c · col_stride`.
#[derive(Clone, Copy, Debug)]
pub struct View {
    pub offset: usize,
    pub row_stride: usize,
    pub col_stride: usize,
}

impl View {
    pub fn rows(offset: usize, row_stride: usize) -> Self {
        Self { offset, row_stride, col_stride: 1 }
    }
}

/// c[m, n] += a[m, k] · b[k, n], each a view into its buffer; `(m, n, k)` last.
pub type Product = fn((&[f32], View), (&[f32], View), (&mut [f32], View), (usize, usize, usize));

/// The plain-loop product.
pub fn product(
    (a, av): (&[f32], View),
    (b, bv): (&[f32], View),
    (c, cv): (&mut [f32], View),
    (m, n, k): (usize, usize, usize),
) {
    for i in 0..m {
        for j in 0..n {
            let mut sum = 0.0;
            for p in 0..k {
                sum += a[av.offset + i * av.row_stride + p * av.col_stride]
                    * b[bv.offset + p * bv.row_stride + j * bv.col_stride];
            }
            c[cv.offset + i * cv.row_stride + j * cv.col_stride] += sum;
        }
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// The LSTM's values at one step and unit, as `memory` keeps them.
const INPUT: usize = 0;
const FORGET: usize = 1;
const CANDIDATE: usize = 2;
const OUTPUT: usize = 3;
const CELL: usize = 4;

pub fn forward(pre: &[f32], weight: &[f32], hidden: &mut [f32], memory: &mut [f32], op: &Recurrent, product: Product) {
    let Recurrent { cell, batch, steps, hidden: units } = *op;
    let (width, kept) = (op.width(), cell.memory() * units);
    for t in 0..steps {
        for b in 0..batch {
            let row = b * steps + t;
            memory[row * kept..row * kept + width].copy_from_slice(&pre[row * width..(row + 1) * width]);
        }
        if t > 0 {
            let last = View::rows((t - 1) * units, steps * units);
            let z = View::rows(t * kept, steps * kept);
            product((&*hidden, last), (weight, View::rows(0, width)), (memory, z), (batch, width, units));
        }
        for b in 0..batch {
            let row = b * steps + t;
            for j in 0..units {
                let at = |value: usize| row * kept + value * units + j;
                hidden[row * units + j] = match cell {
                    Cell::Tanh => {
                        memory[at(0)] = memory[at(0)].tanh();
                        memory[at(0)]
                    }
                    Cell::Lstm => {
                        for gate in [INPUT, FORGET, OUTPUT] {
                            memory[at(gate)] = sigmoid(memory[at(gate)]);
                        }
                        memory[at(CANDIDATE)] = memory[at(CANDIDATE)].tanh();
                        let last_cell = if t > 0 { memory[at(CELL) - kept] } else { 0.0 };
                        let c = memory[at(FORGET)] * last_cell + memory[at(INPUT)] * memory[at(CANDIDATE)];
                        memory[at(CELL)] = c;
                        memory[at(OUTPUT)] * c.tanh()
                    }
                };
            }
        }
    }
}

/// Backpropagation through time: `dhidden` is the loss's gradient at every step's output; `dpre` gets
/// dz, and `state` each step's ∂L/∂h (and ∂L/∂c) from that step and every later one.
pub fn backward(
    memory: &[f32],
    weight: &[f32],
    dhidden: &[f32],
    (dpre, state): (&mut [f32], &mut [f32]),
    op: &Recurrent,
    product: Product,
) {
    let Recurrent { cell, batch, steps, hidden: units } = *op;
    let (width, kept, carried) = (op.width(), cell.memory() * units, cell.state() * units);
    for t in (0..steps).rev() {
        for b in 0..batch {
            let row = b * steps + t;
            state[row * carried..row * carried + units].copy_from_slice(&dhidden[row * units..(row + 1) * units]);
        }
        if t + 1 < steps {
            let next = View::rows((t + 1) * width, steps * width);
            // Wᵀ as a [width, units] matrix.
            let transposed = View { offset: 0, row_stride: 1, col_stride: width };
            let dh = View::rows(t * carried, steps * carried);
            product((&*dpre, next), (weight, transposed), (state, dh), (batch, units, width));
        }
        for b in 0..batch {
            let row = b * steps + t;
            for j in 0..units {
                let at = |value: usize| row * kept + value * units + j;
                let dz = |gate: usize| row * width + gate * units + j;
                let dh = state[row * carried + j];
                match cell {
                    Cell::Tanh => {
                        let h = memory[at(0)];
                        dpre[dz(0)] = dh * (1.0 - h * h);
                    }
                    Cell::Lstm => {
                        let (i, f, g, o) =
                            (memory[at(INPUT)], memory[at(FORGET)], memory[at(CANDIDATE)], memory[at(OUTPUT)]);
                        let tanh_c = memory[at(CELL)].tanh();
                        let mut dc = dh * o * (1.0 - tanh_c * tanh_c);
                        if t + 1 < steps {
                            dc += state[(row + 1) * carried + units + j] * memory[at(FORGET) + kept];
                        }
                        state[row * carried + units + j] = dc;
                        let last_cell = if t > 0 { memory[at(CELL) - kept] } else { 0.0 };
                        dpre[dz(INPUT)] = dc * g * i * (1.0 - i);
                        dpre[dz(FORGET)] = dc * last_cell * f * (1.0 - f);
                        dpre[dz(CANDIDATE)] = dc * i * (1.0 - g * g);
                        dpre[dz(OUTPUT)] = dh * tanh_c * o * (1.0 - o);
                    }
                }
            }
        }
    }
}

/// dweight = Σ over sequences of h[0..T−1]ᵀ · dz[1..T].
pub fn weight_gradient(hidden: &[f32], dpre: &[f32], dweight: &mut [f32], op: &Recurrent, product: Product) {
    let Recurrent { batch, steps, hidden: units, .. } = *op;
    let width = op.width();
    dweight.fill(0.0);
    for b in 0..batch {
        // h[b, 0..T−1]ᵀ as a [units, T − 1] matrix.
        let last = View { offset: b * steps * units, row_stride: 1, col_stride: units };
        let dz = View::rows((b * steps + 1) * width, width);
        product((hidden, last), (dpre, dz), (dweight, View::rows(0, width)), (units, width, steps - 1));
    }
}
