# The schemagate binary, static (musl).
#   docker build -t schemagate .                 # the binary alone (scratch)
#   docker build --target ci -t schemagate:ci .  # with git and a shell, for CI
#                                                # jobs and --changed-since
#   docker run --rm -v "$PWD:/work" schemagate check db/migrations
FROM rust:1-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src src
COPY policies policies
COPY benches benches
RUN cargo build --release --locked --bin schemagate \
 && strip target/release/schemagate

FROM alpine:3 AS ci
RUN apk add --no-cache git
COPY --from=build /src/target/release/schemagate /usr/local/bin/schemagate
WORKDIR /work

FROM scratch
COPY --from=build /src/target/release/schemagate /usr/local/bin/schemagate
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/schemagate"]
CMD ["--help"]
