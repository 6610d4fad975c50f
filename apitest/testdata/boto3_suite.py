"""A boto3 test suite in the style of moto's TEST_SERVER_MODE tests, run
against Canopy.

Usage: python3 boto3_suite.py URL [TEST_NAME ...]

Each test_* function gets a fresh server: the suite POSTs URL/moto-api/reset
before it, as moto's server mode does. The suite needs only boto3 (no
pytest); it prints one line per test and exits 1 if any failed, 0 otherwise.
"""

import json
import sys
import time
import traceback
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

URL = None
MGMT = "111111111111"
MEMBER_KEY = "222222222222"

SCP = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}],
    }
)


def client(account=MGMT, region="us-east-1"):
    # Canopy's development mode acts as the account whose 12-digit ID is the
    # access key (moto_server 5.2.1 acted as 123456789012 for every key here).
    return boto3.client(
        "organizations",
        region_name=region,
        endpoint_url=URL,
        aws_access_key_id=account,
        aws_secret_access_key="testing",
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


def reset():
    req = urllib.request.Request(URL + "/moto-api/reset", data=b"", method="POST")
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 200, resp.status


class raises:
    """pytest.raises(ClientError) with the error code checked."""

    def __init__(self, code):
        self.code = code
        self.err = None

    def __enter__(self):
        return self

    def __exit__(self, typ, val, tb):
        if typ is None:
            raise AssertionError(f"got no error, want {self.code}")
        if not issubclass(typ, ClientError):
            return False
        got = val.response["Error"]["Code"]
        assert got == self.code, f"got {got}, want {self.code}: {val}"
        self.err = val
        return True


def create_account(c, name):
    status = c.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]
    # AWS answers IN_PROGRESS and completes the request later; moto answers
    # SUCCEEDED at once. Canopy follows AWS, so poll as real code must.
    assert status["State"] == "IN_PROGRESS", status
    deadline = time.time() + 20
    while True:
        status = c.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"]
        if status["State"] == "SUCCEEDED":
            return status["AccountId"]
        assert status["State"] == "IN_PROGRESS", status
        assert time.time() < deadline, "create account still IN_PROGRESS"
        time.sleep(0.01)


def root_id(c):
    return c.list_roots()["Roots"][0]["Id"]


def paginate(c, op, key, **kwargs):
    out = []
    for page in c.get_paginator(op).paginate(**kwargs):
        out.extend(page[key])
    return out


# --- tests ---------------------------------------------------------------


def test_create_organization():
    c = client()
    org = c.create_organization(FeatureSet="ALL")["Organization"]
    assert org["Id"].startswith("o-"), org
    assert org["MasterAccountId"] == MGMT, org
    assert org["Arn"] == f"arn:aws:organizations::{MGMT}:organization/{org['Id']}", org
    assert org["FeatureSet"] == "ALL"
    described = c.describe_organization()["Organization"]
    assert described["Id"] == org["Id"], described
    with raises("AlreadyInOrganizationException"):
        c.create_organization()


def test_describe_organization_without_one():
    with raises("AWSOrganizationsNotInUseException"):
        client().describe_organization()


def test_create_accounts_and_paginators():
    c = client()
    c.create_organization(FeatureSet="ALL")
    created = [create_account(c, f"acct{i}") for i in range(7)]
    accounts = paginate(c, "list_accounts", "Accounts", PaginationConfig={"PageSize": 2})
    ids = [a["Id"] for a in accounts]
    assert len(ids) == len(set(ids)) == 8, ids
    assert set(ids) == set(created) | {MGMT}, ids
    for a in accounts:
        assert a["Status"] == "ACTIVE", a
        assert hasattr(a["JoinedTimestamp"], "year"), a  # botocore parsed a timestamp
    under_root = paginate(c, "list_accounts_for_parent", "Accounts", ParentId=root_id(c), PaginationConfig={"PageSize": 3})
    assert {a["Id"] for a in under_root} == set(ids)
    children = paginate(
        c, "list_children", "Children", ParentId=root_id(c), ChildType="ACCOUNT", PaginationConfig={"PageSize": 1}
    )
    assert {ch["Id"] for ch in children} == set(ids)
    statuses = paginate(c, "list_create_account_status", "CreateAccountStatuses", States=["SUCCEEDED"], PaginationConfig={"PageSize": 2})
    assert {s["AccountId"] for s in statuses} == set(created), statuses
    # MaxItems stops early and hands back a token to resume from.
    pages = c.get_paginator("list_accounts").paginate(PaginationConfig={"PageSize": 2, "MaxItems": 3})
    first = pages.build_full_result()
    assert len(first["Accounts"]) == 3 and "NextToken" in first, first
    rest = c.get_paginator("list_accounts").paginate(PaginationConfig={"PageSize": 2, "StartingToken": first["NextToken"]})
    rest = rest.build_full_result()["Accounts"]
    assert sorted(a["Id"] for a in first["Accounts"] + rest) == sorted(ids)


