"""PyTorch on the same GPU as the anchor for the native wgpu benchmark: the workloads W1, W2 and W4 of
crate/src/engine/bench.rs in float32 (TF32 off, as WGSL has no TF32), timed with CUDA events: warm-up,
then the median of repeats. With --compare WGPU_JSON it prints both side by side with the ratios."""

import argparse
import json
import statistics

import torch
import torch.nn.functional as F


def conv(x, w, stride=1):
    """SAME convolution for odd kernels, as the benchmark's (NCHW here; cuDNN picks its own layout)."""
    return F.conv2d(x, w, stride=stride, padding=w.shape[-1] // 2)


def workloads(device):
    g = torch.Generator(device="cpu").manual_seed(7)

    def rand(*shape, scale=1.0):
        return ((torch.rand(*shape, generator=g) * 2 - 1) * scale).to(device)

    a256, b256 = rand(256, 256), rand(256, 256)
    a1k, b1k = rand(1024, 1024), rand(1024, 1024)
    a4k, b4k = rand(4096, 4096), rand(4096, 4096)
    x56, w56 = rand(1, 64, 56, 56), rand(64, 64, 3, 3, scale=(6 / 576) ** 0.5)
    x112, dw, pw = rand(1, 32, 112, 112), rand(32, 1, 3, 3), rand(64, 32, 1, 1)

    plan = [(3, 16), "p2", (3, 32), "p2", (3, 64), "p2", (3, 128), "p2", (3, 256), "p2", (3, 512), "p1",
            (3, 1024), (3, 1024), (1, 125)]
    layers, channels, flops4 = [], 3, 0
    size = 416
    for index, step in enumerate(plan):
        if isinstance(step, tuple):
            k, cout = step
            layers.append(("conv", rand(cout, channels, k, k, scale=(6 / (k * k * channels)) ** 0.5),
                           rand(cout, scale=0.01), index + 1 == len(plan)))
            flops4 += 2 * size * size * channels * cout * k * k
            channels = cout
        else:
            layers.append((step,))
            if step == "p2":
                size //= 2
    x416 = rand(1, 3, 416, 416)

    def tiny_yolo():
        x = x416
        for layer in layers:
            if layer[0] == "conv":
                x = conv(x, layer[1]) + layer[2].view(1, -1, 1, 1)
                if not layer[3]:
                    x = F.leaky_relu(x, 0.1)
            elif layer[0] == "p2":
                x = F.max_pool2d(x, 2, 2)
            else:  # 2×2 stride 1, SAME: pad one cell at the bottom and right
                x = F.max_pool2d(F.pad(x, (0, 1, 0, 1), value=float("-inf")), 2, 1)
        return x

    return {
        "w1_matmul_256": (2 * 256**3, lambda: a256 @ b256),
        "w1_matmul_1024": (2 * 1024**3, lambda: a1k @ b1k),
        "w1_matmul_4096": (2 * 4096**3, lambda: a4k @ b4k),
        "w2_conv3x3_56x56x64": (2 * 56 * 56 * 64 * 64 * 9, lambda: conv(x56, w56)),
        "w2_sepconv_112x112x32": (
            2 * 112 * 112 * 32 * 9 + 2 * 112 * 112 * 32 * 64,
            lambda: F.conv2d(F.conv2d(x112, dw, padding=1, groups=32), pw),
        ),
        "w4_tinyyolo_416": (flops4, tiny_yolo),
    }


def measure(run, warmup=5, repeats=30):
    with torch.no_grad():
        for _ in range(warmup):
            run()
        torch.cuda.synchronize()
        times = []
        for _ in range(repeats):
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            run()
            end.record()
            end.synchronize()
            times.append(start.elapsed_time(end))
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", help="write the measurements here")
    parser.add_argument("--compare", help="the wgpu benchmark's JSON, to print side by side")
    args = parser.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.benchmark = True
    device = torch.device("cuda")
    name = torch.cuda.get_device_name(device)
    results = []
    for workload, (flops, run) in workloads(device).items():
        median_ms = measure(run)
        results.append({"workload": workload, "backend": f"pytorch {torch.__version__} cuda fp32: {name}",
                        "median_ms": median_ms, "gflops": flops / (median_ms * 1e6)})
        print(f"{workload:<24} pytorch  {median_ms:9.3f} ms  {flops / (median_ms * 1e6):9.1f} GFLOP/s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    if args.compare:
        with open(args.compare) as f:
            wgpu = {m["workload"]: m for m in json.load(f)}
        # wgpu's kernel ms is its compute by the GPU's timestamps, without the submission and the wait.
        print(f"\n{'workload':<24} {'wgpu ms':>10} {'kernel ms':>10} {'torch ms':>10} {'wgpu GF/s':>10} "
              f"{'torch GF/s':>10} {'wgpu/torch':>10}")
        for r in results:
            w = wgpu.get(r["workload"])
            if w:
                kernel = "" if w.get("kernel_ms") is None else f"{w['kernel_ms']:.3f}"
                print(f"{r['workload']:<24} {w['median_ms']:10.3f} {kernel:>10} {r['median_ms']:10.3f} "
                      f"{w['gflops']:10.1f} {r['gflops']:10.1f} {w['gflops'] / r['gflops']:10.2f}")


if __name__ == "__main__":
    main()
