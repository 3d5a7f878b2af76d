// A real SMTP server for tests (smtp-server), keeping every message it accepts, parsed.
// `users` turns on AUTH PLAIN/LOGIN: other credentials get "535 5.7.8 Authentication failed".
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { from: string; to: string[]; raw: Buffer; parsed: ParsedMail };

export type TestSmtp = {
  host: string;
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Resolves when `count` messages have arrived in all. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** The next RCPT TO answers 550, as a server refusing a recipient. */
  rejectNext(): void;
  /** The next message's DATA is never answered (the sender waits, as on a stalled server); resolves when it arrives. */
  holdNext(): Promise<void>;
  close(): Promise<void>;
};

export async function startSmtpServer(opts: { users?: Record<string, string> } = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  let reject = false;
  let hold: (() => void) | undefined;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: opts.users ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !opts.users,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.users && opts.users[auth.username ?? ""] === auth.password) return cb(null, { user: auth.username });
      return cb(Object.assign(new Error("5.7.8 Authentication failed"), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, cb) {
      if (reject) {
        reject = false;
        return cb(Object.assign(new Error("5.1.1 Recipient address rejected: no such user"), { responseCode: 550 }));
      }
      cb();
    },
    onData(stream, session, cb) {
      if (hold) {
        const arrived = hold;
        hold = undefined;
        stream.on("data", () => {});
        stream.on("end", arrived);
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          parsed: await simpleParser(raw),
        });
        waiters.splice(0).forEach((w) => w());
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: "127.0.0.1",
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    rejectNext: () => void (reject = true),
    holdNext: () => new Promise<void>((resolve) => void (hold = resolve)),
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} emails, got ${received.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
