package saml_test

import (
	"context"
	"crypto"
	"crypto/tls"
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/hcpartner/partner-sdk-go/auth/saml"
)

func ExampleLoginURL() {
	u, err := saml.LoginURL(saml.LoginRequest{
		Site:         saml.SiteChina,
		XAccountType: "ZXT", // from Partner Center, Support > Open APIs > Configure
		FirstLogin:   true,  // the customer has no bound Huawei Cloud account yet
		Service:      "https://console.huaweicloud.com/iam/",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u)
	// Output: https://auth.huaweicloud.com/authui/saml/login?xAccountType=ZXT&isFirstLogin=true&service=https%3A%2F%2Fconsole.huaweicloud.com%2Fiam%2F
}

// A partner platform serves its SingleSignOnService and its notification URL.
func ExampleNewIdP() {
	sp, err := saml.LoadSPMetadataFile("huawei-sp-metadata.xml") // saved from Partner Center
	if err != nil {
		log.Fatal(err)
	}
	pair, err := tls.LoadX509KeyPair("idp-cert.pem", "idp-key.pem") // the platform's signing key
	if err != nil {
		log.Fatal(err)
	}
	signer, ok := pair.PrivateKey.(crypto.Signer)
	if !ok {
		log.Fatal("the key cannot sign")
	}
	idp, err := saml.NewIdP(saml.IdPConfig{
		EntityID:    "https://www.example.com",
		SSOURL:      "https://www.example.com/saml/login",
		Key:         signer,
		Certificate: pair.Leaf, // filled in by LoadX509KeyPair since Go 1.23
		SP:          sp,
		Customer: func(w http.ResponseWriter, r *http.Request, req *saml.AuthnRequest) (*saml.Customer, error) {
			user, ok := currentUser(r) // the platform's own session lookup
			if !ok {
				http.Redirect(w, r, "/login?next="+r.URL.RequestURI(), http.StatusFound)
				return nil, saml.ErrHandled
			}
			return &saml.Customer{XAccountID: user.ID, Name: user.Name, Email: user.Email}, nil
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	// Upload this file in Partner Center once.
	md, err := idp.Metadata()
	if err != nil {
		log.Fatal(err)
	}
	_ = os.WriteFile("idp-metadata.xml", md, 0o644)

	bind, err := saml.NewBindHandler(saml.BindHandlerConfig{
		SP: sp,
		Handle: func(w http.ResponseWriter, r *http.Request, n *saml.BindNotification) error {
			// n.DomainID is the customer_id for later Partner Center API calls.
			if err := storeBinding(r.Context(), n); err != nil {
				return err
			}
			http.Redirect(w, r, "/account?bound="+string(n.Action), http.StatusSeeOther)
			return nil
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	http.Handle("/saml/login", idp)
	http.Handle("/saml/bind", bind)
}

type platformUser struct{ ID, Name, Email string }

// currentUser stands for the platform's session lookup.
func currentUser(r *http.Request) (platformUser, bool) {
	c, err := r.Cookie("session")
	if err != nil {
		return platformUser{}, false
	}
	return platformUser{ID: c.Value}, true
}

// storeBinding stands for the platform's database write.
func storeBinding(ctx context.Context, n *saml.BindNotification) error { return ctx.Err() }
