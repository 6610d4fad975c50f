// The AWS SDK for JavaScript v3 against a strict-mode Canopy: run by
// apitest/jssdk_test.go with ENDPOINT, ACCESS_KEY_ID, SECRET_ACCESS_KEY and
// ACCOUNT_ID (the management account-to-be) in the environment.
import {
  OrganizationsClient,
  CreateOrganizationCommand,
  ListRootsCommand,
  CreateOrganizationalUnitCommand,
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  CreatePolicyCommand,
  paginateListAccounts,
  DuplicateOrganizationalUnitException,
  MalformedPolicyDocumentException,
  AccessDeniedException,
} from "@aws-sdk/client-organizations";
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from "@aws-sdk/client-sts";

const { ENDPOINT, ACCESS_KEY_ID, SECRET_ACCESS_KEY, ACCOUNT_ID } = process.env;
const config = (credentials) => ({ region: "us-east-1", endpoint: ENDPOINT, credentials, maxAttempts: 1 });
const mgmt = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY };
const orgs = new OrganizationsClient(config(mgmt));
const sts = new STSClient(config(mgmt));

function check(cond, what) {
  if (!cond) {
    throw new Error("check failed: " + what);
  }
}

// expectError runs fn and checks it throws the modelled exception class.
async function expectError(fn, cls) {
  try {
    await fn();
  } catch (err) {
    check(err instanceof cls, `${err.name} (${err.message}) is a ${cls.name}`);
    check(err.$metadata.httpStatusCode === 400, `${err.name} has status 400, not ${err.$metadata.httpStatusCode}`);
    return err;
  }
  throw new Error(`no error, want ${cls.name}`);
}

const who = await sts.send(new GetCallerIdentityCommand({}));
check(who.Account === ACCOUNT_ID, `caller account ${who.Account}`);

const created = await orgs.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
check(created.Organization.MasterAccountId === ACCOUNT_ID, "management account");
check(created.Organization.FeatureSet === "ALL", "feature set");
const roots = await orgs.send(new ListRootsCommand({}));
const root = roots.Roots[0].Id;

await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: "Apps" }));
const dup = await expectError(
  () => orgs.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: "Apps" })),
  DuplicateOrganizationalUnitException,
);
check(dup.message.length > 0, "message of the duplicate");

const bad = await expectError(
  () =>
    orgs.send(
      new CreatePolicyCommand({ Name: "bad", Description: "", Type: "SERVICE_CONTROL_POLICY", Content: '{"Statement":' }),
    ),
  MalformedPolicyDocumentException,
);
check(bad.message.length > 0, "message of the malformed policy");

// Three accounts, created and awaited; then listed one per page.
const members = [];
for (const name of ["js-a", "js-b", "js-c"]) {
  const req = await orgs.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
  let status = req.CreateAccountStatus;
  for (let i = 0; status.State === "IN_PROGRESS" && i < 200; i++) {
    await new Promise((r) => setTimeout(r, 25));
    status = (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status.Id })))
      .CreateAccountStatus;
  }
  check(status.State === "SUCCEEDED", `${name}: ${status.State} ${status.FailureReason ?? ""}`);
  check(status.CompletedTimestamp instanceof Date, "CompletedTimestamp is a Date");
  members.push(status.AccountId);
}
const listed = [];
let pages = 0;
for await (const page of paginateListAccounts({ client: orgs, pageSize: 1 }, {})) {
  pages++;
  listed.push(...page.Accounts.map((a) => a.Id));
}
check(listed.length === 4 && pages >= 4, `paginated ${listed.length} accounts in ${pages} pages`);
for (const id of [ACCOUNT_ID, ...members]) {
  check(listed.includes(id), `${id} listed`);
}

// Into a member through the role CreateAccount made.
const assumed = await sts.send(
  new AssumeRoleCommand({
    RoleArn: `arn:aws:iam::${members[0]}:role/OrganizationAccountAccessRole`,
    RoleSessionName: "js-sdk",
  }),
);
const c = assumed.Credentials;
check(c.AccessKeyId.startsWith("ASIA") && c.Expiration instanceof Date, "temporary credentials");
const member = new OrganizationsClient(
  config({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }),
);
const seen = await member.send(new DescribeOrganizationCommand({}));
check(seen.Organization.Id === created.Organization.Id, "the member sees its organization");
await expectError(() => member.send(new ListAccountsCommand({})), AccessDeniedException);

console.log("javascript sdk: ok");
