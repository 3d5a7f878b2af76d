// CPU-heavy threads (OCR, PDF parsing, page preparation) and tools (Poppler) run at a lower
// scheduling priority than the thread that speaks IMAP and Postgres: on a machine with few cores
// the kernel then gives the fetch lanes, Postgres and the mail server their CPU first, and
// document work takes what is left. Linux applies a nice value per thread (a thread id is a pid to
// setpriority); elsewhere this does nothing.
import { readlinkSync } from "node:fs";
import os from "node:os";
import { env } from "../env";

/** Lowers the calling thread's priority (call it first thing inside a worker thread). */
export function lowerThisThread(nice: number = backgroundNice()): void {
  if (nice <= 0) return;
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>": the tid names this thread alone.
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, nice);
  } catch {
    // Not Linux, or not permitted: the work still runs, only at normal priority.
  }
}

/** Lowers a child process's priority (Poppler's renderers). */
export function lowerProcess(pid: number | undefined, nice: number = backgroundNice()): void {
  if (!pid || nice <= 0) return;
  try {
    os.setPriority(pid, nice);
  } catch {
    // gone already, or not permitted
  }
}

/** BACKGROUND_NICE (lib/env.ts); a thread parses its own copy of the environment, inherited from the process. */
function backgroundNice(): number {
  return env().BACKGROUND_NICE;
}
