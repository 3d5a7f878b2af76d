// Where a company's files live in the store: content-addressed by SHA-256, so writing one again
// (a repeated fetch after a crash) writes the same file.
export const rawEmailKey = (companyId: string, sha256: string) => `${companyId}/emails/${sha256.slice(0, 2)}/${sha256}.eml`;
export const documentKey = (companyId: string, sha256: string) => `${companyId}/documents/${sha256.slice(0, 2)}/${sha256}`;
