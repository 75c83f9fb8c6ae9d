#!/usr/bin/env bash
# Builds the real test peers of mesh-sdk's real-API-server tier from Go modules, with the
# ordinary go command and the module proxy:
#   kube-apiserver, kube-controller-manager   k8s.io/kubernetes        (kube/go.mod)
#   etcd                                      go.etcd.io/etcd/server/v3 (etcd/go.mod)
#   istioctl, and Istio's reference data      istio.io/istio           (istio/go.mod)
#     (istio/crd-all.gen.yaml, istio/analysis-messages.yaml, istio/samples/bookinfo.yaml: the CRDs
#     the API servers install and the tests validate against, Istio's analyzer messages, Bookinfo)
#
# The result is cached by version: the folder's name is a hash of the three modules' go.mod and
# go.sum files and of this script, so a machine pays the build once per set of versions and
# `./mvnw verify` finds the same folder by computing the same hash. Prints the folder.
#
#   tools/real-cluster/build.sh            build what is missing, print the folder
#   tools/real-cluster/build.sh --print    print the folder only (exit 1 when not built)
#
# MESHSDK_CACHE overrides the cache root (default ~/.cache/mesh-sdk).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
inputs=(etcd/go.mod etcd/go.sum istio/go.mod istio/go.sum kube/go.mod kube/go.sum build.sh)
key="$(cd "${here}" && cat "${inputs[@]}" | sha256sum | cut -c1-16)"
root="${MESHSDK_CACHE:-${HOME}/.cache/mesh-sdk}/real-cluster"
out="${root}/${key}"
binaries=(kube-apiserver kube-controller-manager etcd istioctl)

data=(crd-all.gen.yaml analysis-messages.yaml samples/bookinfo.yaml)

complete() {
  for f in "${data[@]}"; do [[ -f "${out}/istio/${f}" ]] || return 1; done
  for b in "${binaries[@]}"; do [[ -x "${out}/bin/${b}" ]] || return 1; done
}

if [[ "${1:-}" == "--print" ]]; then
  complete && { echo "${out}"; exit 0; }
  echo "not built: run ${here}/build.sh" >&2
  exit 1
fi

mkdir -p "${root}"
exec 9>"${root}/.lock"
flock 9
if complete; then
  echo "${out}"
  exit 0
fi

command -v go >/dev/null || { echo "error: Go is needed to build the real test peers (see README)" >&2; exit 1; }
work="${out}.partial"
rm -rf "${work}"
mkdir -p "${work}/bin" "${work}/istio/samples"
export CGO_ENABLED=0 GOFLAGS=-mod=readonly
# Kubernetes binaries report the version they were stamped with, as its release build does.
kube_version="$(cd "${here}/kube" && go list -m -f '{{.Version}}' k8s.io/kubernetes)"
kube_minor="$(echo "${kube_version}" | cut -d. -f2)"
stamp=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  stamp+=" -X ${pkg}.gitVersion=${kube_version} -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${kube_minor}"
  stamp+=" -X ${pkg}.gitTreeState=clean"
done

build() { # module, output name, package, extra linker flags
  local started=${SECONDS}
  (cd "${here}/$1" && go build -trimpath -ldflags="-s -w ${4:-}" -o "${work}/bin/$2" "$3")
  echo "built $2 in $((SECONDS - started)) s" >&2
}

started=${SECONDS}
build etcd etcd ./cmd/etcd
build kube kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "${stamp}"
build kube kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager "${stamp}"
istio_version="$(cd "${here}/istio" && go list -m -f '{{.Version}}' istio.io/istio)"
build istio istioctl istio.io/istio/istioctl/cmd/istioctl "-X istio.io/istio/pkg/version.buildVersion=${istio_version}"
istio_dir="$(cd "${here}/istio" && go list -m -f '{{.Dir}}' istio.io/istio)"
cp "${istio_dir}/manifests/charts/base/files/crd-all.gen.yaml" "${work}/istio/crd-all.gen.yaml"
cp "${istio_dir}/pkg/config/analysis/msg/messages.yaml" "${work}/istio/analysis-messages.yaml"
cp "${istio_dir}/samples/bookinfo/platform/kube/bookinfo.yaml" "${work}/istio/samples/bookinfo.yaml"
chmod -R u+w "${work}/istio"
{
  (cd "${here}/etcd" && go list -m go.etcd.io/etcd/server/v3)
  (cd "${here}/kube" && go list -m k8s.io/kubernetes)
  (cd "${here}/istio" && go list -m istio.io/istio)
  go version
} > "${work}/VERSIONS"

rm -rf "${out}"
mv "${work}" "${out}"
echo "built the real test peers in $((SECONDS - started)) s" >&2
echo "${out}"
