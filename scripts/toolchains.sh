# The nightly toolchain of the threaded wasm build (scripts/build.sh): wasm threads need the standard
# library rebuilt with atomics (-Z build-std). Pinned, so every machine builds the same; everything else
# builds on stable.
THREADS_TOOLCHAIN=nightly-2026-05-20
