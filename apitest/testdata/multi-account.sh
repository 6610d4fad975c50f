#!/usr/bin/env bash
# The multi-account flow with the AWS CLI and named profiles, against a
# Canopy in strict mode. cli_strict_test.go runs it with:
#   CANOPY   the canopy binary        DATA      the server's data directory
#   ENDPOINT the server's URL          HOME      an empty directory
# It creates two accounts with `canopy accounts create` while the server
# runs, writes ~/.aws/credentials and ~/.aws/config (a role profile with
# role_arn and source_profile), and walks the README's walkthrough.
set -euo pipefail

fail() { echo "FAIL: $*" >&2; exit 1; }
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# expect_error CODE COMMAND...: the command fails with that AWS error code.
expect_error() {
  local code=$1; shift
  local out
  if out=$("$@" 2>&1); then fail "$* succeeded, want $code"; fi
  grep -q "($code)" <<<"$out" || fail "$*: got $out, want $code"
}

mgmt=$("$CANOPY" accounts create --data "$DATA" --email admin@example.com --name Management)
invitee=$("$CANOPY" accounts create --data "$DATA" --email dev@example.com --name Development)
mgmt_id=$(field AccountId <<<"$mgmt")
invitee_id=$(field AccountId <<<"$invitee")

mkdir -p "$HOME/.aws"
cat > "$HOME/.aws/credentials" <<EOF
[management]
aws_access_key_id = $(field AccessKeyId <<<"$mgmt")
aws_secret_access_key = $(field SecretAccessKey <<<"$mgmt")

[development]
aws_access_key_id = $(field AccessKeyId <<<"$invitee")
aws_secret_access_key = $(field SecretAccessKey <<<"$invitee")
EOF
cat > "$HOME/.aws/config" <<EOF
[default]
region = us-east-1
output = json
EOF
export AWS_ENDPOINT_URL=$ENDPOINT AWS_DEFAULT_REGION=us-east-1 AWS_PAGER= AWS_MAX_ATTEMPTS=1

mgr=(aws --profile management)
dev=(aws --profile development)

[ "$("${mgr[@]}" sts get-caller-identity --query Account --output text)" = "$mgmt_id" ] || fail "management identity"
"${mgr[@]}" organizations create-organization >/dev/null

# Invite the standalone account; it answers with its own keys.
hs=$("${mgr[@]}" organizations invite-account-to-organization \
  --target "Id=$invitee_id,Type=ACCOUNT" --notes "Join us" --query Handshake.Id --output text)
expect_error AccessDeniedException "${dev[@]}" organizations cancel-handshake --handshake-id "$hs"
expect_error AccessDeniedException "${mgr[@]}" organizations accept-handshake --handshake-id "$hs"
[ "$("${dev[@]}" organizations list-handshakes-for-account --query 'Handshakes[0].Id' --output text)" = "$hs" ] || fail "invitee's handshakes"
"${dev[@]}" organizations accept-handshake --handshake-id "$hs" >/dev/null
[ "$("${mgr[@]}" organizations describe-account --account-id "$invitee_id" --query Account.JoinedMethod --output text)" = INVITED ] || fail "joined"
expect_error AccessDeniedException "${dev[@]}" organizations list-accounts

# Create an account and reach it through its OrganizationAccountAccessRole.
req=$("${mgr[@]}" organizations create-account --email workload@example.com --account-name Workload \
  --query CreateAccountStatus.Id --output text)
for _ in $(seq 100); do
  state=$("${mgr[@]}" organizations describe-create-account-status --create-account-request-id "$req" \
    --query CreateAccountStatus.State --output text)
  [ "$state" != IN_PROGRESS ] && break
  sleep 0.1
done
[ "$state" = SUCCEEDED ] || fail "create account: $state"
member_id=$("${mgr[@]}" organizations describe-create-account-status --create-account-request-id "$req" \
  --query CreateAccountStatus.AccountId --output text)
cat >> "$HOME/.aws/config" <<EOF

[profile workload]
role_arn = arn:aws:iam::$member_id:role/OrganizationAccountAccessRole
source_profile = management
role_session_name = operator
EOF
wl=(aws --profile workload)
arn=$("${wl[@]}" sts get-caller-identity --query Arn --output text)
[ "$arn" = "arn:aws:sts::$member_id:assumed-role/OrganizationAccountAccessRole/operator" ] || fail "assumed role: $arn"
expect_error AccessDeniedException "${wl[@]}" organizations list-accounts
"${wl[@]}" organizations leave-organization
expect_error AccountNotFoundException "${mgr[@]}" organizations describe-account --account-id "$member_id"
expect_error MasterCannotLeaveOrganizationException "${mgr[@]}" organizations leave-organization
echo "multi-account flow: ok"