def test_organizational_units():
    c = client()
    c.create_organization(FeatureSet="ALL")
    root = root_id(c)
    prod = c.create_organizational_unit(ParentId=root, Name="Prod")["OrganizationalUnit"]
    assert prod["Id"].startswith("ou-") and prod["Name"] == "Prod", prod
    web = c.create_organizational_unit(ParentId=prod["Id"], Name="Web")["OrganizationalUnit"]
    ous = paginate(c, "list_organizational_units_for_parent", "OrganizationalUnits", ParentId=root)
    assert [o["Id"] for o in ous] == [prod["Id"]], ous
    acct = create_account(c, "mover")
    c.move_account(AccountId=acct, SourceParentId=root, DestinationParentId=web["Id"])
    parents = c.list_parents(ChildId=acct)["Parents"]
    assert parents == [{"Id": web["Id"], "Type": "ORGANIZATIONAL_UNIT"}], parents
    with raises("DuplicateOrganizationalUnitException"):
        c.create_organizational_unit(ParentId=root, Name="Prod")
    with raises("OrganizationalUnitNotEmptyException"):
        c.delete_organizational_unit(OrganizationalUnitId=prod["Id"])
    c.update_organizational_unit(OrganizationalUnitId=web["Id"], Name="Frontend")
    assert c.describe_organizational_unit(OrganizationalUnitId=web["Id"])["OrganizationalUnit"]["Name"] == "Frontend"


def test_policies():
    c = client()
    c.create_organization(FeatureSet="ALL")
    root = root_id(c)
    c.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    ou = c.create_organizational_unit(ParentId=root, Name="Prod")["OrganizationalUnit"]["Id"]
    policy = c.create_policy(Content=SCP, Description="no leaving", Name="deny-leave", Type="SERVICE_CONTROL_POLICY")["Policy"]
    pid = policy["PolicySummary"]["Id"]
    assert pid.startswith("p-"), policy
    assert json.loads(policy["Content"]) == json.loads(SCP)
    c.attach_policy(PolicyId=pid, TargetId=ou)
    # AWS refuses a second attachment (moto 5 accepts it silently).
    with raises("DuplicatePolicyAttachmentException"):
        c.attach_policy(PolicyId=pid, TargetId=ou)
    on_ou = paginate(c, "list_policies_for_target", "Policies", TargetId=ou, Filter="SERVICE_CONTROL_POLICY")
    assert pid in [p["Id"] for p in on_ou], on_ou
    targets = paginate(c, "list_targets_for_policy", "Targets", PolicyId=pid)
    assert [t["TargetId"] for t in targets] == [ou], targets
    listed = paginate(c, "list_policies", "Policies", Filter="SERVICE_CONTROL_POLICY", PaginationConfig={"PageSize": 1})
    assert {"p-FullAWSAccess", pid} <= {p["Id"] for p in listed}, listed
    updated = c.update_policy(PolicyId=pid, Name="deny-leave-v2")["Policy"]
    assert updated["PolicySummary"]["Name"] == "deny-leave-v2", updated
    with raises("PolicyInUseException"):
        c.delete_policy(PolicyId=pid)
    c.detach_policy(PolicyId=pid, TargetId=ou)
    c.delete_policy(PolicyId=pid)
    with raises("PolicyNotFoundException"):
        c.describe_policy(PolicyId=pid)


def test_tags():
    c = client()
    c.create_organization(FeatureSet="ALL")
    acct = create_account(c, "tagged")
    c.tag_resource(ResourceId=acct, Tags=[{"Key": "team", "Value": "blue"}, {"Key": "env", "Value": "prod"}])
    tags = paginate(c, "list_tags_for_resource", "Tags", ResourceId=acct)
    assert sorted((t["Key"], t["Value"]) for t in tags) == [("env", "prod"), ("team", "blue")], tags
    c.untag_resource(ResourceId=acct, TagKeys=["env"])
    assert c.list_tags_for_resource(ResourceId=acct)["Tags"] == [{"Key": "team", "Value": "blue"}]
    # Tags given at creation land on the new account.
    status = c.create_account(AccountName="born", Email="born@example.com", Tags=[{"Key": "k", "Value": "v"}])
    deadline = time.time() + 20
    while status["CreateAccountStatus"]["State"] == "IN_PROGRESS":
        assert time.time() < deadline
        time.sleep(0.01)
        status = c.describe_create_account_status(CreateAccountRequestId=status["CreateAccountStatus"]["Id"])
    born = status["CreateAccountStatus"]["AccountId"]
    assert c.list_tags_for_resource(ResourceId=born)["Tags"] == [{"Key": "k", "Value": "v"}]


