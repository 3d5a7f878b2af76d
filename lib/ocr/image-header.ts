// Reads an image's format and size from its first bytes, without decoding any pixels: a
// 30,000 x 30,000 PNG is a few hundred bytes on the wire and 3.6 GB once decoded, so the pixel
// limit has to be checked here, before anything allocates.
import { DocumentRejected } from "./types";

export type ImageFormat = "png" | "jpeg";

export type ImageHeader = { format: ImageFormat; width: number; height: number; components?: number };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The format the bytes really are (a mail client's content type can be wrong), or undefined. */
export function sniffImageFormat(bytes: Buffer): ImageFormat | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return "png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  return undefined;
}

/** Format and size from the header; DocumentRejected "corrupt"/"unsupported" when there is none. */
export function readImageHeader(bytes: Buffer): ImageHeader {
  const format = sniffImageFormat(bytes);
  if (format === "png") return readPngHeader(bytes);
  if (format === "jpeg") return readJpegHeader(bytes);
  throw new DocumentRejected("not a PNG or JPEG image (unrecognized file signature)", "unsupported");
}

function readPngHeader(bytes: Buffer): ImageHeader {
  // The signature is followed by the IHDR chunk: length (13), "IHDR", width, height, bit depth...
  if (bytes.length < 33 || bytes.toString("latin1", 12, 16) !== "IHDR") {
    throw new DocumentRejected("corrupt PNG: the IHDR header chunk is missing or cut off", "corrupt");
  }
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width === 0 || height === 0) throw new DocumentRejected(`corrupt PNG: size ${width}x${height}`, "corrupt");
  const colourType = bytes[25];
  const components = colourType === 0 ? 1 : colourType === 4 ? 2 : colourType === 2 ? 3 : colourType === 6 ? 4 : 1;
  return { format: "png", width, height, components };
}

// Start-of-frame markers carry the size; C4 (DHT), C8 (JPG extension) and CC (DAC) share the
// range but are not frames.
const isStartOfFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function readJpegHeader(bytes: Buffer): ImageHeader {
  let i = 2; // after SOI
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) throw new DocumentRejected(`corrupt JPEG: expected a marker at byte ${i}`, "corrupt");
    const marker = bytes[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    // Markers without a length: TEM, RSTn, SOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // EOI or start of scan before any frame header
    const length = bytes.readUInt16BE(i + 2);
    if (length < 2) break;
    if (isStartOfFrame(marker)) {
      if (i + 10 > bytes.length) break;
      const height = bytes.readUInt16BE(i + 5);
      const width = bytes.readUInt16BE(i + 7);
      const components = bytes[i + 9];
      // Height 0 means "defined later by a DNL marker": rare, and not worth supporting.
      if (width === 0 || height === 0) throw new DocumentRejected(`unsupported JPEG: size ${width}x${height}`, "unsupported");
      return { format: "jpeg", width, height, components };
    }
    i += 2 + length;
  }
  throw new DocumentRejected("corrupt JPEG: no frame header (SOF) before the image data", "corrupt");
}
