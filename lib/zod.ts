import { z } from "zod";

// Pages run under a CSP without 'unsafe-eval'. zod compiles object parsers with `new Function` unless
// told not to, and decides when a schema is built: so every schema the browser may load imports `z`
// from here, which configures zod before any schema exists. (The speed-up is irrelevant at our sizes.)
z.config({ jitless: true });

export { z };
