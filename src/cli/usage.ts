// The --help text: every command and flag, and what the exit status means.

export const usage = `authlens: check how servers challenge for HTTP authentication (RFC 9110 §11)

Usage:
  authlens check <url>... [options]     request each URL without credentials and diagnose its challenges
  authlens check --har <file> [options] the same, offline, on a HAR file (e.g. exported from DevTools)
  authlens parse <header value>...      parse and diagnose WWW-Authenticate values given as arguments
  authlens help | --help | --version

check options:
  --expect <rules.json>   check each response against expectation rules (see src/cli/README.md)
  --header 'Name: value'  send this header too (repeatable); an Authorization header means the
                          request carries credentials
  --follow-metadata       follow a Bearer or DPoP challenge's discovery chain and check it: the
                          resource metadata (RFC 9728), then each authorization server's (RFC 8414,
                          OpenID Connect); https only, at most 8 requests, no credentials
  --timeout <ms>          per request (default 10000)
  --har <file>            also check the exchanges recorded in a HAR file
  --json                  print the report as JSON (stable shape, "version": 1)
  --fail-on error|warning exit 1 on errors only (default), or on warnings too

parse options:
  --status <code>         diagnose as if the response had this status
  --url <url>             diagnose as if the response came from this URL
  --json, --fail-on       as for check

Exit status: 0 no diagnostic at the --fail-on level, 1 at least one, 2 usage or network error.
`;
