// The public surface of src/core: everything outside src/core imports from here only.
export type * from './types.ts';
export type * from './catalogue/model.ts';
export { parseChallenges, parseAuthenticationInfo } from './parse.ts';
export type { FieldLines, ParseOptions } from './parse.ts';
export { codes } from './codes.ts';
export type { Code, CodeInfo } from './codes.ts';
export { formatChallenge, formatChallenges, formatParams, quote } from './format.ts';
export type { ChallengeLike } from './format.ts';
export { diagnose } from './diagnose.ts';
export type { ExchangeContext } from './diagnose.ts';
export { findParam, findScheme, isRegisteredScheme, schemes } from './catalogue/index.ts';
export { analyzeChallenges } from './analyze.ts';
export {
  checkExpectations,
  matchingRules,
  validateRules,
  EXPECTATIONS_VERSION,
} from './expectations.ts';
export type {
  ExpectationDiagnostic,
  ExpectationRule,
  ExpectationSubject,
  ParamExpectation,
  RuleError,
  RuleValidation,
} from './expectations.ts';
export { compileUrlPattern, matchUrlPattern, splitUrl } from './url-pattern.ts';
export type { UrlPattern, SplitUrl } from './url-pattern.ts';
export * from './discovery/index.ts';
// The "try credentials" calculator (issue 5) and the synchronous hashes and encodings behind it.
export {
  basicCredentials,
  digestChallengeParams,
  digestCredentials,
  findDigestAlgorithm,
  DIGEST_ALGORITHMS,
} from './credentials.ts';
export type {
  AuthorizationField,
  BasicOptions,
  CredentialNote,
  CredentialsBuilt,
  CredentialsRefused,
  CredentialsResult,
  CredentialStep,
  CredentialStepId,
  DigestAlgorithm,
  DigestChallengeParams,
  DigestInput,
  DigestQop,
  RandomSource,
} from './credentials.ts';
export { base64Encode, bytesToHex, hashHex, utf8Encode } from './hash/index.ts';
export type { HashName } from './hash/index.ts';
export {
  challengeSpanOf,
  nameSpanOf,
  paramSpanOf,
  schemeSpanOf,
  token68SpanOf,
  valueSpanOf,
} from './spans.ts';
