# Fellesrom in a container: docker build -t fellesrom . && docker run -p 3000:3000 -v fellesrom-data:/data fellesrom
# (README, "Drift"). Debian bookworm, the same Node 20 line as development.

# --- build: everything npm test builds, then only what runs is kept ---------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 is compiled from source at install time.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- run: the bundle, the built client, production packages; no compiler, no sources ------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The image's own files stay root's; the server (user "node", uid 1000) writes only to /data.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Ready = migrations ran, the database answers and the server is not shutting down.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM closes sockets, flushes and folds every open document, then exits.
STOPSIGNAL SIGTERM
# The same Node flags as `npm start` (package.json; a unit test keeps them equal).
CMD ["node", "--max-semi-space-size=32", "dist/server/main.js"]
