//! The SIMD backend on several threads: the thread pool itself, then the SIMD conformance checks with
//! the work split as finely as it goes. The tests share one process-wide pool, so they take turns.

use playground::engine::conformance;
use playground::engine::simd::{threads, Simd};
use std::collections::HashSet;
use std::sync::Mutex;

const THREADS: usize = 4;

/// The pool started with `THREADS` threads and tasks of any size; held for the whole test.
fn pool() -> std::sync::MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    threads::start_native(THREADS);
    threads::limit_threads(THREADS);
    threads::set_min_task_work(1);
    turn
}

#[test]
fn every_chunk_is_visited_once_and_on_several_threads() {
    let _turn = pool();
    assert_eq!(threads::threads(), THREADS);
    let ran_on = Mutex::new(HashSet::new());
    let mut data = vec![0u32; 1003];
    threads::for_each_chunk_mut(&mut data, 7, |task, chunk| {
        ran_on.lock().unwrap().insert(std::thread::current().id());
        // Long enough that the helpers wake before the caller has claimed every task.
        std::thread::sleep(std::time::Duration::from_millis(1));
        chunk.iter_mut().enumerate().for_each(|(i, v)| *v += (task * 7 + i) as u32 + 1);
    });
    let expected: Vec<u32> = (1..=1003).collect();
    assert_eq!(data, expected);
    assert!(ran_on.into_inner().unwrap().len() > 1, "the job ran on its caller alone");
}

#[test]
fn empty_data_has_no_chunks_even_of_length_zero() {
    let _turn = pool();
    let calls = Mutex::new(0);
    threads::for_each_chunk_mut(&mut [0.0f32; 0], 0, |_, _| *calls.lock().unwrap() += 1);
    assert_eq!(*calls.lock().unwrap(), 0);
}

#[test]
fn a_job_inside_a_task_runs_on_that_task_s_thread() {
    let _turn = pool();
    let mut outer = vec![0usize; 64];
    threads::for_each_chunk_mut(&mut outer, 8, |_, chunk| {
        let mut inner = vec![0usize; 16];
        threads::for_each_chunk_mut(&mut inner, 3, |task, part| part.iter_mut().for_each(|v| *v = task + 1));
        chunk.fill(inner.iter().sum());
    });
    assert!(outer.iter().all(|&v| v == 3 * (1 + 2 + 3 + 4 + 5) + 6));
}

#[test]
fn limiting_to_one_thread_runs_on_the_caller() {
    let _turn = pool();
    threads::limit_threads(1);
    let caller = std::thread::current().id();
    let mut data = vec![0u8; 100];
    threads::for_each_chunk_mut(&mut data, 1, |_, chunk| {
        assert_eq!(std::thread::current().id(), caller);
        chunk[0] = 1;
    });
    threads::limit_threads(THREADS);
    assert!(data.iter().all(|&v| v == 1));
}

#[test]
#[should_panic(expected = "a task of a parallel job panicked")]
fn a_panicking_task_panics_the_caller() {
    let _turn = pool();
    let mut data = vec![0u8; 100];
    threads::for_each_chunk_mut(&mut data, 1, |task, _| assert_ne!(task, 77));
}

#[test]
fn simd_conformance_split_over_threads() {
    let _turn = pool();
    for check in conformance::own_checks(&Simd) {
        if let Err(mismatch) = pollster::block_on(conformance::run(&Simd, check)) {
            panic!("{check} on {THREADS} threads: {mismatch}");
        }
    }
}

/// A batch of 26 images on four threads trains in three shards (9, 9 and 8 images, `nn::shards`): each step
/// must leave the weights, the loss and the logits as training it whole on one thread does, up to the order
/// of the gradient's sums. Twice: a whole batch, then one in two sub-batches (the CNN lab's steps).
#[test]
fn a_batch_trained_in_shards_on_several_threads_steps_as_it_does_whole() {
    use playground::models::cnn::{Cnn, CnnSpec};
    use playground::nn::Optimiser;
    use playground::rng::Rng;
    let _turn = pool();
    let spec = CnnSpec::default();
    let mut rng = Rng::new(5);
    let images: Vec<f32> = (0..26 * 28 * 28).map(|_| rng.uniform()).collect();
    let labels: Vec<u8> = (0..26).map(|i| (i * 7 % 10) as u8).collect();
    let optimiser = Optimiser::Sgd { learning_rate: 0.1, momentum: 0.9 };
    let trained = |threads_used: usize| {
        threads::limit_threads(threads_used);
        let mut cnn = Cnn::new(&Simd, &spec, 3).unwrap();
        cnn.train_step(&images, &labels, optimiser);
        let first = (pollster::block_on(cnn.last_loss()), pollster::block_on(cnn.last_logits()));
        let (head, tail) = (&images[..17 * 28 * 28], &images[17 * 28 * 28..]);
        cnn.train_sub_batch(head, &labels[..17], 26, true);
        cnn.train_sub_batch(tail, &labels[17..], 26, false);
        cnn.apply_step(optimiser);
        (first, pollster::block_on(cnn.parameters()))
    };
    let ((whole_loss, whole_logits), whole) = trained(1);
    let ((sharded_loss, sharded_logits), sharded) = trained(THREADS);
    threads::limit_threads(THREADS);
    let close = |a: f32, b: f32| (a - b).abs() <= 1e-5 * (1.0 + a.abs().max(b.abs()));
    assert!(close(sharded_loss, whole_loss), "loss {sharded_loss} against {whole_loss}");
    assert_eq!(sharded_logits.len(), whole_logits.len());
    assert!(sharded_logits.iter().zip(&whole_logits).all(|(&a, &b)| close(a, b)), "the logits differ");
    for (i, (a, b)) in sharded.iter().zip(&whole).enumerate() {
        let worst = a.iter().zip(b).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
        assert!(a.iter().zip(b).all(|(&a, &b)| close(a, b)), "parameter {i} differs by up to {worst}");
    }
}
