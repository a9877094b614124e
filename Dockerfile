# syntax=docker/dockerfile:1
# Build stage: full install (better-sqlite3 compiles here if no prebuilt binary fits), a typecheck and the
# compiled build (dist/).
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json drizzle.config.ts ./
COPY src ./src
COPY tests ./tests
COPY bench ./bench
COPY scripts ./scripts
RUN npm run typecheck && npm run build
# Production dependencies only, compiled against this same image.
RUN npm ci --omit=dev

# Runtime stage: no compilers, a non-root user, the database on a volume.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DB_PATH=/app/data/bot.db \
    BOT_CONFIG=/app/bot.config.json
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist ./dist
COPY locales ./locales
COPY migrations ./migrations
COPY migrations-hub ./migrations-hub
COPY bot.config.json ./
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
VOLUME ["/app/data"]
# compiled code: no TypeScript loader at run time (the CLI: `docker exec ... node dist/cli.js stats`). The same image
# runs the city hub (SPEC §7) with another command, `node dist/hub/main.js` (README: "A city of districts").
CMD ["node", "dist/main.js"]
