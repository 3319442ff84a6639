{{/*
Names, labels and the pieces several templates share.
*/}}

{{- define "authpay-billing.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped name of every resource; 63 characters is the DNS label limit. */}}
{{- define "authpay-billing.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "authpay-billing.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that never change over a release's life: the Deployment's selector. */}}
{{- define "authpay-billing.selectorLabels" -}}
app.kubernetes.io/name: {{ include "authpay-billing.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "authpay-billing.labels" -}}
{{ include "authpay-billing.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "authpay-billing.chart" . }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
metadata.annotations of a resource (commonAnnotations and the given extra ones), with its leading
newline and indentation, or nothing at all: include it right after the labels.
*/}}
{{- define "authpay-billing.annotations" -}}
{{- $all := merge (dict) (.extra | default dict) (.context.Values.commonAnnotations | default dict) -}}
{{- if $all }}
  annotations:
    {{- toYaml $all | nindent 4 }}
{{- end }}
{{- end -}}

{{- define "authpay-billing.image" -}}
{{- $repo := .Values.image.repository -}}
{{- if .Values.image.registry -}}
{{- $repo = printf "%s/%s" .Values.image.registry .Values.image.repository -}}
{{- end -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repo .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{- define "authpay-billing.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "authpay-billing.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret the credentials are read from: the merchant's own, or the chart's. */}}
{{- define "authpay-billing.secretName" -}}
{{- if .Values.existingSecret -}}
{{- tpl .Values.existingSecret . -}}
{{- else -}}
{{- include "authpay-billing.fullname" . -}}
{{- end -}}
{{- end -}}

{{- define "authpay-billing.jdbcUrl" -}}
{{- if .Values.database.url -}}
{{- .Values.database.url -}}
{{- else -}}
{{- $url := printf "jdbc:mysql://%s:%d/%s" (required "database.host (or database.url) is required: the MySQL 8 or MariaDB 10.6+ server" .Values.database.host) (int .Values.database.port) .Values.database.name -}}
{{- if .Values.database.parameters -}}
{{- $url = printf "%s?%s" $url .Values.database.parameters -}}
{{- end -}}
{{- $url -}}
{{- end -}}
{{- end -}}

{{/*
A Spring duration of the form the schema allows (500ms, 30s, 1m) in milliseconds.
*/}}
{{- define "authpay-billing.durationMillis" -}}
{{- $d := toString . -}}
{{- if hasSuffix "ms" $d -}}
{{- trimSuffix "ms" $d | int64 -}}
{{- else if hasSuffix "s" $d -}}
{{- mul (trimSuffix "s" $d | int64) 1000 -}}
{{- else if hasSuffix "m" $d -}}
{{- mul (trimSuffix "m" $d | int64) 60000 -}}
{{- else -}}
{{- fail (printf "cannot read the duration %q: write it as 500ms, 30s or 1m" $d) -}}
{{- end -}}
{{- end -}}

{{/* How long Spring may spend on each shutdown phase: the grace period less the JVM's exit margin. */}}
{{- define "authpay-billing.shutdownPhaseSeconds" -}}
{{- sub (int .Values.terminationGracePeriodSeconds) (int .Values.shutdownMarginSeconds) -}}
{{- end -}}

{{/*
Checks the schema cannot express; a failed one stops helm install/upgrade/template with its message.
*/}}
{{- define "authpay-billing.validateValues" -}}
{{- $ := . -}}
{{- $_ := required "authpay.baseUrl is required: the JKoPay host, e.g. https://onlinepay.jkopay.com" .Values.authpay.baseUrl -}}
{{- $_ = required "authpay.storeId is required: the merchant's store id" .Values.authpay.storeId -}}
{{- $_ = required "database.username is required" .Values.database.username -}}
{{- $_ = include "authpay-billing.jdbcUrl" . -}}
{{- if not .Values.existingSecret -}}
{{- $_ = required "authpay.apiKey is required (or set existingSecret)" .Values.authpay.apiKey -}}
{{- $_ = required "authpay.secretKey is required (or set existingSecret)" .Values.authpay.secretKey -}}
{{- $_ = required "operator.token is required: serve refuses to start without it (or set existingSecret)" .Values.operator.token -}}
{{- $_ = required "database.password is required (or set existingSecret)" .Values.database.password -}}
{{- end -}}
{{- /* A charge in flight at SIGTERM may wait for the connection and then the answer; Spring must be
       allowed to wait that long, and the kubelet must not kill the JVM before Spring is done. */ -}}
{{- $call := add (include "authpay-billing.durationMillis" .Values.authpay.connectTimeout | int64) (include "authpay-billing.durationMillis" .Values.authpay.responseTimeout | int64) -}}
{{- $phase := mul (include "authpay-billing.shutdownPhaseSeconds" . | int64) 1000 -}}
{{- if le $phase $call -}}
{{- fail (printf "terminationGracePeriodSeconds (%d) must exceed authpay.connectTimeout + authpay.responseTimeout (%dms) + shutdownMarginSeconds (%d), or in-flight charges are killed before they record their outcome" (int .Values.terminationGracePeriodSeconds) $call (int .Values.shutdownMarginSeconds)) -}}
{{- end -}}
{{- /* extraConfig lands in the ConfigMap, which is not secret. */ -}}
{{- $extraSpring := .Values.extraConfig.spring | default dict -}}
{{- $extraBilling := .Values.extraConfig.billing | default dict -}}
{{- $ds := $extraSpring.datasource | default dict -}}
{{- $ap := $extraBilling.authpay | default dict -}}
{{- $op := $extraBilling.operator | default dict -}}
{{- if or $ds.password (index $ap "secret-key") $ap.secretKey (index $ap "api-key") $ap.apiKey $op.token -}}
{{- fail "extraConfig must not hold credentials (it is rendered into a ConfigMap): use authpay.*, operator.token, database.password or existingSecret" -}}
{{- end -}}
{{- if eq (int .Values.containerPorts.http) (int .Values.containerPorts.management) -}}
{{- fail "containerPorts.management must differ from containerPorts.http: Actuator's metrics must not be on the port the Ingress routes" -}}
{{- end -}}
{{- if and .Values.ingress.enabled (not .Values.ingress.hostname) -}}
{{- fail "ingress.hostname is required when ingress.enabled is true" -}}
{{- end -}}
{{- end -}}

{{/* Environment of the application and migration containers: the config file and the credentials. */}}
{{- define "authpay-billing.env" -}}
- name: SPRING_CONFIG_ADDITIONAL_LOCATION
  value: file:/etc/authpay-billing/application.yaml
- name: BILLING_AUTHPAY_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "authpay-billing.secretName" . }}
      key: {{ .Values.secretKeys.authpayApiKey }}
- name: BILLING_AUTHPAY_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "authpay-billing.secretName" . }}
      key: {{ .Values.secretKeys.authpaySecretKey }}
- name: BILLING_OPERATOR_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "authpay-billing.secretName" . }}
      key: {{ .Values.secretKeys.operatorToken }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "authpay-billing.secretName" . }}
      key: {{ .Values.secretKeys.databasePassword }}
{{- with .Values.extraEnvVars }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "authpay-billing.volumeMounts" -}}
- name: config
  mountPath: /etc/authpay-billing
  readOnly: true
- name: tmp
  mountPath: /tmp
{{- if .Values.schedules }}
- name: schedules
  mountPath: /etc/authpay-billing-schedules
  readOnly: true
{{- end }}
{{- end -}}

{{- define "authpay-billing.containerSecurityContext" -}}
{{- if .Values.containerSecurityContext.enabled -}}
securityContext:
  {{- omit .Values.containerSecurityContext "enabled" | toYaml | nindent 2 }}
{{- end -}}
{{- end -}}
