{{/*
The chart name, shortened to the 63 characters a Kubernetes label value may have.
*/}}
{{- define "kiln.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The name of the Job and its companions: the release name, prefixed with the chart name unless the release
name already contains it. 63 characters at most (DNS label).
*/}}
{{- define "kiln.fullname" -}}
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

{{/*
name-version for the helm.sh/chart label.
*/}}
{{- define "kiln.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The labels that identify this release's pods.
*/}}
{{- define "kiln.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kiln.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Helm's recommended labels (https://helm.sh/docs/chart_best_practices/labels/).
*/}}
{{- define "kiln.labels" -}}
helm.sh/chart: {{ include "kiln.chart" . }}
{{ include "kiln.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: image-build
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
The ServiceAccount the pod runs as.
*/}}
{{- define "kiln.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kiln.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The executor image: repository@digest when a digest is given, else repository:tag with the tag defaulting
to the chart's appVersion.
*/}}
{{- define "kiln.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion | toString) }}
{{- end }}
{{- end }}

{{/*
The executor's arguments, one YAML list item each, in kaniko's order: dockerfile, context, destinations,
no-push, target, build args (sorted by name), cache, snapshot mode, verbosity, then extraArgs as given.
Rendering fails when there is nowhere to push and pushing was not switched off. `required` (not `fail`)
is used so that `helm lint`, which renders with the chart's defaults, reports it instead of failing.
*/}}
{{- define "kiln.args" -}}
{{- if and (not .Values.noPush) (empty .Values.destinations) }}
{{- required "kiln: set at least one entry in destinations (--destination), or set noPush=true to build without pushing" nil }}
{{- end }}
- {{ printf "--dockerfile=%s" (required "kiln: dockerfile must not be empty" .Values.dockerfile) | quote }}
- {{ printf "--context=%s" (required "kiln: context must not be empty" .Values.context) | quote }}
{{- range .Values.destinations }}
- {{ printf "--destination=%s" . | quote }}
{{- end }}
{{- if .Values.noPush }}
- "--no-push"
{{- end }}
{{- with .Values.target }}
- {{ printf "--target=%s" . | quote }}
{{- end }}
{{- range $name := keys .Values.buildArgs | sortAlpha }}
{{- $value := get $.Values.buildArgs $name }}
{{- if kindIs "invalid" $value }}
{{- /* A name without value: the executor takes it from its environment, like docker build. */}}
- {{ printf "--build-arg=%s" $name | quote }}
{{- else }}
{{- if kindIs "float64" $value }}
{{- /* YAML numbers arrive as float64: print whole ones as integers, refuse the rest (1.10 is already 1.1). */}}
{{- if ne $value (float64 (int64 $value)) }}
{{- fail (printf "kiln: buildArgs.%s is the number %v; quote it in YAML so that it is passed exactly as written" $name $value) }}
{{- end }}
{{- $value = int64 $value }}
{{- end }}
- {{ printf "--build-arg=%s=%v" $name $value | quote }}
{{- end }}
{{- end }}
{{- if .Values.cache.enabled }}
- "--cache=true"
{{- with .Values.cache.repo }}
- {{ printf "--cache-repo=%s" . | quote }}
{{- end }}
{{- with .Values.cache.ttl }}
- {{ printf "--cache-ttl=%s" . | quote }}
{{- end }}
{{- if .Values.cache.baseImagesClaim }}
- "--cache-dir=/cache"
{{- end }}
{{- end }}
{{- with .Values.snapshotMode }}
- {{ printf "--snapshot-mode=%s" . | quote }}
{{- end }}
{{- with .Values.verbosity }}
- {{ printf "--verbosity=%s" . | quote }}
{{- end }}
{{- range .Values.extraArgs }}
- {{ . | quote }}
{{- end }}
{{- end }}
