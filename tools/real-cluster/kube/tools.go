//go:build tools

// Package tools pins the Kubernetes control-plane binaries that mesh-sdk's real-API-server test
// tier starts: build.sh compiles them with the ordinary go command from the module proxy.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
)
