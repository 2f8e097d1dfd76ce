// The local node's sandbox ("pause") image: no registry is reachable, so the
// kubelet's pod sandboxes run this stand-in, which holds the pod's namespaces
// by doing nothing until it is told to stop.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
}
