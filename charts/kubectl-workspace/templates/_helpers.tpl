{{/* Chart name, overridable; truncated to 63 characters (the DNS label limit). */}}
{{- define "kubectl-workspace.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name used as the prefix of every resource name; truncated to 63 characters.
The release name alone is used when it already contains the chart name.
*/}}
{{- define "kubectl-workspace.fullname" -}}
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

{{/* A name derived from the full name with a suffix, still within 63 characters. */}}
{{- define "kubectl-workspace.suffixed" -}}
{{- $suffix := index . 1 }}
{{- printf "%s-%s" (include "kubectl-workspace.fullname" (index . 0) | trunc (int (sub 62 (len $suffix))) | trimSuffix "-") $suffix }}
{{- end }}

{{/* Chart name and version as used by the helm.sh/chart label. */}}
{{- define "kubectl-workspace.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every resource. */}}
{{- define "kubectl-workspace.labels" -}}
helm.sh/chart: {{ include "kubectl-workspace.chart" . }}
{{ include "kubectl-workspace.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kubectl-workspace
{{- end }}

{{/* Labels that identify one release of the chart. */}}
{{- define "kubectl-workspace.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kubectl-workspace.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* ServiceAccount of the webhook pods. */}}
{{- define "kubectl-workspace.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kubectl-workspace.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Secret holding tls.crt, tls.key and ca.crt. */}}
{{- define "kubectl-workspace.tlsSecretName" -}}
{{- default (include "kubectl-workspace.suffixed" (list . "tls")) .Values.certificates.secretName }}
{{- end }}

{{/* The MutatingWebhookConfiguration (cluster-scoped, so the name must be unique in the cluster). */}}
{{- define "kubectl-workspace.webhookConfigurationName" -}}
{{- include "kubectl-workspace.fullname" . }}
{{- end }}

{{/* The cert-manager Certificate whose CA is injected into the webhook configuration. */}}
{{- define "kubectl-workspace.servingCertificateName" -}}
{{- include "kubectl-workspace.suffixed" (list . "serving") }}
{{- end }}

{{/* Image reference: a digest pins the image and wins over the tag. There is no public image to default to. */}}
{{- define "kubectl-workspace.image" -}}
{{- if not .Values.image.repository }}
{{- fail "image.repository is not set: there is no public workspace-webhook image. Build it from the repository's Dockerfile, push it to a registry your nodes can pull from, and pass --set image.repository=<registry>/workspace-webhook (with image.tag or image.digest); see docs/install.md" }}
{{- end }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The restricted Pod Security Standard, shared by the webhook and the certificate Job. */}}
{{- define "kubectl-workspace.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "kubectl-workspace.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
The condition under which a pod is handed to the webhook or policy: it carries
gitpod/explicitFail (any value) and gitpod/failedBeforeStopping is not yet "true".
Each expression guards itself, because the API server evaluates them independently.
A copy of `matchConditions` in webhook/registration.ts, character for character: the
test "chart and registration share one match condition" renders both and compares them.
*/}}
{{- define "kubectl-workspace.matchConditions" -}}
- name: has-explicit-fail
  expression: "object != null && has(object.metadata.annotations) && 'gitpod/explicitFail' in object.metadata.annotations"
- name: not-yet-failed-before-stopping
  expression: "object == null || !has(object.metadata.annotations) || !('gitpod/failedBeforeStopping' in object.metadata.annotations) || object.metadata.annotations['gitpod/failedBeforeStopping'] != 'true'"
{{- end }}

{{/* The pods rule shared by the webhook and the policy (`podRule` in webhook/registration.ts). */}}
{{- define "kubectl-workspace.podRule" -}}
- apiGroups: [""]
  apiVersions: ["v1"]
  operations: ["CREATE", "UPDATE"]
  {{- /* pods/status persists annotations too: without it a status writer could bypass the invariant. */}}
  resources: ["pods", "pods/status"]
{{- end }}

{{/* Labels that select the webhook pods (not the certificate Job's pod); immutable once installed. */}}
{{- define "kubectl-workspace.webhookSelectorLabels" -}}
{{ include "kubectl-workspace.selectorLabels" . }}
app.kubernetes.io/component: webhook
{{- end }}

{{/* Hook annotations of the hook Jobs' RBAC: created before the Jobs, removed after each successful phase. */}}
{{- define "kubectl-workspace.certgenHook" -}}
helm.sh/hook: {{ . }}
helm.sh/hook-weight: "-10"
helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
{{- end }}

{{/* The MutatingWebhookConfiguration's name and the certgen arguments every certgen Job and the CronJob share. */}}
{{- define "kubectl-workspace.certgenArgs" -}}
- certgen
- --namespace={{ .Release.Namespace }}
- --service={{ include "kubectl-workspace.fullname" . }}
- --secret-name={{ include "kubectl-workspace.tlsSecretName" . }}
- --validity-days={{ .Values.certificates.job.validityDays }}
- --renew-before-days={{ .Values.certificates.job.renewBeforeDays }}
{{- end }}

{{/*
The pod template of every Job the chart runs (certgen hooks, renewal, pre-delete): restricted, with the
jobs.* annotations and priority class. Called with (dict "root" $ "component" … "serviceAccount" … "args" …).
*/}}
{{- define "kubectl-workspace.jobPodTemplate" -}}
{{- $root := .root -}}
metadata:
  labels:
    {{- include "kubectl-workspace.selectorLabels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
  {{- with $root.Values.jobs.podAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  serviceAccountName: {{ .serviceAccount }}
  restartPolicy: Never
  {{- with $root.Values.jobs.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  {{- with $root.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- range . }}
    - name: {{ . }}
    {{- end }}
  {{- end }}
  securityContext:
    {{- include "kubectl-workspace.podSecurityContext" $root | nindent 4 }}
  {{- with $root.Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $root.Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: {{ .component }}
      image: {{ include "kubectl-workspace.image" $root }}
      imagePullPolicy: {{ $root.Values.image.pullPolicy }}
      args:
        {{- toYaml .args | nindent 8 }}
      {{- with $root.Values.jobs.resources }}
      resources:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- include "kubectl-workspace.containerSecurityContext" $root | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir:
        sizeLimit: 16Mi
{{- end }}

{{/* The spec fields of every Job the chart runs. */}}
{{- define "kubectl-workspace.jobSpec" -}}
backoffLimit: {{ .Values.jobs.backoffLimit }}
activeDeadlineSeconds: {{ .Values.jobs.activeDeadlineSeconds }}
ttlSecondsAfterFinished: {{ .Values.jobs.ttlSecondsAfterFinished }}
{{- end }}
