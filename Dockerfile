# syntax=docker/dockerfile:1
#
# Edge Gateway image.
#   docker build -t edge-gateway:0.1.0 .
#   docker run --rm -p 8080:8080 -p 8081:8081 edge-gateway:0.1.0
#
# Stage 1 builds the jar with the Maven wrapper and splits it into Spring Boot's layers;
# stage 2 copies the layers one by one, least often changing first, so a code change
# rebuilds and pushes only the small "application" layer.

FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /workspace
# dependencies first: this layer is reused until pom.xml or the wrapper change
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src/ src/
# tests run in CI (./mvnw -B verify), not in the image build
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests \
    && cp target/edge-gateway-*.jar app.jar \
    && java -Djarmode=tools -jar app.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:17-jre-jammy
# a fixed non-root uid/gid, matching the chart's runAsUser/runAsGroup
RUN groupadd --system --gid 10001 edge \
    && useradd --system --uid 10001 --gid edge --no-create-home --home-dir /app --shell /usr/sbin/nologin edge
WORKDIR /app
# the order of `java -Djarmode=tools -jar app.jar list-layers`
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001:10001
# 8080 traffic (server.port), 8081 management: actuator and the purge API (management.server.port)
EXPOSE 8080 8081
# the JVM sizes itself from the container's memory limit, not the node's; /tmp is the only
# writable path when the root filesystem is read-only (the chart mounts an emptyDir there)
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:InitialRAMPercentage=50.0 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp" \
    MANAGEMENT_SERVER_PORT=8081
# no curl in the image: bash's /dev/tcp asks the liveness group on the management port
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT:-8081} && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
