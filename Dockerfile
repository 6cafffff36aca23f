# One image for every Linchpin service; the command picks which one runs.
# Node.js 24 LTS, the same release .ci/run and scripts/node24.sh install.
ARG NODE_VERSION=24.22.3
FROM node:${NODE_VERSION}-bookworm-slim AS build
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && NX_DAEMON=false npx nx run-many -t build --exclude=@linchpin/e2e && npm prune --omit=dev

FROM node:${NODE_VERSION}-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0
COPY --from=build /app /app
# The data folder (LINCHPIN_DATA_DIR, ./data) is the node user's: review keeps its read models there (rebuilt from its
# store when missing), and a SQLite store or an admin token file go there unless told otherwise.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
CMD ["node", "services/standalone/dist/main.js"]
