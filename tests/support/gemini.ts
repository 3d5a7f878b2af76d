// A local stand-in for the Gemini API's generateContent endpoint as @google/genai calls it:
// POST {baseUrl}/v1beta/models/{model}:generateContent, the key in the x-goog-api-key header, a
// JSON body { contents, systemInstruction, generationConfig: { responseMimeType,
// responseJsonSchema | responseSchema, temperature } }. It records every request and answers as
// told: a valid extraction, malformed JSON, an answer outside the schema, a blocked prompt, an
// HTTP error, or no answer at all (for timeouts). Like the real API it refuses a request without
// a key (403) and one carrying both kinds of response schema (400).
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type GeminiBehaviour =
  | { kind: "answer"; json: unknown }
  | { kind: "text"; text: string }
  | { kind: "status"; status: number; message?: string }
  | { kind: "blocked"; reason: string }
  | { kind: "hang" };

export type RecordedRequest = {
  method: string;
  path: string;
  /** The model named in the path. */
  model?: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  /** generationConfig.responseJsonSchema, or responseSchema when that was sent instead. */
  schema?: any;
};

export type FakeGemini = {
  /** Base URL for the SDK's httpOptions.baseUrl. */
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
      const generation = (body as { generationConfig?: Record<string, unknown> } | undefined)?.generationConfig;
      requests.push({ method: req.method ?? "", path, model: m?.[1], headers: req.headers, body, schema: generation?.responseJsonSchema ?? generation?.responseSchema });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(json));
      };
      const refuse = (status: number, code: string, message: string) => send(status, { error: { code: status, message, status: code } });
      if (req.method !== "POST" || !m) return refuse(404, "NOT_FOUND", `no route ${req.method} ${path}`);
      if (!req.headers["x-goog-api-key"]) return refuse(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
      if (!body || typeof body !== "object" || !Array.isArray((body as { contents?: unknown }).contents)) return refuse(400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified");
      if (generation?.responseJsonSchema && generation?.responseSchema) return refuse(400, "INVALID_ARGUMENT", "response_schema and response_json_schema cannot both be set");
      const b = behaviour;
      switch (b.kind) {
        case "answer":
          return send(200, candidate(JSON.stringify(b.json)));
        case "text":
          return send(200, candidate(b.text));
        case "status":
          return refuse(b.status, b.status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT", b.message ?? "Internal error encountered.");
        case "blocked":
          return send(200, { promptFeedback: { blockReason: b.reason }, usageMetadata: { promptTokenCount: 100, totalTokenCount: 100 } });
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
