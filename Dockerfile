# device-jobs server image. Build: docker build -t device-jobs .   Run: see compose.yaml and docs/operations.md.

# Build stage: the same Maven build as the README's quick start, tests skipped (CI runs them).
FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so that a source change does not download them again.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY db db
COPY openapi openapi
RUN mvn -B -q package -DskipTests

# Run stage: a JRE and the one jar, as an unprivileged user.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 devicejobs \
 && useradd --system --uid 10001 --gid devicejobs --home-dir /app --shell /usr/sbin/nologin devicejobs \
 && mkdir -p /app/data \
 && chown devicejobs:devicejobs /app/data
WORKDIR /app
COPY --from=build /src/target/device-jobs.jar /app/device-jobs.jar
USER 10001:10001
# DATA_DIR holds the embedded database (without DB_HOST) and the first admin key's file.
ENV PORT=4002 \
    DATA_DIR=/app/data
VOLUME ["/app/data"]
EXPOSE 4002
# The JRE image has no curl: the jar's own `health` command asks /health/ready (exit 0 when ready).
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-jar", "/app/device-jobs.jar", "health"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/device-jobs.jar"]
CMD ["serve"]
