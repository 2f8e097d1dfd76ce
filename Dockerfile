# syntax=docker/dockerfile:1
# Image of the workspace webhook: `serve` (the admission endpoint) and `certgen`
# (the certificate bootstrap run by the Helm chart's Job). Build from the repository root:
#   docker build -t workspace-webhook:0.1.0 .
# Node 20 matches the bundle's target; `--build-arg NODE_MAJOR=22` is supported as well.
ARG NODE_MAJOR=20

FROM node:${NODE_MAJOR}-bookworm-slim AS build
WORKDIR /src
# Dependencies first, so a source-only change reuses the cached `npm ci` layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Only the webhook bundle is needed. It is an ES module without a .js suffix, so a
# package.json with "type": "module" next to it makes Node load it as one.
RUN npm run build -- webhook \
 && mkdir -p /out \
 && cp dist/workspace-webhook /out/workspace-webhook \
 && printf '{"type":"module"}\n' > /out/package.json

# Distroless: no shell, no package manager; the :nonroot tag runs as uid/gid 65532.
FROM gcr.io/distroless/nodejs${NODE_MAJOR}-debian12:nonroot
WORKDIR /app
COPY --from=build --chown=0:0 --chmod=0444 /out/package.json /app/package.json
COPY --from=build --chown=0:0 --chmod=0555 /out/workspace-webhook /app/workspace-webhook
USER 65532:65532
EXPOSE 8443 9090
ENV NODE_ENV=production
ENTRYPOINT ["/nodejs/bin/node", "/app/workspace-webhook"]
CMD ["serve", "--cert", "/tls/tls.crt", "--key", "/tls/tls.key", "--port", "8443", "--metrics-port", "9090"]
