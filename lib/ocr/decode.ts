// Decodes a PNG or JPEG to 8-bit greyscale (PGM) with libvips (sharp) before OCR. Tesseract would
// decode it itself, but inside WebAssembly, without SIMD libjpeg: about 10% of an A4 page's OCR
// time, where libvips takes a few milliseconds off the event loop. Tesseract binarizes greyscale
// anyway (Sauvola, params.ts), so it sees the same page. The camera's EXIF orientation is
// applied here, as any image viewer would.
import sharp, { type OutputInfo } from "sharp";
import { toPgm, type GreyImage } from "./preprocess";
import { DocumentRejected } from "./types";

/** The image as a binary PGM (P5), upright per EXIF. `maxPixels` guards the decoder too. */
export async function decodeToGreyPgm(bytes: Buffer, maxPixels: number): Promise<Buffer> {
  return toPgm(await decodeToGrey(bytes, maxPixels));
}

/** The image's 8-bit grey pixels, upright per EXIF. `maxPixels` guards the decoder too. */
export async function decodeToGrey(bytes: Buffer, maxPixels: number): Promise<GreyImage> {
  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await sharp(bytes, {
      limitInputPixels: maxPixels,
      // A photo cut short by a few bytes still shows most of the page: only errors fail, not warnings.
      failOn: "error",
      sequentialRead: true,
    })
      .rotate() // EXIF orientation
      // Transparent pixels onto white paper: a PNG of dark text on a transparent background
      // would otherwise turn into dark text on black.
      .flatten({ background: "#ffffff" })
      .greyscale()
      .toColourspace("b-w")
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new DocumentRejected(`the image is corrupt: it could not be decoded (${err instanceof Error ? err.message : String(err)})`, "corrupt");
  }
  const { width, height, channels } = out.info;
  if (channels !== 1 || out.data.length !== width * height) {
    throw new Error(`decoding gave ${channels} channels and ${out.data.length} bytes for ${width}x${height}`);
  }
  return { data: out.data, width, height };
}
