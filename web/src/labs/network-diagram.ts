// Draws an MLP as columns of neurons: each hidden and output neuron as a small map of its output over
// the plane, each weight as a line whose width is its size and whose colour is its sign.

import type { Activation, Layer } from "../engine/protocol";
import { CLASS_COLOURS, drawMap, prepare } from "../ui/plot";

const NODE = 30;
const ROW = 36;
const WIDTH = 420;

/** Brings a neuron's outputs into [0, 1] for drawing: tanh spans [−1, 1], ReLU [0, its maximum]. */
function normalise(values: Float32Array, activation: Activation): Float32Array {
  if (activation === "tanh") return values.map((v) => (v + 1) / 2);
  if (activation === "relu") {
    const max = values.reduce((m, v) => Math.max(m, v), 1e-6);
    return values.map((v) => v / max);
  }
  return values;
}

export function drawNetwork(
  canvas: HTMLCanvasElement,
  layers: Layer[],
  neuronMaps: Float32Array,
  resolution: number,
  activation: Activation,
): void {
  const widths = [layers[0].inputs, ...layers.map((l) => l.outputs)];
  const height = Math.max(...widths) * ROW + 8;
  const context = prepare(canvas, WIDTH, height, () =>
    drawNetwork(canvas, layers, neuronMaps, resolution, activation),
  );
  const columnX = (c: number) => 20 + (c * (WIDTH - 40 - NODE)) / (widths.length - 1);
  const rowY = (c: number, r: number) => height / 2 + (r - (widths[c] - 1) / 2) * ROW - NODE / 2;

  layers.forEach((layer, l) => {
    for (let o = 0; o < layer.outputs; o++) {
      for (let i = 0; i < layer.inputs; i++) {
        const weight = layer.weights[o * layer.inputs + i];
        context.strokeStyle = CLASS_COLOURS[weight >= 0 ? 1 : 0];
        context.globalAlpha = 0.75;
        context.lineWidth = Math.min(6, 0.3 + Math.abs(weight));
        context.beginPath();
        context.moveTo(columnX(l) + NODE, rowY(l, i) + NODE / 2);
        context.lineTo(columnX(l + 1), rowY(l + 1, o) + NODE / 2);
        context.stroke();
      }
    }
  });
  context.globalAlpha = 1;

  context.font = "12px system-ui, sans-serif";
  context.textAlign = "center";
  context.textBaseline = "middle";
  ["x₁", "x₂"].forEach((name, r) => {
    context.fillStyle = "#eee";
    context.fillRect(columnX(0), rowY(0, r), NODE, NODE);
    context.fillStyle = "#333";
    context.fillText(name, columnX(0) + NODE / 2, rowY(0, r) + NODE / 2);
  });

  const cells = resolution * resolution;
  let neuron = 0;
  layers.forEach((layer, l) => {
    const isOutput = l === layers.length - 1;
    for (let o = 0; o < layer.outputs; o++, neuron++) {
      const values = neuronMaps.subarray(neuron * cells, (neuron + 1) * cells);
      const rect = { x: columnX(l + 1), y: rowY(l + 1, o), width: NODE, height: NODE };
      drawMap(context, isOutput ? values : normalise(values, activation), resolution, rect);
      context.strokeStyle = "#444";
      context.lineWidth = 1;
      context.strokeRect(rect.x, rect.y, rect.width, rect.height);
    }
  });
}
