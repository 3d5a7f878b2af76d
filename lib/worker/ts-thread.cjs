// Boots a worker thread that runs a TypeScript file with tsx's CommonJS hook only. Threads are
// otherwise started with the process's `--import tsx`, whose ESM hook also compiles packages
// imported as ES modules: pdf.js went from ~60 MB to ~350 MB per thread that way. Here ES modules
// load natively, and only our own files are compiled.
const { workerData } = require("node:worker_threads");
require("tsx/cjs/api").register();
// tsx turns source maps on, and then every package's .map is read and kept as it loads: pdf.js's
// alone held ~65 MB per thread. No stack from a thread is shown (a failure comes back as its name
// and message), so threads run without them.
process.setSourceMapsEnabled(false);
require(workerData.tsFile);

