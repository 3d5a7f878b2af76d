// A local stand-in for Gemini's generateContent endpoint (POST /v1beta/models/{model}:generateContent)
// that records every request and answers as told: a valid extraction, malformed JSON, an answer
// outside the schema, an HTTP error, or no answer at all (for timeouts).
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type GeminiBehaviour =
  | { kind: "answer"; json: unknown }
  | { kind: "text"; text: string }
  | { kind: "status"; status: number; message?: string }
  | { kind: "hang" };

export type RecordedRequest = { method: string; path: string; model?: string; headers: http.IncomingHttpHeaders; body: any };

export type FakeGemini = {
  /** Base URL for the SDK's requestOptions.baseUrl. */
  url: string;
  requests: RecordedRequest[];
  respond(b: GeminiBehaviour): void;
  close(): Promise<void>;
};

/** A correct extraction answer, as Gemini would write it (override any key). */
export function validAnswer(overrides: Record<string, unknown> = {}) {
  return {
    document_type: "invoice",
    vendor: "Acme Ltd",
    number: "1042",
    issue_date: "2024-03-12",
    due_date: "2024-04-11",
    currency: "USD",
    subtotal: 1000,
    tax: 180,
    total: 1180,
    line_items: [{ description: "Consulting", quantity: 10, unit_price: 100, amount: 1000 }],
    summary: "Invoice 1042 from Acme Ltd dated 2024-03-12 for $1,180.00 (VAT $180.00).",
    ...overrides,
  };
}

const candidate = (text: string) => ({
  candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason: "STOP", index: 0 }],
  usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 50, totalTokenCount: 150 },
});

export async function startFakeGemini(initial: GeminiBehaviour = { kind: "answer", json: validAnswer() }): Promise<FakeGemini> {
  let behaviour = initial;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "";
      const m = /^\/v1beta\/models\/([^/:]+):generateContent$/.exec(path.split("?")[0]);
      let body: unknown = undefined;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        body = Buffer.concat(chunks).toString("utf8");
      }
      requests.push({ method: req.method ?? "", path, model: m?.[1], headers: req.headers, body });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(json));
      };
      if (req.method !== "POST" || !m) return send(404, { error: { code: 404, message: `no route ${req.method} ${path}`, status: "NOT_FOUND" } });
      const b = behaviour;
      switch (b.kind) {
        case "answer":
          return send(200, candidate(JSON.stringify(b.json)));
        case "text":
          return send(200, candidate(b.text));
        case "status":
          return send(b.status, { error: { code: b.status, message: b.message ?? "Internal error encountered.", status: b.status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT" } });
        case "hang":
          return; // never answers; close() drops the connection
      }
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond: (b) => {
      behaviour = b;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
