package server

import (
	_ "embed"
	"fmt"
	"log/slog"
	"net/http"

	"canopy/awsjson"
	"canopy/engine"
)

// Canopy's own operations travel on the same endpoint and protocol as AWS
// Organizations, under their own X-Amz-Target prefix, and are described by a
// service model in botocore's format so that the same validator checks them.
//
//go:embed model/canopy-v1.json
var extensionModel []byte

const extensionPrefix = "CanopyV1."

// extensionHandler serves the CanopyV1 operations.
func extensionHandler(eng *engine.Engine, log *slog.Logger) (http.Handler, error) {
	m, err := awsjson.Parse(extensionModel)
	if err != nil {
		return nil, fmt.Errorf("canopy extension model: %w", err)
	}
	ops := map[string]awsjson.Op{}
	bind(ops, m, "SimulateOrganizationPolicies", eng.SimulateOrganizationPolicies)
	return awsjson.NewHandler(m, ops, log), nil
}
