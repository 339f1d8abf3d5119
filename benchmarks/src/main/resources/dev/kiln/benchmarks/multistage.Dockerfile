# syntax=docker/dockerfile:1.7
# A web application: a Go API, a Node front end and a Debian runtime with system packages.
ARG GO_VERSION=1.22
ARG NODE_VERSION=20
ARG DEBIAN_RELEASE=bookworm
ARG REGISTRY=docker.io

FROM --platform=$BUILDPLATFORM ${REGISTRY}/library/golang:${GO_VERSION}-${DEBIAN_RELEASE} AS go-base
ARG TARGETOS TARGETARCH TARGETVARIANT
ENV CGO_ENABLED=0 \
    GOOS=$TARGETOS \
    GOARCH=$TARGETARCH \
    GOFLAGS=-trimpath
WORKDIR /src/api
COPY api/go.mod api/go.sum ./
RUN --mount=type=cache,id=gomod,target=/go/pkg/mod,sharing=locked \
    go mod download

FROM go-base AS go-build
ARG VERSION=dev
ARG COMMIT=unknown
COPY api/ ./
RUN --mount=type=cache,id=gomod,target=/go/pkg/mod,sharing=locked \
    --mount=type=cache,target=/root/.cache/go-build \
    GOARM=${TARGETVARIANT#v} go build \
      -ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT}" \
      -o /out/api ./cmd/api

FROM go-base AS go-test
COPY api/ ./
RUN --mount=type=cache,id=gomod,target=/go/pkg/mod,sharing=locked \
    --mount=type=cache,target=/root/.cache/go-build \
    go test ./... && go vet ./...

FROM --platform=$BUILDPLATFORM ${REGISTRY}/library/node:${NODE_VERSION}-${DEBIAN_RELEASE}-slim AS web-deps
WORKDIR /src/web
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false
COPY web/package.json web/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=npmrc,target=/root/.npmrc \
    npm ci --no-audit

FROM web-deps AS web-build
ARG NODE_ENV=production
ENV NODE_ENV=$NODE_ENV
COPY web/ ./
RUN npm run build && npm prune --omit=dev
RUN <<EOF
set -eu
find dist -name '*.map' -delete
du -sh dist
EOF

FROM web-deps AS web-lint
COPY web/ ./
RUN npm run lint

FROM ${REGISTRY}/library/debian:${DEBIAN_RELEASE}-slim AS runtime-base
ARG DEBIAN_FRONTEND=noninteractive
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked <<EOF
set -eux
rm -f /etc/apt/apt.conf.d/docker-clean
apt-get update
apt-get install -y --no-install-recommends \
    ca-certificates \
    curl \
    tini \
    tzdata
EOF
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app

FROM runtime-base AS release
ARG VERSION=dev
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="webapp" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.source="https://example.com/webapp"
ENV APP_HOME=/app \
    PORT=8080 \
    TZ=UTC
WORKDIR $APP_HOME
COPY --from=go-build --chown=app:app /out/api ./bin/api
COPY --from=web-build --chown=app:app /src/web/dist ./public
COPY --chmod=0644 <<EOF /etc/webapp/config.toml
[server]
port = 8080
static = "/app/public"
EOF
RUN --mount=from=go-test,source=/src/api/go.mod,target=/tmp/tested \
    --mount=from=web-lint,source=/src/web/package.json,target=/tmp/linted \
    test -s /tmp/tested && test -s /tmp/linted
USER app:app
EXPOSE 8080/tcp
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
    CMD curl -fsS "http://127.0.0.1:${PORT}/healthz" || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["/app/bin/api", "--static", "/app/public"]
