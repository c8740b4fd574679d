# One image for every worker, the operator console and the operator CLI: `docker compose`
# picks the entry point per service (`node services/<name>/dist/main.js`; the init job runs
# `node services/ops/dist/cli.js`, which reads schemas/). Build it with `--target runtime`.

# --- manifests: only the package.json files of the workspaces, so that the
# `npm ci` layer below is reused as long as no manifest changes.
FROM node:22-bookworm-slim AS manifests
WORKDIR /src
COPY services ./services
RUN find services -type f ! -name package.json -delete \
 && find services -mindepth 1 -type d -empty -delete

# --- build: install everything, compile the workspaces, then drop dev dependencies.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig*.json ./
COPY --from=manifests /src/services ./services
# No runtime dependency needs an install script; skipping them keeps the build
# free of compilers (ssh2/cpu-features are optional native parts of testcontainers).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY services ./services
COPY schemas ./schemas
# `npm run build` is `tsc -b`; the explicit project list builds the services only
# (the root tsconfig also references the test project, which is not in the image).
RUN npm run build -- services/*
# Only runtime dependencies stay: the test SMTP sink's libraries (smtp-server, mailparser),
# testcontainers and the tools are devDependencies (test/unit/compose/runtime-dependencies.test.ts).
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund
# Keep only what runs: each workspace's package.json, compiled dist/ and static public/ (the console's).
# The local stack (services/devstack: Kafka, FerretDB, registry, SMTP sink) is for development and
# tests; its libraries were pruned above, so it stays out.
RUN mkdir -p /out/services \
 && for dir in services/*/; do \
      name="$(basename "$dir")"; \
      case "$name" in devstack) continue ;; esac; \
      mkdir -p "/out/services/$name"; \
      cp "$dir/package.json" "/out/services/$name/"; \
      if [ -d "$dir/dist" ]; then cp -R "$dir/dist" "/out/services/$name/dist"; fi; \
      if [ -d "$dir/public" ]; then cp -R "$dir/public" "/out/services/$name/public"; fi; \
    done \
 && find /out/services -name '*.tsbuildinfo' -delete

# --- runtime: production dependencies, compiled services, schemas and the contract; no compiler.
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
# V8's heap for a worker: old space capped at 160 MB and 4 MB semi-spaces keep a worker at 150–190 MB
# resident over three full bursts, with the malloc settings below and a 256 KiB fetch per partition
# (260–390 MB with V8's defaults and a 1 MiB fetch; V8 sizes its heap for the host,
# not the container; docs/benchmarks.md).
# Live data stays under the cap (about 40–100 MB: fetched batches, chunks in flight, the entity
# cache; capping below it makes V8 collect all the time); a deployment that raises
# PARTITIONS_CONCURRENTLY, ENTITY_CACHE_MB or the fetch size raises this with it, and the
# container's memory limit should leave room above it (256 MB fits). `npm run bench` reads it here.
# Under a cap this low V8 would also collect the old space after every ~10 MB promoted; the workers
# let it grow by three quarters instead (--heap-growing-percent=75, which node refuses in NODE_OPTIONS,
# so services/runtime/src/heap-growth.ts sets it at start): a fifth less CPU, about 10 MB more resident.
ENV NODE_OPTIONS="--max-old-space-size=160 --max-semi-space-size=4"
# glibc's malloc with a fixed mmap threshold: the large buffers of Kafka fetches, produce
# requests and database batches are mapped on their own and given back when freed (with the
# default, the threshold rises after each large free, and later ones stay in the process's
# heap); two arenas for the few threads that allocate. The contact worker's peak fell from
# 185–194 to 172–176 MB over two bursts, the card worker's stayed within its spread, and
# neither one's throughput moved (docs/benchmarks.md). `npm run bench` reads these here too.
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /out/services ./services
COPY --from=build /app/schemas ./schemas
# The contract the console shows at /contract (its CONSOLE_CONTRACT_FILE default: /app/docs/asyncapi.yaml).
COPY docs/asyncapi.yaml ./docs/asyncapi.yaml
# The official image's unprivileged user (uid 1000); the files above stay root-owned, read-only to it.
USER node
EXPOSE 9464
CMD ["node", "services/card-worker/dist/main.js"]
