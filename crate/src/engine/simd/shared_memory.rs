//! The threaded build's memory, shared by its threads, and each thread's view of its size.
//!
//! Chromium (seen on 156) lets a thread see the shared memory at the size its own growth or its last
//! refresh left, not at what another thread has grown it to since. Loads and stores past that size still
//! work (the whole memory is reserved up front), but a bulk copy or fill (`memory.copy` and `memory.fill`:
//! what `copy_from_slice`, `clone` and zeroing compile to) is checked against it, and traps with "memory
//! access out of bounds" on memory that another thread grew: the caller of a parallel job, copying out a
//! block a helper had just allocated, did (`emnapi` and `wasm-util` met the same in their JS glue, and mend
//! it the same way). Growing the memory by nothing brings a thread's view up to date, so a thread does that
//! wherever it takes up memory that another may have grown: in every allocation, before the allocator runs
//! (under one lock, so no thread grows the memory between the refresh and the allocation's own fill), when
//! a helper takes a job, and when a job's caller gets the helpers' work back.

/// Brings the calling thread's view of the memory's size up to date; nothing where memory is not shared.
#[inline]
pub fn see_growth_elsewhere() {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    core::arch::wasm32::memory_grow::<0>(0);
}

#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
mod allocator {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicBool, Ordering};

    /// The standard allocator, called with the calling thread's view of the memory refreshed, one thread at
    /// a time (the standard allocator takes a lock of its own too: this one adds no waiting).
    struct Refreshing;

    static LOCKED: AtomicBool = AtomicBool::new(false);

    fn refreshed<T>(allocate: impl FnOnce() -> T) -> T {
        // A spin lock, as the standard allocator's own: a thread waits here only while another allocates.
        while LOCKED.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
            std::hint::spin_loop();
        }
        super::see_growth_elsewhere();
        let result = allocate();
        LOCKED.store(false, Ordering::Release);
        result
    }

    // SAFETY: every call is passed on to the standard allocator unchanged.
    unsafe impl GlobalAlloc for Refreshing {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            refreshed(|| unsafe { System.alloc(layout) })
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            refreshed(|| unsafe { System.alloc_zeroed(layout) })
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            refreshed(|| unsafe { System.realloc(ptr, layout, new_size) })
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    #[global_allocator]
    static ALLOCATOR: Refreshing = Refreshing;
}
