#!/usr/bin/env bash
# What CI checks of the deployment files without a container engine or a cluster (the `test` target of deploy/):
#   1. the Dockerfile, linted by hadolint (.hadolint.yaml says why a rule is ignored);
#   2. docker-compose.yml and its override deploy/compose/kurrentdb.yml against the Compose Specification's schema, and every ${VAR} they
#      use documented in .env.example;
#   3. both Kubernetes overlays rendered by kustomize (prod's secrets.env from its example) and validated by
#      kubeconform, -strict, against the schemas kubernetes-validate ships (from PyPI: kubeconform's default download
#      is from GitHub), bundled for kubeconform by deploy/check/bundle-schemas.py;
#   4. deploy/src: policy checks on the render (secrets, settings, paths, security contexts) and the image's commands
#      started as its user on its files (image-command.int.spec.ts).
# Tools are pinned and cached under ${XDG_CACHE_HOME:-~/.cache}/linchpin/deploy-tools: the Go builds run once per version.
set -euo pipefail
cd "$(dirname "$0")/.."
KUSTOMIZE_VERSION=v5.8.2   # v5.8.3 needs Go 1.27
KUBECONFORM_VERSION=v0.8.0
GO_MIN=1.26   # kustomize v5.8.2 needs it
KUBERNETES_VERSION=1.35.0  # the schemas the manifests are held to (kubernetes-validate ships 1.25–1.37)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/linchpin/deploy-tools"
mkdir -p "$cache"

# Python tools, in a virtualenv named for the pins.
pins=$(sha256sum deploy/check-requirements.txt | cut -c1-12)
venv="$cache/venv-$pins"
if [ ! -e "$venv/.installed" ]; then
  rm -rf "$venv" && python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r deploy/check-requirements.txt && touch "$venv/.installed"
fi

# Go tools, built once per version into the cache. Without a Go this new, the Go toolchain comes from the module proxy
# (golang.org/toolchain, as GOTOOLCHAIN fetches it), cached too.
go_bin() {
  local have
  have=$(go env GOVERSION 2>/dev/null | sed 's/^go//') || true
  if [ -n "$have" ] && [ "$(printf '%s\n%s\n' "$GO_MIN.0" "$have" | sort -V | head -n1)" = "$GO_MIN.0" ]; then command -v go; return; fi
  local arch dir="$cache/go$GO_MIN.0"
  case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) echo "deploy-check: no Go toolchain for $(uname -m)" >&2; exit 1 ;; esac
  if [ ! -x "$dir/bin/go" ]; then
    echo "deploy-check: Go ${have:-missing} is older than $GO_MIN; fetching go$GO_MIN.0 from the module proxy" >&2
    curl -fsSL "https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go$GO_MIN.0.linux-$arch.zip" -o "$cache/go.zip"
    rm -rf "$dir.tmp" && "$venv/bin/python" -m zipfile -e "$cache/go.zip" "$dir.tmp" && rm "$cache/go.zip"
    chmod +x "$dir.tmp"/golang.org/toolchain@*/bin/* "$dir.tmp"/golang.org/toolchain@*/pkg/tool/*/*
    rm -rf "$dir" && mv "$dir.tmp"/golang.org/toolchain@* "$dir" && rm -rf "$dir.tmp"
  fi
  echo "$dir/bin/go"
}
go_tool() { # name module version
  local bin="$cache/$1-$3/$1"
  if [ ! -x "$bin" ]; then
    local go
    go=$(go_bin)
    echo "deploy-check: building $1 $3 with $("$go" version)" >&2
    (cd "$cache" && GOTOOLCHAIN=local GOBIN="$cache/$1-$3" GOFLAGS=-mod=mod "$go" install "$2@$3") >&2
  fi
  echo "$bin"
}
kustomize=$(go_tool kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION")
kubeconform=$(go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION")

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== hadolint $("$venv/bin/hadolint" --version | awk '{print $NF}'): Dockerfile"
"$venv/bin/hadolint" --config .hadolint.yaml Dockerfile && echo "ok -- no finding"

echo "== Compose Specification (check-jsonschema $("$venv/bin/check-jsonschema" --version | awk '{print $NF}'), vendor.compose-spec)"
"$venv/bin/check-jsonschema" --builtin-schema vendor.compose-spec docker-compose.yml deploy/compose/kurrentdb.yml
missing=$(grep -ohE '\$\{[A-Z0-9_]+' docker-compose.yml deploy/compose/kurrentdb.yml | sed 's/^\${//' | sort -u | while read -r var; do
  grep -qE "^${var}=" .env.example || echo "$var"
done)
[ -z "$missing" ] || { echo "deploy-check: used in compose but not documented in .env.example: $missing" >&2; exit 1; }
echo "ok -- every \${VAR} compose uses is in .env.example"

echo "== kustomize $KUSTOMIZE_VERSION + kubeconform $KUBECONFORM_VERSION -strict, Kubernetes $KUBERNETES_VERSION schemas"
# kubernetes-validate's schemas point at a shared definitions file kubeconform cannot load: bundled once per version.
schemas="$venv/schemas-v$KUBERNETES_VERSION-$(sha256sum deploy/check/bundle-schemas.py | cut -c1-12)"
if [ ! -e "$schemas/.bundled" ]; then
  shipped=$("$venv/bin/python" -c 'import kubernetes_validate, os; print(os.path.join(os.path.dirname(kubernetes_validate.__file__), "kubernetes-json-schema"))')
  rm -rf "$schemas" && "$venv/bin/python" deploy/check/bundle-schemas.py "$shipped/v$KUBERNETES_VERSION-local-strict" "$schemas" && touch "$schemas/.bundled"
fi
cp -r deploy "$out/deploy"
for overlay in dev prod; do
  dir="$out/deploy/overlays/$overlay"
  # prod's secrets.env is the operator's (git ignores it): rendered here from its example; dev's is committed.
  [ -e "$dir/secrets.env" ] || cp "$dir/secrets.env.example" "$dir/secrets.env"
  "$kustomize" build "$dir" >"$out/$overlay.yaml"
  echo "-- $overlay: $(grep -c '^kind:' "$out/$overlay.yaml") objects"
  "$kubeconform" -strict -summary -kubernetes-version "$KUBERNETES_VERSION" \
    -schema-location "$schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json" "$out/$overlay.yaml"
done

echo "== policies and the image's commands (deploy/src)"
DEPLOY_RENDERED_DIR="$out" npx jest -c deploy/jest.config.js --runInBand
