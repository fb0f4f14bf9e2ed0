//! A training batch split by images over the backend's threads (data parallelism).
//!
//! Each shard of the batch runs the network's whole forward and backward pass on a thread of its own: the
//! first on the parameters, every other on a replica of them (`Parameters::replica`) that holds the same
//! values and takes its gradient. The replicas' gradients are then added into the parameters', and the step
//! sees the batch's gradient. Splitting each op over the threads instead hands work over a few dozen times a
//! step, most of it too small to be worth it: on two threads the MNIST CNN's step at batch 64 ran about 1.1
//! times as fast as on one that way, in two shards about 1.7 times in Chromium and 1.9 times natively.
//!
//! Results depend on the shards only through the order in which the gradient's parts are summed.

use crate::engine::simd::threads;
use crate::engine::Backend;

/// Fewer images than this make a shard whose ops cost more in overhead than they compute.
pub const MIN_SHARD: usize = 8;

/// The most memory the replicas of a network's parameters may take, values and gradients: a wide dense
/// layer has millions of weights, and a laptop's eight threads would hold seven copies.
pub const REPLICA_BYTES: usize = 64 << 20;

/// The sizes of the shards of a batch of `batch` images on `threads` threads, for a network of `parameters`
/// values: one per thread, each of at least `MIN_SHARD` images (one shard when the batch is smaller), no
/// more than the replicas' memory allows, as even as can be, the larger first.
pub fn sizes(batch: usize, threads: usize, parameters: usize) -> Vec<usize> {
    let replicas_allowed = REPLICA_BYTES / (2 * size_of::<f32>() * parameters.max(1));
    let count = (batch / MIN_SHARD).min(threads).min(1 + replicas_allowed).max(1);
    (0..count).map(|i| batch / count + usize::from(i < batch % count)).collect()
}

/// Calls `work(i, &mut items[i])` for every item, each on a thread of the backend's where it has more than
/// one, else one after the other.
pub fn for_each<B: Backend, T>(backend: &B, items: &mut [T], work: impl Fn(usize, &mut T)) {
    if backend.threads() == 1 || items.len() < 2 {
        return items.iter_mut().enumerate().for_each(|(i, item)| work(i, item));
    }
    let mut items: Vec<_> = items.iter_mut().map(AcrossThreads).collect();
    let work = AcrossThreads(work);
    threads::for_each_chunk_mut(&mut items, 1, |i, item| (work.get())(i, &mut *item[0].0));
}

/// A shard's work and data, handed to the backend's threads. The compiler cannot see that they may go
/// there, as they hold the backend and its buffers of a type it does not know.
struct AcrossThreads<T>(T);

impl<T> AcrossThreads<T> {
    // A method, so closures capture the wrapper and not its field.
    fn get(&self) -> &T {
        &self.0
    }
}

// SAFETY: only a backend that computes on more than one thread hands a shard to another, and such a backend
// lets its buffers and itself be used from its threads (the contract of `Backend::threads`): the SIMD
// backend's are host memory, which the assertion below checks for it. Each shard goes to one thread, which
// has it to itself until `threads::for_each_chunk_mut` returns.
unsafe impl<T> Send for AcrossThreads<T> {}
// SAFETY: as above; the work is shared by the threads, and only read.
unsafe impl<T> Sync for AcrossThreads<T> {}

/// The shards of the backend that computes on several threads may cross them: its graphs, its parameters
/// and itself.
const _: () = {
    const fn may_cross_threads<T: Send + Sync>() {}
    may_cross_threads::<crate::nn::Graph<crate::engine::simd::Simd>>();
    may_cross_threads::<crate::nn::Parameters<crate::engine::simd::Simd>>();
    may_cross_threads::<crate::engine::simd::Simd>();
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_one_per_thread_as_even_as_can_be_never_too_small_nor_too_many_to_replicate() {
        let small = 8_010;
        assert_eq!(sizes(64, 1, small), vec![64]);
        assert_eq!(sizes(64, 2, small), vec![32, 32]);
        assert_eq!(sizes(64, 3, small), vec![22, 21, 21]);
        assert_eq!(sizes(64, 16, small), vec![8; 8]);
        assert_eq!(sizes(23, 4, small), vec![12, 11]);
        assert_eq!(sizes(7, 4, small), vec![7]);
        assert_eq!(sizes(0, 4, small), vec![0]);
        assert_eq!(sizes(64, 0, small), vec![64]);
        // 6.4 M values (a dense layer of 1 024 on 7 × 7 × 128) take 51 MB as value and gradient: one replica.
        assert_eq!(sizes(64, 8, 6_422_528), vec![32, 32]);
        assert_eq!(sizes(64, 8, 9_000_000), vec![64]);
    }
}
