# One image, two commands: `npm run start:web` (default) or `npm run start:worker`.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim AS runtime
# MALLOC_ARENA_MAX=2: fewer glibc malloc arenas for the worker's threads, ~75 MB less resident in the worker (lib/boot/processes.ts).
ENV NODE_ENV=production DATA_DIR=/data PORT=3000 TESSDATA_DIR=/usr/share/tesseract-ocr/5/tessdata MALLOC_ARENA_MAX=2
# pdftoppm rasterizes scanned PDF pages; Debian's tessdata adds Hebrew OCR (English ships with the app).
RUN apt-get update && apt-get install -y --no-install-recommends poppler-utils tesseract-ocr-heb && rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN mkdir -p /data && chown node:node /data
COPY --from=build --chown=node:node /app ./
USER node
VOLUME /data
EXPOSE 3000
CMD ["npm", "run", "start:web"]
