# syntax=docker/dockerfile:1
# Build stage: compile the TypeScript and keep only the production dependencies.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No scripts yet: `prepare` builds, and the sources come in below.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY spec ./spec
COPY fixtures ./fixtures
COPY scenarios ./scenarios
RUN npm run build && npm prune --omit=dev

# Runtime stage: the compiled mock, its documents and fixtures, run by the unprivileged node user.
FROM node:24-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4010 \
    LOG_LEVEL=info
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/spec ./spec
COPY --from=build --chown=node:node /app/fixtures ./fixtures
COPY --from=build --chown=node:node /app/scenarios ./scenarios
# A folder the node user may write, for DATA_FILE=/app/data/state.json (mount a volume there to keep it).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 4010
# Healthy while it takes calls: ready answers 503 from the moment it drains on SIGTERM.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4010) + '/__admin/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/cli.js", "serve"]
