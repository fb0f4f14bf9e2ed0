//! A one-shot completion that a wgpu callback fires and a future awaits. Natively the callbacks fire
//! inside `Device::poll`; in the browser, from the event loop after the GPU is done.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

#[derive(Clone, Default)]
pub struct Signal(Arc<Mutex<State>>);

#[derive(Default)]
struct State {
    fired: bool,
    waker: Option<Waker>,
}

impl Signal {
    pub fn fire(&self) {
        let mut state = self.0.lock().expect("signal lock poisoned");
        state.fired = true;
        if let Some(waker) = state.waker.take() {
            waker.wake();
        }
    }

    pub fn has_fired(&self) -> bool {
        self.0.lock().expect("signal lock poisoned").fired
    }
}

impl Future for Signal {
    type Output = ();

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<()> {
        let mut state = self.0.lock().expect("signal lock poisoned");
        if state.fired {
            Poll::Ready(())
        } else {
            state.waker = Some(context.waker().clone());
            Poll::Pending
        }
    }
}
