// Every user-facing text of the playground, in Dutch, the workshop's language. Same shape as en.ts.

import type { Text } from "./en";

export const nl: Text = {
  app: {
    title: "Deep-learning speeltuin",
    environment: "Omgeving",
    home: "Labs",
    close: "Sluiten",
    engineRestarted: (reason: string) =>
      `De rekenkern liep op een interne fout en is herstart: ${reason}. Je instellingen en punten blijven bewaard; het model begint opnieuw.`,
    engineUnavailable: (reason: string) => `De rekenkern kon niet starten: ${reason}`,
    failed: (what: string, reason: string) => `${what} mislukt: ${reason}`,
    notFound: (route: string) => `Er is geen pagina "${route}".`,
  },
  home: {
    intro:
      "Een deep-learning workshop die volledig in je browser draait: niets te installeren, niets naar een server gestuurd. Elk lab volgt een deel van de workshop, stap voor stap.",
    labs: {
      perceptron: {
        title: "Perceptron",
        summary:
          "Eén neuron leert een rechte: drempel, stuksgewijs lineair en sigmoïde, en waarom XOR niet lukt.",
      },
      mlp: {
        title: "MLP en backpropagation",
        summary: "Verborgen lagen buigen de grens: train een klein netwerk op cirkels, spiralen en XOR.",
      },
    },
  },
  environment: {
    title: "Omgeving",
    intro: "Wat deze browser de rekenkern biedt. Alles werkt ook zonder WebGPU, op de CPU-backends.",
    webgpu: "WebGPU-adapter",
    noWebgpu: (reason: string) => `geen WebGPU: ${reason}`,
    software: "software-terugval: een CPU die zich als GPU voordoet",
    hardware: "hardware",
    wasmSimd: "wasm SIMD",
    relaxedSimd: "wasm relaxed SIMD",
    isolation: "cross-origin-isolatie",
    threads: "gedeeld geheugen voor threads",
    cores: "logische kernen",
    backend: "gebruikte backend",
    build: "versie van de rekenkern (gekozen voor deze browser)",
    core: "versie rekenkern",
    yes: "ja",
    no: "nee",
    detecting: "bezig met detecteren…",
    backendNames: { scalar: "scalair (gewone Rust, gecompileerd naar wasm)" },
  },
  controls: {
    dataset: "Dataset",
    activation: "Activatie",
    learningRate: "Leersnelheid",
    step: "Stap",
    run: "Start",
    pause: "Pauze",
    reset: "Opnieuw",
    epoch: "Epoch",
  },
  activations: {
    threshold: "drempel",
    "piecewise-linear": "stuksgewijs lineair",
    sigmoid: "sigmoïde",
    tanh: "tanh",
    relu: "ReLU",
  },
  datasets: {
    and: "EN",
    or: "OF",
    xor: "XOF",
    clouds: "twee scheidbare wolken",
    circles: "cirkels",
    gaussians: "twee Gaussische verdelingen",
    spiral: "spiraal",
    custom: "mijn eigen punten",
  },
  perceptron: {
    title: "Perceptron",
    intro:
      "Een single-layer perceptron: twee ingangen, twee gewichten en een bias. Het berekent s = w₁x₁ + w₂x₂ + b, antwoordt f(s), en zegt klasse 1 als s ≥ 0; de beslissingsgrens is dus de rechte w₁x₁ + w₂x₂ + b = 0.",
    rule: {
      threshold: "Perceptronregel: Δw = η · (t − y) · x, Δb = η · (t − y).",
      differentiable: "Deltaregel: Δw = η · (t − y) · f′(s) · x, Δb = η · (t − y) · f′(s).",
    },
    clickHint:
      "Klik in de grafiek om punten toe te voegen: links voor klasse 1 (blauw), rechts voor klasse 0 (oranje), of kies hieronder de klasse voor een linkerklik.",
    leftClickClass: "Linkerklik voegt toe",
    classLabel: (label: number) => `klasse ${label}`,
    clearPoints: "Punten wissen",
    weights: "Gewichten",
    misclassified: "Nu fout geklasseerd",
    errorsPerEpoch: "Fout geklasseerde punten na elke epoch",
    lastStep: "Laatste stap",
    noStepYet: "Druk op Stap om van één voorbeeld te leren.",
    sample: "voorbeeld",
    target: "doel t",
    weightedSum: "gewogen som s",
    output: "uitgang y = f(s)",
    error: "fout t − y",
    slope: "factor",
    slopeThreshold: "1 (perceptronregel)",
    update: "aanpassing",
    saturated:
      "f′(s) = 0 hier: de stuksgewijs lineaire eenheid is verzadigd, dus de deltaregel kan dit punt niet verschuiven, hoe fout het ook is.",
    converged: (epoch: number) => `Na epoch ${epoch} is elk punt juist geklasseerd.`,
    xorExplanation:
      "XOF is niet lineair scheidbaar: geen enkele rechte zet (0,1) en (1,0) aan de ene kant en (0,0) en (1,1) aan de andere, dus een perceptron blijft fouten maken. Een verborgen laag lost het op:",
    xorLink: "train een MLP op XOF",
    noPoints: "Nog geen punten: klik in de grafiek om er toe te voegen.",
  },
  mlp: {
    title: "MLP en backpropagation",
    intro:
      "Een multilayer perceptron leert met backpropagation: de fout aan de uitgang stroomt terug door de gewichten, en elk gewicht beweegt tegen zijn gradiënt in. Elk verborgen neuron tekent één grens; de volgende laag combineert ze.",
    noise: "Ruis",
    trainFraction: "Aandeel training",
    hiddenLayers: "Verborgen lagen (neuronen per laag, gescheiden door komma's)",
    batchSize: "Batchgrootte",
    seed: "Seed",
    stepEpoch: "Eén epoch",
    play: "Start",
    trainLoss: "trainingsverlies",
    testLoss: "testverlies",
    trainAccuracy: "nauwkeurigheid training",
    testAccuracy: "nauwkeurigheid test",
    losses: "Verlies per epoch",
    network:
      "Netwerk: elk vierkantje toont waarop dat neuron reageert; lijnen zijn gewichten (blauw positief, oranje negatief, dikker is groter).",
    invalidLayers:
      "Schrijf de verborgen lagen als aantallen neuronen gescheiden door komma's, bv. 4,4 (tot 6 lagen van 1 tot 16).",
    legend:
      "Volle stippen: trainingspunten. Ringen: testpunten. Achtergrond: P(klasse 1) volgens het netwerk.",
  },
  bench: {
    title: "Benchmark van de rekenkern",
    intro:
      "De workloads van de perf anchor (W1 matmul, W2 convoluties, W3 één trainingsstap van het MNIST-CNN, W4 een Tiny-YOLOv2-achtig netwerk) in deze browser, één thread, eerst opwarmen, dan de mediaan van herhalingen.",
    workloads: "Workloads",
    backends: "Backends",
    run: "Start",
    running: (workload: string, backend: string) => `${workload} op ${backend} loopt…`,
    done: (count: number) => `Klaar: ${count} metingen.`,
    columns: [
      "workload",
      "backend",
      "build",
      "apparaat",
      "eerste ms",
      "mediaan ms",
      "GFLOP/s",
      "voorbeelden/s",
    ],
  },
};
