{{/* Chart name, truncated to the 63 characters Kubernetes names allow. */}}
{{- define "edge-gateway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: release-chart unless the release name already holds the chart name. */}}
{{- define "edge-gateway.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of the management Service (its name leaves room for the suffix). */}}
{{- define "edge-gateway.managementName" -}}
{{- printf "%s-management" (include "edge-gateway.fullname" . | trunc 52 | trimSuffix "-") }}
{{- end }}

{{- define "edge-gateway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "edge-gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "edge-gateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "edge-gateway.labels" -}}
helm.sh/chart: {{ include "edge-gateway.chart" . }}
{{ include "edge-gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "edge-gateway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "edge-gateway.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Name of the Secret holding the purge token and Redis password created by this chart. */}}
{{- define "edge-gateway.secretName" -}}
{{- include "edge-gateway.fullname" . }}
{{- end }}

{{/* Whether this chart creates its own Secret (a value is set and no existingSecret replaces it). */}}
{{- define "edge-gateway.createSecret" -}}
{{- if or (and .Values.purge.token (not .Values.purge.existingSecret)) (and .Values.redis.password (not .Values.redis.existingSecret)) }}true{{- end }}
{{- end }}

{{/* Whether the cache store needs Redis. */}}
{{- define "edge-gateway.usesRedis" -}}
{{- $store := "memory" }}
{{- if and .Values.edge (kindIs "map" .Values.edge.cache) }}{{ $store = default "memory" .Values.edge.cache.store }}{{- end }}
{{- if has $store (list "redis" "tiered") }}true{{- end }}
{{- end }}

{{/*
The application.yml the pods load from /config/ (SPRING_CONFIG_ADDITIONAL_LOCATION). Routes and
edge.* come straight from the values; ports and graceful shutdown follow the chart's settings;
extraConfig is merged last, so it may override anything.
*/}}
{{- define "edge-gateway.applicationConfig" -}}
{{- $gateway := dict "server" (dict "webflux" (dict "routes" (.Values.routes | default list))) }}
{{- $spring := dict "cloud" (dict "gateway" $gateway) "lifecycle" (dict "timeout-per-shutdown-phase" (printf "%ds" (int .Values.gracefulShutdown.timeoutPerShutdownPhaseSeconds))) }}
{{- if .Values.redis.url }}
{{- $_ := set $spring "data" (dict "redis" (dict "url" .Values.redis.url)) }}
{{- end }}
{{- $config := dict "server" (dict "port" .Values.ports.http "shutdown" "graceful") "management" (dict "server" (dict "port" .Values.ports.management)) "spring" $spring }}
{{- /* origin latency percentiles for the Grafana dashboard */}}
{{- $_ := set $config.management "metrics" (dict "distribution" (dict "percentiles-histogram" (dict "spring.cloud.gateway.requests" true))) }}
{{- $_ := set $config "edge" (deepCopy (.Values.edge | default dict)) }}
{{- $config = mustMergeOverwrite $config (deepCopy .Values.extraConfig) }}
{{- toYaml $config }}
{{- end }}
