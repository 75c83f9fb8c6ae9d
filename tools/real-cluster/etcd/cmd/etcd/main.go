// Command etcd is the etcd server of go.etcd.io/etcd/server/v3, the storage the real-API-server
// test tier gives its kube-apiservers (one etcd, one key prefix per test cluster).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
