// Boots a worker thread that runs a TypeScript file with tsx's CommonJS hook only. Threads are
// otherwise started with the process's `--import tsx`, whose ESM hook also compiles packages
// imported as ES modules: pdf.js went from ~60 MB to ~350 MB per thread that way. Here ES modules
// load natively, and only our own files are compiled.
const { workerData } = require("node:worker_threads");
require("tsx/cjs/api").register();
require(workerData.tsFile);

