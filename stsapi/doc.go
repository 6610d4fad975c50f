// Package stsapi is Canopy's AWS STS front-end: it speaks the Query protocol
// that the AWS CLI, boto3 and the AWS SDKs use for STS (form-encoded
// parameters in a POST body or a GET query, Action=...&Version=2011-06-15,
// XML answers) and serves GetCallerIdentity and AssumeRole over a Backend.
//
// The package decodes and checks requests and writes answers; what the
// operations mean (who the caller is, whether a role may be assumed, which
// credentials to issue) is the Backend's. A Backend receives only inputs
// that satisfy every constraint of the STS service model.
//
// # The wire, as AWS STS answers
//
//   - Answers are text/xml, without an XML declaration, indented by two
//     spaces and ending in a newline, with the request id both in the
//     x-amzn-RequestId header and in the document. Elements come in the
//     order AWS writes them.
//   - The first value of a repeated parameter is the one that counts, and
//     parameters an operation does not know are ignored.
//   - An Action other than GetCallerIdentity and AssumeRole (including the
//     rest of STS, such as GetSessionToken), or a Version other than
//     2011-06-15, is InvalidAction (400) "Could not find operation ACTION for
//     version VERSION", where a missing Version reads NO_VERSION_SPECIFIED.
//     These errors, and MissingAction, are in the namespace of AWS's request
//     router, http://webservices.amazon.com/AWSFault/2005-15-09; all others
//     are in STS's.
//   - Constraint violations are one ValidationError (400) listing all of
//     them: "N validation error(s) detected: " then "Value 'V' at 'path'
//     failed to satisfy constraint: Member must ..." joined by "; ", in the
//     model's member order, a pattern before a length. A missing required
//     member is "Value null at 'roleArn' ... Member must not be null". Paths
//     are lowerCamelCase, list elements numbered from 1
//     (tags.1.member.key). Patterns are matched as Java's matches() does,
//     and lengths count code points.
//   - A RoleArn that passes the model's constraints but is no ARN is
//     ValidationError "VALUE is invalid".
//   - A DurationSeconds that is not an int32 (a sign and decimal digits) is
//     MalformedInput without a message; an empty one is MalformedInput
//     "missing value for decimal type".
//   - Errors a Backend returns as *Error are answered as they are; any
//     other error, and a panic, is InternalFailure (500, Receiver) with a
//     fixed message, and the details are logged under the request id.
//
// # Where Canopy answers differently from AWS
//
//   - A request without Action (or a POST whose body is not form-encoded)
//     is MissingAction (400) "Missing Action". AWS STS redirects such a
//     request to its documentation page (302), which means nothing on a
//     self-hosted endpoint.
//   - A body over MaxBodyBytes is RequestEntityTooLarge (413), as Canopy's
//     JSON front-end answers 413 too; a malformed encoding, a semicolon
//     separator or more than MaxParams parameters is InvalidQueryParameter
//     (400). AWS's answers to these are undocumented.
//   - When a list-level constraint fails (more than 50 tags, no or more
//     than 5 provided contexts) the list is shown as the AWS SDK for Java
//     renders one, [{Key: k,Value: v}, ...]; AWS's rendering is unrecorded.
package stsapi
