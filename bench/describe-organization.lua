-- wrk script: DescribeOrganization as the AWS SDKs send it, signed (in form)
-- for account 111111111111. Canopy's development mode and moto_server both
-- take the account from the credential's access key ID.
wrk.method = "POST"
wrk.path = "/"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
wrk.headers["X-Amz-Target"] = "AWSOrganizationsV20161128.DescribeOrganization"
wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/organizations/aws4_request, SignedHeaders=content-type;host;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000"
