// Page orientation, read out of Tesseract's hOCR. A page is first read without orientation
// detection (the common, upright case costs nothing extra); when that reading looks like a
// turned page, it is read again with detection on, and Tesseract marks each line it turned
// upright with `textangle N` (degrees counter-clockwise of the text, which is also the clockwise
// turn that makes the picture upright). No other output carries the page's orientation.
export type Rotation = 0 | 90 | 180 | 270;

/** Below this mean confidence a first reading may be an upside-down page read as gibberish. */
export const LOW_CONFIDENCE = 60;

const LINE = /class='ocr_(?:line|header|caption|textfloat)'[^>]*title="([^"]*)"/g;

type Line = { angle: number; width: number; height: number };

function lines(hocr: string): Line[] {
  const out: Line[] = [];
  for (const match of hocr.matchAll(LINE)) {
    const title = match[1];
    const box = /bbox (\d+) (\d+) (\d+) (\d+)/.exec(title);
    out.push({
      angle: Number(/textangle (\d+)/.exec(title)?.[1] ?? 0),
      width: box ? Number(box[3]) - Number(box[1]) : 0,
      height: box ? Number(box[4]) - Number(box[2]) : 0,
    });
  }
  return out;
}

/**
 * Whether a first reading (without orientation detection) suggests a turned page: low
 * confidence (180 degrees reads as gibberish), or mostly vertical lines (Tesseract reads a page
 * turned 90 degrees as vertical text, correctly, but without saying which way it was turned).
 */
export function looksTurned(confidence: number, hocr: string | null | undefined): boolean {
  if (confidence < LOW_CONFIDENCE) return true;
  const all = lines(hocr ?? "");
  const vertical = all.filter((l) => l.height > l.width * 1.5).length;
  return all.length > 0 && vertical * 2 > all.length;
}

/** The orientation most of the text is in (by line count; unmarked lines count as 0). */
export function rotationFromHocr(hocr: string | null | undefined): Rotation {
  const votes = new Map<number, number>();
  for (const line of lines(hocr ?? "")) votes.set(line.angle, (votes.get(line.angle) ?? 0) + 1);
  let best = 0;
  let bestVotes = 0;
  for (const [angle, count] of votes) {
    // A lone vertical label on an upright page must not win: ties go to 0.
    if (count > bestVotes || (count === bestVotes && angle === 0)) {
      best = angle;
      bestVotes = count;
    }
  }
  return best === 90 || best === 180 || best === 270 ? best : 0;
}
