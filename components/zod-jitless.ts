// Imported first by browser modules that build or import zod schemas: zod probes `new Function` as it
// builds its first object schema, and the page's CSP reports that probe as a violation even though zod
// catches the refusal. Configured before any schema exists, it never probes.
import { z } from "zod";

z.config({ jitless: true });
