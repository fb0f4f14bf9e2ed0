// Images (ImageBitmaps from a camera, a photo or a stored example) read into RGBA bytes here in the worker,
// off the page's thread, on one reused canvas. The bitmap is closed once read.

export interface ReadFrame {
  rgba: Uint8Array;
  width: number;
  height: number;
  /** The time the read took. */
  captureMs: number;
}

export function frameReader(): (image: ImageBitmap) => ReadFrame {
  let canvas: OffscreenCanvas | undefined;
  return (image) => {
    const started = performance.now();
    const { width, height } = image;
    if (!canvas || canvas.width !== width || canvas.height !== height)
      canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext("2d", { willReadFrequently: true });
    if (!context) throw new Error("this browser cannot read frames on a canvas in a worker");
    context.drawImage(image, 0, 0);
    image.close();
    const data = context.getImageData(0, 0, width, height).data;
    const rgba = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return { rgba, width, height, captureMs: performance.now() - started };
  };
}
