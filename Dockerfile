# The scim-conformance reference SCIM service provider (AWS IAM Identity Center emulator), as one
# bundled file on a bare Node 20. Build with scripts/build-image.sh (it bundles dist/reference-server.mjs
# first); on machines without a registry pass --build-arg BASE=localhost/node-base:20.
ARG BASE=node:20-slim
FROM ${BASE}
WORKDIR /app
COPY dist/reference-server.mjs /app/reference-server.mjs
ENV NODE_ENV=production PORT=8080
# The admin token comes from SCIM_ADMIN_TOKEN (without it one is generated and printed once).
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# main.ts handles SIGTERM/SIGINT itself (node as PID 1 ignores them otherwise).
# The port comes from PORT (default 8080), so a runner using host networking can pick a free one.
CMD ["node", "/app/reference-server.mjs", "serve", "--host", "127.0.0.1"]
