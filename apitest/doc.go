// Package apitest holds Canopy's end-to-end API tests: each starts the real
// server on 127.0.0.1:0 over a SQLite store in a temporary directory and
// drives it with the official aws-sdk-go-v2 Organizations client (and, where
// installed, the AWS CLI). Nothing of Canopy is mocked.
package apitest
