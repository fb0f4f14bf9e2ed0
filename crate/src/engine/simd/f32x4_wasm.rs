//! F32x4 on wasm SIMD128. With the relaxed-simd target feature, `mul_add` is one fused multiply-add
//! (`f32x4.relaxed_madd`); without it, a multiply and an add.

use core::arch::wasm32::*;
use std::ops::{Add, Mul, Sub};

#[derive(Clone, Copy, Debug)]
pub struct F32x4(v128);

impl F32x4 {
    #[inline(always)]
    pub fn splat(value: f32) -> Self {
        Self(f32x4_splat(value))
    }

    #[inline(always)]
    pub fn load(values: &[f32]) -> Self {
        assert!(values.len() >= 4);
        // SAFETY: four f32s are in bounds (checked above); v128_load accepts unaligned addresses.
        Self(unsafe { v128_load(values.as_ptr() as *const v128) })
    }

    #[inline(always)]
    pub fn store(self, out: &mut [f32]) {
        assert!(out.len() >= 4);
        // SAFETY: four f32s are in bounds (checked above); v128_store accepts unaligned addresses.
        unsafe { v128_store(out.as_mut_ptr() as *mut v128, self.0) }
    }

    #[inline(always)]
    pub fn mul_add(self, b: Self, c: Self) -> Self {
        #[cfg(target_feature = "relaxed-simd")]
        {
            Self(f32x4_relaxed_madd(self.0, b.0, c.0))
        }
        #[cfg(not(target_feature = "relaxed-simd"))]
        {
            Self(f32x4_add(f32x4_mul(self.0, b.0), c.0))
        }
    }

    /// Each lane as a vector of its own: [splat(a), splat(b), splat(c), splat(d)].
    #[inline(always)]
    pub fn lanes(self) -> [Self; 4] {
        let v = self.0;
        [
            Self(i32x4_shuffle::<0, 0, 0, 0>(v, v)),
            Self(i32x4_shuffle::<1, 1, 1, 1>(v, v)),
            Self(i32x4_shuffle::<2, 2, 2, 2>(v, v)),
            Self(i32x4_shuffle::<3, 3, 3, 3>(v, v)),
        ]
    }

    /// Other where it is greater, else self (so a NaN in self is kept, one in other is not). The pseudo-
    /// maximum is one instruction on x86-64; `f32x4.max`, which orders ±0 and propagates either NaN, is eight
    /// in V8.
    #[inline(always)]
    pub fn max(self, other: Self) -> Self {
        Self(f32x4_pmax(self.0, other.0))
    }

    /// Other where it is less, else self (so a NaN in self is kept, one in other is not): the pseudo-minimum,
    /// as `max`.
    #[inline(always)]
    pub fn min(self, other: Self) -> Self {
        Self(f32x4_pmin(self.0, other.0))
    }

    /// All bits set in the lanes where self == other, none elsewhere: a mask for `and` / `and_not`.
    #[inline(always)]
    pub fn equal_mask(self, other: Self) -> Self {
        Self(f32x4_eq(self.0, other.0))
    }

    /// All bits set in the lanes where self > other (false for NaN), none elsewhere.
    #[inline(always)]
    pub fn greater_mask(self, other: Self) -> Self {
        Self(f32x4_gt(self.0, other.0))
    }

    /// Bitwise self & mask: self where the mask is set, +0 elsewhere.
    #[inline(always)]
    pub fn and(self, mask: Self) -> Self {
        Self(v128_and(self.0, mask.0))
    }

    /// Bitwise self & !mask: +0 where the mask is set, self elsewhere.
    #[inline(always)]
    pub fn and_not(self, mask: Self) -> Self {
        Self(v128_andnot(self.0, mask.0))
    }
}

impl Add for F32x4 {
    type Output = Self;
    #[inline(always)]
    fn add(self, other: Self) -> Self {
        Self(f32x4_add(self.0, other.0))
    }
}

impl Mul for F32x4 {
    type Output = Self;
    #[inline(always)]
    fn mul(self, other: Self) -> Self {
        Self(f32x4_mul(self.0, other.0))
    }
}

impl Sub for F32x4 {
    type Output = Self;
    #[inline(always)]
    fn sub(self, other: Self) -> Self {
        Self(f32x4_sub(self.0, other.0))
    }
}
