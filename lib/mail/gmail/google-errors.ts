/** Google's error code from an OAuth or API error answer (`{"error": "invalid_grant"}` or `{"error": {"status": …}}`), never its message. */
export function googleErrorCode(err: unknown): string | undefined {
  const data = (err as { response?: { data?: { error?: unknown } } })?.response?.data;
  if (typeof data?.error === "string") return data.error;
  const status = (data?.error as { status?: unknown } | undefined)?.status;
  return typeof status === "string" ? status : undefined;
}
