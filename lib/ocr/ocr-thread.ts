// The thread a tesseract.js worker runs in (its `workerPath`): tesseract.js's own Node worker
// script, started at background priority so reading pages yields the CPU to fetching.
import { createRequire } from "node:module";
import path from "node:path";
import { lowerThisThread } from "../worker/thread-priority";

lowerThisThread();
const load = createRequire(path.join(process.cwd(), "package.json"));
load(path.join(path.dirname(load.resolve("tesseract.js")), "worker-script", "node", "index.js"));
