import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** Debian's Chromium, headless; the flags keep it off the (closed) network at start-up. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = CANDIDATES.find((p) => existsSync(p));
  if (!executablePath) throw new Error("Chromium not found: tests/setup.sh installs Debian's chromium");
  return chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

/** What went wrong on a page as a person's browser console would show it. */
export type PageWatch = {
  /** Fails unless nothing went wrong since the last check; `expected` matches problems the step caused on purpose. */
  assertClean(where: string, expected?: RegExp[]): void;
};

/**
 * Collects a page's console errors, uncaught exceptions (`pageerror`, e.g. React's hydration errors),
 * failed requests and 4xx/5xx answers; requests cut short by a navigation (net::ERR_ABORTED) are normal.
 */
export function watchPage(page: Page): PageWatch {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") seen.push(`console error: ${m.text()}${m.location().url ? ` (at ${m.location().url})` : ""}`);
  });
  page.on("pageerror", (err) => seen.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => {
    const failure = req.failure()?.errorText ?? "failed";
    if (!failure.includes("ERR_ABORTED")) seen.push(`request failed: ${req.method()} ${req.url()}: ${failure}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) seen.push(`response ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  return {
    assertClean(where, expected = []) {
      const problems = seen.splice(0).filter((p) => !expected.some((re) => re.test(p)));
      if (problems.length) throw new Error(`${where}: the browser reported ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
    },
  };
}