def test_service_access_and_delegated_admins():
    c = client()
    c.create_organization(FeatureSet="ALL")
    admin = create_account(c, "admin")
    c.enable_aws_service_access(ServicePrincipal="guardduty.amazonaws.com")
    enabled = c.list_aws_service_access_for_organization()["EnabledServicePrincipals"]
    assert [e["ServicePrincipal"] for e in enabled] == ["guardduty.amazonaws.com"], enabled
    c.register_delegated_administrator(AccountId=admin, ServicePrincipal="guardduty.amazonaws.com")
    admins = paginate(c, "list_delegated_administrators", "DelegatedAdministrators")
    assert [a["Id"] for a in admins] == [admin], admins
    services = paginate(c, "list_delegated_services_for_account", "DelegatedServices", AccountId=admin)
    assert [s["ServicePrincipal"] for s in services] == ["guardduty.amazonaws.com"], services
    # The delegated administrator can read the organization but not change it.
    as_admin = client(admin)
    assert len(as_admin.list_accounts()["Accounts"]) == 2
    with raises("AccessDeniedException"):
        as_admin.create_organizational_unit(ParentId=root_id(c), Name="nope")
    with raises("AccountAlreadyRegisteredException"):
        c.register_delegated_administrator(AccountId=admin, ServicePrincipal="guardduty.amazonaws.com")
    c.deregister_delegated_administrator(AccountId=admin, ServicePrincipal="guardduty.amazonaws.com")
    with raises("AccessDeniedException"):
        as_admin.list_accounts()


def test_errors():
    c = client()
    c.create_organization(FeatureSet="ALL")
    with raises("AccountNotFoundException") as r:
        c.describe_account(AccountId="999999999999")
    assert r.err.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert r.err.response["ResponseMetadata"]["RequestId"], r.err.response
    # The modeled exception classes match too.
    try:
        c.describe_account(AccountId="999999999999")
        raise AssertionError("got no error")
    except c.exceptions.AccountNotFoundException:
        pass
    with raises("InvalidInputException") as r:
        c.enable_aws_service_access(ServicePrincipal="not-a-service")
    # AWS sends the Reason member of InvalidInputException (moto omits it).
    assert r.err.response.get("Reason") == "UNRECOGNIZED_SERVICE_PRINCIPAL", r.err.response
    with raises("ConstraintViolationException") as r:
        c.close_account(AccountId=MGMT)
    assert r.err.response.get("Reason") == "CANNOT_CLOSE_MANAGEMENT_ACCOUNT", r.err.response
    # A member account cannot list accounts; an outsider is in no organization.
    member = create_account(c, "member")
    with raises("AccessDeniedException"):
        client(member).list_accounts()
    assert client(member).describe_organization()["Organization"]["MasterAccountId"] == MGMT
    with raises("AWSOrganizationsNotInUseException"):
        client(MEMBER_KEY).list_accounts()


def test_reset_wipes_everything():
    c = client()
    c.create_organization(FeatureSet="ALL")
    create_account(c, "gone")
    reset()
    with raises("AWSOrganizationsNotInUseException"):
        c.describe_organization()
    c.create_organization(FeatureSet="ALL")
    assert [a["Id"] for a in c.list_accounts()["Accounts"]] == [MGMT]


def test_china_partition():
    c = client(region="cn-north-1")
    org = c.create_organization(FeatureSet="ALL")["Organization"]
    assert org["Arn"].startswith("arn:aws-cn:organizations::"), org


def main(argv):
    global URL
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    URL = argv[1].rstrip("/")
    names = argv[2:] or sorted(n for n in globals() if n.startswith("test_"))
    failed = []
    for name in names:
        fn = globals()[name]
        reset()
        start = time.time()
        try:
            fn()
        except Exception:
            failed.append(name)
            print(f"FAIL {name} ({time.time() - start:.2f}s)")
            traceback.print_exc(file=sys.stdout)
        else:
            print(f"ok   {name} ({time.time() - start:.2f}s)")
    print(f"{len(names) - len(failed)} passed, {len(failed)} failed (boto3 {boto3.__version__})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
