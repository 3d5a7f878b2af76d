import { createOcrPool, type OcrPool } from "../ocr/pool";

export type OcrSettings = { langs: string; tessdataDir?: string; poolSize?: number; recycleAfterPages?: number; rssCeilingMb?: number };

/** Expensive things a worker process keeps for all its jobs, made on first use and closed on stop. */
export type WorkerResources = { ocrPool(): OcrPool; close(): Promise<void> };

export function createWorkerResources(ocr: OcrSettings): WorkerResources {
  let pool: OcrPool | undefined;
  return {
    ocrPool() {
      pool ??= createOcrPool({
        size: ocr.poolSize,
        langs: ocr.langs,
        tessdataDir: ocr.tessdataDir,
        recycleAfterPages: ocr.recycleAfterPages,
        rssCeilingBytes: ocr.rssCeilingMb === undefined ? undefined : ocr.rssCeilingMb * 1024 * 1024,
      });
      return pool;
    },
    async close() {
      await pool?.terminate();
      pool = undefined;
    },
  };
}
