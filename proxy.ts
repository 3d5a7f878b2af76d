import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { securityHeaders } from "@/lib/security-headers";

/** Security headers on every page and API answer. */
export function proxy(request: NextRequest) {
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(securityHeaders({ path: request.nextUrl.pathname, publicUrl: env().PUBLIC_URL }))) response.headers.set(name, value);
  return response;
}

export const config = {
  // Built assets are hashed files served as they are; everything else gets the headers.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
