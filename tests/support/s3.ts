import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";

export type S3Server = {
  endpoint: string;
  port: number;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Stops listening and drops open connections; the stored objects stay until dispose(). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Stops and removes the stored objects. */
  dispose(): Promise<void>;
};

/**
 * A real S3-compatible server (s3rver, objects on disk in a temp folder) on a free localhost
 * port, with one bucket. s3rver knows a single account, S3RVER/S3RVER; it rejects an unknown
 * access key id but does not verify SigV4 signatures, so a wrong secret is not detected.
 */
export async function startS3(opts: { bucket?: string } = {}): Promise<S3Server> {
  const bucket = opts.bucket ?? "mailroom-test";
  const directory = await mkdtemp(path.join(os.tmpdir(), "mailroom-s3-"));
  const app = new S3rver({ directory, silent: true, vhostBuckets: false, configureBuckets: [{ name: bucket, configs: [] }] });
  await app.configureBuckets();
  // Our own HTTP server around s3rver's handler, so stop() can drop keep-alive connections at once.
  const handler = app.callback();
  let server: http.Server | undefined;
  const listen = (port: number) =>
    new Promise<http.Server>((resolve, reject) => {
      const s = http.createServer(handler);
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => resolve(s));
    });
  server = await listen(0);
  const port = (server.address() as AddressInfo).port;

  const stop = async () => {
    const s = server;
    server = undefined;
    if (!s) return;
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    s.closeAllConnections();
    await closed;
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    bucket,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    stop,
    async start() {
      server ??= await listen(port);
    },
    async dispose() {
      await stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
