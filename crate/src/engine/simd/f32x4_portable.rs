//! F32x4 as four plain lanes. The loops are fixed-length, so optimisers emit one vector instruction each.

use std::ops::{Add, Mul};

#[derive(Clone, Copy, Debug)]
pub struct F32x4([f32; 4]);

impl F32x4 {
    #[inline(always)]
    pub fn splat(value: f32) -> Self {
        Self([value; 4])
    }

    /// The first four values of `values`.
    #[inline(always)]
    pub fn load(values: &[f32]) -> Self {
        Self([values[0], values[1], values[2], values[3]])
    }

    /// Writes the four lanes to the first four places of `out`.
    #[inline(always)]
    pub fn store(self, out: &mut [f32]) {
        out[..4].copy_from_slice(&self.0);
    }

    /// self · b + c.
    #[inline(always)]
    pub fn mul_add(self, b: Self, c: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] * b.0[i] + c.0[i]))
    }

    #[inline(always)]
    pub fn max(self, other: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i].max(other.0[i])))
    }

    #[inline(always)]
    pub fn min(self, other: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i].min(other.0[i])))
    }
}

impl Add for F32x4 {
    type Output = Self;
    #[inline(always)]
    fn add(self, other: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] + other.0[i]))
    }
}

impl Mul for F32x4 {
    type Output = Self;
    #[inline(always)]
    fn mul(self, other: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] * other.0[i]))
    }
}
