package server

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"canopy/awsjson"
	"canopy/engine"
	"canopy/org"
	"canopy/sigv4"
	"canopy/store"
	"canopy/stsapi"
)

// Auth modes.
const (
	// AuthDev trusts the credential a request names without checking its
	// signature: a 12-digit access key acts as that account, a key Canopy
	// issued as its owner, any other as the default account.
	AuthDev = "dev"
	// AuthStrict requires every request to carry a valid Signature V4,
	// header or presigned, made with a key Canopy issued.
	AuthStrict = "strict"
)

// authenticator establishes who a request is from.
type authenticator struct {
	strict   bool
	verifier *sigv4.Verifier
	keys     keyCache
}

// keyCache keeps the access keys requests used, so that a request costs
// one store transaction, not two. Keys are never changed or deleted while
// they can verify a request: long-term keys have no API that revokes them,
// and temporary ones carry their expiry, which Verify checks. A key added
// by another process or node is found in the store on first use.
type keyCache struct {
	mu sync.RWMutex
	m  map[string]*org.AccessKey
}

// keyCacheMax bounds the cache; when full it starts again empty.
const keyCacheMax = 10000

func (c *keyCache) get(id string) *org.AccessKey {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[id]
}

func (c *keyCache) put(k *org.AccessKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= keyCacheMax {
		c.m = make(map[string]*org.AccessKey)
	}
	c.m[k.AccessKeyID] = k
}

type keyHolder struct{ key *org.AccessKey }

type keyHolderCtx struct{}

func newAuthenticator(mode string, eng *engine.Engine, now func() time.Time) *authenticator {
	a := &authenticator{strict: mode == AuthStrict}
	a.verifier = &sigv4.Verifier{
		Now: now,
		// Lookup keeps the key it found in the request's holder, so that
		// the caller's account and principal need no second lookup.
		Lookup: func(ctx context.Context, id string) (sigv4.Key, error) {
			k := a.keys.get(id)
			if k == nil {
				var err error
				k, err = eng.LookupKey(ctx, id)
				if errors.Is(err, store.ErrNotFound) {
					return sigv4.Key{}, sigv4.ErrUnknownKey
				} else if err != nil {
					return sigv4.Key{}, err
				}
				a.keys.put(k)
			}
			if h, ok := ctx.Value(keyHolderCtx{}).(*keyHolder); ok {
				h.key = k
			}
			return sigv4.Key{Secret: k.SecretAccessKey, SessionToken: k.SessionToken, Expires: k.Expires.Time}, nil
		},
	}
	return a
}

// authenticate returns the caller of r, or writes the refusal and returns
// false. sts tells which protocol the refusal is written in.
func (a *authenticator) authenticate(w http.ResponseWriter, r *http.Request, sts bool) (org.Caller, bool) {
	if !a.strict {
		return devCallerOf(r), true
	}
	h := &keyHolder{}
	vr := r.WithContext(context.WithValue(r.Context(), keyHolderCtx{}, h))
	res, err := a.verifier.Verify(vr)
	// Verify read the body and left a replay of it on the request it was
	// given, a shallow copy of r.
	r.Body = vr.Body
	service := "organizations"
	if sts {
		service = "sts"
	}
	if err == nil && res.Credential.Service != service {
		err = sigv4.WrongService(service)
	}
	if err != nil {
		var se *sigv4.Error
		if !errors.As(err, &se) {
			// The key store failed: not the client's fault.
			se = nil
		}
		a.refuse(w, r, se, sts)
		return org.Caller{}, false
	}
	k := h.key
	region := res.Credential.Region
	if region == "" {
		region = org.DefaultRegion
	}
	return org.Caller{
		AccountID: k.AccountID, AccessKeyID: k.AccessKeyID, Principal: k.Principal,
		Region: region, Partition: org.PartitionForRegion(region), Verified: true,
	}, true
}

// refuse writes an authentication failure in the request's protocol; a nil
// se is a failure of the server.
func (a *authenticator) refuse(w http.ResponseWriter, r *http.Request, se *sigv4.Error, sts bool) {
	if sts {
		if se == nil {
			stsapi.WriteError(w, r, http.StatusInternalServerError, stsapi.CodeInternalFailure, "")
			return
		}
		wire := se.Wire(sigv4.Query)
		stsapi.WriteError(w, r, wire.Status, wire.Code, wire.Message)
		return
	}
	if se == nil {
		awsjson.WriteAuthError(w, http.StatusInternalServerError, string(org.ErrService), "An internal error occurred.")
		return
	}
	wire := se.Wire(sigv4.JSON)
	awsjson.WriteAuthError(w, wire.Status, wire.Code, wire.Message)
}

// devCallerOf returns the identity a development-mode request names: the
// access key and region of its Signature V4 credential, if it has one.
// The engine resolves the key to an account.
func devCallerOf(r *http.Request) org.Caller {
	c := org.Caller{Region: org.DefaultRegion}
	if cred, ok, _ := sigv4.CredentialOf(r); ok {
		c.AccessKeyID = cred.AccessKeyID
		if cred.Region != "" {
			c.Region = cred.Region
		}
	}
	c.Partition = org.PartitionForRegion(c.Region)
	return c
}
