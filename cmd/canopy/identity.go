package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"canopy/engine"
	"canopy/server"
)

// accounts runs "canopy accounts create": it adds a standalone account
// (in no organization) with a long-term access key, and prints them.
func accounts(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(stderr, "usage: canopy accounts create --data DIR --email EMAIL --name NAME [--user NAME]")
		return flag.ErrHelp
	}
	fs := flag.NewFlagSet("accounts create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", env("CANOPY_DATA", "canopy-data"), "directory that holds the database (CANOPY_DATA)")
	email := fs.String("email", "", "the account's email address (required)")
	name := fs.String("name", "", "the account's name (required)")
	user := fs.String("user", engine.DefaultUserName, "the IAM user the access key belongs to")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *email == "" || *name == "" {
		return fmt.Errorf("accounts create: --email and --name are required")
	}
	eng, closeStore, err := server.OpenOffline(ctx, *data)
	if err != nil {
		return err
	}
	defer closeStore()
	a, k, err := eng.CreateStandaloneAccount(ctx, *email, *name, *user)
	if err != nil {
		return err
	}
	return printJSON(stdout, map[string]string{
		"AccountId": a.ID, "Email": a.Email, "Name": a.Name, "UserArn": k.Principal,
		"AccessKeyId": k.AccessKeyID, "SecretAccessKey": k.SecretAccessKey,
	})
}

// keys runs "canopy keys create": it adds a long-term access key to an
// account Canopy knows, and prints it.
func keys(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(stderr, "usage: canopy keys create --data DIR --account ID [--user NAME]")
		return flag.ErrHelp
	}
	fs := flag.NewFlagSet("keys create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", env("CANOPY_DATA", "canopy-data"), "directory that holds the database (CANOPY_DATA)")
	account := fs.String("account", "", "the 12-digit account ID (required)")
	user := fs.String("user", engine.DefaultUserName, "the IAM user the access key belongs to")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *account == "" {
		return fmt.Errorf("keys create: --account is required")
	}
	eng, closeStore, err := server.OpenOffline(ctx, *data)
	if err != nil {
		return err
	}
	defer closeStore()
	k, err := eng.CreateAccessKey(ctx, *account, *user)
	if err != nil {
		return err
	}
	return printJSON(stdout, map[string]string{
		"AccountId": k.AccountID, "UserArn": k.Principal,
		"AccessKeyId": k.AccessKeyID, "SecretAccessKey": k.SecretAccessKey,
	})
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
