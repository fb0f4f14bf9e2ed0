// Every user-facing text of the playground, in Dutch, the workshop's language. Same shape as en.ts.

import type { ProductKernel, ProductKernels, SubgroupSizes } from "../engine/protocol";
import type { Text } from "./en";
import { duration, formatNumber, formatPercent } from "./numbers";

/** De productkernels van WebGPU (`ProductKernel`), zoals het backendslab ze noemt. */
const KERNELS_NL: Record<ProductKernel, string> = {
  staged: "staged-kernel (tegels van 64 × 64 in het werkgroepgeheugen)",
  unstaged: "unstaged-kernel (elke invocatie leest rechtstreeks uit het geheugen)",
  wide: "wide-kernel (tegels van 128 × 128)",
};

export const nl: Text = {
  app: {
    title: "Deep-learning speeltuin",
    environment: "Omgeving",
    home: "Labs",
    controls: "Bediening",
    more: "Meer: het idee erachter",
    workshop: "Workshop",
    presenter: "Presentatiemodus",
    loadingEngine: "De rekenkern laadt…",
    dismiss: "Dit bericht sluiten",
    close: "Sluiten",
    engineRestarted: (reason: string) =>
      `De rekenkern liep op een interne fout en is herstart: ${reason}. Je instellingen en punten blijven bewaard; het model begint opnieuw.`,
    engineUnavailable: (reason: string) => `De rekenkern kon niet starten: ${reason}`,
    failed: (what: string, reason: string) => `${what} mislukt: ${reason}`,
    notFound: (route: string) => `Er is geen pagina "${route}".`,
  },
  problems: {
    "kernel-not-offered": (p) => `blok ${p.block}: een kernel van ${p.kernel} is er niet (3 of 5)`,
    "filter-count": (p) => `blok ${p.block}: ${p.filters} filters (1 tot ${p.max})`,
    "too-small-to-pool": (p) =>
      `blok ${p.block}: de invoer is ${p.side}×${p.side}, te klein om door 2 te poolen — gebruik minder blokken`,
    "hidden-units": (p) => `verborgen laag: ${p.units} eenheden (1 tot ${p.max})`,
    "batch-size": (p) => `batchgrootte ${p.batch} (1 tot ${p.max})`,
    "training-diverged": (p) =>
      `de training is gedivergeerd: de loss werd ${p.loss} bij stap ${formatNumber("nl", p.step)}. ${
        p.restored
          ? "De gewichten zijn terug op die van de laatste evaluatie."
          : "Druk op Opnieuw om opnieuw te beginnen."
      } Probeer een lagere leersnelheid.`,
    "mlp-diverged": (p) =>
      `de training is gedivergeerd (de loss werd NaN of oneindig) bij leersnelheid ${String(p.learningRate).replace(".", ",")}; de gewichten staan weer op die van het laatste goede epoch. Verlaag de leersnelheid en ga verder.`,
    "text-too-short": (p) =>
      `de tekst heeft ${p.got} tekens; het model heeft er minstens ${p.needed} nodig: plak meer tekst, of kies een korter venster.`,
    "served-model-damaged": (p) =>
      `het model ${p.model} dat deze site aanbiedt, laadde niet (${p.detail}). Herlaad de pagina; helpt dat niet, dan is de kopie op de site beschadigd: vraag de workshopleider haar opnieuw te bouwen.`,
    "gpu-lost": (p) =>
      `De GPU werkt niet meer (${p.reason}). Het lab is overgestapt op wasm SIMD${
        p.steps === null ? "" : ` en gaat verder vanaf stap ${formatNumber("nl", p.steps)}`
      }; herlaad de pagina om WebGPU weer te gebruiken.`,
    "cfg-needs-option": (p) => `cfg regel ${p.line}: [${p.section}] heeft ${p.key}= nodig`,
    "cfg-not-a-number": (p) => `cfg regel ${p.line}: ${p.key}=${p.value} is geen geldig getal`,
    "cfg-not-a-list": (p) => `cfg regel ${p.line}: ${p.key}=${p.value} is geen lijst van getallen`,
    "cfg-activation": (p) =>
      `cfg regel ${p.line}: activation=${p.activation} wordt niet ondersteund (linear, leaky, relu en logistic wel)`,
    "cfg-option-outside-section": (p) => `cfg regel ${p.line}: een optie vóór de eerste [sectie]`,
    "cfg-line": (p) => `cfg regel ${p.line}: [sectie] of sleutel=waarde verwacht, maar “${p.found}” gevonden`,
    "cfg-later-layer": (p) =>
      `cfg regel ${p.line}: laag ${p.layer} verwijst naar laag ${p.refers}, die er niet vóór komt`,
    "cfg-not-positive": (p) => `cfg regel ${p.line}: ${p.keys} moeten positief zijn`,
    "cfg-grouped-route": (p) =>
      `cfg regel ${p.line}: een route met groups (YOLOv4-tiny) wordt niet ondersteund`,
    "cfg-mask-without-anchor": (p) => `cfg regel ${p.line}: mask ${p.mask} wijst geen anchor aan`,
    "cfg-anchor-count": (p) => `cfg regel ${p.line}: num verschilt van het aantal anchor-paren`,
    "cfg-coords": (p) => `cfg regel ${p.line}: alleen coords=4 (x, y, b, h) wordt ondersteund`,
    "cfg-unknown-layer": (p) => `cfg regel ${p.line}: onbekende laag [${p.name}]`,
    "cfg-odd-anchors": (p) => `cfg regel ${p.line}: anchors komen in paren (breedte, hoogte)`,
    "cfg-no-net": () => "de cfg begint niet met [net]: is het wel een darknet-cfg?",
    "cfg-no-layers": () => "de cfg heeft geen lagen na [net]",
    "layer-groups": (p) =>
      `laag ${p.layer} (${p.kind}): ${p.channels} invoerkanalen en ${p.filters} filters zijn niet te verdelen over ${p.groups} groepen`,
    "layer-kernel": (p) =>
      `laag ${p.layer} (${p.kind}): een venster van ${p.size}×${p.size} past niet op de invoer van ${p.height}×${p.width}`,
    "layer-route-sizes": (p) =>
      `laag ${p.layer} (${p.kind}): lagen ${p.first} en ${p.other} verschillen in hoogte en breedte`,
    "layer-shortcut-shape": (p) =>
      `laag ${p.layer} (${p.kind}): de uitvoer van laag ${p.from} heeft een andere vorm dan die van de vorige laag`,
    "layer-upsample": (p) =>
      `laag ${p.layer} (${p.kind}): upsamplen met ${p.stride} wordt niet ondersteund, alleen met 2`,
    "layer-head-channels": (p) =>
      `laag ${p.layer} (${p.kind}): de invoer heeft ${p.channels} kanalen, ${p.anchors} anchors × (5 + ${p.classes} klassen) vragen er ${p.anchors * (5 + p.classes)}`,
    "weights-header": (p) =>
      `het weights-bestand is ${formatNumber("nl", p.bytes)} bytes, te kort voor de header van darknet`,
    "weights-not-floats": (p) =>
      `de ${formatNumber("nl", p.bytes)} bytes na de header van het weights-bestand zijn geen hele float32-waarden`,
    "weights-count": (p) =>
      `het weights-bestand bevat ${formatNumber("nl", p.available)} waarden, de cfg vraagt er ${formatNumber("nl", p.needed)}: ${
        p.endsIn === null
          ? "er blijven waarden over na de laatste laag"
          : `het houdt op midden in laag ${p.endsIn} (convolutional)`
      }; horen ze bij hetzelfde model?`,
    "parameter-count": (p) => `${p.given} paren parameters voor ${p.layers} convolutionele lagen`,
    "parameter-sizes": (p) =>
      `laag ${p.layer}: ${p.weights} gewichten en ${p.biases} biases gegeven, ze vraagt er ${p.expectedWeights} en ${p.expectedBiases}`,
    "no-heads": () => "de cfg heeft geen [yolo]- of [region]-laag, dus er zijn geen vakken uit te lezen",
    "too-few-names": (p) =>
      `de koppen van de cfg hebben ${p.classes} klassen, maar het names-bestand noemt er ${p.names}`,
    "input-size": (p) => `de invoergrootte moet een positief veelvoud van 32 zijn, niet ${p.size}`,
    "not-safetensors": () => "dit is geen safetensors-bestand",
    "not-ours": () => "dit safetensors-bestand is niet door het CNN-lab van deze speeltuin bewaard",
    "wrong-format": (p) =>
      `het formaat van het bestand is ${p.format}, niet het formaat dat dit lab leest (${p.expected})`,
    architecture: (p) => `het netwerk dat het bestand beschrijft is ongeldig (${p.detail})`,
    "missing-tensor": (p) => `het bestand mist tensor ${p.name}`,
    "tensor-shape": (p) =>
      `${p.name}: ${p.dtype} [${p.stored.join(", ")}], de architectuur vraagt F32 [${p.needed.join(", ")}]`,
    "tensor-data": (p) =>
      `${p.name}: de gegevens ontbreken of hebben de verkeerde grootte; is het bestand heel?`,
    compressed: (p) => `het gecomprimeerde netwerkbestand is beschadigd: ${p.detail}`,
    "download-failed": (p) =>
      `het downloaden van ${p.file} mislukte (${p.status === 0 ? "geen verbinding" : `de server antwoordde ${p.status}`}); controleer het netwerk en herlaad`,
  },
  webgpuAbsence: {
    missing: "deze browser biedt geen WebGPU",
    "no-adapter":
      "WebGPU is er, maar er werd geen adapter toegekend: geen ondersteunde GPU, of WebGPU staat uit in deze browser",
    failed: (detail) => `het vragen om een WebGPU-adapter mislukte: ${detail}`,
  },
  home: {
    intro:
      "Een deep-learning workshop die volledig in je browser draait: niets te installeren, niets naar een server gestuurd. Elk lab volgt een deel van de workshop, stap voor stap.",
    workshop:
      "Voor de workshopleider: de agenda van de dag met zijn labs, de QR-code voor de projector, hoe je het zonder internet laat draaien, en wie wat opgelost heeft.",
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
      cnn: {
        title: "CNN op MNIST",
        summary:
          "Train een LeNet-achtig netwerk op handgeschreven cijfers op je eigen laptop, kijk erin, teken ervoor, augmenteer de data.",
      },
      detect: {
        title: "Objectdetectie",
        summary:
          "Voorgetrainde YOLO-detectors op je webcam of een foto: gezichten en 80 alledaagse objecten, kaders live getekend, niets wordt verstuurd.",
      },
      transfer: {
        title: "Transfer learning",
        summary:
          "De features van een ImageNet-netwerk voor klassen die je met je webcam filmt: een lineaire SVM, softmax-regressie en k-NN erop, waar je knipt, hoe weinig beelden het vraagt.",
      },
      inside: {
        title: "In een CNN kijken en hem misleiden",
        summary:
          "Saliency, deconvnet, guided backprop en Grad-CAM met hun sanity check; adversarial examples, de robuustheidscurve en fooling images.",
      },
      compress: {
        title: "Compressie",
        summary:
          "Snoei, deel, kwantiseer, factoriseer en Huffman-codeer je CNN: de echte bestandsgrootte, de nauwkeurigheid en de snelheid op elke backend, naast elkaar.",
      },
      autoencoder: {
        title: "Auto-encoders",
        summary:
          "Pers cijfers samen tot een code van een paar getallen en teken ze terug: ruis verwijderen, sparse codes, en een wandeling door het codevlak.",
      },
      gan: {
        title: "GAN's",
        summary:
          "Zie een generator leren een discriminator te foppen in het vlak: diens oordeel als kaart, de vervormde ruis van de generator, de trek op elk punt, en mode collapse; daarna een DCGAN die cijfers leert tekenen.",
      },
      rnn: {
        title: "RNN en LSTM",
        summary:
          "Een gewoon RNN en een LSTM leren een taak waarvan het antwoord 50 stappen terug ligt: zie de een leren en de ander op de basislijn blijven, en zie de gradiënt verdwijnen.",
      },
      code: {
        title: "Programmeeropdrachten",
        summary:
          "Schrijf zelf de perceptronregel, softmax, een convolutie, max pooling en een gradiëntstap, gecontroleerd tegen de rekenkern.",
      },
      backends: {
        title: "GPU of CPU?",
        summary:
          "Meet hetzelfde werk op scalaire code, wasm SIMD en WebGPU bij groeiende groottes, en zie waar (en of) de GPU wint op je laptop.",
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
    subgroups: "WebGPU-subgroups",
    subgroupSizes: ({ min, max }: SubgroupSizes) =>
      !min || !max
        ? "ja"
        : min === max
          ? `ja, elk ${min} invocaties`
          : `ja, elk ${min} tot ${max} invocaties`,
    wasmSimd: "wasm SIMD",
    relaxedSimd: "wasm relaxed SIMD",
    isolation: "cross-origin-isolatie",
    threads: "gedeeld geheugen voor threads",
    cores: "logische kernen",
    engineThreads: "threads waarop de CPU-kernels rekenen",
    backends: "backends die de labs hier kunnen gebruiken",
    build: "versie van de rekenkern (gekozen voor deze browser)",
    core: "versie rekenkern",
    yes: "ja",
    no: "nee",
    detecting: "bezig met detecteren…",
    backendNames: {
      scalar: () => "scalair (gewone Rust-lussen, de referentie)",
      simd: (build: string) =>
        ({
          threads: "wasm SIMD (relaxed, met FMA, op threads)",
          "relaxed-simd": "wasm SIMD (relaxed, met FMA)",
        })[build] ?? "wasm SIMD",
      webgpu: () => "WebGPU",
    },
  },
  controls: {
    groups: {
      data: "Data",
      network: "Netwerk",
      training: "Training",
      run: "Uitvoeren",
      points: "Je eigen punten",
      source: "Beeld",
      detector: "Detector",
      measure: "Meten",
    },
    dataset: "Dataset",
    activation: "Activatie",
    learningRate: "Leersnelheid",
    step: "Stap",
    run: "Start",
    pause: "Pauze",
    reset: "Opnieuw",
    epoch: "Epoch",
    notANumber: "Typ een getal.",
    outOfRange: (min: string, max: string) => `Tussen ${min} en ${max}.`,
    wholeNumber: "Een geheel getal.",
    backends: { webgpu: "WebGPU", simd: "wasm SIMD", scalar: "scalair (traag, ter vergelijking)" },
    /** The image datasets the labs train on, by their names (the same in every language). */
    imageDatasets: { mnist: "MNIST", "fashion-mnist": "Fashion-MNIST" },
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
    xor: "XOR",
    clouds: "twee scheidbare wolken",
    circles: "cirkels",
    gaussians: "twee Gaussische verdelingen",
    spiral: "spiraal",
    custom: "mijn eigen punten",
  },
  exercises: {
    title: "Opdrachten",
    progress: (done, total) => `${done} van ${total} opgelost`,
    start: "Begin hier",
    hint: "Hint",
    nextHint: "Nog een hint",
    giveUp: "Toon het antwoord",
    solved: "Opgelost",
    notYet: (why) => `Nog niet: ${why}.`,
    perceptron: {
      needs: (dataset, unit) => `kies ${dataset} en de ${unit}-eenheid`,
      stillWrong: (wrong, epoch) =>
        epoch === 0
          ? "train hem eerst"
          : `${wrong} ${wrong === 1 ? "punt ligt" : "punten liggen"} na epoch ${epoch} nog aan de verkeerde kant`,
      moreEpochs: (epoch, needed) => `train minstens ${needed} epochs (tot nu toe ${epoch})`,
      separated: "een epoch eindigde zonder fouten: is dit wel XOR?",
      ownPointsNeeded: "zet eigen punten in de grafiek (de dataset wordt “mijn eigen punten”)",
      fewPoints: (zeros, ones) =>
        `minstens 3 punten van elke klasse (nu ${zeros} van klasse 0 en ${ones} van klasse 1)`,
      tasks: {
        "or-threshold": {
          goal: "Laat de perceptron met de drempeleenheid OR scheiden. In hoeveel epochs lukt dat?",
          hints: [
            "Druk op Start: elke epoch ziet elk punt één keer, en de perceptronregel verschuift de lijn na elke fout.",
            "De grafiek telt de fout geclassificeerde punten na elke epoch; bij 0 scheidt de lijn de klassen.",
          ],
          explanation:
            "OR is lineair scheidbaar, dus de convergentiestelling van de perceptron belooft dat de regel in een eindig aantal stappen een scheidende lijn vindt. Hoeveel hangt af van de begingewichten en de leersnelheid.",
        },
        "and-delta-rule": {
          goal: "Scheid AND met de sigmoïde eenheid, die leert met de deltaregel in plaats van de perceptronregel.",
          hints: [
            "De deltaregel vermenigvuldigt elke stap met f′(s): klein als de eenheid zeker is, dus het leren vertraagt vlak bij het antwoord.",
            "Duurt het lang, probeer dan een grotere leersnelheid (10× met de schuif).",
          ],
          explanation:
            "De uitvoer van de sigmoïde is een kans; de deltaregel volgt de gradiënt van de kwadratische fout. Ook zo wordt AND gescheiden, maar de stappen stoppen nooit helemaal: de uitvoer wordt steeds verder naar 0 en 1 geduwd.",
        },
        "xor-impossible": {
          goal: "Laat zien dat geen perceptron XOR scheidt: train minstens 20 epochs en zie elke epoch met fouten eindigen.",
          hints: [
            "Druk op Start en kijk naar de grafiek: komt de telling ooit op 0?",
            "Probeer ook de andere eenheden en leersnelheden: de lijn kan overal heen, maar één rechte lijn is niet genoeg.",
          ],
          explanation:
            "De klassen van XOR liggen op tegenover elkaar liggende hoeken: geen rechte lijn heeft (0,1) en (1,0) aan de ene kant en (0,0) en (1,1) aan de andere. Een verborgen laag buigt de grens: dat is het MLP-lab.",
        },
        "own-points": {
          goal: "Klik een eigen dataset bij elkaar — minstens 3 punten van elke klasse die een lijn kan scheiden — en train de perceptron tot hij geen fouten meer maakt.",
          hints: [
            "Linksklikken voegt de klasse toe die naast de grafiek gekozen is, rechtsklikken de andere.",
            "Houd de twee klassen aan weerszijden van een denkbeeldige rechte lijn en druk dan op Start.",
          ],
          explanation:
            "Elke lineair scheidbare verzameling wordt geleerd; een verzameling die een lijn niet kan scheiden (zoals XOR) nooit. Zet één punt aan de verkeerde kant en zie de perceptron falen.",
        },
      },
    },
    mlp: {
      needsDataset: (dataset) => `kies de dataset ${dataset}`,
      layers: (count, max) =>
        count === 0
          ? "voeg een verborgen laag toe: zonder is de grens een rechte lijn"
          : `gebruik hoogstens ${max} verborgen ${max === 1 ? "laag" : "lagen"} (nu ${count})`,
      tooManyUnits: (units, max) =>
        `het netwerk heeft ${units} verborgen eenheden; de opdracht staat er hoogstens ${max} toe`,
      accuracy: (accuracy, target, units) =>
        `de nauwkeurigheid op de test is ${formatPercent("nl", accuracy, 1)}; de opdracht vraagt ≥ ${formatPercent("nl", target, 0)} met hoogstens ${units} verborgen eenheden`,
      fewTestPoints: (fraction, max) =>
        `${formatPercent("nl", fraction, 0)} van de punten is voor de training; houd het op hoogstens ${formatPercent("nl", max, 0)}, anders blijven er te weinig testpunten over om te oordelen`,
      notDiverged: (rate) => `de training is niet gedivergeerd (leersnelheid ${formatNumber("nl", rate, 4)})`,
      tasks: {
        "xor-hidden-layer": {
          goal: "Leer XOR, wat geen perceptron kan: haal ≥ 95 % nauwkeurigheid op de test met één verborgen laag van hoogstens 4 eenheden.",
          hints: [
            "Typ de grootte van de verborgen laag bij de netwerkinstellingen, bv. 2, en druk op Start.",
            "In theorie volstaan twee verborgen eenheden, maar een slechte start kan ze laten vastlopen; met 3 of 4 lukt het vaker (probeer een andere seed).",
          ],
          explanation:
            "Elke verborgen eenheid trekt één lijn; de uitvoereenheid combineert ze. XOR vraagt twee lijnen (de band ertussen is één klasse), dus één verborgen laag van 2 eenheden kan het voorstellen: het punt van de presentatie dat een verborgen laag niet-lineaire grenzen mogelijk maakt.",
        },
        "circles-three-units": {
          goal: "Scheid de binnenste cirkel van de ring: ≥ 90 % nauwkeurigheid op de test met één verborgen laag van hoogstens 3 eenheden.",
          hints: [
            "Zonder verborgen laag is de grens een lijn, en geen lijn scheidt een cirkel van een ring eromheen.",
            "Kijk naar de netwerktekening: de kaart van elke verborgen eenheid is een halfvlak. Hoeveel halfvlakken sluiten de cirkel in?",
          ],
          explanation:
            "Drie halfvlakken vormen een driehoek rond de binnenste cirkel, genoeg voor de testpunten. Met 2 eenheden blijft het gebied aan één kant open; met meer eenheden rondt het af naar de cirkel.",
        },
        "spiral-smallest": {
          goal: "Het kleinste netwerk voor de spiraal: ≥ 90 % nauwkeurigheid op de test op de spiraal zonder ruis, met hoogstens 12 verborgen eenheden in totaal.",
          hints: [
            "Eén laag heeft voor een spiraal veel eenheden nodig; twee lagen van een paar eenheden stellen hun grenzen samen en hebben er minder nodig.",
            "Probeer 6,6 met tanh en Start op volle snelheid; blijft het hangen, dan helpt een kleinere leersnelheid of een andere seed.",
            "Haal dan eenheden weg: hoe klein kan het en toch boven 90 % blijven?",
          ],
          explanation:
            "Diepte hergebruikt wat de laag eronder maakte: de tweede laag combineert de lijnen van de eerste tot krommen, dus twee kleine lagen doen het hier beter dan één brede. Wat het kleinste betrouwbare netwerk is, hangt af van de seed: niet alleen de capaciteit maar ook het optimaliseren beslist.",
        },
        "diverging-rate": {
          goal: "Zoek een leersnelheid waarbij de training divergeert: de loss wordt oneindig en het lab stopt.",
          hints: [
            "Verander de leersnelheid telkens met een factor 10 en doe telkens één epoch.",
            "Een te grote stap springt over het dal van de loss naar een hoger punt, en elke sprong is groter dan de vorige.",
          ],
          explanation:
            "Gradient descent is alleen stabiel zolang de stap kleiner is dan ongeveer 2 gedeeld door de kromming van de loss; daarboven schiet elke stap verder door dan de vorige en lopen de getallen over. Het lab houdt de laatste goede gewichten, dus met een kleinere leersnelheid ga je daar verder.",
        },
      },
    },
    backends: {
      noWebgpu:
        "deze browser biedt geen WebGPU, dus er is geen GPU om mee te vergelijken (Chrome of Edge op een laptop met een GPU heeft het wel)",
      moreSizes: (sizes, needed) =>
        `meet matrixvermenigvuldiging op WebGPU en een CPU-backend bij ${needed} of meer groottes (nu ${sizes}); de snelle meting heeft er maar 2`,
      measureWebgpu: "meet een reeks met WebGPU aangevinkt",
      firstNotSlower:
        "bij geen enkel WebGPU-punt duurde de eerste run hier twee keer de warme tijd; meet een reeks die WebGPU nog niet gedaan heeft",
      channels: (largest, needed) =>
        `meet de convolutie per aantal kanalen op scalar en SIMD tot ${needed} kanalen (beide tot nu toe: ${largest})`,
      batches: (largest, needed) =>
        `meet de trainingsstap op één backend van batch 1 tot ${needed} of meer (tot nu toe: ${largest})`,
      tasks: {
        "matmul-crossover": {
          goal: "Zoek het kantelpunt van jouw machine: vanaf welke matrixgrootte is WebGPU sneller dan de CPU, transfers meegerekend? Meet matrixvermenigvuldiging op WebGPU en een CPU-backend bij 4 of meer groottes (niet de snelle meting).",
          hints: [
            "De grafiek markeert waar de WebGPU-lijn onder de CPU-lijnen zakt, en de zin eronder noemt de grootte.",
            "Vink de andere reeksen uit om sneller te meten; je mag stoppen zodra de lijnen gekruist zijn.",
            "Op een software-adapter (SwiftShader) wint de GPU nooit: dat is een CPU die zich voordoet als GPU.",
          ],
          explanation:
            "De tijd van een GPU is een vaste kost (uploaden, opdrachten geven, teruglezen: vaak een milliseconde of meer) plus werk dat duizenden kernen samen doen; die van een CPU is bijna allemaal werk. Kleine matrices zijn alleen vaste kost, dus de CPU wint; het n³-werk groeit tot het parallellisme van de GPU loont. Waar de lijnen kruisen hangt af van je GPU, zijn driver en je CPU: daarom zegt de presentatie dat je moet meten.",
        },
        "first-webgpu-run": {
          goal: "Waarom is de eerste WebGPU-run traag? Meet een reeks op WebGPU en vergelijk in de tabel “eerste run ms” met “rekenen ms”.",
          hints: [
            "De tabel onder de grafieken toont de koude run apart; hier duurt die minstens twee keer de warme tijd.",
            "Wat moet de browser doen de eerste keer dat een kernel draait, dat hij daarna kan hergebruiken?",
          ],
          explanation:
            "De eerste run vertaalt de WGSL-shaders naar de eigen code van de GPU, bouwt de pipelines, reserveert buffers en raakt het geheugen voor het eerst aan; latere runs hergebruiken dat allemaal. Daarom warmen benchmarks eerst op, en is het eerste GPU-frame van een lab trager dan wat volgt.",
        },
        "simd-speedup": {
          goal: "Wat winnen wasm-SIMD-kernels op gewone scalaire lussen? Meet de convolutie per aantal kanalen op scalar en SIMD tot 64 kanalen of meer, en lees de factor onder de grafiek.",
          hints: [
            "Vink alleen scalar en één SIMD-reeks aan om sneller te gaan.",
            "De zin onder de grafiek geeft de factor bij de grootste grootte die beide gemeten hebben.",
          ],
          explanation:
            "Eén SIMD-instructie verwerkt vier getallen van 32 bits, en de SIMD-kernels houden een stuk van de uitvoer in registers zodat elke geladen invoer vaak gebruikt wordt; de scalaire lussen laden alles opnieuw. Kleine lagen winnen minder: daar loont het regelwerk van de vectoren niet.",
        },
        "batch-throughput": {
          goal: "Wat levert een grotere batch op? Meet één trainingsstap op één backend van batch 1 tot 32 of meer, en vergelijk de voorbeelden per seconde.",
          hints: [
            "De grafiek geeft milliseconden per stap; voorbeelden per seconde is de batch gedeeld door die tijd.",
            "Groeit de tijd per stap even snel als de batch?",
          ],
          explanation:
            "Een batch maakt van veel matrix-vectorproducten één matrix-matrixproduct dat elk gewicht voor elk voorbeeld hergebruikt, dus het aantal voorbeelden per seconde groeit tot het werk de machine vult en vlakt dan af. Een grotere batch betekent ook minder, gladdere updates per epoch: de kant van de nauwkeurigheid.",
        },
      },
    },
    code: {
      runFirst: "voer je code uit",
      failed: (message, line) =>
        line === undefined
          ? `de code stopte met een fout (${message})`
          : `de code stopte met een fout op regel ${line} (${message})`,
      timedOut: (seconds) => `de run werd na ${seconds} s gestopt`,
      stopped: "de run werd gestopt",
      length: (got, want) => `je code gaf ${got} getallen terug; de rekenkern ${want}`,
      differs: (index, got, want) => `getal ${index + 1} is ${got}; de rekenkern berekent ${want}`,
      tasks: {
        "perceptron-rule": {
          goal: "Schrijf één stap van de perceptronregel: de gewogen som s = w·x + b, de uitvoer y van de drempeleenheid (1 als s ≥ 0), dan w + rate·(target − y)·x.",
          hints: [
            "Een for-lus telt w[i] * x[i] op; begin de som bij b.",
            "Als y gelijk is aan het doel, blijven de gewichten zoals ze zijn.",
          ],
          explanation:
            "De perceptron leert alleen van fouten: (target − y) is 0 als hij juist was, ±1 als hij fout was, en de gewichten schuiven met de leersnelheid naar de invoer toe (of ervan weg).",
        },
        softmax: {
          goal: "Schrijf softmax: exp(z_i) / Σ exp(z_j) voor de vijf logits. Eén ervan is ongeveer 800: let op.",
          hints: [
            "Math.exp(800) is Infinity, en Infinity / Infinity is NaN.",
            "Het grootste logit van elk logit aftrekken verandert niets aan het resultaat, en houdt elke exp ≤ 1.",
          ],
          explanation:
            "Softmax verandert niet als je van elk logit hetzelfde getal aftrekt, dus het grootste aftrekken maakt het veilig met kommagetallen: elke bibliotheek doet dat.",
        },
        "convolution-loops": {
          goal: "Bereken een 3×3-convolutie van het 7×7-beeld met vier geneste lussen, 'valid' (zonder padding, 5×5 uit), zoals een CNN (zonder het filter te spiegelen); conv2d van de rekenkern is de referentie.",
          hints: [
            "De uitvoerpixel (y, x) is de som over ky, kx van image[y + ky][x + kx] · filter[ky][kx].",
            "Rij per rij: image[(y + ky) * 7 + x + kx] en filter[ky * 3 + kx].",
          ],
          explanation:
            "Meer rekent een convolutielaag niet, voor elk filter en elk invoerkanaal; de rekenkern doet hetzelfde werk herschikt als één groot matrixproduct, zodat de hardware bezig blijft.",
        },
        "max-pooling": {
          goal: "Bereken 2×2 max pooling met stap 2 van het 6×6-beeld (3×3 uit).",
          hints: [
            "Verhoog y en x telkens met 2; elke uitvoer is de grootste van vier pixels.",
            "Math.max neemt zoveel argumenten als je wilt.",
          ],
          explanation:
            "Pooling houdt de sterkste respons in elk venster: de kaart wordt vier keer kleiner en een kenmerk dat een pixel verschuift, valt nog in dezelfde cel.",
        },
        "sgd-step": {
          goal: "Zet één stap gradient descent voor een neuron zonder activatie: y = x·w + b, loss ½(y − target)²; geef w − rate · ∂loss/∂w terug.",
          hints: [
            "De kettingregel: ∂loss/∂w_i = ∂loss/∂y · ∂y/∂w_i.",
            "∂loss/∂y = y − target, en ∂y/∂w_i = x_i.",
          ],
          explanation:
            "Backpropagation is deze kettingregel, laag per laag herhaald; trainen is deze stap, herhaald voor elke batch. De backward passes van de rekenkern berekenen dezelfde afgeleiden voor hele netwerken.",
        },
      },
    },
    detect: {
      startCamera: "start de camera: de beeldsnelheid wordt bij elke grootte over 10 beelden gemeten",
      trySmaller: (size) => `nog geen grootte haalde 10 beelden per seconde: meet de kleinste, ${size}`,
      tryLarger: (size, fps, next) =>
        `${size} geeft ${formatNumber("nl", fps, 1)} beelden per seconde; meet ook ${next}, om te zien of die op 10 of meer blijft`,
      scoreTrade:
        "detecteer in één foto bij twee scoredrempels (de overlapdrempel gelijk) tot de hogere minder vakjes vindt",
      overlapTrade:
        "detecteer in één foto bij twee overlapdrempels (de scoredrempel gelijk) tot de hogere meer vakjes houdt",
      otherBackend: "detecteer in één foto met hetzelfde model en dezelfde grootte op een tweede backend",
      tasks: {
        "largest-fluent-size": {
          goal: "Zoek de grootste invoergrootte waarbij de detector op je laptop nog 10 of meer beelden per seconde haalt (of laat zien dat zelfs de kleinste dat niet doet).",
          hints: [
            "Start de camera, lees de beelden per seconde naast het beeld, en kies dan de volgende invoergrootte.",
            "Het werk van het netwerk groeit met het kwadraat van de zijde: 320 is twee keer het werk van 224, 608 meer dan zeven keer.",
          ],
          explanation:
            "De kost van een detector groeit met de oppervlakte van de invoer, en wat hij kan zien ook: kleine gezichten en verre voorwerpen vragen resolutie. De juiste grootte is de grootste die je toestel vloeiend houdt; op een telefoon misschien 224, op een laptop met een echte GPU 608. Elke backend heeft zijn eigen antwoord: probeer ook WebGPU.",
        },
        "score-threshold": {
          goal: "Wat ruilt de scoredrempel af? Verhoog hem op een foto tot er een vakje verdwijnt, en verlaag hem tot er nieuwe verschijnen. Welke kloppen?",
          hints: [
            "Kies het voorbeeld met de hond en verschuif de scoredrempel; de vakjes staan naast het beeld opgesomd.",
            "Elk vakje heeft een score: de objectness maal de kans op de klasse. De drempel is waar je ze niet meer gelooft.",
          ],
          explanation:
            "Een hoge drempel houdt alleen zekere detecties: weinig vals alarm, maar gemiste voorwerpen (precisie omhoog, recall omlaag). Een lage vindt meer voorwerpen en meer fouten. Waar je hem zet hangt af van wat een misser kost tegenover een vals alarm: de precisie-recallcurve waarop detectors beoordeeld worden.",
        },
        "overlap-threshold": {
          goal: "Wat doet non-maximum suppression? Verhoog op een foto de overlapdrempel (IoU) tot hetzelfde voorwerp meerdere vakjes krijgt.",
          hints: [
            "Kies een voorbeeldfoto en schuif de NMS-overlap naar 1.",
            "Veel cellen en anchors zien hetzelfde voorwerp; NMS houdt het beste vakje en laat de andere vallen die het meer dan de drempel overlappen.",
          ],
          explanation:
            "Bij een lage overlapdrempel verwijdert NMS vakjes die het beste ook maar een beetje overlappen, en zo ook een tweede voorwerp dat er vlak naast staat; bij een hoge blijven de dubbels staan. Rond 0,45 is het gebruikelijke compromis: de vakjes van één voorwerp overlappen veel meer dan die van twee buren.",
        },
        "fastest-backend": {
          goal: "Welke backend draait de detector het snelst op je laptop? Detecteer in één foto met één model en grootte op twee backends en vergelijk de milliseconden van het netwerk.",
          hints: [
            "Kies een voorbeeldfoto en wissel dan van backend: de foto wordt opnieuw gedetecteerd en de tijden ernaast veranderen.",
            "De tijd van het netwerk is wat de backend rekent; het vastleggen en het decoderen blijven op de CPU.",
          ],
          explanation:
            "WebGPU wint waar het werk van het netwerk groot genoeg is om de kost van de weg erheen te dekken: een echte GPU bij 416 of 608 verslaat SIMD meestal, een software-adapter nooit. De scalaire backend toont wat SIMD op de CPU oplevert. Het backendslab meet dezelfde vraag over veel groottes.",
        },
      },
    },
    transfer: {
      trainFirst: "train de classifiers op twee klassen van jezelf",
      moreImages: (count: number) =>
        `geef elke klasse minstens ${count} trainingsbeelden (het getal naast elke klasse) en train opnieuw`,
      notApartYet: (accuracy: number) =>
        `nog geen classifier haalde ${formatPercent("nl", accuracy, 0)} op de apart gehouden beelden: film meer verschillende beelden, of probeer een andere knip`,
      compareCuts:
        "train de classifiers bij de knip uit de slides en, op dezelfde beelden, bij een lagere laag (kies die bij 'knippen na')",
      fewImages: (count: number) =>
        `train met hoogstens ${count} trainingsbeelden in elke klasse (verwijder er, of begin een nieuwe verzameling)`,
      tasks: {
        "own-classes": {
          goal: "Leer het netwerk twee klassen van jezelf (bijvoorbeeld duim omhoog en duim omlaag, of twee voorwerpen op je bureau) met elk minstens 5 trainingsbeelden, zodat een classifier 90 % of meer van de apart gehouden beelden juist heeft.",
          hints: [
            "Houd de opnameknop van een klasse ingedrukt terwijl de camera haar filmt; beweeg het voorwerp een beetje, zodat de beelden verschillen.",
            "De nieuwste beelden van elke klasse worden apart gehouden. Film ze even later of vanuit een andere hoek, dan testen ze wat de classifier leerde in plaats van zijn geheugen.",
          ],
          explanation:
            "Het ImageNet-netwerk leerde jouw klassen nooit, en toch scheidt een lineaire classifier op zijn features ze na een paar beelden: de lagen beschrijven vormen, texturen en onderdelen goed genoeg om je klassen in die beschrijving uit elkaar te laten vallen. Dat is transfer learning.",
        },
        "where-to-cut": {
          goal: "Wint de knip uit de slides (net onder de classifier) van een lage knip op jouw klassen? Train de classifiers op dezelfde beelden bij beide, en vergelijk hun validatienauwkeurigheid.",
          hints: [
            "Zet 'knippen na' op een van de eerste lagen en druk opnieuw op Classifiers trainen: de beelden blijven, alleen de features veranderen.",
            "Lage lagen beschrijven kleur en randen, hoge lagen onderdelen en objecten. Welke je klassen uit elkaar houdt, hangt af van wat er tussen hen verschilt.",
          ],
          explanation:
            "Hoge features dragen het best over tussen gelijkaardige taken (wat je filmt, lijkt op ImageNet); lage features zeggen minder over wat het voorwerp is. Voor klassen die enkel in kleur of textuur verschillen, kan een lage knip winnen — de standaard uit de slides is een goed begin, geen wet.",
        },
        "few-images": {
          goal: "Hoe weinig beelden volstaan? Train met hoogstens 3 trainingsbeelden per klasse en haal toch met één classifier 90 % van de apart gehouden beelden juist.",
          hints: [
            "Verwijder beelden (ga over een miniatuur, druk op ×) tot elke klasse er 3 of minder heeft om op te trainen, of verhoog het deel apart voor validatie.",
            "k-NN met k = 1 vraagt helemaal geen training; de lineaire SVM met een kleine C is de andere om te proberen.",
          ],
          explanation:
            "Een netwerk dat van nul op 3 beelden per klasse getraind wordt, leert niets bruikbaars; een classifier op voorgetrainde features vaak wel, omdat de features je klassen al bijna scheidbaar maken. Dat is het antwoord uit de slides op 'ik heb weinig data'.",
        },
      },
    },
    autoencoder: {
      trainNoisy: "train een epoch een netwerk op cijfers met ruis (ruisniveau 0,2 of meer)",
      gainMore: (db: number) =>
        `de reconstructie moet minstens ${db} dB boven de invoer met ruis liggen: train langer, of probeer het convolutionele netwerk`,
      trainNarrow: (units: number) =>
        `train een epoch een netwerk met een code van ${units} eenheden of minder`,
      trainWide: (units: number) => `nu een met een code van ${units} eenheden of meer`,
      trainSparse: "train een epoch een netwerk met een sparsity-straf boven 0",
      fewerActive: (fraction: number) =>
        `hoogstens ${formatPercent("nl", fraction, 0)} van de codewaarden mag actief zijn: verhoog de straf`,
      stillReconstruct: (db: number) => `het sparse netwerk moet nog ${db} dB halen: verlaag de straf wat`,
      trainTwo: "train een netwerk met een code van 2 eenheden",
      hoverPlane: "wijs in het codevlak een punt aan om het te decoderen",
      measureFewLabels: "meet de grafiek met weinig labels helemaal (onderaan, na een epoch trainen)",
      interpolate: "wandel tussen twee cijfers (klik er twee aan in het vlak, of druk op Wandel)",
      tasks: {
        denoise: {
          goal: "Train een denoising auto-encoder waarvan de reconstructies van testcijfers met ruis minstens 3 dB boven die cijfers met ruis zelf liggen.",
          hints: [
            "PSNR is 10·log₁₀(1 / MSE) voor pixels in [0, 1]: 3 dB meer is de helft van de kwadratische fout.",
            "Het netwerk ziet het cijfer met ruis maar wordt gescoord tegen het schone: het kan de ruis niet doorgeven.",
          ],
          explanation:
            "Ruis is wat cijfers niet gemeen hebben, dus een code die te klein is om elk plaatje te onthouden houdt de lijnen en laat de ruis vallen. Dat is de denoising auto-encoder uit de slides — hetzelfde netwerk, getraind op verstoorde invoer tegen schone doelen.",
        },
        bottleneck: {
          goal: "Train een netwerk met een code van hoogstens 4 eenheden en een met minstens 32: vergelijk wat er terugkomt.",
          hints: [
            "Kijk naar de PSNR-grafiek en de rij die terugkomt, niet alleen naar de loss.",
            "Teken voor elk netwerk een cijfer op het tekenvlak: de smalle code maakt van vreemde cijfers gewone.",
          ],
          explanation:
            "Een smalle code houdt de klasse en de schuinte van het cijfer en laat de details vallen; een brede houdt meer. De codegrootte is de compressie: 4 getallen voor 784 pixels is 196 keer minder.",
        },
        sparse: {
          goal: "Train een sparse auto-encoder (een dense netwerk zonder verborgen laag, 256 code-eenheden) waarvan de code hoogstens 20 % actief is en die nog 13 dB haalt.",
          hints: [
            "De knop Sparse zet het klaar; de straf telt haar gewicht maal de gemiddelde absolute codewaarde op bij de loss.",
            "Kijk naar de kenmerken van de eenheden: met de straf worden het lijnen en stukken van cijfers.",
          ],
          explanation:
            "Met meer code-eenheden dan pixels dwingt niets de code iets te leren — de straf wel: elk cijfer mag maar een paar eenheden gebruiken, dus elke eenheid leert een stuk dat veel cijfers delen. De sparse auto-encoder uit de slides, en het idee achter sparse coding in de visuele cortex.",
        },
        "few-labels": {
          goal: "Meet de grafiek met weinig labels: bij hoeveel labels per klasse, als dat al gebeurt, verslaat de SVM op de codes de CNN die vanaf nul traint? En de SVM op de pixels?",
          hints: [
            "Train eerst de auto-encoder; een betere auto-encoder (meer epochs, een bredere code) geeft de SVM betere codes.",
            "Vergelijk de drie lijnen links (1 en 5 labels per klasse) en rechts.",
          ],
          explanation:
            "De codes zijn geleerd van alle cijfers zonder label, dus ze dragen wat de ongelabelde data leert. Of dat een lineaire SVM helpt — tegenover dezelfde SVM op de pixels, en tegenover een CNN die op dezelfde paar labels traint — beantwoordt de grafiek, voor deze auto-encoder en deze CNN: meet het, neem het niet aan. Een betere auto-encoder (langer getraind, op meer cijfers) verschuift de blauwe lijn. Ongelabelde data gebruiken om een classifier met weinig labels te helpen heet semi-supervised learning.",
        },
        plane: {
          goal: "Train een netwerk met een 2-D code, wijs punten in het vlak aan waar geen cijfer ligt om ze te decoderen, en wandel tussen twee cijfers.",
          hints: [
            "De knop 2-D code zet het klaar.",
            "Punten tussen twee groepen worden cijfers die van allebei wat hebben.",
          ],
          explanation:
            "Twee getallen per cijfer is een kaart: klassen nemen er gebieden in, en de decoder maakt van elk punt, ook een waar geen trainingscijfer lag, een cijfer. Het vlak van een gewone auto-encoder heeft gaten en vreemde vormen; een variational auto-encoder vormt het met opzet.",
        },
      },
    },
    gan: {
      trainTwo: "train op het doel met twee bulten",
      closer: (distance: number) =>
        `kom binnen een afstand van ${formatNumber("nl", distance, 2)} van het doel: train langer, of verander de leersnelheden`,
      trainRing: (iterations: number) => `train minstens ${iterations} iteraties op de ring van acht`,
      seeCollapse: (iterations: number) =>
        `betrap na ${iterations} iteraties de gegenereerde punten erop dat ze modes van de ring leeg laten (minder dan acht gedekt)`,
      coverMore: (modes: number) =>
        `laat de generator nu minstens ${modes} van de acht modes dekken: train door, of verander de instellingen`,
      drawBumps: (bumps: number) =>
        `teken een doel van minstens ${bumps} bulten (klik in het vlak) en train erop`,
      trainDigits: (iterations: number) => `train de DCGAN minstens ${iterations} iteraties op cijfers`,
      walkDigits: "wandel tussen twee ruisvectoren (Nieuw paar, onder het rooster)",
      trainEdges: (iterations: number) => `train pix2pix minstens ${iterations} iteraties`,
      drawEdges:
        "teken zelf randen op het tekenvlak (of verander die van een testcijfer) en zie het cijfer dat eruit getekend wordt",
      compareDSteps: (few: number, many: number, iterations: number) =>
        `train hetzelfde doel met ${few} discriminatorstap per generatorstap en met ${many} of meer, elk minstens ${iterations} iteraties`,
      tasks: {
        match: {
          goal: "Train de GAN op het doel met twee bulten tot zijn punten binnen een afstand van 0,25 van het doel komen.",
          hints: [
            "Druk op Start en kijk naar de afstandsgrafiek: een GAN cirkelt rond zijn doel, dus de afstand daalt, stijgt en daalt weer.",
            "De afstand vergelijkt histogrammen op een rooster van 8 × 8: 0 is gelijk, 1 is helemaal geen overlap.",
          ],
          explanation:
            "Geen van beide netwerken ziet de formule van het doel: de discriminator leert uit voorbeelden waar echte punten liggen, en de generator leert alleen van de gradiënt van de discriminator — de pijlen. Dat is de hele truc van een GAN.",
        },
        collapse: {
          goal: "Train op de ring van acht: zie de generator modes leeg laten, en laat hem daarna minstens zes dekken.",
          hints: [
            "Naast het vlak staat hoeveel modes gedekt zijn; het gaas toont waar het ruisvierkant heen ging.",
            "Probeer meer discriminatorstappen, een kleinere leersnelheid voor de generator, of Adam voor een van de netwerken.",
          ],
          explanation:
            "De generator wordt beloond voor punten die de discriminator gelooft, niet voor het dekken van het doel: hij kan alles op een paar modes zetten die de discriminator nog niet afwijst, en dan naar andere springen. Dat is mode collapse, de bekendste kwaal van GAN's; minibatch-discriminatie en Wasserstein-GAN's zijn ertegen bedacht.",
        },
        drawn: {
          goal: "Teken een doel van minstens drie bulten en train de GAN tot hij binnen een afstand van 0,3 komt.",
          hints: [
            "Kies 'met de hand getekend' als doel en klik in het vlak waar een bult moet komen.",
            "Bulten ver uit elkaar zijn moeilijker: het gaas van de generator moet ertussen scheuren, en een klein netwerk kan dat niet.",
          ],
          explanation:
            "De generator beeldt één samenhangend ruisvierkant af op het vlak, dus losse bulten vragen dat hij het vierkant ertussen dun uitrekt — kijk naar het gaas. Met een gladde generator blijven er altijd punten op de bruggen.",
        },
        digits: {
          goal: "Train de DCGAN minstens 300 iteraties op cijfers, kijk naar het vaste rooster, en wandel tussen twee ruisvectoren.",
          hints: [
            "De ruis van het rooster blijft dezelfde, dus elk beeld verandert alleen doordat de generator leert; de eerste halen verschijnen na een paar honderd iteraties.",
            "Met 2 ruiswaarden wordt het hele ruisvierkant getekend als een vlak van cijfers.",
          ],
          explanation:
            "Dezelfde wedstrijd als in het vlak, met beelden: de getransponeerde convoluties van de generator schilderen, de convoluties van de discriminator oordelen. Een wandeling tussen twee ruisvectoren verandert het beeld geleidelijk — de generator heeft een doorlopende afbeelding van ruis naar cijfers geleerd, geen lijst van trainingsbeelden.",
        },
        edges: {
          goal: "Train pix2pix minstens 300 iteraties, teken dan randen op het tekenvlak en zie een cijfer verschijnen.",
          hints: [
            "„Randen van een testcijfer op het tekenvlak” geeft je een begin: voeg een lijn toe, of wis en teken je eigen, en zie het cijfer veranderen.",
            "De rijen van het rooster zijn de randenkaarten, wat de generator eruit tekent, en de echte cijfers: de middelste rij moet op de onderste gaan lijken.",
          ],
          explanation:
            "pix2pix is een conditionele GAN: de discriminator beoordeelt paren (randen, cijfer), dus de generator moet een cijfer tekenen dat bij deze randen past, niet zomaar een cijfer. De L1-term alleen zou het wazige gemiddelde geven van alle cijfers met zulke randen; de discriminator, die vlakjes van 7 × 7 beoordeelt, dwingt scherpe halen af. Randen-naar-foto en labels-naar-straatbeeld uit de presentatie zijn hetzelfde recept op grotere beelden.",
        },
        "d-steps": {
          goal: "Train hetzelfde doel met 1 discriminatorstap per generatorstap en met 5 of meer, elk 1000 iteraties: welke blijft dichterbij?",
          hints: [
            "Vergelijk de afstandsgrafieken van de twee runs; een andere instelling geeft nieuwe netwerken.",
            "Het eerste GAN-artikel trainde de discriminator daarom k stappen per generatorstap.",
          ],
          explanation:
            "De generator leert van de gradiënt van de discriminator, dus hij leert alleen goed van een discriminator die voor de huidige nepunten bijna klopt. Meer discriminatorstappen houden hem dichterbij; te veel, en de gradiënt van een perfecte discriminator verdwijnt onder het oorspronkelijke verlies (dit lab gebruikt het niet-verzadigende −log D, dat een gradiënt houdt).",
        },
      },
    },
    rnn: {
      trainLong: (length: number) =>
        `train beide netwerken op het optelprobleem met reeksen van minstens ${length} stappen`,
      lstmLower: (mse: number) =>
        `train door tot de test-MSE van de LSTM onder ${formatNumber("nl", mse, 2)} ligt (de basislijn is 0,17)`,
      rnnStuck: (mse: number) =>
        `in diezelfde run moet het gewone RNN nog boven ${formatNumber("nl", mse, 1)} zitten: zet terug en train beide opnieuw als het geluk had`,
      trainShort: (length: number) =>
        `train op het optelprobleem met reeksen van hoogstens ${length} stappen`,
      rnnLower: (mse: number) =>
        `train door tot de test-MSE van het gewone RNN onder ${formatNumber("nl", mse, 2)} ligt`,
      trainFirst: (length: number, steps: number) =>
        `train beide op reeksen van minstens ${length} stappen, minstens ${steps} stappen lang`,
      reachFurther: (times: number) =>
        `train door tot de gradiënt van de LSTM bij de langste vertraging minstens ${formatNumber("nl", times, 0)} keer die van het gewone RNN is (lees de gradiëntgrafiek)`,
      trainWords: "train de tekenmodellen op de Nederlandse woorden (het deel Tekst lezen en schrijven)",
      perplexityLower: (share: number) =>
        `train door tot de perplexiteit van de LSTM op achtergehouden woorden onder ${formatNumber("nl", share, 1)} keer die van alleen de frequenties van de tekens ligt`,
      trainNumbers: "train de nummerlezer (het deel Huisnummers lezen)",
      numbersHigher: (share: number) =>
        `train door tot hij minstens ${formatPercent("nl", share, 0)} van de achtergehouden nummers helemaal goed leest`,
      tasks: {
        "forget-gate": {
          goal: "Train beide netwerken op het optelprobleem over 50 stappen: krijg de test-MSE van de LSTM onder 0,05 terwijl het gewone RNN boven 0,1 blijft.",
          hints: [
            "Klik Start en kijk naar de twee verliescurves: die van de LSTM zakt na een paar honderd stappen, die van het RNN blijft bij de basislijn.",
            "Een hogere leersnelheid laat de LSTM eerder leren, en minder rustig.",
          ],
          explanation:
            "Het antwoord hangt af van twee waarden tot 50 stappen terug. De gradiënt van het gewone RNN naar die stappen is een product van 50 Jacobianen die hem elk kleiner maken, dus het leert nooit welke stappen ertoe doen. De cel van de LSTM wordt door de vergeetpoort doorgegeven, vermenigvuldigd met f ≈ 1 in plaats van platgedrukt, dus zijn gradiënt reikt terug: de vergeetpoort uit de slides, gemeten.",
        },
        short: {
          goal: "Maak de reeksen 10 stappen lang en krijg de test-MSE van het gewone RNN onder 0,08.",
          hints: [
            "Zet de lengte op 10 (of begin vanaf de instellingen van de opdracht) en klik Start.",
            "Probeer ook 20 stappen: ergens daartussen houdt het gewone RNN op met leren.",
          ],
          explanation:
            "Een gewoon RNN kan de taak leren: alleen de vertraging zit het dwars. Bij 10 stappen is het product van Jacobianen nog niet verdwenen, dus de gradiënt vertelt het netwerk nog welke invoer het moet onthouden. Dat de grens de vertraging is en niet de capaciteit, vond Hochreiter al in zijn scriptie van 1991.",
        },
        lag: {
          goal: "Train beide op 50 stappen, 200 stappen of langer, en lees de gradiëntgrafiek: bij de langste vertraging is de gradiënt van de LSTM minstens 1000 keer die van het gewone RNN.",
          hints: [
            "De gradiëntgrafiek zet de norm van ∂L/∂h bij elke stap uit tegen hoe ver die voor de laatste ligt, op een logaritmische schaal: elke lijn lager is tien keer kleiner.",
            "De lijn van het gewone RNN daalt recht: een vaste factor per stap is exponentieel verval.",
          ],
          explanation:
            "Backpropagation through time vermenigvuldigt de gradiënt bij elke stap met de recurrente Jacobiaan. Voor het gewone RNN is die factor kleiner dan één, dus na 50 stappen is er bijna niets over (vaak 10⁻¹⁰ van wat de laatste stap krijgt). Het celpad van de LSTM vermenigvuldigt in plaats daarvan met de vergeetpoort, die het leert dicht bij 1 te houden waar het moet onthouden.",
        },
        invent: {
          goal: "Train de tekenmodellen op de Nederlandse woorden tot de perplexiteit van de LSTM op achtergehouden woorden onder 0,7 keer die van alleen de frequenties van de tekens ligt; lees dan wat beide schrijven bij temperatuur 0, 0,5 en 1,5.",
          hints: [
            "Kies Nederlandse woorden als tekst en klik Train beide; de perplexiteit op achtergehouden tekst wordt elke 100 stappen bijgewerkt.",
            "De argmax herhaalt vaak één waarschijnlijk woord: elke stap neemt het waarschijnlijkste teken, dus dezelfde context geeft hetzelfde woord. Trekken bij een temperatuur geeft afwisseling; te heet en de woorden vallen uit elkaar.",
          ],
          explanation:
            "Perplexiteit is e tot de gemiddelde kruisentropie per teken: tussen hoeveel tekens het netwerk twijfelt, alsof het gelijkmatig uit zoveel tekens kiest. Alleen weten hoe vaak elk teken voorkomt geeft ongeveer 19; een netwerk dat leerde welke letters op welke volgen, komt veel lager uit en schrijft woorden die Nederlands ogen zonder in de lijst te staan. De temperatuur deelt de logits vóór de softmax: onder 1 scherpt ze de keuze aan richting de argmax, boven 1 vlakt ze die af richting uniform.",
        },
        "house-numbers": {
          goal: "Train de nummerlezer tot hij minstens de helft van de achtergehouden nummers helemaal goed leest; loop dan met Volgende strook door de stroken en zoek er een die hij verkeerd leest.",
          hints: [
            "De score telt een strook alleen als elk cijfer klopt en er geen ontbreekt of bij komt, dus hij begint bij nul en klimt na een paar honderd stappen.",
            "Kijk naar de band onder de strook: elk cijfer wordt bij een of twee kolommen genoemd, met blanco's ertussen. Twee gelijke cijfers naast elkaar hebben een blanco ertussen nodig, anders vallen ze samen tot één.",
          ],
          explanation:
            "Niemand vertelt de lezer waar de cijfers staan: CTC telt de kans op van elke manier om het nummer over de 28 kolommen te spreiden (een cijfer, herhaald of niet, en overal elders blanco's), en de gradiënt maakt de waarschijnlijkste manieren waarschijnlijker. De LSTM doet ertoe omdat de kenmerken van één kolom maar een half cijfer kunnen tonen, of het gat tussen twee; wie van links naar rechts leest, weet wat hij al genoemd heeft. De kolommen van een CNN onder CTC zijn de CRNN van Shi et al. (2015); de Street View-nummers uit de bron van de presentatie (Goodfellow et al. 2014) werden in plaats daarvan gelezen door één classifier per cijferpositie.",
        },
      },
    },
    compress: {
      loadFirst: "laad eerst een netwerk (train er een in het CNN-lab, of kies een bestand)",
      notSmallYet: (times: number) =>
        `maak een bestand dat minstens ${times}× kleiner is dan het float32-bestand`,
      tooMuchLost: (loss: number) =>
        `zo'n klein bestand verloor meer dan ${formatPercent("nl", loss, 0)} nauwkeurigheid: probeer minder bits, of int8 per kanaal, met Huffman-codering`,
      pruneWithout: (fraction: number) =>
        `snoei minstens ${formatPercent("nl", fraction, 0)} van de gewichten (per laag of globaal) met 0 epochs hertrainen`,
      retrainToo: "nu hetzelfde snoeien mét hertrainen (een halve epoch of meer)",
      noGrowth:
        "factoriseer de gewichten met een rang waarbij een laag meer waarden opslaat dan hij had (de tensortabel markeert dat)",
      measureSensitivity: "meet de gevoeligheid van elke laag tot het einde",
      tasks: {
        smaller: {
          goal: "Maak het bestand van je netwerk minstens 5× kleiner dan het float32-bestand, met hoogstens 1 procentpunt minder testnauwkeurigheid.",
          hints: [
            "Gedeelde gewichten slaan elk gewicht op als de index van een van enkele waarden per laag: 4 bits is 16 waarden.",
            "Huffman-codering geeft veelvoorkomende indices korte codes; vink het aan onder Opslag.",
          ],
          explanation:
            "De gewichten van een getraind netwerk liggen rond enkele waarden, dus 16 gedeelde waarden per laag kosten bijna niets, en de indices zijn 4 bits waard in plaats van 32 — minder na Huffman-codering. Deep Compression (Han e.a. 2016) haalde zo 35–49× op AlexNet en VGG, met eerst snoeien.",
        },
        retraining: {
          goal: "Snoei 90 % van de gewichten, eerst zonder en dan met hertrainen: hoeveel nauwkeurigheid wint hertrainen terug?",
          hints: [
            "Hertrainen traint het gesnoeide netwerk op de eerste 10.000 trainingsbeelden en houdt de gesnoeide gewichten op nul.",
            "Vergelijk de twee rijen van de tabel: de grootte is bijna gelijk, de nauwkeurigheid niet.",
          ],
          explanation:
            "Snoeien neemt gewichten weg waar het netwerk een beetje op steunde; hertrainen laat de overgebleven gewichten hun werk overnemen. Door die herstelstap kan Deep Compression 90 % van LeNets gewichten snoeien zonder verlies, en lijkt snoeien zonder hertrainen slechter dan het is.",
        },
        "low-rank": {
          goal: "Zoek een rang waarbij het factoriseren van een laag meer waarden kost dan het bespaart.",
          hints: [
            "Een matrix van [rijen × kolommen] slaat bij rang r r · (rijen + kolommen) waarden op in plaats van rijen · kolommen.",
            "De eerste convolutie is een matrix van 9 × 8 (3 × 3 × 1 ingangen, 8 filters): reken uit vanaf welke rang de twee factoren groter zijn dan hij.",
          ],
          explanation:
            "Factoriseren met een lage rang loont alleen als de rang ruim onder rijen · kolommen / (rijen + kolommen) blijft. Voor kleine of bijna vierkante lagen is die grens laag, en een 'compressie' die een rang erboven kiest maakt het netwerk groter — wat de tensortabel laat zien.",
        },
        sensitivity: {
          goal: "Welke laag kan de meeste gewichten missen? Meet de gevoeligheid van elke laag voor snoeien.",
          hints: [
            "Elke curve snoeit één laag alleen, van 0 tot 90 % van zijn gewichten, en scoort het netwerk zonder hertrainen.",
            "Lagen met veel gewichten (de dense laag) verdragen meestal meer snoeien dan de eerste convolutie, die er weinig heeft.",
          ],
          explanation:
            "Lagen verschillen: de eerste convolutie heeft weinig gewichten en elk telt; de grote lagen zijn redundant. Deep Compression snoeit daarom elke laag naar zijn eigen gevoeligheid, en de globale rangschikking doet dat impliciet.",
        },
      },
    },
    inside: {
      randomiseTop:
        "bereken de kaarten met de bovenste laag willekeurig (zet 'bovenste lagen willekeurig maken' op 1)",
      randomiseAll: "maak nu elke laag met gewichten willekeurig (het grootste getal dat het veld toelaat)",
      attackFirst: "val eerst een beeld aan",
      smallerBudget: (epsilon: number) =>
        `draai het antwoord om met FGSM of PGD bij ε ≤ ${formatNumber("nl", epsilon, 3)} (8 grijswaarden van 255)`,
      reachTarget: "doe een gerichte aanval (een doelklasse ≥ 0) waarbij het antwoord de doelklasse wordt",
      measureCurve: "meet de robuustheidscurve van je CNN tot het einde",
      foolMore: (best: number, needed: number) =>
        `maak een fooling image die het netwerk met ≥ ${formatPercent("nl", needed, 0)} zijn klasse noemt (tot nu toe ${formatPercent("nl", best, 1)})`,
      transferToNetwork:
        "scoor een aanval op een tweede CNN onder 'Werkt het ook elders?' (een andere CNN, uit een bestand dat het CNN-lab exporteerde)",
      transferMore: (drop: number, needed: number) =>
        `laat de aanval minstens ${formatPercent("nl", needed, 0)} van de nauwkeurigheid van het tweede netwerk afhalen (tot nu toe ${formatPercent("nl", drop, 1)})`,
      tasks: {
        "sanity-check": {
          goal: "Welke kaarten verklaren het netwerk, en welke tekenen alleen het beeld? Bereken de kaarten van een testbeeld met de bovenste laag willekeurig, dan met elke laag willekeurig, en vergelijk elk met die van het getrainde netwerk.",
          hints: [
            "'bovenste lagen willekeurig maken' vervangt de gewichten van zoveel lagen, van boven af, door willekeurige met dezelfde spreiding; het netwerk dat je trainde blijft onaangeroerd.",
            "Kijk naar guided backprop: toont zijn kaart nog de lijnen van het cijfer als het netwerk willekeurig is?",
          ],
          explanation:
            "Adebayo e.a. (2018) vonden dat guided backprop en de deconvnet bijna dezelfde kaart tekenen voor een willekeurig netwerk: ze tonen de randen van het beeld, niet wat het netwerk leerde. Gradient saliency en Grad-CAM veranderen als de lagen willekeurig worden, zoals een verklaring van het netwerk moet.",
        },
        invisible: {
          goal: "Draai het antwoord van je CNN op een testbeeld om met een verandering van hoogstens 8 grijswaarden (ε ≤ 0,031) per pixel.",
          hints: [
            "PGD met 20 stappen vindt binnen hetzelfde budget meer dan de ene stap van FGSM.",
            "'Kleinste ε' probeert een reeks budgetten tegelijk en zegt vanaf welk het antwoord verandert.",
          ],
          explanation:
            "Het netwerk is bijna lineair in zijn invoer: langs het teken van de gradiënt telt een kleine verandering in elke pixel op tot een grote verandering in zijn score (Goodfellow e.a. 2015). Een mens ziet hetzelfde cijfer.",
        },
        targeted: {
          goal: "Laat het netwerk een klasse naar keuze zeggen: een gerichte aanval die zijn doel bereikt.",
          hints: [
            "Zet 'doelklasse' op een andere klasse dan die van het beeld, en gebruik PGD met genoeg stappen en ε.",
            "Sommige doelen zijn moeilijker dan andere: een 1 wordt makkelijker een 7 dan een 8.",
          ],
          explanation:
            "Een gerichte aanval daalt de loss van het doel af in plaats van die van de echte klasse te beklimmen: het netwerk kan binnen een bescheiden budget bijna alles laten zeggen, en daarom is robuustheid een veiligheidsvraag.",
        },
        control: {
          goal: "Meet de robuustheidscurve: de testnauwkeurigheid van je CNN tegen ε voor FGSM, PGD en willekeurige ruis van dezelfde grootte.",
          hints: [
            "De curve vraagt je CNN (kies 'mijn CNN'); druk op Meten en kijk hoe de drie lijnen dalen — of niet.",
            "Probeer het op een CNN die met augmentatie trainde, of na één epoch stopte: daalt de curve even snel?",
          ],
          explanation:
            "Willekeurige ±ε-ruis verandert de nauwkeurigheid nauwelijks, terwijl FGSM en PGD haar naar beneden halen: het is de richting, die van de gradiënt, die het netwerk misleidt, niet de grootte van de verandering.",
        },
        transfer: {
          goal: "Misleiden adversariële beelden ook een netwerk waarop ze niet gemaakt zijn? Val de testbeelden van je CNN aan en scoor dezelfde beelden op een tweede CNN.",
          hints: [
            "Train in het CNN-lab een tweede CNN met een andere seed of architectuur, exporteer hem en kies hem onder 'Werkt het ook elders?' als tweede netwerk.",
            "Scoor de aanval ook op dit netwerk op een andere backend: daar verschilt alleen de afronding, dus wordt het op dezelfde manier misleid.",
          ],
          explanation:
            "Adversariële beelden die tegen één netwerk gemaakt zijn, misleiden vaak ook een ander netwerk dat op dezelfde data getraind is (Szegedy e.a. 2014; Papernot e.a. 2016): de netwerken leren gelijkaardige richtingen. Daardoor kun je zelfs een netwerk aanvallen dat niemand je liet zien.",
        },
        fooling: {
          goal: "Maak een fooling image: vanuit grijze ruis een beeld dat het netwerk met 99 % zekerheid een klasse noemt.",
          hints: [
            "Kies onder 'Wat het netwerk wil zien' 'een fooling image', een klasse, en druk op Verzin het.",
            "Vergelijk het met 'hoe de klasse er voor het netwerk uitziet': de regularisaties maken het klassebeeld natuurlijker, niet overtuigender voor het netwerk.",
          ],
          explanation:
            "Nguyen e.a. (2015) toonden dat netwerken heel zeker zijn over beelden die voor ons op niets lijken: hoge zekerheid is geen begrip.",
        },
      },
    },
    cnn: {
      tooManyParameters: (parameters, max) =>
        `het netwerk heeft ${formatNumber("nl", parameters)} parameters; de opdracht staat er minder dan ${formatNumber("nl", max)} toe`,
      trainFirst: "train het eerst",
      fullMnist: "train op heel MNIST (de schakelaar voor weinig data uit)",
      fullTestSet: (images, needed) =>
        `beoordeel het op alle ${formatNumber("nl", needed)} testbeelden (nu ${formatNumber("nl", images)})`,
      accuracy: (accuracy, target, parameters) =>
        `de nauwkeurigheid op de test is ${formatPercent("nl", accuracy, 2)}; de opdracht vraagt ≥ ${formatPercent("nl", target, 0)} met minder dan ${formatNumber("nl", parameters)} parameters`,
      bothRuns: (without, withIt, epochs) =>
        `train een nieuw netwerk ${epochs} epochs op 500 beelden zonder augmentatie (${without ? "gedaan" : "nog niet"}) en een met (${withIt ? "gedaan" : "nog niet"})`,
      smallDataNeeded: "train op 500 beelden (de schakelaar voor weinig data aan)",
      moreEpochs: (epoch, needed) =>
        `train minstens ${needed} epochs (tot nu toe ${formatNumber("nl", epoch, 1)})`,
      gap: (train, test, gap) =>
        `nauwkeurigheid op de training ${formatPercent("nl", train, 1)}, op de test ${formatPercent("nl", test, 1)}: de opdracht vraagt een verschil van ${formatPercent("nl", gap, 0)} of meer`,
      checkAfterTraining: "train, en druk dan op “Zoek dode filters” onder de activatiekaarten",
      noneDead: (epoch) =>
        `bij epoch ${formatNumber("nl", epoch, 2)} was geen filter dood: probeer een honderd keer grotere leersnelheid, reset en train opnieuw`,
      tasks: {
        "small-and-accurate": {
          goal: "Haal meer dan 98 % nauwkeurigheid op de MNIST-test met minder dan 10.000 parameters. Het startnetwerk heeft er meer dan 100.000.",
          hints: [
            "Het overzicht onder het lab telt de parameters van elke laag: waar zitten de meeste?",
            "Een dense laag na de convoluties kost (invoer × eenheden) gewichten; zonder leest de uitvoerlaag de laatste kaarten rechtstreeks.",
            "Blokken van 8 en 16 filters zonder verborgen laag, een batch van 16 en 4 tot 6 epochs halen het.",
          ],
          explanation:
            "Convoluties delen hun gewichten over het hele beeld en kosten dus weinig; dense lagen betalen voor elke verbinding. Een kleine CNN haalt met genoeg epochs 98–99 % op MNIST: het punt van de presentatie dat de grootte en de nauwkeurigheid van een netwerk niet hetzelfde zijn, en waarom compressie werkt.",
        },
        "augmentation-small-data": {
          goal: "Helpt augmentatie bij maar 500 trainingsbeelden? Train een nieuw netwerk 10 epochs zonder augmentatie, dan een met, en vergelijk hun nauwkeurigheid op de test.",
          hints: [
            "Druk op Reset tussen de twee runs: augmentatie omzetten tijdens het trainen houdt de gewichten.",
            "Augmentatie toont elk beeld licht gedraaid, verschoven, geschaald en scheefgetrokken: nieuwe voorbeelden voor niets.",
          ],
          explanation:
            "Op 500 beelden kent het netwerk de trainingsset snel vanbuiten; geaugmenteerde kopieën beletten het pixels te onthouden en laten het vormen leren, dus na genoeg epochs is de nauwkeurigheid op de test meestal hoger, ook al lijkt elke epoch op de trainingsbeelden slechter. Met alle 60.000 beelden wordt de winst kleiner.",
        },
        overfitting: {
          goal: "Laat het netwerk overfitten: op 500 trainingsbeelden, na 10 of meer epochs, ligt de nauwkeurigheid op de training minstens 5 punten boven die op de test.",
          hints: [
            "Zet augmentatie uit en train 20 epochs op de 500 beelden; kijk hoe de twee curves per epoch van de nauwkeurigheidsgrafiek uiteengaan: dezelfde gewichten, gescoord op de trainingsbeelden en op de testbeelden.",
            "Een groter netwerk (meer filters, een verborgen laag) leert sneller vanbuiten.",
          ],
          explanation:
            "Het netwerk past zich beter aan de 500 beelden (en hun ruis) aan dan aan de regel erachter, dus het scoort hoger op wat het zag dan op nieuwe beelden. Meer data, augmentatie, een kleiner netwerk of vroeger stoppen verkleinen het verschil: de redenen van de presentatie om data te verzamelen en te augmenteren.",
        },
        "dead-filters": {
          goal: "Dood filters met een te hoge leersnelheid: train tot “Zoek dode filters” een filter meldt dat nooit actief wordt.",
          hints: [
            "De presentatie waarschuwt dat dode filters in de activatiekaarten op een te hoge leersnelheid wijzen.",
            "Zet de leersnelheid honderd keer hoger, druk op Reset, train één epoch en druk dan op “Zoek dode filters”.",
          ],
          explanation:
            "Een grote stap kan de gewichten en de bias van een ReLU-filter zo ver negatief duwen dat het voor elke invoer 0 geeft; dan is ook zijn gradiënt 0 en herstelt het nooit. Lagere leersnelheden, zorgvuldige initialisatie of leaky ReLU houden filters in leven.",
        },
      },
    },
  },
  code: {
    title: "Programmeeropdrachten",
    intro:
      "Schrijf zelf een paar regels JavaScript en vergelijk ze met de rekenkern. Je code draait in een eigen worker, zonder netwerk en zonder pagina, en wordt na 5 seconden gestopt. Kies een opdracht in het blad naast de editor; elke run krijgt nieuwe invoer, dus het antwoord moet in het algemeen kloppen, niet voor één voorbeeld.",
    exercise: "Opdracht",
    titles: {
      "perceptron-rule": "1. De perceptronregel",
      softmax: "2. Softmax",
      "convolution-loops": "3. Een 3×3-convolutie met lussen",
      "max-pooling": "4. Max pooling",
      "sgd-step": "5. Eén stap gradient descent",
    },
    run: "Start",
    stop: "Stop",
    starter: "Opnieuw beginnen",
    console: "Console",
    api: "Je code krijgt `input` (de getallen van de opdracht) en `t`, de tensor-API van de rekenkern (t.tensor, t.matmul, t.conv2d, t.maxPool, t.softmax, await t.data …); console.log schrijft hieronder. Geef een lijst getallen terug.",
    running: "Bezig…",
    returned: (count) =>
      `Je code gaf ${count} ${count === 1 ? "getal" : "getallen"} terug; het blad zegt of het die van de rekenkern zijn.`,
    error: (message) => `Je code stopte met een fout: ${message}`,
    errorAt: (message, line) => `Je code stopte met een fout op regel ${line}: ${message}`,
    timedOut: (seconds) => `Gestopt na ${seconds} s: eindigt een lus nooit?`,
    stopped: "Gestopt.",
  },
  workshop: {
    title: "De pagina van de workshopleider",
    intro:
      "De dag in één oogopslag: de agenda van de presentatie met de labs en opdrachtenbladen die elk blok oefenen, het adres van de site voor de projector, hoe je alles zonder internet laat draaien, en wie in de zaal wat opgelost heeft.",
    parts: ["Deel 1: wat is deep learning?", "Deel 2: deep-learningtechnieken en toepassingen"],
    blocks: {
      "what-is-deep-learning": {
        title: "Wat is deep learning?",
        note: "De inleiding van de presentatie; de startpagina somt de labs op.",
      },
      "slp-mlp": { title: "De perceptron (SLP) en de meerlagige perceptron (MLP)", note: undefined },
      cnns: { title: "Convolutionele neurale netwerken", note: undefined },
      "data-augmentation": {
        title: "Data en augmentatie",
        note: "De schakelaar voor weinig data en het augmentatievoorbeeld van het CNN-lab.",
      },
      "transfer-learning": {
        title: "Transfer learning en fine-tuning",
        note: "Het transfer-lab: features en classifiers op je eigen klassen, en fine-tuning.",
      },
      visualisation: {
        title: "Naar binnen kijken: visualisatie",
        note: "De activatiekaarten en filters van het CNN-lab, en de attributies, eenheden en hun topbeelden van het inside-lab.",
      },
      "gpu-or-cpu": { title: "GPU of CPU?", note: undefined },
      architectures: {
        title: "Architecturen",
        note: "Geen eigen lab: de netwerkinstellingen van het MLP- en het CNN-lab tonen de basisvormen.",
      },
      autoencoders: { title: "Auto-encoders", note: undefined },
      rnns: {
        title: "Recurrente netwerken (RNN, LSTM)",
        note: undefined,
      },
      deconvolution: {
        title: "Deconvolutie: wat ziet het model?",
        note: undefined,
      },
      detection: { title: "Objectdetectie (YOLO)", note: undefined },
      "hardware-software": {
        title: "Hardware en software",
        note: "Het paneel Omgeving bovenaan toont de browser, kernen en GPU van elke deelnemer.",
      },
      compression: { title: "Compressie", note: undefined },
      gans: {
        title: "GAN's",
        note: "Het lab traint GAN's op punten in het vlak, een DCGAN op cijfers en pix2pix van randen naar cijfers.",
      },
    },
    noLabYet: "Nog geen lab.",
    sheetProgress: (done, total) => `opdrachten: ${done} van ${total} opgelost in deze browser`,
    shareTitle: "Open de speeltuin",
    qrLabel: (url) => `QR-code van ${url}`,
    shareHint:
      "Scan de code of typ het adres; daarna werkt de pagina offline. De presentatiemodus bovenaan vergroot alles voor de achterste rij.",
    localAddress:
      "Dit is het eigen adres van deze laptop, dat andere laptops niet kunnen bereiken. Open deze pagina via het adres van de laptop op het netwerk van de zaal (de server drukt het af, zie hieronder) en de code volgt.",
    offlineTitle: "Zonder internet",
    offline: [
      [
        "Bouw één keer met internet en serveer dan de gebouwde site vanaf één laptop op het netwerk van de zaal (de hotspot van een telefoon volstaat). De server drukt de adressen af die deelnemers kunnen bereiken:",
        "npm run build\nnode scripts/serve.mjs dist --host 0.0.0.0 --port 8080",
      ],
      [
        "Browsers geven WebGPU en offline gebruik alleen aan een beveiligde pagina, en het adres van een andere laptop is dat alleen via HTTPS. Maak een certificaat voor de dag en serveer ermee; elke deelnemer aanvaardt de waarschuwing van de browser één keer:",
        "openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj /CN=workshop -keyout key.pem -out cert.pem\nnode scripts/serve.mjs dist --host 0.0.0.0 --port 8443 --cert cert.pem --key key.pem",
      ],
      [
        "Wie de pagina één keer via HTTPS geopend heeft, kan verder zonder netwerk: de pagina en de rekenkern komen meteen in de cache van de browser, elke dataset en elk model de eerste keer dat een lab ze gebruikt; laat dus iedereen elk lab één keer openen zolang het netwerk er is. Via gewone HTTP draaien de labs ook, op de CPU, zolang het tabblad open blijft.",
        "",
      ],
    ],
    progressTitle: "Je voortgang",
    progressHint:
      "Je opgeloste opdrachten, hints en tijden worden in deze browser bewaard. Om ze aan de workshopleider te tonen, exporteer je ze als één klein bestand.",
    yourName: "Je naam",
    anonymous: "anoniem",
    export: "Exporteer mijn voortgang",
    overviewTitle: "Overzicht van de groep",
    overviewHint:
      "Verzamel de geëxporteerde bestanden van de deelnemers (een gedeelde map, een USB-stick) en kies ze hier allemaal: de tabel toont wie welke opdracht opgelost heeft. Niets verlaat deze browser.",
    importFiles: "Voortgangsbestanden",
    overviewEmpty: "Nog geen voortgangsbestanden gelezen.",
    refused: (names) => `Geen voortgangsbestanden van de speeltuin, weggelaten: ${names.join(", ")}.`,
    attendee: "Deelnemer",
    solvedColumn: "Opgelost",
    solvedBy: "Opgelost door",
    cellTitle: (name, task, state, hints, seconds) =>
      `${name}, ${task}: ${
        state === "solved"
          ? `opgelost${seconds === undefined ? "" : ` in ${duration("nl", seconds)}`}`
          : state === "gave-up"
            ? "opgegeven"
            : state === "seen"
              ? "begonnen"
              : "niet begonnen"
      }${hints > 0 ? `, ${hints} ${hints === 1 ? "hint" : "hints"}` : ""}`,
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
      "Klik in de grafiek om punten toe te voegen: links voor klasse 1 (blauw), rechts voor klasse 0 (oranje), of kies ernaast de klasse voor een linkerklik. Met het toetsenbord: de pijltjes verplaatsen een cursor, Enter voegt daar een punt toe, 0 of 1 een punt van die klasse.",
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
      "XOR is niet lineair scheidbaar: geen enkele rechte zet (0,1) en (1,0) aan de ene kant en (0,0) en (1,1) aan de andere, dus een perceptron blijft fouten maken. Een verborgen laag lost het op:",
    xorLink: "train een MLP op XOR",
    noPoints: "Nog geen punten: klik in de grafiek om er toe te voegen.",
  },
  cnn: {
    title: "CNN: LeNet op MNIST",
    intro:
      "Een convolutioneel netwerk leert handgeschreven cijfers lezen, hier op je eigen laptop. Convoluties vinden lokale patronen (lijnen, hoeken) waar ze ook staan; pooling maakt de kaart kleiner en het netwerk wat minder gevoelig voor de precieze positie; een dense laag aan het eind maakt van de kenmerken tien klassescores.",
    digits: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    dataTitle: "Data",
    noData: "nog geen testbeelden geladen",
    dataStatus: (title: string, train: number, test: number, fraction: number) =>
      `${title}: ${formatNumber("nl", train)} trainings- en ${formatNumber("nl", test)} testbeelden (${formatPercent("nl", fraction)} gedownload${fraction < 1 ? "; de rest zodra training op de hele set erom vraagt" : ""})`,
    smallData: (count: number) => `Weinig data: ${count} trainingsbeelden`,
    networkTitle: "Netwerk",
    blocks: "Filters per conv-blok (f16: een Fire-module)",
    blocksFormat:
      "schrijf de filters van elk conv-blok met komma's ertussen, bv. 8,16; een f ervoor maakt van het blok een Fire-module (SqueezeNet), bv. 8,f16",
    kernel: "Kernel",
    pooling: "Pooling",
    maxPool: "max",
    averagePool: "gemiddelde",
    hidden: "Verborgen dense-eenheden (0: geen)",
    layer: "Laag",
    output: "Uitvoer",
    parameters: "Parameters",
    flops: "FLOP's per beeld",
    total: "Totaal",
    impossible: (reason: string) => `Dit netwerk kan niet gebouwd worden: ${reason}.`,
    trainingTitle: "Trainen",
    backend: "Backend",
    backends: { simd: "wasm SIMD (CPU)", webgpu: "WebGPU", scalar: "scalair (CPU, traag)" },
    backendSwitched: (name: string) =>
      `De training gaat verder op ${name} met dezelfde gewichten (de momenten van de optimiser beginnen opnieuw).`,
    trainingChanged:
      "Het netwerk houdt wat het geleerd heeft; de training gaat verder met de nieuwe instelling (het momentum van de optimiser begint opnieuw).",
    diverged: (loss: number, first: number) =>
      `De training is gedivergeerd: de loss groeide van ${formatNumber("nl", first, 2)} naar ${loss.toPrecision(2).replace(".", ",")}, dus het netwerk leert niets meer. Probeer een tien keer kleinere leersnelheid en druk op Opnieuw.`,
    stalled: (first: number, last: number, accuracy: number) =>
      `De training heeft niets geleerd: na een epoch is de loss ${formatNumber("nl", last, 2)} (begonnen bij ${formatNumber("nl", first, 2)}) en is ${formatPercent("nl", accuracy, 1)} van de testbeelden goed, ongeveer gokken. Waarschijnlijk is de leersnelheid te hoog: de eerste stappen divergeerden en de neuronen stierven. Probeer een tien keer kleinere en druk op Opnieuw.`,
    optimiser: "Optimiser",
    sgd: "SGD + momentum 0,9",
    batch: "Batchgrootte",
    epochs: "Epochs",
    augmentTraining: "Trainingsbeelden augmenteren",
    testImages: "Testbeelden per evaluatie",
    train: "Train",
    resume: "Verder",
    loss: "loss (laatste batches)",
    trainAccuracy: "trainingsnauwkeurigheid (laatste batches)",
    testAccuracy: "testnauwkeurigheid",
    trainAccuracyPerEpoch: "trainingsnauwkeurigheid (per epoch)",
    testAccuracyPerEpoch: "testnauwkeurigheid (per epoch)",
    speed: "beelden/s",
    elapsed: "seconden",
    finished: (epochs: number, accuracy: number) =>
      `${formatNumber("nl", epochs, 2)} epochs getraind: ${formatPercent("nl", accuracy, 2)} van de testbeelden goed.`,
    export: "Gewichten exporteren (.safetensors)",
    import: "Gewichten importeren",
    epochOf: (epoch: number, epochs: number, secondsLeft?: number) =>
      `epoch ${formatNumber("nl", epoch, 2)} van ${epochs}${secondsLeft === undefined || !Number.isFinite(secondsLeft) ? "" : `, nog ongeveer ${duration("nl", secondsLeft)}`}`,
    estimating: "Een trainingsstap wordt getimed…",
    estimate: (msPerStep: number, steps: number, seconds: number) =>
      `Ongeveer ${formatNumber("nl", msPerStep, msPerStep < 10 ? 1 : 0)} ms per stap hier; een epoch is ${formatNumber("nl", steps)} stappen, ongeveer ${duration("nl", seconds)}.`,
    keptTitle: "Bewaard in deze browser",
    keep: "Dit netwerk bewaren",
    load: "Laden",
    forget: "Vergeten",
    noneKept: "Nog niets bewaard: train een netwerk en bewaar het hier; het blijft na herladen, ook offline.",
    keptName: (dataset: string, blocks: string, accuracy: number | undefined, when: Date) =>
      `${dataset}, filters ${blocks}${accuracy === undefined ? "" : `, ${formatPercent("nl", accuracy, 1)}`} (${when.toLocaleString("nl", { dateStyle: "short", timeStyle: "short" })})`,
    keptNotice: (name: string) => `Bewaard in deze browser: ${name}.`,
    storage: "De opslag van de browser",
    imported: (name: string) => `${name} geladen: het netwerk en zijn gewichten zijn die van het bestand.`,
    drawTitle: (fashion: boolean) => (fashion ? "Teken een kledingstuk" : "Teken een cijfer"),
    drawHint:
      "Teken met de muis of een vinger. Net als de beelden van de dataset wordt de tekening in een vak van 20 × 20 geschaald en op haar zwaartepunt gecentreerd in 28 × 28 pixels voor het netwerk haar ziet.",
    networkSees: "Wat het netwerk ziet",
    clear: "Wissen",
    draw: "Tekening",
    insideTitle: "Naar binnen kijken",
    insideHint:
      "De activatiekaarten van elke laag voor het huidige beeld (het eerste testbeeld, of je tekening). Klik op een kaart om de testbeelden te zien die dat filter het sterkst activeren.",
    activations: "Activatiekaarten",
    filters: "Filters (gewichten)",
    filterRow: (name: string, shown: number, inputs: number) =>
      inputs > shown ? `${name} (eerste ${shown} van ${inputs} invoerkanalen)` : name,
    filterTitle: (name: string, channel: number) => `${name}, filter ${channel + 1}`,
    findDeadFilters: "Zoek dode filters",
    neverFired: "nooit actief op de gecontroleerde testbeelden",
    deadFilters: (dead: number, total: number, images: number) =>
      dead === 0
        ? `Elk van de ${total} filters was actief op een deel van de eerste ${formatNumber("nl", images)} testbeelden.`
        : `${dead} van de ${total} filters waren nooit actief op de eerste ${formatNumber("nl", images)} testbeelden (rood omlijnd): ze zijn dood en leren niets meer bij.`,
    topImages: "Waar een filter van houdt",
    topImagesOf: (name: string, channel: number) =>
      `De testbeelden die ${name}, filter ${channel + 1}, het sterkst activeren:`,
    confusionTitle: "Verwarringsmatrix",
    confusionHint:
      "Rijen: de echte klasse; kolommen: wat het netwerk zei. Klik op een cel om die testbeelden te zien.",
    actualPredicted: "echt \\ voorspeld",
    confusedCaption: (actual: string, predicted: string, count: number) =>
      `${count} testbeeld(en) van ${actual} aangezien voor ${predicted}:`,
    augmentTitle: "Data-augmentatie",
    augmentHint:
      "Meer trainingsbeelden uit dezelfde data: spiegelen, draaien, bijsnijden, verschuiven, vervormen, herkleuren, anders belichten. Wat zinvol is hangt van de data af: een gespiegelde 2 is geen 2, maar een gespiegelde kat is nog steeds een kat.",
    showAugmentations: "Toon de augmentaties",
    augmentations: {
      original: "origineel",
      flipHorizontal: "horizontaal gespiegeld",
      flipVertical: "verticaal gespiegeld",
      rotate: "rotatie 25°",
      crop: "willekeurige uitsnede",
      translate: "verschuiving",
      distort: "vervorming",
      colourCast: "kleurzweem",
      grey: "grijswaarden",
      hsv: "HSV als RGB",
      ycbcr: "YCbCr als RGB",
      relight: "belichting",
    },
    countingTitle: "Hoeveel beelden uit één?",
    countNone: "geen augmentatie",
    countFlip: "spiegelen",
    countCropFlip: "uitsnijden + spiegelen (4 hoeken en midden)",
    randomTitle: "Willekeurige augmentatie zoals bij het trainen",
    compareTitle: "Weinig data: met en zonder augmentatie",
    compare: (images: number, epochs: number) =>
      `Train op ${images} beelden gedurende ${epochs} epochs, met en zonder`,
    comparing: "twee netwerken worden getraind…",
    compareResult: (without: number, withAugmentation: number) =>
      `Testnauwkeurigheid zonder augmentatie ${formatPercent("nl", without, 1)}, met augmentatie ${formatPercent("nl", withAugmentation, 1)}.`,
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
    plotLabel:
      "De punten en de beslissing van het netwerk: klik om een punt van klasse 1 toe te voegen, rechtsklik voor klasse 0; met het toetsenbord verplaatsen de pijltjes een cursor en voegt 1 of 0 daar een punt toe.",
    legend:
      "Volle stippen: trainingspunten. Ringen: testpunten. Achtergrond: P(klasse 1) volgens het netwerk.",
    speed: "Snelheid",
    speeds: (perSecond: number) => (perSecond > 0 ? `${perSecond} epochs/s` : "volle snelheid"),
    stopAt: "Stop bij epoch (0: nooit)",
    stoppedAt: (epoch: number) => `Gestopt bij epoch ${epoch}, zoals gevraagd.`,
  },
  detect: {
    title: "Objectdetectie: YOLO op je webcam",
    intro:
      "Een voorgetrainde detector kijkt naar je webcam of een foto en tekent een kader rond elk gezicht of object dat hij kent, op deze laptop: de beelden verlaten de browser nooit. Tiny-YOLO-achtige netwerken zijn daar klein genoeg voor: één doorgang over het beeld voorspelt alle kaders tegelijk.",
    sourceTitle: "Bron",
    startCamera: "Camera starten",
    stopCamera: "Camera stoppen",
    sample: (name: string) => `Voorbeeld: ${name}`,
    photo: "of een eigen foto (of sleep er een op het beeld)",
    waiting: "Start de camera, of kies een voorbeeld of een eigen foto: die verschijnt hier, met de vakken.",
    privacy:
      "Camerabeelden blijven op dit toestel: ze gaan van de camera naar de engine in deze pagina en nergens anders heen.",
    cameraInsecure:
      "De camera vraagt een beveiligde pagina (https:// of http://localhost). Je kunt nog altijd in een foto detecteren.",
    cameraRefused:
      "Toegang tot de camera werd geweigerd. Sta hem toe in de adresbalk om de webcam te gebruiken; intussen kun je in een foto detecteren: kies een voorbeeld of een eigen foto.",
    cameraMissing:
      "Er werd geen camera gevonden. Je kunt nog altijd in een foto detecteren: kies een voorbeeld of een eigen foto.",
    cameraBusy: "De camera wordt door een ander programma gebruikt. Sluit het, of detecteer in een foto.",
    cameraFailed: (message: string) =>
      `De camera kon niet geopend worden (${message}). Je kunt nog altijd in een foto detecteren.`,
    unreadableImage: (name: string) =>
      `${name} kon niet als beeld gelezen worden. Probeer een JPEG-, PNG- of WebP-bestand.`,
    notAnImage: (name: string) => `${name} is geen beeldbestand. Kies een JPEG-, PNG- of WebP-foto.`,
    modelTitle: "Detector",
    model: "model",
    modelTitles: {
      "tiny-face": "gezichten (TinyFaceDetector)",
      "yolo-fastest-1.1": "80 COCO-objecten, snel (Yolo-Fastest)",
      "yolo-fastest-1.1-xl": "80 COCO-objecten, beter (Yolo-Fastest XL)",
    } as Record<string, string>,
    inputSize: "invoergrootte",
    modelsOwnSize: "die van het model",
    backend: "backend",
    confidence: "scoredrempel",
    nms: "NMS-overlap (IoU)",
    showGrid: "toon het rooster dat het netwerk ziet",
    noWebgpu: (reason: string) => `Geen WebGPU hier (${reason}): er wordt op wasm SIMD gedetecteerd.`,
    loadingModel: "Het model wordt geladen…",
    preparing: (size: number, backend: string) =>
      `Het netwerk wordt klaargezet voor ${size} × ${size} op ${backend}…`,
    ready: (model: string, size: number, backend: string) => `${model}, ${size} × ${size}, op ${backend}.`,
    fps: "beelden per seconde",
    stages: {
      capture: "beeld ophalen",
      preprocess: "voorbewerking",
      network: "netwerk",
      decode: "decoderen + NMS",
    },
    memory: "geheugen van de engine",
    frames: "beelden verwerkt",
    boxLine: (name: string, score: number, [x, y, w, h]: number[]) =>
      `${name} ${formatPercent("nl", score, 0)} op (${Math.round(x)}, ${Math.round(y)}), ${Math.round(w)} × ${Math.round(h)}`,
    explainTitle: "Hoe werkt het?",
    explain: [
      [
        "Roostercellen",
        "YOLO verdeelt het beeld in een rooster (13 × 13 cellen bij 416 pixels: één per stuk van 32 × 32). Elke cel voorspelt de kaders waarvan het midden in de cel valt: een verschuiving binnen de cel, een breedte en hoogte, hoe zeker ze is dat er een object is (objectness) en welke klasse het is. Vink 'toon het rooster' aan om elke cel volgens haar objectness gekleurd te zien.",
      ],
      [
        "Ankers",
        "Een cel raadt kadergroottes niet uit het niets: ze past enkele ankervormen aan (hoog, breed, klein, groot) die door clustering van de trainingskaders gevonden zijn. De gezichtsdetector heeft 5 ankers per cel; Yolo-Fastest 3 per cel op twee roosters, een grof voor grote objecten en een fijn voor kleine.",
      ],
      [
        "Waarom Tiny YOLO snel is",
        "Eén voorwaartse doorgang geeft alle kaders tegelijk, zonder regiovoorstellen. Tiny- en 'fastest'-varianten gebruiken weinig kanalen, depthwise-separable convoluties (een 3×3-filter per kanaal, dan een 1×1-menging) en vroege verkleining, zodat een beeld maar een fractie van een GFLOP kost: de gezichtsdetector heeft 193 000 parameters, Yolo-Fastest 1.1 ongeveer 350 000.",
      ],
      [
        "Non-maximum suppression (NMS)",
        "Naburige cellen en ankers zien allemaal hetzelfde gezicht, dus veel kaders overlappen. NMS sorteert ze op score en houdt een kader alleen als het een al gehouden kader (van dezelfde klasse) niet meer overlapt dan de IoU-drempel. Verlaag de drempel om meer samen te voegen, verhoog hem om dicht opeen staande objecten uit elkaar te houden.",
      ],
    ] as [string, string][],
    customTitle: "Je eigen darknet-model",
    customHint:
      "Elke klassieke darknet-YOLO-detector met [yolo]- of [region]-koppen (Tiny YOLOv2, YOLOv3-tiny, Yolo-Fastest, …): zijn .cfg, zijn .weights en een namenbestand met één klasse per regel. Ze worden hier gelezen, in je browser.",
    namesFile: "klassenamen (.names)",
    loadCustom: "Mijn model laden",
    customMissing: "Kies alle drie de bestanden: de .cfg, de .weights en de klassenamen.",
    customModel: (name: string) => `jouw model (${name})`,
    provenance: (origin: string, licence: string) => `Gewichten van ${origin}; licentie: ${licence}.`,
    customProvenance: "Je eigen model, gelezen uit de bestanden die je koos; het blijft in deze browser.",
  },
  transfer: {
    title: "Transfer learning: een ImageNet-netwerk op je eigen klassen",
    intro:
      "Met weinig data begin je bij een netwerk dat op een miljoen ImageNet-foto's getraind is: knip de classifier eraf en train een kleine classifier van jezelf op wat de lagen voor jouw beelden berekenen. Film van elke klasse een paar seconden met je webcam, kies waar je knipt en vergelijk een lineaire SVM, softmax-regressie en k dichtstbijzijnde buren op die features: een handvol beelden per klasse is vaak genoeg, want het netwerk kent randen, texturen en onderdelen al.",
    waiting:
      "Start de camera, of kies een voorbeeld of een foto: hier zegt het ImageNet-netwerk wat het ziet.",
    startCamera: "Camera starten",
    stopCamera: "Camera stoppen",
    sample: (name: string) => `Voorbeeld: ${name}`,
    photo: "of een eigen foto (of sleep er een op het beeld)",
    privacy:
      "Camerabeelden en je eigen beelden blijven op dit toestel: in de rekenkern van deze pagina en de opslag van deze browser, nergens anders.",
    cameraInsecure:
      "De camera vraagt een beveiligde pagina (https:// of http://localhost). Je kunt wel beelden uit bestanden toevoegen.",
    cameraRefused:
      "Toegang tot de camera werd geweigerd. Sta hem toe in de adresbalk van de browser om je klassen te filmen; intussen kun je beelden uit bestanden toevoegen.",
    cameraMissing:
      "Er is geen camera gevonden. Je kunt wel beelden uit bestanden toevoegen, of ze op een klasse slepen.",
    cameraBusy:
      "De camera wordt door een ander programma gebruikt. Sluit dat, of voeg beelden uit bestanden toe.",
    cameraFailed: (message: string) =>
      `De camera kon niet geopend worden (${message}). Je kunt wel beelden uit bestanden toevoegen.`,
    unreadableImage: (name: string) =>
      `${name} kon niet als beeld gelezen worden. Probeer een JPEG-, PNG- of WebP-bestand.`,
    notAnImage: (name: string) => `${name} is geen beeldbestand. Kies een JPEG-, PNG- of WebP-foto.`,
    loadingModel: "Het ImageNet-netwerk wordt geladen…",
    preparing: (backend: string) => `Het netwerk wordt klaargezet op ${backend}…`,
    ready: (backend: string, features: number) =>
      `Darknet tiny (ImageNet), op ${backend}; ${features} features per beeld.`,
    topTitle: "Wat het ImageNet-netwerk ziet",
    networkMs: "netwerk",
    captureMs: "beeld inlezen",
    fps: "beelden per seconde",
    memory: "geheugen van de rekenkern",
    networkTitle: "Netwerk",
    backend: "backend",
    noWebgpu: (reason: string) => `Geen WebGPU hier (${reason}): het draait op wasm SIMD.`,
    cut: "knippen na",
    cutOption: (ordinal: number, kind: string, height: number, width: number, channels: number) =>
      `${kind === "maxpool" ? "pool" : "conv"} ${ordinal}: ${height}×${width}×${channels} → ${channels} features`,
    cutHint:
      "De features zijn de kaarten van de gekozen laag, elk uitgemiddeld over het beeld: lage lagen zien randen en kleuren, hoge lagen onderdelen en objecten. Standaard is de keuze uit de slides: net onder de classifier.",
    classesTitle: "Je klassen",
    classesHint:
      "Geef 2 tot 10 klassen een naam en houd dan de opnameknop van een klasse ingedrukt voor de camera (beweeg een beetje), of voeg beelden uit bestanden toe of sleep ze op de klasse. Het nieuwste kwart van elke klasse (omrand) wordt apart gehouden om op te valideren.",
    addClass: "Klasse toevoegen",
    defaultClassName: (n: number) => `klasse ${n}`,
    className: (n: number) => `naam van klasse ${n}`,
    startCameraFirst: "Start eerst de camera en houd dan de opnameknop ingedrukt terwijl ze de klasse filmt.",
    record: "Ingedrukt houden om op te nemen",
    addFiles: "Beelden toevoegen",
    removeClass: "Verwijderen",
    removeImage: "Dit beeld verwijderen",
    count: (train: number, validation: number) =>
      `${train} om op te trainen, ${validation} om op te valideren`,
    heldOut: "apart gehouden om op te valideren",
    tooManyClasses: "Tien klassen is het maximum voor dit lab.",
    setTitle: "Je verzameling",
    validationShare: "deel apart voor validatie",
    exportSet: "Verzameling exporteren",
    importSet: "Verzameling importeren",
    clearSet: "Nieuwe verzameling beginnen",
    confirmClear:
      "Alle klassen en beelden van deze verzameling verwijderen? Exporteer haar eerst om een kopie te houden.",
    imported: (classes: number, images: number) => `${classes} klassen met ${images} beelden geïmporteerd.`,
    setProblems: {
      "not-a-set": (name: string) =>
        `${name} is geen verzameling van het transfer-lab (geëxporteerd uit deze pagina). Je verzameling is niet veranderd.`,
      "class-count": (name: string) =>
        `${name} bevat geen 2 tot 10 klassen. Je verzameling is niet veranderd.`,
      "bad-image": (name: string) =>
        `${name} bevat een beeld dat niet gelezen kan worden. Je verzameling is niet veranderd.`,
    },
    storageFailed: (message: string) =>
      `De opslag van deze browser weigerde (${message}): wat je nu opneemt, is na herladen weg.`,
    headsTitle: "Classifiers",
    svmC: "lineaire SVM: C",
    softmaxC: "softmax-regressie: C",
    knnK: "k-NN: k",
    metric: "k-NN-afstand",
    metrics: { cosine: "cosinus", euclidean: "euclidisch" },
    train: "Classifiers trainen",
    needTwoClasses: "Voeg eerst minstens twee klassen toe.",
    needExamples: (name: string) =>
      `${name} heeft minstens 2 beelden nodig: één om op te trainen, één om op te valideren.`,
    computingFeatures: (done: number, total: number) => `Features berekenen: ${done} van ${total} beelden…`,
    trained: (train: number, validation: number) =>
      `Getraind op ${train} beelden, gevalideerd op ${validation} die de classifiers niet zagen.`,
    stale: "De verzameling, de knip of een instelling veranderde sindsdien: train de classifiers opnieuw.",
    headNames: { svm: "lineaire SVM", softmax: "softmax-regressie", knn: "k dichtstbijzijnde buren" },
    validationAccuracy: "validatie",
    trainAccuracy: "training",
    trainTime: "trainingstijd",
    resultsTitle: "Hoe de classifiers het deden",
    confusionCaption: (head: string) => `${head}: rijen zijn de echte klasse, kolommen de voorspelde.`,
    cellLabel: (truth: string, predicted: string, count: number) =>
      `${count} beelden van ${truth} als ${predicted} gezien: toon ze`,
    cellImages: (truth: string, predicted: string) => `Beelden van ${truth} als ${predicted} gezien:`,
    liveTitle: "Live voorspelling van je classifiers",
    liveHint: "Train de classifiers: hier verschijnen hun scores voor het beeld dat nu getoond wordt.",
    scoreKinds: { svm: "beslissingswaarde", softmax: "kans", knn: "aandeel van de stemmen" },
    windowsTitle: "Schuivende vensters",
    windowsHint:
      "Het netwerk neemt 224 × 224 pixels, dus een groter beeld wordt in vierkanten geclassificeerd die erover schuiven: de kans op de gekozen klasse in elk vierkant wordt in rood over het beeld getekend. Van een lopende camera wordt eerst het huidige beeld vastgehouden.",
    windowClass: "klasse",
    windowSize: "venster, als deel van de kortste zijde",
    windowStride: "stap, als deel van het venster",
    scan: "Beeld afzoeken",
    scanning: "Venster per venster classificeren…",
    scanned: (windows: number, seconds: number, peak: number) =>
      `${windows} vensters in ${formatNumber("nl", seconds, 1)} s; het meest waarschijnlijke venster: ${formatPercent("nl", peak, 1)} (in het felste rood).`,
    pictureFirst: "Toon eerst een beeld: een voorbeeld, een foto of de camera.",
    byExamplesTitle: "Hoeveel beelden zijn er nodig?",
    byExamplesHint:
      "Het punt uit de slides gemeten op jouw verzameling: elke classifier getraind op de eerste 1, 2, 5, 10, 20 en alle trainingsbeelden van elke klasse, en een klein CNN dat van nul op dezelfde beelden getraind is (drie convolutieblokken op 56 × 56, 15 epochs), allemaal gescoord op dezelfde apart gehouden beelden.",
    measureByExamples: "Meten",
    imagesPerClass: "beelden per klasse",
    scratchCnn: "klein CNN van nul",
    fineTuneTitle: "Fine-tuning",
    fineTuneHint:
      "De andere weg uit de slides: houd het netwerk, vervang de classifier door één voor jouw klassen (eventueel met een extra verborgen laag) en train op je beelden — met sommige lagen bevroren en de voorgetrainde aan een lagere leersnelheid, zodat je weinige data niet uitwist wat ImageNet hen leerde. Kijk hoe de trainings- en validatiecurven uit elkaar gaan: dat is overfitting.",
    fineTuneWaiting: "Druk op Fine-tunen: hier verschijnen de curven van elke epoch.",
    freeze: "bevriezen",
    freezes: {
      pretrained: "elke voorgetrainde laag (train enkel de nieuwe classifier)",
      "all-but-top": "alles behalve de bovenste voorgetrainde laag",
      nothing: "niets (train het hele netwerk)",
    },
    hidden: "extra verborgen laag (eenheden; 0: geen)",
    epochs: "epochs",
    learningRate: "leersnelheid (nieuwe lagen)",
    pretrainedRate: "leersnelheid voorgetrainde lagen, als fractie",
    augment: "augmenteren (willekeurig spiegelen en bijsnijden)",
    startFineTune: "Fine-tunen",
    stopFineTune: "Stoppen",
    exportNetwork: "Netwerk exporteren",
    importNetwork: "Netwerk importeren (.safetensors)",
    preparingImages: "Je beelden worden klaargezet…",
    lossSeries: "trainingsverlies",
    trainAccuracySeries: "nauwkeurigheid training",
    validationSeries: "nauwkeurigheid validatie",
    epochLine: (epoch: number, seconds: number, backend: string, accuracy: number) =>
      `Epoch ${epoch}: ${formatNumber("nl", seconds, 1)} s op ${backend}; validatie ${formatPercent("nl", accuracy, 1)}.`,
    beforeAfter: (before: number, after: number, heads: number | undefined) =>
      `Validatienauwkeurigheid voor het fine-tunen ${formatPercent("nl", before, 1)}, nu ${formatPercent("nl", after, 1)}` +
      (heads === undefined
        ? "."
        : `; de beste classifier op bevroren features: ${formatPercent("nl", heads, 1)}.`),
    importMismatch: (name: string, classes: string) =>
      `${name} werd op andere klassen gefine-tuned (${classes}): geef je klassen dezelfde namen om het op je beelden te scoren.`,
    importedNetwork: (name: string, classes: number) =>
      `${name} geïmporteerd, een netwerk voor ${classes} klassen.`,
    explainTitle: "Hoe werkt het?",
    explain: [
      [
        "Waarom features overdraagbaar zijn",
        "Een netwerk dat op ImageNet getraind is, moest 1000 klassen uit elkaar houden, dus leerden zijn lagen detectoren die voor veel taken dienen: randen en kleuren onderaan, texturen en onderdelen hoger. Wat die detectoren uitgeven, beschrijft jouw beelden goed, ook al zag het netwerk jouw klassen nooit.",
      ],
      [
        "Waar knippen",
        "Knip hoog (net onder de classifier) en de features gaan over objecten; knip laag en ze gaan over randen en kleuren. Probeer beide op je klassen: de beste knip hangt af van hoe ver je klassen van die van ImageNet liggen.",
      ],
      [
        "Drie classifiers",
        "Een lineaire SVM legt tussen elke klasse en de rest een hypervlak met de breedste marge (C weegt fouten tegen breedte). Softmax-regressie leert kansen per klasse (C is het omgekeerde van haar gewichtsstraf). k-NN leert niets: de k dichtstbijzijnde trainingsbeelden stemmen.",
      ],
      [
        "Waarom een validatieset",
        "Een classifier kan elk trainingsbeeld onthouden; alleen beelden die hij niet zag, zeggen of hij je klassen leerde. Beelden die in één keer gefilmd zijn, lijken op elkaar, dus de nieuwste beelden van elke klasse worden apart gehouden: film ze even later, vanuit een andere hoek.",
      ],
    ] as [string, string][],
    provenance: (origin: string, licence: string) => `Netwerk van ${origin}; licentie: ${licence}.`,
  },
  inside: {
    title: "In het netwerk kijken, en het voor de gek houden",
    intro:
      "Waar kijkt een netwerk naar, en hoe weinig is nodig om het van gedachten te doen veranderen? Vier manieren om te tonen van welke pixels een antwoord afhangt, naast elkaar — en dezelfde kaarten met de bovenste lagen van het netwerk willekeurig gemaakt, de sanity check: een kaart die nauwelijks verandert, verklaart het beeld, niet het netwerk. Dan een aanval: een verandering van hoogstens ε per pixel, langs de gradiënt gevonden, die het antwoord omdraait, tegenover willekeurige ruis van dezelfde grootte die dat niet doet. Tot slot beelden die het netwerk zelf verzint voor een klasse, en ruis die het met 99 % zekerheid een klasse noemt.",
    loading: "Het netwerk wordt geladen…",
    waiting:
      "Start de camera, of kies een voorbeeld of een foto: de kaarten tonen waar het ImageNet-netwerk naar kijkt.",
    noFineTuned:
      "Er is nog geen gefinetuned netwerk: finetune er een in het transferlab (het blijft in dit tabblad), of laad een bestand dat het exporteerde.",
    noCnn:
      "Er is nog geen CNN: train er een in het CNN-lab (hij blijft in dit tabblad), of laad een .safetensors-bestand dat het exporteerde.",
    notLoaded: (why: string) => `Het netwerk kon niet worden geladen: ${why}`,
    loaded: (layers: number, classes: number) => `Een netwerk van ${layers} lagen en ${classes} klassen.`,
    pickPicture: "Kies eerst een beeld.",
    analysing: "het beeld analyseren",
    shown: (label: string) => `Beoordeeld tegen: ${label}.`,
    network: "Netwerk",
    source: "netwerk",
    sources: {
      cnn: "mijn CNN (uit het CNN-lab)",
      imagenet: "de ImageNet-classificator",
      "fine-tuned": "mijn gefinetunede netwerk (transferlab)",
      yolo: "de backbone van Yolo-Fastest (detectielab)",
      "tiny-face": "het netwerk van de TinyFaceDetector (detectielab)",
    },
    backboneNote:
      "Het netwerk van een detector heeft geen klassen: de kaarten verklaren de sterkste eenheid van zijn bovenste laag voor het beeld, en 'Elke laag' hieronder toont waarop zijn eenheden reageren.",
    imageSet: (count: number) =>
      `De beeldenset van het lab: ${count} beelden — de voorbeelden, de beelden uit je transferlab en de beelden die je toevoegt. 'Elke laag' zoekt er dode kaarten en de sterkste beelden in.`,
    addPicture: "Dit beeld aan de set toevoegen",
    drawHere: "of teken er een: het netwerk antwoordt terwijl je tekent",
    drawNeedsDigits: "Dit netwerk leest geen grijze cijfers van 28 × 28: kies liever een testbeeld.",
    dataset: "testbeelden",
    datasets: { mnist: "MNIST", "fashion-mnist": "Fashion-MNIST" },
    cnnFile: "of een bestand dat het lab exporteerde (.safetensors)",
    backend: "backend",
    picture: "Beeld",
    testIndex: "testbeeld",
    randomImage: "Een ander testbeeld",
    answer: "Het netwerk zegt",
    predicted: "de voorspelde klasse",
    trueClass: (label: string) => `de echte klasse (${label})`,
    mapsTitle: "Waar het antwoord van afhangt",
    explainClass: "verklaar",
    randomised: "bovenste lagen willekeurig maken (sanity check)",
    trainedMaps: "Kaarten van het getrainde netwerk.",
    randomisedMaps: (layers: string) =>
      `Kaarten van een kopie waarvan de lagen ${layers} willekeurige gewichten hebben: een methode waarvan de kaart nauwelijks veranderde, toont niet wat het netwerk leerde.`,
    methods: {
      gradient: "gradiënt (saliency)",
      deconvnet: "deconvnet",
      guided: "guided backprop",
      "grad-cam": "Grad-CAM",
    },
    attackTitle: "Voor de gek houden",
    attackKind: "aanval",
    attacks: { fgsm: "FGSM (één stap)", pgd: "PGD (herhaald)", noise: "willekeurig ±ε (controle)" },
    epsilon: "ε (grootste verandering per pixel, van 1)",
    steps: "PGD-stappen",
    target: "doelklasse (−1: elke foute klasse)",
    attack: "Aanvallen",
    findSmallest: "Kleinste ε",
    fullScreen: "Volledig scherm",
    adversarial: "adversarial invoer",
    perturbation: "de verandering, versterkt",
    after: "…en zegt nu",
    searching: "Zoeken…",
    searchedUpTo: (epsilon: string) => `Zoeken… het antwoord houdt stand tot ε = ${epsilon}.`,
    smallest: (epsilon: string, levels: string) =>
      `Het antwoord verandert vanaf ε = ${epsilon} (${levels} grijswaarden van 255).`,
    noSmallest: "Geen ε tot 0,5 verandert het antwoord met deze aanval.",
    layersTitle: "Elke laag",
    layersNote: (images: number) =>
      `Elke kaart van een laag voor het beeld (de eerste 64). Klik er een aan om zijn sterkste eenheid terug te projecteren naar pixels — de deconvnet en guided backprop — naast het vierkant van de invoer dat die eenheid kan zien. 'Dode kaarten zoeken' stuurt de eerste ${images} beelden van het lab door het netwerk: een kaart die op geen ervan vuurt, is dood en krijgt een rode rand; veel dode kaarten wijzen op een te hoge learning rate.`,
    layersNoImages:
      "Elke kaart van een laag voor het beeld (de eerste 64). Klik er een aan om zijn sterkste eenheid terug te projecteren naar pixels. Voeg beelden toe aan de set van het lab om dode kaarten te zoeken en de beelden die een kaart het meest prikkelen.",
    layer: "laag",
    findDead: "Dode kaarten zoeken",
    dead: "dood: vuurde op geen enkel beeld van het lab",
    channel: (k: number) => `kaart ${k}: klik om zijn sterkste eenheid naar pixels te projecteren`,
    noDead: (images: number) =>
      `Geen dode kaarten: elke kaart vuurde op minstens een van de eerste ${images} beelden van het lab.`,
    deadIn: (list: string) => `Dode kaarten per laag: ${list}.`,
    field: "wat de eenheid kan zien",
    filters: "De filters van de laag",
    topImages: (count: number, over: number) =>
      `De ${count} van de eerste ${over} beelden van het lab die de aangeklikte kaart het sterkst prikkelen, bijgesneden tot wat zijn eenheid ziet`,
    excites: (value: string) => `de waarde van de eenheid: ${value}`,
    curveTitle: "Robuustheidscurve",
    curveNote: (images: number) =>
      `De testnauwkeurigheid van de CNN op zijn eerste ${images} testbeelden tegen ε, voor FGSM, PGD en willekeurige ±ε-ruis van dezelfde grootte: de ruis is de controle die toont dat het de gradiënt is die het netwerk misleidt.`,
    curveNeedsCnn: "De robuustheidscurve vraagt een CNN en zijn testbeelden: kies 'mijn CNN'.",
    measure: "Meten",
    transferTitle: "Werkt het ook elders?",
    transferNote:
      "De aanval hierboven, gemaakt op dit netwerk voor de beelden van het lab, en dan getoond aan een tweede netwerk: hetzelfde op een andere backend (alleen de afronding verschilt), of een andere CNN die je trainde (een andere seed of architectuur). Wordt het tweede netwerk ook misleid, dan dragen de misleidende beelden iets algemeens, geen eigenaardigheid van één stel gewichten.",
    second: "tweede netwerk",
    secondFile: "een andere CNN (een .safetensors-bestand uit het CNN-lab)",
    sameOn: (backend: string) => `dit netwerk op ${backend}`,
    anotherCnn: "een andere CNN (het bestand hieronder)",
    thisNetwork: (backend: string) => `dit netwerk (${backend}), waarop de aanval gemaakt is`,
    transferRun: "Aanvallen en beide scoren",
    clean: "nauwkeurigheid ervoor",
    afterAttack: "na de aanval",
    transferCaption: (attack: string, epsilon: string, images: number, labelled: boolean) =>
      `${attack}, ε = ${epsilon}, op ${images} beelden; ${labelled ? "nauwkeurigheid tegen hun labels" : "overeenstemming met de eigen antwoorden van dit netwerk op de schone beelden"}.`,
    transferNeedsImages:
      "Er zijn nog geen beelden om aan te vallen: voeg beelden toe aan de set van het lab.",
    chooseSecondFile: "Kies eerst het bestand van het tweede netwerk.",
    stop: "Stop",
    dreamTitle: "Wat het netwerk wil zien",
    dreamNote:
      "Gradient ascent op de invoer, vanuit grijze ruis: voor de score van een klasse, natuurlijk gehouden door jitter, vervaging en een trek naar grijs; of, zonder die drie, een fooling image — ruis die het netwerk met 99 % zekerheid de klasse noemt.",
    objective: "maak",
    objectives: {
      class: "hoe de klasse er voor het netwerk uitziet",
      unit: "wat de aangeklikte kaart wil zien",
      fooling: "een fooling image",
    },
    clickMapFirst:
      "Klik eerst een kaart aan onder 'Elke laag': haar gemiddelde is waarvoor het beeld gemaakt wordt.",
    dreamedUnit: (steps: number, score: string) =>
      `${steps} stappen: het gemiddelde van de kaart is ${score}.`,
    dreamClass: "klasse",
    stepSize: "stapgrootte",
    l2: "trek naar grijs (L2)",
    jitter: "jitter (pixels)",
    blur: "vervaging σ (pixels)",
    dreamSteps: "stappen",
    dream: "Verzin het",
    dreamed: (steps: number, score: string, probability: string, label: string) =>
      `${steps} stappen: score ${score}, ${probability} ${label}.`,
  },
  autoencoder: {
    title: "Auto-encoders",
    intro:
      "Een auto-encoder perst elk cijfer samen tot een code van een paar getallen en tekent het terug uit alleen die code, dus de code moet bewaren wat ertoe doet. Getraind op cijfers met ruis tegen de schone leert hij ruis verwijderen (een denoising auto-encoder); met een straf op de code blijven de meeste eenheden stil (een sparse auto-encoder); met een code van twee getallen wordt elk cijfer een punt in een vlak, en elk punt van het vlak een cijfer. De bewering uit de slides dat zulke codes helpen als er weinig labels zijn, meet dit lab hierna.",
    start: "Het netwerk wordt gemaakt…",
    loading: "De cijfers worden geladen en het netwerk gemaakt…",
    ready: (images: string) => `Een nieuw netwerk; het traint op ${images} cijfers. Druk op Train.`,
    notMade: (why: string) => `Het netwerk kon niet worden gemaakt: ${why}`,
    network: "Netwerk",
    kind: "lagen",
    kinds: { dense: "dense", conv: "convolutioneel (getransponeerde convoluties terug omhoog)" },
    code: "code-eenheden",
    hidden: "verborgen laag (0: geen)",
    presets: { denoising: "Ruis eruit", sparse: "Sparse", map: "2-D code" },
    noise: "Ruis en sparsity",
    noiseKind: "ruis op de invoer",
    noises: {
      none: "geen",
      gaussian: "Gaussisch",
      "salt-and-pepper": "peper en zout",
      masking: "maskeren (pixels uit)",
    },
    level: "ruisniveau (σ, of de geraakte fractie)",
    sparsity: "sparsity-straf (L1 op de code)",
    learningRate: "leersnelheid (Adam)",
    epochs: "epochs per Train",
    chunks: "trainingscijfers (× 10 000)",
    testImages: "gescoorde testcijfers",
    backend: "trainen op",
    train: "Train",
    training: "trainen",
    showing: "het netwerk tonen",
    decoding: "decoderen",
    progress: (epochs: string, target: string, loss: string, psnr: string) =>
      `Epoch ${epochs} van ${target}: loss ${loss}, test-PSNR ${psnr} dB.`,
    progressLoss: (epochs: string, target: string, loss: string) =>
      `Epoch ${epochs} van ${target}: loss ${loss}.`,
    paused: (epochs: string) => `Gepauzeerd bij epoch ${epochs}: Train gaat hier verder.`,
    trained: (epochs: string) => `${epochs} epochs getraind: Train voegt er meer toe.`,
    loss: "loss (binaire cross-entropie)",
    psnrOut: "test-PSNR van de reconstructie (dB)",
    psnrIn: "van de invoer met ruis (dB)",
    rowInput: "gaat erin",
    rowOutput: "komt terug",
    rowClean: "origineel",
    codeTitle: "De code",
    mapNeedsTwo:
      "Met een code van 2 eenheden is elk testcijfer een punt in een vlak: kies 2-D code en train.",
    mapNote: (images: string) =>
      `De eerste ${images} testcijfers op hun code, gekleurd per klasse. Wijs een plek aan om te zien wat die code wordt; klik twee cijfers aan om van het ene naar het andere te wandelen.`,
    decodedHere: "gedecodeerd onder de aanwijzer",
    walkNote:
      "Een wandeling tussen twee testcijfers: hun codes in tien stappen gemengd, elke stap gedecodeerd.",
    fromDigit: "van testcijfer",
    toDigit: "naar testcijfer",
    walk: "Wandel",
    trainFirst: "Train eerst een netwerk.",
    noSuchDigit: (max: string) => `Kies testcijfers van 0 tot ${max}.`,
    padTitle: "Teken een cijfer",
    padNote:
      "Teken een cijfer, of zet een testcijfer op het tekenvlak en wrijf er ruis op met de ruiskwast: het netwerk tekent terug wat het ervan maakt.",
    brush: "kwast",
    brushes: { ink: "inkt", noise: "ruis (zout en peper)" },
    padDigit: "Zet een testcijfer op het tekenvlak",
    featuresTitle: "Waar de eerste eenheden op reageren",
    featuresNote:
      "Elk vierkant zijn de gewichten van één eenheid over de 28 × 28 pixels (wit: positief, zwart: negatief).",
    featuresDenseOnly:
      "Getoond voor een dense netwerk; de eerste laag van een convolutioneel netwerk is 3 × 3-filters.",
    activeCode: (fraction: string) => `${fraction} van de codewaarden op de testcijfers is groter dan nul.`,
    fewTitle: "Weinig labels: helpt de code?",
    fewNote: (counts: string, test: string) =>
      `De slides stellen dat een lineaire SVM op de codes van een auto-encoder een CNN verslaat als er weinig labels zijn. Hier gemeten: met ${counts} gelabelde trainingscijfers per klasse een lineaire SVM op de codes van dit netwerk (het trainde op alle cijfers, zonder labels), een lineaire SVM op de ruwe pixels, en het netwerk van het CNN-lab vanaf nul getraind op dezelfde cijfers, elk gescoord op ${test} testcijfers. Van links naar rechts: meer labels.`,
    fewRun: "Meet",
    stop: "Stop",
    fewTrainFirst: "Train de auto-encoder eerst een epoch: zijn codes zijn waar de eerste SVM van leert.",
    fewProgress: (done: string, total: string) => `${done} van ${total} punten gemeten…`,
    fewDone: (done: string) => `${done} punten gemeten.`,
    fewPerClass: "labels per klasse",
    fewCodes: "SVM op de codes",
    fewPixels: "SVM op de pixels",
    fewCnn: "CNN vanaf nul",
  },
  gan: {
    title: "GAN's",
    intro:
      "Een generative adversarial network is een wedstrijd tussen twee netwerken: de generator maakt van willekeurige ruis punten, de discriminator leert die van echte te onderscheiden, en de generator leert uit de gradiënt van de discriminator hoe hij die kan foppen. Hier spelen ze in het vlak, waar alles te zien is: het oordeel van de discriminator als kaart (blauw: echt, oranje: nep), het ruisvierkant van de generator als vervormd gaas, en hoe het verlies van de generator aan elk punt trekt.",
    start: "De netwerken worden gemaakt…",
    ready: "Nieuwe netwerken. Zet één stap, of druk op Start.",
    notMade: (why: string) => `De netwerken konden niet gemaakt worden: ${why}`,
    drawFirst: "Klik in het vlak om de bulten van het doel te tekenen.",
    target: "Doel",
    targetKind: "doel",
    targets: {
      one: "één bult",
      two: "twee bulten",
      ring: "ring van acht",
      grid: "rooster van 3 × 3",
      drawn: "met de hand getekend",
    },
    spread: "breedte van elke bult (σ)",
    presetNote: "Of kies 'met de hand getekend' en klik in het vlak.",
    drawNote: (bumps: string) => `${bumps} bulten getekend: klik in het vlak om er een toe te voegen.`,
    tooManyBumps: (most: string) => `Een doel heeft hoogstens ${most} bulten.`,
    clear: "Tekening wissen",
    networks: "Netwerken (beide gelijk)",
    units: "eenheden per verborgen laag",
    layers: "verborgen lagen",
    generatorOptimiser: "optimalisator van de generator",
    generatorRate: "leersnelheid van de generator",
    discriminatorOptimiser: "optimalisator van de discriminator",
    discriminatorRate: "leersnelheid van de discriminator",
    optimisers: { sgd: "SGD", adam: "Adam" },
    dSteps: "discriminatorstappen per generatorstap",
    batch: "punten per batch",
    step: "Stap",
    run: "Start",
    show: "Tonen",
    showMap: "de kaart van de discriminator",
    showMesh: "het gaas van de generator",
    showArrows: "de trek op elk punt",
    backend: "trainen op",
    legendReal: "punten van het doel,",
    legendFake: "gegenereerde punten;",
    legendMap: "kaart: blauw waar de discriminator echt zegt, oranje waar hij nep zegt.",
    iterations: "iteraties",
    distance: "afstand tot het doel",
    modes: "modes gedekt",
    covered: (covered: string, modes: string) => `${covered} van ${modes}`,
    running: "Bezig: Pauze stopt en houdt wat getraind is.",
    stepping: "Eén iteratie…",
    paused: (iterations: string) => `Gepauzeerd na ${iterations} iteraties: Start gaat hier verder.`,
    stepped: (iterations: string) => `${iterations} iteraties.`,
    training: "trainen",
    discriminatorLoss: "verlies van de discriminator",
    generatorLoss: "verlies van de generator (−log D)",
    distanceSeries: "afstand tot het doel",
    dcganTitle: "Een DCGAN op cijfers",
    dcganNote:
      "Dezelfde wedstrijd met beelden: een generator van getransponeerde convoluties met batchnormalisatie (ruis → 7 × 7 → 14 × 14 → 28 × 28) tegen een convolutionele discriminator, hier in de pagina getraind met Adam. Op de CPU van een laptop duurt een iteratie een fractie van een seconde; herkenbare cijfers vragen er duizenden.",
    dcganNoise: "ruiswaarden per beeld",
    dcganFilters: "filters",
    dcganChunks: "trainingsbeelden (× 10.000)",
    dcganTrain: "Train de DCGAN",
    digitsStart: "Druk op Train: de cijfers laden en de netwerken worden gemaakt.",
    digitsLoading: "De cijfers laden en de netwerken maken…",
    digitsReady: (images: string) => `Nieuwe netwerken; ze trainen op ${images} beelden.`,
    digitsProgress: (iterations: string) => `${iterations} iteraties: Pauze stopt en houdt wat getraind is.`,
    dcganTrainFirst: "Train eerst de DCGAN.",
    digitsPaused: (iterations: string) => `Gepauzeerd na ${iterations} iteraties: Train gaat hier verder.`,
    dcganWalkTitle: "Een wandeling tussen twee ruisvectoren",
    dcganNewPair: "Nieuw paar",
    dcganPlaneTitle: "Het ruisvlak",
    dcganPlaneNeedsTwo:
      "Met 2 ruiswaarden per beeld wordt het hele ruisvierkant getekend als een vlak van cijfers.",
    dcganPlaneNote: "Het ruisvierkant van (−1, 1) linksboven tot (1, −1) rechtsonder, elk punt gegenereerd.",
    l1Loss: "gemiddelde |gegenereerd − echt| (L1)",
    pix2pixTitle: "pix2pix: van randen naar een cijfer",
    pix2pixNote:
      "Randen-naar-foto uit de presentatie, op workshopschaal. Elk trainingspaar is een cijfer en zijn randenkaart door een Sobelfilter. De generator is een klein U-Net: hij gaat omlaag naar 7 × 7 en weer omhoog, en elke stap omhoog ontmoet de stap omlaag van dezelfde grootte, zodat de plaats van de randen de uitvoer bereikt. De discriminator beoordeelt paren (randen, cijfer) vlak voor vlak (een PatchGAN: een kaart van 7 × 7 echt-of-nep). Het verlies van de generator telt er 100 × het gemiddelde absolute verschil met het echte cijfer bij op.",
    pix2pixTrain: "Train pix2pix",
    pix2pixGridNote:
      "Acht testcijfers: hun randenkaarten, wat de generator eruit tekent, en de echte cijfers.",
    pix2pixPadTitle: "Teken randen",
    pix2pixPadNote:
      "Teken de omtrek van een cijfer: witte lijnen op zwart, zoals de randenkaarten hierboven. Het cijfer dat eruit getekend wordt verschijnt naast het tekenvlak.",
    pix2pixTestEdges: "Randen van een testcijfer op het tekenvlak",
    pix2pixTrainFirst: "Train eerst pix2pix.",
    howTitle: "Wat één iteratie doet",
    how: "De discriminator zet het ingestelde aantal stappen, elk op een batch punten van het doel (gelabeld echt) en gegenereerde punten (gelabeld nep). Dan zet de generator één stap op −log D(G(z)) voor een nieuwe batch ruis z: de gradiënt van dat verlies bij elk gegenereerd punt — de pijlen — stroomt terug door de discriminator naar de gewichten van de generator. De afstand vergelijkt histogrammen van 2.000 gegenereerde punten en 2.000 punten van het doel op een rooster van 8 × 8; een mode is gedekt als er minstens een kwart van zijn eerlijke deel van de punten dichtbij ligt.",
  },
  rnn: {
    title: "Recurrente netwerken",
    intro:
      "Een gewoon RNN en een LSTM leren naast elkaar dezelfde taak, en het antwoord hangt af van invoer vele stappen terug. In het optelprobleem draagt elke stap een getal en een markering; twee stappen zijn gemarkeerd, één in elke helft, en na de laatste stap moet het netwerk hun som geven. Het gemiddelde voorspellen geeft een MSE van 1/6: de basislijn, de stippellijn. De tweede grafiek laat zien waarom de een leert en de ander niet: hoeveel van de gradiënt van het verlies elke stap terug in de tijd bereikt.",
    start: "De netwerken worden gemaakt…",
    ready: "Verse netwerken. Start traint beide, om de beurt.",
    notMade: (why: string) => `De netwerken konden niet worden gemaakt: ${why}`,
    task: "Taak",
    taskKind: "taak",
    tasks: { adding: "het optelprobleem", copy: "de kopieertaak" },
    length: "lengte van de reeks (stappen)",
    copyNote:
      "Kopiëren: vijf symbolen, dan zoveel lege stappen, dan een startteken; het netwerk moet de symbolen herhalen. Gokken geeft 1/8 goed.",
    addingNote: "Optellen: de som van de twee gemarkeerde getallen, gelezen na de laatste stap.",
    networks: "Netwerken (beide gelijk)",
    hidden: "verborgen eenheden",
    rate: "leersnelheid (Adam)",
    batch: "reeksen per batch",
    backend: "trainen op",
    run: "Start",
    running: "Bezig: Pauze stopt en houdt wat getraind is.",
    paused: (steps: string) => `Gepauzeerd na ${steps} stappen: Start gaat hier verder.`,
    training: "trainen",
    steps: "stappen",
    rnnScore: "testscore van het gewone RNN",
    lstmScore: "testscore van de LSTM",
    baseline: "basislijn",
    mse: "MSE",
    accuracy: "deel goed",
    rnnLoss: "gewoon RNN",
    lstmLoss: "LSTM",
    baselineSeries: "basislijn",
    lossTitle: "Trainingsverlies",
    gradientTitle: "log₁₀ ‖∂L/∂h‖ per aantal stappen voor de laatste, in de laatste trainingsstap",
    digitsTitle: "Cijfers rij voor rij lezen",
    digitsNote:
      "Een LSTM leest elk cijfer van 28 × 28 als een reeks van 28 rijen, één rij per stap, en klasseert het na de laatste rij (sequence-MNIST). De scanlijn toont de rij die gelezen wordt; ernaast de verborgen toestand na elke tot nu toe gelezen rij (één kolom per eenheid, wit positief, zwart negatief), en wat het netwerk zou antwoorden als het cijfer bij die rij ophield. Hier getraind op 10.000 cijfers; vanaf de opdrachtregel halen 3 epochs van de hele set ongeveer 98 %.",
    digitsStart: "Trainen laadt de cijfers en een verse LSTM.",
    digitsLoading: "De cijfers laden en het netwerk maken…",
    digitsTrain: "Train de cijferlezer",
    digitsNext: "Volgend cijfer",
    digitsReading: "het cijfer, rij voor rij gelezen",
    digitsHidden: "verborgen toestand na elke rij",
    digitsClasses: "zijn antwoord na deze rij",
    digitsAccuracy: "nauwkeurigheid op de testset",
    numbersTitle: "Huisnummers lezen: een CNN met een LSTM erop",
    numbersNote:
      "De huisnummers van Street View uit de presentatie, op workshopschaal: stroken van één tot vijf handgeschreven cijfers, op willekeurige grootte en afstand. Een klein CNN maakt van de strook 28 kolommen kenmerken; een LSTM leest ze van links naar rechts en noemt bij elke kolom een cijfer of een blanco. Het traint met CTC (connectionist temporal classification): de loss telt alle manieren op om de cijfers van het nummer over de kolommen te leggen, zodat niemand het netwerk vertelt waar elk cijfer staat. Bij het lezen vallen herhalingen samen en verdwijnen de blanco's. De score telt een strook alleen als het hele nummer klopt. Vanaf de opdrachtregel leest het na 3.000 stappen ongeveer 90 % van de achtergehouden nummers helemaal goed.",
    numbersStart: "Trainen laadt de cijfers en een verse lezer.",
    numbersLoading: "De cijfers laden en de lezer maken…",
    numbersTrain: "Train de nummerlezer",
    numbersNext: "Volgende strook",
    numbersReading:
      "een achtergehouden strook, kolom voor kolom gelezen; onder elke kolom wat de lezer daar noemt",
    numbersRead: (read: string, number: string) =>
      `tot nu toe gelezen: ${read || "–"} · het nummer: ${number}`,
    numbersAccuracy: "achtergehouden nummers helemaal goed",
    numbersLoss: "log₁₀ CTC-loss",
    charsTitle: "Tekst lezen en schrijven, teken voor teken",
    charsNote:
      "Een gewoon RNN en een LSTM lezen een tekst één teken per stap en leren het volgende teken voorspellen. De tekst is een lijst Engelse of Nederlandse woorden (uit de woordenlijsten van de spellingwoordenboeken, data/words/PROVENANCE.md), dus de netwerken leren woorden verzinnen; of plak je eigen tekst, die in deze browser blijft. Perplexiteit: tussen hoeveel tekens een netwerk twijfelt, alsof het gelijkmatig uit zoveel tekens kiest; de grijze lijn is wat alleen de frequenties van de tekens halen. Een reeks is een venster van de gekozen lengte vanuit een lege toestand: backpropagation through time reikt zo ver terug.",
    charsStart: "Trainen laadt de tekst en maakt beide netwerken.",
    charsLoading: "De tekst laden en de netwerken maken…",
    charsText: "tekst",
    charsTexts: { en: "Engelse woorden", nl: "Nederlandse woorden", pasted: "tekst die ik plak" },
    charsPaste: "je tekst (die blijft in deze browser)",
    charsWindow: "venster (tekens)",
    charsTrain: "Train beide",
    charsWrite: "Opnieuw schrijven",
    charsTemperature: "temperatuur",
    charsChartTitle: "Perplexiteit tijdens het trainen (e tot de loss)",
    charsHeldOut: {
      rnn: "perplexiteit van het gewone RNN op achtergehouden tekst",
      lstm: "perplexiteit van het LSTM op achtergehouden tekst",
    },
    charsBaseline: "alleen de frequenties van de tekens",
    charsWritten: "schrijven",
    charsArgmax: "het waarschijnlijkste teken bij elke stap:",
    charsSampled: (temperature) => `getrokken bij temperatuur ${temperature}:`,
    charsTraceTitle: "Het LSTM leest achtergehouden tekst",
    charsTraceNote:
      "Bovenaan: hoe waarschijnlijk het LSTM elk teken vond voordat het kwam (oranje: waarschijnlijk). Onder elk teken: de verborgen toestand, een rij per eenheid (wit positief, zwart negatief), dan de input-, forget- en outputgate van de gekozen eenheid (wit: open, zwart: dicht). Klik op een rij om die eenheid te kiezen.",
    charsUnit: "eenheid",
    howTitle: "Hoe het werkt",
    how: "Beide netwerken lezen de reeks stap voor stap: een verborgen toestand van de gekozen grootte draagt wat ze onthouden. Het gewone RNN rekent h = tanh(W·x + U·h₋₁ + b); de LSTM houdt ook een cel c bij, beschreven via een invoerpoort, bewaard via een vergeetpoort en gelezen via een uitvoerpoort. De hele reeks draait in de worker (op WebGPU als één opdracht), en backpropagation through time gaat terug door elke stap. De norm van de gradiënt wordt op 1 afgekapt, Adam stapt beide netwerken. Dezelfde rekenkern traint sequence-MNIST (een cijfer gelezen als één rij per stap) vanaf de opdrachtregel: npm run cli -- rnn --task seq-mnist.",
  },
  compress: {
    title: "Een netwerk comprimeren",
    intro:
      "Gewichtsbestanden zijn enorm (de VGG uit de slides: 350 MB), dus netwerken worden gecomprimeerd: snoei de gewichten die het minst uitmaken, deel enkele waarden per laag, sla ze op als 8-bit gehele getallen of 16-bit floats, ontbind de matrices in twee dunne, en Huffman-codeer wat overblijft. Elke instelling hier wordt naar een echt bestand geschreven, waarvan de bytes geteld worden, de gedecodeerde gewichten op de testset gescoord en de inferentie op elke backend getimed — zodat je ziet dat kleiner op schijf niet hetzelfde is als sneller, en dat een gesnoeid netwerk nog steeds elke nul uitrekent.",
    loading: "Het netwerk laden…",
    noCnn:
      "Er is nog geen CNN: train er een in het CNN-lab (hij blijft in dit tabblad), of kies een .safetensors- of .pgcz-bestand.",
    noNetwork: "Laad eerst een netwerk.",
    notLoaded: (why: string) => `Het netwerk kon niet geladen worden: ${why}`,
    ready: "Kies een instelling en druk op Comprimeren; elke instelling wordt een punt in de grafiek.",
    cnnLab: "het netwerk van het CNN-lab",
    networkInfo: (name: string, parameters: string, bytes: string) =>
      `${name}: ${parameters} parameters, ${bytes} als float32.`,
    network: "Netwerk",
    dataset: "dataset",
    backend: "snoeien, hertrainen en scoren op",
    fromCnn: "Neem het netwerk van het CNN-lab",
    file: "of een bestand (.safetensors, .pgcz)",
    pruning: "Snoeien",
    pruningKind: "snoei",
    prunings: {
      none: "niets",
      unstructured: "de kleinste gewichten van elke laag",
      global: "de kleinste gewichten van alle lagen",
      structured: "hele filters en neuronen",
    },
    fraction: "deel gesnoeid",
    retrain: "hertrainen (epochs)",
    storage: "Opslag",
    values: "gewichten als",
    storages: {
      f32: "float32",
      f16: "float16",
      int8: "int8, één schaal per laag",
      "int8-channel": "int8, één schaal per kanaal",
      shared: "gedeelde waarden (k-means)",
    },
    bits: "bits per gedeeld gewicht",
    tune: "de gedeelde waarden bijtrainen (epochs)",
    rank: "rang (0: niet ontbonden; 4,0,8: één per laag)",
    ranksFormat:
      "Schrijf één rang voor elke laag (bv. 4), of één per laag met komma's ertussen (4,0,8); 0 laat een laag heel.",
    huffman: "Huffman-codering",
    measure: "Meten",
    testImages: "gescoorde testbeelden",
    run: "Comprimeren",
    stop: "Stop",
    deepCompression: "Deep Compression",
    download: "Bestand downloaden",
    compressing: "comprimeren",
    training: {
      retrain: (done: string, total: string) => `Hertrainen: ${done} van ${total} epochs…`,
      centroids: (done: string, total: string) =>
        `De gedeelde waarden bijtrainen: ${done} van ${total} epochs…`,
    },
    done: (bytes: string, accuracy: string) => `Geschreven: ${bytes}, ${accuracy} op de testbeelden.`,
    original: "float32-origineel",
    prunedLabel: (how: string, fraction: string) => `${fraction} gesnoeid (${how})`,
    retrainedLabel: (epochs: string) => `${epochs} epochs hertraind`,
    tunedLabel: (epochs: string) => `waarden ${epochs} epochs bijgetraind`,
    sharedLabel: (bits: number) => `${bits}-bit gedeeld`,
    rankLabel: (ranks: string) => `rang ${ranks}`,
    setting: "instelling",
    bytes: "bytes",
    ratio: "kleiner met",
    accuracy: "testnauwkeurigheid",
    zeros: "nulgewichten",
    int8Accuracy: "nauwkeurigheid in int8",
    simdInt8: "SIMD int8",
    timeOn: (backend: string) => `${backend}, µs`,
    timesNote: (images: number) =>
      `Tijden zijn per beeld, de mediaan van drie keer ${images} testbeelden tegelijk classificeren, met de gewichten die het bestand oplevert: een gesnoeid netwerk vermenigvuldigt nog steeds met elke nul, en int8 wordt hier als int8 opgeslagen én gerekend.`,
    scalar: "scalair",
    chart: {
      size: "bestandsgrootte",
      accuracy: "testnauwkeurigheid",
      front: "Paretofront",
      original: "float32",
    },
    deck: (original: string, best: string) =>
      `Ter vergelijking, uit de slides: VGG-16 is 350 MB, SqueezeNet 4–10 MB. Je netwerk is ${original} als float32; het kleinste bestand binnen 1 punt van zijn nauwkeurigheid tot nu toe is ${best}.`,
    tensorsTitle: "Wat elke tensor kost",
    tensorsNote:
      "Het bestand van de laatste instelling, tensor per tensor: parameters, de waarden die echt opgeslagen zijn (minder als het ijl is, twee factoren bij lage rang) en bytes.",
    tensor: "tensor",
    parameters: "parameters",
    stored: "opgeslagen waarden",
    grows: (stored: string) => `${stored} — meer dan hij had`,
    sensitivityTitle: "De gevoeligheid van elke laag voor snoeien",
    sensitivityNote: (images: number) =>
      `Elke curve snoeit één laag alleen, van 0 tot 90 % van zijn gewichten, zonder hertrainen: testnauwkeurigheid op ${images} beelden.`,
    sensitivityRun: "Meet de gevoeligheid",
    served: {
      title: "De aangeboden netwerken, op dezelfde manier gecomprimeerd",
      note: "De ImageNet-classifier en Yolo-Fastest krijgen het snoeien en de opslag van de instelling (zonder hertrainen: hun trainingsdata staat niet in je browser). Elk wordt vergeleken met zichzelf ongecomprimeerd op de voorbeeldfoto's en de beelden van het transfer-lab: de bovenste klasse van de classifier, de vakjes van de detector (dezelfde klasse, met een overlap van IoU ≥ 0,5).",
      classifier: "ImageNet-classifier (Darknet tiny)",
      detector: "Yolo-Fastest 1.1",
      model: "netwerk",
      run: "Comprimeer het met deze instelling",
      loading: "Het netwerk laden en comprimeren…",
      setting: "instelling",
      float32: "float32",
      bytes: "gecomprimeerd",
      ratio: "kleiner met",
      agreement: "antwoorden behouden",
      compared: (done: number, total: number, matched: number, reference: number) =>
        `${done} van ${total} beelden vergeleken: tot nu toe ${matched} van ${reference} antwoorden behouden…`,
      agreed: (matched: number, reference: number, classifier: boolean) =>
        classifier
          ? `${matched} van ${reference} bovenste klassen gelijk`
          : `${matched} van ${reference} vakjes teruggevonden`,
    },
  },
  backends: {
    chartsAppear:
      "Druk op Start: hier verschijnt per workload een grafiek, tijd tegen grootte voor elke backend.",
    title: "Is de GPU altijd beter dan de CPU?",
    intro:
      "Hetzelfde werk op elke backend die deze browser de engine geeft, bij groeiende groottes: gewone scalaire lussen, wasm SIMD (elke build die de engine heeft) en WebGPU. Een GPU loont pas als het werk groot genoeg is om te betalen wat het kost om er te komen: de invoer uploaden, de kernels starten en het resultaat teruglezen. Waar dat punt ligt hangt af van je laptop, dus meet het.",
    machineTitle: "Jouw machine",
    softwareAdapter:
      "Je WebGPU-adapter is een software-terugval (zoals SwiftShader): een CPU die doet alsof hij een GPU is. Verwacht dat hij bij elke grootte verliest van wasm SIMD; op een laptop met een echte GPU verandert het beeld.",
    hardwareAdapter: "Je WebGPU-adapter is een echte GPU.",
    kernelsNote: ({ deep, large }: ProductKernels, remembered: boolean) =>
      `WebGPU vermenigvuldigde diepe matrices met de ${KERNELS_NL[deep]}, en producten van een miljoen uitkomsten of meer met de ${KERNELS_NL[large]}: de snelste van wat de engine timede ${remembered ? "bij een eerder bezoek op dit apparaat (sindsdien bewaard in deze browser)" : "toen hij verbond met dit apparaat (bewaard in deze browser voor latere bezoeken)"}.`,
    noWebgpu: (reason: string) =>
      `Geen WebGPU hier (${reason}), dus alleen de CPU-backends worden vergeleken.`,
    threadsNote: (threads: number) =>
      threads === 1
        ? "Elke CPU-backend draait op één kern, in de worker van de engine: de pagina blijft reageren."
        : `De SIMD-backend verdeelt zijn werk over ${threads} threads (de worker van de engine en helpers ernaast); de pagina blijft reageren. De reeksen op minder threads laten zien hoeveel kernen de moeite waard zijn.`,
    runTitle: "Meten",
    quick: "snelle meting (alleen kleine groottes)",
    run: "Start",
    stop: "Stop",
    howMeasured: (seconds: number) =>
      `Elk punt: één koude run (shadercompilatie, eerste geheugentoegang, apart getoond), één opwarmrun, dan getimede runs; de medianen worden getoond. Een backend groeit niet verder zodra de volgende grootte meer dan ${seconds} s per run zou kosten.`,
    measuring: (sweep: string, size: number, backend: string) => `${sweep}, grootte ${size}, op ${backend}…`,
    stopped: (done: number, total: number) => `Gestopt na ${done} van ${total} punten.`,
    done: (count: number) => `Klaar: ${count} metingen.`,
    tooSlow: (seconds: number) =>
      `vanaf hier overgeslagen: een run zou ongeveer ${formatNumber("nl", seconds, 1)} s duren`,
    seriesNames: {
      scalar: "scalair",
      simd: (build: string) =>
        build === "relaxed-simd" ? "wasm SIMD (relaxed, FMA)" : "wasm SIMD (simd128)",
      simdThreads: (threads: number) =>
        `wasm SIMD (relaxed, FMA), ${threads} ${threads === 1 ? "thread" : "threads"}`,
      webgpu: "WebGPU (met transfers)",
    },
    computeOnly: "WebGPU alleen rekenen",
    kernelsOnly: "WebGPU-kernels (klok van de GPU)",
    gpuWinsMarker: (size: number) => `GPU sneller vanaf ${size}`,
    sweeps: {
      matmul: { title: "Matrixvermenigvuldiging n × n", axis: "n" },
      "conv-size": { title: "3×3-convolutie, 32 kanalen, per beeldgrootte", axis: "beeldzijde" },
      "conv-channels": { title: "3×3-convolutie van een 32 × 32-beeld, per aantal kanalen", axis: "kanalen" },
      "train-batch": { title: "Eén trainingsstap van het netwerk uit het CNN-lab, per batch", axis: "batch" },
      detector: {
        title: "Eén frame van een Tiny-YOLO-achtige detector, per invoergrootte",
        axis: "invoerzijde",
      },
    },
    gpuNotMeasured: "WebGPU is hier niet gemeten, dus er is geen omslagpunt te tonen.",
    gpuAlways: "WebGPU was bij elke gemeten grootte sneller dan de CPU, transfers inbegrepen.",
    gpuFrom: (axis: string, size: number) =>
      `Op deze machine verslaat WebGPU de beste CPU-backend vanaf ${axis} = ${size}, transfers inbegrepen; daaronder kosten uploaden, starten en teruglezen meer dan het werk zelf.`,
    gpuNever:
      "WebGPU versloeg de beste CPU-backend nergens in deze meting, transfers inbegrepen: het werk is te klein voor wat het kost om het naar de GPU en terug te krijgen.",
    gpuNeverSoftware:
      "WebGPU versloeg de beste CPU-backend nergens in deze meting: je adapter is een CPU die een GPU nabootst, dus hij doet hetzelfde werk met meer overhead.",
    kernelShare: (kernel: number, compute: number, axis: string, size: number) =>
      `Volgens de klok van de GPU zelf liepen de kernels ${formatNumber("nl", kernel, kernel < 1 ? 3 : 1)} ms van de ${formatNumber("nl", compute, compute < 1 ? 3 : 1)} ms die WebGPU nodig had bij ${axis} = ${size}; de rest is opdrachten opnemen, indienen en op het werk wachten.`,
    simdVersusScalar: (ratio: number, axis: string, size: number) =>
      ratio >= 1.05
        ? `wasm SIMD rekende ${formatNumber("nl", ratio, 1)}× zo snel als de scalaire lussen bij ${axis} = ${size}: vier getallen per instructie, en kernels die data in registers houden.`
        : ratio > 1 / 1.05
          ? `wasm SIMD en de scalaire lussen deden ongeveer even lang bij ${axis} = ${size}: bij deze grootte is het werk te klein om vectoren iets te laten opleveren.`
          : `De scalaire lussen waren ${formatNumber("nl", 1 / ratio, 1)}× zo snel als wasm SIMD bij ${axis} = ${size}: bij deze grootte kost het klaarzetten van de data voor de vectorkernels meer dan de vectoren opleveren.`,
    running: "Bezig met meten…",
    tableTitle: "De getallen",
    json: "JSON downloaden",
    csv: "CSV downloaden",
    columns: [
      "werk",
      "grootte",
      "backend",
      "eerste run ms",
      "upload ms",
      "rekenen ms",
      "GPU-kernels ms",
      "teruglezen ms",
      "totaal ms",
      "GFLOP/s",
    ],
  },
  bench: {
    title: "Benchmark van de rekenkern",
    intro:
      "De workloads van de perf anchor (W1 matmul, W2 convoluties, W3 één trainingsstap van het MNIST-CNN, W4 een Tiny-YOLOv2-achtig netwerk) in de beste build van deze browser (op elke kern, tot 8, als dat de build met threads is), eerst een halve seconde opwarmen, dan de mediaan van minstens een seconde herhalingen.",
    workloads: "Workloads",
    backends: "Backends",
    run: "Start",
    running: (workload: string, backend: string) => `${workload} op ${backend} loopt…`,
    done: (count: number) => `Klaar: ${count} metingen.`,
    columns: [
      "workload",
      "backend",
      "build",
      "threads",
      "apparaat",
      "eerste ms",
      "mediaan ms",
      "kernels ms",
      "GFLOP/s",
      "voorbeelden/s",
    ],
  },
};
