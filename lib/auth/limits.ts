// Plain numbers, so browser code can use them without building zod schemas (which probe eval, refused by the CSP).
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 1024;
