//! F32x4 as four plain lanes. The loops are fixed-length, so optimisers emit one vector instruction each.

use std::ops::{Add, Mul, Sub};

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

    /// Each lane as a vector of its own: [splat(a), splat(b), splat(c), splat(d)].
    #[inline(always)]
    pub fn lanes(self) -> [Self; 4] {
        self.0.map(Self::splat)
    }

    /// Other where it is greater, else self (so a NaN in self is kept, one in other is not).
    #[inline(always)]
    pub fn max(self, other: Self) -> Self {
        Self(std::array::from_fn(|i| if self.0[i] < other.0[i] { other.0[i] } else { self.0[i] }))
    }

    /// Other where it is less, else self (so a NaN in self is kept, one in other is not).
    #[inline(always)]
    pub fn min(self, other: Self) -> Self {
        Self(std::array::from_fn(|i| if other.0[i] < self.0[i] { other.0[i] } else { self.0[i] }))
    }

    /// All bits set in the lanes where self == other, none elsewhere: a mask for `and` / `and_not`.
    #[inline(always)]
    pub fn equal_mask(self, other: Self) -> Self {
        Self(std::array::from_fn(|i| f32::from_bits(if self.0[i] == other.0[i] { u32::MAX } else { 0 })))
    }

    /// All bits set in the lanes where self > other (false for NaN), none elsewhere.
    #[inline(always)]
    pub fn greater_mask(self, other: Self) -> Self {
        Self(std::array::from_fn(|i| f32::from_bits(if self.0[i] > other.0[i] { u32::MAX } else { 0 })))
    }

    /// Bitwise self & mask: self where the mask is set, +0 elsewhere.
    #[inline(always)]
    pub fn and(self, mask: Self) -> Self {
        Self(std::array::from_fn(|i| f32::from_bits(self.0[i].to_bits() & mask.0[i].to_bits())))
    }

    /// Bitwise self & !mask: +0 where the mask is set, self elsewhere.
    #[inline(always)]
    pub fn and_not(self, mask: Self) -> Self {
        Self(std::array::from_fn(|i| f32::from_bits(self.0[i].to_bits() & !mask.0[i].to_bits())))
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

impl Sub for F32x4 {
    type Output = Self;
    #[inline(always)]
    fn sub(self, other: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] - other.0[i]))
    }
}
