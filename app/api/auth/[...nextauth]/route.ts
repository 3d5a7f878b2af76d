import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/next-auth";
import { cappedBody, errorResponse, MAX_PUBLIC_BODY_BYTES } from "@/lib/http";
import { logger } from "@/lib/logger";

type Context = { params: Promise<{ nextauth: string[] }> };

const handler = NextAuth(authOptions) as (req: NextRequest, ctx: Context) => Promise<Response>;

export const GET = handler;

/** Sign-in is open to anyone: its body is read under the public cap before next-auth parses it. */
export async function POST(request: NextRequest, ctx: Context): Promise<Response> {
  let init: Awaited<ReturnType<typeof cappedBody>>;
  try {
    init = await cappedBody(request, MAX_PUBLIC_BODY_BYTES);
  } catch (err) {
    return errorResponse(err, logger.child({ path: new URL(request.url).pathname }));
  }
  return handler(new NextRequest(request.url, init), ctx);
}
