{{/*
The six services: values key -> image/service name, HTTP port (quarkus.http.port of its application.properties,
checked by deploy/tests), the gateway's SEXTANT_<KEY>_URL variable (empty for the gateway itself).
*/}}
{{- define "sextant.services" -}}
gateway: {name: api-gateway, port: 8080, urlEnv: ""}
collector: {name: collector-service, port: 8081, urlEnv: SEXTANT_COLLECTOR_URL}
feature: {name: feature-service, port: 8082, urlEnv: SEXTANT_FEATURE_URL}
prediction: {name: prediction-service, port: 8083, urlEnv: SEXTANT_PREDICTION_URL}
risk: {name: risk-service, port: 8084, urlEnv: SEXTANT_RISK_URL}
execution: {name: execution-service, port: 8085, urlEnv: SEXTANT_EXECUTION_URL}
{{- end -}}

{{/* Service keys in a fixed order. */}}
{{- define "sextant.serviceKeys" -}}
gateway collector feature prediction risk execution
{{- end -}}

{{- define "sextant.fullname" -}}
{{- if contains "sextant" .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-sextant" .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "sextant.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: sextant
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sextant
{{- end -}}

{{/* Selector labels of one component: (dict "ctx" $ "component" "risk-service") */}}
{{- define "sextant.selectorLabels" -}}
app.kubernetes.io/name: sextant
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "sextant.image" -}}
{{- $img := .ctx.Values.image -}}
{{- $tag := default .ctx.Chart.AppVersion $img.tag -}}
{{- if $img.registry -}}
{{- printf "%s/%s/%s:%s" (trimSuffix "/" $img.registry) $img.repositoryPrefix .name $tag -}}
{{- else -}}
{{- printf "%s/%s:%s" $img.repositoryPrefix .name $tag -}}
{{- end -}}
{{- end -}}

