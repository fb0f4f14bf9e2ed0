//! Linear quantisation: int8, symmetric (zero maps to zero, so pruned weights stay exact), with one scale per
//! tensor or per output channel; and float16 storage. What comes back out is what the network computes with.

/// One scale per tensor, or per output channel (the last dimension).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Granularity {
    Tensor,
    Channel,
}

/// `values` (output channels last, `channels` of them) as int8 and their scales: value ≈ q · scale.
pub fn int8(values: &[f32], channels: usize, granularity: Granularity) -> (Vec<i8>, Vec<f32>) {
    let groups = match granularity {
        Granularity::Tensor => 1,
        Granularity::Channel => channels.max(1),
    };
    let mut largest = vec![0f32; groups];
    values.iter().enumerate().for_each(|(i, v)| largest[i % groups] = largest[i % groups].max(v.abs()));
    let scales: Vec<f32> = largest.iter().map(|&m| if m > 0.0 { m / 127.0 } else { 1.0 }).collect();
    let q = values.iter().enumerate().map(|(i, v)| (v / scales[i % groups]).round().clamp(-127.0, 127.0) as i8);
    (q.collect(), scales)
}

/// The values `int8` quantised, back as floats.
pub fn dequantise(q: &[i8], scales: &[f32]) -> Vec<f32> {
    q.iter().enumerate().map(|(i, &q)| f32::from(q) * scales[i % scales.len()]).collect()
}

/// IEEE 754 half precision, rounded to nearest even; overflow to infinity, underflow through subnormals.
pub fn f16_bits(x: f32) -> u16 {
    let bits = x.to_bits();
    let sign = ((bits >> 16) & 0x8000) as u16;
    let exponent = ((bits >> 23) & 0xff) as i32;
    let mantissa = bits & 0x7f_ffff;
    if exponent == 0xff {
        return sign | 0x7c00 | if mantissa != 0 { 0x200 } else { 0 };
    }
    let half_exponent = exponent - 127 + 15;
    if half_exponent >= 0x1f {
        return sign | 0x7c00;
    }
    if half_exponent <= 0 {
        if half_exponent < -10 {
            return sign;
        }
        // A subnormal half: the implicit leading 1 joins the mantissa, shifted into place.
        let full = mantissa | 0x80_0000;
        let shift = (14 - half_exponent) as u32;
        return sign | round_shift(full, shift) as u16;
    }
    // Rounding may carry into the exponent, which is the right answer (up to infinity).
    sign | (((half_exponent as u32) << 10) as u16 + round_shift(mantissa, 13) as u16)
}

/// `value >> shift`, rounded to nearest, ties to even.
fn round_shift(value: u32, shift: u32) -> u32 {
    let kept = value >> shift;
    let rest = value & ((1 << shift) - 1);
    let half = 1 << (shift - 1);
    if rest > half || (rest == half && kept & 1 == 1) {
        kept + 1
    } else {
        kept
    }
}

pub fn f32_from_f16(bits: u16) -> f32 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let mantissa = f32::from(bits & 0x3ff);
    sign * match exponent {
        0 => mantissa * 2f32.powi(-24),
        0x1f if mantissa == 0.0 => f32::INFINITY,
        0x1f => f32::NAN,
        e => (1.0 + mantissa / 1024.0) * 2f32.powi(e - 15),
    }
}
