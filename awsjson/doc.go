// Package awsjson is Canopy's AWS JSON 1.1 front-end: it speaks the wire
// protocol the unmodified AWS CLI, boto3 and the AWS SDKs use for AWS
// Organizations (POST /, X-Amz-Target: AWSOrganizationsV20161128.<Operation>,
// Content-Type: application/x-amz-json-1.1), and validates every request
// against the AWS service model before the engine sees it.
//
// # The model is the contract
//
// The botocore service model (model/service-2.json.gz, embedded; see
// model/README.md) is parsed once, on first use, into compiled validators,
// one per operation. Nothing about the shapes is written by hand, so a model
// update is a file copy plus a test run. Operation.Decode checks a body
// against its operation's input shape and then hands it to encoding/json;
// Bind wraps an engine function into an Op that does both; NewHandler
// dispatches requests to Ops and writes answers and errors the way AWS
// does.
//
// # Choices where AWS's behaviour is not fully documented
//
//   - Errors are answered in AWS's order: malformed JSON, then a JSON type that
//     does not fit the model (SerializationException), then the first
//     constraint violation in the model's member order (InvalidInputException
//     with the reason AWS Organizations uses). AWS may list several
//     violations; Canopy reports one, deterministically.
//   - Validation messages begin with the sentence AWS Organizations answers
//     for the reason ("You provided a value that does not match the required
//     pattern.") and go on in the style of AWS's Java front-end: "Value at
//     'tags.1.member.key' failed to satisfy constraint: Member must have length
//     less than or equal to 128". Values themselves are never quoted (several
//     are sensitive, such as Email), only member paths.
//   - String lengths count Unicode code points, as the Smithy specification
//     defines the length trait ("Unicode scalar values"). Java's
//     String.length() would count a character outside the Basic Multilingual
//     Plane, such as an emoji, as two; for every other character the counts
//     agree.
//   - Patterns are matched against the whole value (Java's
//     Matcher.matches()), after translating Java regex syntax to RE2; see
//     regex.go.
//   - JSON null is an absent member; a null element of a list is
//     INVALID_LIST_MEMBER. Members the model does not know are ignored, and
//     never reach the operation's Go type.
//   - A body over MaxBodyBytes is answered 413, a method other than POST 405;
//     every other error's status comes from one table (HTTPStatus): 400 for
//     client errors, 500 for ServiceException.
//   - Any error that is not an *org.Error with a known code, and any panic in
//     an operation, is answered ServiceException "An internal error occurred"
//     and logged with the request id; nothing of it reaches the client.
package awsjson