{{- define "sextant.secretName" -}}
{{- if .Values.secrets.existingSecret -}}
{{- .Values.secrets.existingSecret -}}
{{- else -}}
{{- printf "%s-credentials" (include "sextant.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "sextant.kafkaSasl" -}}
{{- if hasPrefix "SASL_" .Values.kafka.securityProtocol }}true{{ end -}}
{{- end -}}

{{- define "sextant.kafkaTls" -}}
{{- if or (eq .Values.kafka.securityProtocol "SSL") (eq .Values.kafka.securityProtocol "SASL_SSL") }}true{{ end -}}
{{- end -}}

{{/* The JDBC URL (no credentials in it). */}}
{{- define "sextant.jdbcUrl" -}}
{{- $db := .Values.database -}}
{{- printf "jdbc:postgresql://%s:%d/%s" $db.host (int $db.port) $db.name -}}
{{- if $db.parameters }}?{{ $db.parameters }}{{ end -}}
{{- end -}}

{{/* The Redis URL (no password: QUARKUS_REDIS_PASSWORD comes from the Secret). */}}
{{- define "sextant.redisUrl" -}}
{{- printf "%s://%s:%d" (ternary "rediss" "redis" .Values.redis.tls) .Values.redis.host (int .Values.redis.port) -}}
{{- end -}}

{{/* Infrastructure settings every service and the migration Job read (ConfigMap data / inline env). */}}
{{- define "sextant.commonEnv" -}}
QUARKUS_HTTP_HOST: "0.0.0.0"
SEXTANT_KAFKA_BOOTSTRAP: {{ .Values.kafka.bootstrap | quote }}
SEXTANT_DB_URL: {{ include "sextant.jdbcUrl" . | quote }}
SEXTANT_REDIS_URL: {{ include "sextant.redisUrl" . | quote }}
{{- if ne .Values.kafka.securityProtocol "PLAINTEXT" }}
KAFKA_SECURITY_PROTOCOL: {{ .Values.kafka.securityProtocol | quote }}
{{- end }}
{{- if include "sextant.kafkaSasl" . }}
KAFKA_SASL_MECHANISM: {{ .Values.kafka.sasl.mechanism | quote }}
{{- end }}
{{- if and (include "sextant.kafkaTls" .) .Values.kafka.tls.caSecret }}
KAFKA_SSL_TRUSTSTORE_TYPE: "PEM"
KAFKA_SSL_TRUSTSTORE_LOCATION: "/etc/sextant/kafka-ca/{{ .Values.kafka.tls.caKey }}"
{{- end }}
{{- end -}}

{{/* Credentials of one service as env entries: (dict "ctx" $ "key" "risk" ["secret" name]) */}}
{{- define "sextant.secretEnv" -}}
{{- $secret := default (include "sextant.secretName" .ctx) .secret -}}
- name: SEXTANT_DB_USER
  valueFrom:
    secretKeyRef: {name: {{ $secret }}, key: db-{{ .key }}-user}
- name: SEXTANT_DB_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ $secret }}, key: db-{{ .key }}-password}
- name: QUARKUS_REDIS_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ $secret }}, key: redis-password}
{{- if include "sextant.kafkaSasl" .ctx }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef: {name: {{ $secret }}, key: kafka-sasl-jaas-config}
{{- end }}
{{- end -}}

{{/* Pod-level security context: uid 185 (the images' user), non-root, seccomp RuntimeDefault. */}}
{{- define "sextant.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 185
runAsGroup: 185
fsGroup: 185
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "sextant.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 185
runAsGroup: 185
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Volumes every pod has: a writable /tmp; the Kafka CA when TLS with a CA Secret. */}}
{{- define "sextant.commonVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.defaults.tmpSizeLimit }}
{{- if and (include "sextant.kafkaTls" .) .Values.kafka.tls.caSecret }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.kafka.tls.caSecret }}
    items:
      - key: {{ .Values.kafka.tls.caKey }}
        path: {{ .Values.kafka.tls.caKey }}
{{- end }}
{{- end -}}

{{- define "sextant.commonVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if and (include "sextant.kafkaTls" .) .Values.kafka.tls.caSecret }}
- name: kafka-ca
  mountPath: /etc/sextant/kafka-ca
  readOnly: true
{{- end }}
{{- end -}}

{{- define "sextant.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The chart-created Secret's data (base64), also used by the migration hook's own Secret. */}}
{{- define "sextant.secretData" -}}
{{- $s := .Values.secrets -}}
{{- range $key := include "sextant.serviceKeys" . | splitList " " }}
{{- $db := get $s.database $key }}
db-{{ $key }}-user: {{ required (printf "secrets.database.%s.user is required (or set secrets.existingSecret)" $key) $db.user | b64enc | quote }}
db-{{ $key }}-password: {{ required (printf "secrets.database.%s.password is required (or set secrets.existingSecret)" $key) $db.password | b64enc | quote }}
{{- end }}
redis-password: {{ required "secrets.redisPassword is required (or set secrets.existingSecret)" $s.redisPassword | b64enc | quote }}
{{- if include "sextant.kafkaSasl" . }}
{{- $sasl := .Values.kafka.sasl }}
{{- $module := ternary "org.apache.kafka.common.security.plain.PlainLoginModule" "org.apache.kafka.common.security.scram.ScramLoginModule" (eq $sasl.mechanism "PLAIN") }}
{{- $user := required "kafka.sasl.username is required with SASL (or set secrets.existingSecret)" $sasl.username }}
{{- $pw := required "kafka.sasl.password is required with SASL (or set secrets.existingSecret)" $sasl.password }}
{{- $esc := dict "u" ($user | replace "\\" "\\\\" | replace "\"" "\\\"") "p" ($pw | replace "\\" "\\\\" | replace "\"" "\\\"") }}
kafka-sasl-jaas-config: {{ printf "%s required username=\"%s\" password=\"%s\";" $module $esc.u $esc.p | b64enc | quote }}
{{- end }}
{{- end -}}
