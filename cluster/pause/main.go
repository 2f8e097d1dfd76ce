// The local node's sandbox ("pause") image: no registry is reachable, so the
// kubelet's pod sandboxes run this stand-in, which holds the pod's namespaces
// by doing nothing until it is told to stop. `pause --version` prints and
// exits, so `kubectl exec` into it can be tried.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--version" {
		fmt.Println("kubectl-workspace pause stand-in")
		return
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
}
