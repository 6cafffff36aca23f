# One image for every Linchpin service; the command picks which one runs:
#   node services/standalone/dist/main.js   (the default: all five services in one process, SQLite in /app/data)
#   node services/<detection|triage|coordination|comms|review>/dist/main.js
#   node scripts/create-topics.js           (creates the Kafka topics ahead: deploy/base's topic Job)
# docker-compose.yml and deploy/base set `command` per service. Node.js 24 LTS, the release .ci/run and
# scripts/node24.sh install. scripts/deploy-check.sh lints this file, and deploy/src/image-command.int.spec.ts
# starts every command below as the runtime user on the files the runtime stage holds.
ARG NODE_VERSION=24.22.3

FROM node:${NODE_VERSION}-bookworm-slim AS build
# A compiler for a native addon without a prebuilt binary for this platform (better-sqlite3 ships them for x64/arm64).
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# npm ci applies patches/ (kafkajs); npm prune keeps the patched files and drops the dev dependencies (it runs no
# install script, so patch-package, a dev dependency, is not needed again).
RUN npm ci --no-audit --no-fund \
 && NX_DAEMON=false NX_NO_CLOUD=true npx nx run-many -t build --exclude=@linchpin/e2e,@linchpin/bench --outputStyle=static \
 && npm prune --omit=dev --no-audit --no-fund
# What runs: the production node_modules, and each workspace's package.json with its built dist (node_modules/@linchpin/*
# link to them), and its own node_modules where npm kept a version apart from the hoisted one (platform's undici).
# Sources, tests and tools stay here.
# The test libraries (testing, service-testing) stay out too. A workspace without its dist fails the build here.
RUN mkdir -p /out \
 && cp -a package.json node_modules /out/ \
 && mkdir -p /out/scripts && cp scripts/create-topics.js /out/scripts/ \
 && for ws in libs/* services/*; do \
      case "$ws" in libs/testing|libs/service-testing) continue ;; esac; \
      mkdir -p "/out/$ws" && cp -a "$ws/package.json" "$ws/dist" "/out/$ws/" || exit 1; \
      for part in bin node_modules; do if [ -d "$ws/$part" ]; then cp -a "$ws/$part" "/out/$ws/" || exit 1; fi; done; \
    done \
 && rm -rf /out/node_modules/@linchpin/e2e /out/node_modules/@linchpin/bench /out/node_modules/@linchpin/testing \
      /out/node_modules/@linchpin/service-testing /out/node_modules/.cache \
 && find /out -name '*.tsbuildinfo' -delete

FROM node:${NODE_VERSION}-bookworm-slim
WORKDIR /app
# Every service reads PORT (each has its own default when unset; here one value, so the health check knows it).
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 LINCHPIN_DATA_DIR=/app/data
# Root-owned and read-only for the runtime user: only the data folder is its own.
COPY --from=build /out /app
# The data folder (LINCHPIN_DATA_DIR): the admin token file, SQLite stores (standalone, or a service without
# POSTGRES_URL/EVENTSTORE_URL), review's read models (rebuilt from the store when missing). node is uid/gid 1000.
RUN mkdir -p /app/data && chown node:node /app/data && chmod 0750 /app/data
VOLUME /app/data
# node (uid/gid 1000 in the node image), numeric so Kubernetes can check runAsNonRoot against it.
USER 1000:1000
EXPOSE 3000
# No curl in the slim image: Node's own fetch. Live, not ready: a service waiting on Kafka or its store is not restarted.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "services/standalone/dist/main.js"]
