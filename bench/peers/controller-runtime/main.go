// The webhook benchmark's Go peer: the same admission rule as workspace-webhook, written the way
// a Go team writes a mutating webhook with controller-runtime (an admission.Handler that decodes
// the Pod, sets the annotation and answers with admission.PatchResponseFromRaw), served by
// controller-runtime's webhook.Server with a certwatcher on the given files, as a kubebuilder
// scaffold does. Built and started by bench/controller-runtime-peer.ts:
//
//	controller-runtime-webhook --cert FILE --key FILE --port N [--host 127.0.0.1]
package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/certwatcher"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	"sigs.k8s.io/controller-runtime/pkg/webhook"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

const (
	explicitFail         = "gitpod/explicitFail"
	failedBeforeStopping = "gitpod/failedBeforeStopping"
)

// failedBeforeStoppingDefaulter keeps gitpod/failedBeforeStopping with gitpod/explicitFail.
type failedBeforeStoppingDefaulter struct {
	decoder admission.Decoder
}

func (d *failedBeforeStoppingDefaulter) Handle(_ context.Context, req admission.Request) admission.Response {
	if req.Operation != admissionv1.Create && req.Operation != admissionv1.Update {
		return admission.Allowed("")
	}
	// pods/status persists metadata too; other subresources carry other kinds.
	if req.Kind.Group != "" || req.Kind.Kind != "Pod" || (req.SubResource != "" && req.SubResource != "status") {
		return admission.Allowed("")
	}
	pod := &corev1.Pod{}
	if err := d.decoder.Decode(req, pod); err != nil {
		return admission.Errored(http.StatusBadRequest, err)
	}
	if _, ok := pod.Annotations[explicitFail]; !ok {
		return admission.Allowed("")
	}
	pod.Annotations[failedBeforeStopping] = "true"
	marshaled, err := json.Marshal(pod)
	if err != nil {
		return admission.Errored(http.StatusInternalServerError, err)
	}
	return admission.PatchResponseFromRaw(req.Object.Raw, marshaled)
}

func main() {
	certFile := flag.String("cert", "", "serving certificate (PEM)")
	keyFile := flag.String("key", "", "serving private key (PEM)")
	host := flag.String("host", "127.0.0.1", "address to listen on")
	port := flag.Int("port", 9443, "port to listen on")
	opts := zap.Options{}
	opts.BindFlags(flag.CommandLine)
	flag.Parse()
	if *certFile == "" || *keyFile == "" {
		fmt.Fprintln(os.Stderr, "error: pass --cert FILE --key FILE [--port N]")
		os.Exit(2)
	}
	ctrl.SetLogger(zap.New(zap.UseFlagOptions(&opts)))
	log := ctrl.Log.WithName("setup")

	watcher, err := certwatcher.New(*certFile, *keyFile)
	if err != nil {
		log.Error(err, "loading the serving certificate")
		os.Exit(1)
	}
	scheme := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(scheme); err != nil {
		log.Error(err, "building the scheme")
		os.Exit(1)
	}
	server := webhook.NewServer(webhook.Options{
		Host: *host,
		Port: *port,
		TLSOpts: []func(*tls.Config){
			func(c *tls.Config) { c.GetCertificate = watcher.GetCertificate },
			// HTTP/2 off, as kubebuilder's scaffold does by default.
			func(c *tls.Config) { c.NextProtos = []string{"http/1.1"} },
		},
	})
	server.Register("/mutate", &webhook.Admission{Handler: &failedBeforeStoppingDefaulter{decoder: admission.NewDecoder(scheme)}})
	server.WebhookMux().HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		if err := watcher.Start(ctx); err != nil {
			log.Error(err, "certificate watcher")
		}
	}()
	if err := server.Start(ctx); err != nil {
		log.Error(err, "serving")
		os.Exit(1)
	}
}
