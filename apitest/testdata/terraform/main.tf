# An organization as Terraform users describe it, applied to Canopy by
# terraform_test.go: the calls the AWS provider makes are in
# shared/spec/aws-notes.md, section 3.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

variable "endpoint" { type = string }
variable "access_key" { type = string }
variable "secret_key" { type = string }

provider "aws" {
  region                      = "us-east-1"
  access_key                  = var.access_key
  secret_key                  = var.secret_key
  skip_metadata_api_check     = true
  skip_region_validation      = true
  skip_credentials_validation = false
  skip_requesting_account_id  = false
  endpoints {
    organizations = var.endpoint
    sts           = var.endpoint
  }
}

resource "aws_organizations_organization" "org" {
  feature_set                   = "ALL"
  aws_service_access_principals = ["cloudtrail.amazonaws.com", "config.amazonaws.com"]
  enabled_policy_types          = ["SERVICE_CONTROL_POLICY", "TAG_POLICY"]
}

resource "aws_organizations_organizational_unit" "prod" {
  name      = "Prod"
  parent_id = aws_organizations_organization.org.roots[0].id
  tags      = { team = "platform" }
}

resource "aws_organizations_organizational_unit" "web" {
  name      = "Web"
  parent_id = aws_organizations_organizational_unit.prod.id
}

# Destroying it removes it from the organization. (With close_on_deletion
# it would stay SUSPENDED in its OU, as in AWS, and the OU could not be
# deleted.)
resource "aws_organizations_account" "workload" {
  name      = "workload"
  email     = "workload@example.com"
  parent_id = aws_organizations_organizational_unit.web.id
  tags      = { env = "prod" }
}

resource "aws_organizations_policy" "deny_leave" {
  name        = "deny-leave"
  description = "Accounts stay in the organization"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "DenyLeave", Effect = "Deny", Action = "organizations:LeaveOrganization", Resource = "*" }]
  })
  tags       = { owner = "security" }
  depends_on = [aws_organizations_organization.org]
}

resource "aws_organizations_policy_attachment" "deny_leave" {
  policy_id = aws_organizations_policy.deny_leave.id
  target_id = aws_organizations_organizational_unit.prod.id
}

resource "aws_organizations_policy" "cost_center" {
  name       = "cost-center"
  type       = "TAG_POLICY"
  content    = jsonencode({ tags = { costcenter = { tag_key = { "@@assign" = "CostCenter" } } } })
  depends_on = [aws_organizations_organization.org]
}

resource "aws_organizations_policy_attachment" "cost_center" {
  policy_id = aws_organizations_policy.cost_center.id
  target_id = aws_organizations_organization.org.roots[0].id
}

resource "aws_organizations_delegated_administrator" "config" {
  account_id        = aws_organizations_account.workload.id
  service_principal = "config.amazonaws.com"
}

resource "aws_organizations_resource_policy" "delegation" {
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DelegateDescribe"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${aws_organizations_account.workload.id}:root" }
      Action    = ["organizations:DescribePolicy", "organizations:ListPolicies"]
      Resource  = "*"
    }]
  })
}

data "aws_organizations_organization" "current" {
  depends_on = [aws_organizations_account.workload]
}

data "aws_organizations_organizational_unit_descendant_accounts" "prod" {
  parent_id  = aws_organizations_organizational_unit.prod.id
  depends_on = [aws_organizations_account.workload]
}

output "account_id" { value = aws_organizations_account.workload.id }
output "accounts" { value = length(data.aws_organizations_organization.current.accounts) }
output "prod_accounts" { value = length(data.aws_organizations_organizational_unit_descendant_accounts.prod.accounts) }
output "master_account_id" { value = aws_organizations_organization.org.master_account_id }
