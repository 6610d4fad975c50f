package apitest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

func TestOrganizationLifecycle(t *testing.T) {
	t.Parallel()
	e := start(t)
	c := e.client(mgmtID)
	_, err := c.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	wantErr(t, err, "AWSOrganizationsNotInUseException", "")

	o := e.newOrg(t)
	if got := *o.org.MasterAccountId; got != mgmtID {
		t.Errorf("got management account %s, want %s", got, mgmtID)
	}
	d, err := c.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	noErr(t, err)
	if *d.Organization.Id != *o.org.Id || d.Organization.FeatureSet != types.OrganizationFeatureSetAll {
		t.Errorf("got %+v, want org %s with ALL", d.Organization, *o.org.Id)
	}
	_, err = c.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{})
	wantErr(t, err, "AlreadyInOrganizationException", "")

	ou := o.createOU(t, o.rootID, "Prod")
	acct := o.createAccount(t, "alpha")
	_, err = c.MoveAccount(ctx(t), &organizations.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(o.rootID), DestinationParentId: aws.String(ou)})
	noErr(t, err)
	a, err := c.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String(acct)})
	noErr(t, err)
	wantPath := *o.org.Id + "/" + o.rootID + "/" + ou + "/" + acct + "/"
	if len(a.Account.Paths) != 1 || a.Account.Paths[0] != wantPath {
		t.Errorf("got paths %v, want [%s]", a.Account.Paths, wantPath)
	}
	_, err = c.DeleteOrganization(ctx(t), &organizations.DeleteOrganizationInput{})
	wantErr(t, err, "OrganizationNotEmptyException", "")
	_, err = c.RemoveAccountFromOrganization(ctx(t), &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(acct)})
	noErr(t, err)
	_, err = c.DeleteOrganization(ctx(t), &organizations.DeleteOrganizationInput{})
	noErr(t, err)
	_, err = c.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	wantErr(t, err, "AWSOrganizationsNotInUseException", "")
}
