// Runs once when a server instance starts (`next start`, our next-server.ts, a Vercel function's cold start).
// On Vercel there is no start-web.ts to check the environment first, so the check happens here:
// a missing DATABASE_URL or S3 setting fails the instance at boot with the names, not a request later.
export async function register() {
  // Next.js replaces NEXT_RUNTIME at build time; the edge build of this file never loads Node modules.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkWebBoot } = await import("./lib/boot/web-boot");
  checkWebBoot();
}
