//go:build tools

// Package tools pins istioctl, the oracle the test suite asks about Istio objects (validate,
// analyze); build.sh compiles it with the ordinary go command from the module proxy.
package tools

import (
	_ "istio.io/istio/istioctl/cmd/istioctl"
)
