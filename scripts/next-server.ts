// The production web server: Next.js's request handler behind node's own HTTP server, so the app
// learns the address of the connection (Next.js itself only passes on headers a client may forge).
import http from "node:http";
import path from "node:path";
import next from "next";
import { PEER_HEADER } from "../lib/auth/login";

async function main() {
  const port = Number(process.argv[2] ?? 3000);
  const app = next({ dev: false, dir: path.resolve(__dirname, ".."), port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    // Set here and nowhere else: whatever a client sent under this name is replaced.
    req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
    void handle(req, res);
  });
  server.listen(port, () => console.log(`mailroom web: listening on http://localhost:${port}`));
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      server.close();
      void app.close().finally(() => process.exit(0));
    });
  }
}

main().catch((err) => {
  console.error(`mailroom web: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
