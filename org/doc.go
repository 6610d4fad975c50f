// Package org holds Canopy's domain: the resources of an AWS Organizations
// organization (accounts, roots, organizational units, policies, ...), the
// request and response shapes of its operations, the error type that carries
// an AWS exception name, and the caller identity a request runs as.
//
// The shapes follow the AWS Organizations service model (API version
// 2016-11-28) member for member, with the model's JSON names, so that a
// front-end speaking AWS's JSON 1.1 protocol can encode them directly. Other
// front-ends map their own shapes to these.
//
// org imports only the standard library. Everything else in Canopy imports it.
package org
