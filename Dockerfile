# Image of the workspace webhook: `serve` (the admission endpoint) and `certgen`
# (the certificate bootstrap run by the Helm chart's Job). Build from the repository root:
#   docker build -t workspace-webhook:0.1.0 .
# The runtime stage copies the image's application folder that `npm run build` writes
# (dist/image: the bundle and the package.json that makes Node load it as CommonJS).

FROM node:24-bookworm-slim AS build
WORKDIR /src
# Dependencies first, so a source-only change reuses the cached `npm ci` layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build -- webhook

# Distroless: no shell, no package manager; the :nonroot tag runs as uid/gid 65532.
FROM gcr.io/distroless/nodejs24-debian12:nonroot
WORKDIR /app
# Owned by root and left as built (0755 bundle, 0644 package.json): uid 65532 cannot change them.
COPY --from=build --chown=0:0 /src/dist/image/ /app/
USER 65532:65532
EXPOSE 8443 9090
ENV NODE_ENV=production
ENTRYPOINT ["/nodejs/bin/node", "/app/workspace-webhook"]
CMD ["serve", "--cert", "/tls/tls.crt", "--key", "/tls/tls.key", "--port", "8443", "--metrics-port", "9090"]
